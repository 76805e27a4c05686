/**
 * Building: every `Spec` or spec dict in a tree → the value it describes, bottom-up. Called specs
 * become the call's result; partial specs become functions that finish the call later.
 *
 * Two phases: src/instantiate-check.ts checks everything and plans each spec (no target runs if
 * anything is wrong), then this walk builds. A called spec dict is built straight from the dict and
 * its plan, with no `Spec` made for it; a `Spec` is read from a dict only when something needs one
 * (a partial function keeps its spec, so `asdict` can write it back).
 */
import { bindSlots, completeCall, invoke, isEmptyPlan, placeKeywords } from './binding.js';
import { layOutCall, type CallShape } from './binder.js';
import { keywordPath, argPath } from './dict-keys.js';
import { copyObject, protoKey, readSpecDict } from './dict-format.js';
import { classifyNode, isLeaf } from './node-kind.js';
import { Reader } from './reader.js';
import { untag } from './values.js';
import { ConfigSpecError, guardInput } from './errors.js';
import { wiringCycle } from './injection.js';
import { checkBuild, type BuildPlan, type Planned } from './instantiate-check.js';
import { isStringList } from './names.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { makePartial } from './partial-function.js';
import { defaultRegistry, looksLikeEs5Class, registryOption, valueCodecsOf, type RegisteredTarget, type Registry } from './registry.js';
import { createSpec, registryOf, type InstantiateOptions, type Spec } from './spec.js';
import { Ancestors, guardWalk, isPlainObject } from './tree.js';

interface Context {
  readonly registry: Registry | undefined;
  readonly recursive: boolean;
  readonly root: unknown;
  readonly ancestors: Ancestors;
  /** What the check phase planned: each spec dict, Spec and reference → its {@link Planned}. */
  readonly plan: BuildPlan;
  /** Each shared container (met more than once by the check) built → its copy, shared the same way. */
  readonly copies: Map<object, unknown>;
  /** The same for the containers passed on unbuilt (recursive off), which are copied as they are. */
  readonly unbuilt: Map<object, unknown>;
  /** Reads the Specs partial functions keep; made the first time one is needed. */
  reader: Reader | undefined;
  /** The place in `plan.order` of the next spec the build expects to meet. */
  cursor: number;
  /**
   * Async builds only: the promises this walk made (a target's Promise result, or a value waiting for
   * one), which are awaited before a value that uses them is built. A Promise the config holds as a
   * value is passed on as it is.
   */
  readonly pending: WeakSet<object> | undefined;
  /** Autowired targets → the plan of the one spec that builds them in this call (so they are built once). */
  readonly wired: Map<RegisteredTarget, Planned>;
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
  const plan = guardWalk(() => checkBuild(tree, { registry, allow, recursive, ancestors }, registry ?? defaultRegistry), ancestors, 'INSTANTIATION_FAILED');
  const ctx: Context = {
    registry,
    recursive,
    root: tree,
    ancestors,
    plan,
    copies: new Map(),
    unbuilt: new Map(),
    reader: undefined,
    cursor: 0,
    pending: async ? new WeakSet() : undefined,
    wired: new Map(),
    wiring: [],
  };
  return guardWalk(() => build(tree, ROOT, undefined, ctx, registry ?? defaultRegistry), ctx.ancestors, 'INSTANTIATION_FAILED');
}

// The value at `key` of `parent` (at `parent` itself when `key` is undefined). `registry` resolves the
// spec dicts met here: the option's, else that of the nearest enclosing Spec (a spec made against an
// isolated registry keeps its dict-valued arguments in it), else the default. The path is made only
// for containers: a planned spec has its own.
function build(value: unknown, parent: PathNode | undefined, key: string | number | undefined, ctx: Context, registry: Registry): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (!Array.isArray(value)) {
    const planned = plannedAt(value, ctx);
    if (planned !== undefined) return buildPlanned(planned, ctx);
  }
  const path = at(parent, key);
  const kind = classifyNode(value, path);
  switch (kind) {
    case 'spec':
      return buildPlanned(ctx.plan.planLate(value as Spec<unknown, boolean>, path, ctx.registry ?? registryOf(value as Spec<unknown, boolean>)), ctx);
    case 'spec-dict':
    case 'ref':
      // (The check planned every spec dict and reference the build reaches; one it did not is planned now.)
      return buildPlanned(ctx.plan.planNode(value as Record<string, unknown>, path, registry), ctx);
    case 'array':
    case 'tagged':
    case 'object':
      break;
    default:
      return value;
  }
  // A container the tree shares is built once: its copy is shared the same way.
  const shared = ctx.plan.shared?.has(value) === true;
  if (shared) {
    const copy = ctx.copies.get(value);
    if (copy !== undefined) return copy;
  }
  ctx.ancestors.enter(value, path);
  let out: unknown;
  // Loops calling build directly (no mapper closure): few stack frames per level of nesting, so deep
  // trees reach MAX_DEPTH (TOO_DEEP at its path) before the call stack runs out.
  if (kind === 'array') {
    const array = value as unknown[];
    const items = new Array<unknown>(array.length);
    for (let i = 0; i < array.length; i++) {
      const item: unknown = array[i];
      items[i] = isLeaf(item) ? item : build(item, path, i, ctx, registry);
    }
    out = ctx.pending === undefined ? items : settled(items, items, ctx);
  } else if (kind === 'tagged') {
    const map = (v: unknown, where: PathNode | undefined): unknown => build(v, where, undefined, ctx, registry);
    out = untag(value as Record<string, unknown>, path, valueCodecsOf(registry), ctx.pending === undefined ? map : (v, where) => notPending(map(v, where), where, ctx));
  } else {
    const object = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const name of Object.keys(object)) {
      if (name === '__proto__') throw protoKey(path);
      const item = object[name];
      copy[name] = isLeaf(item) ? item : build(item, path, name, ctx, registry);
    }
    out = ctx.pending === undefined ? copy : settledObject(copy, ctx);
  }
  ctx.ancestors.leave();
  // `undefined` (a tagged undefined) is not a copy to remember.
  if (shared && out !== undefined) ctx.copies.set(value, out);
  return out;
}

function at(parent: PathNode | undefined, key: string | number | undefined): PathNode | undefined {
  return key === undefined ? parent : child(parent, key);
}

// The plan of `node` (a spec dict, reference or Spec object) when the check made one. The build
// meets spec dicts in the order the check planned them, so the next plan in that order is tried
// first: a lookup only for a node met again, a reference or a Spec.
function plannedAt(node: object, ctx: Context): Planned | undefined {
  const next = ctx.plan.order[ctx.cursor];
  if (next?.source === node) {
    ctx.cursor++;
    return next;
  }
  const planned = ctx.plan.find(node);
  // Planned later than expected (the build took another way through a tagged value): resume after it.
  if (planned !== undefined && planned.order >= ctx.cursor) ctx.cursor = planned.order + 1;
  return planned;
}

// One planned spec, built once: its arguments, then the call (or the partial function).
function buildPlanned(planned: Planned, ctx: Context): unknown {
  if (planned.built) return planned.value;
  // (Not entered on the path of containers: the check walked the same specs and found no cycle and
  // nothing too deep, and each carries its own path for its errors.)
  const building = planned.recursive && ctx.recursive;
  const call = planned.called ? planned.binder.callShape(planned.shape, planned.path) : undefined;
  const out = building && call !== undefined && call.callLength >= 0 && ctx.pending === undefined ? buildCall(planned, call, ctx) : buildAny(planned, call, building, ctx);
  planned.value = out;
  planned.built = true;
  return out;
}

// The common case, kept lean: a called spec whose arguments are built and whose keywords all bind
// positional parameters. Its arguments are built straight into the argument list of the call.
function buildCall(planned: Planned, call: CallShape, ctx: Context): unknown {
  const { args, path, registry, values, escaped } = planned;
  const { keys, slotOf } = planned.shape.layout;
  const { flatCount, positions } = planned.shape;
  const out = new Array<unknown>(call.callLength);
  // Loops, not .map(): fewer stack frames per level of nesting.
  for (let i = 0; i < out.length; i++) {
    const item = i < args.length ? args[i] : undefined;
    out[i] = isLeaf(item) ? item : build(item, child(path, 'args'), i, ctx, registry);
  }
  for (let k = 0; k < keys.length; k++) {
    const value = k < flatCount ? values[positions[k] as number] : (escaped as Record<string, unknown>)[keys[k] as string];
    out[slotOf[k] as number] = isLeaf(value) ? value : build(value, planned.keywordParent(k), keys[k], ctx, registry);
  }
  return callTarget(planned.binder.entry, out, path, ctx);
}

// Every other case: partial specs, arguments passed on unbuilt, options objects, rest parameters,
// autowiring, async builds.
function buildAny(planned: Planned, call: CallShape | undefined, building: boolean, ctx: Context): unknown {
  const { path, registry } = planned;
  const entry = planned.binder.entry;
  let args = planned.args;
  const { keys } = planned.shape.layout;
  // Keyword values are built into a list beside their names: only a partial needs them as an object.
  const values = new Array<unknown>(keys.length);
  if (building) {
    if (args.length > 0) {
      const builtArgs = new Array<unknown>(args.length);
      for (let i = 0; i < args.length; i++) {
        const item = args[i];
        builtArgs[i] = isLeaf(item) ? item : build(item, child(path, 'args'), i, ctx, registry);
      }
      args = builtArgs;
    }
    for (let k = 0; k < keys.length; k++) {
      const value = planned.keyword(k);
      values[k] = isLeaf(value) ? value : build(value, planned.keywordParent(k), keys[k], ctx, registry);
    }
  } else if (args.length > 0 || keys.length > 0) {
    // Passed on unbuilt, but as copies: a target that changes its argument must not change the config.
    const copier = unbuiltCopier(ctx);
    if (args.length > 0) {
      const copied = new Array<unknown>(args.length);
      for (let i = 0; i < args.length; i++) copied[i] = copier(args[i], argPath(path, i));
      args = copied;
    }
    for (let k = 0; k < keys.length; k++) {
      const value = planned.keyword(k);
      values[k] = isLeaf(value) ? value : copier(value, planned.keywordPath(k));
    }
  }
  const wired = call !== undefined && building && call.injections.length > 0 ? autowired(planned, call, ctx) : undefined;
  const pending: PendingCall = { planned, call, args, values, wired, building };
  if (ctx.pending !== undefined && (isWaiting(args, ctx) || isWaiting(values, ctx) || (wired !== undefined && isWaiting(wired.values, ctx)))) {
    // Its arguments are still being built: the call happens once they are all there.
    const waits = [settled(args, args as unknown[], ctx), settled(values, values, ctx), wired === undefined ? undefined : settled(wired.values, wired.values, ctx)];
    return pend(Promise.all(waits).then(() => finishCall(pending, ctx)).catch((cause: unknown) => {
      throw cause instanceof ConfigSpecError ? cause : failed(entry, path, cause);
    }), ctx);
  }
  return finishCall(pending, ctx);
}

/** A spec whose arguments are built (or being built), waiting to be called or made a partial. */
interface PendingCall {
  readonly planned: Planned;
  /** What its call needs; `undefined` for a partial. */
  readonly call: CallShape | undefined;
  readonly args: readonly unknown[];
  readonly values: readonly unknown[];
  readonly wired: Wired | undefined;
  readonly building: boolean;
}

function finishCall(pending: PendingCall, ctx: Context): unknown {
  const { planned, call, args, values, wired } = pending;
  const { shape, path } = planned;
  const entry = planned.binder.entry;
  if (call !== undefined && wired === undefined && call.callLength >= 0) return callTarget(entry, layOutCall(shape, call, args, values), path, ctx);
  let plan = placeKeywords(entry, shape.layout, args, values, path);
  if (wired !== undefined) plan = bindSlots(plan, wired.indexes, wired.values);
  if (call !== undefined) return callTarget(entry, completeCall(plan, []), path, ctx);
  if (entry.kind === 'function' && isEmptyPlan(plan)) return entry.fn;
  const spec = specOf(planned, ctx);
  return makePartial(plan, spec, args, pending.building ? keywordObject(shape.layout.keys, values) : spec.kwargs);
}

// The Spec a partial function keeps: a Spec object as it is; a spec dict read now, in full (nested
// dicts → Specs, references resolved), because the partial function outlives the call and `asdict`
// writes it back from its spec: it must not hold raw references. Reading it may need the Specs of
// earlier spec dicts that references point to: the reader is given those.
function specOf(planned: Planned, ctx: Context): Spec<unknown, boolean> {
  if (planned.spec !== undefined) return planned.spec;
  const reader = readerOf(ctx);
  const dict = planned.source as Record<string, unknown>;
  let spec = reader.read.get(dict);
  if (spec === undefined) {
    const deep = !planned.called && planned.recursive && ctx.recursive;
    reader.ancestors.enter(dict, planned.path);
    spec = readSpecDict(dict, planned.path, planned.registry, { mapChild: deep ? reader.converter(planned.registry) : undefined, check: false });
    reader.ancestors.leave();
    reader.read.set(dict, spec);
  }
  planned.spec = spec;
  return spec;
}

// The reader of partial functions' specs, made the first time one is needed: it knows the Spec
// objects of the tree, the spec dicts references point to (a called one read shallowly, as the
// check read it) and the nodes whose arguments are passed on unread.
function readerOf(ctx: Context): Reader {
  if (ctx.reader !== undefined) return ctx.reader;
  // Its own path of containers: it reads specs away from where the build is (references that
  // would close a cycle were refused by the check), so the build's path must not count.
  const reader = new Reader(ctx.root, new Ancestors());
  ctx.reader = reader;
  for (const [node, registry] of ctx.plan.unread) reader.unread.set(node, registry);
  for (const planned of ctx.plan.order) if (planned.spec !== undefined) reader.read.set(planned.source, planned.spec);
  // In the order they were planned: a partial's references point to earlier specs only.
  for (const planned of [...ctx.plan.referenced].sort((a, b) => a.order - b.order)) {
    if (planned.spec === undefined) specOf(planned, ctx);
  }
  return reader;
}

/** Autowired parameters of one call: their positions and built values. */
interface Wired {
  readonly indexes: number[];
  readonly values: unknown[];
}

// The required parameters nothing binds whose type is a registered target, each built from that
// target's defaults: once per target per instantiate call (one plan, built once).
function autowired(planned: Planned, call: CallShape, ctx: Context): Wired {
  const { path } = planned;
  const registry = planned.registry;
  const wired: Wired = { indexes: [], values: [] };
  for (const injection of call.injections) {
    const at = keywordPath(path, injection.name);
    const name = injection.target.name;
    // The check phase found cycles in the wiring it could see; this catches any it could not.
    if (ctx.wiring.includes(name)) throw wiringCycle(ctx.wiring, name, formatPath(at));
    let target = ctx.wired.get(injection.target);
    if (target === undefined) {
      target = ctx.plan.planLate(createSpec({ registry, target: name, args: [], kwargs: {}, called: true, recursive: true, path: at }), at, registry);
      ctx.wired.set(injection.target, target);
    }
    ctx.wiring.push(name);
    wired.values.push(buildPlanned(target, ctx));
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

function callTarget(entry: RegisteredTarget, callArgs: readonly unknown[], path: PathNode | undefined, ctx: Context): unknown {
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
