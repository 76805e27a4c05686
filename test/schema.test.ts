import { expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ConfigSpecError, configurable, Registry, Spec, asdict } from '../src/index.js';
import { configSchema, targetSchema, type JsonSchema } from '../src/schema.js';
import { decoratorMode } from './support/mode.js';
import * as v from 'valibot';
import { z } from 'zod';

// ajv is CommonJS: under NodeNext its named export `Ajv2020` is the class (the default import is the module).
const Ajv = Ajv2020;

const registry = new Registry();
const { configurable: register } = registry;

@register({ namespace: 'sch.nn' })
class Relu {
  constructor(readonly slope = 0) {}
}

@register({ namespace: 'sch.optim', aliases: ['OldAdam'], runtime: ['params'] })
class Adam {
  constructor(readonly params: unknown[], readonly lr: number = 1e-3, readonly amsgrad: boolean = false, readonly name: string = 'adam') {}
}

@register({ namespace: 'sch.models' })
class Mlp {
  constructor(readonly width: number, readonly act: Relu, readonly layers: number[] = []) {}
}

function createModel(numLayers: number, { dropout = 0.1, norm = 'layer' } = {}): unknown {
  return { numLayers, dropout, norm };
}
register('sch.models', createModel);

function withTarget(target: string, opts: Record<string, unknown>): unknown {
  return { target, opts };
}
register({ namespace: 'sch.misc', options: 'opts' }, withTarget);

function reserved(args: number, ...rest: unknown[]): unknown {
  return [args, rest];
}
register('sch.misc', reserved);

register({ namespace: 'sch.native', name: 'max' }, Math.max);

interface Failure { readonly instancePath: string; readonly keyword: string }

function compile(schema: JsonSchema): (data: unknown) => Failure[] {
  // Strict (so a sloppy schema fails to compile), except strictRequired, which ajv leaves off by
  // default too: `if: { required: [...] }` names properties defined elsewhere, as intended.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  const validate = ajv.compile(schema);
  // `if` errors only say "must match then/else" on every enclosing value: the real error is reported too.
  return (data) => (validate(data) ? [] : (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => ({ instancePath: e.instancePath, keyword: e.keyword })));
}

const check = compile(configSchema({ registry }));

function paths(failures: readonly Failure[]): string[] {
  return [...new Set(failures.map((f) => f.instancePath))];
}

const valid = {
  tx: { target: 'sch.optim:Adam', lr: 0.01, amsgrad: true, __dense_spec__: true },
  old: { target: 'sch.optim:OldAdam', __dense_spec__: true },
  model: {
    target: 'sch.models:Mlp',
    called: true,
    width: 64,
    act: { target: 'sch.nn:Relu', slope: 0.1, __dense_spec__: true },
    layers: [1, 2, { __value__: 'number', data: 'Infinity' }],
    __dense_spec__: true,
  },
  act2: { __ref__: 'model.act' },
  factory: { target: 'sch.models:createModel', args: [3], called: true, dropout: 0.2, __dense_spec__: true },
  escaped: { target: 'sch.misc:withTarget', kwargs: { target: 'x', anything: 1 }, extra: [1, 2], __recursive__: false, __dense_spec__: true },
  positional: { target: 'sch.misc:reserved', called: true, kwargs: { args: 2 }, __dense_spec__: true },
  native: { target: 'sch.native:max', args: [1, 2], called: true, __dense_spec__: true },
  plain: { nested: [{ a: null, b: 'text' }], when: { __value__: 'Date', data: '2020-01-01T00:00:00.000Z' } },
  steps: 1000,
};

describe('schema', () => {
  describe('configSchema', () => {
    it('is a draft 2020-12 document with one $defs entry per registered target', () => {
      const schema = configSchema({ registry, id: 'https://example.com/config.schema.json' });
      expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).to.equal('https://example.com/config.schema.json');
      const defs = schema.$defs as Record<string, JsonSchema>;
      for (const name of ['sch.nn:Relu', 'sch.optim:Adam', 'sch.models:Mlp', 'sch.models:createModel', 'sch.misc:withTarget', 'sch.native:max']) {
        expect(defs, name).to.have.property(name);
      }
      expect(JSON.parse(JSON.stringify(schema))).to.deep.equal(schema);
    });

    it('describes parameters: kind, default, runtime, destructured option keys', () => {
      const adam = configSchema({ registry }).$defs as Record<string, { properties: Record<string, { description: string }>; additionalProperties: unknown }>;
      const props = adam['sch.optim:Adam']?.properties ?? {};
      expect(props.lr?.description).to.match(/^optional parameter, has a default/);
      expect(props.params?.description).to.match(/required parameter.*run-time input/);
      expect(adam['sch.optim:Adam']?.additionalProperties).to.equal(false);
      const model = adam['sch.models:createModel']?.properties ?? {};
      expect(Object.keys(model)).to.include.members(['numLayers', 'dropout', 'norm']);
      expect(adam['sch.misc:withTarget']?.additionalProperties).to.not.equal(false);
    });

    it('accepts a valid config: nested specs, aliases, refs, tagged values, escaped kwargs', () => {
      expect(check(valid)).to.deep.equal([]);
      expect(check(asdict({ a: new Spec(Mlp, { width: 3, act: new Spec(Relu, {}, { registry }) }, { registry }) }, { registry }))).to.deep.equal([]);
      expect(check(null)).to.deep.equal([]);
      expect(check([1, 'a', { target: 'not a spec' }])).to.deep.equal([]);
    });

    it('accepts a partial spec that leaves required parameters unbound', () => {
      expect(check({ m: { target: 'sch.models:Mlp', __dense_spec__: true } })).to.deep.equal([]);
    });

    it('rejects an unknown keyword on a spec at the spec', () => {
      const failures = check({ model: { ...valid.model, act: { target: 'sch.nn:Relu', slop: 1, __dense_spec__: true } } });
      expect(failures).to.deep.include({ instancePath: '/model/act', keyword: 'additionalProperties' });
    });

    it('rejects an unknown keyword under kwargs', () => {
      const failures = check({ tx: { target: 'sch.optim:Adam', kwargs: { target: 1 }, __dense_spec__: true } });
      expect(failures).to.deep.include({ instancePath: '/tx/kwargs', keyword: 'additionalProperties' });
    });

    it('rejects an unknown target at its target key', () => {
      const failures = check({ list: [{ target: 'sch.optim:Adamm', __dense_spec__: true }] });
      expect(failures).to.deep.equal([{ instancePath: '/list/0/target', keyword: 'enum' }]);
    });

    it('rejects __dense_spec__ other than true', () => {
      const failures = check({ tx: { target: 'sch.optim:Adam', __dense_spec__: false } });
      expect(paths(failures)).to.include('/tx/__dense_spec__');
      expect(failures.every((f) => f.instancePath.startsWith('/tx'))).to.equal(true);
    });

    it('rejects a called spec missing a required parameter, at the spec', () => {
      const failures = check({ model: { target: 'sch.models:Mlp', called: true, width: 3, __dense_spec__: true } });
      expect(paths(failures)).to.deep.equal(['/model']);
      expect(failures.map((f) => f.keyword)).to.include('required');
    });

    it('counts positional args and kwargs as binding a required parameter', () => {
      expect(check({ m: { target: 'sch.models:Mlp', called: true, args: [3, { __ref__: 'x' }], __dense_spec__: true } })).to.deep.equal([]);
      expect(check({ m: { target: 'sch.models:Mlp', called: true, args: [3], __dense_spec__: true } })).to.not.deep.equal([]);
      expect(check({ m: { target: 'sch.misc:reserved', called: true, __dense_spec__: true } })).to.not.deep.equal([]);
    });

    it('never requires runtime parameters', () => {
      expect(check({ tx: { target: 'sch.optim:Adam', called: true, __dense_spec__: true } })).to.deep.equal([]);
    });

    it('rejects args that are not an array', () => {
      const failures = check({ f: { target: 'sch.models:createModel', args: 3, __dense_spec__: true } });
      expect(failures).to.deep.include({ instancePath: '/f/args', keyword: 'type' });
    });

    it('rejects a flattened __dunder__ key even where any option key is accepted', () => {
      const failures = check({ e: { target: 'sch.misc:withTarget', __x__: 1, __dense_spec__: true } });
      expect(paths(failures)).to.include('/e');
      expect(failures.map((f) => f.keyword)).to.include('propertyNames');
    });

    it('rejects a malformed ref or tagged value', () => {
      expect(check({ a: { __ref__: 3 } })).to.deep.include({ instancePath: '/a/__ref__', keyword: 'type' });
      expect(check({ a: { __ref__: 'x', more: 1 } })).to.deep.include({ instancePath: '/a', keyword: 'additionalProperties' });
      expect(check({ a: { __value__: 'Date', data: 1, x: 2 } })).to.deep.include({ instancePath: '/a', keyword: 'additionalProperties' });
    });

    it('checks nested values inside plain containers and args', () => {
      const failures = check({ a: [{ b: { target: 'sch.nn:Relu', bad: 1, __dense_spec__: true } }], c: { target: 'sch.models:createModel', args: [{ target: 'nope', __dense_spec__: true }], __dense_spec__: true } });
      expect(paths(failures)).to.include.members(['/a/0/b', '/c/args/0/target']);
    });

    it('uses design:paramtypes types where the compiler emitted them, and literal defaults in both modes', () => {
      const failures = check({ tx: { target: 'sch.optim:Adam', lr: 'fast', amsgrad: 'yes', __dense_spec__: true } });
      expect(paths(failures)).to.include.members(['/tx/lr', '/tx/amsgrad']);
      // A spec, ref, tagged value or null can stand for a typed parameter.
      expect(check({ tx: { target: 'sch.optim:Adam', lr: { __value__: 'number', data: 'NaN' }, name: { __ref__: 'x' }, amsgrad: null, __dense_spec__: true } })).to.deep.equal([]);
      if (decoratorMode === 'legacy') {
        expect(check({ m: { target: 'sch.models:Mlp', act: 3, __dense_spec__: true } })).to.deep.include({ instancePath: '/m/act', keyword: 'anyOf' });
      } else {
        expect(check({ m: { target: 'sch.models:Mlp', act: 3, __dense_spec__: true } })).to.deep.equal([]);
      }
    });

    it('points a parameter typed with a registered class at that class\'s definition (legacy)', () => {
      const defs = configSchema({ registry }).$defs as Record<string, { properties: Record<string, { anyOf?: JsonSchema[] }> }>;
      const act = defs['sch.models:Mlp']?.properties.act;
      if (decoratorMode === 'legacy') {
        expect(act?.anyOf?.[0]).to.deep.equal({ anyOf: [{ $ref: '#/$defs/sch.nn:Relu' }, { type: 'null' }] });
        expect(check({ m: { target: 'sch.models:Mlp', layers: 3, __dense_spec__: true } })).to.deep.include({ instancePath: '/m/layers', keyword: 'anyOf' });
      } else {
        expect(act?.anyOf).to.equal(undefined);
      }
    });

    it('embeds the JSON Schema of a validator that offers one (zod 4), ajv-checked', () => {
      const own = new Registry();
      function dense(units = 1, rate = 0.5, name = 'dense', opts: Record<string, unknown> = {}): unknown {
        return [units, rate, name, opts];
      }
      const evenOnly = { '~standard': { version: 1 as const, vendor: 'hand', validate: (value: unknown) => ({ value }) } };
      own.configurable({ namespace: 'sv', options: 'opts', schema: { units: z.number().int().min(1), rate: v.number(), name: evenOnly, width: z.number().max(8) } }, dense);
      const schema = configSchema({ registry: own });
      const def = (schema.$defs as Record<string, { properties: Record<string, { anyOf?: JsonSchema[] }> }>)['sv:dense'];
      expect(def?.properties.units?.anyOf?.[0]).to.deep.include({ type: 'integer', minimum: 1 });
      expect(def?.properties.units?.anyOf?.[0]).not.to.have.property('$schema');
      // valibot and the hand-written one offer no JSON Schema: any value (the check runs when read).
      expect(def?.properties.rate).to.have.property('$ref');
      const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
      const bad = { target: 'sv:dense', units: 0, width: 9, __dense_spec__: true };
      expect(validate(bad)).to.equal(false);
      expect((validate.errors ?? []).map((e) => e.instancePath)).to.include.members(['/units', '/width']);
      expect(validate({ target: 'sv:dense', units: 3, width: 8, rate: 'x', __dense_spec__: true })).to.equal(true);
    });

    it('rejects a __proto__ key in a plain object', () => {
      const failures = check(JSON.parse('{"a": {"b": 1, "__proto__": {"polluted": true}}}'));
      expect(failures).to.deep.include({ instancePath: '/a', keyword: 'propertyNames' });
    });

    it('escapes "/" in namespaces in $ref pointers', () => {
      const slashed = new Registry();
      slashed.configurable('@org/pkg', function scaled(x: number) { return x; });
      const schema = targetSchema('@org/pkg:scaled', { registry: slashed });
      expect(schema.$ref).to.equal('#/$defs/@org~1pkg:scaled');
      const one = compile(schema);
      expect(one({ target: '@org/pkg:scaled', x: 1, __dense_spec__: true })).to.deep.equal([]);
      expect(one({ target: '@org/pkg:scaled', y: 1, __dense_spec__: true })).to.deep.include({ instancePath: '', keyword: 'additionalProperties' });
    });

    it('is permissive for a target whose parameters are unknown', () => {
      expect(check({ n: { target: 'sch.native:max', anything: [1], kwargs: { k: 1 }, __dense_spec__: true } })).to.deep.equal([]);
      expect(check({ n: { target: 'sch.native:max', args: 1, __dense_spec__: true } })).to.deep.include({ instancePath: '/n/args', keyword: 'type' });
    });

    it('accepts an empty registry document and rejects every spec with it', () => {
      const empty = compile(configSchema({ registry: new Registry() }));
      expect(empty({ a: 1 })).to.deep.equal([]);
      expect(paths(empty({ a: { target: 'x', __dense_spec__: true } }))).to.include('/a/target');
    });

    it('throws INVALID_REGISTRATION for malformed options', () => {
      for (const bad of [null, 3, { registry: {} }, { id: 3 }]) {
        try {
          configSchema(bad as never);
          expect.fail('no error');
        } catch (error) {
          expect(error).to.be.instanceOf(ConfigSpecError);
          expect((error as ConfigSpecError).code).to.equal('INVALID_REGISTRATION');
          expect((error as ConfigSpecError).path).to.equal('');
        }
      }
    });
  });

  describe('targetSchema', () => {
    it('validates one spec dict of the target, by class, name or alias', () => {
      for (const target of [Adam, 'sch.optim:Adam', 'sch.optim:OldAdam']) {
        const one = compile(targetSchema(target, { registry }));
        expect(one({ target: 'sch.optim:Adam', lr: 0.1, __dense_spec__: true })).to.deep.equal([]);
        expect(one({ target: 'sch.optim:OldAdam', __dense_spec__: true })).to.deep.equal([]);
        expect(one({ target: 'sch.nn:Relu', __dense_spec__: true })).to.deep.include({ instancePath: '/target', keyword: 'enum' });
        expect(one({ target: 'sch.optim:Adam', beta: 1, __dense_spec__: true })).to.deep.include({ instancePath: '', keyword: 'additionalProperties' });
        expect(one({ target: 'sch.optim:Adam' })).to.deep.include({ instancePath: '', keyword: 'required' });
        expect(one(3)).to.deep.include({ instancePath: '', keyword: 'type' });
      }
    });

    it('throws UNKNOWN_TARGET with the closest name for an unregistered target', () => {
      try {
        targetSchema('sch.optim:Adamm', { registry });
        expect.fail('no error');
      } catch (error) {
        expect((error as ConfigSpecError).code).to.equal('UNKNOWN_TARGET');
        expect((error as ConfigSpecError).path).to.equal('');
        expect((error as Error).message).to.contain('sch.optim:Adam');
      }
      expect(() => targetSchema(class Nope {}, { registry })).to.throw(ConfigSpecError).with.property('code', 'UNKNOWN_TARGET');
    });

    it('uses the default registry when none is given', () => {
      const relu = configurable('sch.default', function schRelu(x: number) { return x; });
      const schema = targetSchema(relu);
      expect(schema.$ref).to.equal('#/$defs/sch.default:schRelu');
      expect(configSchema().$defs).to.have.property('sch.default:schRelu');
      // Whatever else the default registry holds (every test file of this mode registers there), the
      // document compiles in strict mode.
      const all = compile(configSchema());
      expect(all({ r: { target: 'sch.default:schRelu', x: 1, __dense_spec__: true } })).to.deep.equal([]);
    });
  });
});
