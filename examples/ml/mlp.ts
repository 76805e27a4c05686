/**
 * A tiny multi-layer perceptron on plain number arrays, with backprop by hand. `MLP` is
 * `@configurable`, so every instance remembers its constructor arguments: `asdict(model)` is the
 * architecture, and the trained weights are saved apart (`state()` / `load()`): they are state, not
 * configuration.
 */
import { configurable } from 'config-spec';
import { tanh, type Activation } from './activations.js';
import { RunError } from './errors.js';
import { gaussian, seeded, type Random } from './random.js';

/** A trainable array and its gradient. Optimizers see only these. */
export class Param {
  readonly grad: number[];
  constructor(readonly value: number[]) {
    this.grad = value.map(() => 0);
  }
}

/** A fully connected layer: y = act(W x + b), W stored row-major (outputs × inputs). */
class Dense {
  readonly weight: Param;
  readonly bias: Param;
  constructor(
    readonly inputs: number,
    readonly outputs: number,
    readonly activation: Activation | undefined,
    random: Random,
  ) {
    const scale = Math.sqrt(1 / inputs); // LeCun init keeps tanh units out of saturation
    this.weight = new Param(Array.from({ length: inputs * outputs }, () => gaussian(random) * scale));
    this.bias = new Param(new Array<number>(outputs).fill(0));
  }

  /** Pre-activations z and outputs a; backward needs both. */
  forward(x: readonly number[]): { z: number[]; a: number[] } {
    const z = this.bias.value.slice();
    const w = this.weight.value;
    for (let o = 0; o < this.outputs; o++) {
      for (let i = 0; i < this.inputs; i++) z[o]! += w[o * this.inputs + i]! * x[i]!;
    }
    const act = this.activation;
    return { z, a: act === undefined ? z : z.map((v) => act(v)) };
  }

  /** Accumulates dL/dW and dL/db from dL/da; returns dL/dx for the layer below. */
  backward(x: readonly number[], z: readonly number[], da: readonly number[]): number[] {
    const act = this.activation;
    const dz = act === undefined ? da : da.map((d, o) => d * act.derivative(z[o]!));
    const dx = new Array<number>(this.inputs).fill(0);
    const w = this.weight.value;
    const gw = this.weight.grad;
    for (let o = 0; o < this.outputs; o++) {
      this.bias.grad[o]! += dz[o]!;
      for (let i = 0; i < this.inputs; i++) {
        gw[o * this.inputs + i]! += dz[o]! * x[i]!;
        dx[i]! += dz[o]! * w[o * this.inputs + i]!;
      }
    }
    return dx;
  }
}

/** What a forward pass keeps for the backward pass: each layer's input and pre-activation. */
export interface Trace {
  readonly inputs: number[][];
  readonly pre: number[][];
  readonly output: number[];
}

// Named explicitly, as every demo target: the name must not depend on what a bundler calls the class.
@configurable({ namespace: 'nn', name: 'MLP' })
export class MLP {
  readonly layers: Dense[];

  constructor(
    readonly inputs = 2,
    readonly hidden = 16,
    readonly depth = 2,
    readonly outputs = 1,
    readonly activation: Activation = tanh,
    readonly seed = 0,
  ) {
    const random = seeded(seed);
    const widths = [inputs, ...new Array<number>(depth).fill(hidden), outputs];
    // Hidden layers use the activation; the last one is linear (its output is a logit).
    this.layers = widths.slice(1).map((w, l) => new Dense(widths[l]!, w, l < depth ? activation : undefined, random));
  }

  params(): Param[] {
    return this.layers.flatMap((l) => [l.weight, l.bias]);
  }

  predict(x: readonly number[]): number[] {
    return this.trace(x).output;
  }

  trace(x: readonly number[]): Trace {
    const inputs: number[][] = [];
    const pre: number[][] = [];
    let a = [...x];
    for (const layer of this.layers) {
      inputs.push(a);
      const out = layer.forward(a);
      pre.push(out.z);
      a = out.a;
    }
    return { inputs, pre, output: a };
  }

  /** Backprop of dL/d(output) through the traced pass, accumulating into every Param's grad. */
  backward(trace: Trace, dOutput: readonly number[]): void {
    let d = [...dOutput];
    for (let l = this.layers.length - 1; l >= 0; l--) {
      d = this.layers[l]!.backward(trace.inputs[l]!, trace.pre[l]!, d);
    }
  }

  /** The trained weights, one array per Param: what weights.json holds. */
  state(): number[][] {
    return this.params().map((p) => [...p.value]);
  }

  load(state: readonly (readonly number[])[]): void {
    const params = this.params();
    // Check every array before changing any: a weights file for another architecture changes nothing.
    if (state.length !== params.length) throw new RunError(`expected ${params.length} weight arrays, got ${state.length}`);
    params.forEach((p, k) => {
      const values = state[k]!;
      if (values.length !== p.value.length) throw new RunError(`weight array ${k}: expected ${p.value.length} values, got ${values.length}`);
      if (!values.every((x) => Number.isFinite(x))) throw new RunError(`weight array ${k}: not all finite numbers`);
    });
    params.forEach((p, k) => p.value.splice(0, p.value.length, ...state[k]!));
  }
}
