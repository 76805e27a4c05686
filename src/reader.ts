/**
 * Reading a tree: every spec dict → a `Spec`, every `{"__ref__": …}` → the Spec it points back to,
 * every tagged value → its value, containers copied. `Spec.fromDict` is one reader's walk;
 * `instantiate` shares a reader to resolve references and to read partial specs in full.
 */
import { protoKey, readSpecDict, type ChildMapper } from './dict-format.js';
import { classifyNode, isLeaf, isSpecNode } from './node-kind.js';
import { child, ROOT, type PathNode } from './path.js';
import { resolveRef, type RefScope } from './refs.js';
import { valueCodecsOf, type Registry } from './registry.js';
import { isSpec, type Spec } from './spec.js';
import { Ancestors, guardWalk } from './tree.js';
import { untag, withoutDecoding, type ValueCodecs } from './values.js';

/** One walk's memory: what it has read, what it is reading, and where it is. */
export class Reader {
  readonly ancestors: Ancestors;
  /** Each spec dict, reference and Spec object met → its Spec. */
  readonly read = new Map<object, Spec<unknown, boolean>>();
  /**
   * Spec dicts whose arguments `instantiate` passed on unread (recursive off) → the registry they were
   * read in. A reference may still point at a spec among those arguments: it is read then.
   */
  readonly unread = new Map<object, Registry>();
  readonly scope: RefScope;
  readonly #converters = new Map<Registry, ChildMapper>();
  readonly #decode: boolean;
  readonly #inert = new Map<Registry, readonly ValueCodecs[]>();
  // Each container read → its copy (or value, for a tagged one).
  readonly #copies = new Map<object, unknown>();

  /**
   * @param root the tree that references are paths into
   * @param ancestors the path of the walk this reader serves (its own by default)
   * @param options `decode: false`: tagged values of registered types are read as their data,
   *   without calling the user's `decode` (for checking a config without running user code)
   */
  constructor(root: unknown, ancestors: Ancestors = new Ancestors(), options: { readonly decode?: boolean } = {}) {
    this.ancestors = ancestors;
    this.#decode = options.decode ?? true;
    this.scope = {
      root,
      read: this.read,
      inProgress: (node) => this.inProgress(node),
      isUnread: (node) => this.unread.has(node),
      readLate: (node, keys, unread) => this.#readLate(node, keys, this.unread.get(unread) as Registry),
    };
  }

  /**
   * True when `node` is a spec dict or Spec still being read or built: a reference to it is a cycle.
   * Those are exactly the specs on the path where the walk is (every walk enters a spec before
   * reading or building it, and leaves it after), so the path is searched, only when a reference
   * asks, rather than every spec being added to and removed from a set.
   */
  inProgress(node: object): boolean {
    // The path first: a node on it has been looked at already, so reading its marker again is safe.
    return this.ancestors.includes(node) && (isSpec(node) || isSpecNode(node));
  }

  /** The deep reader of values whose spec dicts resolve in `registry`. */
  converter(registry: Registry): ChildMapper {
    let convert = this.#converters.get(registry);
    if (convert === undefined) {
      convert = (value, path) => this.#convert(value, path, registry, convert as ChildMapper);
      this.#converters.set(registry, convert);
    }
    return convert;
  }

  // The value codecs a tagged value is read with: the registry's, or inert ones (decode: false).
  #codecsOf(registry: Registry): readonly ValueCodecs[] {
    const codecs = valueCodecsOf(registry);
    if (this.#decode) return codecs;
    let inert = this.#inert.get(registry);
    if (inert === undefined) this.#inert.set(registry, (inert = withoutDecoding(codecs)));
    return inert;
  }

  // A spec dict (or reference) among the unread arguments of an earlier spec → its Spec, read now.
  #readLate(node: object, keys: readonly (string | number)[], registry: Registry): Spec<unknown, boolean> | undefined {
    const kind = classifyNode(node, undefined);
    if (kind !== 'spec-dict' && kind !== 'ref') return undefined;
    let path: PathNode | undefined = ROOT;
    for (const key of keys) path = child(path, key);
    const read = this.converter(registry)(node, path);
    return isSpec(read) ? read : undefined;
  }

  #convert(value: unknown, path: PathNode | undefined, registry: Registry, convert: ChildMapper): unknown {
    const kind = classifyNode(value, path);
    if (kind === 'leaf' || kind === 'other') return value;
    const node = value as Record<string, unknown>;
    if (kind === 'spec') {
      const spec = node as unknown as Spec<unknown, boolean>;
      this.read.set(spec, spec);
      return spec;
    }
    const { ancestors } = this;
    // A node met again (the tree shares it: a YAML alias, an object used twice) is read once: its
    // copy, or its Spec, is shared the same way. (One in progress is not here yet: a cycle.)
    const done = this.#copies.get(node) ?? this.read.get(node);
    if (done !== undefined) return done;
    ancestors.enter(node, path);
    let out: unknown;
    switch (kind) {
      case 'array': {
        // Plain containers recurse into #convert itself, not through `convert` and copyObject: one
        // stack frame per level instead of three, so the depth limit is reached before the stack's.
        const array = node as unknown as unknown[];
        const copy = new Array<unknown>(array.length);
        for (let i = 0; i < array.length; i++) {
          const item: unknown = array[i];
          copy[i] = isLeaf(item) ? item : this.#convert(item, child(path, i), registry, convert);
        }
        out = copy;
        this.#copies.set(node, copy);
        break;
      }
      case 'spec-dict':
        out = readSpecDict(node, path, registry, { mapChild: convert });
        this.read.set(node, out as Spec<unknown, boolean>);
        break;
      case 'ref':
        out = resolveRef(node, path, this.scope);
        this.read.set(node, out as Spec<unknown, boolean>);
        break;
      case 'tagged':
        out = untag(node, path, this.#codecsOf(registry), convert);
        if (out !== undefined) this.#copies.set(node, out);
        break;
      default: {
        // A copy calling #convert directly (no mapper closure), for the same reason as arrays.
        const copy: Record<string, unknown> = {};
        for (const key of Object.keys(node)) {
          if (key === '__proto__') throw protoKey(path);
          const item = node[key];
          copy[key] = isLeaf(item) ? item : this.#convert(item, child(path, key), registry, convert);
        }
        out = copy;
        this.#copies.set(node, copy);
      }
    }
    ancestors.leave();
    return out;
  }
}

/**
 * `Spec.fromDict`: every spec dict in a tree → a `Spec` (shared where the tree has references),
 * tagged values → values, containers copied, other values kept.
 * @throws ConfigSpecError `INVALID_SPEC_DICT`, `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`, `CYCLE`, `TOO_DEEP`
 */
export function fromDictTree(tree: unknown, registry: Registry, options: { readonly decode?: boolean } = {}): unknown {
  const reader = new Reader(tree, new Ancestors(), options);
  return guardWalk(() => reader.converter(registry)(tree, ROOT), reader.ancestors, 'INVALID_SPEC_DICT');
}
