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
import { checkRuntime, instanceKeywords, planOf, specOfInstance, type InstancePlan } from './instance-spec.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { specOfPartial } from './partial-function.js';
import { makeRef } from './refs.js';
import { defaultRegistry, registryOption, valueCodecsOf, type RegisteredTarget, type Registry } from './registry.js';
import { inspectNode } from './node-kind.js';
import { isSpec, type Spec, type TreeOptions } from './spec.js';
import { recordOf, Stamp, trackerOf, type Tracker } from './tracking.js';
import { Ancestors, guardWalk, isPlainArray } from './tree.js';
import { tagObject, tagPrimitive, tagUndefined, type ValueCodecs } from './values.js';

interface Context {
  readonly registry: Registry;
  readonly codecs: readonly ValueCodecs[];
  readonly ancestors: Ancestors;
  /**
   * Each shared object written so far → where, and whether finished: for a walk inside another (a
   * codec or a rewrite calling `asdict`), which must leave the outer walk's marks alone, and for an
   * object that takes no mark.
   */
  readonly written: Map<object, Written>;
  /**
   * This walk's number. The outermost walk keeps where each shared object was written on the object
   * itself ({@link WalkMark}): a private field costs less than a Map entry per spec and instance.
   * 0 in a walk inside another.
   */
  readonly mark: number;
  readonly walk: (value: unknown, path: PathNode | undefined) => unknown;
  /**
   * Each container (array, plain object, tagged value) written → its JSON, or {@link UNSTABLE} when
   * writing it again would not give the same (a shared object inside was written in full the first
   * time, and is a `__ref__` from then on). A container the tree shares is so written at most twice,
   * not once per path to it: a tree of 30 levels that each hold the level below twice is 60 writes,
   * not 2^30. The result shares the copies where the tree shares the containers.
   */
  readonly copies: Map<object, object>;
  /** How many shared objects have been written in full so far. */
  fullWrites: number;
  /** Replaces each spec just before it is written (`autowire` adds the autowired keywords). */
  readonly rewrite: SpecRewrite | undefined;
}

/** Where a shared object was first written in a walk, and whether it is finished. */
interface Written {
  /** The walk ({@link Context.mark}) that wrote it. */
  walk: number;
  first: PathNode | undefined;
  done: boolean;
}

// Walk numbers, and whether a walk that marks objects is running (a nested one must not).
let walks = 0;
let marking = false;
// False once an engine refused a mark (one that applies non-extensibility to private fields, which
// a frozen Spec then cannot take): from then on every walk keeps a Map.
let markable = true;

/**
 * The mark a walk leaves on a shared object of the package's own making (a `Spec`, a partial
 * function, a tracked instance's record of arguments): a private field, added the first time the
 * object is written (a base constructor returning the object makes `new WalkMark(object)` add it, as
 * tracking's Recorder does). Invisible to everything but this class: no key, no property, no change
 * to what the object shows; and unlike a property it can be added to a frozen Spec. Holds the
 * {@link Written} of the last walk that wrote the object, reused by the next.
 */
class WalkMark extends Stamp {
  #written: Written | undefined;

  private constructor(target: object) {
    super(target);
    this.#written = undefined;
  }

  /** The mark on `target`, or `undefined` when it has none yet. */
  static get(target: object): Written | undefined {
    return #written in target ? target.#written : undefined;
  }

  /** Marks `target` with `written`; false when it cannot take a mark. */
  static put(target: object, written: Written): boolean {
    if (#written in target) {
      target.#written = written;
      return true;
    }
    if (!markable) return false;
    try {
      new WalkMark(target);
    } catch {
      markable = false;
      return false;
    }
    (target as WalkMark).#written = written;
    return true;
  }
}

// Where `key` was written in this walk, or `undefined` the first time; a CYCLE when it is still being
// written (it contains itself).
function seen(key: object, path: PathNode | undefined, ctx: Context): Written | undefined {
  const mark = ctx.mark !== 0 ? WalkMark.get(key) : undefined;
  const found = mark ?? ctx.written.get(key);
  if (found?.walk !== ctx.mark) return undefined;
  if (!found.done) {
    const at = formatPath(found.first);
    throw new ConfigSpecError('CYCLE', `this value contains itself (it is also at ${at === '' ? 'the root' : at})`, { path: formatPath(path) });
  }
  return found;
}

// Records that `key` is being written at `path`: on its mark in the outermost walk, else in the Map.
function record(key: object, path: PathNode | undefined, ctx: Context): Written {
  if (ctx.mark !== 0) {
    const mark = WalkMark.get(key);
    if (mark !== undefined) {
      mark.walk = ctx.mark;
      mark.first = path;
      mark.done = false;
      return mark;
    }
    const written: Written = { walk: ctx.mark, first: path, done: false };
    if (WalkMark.put(key, written)) return written;
  }
  const written: Written = { walk: ctx.mark, first: path, done: false };
  ctx.written.set(key, written);
  return written;
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
  const outermost = !marking;
  const ctx: Context = {
    rewrite,
    registry,
    codecs: valueCodecsOf(registry),
    ancestors: new Ancestors(),
    written: new Map(),
    mark: outermost ? ++walks : 0,
    walk: (value, path) => write(value, path, ctx),
    copies: new Map(),
    fullWrites: 0,
  };
  if (!outermost) return guardWalk(() => write(tree, ROOT, ctx), ctx.ancestors, 'NOT_SERIALIZABLE');
  marking = true;
  try {
    return guardWalk(() => write(tree, ROOT, ctx), ctx.ancestors, 'NOT_SERIALIZABLE');
  } finally {
    marking = false;
  }
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

// In Context.copies: a container whose copy cannot be reused (see there).
const UNSTABLE: object = Object.freeze({});

const ARRAY = 0;
const OBJECT = 1;
const TAGGED = 2;

function writeObject(value: object, path: PathNode | undefined, ctx: Context): unknown {
  // The common shapes first, by prototype: arrays and plain objects of this realm (what inspectNode
  // calls `array` and `object`/`spec-dict`/`ref`/`tagged`: to the writer, all plain data to copy).
  const proto: unknown = Object.getPrototypeOf(value);
  let kind: typeof ARRAY | typeof OBJECT | typeof TAGGED;
  if (proto === Array.prototype && Array.isArray(value)) kind = ARRAY;
  else if (proto === Object.prototype || proto === null) kind = OBJECT;
  else {
    // Specs and tracked instances, the common objects of a config, are asked for first, each with one
    // read (where inspectNode, for an instance, would first look for another realm's Object.prototype
    // in its prototype). A tracked instance is its spec even when it is also a Map, Date, … (a tracked
    // subclass of a taggable type, or of Array): a tag or a plain array would lose the class.
    if (isSpec(value)) return writeShared(value, value, path, ctx);
    const args = recordOf(value);
    const tracker = args === undefined ? undefined : trackerOf<Registry, RegisteredTarget>(value);
    if (tracker !== undefined) return writeInstance(value, args as readonly unknown[], tracker, path, ctx);
    const node = inspectNode(value);
    // An array of another realm is plain data; a subclass of Array is not (a tag or an error).
    if (node === 'array') kind = isPlainArray(value) ? ARRAY : TAGGED;
    else kind = node === 'other' ? TAGGED : OBJECT;
  }
  // A container is written once per walk (twice when a shared object inside it was first written
  // in full). Calls kept flat: two stack frames per level of nesting (see writeChild).
  const copy = ctx.copies.get(value);
  if (copy !== undefined && copy !== UNSTABLE) return copy;
  const before = ctx.fullWrites;
  const out = kind === ARRAY ? writeArray(value as unknown[], path, ctx) : kind === OBJECT ? writePlainObject(value as Record<string, unknown>, path, ctx) : writeTagged(value, path, ctx);
  ctx.copies.set(value, ctx.fullWrites === before ? out : UNSTABLE);
  return out;
}

// A value of another type: its tag, from a registered codec or a built-in type.
function writeTagged(value: object, path: PathNode | undefined, ctx: Context): object {
  // Entered like a container: a Map or Set that holds itself is a CYCLE with its path, not a stack overflow.
  ctx.ancestors.enter(value, path);
  const out = tagObject(value, path, ctx.codecs, ctx.walk);
  ctx.ancestors.leave();
  if (out === undefined) throw notWritable(value, path);
  return out;
}

// Arrays are written element by element; what an array holds besides its elements (a named or
// symbol-keyed property) has no place in JSON, and is refused rather than dropped.
function writeArray(value: unknown[], path: PathNode | undefined, ctx: Context): unknown[] {
  // An array's own keys are its indices and `length`: one more is an extra property, unless the
  // array has holes (fewer indices); only then are the keys looked at one by one. One call for
  // names and symbols alike: listing an array's keys is what costs here, not comparing the count.
  if (Reflect.ownKeys(value).length !== value.length + 1) checkArrayKeys(value, path);
  ctx.ancestors.enter(value, path);
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    out[i] = isJsonScalar(item) ? item : writeChild(item, child(path, i), ctx);
  }
  ctx.ancestors.leave();
  return out;
}

function checkArrayKeys(value: unknown[], path: PathNode | undefined): void {
  for (const key of Object.getOwnPropertyNames(value)) {
    if (key !== 'length' && !/^(0|[1-9][0-9]*)$/.test(key)) throw notSerializable(`an array with a property "${key}" besides its elements has no JSON form (JSON arrays hold elements only)`, child(path, key));
  }
  if (Object.getOwnPropertySymbols(value).length > 0) throw notSerializable('an array with a symbol-keyed property has no JSON form', path);
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
  // Any non-enumerable or symbol key, and they are looked at one by one. (Two lists, not
  // Reflect.ownKeys as for arrays: V8 lists a plain object's names from its shape, ~10x faster.)
  if (Object.getOwnPropertyNames(value).length !== keys.length || Object.getOwnPropertySymbols(value).length > 0) checkObjectKeys(value, path);
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

function checkObjectKeys(value: Record<string, unknown>, path: PathNode | undefined): void {
  for (const key of Object.getOwnPropertyNames(value)) {
    if (!Object.prototype.propertyIsEnumerable.call(value, key)) throw notSerializable(`the non-enumerable property "${key}" would be lost: JSON has no such thing`, child(path, key));
  }
  const symbols = Object.getOwnPropertySymbols(value);
  if (symbols.length > 0) throw notSerializable(`the symbol-keyed property ${String(symbols[0])} would be lost: JSON keys are strings`, path);
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

// A Spec or partial: written in full the first time, as a reference after.
function writeShared(key: object, spec: Spec<unknown, boolean>, path: PathNode | undefined, ctx: Context): unknown {
  const first = seen(key, path, ctx);
  if (first !== undefined) return makeRef(first.first);
  const written = record(key, path, ctx);
  ctx.fullWrites++;
  ctx.ancestors.enter(key, path);
  const out = writeSpecDict(ctx.rewrite === undefined ? spec : ctx.rewrite(spec, path), path, ctx.walk);
  ctx.ancestors.leave();
  written.done = true;
  return out;
}

// A tracked instance: written from its class's plan, in full the first time, as a reference after.
// Its record of arguments stands for it in the marks (the package made that array; the instance is
// the user's, whose shape a mark would change).
function writeInstance(value: object, args: readonly unknown[], tracker: Tracker<Registry, RegisteredTarget>, path: PathNode | undefined, ctx: Context): unknown {
  const first = seen(args, path, ctx);
  if (first !== undefined) return makeRef(first.first);
  const plan = planOf(tracker, path);
  // A rewrite takes a spec: made as for Spec.fromInstance.
  if (ctx.rewrite !== undefined) return writeShared(args, specOfInstance(value, path) as Spec<unknown, boolean>, path, ctx);
  const written = record(args, path, ctx);
  ctx.fullWrites++;
  ctx.ancestors.enter(value, path);
  const out = writeInstanceDict(plan, args, path, ctx);
  ctx.ancestors.leave();
  written.done = true;
  return out;
}

// The dense dict of an instance of `plan`'s class constructed with `args`.
function writeInstanceDict(plan: InstancePlan, args: readonly unknown[], path: PathNode | undefined, ctx: Context): Record<string, unknown> {
  const names = plan.names;
  if (plan.signature === undefined || args.length > names.length) {
    const kwargs = instanceKeywords(plan, args, path);
    return writeSpecDict(kwargs === undefined ? { target: plan.target, args, kwargs: {}, called: true, recursive: true } : { target: plan.target, args: [], kwargs, called: plan.called, recursive: true }, path, ctx.walk);
  }
  // Every argument at a position bound by name: the keywords in argument order, as the spec's
  // keyword arguments would be, runtime parameters and `undefined` values left out.
  checkRuntime(plan, path);
  const out: Record<string, unknown> = { target: plan.target };
  if (plan.called) out.called = true;
  const escaped = plan.anyEscaped ? plan.escaped : undefined;
  for (let i = 0; i < args.length; i++) {
    const name = names[i];
    const value = args[i];
    if (name === undefined || value === undefined || escaped?.[i] === true) continue;
    out[name] = isJsonScalar(value) ? value : writeChild(value, child(path, name), ctx);
  }
  if (escaped !== undefined) {
    // Reserved and `__x__` names go under "kwargs", after the flat ones (as a spec's are).
    const under: Record<string, unknown> = {};
    const at = child(path, 'kwargs');
    let any = false;
    for (let i = 0; i < args.length; i++) {
      const name = names[i];
      const value = args[i];
      if (name === undefined || value === undefined || escaped[i] !== true) continue;
      under[name] = isJsonScalar(value) ? value : writeChild(value, child(at, name), ctx);
      any = true;
    }
    if (any) out.kwargs = under;
  }
  out.__dense_spec__ = true;
  return out;
}

function notSerializable(message: string, path: PathNode | undefined): ConfigSpecError {
  return new ConfigSpecError('NOT_SERIALIZABLE', message, { path: formatPath(path) });
}
