import { expect } from 'chai';
import fc from 'fast-check';
import { asdict, ConfigSpecError, defaultRegistry, MAX_DEPTH, partial, Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

const registry = new Registry();

@registry.configurable({ namespace: 'optim', aliases: ['OldAdam'] })
class Adam {
  constructor(public params: number[], public lr = 1e-3, public betas: [number, number] = [0.9, 0.999]) {}
}

class Factory {
  @registry.configurable('h2asdict')
  static create(size = 1): { size: number } {
    return { size };
  }
}

function square(x: number): number {
  return x * x;
}
registry.configurable('math', square);

const relu = registry.configurable('nn', function relu(x: number): number {
  return Math.max(0, x);
});

function createModel(numLayers = 1, activation: unknown = undefined, layers: unknown[] = []): unknown {
  return { numLayers, activation, layers };
}
registry.configurable('models', createModel);

function layer(size = 1, act: unknown = undefined): unknown {
  return { size, act };
}
registry.configurable('models', layer);

function escaped(target: unknown = undefined, plain: unknown = undefined): unknown[] {
  return [target, plain];
}
registry.configurable('h2asdict', escaped);

class Untracked {
  constructor(public a = 1) {}
}

// Registered by a call, not decorated: its instances are not tracked (DESIGN §2).
class RegisteredUntracked {
  constructor(public a = 1) {}
}
registry.configurable('h2asdict', RegisteredUntracked);

const write = (tree: unknown): unknown => asdict(tree, { registry });

/** Expects NOT_SERIALIZABLE at `path` for `tree`, which must stay unchanged. */
function expectNotSerializable(tree: unknown, path: string): ConfigSpecError {
  return expectError(() => write(tree), 'NOT_SERIALIZABLE', path);
}

describe(`asdict (${decoratorMode})`, () => {
  describe('what it writes', () => {
    it('a Spec → its dense dict', () => {
      expect(write(new Spec(Adam, { lr: 0.001 }, { registry }))).to.deep.equal({ target: 'optim:Adam', lr: 0.001, __dense_spec__: true });
      expect(write(new Spec(square, {}, { registry, args: [2], called: true }))).to.deep.equal({ target: 'math:square', args: [2], called: true, __dense_spec__: true });
    });

    it('a registered function, class or static method → {target, __dense_spec__: true}', () => {
      expect(JSON.stringify(write(relu))).to.equal('{"target":"nn:relu","__dense_spec__":true}');
      expect(write(square)).to.deep.equal({ target: 'math:square', __dense_spec__: true });
      expect(write(Adam)).to.deep.equal({ target: 'optim:Adam', __dense_spec__: true });
      expect(write(Factory.create)).to.deep.equal({ target: 'h2asdict:Factory.create', __dense_spec__: true });
      expect(write({ act: relu, list: [square] })).to.deep.equal({ act: { target: 'nn:relu', __dense_spec__: true }, list: [{ target: 'math:square', __dense_spec__: true }] });
    });

    it('a partial() function → its spec dict', () => {
      expect(write(registry.partial(Adam, { lr: 0.1 }))).to.deep.equal({ target: 'optim:Adam', lr: 0.1, __dense_spec__: true });
      expect(write(registry.partial(square, {}, 3))).to.deep.equal({ target: 'math:square', args: [3], __dense_spec__: true });
      expect(write(registry.partial('optim:OldAdam', { lr: 0.1 }))).to.deep.equal({ target: 'optim:Adam', lr: 0.1, __dense_spec__: true });
      const nested = registry.partial(createModel, { activation: relu, layers: [new Spec(layer, { size: 2 }, { registry, called: true })] });
      expect(JSON.stringify(write(nested))).to.equal(
        '{"target":"models:createModel","activation":{"target":"nn:relu","__dense_spec__":true},'
        + '"layers":[{"target":"models:layer","called":true,"size":2,"__dense_spec__":true}],"__dense_spec__":true}',
      );
    });

    it('a partial function built by instantiate → the dict it was built from', () => {
      const dict = {
        target: 'models:createModel',
        numLayers: 3,
        activation: { target: 'nn:relu', __dense_spec__: true },
        layers: [{ target: 'models:layer', called: true, size: 4, __dense_spec__: true }],
        __dense_spec__: true,
      };
      const built = Spec.instantiate<() => unknown>(dict, { registry });
      expect(built).to.be.a('function');
      expect(write(built)).to.deep.equal(dict);
      expect(write({ model: built })).to.deep.equal({ model: dict });
      const spec = new Spec(Adam, { lr: 0.2 }, { registry });
      expect(write(spec.instantiate())).to.deep.equal(spec.toDict());
      const withArgs = new Spec(square, {}, { registry, args: [new Spec(square, {}, { registry, args: [2], called: true })] });
      expect(write(withArgs.instantiate())).to.deep.equal({ target: 'math:square', args: [{ target: 'math:square', args: [2], called: true, __dense_spec__: true }], __dense_spec__: true });
    });

    it('a partial spec of a class with nothing bound → a partial function → {target}', () => {
      const built = new Spec(Adam, {}, { registry }).instantiate();
      expect(built).to.not.equal(Adam);
      expect(write(built)).to.deep.equal({ target: 'optim:Adam', __dense_spec__: true });
    });

    it('a partial spec of a function with nothing bound → the function itself → {target}', () => {
      const built = new Spec(relu, {}, { registry }).instantiate();
      expect(built).to.equal(relu);
      expect(write(built)).to.deep.equal({ target: 'nn:relu', __dense_spec__: true });
    });

    it('JSON primitives as they are', () => {
      for (const value of [0, 1, -1.5, 1e300, Number.MAX_SAFE_INTEGER, '', 'text', true, false, null]) expect(write(value)).to.equal(value);
    });

    it('plain objects and arrays → new containers with the same content', () => {
      const tree = { a: [1, { b: [2, [3]] }], c: { d: 'e' }, empty: {}, none: [] as unknown[] };
      const before = structuredClone(tree);
      const out = write(tree) as typeof tree;
      expect(out).to.deep.equal(before);
      expect(tree).to.deep.equal(before);
      expect(out).to.not.equal(tree);
      expect(out.a).to.not.equal(tree.a);
      expect(out.a[1]).to.not.equal(tree.a[1]);
      expect(out.c).to.not.equal(tree.c);
      expect(out.empty).to.not.equal(tree.empty);
      expect(out.none).to.not.equal(tree.none);
      expect(Object.keys(out)).to.deep.equal(['a', 'c', 'empty', 'none']);
    });

    it('a null-prototype object → a plain object', () => {
      const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
      const out = write({ bare }) as { bare: object };
      expect(Object.getPrototypeOf(out.bare)).to.equal(Object.prototype);
      expect(out.bare).to.deep.equal({ a: 1 });
    });

    it('a spec dict given as data → copied as it is', () => {
      const tree = { x: { target: 'optim:Adam', lr: 1, __dense_spec__: true }, y: { target: 'not:Checked' } };
      const out = write(tree) as typeof tree;
      expect(out).to.deep.equal(tree);
      expect(out.x).to.not.equal(tree.x);
    });

    it('values JSON cannot hold exactly → tagged values (issue 3), at any depth', () => {
      expect(write({ n: [Number.NaN, Infinity, -Infinity, -0, 0] })).to.deep.equal({
        n: [
          { __value__: 'number', data: 'NaN' },
          { __value__: 'number', data: 'Infinity' },
          { __value__: 'number', data: '-Infinity' },
          { __value__: 'number', data: '-0' },
          0,
        ],
      });
      expect(write(0)).to.equal(0);
      expect(Object.is(write(0), 0)).to.equal(true);
      expect(write(-0)).to.deep.equal({ __value__: 'number', data: '-0' });
      expect(write({ n: [1n, -5n] })).to.deep.equal({ n: [{ __value__: 'bigint', data: '1' }, { __value__: 'bigint', data: '-5' }] });
      expect(write(new Date(0))).to.deep.equal({ __value__: 'Date', data: '1970-01-01T00:00:00.000Z' });
      expect(write(new Map([['a', 1]]))).to.deep.equal({ __value__: 'Map', data: [['a', 1]] });
      expect(write(new Set([1]))).to.deep.equal({ __value__: 'Set', data: [1] });
      expect(write(/re/g)).to.deep.equal({ __value__: 'RegExp', data: { source: 're', flags: 'g' } });
      expect(write(new Uint8Array(2))).to.deep.equal({ __value__: 'Uint8Array', data: [0, 0] });
    });

    it('undefined inside arrays, in array holes, in positional args and at the root → {"__value__": "undefined"}', () => {
      const undef = { __value__: 'undefined' };
      expect(write({ a: [1, undefined] })).to.deep.equal({ a: [1, undef] });
      expect(write(undefined)).to.deep.equal(undef);
      expect(write({ a: [1, , 3] })).to.deep.equal({ a: [1, undef, 3] });
      expect(write(new Spec(square, {}, { registry, args: [undefined] }))).to.deep.equal({ target: 'math:square', args: [undef], __dense_spec__: true });
    });

    it('drops undefined object values', () => {
      const out = write({ a: undefined, b: 1, c: { d: undefined } });
      expect(out).to.deep.equal({ b: 1, c: {} });
      expect(Object.keys(out as object)).to.deep.equal(['b', 'c']);
    });

    it('writes specs inside containers inside specs', () => {
      const tree = {
        model: new Spec(createModel, { layers: [new Spec(layer, { size: 1 }, { registry }), { deep: [new Spec(relu, {}, { registry })] }] }, { registry, called: true }),
      };
      expect(JSON.stringify(write(tree))).to.equal(
        '{"model":{"target":"models:createModel","called":true,"layers":[{"target":"models:layer","size":1,"__dense_spec__":true},'
        + '{"deep":[{"target":"nn:relu","__dense_spec__":true}]}],"__dense_spec__":true}}',
      );
    });
  });

  describe('NOT_SERIALIZABLE', () => {
    it('an unregistered function, naming it', () => {
      const error = expectNotSerializable({ a: { f: function leaky(x: number): number { return x; } } }, 'a.f');
      expect(error.message).to.contain('leaky');
      expectNotSerializable([(x: number) => x], '[0]');
      expectNotSerializable(Untracked, '');
      expectNotSerializable(relu.bind(null), '');
    });

    it('a function registered in another registry than the one given', () => {
      expectNotSerializable({ f: Math.max }, 'f');
      expectError(() => asdict({ f: square }), 'NOT_SERIALIZABLE', 'f');
      expect(defaultRegistry.nameOf(square)).to.equal(undefined);
    });

    it('class instances, naming the class', () => {
      const error = expectNotSerializable({ x: new Untracked() }, 'x');
      expect(error.message).to.contain('Untracked');
      // Objects with no tagged form (issue 3 tags Date, Map, Set, RegExp and typed arrays).
      for (const value of [new Error('e'), Promise.resolve(1), new Number(1), new String('s'), new Boolean(true), new ArrayBuffer(2), new DataView(new ArrayBuffer(2)), new WeakMap()]) {
        expectNotSerializable({ v: value }, 'v');
      }
      // An instance of a registered but untracked class.
      expect(expectNotSerializable({ tx: new RegisteredUntracked(2) }, 'tx').message).to.contain('RegisteredUntracked');
    });

    it('symbols', () => {
      const sym = expectNotSerializable({ s: Symbol('s') }, 's');
      expect(sym.message).to.contain('symbol');
      expectNotSerializable({ n: [1, Symbol.for('x')] }, 'n[1]');
    });

    it('reports paths as the JSON shows them', () => {
      expectNotSerializable({ model: { layers: [1, 2, { act: Symbol('x') }] } }, 'model.layers[2].act');
      expectNotSerializable({ 'key with space': Symbol('x') }, '["key with space"]');
      expectNotSerializable({ a: { 'key with space': [Symbol('x')] } }, 'a["key with space"][0]');
      expectNotSerializable({ a: { '': Symbol('x') } }, 'a[""]');
      expectNotSerializable({ a: { 'say "hi"': Symbol('x') } }, 'a["say \\"hi\\""]');
      expectNotSerializable({ a: { 0: Symbol('x') } }, 'a["0"]');
    });

    it('reports paths through specs: .args[i], keywords and .kwargs.name', () => {
      const model = new Spec(createModel, { layers: [new Spec(layer, {}, { registry }), 2, new Spec(layer, { act: Symbol('s') }, { registry })] }, { registry });
      expectNotSerializable({ model }, 'model.layers[2].act');
      expectNotSerializable({ x: new Spec(square, {}, { registry, args: [Symbol('s')] }) }, 'x.args[0]');
      expectNotSerializable({ x: new Spec(square, {}, { registry, args: [[1, [2, new Untracked()]]] }) }, 'x.args[0][1][1]');
      expectNotSerializable({ x: new Spec(escaped, { target: Symbol('s') }, { registry }) }, 'x.kwargs.target');
      expectNotSerializable({ x: new Spec(escaped, { plain: Symbol('s') }, { registry }) }, 'x.plain');
      expectNotSerializable(new Spec(escaped, { target: { deep: [Symbol('s')] } }, { registry }), 'kwargs.target.deep[0]');
    });

    it('reports paths through partial functions', () => {
      const fn = registry.partial(createModel, { activation: (x: number) => x });
      expectNotSerializable(fn, 'activation');
      expectNotSerializable({ m: [fn] }, 'm[0].activation');
      const built = new Spec(createModel, { activation: new Spec(layer, { act: Symbol('s') }, { registry }) }, { registry });
      expectNotSerializable({ m: built }, 'm.activation.act');
    });

    it('reports paths inside tagged values: Map entries and Set items are at .data[i][0|1] / .data[i]', () => {
      expectNotSerializable({ m: new Map<unknown, unknown>([[1, 2], [3, Symbol('s')]]) }, 'm.data[1][1]');
      expectNotSerializable({ m: new Map<unknown, unknown>([[Symbol('k'), 1]]) }, 'm.data[0][0]');
      expectNotSerializable({ s: [new Set([1, () => 1])] }, 's[0].data[1]');
    });

    it('the same plain container twice is written in full at both places, never as a reference (its copy shared, as the input shares it)', () => {
      const shared = { a: [1] };
      const out = write({ x: shared, y: [shared] }) as { x: unknown; y: unknown[] };
      expect(out).to.deep.equal({ x: { a: [1] }, y: [{ a: [1] }] });
      expect(JSON.stringify(out)).to.equal('{"x":{"a":[1]},"y":[{"a":[1]}]}');
      // Written once (a shared node is visited once): the result shares the copy.
      expect(out.x).to.equal(out.y[0]);
    });

    it('an own __proto__ key', () => {
      const tree = JSON.parse('{"a": {"__proto__": {"polluted": 1}}}') as unknown;
      const error = expectNotSerializable(tree, 'a.__proto__');
      expect(error.message).to.contain('__proto__');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('does not change the input when it fails', () => {
      const tree = { a: [1, { b: 2 }], c: Symbol('x') };
      const a = tree.a;
      expectNotSerializable(tree, 'c');
      expect(tree.a).to.equal(a);
      expect(tree.a).to.deep.equal([1, { b: 2 }]);
    });
  });

  describe('the registry option', () => {
    it('resolves function names in the given registry', () => {
      const other = new Registry();
      function local(n = 1): number {
        return n;
      }
      other.configurable('h2asdict.other', local);
      expect(asdict(local, { registry: other })).to.deep.equal({ target: 'h2asdict.other:local', __dense_spec__: true });
      expectError(() => asdict(local), 'NOT_SERIALIZABLE', '');
      expectError(() => asdict({ f: local }, { registry }), 'NOT_SERIALIZABLE', 'f');
    });

    it('writes specs and partials of any registry by their target name', () => {
      const other = new Registry();
      function local(n = 1): number {
        return n;
      }
      other.configurable('h2asdict.other', local);
      expect(asdict(new Spec(local, { n: 2 }, { registry: other }))).to.deep.equal({ target: 'h2asdict.other:local', n: 2, __dense_spec__: true });
      expect(asdict(other.partial(local, { n: 3 }))).to.deep.equal({ target: 'h2asdict.other:local', n: 3, __dense_spec__: true });
    });

    it('partial() without a registry resolves in defaultRegistry', () => {
      expectError(() => partial(square), 'UNKNOWN_TARGET', '');
    });
  });

  describe('the result', () => {
    const sample = (): unknown => ({
      tx: new Spec(Adam, { lr: 0.001 }, { registry }),
      model: new Spec(createModel, { numLayers: 3, activation: relu, layers: [registry.partial(layer, { size: 2 })] }, { registry, called: true }),
      fns: [square, Adam, Factory.create],
      odd: new Spec(escaped, { target: 't', plain: null }, { registry, recursive: false }),
      meta: { 'key with space': [1, 'a', true, null, {}] },
    });

    it('is plain JSON data', () => {
      const out = write(sample());
      expect(JSON.parse(JSON.stringify(out))).to.deep.equal(out);
      const check = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(check);
        else if (typeof value === 'object' && value !== null) {
          expect(Object.getPrototypeOf(value)).to.equal(Object.prototype);
          expect(Object.getOwnPropertySymbols(value)).to.deep.equal([]);
          Object.values(value).forEach(check);
        } else expect(['string', 'number', 'boolean'].includes(typeof value) || value === null, String(value)).to.equal(true);
      };
      check(out);
    });

    it('is idempotent: asdict(asdict(x)) deep-equals asdict(x)', () => {
      const once = write(sample());
      const twice = write(once);
      expect(twice).to.deep.equal(once);
      expect(JSON.stringify(twice)).to.equal(JSON.stringify(once));
    });

    it('reads back to equal specs', () => {
      const x = sample() as Record<string, unknown>;
      const back = Spec.fromDict(write(x), { registry });
      expect(back.tx).to.deep.equal(x.tx);
      expect(back.odd).to.deep.equal(x.odd);
      expect(write(back)).to.deep.equal(write(x));
    });

    it('JSON data is written unchanged (property)', () => {
      fc.assert(
        // Through JSON text first: fc.jsonValue() may give -0, which JSON writes as 0 (and asdict tags).
        fc.property(fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown), (value) => {
          fc.pre(!JSON.stringify(value).includes('"__proto__"'));
          const out = write(value);
          expect(out).to.deep.equal(value);
          expect(write(out)).to.deep.equal(out);
          expect(JSON.stringify(out)).to.equal(JSON.stringify(value));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('sharing across walks (each walk marks the specs it writes)', () => {
    it('the same Spec and partial in two asdict calls are written in full by each, as references within one', () => {
      const spec = new Spec(layer, { size: 2 }, { registry });
      const made = registry.partial(layer, { size: 3 });
      const full = { target: 'models:layer', size: 2, __dense_spec__: true };
      expect(write(spec)).to.deep.equal(full);
      expect(write([spec, spec, made, made])).to.deep.equal([full, { __ref__: '[0]' }, { target: 'models:layer', size: 3, __dense_spec__: true }, { __ref__: '[2]' }]);
      expect(write({ again: spec })).to.deep.equal({ again: full });
    });

    it('a codec that calls asdict on a shared Spec inside a walk leaves the outer walk\'s references intact', () => {
      class Held {
        constructor(readonly inner: unknown) {}
      }
      const local = new Registry();
      local.registerValue<Held>('Held', { is: (value) => value instanceof Held, encode: (value) => asdict(value.inner, { registry }), decode: (data) => new Held(data) });
      const spec = new Spec(layer, { size: 4 }, { registry });
      const full = { target: 'models:layer', size: 4, __dense_spec__: true };
      expect(asdict({ a: spec, b: new Held(spec), c: spec }, { registry: local })).to.deep.equal({ a: full, b: { __value__: 'Held', data: full }, c: { __ref__: 'a' } });
    });

    it('a Spec that contains itself is CYCLE in every walk, and written once it no longer does', () => {
      const layers: unknown[] = [];
      const spec = new Spec(createModel, { layers }, { registry });
      layers.push(spec);
      expectError(() => write(spec), 'CYCLE', 'layers[0]');
      expectError(() => write([spec]), 'CYCLE', '[0].layers[0]');
      layers.pop();
      expect(write([spec, spec])).to.deep.equal([{ target: 'models:createModel', layers: [], __dense_spec__: true }, { __ref__: '[0]' }]);
    });
  });

  describe('specs of another copy of the package', () => {
    it('keyword values read by a getter that changes the keywords are written as read one by one (regression: listing keys and values at once misaligned them)', () => {
      // A Spec of another copy is recognised by its brand alone; its keyword object is not ours.
      const kwargs = {
        get first(): number {
          Reflect.deleteProperty(kwargs, 'second');
          return 1;
        },
        second: 2,
        third: [3],
      };
      const fake: unknown = Object.assign(Object.create(Spec.prototype) as object, { target: 'h2asdict.other:fake', args: [], kwargs, called: true, recursive: true });
      expect(JSON.stringify(write(fake))).to.equal('{"target":"h2asdict.other:fake","called":true,"first":1,"second":{"__value__":"undefined"},"third":[3],"__dense_spec__":true}');
    });
  });

  describe('cycles and depth', () => {
    it('a container that contains itself is CYCLE with the path', () => {
      const a: Record<string, unknown> = { x: 1 };
      a.self = a;
      const error = expectError(() => write({ a }), 'CYCLE', 'a.self');
      expect(error.message).to.contain('at a');
      const list: unknown[] = [];
      list.push(list);
      expectError(() => write(list), 'CYCLE', '[0]');
    });

    it('a spec reaching itself through a container is CYCLE', () => {
      const layers: unknown[] = [];
      const spec = new Spec(createModel, { layers }, { registry });
      layers.push(spec);
      expectError(() => write({ m: spec }), 'CYCLE', 'm.layers[0]');
    });

    it('the same value twice, not nested in itself, is no cycle', () => {
      const shared = { a: [1] };
      expect(write({ x: shared, y: [shared] })).to.deep.equal({ x: { a: [1] }, y: [{ a: [1] }] });
    });

    it('nesting deeper than MAX_DEPTH is TOO_DEEP, not a stack overflow', () => {
      let deep: unknown = 1;
      for (let i = 0; i < MAX_DEPTH + 10; i++) deep = [deep];
      let caught: unknown;
      try {
        write(deep);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(ConfigSpecError);
      expect((caught as ConfigSpecError).code).to.equal('TOO_DEEP');
      expect((caught as ConfigSpecError).path.startsWith('[0][0]')).to.equal(true);
    });

    it('nesting up to the limit is written', () => {
      let deep: unknown = 1;
      for (let i = 0; i < MAX_DEPTH - 1; i++) deep = [deep];
      const out = write(deep);
      let depth = 0;
      for (let at = out; Array.isArray(at); at = (at as unknown[])[0]) depth++;
      expect(depth).to.equal(MAX_DEPTH - 1);
    });
  });
});
