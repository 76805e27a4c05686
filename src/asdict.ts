/**
 * `asdict`: a tree holding specs, registered functions, partials and tracked instances → plain JSON
 * data, each as its dense dict. Values JSON cannot hold exactly are written as tagged values; a
 * Spec, partial or tracked instance met twice is written once and referenced after. Nothing is
 * silently changed: what has no JSON form is an error.
 */
import type { Callable } from './callable.js';
import { MARKER } from './dict-keys.js';
import { isJsonScalar, writeSpecDict } from './dict-format.js';
import { ConfigSpecError } from './errors.js';
import { specOfInstance } from './instance-spec.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { specOfPartial } from './partial-function.js';
import { makeRef } from './refs.js';
import { defaultRegistry, registryOption, valueCodecsOf, type Registry } from './registry.js';
import { isSpec, type Spec, type TreeOptions } from './spec.js';
import { Ancestors, guardWalk, isPlainArray, isPlainObject } from './tree.js';
import { tagObject, tagPrimitive, tagUndefined, type ValueCodecs } from './values.js';

interface Context {
  readonly registry: Registry;
  readonly codecs: readonly ValueCodecs[];
  readonly ancestors: Ancestors;
  /** Each shared object (Spec, partial, tracked instance) written so far → where, and whether finished. */
  readonly written: Map<object, { readonly path: PathNode | undefined; done: boolean }>;
  readonly walk: (value: unknown, path: PathNode | undefined) => unknown;
  /**
   * Each container (array, plain object, tagged value) written → its JSON, and whether writing it
   * again would give the same (true unless a shared object inside was written in full the first
   * time, and is a `__ref__` from then on). A container the tree shares is so written at most twice,
   * not once per path to it: a tree of 30 levels that each hold the level below twice is 60 writes,
   * not 2^30. The result shares the copies where the tree shares the containers.
   */
  readonly copies: Map<object, { readonly out: unknown; readonly stable: boolean }>;
  /** How many shared objects have been written in full so far. */
  fullWrites: number;
  /** Replaces each spec just before it is written (`autowire` adds the autowired keywords). */
  readonly rewrite: SpecRewrite | undefined;
}

/** A spec → the spec to write in its place, given where it is written. @internal */
export type SpecRewrite = (spec: Spec<unknown, boolean>, path: PathNode | undefined) => Spec<unknown, boolean>;

/**
 * Every `Spec`, registered function or class, partial and tracked instance in a nested tree → its
 * dense dict; plain objects and arrays are copied; `NaN`, `±Infinity`, `-0`, `bigint`, `Date`, `Map`,
 * `Set`, `RegExp`, typed arrays and values of types registered with `registerValue` → tagged values.
 * The result is plain JSON data. `undefined` object values are dropped, as `JSON.stringify` does.
 * @throws ConfigSpecError `NOT_SERIALIZABLE` with the path of a value that has no JSON form (an
 *   unregistered function, an untracked class instance, a symbol), `CYCLE`, `TOO_DEEP`
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unnecessary-type-parameters -- JSON-like data, any unless narrowed, as JSON.parse (DESIGN §2)
export function asdict<T = any>(tree: unknown, options: TreeOptions = {}): T {
  return writeTree(tree, registryOption(options, 'INVALID_OVERRIDE', 'asdict') ?? defaultRegistry, undefined) as T;
}

/**
 * `asdict` with a `rewrite` applied to every spec before it is written.
 * @throws ConfigSpecError as `asdict`
 * @internal
 */
export function writeTree(tree: unknown, registry: Registry, rewrite: SpecRewrite | undefined): unknown {
  const ctx: Context = {
    rewrite,
    registry,
    codecs: valueCodecsOf(registry),
    ancestors: new Ancestors(),
    written: new Map(),
    walk: (value, path) => write(value, path, ctx),
    copies: new Map(),
    fullWrites: 0,
  };
  return guardWalk(() => write(tree, ROOT, ctx), ctx.ancestors, 'NOT_SERIALIZABLE');
}

function write(value: unknown, path: PathNode | undefined, ctx: Context): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return tagPrimitive(value) ?? value;
    case 'bigint':
      return tagPrimitive(value);
    case 'undefined':
      return tagUndefined();
    case 'function':
      return writeFunction(value, path, ctx);
    case 'object':
      return value === null ? null : writeObject(value, path, ctx);
    default:
      throw notSerializable(`a ${typeof value} has no JSON form`, path);
  }
}

function writeObject(value: object, path: PathNode | undefined, ctx: Context): unknown {
  if (isSpec(value)) return writeShared(value, value, path, ctx);
  const copy = ctx.copies.get(value);
  if (copy?.stable === true) return copy.out;
  const before = ctx.fullWrites;
  let out: unknown;
  if (isPlainArray(value)) out = writeArray(value, path, ctx);
  else if (isPlainObject(value)) out = writePlainObject(value, path, ctx);
  else {
    // A tracked instance is its spec even when it is also a Map, Date, … (a tracked subclass of a
    // taggable type): a tag would rebuild the base type and lose the class.
    if (ctx.written.has(value)) return writeShared(value, undefined, path, ctx);
    const instance = specOfInstance(value, path);
    if (instance !== undefined) return writeShared(value, instance, path, ctx);
    // Entered like a container: a Map or Set that holds itself is a CYCLE with its path, not a stack overflow.
    ctx.ancestors.enter(value, path);
    out = tagObject(value, path, ctx.codecs, ctx.walk);
    ctx.ancestors.leave();
    if (out === undefined) throw notWritable(value, path);
  }
  ctx.copies.set(value, { out, stable: ctx.fullWrites === before });
  return out;
}

// Arrays are written element by element; what an array holds besides its elements (a named or
// symbol-keyed property) has no place in JSON, and is refused rather than dropped.
function writeArray(value: unknown[], path: PathNode | undefined, ctx: Context): unknown[] {
  // An array's own property names are its indices and `length`: one more name is an extra property.
  // (Fewer is an array with holes, written as undefined.)
  if (Object.getOwnPropertyNames(value).length > value.length + 1) {
    for (const key of Object.getOwnPropertyNames(value)) {
      if (key !== 'length' && !/^(0|[1-9][0-9]*)$/.test(key)) throw notSerializable(`an array with a property "${key}" besides its elements has no JSON form (JSON arrays hold elements only)`, child(path, key));
    }
  }
  if (Object.getOwnPropertySymbols(value).length > 0) throw notSerializable('an array with a symbol-keyed property has no JSON form', path);
  ctx.ancestors.enter(value, path);
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    out[i] = isJsonScalar(item) ? item : writeChild(item, child(path, i), ctx);
  }
  ctx.ancestors.leave();
  return out;
}

// write(), without its own stack frame for objects: two frames per level of nesting, so a deep tree
// reaches MAX_DEPTH (TOO_DEEP at its path) before the call stack runs out.
function writeChild(item: unknown, path: PathNode, ctx: Context): unknown {
  return typeof item === 'object' && item !== null ? writeObject(item, path, ctx) : write(item, path, ctx);
}

// Own enumerable string keys are written; a symbol-keyed or non-enumerable property is refused (it
// would be dropped silently otherwise), `__proto__` too.
function writePlainObject(value: Record<string, unknown>, path: PathNode | undefined, ctx: Context): Record<string, unknown> {
  const keys = Object.keys(value);
  if (Object.getOwnPropertyNames(value).length !== keys.length) {
    for (const key of Object.getOwnPropertyNames(value)) {
      if (!Object.prototype.propertyIsEnumerable.call(value, key)) throw notSerializable(`the non-enumerable property "${key}" would be lost: JSON has no such thing`, child(path, key));
    }
  }
  const symbols = Object.getOwnPropertySymbols(value);
  if (symbols.length > 0) throw notSerializable(`the symbol-keyed property ${String(symbols[0])} would be lost: JSON keys are strings`, path);
  ctx.ancestors.enter(value, path);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__') throw notSerializable('"__proto__" is never a valid key', child(path, key));
    const item = value[key];
    if (isJsonScalar(item)) out[key] = item;
    else if (item !== undefined) out[key] = typeof item === 'object' && item !== null ? writeObject(item, child(path, key), ctx) : write(item, child(path, key), ctx);
  }
  ctx.ancestors.leave();
  return out;
}

function notWritable(value: object, path: PathNode | undefined): ConfigSpecError {
  const name = (value.constructor as { name?: unknown } | undefined)?.name;
  const what = typeof name === 'string' && name !== '' ? `an instance of ${name}${Array.isArray(value) ? ' (a subclass of Array: as a plain array it would lose its class)' : ''}` : 'this object';
  return notSerializable(`${what} has no JSON form: decorate its class with @configurable() so instances remember their arguments, or registerValue() a codec for it`, path);
}

function writeFunction(fn: Callable, path: PathNode | undefined, ctx: Context): unknown {
  const spec = specOfPartial(fn);
  if (spec !== undefined) return writeShared(fn, spec, path, ctx);
  const name = ctx.registry.nameOf(fn);
  if (name !== undefined) return { target: name, [MARKER]: true };
  const label = typeof fn.name === 'string' && fn.name !== '' ? fn.name : '(anonymous)';
  throw notSerializable(`function ${label} is not registered; register it with configurable() to write it by name`, path);
}

// A Spec, partial or tracked instance: written in full the first time, as a reference after.
function writeShared(key: object, spec: Spec<unknown, boolean> | undefined, path: PathNode | undefined, ctx: Context): unknown {
  const first = ctx.written.get(key);
  if (first !== undefined) {
    if (!first.done) {
      const at = formatPath(first.path);
      throw new ConfigSpecError('CYCLE', `this value contains itself (it is also at ${at === '' ? 'the root' : at})`, { path: formatPath(path) });
    }
    return makeRef(first.path);
  }
  const record = { path, done: false };
  ctx.written.set(key, record);
  ctx.fullWrites++;
  ctx.ancestors.enter(key, path);
  const written = ctx.rewrite === undefined ? (spec as Spec<unknown, boolean>) : ctx.rewrite(spec as Spec<unknown, boolean>, path);
  const out = writeSpecDict(written, path, ctx.walk);
  ctx.ancestors.leave();
  record.done = true;
  return out;
}

function notSerializable(message: string, path: PathNode | undefined): ConfigSpecError {
  return new ConfigSpecError('NOT_SERIALIZABLE', message, { path: formatPath(path) });
}
