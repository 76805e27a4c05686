/**
 * Instances that remember how they were made. A class decorated with `@configurable()` is replaced
 * by a thin subclass whose constructor keeps its arguments on the instance (a private field, read
 * through a symbol-keyed getter: no lookup table on the hot path). Everything here works across
 * copies of the package.
 */
import type { Callable } from './callable.js';

// The constructor arguments of a tracked instance: a getter on each tracking wrapper's prototype
// (non-enumerable, not an own property of the instance) reading the instance's private record.
const RECORD = Symbol.for('config-spec.record');
// On a tracking wrapper's prototype: who registered it ({ registry, entry }).
const TRACKER = Symbol.for('config-spec.tracker');
// Which class a tracking wrapper stands for, and which wrapper a decorated class has: two WeakMaps
// rather than a property on each class, because a property defined on a class is a run-time call and
// a new hidden class per class, which registering many classes in a fresh process pays for each time
// (issue 10). Kept on globalThis under a registered symbol, as the default registry is, so that two
// copies of the package unwrap each other's wrappers.
interface WrapperLinks {
  readonly originals: WeakMap<Callable, Callable>;
  readonly wrappers: WeakMap<Callable, Callable>;
}
const LINKS_KEY = Symbol.for('config-spec.wrapper-links');
const links: WrapperLinks = ((): WrapperLinks => {
  const global = globalThis as Record<symbol, unknown>;
  const existing = global[LINKS_KEY] as Partial<WrapperLinks> | undefined;
  if (existing?.originals instanceof WeakMap && existing.wrappers instanceof WeakMap) return existing as WrapperLinks;
  const created: WrapperLinks = { originals: new WeakMap(), wrappers: new WeakMap() };
  Object.defineProperty(global, LINKS_KEY, { value: created, configurable: false, enumerable: false, writable: false });
  return created;
})();

type Constructor = new (...args: unknown[]) => object;

// The record is a private field stamped onto the instance (a base constructor that returns the given
// object makes `new Recorder(instance, args)` add the field to `instance`). Adding a private field is
// as cheap as adding a plain property, where Object.defineProperty (the only way to add a
// non-enumerable own property) is a runtime call costing ~10x a small constructor; and the field is
// invisible to Object.keys, for…in, spread, JSON, structuredClone and deep equality.
/**
 * A base class whose constructor returns the object it is given: `new (class extends Stamp { #f })(o)`
 * adds private field `#f` to `o` (which the recorder here, and `asdict`'s walk marks, rely on).
 * @internal
 */
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- the constructor's return is the point
export class Stamp {
  constructor(target: object) {
    return target;
  }
}

class Recorder extends Stamp {
  readonly #args: readonly unknown[];

  private constructor(target: object, args: readonly unknown[]) {
    super(target);
    this.#args = args;
  }

  /**
   * Records `args` on `target`, unless it has a record already (a constructor that returned an
   * instance made before) or takes no new fields (a constructor that froze or sealed `this`:
   * untracked rather than failing, also where engines apply non-extensibility to private fields).
   */
  static record(target: object, args: readonly unknown[]): void {
    if (#args in target || !Object.isExtensible(target)) return;
    new Recorder(target, args);
  }

  static read(target: object): readonly unknown[] | undefined {
    return #args in target ? target.#args : undefined;
  }
}

function readRecord(this: unknown): readonly unknown[] | undefined {
  return typeof this === 'object' && this !== null ? Recorder.read(this) : undefined;
}

/**
 * A subclass of `cls` that records its construction arguments. It keeps `cls`'s `name` and
 * `length`; `instanceof`, static members and the prototype chain work through inheritance. Only an
 * instance whose `new.target` is this wrapper records: a subclass records its own arguments.
 */
export function trackingWrapper(cls: Callable): Callable {
  const Base = cls as Constructor;
  // `name` and `length` are the class's, read once here, through static getters in the class body
  // rather than set with Object.defineProperty afterwards; the record getter is a member too. Each
  // defineProperty is a run-time call and a new hidden class, which a fresh process registering many
  // classes pays for each class (issue 10); members written in the class body are set up with it.
  const { name, length } = cls as { name: unknown; length: number };
  const Tracked = class extends Base {
    constructor(...args: unknown[]) {
      super(...args);
      if (new.target === Tracked) Recorder.record(this, args);
    }

    get [RECORD](): readonly unknown[] | undefined {
      return readRecord.call(this);
    }

    static override get name(): string {
      return name as string;
    }

    static override get length(): number {
      return length;
    }
  };
  links.originals.set(Tracked, cls);
  links.wrappers.set(cls, Tracked);
  copyOwnMetadata(cls, Tracked);
  return Tracked;
}

interface MetadataApi {
  getOwnMetadataKeys?: (target: object) => unknown[];
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
}

// DI containers read a class's own reflect metadata: inversify's `@injectable()` marks and
// `design:paramtypes`, tsyringe's injection tokens. Read through the prototype chain, the wrapper would
// show its parent's, but inversify asks for *own* metadata and fails on a wrapper without any
// ("Found unexpected missing metadata"). So every own key is copied, whichever decorator ran first.
// Only the class's own (constructor-level) keys: metadata on properties and methods is reached through
// the prototype chain, which the wrapper shares.
function copyOwnMetadata(from: Callable, to: Callable): void {
  const api = Reflect as unknown as MetadataApi;
  if (typeof api.getOwnMetadataKeys !== 'function' || typeof api.getOwnMetadata !== 'function' || typeof api.defineMetadata !== 'function') return;
  for (const key of api.getOwnMetadataKeys(from)) api.defineMetadata(key, api.getOwnMetadata(key, from), to);
}

/** Who registered a tracking wrapper: what turns a record back into a spec. */
export interface Tracker<R, E> {
  readonly registry: R;
  readonly entry: E;
  /**
   * What the writer works out once per registration of the class (`asdict`'s plan for its
   * instances), kept here so that a class registered again starts afresh.
   */
  plan: unknown;
}

/** Tells a tracking wrapper which registration it belongs to (after the registry accepted it). */
export function bindTracker<R, E>(wrapper: Callable, tracker: Pick<Tracker<R, E>, 'registry' | 'entry'>): void {
  const own: Tracker<R, E> = { registry: tracker.registry, entry: tracker.entry, plan: undefined };
  Object.defineProperty(wrapper.prototype as object, TRACKER, { value: own, configurable: true });
}

/** The construction arguments recorded on a tracked instance (of any copy of the package), or `undefined`. */
export function recordOf(value: object): readonly unknown[] | undefined {
  // This copy's record directly (the getter reads the same, a call later); another copy's through its getter.
  const own = Recorder.read(value);
  if (own !== undefined) return own;
  const args = (value as Record<symbol, unknown>)[RECORD];
  return Array.isArray(args) ? args : undefined;
}

/** Who registered a tracked instance's class, or `undefined`. */
export function trackerOf<R, E>(value: object): Tracker<R, E> | undefined {
  return (value as Record<symbol, unknown>)[TRACKER] as Tracker<R, E> | undefined;
}

/** A tracked instance's registration and construction arguments, or `undefined` when it has none. */
export function trackedRecord<R, E>(value: object): { tracker: Tracker<R, E>; args: readonly unknown[] } | undefined {
  const args = recordOf(value);
  if (args === undefined) return undefined;
  const tracker = trackerOf<R, E>(value);
  return tracker === undefined ? undefined : { tracker, args };
}

/**
 * The class a tracking wrapper stands for (its parameters and source), or `fn` itself. A class
 * decorated twice (into two registries) is a wrapper of a wrapper: this is the class as written.
 */
export function unwrap(fn: Callable): Callable {
  let original = fn;
  for (;;) {
    const inner = links.originals.get(original);
    if (inner === undefined) return original;
    original = inner;
  }
}

/** The tracking wrapper of a decorated class, or the class itself: the receiver of static methods. */
export function wrapperOf(cls: Callable): Callable {
  return links.wrappers.get(cls) ?? cls;
}
