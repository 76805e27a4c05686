/**
 * Optimizers. Their parameters are a run-time input, not configuration: `runtime: ['params']`
 * makes a config hold the optimizer as a partial (`{"target": "optim:Adam", "lr": 0.01}`) that the
 * training code calls with `model.params()`, and `asdict(optimizer)` leaves the arrays out again.
 *
 * What an optimizer has learned while training (Adam's moments and step count, SGD's velocity) is
 * state, not configuration: `state()` and `load()` carry it through a checkpoint, next to
 * `asdict(optimizer)`, which says how to construct the optimizer it belongs to.
 */
import { configurable } from 'config-spec';
import { RunError } from './errors.js';
import type { Param } from './mlp.js';

/** An optimizer's training state as plain JSON: arrays shaped like the parameters, and counters. */
export type OptimizerState = Record<string, number | number[][]>;

export interface Optimizer {
  readonly lr: number;
  /** One update from the current gradients, at `lr * factor` (the schedule's factor). */
  step(factor: number): void;
  /** A copy of the training state. */
  state(): OptimizerState;
  /** Restores a state from `state()`; throws RunError when it does not fit these parameters. */
  load(state: OptimizerState): void;
}

@configurable({ namespace: 'optim', name: 'SGD', runtime: ['params'] })
export class SGD implements Optimizer {
  readonly #velocity: number[][];
  constructor(
    readonly params: Param[],
    readonly lr = 0.1,
    readonly momentum = 0.9,
  ) {
    this.#velocity = params.map((p) => p.value.map(() => 0));
  }

  step(factor: number): void {
    this.params.forEach((p, k) => {
      const v = this.#velocity[k]!;
      p.value.forEach((_, i) => {
        v[i] = this.momentum * v[i]! + p.grad[i]!;
        p.value[i]! -= this.lr * factor * v[i];
      });
    });
  }

  state(): OptimizerState {
    return { velocity: copy(this.#velocity) };
  }

  load(state: OptimizerState): void {
    const velocity = checked(this.#velocity, state.velocity, 'velocity');
    copyInto(this.#velocity, velocity);
  }
}

@configurable({ namespace: 'optim', name: 'Adam', runtime: ['params'] })
export class Adam implements Optimizer {
  readonly #m: number[][];
  readonly #v: number[][];
  #t = 0;
  constructor(
    readonly params: Param[],
    readonly lr = 0.01,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    this.#m = params.map((p) => p.value.map(() => 0));
    this.#v = params.map((p) => p.value.map(() => 0));
  }

  step(factor: number): void {
    this.#t += 1;
    const c1 = 1 - this.beta1 ** this.#t; // bias corrections for the zero-initialised moments
    const c2 = 1 - this.beta2 ** this.#t;
    this.params.forEach((p, k) => {
      const m = this.#m[k]!;
      const v = this.#v[k]!;
      p.value.forEach((_, i) => {
        const g = p.grad[i]!;
        m[i] = this.beta1 * m[i]! + (1 - this.beta1) * g;
        v[i] = this.beta2 * v[i]! + (1 - this.beta2) * g * g;
        p.value[i]! -= (this.lr * factor * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + this.eps);
      });
    });
  }

  state(): OptimizerState {
    return { t: this.#t, m: copy(this.#m), v: copy(this.#v) };
  }

  load(state: OptimizerState): void {
    const t = state.t;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0) throw new RunError('optimizer state: t must be a step count');
    // Check everything before changing anything: a state that does not fit leaves the optimizer as it was.
    const [m, v] = [checked(this.#m, state.m, 'm'), checked(this.#v, state.v, 'v')];
    copyInto(this.#m, m);
    copyInto(this.#v, v);
    this.#t = t;
  }
}

function copy(arrays: readonly (readonly number[])[]): number[][] {
  return arrays.map((a) => [...a]);
}

/** The saved arrays, after checking they have the shape of `like` and hold finite numbers. */
function checked(like: readonly (readonly number[])[], saved: OptimizerState[string] | undefined, name: string): number[][] {
  const fits =
    Array.isArray(saved) &&
    saved.length === like.length &&
    saved.every((a, k) => Array.isArray(a) && a.length === like[k]!.length && a.every((x) => Number.isFinite(x)));
  if (!fits) {
    const shape = like.map((a) => a.length).join(', ');
    throw new RunError(`optimizer state: ${name} does not fit the parameters (${like.length} arrays of ${shape} numbers)`);
  }
  return saved;
}

function copyInto(into: number[][], from: readonly (readonly number[])[]): void {
  from.forEach((a, k) => into[k]!.splice(0, a.length, ...a));
}
