import { expect } from 'chai';
import { inspect } from 'node:util';
import { asdict, defaultRegistry, isSpec, Registry, Spec } from '../src/index.js';
import { registryOf } from '../src/spec.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

const registry = new Registry();

@registry.configurable({ namespace: 'optim', aliases: ['OldAdam', 'legacy:Adam'] })
class Adam {
  constructor(public params: number[], public lr = 1e-3, public betas: [number, number] = [0.9, 0.999]) {}
}

function square(x: number): number {
  return x * x;
}
registry.configurable('math', square);

const relu = registry.configurable('nn', function relu(x: number): number {
  return Math.max(0, x);
});

function createModel(numLayers: number, activation: (x: number) => number): { numLayers: number; activation: (x: number) => number } {
  return { numLayers, activation };
}
registry.configurable('models', createModel);

// Parameters named like the reserved keys of a spec dict.
function reserved(target: unknown, args?: unknown, kwargs?: unknown, plain?: unknown): unknown[] {
  return [target, args, kwargs, plain];
}
registry.configurable('h2spec', reserved);

function wrap(inner: unknown = undefined): unknown {
  return { inner };
}
registry.configurable('t', wrap);

class NotRegistered {
  constructor(public a = 1) {}
}

/** Runs `fn`, expecting a ConfigSpecError with `code` and `path`; returns it for more checks. */
function adam(kwargs: Record<string, unknown> = {}, args: unknown[] = []): Spec<Adam> {
  return new Spec(Adam, kwargs, { registry, args });
}

describe(`Spec (${decoratorMode})`, () => {
  describe('construction', () => {
    it('takes a registered class and resolves its canonical name', () => {
      const spec = adam({ lr: 0.1 });
      expect(spec.target).to.equal('optim:Adam');
      expect(spec.kwargs).to.deep.equal({ lr: 0.1 });
      expect(spec.args).to.deep.equal([]);
      expect(spec.called).to.equal(false);
      expect(spec.recursive).to.equal(true);
      expect(spec).to.be.instanceOf(Spec);
      expect(isSpec(spec)).to.equal(true);
    });

    it('takes a registered function', () => {
      const spec = new Spec(square, {}, { registry, args: [3], called: true });
      expect(spec.target).to.equal('math:square');
      expect(spec.args).to.deep.equal([3]);
      expect(spec.called).to.equal(true);
      expect(spec.instantiate()).to.equal(9);
    });

    it('takes a registered name', () => {
      const spec = new Spec<Adam>('optim:Adam', { lr: 0.1 }, { registry });
      expect(spec.target).to.equal('optim:Adam');
      expect(spec.kwargs).to.deep.equal({ lr: 0.1 });
    });

    it('takes an alias and stores the canonical name', () => {
      expect(new Spec('optim:OldAdam', { lr: 0.1 }, { registry }).target).to.equal('optim:Adam');
      expect(new Spec('legacy:Adam', { lr: 0.1 }, { registry }).target).to.equal('optim:Adam');
      expect(asdict(new Spec('optim:OldAdam', { lr: 0.1 }, { registry }))).to.deep.equal({ target: 'optim:Adam', lr: 0.1, __dense_spec__: true });
    });

    it('takes args, called and recursive options', () => {
      const spec = new Spec(Adam, { lr: 0.1 }, { registry, args: [[1, 2]], called: true, recursive: false });
      expect(spec.args).to.deep.equal([[1, 2]]);
      expect(spec.called).to.equal(true);
      expect(spec.recursive).to.equal(false);
    });

    it('drops undefined keyword values', () => {
      const spec = adam({ lr: undefined, betas: [0.5, 0.5] });
      expect(Object.keys(spec.kwargs)).to.deep.equal(['betas']);
    });

    it('keeps keyword insertion order', () => {
      expect(Object.keys(adam({ betas: [0.5, 0.5], lr: 1, params: [] }).kwargs)).to.deep.equal(['betas', 'lr', 'params']);
    });

    it('copies the input kwargs and args and leaves them unchanged and unfrozen', () => {
      const kwargs = { lr: 0.1, betas: [0.9, 0.99] as [number, number] };
      const args = [[1, 2]];
      const spec = new Spec(Adam, kwargs, { registry, args });
      expect(spec.kwargs).to.not.equal(kwargs);
      expect(spec.args).to.not.equal(args);
      expect(Object.isFrozen(kwargs)).to.equal(false);
      expect(Object.isFrozen(args)).to.equal(false);
      expect(kwargs).to.deep.equal({ lr: 0.1, betas: [0.9, 0.99] });
      expect(args).to.deep.equal([[1, 2]]);
      kwargs.lr = 5;
      args.push([3]);
      expect(spec.kwargs.lr).to.equal(0.1);
      expect(spec.args).to.have.length(1);
    });

    it('throws UNKNOWN_TARGET for an unknown name, suggesting the closest', () => {
      const error = expectError(() => new Spec('optim:Adma', {}, { registry }), 'UNKNOWN_TARGET', '');
      expect(error.target).to.equal('optim:Adma');
      expect(error.message).to.contain('optim:Adma').and.contain('did you mean "optim:Adam"');
    });

    it('throws UNKNOWN_TARGET for an unregistered class or function', () => {
      const error = expectError(() => new Spec(NotRegistered, {}, { registry }), 'UNKNOWN_TARGET', '');
      expect(error.message).to.contain('NotRegistered');
      expectError(() => new Spec((x: number) => x, {}, { registry }), 'UNKNOWN_TARGET', '');
    });

    it('throws UNKNOWN_TARGET for a target that is neither a function nor a string', () => {
      for (const target of [null, undefined, 3, {}, []]) {
        expectError(() => new Spec(target as string, {}, { registry }), 'UNKNOWN_TARGET', '');
      }
    });

    it('resolves names in the given registry only', () => {
      expectError(() => new Spec('math:square'), 'UNKNOWN_TARGET', '');
      expectError(() => new Spec(square), 'UNKNOWN_TARGET', '');
    });

    it('throws UNKNOWN_PARAMETER at creation, listing the valid names and the closest', () => {
      const error = expectError(() => adam({ lrr: 0.1 }), 'UNKNOWN_PARAMETER', 'lrr');
      expect(error.target).to.equal('optim:Adam');
      expect(error.message).to.contain('optim:Adam').and.contain('"lrr"').and.contain('did you mean "lr"');
      expect(error.message).to.contain('Valid names: params, lr, betas');
    });

    it('omits the suggestion when nothing is close', () => {
      const error = expectError(() => adam({ somethingElseEntirely: 1 }), 'UNKNOWN_PARAMETER', 'somethingElseEntirely');
      expect(error.message).to.not.contain('did you mean');
      expect(error.message).to.contain('Valid names: params, lr, betas');
    });

    it('points UNKNOWN_PARAMETER of a reserved or odd name at its place in the dict', () => {
      expectError(() => adam({ target: 1 }), 'UNKNOWN_PARAMETER', 'kwargs.target');
      expectError(() => adam({ __x__: 1 }), 'UNKNOWN_PARAMETER', 'kwargs.__x__');
      expectError(() => adam({ 'key with space': 1 }), 'UNKNOWN_PARAMETER', '["key with space"]');
    });

    it('throws INVALID_SPEC_DICT for a position bound twice', () => {
      const error = expectError(() => adam({ params: [1] }, [[2]]), 'INVALID_SPEC_DICT', 'params');
      expect(error.target).to.equal('optim:Adam');
      expect(error.message).to.contain('"params"').and.contain('twice');
      expectError(() => adam({ lr: 1 }, [[1], 0.5]), 'INVALID_SPEC_DICT', 'lr');
      expectError(() => new Spec(reserved, { target: 'x' }, { registry, args: ['y'] }), 'INVALID_SPEC_DICT', 'kwargs.target');
    });

    it('throws for malformed arguments of new Spec', () => {
      expectError(() => new Spec(Adam, 5 as never, { registry }), 'INVALID_SPEC_DICT', '');
      expectError(() => new Spec(Adam, null as never, { registry }), 'INVALID_SPEC_DICT', '');
      expectError(() => new Spec(Adam, [1] as never, { registry }), 'INVALID_SPEC_DICT', '');
      expectError(() => new Spec(Adam, {}, { registry, args: 'x' as never }), 'INVALID_SPEC_DICT', '');
      expectError(() => new Spec(Adam, {}, { registry, called: 'yes' as never }), 'INVALID_SPEC_DICT', '');
      expectError(() => new Spec(Adam, {}, { registry, recursive: 0 as never }), 'INVALID_SPEC_DICT', '');
      expectError(() => new Spec(Adam, {}, null as never), 'INVALID_SPEC_DICT', '');
    });
  });

  describe('immutability', () => {
    it('freezes the spec and its args and kwargs containers', () => {
      const spec = adam({ lr: 0.1 }, [[1]]);
      expect(Object.isFrozen(spec)).to.equal(true);
      expect(Object.isFrozen(spec.args)).to.equal(true);
      expect(Object.isFrozen(spec.kwargs)).to.equal(true);
      for (const key of ['target', 'args', 'kwargs', 'called', 'recursive']) {
        const descriptor = Object.getOwnPropertyDescriptor(spec, key);
        expect(descriptor?.writable, key).to.equal(false);
        expect(descriptor?.configurable, key).to.equal(false);
        expect(descriptor?.enumerable, key).to.equal(true);
      }
      expect(Object.keys(spec)).to.deep.equal(['target', 'args', 'kwargs', 'called', 'recursive']);
    });

    it('throws on assignment in strict mode', () => {
      const spec = adam({ lr: 0.1 }, [[1]]);
      const open = spec as unknown as Record<string, unknown>;
      expect(() => { open.target = 'optim:Other'; }).to.throw(TypeError);
      expect(() => { open.called = true; }).to.throw(TypeError);
      expect(() => { open.extra = 1; }).to.throw(TypeError);
      expect(() => { delete open.kwargs; }).to.throw(TypeError);
      expect(() => { (spec.kwargs as Record<string, unknown>).lr = 2; }).to.throw(TypeError);
      expect(() => { (spec.kwargs as Record<string, unknown>).betas = [0, 0]; }).to.throw(TypeError);
      expect(() => { (spec.args as unknown[]).push(1); }).to.throw(TypeError);
      expect(() => { (spec.args as unknown[])[0] = 1; }).to.throw(TypeError);
      expect(spec.target).to.equal('optim:Adam');
      expect(spec.kwargs).to.deep.equal({ lr: 0.1 });
      expect(spec.args).to.deep.equal([[1]]);
    });

    it('does not deep-freeze the values inside', () => {
      const betas: [number, number] = [0.9, 0.99];
      const params = [1, 2];
      const spec = adam({ betas }, [params]);
      expect(spec.kwargs.betas).to.equal(betas);
      expect(spec.args[0]).to.equal(params);
      expect(Object.isFrozen(betas)).to.equal(false);
      expect(Object.isFrozen(params)).to.equal(false);
      betas[0] = 0.5;
      expect((spec.kwargs.betas as number[])[0]).to.equal(0.5);
    });
  });

  describe('.partial()', () => {
    it('merges keyword arguments over the existing ones and returns a new Spec', () => {
      const base = adam({ lr: 0.1, betas: [0.9, 0.99] });
      const next = base.partial({ lr: 0.2, params: [1] });
      expect(next).to.be.instanceOf(Spec);
      expect(next).to.not.equal(base);
      expect(next.kwargs).to.deep.equal({ lr: 0.2, betas: [0.9, 0.99], params: [1] });
      expect(Object.keys(next.kwargs)).to.deep.equal(['lr', 'betas', 'params']);
      expect(next.called).to.equal(false);
      expect(next.target).to.equal('optim:Adam');
      expect(Object.isFrozen(next)).to.equal(true);
      expect(Object.isFrozen(next.kwargs)).to.equal(true);
      expect(base.kwargs).to.deep.equal({ lr: 0.1, betas: [0.9, 0.99] });
    });

    it('appends positional arguments', () => {
      const base = new Spec(Adam, {}, { registry, args: [[1]] });
      const next = base.partial({}, 0.5, [0.1, 0.2]);
      expect(next.args).to.deep.equal([[1], 0.5, [0.1, 0.2]]);
      expect(Object.isFrozen(next.args)).to.equal(true);
      expect(base.args).to.deep.equal([[1]]);
    });

    it('removes a keyword given as undefined', () => {
      const next = adam({ lr: 0.1, betas: [0.9, 0.99] }).partial({ lr: undefined });
      expect(next.kwargs).to.deep.equal({ betas: [0.9, 0.99] });
      expect(Object.hasOwn(next.kwargs, 'lr')).to.equal(false);
    });

    it('with no arguments is an equal new spec', () => {
      const base = adam({ lr: 0.1 }, [[1]]);
      const next = base.partial();
      expect(next).to.not.equal(base);
      expect(next).to.deep.equal(base);
    });

    it('keeps recursive and the registry', () => {
      const base = new Spec(Adam, {}, { registry, recursive: false });
      const next = base.partial({ lr: 1 });
      expect(next.recursive).to.equal(false);
      expect(registryOf(next)).to.equal(registry);
      expect(next.call().recursive).to.equal(false);
    });

    it('checks keyword names and bindings like new Spec, leaving the original unchanged', () => {
      const base = adam({ params: [1] });
      const error = expectError(() => base.partial({ lrr: 1 }), 'UNKNOWN_PARAMETER', 'lrr');
      expect(error.message).to.contain('did you mean "lr"');
      expectError(() => base.partial({}, [2]), 'INVALID_SPEC_DICT', 'params');
      expect(base.kwargs).to.deep.equal({ params: [1] });
      expect(base.args).to.deep.equal([]);
    });

    it('throws INVALID_OVERRIDE when kwargs is not an object', () => {
      const error = expectError(() => adam().partial(5 as never), 'INVALID_OVERRIDE', '');
      expect(error.target).to.equal('optim:Adam');
      expectError(() => adam().partial([1] as never), 'INVALID_OVERRIDE', '');
      expectError(() => adam().partial(null as never), 'INVALID_OVERRIDE', '');
    });

    it('throws INVALID_OVERRIDE on a called spec', () => {
      const called = adam({ lr: 0.1 }).call();
      const error = expectError(() => called.partial({ lr: 0.2 }), 'INVALID_OVERRIDE', '');
      expect(error.target).to.equal('optim:Adam');
      expect(error.message).to.contain('optim:Adam');
      expect(called.kwargs).to.deep.equal({ lr: 0.1 });
    });
  });

  describe('.call()', () => {
    it('marks the spec called, merging keywords and appending args', () => {
      const base = adam({ lr: 0.1 });
      const called = base.call({ betas: [0.5, 0.5] }, [1, 2]);
      expect(called.called).to.equal(true);
      expect(called.kwargs).to.deep.equal({ lr: 0.1, betas: [0.5, 0.5] });
      expect(called.args).to.deep.equal([[1, 2]]);
      expect(base.called).to.equal(false);
      expect(base.args).to.deep.equal([]);
      const built: Adam = called.instantiate();
      expect(built).to.be.instanceOf(Adam);
      expect(built).to.deep.include({ params: [1, 2], lr: 0.1, betas: [0.5, 0.5] });
    });

    it('builds a function call', () => {
      expect(new Spec(square, {}, { registry }).call({}, 5).instantiate()).to.equal(25);
      expect(new Spec(square, { x: 6 }, { registry }).call().instantiate()).to.equal(36);
    });

    it('throws INVALID_OVERRIDE on a called spec', () => {
      const called = new Spec(square, {}, { registry, called: true, args: [2] });
      const error = expectError(() => called.call(), 'INVALID_OVERRIDE', '');
      expect(error.target).to.equal('math:square');
      expectError(() => called.call({}, 3), 'INVALID_OVERRIDE', '');
    });

    it('throws INVALID_SPEC_DICT for a position bound twice', () => {
      expectError(() => new Spec(square, { x: 1 }, { registry }).call({}, 2), 'INVALID_SPEC_DICT', 'x');
    });
  });

  describe('.toString() and inspect', () => {
    it('writes a partial spec as partial(target, ...)', () => {
      expect(adam({ lr: 0.001 }).toString()).to.equal('<Spec: partial(optim:Adam, lr=0.001)>');
      expect(adam().toString()).to.equal('<Spec: partial(optim:Adam)>');
    });

    it('writes a called spec as target(...)', () => {
      expect(adam({ lr: 0.001 }).call().toString()).to.equal('<Spec: optim:Adam(lr=0.001)>');
      expect(adam().call().toString()).to.equal('<Spec: optim:Adam()>');
    });

    it('writes positional arguments before keywords', () => {
      expect(new Spec(square, {}, { registry, args: [3], called: true }).toString()).to.equal('<Spec: math:square(3)>');
      expect(adam({ lr: 0.001 }, [[1, 2]]).toString()).to.equal('<Spec: partial(optim:Adam, [ 1, 2 ], lr=0.001)>');
      expect(adam({ lr: 0.001 }, [[1, 2]]).call().toString()).to.equal('<Spec: optim:Adam([ 1, 2 ], lr=0.001)>');
    });

    it('writes strings quoted and nested specs inline', () => {
      expect(new Spec(reserved, { target: 'a b' }, { registry }).toString()).to.equal("<Spec: partial(h2spec:reserved, target='a b')>");
      const model = new Spec(createModel, { numLayers: 3, activation: new Spec(relu, {}, { registry }) }, { registry, called: true });
      expect(model.toString()).to.equal('<Spec: models:createModel(numLayers=3, activation=partial(nn:relu))>');
      const deeper = new Spec(createModel, { activation: new Spec(square, {}, { registry, args: [2], called: true }) }, { registry });
      expect(deeper.toString()).to.equal('<Spec: partial(models:createModel, activation=math:square(2))>');
    });

    it('is what util.inspect and template strings show', () => {
      const spec = adam({ lr: 0.001 });
      expect(inspect(spec)).to.equal('<Spec: partial(optim:Adam, lr=0.001)>');
      expect(String(spec)).to.equal('<Spec: partial(optim:Adam, lr=0.001)>');
      expect(inspect({ tx: spec })).to.equal('{ tx: <Spec: partial(optim:Adam, lr=0.001)> }');
    });
  });

  describe('.toDict() and .toJSON()', () => {
    it('toDict gives the dense dict as a new plain object each time', () => {
      const spec = adam({ lr: 0.001 });
      const dict = spec.toDict();
      expect(dict).to.deep.equal({ target: 'optim:Adam', lr: 0.001, __dense_spec__: true });
      expect(Object.getPrototypeOf(dict)).to.equal(Object.prototype);
      expect(spec.toDict()).to.not.equal(dict);
      dict.lr = 5;
      expect(spec.kwargs.lr).to.equal(0.001);
    });

    it('toJSON equals toDict, so JSON.stringify writes the dense dict', () => {
      const spec = new Spec(createModel, { numLayers: 3, activation: new Spec(relu, {}, { registry }) }, { registry });
      expect(spec.toJSON()).to.deep.equal(spec.toDict());
      expect(JSON.stringify(spec)).to.equal('{"target":"models:createModel","numLayers":3,"activation":{"target":"nn:relu","__dense_spec__":true},"__dense_spec__":true}');
      expect(JSON.stringify({ tx: adam({ lr: 0.001 }).call({}, [1]) })).to.equal('{"tx":{"target":"optim:Adam","args":[[1]],"called":true,"lr":0.001,"__dense_spec__":true}}');
    });

    it('toDict throws NOT_SERIALIZABLE with the path of a bad value', () => {
      const error = expectError(() => new Spec(wrap, { inner: Symbol('lr') }, { registry }).toDict(), 'NOT_SERIALIZABLE', 'inner');
      expect(error.message).to.contain('symbol');
      expectError(() => adam({}, [[1, Symbol('s')]]).toDict(), 'NOT_SERIALIZABLE', 'args[0][1]');
    });

    it('toDict writes NaN as a tagged value (issue 3), and fromDict reads it back', () => {
      const dict = adam({ lr: Number.NaN }).toDict();
      expect(dict).to.deep.equal({ target: 'optim:Adam', lr: { __value__: 'number', data: 'NaN' }, __dense_spec__: true });
      expect(Number.isNaN(Spec.fromDict<Spec>(dict, { registry }).kwargs.lr)).to.equal(true);
    });

    it('toDict of a spec holding an unregistered function names the function', () => {
      const error = expectError(() => new Spec(createModel, { activation: function leaky(x: number): number { return x; } }, { registry }).toDict(), 'NOT_SERIALIZABLE', 'activation');
      expect(error.message).to.contain('leaky');
    });
  });

  describe('registries', () => {
    const other = new Registry();
    class OnlyHere {
      constructor(public size = 1) {}
    }
    other.configurable('h2spec.only', OnlyHere);

    it('a spec remembers the registry it was made with', () => {
      const spec = new Spec(OnlyHere, { size: 2 }, { registry: other });
      expect(registryOf(spec)).to.equal(other);
      expect(registryOf(adam())).to.equal(registry);
      expect(defaultRegistry.has('h2spec.only:OnlyHere')).to.equal(false);
    });

    it('partial, call, toDict and instantiate use that registry', () => {
      const spec = new Spec(OnlyHere, { size: 2 }, { registry: other });
      expect(spec.partial({ size: 3 }).kwargs).to.deep.equal({ size: 3 });
      expect(spec.toDict()).to.deep.equal({ target: 'h2spec.only:OnlyHere', size: 2, __dense_spec__: true });
      const built = spec.call().instantiate();
      expect(built).to.be.instanceOf(OnlyHere);
      expect(built.size).to.equal(2);
      expectError(() => spec.partial({ sise: 3 }), 'UNKNOWN_PARAMETER', 'sise');
    });

    it('the name is unknown to other registries', () => {
      expectError(() => new Spec(OnlyHere, {}, { registry }), 'UNKNOWN_TARGET', '');
      const error = expectError(() => new Spec('h2spec.only:OnlyHere', {}, { registry }), 'UNKNOWN_TARGET', '');
      expect(error.target).to.equal('h2spec.only:OnlyHere');
    });
  });

  describe('isSpec', () => {
    it('is false for everything that is not a spec', () => {
      const values: unknown[] = [null, undefined, 0, 'optim:Adam', {}, [], Adam, { target: 'optim:Adam', __dense_spec__: true }, adam().toDict(), Object.create(null)];
      for (const value of values) expect(isSpec(value), inspect(value)).to.equal(false);
    });

    it('recognises a spec of another copy of the package by its registered brand', () => {
      class OtherSpec {
        readonly target = 'optim:Adam';
        readonly args: readonly unknown[] = [];
        readonly kwargs = { lr: 0.5 };
        readonly called = false;
        readonly recursive = true;
      }
      Object.defineProperty(OtherSpec.prototype, Symbol.for('config-spec.spec'), { value: true });
      const fake = new OtherSpec();
      expect(isSpec(fake)).to.equal(true);
      expect(fake instanceof Spec).to.equal(false);
      expect(asdict(fake, { registry })).to.deep.equal({ target: 'optim:Adam', lr: 0.5, __dense_spec__: true });
      const tree = Spec.fromDict<{ a: unknown }>({ a: fake }, { registry });
      expect(tree.a).to.equal(fake);
    });

    it('is false for a local, unregistered symbol of the same description', () => {
      const fake = Object.create({ [Symbol('config-spec.spec')]: true }) as object;
      expect(isSpec(fake)).to.equal(false);
    });
  });

  describe('types', () => {
    it('a called Spec<R> builds to R and a partial one to a function returning R', () => {
      const called: Spec<Adam, true> = adam({ lr: 0.2 }).call({}, [1]);
      const built: Adam = called.instantiate();
      expect(built.lr).to.equal(0.2);
      const partial = adam({ lr: 0.3 });
      const make: (...args: unknown[]) => Adam = partial.instantiate();
      expect(make([1]).lr).to.equal(0.3);
    });
  });

  describe('regressions', () => {
    it('toString of a 5,000-deep spec and of a spec whose kwargs contain itself is short, not a RangeError', () => {
      let deep = new Spec(wrap, {}, { registry });
      for (let i = 0; i < 5000; i++) deep = new Spec(wrap, { inner: deep }, { registry });
      const text = deep.toString();
      expect(text.length).to.be.below(300);
      expect(text).to.match(/^<Spec: partial\(t:wrap, inner=partial\(t:wrap, inner=/);
      expect(text).to.contain('partial(t:wrap, …)');
      const box: Record<string, unknown> = {};
      const cyclic = new Spec(wrap, { inner: box }, { registry });
      box.self = cyclic;
      expect(cyclic.toString().length).to.be.below(500);
    });

    it('.partial()/.call() work on specs made by .partial() and read from dicts (private #extend threw TypeError)', () => {
      const twice = adam({ lr: 0.1 }).partial({ betas: [0.5, 0.5] }).partial({ lr: 0.2 });
      expect(twice.kwargs).to.deep.equal({ lr: 0.2, betas: [0.5, 0.5] });
      const called = adam().partial({ lr: 0.3 }).call({}, [1]);
      expect(called.called).to.equal(true);
      expect(called.args).to.deep.equal([[1]]);
      const read = Spec.fromDict<Spec<Adam>>({ target: 'optim:Adam', lr: 0.4, __dense_spec__: true }, { registry });
      expect(read.partial({ betas: [0.1, 0.2] }).kwargs).to.deep.equal({ lr: 0.4, betas: [0.1, 0.2] });
      const built = read.call({}, [7]).instantiate();
      expect(built).to.be.instanceOf(Adam);
      expect(built.lr).to.equal(0.4);
      const error = expectError(() => called.partial(), 'INVALID_OVERRIDE', '');
      expect(error.target).to.equal('optim:Adam');
    });

    it('a __proto__ keyword is UNKNOWN_PARAMETER at kwargs.__proto__ naming the target', () => {
      const kwargs = JSON.parse('{"__proto__": 1}') as Record<string, unknown>;
      const error = expectError(() => adam(kwargs), 'UNKNOWN_PARAMETER', 'kwargs.__proto__');
      expect(error.target).to.equal('optim:Adam');
      const error2 = expectError(() => adam().partial(kwargs), 'UNKNOWN_PARAMETER', 'kwargs.__proto__');
      expect(error2.target).to.equal('optim:Adam');
    });
  });
});
