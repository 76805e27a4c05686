/**
 * The check phase of `instantiate`: before the first target runs, every spec the call would build is
 * read and checked — its target resolved, its keywords laid out against the parameters, its argument
 * values against the parameters' types (src/value-check.ts), its target admitted by `allow`, a called
 * spec's required parameters all bound — and every reference resolved. So a mistake late in a config
 * (a disallowed or misspelt target, an unknown keyword, a dangling reference) stops the build before
 * anything earlier in it has run.
 *
 * What it learns is kept for the build as one {@link Planned} per spec, not as a `Spec`: the build
 * reads a spec dict's arguments straight from the dict. The per-target work (keyword layout, what a
 * call misses, autowiring, which values are typed) is done once per set of keys by the target's
 * binder (src/binder.ts); each spec dict of a known shape only compares its key list.
 *
 * The walk follows the build's order and rules: what `recursive: false` passes on unbuilt is not
 * checked (it is not built), unless a reference reaches into it, which builds what it points at.
 * Each container is walked once, however often the tree shares it; the ones met more than once are
 * reported, so that the build shares their copies without remembering every container it copies.
 */
import { bindSlots, completeCall, placeKeywords } from './binding.js';
import { binderOf, missingError, specShape, type Binder, type Shape, type ShapeChecks } from './binder.js';
import { checkInjections } from './injection.js';
import { argPath, isEscapedKeyword, protoKeyError, RESERVED_KEYS } from './dict-keys.js';
import { readSpecDict } from './dict-format.js';
import { classifyNode, isLeaf, isSpecNode } from './node-kind.js';
import { ConfigSpecError } from './errors.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { resolveRef, type RefScope } from './refs.js';
import { lookupAt, type RegisteredTarget, type Registry } from './registry.js';
import { isSpec, registryOf, type Spec } from './spec.js';
import { checkContext, checkPositional, invalidValue, valueProblem } from './value-check.js';
import type { Ancestors } from './tree.js';

// A spec dict without "args" binds none.
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** One spec that `instantiate` builds (read from a spec dict, or a `Spec` object), checked. */
export class Planned {
  /** The spec dict or `Spec` it was read from. */
  readonly source: object;
  /** Its target's binder (`binder.entry` is the target). */
  readonly binder: Binder;
  /** Its keywords, checked and laid out. */
  readonly shape: Shape;
  /** The registry its target resolved in, which also resolves the spec dicts among its arguments. */
  readonly registry: Registry;
  /** Its positional arguments as given. */
  readonly args: readonly unknown[];
  /**
   * The own values of the object keywords `[0, shape.flatCount)` are read from (the spec dict, or a
   * Spec's kwargs), at `shape.positions`: read once, for both phases.
   */
  readonly values: readonly unknown[];
  /** Where the other keywords are: the dict's `kwargs`. */
  readonly escaped: Readonly<Record<string, unknown>> | undefined;
  readonly called: boolean;
  readonly recursive: boolean;
  /** Where it is, for the errors of building it. */
  readonly path: PathNode | undefined;
  /** Its place in {@link BuildPlan.order}: depth first, as references count "earlier". */
  readonly order: number;
  /** A reference points to it. */
  referenced = false;
  /** Its `Spec`: the Spec object itself, or one read from the dict when something needs it (a partial). */
  spec: Spec<unknown, boolean> | undefined;
  /** Set once built: `value` is what it built into. */
  built = false;
  value: unknown = undefined;

  constructor(
    source: object,
    binder: Binder,
    shape: Shape,
    fields: { registry: Registry; args: readonly unknown[]; values: readonly unknown[]; escaped: Readonly<Record<string, unknown>> | undefined; called: boolean; recursive: boolean; spec: Spec<unknown, boolean> | undefined },
    path: PathNode | undefined,
    order: number,
  ) {
    this.source = source;
    this.binder = binder;
    this.shape = shape;
    this.registry = fields.registry;
    this.args = fields.args;
    this.values = fields.values;
    this.escaped = fields.escaped;
    this.called = fields.called;
    this.recursive = fields.recursive;
    this.path = path;
    this.order = order;
    this.spec = fields.spec;
  }

  /** The value of keyword `k` (in the order of `shape.layout.keys`) as given. */
  keyword(k: number): unknown {
    if (k < this.shape.flatCount) return this.values[this.shape.positions[k] as number];
    const key = this.shape.layout.keys[k] as string;
    return (this.escaped as Readonly<Record<string, unknown>>)[key];
  }

  /** Where keyword `k` is: `path.name`, or `path.kwargs.name` when the dict has it under `kwargs`. */
  keywordPath(k: number): PathNode {
    return child(this.keywordParent(k), this.shape.layout.keys[k] as string);
  }

  /** The parent of {@link keywordPath}: `path`, or `path.kwargs`. */
  keywordParent(k: number): PathNode | undefined {
    // A Spec keeps every keyword in its kwargs: the reserved and `__x__` names are under `kwargs` in its dict.
    return k >= this.shape.flatCount || isEscapedKeyword(this.shape.layout.keys[k] as string) ? child(this.path, 'kwargs') : this.path;
  }
}

/** The options of `instantiate` the check needs. */
export interface CheckOptions {
  /** The `registry` option (`undefined`: a Spec's own registry, else the default). */
  readonly registry: Registry | undefined;
  readonly allow: readonly string[] | undefined;
  readonly recursive: boolean;
  /** The walk's path of containers: cycles and the depth limit. */
  readonly ancestors: Ancestors;
}

/** What the check phase found, for the build. */
export interface BuildPlan {
  /**
   * Every spec planned, in the order planned: the order the build meets them in, so that it finds
   * each one's plan by comparing with the next rather than looking it up.
   */
  readonly order: readonly Planned[];
  /** The plan of a spec dict, `Spec` object or reference met; `undefined` for anything else. */
  find(node: object): Planned | undefined;
  /** The containers the tree holds in more than one place (built once, their copy shared); `undefined` when none. */
  readonly shared: Set<object> | undefined;
  /** The specs references point to, in the order they were planned. */
  readonly referenced: readonly Planned[];
  /** Spec dicts and Specs whose arguments are passed on unbuilt (recursive off) → the registry they resolve in. */
  readonly unread: ReadonlyMap<object, Registry>;
  /**
   * Checks and plans a Spec the build makes itself (an autowired one), as any other.
   * @throws ConfigSpecError as {@link checkBuild}
   */
  planLate(spec: Spec<unknown, boolean>, path: PathNode | undefined, registry: Registry): Planned;
  /**
   * Checks and plans `node` (a spec dict or reference the walk did not reach), as any other.
   * @throws ConfigSpecError as {@link checkBuild}
   */
  planNode(node: Record<string, unknown>, path: PathNode | undefined, registry: Registry): Planned;
}

/**
 * Checks everything `instantiate(tree)` would build, building nothing, and returns the plan.
 * @throws ConfigSpecError `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`, `INVALID_SPEC_DICT`, `INVALID_VALUE`,
 *   `TARGET_NOT_ALLOWED`, `MISSING_PARAMETER`, `SIGNATURE_UNAVAILABLE`, `CYCLE`, `TOO_DEEP`, with the path
 */
export function checkBuild(tree: unknown, options: CheckOptions, registry: Registry): BuildPlan {
  const check = new BuildCheck(tree, options);
  if (!isLeaf(tree)) check.visit(tree as object, ROOT, registry);
  return check;
}

class BuildCheck implements BuildPlan {
  readonly order: Planned[] = [];
  shared: Set<object> | undefined;
  readonly referenced: Planned[] = [];
  readonly unread = new Map<object, Registry>();
  // Every container, spec dict, reference and Spec met → its plan (`true` for a plain container).
  // One met again is shared, or, when it encloses the place, a cycle.
  readonly #met = new Map<object, Planned | true>();
  readonly #options: CheckOptions;
  readonly #scope: RefScope<Planned>;
  // Target names met in this walk → their binders.
  readonly #binders = new Map<string, Binder>();
  // Where the reference being resolved is (a Spec it reaches is planned there).
  #refPath: PathNode | undefined;

  constructor(root: unknown, options: CheckOptions) {
    this.#options = options;
    const { ancestors } = options;
    this.#scope = {
      root,
      read: { get: (node) => this.find(node), has: (node) => this.find(node) !== undefined },
      inProgress: (node) => ancestors.includes(node) && (isSpec(node) || isSpecNode(node)),
      isUnread: (node) => this.unread.has(node),
      readLate: (node, keys, unread) => {
        let path: PathNode | undefined = ROOT;
        for (const key of keys) path = child(path, key);
        this.visit(node, path, this.unread.get(unread) as Registry);
        return this.find(node);
      },
      // A Spec object among the arguments of a Spec already read: planned where the reference is.
      adopt: (spec) => this.find(spec) ?? this.#planSpec(spec, this.#refPath, this.#options.registry ?? registryOf(spec)),
    };
  }

  find(node: object): Planned | undefined {
    const met = this.#met.get(node);
    return met === true ? undefined : met;
  }

  planLate(spec: Spec<unknown, boolean>, path: PathNode | undefined, registry: Registry): Planned {
    return this.find(spec) ?? this.#planSpec(spec, path, registry);
  }

  planNode(node: Record<string, unknown>, path: PathNode | undefined, registry: Registry): Planned {
    this.visit(node, path, registry);
    const planned = this.find(node);
    if (planned === undefined) throw new ConfigSpecError('INVALID_SPEC_DICT', 'not a spec dict or a reference', { path: formatPath(path) });
    return planned;
  }

  /** Checks `node` and everything in it that will be built. */
  visit(node: object, path: PathNode | undefined, registry: Registry): void {
    const { ancestors } = this.#options;
    switch (classifyNode(node, path)) {
      case 'spec':
        if (!this.#plannedAgain(node, path)) this.#planSpec(node as Spec<unknown, boolean>, path, this.#options.registry ?? registryOf(node as Spec<unknown, boolean>));
        return;
      case 'spec-dict':
        if (!this.#plannedAgain(node, path)) this.#planDict(node as Record<string, unknown>, path, registry);
        return;
      case 'ref': {
        if (this.#met.has(node)) return;
        this.#refPath = path;
        const planned = resolveRef(node as Record<string, unknown>, path, this.#scope);
        if (!planned.referenced) {
          planned.referenced = true;
          this.referenced.push(planned);
        }
        this.#met.set(node, planned);
        return;
      }
      case 'array': {
        if (this.#metAgain(node, path)) return;
        const array = node as unknown[];
        ancestors.enter(array, path);
        for (let i = 0; i < array.length; i++) {
          const item: unknown = array[i];
          if (!isLeaf(item)) this.visit(item as object, child(path, i), registry);
        }
        ancestors.leave();
        return;
      }
      case 'tagged': {
        if (this.#metAgain(node, path)) return;
        // Its data holds the specs a tagged value is built from (the type itself is read when built).
        const data = (node as Record<string, unknown>).data;
        ancestors.enter(node, path);
        if (!isLeaf(data)) this.visit(data as object, child(path, 'data'), registry);
        ancestors.leave();
        return;
      }
      case 'object': {
        if (this.#metAgain(node, path)) return;
        const object = node as Record<string, unknown>;
        ancestors.enter(object, path);
        for (const key of Object.keys(object)) {
          if (key === '__proto__') throw protoKeyError('INVALID_SPEC_DICT', formatPath(child(path, key)));
          const item = object[key];
          if (!isLeaf(item)) this.visit(item as object, child(path, key), registry);
        }
        ancestors.leave();
        return;
      }
      default:
        // A leaf or another object (a class instance, a Map): passed on as it is.
        return;
    }
  }

  // A plain container met before: shared, or (when it encloses this place) a cycle. One Set
  // operation for a container met the first time.
  #metAgain(node: object, path: PathNode | undefined): boolean {
    const size = this.#met.size;
    this.#met.set(node, true);
    if (this.#met.size > size) return false;
    const cycle = this.#options.ancestors.cycleAt(node, path);
    if (cycle !== undefined) throw cycle;
    (this.shared ??= new Set()).add(node);
    return true;
  }

  // The same for spec dicts and Specs, which are planned (and so remembered) as they are entered.
  #plannedAgain(node: object, path: PathNode | undefined): boolean {
    if (!this.#met.has(node)) return false;
    const cycle = this.#options.ancestors.cycleAt(node, path);
    if (cycle !== undefined) throw cycle;
    return true;
  }

  // One spec dict. A dict of a shape its target's binder knows has its keys checked already: only
  // its field types are. Any other is read by the reader first, which reports what is malformed.
  #planDict(dict: Record<string, unknown>, path: PathNode | undefined, registry: Registry): void {
    const { ancestors } = this.#options;
    ancestors.enter(dict, path);
    const keys = Object.keys(dict);
    const values = Object.values(dict);
    const target = dict.target;
    let binder = typeof target === 'string' ? this.#binderFor(registry, target) : undefined;
    let shape = binder === undefined ? undefined : knownShape(dict.args, values, keys, binder);
    let args: readonly unknown[];
    let called: boolean;
    let recursive: boolean;
    const escaped = dict.kwargs as Record<string, unknown> | undefined;
    if (shape === undefined || binder === undefined) {
      // Every field checked, the target resolved: the errors (and their order) of reading the dict.
      const spec = readSpecDict(dict, path, registry, { check: false });
      binder = binderOf(registry, lookupAt(registry, spec.target, path));
      ({ args, called, recursive } = spec);
      const flat = keys.filter((key) => !RESERVED_KEYS.has(key) && dict[key] !== undefined);
      const escapedKeys = escaped === undefined ? [] : Object.keys(escaped).filter((key) => escaped[key] !== undefined);
      shape = binder.shape([...flat, ...escapedKeys], flat.length, args.length, keys, path);
      // Without `kwargs` or undefined values, the next dict with these keys has these keywords.
      if (escaped === undefined && flat.length === keys.filter((key) => !RESERVED_KEYS.has(key)).length) binder.remember(keys, args.length, true, shape);
    } else {
      args = shape.hasArgs ? (dict.args as readonly unknown[]) : NO_ARGS;
      called = shape.calledAt >= 0 && values[shape.calledAt] === true;
      recursive = shape.recursiveAt < 0 || values[shape.recursiveAt] !== false;
    }
    const planned = new Planned(dict, binder, shape, { registry, args, values, escaped, called, recursive, spec: undefined }, path, this.order.length);
    this.#admit(planned, true);
    ancestors.leave();
  }

  // The binder of the target named `target` (a name or alias), or `undefined` when it is not
  // registered (reading the dict reports that, after its fields). Remembered by name for the walk:
  // a config names the same few targets hundreds of times.
  #binderFor(registry: Registry, target: string): Binder | undefined {
    const known = this.#binders.get(target);
    if (known?.registry === registry) return known;
    let entry: RegisteredTarget;
    try {
      entry = registry.lookup(target);
    } catch {
      return undefined;
    }
    const binder = binderOf(registry, entry);
    this.#binders.set(target, binder);
    return binder;
  }

  // One Spec object (given in the tree, found through a reference, or autowired).
  #planSpec(spec: Spec<unknown, boolean>, path: PathNode | undefined, registry: Registry): Planned {
    const { ancestors } = this.#options;
    ancestors.enter(spec, path);
    const binder = binderOf(registry, lookupAt(registry, spec.target, path));
    const shape = specShape(binder, Object.keys(spec.kwargs), spec.args.length, path);
    const planned = new Planned(spec, binder, shape, { registry, args: spec.args, values: Object.values(spec.kwargs), escaped: undefined, called: spec.called, recursive: spec.recursive, spec }, path, this.order.length);
    // A Spec object's values were checked when it was made, against its own registry.
    this.#admit(planned, registry !== registryOf(spec));
    ancestors.leave();
    return planned;
  }

  // The checks every spec gets (values, allow, what a call leaves missing), then its arguments.
  #admit(planned: Planned, checkValues: boolean): void {
    const { allow, recursive } = this.#options;
    const { binder, shape, path, args, registry } = planned;
    const entry = binder.entry;
    const count = shape.layout.keys.length;
    if (checkValues) {
      const checks = binder.checks(shape, path);
      if (checks !== undefined) checkValuesOf(planned, checks);
    }
    if (allow !== undefined && !binder.allowedBy(allow)) throw notAllowed(entry.name, allow, path);
    const builds = planned.recursive && recursive;
    if (planned.called) {
      const call = binder.callShape(shape, path);
      // Autowired parameters are not missing; what autowiring builds is checked here too.
      const wires = builds && call.injections.length > 0;
      if (wires) {
        checkInjections(registry, call.injections, path, (target, at) => {
          if (allow !== undefined && !binderOf(registry, target).allowedBy(allow)) throw notAllowed(target.name, allow, at);
        });
      }
      if (call.valuesDecideMissing || (!builds && call.injections.length > 0)) {
        let plan = placeKeywords(entry, shape.layout, args, valuesOf(planned), path);
        if (wires) plan = bindSlots(plan, call.injections.map((injection) => injection.index), call.injections.map(() => null));
        completeCall(plan, []);
      } else if (call.missing !== undefined) {
        throw missingError(binder, call.missing, path);
      }
    }
    this.#met.set(planned.source, planned);
    this.order.push(planned);
    if (!builds) {
      this.unread.set(planned.source, registry);
      return;
    }
    for (let i = 0; i < args.length; i++) {
      const item = args[i];
      if (!isLeaf(item)) this.visit(item as object, argPath(path, i), registry);
    }
    for (let k = 0; k < count; k++) {
      const value = planned.keyword(k);
      if (!isLeaf(value)) this.visit(value as object, planned.keywordPath(k), registry);
    }
  }
}

// The cached shape of a spec dict with own `keys` and `values` and `args` when that key list was met
// before for its target, its fields have the right types and none of its keywords is undefined;
// else `undefined`.
function knownShape(args: unknown, values: readonly unknown[], keys: readonly string[], binder: Binder): Shape | undefined {
  const shape = binder.cached(keys, Array.isArray(args) ? args.length : 0, true);
  if (shape === undefined) return undefined;
  if (shape.hasArgs ? !Array.isArray(args) : args !== undefined) return undefined;
  if (shape.calledAt >= 0 && typeof values[shape.calledAt] !== 'boolean') return undefined;
  if (shape.recursiveAt >= 0 && typeof values[shape.recursiveAt] !== 'boolean') return undefined;
  for (const at of shape.positions) if (values[at] === undefined) return undefined;
  return shape;
}


// The values of a spec against their types (positional arguments first, then the keywords in order):
// the first wrong one is INVALID_VALUE at its path.
function checkValuesOf(planned: Planned, checks: ShapeChecks): void {
  const ctx = checkContext(planned.registry);
  const name = planned.binder.entry.name;
  checkPositional(ctx, name, checks.args, planned.args, planned.path);
  for (let k = 0; k < checks.keywords.length; k++) {
    const type = checks.keywords[k];
    const problem = type === undefined ? undefined : valueProblem(ctx, planned.keyword(k), type);
    if (problem !== undefined) throw invalidValue(problem, formatPath(planned.keywordPath(k)), name);
  }
}

function valuesOf(planned: Planned): unknown[] {
  const values = new Array<unknown>(planned.shape.layout.keys.length);
  for (let k = 0; k < values.length; k++) values[k] = planned.keyword(k);
  return values;
}

function notAllowed(target: string, allow: readonly string[], path: PathNode | undefined): ConfigSpecError {
  return new ConfigSpecError('TARGET_NOT_ALLOWED', `${target} is not in the allowed namespaces (${allow.join(', ') || 'none'})`, { path: formatPath(path), target });
}
