/**
 * Building: every `Spec` or spec dict in a tree → the value it describes, bottom-up. Called specs
 * become the call's result; partial specs become functions that finish the call later.
 */
import { completeCall, invoke, isEmptyPlan, layoutKeywords, placeKeywords, type CallPlan } from './binding.js';
import { argPath, keywordPath, RECURSIVE } from './dict-keys.js';
import { copyObject, isLeaf, isSpecDict, protoKey, readSpecDict } from './dict-format.js';
import { Reader } from './reader.js';
import { isRef, resolveRef } from './refs.js';
import { isTagged, untag } from './values.js';
import { ConfigSpecError, guardInput } from './errors.js';
import { checkBuild, type CheckedSpec } from './instantiate-check.js';
import { isAllowed, isStringList } from './names.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { makePartial } from './partial-function.js';
import { defaultRegistry, looksLikeEs5Class, registryOption, valueCodecsOf, type RegisteredTarget, type Registry } from './registry.js';
import { isSpec, lookupAt, registryOf, type Spec } from './spec.js';
import { Ancestors, guardWalk, isPlainObject } from './tree.js';

/** Options of `Spec.instantiate`, `Spec.instantiateFromDict` and `spec.instantiate()`. */
export interface InstantiateOptions {
  /**
   * The registry that resolves every target. Default: a `Spec`'s own registry, which also resolves
   * the spec dicts among its arguments; `defaultRegistry` for dicts elsewhere.
   */
  readonly registry?: Registry;
  /**
   * Namespaces that may be built: `"p"` admits namespace `p` and `p.*`; an entry with `:` admits one
   * exact target. Checked against the canonical name, so an alias cannot get around it.
   */
  readonly allow?: readonly string[];
  /** `false`: build the specs reached through plain containers, but pass their arguments unbuilt. */
  readonly recursive?: boolean;
}

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
}

/**
 * Builds every spec and spec dict in `tree`.
 * @throws ConfigSpecError `INSTANTIATION_FAILED` (a target threw), `TARGET_NOT_ALLOWED`,
 *   `MISSING_PARAMETER`, `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`, `INVALID_SPEC_DICT`, `CYCLE`, `TOO_DEEP`
 */
export function instantiateTree(tree: unknown, options: InstantiateOptions = {}): unknown {
  const registry = registryOption(options, 'INVALID_OVERRIDE', 'instantiate');
  const { allow, recursive } = guardInput('INVALID_OVERRIDE', 'the options of instantiate', () => ({ allow: checkAllow(options.allow), recursive: options.recursive ?? true }));
  if (typeof recursive !== 'boolean') throw new ConfigSpecError('INVALID_OVERRIDE', 'the recursive option must be a boolean');
  const ancestors = new Ancestors();
  // Two phases: everything is checked before the first target runs, then built.
  const checked = guardWalk(() => checkBuild(tree, { registry, allow, recursive, ancestors }, registry ?? defaultRegistry), ancestors, 'INSTANTIATION_FAILED');
  const ctx: Context = { registry, allow, recursive, built: new Map(), ancestors, reader: new Reader(tree, ancestors), checked, copies: new Map(), unbuilt: new Map() };
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
    ctx.copies.set(value, out);
    return out;
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
  if (isTagged(value)) out = untag(value, path, valueCodecsOf(registry), (v, at) => build(v, at, ctx, registry));
  else {
    // A copy calling build directly (no mapper closure): one stack frame per level of nesting, not three,
    // so deep trees reach MAX_DEPTH (TOO_DEEP at its path) before the call stack runs out.
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__') throw protoKey(path);
      const item = value[key];
      copy[key] = isLeaf(item) ? item : build(item, child(path, key), ctx, registry);
    }
    out = copy;
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
  const plan = placeKeywords(entry, layout, args, values, path);
  let out: unknown;
  if (spec.called) out = callTarget(entry, plan, path);
  else if (entry.kind === 'function' && isEmptyPlan(plan)) out = entry.fn;
  else out = makePartial(plan, spec, args, building ? keywordObject(keys, values) : spec.kwargs);
  ctx.built.set(spec, out);
  ctx.ancestors.leave();
  return out;
}

function keywordObject(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) kwargs[keys[k] as string] = values[k];
  return kwargs;
}

function callTarget(entry: RegisteredTarget, plan: CallPlan, path: PathNode | undefined): unknown {
  const callArgs = completeCall(plan, []);
  try {
    return invoke(entry, callArgs);
  } catch (cause) {
    const hint = entry.kind === 'function' && looksLikeEs5Class(entry.fn) ? ` (it is called without new, but its prototype has methods, as an ES5 class's: did you mean { construct: true }?)` : '';
    throw new ConfigSpecError('INSTANTIATION_FAILED', `building ${entry.name} failed${hint}`, { path: formatPath(path), target: entry.name, cause });
  }
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
