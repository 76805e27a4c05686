/**
 * `Spec`: an immutable description of a call to a registered target: which target, with which
 * positional and keyword arguments, and whether it is called or left partial.
 */
import { describeValue, INSPECT_CUSTOM } from './describe-value.js';
import { binderOf, specShape } from './binder.js';
import { keywordPath, protoKeyError } from './dict-keys.js';
import { ConfigSpecError, guardedError, guardInput, type ErrorCode } from './errors.js';
import { formatPath, type PathNode } from './path.js';
import { defaultRegistry, lookupAt, registryOption, type Registry } from './registry.js';
import { checkArguments, checkContext } from './value-check.js';
import { trackedRecord } from './tracking.js';
import { hasSpecBrand, SPEC_BRAND } from './spec-brand.js';

// Registered symbols, so specs made by another copy of the package are recognised too.
const SPEC_REGISTRY = Symbol.for('config-spec.spec.registry');

/**
 * A class or function whose call produces an `R`. `P` is its parameter list, which `new Spec(target)`
 * infers to check keyword arguments; the default `never` accepts any class or function.
 */
export type Target<R = unknown, P extends unknown[] = never> = (abstract new (...args: P) => R) | ((...args: P) => R);

/** What a spec builds into: the result when called, else a function that finishes the call. */
export type Built<R, C extends boolean> = C extends true ? R : (...args: unknown[]) => R;

/** The third argument of `new Spec(...)`. */
export interface SpecOptions<C extends boolean = boolean> {
  /** Positional arguments, bound from the left. */
  readonly args?: readonly unknown[];
  /** `true` for a call (`Adam(...)`), `false` (default) for a partial. */
  readonly called?: C;
  /** `false` passes this spec's argument specs to the target unbuilt. Default `true`. */
  readonly recursive?: boolean;
  /** The registry that resolves the target; default `defaultRegistry`. */
  readonly registry?: Registry;
}

/** Keyword arguments of a spec, untyped: any names, any values. */
export type Kwargs = Readonly<Record<string, unknown>>;

/**
 * A value that builds into a `T` when it is an argument of a spec: a `T` itself, a called spec of
 * one, a partial spec when `T` is a function, a spec dict, or an array or object of such values.
 */
export type Buildable<T> = unknown extends T
  ? T
  : T extends null | undefined
    ? T
    :
        | T
        | Spec<T, true>
        | SpecDict
        | (T extends (...args: never) => infer X ? Spec<X> : never)
        | (T extends ((...args: never) => unknown) | (abstract new (...args: never) => unknown)
            ? never
            : T extends object
              ? { readonly [K in keyof T]: Buildable<T[K]> }
              : never);

/**
 * The keyword arguments a target with parameter list `P` takes, as far as TypeScript can know them:
 * it knows the parameters' types but not their names. So:
 * - no parameters: no keywords;
 * - a single parameter that is an object (an options object, such as a destructured
 *   `{ width, depth }: ModelOptions`): its keys, each with a value that builds into the key's type;
 * - a single parameter of another type: any name, with a value that builds into that type;
 * - anything else (several parameters, or `P` unknown): any names and values, checked at run time
 *   (`UNKNOWN_PARAMETER`).
 *
 * The whole options object bound by its parameter's name is the other form, {@link ParameterKwargs}.
 */
export type KwargsOf<P extends unknown[]> = [P] extends [never]
  ? Kwargs
  : P extends []
    ? Readonly<Record<string, never>>
    : P extends [(infer O)?]
      ? unknown extends O
        ? ParameterKwargs<P>
        : [NonNullable<O>] extends [object]
          ? [Extract<NonNullable<O>, ((...args: never) => unknown) | (abstract new (...args: never) => unknown) | readonly unknown[]>] extends [never]
            ? { readonly [K in keyof NonNullable<O>]?: Buildable<NonNullable<O>[K]> | undefined }
            : ParameterKwargs<P>
          : ParameterKwargs<P>
      : Kwargs;

/**
 * The other form of keyword arguments for a target with a single parameter: that parameter bound
 * whole by its name (which TypeScript does not know, so any name), `{ options: { width: 3 } }`.
 * `never` for other parameter lists.
 */
export type ParameterKwargs<P extends unknown[]> = [P] extends [never]
  ? never
  : P extends []
    ? never
    : P extends [(infer O)?]
      ? Readonly<Record<string, Buildable<O> | undefined>>
      : never;

/** The dense dict of one spec, as `toDict` writes it. */
export interface SpecDict {
  /** The target name, `"optim:Adam"`. */
  target: string;
  /** The marker that makes an object a spec dict. */
  __dense_spec__: true;
  [key: string]: unknown;
}

/** Options of the static tree functions `Spec.fromDict`/`Spec.instantiate`/`asdict`. */
export interface TreeOptions {
  /** The registry that resolves targets; default `defaultRegistry`. */
  readonly registry?: Registry;
}

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

/**
 * The operations `Spec`'s building, reading and writing methods delegate to. They live in the layer
 * above (they make and walk Specs), so this module cannot import them: methods.ts installs them when
 * the package is loaded, the way zod's classic layer attaches methods to its core types.
 * @internal
 */
export interface SpecOperations {
  /** `instantiateTree` (instantiate.ts). */
  readonly instantiate: (tree: unknown, options: InstantiateOptions) => unknown;
  /** `instantiateTreeAsync` (instantiate.ts). */
  readonly instantiateAsync: (tree: unknown, options: InstantiateOptions) => Promise<unknown>;
  /** `fromDictTree` (reader.ts). */
  readonly fromDict: (tree: unknown, registry: Registry) => unknown;
  /** `asdict` (asdict.ts). */
  readonly asdict: (value: unknown, options: TreeOptions) => unknown;
}

let operations: SpecOperations | undefined;

/**
 * Installs the operations `Spec`'s methods delegate to (once, from methods.ts).
 * @internal
 */
export function installSpecOperations(installed: SpecOperations): void {
  operations = installed;
}

function ops(): SpecOperations {
  // Only a program importing src/spec.js alone, past the package's entry point, can get here.
  if (operations === undefined) throw new Error('config-spec: Spec\'s operations are not installed; import the package (its index), not spec.js alone');
  return operations;
}

/**
 * A description of a call: `new Spec(Adam, { lr: 1e-3 })` is "Adam with lr=0.001", not yet called.
 * Immutable: its own fields are frozen and every method returns a new Spec. Its target and keyword
 * names are checked when it is created.
 * @typeParam R what the target returns (its instances for a class); `unknown` for a spec made from
 *   a name or read from a dict, unless given
 * @typeParam C `true` for a called spec, which builds to an `R`; `false` for a partial one, which
 *   builds to a function returning an `R`
 * @typeParam P the target's parameter list, inferred by the constructor to type the keyword
 *   arguments ({@link KwargsOf}); `never` when unknown
 */
export class Spec<R = unknown, C extends boolean = false, P extends unknown[] = never> {
  /** The canonical target name, `"optim:Adam"`. */
  declare readonly target: string;
  /** Positional arguments, from the left. */
  declare readonly args: readonly unknown[];
  /** Keyword arguments, in insertion order. */
  declare readonly kwargs: Kwargs;
  /** `true` for a call, `false` for a partial. */
  declare readonly called: C;
  /** `false` when this spec's argument specs are passed to the target unbuilt. */
  declare readonly recursive: boolean;

  /**
   * The spec of a target with a single parameter, that parameter bound whole by its name:
   * `new Spec(Layer, { options: { units: 3 } })`. Otherwise as the next form. (It comes first so
   * that a misspelt option is reported against the next form, which names the valid keys.)
   * @param target a registered function or class
   * @param kwargs the single parameter, by name
   * @param options positional `args`, `called`, `recursive`, `registry`
   * @throws ConfigSpecError as the next form
   */
  constructor(target: Target<R, P>, kwargs: ParameterKwargs<P>, options?: SpecOptions<C>);
  /**
   * A spec of `target` with keyword arguments `kwargs`: partial unless `options.called` is `true`.
   * `R`, the result type, and `P`, the parameter list, are inferred from `target`; keyword names
   * and values are checked as {@link KwargsOf} describes. A registered name gives a `Spec<unknown>`
   * unless `R` is given: `new Spec<Adam>('optim:Adam')`.
   * @param target a registered function or class, or a registered name (aliases resolve to the canonical name)
   * @param kwargs keyword arguments; `undefined` values are dropped
   * @param options positional `args`, `called`, `recursive`, `registry`
   * @throws ConfigSpecError `UNKNOWN_TARGET` (with the closest name), `UNKNOWN_PARAMETER` (with the
   *   valid names and the closest one), `INVALID_SPEC_DICT` for a position bound twice or a bad option,
   *   `SIGNATURE_UNAVAILABLE` for keywords on a target whose parameter names are unknown
   */
  constructor(target: Target<R, P> | string, kwargs?: KwargsOf<P>, options?: SpecOptions<C>);
  constructor(target: Target<R, P> | string, kwargs: Kwargs = {}, options: SpecOptions<C> = {}) {
    // Checked although typed: JavaScript callers can pass anything.
    if (typeof options !== 'object' || (options as unknown) === null) {
      throw new ConfigSpecError('INVALID_SPEC_DICT', 'the options of new Spec() must be an object');
    }
    const registry = registryOption(options, 'INVALID_SPEC_DICT', 'new Spec()') ?? defaultRegistry;
    // A `try` of its own rather than guardInput's closure: cold code, once per class (issue 10).
    try {
      initSpec(this, { registry, target, args: options.args ?? NO_ARGS, kwargs, called: options.called ?? false, recursive: options.recursive ?? true, path: undefined });
    } catch (error) {
      throw guardedError('INVALID_SPEC_DICT', 'the arguments of new Spec()', error);
    }
  }

  /**
   * {@link partial} with the single parameter bound whole by its name, as in the constructor.
   * @throws ConfigSpecError `INVALID_OVERRIDE` on a called spec, or any error of `new Spec`
   */
  partial(kwargs: ParameterKwargs<P>, ...args: unknown[]): Spec<R, C, P>;
  /**
   * A new partial spec with more keyword arguments (merged over these; `undefined` removes one) and
   * more positional arguments (appended). Python's `spec.partial`.
   * @throws ConfigSpecError `INVALID_OVERRIDE` on a called spec, or any error of `new Spec`
   */
  partial(kwargs?: KwargsOf<P>, ...args: unknown[]): Spec<R, C, P>;
  partial(kwargs: Kwargs = {}, ...args: unknown[]): Spec<R, C, P> {
    return guardInput('INVALID_OVERRIDE', 'the arguments of .partial()', () => extendSpec(this, { method: 'partial', kwargs, args, called: this.called })) as Spec<R, C, P>;
  }

  /**
   * {@link call} with the single parameter bound whole by its name, as in the constructor.
   * @throws ConfigSpecError `INVALID_OVERRIDE` on a called spec, or any error of `new Spec`
   */
  call(kwargs: ParameterKwargs<P>, ...args: unknown[]): Spec<R, true, P>;
  /**
   * A new called spec with more keyword and positional arguments, as {@link partial}. Python's `spec(...)`.
   * @throws ConfigSpecError `INVALID_OVERRIDE` on a called spec, or any error of `new Spec`
   */
  call(kwargs?: KwargsOf<P>, ...args: unknown[]): Spec<R, true, P>;
  call(kwargs: Kwargs = {}, ...args: unknown[]): Spec<R, true, P> {
    return guardInput('INVALID_OVERRIDE', 'the arguments of .call()', () => extendSpec(this, { method: 'call', kwargs, args, called: true })) as Spec<R, true, P>;
  }

  /**
   * Builds this spec: the call's result when called (a `Spec<R, true>` gives an `R`), else a function
   * that finishes the call and returns an `R`. Argument specs and spec dicts are built first, each
   * shared one once.
   * @throws ConfigSpecError `INSTANTIATION_FAILED` (the target threw; `cause` is its error),
   *   `TARGET_NOT_ALLOWED`, `MISSING_PARAMETER`, `CYCLE`, `TOO_DEEP`, the errors of reading spec dicts
   *   among its arguments (`INVALID_SPEC_DICT`, `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`), all with the
   *   path; `INVALID_OVERRIDE` for malformed `options`
   */
  instantiate(options: InstantiateOptions = {}): Built<R, C> {
    return ops().instantiate(this, options) as Built<R, C>;
  }

  /**
   * {@link instantiate} for targets that return Promises (async factories): each such result is
   * awaited before the spec that uses it is built; independent ones are in flight at once.
   * @throws ConfigSpecError (as a rejection) every error of {@link instantiate}; a target's rejection is
   *   `INSTANTIATION_FAILED` with its path and the reason as `cause`
   */
  instantiateAsync(options: InstantiateOptions = {}): Promise<Awaited<Built<R, C>>> {
    return ops().instantiateAsync(this, options) as Promise<Awaited<Built<R, C>>>;
  }

  /**
   * The dense dict of this spec (plain JSON data).
   * @throws ConfigSpecError `NOT_SERIALIZABLE` when an argument has no JSON form
   */
  toDict(): SpecDict {
    return ops().asdict(this, { registry: registryOf(this) }) as SpecDict;
  }

  /**
   * Same as {@link toDict}, so `JSON.stringify(spec)` writes the dense dict.
   * @throws ConfigSpecError `NOT_SERIALIZABLE` when an argument has no JSON form
   */
  toJSON(): SpecDict {
    return this.toDict();
  }

  /** `<Spec: partial(optim:Adam, lr=0.001)>` or `<Spec: optim:Adam(lr=0.001)>`. */
  toString(): string {
    return `<Spec: ${describeSpec(this)}>`;
  }

  /**
   * Node's `util.inspect` and `console.log` show {@link toString} (through the registered symbol
   * `Symbol.for('nodejs.util.inspect.custom')`, so no Node module is imported).
   */
  [INSPECT_CUSTOM](): string {
    return this.toString();
  }

  /**
   * Every spec dict in a nested tree → a `Spec`; the rest is copied into new containers.
   * @throws ConfigSpecError `INVALID_SPEC_DICT`, `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`, `CYCLE`, `TOO_DEEP`, with the path;
   *   `INVALID_OVERRIDE` for malformed `options`
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unnecessary-type-parameters -- JSON-like data, any unless narrowed, as JSON.parse (DESIGN §2)
  static fromDict<T = any>(tree: unknown, options: TreeOptions = {}): T {
    return ops().fromDict(tree, registryOption(options, 'INVALID_OVERRIDE', 'Spec.fromDict') ?? defaultRegistry) as T;
  }

  /**
   * Every `Spec` or spec dict in a nested tree → its built value; plain containers are rebuilt,
   * everything else passes through.
   * @throws ConfigSpecError `INSTANTIATION_FAILED` (a target threw; `cause` is its error),
   *   `TARGET_NOT_ALLOWED`, `MISSING_PARAMETER`, and every error of {@link Spec.fromDict}, with the path;
   *   `INVALID_OVERRIDE` for malformed `options` (`allow` not an array of strings, …)
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unnecessary-type-parameters -- JSON-like data, any unless narrowed, as JSON.parse (DESIGN §2)
  static instantiate<T = any>(tree: unknown, options: InstantiateOptions = {}): T {
    return ops().instantiate(tree, options) as T;
  }

  /**
   * The spec that rebuilds a tracked instance (of a class decorated with `@configurable()`): called,
   * with its construction arguments by name; a partial when the class declares `runtime` parameters,
   * which are left out. Nested tracked instances, partials and registered functions become nested
   * specs, shared where the instance shares them.
   *
   * Typed as a called spec, so `Spec.fromInstance(model).instantiate()` is a `Model`. Types cannot
   * see a registration's `runtime` option: for such a class say that the spec is a partial,
   * `Spec.fromInstance<Adam, false>(adam)`, whose `instantiate()` is a function returning an `Adam`.
   * @typeParam R the instance's type
   * @typeParam C whether the spec is called: `true` unless the class declares `runtime` parameters
   * @throws ConfigSpecError `NOT_SERIALIZABLE` when `instance` is not tracked, or an argument has no JSON form
   */
  static fromInstance<R extends object, C extends boolean = true>(instance: R): Spec<R, C> {
    const record = typeof instance === 'object' && (instance as unknown) !== null
      ? guardInput('NOT_SERIALIZABLE', 'the instance', () => trackedRecord<Registry, unknown>(instance))
      : undefined;
    if (record === undefined) {
      throw new ConfigSpecError('NOT_SERIALIZABLE', 'this value is not a tracked instance: only instances of classes decorated with @configurable() (without track: false) remember their arguments');
    }
    const { registry } = record.tracker;
    const { fromDict, asdict } = ops();
    return fromDict(asdict(instance, { registry }), registry) as Spec<R, C>;
  }

  /**
   * {@link Spec.instantiate} for trees whose targets return Promises: each such result is awaited
   * before the spec that uses it is built, and independent ones are in flight at the same time.
   * @throws ConfigSpecError (as a rejection) every error of {@link Spec.instantiate}; a target's
   *   rejection is `INSTANTIATION_FAILED` with its path and the reason as `cause`
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON-like data, any unless narrowed, as JSON.parse (DESIGN §2)
  static instantiateAsync<T = any>(tree: unknown, options: InstantiateOptions = {}): Promise<T> {
    return ops().instantiateAsync(tree, options) as Promise<T>;
  }

  /**
   * The same as {@link Spec.instantiateAsync}, under the name of its sync twin.
   * @throws ConfigSpecError (as a rejection) as {@link Spec.instantiateAsync}
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON-like data, any unless narrowed, as JSON.parse (DESIGN §2)
  static instantiateFromDictAsync<T = any>(tree: unknown, options: InstantiateOptions = {}): Promise<T> {
    return ops().instantiateAsync(tree, options) as Promise<T>;
  }

  /**
   * The same as {@link Spec.instantiate}, under the Python seed's name.
   * @throws ConfigSpecError as {@link Spec.instantiate}
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unnecessary-type-parameters -- JSON-like data, any unless narrowed, as JSON.parse (DESIGN §2)
  static instantiateFromDict<T = any>(tree: unknown, options: InstantiateOptions = {}): T {
    return ops().instantiate(tree, options) as T;
  }
}

Object.defineProperty(Spec.prototype, SPEC_BRAND, { value: true });

// Most specs bind keywords only: they share one frozen empty argument list.
const NO_ARGS: readonly unknown[] = Object.freeze([]);

// Makes the specs read from dicts and returned by methods: objects of Spec.prototype, as
// Object.create(Spec.prototype) would, but with room for all five fields in the object itself
// (Object.create's objects hold four, and put the fifth in a separate array).
function SpecObject(): void {
  // Fields are set by initSpec.
}
SpecObject.prototype = Spec.prototype;

// A module function, not a `#private` method: specs made by `new SpecObject()` (read from
// dicts, or returned by `.partial()`) carry no private brand, so `this.#x` would throw a TypeError.
function extendSpec(spec: Spec<unknown, boolean>, more: { readonly method: string; readonly kwargs: Kwargs; readonly args: readonly unknown[]; readonly called: boolean }): Spec<unknown, boolean> {
  const { method, kwargs, args, called } = more;
  if (spec.called) {
    throw new ConfigSpecError('INVALID_OVERRIDE', `.${method}() on a called spec: ${spec.toString()} is already a call; make it from the partial spec`, { target: spec.target });
  }
  if (typeof kwargs !== 'object' || (kwargs as unknown) === null || Array.isArray(kwargs)) {
    throw new ConfigSpecError('INVALID_OVERRIDE', `.${method}() takes keyword arguments as an object first`, { target: spec.target });
  }
  const merged: Record<string, unknown> = {};
  copyKeywords(merged, spec.kwargs);
  copyKeywords(merged, kwargs, spec.target);
  // Both containers are fresh and merged holds no undefined or __proto__: the new spec takes them.
  return createSpec({ registry: registryOf(spec), target: spec.target, args: [...spec.args, ...args], kwargs: merged, called, recursive: spec.recursive, path: undefined, owned: true });
}

/** True when `value` is a {@link Spec} from any copy of the package. */
export function isSpec(value: unknown): value is Spec<unknown, boolean> {
  return hasSpecBrand(value);
}

/** The registry a spec was created against. */
export function registryOf(spec: Spec<unknown, boolean>): Registry {
  return ((spec as unknown as Record<symbol, unknown>)[SPEC_REGISTRY] as Registry | undefined) ?? defaultRegistry;
}

/**
 * What a spec is made of, for {@link createSpec}: the target and its arguments, and how far they are
 * checked. Named, because half of them are flags.
 * @internal
 */
export interface SpecParts {
  /** The registry that resolves `target` (recorded on the spec unless it is the default one). */
  readonly registry: Registry;
  /** A registered function or class, or a registered name (aliases resolve to the canonical one). */
  readonly target: Target | string;
  /** Positional arguments. */
  readonly args: readonly unknown[];
  /** Keyword arguments; `undefined` values are dropped. */
  readonly kwargs: Kwargs;
  /** `true` for a call, `false` for a partial. */
  readonly called: boolean;
  /** `false` passes the spec's argument specs to the target unbuilt. */
  readonly recursive: boolean;
  /** Where the spec is in its tree: errors carry it (formatted only on failure). */
  readonly path: PathNode | undefined;
  /**
   * `args` and `kwargs` are fresh containers nobody else holds, `kwargs` without `undefined` values
   * or a `__proto__` key: the spec takes (and freezes) them instead of copying. Default `false`.
   */
  readonly owned?: boolean;
  /**
   * `false` leaves the keyword names unchecked against the target's parameters, for a caller that
   * checks them before the spec is used. Default `true`.
   */
  readonly check?: boolean;
  /**
   * `false` leaves the values unchecked (an instance's record: what was done, written as it is).
   * Default: as `check`.
   */
  readonly checkValues?: boolean;
}

/**
 * Creates a spec read from a dict, or one `.partial()`/`.call()`/autowiring made.
 * @throws ConfigSpecError as `new Spec`, at `parts.path`
 * @internal
 */
export function createSpec(parts: SpecParts): Spec<unknown, boolean> {
  const spec = new (SpecObject as unknown as new () => Spec<unknown, boolean>)();
  initSpec(spec, parts);
  return spec;
}

function initSpec(spec: Spec<unknown, boolean>, parts: SpecParts): void {
  const { registry, target, args, kwargs, called, recursive, path, owned = false, check = true } = parts;
  const checkValues = parts.checkValues ?? check;
  if (typeof target !== 'string' && typeof target !== 'function') {
    throw failAt(path, 'UNKNOWN_TARGET', `a spec's target is a registered function, class or name, not ${(target as unknown) === null ? 'null' : typeof target}`);
  }
  if (!Array.isArray(args)) throw failAt(path, 'INVALID_SPEC_DICT', 'args must be an array');
  if (typeof called !== 'boolean') throw failAt(path, 'INVALID_SPEC_DICT', 'called must be a boolean');
  if (typeof recursive !== 'boolean') throw failAt(path, 'INVALID_SPEC_DICT', 'recursive must be a boolean');
  if (typeof kwargs !== 'object' || (kwargs as unknown) === null || Array.isArray(kwargs)) {
    throw failAt(path, 'INVALID_SPEC_DICT', 'keyword arguments must be an object');
  }
  const entry = lookupAt(registry, target, path);
  // The target's binder checks each set of keywords once (fromDict reads many specs of few shapes).
  const binder = check ? binderOf(registry, entry) : undefined;
  let ownKwargs = kwargs as Record<string, unknown>;
  let keys: string[] | undefined;
  if (!owned) {
    ownKwargs = binder === undefined || binder.metSpec ? {} : newDictionaryObject();
    keys = copyKeywords(ownKwargs, kwargs, entry.name, path);
  }
  const ownArgs = args.length === 0 ? NO_ARGS : Object.freeze(owned ? args : [...(args as unknown[])]);
  if (binder !== undefined) {
    keys ??= Object.keys(ownKwargs);
    const shape = specShape(binder, keys, ownArgs.length, path);
    const checks = checkValues ? binder.checks(shape, path) : undefined;
    if (checks !== undefined) checkArguments(checkContext(registry), entry.name, checks, ownArgs, ownKwargs, keys, path);
  }
  // Plain assignments, then freeze: the same read-only enumerable properties as defineProperties
  // gives, about 8x cheaper, and the spec keeps a fast (shared-shape) layout for every later read.
  const fields = spec as unknown as Record<string, unknown>;
  fields.target = entry.name;
  fields.args = ownArgs;
  fields.kwargs = Object.freeze(ownKwargs);
  fields.called = called;
  fields.recursive = recursive;
  // registryOf reads a missing registry as the default one, so only other registries are recorded:
  // defineProperty (the only way to a non-enumerable property) costs more than the rest together.
  if (registry !== defaultRegistry) Object.defineProperty(spec, SPEC_REGISTRY, { value: registry });
  Object.freeze(spec);
}

// A plain object (prototype Object.prototype, as `{}`) that V8 keeps in dictionary mode, for the
// keywords of a target's first checked spec. Keys copied into `{}` add hidden classes to the one tree
// every plain object shares, whose transition list is searched and grown in place for each new first
// key: a fresh process registering many classes and using each once (their keywords all different)
// paid for that per class more than for the rest of the copy (issue 10). A target met again is likely
// met many times: its later specs use `{}`, whose hidden classes are shared and faster to read.
function newDictionaryObject(): Record<string, unknown> {
  return Object.setPrototypeOf(Object.create(null), Object.prototype) as Record<string, unknown>;
}

// Paths are formatted only on failure: a spec read from a deep tree must not pay for it up front.
function failAt(path: PathNode | undefined, code: ErrorCode, detail: string): ConfigSpecError {
  return new ConfigSpecError(code, detail, { path: formatPath(path) });
}

// Copies own keys as data properties; `undefined` removes a key (JS default-argument semantics).
// Returns the keys it set, in order: for an empty `into`, Object.keys of the copy, which a new Spec
// then need not ask for again (the copy's hidden class is new for a class met the first time, and
// its first Object.keys builds a key cache: issue 10).
function copyKeywords(into: Record<string, unknown>, from: Kwargs, target?: string, path?: PathNode): string[] {
  const keys = Object.keys(from);
  let set = keys;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = from[key];
    if (key === '__proto__') {
      throw protoKeyError('UNKNOWN_PARAMETER', formatPath(keywordPath(path, key)), { as: 'keyword', ...(target === undefined ? {} : { target }) });
    }
    if (value === undefined) {
      Reflect.deleteProperty(into, key);
      if (set === keys) set = keys.slice(0, i);
    } else {
      into[key] = value;
      if (set !== keys) set.push(key);
    }
  }
  return set;
}

// How many specs are being described right now, through util.inspect's calls back into Spec too:
// past a few levels a spec is abbreviated, so deep or self-containing specs print in bounded space.
let describing = 0;
const DESCRIBE_DEPTH = 4;

function describeSpec(spec: Spec<unknown, boolean>): string {
  if (describing >= DESCRIBE_DEPTH) return spec.called ? `${spec.target}(…)` : `partial(${spec.target}, …)`;
  describing++;
  try {
    const parts = spec.args.map(describeArgument);
    for (const key of Object.keys(spec.kwargs)) parts.push(`${key}=${describeArgument(spec.kwargs[key])}`);
    return spec.called ? `${spec.target}(${parts.join(', ')})` : `partial(${[spec.target, ...parts].join(', ')})`;
  } finally {
    describing--;
  }
}

function describeArgument(value: unknown): string {
  return isSpec(value) ? describeSpec(value) : describeValue(value);
}
