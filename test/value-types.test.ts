import { expect } from 'chai';
import * as v from 'valibot';
import { z } from 'zod';
import { Registry, Spec, type StandardSchemaV1 } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

// Where a parameter's type comes from: a validator, design:paramtypes, a literal default.

const registry = new Registry();
const opts = { registry };

@registry.configurable('vt')
class Encoder {
  constructor(public width = 64) {}
}

@registry.configurable('vt')
class WideEncoder extends Encoder {}

@registry.configurable('vt')
class Other {}

/** Annotated parameters without defaults: typed only where the compiler emits design:paramtypes. */
@registry.configurable('vt')
class Annotated {
  constructor(
    public count: number,
    public name: string,
    public flag: boolean,
    public list: number[],
    public encoder: Encoder,
    public anything: unknown,
    public callback: () => void,
  ) {}
}

/** Literal defaults: typed in both decorator modes. */
function defaults(n = 1e-3, s = 'x', b = true, a = [1, 2], o = {}, none = null, call = Math.random(), neg = -1): unknown[] {
  return [n, s, b, a, o, none, call, neg];
}
registry.configurable('vt', defaults);

/** A union type: design:paramtypes says Object, as for no annotation, so the default's type is used (infer: false is the way out). */
@registry.configurable('vt')
class Union {
  constructor(public value: number | string = 1) {}
}

const modeIs = (mode: typeof decoratorMode): boolean => decoratorMode === mode;

describe(`value types (${decoratorMode})`, () => {
  describe('from literal defaults, in both decorator modes', () => {
    const cases: [string, unknown, string, string][] = [
      ['n', 'fast', 'number', 'string'],
      ['s', 1, 'string', 'number'],
      ['b', 'yes', 'boolean', 'string'],
      ['a', 3, 'array', 'number'],
      ['o', [1], 'object', 'array'],
      ['neg', true, 'number', 'boolean'],
    ];
    for (const [key, value, expected, received] of cases) {
      it(`${key}: ${expected} from its default, ${received} refused`, () => {
        const error = expectError(() => new Spec(defaults, { [key]: value }, opts), 'INVALID_VALUE', key);
        expect(error.expected).to.equal(expected);
        expect(error.received).to.equal(received);
        expect(error.target).to.equal('vt:defaults');
      });
    }

    it('null, identifiers and calls give no type: anything goes', () => {
      expect(new Spec(defaults, { none: 'text', call: [1] }, opts).kwargs).to.deep.equal({ none: 'text', call: [1] });
    });

    it('values of the right type pass, and null stands for "no value"', () => {
      const spec = new Spec(defaults, { n: 0.5, s: 'y', b: false, a: [], o: { k: 1 }, neg: null }, opts);
      expect(spec.kwargs.n).to.equal(0.5);
    });
  });

  describe('from design:paramtypes (legacy decorators with emitDecoratorMetadata)', () => {
    const values = [1, 'name', true, [1], new Encoder(), Symbol('any'), () => undefined];
    const wrong: [string, unknown][] = [['count', 'one'], ['name', 2], ['flag', 'no'], ['list', {}], ['encoder', 5], ['callback', 5]];
    for (const [key, value] of wrong) {
      it(`${key} = ${String(value)}: ${modeIs('legacy') ? 'INVALID_VALUE' : 'unchecked (no metadata in TC39 mode)'}`, () => {
        const make = (): Spec<Annotated> => new Spec(Annotated, { [key]: value }, opts);
        if (modeIs('legacy')) expectError(make, 'INVALID_VALUE', key);
        else expect(make().kwargs[key]).to.equal(value);
      });
    }

    it('Object (no annotation, unknown, unions) falls back to the literal default, in both modes alike', () => {
      expect(new Spec(Annotated, { anything: Symbol.for('x') }, opts).kwargs.anything).to.equal(Symbol.for('x'));
      expectError(() => new Spec(Union, { value: 'text' }, opts), 'INVALID_VALUE', 'value');
    });

    it('right values pass, positionally too', () => {
      expect(new Spec(Annotated, {}, { ...opts, args: values }).args).to.have.length(7);
    });

    it('a registered class type takes a spec of it or of a subclass, an instance, a ref or a tagged value', () => {
      for (const encoder of [new Spec(Encoder, {}, opts), new Spec(WideEncoder, {}, opts), new WideEncoder(), { target: 'vt:Encoder', __dense_spec__: true }]) {
        expect(new Spec(Annotated, { encoder }, opts).kwargs.encoder).to.equal(encoder);
      }
      const tree = { first: new Spec(Encoder, {}, opts), user: { target: 'vt:Annotated', encoder: { __ref__: 'first' }, __dense_spec__: true } };
      expect(Spec.fromDict<{ user: Spec }>(tree, opts).user.kwargs.encoder).to.be.instanceOf(Spec);
      if (modeIs('legacy')) {
        const error = expectError(() => new Spec(Annotated, { encoder: new Spec(Other, {}, opts) }, opts), 'INVALID_VALUE', 'encoder');
        expect(error.expected).to.equal('vt:Encoder');
        expect(error.received).to.equal('partial spec of vt:Other');
        expect(error.message).to.contain('expected a spec of vt:Encoder (or of a subclass)');
        expectError(() => Spec.fromDict({ target: 'vt:Annotated', encoder: { target: 'vt:Other', called: true, __dense_spec__: true }, __dense_spec__: true }, opts), 'INVALID_VALUE', 'encoder');
        expectError(() => new Spec(Annotated, { encoder: { width: 3 } }, opts), 'INVALID_VALUE', 'encoder');
      }
    });
  });

  describe('from Standard Schema validators (schema: { … })', () => {
    const local = new Registry();
    function layer(units = 1, rate = 0.5, name = 'dense', layers: unknown = []): unknown[] {
      return [units, rate, name, layers];
    }
    /** A hand-written Standard Schema v1 object: nothing but the interface. */
    const evenNumber: StandardSchemaV1<number> = {
      '~standard': {
        version: 1,
        vendor: 'hand-written',
        validate: (value) => (typeof value === 'number' && value % 2 === 0 ? { value } : { issues: [{ message: 'Expected an even number' }] }),
      },
    };
    local.configurable(
      {
        namespace: 'vs',
        schema: {
          units: z.number().int().min(1),
          rate: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
          name: evenNumber,
          layers: z.array(z.object({ units: z.number().min(1) })),
        },
      },
      layer,
    );
    const at = { registry: local };

    it('zod: its issues, message and path, are in the error', () => {
      const error = expectError(() => new Spec(layer, { units: 0 }, at), 'INVALID_VALUE', 'units');
      expect(error.expected).to.equal('zod schema');
      expect(error.received).to.equal('number');
      expect(error.issues?.[0]?.message).to.match(/>=1/);
      expect(error.message).to.match(/^INVALID_VALUE at units \(vs:layer\): the zod schema rejects the number 0: units: /);
    });

    it('a validator replaces the inferred type: zod says what is wrong with "3"', () => {
      const error = expectError(() => new Spec(layer, { units: '3' }, at), 'INVALID_VALUE', 'units');
      expect(error.issues?.[0]?.message).to.match(/expected number/i);
    });

    it('valibot', () => {
      const error = expectError(() => new Spec(layer, { rate: 2 }, at), 'INVALID_VALUE', 'rate');
      expect(error.expected).to.equal('valibot schema');
      expect(new Spec(layer, { rate: 0.25 }, at).kwargs.rate).to.equal(0.25);
    });

    it('a hand-written Standard Schema object', () => {
      const error = expectError(() => new Spec(layer, { name: 3 }, at), 'INVALID_VALUE', 'name');
      expect(error.message).to.contain('name: Expected an even number');
      expect(new Spec(layer, { name: 4 }, at).kwargs.name).to.equal(4);
    });

    it('issue paths are appended to the keyword path', () => {
      const error = expectError(() => Spec.fromDict({ model: { target: 'vs:layer', layers: [{ units: 0 }], __dense_spec__: true } }, at), 'INVALID_VALUE', 'model.layers');
      expect(error.message).to.match(/model\.layers\[0\]\.units: Too small/);
      expect(error.issues?.[0]?.path).to.deep.equal([0, 'units']);
    });

    it('sees JSON values with tagged values decoded, and is never given a spec', () => {
      const seen: unknown[] = [];
      const spy: StandardSchemaV1 = { '~standard': { version: 1, vendor: 'spy', validate: (value) => (seen.push(value), { value }) } };
      const own = new Registry();
      function spied(x: unknown = null): unknown {
        return x;
      }
      own.configurable({ namespace: 's', schema: { x: spy } }, spied);
      Spec.fromDict({ target: 's:spied', x: [{ __value__: 'number', data: 'NaN' }], __dense_spec__: true }, { registry: own });
      Spec.instantiate({ target: 's:spied', x: { __value__: 'bigint', data: '5' }, called: true, __dense_spec__: true }, { registry: own });
      new Spec(spied, { x: [new Spec(spied, {}, { registry: own })] }, { registry: own });
      new Spec(spied, { x: { target: 's:spied', __dense_spec__: true } }, { registry: own });
      new Spec(spied, { x: [{ __ref__: 'a' }] }, { registry: own });
      expect(Number.isNaN((seen[0] as number[])[0])).to.equal(true);
      expect(seen.slice(1)).to.deep.include(5n);
      expect(seen.some((value) => value instanceof Spec)).to.equal(false);
    });

    it('an async validator: INVALID_REGISTRATION when its validate is an async function', () => {
      const async: StandardSchemaV1 = { '~standard': { version: 1, vendor: 'slow', validate: async (value: unknown) => ({ value }) } };
      function gauge(x = 1): number {
        return x;
      }
      const error = expectError(() => new Registry().configurable({ schema: { x: async } }, gauge), 'INVALID_REGISTRATION');
      expect(error.message).to.contain('asynchronously');
    });

    it('an async validator: INVALID_VALUE naming it when validate returns a Promise (zod refine with an async check)', () => {
      const own = new Registry();
      function gauge(x = 1): number {
        return x;
      }
      own.configurable({ namespace: 'a', schema: { x: z.number().refine(async (n) => Promise.resolve(n > 0)) } }, gauge);
      const error = expectError(() => new Spec(gauge, { x: 1 }, { registry: own }), 'INVALID_VALUE', 'x');
      expect(error.message).to.contain('returned a Promise');
      expect(error.expected).to.equal('zod schema');
    });

    it('a validator that throws: INVALID_VALUE with its error as the cause', () => {
      const own = new Registry();
      const boom = new Error('validator broke');
      function gauge(x = 1): number {
        return x;
      }
      own.configurable({ namespace: 'a', schema: { x: { '~standard': { version: 1, vendor: 'odd', validate: () => { throw boom; } } } } }, gauge);
      expect(expectError(() => new Spec(gauge, { x: 1 }, { registry: own }), 'INVALID_VALUE', 'x').cause).to.equal(boom);
    });

    it('an options object key counts as a parameter', () => {
      const own = new Registry();
      function withOptions(id: string, options: Record<string, unknown> = {}): unknown[] {
        return [id, options];
      }
      own.configurable({ namespace: 'o', options: true, schema: { lr: z.number() } }, withOptions);
      expectError(() => new Spec(withOptions, { lr: 'x' }, { registry: own }), 'INVALID_VALUE', 'lr');
      expect(new Spec(withOptions, { lr: 1, other: 'x' }, { registry: own }).kwargs.lr).to.equal(1);
    });

    it('bad schema options are INVALID_REGISTRATION', () => {
      function halve(x = 1): number {
        return x;
      }
      expectError(() => new Registry().configurable({ schema: [] as never }, halve), 'INVALID_REGISTRATION');
      expectError(() => new Registry().configurable({ schema: { x: { parse: () => 1 } } as never }, halve), 'INVALID_REGISTRATION');
      expectError(() => new Registry().configurable({ schema: JSON.parse('{"__proto__": 1}') as never }, halve), 'INVALID_REGISTRATION');
      expectError(() => new Registry().configurable({ infer: 'no' as never }, halve), 'INVALID_REGISTRATION');
      // With explicit params the parameter names are known at once.
      expectError(() => new Registry().configurable({ params: ['x?'], schema: { y: z.number() } }, halve), 'INVALID_REGISTRATION');
      // Otherwise when the types are first needed.
      const late = new Registry();
      late.configurable({ schema: { y: z.number() } }, halve);
      const error = expectError(() => new Spec(halve, { x: 1 }, { registry: late }), 'INVALID_REGISTRATION');
      expect(error.message).to.contain('schema.y names no parameter');
    });
  });

  describe('infer: false', () => {
    it('turns inference off; validators still apply', () => {
      const own = new Registry();
      function keep(x = 1, y = 'y'): unknown[] {
        return [x, y];
      }
      own.configurable({ namespace: 'k', infer: false, schema: { y: z.string() } }, keep);
      expect(new Spec(keep, { x: 'anything' }, { registry: own }).kwargs.x).to.equal('anything');
      expectError(() => new Spec(keep, { y: 1 }, { registry: own }), 'INVALID_VALUE', 'y');
    });
  });
});
