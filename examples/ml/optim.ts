/**
 * Optimizers. Their parameters are a run-time input, not configuration: `runtime: ['params']`
 * makes a config hold the optimizer as a partial (`{"target": "optim:Adam", "lr": 0.01}`) that the
 * training code calls with `model.params()`, and `asdict(optimizer)` leaves the arrays out again.
 */
import { configurable } from 'config-spec';
import type { Param } from './mlp.js';

export interface Optimizer {
  readonly lr: number;
  /** One update from the current gradients, at `lr * factor` (the schedule's factor). */
  step(factor: number): void;
}

@configurable({ namespace: 'optim', runtime: ['params'] })
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
}

@configurable({ namespace: 'optim', runtime: ['params'] })
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
}
