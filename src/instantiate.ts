/**
 * Building: every `Spec` or spec dict in a tree → the value it describes, bottom-up. Called specs
 * become the call's result; partial specs become functions that finish the call later.
 */
import { bindSlots, completeCall, invoke, isEmptyPlan, layoutKeywords, placeKeywords, type CallPlan, type KeywordLayout } from './binding.js';
import { argPath, keywordPath, RECURSIVE } from './dict-keys.js';
import { copyObject, isLeaf, isSpecDict, protoKey, readSpecDict } from './dict-format.js';
import { Reader } from './reader.js';
import { isRef, resolveRef } from './refs.js';
import { isTagged, untag } from './values.js';
import { ConfigSpecError, guardInput } from './errors.js';
import { unboundInjections, wiringCycle } from './injection.js';
import { checkBuild, type CheckedSpec } from './instantiate-check.js';
import { isAllowed, isStringList } from './names.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { makePartial } from './partial-function.js';
import { defaultRegistry, lookupAt, looksLikeEs5Class, registryOption, valueCodecsOf, type RegisteredTarget, type Registry } from './registry.js';
import { createSpec, isSpec, registryOf, type InstantiateOptions, type Spec } from './spec.js';
import { Ancestors, guardWalk, isPlainObject } from './tree.js';

interface Context {
  readonly registry: Registry | undefined;
  readonly allow: readonly string[] | undefined;
  readonly recursive: boolean;
  readonly built: Map<Spec<unknown, boolean>, unknown>;
  readonly ancestors: Ancestors;
  /** Resolves references, and reads partial specs in full (their Spec outlives the call, see below). */
  readonly reader: Reader;
  /** What the check phase read: each spec dict and Spec to build → its spec, target and keyword layout. */
  readonly checked: Map<object, CheckedSpec>;
  /** Each container built → its copy: a container the tree shares is built once, and shared. */
  readonly copies: Map<object, unknown>;
  /** The same for the containers passed on unbuilt (recursive off), which are copied as they are. */
  readonly unbuilt: Map<object, unknown>;
  /**
   * Async builds only: the promises this walk made (a target's Promise result, or a value waiting for
   * one), which are awaited before a value that uses them is built. A Promise the config holds as a
   * value is passed on as it is.
   */
  readonly pending: WeakSet<object> | undefined;
  /** Autowired targets → the one spec that builds them in this call (so they are built once). */
  readonly wired: Map<RegisteredTarget, Spec<unknown, boolean>>;
  /** The autowired targets being built right now, outermost first: one met again is a cycle. */
  readonly wiring: string[];
}

/**
 * Builds every spec and spec dict in `tree`.
 * @throws ConfigSpecError `INSTANTIATION_FAILED` (a target threw, or returned a Promise: that needs
 *   {@link instantiateTreeAsync}), `TARGET_NOT_ALLOWED`, `MISSING_PARAMETER`, `UNKNOWN_TARGET`,
 *   `UNKNOWN_PARAMETER`, `INVALID_SPEC_DICT`, `CYCLE`, `TOO_DEEP`
 */
export function instantiateTree(tree: unknown, options: InstantiateOptions = {}): unknown {
  return walkTree(tree, options, false);
}

/**
 * {@link instantiateTree} for targets that return Promises: each such result is awaited before the
 * spec that uses it is built, and independent ones are in flight at the same time. The same two
 * phases, checks and errors; a rejection is `INSTANTIATION_FAILED` at the spec's path.
 */
export function instantiateTreeAsync(tree: unknown, options: InstantiateOptions = {}): Promise<unknown> {
  try {
    return Promise.resolve(walkTree(tree, options, true));
  } catch (error) {
    // Everything walkTree throws is a ConfigSpecError (guardWalk wraps the rest).
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function walkTree(tree: unknown, options: InstantiateOptions, async: boolean): unknown {
  const registry = registryOption(options, 'INVALID_OVERRIDE', 'instantiate');
  const { allow, recursive } = guardInput('INVALID_OVERRIDE', 'the options of instantiate', () => ({ allow: checkAllow(options.allow), recursive: options.recursive ?? true }));
  if (typeof recursive !== 'boolean') throw new ConfigSpecError('INVALID_OVERRIDE', 'the recursive option must be a boolean');
  const ancestors = new Ancestors();
  // Two phases: everything is checked before the first target runs, then built.
  const checked = guardWalk(() => checkBuild(tree, { registry, allow, recursive, ancestors }, registry ?? defaultRegistry), ancestors, 'INSTANTIATION_FAILED');
  const ctx: Context = {
    registry,
    allow,
    recursive,
    built: new Map(),
    ancestors,
    reader: new Reader(tree, ancestors),
    checked,
    copies: new Map(),
    unbuilt: new Map(),
    pending: async ? new WeakSet() : undefined,
    wired: new Map(),
    wiring: [],
  };
  return guardWalk(() => build(tree, ROOT, ctx, registry ?? defaultRegistry), ctx.ancestors, 'INSTANTIATION_FAILED');
}

// `registry` resolves the spec dicts met here: the option's, else that of the nearest enclosing Spec
// (a spec made against an isolated registry keeps its dict-valued arguments in it), else the default.
function build(value: unknown, path: PathNode | undefined, ctx: Context, registry: Registry): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isSpec(value)) {
    ctx.reader.read.set(value, value);
    return buildSpec(value, path, ctx);
  }
  // A container met again (the tree shares it) is built once: its copy is shared the same way.
  const copy = ctx.copies.get(value);
  if (copy !== undefined) return copy;
  if (Array.isArray(value)) {
    ctx.ancestors.enter(value, path);
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = isLeaf(item) ? item : build(item, child(path, i), ctx, registry);
    }
    ctx.ancestors.leave();
    const result = ctx.pending === undefined ? out : settled(out, out, ctx);
    ctx.copies.set(value, result);
    return result;
  }
  if (!isPlainObject(value)) return value;
  if (isSpecDict(value, path)) {
    // A spec dict met again is the Spec read the first time, built once.
    const read = ctx.reader.read.get(value);
    return read === undefined ? buildSpec(readForBuild(value, path, ctx, registry), path, ctx, value) : buildSpec(read, path, ctx);
  }
  if (isRef(value)) return buildSpec(resolveRef(value, path, ctx.reader.scope), path, ctx);
  ctx.ancestors.enter(value, path);
  let out: unknown;
  if (isTagged(value)) {
    const map = (v: unknown, at: PathNode | undefined): unknown => build(v, at, ctx, registry);
    out = untag(value, path, valueCodecsOf(registry), ctx.pending === undefined ? map : (v, at) => notPending(map(v, at), at, ctx));
  } else {
    // A copy calling build directly (no mapper closure): one stack frame per level of nesting, not three,
    // so deep trees reach MAX_DEPTH (TOO_DEEP at its path) before the call stack runs out.
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__') throw protoKey(path);
      const item = value[key];
      copy[key] = isLeaf(item) ? item : build(item, child(path, key), ctx, registry);
    }
    out = ctx.pending === undefined ? copy : settledObject(copy, ctx);
  }
  ctx.ancestors.leave();
  // `undefined` (a tagged undefined) is not a copy to remember.
  if (out !== undefined) ctx.copies.set(value, out);
  return out;
}

// A called spec is read shallowly: its arguments are built as they are reached. A partial spec is
// read in full (nested dicts → Specs, references resolved), because its Spec lives on in the partial
// function it builds into, which `asdict` writes back: it must not hold raw references.
function readForBuild(dict: Record<string, unknown>, path: PathNode | undefined, ctx: Context, registry: Registry): Spec<unknown, boolean> {
  const recursive = dict[RECURSIVE] !== false;
  const deep = dict.called !== true && recursive && ctx.recursive;
  const { reader } = ctx;
  ctx.ancestors.enter(dict, path);
  // The check phase read it shallowly already (and checked its keywords): a called spec is that read.
  const checked = deep ? undefined : ctx.checked.get(dict)?.spec;
  const spec = checked ?? readSpecDict(dict, path, registry, deep ? reader.converter(registry) : undefined, false);
  ctx.ancestors.leave();
  reader.read.set(dict, spec);
  // With recursive off, its arguments are passed on unread: a later reference to a spec among them
  // reads it then. (A called spec's arguments are read as they are built.)
  if (!recursive || !ctx.recursive) reader.unread.set(dict, registry);
  return spec;
}

function buildSpec(spec: Spec<unknown, boolean>, path: PathNode | undefined, ctx: Context, source: object = spec): unknown {
  // A spec read from a dict just now (then `source` is that dict) cannot have been built before.
  if (source === spec) {
    const done = ctx.built.get(spec);
    if (done !== undefined || ctx.built.has(spec)) return done;
  }
  ctx.ancestors.enter(source, path);
  const registry = ctx.registry ?? registryOf(spec);
  const entry = lookupAt(registry, spec.target, path);
  const keys = Object.keys(spec.kwargs);
  // Checked by the check phase, unless read (deeply, a partial's arguments) only now.
  const checked = ctx.checked.get(source);
  let layout = checked?.spec === spec ? checked.layout : source === spec ? undefined : layoutKeywords(registry, entry, spec.args.length, keys, path);
  if (ctx.allow !== undefined && !isAllowed(entry.name, ctx.allow)) {
    throw new ConfigSpecError('TARGET_NOT_ALLOWED', `${entry.name} is not in the allowed namespaces (${ctx.allow.join(', ') || 'none'})`, { path: formatPath(path), target: entry.name });
  }
  let args: readonly unknown[] = spec.args;
  // Keyword values are built into a list beside their names: only a partial needs them as an object.
  const values = new Array<unknown>(keys.length);
  const building = spec.recursive && ctx.recursive;
  if (building) {
    // Loops, not .map(): fewer stack frames per level of nesting.
    if (spec.args.length > 0) {
      const builtArgs = new Array<unknown>(spec.args.length);
      for (let i = 0; i < spec.args.length; i++) {
        const item = spec.args[i];
        builtArgs[i] = isLeaf(item) ? item : build(item, argPath(path, i), ctx, registry);
      }
      args = builtArgs;
    }
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      const value = spec.kwargs[key];
      // build() returns these as they are: no path node for them.
      values[k] = isLeaf(value) ? value : build(value, keywordPath(path, key), ctx, registry);
    }
  } else if (spec.args.length > 0 || keys.length > 0) {
    // Passed on unbuilt, but as copies: a target that changes its argument must not change the config.
    const copier = unbuiltCopier(ctx);
    if (spec.args.length > 0) {
      const copied = new Array<unknown>(spec.args.length);
      for (let i = 0; i < spec.args.length; i++) copied[i] = copier(spec.args[i], argPath(path, i));
      args = copied;
    }
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      const value = spec.kwargs[key];
      values[k] = isLeaf(value) ? value : copier(value, keywordPath(path, key));
    }
  }
  // A Spec object was checked when it was made; against another registry, it is checked here.
  layout ??= layoutKeywords(registry, entry, spec.args.length, keys, path);
  const wired = spec.called && building ? autowired(registry, entry, layout, args.length, path, ctx) : undefined;
  const call: PendingCall = { spec, entry, layout, args, values, wired, building, path };
  let out: unknown;
  if (ctx.pending !== undefined && (isWaiting(args, ctx) || isWaiting(values, ctx) || (wired !== undefined && isWaiting(wired.values, ctx)))) {
    // Its arguments are still being built: the call happens once they are all there.
    const waits = [settled(args, args as unknown[], ctx), settled(values, values, ctx), wired === undefined ? undefined : settled(wired.values, wired.values, ctx)];
    out = pend(Promise.all(waits).then(() => finishCall(call, ctx)).catch((cause: unknown) => {
      throw cause instanceof ConfigSpecError ? cause : failed(entry, path, cause);
    }), ctx);
  } else {
    out = finishCall(call, ctx);
  }
  ctx.built.set(spec, out);
  ctx.ancestors.leave();
  return out;
}

/** A spec whose arguments are built (or being built), waiting to be called or made a partial. */
interface PendingCall {
  readonly spec: Spec<unknown, boolean>;
  readonly entry: RegisteredTarget;
  readonly layout: KeywordLayout;
  readonly args: readonly unknown[];
  readonly values: readonly unknown[];
  readonly wired: Wired | undefined;
  readonly building: boolean;
  readonly path: PathNode | undefined;
}

function finishCall(call: PendingCall, ctx: Context): unknown {
  const { spec, entry, args, values, wired, path } = call;
  let plan = placeKeywords(entry, call.layout, args, values, path);
  if (wired !== undefined) plan = bindSlots(plan, wired.indexes, wired.values);
  if (spec.called) return callTarget(entry, plan, path, ctx);
  if (entry.kind === 'function' && isEmptyPlan(plan)) return entry.fn;
  return makePartial(plan, spec, args, call.building ? keywordObject(call.layout.keys, values) : spec.kwargs);
}

/** Autowired parameters of one call: their positions and built values. */
interface Wired {
  readonly indexes: number[];
  readonly values: unknown[];
}

// The required parameters nothing binds whose type is a registered target, each built from that
// target's defaults: once per target per instantiate call (the same spec, so `built` shares it).
function autowired(registry: Registry, entry: RegisteredTarget, layout: KeywordLayout, argCount: number, path: PathNode | undefined, ctx: Context): Wired | undefined {
  const list = unboundInjections(registry, entry, layout, argCount, path);
  if (list.length === 0) return undefined;
  const wired: Wired = { indexes: [], values: [] };
  for (const injection of list) {
    const at = keywordPath(path, injection.name);
    const name = injection.target.name;
    // The check phase found cycles in the wiring it could see; this catches any it could not.
    if (ctx.wiring.includes(name)) throw wiringCycle(ctx.wiring, name, formatPath(at));
    let spec = ctx.wired.get(injection.target);
    if (spec === undefined) {
      spec = createSpec({ registry, target: name, args: [], kwargs: {}, called: true, recursive: true, path: at });
      ctx.wired.set(injection.target, spec);
    }
    ctx.wiring.push(name);
    wired.values.push(buildSpec(spec, at, ctx));
    ctx.wiring.pop();
    wired.indexes.push(injection.index);
  }
  return wired;
}

// Async builds: a promise this walk made, marked handled at once. If the walk fails elsewhere first,
// its rejection must not surface later as an unhandled rejection; whoever awaits it still sees it.
function pend<T>(promise: Promise<T>, ctx: Context): Promise<T> {
  (ctx.pending as WeakSet<object>).add(promise);
  promise.catch(ignore);
  return promise;
}

function ignore(): void {
  // Handled where it is awaited.
}

function isPending(value: unknown, ctx: Context): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && ctx.pending?.has(value) === true;
}

function isWaiting(values: readonly unknown[], ctx: Context): boolean {
  for (const value of values) if (isPending(value, ctx)) return true;
  return false;
}

// `out` (the array `items` is being built into) once every pending item in it has settled: `out`
// itself when none is pending, else a pending promise of it, its items replaced by their results.
function settled(items: readonly unknown[], out: unknown[], ctx: Context): unknown {
  let waits: Promise<void>[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (isPending(item, ctx)) {
      (waits ??= []).push(item.then((result) => {
        out[i] = result;
      }));
    }
  }
  return waits === undefined ? out : pend(Promise.all(waits).then(() => out), ctx);
}

function settledObject(out: Record<string, unknown>, ctx: Context): unknown {
  let waits: Promise<void>[] | undefined;
  for (const key of Object.keys(out)) {
    const item = out[key];
    if (isPending(item, ctx)) {
      (waits ??= []).push(item.then((result) => {
        out[key] = result;
      }));
    }
  }
  return waits === undefined ? out : pend(Promise.all(waits).then(() => out), ctx);
}

// Inside a tagged value (a Map, a Set, a codec's data) there is no place to put an awaited result back.
function notPending(value: unknown, at: PathNode | undefined, ctx: Context): unknown {
  if (isPending(value, ctx)) {
    throw new ConfigSpecError('INSTANTIATION_FAILED', 'an async target is built inside a tagged value (Map, Set, a registerValue codec), which cannot hold its awaited result; build it outside and pass it in', { path: formatPath(at) });
  }
  return value;
}

function keywordObject(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) kwargs[keys[k] as string] = values[k];
  return kwargs;
}

function callTarget(entry: RegisteredTarget, plan: CallPlan, path: PathNode | undefined, ctx: Context): unknown {
  const callArgs = completeCall(plan, []);
  let out: unknown;
  try {
    out = invoke(entry, callArgs);
  } catch (cause) {
    throw failed(entry, path, cause);
  }
  let then: ((...args: unknown[]) => unknown) | undefined;
  try {
    then = thenOf(out);
  } catch (cause) {
    throw failed(entry, path, cause);
  }
  if (then === undefined) return out;
  if (ctx.pending !== undefined) {
    return pend(new Promise((resolve, reject) => {
      Reflect.apply(then, out, [resolve, (cause: unknown) => { reject(failed(entry, path, cause)); }]);
    }), ctx);
  }
  // The sync build cannot wait for it; its rejection is handled here, so it cannot crash the process later.
  try {
    Reflect.apply(then, out, [undefined, ignore]);
  } catch {
    // A thenable whose then() throws: there is nothing to handle.
  }
  throw new ConfigSpecError('INSTANTIATION_FAILED', `${entry.name} returned a Promise (it is async): build it with Spec.instantiateAsync, Spec.instantiateFromDictAsync or spec.instantiateAsync()`, { path: formatPath(path), target: entry.name });
}

// The `then` of a thenable result (a Promise), read once; `undefined` for anything else.
function thenOf(value: unknown): ((...args: unknown[]) => unknown) | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  const then: unknown = (value as { then?: unknown }).then;
  return typeof then === 'function' ? (then as (...args: unknown[]) => unknown) : undefined;
}

function failed(entry: RegisteredTarget, path: PathNode | undefined, cause: unknown): ConfigSpecError {
  const hint = entry.kind === 'function' && looksLikeEs5Class(entry.fn) ? ` (it is called without new, but its prototype has methods, as an ES5 class's: did you mean { construct: true }?)` : '';
  return new ConfigSpecError('INSTANTIATION_FAILED', `building ${entry.name} failed${hint}`, { path: formatPath(path), target: entry.name, cause });
}

function checkAllow(allow: unknown): readonly string[] | undefined {
  if (allow === undefined) return undefined;
  if (!isStringList(allow)) {
    throw new ConfigSpecError('INVALID_OVERRIDE', 'the allow option must be an array of namespace or target names (no holes)');
  }
  // A copy: the list checked is the list used, whatever a target does to the caller's array meanwhile.
  return Object.freeze([...allow]);
}

// Copies the unbuilt arguments of a spec built with recursive off: plain objects and arrays (spec
// dicts among them, which stay dicts) are new containers, shared where the input shares them;
// Specs (immutable) and every other value are passed as they are.
function unbuiltCopier(ctx: Context): (value: unknown, path: PathNode | undefined) => unknown {
  const copy = (value: unknown, path: PathNode | undefined): unknown => {
    if (isLeaf(value) || !(Array.isArray(value) || isPlainObject(value))) return value;
    const done = ctx.unbuilt.get(value);
    if (done !== undefined) return done;
    ctx.ancestors.enter(value, path);
    let out: unknown;
    if (Array.isArray(value)) {
      const items = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) items[i] = copy(value[i], child(path, i));
      out = items;
    } else out = copyObject(value, path, copy);
    ctx.ancestors.leave();
    ctx.unbuilt.set(value, out);
    return out;
  };
  return copy;
}
