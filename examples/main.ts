/**
 * The seed scenario end to end: register an optimizer, activations and a model factory; write the
 * run's config as JSON; edit the file as a person would (swap the optimizer, change the activation,
 * add a keyword); rebuild the exact calls from it; and see what a typo in a config looks like.
 *
 * It imports the package by its own name, as a user would: `npm start` builds `dist/` first.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asdict, configurable, ConfigSpecError, Spec } from 'config-spec';

/** A trainable scalar. */
class Param {
  grad = 0;
  constructor(public value: number) {}
}

// Activations: plain functions, registered by name.
export const relu = configurable('nn', function relu(x: number): number {
  return Math.max(0, x);
});
export const tanh = configurable('nn', function tanh(x: number): number {
  return Math.tanh(x);
});

/** A dense layer with a weight per input and a bias. */
@configurable('nn')
class Dense {
  readonly weights: Param[];
  readonly bias: Param;
  constructor(
    readonly inputs: number,
    readonly activation: (x: number) => number,
    readonly init = 0.5,
  ) {
    this.weights = Array.from({ length: inputs }, (_, i) => new Param(init * Math.sin(i + 1)));
    this.bias = new Param(0);
  }
  forward(xs: number[]): number {
    return this.activation(xs.reduce((sum, x, i) => sum + x * (this.weights[i]?.value ?? 0), this.bias.value));
  }
}

/** The model factory: a function, so it is registered with configurable(ns, fn). */
export function createModel(numLayers: number, width: number, activation: (x: number) => number) {
  const layers = Array.from({ length: numLayers }, () => new Dense(width, activation));
  return {
    layers,
    params: (): Param[] => layers.flatMap((l) => [...l.weights, l.bias]),
    forward: (xs: number[]): number[] => layers.map((l) => l.forward(xs)),
  };
}
configurable('models', createModel);

/** Optimizers take their parameters at run time, so configs hold them as partials. */
@configurable('optim')
class Adam {
  constructor(
    readonly params: Param[],
    readonly lr = 1e-3,
    readonly betas: [number, number] = [0.9, 0.999],
  ) {}
}

@configurable('optim')
class SGD {
  constructor(
    readonly params: Param[],
    readonly lr = 0.01,
    readonly momentum = 0,
  ) {}
  step(): void {
    for (const p of this.params) p.value -= this.lr * p.grad;
  }
}

// 1. Describe the run in code and write it as plain JSON.
const config = asdict({
  model: new Spec(createModel, { numLayers: 2, width: 3, activation: new Spec(relu) }),
  optimizer: new Spec(Adam, { lr: 1e-3 }),
  steps: 1000,
});
const dir = mkdtempSync(join(tmpdir(), 'config-spec-example-'));
const file = join(dir, 'config.json');
writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
console.log(`1. wrote ${file}:\n${readFileSync(file, 'utf8')}`);

// 2. Edit it like any JSON: another optimizer, another activation, one more keyword argument.
const edited = JSON.parse(readFileSync(file, 'utf8'));
edited.optimizer.target = 'optim:SGD';
edited.optimizer.momentum = 0.9;
edited.model.activation.target = 'nn:tanh';
console.log(`2. edited: optimizer → ${JSON.stringify(edited.optimizer)}, activation → ${edited.model.activation.target}`);

// 3. Rebuild the calls by name: the model is a partial called with nothing more, the optimizer a
//    partial called with the model's parameters (a run-time input, not configuration).
const model = Spec.instantiateFromDict(edited.model)();
const optimizer = Spec.instantiateFromDict(edited.optimizer)(model.params());
console.log('3. rebuilt:');
console.log(`   model: ${String(model.layers.length)} Dense layers of width ${String(model.layers[0]?.inputs)}, activation ${model.layers[0]?.activation.name}`);
console.log(`   optimizer: ${optimizer.constructor.name} lr=${String(optimizer.lr)} momentum=${String(optimizer.momentum)} over ${String(optimizer.params.length)} params`);
console.log(`   forward([1, -2, 3]) = [${model.forward([1, -2, 3]).map((y: number) => y.toFixed(4)).join(', ')}]`);
console.log(`   steps: ${String(edited.steps)}`);

// 4. The Spec objects themselves, and what a typo in a config file does.
console.log(`4. as specs: ${String(Spec.fromDict(edited.optimizer))} and ${String(new Spec(Adam, { lr: 3e-4 }).call())}`);
for (const broken of [
  { optimizer: { target: 'optim:Adamm', lr: 0.1, __dense_spec__: true } },
  { optimizer: { target: 'optim:SGD', learning_rate: 0.1, __dense_spec__: true } },
]) {
  try {
    Spec.instantiateFromDict(broken);
  } catch (error) {
    if (!(error instanceof ConfigSpecError)) throw error;
    console.log(`   ${error.code} at "${error.path}": ${error.message}`);
  }
}
