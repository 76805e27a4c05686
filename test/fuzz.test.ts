import { expect } from 'chai';
import fc from 'fast-check';
import {
  applyOverrides,
  asdict,
  ConfigSpecError,
  deletePath,
  getPath,
  hasPath,
  MAX_DEPTH,
  mergeConfig,
  parseOverride,
  Registry,
  setPath,
  Spec,
  type Callable,
  type ErrorCode,
  type InstantiateOptions,
  type Target,
} from '../src/index.js';
import { appendPath, parsePath } from '../src/path.js';
import { decoratorMode } from './support/mode.js';
import {
  assertProperty,
  CHAIN_SHAPES,
  deepFreeze,
  edgeNumber,
  expectPrototypesUnchanged,
  expectUnchanged,
  foreignValue,
  HOSTILE_KEYS,
  hostileJson,
  hostileScalar,
  isFrozenWrite,
  nestedChain,
  objectOf,
  oddString,
  snapshot,
  snapshotPrototypes,
  type PrototypeSnapshot,
} from './support/hostile.js';

// Fuzzing (issue 5): random JSON, random spec trees (valid and mutated) and random overrides, built to
// be hostile, fed to every reader and writer. Whatever happens, only a ConfigSpecError (with a known
// code and a path) leaves the library, no built-in prototype changes, and the input is left exactly as
// it was (checked against a descriptor-level snapshot; half of the runs also deep-freeze the input).
// test/properties.test.ts holds the round-trip and sharing properties on friendlier trees.
// Seeds are fixed so a failure reproduces. FUZZ_RUNS (cases per decorator mode) scales every
// property; unset it is 110,000, what `npm test` and CI run (issue 9: at least 100,000 per mode).
// A quick local run: FUZZ_RUNS=1 npm test -- fuzz (each property at its base count, 11,700 in all).

const SEED = 20_515;
const BASE_RUNS = {
  fromDict: 1500,
  instantiate: 1500,
  asdict: 1200,
  specTrees: 1000,
  mutated: 2000,
  parseOverride: 1500,
  applyOverrides: 1500,
  editing: 600,
  escapes: 800,
  entryPoints: 800,
  fanOut: 100,
} as const;
const REQUESTED_RUNS = process.env.FUZZ_RUNS === undefined ? 110_000 : Number(process.env.FUZZ_RUNS);
const RUN_SCALE = Math.max(1, REQUESTED_RUNS / Object.values(BASE_RUNS).reduce((a, b) => a + b, 0));
const RUNS = Object.fromEntries(
  Object.entries(BASE_RUNS).map(([name, runs]) => [name, Math.max(10, Math.round(runs * RUN_SCALE))]),
) as { readonly [K in keyof typeof BASE_RUNS]: number };

// ---------------------------------------------------------------------------------------------
// Fixtures: one registry with a target of each kind the binder knows.

const registry = new Registry();
const opts = { registry };

// Its parameters are `unknown`: the type of a default (lr's number) is not inferred.
@registry.configurable({ namespace: 'fz', aliases: ['OldAdam'], runtime: ['params'], infer: false })
class Adam {
  constructor(
    public params: unknown = [],
    public lr: unknown = 1e-3,
    public betas: unknown = [0.9, 0.999],
  ) {}
}

/** A destructured options object, one of whose keys is a reserved name. */
@registry.configurable('fz')
class Model {
  readonly options: unknown[];
  constructor(
    public id: unknown,
    { width = 1, act = null, target = 'x' }: { width?: unknown; act?: unknown; target?: unknown } = {},
  ) {
    this.options = [width, act, target];
  }
}

class Layers {
  @registry.configurable('fz')
  static stack(...layers: unknown[]): unknown[] {
    return layers;
  }
}

function relu(x: unknown = 0): unknown {
  return typeof x === 'number' ? Math.max(0, x) : x;
}
registry.configurable('fz.nn', relu);

function anyKeys(options: Record<string, unknown>): Record<string, unknown> {
  return options;
}
registry.configurable({ namespace: 'fz', options: true }, anyKeys);

function variadic(first: unknown, ...rest: unknown[]): unknown[] {
  return [first, ...rest];
}
registry.configurable('fz', variadic);

function boom(): never {
  throw new TypeError('boom');
}
registry.configurable('fz', boom);

function plain(a: unknown, b: unknown = 2): unknown[] {
  return [a, b];
}
registry.configurable(plain);

/** A target named like an Object.prototype member. */
function ctor(value: unknown): unknown {
  return value;
}
registry.configurable({ namespace: 'fz', name: 'constructor' }, ctor);

registry.register(Math.max, { namespace: 'fz', name: 'max', params: ['...values'] });
// Native and without `params`: its parameters cannot be known, so binding a keyword is SIGNATURE_UNAVAILABLE.
registry.register(Math.min, { namespace: 'fz', name: 'min' });

class Point {
  constructor(
    readonly x: unknown,
    readonly y: unknown,
  ) {}
}
registry.registerValue('fz.Point', {
  is: (value) => value instanceof Point,
  encode: (point: Point) => [point.x, point.y],
  decode: (data) => {
    if (!Array.isArray(data) || data.length !== 2) throw new TypeError('a Point is [x, y]');
    return new Point(data[0], data[1]);
  },
});

interface Fixture {
  readonly fn: Callable;
  readonly keywords: readonly string[];
}

const FIXTURES: readonly Fixture[] = [
  { fn: Adam, keywords: ['params', 'lr', 'betas'] },
  { fn: Model, keywords: ['id', 'width', 'act', 'target'] },
  { fn: Layers.stack, keywords: ['layers'] },
  { fn: relu, keywords: ['x'] },
  { fn: anyKeys, keywords: ['options', 'lr', 'target', 'args', '__x__', 'constructor'] },
  { fn: variadic, keywords: ['first', 'rest'] },
  { fn: boom, keywords: [] },
  { fn: plain, keywords: ['a', 'b'] },
  { fn: ctor, keywords: ['value'] },
  { fn: Math.max, keywords: ['values'] },
  { fn: Math.min, keywords: ['x'] },
];

const TARGETS = ['fz:Adam', 'fz:OldAdam', 'fz:Model', 'fz:Layers.stack', 'fz.nn:relu', 'fz:anyKeys', 'fz:variadic', 'fz:boom', 'plain', 'fz:constructor', 'fz:max', 'fz:min'];
const NEAR_MISSES = [
  'fz:adam', 'fz:Adam ', ' fz:Adam', 'fz::Adam', 'fz:Adam.lr', 'fz.Adam', 'Adam', 'fz:Layers', 'fz:Layers.prototype',
  'fz:Layers.constructor', 'fz:Layers.stack.call', 'fz.nn:Relu', 'fz.nn:relu.apply', 'fz:__proto__', 'fz:prototype', 'fz:toString',
  'toString', 'constructor', '__proto__', 'hasOwnProperty', 'Object', 'globalThis.process.exit', 'process.exit', 'fz:', ':Adam',
  'fz:Adam\u0000', 'fz:Аdam', 'fz:plain', '',
];
const KEYWORDS = [...new Set(FIXTURES.flatMap((f) => f.keywords))];
const ALL_CODES: readonly ErrorCode[] = [
  'UNKNOWN_TARGET', 'UNKNOWN_PARAMETER', 'MISSING_PARAMETER', 'DUPLICATE_TARGET', 'INVALID_REGISTRATION', 'INVALID_SPEC_DICT',
  'NOT_SERIALIZABLE', 'INSTANTIATION_FAILED', 'SIGNATURE_UNAVAILABLE', 'CYCLE', 'TOO_DEEP', 'TARGET_NOT_ALLOWED', 'INVALID_OVERRIDE',
  'INVALID_VALUE',
];

/** The codes each API documents; anything else is a finding. */
const READ_CODES: readonly ErrorCode[] = ['INVALID_SPEC_DICT', 'UNKNOWN_TARGET', 'UNKNOWN_PARAMETER', 'SIGNATURE_UNAVAILABLE', 'CYCLE', 'TOO_DEEP', 'INVALID_VALUE'];
const BUILD_CODES: readonly ErrorCode[] = [...READ_CODES, 'INSTANTIATION_FAILED', 'TARGET_NOT_ALLOWED', 'MISSING_PARAMETER'];
const WRITE_CODES: readonly ErrorCode[] = ['NOT_SERIALIZABLE', 'CYCLE', 'TOO_DEEP'];
const EDIT_CODES: readonly ErrorCode[] = ['INVALID_OVERRIDE', 'UNKNOWN_PARAMETER', 'UNKNOWN_TARGET', 'SIGNATURE_UNAVAILABLE', 'TOO_DEEP', 'INVALID_VALUE'];

// ---------------------------------------------------------------------------------------------
// Checking one call

/** What a property saw: how many calls returned, and each error code how often. */
class Tally {
  returned = 0;
  readonly codes = new Map<string, number>();

  /** Fails unless some calls returned and each of `codes` was seen (the generator reaches them). */
  expectReached(codes: readonly ErrorCode[], minReturned = 1): void {
    const seen = JSON.stringify(Object.fromEntries(this.codes));
    expect(this.returned, `returned ${String(this.returned)} times; codes ${seen}`).to.be.at.least(minReturned);
    for (const code of codes) expect(this.codes.has(code), `${code} never seen; codes ${seen}`).to.equal(true);
  }
}

const FAILED = Symbol('failed');

/**
 * Calls `fn`: it returns, or throws a ConfigSpecError with one of `allowed` codes, a string path
 * (in the path grammar, unless `anyPath`: an override's own text is reported as given) and a
 * message that starts with the code. Any other throw fails the property, naming what was thrown.
 */
function attempt(tally: Tally, allowed: readonly ErrorCode[], fn: () => unknown, anyPath = false): unknown {
  try {
    const value = fn();
    tally.returned++;
    return value;
  } catch (error) {
    if (!(error instanceof ConfigSpecError)) {
      const what = error instanceof Error ? `${error.name}: ${error.message}\n${String(error.stack).split('\n').slice(1, 6).join('\n')}` : String(error);
      throw new Error(`threw something other than a ConfigSpecError: ${what}`);
    }
    tally.codes.set(error.code, (tally.codes.get(error.code) ?? 0) + 1);
    // Plain checks, not chai chains: this runs for most of the 10,000 cases.
    if (!ALL_CODES.includes(error.code)) expect.fail(`unknown code: ${error.message}`);
    if (!allowed.includes(error.code)) expect.fail(`undocumented code for this function: ${error.message}`);
    if (typeof error.path !== 'string' || !error.message.startsWith(error.code)) expect.fail(`malformed error: ${error.message}`);
    if (!anyPath && parsePath(error.path) === undefined) expect.fail(`path ${JSON.stringify(error.path)} is not in the path grammar: ${error.message}`);
    if (isFrozenWrite(error)) expect.fail(`a write to the (frozen) input: ${error.message}`);
    return FAILED;
  }
}

/** The built-in prototypes as they were before the current test (taken in a beforeEach). */
let prototypes: PrototypeSnapshot = snapshotPrototypes();

/**
 * Runs `body` on `input` between the checks every fuzz case gets: the input (frozen first when
 * `freeze`) must come out unchanged, and the built-in prototypes must be as before the test (so
 * also as before this case).
 */
function guarded(input: unknown, freeze: boolean, body: () => void, opaque?: WeakSet<object>): void {
  if (freeze) deepFreeze(input, opaque);
  const snap = snapshot(input, opaque);
  body();
  expectUnchanged(snap);
  expectPrototypesUnchanged(prototypes);
}

// ---------------------------------------------------------------------------------------------
// Generators

const json = hostileJson({ targets: [...TARGETS, ...NEAR_MISSES], keywords: KEYWORDS });
const shallowJson = hostileJson({ targets: [...TARGETS, ...NEAR_MISSES], keywords: KEYWORDS, deep: false });

/** Instantiate options: the registry, and sometimes an allow list or recursive off. */
const buildOptions: fc.Arbitrary<InstantiateOptions> = fc
  .record({
    allow: fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: fc.constantFrom(['fz'], ['fz.nn'], ['fz:Adam', 'plain'], [], ['fz.nn:relu', 'fz:Layers.stack']), weight: 1 }),
    recursive: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.boolean(), weight: 1 }),
  })
  .map(({ allow, recursive }) => ({ registry, ...(allow === null ? {} : { allow }), ...(recursive === null ? {} : { recursive }) }));

/** The dense-dict format's markers: as keys of plain data they make it a spec dict, a reference or a tagged value. */
const FORMAT_KEYS: ReadonlySet<string> = new Set(['__dense_spec__', '__ref__', '__value__']);

/** A Spec built from a fixture; plain data of its keywords when that is no valid Spec. */
function specOf(fixture: Fixture, kwargs: readonly (readonly [string, unknown])[], args: unknown[], called: boolean, recursive: boolean): unknown {
  try {
    return new Spec(fixture.fn as Target, objectOf(kwargs), { registry, args, called, recursive });
  } catch (error) {
    if (error instanceof ConfigSpecError) return objectOf(kwargs.filter(([key]) => !FORMAT_KEYS.has(key)));
    throw error;
  }
}

/** Keys of plain data and keyword names: mostly the fixtures' keywords, often hostile. */
const keywordKey = fc.oneof({ arbitrary: fc.constantFrom(...KEYWORDS), weight: 4 }, { arbitrary: fc.constantFrom(...HOSTILE_KEYS), weight: 2 }, { arbitrary: fc.string({ maxLength: 3 }), weight: 1 });

/**
 * Keys of plain data in spec trees: not the format's own markers, which make data a spec dict, a
 * reference or a tagged value. (asdict passes dicts through as they are, so data with a wrong
 * marker is written as it came, and is refused only when read; the mutation fuzzing covers that.)
 */
const dataKey = keywordKey.filter((key) => !FORMAT_KEYS.has(key));

/**
 * Trees of Specs of the fixtures, tracked instances, partial functions, registered functions and
 * values with tagged forms, in plain containers with hostile keys.
 */
const { value: specTree } = fc.letrec<{ value: unknown; spec: unknown; special: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: hostileScalar, weight: 4 },
    { arbitrary: fc.array(tie('value'), { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.array(fc.tuple(dataKey, tie('value')), { maxLength: 3 }).map((e) => objectOf(e)), weight: 1 },
    { arbitrary: tie('spec'), weight: 4 },
    { arbitrary: tie('special'), weight: 1 },
  ),
  spec: fc
    .record({
      fixture: fc.constantFrom(...FIXTURES),
      picks: fc.array(fc.tuple(fc.oneof(fc.nat(), keywordKey), tie('value')), { maxLength: 3 }),
      args: fc.array(tie('value'), { maxLength: 2 }),
      called: fc.boolean(),
      recursive: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 }),
    })
    .map(({ fixture, picks, args, called, recursive }) => {
      const kwargs = picks.map(([key, value]) => [typeof key === 'number' ? (fixture.keywords[key % fixture.keywords.length] ?? 'x') : key, value] as const);
      return specOf(fixture, kwargs, args, called, recursive);
    }),
  special: fc.oneof(
    fc.tuple(tie('value'), tie('value')).map(([params, lr]) => new Adam(params, lr)),
    fc.tuple(tie('value'), tie('value')).map(([id, width]) => new Model(id, { width })),
    tie('value').map((x) => {
      try {
        return registry.partial(relu, { x });
      } catch (error) {
        if (error instanceof ConfigSpecError) return x;
        throw error;
      }
    }),
    fc.constantFrom<unknown>(relu, Adam, Model, Layers.stack, variadic, Math.max),
    fc.tuple(edgeNumber, oddString).map(([x, y]) => new Point(x, y)),
    fc.constantFrom<unknown>(10n ** 30n, new Date(0), new Map([['k', 1]]), new Set([1]), /x+/giu, new Int16Array([1, -1]), Number.NaN, -0),
  ),
}));

type MutationKind = 'set' | 'delete' | 'target' | 'marker' | 'spec' | 'ref' | 'tag' | 'wrong' | 'share' | 'deep';
interface Mutation {
  readonly at: number;
  readonly kind: MutationKind;
  readonly key: string;
  readonly value: unknown;
  readonly target: string;
  readonly pick: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<MutationKind>('set', 'delete', 'target', 'marker', 'spec', 'ref', 'tag', 'wrong', 'share', 'deep'),
  key: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.constantFrom(...KEYWORDS)),
  value: fc.oneof({ arbitrary: hostileScalar, weight: 3 }, { arbitrary: json, weight: 1 }),
  target: fc.constantFrom(...TARGETS, ...NEAR_MISSES),
  pick: fc.nat(),
});

interface Place {
  readonly node: Record<string | number, unknown>;
  readonly parent: Place | undefined;
  readonly key: string | number;
}

/** Every container of a JSON tree, each once, with the way to it. Iterative: trees may be very deep. */
function places(root: unknown): Place[] {
  const out: Place[] = [];
  const seen = new Set<object>();
  const stack: [unknown, Place | undefined, string | number][] = [[root, undefined, '']];
  while (stack.length > 0) {
    const [value, parent, key] = stack.pop() as [unknown, Place | undefined, string | number];
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    const place: Place = { node: value as Record<string, unknown>, parent, key };
    out.push(place);
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) stack.push([(value as Record<string | number, unknown>)[keys[i] as string | number], place, keys[i] as string | number]);
  }
  return out;
}

/** The path of a place below the first (the holder every caller wraps its tree in). */
function pathOf(place: Place): string {
  const keys: (string | number)[] = [];
  for (let at = place; at.parent !== undefined; at = at.parent) keys.push(at.key);
  keys.pop();
  return pathText(keys.reverse());
}

function pathText(keys: readonly (string | number)[]): string {
  return keys.reduce<string>((path, key) => appendPath(path, key), '');
}

function define(node: object, key: string | number, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Applies mutations to a fresh JSON tree in place (the tree is the generator's own, not an input
 * yet): wrong fields, near-miss targets, markers on data, references to real and wrong places,
 * tagged values with wrong data, shared and cyclic containers, deep chains.
 */
function mutate(tree: unknown, mutations: readonly Mutation[]): unknown {
  const holder = { root: tree };
  const all = places(holder);
  for (const { at, kind, key, value, target, pick } of mutations) {
    const { node } = all[at % all.length] as Place;
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    const childKey = keys.length === 0 ? key : (keys[pick % keys.length] as string | number);
    const other = all[(pick * 7 + 3) % all.length] as Place;
    try {
      apply();
    } catch (error) {
      // An array refuses some keys (a hostile "length"): that mutation is skipped.
      if (!Array.isArray(node) || !(error instanceof RangeError || error instanceof TypeError)) throw error;
    }
    function apply(): void {
    switch (kind) {
      case 'set':
        if (Array.isArray(node)) node[pick % (node.length + 1)] = value;
        else define(node, key, value);
        break;
      case 'delete':
        // On an array this leaves a hole.
        if (node !== holder) Reflect.deleteProperty(node, childKey);
        break;
      case 'target':
        define(node, 'target', target);
        break;
      case 'marker':
        define(node, '__dense_spec__', [true, false, 'true', 1, null, {}][pick % 6]);
        break;
      case 'spec':
        if (!Array.isArray(node)) {
          define(node, 'target', target);
          define(node, '__dense_spec__', true);
        }
        break;
      case 'ref':
        define(node, childKey, { __ref__: pick % 5 === 0 ? value : pathOf(other) });
        break;
      case 'tag':
        define(node, childKey, { __value__: ['number', 'bigint', 'Date', 'Map', 'Set', 'RegExp', 'undefined', 'Uint8Array', 'BigUint64Array', 'fz.Point', 'nope'][pick % 11], data: value });
        break;
      case 'wrong':
        define(node, ['args', 'kwargs', 'called', '__recursive__', 'target'][pick % 5] as string, value);
        break;
      case 'share':
        // May close a cycle: readers must say CYCLE.
        if (other.node !== holder) define(node, childKey, other.node);
        break;
      case 'deep':
        define(node, childKey, nestedChain(pick % 16 === 0 ? MAX_DEPTH + 1 : 40, CHAIN_SHAPES[pick % CHAIN_SHAPES.length] as (typeof CHAIN_SHAPES)[number], target, value));
        break;
    }
    }
  }
  return holder.root;
}

/** A spec tree written by asdict, then mutated; hostile JSON when asdict refuses the tree. */
const mutatedDict = fc.tuple(specTree, fc.array(mutation, { minLength: 1, maxLength: 4 }), json).map(([tree, mutations, fallback]) => {
  let dict: unknown;
  try {
    dict = asdict(tree, opts);
  } catch {
    dict = fallback;
  }
  return mutate(dict, mutations);
});

// Override texts: paths made of hostile and real keys, values that are JSON, almost JSON, or text.
const pathKey = fc.oneof(
  { arbitrary: fc.constantFrom(...KEYWORDS, 'a', 'b', 'x', 'model', 'opt'), weight: 4 },
  { arbitrary: fc.constantFrom(...HOSTILE_KEYS), weight: 3 },
  { arbitrary: fc.nat({ max: 4 }), weight: 2 },
  { arbitrary: oddString, weight: 1 },
);
const rawPathPiece = fc.constantFrom('.', '..', '[', ']', '[0', '["', '"]', '[-1]', '[01]', '[1e3]', '["__proto__"]', '[__proto__]', '\\', '=', ' ', '');
/** A path in the grammar (keys joined properly), or raw text with broken pieces, or very deep. */
const overridePath = fc.oneof(
  { arbitrary: fc.array(pathKey, { minLength: 1, maxLength: 5 }).map((keys) => pathText(keys)), weight: 30 },
  { arbitrary: fc.array(fc.oneof(pathKey.map(String), rawPathPiece), { maxLength: 6 }).map((pieces) => pieces.join('')), weight: 15 },
  { arbitrary: fc.constantFrom(MAX_DEPTH + 1, MAX_DEPTH * 5).map((n) => Array.from({ length: n }, () => 'a').join('.')), weight: 1 },
);
/** Stand for long override values (kept out of failure reports): a 200,000-element array, arrays nested 10,000 deep. */
const HUGE = Symbol('a JSON array of 200,000 zeros');
const DEEP = Symbol('JSON arrays nested 10,000 deep');
type Long = typeof HUGE | typeof DEEP;
const LONG_TEXT = new Map<Long, string>([
  [HUGE, JSON.stringify(new Array(200_000).fill(0))],
  [DEEP, `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
]);
const valueText = (value: string | Long): string => (typeof value === 'string' ? value : (LONG_TEXT.get(value) as string));
/** Values are weighted in per mille: the huge and deep texts are there to be met, not to dominate the time. */
const overrideValue = fc.oneof(
  { arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 4 }), fc.constantFrom('null', '[1, 2]', '{"lr": 0.1}')).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))), weight: 150 },
  { arbitrary: shallowJson.map((v) => (JSON.stringify(v) as string | undefined) ?? 'null'), weight: 150 },
  { arbitrary: fc.tuple(fc.constantFrom(...TARGETS, ...NEAR_MISSES), fc.array(fc.tuple(keywordKey, hostileScalar), { maxLength: 3 })).map(([target, kw]) => `{"target":${JSON.stringify(target)},${kw.map(([k, v]) => `${JSON.stringify(k)}:${(JSON.stringify(v) as string | undefined) ?? 'null'},`).join('')}"__dense_spec__":true}`), weight: 90 },
  { arbitrary: fc.constantFrom('', '1e999', '-0', '123456789012345678901234567890', '{', '[1,', '{"__proto__":{"polluted":1}}', '{"a":{"__proto__":[]}}', '"\\ud800"', 'hello world', '=', 'a=b', 'null', 'true', '[]', '{}'), weight: 60 },
  { arbitrary: oddString, weight: 40 },
  { arbitrary: fc.constantFrom(HUGE, DEEP), weight: 3 },
);
/** An override as parts (`[prefix, path, equals, value]`, joined in the property) or random text. */
type OverrideParts = readonly [string, string, string, string | Long];
// The grammar's prefixes: `=` sets what exists, `+` adds, `++` adds or sets, `~` deletes.
const overrideParts: fc.Arbitrary<OverrideParts | string> = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom('', '', '-', '--', '---', '++', '++', '++', '--++', '+', '~', '~~'), overridePath, fc.constantFrom('=', '=', '=', '', '=='), overrideValue), weight: 10 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
);
const overrideTextOf = (parts: OverrideParts | string): string => (typeof parts === 'string' ? parts : `${parts[0]}${parts[1]}${parts[2]}${valueText(parts[3])}`);

/** A tree to edit: a spec tree written by asdict (perhaps mutated), or hostile JSON. */
const editableTree = fc.oneof(
  {
    // Shaped like a training config: a few named parts.
    arbitrary: fc.tuple(specTree, specTree, json).map(([model, optimizer, fallback]) => {
      try {
        return asdict<unknown>({ model, optimizer, steps: 10 }, opts);
      } catch {
        return objectOf([['model', fallback], ['steps', 10]]);
      }
    }),
    weight: 3,
  },
  { arbitrary: mutatedDict, weight: 1 },
  { arbitrary: json, weight: 1 },
);

/** The path of a place picked by `at` below the root (the root itself has no path to override). */
function pickPath(tree: unknown, at: number): string {
  const all = places({ root: tree }).slice(1);
  const place = all[at % Math.max(1, all.length)];
  return place === undefined ? '' : pathOf(place);
}

/** `path` + `suffix`, as a path (a suffix after the root loses its dot; the root alone becomes "x"). */
function joinPath(path: string, suffix: string): string {
  return `${path}${suffix}`.replace(/^\./, '') || 'x';
}

/**
 * Overrides for a tree: for each, an index that picks an existing place of the tree (so most edits
 * get deep), what to add to its path, and a value; or a text of its own.
 */
const overridePlan = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ at: fc.nat(), suffix: fc.oneof({ arbitrary: fc.constant(''), weight: 3 }, { arbitrary: pathKey.map((k) => appendPath('', k).replace(/^(?=[A-Za-z_$])/, '.')), weight: 1 }, { arbitrary: fc.constantFrom('.target', '.kwargs.target', '.args[0]', '.called', '.__dense_spec__', '.__proto__', '.constructor.prototype'), weight: 1 }), value: overrideValue }), weight: 6 },
    { arbitrary: overrideParts, weight: 1 },
  ),
  { minLength: 1, maxLength: 3 },
);

function overridesFor(tree: unknown, plan: readonly (OverrideParts | string | { at: number; suffix: string; value: string | Long })[]): string[] {
  return plan.map((step) => {
    if (typeof step === 'string' || Array.isArray(step)) return overrideTextOf(step as OverrideParts | string);
    const { at, suffix, value } = step as { at: number; suffix: string; value: string | Long };
    const path = joinPath(pickPath(tree, at), suffix);
    // An existing path is set (`=`); one with a suffix may be new, so it is added or set (`++`).
    return `${suffix === '' ? '' : '++'}${path}=${valueText(value)}`;
  });
}

// ---------------------------------------------------------------------------------------------

describe(`fuzz (${decoratorMode})`, function () {
  this.timeout(600_000);

  // Mocha sets Error.stackTraceLimit to Infinity; the fuzz cases throw a few hundred thousand errors,
  // many from deep in a walk of a deep tree, and capturing every frame of those would be most of the time.
  let stackTraceLimit: number;
  before(() => {
    stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 10;
  });
  beforeEach(() => {
    prototypes = snapshotPrototypes();
  });
  after(() => {
    Error.stackTraceLimit = stackTraceLimit;
  });

  it(`runs ${String(Object.values(RUNS).reduce((a, b) => a + b, 0))} cases in all (at least 100,000 unless FUZZ_RUNS asks for fewer)`, () => {
    expect(Object.values(RUNS).reduce((a, b) => a + b, 0)).to.be.at.least(Math.min(100_000, REQUESTED_RUNS));
  });

  it('the checks are not vacuous: they catch a changed input, a polluted prototype, a foreign error', () => {
    const nested = objectOf([['a', [1, objectOf([['b', 2]])]]]);
    expect(() => { guarded(nested, false, () => ((nested.a as unknown[])[1] as Record<string, unknown>).b = 3); }).to.throw(/input was changed/);
    const hidden = objectOf([['a', 1]]);
    expect(() => { guarded(hidden, false, () => Object.defineProperty(hidden, 'a', { enumerable: false })); }).to.throw(/input was changed/);
    const map = new Map([[1, [2]]]);
    expect(() => { guarded([map], false, () => map.set(3, [4])); }).to.throw(/Map changed/);
    const frozen = objectOf([['a', [1]]]);
    expect(() => { guarded(frozen, true, () => attempt(new Tally(), READ_CODES, () => {
      let cause: unknown;
      try {
        (frozen.a as unknown[]).push(2);
      } catch (error) {
        cause = error;
      }
      throw new ConfigSpecError('INVALID_SPEC_DICT', 'a wrapped write', { cause });
    })); }).to.throw(/frozen/);
    const polluted = Object.prototype as Record<string, unknown>;
    try {
      expect(() => { guarded({}, false, () => (polluted.polluted = 1)); }).to.throw(/Object.prototype changed/);
    } finally {
      delete polluted.polluted;
    }
    const { map: originalMap } = Array.prototype;
    try {
      expect(() => { guarded([], false, () => (Array.prototype.map = function map() { return []; })); }).to.throw(/Array.prototype.map changed/);
    } finally {
      Array.prototype.map = originalMap;
    }
    expect(() => attempt(new Tally(), READ_CODES, () => { throw new TypeError('x'); })).to.throw(/other than a ConfigSpecError/);
    expect(() => attempt(new Tally(), READ_CODES, escapedErrors(() => { throw Object.defineProperty(new ConfigSpecError('UNKNOWN_TARGET', 'x'), 'message', { value: 'UNKNOWN_TARGET: "\u001b[2J"' }); }))).to.throw(/unescaped control character/);
    expect(() => attempt(new Tally(), WRITE_CODES, () => { throw new ConfigSpecError('UNKNOWN_TARGET', 'x'); })).to.throw(/undocumented code/);
    expect(() => attempt(new Tally(), READ_CODES, () => { throw new ConfigSpecError('CYCLE', 'x', { path: 'a..b' }); })).to.throw(/path grammar/);
  });

  it('Spec.fromDict on hostile JSON', () => {
    const tally = new Tally();
    assertProperty(
      fc.property(json, fc.boolean(), (input, freeze) => {
        guarded(input, freeze, () => {
          attempt(tally, READ_CODES, () => Spec.fromDict(input, opts));
        });
      }),
      { seed: SEED, numRuns: RUNS.fromDict },
    );
    tally.expectReached(['INVALID_SPEC_DICT', 'UNKNOWN_TARGET', 'UNKNOWN_PARAMETER', 'TOO_DEEP'], RUNS.fromDict / 10);
  });

  it('Spec.instantiate and Spec.instantiateFromDict on hostile JSON, with and without allow lists and recursion', () => {
    const tally = new Tally();
    assertProperty(
      fc.property(json, buildOptions, fc.boolean(), fc.boolean(), (input, options, fromDict, freeze) => {
        guarded(input, freeze, () => {
          attempt(tally, BUILD_CODES, () => (fromDict ? Spec.instantiateFromDict(input, options) : Spec.instantiate(input, options)));
        });
      }),
      { seed: SEED + 1, numRuns: RUNS.instantiate },
    );
    tally.expectReached(['INVALID_SPEC_DICT', 'UNKNOWN_TARGET', 'UNKNOWN_PARAMETER', 'TARGET_NOT_ALLOWED', 'TOO_DEEP'], RUNS.instantiate / 10);
  });

  it('asdict on hostile JSON mixed with values that have no JSON form', () => {
    const tally = new Tally();
    const opaque = new WeakSet<object>();
    const foreign = foreignValue(opaque);
    const mixed = fc.tuple(json, fc.array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS), foreign), { maxLength: 2 }), fc.nat({ max: 3 })).map(([tree, extra, where]) => {
      if (extra.length === 0) return tree;
      if (where === 0) return [tree, ...extra.map(([, v]) => v)];
      if (where === 1) return objectOf([['tree', tree], ...extra]);
      return (extra[0] as [string, unknown])[1];
    });
    assertProperty(
      fc.property(mixed, fc.boolean(), (input, freeze) => {
        guarded(input, freeze, () => {
          const written = attempt(tally, WRITE_CODES, () => asdict(input, opts));
          // What asdict writes is plain JSON that reads back.
          if (written !== FAILED) attempt(tally, READ_CODES, () => Spec.fromDict(JSON.parse(JSON.stringify(written)), opts));
        }, opaque);
      }),
      { seed: SEED + 2, numRuns: RUNS.asdict },
    );
    tally.expectReached(['NOT_SERIALIZABLE', 'TOO_DEEP'], RUNS.asdict / 10);
  });

  it('random spec trees: asdict, fromDict and instantiate; what asdict writes reads back and builds', () => {
    const tally = new Tally();
    assertProperty(
      fc.property(specTree, buildOptions, fc.boolean(), (tree, options, freeze) => {
        guarded(tree, freeze, () => {
          const written = attempt(tally, WRITE_CODES, () => asdict(tree, opts));
          attempt(tally, READ_CODES, () => Spec.fromDict(tree, opts));
          attempt(tally, BUILD_CODES, () => Spec.instantiate(tree, options));
          if (written !== FAILED) {
            const text = JSON.stringify(written);
            const read = attempt(tally, READ_CODES, () => Spec.fromDict(JSON.parse(text), opts));
            expect(read, `asdict wrote what fromDict refuses: ${text}`).not.to.equal(FAILED);
            attempt(tally, BUILD_CODES, () => Spec.instantiateFromDict(JSON.parse(text), options));
          }
        });
      }),
      { seed: SEED + 3, numRuns: RUNS.specTrees },
    );
    tally.expectReached(['NOT_SERIALIZABLE', 'INSTANTIATION_FAILED', 'MISSING_PARAMETER', 'TARGET_NOT_ALLOWED'], RUNS.specTrees);
  });

  it('mutated spec dicts (near-miss targets, wrong fields, refs, tags, cycles): fromDict and instantiate', () => {
    const tally = new Tally();
    assertProperty(
      fc.property(mutatedDict, buildOptions, fc.boolean(), (input, options, freeze) => {
        guarded(input, freeze, () => {
          attempt(tally, READ_CODES, () => Spec.fromDict(input, opts));
          attempt(tally, BUILD_CODES, () => Spec.instantiateFromDict(input, options));
        });
      }),
      { seed: SEED + 4, numRuns: RUNS.mutated },
    );
    tally.expectReached(['INVALID_SPEC_DICT', 'UNKNOWN_TARGET', 'UNKNOWN_PARAMETER', 'CYCLE', 'TOO_DEEP', 'INSTANTIATION_FAILED'], RUNS.mutated / 10);
  });

  it('parseOverride on random text: a path in the grammar and a value, or INVALID_OVERRIDE', () => {
    const tally = new Tally();
    const anyText = fc.oneof({ arbitrary: overrideParts, weight: 20 }, { arbitrary: hostileScalar, weight: 1 });
    assertProperty(
      fc.property(anyText, (parts) => {
        const text = typeof parts === 'string' || Array.isArray(parts) ? overrideTextOf(parts as OverrideParts | string) : parts;
        guarded(text, false, () => {
          const parsed = attempt(tally, ['INVALID_OVERRIDE'], () => parseOverride(text as string), true);
          if (parsed !== FAILED) {
            const { path } = parsed as { path: string; value: unknown };
            expect(parsePath(path), path).not.to.equal(undefined);
            expect(parsePath(path)).not.to.include('__proto__');
          }
        });
      }),
      { seed: SEED + 5, numRuns: RUNS.parseOverride },
    );
    tally.expectReached(['INVALID_OVERRIDE'], RUNS.parseOverride / 3);
  });

  it('applyOverrides on spec dicts and hostile JSON; the result reads back with fromDict', () => {
    const tally = new Tally();
    assertProperty(
      fc.property(editableTree, overridePlan, fc.boolean(), (tree, plan, freeze) => {
        const overrides = overridesFor(tree, plan);
        guarded(tree, freeze, () => {
          const result = attempt(tally, EDIT_CODES, () => applyOverrides(tree, overrides, opts), true);
          if (result !== FAILED) {
            const { config, dropped } = result as { config: unknown; dropped: unknown[] };
            expect(dropped).to.be.an('array');
            attempt(tally, READ_CODES, () => Spec.fromDict(config, opts));
          }
        });
      }),
      { seed: SEED + 6, numRuns: RUNS.applyOverrides },
    );
    tally.expectReached(['INVALID_OVERRIDE', 'UNKNOWN_PARAMETER', 'UNKNOWN_TARGET', 'TOO_DEEP'], RUNS.applyOverrides / 5);
  });

  it('getPath, hasPath, setPath, deletePath and mergeConfig on hostile trees and paths', () => {
    const tally = new Tally();
    const pathPick = fc.tuple(fc.nat(), fc.oneof(fc.constant(''), fc.constantFrom('.target', '.kwargs', '.x', '[0]', '.__proto__', '["__proto__"]')), overridePath);
    assertProperty(
      fc.property(editableTree, editableTree, pathPick, json, fc.boolean(), (tree, over, [at, suffix, random], value, freeze) => {
        const path = at % 3 === 0 ? random : joinPath(pickPath(tree, at), suffix);
        guarded([tree, over, value], freeze, () => {
          attempt(tally, EDIT_CODES, () => getPath(tree, path), true);
          attempt(tally, EDIT_CODES, () => hasPath(tree, path), true);
          attempt(tally, EDIT_CODES, () => setPath(tree, path, value, opts), true);
          attempt(tally, EDIT_CODES, () => deletePath(tree, path, opts), true);
          attempt(tally, EDIT_CODES, () => mergeConfig(tree, over, opts), true);
        });
      }),
      { seed: SEED + 7, numRuns: RUNS.editing },
    );
    tally.expectReached(['INVALID_OVERRIDE', 'UNKNOWN_PARAMETER', 'TOO_DEEP'], RUNS.editing);
  });
  it('escape bytes in target names, keys, refs and tags never reach an error message unescaped', () => {
    const tally = new Tally();
    assertProperty(
      fc.property(taintedConfig, fc.boolean(), (input, freeze) => {
        guarded(input, freeze, () => {
          attempt(tally, READ_CODES, escapedErrors(() => Spec.fromDict(input, opts)));
          attempt(tally, BUILD_CODES, escapedErrors(() => Spec.instantiate(input, opts)));
        });
      }),
      { seed: SEED + 8, numRuns: RUNS.escapes },
    );
    tally.expectReached(['INVALID_SPEC_DICT', 'UNKNOWN_TARGET', 'UNKNOWN_PARAMETER'], 0);
  });

  it('throwing getters, throwing and revoked Proxies at every entry point: only ConfigSpecErrors', () => {
    const tally = new Tally();
    assertProperty(
      fc.property(fc.constantFrom(...ENTRY_POINTS), fc.constantFrom(...TRAP_KINDS), ([, call], kind) => {
        attempt(tally, ALL_CODES, () => call(trap(kind)));
      }),
      { seed: SEED + 9, numRuns: RUNS.entryPoints },
    );
    tally.expectReached(['INVALID_OVERRIDE', 'INVALID_REGISTRATION', 'INVALID_SPEC_DICT'], 0);
  });

  it('shared nodes fanning out (level i holds level i-1 twice, 2^depth paths): each visited once', () => {
    const tally = new Tally();
    assertProperty(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.constantFrom('spec', 'plain'), (depth, kind) => {
        const tree = fanOut(depth, kind);
        const dict = attempt(tally, WRITE_CODES, () => asdict(tree, opts));
        const built = attempt(tally, BUILD_CODES, () => Spec.instantiate(tree, opts));
        if (built !== FAILED) attempt(tally, WRITE_CODES, () => asdict(built, opts));
        if (dict !== FAILED) {
          attempt(tally, BUILD_CODES, () => Spec.fromDict(dict, opts));
          attempt(tally, BUILD_CODES, () => Spec.instantiateFromDict(dict, opts));
          attempt(tally, EDIT_CODES, () => mergeConfig(dict, dict, opts));
        }
      }),
      { seed: SEED + 10, numRuns: RUNS.fanOut },
    );
    tally.expectReached([], RUNS.fanOut);
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 9's classes: escape bytes, throwing inputs at the entry points, fan-out.

// What a terminal acts on (ESC, BEL, CR, C1, separators, bidi overrides); a line feed is allowed.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const CONTROL = fc.constantFrom('\u001b[31m', '\u0007', '\r', '\u009b2J', '\u202e', '\u2028', '\u0000', '\b', '\u001b]0;x\u0007');
const tainted = fc.tuple(fc.constantFrom('', 'fz:Adam', 'lr', 'fz:', 'a.b'), CONTROL, fc.constantFrom('', 'x', 'fz:Adam')).map(([a, c, b]) => a + c + b);
const spec = (entries: readonly (readonly [string, unknown])[]): Record<string, unknown> => objectOf([...entries, ['__dense_spec__', true]]);
const taintedConfig: fc.Arbitrary<unknown> = fc.oneof(
  tainted.map((t) => spec([['target', t]])),
  tainted.map((k) => spec([['target', 'fz:Adam'], [k, 1]])),
  tainted.map((k) => spec([['target', 'fz:Adam'], ['kwargs', objectOf([[k, 1]])]])),
  tainted.map((r) => objectOf([['a', spec([['target', 'fz.nn:relu']])], ['b', objectOf([['__ref__', r]])]])),
  tainted.map((v) => objectOf([['x', objectOf([['__value__', v], ['data', 1]])]])),
  tainted.map((t) => spec([['target', 'fz:Adam'], ['lr', spec([['target', t]])]])),
  tainted.map((k) => objectOf([[k, spec([['target', 'fz:Adm']])]])),
);

/** `call`, failing the property when it throws a ConfigSpecError whose message or path holds a raw control character. */
function escapedErrors(call: () => unknown): () => unknown {
  return () => {
    try {
      return call();
    } catch (error) {
      if (error instanceof ConfigSpecError && RAW_CONTROL.test(error.message + error.path)) {
        expect.fail(`an unescaped control character in: ${JSON.stringify(error.message)} at ${JSON.stringify(error.path)}`);
      }
      throw error;
    }
  };
}

const TRAP_KINDS = ['getter', 'ownKeys', 'get', 'revoked', 'getPrototypeOf', 'has'] as const;

/** An object that throws when the library looks at it, in one of the ways a caller's object can. */
function trap(kind: (typeof TRAP_KINDS)[number]): Record<string, unknown> {
  const boom = (): never => {
    throw new Error('a trap in the input');
  };
  switch (kind) {
    case 'getter':
      return Object.defineProperty({}, 'lr', { get: boom, enumerable: true });
    case 'ownKeys':
      return new Proxy({}, { ownKeys: boom });
    case 'get':
      return new Proxy({ lr: 1, namespace: 'x', registry }, { get: boom });
    case 'revoked': {
      const revocable = Proxy.revocable({}, {});
      revocable.revoke();
      return revocable.proxy;
    }
    case 'getPrototypeOf':
      return new Proxy({}, { getPrototypeOf: boom });
    case 'has':
      return new Proxy({ lr: 1 }, { has: boom, getOwnPropertyDescriptor: boom });
  }
}

// Every public function that takes a caller's object, with the trap in each place it can go.
const ENTRY_POINTS: readonly (readonly [string, (trap: Record<string, unknown>) => unknown])[] = [
  ['new Spec kwargs', (t) => new Spec(Adam, t, { registry })],
  ['new Spec options', (t) => new Spec(Adam, {}, t)],
  ['new Spec args', (t) => new Spec(Adam, {}, { registry, args: t as unknown as unknown[] })],
  ['.partial', (t) => new Spec(Adam, {}, { registry }).partial(t)],
  ['.call', (t) => new Spec(Adam, {}, { registry }).call(t)],
  ['registry.partial', (t) => registry.partial(relu, t)],
  ['Spec.instantiate tree', (t) => Spec.instantiate(t, opts)],
  ['Spec.instantiate options', (t) => Spec.instantiate({}, t)],
  ['Spec.fromDict tree', (t) => Spec.fromDict(t, opts)],
  ['Spec.fromDict options', (t) => Spec.fromDict({}, t)],
  ['asdict tree', (t) => asdict(t, opts)],
  ['asdict options', (t) => asdict({}, t)],
  ['applyOverrides tree', (t) => applyOverrides(t, ['lr=2'], opts)],
  ['applyOverrides options', (t) => applyOverrides({ lr: 1 }, ['lr=2'], t)],
  ['mergeConfig', (t) => mergeConfig({ lr: 1 }, t, opts)],
  ['setPath value', (t) => setPath({ lr: 1 }, 'lr', t, opts)],
  ['registry.register options', (t) => new Registry().register(function trapped(): void {}, t)],
];

/** Level i holds level i-1 twice: as the same Spec (written once, then as refs) or the same plain object. */
function fanOut(depth: number, kind: 'spec' | 'plain'): unknown {
  let node: unknown = kind === 'spec' ? new Spec(relu, { x: 1 }, { registry, called: true }) : { x: 1 };
  for (let level = 0; level < depth; level++) {
    node = kind === 'spec' ? new Spec(plain, { a: node, b: node }, { registry, called: true }) : { a: node, b: node };
  }
  return node;
}
