/**
 * Binders: what `instantiate` works out once per registered target and reuses for every spec of it
 * — where each keyword goes, which values are type-checked, what a call leaves missing, which
 * parameters are autowired, how the argument list is laid out. A config holds hundreds of specs of
 * the same few targets written with the same few sets of keys: each set (a *shape*) is checked and
 * laid out the first time it is met, and later specs of that shape only compare their key lists.
 *
 * A binder is cached per registry record (a `WeakMap` keyed by the `RegisteredTarget`): registering a
 * target again makes a new record, so its binder is made afresh.
 */
import { bindSlots, completeCall, layoutKeywords, placeKeywords, type KeywordLayout } from './binding.js';
import { RECURSIVE } from './dict-keys.js';
import { ConfigSpecError } from './errors.js';
import { unboundInjections, type Injection } from './injection.js';
import { isAllowed } from './names.js';
import { formatPath, type PathNode } from './path.js';
import type { RegisteredTarget, Registry } from './registry.js';
import { typesFor, type ArgumentTypes } from './value-check.js';
import { inferredType, type ValueType, type ValueTypes } from './value-types.js';
import type { Parameter, Signature } from './signature.js';

/**
 * One set of keywords (and count of positional arguments) of specs of one target, checked against
 * its parameters and laid out.
 * @internal
 */
export class Shape {
  /** The keyword names in the order they are built, each with its parameter (or the options object). */
  readonly layout: KeywordLayout;
  /** The first `flatCount` keywords are read from the spec dict itself, the rest from its `kwargs`. */
  readonly flatCount: number;
  /** How many positional arguments are bound. */
  readonly argCount: number;
  /**
   * Where each keyword read from the object itself (the first `flatCount`) is among that object's
   * own values (`Object.values` of the spec dict, or of a Spec's kwargs).
   */
  readonly positions: readonly number[];
  /** For the shape of a spec dict: where its `called` and `__recursive__` are among its values, or -1. */
  readonly calledAt: number;
  readonly recursiveAt: number;
  /** For the shape of a spec dict: whether it has `args`. */
  readonly hasArgs: boolean;
  /** What a call of this shape needs: found the first time a called spec of it is checked. */
  call: CallShape | undefined;
  /** Its values' types: found the first time a spec of it is checked; `null` when none is typed. */
  checks: ShapeChecks | null | undefined;

  constructor(layout: KeywordLayout, flatCount: number, argCount: number, dictKeys: readonly string[] | undefined) {
    this.layout = layout;
    this.flatCount = flatCount;
    this.argCount = argCount;
    if (dictKeys === undefined) {
      // A Spec's kwargs: every keyword is flattened, in order, and there are no reserved keys.
      this.positions = identityPositions(flatCount);
      this.calledAt = -1;
      this.recursiveAt = -1;
      this.hasArgs = false;
    } else {
      const index = new Map<string, number>();
      for (let i = 0; i < dictKeys.length; i++) index.set(dictKeys[i] as string, i);
      const positions = new Array<number>(flatCount);
      for (let k = 0; k < flatCount; k++) positions[k] = index.get(layout.keys[k] as string) ?? -1;
      this.positions = positions;
      this.calledAt = index.get('called') ?? -1;
      this.recursiveAt = index.get(RECURSIVE) ?? -1;
      this.hasArgs = index.has('args');
    }
    this.call = undefined;
    this.checks = undefined;
  }
}

// `[0, 1, …, n - 1]`, shared by every spec shape with n keywords (kept for up to 64 keywords): one
// array fewer kept per target, which a fresh process registering many classes feels (issue 10).
const IDENTITIES: (readonly number[] | undefined)[] = [];
function identityPositions(n: number): readonly number[] {
  let positions = n < 64 ? IDENTITIES[n] : undefined;
  if (positions === undefined) {
    const made = new Array<number>(n);
    for (let k = 0; k < n; k++) made[k] = k;
    positions = Object.freeze(made);
    if (n < 64) IDENTITIES[n] = positions;
  }
  return positions;
}

/**
 * The types the values of one {@link Shape} are checked against: by position for the positional
 * arguments, by keyword in the order of the shape's keys.
 * @internal
 */
export type ShapeChecks = ArgumentTypes;

/**
 * What a call of one {@link Shape} needs besides its values.
 * @internal
 */
export interface CallShape {
  /** The parameters it autowires (nothing binds them). */
  readonly injections: readonly Injection[];
  /**
   * What it leaves unbound (`MISSING_PARAMETER`), autowired parameters aside: `undefined` when
   * nothing is, or when that depends on the values (see `valuesDecideMissing`).
   */
  readonly missing: { readonly detail: string; readonly names: readonly string[] } | undefined;
  /** True when whether it misses a parameter depends on the values (an options object with required keys). */
  readonly valuesDecideMissing: boolean;
  /**
   * The length of its argument list when laid out directly by {@link layOutCall} (every keyword
   * bound to a plain positional parameter, nothing autowired); `-1` when the general binding is needed.
   */
  readonly callLength: number;
}

// Few shapes per target in practice (a layer with and without its optional keywords); a config with
// more keeps the most recent ones.
const MAX_SHAPES = 8;

interface CachedShape {
  readonly keys: readonly string[];
  readonly argCount: number;
  readonly shape: Shape;
}

/**
 * The plan for building specs of one registered target.
 * @internal
 */
export class Binder {
  readonly entry: RegisteredTarget;
  readonly registry: Registry;
  // Shapes by the own keys of the object the keywords are read from: spec dicts (whose keys include
  // the reserved ones) and Spec objects' kwargs are cached apart, since the same key list means
  // different keywords in each.
  // Made by the first shape remembered, as a one-element list: most targets meet one shape, and an
  // empty list grown by push would keep room for seventeen.
  #dictShapes: CachedShape[] | undefined;
  #specShapes: CachedShape[] | undefined;
  #types: ValueTypes | null | undefined;
  #allow: readonly string[] | undefined;
  #allowed = false;

  constructor(registry: Registry, entry: RegisteredTarget) {
    this.registry = registry;
    this.entry = entry;
  }

  /**
   * The shape cached for the keys `keys` of a spec dict (`dict: true`) or of a Spec's kwargs, with
   * `argCount` positional arguments; `undefined` when that set has not been met yet.
   */
  cached(keys: readonly string[], argCount: number, dict: boolean): Shape | undefined {
    const list = dict ? this.#dictShapes : this.#specShapes;
    if (list !== undefined) for (const cached of list) if (cached.argCount === argCount && sameKeys(cached.keys, keys)) return cached.shape;
    return undefined;
  }

  /** True once a shape of a Spec's kwargs has been remembered: a spec of this target was made before. */
  get metSpec(): boolean {
    return this.#specShapes !== undefined;
  }

  /** Caches `shape` for the keys `keys` (see {@link cached}). */
  remember(keys: readonly string[], argCount: number, dict: boolean, shape: Shape): void {
    const list = dict ? this.#dictShapes : this.#specShapes;
    const cached: CachedShape = { keys, argCount, shape };
    if (list === undefined) {
      if (dict) this.#dictShapes = [cached];
      else this.#specShapes = [cached];
      return;
    }
    if (list.length >= MAX_SHAPES) list.shift();
    list.push(cached);
  }

  /**
   * Checks keywords `keywords` (in build order; the first `flatCount` flattened in the dict whose
   * keys are `dictKeys`, if it is one) with `argCount` positional arguments against the target's
   * parameters, and lays them out.
   * @throws ConfigSpecError `UNKNOWN_PARAMETER` (with the closest name), `INVALID_SPEC_DICT` for a
   *   position bound twice, `SIGNATURE_UNAVAILABLE`, at `path`
   */
  shape(keywords: readonly string[], flatCount: number, argCount: number, dictKeys: readonly string[] | undefined, path: PathNode | undefined): Shape {
    return new Shape(layoutKeywords(this.registry, this.entry, argCount, keywords, path), flatCount, argCount, dictKeys);
  }

  /**
   * What a call of `shape` needs, worked out the first time.
   * @throws ConfigSpecError `INVALID_REGISTRATION` or `UNKNOWN_TARGET` for a bad `inject`, at `path`
   */
  callShape(shape: Shape, path: PathNode | undefined): CallShape {
    if (shape.call !== undefined) return shape.call;
    const { registry, entry } = this;
    const { layout, argCount } = shape;
    const injections = unboundInjections(registry, entry, layout, argCount, path);
    const signature = layout.signature;
    const valuesDecideMissing = signature !== undefined && signature.requiredOptionKeys.length > 0;
    let missing: CallShape['missing'];
    if (!valuesDecideMissing) {
      // A trial call with every bound position holding a value: what it misses, any call misses.
      let plan = placeKeywords(entry, layout, new Array<unknown>(argCount).fill(null), new Array<unknown>(layout.keys.length).fill(null), path);
      if (injections.length > 0) plan = bindSlots(plan, injections.map((injection) => injection.index), injections.map(() => null));
      try {
        completeCall(plan, []);
      } catch (error) {
        if (!(error instanceof ConfigSpecError) || error.code !== 'MISSING_PARAMETER') throw error;
        missing = { detail: error.detail, names: error.missing ?? [] };
      }
    }
    let callLength = -1;
    if (signature !== undefined && signature.optionsIndex < 0 && signature.restIndex < 0 && argCount <= signature.params.length && injections.length === 0) {
      callLength = argCount;
      for (const slot of layout.slotOf) if (slot + 1 > callLength) callLength = slot + 1;
    }
    shape.call = { injections, missing, valuesDecideMissing, callLength };
    return shape.call;
  }

  /**
   * The parameter types values are checked against; `undefined` when nothing is checked.
   * @throws ConfigSpecError `INVALID_REGISTRATION` (a `schema` naming no parameter), at `path`
   */
  types(path: PathNode | undefined): ValueTypes | undefined {
    if (this.#types === undefined) this.#types = typesFor(this.registry, this.entry, path) ?? null;
    return this.#types ?? undefined;
  }

  /**
   * The types the values of a spec of `shape` are checked against; `undefined` when none is typed.
   * @throws ConfigSpecError as {@link types}
   */
  checks(shape: Shape, path: PathNode | undefined): ShapeChecks | undefined {
    if (shape.checks === undefined) shape.checks = this.#shapeChecks(shape, path);
    return shape.checks ?? undefined;
  }

  #shapeChecks(shape: Shape, path: PathNode | undefined): ShapeChecks | null {
    const { signature } = shape.layout;
    if (signature === undefined) return null;
    // Without `schema` validators the types come from the parameters alone: read here for the
    // shape's keys, without making the target's whole table of types (which the first spec of
    // each of many classes would make only for this, issue 10).
    if (this.entry.schema === undefined) {
      if (typeof (this.registry as Partial<Registry>).typesOf !== 'function') return null;
      return typedChecks(shape, { signature, infer: this.entry.infer });
    }
    const types = this.types(path);
    return types === undefined ? null : typedChecks(shape, types);
  }

  /** Whether the `allow` list admits this target (remembered for the last list asked about). */
  allowedBy(allow: readonly string[]): boolean {
    if (allow !== this.#allow) {
      this.#allowed = isAllowed(this.entry.name, allow);
      this.#allow = allow;
    }
    return this.#allowed;
  }
}

// Where a shape's value types come from: the target's table of types, or (a target without `schema`)
// its parameters' inferred types, read for the shape's keys only.
type TypeSource = ValueTypes | { readonly signature: Signature; readonly infer: boolean };

// The type of positional argument `index` (`index` may be past the parameters) or of keyword `key`.
// Plain functions of the source, not closures: the first spec of each target runs this cold.
function argType(source: TypeSource, index: number): ValueType | undefined {
  if ('byKey' in source) return source.params[index];
  const param = source.signature.params[index];
  return param === undefined ? undefined : inferredType(param, source.infer);
}

function keywordType(source: TypeSource, key: string): ValueType | undefined {
  if ('byKey' in source) return source.byKey.get(key);
  const index = source.signature.byName.get(key);
  return index === undefined ? undefined : inferredType(source.signature.params[index] as Parameter, source.infer);
}

// The checks of `shape` from `source`; `null` when none of its values is typed. Loops, not
// slice/map/some with callbacks: the first spec of each target runs this cold.
function typedChecks(shape: Shape, source: TypeSource): ShapeChecks | null {
  let typed = false;
  const params = 'byKey' in source ? source.params.length : source.signature.params.length;
  const args = new Array<ValueType | undefined>(Math.min(shape.argCount, params));
  for (let i = 0; i < args.length; i++) {
    const type = argType(source, i);
    if (type !== undefined) typed = true;
    args[i] = type;
  }
  const { keys } = shape.layout;
  const keywords = new Array<ValueType | undefined>(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const type = keywordType(source, keys[k] as string);
    if (type !== undefined) typed = true;
    keywords[k] = type;
  }
  return typed ? { args, keywords } : null;
}

const binders = new WeakMap<RegisteredTarget, Binder>();

/**
 * The binder of `entry`, a record of `registry`, made the first time it is asked for.
 * @internal
 */
export function binderOf(registry: Registry, entry: RegisteredTarget): Binder {
  let binder = binders.get(entry);
  // (A record belongs to one registry; a caller passing another gets a binder of its own.)
  if (binder?.registry !== registry) {
    binder = new Binder(registry, entry);
    binders.set(entry, binder);
  }
  return binder;
}

/**
 * The shape of a `Spec` of `binder`'s target with keyword names `keys` (a Spec's kwargs: all
 * flattened) and `argCount` positional arguments: the cached one, else checked and laid out now.
 * @throws ConfigSpecError as {@link Binder.shape}
 * @internal
 */
export function specShape(binder: Binder, keys: readonly string[], argCount: number, path: PathNode | undefined): Shape {
  let shape = binder.cached(keys, argCount, false);
  if (shape === undefined) {
    shape = binder.shape(keys, keys.length, argCount, undefined, path);
    binder.remember(keys, argCount, false, shape);
  }
  return shape;
}

/**
 * The argument list of a call of `shape` (one whose {@link CallShape.callLength} is not `-1`): `args`
 * from the left, each keyword value at its parameter's position.
 * @internal
 */
export function layOutCall(shape: Shape, call: CallShape, args: readonly unknown[], values: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(call.callLength);
  // Filled in order, so the list stays packed (positions nothing binds hold undefined, as a call
  // that leaves them out would).
  for (let i = 0; i < out.length; i++) out[i] = i < args.length ? args[i] : undefined;
  const { slotOf } = shape.layout;
  for (let k = 0; k < slotOf.length; k++) out[slotOf[k] as number] = values[k];
  return out;
}

/**
 * The `MISSING_PARAMETER` error of a call of `binder`'s target that misses `missing`, at `path`.
 * @internal
 */
export function missingError(binder: Binder, missing: NonNullable<CallShape['missing']>, path: PathNode | undefined): ConfigSpecError {
  return new ConfigSpecError('MISSING_PARAMETER', missing.detail, { path: formatPath(path), target: binder.entry.name, missing: [...missing.names] });
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
