/**
 * Hostile inputs and the checks around them, for the fuzz tests (test/fuzz.test.ts): generators of
 * JSON-like trees whose keys and values aim at the format's own names and at prototypes, a snapshot
 * that tells whether an input was changed in any way, and a snapshot of the built-in prototypes.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { isSpec, MAX_DEPTH } from '../../src/index.js';
import { specOfPartial } from '../../src/partial-function.js';

type Tree = Record<string, unknown>;

/** Keys aimed at prototypes, at the dense-dict format's own names and at the path grammar. */
export const HOSTILE_KEYS: readonly string[] = [
  '__proto__', 'constructor', 'prototype', 'target', 'args', 'kwargs', 'called', '__dense_spec__',
  '__recursive__', '__ref__', '__value__', 'data', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__',
  '__x__', '____', '__', '_____', 'length', 'polluted', '0', '-1', '01', '', ' ', 'a.b', '[0]', '["x"]', '\u0000',
];

/** Strings that are empty, invisible, half a character, look like something else, or are long. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '\u0000', '\ud800', '\udfff', '\u2028\u2029', '\ufeff', '😀', 'e\u0301', '\u202eevil', 'Аdam',
    'NaN', 'Infinity', '-0', '1e999', 'null', 'undefined', 'true', '{}', '[]', '"', '\\', "'", '${x}', '%s',
    'a.b', 'a..b', '[0]', '["__proto__"]', 'constructor.prototype', '__proto__.polluted', '=', '==', '--',
    'x'.repeat(1000),
  ),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom(...HOSTILE_KEYS),
);

/** Numbers at the edges: huge, tiny, unsafe integers, -0, and what `JSON.parse("1e999")` gives. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 2 ** 64,
    1e21, 1e300, -0, 0, Infinity, -Infinity, Number.NaN, 4294967295, 4294967296,
  ),
  fc.double(),
  fc.integer(),
);

/** A scalar a parsed JSON file can hold (plus the non-finite numbers a hand-made tree can). */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.integer({ min: -3, max: 3 }), weight: 2 },
  { arbitrary: edgeNumber, weight: 2 },
  { arbitrary: fc.string({ maxLength: 5 }), weight: 2 },
  { arbitrary: oddString, weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
);

/**
 * A plain object whose keys are own data properties even when named `__proto__` (as `JSON.parse`
 * makes them); with a null prototype when `bare`.
 */
export function objectOf(entries: readonly (readonly [string, unknown])[], bare = false): Tree {
  const out: Tree = bare ? (Object.create(null) as Tree) : {};
  for (const [key, value] of entries) {
    // Only `__proto__` is an accessor on Object.prototype; every other key assigns an own data property.
    if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

/** Keyword names that are written under `kwargs` in a spec dict. */
function isFormatName(name: string): boolean {
  return ['target', 'args', 'kwargs', 'called', '__dense_spec__', '__recursive__'].includes(name) || (name.length > 4 && name.startsWith('__') && name.endsWith('__'));
}

/** The value of a `__value__` tag: built-in types, a user type, and names that are neither. */
const TAG_NAMES = ['number', 'bigint', 'Date', 'Map', 'Set', 'RegExp', 'undefined', 'Int8Array', 'Float64Array', 'BigInt64Array', 'fz.Point', 'nope', '__proto__', 'constructor', ''];

/** Options of {@link hostileJson}. */
export interface HostileJsonOptions {
  /** Target names to put in spec-like dicts: registered ones, aliases and near misses. */
  readonly targets: readonly string[];
  /** Keyword names the targets take, so that some spec-like dicts get far. */
  readonly keywords: readonly string[];
  /** Whether some trees are chains around and past `MAX_DEPTH` (default true). */
  readonly deep?: boolean;
}

/**
 * JSON-like trees meant to break readers: objects with hostile own keys (`__proto__` included, some
 * with a null prototype), dicts that are almost spec dicts, references to real and made-up paths,
 * tagged values with wrong data, sparse arrays, and now and then a chain nested past `MAX_DEPTH`.
 */
export function hostileJson({ targets, keywords, deep = true }: HostileJsonOptions): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_KEYS), weight: 3 },
    { arbitrary: fc.constantFrom(...keywords), weight: 2 },
    { arbitrary: fc.string({ maxLength: 3 }), weight: 2 },
    { arbitrary: oddString, weight: 1 },
  );
  const target = fc.oneof({ arbitrary: fc.constantFrom(...targets), weight: 4 }, { arbitrary: hostileScalar, weight: 1 });
  const { json } = fc.letrec<{ json: unknown; object: unknown; specish: unknown; wellFormed: unknown; broken: unknown; ref: unknown; tagged: unknown }>((tie) => ({
    json: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: hostileScalar, weight: 5 },
      { arbitrary: fc.array(tie('json'), { maxLength: 4 }), weight: 2 },
      { arbitrary: fc.sparseArray(tie('json'), { maxLength: 4 }), weight: 1 },
      { arbitrary: tie('object'), weight: 3 },
      { arbitrary: tie('specish'), weight: 4 },
      { arbitrary: tie('ref'), weight: 1 },
      { arbitrary: tie('tagged'), weight: 1 },
    ),
    object: fc
      .tuple(fc.array(fc.tuple(key, tie('json')), { maxLength: 4 }), fc.nat({ max: 9 }))
      .map(([entries, bare]) => objectOf(entries, bare === 0)),
    specish: fc.oneof(tie('wellFormed'), tie('broken')),
    // A registered-looking target with keywords and arguments: reaches binding and building.
    wellFormed: fc
      .record({
        target: fc.constantFrom(...targets),
        args: fc.option(fc.array(tie('json'), { maxLength: 2 }), { nil: undefined }),
        called: fc.option(fc.boolean(), { nil: undefined }),
        flat: fc.array(fc.tuple(fc.constantFrom(...keywords), tie('json')), { maxLength: 2 }),
      })
      .map(({ target: t, args, called, flat }) => {
        const entries: [string, unknown][] = [['target', t]];
        if (args !== undefined) entries.push(['args', args]);
        if (called !== undefined) entries.push(['called', called]);
        for (const [key, value] of flat) entries.push(isFormatName(key) ? ['kwargs', objectOf([[key, value]])] : [key, value]);
        entries.push(['__dense_spec__', true]);
        return objectOf(entries);
      }),
    // Mostly right, a field or two wrong or extra.
    broken: fc
      .record(
        {
          target,
          marker: fc.oneof({ arbitrary: fc.constant<unknown>(true), weight: 6 }, { arbitrary: hostileScalar, weight: 1 }),
          args: fc.oneof({ arbitrary: fc.array(tie('json'), { maxLength: 3 }), weight: 4 }, { arbitrary: tie('json'), weight: 1 }),
          kwargs: fc.oneof({ arbitrary: fc.array(fc.tuple(key, tie('json')), { maxLength: 3 }).map((e) => objectOf(e)), weight: 4 }, { arbitrary: tie('json'), weight: 1 }),
          called: fc.oneof({ arbitrary: fc.boolean(), weight: 4 }, { arbitrary: hostileScalar, weight: 1 }),
          recursive: fc.oneof({ arbitrary: fc.boolean(), weight: 4 }, { arbitrary: hostileScalar, weight: 1 }),
          flat: fc.array(fc.tuple(key, tie('json')), { maxLength: 3 }),
          fields: fc.subarray(['target', 'marker', 'args', 'kwargs', 'called', 'recursive'] as const, { minLength: 1 }),
        },
      )
      .map(({ target: t, marker, args, kwargs, called, recursive, flat, fields }) => {
        const has = new Set<string>(fields);
        const entries: [string, unknown][] = [];
        if (has.has('target')) entries.push(['target', t]);
        if (has.has('args')) entries.push(['args', args]);
        if (has.has('called')) entries.push(['called', called]);
        entries.push(...flat);
        if (has.has('kwargs')) entries.push(['kwargs', kwargs]);
        if (has.has('recursive')) entries.push(['__recursive__', recursive]);
        if (has.has('marker') || has.size > 3) entries.push(['__dense_spec__', marker]);
        return objectOf(entries);
      }),
    ref: fc
      .oneof(fc.constantFrom('', '[0]', 'a', 'a.b', '[1].args[0]', 'kwargs.target', '__proto__', '["__proto__"]', '[0', 'a..b', 'constructor.prototype'), oddString, hostileScalar)
      .chain((path) => fc.oneof(fc.constant(objectOf([['__ref__', path]])), tie('json').map((extra) => objectOf([['__ref__', path], ['extra', extra]])))),
    tagged: fc.tuple(fc.constantFrom(...TAG_NAMES), tie('json'), fc.boolean()).map(([tag, data, withData]) => objectOf(withData ? [['__value__', tag], ['data', data]] : [['__value__', tag]])),
  }));
  return deep ? fc.oneof({ arbitrary: json, weight: 150 }, { arbitrary: deepChain(targets), weight: 1 }) : json;
}

/**
 * A chain of arrays, objects or spec dicts nested a little deep, or right around `MAX_DEPTH` (where
 * readers must answer `TOO_DEEP`, not overflow the stack; far deeper inputs take the same path).
 */
export function deepChain(targets: readonly string[]): fc.Arbitrary<unknown> {
  const depth = fc.oneof({ arbitrary: fc.integer({ min: 10, max: 60 }), weight: 1 }, { arbitrary: fc.integer({ min: MAX_DEPTH - 2, max: MAX_DEPTH + 2 }), weight: 1 });
  return fc.tuple(depth, fc.constantFrom(...CHAIN_SHAPES), fc.constantFrom(...targets), hostileScalar).map(([n, shape, target, leaf]) => nestedChain(n, shape, target, leaf));
}

/** How {@link nestedChain} nests. */
export const CHAIN_SHAPES = ['array', 'object', 'spec', 'kwargs', 'mixed'] as const;

/** `leaf` nested `depth` levels in arrays, objects, spec dicts' args or kwargs, or all of them in turn. */
export function nestedChain(depth: number, shape: (typeof CHAIN_SHAPES)[number], target: string, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) {
    const kind = shape === 'mixed' ? (['array', 'object', 'spec', 'kwargs'] as const)[i % 4] : shape;
    if (kind === 'array') value = [value];
    else if (kind === 'object') value = { a: value };
    else if (kind === 'spec') value = { target, args: [value], __dense_spec__: true };
    else value = { target, kwargs: { x: value }, __dense_spec__: true };
  }
  return value;
}

/** Non-JSON values that `asdict` must write, tag, or refuse with a ConfigSpecError. */
export function foreignValue(opaque: WeakSet<object>): fc.Arbitrary<unknown> {
  const make = (kind: number): unknown => {
    switch (kind) {
      case 0:
        return Symbol('s');
      case 1:
        return () => 1;
      case 2:
        return new (class Unregistered { a = 1; })();
      case 3:
        return new WeakMap();
      case 4:
        return Promise.resolve(1);
      case 5: {
        const throwing = {};
        Object.defineProperty(throwing, 'x', { enumerable: true, get: () => { throw new TypeError('getter'); } });
        return throwing;
      }
      case 6: {
        // A Proxy whose every trap throws: nothing may read it without catching.
        // Symbol-keyed reads answer (fast-check itself probes generated values with them).
        const trap = (): never => { throw new Error('trap'); };
        const byName = (_: object, key: string | symbol): undefined => (typeof key === 'symbol' ? undefined : trap());
        const proxy = new Proxy({}, { getPrototypeOf: trap, ownKeys: trap, get: byName, has: (t, key) => { byName(t, key); return false; }, getOwnPropertyDescriptor: byName });
        opaque.add(proxy);
        return proxy;
      }
      case 7:
        return Object.assign([1, 2], { extra: 'own' });
      case 8:
        return Object.freeze({ frozen: [1] });
      case 9:
        return { [Symbol('k')]: 1, plain: true };
      case 10: {
        const hidden = { shown: 1 };
        Object.defineProperty(hidden, 'hidden', { value: 2, enumerable: false });
        return hidden;
      }
      case 11:
        return new Error('an error');
      case 12:
        return new Map<unknown, unknown>([[{ k: 1 }, 'object key'], ['__proto__', { __proto__: null }]]);
      case 13:
        return new Set([Symbol.iterator]);
      case 14:
        return new Date(Number.NaN);
      case 15:
        return 10n ** 40n;
      case 16:
        return Object.assign(Object.create({ inherited: true }) as Tree, { own: 1 });
      case 17:
        return new Float64Array([Number.NaN, -0]);
      default:
        return undefined;
    }
  };
  return fc.nat({ max: 18 }).map(make);
}

// ---------------------------------------------------------------------------------------------
// Snapshots: was the input changed?

/** What a snapshot keeps of one object (its children are kept under their own entries). */
type Copy =
  | { readonly kind: 'object'; readonly proto: object | null; readonly extensible: boolean; readonly keys: readonly (string | symbol)[]; readonly descriptors: readonly PropertyDescriptor[] }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [unknown, unknown])[] }
  | { readonly kind: 'set'; readonly items: readonly unknown[] }
  | { readonly kind: 'time'; readonly time: number }
  | { readonly kind: 'elements'; readonly items: readonly unknown[] }
  | { readonly kind: 'spec'; readonly args: unknown; readonly kwargs: unknown };

/** Every object reachable from a value, with what a change could touch; see {@link expectUnchanged}. */
export type Snapshot = ReadonlyMap<object, Copy>;


/**
 * Snapshots `value`: plain objects and arrays by their own property descriptors (getters are never
 * run), prototype and extensibility; Maps, Sets, Dates and typed arrays by content; Specs and
 * partial functions by their arguments; other objects (and those in `opaque`) are not looked into.
 * Iterative, so trees past MAX_DEPTH, shared and cyclic ones are fine.
 */
export function snapshot(value: unknown, opaque = new WeakSet<object>()): Snapshot {
  const copies = new Map<object, Copy>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || opaque.has(v) || copies.has(v)) continue;
    const made = copyOf(v);
    if (made === undefined) continue;
    copies.set(v, made);
    switch (made.kind) {
      case 'object':
        for (const descriptor of made.descriptors) if ('value' in descriptor) stack.push(descriptor.value);
        break;
      case 'map':
        for (const [k, x] of made.entries) stack.push(k, x);
        break;
      case 'set':
        for (const x of made.items) stack.push(x);
        break;
      case 'spec':
        stack.push(made.args, made.kwargs);
        break;
      default:
    }
  }
  return copies;
}

function copyOf(v: object): Copy | undefined {
  if (isSpec(v)) return { kind: 'spec', args: v.args, kwargs: v.kwargs };
  if (typeof v === 'function') {
    const spec = specOfPartial(v);
    return spec === undefined ? undefined : { kind: 'spec', args: spec.args, kwargs: spec.kwargs };
  }
  if (v instanceof Map) return { kind: 'map', entries: [...(v as Map<unknown, unknown>)] };
  if (v instanceof Set) return { kind: 'set', items: [...(v as Set<unknown>)] };
  if (v instanceof Date) return { kind: 'time', time: v.getTime() };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return { kind: 'elements', items: Array.from(v as unknown as ArrayLike<unknown>) };
  const proto = Object.getPrototypeOf(v) as object | null;
  if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return undefined;
  const keys = Reflect.ownKeys(v);
  const descriptors: PropertyDescriptor[] = [];
  for (const key of keys) descriptors.push(Object.getOwnPropertyDescriptor(v, key) as PropertyDescriptor);
  return { kind: 'object', proto, extensible: Object.isExtensible(v), keys, descriptors };
}

function changed(v: object, what: string): never {
  return expect.fail(`the input was changed: ${what}, in ${preview(v, 2)}`);
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return Object.is(a.value, b.value) && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
}

/** Fails the test when anything a {@link snapshot} recorded has changed, showing the object. */
export function expectUnchanged(snap: Snapshot): void {
  for (const [v, c] of snap) {
    switch (c.kind) {
      case 'spec': {
        const spec = isSpec(v) ? v : specOfPartial(v);
        if (spec === undefined || spec.args !== c.args || spec.kwargs !== c.kwargs) changed(v, 'a Spec got other arguments');
        break;
      }
      case 'map':
        if (!sameItems([...(v as Map<unknown, unknown>)].flat(), c.entries.flat())) changed(v, 'a Map changed');
        break;
      case 'set':
        if (!sameItems([...(v as Set<unknown>)], c.items)) changed(v, 'a Set changed');
        break;
      case 'time':
        if (!Object.is((v as Date).getTime(), c.time)) changed(v, 'a Date changed');
        break;
      case 'elements':
        if (!sameItems(Array.from(v as unknown as ArrayLike<unknown>), c.items)) changed(v, 'a typed array changed');
        break;
      case 'object': {
        if (Object.getPrototypeOf(v) !== c.proto) changed(v, 'its prototype changed');
        if (Object.isExtensible(v) !== c.extensible) changed(v, 'its extensibility changed');
        const keys = Reflect.ownKeys(v);
        if (!sameItems(keys, c.keys)) changed(v, `its keys changed from ${c.keys.map(String).join()} to ${keys.map(String).join()}`);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string | symbol;
          if (!sameDescriptor(Object.getOwnPropertyDescriptor(v, key) as PropertyDescriptor, c.descriptors[i] as PropertyDescriptor)) changed(v, `key ${JSON.stringify(String(key))} changed`);
        }
        break;
      }
    }
  }
}

/**
 * Freezes the plain objects and arrays of a tree (those inside Specs' and partials' arguments too),
 * so that any write to them throws. Other objects stay as they are. Iterative.
 */
export function deepFreeze(value: unknown, opaque = new WeakSet<object>()): void {
  for (const [v, c] of snapshot(value, opaque)) if (c.kind === 'object') Object.freeze(v);
}

/** True when an error, or a cause under it, is the TypeError of a write to a frozen object. */
export function isFrozenWrite(error: unknown): boolean {
  for (let e = error, i = 0; e instanceof Error && i < 10; e = e.cause, i++) {
    if (e instanceof TypeError && /read[- ]only|not extensible|Cannot (add|assign|delete|define|redefine)/i.test(e.message)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Prototypes: was anything added, removed or replaced?

const PROTOTYPES: readonly (readonly [string, object])[] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
];

/** Every own property (keys in order, with their full descriptors) of the built-in prototypes. */
export type PrototypeSnapshot = readonly (readonly [string, readonly (readonly [string | symbol, PropertyDescriptor])[]])[];

/** Takes a {@link PrototypeSnapshot}. */
export function snapshotPrototypes(): PrototypeSnapshot {
  return PROTOTYPES.map(([name, proto]) => [name, Reflect.ownKeys(proto).map((key) => [key, Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor] as const)] as const);
}

/**
 * Fails the test when a built-in prototype gained, lost or changed a property since `before`, or
 * when a fresh `{}` or `[]` shows anything enumerable or has another prototype.
 */
export function expectPrototypesUnchanged(before: PrototypeSnapshot): void {
  for (const [i, [name, proto]] of PROTOTYPES.entries()) {
    const then = (before[i] as PrototypeSnapshot[number])[1];
    const keys = Reflect.ownKeys(proto);
    if (keys.length !== then.length || then.some(([key], j) => keys[j] !== key)) {
      const added = keys.filter((k) => !then.some(([key]) => key === k)).map(String);
      const removed = then.filter(([key]) => !keys.includes(key)).map(([key]) => String(key));
      expect.fail(`${name} changed: added ${JSON.stringify(added)}, removed ${JSON.stringify(removed)}`);
    }
    for (const [key, descriptor] of then) {
      if (!sameDescriptor(Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor, descriptor)) expect.fail(`${name}.${String(key)} changed`);
    }
  }
  if (Object.getPrototypeOf(Object.prototype) !== null || !Object.isExtensible(Object.prototype)) expect.fail('Object.prototype changed its prototype or extensibility');
  const fresh: Tree = {};
  const array: unknown[] = [];
  // for-in walks inherited enumerable keys too: a fresh object and array must show none.
  for (const key in fresh) expect.fail(`a fresh {} has the enumerable key ${key}`);
  // eslint-disable-next-line @typescript-eslint/no-for-in-array -- inherited keys are what it looks for
  for (const key in array) expect.fail(`a fresh [] has the enumerable key ${key}`);
  for (const key of ['polluted', 'target', '__dense_spec__', '__ref__', '__value__', 'x', 'a']) {
    if (fresh[key] !== undefined || key in array) expect.fail(`a fresh {} or [] has "${key}"`);
  }
  if (Object.getPrototypeOf(fresh) !== Object.prototype || Object.getPrototypeOf(array) !== Array.prototype) expect.fail('a fresh {} or [] has a foreign prototype');
}

/**
 * A short text of any value for failure reports: nesting cut at `depth`, text at `max` characters
 * (fast-check's own printer recurses without limit, and a chain past MAX_DEPTH overflows it).
 */
export function preview(value: unknown, depth = 6, max = 600): string {
  const seen = new Set<object>();
  const show = (v: unknown, d: number): string => {
    if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…(${String(v.length)} chars)` : v);
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'bigint') return `${String(v)}n`;
    if (typeof v === 'symbol' || typeof v === 'boolean' || v === undefined || v === null) return String(v);
    if (typeof v === 'function') return `[function ${v.name}]`;
    if (seen.has(v)) return '[circular]';
    if (d <= 0) return Array.isArray(v) ? '[…]' : '{…}';
    seen.add(v);
    try {
      if (isSpec(v)) return v.toString();
      if (Array.isArray(v)) return `[${v.slice(0, 8).map((x) => show(x, d - 1)).join(', ')}${v.length > 8 ? `, …(${String(v.length)})` : ''}]`;
      const proto: unknown = Object.getPrototypeOf(v);
      const name = proto === null ? '[null prototype] ' : proto === Object.prototype ? '' : `${String((v as { constructor?: { name?: string } }).constructor?.name)} `;
      const keys = Object.keys(v);
      return `${name}{${keys.slice(0, 8).map((k) => `${JSON.stringify(k)}: ${show((v as Tree)[k], d - 1)}`).join(', ')}${keys.length > 8 ? ', …' : ''}}`;
    } catch {
      return '[unreadable]';
    } finally {
      seen.delete(v);
    }
  };
  const text = show(value, depth);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * `fc.assert`, reporting a failure with {@link preview} of the counterexample (plus seed and path to
 * replay it) and the original error as `cause`.
 */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, params: fc.Parameters<Ts>): void {
  const details = fc.check(property, params);
  if (!details.failed) return;
  const error = details.errorInstance;
  const message = error instanceof Error ? error.message : String(error);
  const counterexample = details.counterexample as unknown as readonly unknown[] | null | undefined;
  const example = counterexample == null ? 'none' : counterexample.map((v) => preview(v)).join(',\n  ');
  throw new Error(`property failed (seed ${String(details.seed)}, path "${String(details.counterexamplePath)}", after ${String(details.numRuns)} runs, shrunk ${String(details.numShrinks)} times)\ncounterexample:\n  ${example}\n${message}`, { cause: error });
}
