import { expect } from 'chai';
import { asdict, ConfigSpecError, isSpec, Registry, Spec, type ErrorCode } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

const registry = new Registry();

@registry.configurable({ namespace: 'optim', aliases: ['OldAdam', 'legacy.optim:Adam'] })
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

function createModel(numLayers: number, activation: unknown, layers: unknown[] = []): unknown {
  return { numLayers, activation, layers };
}
registry.configurable('models', createModel);

function layer(size: number, act: unknown = undefined): unknown {
  return { size, act };
}
registry.configurable('models', layer);

// Parameters named like the reserved keys of a spec dict, and a dunder one. (Defaults, not `?`:
// TypeScript's `?` leaves no trace in the JavaScript source, so such a parameter reads as required.)
function escaped(target: unknown = undefined, args: unknown = undefined, kwargs: unknown = undefined, called: unknown = undefined, __dense_spec__: unknown = undefined, __recursive__: unknown = undefined, __x__: unknown = undefined, plain: unknown = undefined): unknown[] {
  return [target, args, kwargs, called, __dense_spec__, __recursive__, __x__, plain];
}
registry.configurable('h2dict', escaped);

function ordered(a: unknown = undefined, z: unknown = undefined, m: unknown = undefined, target: unknown = undefined, __x__: unknown = undefined): unknown[] {
  return [a, z, m, target, __x__];
}
registry.configurable('h2dict', ordered);

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- narrows like Spec.fromDict
const fromDict = <T = unknown>(tree: unknown): T => Spec.fromDict<T>(tree, { registry });
const write = (tree: unknown): unknown => asdict(tree, { registry });

/** Reads `{ x: dict }`, expecting an error at `path`. */
function expectReadError(dict: unknown, code: ErrorCode, path: string): ConfigSpecError {
  const tree = { x: dict };
  const before = structuredClone(tree);
  const error = expectError(() => fromDict(tree), code, path);
  expect(tree).to.deep.equal(before);
  // Building reads the same dict and reports the same error.
  expectError(() => Spec.instantiate(tree, { registry }), code, path);
  return error;
}

describe(`dense dict format (${decoratorMode})`, () => {
  describe('the marker', () => {
    it('an object whose own __dense_spec__ is true is a spec dict', () => {
      const spec = fromDict<Spec>({ target: 'optim:Adam', lr: 0.1, __dense_spec__: true });
      expect(isSpec(spec)).to.equal(true);
      expect(spec.target).to.equal('optim:Adam');
      expect(spec.kwargs).to.deep.equal({ lr: 0.1 });
    });

    it('any other value of __dense_spec__ is INVALID_SPEC_DICT at x.__dense_spec__', () => {
      for (const marker of [false, 1, 0, 'true', null, {}, [true]]) {
        const error = expectReadError({ target: 'optim:Adam', __dense_spec__: marker }, 'INVALID_SPEC_DICT', 'x.__dense_spec__');
        expect(error.message).to.contain('__dense_spec__');
      }
      expectError(() => fromDict({ target: 'optim:Adam', __dense_spec__: 'yes' }), 'INVALID_SPEC_DICT', '__dense_spec__');
      expectError(() => fromDict({ a: [{ b: { __dense_spec__: 1 } }] }), 'INVALID_SPEC_DICT', 'a[0].b.__dense_spec__');
    });

    it('an object with a target and no marker is plain data, copied and never built', () => {
      const tree = { x: { target: 'optim:Adam', lr: 0.1 }, y: { target: 'no:SuchThing', args: 'not checked' } };
      const before = structuredClone(tree);
      const read = fromDict<typeof tree>(tree);
      expect(read).to.deep.equal(before);
      expect(isSpec(read.x)).to.equal(false);
      expect(read.x).to.not.equal(tree.x);
      expect(read.y).to.not.equal(tree.y);
      const built = Spec.instantiate<typeof tree>(tree, { registry });
      expect(built).to.deep.equal(before);
      expect(built.x).to.not.equal(tree.x);
      expect(tree).to.deep.equal(before);
    });

    it('a marker inherited from the prototype does not make a spec dict', () => {
      const inherited = Object.create({ __dense_spec__: true }) as Record<string, unknown>;
      inherited.target = 'optim:Adam';
      // Not a plain object (its prototype is not Object.prototype): passed through as it is.
      const read = fromDict<{ x: unknown }>({ x: inherited });
      expect(read.x).to.equal(inherited);
    });

    it('an object with a null prototype is read like a plain object', () => {
      const dict = Object.assign(Object.create(null) as Record<string, unknown>, { target: 'optim:Adam', lr: 0.2, __dense_spec__: true });
      const spec = fromDict<Spec>(dict);
      expect(isSpec(spec)).to.equal(true);
      expect(spec.kwargs).to.deep.equal({ lr: 0.2 });
    });
  });

  describe('writing', () => {
    it('writes target, args, called, keywords, kwargs, __recursive__ and __dense_spec__ in this order', () => {
      const spec = new Spec(ordered, { z: 1, target: 't', m: 2, __x__: 3 }, { registry, args: [0], called: true, recursive: false });
      const dict = write(spec) as Record<string, unknown>;
      expect(Object.keys(dict)).to.deep.equal(['target', 'args', 'called', 'z', 'm', 'kwargs', '__recursive__', '__dense_spec__']);
      expect(JSON.stringify(dict)).to.equal('{"target":"h2dict:ordered","args":[0],"called":true,"z":1,"m":2,"kwargs":{"target":"t","__x__":3},"__recursive__":false,"__dense_spec__":true}');
    });

    it('keeps keyword insertion order', () => {
      const dict = write(new Spec(ordered, { m: 1, a: 2, z: 3 }, { registry })) as Record<string, unknown>;
      expect(Object.keys(dict)).to.deep.equal(['target', 'm', 'a', 'z', '__dense_spec__']);
      expect(JSON.stringify(dict)).to.equal('{"target":"h2dict:ordered","m":1,"a":2,"z":3,"__dense_spec__":true}');
    });

    it('omits args, called, kwargs and __recursive__ when empty, false or true', () => {
      const dict = write(new Spec(ordered, {}, { registry, args: [], called: false, recursive: true }));
      expect(JSON.stringify(dict)).to.equal('{"target":"h2dict:ordered","__dense_spec__":true}');
      const onlyArgs = write(new Spec(square, {}, { registry, args: [0.001], called: true }));
      expect(JSON.stringify(onlyArgs)).to.equal('{"target":"math:square","args":[0.001],"called":true,"__dense_spec__":true}');
    });

    it('puts reserved and dunder keyword names under kwargs', () => {
      const kwargs = { target: 'a kwarg named target', args: [1], kwargs: { k: 1 }, called: 'yes', __dense_spec__: 5, __recursive__: 'r', __x__: 'x', plain: 'p' };
      const dict = write(new Spec(escaped, kwargs, { registry })) as Record<string, unknown>;
      expect(dict).to.deep.equal({
        target: 'h2dict:escaped',
        plain: 'p',
        kwargs: { target: 'a kwarg named target', args: [1], kwargs: { k: 1 }, called: 'yes', __dense_spec__: 5, __recursive__: 'r', __x__: 'x' },
        __dense_spec__: true,
      });
      expect(Object.keys(dict)).to.deep.equal(['target', 'plain', 'kwargs', '__dense_spec__']);
      expect(Object.keys(dict.kwargs as object)).to.deep.equal(['target', 'args', 'kwargs', 'called', '__dense_spec__', '__recursive__', '__x__']);
    });

    it('writes nested specs as nested dicts, in args and keywords', () => {
      const model = new Spec(createModel, {
        numLayers: 2,
        activation: new Spec(relu, {}, { registry }),
        layers: [new Spec(layer, { size: 4 }, { registry, called: true })],
      }, { registry, called: true });
      expect(JSON.stringify(write(model))).to.equal(
        '{"target":"models:createModel","called":true,"numLayers":2,"activation":{"target":"nn:relu","__dense_spec__":true},'
        + '"layers":[{"target":"models:layer","called":true,"size":4,"__dense_spec__":true}],"__dense_spec__":true}',
      );
      const withArgs = new Spec(square, {}, { registry, args: [new Spec(square, {}, { registry, args: [2], called: true })], called: true });
      expect(JSON.stringify(write(withArgs))).to.equal('{"target":"math:square","args":[{"target":"math:square","args":[2],"called":true,"__dense_spec__":true}],"called":true,"__dense_spec__":true}');
    });
  });

  describe('reading', () => {
    it('reads reserved and dunder keyword names back from kwargs', () => {
      const dict = {
        target: 'h2dict:escaped',
        plain: 'p',
        kwargs: { target: 'a kwarg named target', args: [1], kwargs: { k: 1 }, called: 'yes', __recursive__: 'r', __x__: 'x' },
        __dense_spec__: true,
      };
      const spec = fromDict<Spec>(dict);
      expect(spec.kwargs).to.deep.equal({ plain: 'p', target: 'a kwarg named target', args: [1], kwargs: { k: 1 }, called: 'yes', __recursive__: 'r', __x__: 'x' });
      expect(spec.args).to.deep.equal([]);
      expect(spec.called).to.equal(false);
      expect(spec.recursive).to.equal(true);
      expect(write(spec)).to.deep.equal(dict);
      const built = Spec.instantiate<() => unknown[]>(dict, { registry })();
      expect(built).to.deep.equal(['a kwarg named target', [1], { k: 1 }, 'yes', undefined, 'r', 'x', 'p']);
    });

    it('reads args, called and __recursive__', () => {
      const spec = fromDict<Spec>({ target: 'math:square', args: [3], called: true, __recursive__: false, __dense_spec__: true });
      expect(spec.args).to.deep.equal([3]);
      expect(spec.called).to.equal(true);
      expect(spec.recursive).to.equal(false);
      expect(spec.kwargs).to.deep.equal({});
    });

    it('drops undefined keyword values, flattened or under kwargs', () => {
      const spec = fromDict<Spec>({ target: 'h2dict:escaped', plain: undefined, kwargs: { target: undefined }, __dense_spec__: true });
      expect(spec.kwargs).to.deep.equal({});
      expect(Object.keys(spec.kwargs)).to.deep.equal([]);
    });

    it('a keyword named kwargs holding a spec dict reads as a Spec', () => {
      const spec = fromDict<Spec>({ target: 'h2dict:escaped', kwargs: { kwargs: { target: 'nn:relu', __dense_spec__: true } }, __dense_spec__: true });
      expect(isSpec(spec.kwargs.kwargs)).to.equal(true);
      expect((spec.kwargs.kwargs as Spec).target).to.equal('nn:relu');
    });

    it('reads an alias as the canonical name and writes it back canonical', () => {
      for (const target of ['optim:OldAdam', 'legacy.optim:Adam', 'optim:Adam']) {
        const spec = fromDict<Spec>({ target, lr: 0.5, __dense_spec__: true });
        expect(spec.target).to.equal('optim:Adam');
        expect(write(spec)).to.deep.equal({ target: 'optim:Adam', lr: 0.5, __dense_spec__: true });
      }
    });
  });

  describe('malformed spec dicts', () => {
    it('non-string target → x.target', () => {
      for (const target of [5, null, true, ['optim:Adam'], { name: 'optim:Adam' }]) {
        const error = expectReadError({ target, __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.target');
        expect(error.message).to.contain('target');
      }
    });

    it('an empty target is UNKNOWN_TARGET at the node', () => {
      expectReadError({ target: '', __dense_spec__: true }, 'UNKNOWN_TARGET', 'x');
    });

    it('missing target → the node path', () => {
      expectReadError({ lr: 1, __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x');
      expectError(() => fromDict({ __dense_spec__: true }), 'INVALID_SPEC_DICT', '');
      expectError(() => fromDict({ model: { layers: [1, 2, { __dense_spec__: true }] } }), 'INVALID_SPEC_DICT', 'model.layers[2]');
    });

    it('non-array args → x.args', () => {
      for (const args of [1, 'a', { 0: 1 }, null, true]) expectReadError({ target: 'math:square', args, __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.args');
    });

    it('non-boolean called or __recursive__ → x.called / x.__recursive__', () => {
      for (const value of [1, 'true', null, {}]) {
        expectReadError({ target: 'math:square', called: value, __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.called');
        expectReadError({ target: 'math:square', __recursive__: value, __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.__recursive__');
      }
    });

    it('non-object kwargs → x.kwargs', () => {
      for (const kwargs of [1, 'a', null, [1], true, new Date(0)]) expectReadError({ target: 'h2dict:escaped', kwargs, __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.kwargs');
    });

    it('an unknown __x__ key → x.__x__', () => {
      const error = expectReadError({ target: 'h2dict:escaped', __x__: 1, __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.__x__');
      expect(error.message).to.contain('kwargs');
      expectReadError({ target: 'optim:Adam', __ref__: 'a', __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.__ref__');
    });

    it('a __proto__ key → x.__proto__, in spec dicts, kwargs and plain objects', () => {
      expectReadError(JSON.parse('{"target":"optim:Adam","__proto__":{"lr":1},"__dense_spec__":true}'), 'INVALID_SPEC_DICT', 'x.__proto__');
      expectReadError(JSON.parse('{"target":"optim:Adam","kwargs":{"__proto__":1},"__dense_spec__":true}'), 'INVALID_SPEC_DICT', 'x.kwargs.__proto__');
      expectReadError(JSON.parse('{"a":{"__proto__":{"polluted":true}}}'), 'INVALID_SPEC_DICT', 'x.a.__proto__');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(({} as Record<string, unknown>).lr).to.equal(undefined);
    });

    it('constructor and prototype keys are plain data and pollute nothing', () => {
      const tree = JSON.parse('{"constructor":{"prototype":{"polluted":1}},"a":{"target":"h2dict:escaped","plain":{"constructor":{"prototype":{"p":1}}},"__dense_spec__":true}}') as unknown;
      const read = fromDict<{ constructor: unknown; a: Spec }>(tree);
      expect(Object.hasOwn(read, 'constructor')).to.equal(true);
      expect(read.constructor).to.deep.equal({ prototype: { polluted: 1 } });
      expect(read.a.kwargs.plain).to.deep.equal({ constructor: { prototype: { p: 1 } } });
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect((Object.prototype as unknown as Record<string, unknown>).p).to.equal(undefined);
    });

    it('a keyword both flattened and under kwargs → x.kwargs.name', () => {
      const error = expectReadError({ target: 'h2dict:escaped', plain: 1, kwargs: { plain: 2 }, __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.kwargs.plain');
      expect(error.message).to.contain('"plain"');
    });

    it('a position bound twice → the keyword path', () => {
      const error = expectReadError({ target: 'optim:Adam', args: [[1]], params: [2], __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.params');
      expect(error.target).to.equal('optim:Adam');
      expectReadError({ target: 'h2dict:escaped', args: ['t'], kwargs: { target: 'u' }, __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.kwargs.target');
    });

    it('an unknown keyword → UNKNOWN_PARAMETER at the key, with the closest name', () => {
      const error = expectError(() => fromDict({ model: { layers: [1, 2, { target: 'models:layer', acct: 1, __dense_spec__: true }] } }), 'UNKNOWN_PARAMETER', 'model.layers[2].acct');
      expect(error.target).to.equal('models:layer');
      expect(error.message).to.contain('did you mean "act"');
      expectReadError({ target: 'optim:Adam', kwargs: { target: 1 }, __dense_spec__: true }, 'UNKNOWN_PARAMETER', 'x.kwargs.target');
    });

    it('an unknown target → UNKNOWN_TARGET at the spec node, with the closest name', () => {
      const error = expectError(() => fromDict({ model: { layers: [1, 2, { target: 'models:layr', __dense_spec__: true }] } }), 'UNKNOWN_TARGET', 'model.layers[2]');
      expect(error.target).to.equal('models:layr');
      expect(error.message).to.contain('did you mean "models:layer"');
    });

    it('errors inside args carry the .args[i] path', () => {
      expectReadError({ target: 'math:square', args: [{ target: 'math:sqare', __dense_spec__: true }], __dense_spec__: true }, 'UNKNOWN_TARGET', 'x.args[0]');
      expectReadError({ target: 'math:square', args: [1, { target: 5, __dense_spec__: true }], __dense_spec__: true }, 'INVALID_SPEC_DICT', 'x.args[1].target');
    });
  });

  describe('Spec.fromDict over a tree', () => {
    const tree = {
      steps: 1000,
      name: 'run',
      flags: [true, false, null],
      tx: { target: 'optim:Adam', lr: 0.001, betas: [0.9, 0.99], __dense_spec__: true },
      model: {
        target: 'models:createModel',
        numLayers: 2,
        activation: { target: 'nn:relu', __dense_spec__: true },
        layers: [{ target: 'models:layer', size: 4, called: true, __dense_spec__: true }, { note: { target: 'models:layer' } }],
        __dense_spec__: true,
      },
      list: [[{ target: 'math:square', args: [{ target: 'math:square', args: [2], called: true, __dense_spec__: true }], called: true, __dense_spec__: true }]],
      meta: { nested: { deep: [1, { a: 'b' }] } },
    };

    it('turns every spec dict into a Spec at its place and copies the rest', () => {
      const read = Spec.fromDict(tree, { registry });
      expect(read.steps).to.equal(1000);
      expect(read.name).to.equal('run');
      expect(read.flags).to.deep.equal([true, false, null]);
      expect(isSpec(read.tx)).to.equal(true);
      expect(read.tx.kwargs).to.deep.equal({ lr: 0.001, betas: [0.9, 0.99] });
      expect(isSpec(read.model)).to.equal(true);
      expect(isSpec(read.model.kwargs.activation)).to.equal(true);
      expect(read.model.kwargs.activation.target).to.equal('nn:relu');
      expect(Array.isArray(read.model.kwargs.layers)).to.equal(true);
      expect(isSpec(read.model.kwargs.layers[0])).to.equal(true);
      expect(read.model.kwargs.layers[0].called).to.equal(true);
      expect(isSpec(read.model.kwargs.layers[1])).to.equal(false);
      expect(read.model.kwargs.layers[1]).to.deep.equal({ note: { target: 'models:layer' } });
      expect(isSpec(read.list[0][0])).to.equal(true);
      expect(isSpec(read.list[0][0].args[0])).to.equal(true);
      expect(read.list[0][0].args[0].args).to.deep.equal([2]);
      expect(read.meta).to.deep.equal({ nested: { deep: [1, { a: 'b' }] } });
    });

    it('copies every container into a new one and does not mutate the input', () => {
      const before = structuredClone(tree);
      const read = Spec.fromDict(tree, { registry });
      expect(tree).to.deep.equal(before);
      expect(read).to.not.equal(tree);
      expect(read.flags).to.not.equal(tree.flags);
      expect(read.meta).to.not.equal(tree.meta);
      expect(read.meta.nested).to.not.equal(tree.meta.nested);
      expect(read.meta.nested.deep).to.not.equal(tree.meta.nested.deep);
      expect(read.meta.nested.deep[1]).to.not.equal(tree.meta.nested.deep[1]);
      expect(read.tx.kwargs.betas).to.not.equal(tree.tx.betas);
      expect(read.model.kwargs.layers).to.not.equal(tree.model.layers);
      expect(read.model.kwargs.layers[1]).to.not.equal(tree.model.layers[1]);
      expect(read.list[0]).to.not.equal(tree.list[0]);
      expect(Object.isFrozen(tree.tx)).to.equal(false);
      expect(Object.isFrozen(tree.meta)).to.equal(false);
    });

    it('passes non-container values and Specs through as they are', () => {
      const spec = new Spec(square, {}, { registry });
      const date = new Date(0);
      const fn = (): number => 1;
      const read = fromDict<{ spec: unknown; date: unknown; fn: unknown }>({ spec, date, fn });
      expect(read.spec).to.equal(spec);
      expect(read.date).to.equal(date);
      expect(read.fn).to.equal(fn);
      expect(fromDict(5)).to.equal(5);
      expect(fromDict(null)).to.equal(null);
      expect(fromDict('s')).to.equal('s');
    });

    it('round trip: Spec.fromDict(asdict(x)) deep-equals x', () => {
      const x = {
        tx: new Spec(Adam, { lr: 0.001 }, { registry }),
        model: new Spec(createModel, { numLayers: 3, activation: new Spec(relu, {}, { registry }), layers: [new Spec(layer, { size: 2 }, { registry, called: true })] }, { registry }),
        sq: new Spec(square, {}, { registry, args: [new Spec(square, {}, { registry, args: [2], called: true })], called: true, recursive: false }),
        odd: new Spec(escaped, { target: 't', plain: { p: [1] }, __x__: null }, { registry }),
        steps: 1000,
        list: [1, 'a', null, { b: false }],
      };
      const back = Spec.fromDict(asdict(x, { registry }), { registry });
      expect(back).to.deep.equal(x);
      expect(isSpec(back.model.kwargs.layers[0])).to.equal(true);
      expect(back.sq.recursive).to.equal(false);
    });

    it('round trip: asdict(Spec.fromDict(d)) equals d for a canonical d, key order included', () => {
      const d = JSON.parse(JSON.stringify(tree)) as Record<string, unknown>;
      const canonical = {
        ...d,
        // Written in canonical key order: target, args, called, keywords, kwargs, __recursive__, marker.
        model: {
          target: 'models:createModel',
          numLayers: 2,
          activation: { target: 'nn:relu', __dense_spec__: true },
          layers: [{ target: 'models:layer', called: true, size: 4, __dense_spec__: true }, { note: { target: 'models:layer' } }],
          __dense_spec__: true,
        },
      };
      const text = JSON.stringify(canonical);
      const out = asdict(Spec.fromDict(JSON.parse(text), { registry }), { registry });
      expect(out).to.deep.equal(canonical);
      expect(JSON.stringify(out)).to.equal(text);
    });

    it('writing canonicalises key order', () => {
      const messy = { __dense_spec__: true, lr: 0.1, called: true, args: [[1]], target: 'optim:Adam' };
      expect(JSON.stringify(write(fromDict(messy)))).to.equal('{"target":"optim:Adam","args":[[1]],"called":true,"lr":0.1,"__dense_spec__":true}');
    });
  });

  describe('regressions', () => {
    it('a getter that throws inside the input is INVALID_SPEC_DICT in fromDict and NOT_SERIALIZABLE in asdict, with the error as cause', () => {
      const boom = new Error('getter');
      const bad = Object.defineProperty({}, 'lr', { enumerable: true, get: () => { throw boom; } });
      const read = expectError(() => fromDict({ opt: { inner: bad } }), 'INVALID_SPEC_DICT', 'opt.inner');
      expect(read.cause).to.equal(boom);
      const written = expectError(() => write({ opt: { inner: bad } }), 'NOT_SERIALIZABLE', 'opt.inner');
      expect(written.cause).to.equal(boom);
    });

    it('a bigint __dense_spec__ is INVALID_SPEC_DICT, not a TypeError from JSON.stringify', () => {
      const error = expectReadError({ target: 'optim:Adam', __dense_spec__: 1n }, 'INVALID_SPEC_DICT', 'x.__dense_spec__');
      expect(error.message).to.contain('bigint 1');
      expectError(() => fromDict({ x: { target: 'optim:Adam', __dense_spec__: Symbol('s') } }), 'INVALID_SPEC_DICT', 'x.__dense_spec__');
    });

    it('a keyword named __dense_spec__ written under kwargs reads back', () => {
      const spec = new Spec(escaped, { __dense_spec__: 5, plain: 1 }, { registry });
      const dict = write(spec);
      expect(dict).to.deep.equal({ target: 'h2dict:escaped', plain: 1, kwargs: { __dense_spec__: 5 }, __dense_spec__: true });
      const back = fromDict<Spec>(dict);
      expect(back).to.deep.equal(spec);
      expect(back.kwargs).to.deep.equal({ __dense_spec__: 5, plain: 1 });
      const marked = new Spec(escaped, { __dense_spec__: true }, { registry });
      const markedDict = write(marked);
      expect(JSON.stringify(markedDict)).to.equal('{"target":"h2dict:escaped","kwargs":{"__dense_spec__":true},"__dense_spec__":true}');
      expect(fromDict(markedDict)).to.deep.equal(marked);
      const built = Spec.instantiate<() => unknown[]>(markedDict, { registry })();
      expect(built[4]).to.equal(true);
    });
  });
});
