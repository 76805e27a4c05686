/**
 * The check phase of `instantiate`: before the first target runs, every spec the call would build is
 * read and checked — its target resolved, its keywords laid out against the parameters, its argument
 * values against the parameters' types (src/value-check.ts), its target admitted by `allow`, a called
 * spec's required parameters all bound — and every reference resolved. So a mistake late in a config (a disallowed or misspelt target, an unknown keyword, a
 * dangling reference) stops the build before anything earlier in it has run.
 *
 * The walk follows the build's order and rules: what `recursive: false` passes on unbuilt is not
 * checked (it is not built), unless a reference reaches into it, which builds what it points at.
 * Each container is walked once, however often the tree shares it, and what is read is kept for
 * the build ({@link CheckedSpec}), which so reads no spec dict twice.
 */
import { bindSlots, completeCall, layoutKeywords, placeKeywords, type KeywordLayout } from './binding.js';
import { checkInjections, unboundInjections } from './injection.js';
import { argPath, keywordPath, RESERVED_KEYS } from './dict-keys.js';
import { isLeaf, isSpecDict, isSpecNode, readSpecDict } from './dict-format.js';
import { ConfigSpecError } from './errors.js';
import { isAllowed } from './names.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { isRef, resolveRef, type RefScope } from './refs.js';
import { lookupAt, type RegisteredTarget, type Registry } from './registry.js';
import { isSpec, registryOf, type Spec } from './spec.js';
import { checkArguments, checkContext } from './value-check.js';
import { isPlainObject, type Ancestors } from './tree.js';
import { isTagged, VALUE_KEY } from './values.js';

/** What the check phase learnt about one spec (read from a dict, or a `Spec` object). */
export interface CheckedSpec {
  /** The spec; for a dict, read shallowly (its arguments as they are in the dict). */
  readonly spec: Spec<unknown, boolean>;
  /** Its registered target. */
  readonly entry: RegisteredTarget;
  /** Where its keywords go, checked against the target's parameters. */
  readonly layout: KeywordLayout;
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

/**
 * Checks everything `instantiate(tree)` would build, building nothing. Returns what it read: each
 * spec dict and `Spec` object that will be built → its {@link CheckedSpec}.
 * @throws ConfigSpecError `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`, `INVALID_SPEC_DICT`,
 *   `TARGET_NOT_ALLOWED`, `MISSING_PARAMETER`, `SIGNATURE_UNAVAILABLE`, `CYCLE`, `TOO_DEEP`, with the path
 */
export function checkBuild(tree: unknown, options: CheckOptions, registry: Registry): Map<object, CheckedSpec> {
  const check = new BuildCheck(tree, options);
  check.visit(tree, ROOT, registry);
  return check.specs;
}

class BuildCheck {
  readonly specs = new Map<object, CheckedSpec>();
  // Containers walked to the end: met again (a shared node), they are not walked again.
  readonly #done = new Set<object>();
  // Spec dicts, refs and Specs read → their Spec, for references (as the build's reader has them).
  readonly #read = new Map<object, Spec<unknown, boolean>>();
  // Spec dicts and Specs whose arguments are passed on unbuilt → the registry they resolve in.
  readonly #unread = new Map<object, Registry>();
  // Every Spec checked, whether read from a dict or given as an object.
  readonly #checked = new Set<Spec<unknown, boolean>>();
  readonly #options: CheckOptions;
  readonly #scope: RefScope;

  constructor(root: unknown, options: CheckOptions) {
    this.#options = options;
    const { ancestors } = options;
    this.#scope = {
      root,
      read: this.#read,
      inProgress: (node) => ancestors.includes(node) && (isSpec(node) || isSpecNode(node)),
      isUnread: (node) => this.#unread.has(node),
      readLate: (node, keys, unread) => {
        let path: PathNode | undefined = ROOT;
        for (const key of keys) path = child(path, key);
        this.visit(node, path, this.#unread.get(unread) as Registry);
        return this.#read.get(node);
      },
    };
  }

  visit(value: unknown, path: PathNode | undefined, registry: Registry): void {
    if (isLeaf(value)) return;
    const node = value as object;
    if (this.#done.has(node)) return;
    if (isSpec(node)) {
      this.#checkSpec(node, node, path, this.#options.registry ?? registryOf(node));
      return;
    }
    const { ancestors } = this.#options;
    if (Array.isArray(node)) {
      ancestors.enter(node, path);
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (!isLeaf(item)) this.visit(item, child(path, i), registry);
      }
      ancestors.leave();
    } else if (isPlainObject(node)) {
      if (isSpecDict(node, path)) {
        ancestors.enter(node, path);
        const spec = readSpecDict(node, path, registry, undefined, false);
        ancestors.leave();
        this.#checkSpec(spec, node, path, registry);
        return;
      }
      if (isRef(node)) {
        const spec = resolveRef(node, path, this.#scope);
        this.#read.set(node, spec);
        // A Spec object among the arguments of an earlier Spec is built where the reference is.
        if (!this.#checked.has(spec)) this.#checkSpec(spec, spec, path, this.#options.registry ?? registryOf(spec));
        return;
      }
      ancestors.enter(node, path);
      if (isTagged(node)) {
        // Its data holds the specs a tagged value is built from (the type itself is read when built).
        const data = node.data;
        if (!isLeaf(data) && Object.hasOwn(node, VALUE_KEY)) this.visit(data, child(path, 'data'), registry);
      } else {
        for (const key of Object.keys(node)) {
          if (key === '__proto__') throw new ConfigSpecError('INVALID_SPEC_DICT', '"__proto__" is never a valid key', { path: formatPath(child(path, key)) });
          const item = node[key];
          if (!isLeaf(item)) this.visit(item, child(path, key), registry);
        }
      }
      ancestors.leave();
    } else return;
    this.#done.add(node);
  }

  // The arguments of a spec dict (read already, so well formed), at the paths the dict has them, in
  // the reader's order: args, the flattened keywords, then those under kwargs.
  #visitDictArguments(dict: Record<string, unknown>, path: PathNode | undefined, registry: Registry): void {
    const args = dict.args;
    if (Array.isArray(args)) {
      for (let i = 0; i < args.length; i++) {
        const item: unknown = args[i];
        if (!isLeaf(item)) this.visit(item, argPath(path, i), registry);
      }
    }
    for (const key of Object.keys(dict)) {
      if (RESERVED_KEYS.has(key)) continue;
      const value = dict[key];
      if (!isLeaf(value)) this.visit(value, child(path, key), registry);
    }
    const kwargs = dict.kwargs;
    if (isPlainObject(kwargs)) {
      const at = child(path, 'kwargs');
      for (const key of Object.keys(kwargs)) {
        const value = kwargs[key];
        if (!isLeaf(value)) this.visit(value, child(at, key), registry);
      }
    }
  }

  // One spec, read from `source` (a spec dict, or the Spec itself): checked, then its arguments.
  #checkSpec(spec: Spec<unknown, boolean>, source: object, path: PathNode | undefined, registry: Registry): void {
    const { ancestors, allow, recursive } = this.#options;
    ancestors.enter(source, path);
    this.#read.set(source, spec);
    const entry = lookupAt(registry, spec.target, path);
    const keys = Object.keys(spec.kwargs);
    const layout = layoutKeywords(registry, entry, spec.args.length, keys, path);
    // Values: a spec read from a dict is checked here; a Spec object was checked when it was made,
    // against its own registry (against another one, here).
    if (source !== spec || registry !== registryOf(spec)) {
      const values = new Array<unknown>(keys.length);
      for (let k = 0; k < keys.length; k++) values[k] = spec.kwargs[keys[k] as string];
      checkArguments(checkContext(registry), entry, layout, spec.args, values, path);
    }
    if (allow !== undefined && !isAllowed(entry.name, allow)) throw notAllowed(entry.name, allow, path);
    const builds = spec.recursive && recursive;
    if (spec.called) {
      // Required parameters a call leaves unbound: known now, whatever the arguments build into.
      const values = new Array<unknown>(keys.length);
      for (let k = 0; k < keys.length; k++) values[k] = spec.kwargs[keys[k] as string];
      let plan = placeKeywords(entry, layout, spec.args, values, path);
      // Those that will be autowired are not missing; what autowiring builds is checked here too.
      const injections = builds ? unboundInjections(registry, entry, layout, spec.args.length, path) : [];
      if (injections.length > 0) {
        checkInjections(registry, injections, path, (target, at) => {
          if (allow !== undefined && !isAllowed(target.name, allow)) throw notAllowed(target.name, allow, at);
        });
        plan = bindSlots(plan, injections.map((injection) => injection.index), injections.map(() => null));
      }
      completeCall(plan, []);
    }
    this.specs.set(source, { spec, entry, layout });
    this.#checked.add(spec);
    if (builds && source !== spec) this.#visitDictArguments(source as Record<string, unknown>, path, registry);
    else if (builds) {
      for (let i = 0; i < spec.args.length; i++) {
        const item = spec.args[i];
        if (!isLeaf(item)) this.visit(item, argPath(path, i), registry);
      }
      for (const key of keys) {
        const value = spec.kwargs[key];
        if (!isLeaf(value)) this.visit(value, keywordPath(path, key), registry);
      }
    } else this.#unread.set(source, registry);
    ancestors.leave();
    this.#done.add(source);
  }
}

function notAllowed(target: string, allow: readonly string[], path: PathNode | undefined): ConfigSpecError {
  return new ConfigSpecError('TARGET_NOT_ALLOWED', `${target} is not in the allowed namespaces (${allow.join(', ') || 'none'})`, { path: formatPath(path), target });
}
