/**
 * Registering code you cannot decorate (issue 14, item 4): hand-written ES5-style classes and
 * factories with the shapes of TensorFlow.js 4.x (a layer factory whose sole parameter is `args`, an
 * ES5-compiled class, `tf.train.adam`'s `if (beta1 === void 0)` defaults). No TF.js needed here;
 * examples/tfjs/ runs the real one.
 */
/* eslint-disable @typescript-eslint/prefer-nullish-coalescing -- ES5 code tests for absent arguments the way a compiler or a 2015 library writes it: that is what is read */
import { expect } from 'chai';
import { asdict, Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

interface DenseArgs {
  units: number;
  activation?: string;
  useBias?: boolean;
}

// What `tsc --target ES5` makes of `class Dense { constructor(args) {…} apply(x) {…} }`: a function
// with a writable prototype that has methods. Called without `new`, `this` is undefined.
const Dense = /** @class */ (function () {
  function Dense(this: { units: number; activation: string; useBias: boolean }, args: DenseArgs) {
    this.units = args.units;
    this.activation = args.activation === undefined ? 'linear' : args.activation;
    this.useBias = args.useBias === undefined ? true : args.useBias;
  }
  Dense.prototype.apply = function (this: { units: number }, x: number[]): number[] {
    return x.map((v) => v * this.units);
  };
  Dense.prototype.getConfig = function (this: { units: number; activation: string; useBias: boolean }) {
    return { units: this.units, activation: this.activation, useBias: this.useBias };
  };
  return Dense;
})() as unknown as new (args: DenseArgs) => { units: number; activation: string; useBias: boolean; apply(x: number[]): number[]; getConfig(): DenseArgs };

// tf.layers.dense: a factory whose sole, non-destructured parameter is named `args`.
function dense(args: DenseArgs) {
  return new Dense(args);
}

// tf.sequential: a sole parameter named `config`, optional in TF.js (here required, to see MISSING_PARAMETER).
function sequential(config: { layers: { apply(x: number[]): number[] }[]; name?: string }) {
  return { layers: config.layers, name: config.name ?? 'sequential', predict: (x: number[]) => config.layers.reduce((acc, layer) => layer.apply(acc), x) };
}

// tf.train.adam, as TypeScript compiles default parameters to ES5.
function adam(learningRate: number, beta1?: number, beta2?: number, epsilon?: number | null) {
  if (beta1 === void 0) { beta1 = 0.9; }
  if (beta2 === void 0) { beta2 = 0.999; }
  if (epsilon === void 0) { epsilon = null; }
  return { learningRate, beta1, beta2, epsilon };
}

// The other two patterns: `=== undefined`, and `arguments.length`.
function sgd(learningRate: number, momentum?: number) {
  momentum = momentum === undefined ? 0 : momentum;
  return { learningRate, momentum };
}
function rmsprop(learningRate: number, decay?: number, epsilon?: number) {
  if (arguments.length < 2) decay = 0.9;
  if (arguments.length < 3) epsilon = 1e-7;
  return { learningRate, decay, epsilon };
}

// A sole parameter with another name: not taken as an options object (a typo stays an error).
function scale(factor: number) {
  return factor * 2;
}

function makeRegistry(): Registry {
  const registry = new Registry();
  registry.configurable({ namespace: 'tf.layers', name: 'Dense', construct: true }, Dense);
  registry.configurable({ namespace: 'tf.layers', name: 'dense' }, dense);
  registry.configurable({ namespace: 'tf', name: 'sequential' }, sequential);
  registry.configurable({ namespace: 'tf.train', name: 'adam' }, adam);
  registry.configurable({ namespace: 'tf.train', name: 'sgd' }, sgd);
  registry.configurable({ namespace: 'tf.train', name: 'rmsprop' }, rmsprop);
  registry.configurable({ namespace: 'tf', name: 'scale' }, scale);
  return registry;
}

describe(`third-party targets (${decoratorMode})`, () => {
  describe('ES5 classes', () => {
    it('construct: true builds an ES5 class with new', () => {
      const registry = makeRegistry();
      const layer = new Spec<InstanceType<typeof Dense>, true>('tf.layers:Dense', { units: 3 }, { registry, called: true }).instantiate();
      expect(layer).to.be.instanceOf(Dense);
      expect(layer.apply([1, 2])).to.deep.equal([3, 6]);
    });

    it('without construct, calling one fails with INSTANTIATION_FAILED and the hint "did you mean { construct: true }?"', () => {
      const registry = new Registry();
      registry.configurable({ namespace: 'tf.layers', name: 'Dense' }, Dense);
      const error = expectError(() => Spec.instantiate({ layer: { target: 'tf.layers:Dense', called: true, units: 3, __dense_spec__: true } }, { registry }), 'INSTANTIATION_FAILED', 'layer');
      expect(error.message).to.contain('did you mean { construct: true }?');
      expect(error.cause).to.be.instanceOf(TypeError);
    });

    it('no hint for a plain function that fails', () => {
      const registry = new Registry();
      registry.configurable({ name: 'boom' }, function boom(): never {
        throw new Error('boom');
      });
      const error = expectError(() => new Spec('boom', {}, { registry, called: true }).instantiate(), 'INSTANTIATION_FAILED');
      expect(error.message).not.to.contain('construct');
    });

    it('construct must be a boolean, and does not go on a static method or with false on a class', () => {
      const registry = new Registry();
      expectError(() => registry.configurable({ construct: 'yes' as unknown as boolean }, function f() {}), 'INVALID_REGISTRATION');
      expectError(() => registry.configurable({ construct: false })(class K {}), 'INVALID_REGISTRATION');
      // construct: false calls a function that has methods on its prototype.
      registry.configurable({ name: 'mk', construct: false }, Object.assign(function mk(this: unknown) { return this === undefined ? 'called' : 'constructed'; }, {}));
      expect(new Spec('mk', {}, { registry, called: true }).instantiate()).to.equal('called');
    });
  });

  describe('a sole options parameter named args (a reserved key)', () => {
    it('takes its keys flat, writes them flat and reads them back', () => {
      const registry = makeRegistry();
      const spec = new Spec(dense, { units: 4, activation: 'relu' }, { registry, called: true });
      const dict: unknown = asdict(spec, { registry });
      expect(dict).to.deep.equal({ target: 'tf.layers:dense', called: true, units: 4, activation: 'relu', __dense_spec__: true });
      const layer = Spec.instantiate<InstanceType<typeof Dense>>(dict, { registry });
      expect(layer.getConfig()).to.deep.equal({ units: 4, activation: 'relu', useBias: true });
    });

    it('its own name still binds the whole object, and flat keys merge over it', () => {
      const registry = makeRegistry();
      const layer = new Spec(dense, { args: { units: 2, activation: 'tanh' }, units: 5 } as never, { registry, called: true }).instantiate();
      expect(layer.getConfig()).to.deep.equal({ units: 5, activation: 'tanh', useBias: true });
    });

    it('nothing bound is still MISSING_PARAMETER (not an empty options object)', () => {
      const registry = makeRegistry();
      const error = expectError(() => Spec.instantiate({ m: { target: 'tf:sequential', called: true, __dense_spec__: true } }, { registry }), 'MISSING_PARAMETER', 'm');
      expect(error.message).to.contain('"config"');
    });

    it('a tracked class whose sole parameter is args records it flat', () => {
      const registry = new Registry();
      @registry.configurable('tf.layers')
      class Conv {
        readonly filters: number;
        constructor(args: { filters: number; kernelSize?: number }) {
          this.filters = args.filters;
        }
      }
      const conv = new Conv({ filters: 8, kernelSize: 3 });
      expect(asdict(conv, { registry })).to.deep.equal({ target: 'tf.layers:Conv', called: true, filters: 8, kernelSize: 3, __dense_spec__: true });
      expect(Spec.fromInstance(conv).instantiate()).to.deep.include({ filters: 8 });
    });

    it('a model of layers (tf.sequential by call) round-trips through JSON', () => {
      const registry = makeRegistry();
      const config = asdict({
        model: new Spec(sequential, { layers: [new Spec(dense, { units: 2 }, { registry, called: true }), new Spec(dense, { units: 3 }, { registry, called: true })] }, { registry, called: true }),
        optimizer: new Spec(adam, { learningRate: 0.01 }, { registry, called: true }),
      }, { registry });
      const text = JSON.stringify(config);
      expect(text).not.to.contain('kwargs');
      const built = Spec.instantiate<{ model: ReturnType<typeof sequential>; optimizer: ReturnType<typeof adam> }>(JSON.parse(text), { registry });
      expect(built.model.predict([1])).to.deep.equal([6]);
      expect(built.optimizer).to.deep.equal({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: null });
    });
  });

  describe('a sole parameter with another name', () => {
    it('keeps UNKNOWN_PARAMETER for a misspelt keyword, with the { options: true } hint', () => {
      const registry = makeRegistry();
      const error = expectError(() => new Spec(scale, { factr: 2 }, { registry }), 'UNKNOWN_PARAMETER', 'factr');
      expect(error.message).to.contain('did you mean "factor"');
      expect(error.message).to.contain('{ options: true }');
    });

    it('options: true takes the keys flat', () => {
      const registry = new Registry();
      registry.configurable({ name: 'layer', options: true }, function layer(spec: { units: number }) {
        return spec.units;
      });
      expect(new Spec<number, true>('layer', { units: 7 }, { registry, called: true }).instantiate()).to.equal(7);
    });

    legacyOnly('design:paramtypes saying the sole parameter is not an object keeps it a plain parameter', () => {
      const registry = new Registry();
      @registry.configurable()
      class Scaled {
        constructor(readonly config: number) {}
      }
      expectError(() => new Spec(Scaled, { other: 1 }, { registry }), 'UNKNOWN_PARAMETER', 'other');
      @registry.configurable()
      class Opts {
        constructor(readonly config: { a: number }) {}
      }
      expect(new Spec(Opts, { a: 1 }, { registry, called: true }).instantiate().config).to.deep.equal({ a: 1 });
    });
  });

  describe('ES5 default patterns read as optional', () => {
    it('if (x === void 0) { x = … } (tf.train.adam)', () => {
      const registry = makeRegistry();
      const params = registry.signatureOf(registry.lookup(adam)).params.map((p) => [p.name, p.kind]);
      expect(params).to.deep.equal([['learningRate', 'required'], ['beta1', 'optional'], ['beta2', 'optional'], ['epsilon', 'optional']]);
      expect(new Spec(adam, { learningRate: 0.1, beta2: 0.99 }, { registry, called: true }).instantiate()).to.deep.equal({ learningRate: 0.1, beta1: 0.9, beta2: 0.99, epsilon: null });
      const error = expectError(() => new Spec(adam, {}, { registry, called: true }).instantiate(), 'MISSING_PARAMETER');
      expect(error.message).to.contain('"learningRate"').and.not.to.contain('beta1');
    });

    it('x === undefined', () => {
      const registry = makeRegistry();
      expect(registry.signatureOf(registry.lookup(sgd)).params.map((p) => p.kind)).to.deep.equal(['required', 'optional']);
      expect(new Spec(sgd, { learningRate: 1 }, { registry, called: true }).instantiate()).to.deep.equal({ learningRate: 1, momentum: 0 });
    });

    it('arguments.length < n', () => {
      const registry = makeRegistry();
      expect(registry.signatureOf(registry.lookup(rmsprop)).params.map((p) => p.kind)).to.deep.equal(['required', 'optional', 'optional']);
      expect(new Spec(rmsprop, { learningRate: 1 }, { registry, called: true }).instantiate()).to.deep.equal({ learningRate: 1, decay: 0.9, epsilon: 1e-7 });
    });

    it('typeof x === "undefined", x == null, and the other arguments.length comparisons', () => {
      const registry = new Registry();
      let n = 0;
      const kinds = (fn: (...args: never[]) => unknown): string[] => registry.signatureOf(registry.add(fn, { name: `probe${String(n++)}` })).params.map((p) => p.kind);
      expect(kinds(function a(x: unknown, y: unknown) { return typeof y === 'undefined' ? x : y; })).to.deep.equal(['required', 'optional']);
      expect(kinds(function b(x: unknown, y: unknown) { return y == null ? x : y; })).to.deep.equal(['required', 'optional']);
      expect(kinds(function c(x: unknown, y: unknown, z: unknown) { return arguments.length <= 1 ? x : [y, z]; })).to.deep.equal(['required', 'optional', 'optional']);
      expect(kinds(function d(x: unknown, y: unknown) { return arguments.length >= 2 ? y : x; })).to.deep.equal(['required', 'optional']);
      expect(kinds(function e(x: unknown, y: unknown) { return arguments.length === 1 ? x : y; })).to.deep.equal(['required', 'optional']);
    });

    it('a property test (this.x === void 0) or a longer name does not count', () => {
      const registry = new Registry();
      let n = 0;
      const kinds = (fn: (...args: never[]) => unknown): string[] => registry.signatureOf(registry.add(fn, { name: `probe${String(n++)}` })).params.map((p) => p.kind);
      expect(kinds(function f(this: { x?: number }, x: number) { return this.x === void 0 ? x : this.x; })).to.deep.equal(['required']);
      expect(kinds(function g(x: number) { const xs: unknown = undefined; return xs === undefined ? x : 0; })).to.deep.equal(['required']);
    });
  });
});

function legacyOnly(title: string, fn: () => void): void {
  if (decoratorMode === 'legacy') it(title, fn);
  else it.skip(`${title} [legacy build only: needs design:paramtypes]`);
}
