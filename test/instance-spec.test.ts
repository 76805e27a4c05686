/* eslint-disable @typescript-eslint/no-unused-vars -- parameters are what these tests read. */
import { expect } from 'chai';
import { asdict, ConfigSpecError, isSpec, Registry, Spec, type ErrorCode, type PartialFunction } from '../src/index.js';
import { specOfInstance } from '../src/instance-spec.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

const registry = new Registry();

/** asdict with this file's registry. */
function dictOf(tree: unknown): Record<string, unknown> {
  return asdict<Record<string, unknown>>(tree, { registry });
}

/** Builds a dict tree with this file's registry. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- narrows like Spec.instantiate
function build<T>(tree: unknown): T {
  return Spec.instantiate<T>(tree, { registry });
}

function relu(x: number): number {
  return Math.max(0, x);
}
registry.configurable('inst', relu);

function unregistered(x: number): number {
  return x;
}

@registry.configurable('inst')
class Adam {
  constructor(readonly params: number[], readonly lr: number = 1e-3, readonly betas: [number, number] = [0.9, 0.999]) {}
}

@registry.configurable('inst')
class Encoder {
  constructor(readonly width: number, readonly act: (x: number) => number = relu) {}
}

@registry.configurable('inst')
class Model {
  constructor(readonly encoder: Encoder, readonly head: unknown = null, readonly layers: unknown[] = []) {}
}

@registry.configurable('inst')
class Pair {
  constructor(readonly left: unknown, readonly right: unknown) {}
}

@registry.configurable({ namespace: 'inst', runtime: ['params'] })
class Sgd {
  constructor(readonly params: number[], readonly lr = 0.01, readonly momentum = 0) {}
}

@registry.configurable('inst')
class Trainer {
  constructor(readonly model: Model, readonly optimizer: unknown) {}
}

@registry.configurable('inst')
class Opt {
  readonly lr: number;
  readonly momentum: number | undefined;
  constructor(readonly id: string, { lr = 1e-3, momentum }: { lr?: number; momentum?: number } = {}) {
    this.lr = lr;
    this.momentum = momentum;
  }
}

@registry.configurable('inst')
class OpenOpt {
  readonly rest: Record<string, unknown>;
  constructor(readonly id: string, { lr = 1e-3, ...rest }: { lr?: number; [key: string]: unknown } = {}) {
    this.rest = { lr, ...rest };
  }
}

@registry.configurable({ namespace: 'inst', options: true })
class NamedOptions {
  constructor(readonly id: string, readonly opts: Record<string, unknown> = {}) {}
}

@registry.configurable('inst')
class Stack {
  readonly layers: unknown[];
  constructor(readonly name: string, ...layers: unknown[]) {
    this.layers = layers;
  }
}

@registry.configurable('inst')
class Box {
  constructor(readonly size: [number, number], readonly depth = 1) {}
}

@registry.configurable('inst')
class Destructured {
  readonly w: number;
  readonly h: number;
  constructor([w, h]: [number, number], readonly depth = 1) {
    this.w = w;
    this.h = h;
  }
}

@registry.configurable('inst')
class Two {
  constructor(readonly a: number, readonly b?: number) {}
}

@registry.configurable('inst')
class Node {
  constructor(readonly links: { self?: unknown }, readonly children: unknown[] = []) {}
}

@registry.configurable('inst')
class Dated {
  constructor(readonly when: Date, readonly ratio = 1) {}
}

@registry.configurable({ namespace: 'inst', params: ['a', 'b?'] })
class Explicit {
  readonly a: unknown;
  readonly b: unknown;
  constructor(...args: unknown[]) {
    this.a = args[0];
    this.b = args[1];
  }
}

@registry.configurable({ namespace: 'inst', runtime: ['weights'] })
class BadRuntime {
  constructor(readonly x: number) {}
}

@registry.configurable({ namespace: 'inst', runtime: ['params'] })
class RestRuntime {
  readonly params: unknown[];
  constructor(...params: unknown[]) {
    this.params = params;
  }
}

class NotTracked {
  constructor(readonly x = 1) {}
}

describe(`instance-spec (${decoratorMode})`, () => {
  describe('the called spec that rebuilds an instance', () => {
    it('binds the construction arguments by parameter name', () => {
      const adam = new Adam([1, 2], 0.5);
      const spec = Spec.fromInstance(adam);
      expect(isSpec(spec)).to.equal(true);
      expect(spec.target).to.equal('inst:Adam');
      expect(spec.called).to.equal(true);
      expect(spec.args).to.deep.equal([]);
      expect(spec.kwargs).to.deep.equal({ params: [1, 2], lr: 0.5 });
      expect(spec.toString()).to.equal('<Spec: inst:Adam(params=[ 1, 2 ], lr=0.5)>');
      expect(JSON.stringify(dictOf(adam))).to.equal('{"target":"inst:Adam","called":true,"params":[1,2],"lr":0.5,"__dense_spec__":true}');
      expect(dictOf(adam)).to.deep.equal(spec.toDict());
    });

    it('gives the same spec for an instance made by instantiate (called spec, partial, new on a partial) or by new', () => {
      const expected = { target: 'inst:Adam', called: true, params: [3], lr: 0.2, __dense_spec__: true };
      const made: Adam[] = [
        new Adam([3], 0.2),
        new Spec(Adam, { params: [3], lr: 0.2 }, { registry, called: true }).instantiate(),
        new Spec(Adam, { lr: 0.2 }, { registry, called: true, args: [[3]] }).instantiate(),
        new Spec(Adam, { lr: 0.2 }, { registry }).instantiate()([3]),
        new (new Spec(Adam, { lr: 0.2 }, { registry }).instantiate() as PartialFunction<Adam>)([3]),
        registry.partial(Adam, { lr: 0.2 })([3]),
        build<Adam>({ target: 'inst:Adam', params: [3], lr: 0.2, called: true, __dense_spec__: true }),
        build<(p: number[]) => Adam>({ target: 'inst:Adam', lr: 0.2, __dense_spec__: true })([3]),
      ];
      for (const instance of made) {
        expect(instance).to.be.instanceOf(Adam);
        expect(dictOf(instance)).to.deep.equal(expected);
        expect(Spec.fromInstance(instance).toDict()).to.deep.equal(expected);
      }
    });

    it('round-trips: instantiating the dict gives an equal, tracked, new instance', () => {
      const adam = new Adam([1], 0.5, [0.8, 0.9]);
      const dict = dictOf(adam);
      const rebuilt = build<Adam>(dict);
      expect(rebuilt).to.be.instanceOf(Adam);
      expect(rebuilt).to.not.equal(adam);
      expect(rebuilt).to.deep.equal(adam);
      expect(dictOf(rebuilt)).to.deep.equal(dict);
      // Through Spec.fromInstance and JSON text too.
      expect(Spec.fromInstance(adam).instantiate()).to.deep.equal(adam);
      expect(build<Adam>(JSON.parse(JSON.stringify(Spec.fromInstance(adam))))).to.deep.equal(adam);
    });

    it('does not record defaults that were not passed, nor explicit undefined arguments', () => {
      expect(dictOf(new Adam([1]))).to.deep.equal({ target: 'inst:Adam', called: true, params: [1], __dense_spec__: true });
      const skipped = new Adam([1], undefined, [0.1, 0.2]);
      expect(dictOf(skipped)).to.deep.equal({ target: 'inst:Adam', called: true, params: [1], betas: [0.1, 0.2], __dense_spec__: true });
      expect(build<Adam>(dictOf(skipped))).to.deep.equal(skipped);
      // A default passed explicitly is an argument like any other.
      expect(dictOf(new Adam([1], 1e-3))).to.deep.equal({ target: 'inst:Adam', called: true, params: [1], lr: 1e-3, __dense_spec__: true });
    });

    it('does not mutate the instance or its arguments, and the spec does not alias them', () => {
      const params = [1, 2];
      const adam = new Adam(params, 0.5);
      const spec = Spec.fromInstance(adam);
      expect(spec.kwargs.params).to.deep.equal([1, 2]);
      expect(spec.kwargs.params).to.not.equal(params);
      const dict = dictOf(adam);
      (dict.params as number[]).push(3);
      expect(params).to.deep.equal([1, 2]);
      expect(adam).to.deep.equal(new Adam([1, 2], 0.5));
      expect(Object.isFrozen(spec)).to.equal(true);
    });

    it('remembers the construction arguments, not later changes to the instance', () => {
      const node = new Node({});
      (node as { links: unknown }).links = { changed: true };
      expect(dictOf(node)).to.deep.equal({ target: 'inst:Node', called: true, links: {}, __dense_spec__: true });
    });

    it('writes the arguments as they are when written: arguments are kept by reference', () => {
      const links: { self?: unknown; note?: string } = {};
      const node = new Node(links);
      links.note = 'added later';
      expect(dictOf(node)).to.deep.equal({ target: 'inst:Node', called: true, links: { note: 'added later' }, __dense_spec__: true });
    });

    it('specOfInstance gives undefined for values that are not tracked instances', () => {
      for (const value of [{}, [], new NotTracked(), new Date(0), Object.create(null) as object]) {
        expect(specOfInstance(value, undefined)).to.equal(undefined);
      }
    });
  });

  describe('nested arguments', () => {
    it('tracked instances, registered functions and partials become nested dicts', () => {
      const model = new Model(new Encoder(4, relu), registry.partial(Adam, { lr: 0.1 }), [new Encoder(2)]);
      const dict = dictOf(model);
      expect(dict).to.deep.equal({
        target: 'inst:Model',
        called: true,
        encoder: { target: 'inst:Encoder', called: true, width: 4, act: { target: 'inst:relu', __dense_spec__: true }, __dense_spec__: true },
        head: { target: 'inst:Adam', lr: 0.1, __dense_spec__: true },
        layers: [{ target: 'inst:Encoder', called: true, width: 2, __dense_spec__: true }],
        __dense_spec__: true,
      });
      const spec = Spec.fromInstance(model);
      expect(isSpec(spec.kwargs.encoder)).to.equal(true);
      expect(spec.toString()).to.equal('<Spec: inst:Model(encoder=inst:Encoder(width=4, act=partial(inst:relu)), head=partial(inst:Adam, lr=0.1), layers=[ <Spec: inst:Encoder(width=2)> ])>');
      const rebuilt = build<Model>(dict);
      expect(rebuilt).to.be.instanceOf(Model);
      expect(rebuilt.encoder).to.be.instanceOf(Encoder);
      expect(rebuilt.encoder.act).to.equal(relu);
      const head = rebuilt.head as (params: number[]) => Adam;
      expect(head([1])).to.deep.equal(new Adam([1], 0.1));
      expect(rebuilt.layers[0]).to.deep.equal(new Encoder(2));
      expect(dictOf(rebuilt)).to.deep.equal(dict);
    });

    it('a built partial spec (a partial function) in the arguments is written as its spec', () => {
      const make = new Spec(Adam, { lr: 0.3 }, { registry }).instantiate();
      const trainer = new Trainer(new Model(new Encoder(1)), make);
      expect(dictOf(trainer).optimizer).to.deep.equal({ target: 'inst:Adam', lr: 0.3, __dense_spec__: true });
    });

    it('a Spec among the arguments is written as its dict', () => {
      const pair = new Pair(new Spec(Adam, { lr: 0.2 }, { registry }), 1);
      expect(dictOf(pair)).to.deep.equal({ target: 'inst:Pair', called: true, left: { target: 'inst:Adam', lr: 0.2, __dense_spec__: true }, right: 1, __dense_spec__: true });
    });

    it('taggable values become tagged values that read back equal', () => {
      const dated = new Dated(new Date(Date.UTC(2024, 0, 2)), Number.NaN);
      const dict = dictOf(dated);
      expect(dict).to.deep.equal({
        target: 'inst:Dated',
        called: true,
        when: { __value__: 'Date', data: '2024-01-02T00:00:00.000Z' },
        ratio: { __value__: 'number', data: 'NaN' },
        __dense_spec__: true,
      });
      const rebuilt = build<Dated>(dict);
      expect(rebuilt.when).to.be.instanceOf(Date);
      expect(rebuilt.when.getTime()).to.equal(dated.when.getTime());
      expect(Number.isNaN(rebuilt.ratio)).to.equal(true);
    });

    it('an unregistered function is NOT_SERIALIZABLE at its exact path', () => {
      const model = new Model(new Encoder(4, unregistered));
      const error = expectError(() => dictOf(model), 'NOT_SERIALIZABLE', 'encoder.act');
      expect(error.message).to.include('unregistered');
      expectError(() => Spec.fromInstance(model), 'NOT_SERIALIZABLE', 'encoder.act');
      expectError(() => dictOf({ run: { model } }), 'NOT_SERIALIZABLE', 'run.model.encoder.act');
      expectError(() => dictOf(new Model(new Encoder(1), null, [new Encoder(2), new Encoder(3, (x: number) => x)])), 'NOT_SERIALIZABLE', 'layers[1].act');
    });

    it('an untracked class instance is NOT_SERIALIZABLE at its exact path, naming its class', () => {
      const error = expectError(() => dictOf(new Model(new Encoder(1), new NotTracked())), 'NOT_SERIALIZABLE', 'head');
      expect(error.message).to.include('NotTracked');
      expectError(() => Spec.fromInstance(new Pair(1, { deep: [new NotTracked()] })), 'NOT_SERIALIZABLE', 'right.deep[0]');
    });

    it('an argument at a position with no name is written under args with an args path', () => {
      const error = expectError(() => dictOf(new Stack('s', 1, unregistered)), 'NOT_SERIALIZABLE', 'args[2]');
      expect(error.message).to.include('unregistered');
    });

    it('a symbol argument is NOT_SERIALIZABLE at its path', () => {
      expectError(() => dictOf(new Pair(1, Symbol('s'))), 'NOT_SERIALIZABLE', 'right');
    });
  });

  describe('runtime parameters', () => {
    it('are left out, making a partial spec that is rebuilt by calling it with them', () => {
      const sgd = new Sgd([1, 2], 0.1);
      const dict = dictOf(sgd);
      expect(dict).to.deep.equal({ target: 'inst:Sgd', lr: 0.1, __dense_spec__: true });
      // A class with runtime parameters: the caller says the spec is a partial (types cannot see `runtime`).
      const spec = Spec.fromInstance<Sgd, false>(sgd);
      expect(spec.called).to.equal(false);
      expect(spec.toString()).to.equal('<Spec: partial(inst:Sgd, lr=0.1)>');
      const make = build<(params: number[]) => Sgd>(dict);
      const rebuilt = make([1, 2]);
      expect(rebuilt).to.be.instanceOf(Sgd);
      expect(rebuilt).to.deep.equal(sgd);
      expect(spec.instantiate()([5])).to.deep.equal(new Sgd([5], 0.1));
      // Only the runtime parameter is left out: nothing else passed → the bare partial.
      expect(dictOf(new Sgd([1]))).to.deep.equal({ target: 'inst:Sgd', __dense_spec__: true });
    });

    it('a nested instance with runtime parameters becomes a partial inside the called spec', () => {
      const trainer = new Trainer(new Model(new Encoder(2)), new Sgd([9], 0.5, 0.9));
      const dict = dictOf(trainer);
      expect(dict.optimizer).to.deep.equal({ target: 'inst:Sgd', lr: 0.5, momentum: 0.9, __dense_spec__: true });
      const rebuilt = build<Trainer>(dict);
      const optimizer = (rebuilt.optimizer as (params: number[]) => Sgd)([9]);
      expect(optimizer).to.deep.equal(trainer.optimizer);
    });

    it('a runtime name that is no parameter is INVALID_REGISTRATION when the instance is written', () => {
      const error = expectError(() => Spec.fromInstance(new BadRuntime(1)), 'INVALID_REGISTRATION');
      expect(error.message).to.include('weights');
      expectError(() => dictOf({ a: [new BadRuntime(1)] }), 'INVALID_REGISTRATION', 'a[0]');
    });

    it('arguments that can only be passed by position cannot leave runtime parameters out: NOT_SERIALIZABLE', () => {
      const error = expectError(() => dictOf({ x: new RestRuntime(1, 2) }), 'NOT_SERIALIZABLE', 'x');
      expect(error.message).to.include('params');
      expect(error.message).to.include('inst:RestRuntime');
    });
  });

  describe('options objects', () => {
    it('a destructured options parameter is flattened into keywords', () => {
      const opt = new Opt('a', { lr: 0.5, momentum: 0.9 });
      const dict = dictOf(opt);
      expect(dict).to.deep.equal({ target: 'inst:Opt', called: true, id: 'a', lr: 0.5, momentum: 0.9, __dense_spec__: true });
      const rebuilt = build<Opt>(dict);
      expect(rebuilt).to.deep.equal(opt);
      expect(dictOf(new Opt('b'))).to.deep.equal({ target: 'inst:Opt', called: true, id: 'b', __dense_spec__: true });
      expect(dictOf(new Opt('b', {}))).to.deep.equal({ target: 'inst:Opt', called: true, id: 'b', __dense_spec__: true });
      expect(build<Opt>(dictOf(new Opt('b')))).to.deep.equal(new Opt('b'));
    });

    it('keys the destructuring ignores are left out (the constructor ignored them too)', () => {
      const opt = new Opt('a', { lr: 0.5, extra: 1 } as { lr: number });
      expect(dictOf(opt)).to.deep.equal({ target: 'inst:Opt', called: true, id: 'a', lr: 0.5, __dense_spec__: true });
      expect(build<Opt>(dictOf(opt))).to.deep.equal(opt);
    });

    it('a destructuring pattern with ...rest keeps every key', () => {
      const open = new OpenOpt('a', { lr: 0.5, extra: 1 });
      const dict = dictOf(open);
      expect(dict).to.deep.equal({ target: 'inst:OpenOpt', called: true, id: 'a', lr: 0.5, extra: 1, __dense_spec__: true });
      expect(build<OpenOpt>(dict)).to.deep.equal(open);
    });

    it('an options object built from keywords by a spec is flattened back', () => {
      const built = new Spec(Opt, { id: 'z', momentum: 0.7 }, { registry, called: true }).instantiate();
      expect(dictOf(built)).to.deep.equal({ target: 'inst:Opt', called: true, id: 'z', momentum: 0.7, __dense_spec__: true });
    });

    it('a named options parameter that takes any key is written flat, as a destructured one is', () => {
      const named = new NamedOptions('a', { x: 1 });
      const dict = dictOf(named);
      expect(dict).to.deep.equal({ target: 'inst:NamedOptions', called: true, id: 'a', x: 1, __dense_spec__: true });
      expect(build<NamedOptions>(dict)).to.deep.equal(named);
      // The nested form (the whole object bound by the parameter's name) still reads.
      expect(build<NamedOptions>({ target: 'inst:NamedOptions', called: true, id: 'a', opts: { x: 1 }, __dense_spec__: true })).to.deep.equal(named);
    });

    it('a named options object whose key is also a parameter name is written whole, under its name', () => {
      const named = new NamedOptions('a', { id: 'inner' });
      expect(dictOf(named)).to.deep.equal({ target: 'inst:NamedOptions', called: true, id: 'a', opts: { id: 'inner' }, __dense_spec__: true });
      expect(build<NamedOptions>(dictOf(named))).to.deep.equal(named);
    });

    it('an options argument that is not a plain object keeps all arguments positional', () => {
      const odd = new Opt('a', new Map() as unknown as { lr: number });
      expect(dictOf(odd)).to.deep.equal({ target: 'inst:Opt', args: ['a', { __value__: 'Map', data: [] }], called: true, __dense_spec__: true });
    });
  });

  describe('one dict shape per target, whatever the build (regression: explicit opts{} wrote the options nested)', () => {
    // The development build reads parameter names from source; the production build is minified, so
    // its registration lists them. Both must write the same dict and read each other's.
    const dev = new Registry();
    const prod = new Registry();
    @dev.configurable('nn')
    class Model {
      readonly config: Record<string, unknown>;
      constructor(readonly id: string, { width, depth, activation = 'relu' }: { width: number; depth: number; activation?: string }) {
        this.config = { width, depth, activation };
      }
    }
    @prod.configurable({ namespace: 'nn', name: 'Model', params: ['id', 'opts{width, depth, activation?}'] })
    class MinifiedModel {
      readonly config: Record<string, unknown>;
      // What a minifier leaves: positional names that say nothing.
      constructor(readonly id: string, opts: { width: number; depth: number; activation?: string }) {
        this.config = { width: opts.width, depth: opts.depth, activation: opts.activation ?? 'relu' };
      }
    }

    it('writes the options keys flat in both builds, so the dicts are equal', () => {
      const devDict = asdict<Record<string, unknown>>(new Model('m', { width: 4, depth: 2, activation: 'gelu' }), { registry: dev });
      const prodDict = asdict<Record<string, unknown>>(new MinifiedModel('m', { width: 4, depth: 2, activation: 'gelu' }), { registry: prod });
      expect(prodDict).to.deep.equal({ target: 'nn:Model', called: true, id: 'm', width: 4, depth: 2, activation: 'gelu', __dense_spec__: true });
      expect(prodDict).to.deep.equal(devDict);
    });

    it('each build reads the dict the other wrote', () => {
      const devDict = asdict<Record<string, unknown>>(new Model('m', { width: 4, depth: 2 }), { registry: dev });
      const prodDict = asdict<Record<string, unknown>>(new MinifiedModel('m', { width: 4, depth: 2 }), { registry: prod });
      expect(Spec.instantiate<MinifiedModel>(devDict, { registry: prod }).config).to.deep.equal({ width: 4, depth: 2, activation: 'relu' });
      expect(Spec.instantiate<Model>(prodDict, { registry: dev }).config).to.deep.equal({ width: 4, depth: 2, activation: 'relu' });
    });

    it('a declared key without ? is required when the call happens: MISSING_PARAMETER', () => {
      const error = expectError(() => Spec.instantiate({ target: 'nn:Model', called: true, id: 'm', width: 4, __dense_spec__: true }, { registry: prod }), 'MISSING_PARAMETER');
      expect(error.message).to.include('"depth"');
      expect(error.message).not.to.include('"activation"');
    });

    it('an undeclared key is UNKNOWN_PARAMETER in the explicit build, with the closest declared key', () => {
      const error = expectError(() => new Spec('nn:Model', { id: 'm', widht: 4 }, { registry: prod }), 'UNKNOWN_PARAMETER', 'widht');
      expect(error.message).to.include('"width"');
    });

    it('a named options object holding an undeclared key is written whole, under its name (the constructor may read it)', () => {
      const odd = new MinifiedModel('m', { width: 1, depth: 1, extra: true } as unknown as { width: number; depth: number });
      const dict = asdict<Record<string, unknown>>(odd, { registry: prod });
      expect(dict).to.deep.equal({ target: 'nn:Model', called: true, id: 'm', opts: { width: 1, depth: 1, extra: true }, __dense_spec__: true });
    });
  });

  describe('arguments without a name stay positional', () => {
    it('rest parameters: all arguments positional', () => {
      const stack = new Stack('s', 1, 2);
      const dict = dictOf(stack);
      expect(JSON.stringify(dict)).to.equal('{"target":"inst:Stack","args":["s",1,2],"called":true,"__dense_spec__":true}');
      expect(build<Stack>(dict)).to.deep.equal(stack);
      // Nothing reaches the rest parameter: by name.
      expect(dictOf(new Stack('t'))).to.deep.equal({ target: 'inst:Stack', called: true, name: 't', __dense_spec__: true });
    });

    it('an array pattern parameter: all arguments positional', () => {
      const box = new Destructured([2, 3], 4);
      const dict = dictOf(box);
      expect(dict).to.deep.equal({ target: 'inst:Destructured', args: [[2, 3], 4], called: true, __dense_spec__: true });
      expect(build<Destructured>(dict)).to.deep.equal(box);
      // A named array parameter is bound by name.
      expect(dictOf(new Box([2, 3]))).to.deep.equal({ target: 'inst:Box', called: true, size: [2, 3], __dense_spec__: true });
    });

    it('more arguments than parameters: all arguments positional', () => {
      const two = Reflect.construct(Two, [1, 2, 3]) as Two;
      const dict = dictOf(two);
      expect(dict).to.deep.equal({ target: 'inst:Two', args: [1, 2, 3], called: true, __dense_spec__: true });
      expect(build<Two>(dict)).to.deep.equal(two);
    });

    it('positional arguments keep undefined holes as tagged values', () => {
      const stack = new Stack('s', undefined, 2);
      const dict = dictOf(stack);
      expect(dict.args).to.deep.equal(['s', { __value__: 'undefined' }, 2]);
      expect(build<Stack>(dict).layers).to.deep.equal([undefined, 2]);
    });

    it('explicit params name the arguments of a (...args) constructor', () => {
      const explicit = new Explicit(1, 'two');
      expect(dictOf(explicit)).to.deep.equal({ target: 'inst:Explicit', called: true, a: 1, b: 'two', __dense_spec__: true });
      expect(build<Explicit>(dictOf(explicit))).to.deep.equal(explicit);
    });
  });

  describe('untracked instances', () => {
    it('Spec.fromInstance of anything but a tracked instance is NOT_SERIALIZABLE at the root', () => {
      const values: unknown[] = [new NotTracked(), {}, [], null, undefined, 1, 'x', new Date(0), Adam, new Spec(Adam, {}, { registry })];
      for (const value of values) {
        const error = expectError(() => Spec.fromInstance(value as object), 'NOT_SERIALIZABLE');
        expect(error.message).to.include('tracked');
      }
    });

    it('asdict of an untracked instance at the root is NOT_SERIALIZABLE at ""', () => {
      expectError(() => dictOf(new NotTracked()), 'NOT_SERIALIZABLE', '');
    });
  });

  describe('sharing', () => {
    it('the same tracked instance twice is written once, then as a reference; rebuilt as one instance', () => {
      const encoder = new Encoder(3);
      const pair = new Pair(encoder, encoder);
      const dict = dictOf(pair);
      expect(dict).to.deep.equal({
        target: 'inst:Pair',
        called: true,
        left: { target: 'inst:Encoder', called: true, width: 3, __dense_spec__: true },
        right: { __ref__: 'left' },
        __dense_spec__: true,
      });
      const rebuilt = build<Pair>(dict);
      expect(rebuilt.left).to.be.instanceOf(Encoder);
      expect(rebuilt.right).to.equal(rebuilt.left);
      expect(dictOf(rebuilt)).to.deep.equal(dict);
      // Spec.fromInstance: one shared Spec object.
      const spec = Spec.fromInstance(pair);
      expect(spec.kwargs.right).to.equal(spec.kwargs.left);
      const again = spec.instantiate();
      expect(again.right).to.equal(again.left);
    });

    it('references follow the path grammar: positional args, arrays, and across the tree', () => {
      const encoder = new Encoder(1);
      expect(dictOf(new Stack('s', encoder, [encoder])).args).to.deep.equal(['s', { target: 'inst:Encoder', called: true, width: 1, __dense_spec__: true }, [{ __ref__: 'args[1]' }]]);
      const tree = dictOf({ a: new Pair(encoder, 0), b: [encoder] });
      expect(tree.b).to.deep.equal([{ __ref__: 'a.left' }]);
      const rebuilt = build<{ a: Pair; b: Encoder[] }>(tree);
      expect(rebuilt.b[0]).to.equal(rebuilt.a.left);
    });

    it('the same partial function twice in an instance is written once', () => {
      const make = registry.partial(Adam, { lr: 0.4 });
      const dict = dictOf(new Pair(make, make));
      expect(dict.right).to.deep.equal({ __ref__: 'left' });
      const rebuilt = build<Pair>(dict);
      expect(rebuilt.right).to.equal(rebuilt.left);
    });

    it('an instance shared by two tracked instances in a list is built once', () => {
      const shared = new Encoder(7);
      const model = new Model(shared, null, [new Pair(shared, 1), new Pair(2, shared)]);
      const dict = dictOf(model);
      expect((dict.layers as Record<string, unknown>[])[0]?.left).to.deep.equal({ __ref__: 'encoder' });
      expect((dict.layers as Record<string, unknown>[])[1]?.right).to.deep.equal({ __ref__: 'encoder' });
      const rebuilt = build<Model>(dict);
      const [first, second] = rebuilt.layers as Pair[];
      expect(first?.left).to.equal(rebuilt.encoder);
      expect(second?.right).to.equal(rebuilt.encoder);
    });

    it('plain containers shared between arguments are written each time', () => {
      const params = [1, 2];
      const dict = dictOf(new Pair(params, params));
      expect(dict.right).to.deep.equal([1, 2]);
    });
  });

  describe('cycles', () => {
    it('an instance inside its own construction arguments is CYCLE with the path where it closes', () => {
      const links: { self?: unknown } = {};
      const node = new Node(links);
      links.self = node;
      const error = expectError(() => dictOf(node), 'CYCLE', 'links.self');
      expect(error.message).to.include('root');
      expectError(() => Spec.fromInstance(node), 'CYCLE', 'links.self');
      expectError(() => dictOf({ graph: [node] }), 'CYCLE', 'graph[0].links.self');
    });

    it('through a child instance and an array argument', () => {
      const children: unknown[] = [];
      const root = new Node({}, children);
      children.push(new Pair(1, root));
      expectError(() => dictOf(root), 'CYCLE', 'children[0].right');
    });

    it('an argument array containing itself is CYCLE', () => {
      const list: unknown[] = [];
      list.push(list);
      expectError(() => dictOf(new Node({}, list)), 'CYCLE', 'children[0]');
    });
  });

  describe('the per-class plan (asdict writes instances without a Spec)', () => {
    it('is made per registration: a class registered again (hot reload) with other options writes by the new ones, older instances by theirs', () => {
      const twin = (runtime: string[]): new (a: number, b: number) => object => {
        @registry.configurable({ namespace: 'inst.plan', name: 'Twin', runtime })
        class Twin {
          constructor(readonly a: number, readonly b: number) {}
        }
        return Twin;
      };
      const First = twin([]);
      const before = new First(1, 2);
      expect(dictOf(before)).to.deep.equal({ target: 'inst.plan:Twin', called: true, a: 1, b: 2, __dense_spec__: true });
      const Second = twin(['a']);
      expect(dictOf(new Second(1, 2))).to.deep.equal({ target: 'inst.plan:Twin', b: 2, __dense_spec__: true });
      expect(dictOf(before)).to.deep.equal({ target: 'inst.plan:Twin', called: true, a: 1, b: 2, __dense_spec__: true });
    });

    it('the same instance in two asdict calls is written in full by each (a walk\'s marks are its own)', () => {
      const encoder = new Encoder(4);
      const full = { target: 'inst:Encoder', called: true, width: 4, __dense_spec__: true };
      expect(dictOf(encoder)).to.deep.equal(full);
      expect(dictOf([encoder, encoder])).to.deep.equal([full, { __ref__: '[0]' }]);
      expect(dictOf({ x: encoder })).to.deep.equal({ x: full });
    });

    it('a codec that calls asdict inside a walk leaves the outer walk\'s sharing intact (regression: nested walks share the marks)', () => {
      class Wrapped {
        constructor(readonly inner: unknown) {}
      }
      const local = new Registry();
      local.registerValue<Wrapped>('Wrapped', {
        is: (value) => value instanceof Wrapped,
        encode: (value) => asdict(value.inner, { registry }),
        decode: (data) => new Wrapped(data),
      });
      const encoder = new Encoder(5);
      const full = { target: 'inst:Encoder', called: true, width: 5, __dense_spec__: true };
      const dict = asdict<Record<string, unknown>>({ a: encoder, b: new Wrapped(encoder), c: encoder, d: new Wrapped([encoder, encoder]) }, { registry: local });
      expect(dict).to.deep.equal({
        a: full,
        b: { __value__: 'Wrapped', data: full },
        c: { __ref__: 'a' },
        d: { __value__: 'Wrapped', data: [full, { __ref__: '[0]' }] },
      });
    });

    it('an instance whose argument array comes to hold it is CYCLE, also when it is written again after', () => {
      const layers: unknown[] = [];
      const model = new Model(new Encoder(1), null, layers);
      layers.push(model);
      expectError(() => dictOf(model), 'CYCLE', 'layers[0]');
      expectError(() => dictOf({ again: model }), 'CYCLE', 'again.layers[0]');
      layers.pop();
      expect(dictOf(model).layers).to.deep.equal([]);
    });

    it('parameters with reserved names are written under "kwargs", after the flat ones, also from the plan', () => {
      @registry.configurable('inst.plan')
      class Reserved {
        constructor(readonly target: string, readonly width: number, readonly __meta__: unknown = undefined) {}
      }
      expect(dictOf(new Reserved('t', 2, { a: [1] }))).to.deep.equal({ target: 'inst.plan:Reserved', called: true, width: 2, kwargs: { target: 't', __meta__: { a: [1] } }, __dense_spec__: true });
      expect(dictOf(new Reserved('t', 2))).to.deep.equal({ target: 'inst.plan:Reserved', called: true, width: 2, kwargs: { target: 't' }, __dense_spec__: true });
      expect(dictOf(new Reserved(undefined as unknown as string, 2))).to.deep.equal({ target: 'inst.plan:Reserved', called: true, width: 2, __dense_spec__: true });
      const error = expectError(() => dictOf(new Reserved('t', 2, [Symbol('s')])), 'NOT_SERIALIZABLE', 'kwargs.__meta__[0]');
      expect(error.message).to.include('symbol');
      const rebuilt = build<Reserved>(dictOf(new Reserved('t', 3, 1)));
      expect([rebuilt.target, rebuilt.width, rebuilt.__meta__]).to.deep.equal(['t', 3, 1]);
    });
  });

  describe('regressions', () => {
    it('a tracked subclass of Map is written as its spec, not as a Map tag', () => {
      @registry.configurable('inst')
      class Vocab extends Map<string, number> {
        constructor(readonly words: string[]) {
          super(words.map((w, i) => [w, i]));
        }
      }
      const vocab = new Vocab(['a', 'b']);
      const dict = dictOf(vocab);
      expect(dict).to.deep.equal({ target: 'inst:Vocab', called: true, words: ['a', 'b'], __dense_spec__: true });
      const rebuilt = build<Vocab>(dict);
      expect(rebuilt).to.be.instanceOf(Vocab);
      expect(rebuilt.get('b')).to.equal(1);
    });
  });
});
