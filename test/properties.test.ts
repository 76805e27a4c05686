import { expect } from 'chai';
import fc from 'fast-check';
import { asdict, ConfigSpecError, isSpec, Registry, Spec, type PartialFunction } from '../src/index.js';
import { specOfPartial } from '../src/partial-function.js';
import { decoratorMode } from './support/mode.js';
import { same } from './support/same.js';

// Properties of the public API on generated trees (DESIGN.md §8): round trip, idempotence, only
// ConfigSpecErrors on any JSON input, inputs never mutated, no prototype pollution.
// Fixed seeds, so a failure reproduces; runs are kept small enough for the file to take a few seconds.

const registry = new Registry();
const opts = { registry };

/** Takes any keyword (an options object): the workhorse for random keyword names. */
function make(options: Record<string, unknown>): Record<string, unknown> {
  return options;
}
registry.configurable({ namespace: 'prop', options: true }, make);

/** Positional arguments only. */
function list(...items: unknown[]): unknown[] {
  return items;
}
registry.configurable({ namespace: 'prop', params: ['...items'] }, list);

function add(a: unknown, b: unknown = 0): unknown {
  return typeof a === 'number' && typeof b === 'number' ? a + b : [a, b];
}
// Random values go into its parameters: its default's type (a number) is not inferred.
registry.configurable({ namespace: 'prop', infer: false }, add);

@registry.configurable({ namespace: 'prop', options: true })
class Node {
  constructor(public options: Record<string, unknown> = {}) {}
}

/** Always throws: building it must give INSTANTIATION_FAILED, never the raw error. */
function boom(): never {
  throw new TypeError('boom');
}
registry.configurable('prop', boom);

const REGISTERED = ['prop:make', 'prop:list', 'prop:add', 'prop:Node', 'prop:boom'];

type Tree = Record<string, unknown>;

const SEED = 42;

const objectProtoNames = Object.getOwnPropertyNames(Object.prototype).sort();
const arrayProtoNames = Object.getOwnPropertyNames(Array.prototype).sort();

function expectNoPollution(): void {
  expect(({} as Tree).polluted).to.equal(undefined);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(objectProtoNames);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).to.deep.equal(arrayProtoNames);
}

/** Runs `fn`: it returns, or throws a ConfigSpecError with a string code and path; anything else fails. */
function returnsOrConfigSpecError(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ConfigSpecError)) {
      throw new Error(`threw something other than a ConfigSpecError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
    expect(error.code).to.be.a('string');
    expect(error.path).to.be.a('string');
  }
}

// ---------------------------------------------------------------------------------------------
// (a), (b): trees of specs with JSON-safe arguments

/** JSON-safe scalars that JSON round-trips exactly (no -0, NaN, Infinity). */
const scalar = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
);

/** Plain-data keys: anything but `__proto__` and the format's own `__x__` names. */
const dataKey = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('target', 'args', 'kwargs', 'called', 'constructor', 'toString', 'a.b', '0', '')).filter((k) => k !== '__proto__' && !/^__.+__$/.test(k));

/** Keyword names: like data keys, plus reserved and `__x__` names (they are escaped under kwargs). */
const keywordName = fc.oneof(dataKey, fc.constantFrom('target', 'args', 'kwargs', 'called', '__dense_spec__', '__recursive__', '__x__')).filter((k) => k !== '__proto__');

const { value: specTree } = fc.letrec<{ value: unknown; spec: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: scalar, weight: 3 },
    { arbitrary: fc.array(tie('value'), { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(dataKey, tie('value'), { maxKeys: 3 }), weight: 1 },
    { arbitrary: tie('spec'), weight: 3 },
  ),
  spec: fc.oneof(
    // a spec of a target taking any keyword
    fc.record({ kwargs: fc.dictionary(keywordName, tie('value'), { maxKeys: 3 }), called: fc.boolean(), cls: fc.boolean() }).map(({ kwargs, called, cls }) => (cls ? new Spec(Node, kwargs, { registry, called }) : new Spec(make, kwargs, { registry, called }))),
    // positional arguments
    fc.record({ args: fc.array(tie('value'), { maxLength: 3 }), called: fc.boolean() }).map(({ args, called }) => new Spec(list, {}, { registry, args, called })),
    // a spec made by .partial()/.call() chains
    fc.record({ a: tie('value'), b: fc.option(tie('value'), { nil: undefined }), call: fc.boolean() }).map(({ a, b, call }) => {
      const base = new Spec(add, {}, { registry }).partial({ a });
      return call ? base.call(b === undefined ? {} : { b }) : base.partial(b === undefined ? {} : { b });
    }),
    // a partial function and a registered function as values
    fc.dictionary(keywordName, tie('value'), { maxKeys: 2 }).map((kwargs) => registry.partial(make, kwargs)),
    fc.constantFrom<unknown>(make, add, Node),
  ),
}));

// ---------------------------------------------------------------------------------------------
// (c): arbitrary JSON, with objects that look more or less like spec dicts

const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '__dense_spec__', 'target', 'kwargs', '__recursive__', '__x__', 'toString');

const { json: jsonInput } = fc.letrec<{ json: unknown; specish: unknown; hostile: unknown }>((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), fc.array(tie('json'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('json'), { maxKeys: 3 }), tie('specish'), tie('hostile')),
  specish: fc
    .record(
      {
        __dense_spec__: fc.oneof(fc.constant(true), fc.constant(true), fc.jsonValue({ maxDepth: 1 })),
        target: fc.oneof(fc.constantFrom(...REGISTERED), fc.constantFrom('prop:nope', 'process.exit', 'globalThis.eval', 'constructor', '__proto__', ''), fc.jsonValue({ maxDepth: 1 })),
        args: fc.oneof(fc.array(tie('json'), { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
        kwargs: fc.oneof(fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), hostileKey), tie('json'), { maxKeys: 3 }), fc.jsonValue({ maxDepth: 1 })),
        called: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
        __recursive__: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
        x: tie('json'),
        a: tie('json'),
        options: tie('json'),
      },
      { requiredKeys: [] },
    )
    .chain((record) => fc.tuple(fc.constant(record), fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), hostileKey), tie('json'), { maxKeys: 2 })))
    .map(([record, extra]) => ({ ...extra, ...record })),
  // an own __proto__/constructor/prototype key exactly as JSON.parse makes it
  hostile: fc.tuple(hostileKey, tie('json')).map(([key, value]) => JSON.parse(`{${JSON.stringify(key)}: ${(JSON.stringify(value) as string | undefined) ?? 'null'}}`) as unknown),
}));

// ---------------------------------------------------------------------------------------------
// (f): trees that share Spec objects and partial functions at random places

/** A template: slots stand for pool members, filled in after generation. */
type Template =
  | { readonly t: 'scalar'; readonly v: unknown }
  | { readonly t: 'slot'; readonly i: number }
  | { readonly t: 'array'; readonly items: readonly Template[] }
  | { readonly t: 'object'; readonly entries: Readonly<Record<string, Template>> }
  | { readonly t: 'spec'; readonly kind: 'make' | 'node' | 'list' | 'partial'; readonly kwargs: Readonly<Record<string, Template>>; readonly args: readonly Template[]; readonly called: boolean };

const { value: template, spec: specTemplate } = fc.letrec<{ value: Template; spec: Template }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: scalar.map((v): Template => ({ t: 'scalar', v })), weight: 2 },
    { arbitrary: fc.nat({ max: 5 }).map((i): Template => ({ t: 'slot', i })), weight: 4 },
    { arbitrary: fc.array(tie('value'), { maxLength: 3 }).map((items): Template => ({ t: 'array', items })), weight: 1 },
    { arbitrary: fc.dictionary(dataKey, tie('value'), { maxKeys: 3 }).map((entries): Template => ({ t: 'object', entries })), weight: 1 },
    { arbitrary: tie('spec'), weight: 2 },
  ),
  spec: fc
    .record({
      kind: fc.constantFrom<'make' | 'node' | 'list' | 'partial'>('make', 'node', 'list', 'partial'),
      kwargs: fc.dictionary(keywordName, tie('value'), { maxKeys: 3 }),
      args: fc.array(tie('value'), { maxLength: 3 }),
      called: fc.boolean(),
    })
    .map((r): Template => ({ t: 'spec', ...r })),
}));

/** Fills a template in: slot i → pool[i mod pool.length] (null when the pool is empty). */
function materialize(tpl: Template, pool: readonly unknown[]): unknown {
  switch (tpl.t) {
    case 'scalar':
      return tpl.v;
    case 'slot':
      return pool.length === 0 ? null : pool[tpl.i % pool.length];
    case 'array':
      return tpl.items.map((item) => materialize(item, pool));
    case 'object': {
      const out: Tree = {};
      for (const key of Object.keys(tpl.entries)) out[key] = materialize(tpl.entries[key] as Template, pool);
      return out;
    }
    case 'spec': {
      const kwargs: Tree = {};
      for (const key of Object.keys(tpl.kwargs)) kwargs[key] = materialize(tpl.kwargs[key] as Template, pool);
      if (tpl.kind === 'list') return new Spec(list, {}, { registry, args: tpl.args.map((a) => materialize(a, pool)), called: tpl.called });
      if (tpl.kind === 'partial') return registry.partial(make, kwargs);
      return tpl.kind === 'node' ? new Spec(Node, kwargs, { registry, called: tpl.called }) : new Spec(make, kwargs, { registry, called: tpl.called });
    }
  }
}

/**
 * A tree and a pool of Specs / partial functions shared at random places in it (pool member i may
 * hold members before it, so there is no cycle).
 */
const sharedTree = fc.record({ pool: fc.array(specTemplate, { minLength: 1, maxLength: 3 }), tree: fc.array(template, { minLength: 2, maxLength: 5 }) }).map(({ pool: templates, tree }) => {
  const pool: unknown[] = [];
  for (const tpl of templates) pool.push(materialize(tpl, pool));
  return tree.map((item) => materialize(item, pool));
});

/**
 * The shared objects (Specs, partial functions) met in a depth-first walk, each as the index of its
 * first meeting: two trees share the same way when these lists are equal. Keywords are walked in
 * sorted order (a Spec read back lists flattened keywords before escaped ones).
 */
function sharingShape(tree: unknown): number[] {
  const first = new Map<object, number>();
  const shape: number[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'function' && specOfPartial(value) === undefined) return;
    if (typeof value !== 'object' && typeof value !== 'function') return;
    if (value === null) return;
    const spec = isSpec(value) ? value : typeof value === 'function' ? (value as PartialFunction) : undefined;
    if (spec !== undefined) {
      const seen = first.get(value);
      shape.push(seen ?? first.size);
      if (seen !== undefined) return;
      first.set(value, first.size);
      for (const arg of spec.args) walk(arg);
      for (const key of Object.keys(spec.kwargs).sort()) walk(spec.kwargs[key]);
      return;
    }
    if (Array.isArray(value)) for (const item of value) walk(item);
    else for (const key of Object.keys(value)) walk((value as Tree)[key]);
  };
  walk(tree);
  return shape;
}

// ---------------------------------------------------------------------------------------------
// (g): values JSON cannot hold, written as tagged values

const taggedLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, -0, 0, Infinity, -Infinity),
  fc.bigInt(),
  fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }),
  fc.date(),
  fc.tuple(fc.constantFrom('a+', '\\d{2}', '[/]"x"', '(?:x|y)*', '', '^\\s$'), fc.subarray(['g', 'i', 'm', 's', 'u', 'y', 'd'])).map(([source, flags]) => new RegExp(source, flags.join(''))),
  fc.int8Array({ maxLength: 4 }),
  fc.uint8Array({ maxLength: 4 }),
  fc.uint8ClampedArray({ maxLength: 4 }),
  fc.int16Array({ maxLength: 4 }),
  fc.uint16Array({ maxLength: 4 }),
  fc.int32Array({ maxLength: 4 }),
  fc.uint32Array({ maxLength: 4 }),
  fc.float32Array({ maxLength: 4 }),
  fc.float64Array({ maxLength: 4 }),
  fc.bigInt64Array({ maxLength: 4 }),
  fc.bigUint64Array({ maxLength: 4 }),
  scalar,
);

const { value: taggedValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: taggedLeaf, weight: 4 },
    { arbitrary: fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(dataKey, tie('value'), { maxKeys: 3, noNullPrototype: true }), weight: 1 },
    { arbitrary: fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((entries) => new Map(entries)), weight: 1 },
    { arbitrary: fc.array(tie('value'), { maxLength: 3 }).map((items) => new Set(items)), weight: 1 },
  ),
}));

describe(`properties (${decoratorMode})`, function () {
  this.timeout(30_000);

  afterEach(expectNoPollution);

  describe('(a) round trip', () => {
    it('asdict(Spec.fromDict(asdict(x))) deep-equals asdict(x)', () => {
      fc.assert(
        fc.property(specTree, (x) => {
          const dict: unknown = asdict(x, opts);
          expect(asdict(Spec.fromDict(dict, opts), opts)).to.deep.equal(dict);
        }),
        { seed: SEED, numRuns: 500 },
      );
    });

    it('JSON.parse(JSON.stringify(asdict(x))) deep-equals asdict(x)', () => {
      fc.assert(
        fc.property(specTree, (x) => {
          const dict: unknown = asdict(x, opts);
          expect(JSON.parse(JSON.stringify(dict))).to.deep.equal(dict);
        }),
        { seed: SEED, numRuns: 500 },
      );
    });

    it('reading the JSON text back gives specs that write the same dict (the on-disk round trip)', () => {
      fc.assert(
        fc.property(specTree, (x) => {
          const text = JSON.stringify(asdict(x, opts));
          const specs: unknown = Spec.fromDict(JSON.parse(text), opts);
          expect(JSON.stringify(asdict(specs, opts))).to.equal(text);
        }),
        { seed: SEED + 1, numRuns: 200 },
      );
    });

    it('a Spec written by toDict/JSON.stringify reads back to an equal Spec', () => {
      fc.assert(
        fc.property(specTree, (x) => {
          const spec = x instanceof Spec ? x : new Spec(make, { value: x }, opts);
          const back = Spec.fromDict<Spec<unknown, boolean>>(JSON.parse(JSON.stringify(spec)), opts);
          expect(back).to.be.instanceOf(Spec);
          expect(back.target).to.equal(spec.target);
          expect(back.called).to.equal(spec.called);
          expect(back.toDict()).to.deep.equal(spec.toDict());
        }),
        { seed: SEED + 2, numRuns: 200 },
      );
    });
  });

  it('the spec-tree generator makes nested specs (so the round-trip properties are not vacuous)', () => {
    let withSpec = 0;
    let nested = 0;
    let escaped = 0;
    const specsIn = (value: unknown, depth: number, seen: { max: number; count: number }): void => {
      if (Array.isArray(value)) {
        for (const item of value) specsIn(item, depth, seen);
      } else if (typeof value === 'object' && value !== null) {
        const isSpecDict = (value as Tree).__dense_spec__ === true;
        if (isSpecDict) {
          seen.count++;
          seen.max = Math.max(seen.max, depth + 1);
        }
        for (const key of Object.keys(value)) specsIn((value as Tree)[key], isSpecDict ? depth + 1 : depth, seen);
      }
    };
    const samples = fc.sample(specTree, { seed: SEED, numRuns: 300 });
    for (const x of samples) {
      const dict: unknown = asdict(x, opts);
      const seen = { max: 0, count: 0 };
      specsIn(dict, 0, seen);
      if (seen.count > 0) withSpec++;
      if (seen.max >= 2) nested++;
      if (JSON.stringify(dict).includes('"kwargs":{')) escaped++;
    }
    if (process.env.H4_STATS !== undefined) console.log({ withSpec, nested, escaped, of: samples.length });
    expect(withSpec).to.be.greaterThan(samples.length / 3);
    expect(nested).to.be.greaterThan(samples.length / 10);
    expect(escaped).to.be.greaterThan(0);
  });

  describe('(b) idempotence', () => {
    it('asdict(asdict(x)) deep-equals asdict(x)', () => {
      fc.assert(
        fc.property(specTree, (x) => {
          const once: unknown = asdict(x, opts);
          expect(asdict(once, opts)).to.deep.equal(once);
        }),
        { seed: SEED, numRuns: 500 },
      );
    });

    it('Spec.fromDict(Spec.fromDict(d)) writes the same as Spec.fromDict(d)', () => {
      fc.assert(
        fc.property(specTree, (x) => {
          const dict: unknown = asdict(x, opts);
          const once: unknown = Spec.fromDict(dict, opts);
          expect(asdict(Spec.fromDict(once, opts), opts)).to.deep.equal(dict);
        }),
        { seed: SEED + 3, numRuns: 200 },
      );
    });

    it('the written dict is plain JSON data: plain objects and arrays only, own keys, no undefined', () => {
      const check = (value: unknown): void => {
        if (Array.isArray(value)) {
          for (const item of value) check(item);
          return;
        }
        if (typeof value === 'object' && value !== null) {
          expect(Object.getPrototypeOf(value)).to.equal(Object.prototype);
          for (const key of Object.keys(value)) check((value as Tree)[key]);
          return;
        }
        expect(['string', 'number', 'boolean']).to.include(value === null ? 'boolean' : typeof value);
      };
      fc.assert(
        fc.property(specTree, (x) => {
          check(asdict(x, opts));
        }),
        { seed: SEED + 4, numRuns: 200 },
      );
    });
  });

  describe('(c) any JSON input: a value or a ConfigSpecError, nothing else', () => {
    it('Spec.fromDict', () => {
      fc.assert(
        fc.property(jsonInput, (input) => {
          returnsOrConfigSpecError(() => Spec.fromDict(input, opts));
        }),
        { seed: SEED, numRuns: 400 },
      );
    });

    it('Spec.instantiate (targets that throw become INSTANTIATION_FAILED)', () => {
      fc.assert(
        fc.property(jsonInput, (input) => {
          returnsOrConfigSpecError(() => Spec.instantiate(input, opts));
        }),
        { seed: SEED, numRuns: 400 },
      );
    });

    it('asdict, and reading what it wrote', () => {
      fc.assert(
        fc.property(jsonInput, (input) => {
          returnsOrConfigSpecError(() => asdict(Spec.fromDict(input, opts), opts));
          returnsOrConfigSpecError(() => asdict(input, opts));
        }),
        { seed: SEED, numRuns: 400 },
      );
    });

    it('the same through the default registry (unknown names everywhere)', () => {
      fc.assert(
        fc.property(jsonInput, (input) => {
          returnsOrConfigSpecError(() => Spec.fromDict(input));
          returnsOrConfigSpecError(() => Spec.instantiate(input));
        }),
        { seed: SEED + 5, numRuns: 200 },
      );
    });

    it('the generator does reach every outcome (so the property is not vacuous)', () => {
      const codes = new Set<string>();
      let returned = 0;
      for (const input of fc.sample(jsonInput, { seed: SEED, numRuns: 400 })) {
        try {
          Spec.instantiate(input, opts);
          returned++;
        } catch (error) {
          if (error instanceof ConfigSpecError) codes.add(error.code);
        }
      }
      expect(returned).to.be.greaterThan(50);
      for (const code of ['INVALID_SPEC_DICT', 'UNKNOWN_TARGET', 'UNKNOWN_PARAMETER']) expect([...codes]).to.include(code);
    });
  });

  describe('(d) the input is never mutated', () => {
    it('JSON input: fromDict, instantiate and asdict leave it equal to a structuredClone snapshot', () => {
      fc.assert(
        fc.property(jsonInput, (input) => {
          const snapshot: unknown = structuredClone(input);
          returnsOrConfigSpecError(() => Spec.fromDict(input, opts));
          returnsOrConfigSpecError(() => Spec.instantiate(input, opts));
          returnsOrConfigSpecError(() => asdict(input, opts));
          expect(input).to.deep.equal(snapshot);
        }),
        { seed: SEED + 6, numRuns: 300 },
      );
    });

    it('spec trees: building and writing leave their dict unchanged', () => {
      fc.assert(
        fc.property(specTree, (x) => {
          const before: unknown = asdict(x, opts);
          const snapshot: unknown = structuredClone(before);
          returnsOrConfigSpecError(() => Spec.instantiate(x, opts));
          Spec.fromDict(x, opts);
          expect(asdict(x, opts)).to.deep.equal(before);
          // the written dict itself is not touched by reading or building it
          Spec.fromDict(before, opts);
          returnsOrConfigSpecError(() => Spec.instantiate(before, opts));
          expect(before).to.deep.equal(snapshot);
        }),
        { seed: SEED + 7, numRuns: 200 },
      );
    });

    it('asdict output never shares containers with the input', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 3 }), (input) => {
          const out: unknown = asdict(input, opts);
          if (typeof input === 'object' && input !== null) expect(out).not.to.equal(input);
          expect(out).to.deep.equal(input);
        }),
        { seed: SEED + 8, numRuns: 200 },
      );
    });
  });

  describe('(e) no prototype pollution', () => {
    it('Object.prototype and Array.prototype own names are unchanged after any input', () => {
      fc.assert(
        fc.property(jsonInput, (input) => {
          returnsOrConfigSpecError(() => Spec.fromDict(input, opts));
          returnsOrConfigSpecError(() => Spec.instantiate(input, opts));
          returnsOrConfigSpecError(() => asdict(input, opts));
          expectNoPollution();
        }),
        { seed: SEED + 9, numRuns: 300 },
      );
    });

    it('values built from inputs with __proto__ keys never get a foreign prototype', () => {
      // `target` is a reserved name, so its keyword lives under kwargs both when read and when built
      const protoKeyed = fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.parse(`{"target": "prop:make", "called": true, "kwargs": {"target": {"__proto__": ${(JSON.stringify(v) as string | undefined) ?? 'null'}}}, "__dense_spec__": true}`) as unknown);
      fc.assert(
        fc.property(protoKeyed, (input) => {
          let threw = false;
          try {
            Spec.instantiate(input, opts);
          } catch (error) {
            threw = true;
            expect(error).to.be.instanceOf(ConfigSpecError);
            expect((error as ConfigSpecError).code).to.equal('INVALID_SPEC_DICT');
            expect((error as ConfigSpecError).path).to.equal('kwargs.target.__proto__');
          }
          expect(threw).to.equal(true);
          expectNoPollution();
        }),
        { seed: SEED + 10, numRuns: 100 },
      );
    });
  });
  describe('(f) sharing survives JSON', () => {
    it('Spec.fromDict(JSON of asdict(x)) has exactly the sharing structure of x', () => {
      fc.assert(
        fc.property(sharedTree, (x) => {
          const text = JSON.stringify(asdict(x, opts));
          const back: unknown = Spec.fromDict(JSON.parse(text), opts);
          expect(sharingShape(back)).to.deep.equal(sharingShape(x));
          expect(JSON.stringify(asdict(back, opts))).to.equal(text);
        }),
        { seed: SEED + 11, numRuns: 300 },
      );
    });

    it('instantiate of the JSON builds a shared Spec once: every place of one Spec gets the same value', () => {
      // Pairs each Spec of the tree read back with the value built at its place, descending into built
      // values whose arguments are visible (make's options, list's items, Node's options, partials).
      const pairUp = (spec: unknown, built: unknown, out: [unknown, unknown][], seen: Set<unknown>): void => {
        if (isSpec(spec)) {
          out.push([spec, built]);
          if (seen.has(spec)) return;
          seen.add(spec);
          let args: readonly unknown[] | undefined;
          let kwargs: Readonly<Tree> | undefined;
          if (typeof built === 'function' && specOfPartial(built) !== undefined) {
            args = (built as PartialFunction).args;
            kwargs = (built as PartialFunction).kwargs;
          } else if (spec.called && spec.target === 'prop:list') args = built as unknown[];
          else if (spec.called && spec.target === 'prop:make') kwargs = built as Tree;
          else if (spec.called && spec.target === 'prop:Node') kwargs = (built as Node).options;
          if (args !== undefined) spec.args.forEach((arg, i) => { pairUp(arg, args[i], out, seen); });
          if (kwargs !== undefined) {
            for (const key of Object.keys(spec.kwargs)) if (Object.hasOwn(kwargs, key)) pairUp(spec.kwargs[key], kwargs[key], out, seen);
          }
        } else if (Array.isArray(spec)) {
          spec.forEach((item, i) => { pairUp(item, (built as unknown[])[i], out, seen); });
        } else if (typeof spec === 'object' && spec !== null) {
          for (const key of Object.keys(spec)) pairUp((spec as Tree)[key], (built as Tree)[key], out, seen);
        }
      };
      let checked = 0;
      fc.assert(
        fc.property(sharedTree, (x) => {
          const text = JSON.stringify(asdict(x, opts));
          const specs: unknown = Spec.fromDict(JSON.parse(text), opts);
          const built: unknown = Spec.instantiate(JSON.parse(text), opts);
          const pairs: [unknown, unknown][] = [];
          pairUp(specs, built, pairs, new Set());
          const firstBuilt = new Map<unknown, unknown>();
          for (const [spec, value] of pairs) {
            if (firstBuilt.has(spec)) {
              expect(value === firstBuilt.get(spec), text).to.equal(true);
              checked++;
            } else firstBuilt.set(spec, value);
          }
        }),
        { seed: SEED + 12, numRuns: 200 },
      );
      expect(checked).to.be.greaterThan(50);
    });

    it('the generator shares (so the property is not vacuous)', () => {
      let sharing = 0;
      let refs = 0;
      const samples = fc.sample(sharedTree, { seed: SEED + 11, numRuns: 300 });
      for (const x of samples) {
        const shape = sharingShape(x);
        if (new Set(shape).size < shape.length) sharing++;
        if (JSON.stringify(asdict(x, opts)).includes('"__ref__"')) refs++;
      }
      expect(sharing).to.be.greaterThan(samples.length / 4);
      expect(refs).to.be.greaterThan(samples.length / 4);
    });
  });

  describe('(g) tagged values round-trip to equal values', () => {
    it('through JSON text, by Spec.fromDict and by Spec.instantiate (Object.is for numbers)', () => {
      fc.assert(
        fc.property(taggedValue, (v) => {
          const text = JSON.stringify(asdict(v, opts));
          expect(same(Spec.fromDict(JSON.parse(text), opts), v), text).to.equal(true);
          expect(same(Spec.instantiate(JSON.parse(text), opts), v), text).to.equal(true);
        }),
        { seed: SEED + 13, numRuns: 400 },
      );
    });

    it('as spec arguments: the built call receives equal values, and asdict writes the same JSON back', () => {
      fc.assert(
        fc.property(taggedValue, taggedValue, (a, b) => {
          const spec = new Spec(list, {}, { registry, args: [a, b], called: true });
          const text = JSON.stringify(spec);
          const back = Spec.fromDict<Spec<unknown, boolean>>(JSON.parse(text), opts);
          expect(JSON.stringify(back)).to.equal(text);
          expect(same(Spec.instantiate(JSON.parse(text), opts), [a, b]), text).to.equal(true);
        }),
        { seed: SEED + 14, numRuns: 200 },
      );
    });

    it('asdict(asdict(x)) deep-equals asdict(x)', () => {
      fc.assert(
        fc.property(taggedValue, (v) => {
          const once: unknown = asdict(v, opts);
          expect(JSON.stringify(asdict(once, opts))).to.equal(JSON.stringify(once));
        }),
        { seed: SEED + 15, numRuns: 200 },
      );
    });
  });
});
