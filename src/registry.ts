/**
 * The registry: target names ⇄ registered functions and classes. Only what is registered here can
 * ever be built from a config, which is what makes loading a config file safe.
 */
import type { Callable } from './callable.js';
import { makeConfigurable, type Configurable } from './decorators.js';
import { atPath, ConfigSpecError, guardedError, type ErrorCode } from './errors.js';
import { formatPath, type PathNode } from './path.js';
import { isStringList, isValidName, isValidNamespace, isValidTargetName, targetName } from './names.js';
import { checkExplicitParams, computeSignature, type Signature, type SignatureSource } from './signature.js';
import { untrustedNameReason } from './source-name.js';
import { closest, didYouMean } from './suggest.js';
import { bindTracker, unwrap } from './tracking.js';
import { ValueCodecs, type ValueCodec } from './values.js';
import { readSchemaOption, valueTypesOf, type ValueTypes } from './value-types.js';
import type { ConfigurableOptions, RegisteredTarget, RegistrationContext } from './registration.js';

export type { ConfigurableOptions, RegisteredTarget, RegistrationContext, TargetKind } from './registration.js';

const OPTION_KEYS: ReadonlySet<string> = new Set(['namespace', 'name', 'params', 'options', 'aliases', 'runtime', 'track', 'schema', 'infer', 'construct', 'inject']);

/**
 * A set of registered targets. `defaultRegistry` is the process-wide one; `new Registry()` makes an
 * isolated one (for tests, plugins, or loading untrusted configs against a short list). Every API
 * that resolves a name takes `{ registry }`.
 */
export class Registry {
  readonly #byName = new Map<string, RegisteredTarget>();
  readonly #aliases = new Map<string, RegisteredTarget>();
  readonly #byFn = new Map<Callable, RegisteredTarget>();
  readonly #suggestions = new Map<string, string | undefined>();
  #names: string[] | undefined;
  readonly #signatures = new WeakMap<RegisteredTarget, Signature>();
  readonly #types = new WeakMap<RegisteredTarget, ValueTypes>();
  // What a parent class was registered with (its explicit params), for signatures: one function per
  // registry rather than a closure per signature.
  readonly #explicitFor = (fn: Callable): SignatureSource | undefined => {
    const parent = this.#byFn.get(fn);
    return parent === undefined ? undefined : signatureSource(parent);
  };

  /**
   * Registers `fn` (a function, a class or a static method) and returns it unchanged.
   * @throws ConfigSpecError `INVALID_REGISTRATION` for a bad name or option, `DUPLICATE_TARGET` when
   *   the name (or an alias) is taken by a different function, or `fn` is registered under another name
   */
  register<F extends Callable>(fn: F, options: ConfigurableOptions = {}): F {
    this.add(fn, options);
    return fn;
  }

  /**
   * Registers and returns the record; decorators pass what they know in `context`.
   * @internal
   */
  add(fn: Callable, options: ConfigurableOptions, context: RegistrationContext = {}): RegisteredTarget {
    // Map#clear makes a new table even for an empty map: only clear one that holds something.
    if (this.#suggestions.size > 0) this.#suggestions.clear();
    this.#names = undefined;
    let entry: RegisteredTarget;
    try {
      entry = this.#makeEntry(fn, options, context);
    } catch (error) {
      throw guardedError('INVALID_REGISTRATION', 'the registration (its options, or the function\'s name)', error);
    }
    const existing = this.#byFn.get(fn);
    if (existing !== undefined) {
      if (existing.name === entry.name) return existing;
      throw new ConfigSpecError('DUPLICATE_TARGET', `${describeFn(fn)} is already registered as "${existing.name}"; use aliases to accept a second name`, { target: entry.name });
    }
    const taken = this.#byName.get(entry.name);
    if (taken !== undefined) {
      // A module evaluated again (hot reload, watch mode, test retries) registers an equal twin. A
      // decorated class registered again (by a call, or a second decorator) is its wrapper, whose
      // source is the same for every wrapper: compare the classes as written. The texts are read
      // only here, when a name is taken, not kept for every registration: a fresh process
      // registering many classes would pay a copy and a regular expression for each (issue 10).
      const source = sourceText(unwrap(entry.source));
      if (source === undefined || sourceText(unwrap(taken.source)) !== source) {
        throw new ConfigSpecError('DUPLICATE_TARGET', `"${entry.name}" is already registered to a different ${taken.kind === 'function' ? 'function' : 'class'}; pick another name or namespace`, { target: entry.name });
      }
    } else {
      const aliased = this.#aliases.get(entry.name);
      if (aliased !== undefined) {
        throw new ConfigSpecError('DUPLICATE_TARGET', `"${entry.name}" is already an alias of "${aliased.name}"; pick another name or namespace`, { target: entry.name });
      }
    }
    const { aliases } = entry;
    for (const alias of aliases) {
      const owner = this.#byName.get(alias) ?? this.#aliases.get(alias);
      if (owner !== undefined && owner.name !== entry.name) {
        throw new ConfigSpecError('DUPLICATE_TARGET', `alias "${alias}" is already taken by "${owner.name}"`, { target: entry.name });
      }
    }
    // Only now that nothing can fail: a replaced twin's aliases go (the new entry sets its own).
    if (taken !== undefined) {
      for (const alias of taken.aliases) this.#aliases.delete(alias);
      // Hot reload stays quiet no more: two closures with one source text are not the same function,
      // and asdict of an instance of the first now rebuilds the second. Said, not refused.
      warn(`"${entry.name}" was registered again with an identical source text, so the new ${entry.kind === 'class' ? 'class' : 'function'} replaces the old one (hot reload); if these are two different closures, give them different names`, 'CONFIG_SPEC_REPLACED');
    }
    this.#byName.set(entry.name, entry);
    this.#byFn.set(fn, entry);
    if (entry.source !== fn) {
      // The class as written names the same target (its static methods see it as `this`), and its
      // wrapper learns who registered it, to turn instances back into specs.
      this.#byFn.set(entry.source, entry);
      bindTracker(fn, { registry: this, entry });
    }
    for (const alias of aliases) this.#aliases.set(alias, entry);
    return entry;
  }

  /**
   * `configurable(...)` registering into this registry, in every form of the top-level
   * `configurable`: `registry.configurable('ns')` as a decorator, `registry.configurable('ns', fn)`.
   */
  readonly configurable: Configurable = makeConfigurable((fn, options, context) => this.add(fn, options, context));

  /**
   * The value types registered with {@link registerValue}, for the package's own readers and writers.
   * @internal
   */
  readonly values: ValueCodecs = new ValueCodecs();

  /**
   * Registers a value type of your own, written as `{"__value__": name, "data": encode(value)}` and
   * read back with `decode(data)`. `is` picks the values it applies to; it is asked for every object
   * that is not a plain object, array, Spec or tracked instance, before the built-in types.
   * @throws ConfigSpecError `INVALID_REGISTRATION` for a bad name or codec or a built-in type's name,
   *   `DUPLICATE_TARGET` when the name is taken by another codec
   */
  registerValue<T>(name: string, codec: ValueCodec<T>): void {
    this.values.register(name, codec);
  }

  /**
   * The registered function or class named `name` (canonical or alias).
   * @throws ConfigSpecError `UNKNOWN_TARGET`, suggesting the closest registered name
   */
  resolve(name: string): Callable {
    return this.lookup(name).fn;
  }

  /**
   * The record of a target by name (canonical or alias) or by the registered function itself.
   * @throws ConfigSpecError `UNKNOWN_TARGET`, suggesting the closest registered name
   */
  lookup(target: string | Callable, path = ''): RegisteredTarget {
    const entry = typeof target === 'string' ? (this.#byName.get(target) ?? this.#aliases.get(target)) : this.#byFn.get(target);
    if (entry !== undefined) return entry;
    // Callers without types (JavaScript, data read from JSON) can pass anything.
    const given: unknown = target;
    if (typeof given !== 'string' && typeof given !== 'function') {
      throw new ConfigSpecError('UNKNOWN_TARGET', `a target is a registered name, function or class, not ${given === null ? 'null' : typeof given}`, { path });
    }
    if (typeof target === 'string') {
      const suggestion = this.#suggest(target);
      throw new ConfigSpecError('UNKNOWN_TARGET', `no target is registered as "${target}"${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`, { path, target, ...(suggestion === undefined ? {} : { suggestion }) });
    }
    throw new ConfigSpecError('UNKNOWN_TARGET', `${describeFn(target)} is not registered; decorate it with @configurable() or call configurable('namespace', fn)`, { path });
  }

  /** The canonical name of a registered function or class, or `undefined` when it is not registered. */
  nameOf(fn: Callable): string | undefined {
    return this.#byFn.get(fn)?.name;
  }

  /** True when `name` is a registered name or alias. */
  has(name: string): boolean {
    return this.#byName.has(name) || this.#aliases.has(name);
  }

  /** Every registered target, by canonical name, in registration order. */
  entries(): IterableIterator<[string, RegisteredTarget]> {
    return this.#byName.entries();
  }

  /**
   * The parameters of a registered target, parsed once and cached.
   * @throws ConfigSpecError `SIGNATURE_UNAVAILABLE` when they cannot be known,
   *   `INVALID_REGISTRATION` when `options` names no parameter
   */
  signatureOf(entry: RegisteredTarget): Signature {
    let signature = this.#signatures.get(entry);
    if (signature === undefined) {
      signature = computeSignature(signatureSource(entry), entry.name, this.#explicitFor);
      this.#signatures.set(entry, signature);
    }
    return signature;
  }

  /**
   * The value types of a registered target's parameters (validators, `design:paramtypes`, literal
   * defaults), computed once and cached.
   * @throws ConfigSpecError as {@link signatureOf}; `INVALID_REGISTRATION` when `schema` names no parameter
   * @internal
   */
  typesOf(entry: RegisteredTarget): ValueTypes {
    let types = this.#types.get(entry);
    if (types === undefined) {
      types = valueTypesOf(this.signatureOf(entry), entry.schema, entry.infer, entry.name);
      this.#types.set(entry, types);
    }
    return types;
  }

  #allNames(): string[] {
    return [...this.#byName.keys(), ...this.#aliases.keys()];
  }

  // The closest registered name to an unknown one, remembered until the next registration: a config
  // with thousands of misspelt targets (validate reports each) searches each distinct name once.
  #suggest(name: string): string | undefined {
    if (this.#suggestions.has(name)) return this.#suggestions.get(name);
    if (this.#suggestions.size >= 10_000) this.#suggestions.clear();
    const suggestion = closest(name, this.#names ??= this.#allNames());
    this.#suggestions.set(name, suggestion);
    return suggestion;
  }

  #makeEntry(fn: Callable, registration: ConfigurableOptions, context: RegistrationContext): RegisteredTarget {
    // Checked although typed: JavaScript callers can pass anything.
    if (typeof (fn as unknown) !== 'function') {
      throw new ConfigSpecError('INVALID_REGISTRATION', `only functions and classes can be registered, not ${typeof fn}`);
    }
    if (typeof registration !== 'object' || (registration as unknown) === null || Array.isArray(registration)) {
      throw new ConfigSpecError('INVALID_REGISTRATION', `registration options must be an object, not ${(registration as unknown) === null ? 'null' : Array.isArray(registration) ? 'an array' : typeof registration}`);
    }
    for (const key of Object.keys(registration)) {
      if (!OPTION_KEYS.has(key)) {
        throw new ConfigSpecError('INVALID_REGISTRATION', `unknown option "${key}"${didYouMean(key, OPTION_KEYS)}; options: ${[...OPTION_KEYS].join(', ')}`);
      }
    }
    const namespace = registration.namespace ?? '';
    const name = registration.name ?? defaultName(fn, context);
    const full = typeof name === 'string' && typeof namespace === 'string' ? targetName(namespace, name) : '?';
    if (typeof namespace !== 'string' || (namespace !== '' && !isValidNamespace(namespace))) {
      throw new ConfigSpecError('INVALID_REGISTRATION', `namespace ${JSON.stringify(namespace)} is not valid: use identifiers, "/", "-" and "@" joined by "."`, { target: full });
    }
    if (typeof name !== 'string' || !isValidName(name)) {
      throw new ConfigSpecError('INVALID_REGISTRATION', name === '' ? `${describeFn(fn)} has no name; pass { name }` : `name ${JSON.stringify(name)} is not valid: use identifiers joined by "."`, { target: full });
    }
    const params = registration.params;
    if (params !== undefined) {
      const given: unknown = params;
      if (!Array.isArray(given)) throw new ConfigSpecError('INVALID_REGISTRATION', 'params must be an array of strings', { target: full });
      checkExplicitParams(params, full);
    }
    const options = registration.options;
    if (options !== undefined && options !== true && typeof options !== 'string') {
      throw new ConfigSpecError('INVALID_REGISTRATION', 'options must be true or a parameter name', { target: full });
    }
    const runtime = stringList(registration.runtime, 'runtime', full);
    // Everything explicit is checked now, not at first use: an `options` naming no parameter, and
    // `runtime` names that are not parameters (asdict of an instance would otherwise be the first to say).
    if (params !== undefined) {
      const { byName } = computeSignature({ fn, params, options, owner: undefined, key: undefined }, full, () => undefined);
      for (const name of runtime) {
        if (!byName.has(name)) {
          throw new ConfigSpecError('INVALID_REGISTRATION', `runtime parameter "${name}" is not one of the params (${[...byName.keys()].join(', ') || 'none'})${didYouMean(name, byName.keys())}`, { target: full });
        }
      }
    }
    const given = stringList(registration.aliases, 'aliases', full);
    const aliases = given.length === 0 ? NONE : given.map((alias) => (alias.includes(':') ? alias : targetName(namespace, alias)));
    for (const alias of aliases) {
      if (!isValidTargetName(alias)) throw new ConfigSpecError('INVALID_REGISTRATION', `alias ${JSON.stringify(alias)} is not a valid target name`, { target: full });
    }
    const schema = readSchemaOption(registration.schema, full);
    const infer = registration.infer ?? true;
    if (typeof infer !== 'boolean') throw new ConfigSpecError('INVALID_REGISTRATION', 'infer must be a boolean', { target: full });
    // With explicit params, a schema naming no parameter is known now, not at first use.
    if (params !== undefined && schema !== undefined) {
      valueTypesOf(computeSignature({ fn, params, options, owner: undefined, key: undefined }, full, () => undefined), schema, false, full);
    }
    const track = registration.track ?? context.decorated === true;
    if (typeof track !== 'boolean') throw new ConfigSpecError('INVALID_REGISTRATION', 'track must be a boolean', { target: full });
    if (track && context.decorated !== true) {
      throw new ConfigSpecError('INVALID_REGISTRATION', 'track: true needs the decorator: configurable(…, fn) returns fn unchanged, so its instances cannot record their arguments', { target: full });
    }
    if (registration.name === undefined) checkDefaultName(fn, context, name, full);
    const construct = registration.construct;
    if (construct !== undefined && typeof construct !== 'boolean') throw new ConfigSpecError('INVALID_REGISTRATION', 'construct must be a boolean', { target: full });
    if (construct !== undefined && context.kind === 'static-method') {
      throw new ConfigSpecError('INVALID_REGISTRATION', 'construct does not apply to a static method, which is called on its class', { target: full });
    }
    if (construct === false && context.kind === 'class' && isClass(fn)) {
      throw new ConfigSpecError('INVALID_REGISTRATION', 'construct: false on a class: a class cannot be called without new', { target: full });
    }
    return Object.freeze({
      name: full,
      namespace,
      fn,
      owner: context.owner,
      kind: construct === true ? 'class' : construct === false ? 'function' : (context.kind ?? (isClass(fn) ? 'class' : 'function')),
      aliases: aliases === NONE ? NONE : Object.freeze(aliases),
      runtime: runtime === NONE ? NONE : Object.freeze(runtime),
      track,
      options,
      params: params === undefined ? undefined : Object.freeze([...params]),
      inject: injectOption(registration.inject, full),
      key: context.key,
      source: context.source ?? fn,
      schema,
      infer,
    });
  }
}

// A warning through Node's process.emitWarning where there is one (a browser has none: silence).
function warn(message: string, code: string): void {
  const host = (globalThis as { process?: { emitWarning?: (message: string, options: { type: string; code: string }) => void } }).process;
  if (typeof host?.emitWarning === 'function') host.emitWarning(message, { type: 'ConfigSpecWarning', code });
}

function injectOption(value: unknown, target: string): ReadonlyMap<string, Callable | string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigSpecError('INVALID_REGISTRATION', 'inject must be an object: { parameterName: RegisteredClass | "ns:Name" }', { target });
  }
  const map = new Map<string, Callable | string>();
  for (const [name, type] of Object.entries(value as Record<string, unknown>)) {
    if (typeof type !== 'function' && !(typeof type === 'string' && isValidTargetName(type))) {
      throw new ConfigSpecError('INVALID_REGISTRATION', `inject.${name} must be a registered class or a target name ("ns:Name"), not ${describeValue(type)}`, { target });
    }
    map.set(name, type);
  }
  return map;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value;
}

// Most registrations have no aliases and no runtime parameters: their records share one empty list.
const NONE: readonly string[] = Object.freeze([]);

function stringList(value: unknown, option: string, target: string): readonly string[] {
  if (value === undefined) return NONE;
  if (!isStringList(value)) {
    throw new ConfigSpecError('INVALID_REGISTRATION', `${option} must be an array of strings`, { target });
  }
  return [...value];
}

function defaultName(fn: Callable, context: RegistrationContext): string {
  const own = typeof fn.name === 'string' ? fn.name : '';
  if (context.kind === 'static-method' && context.owner !== undefined) {
    return `${context.owner.name}.${context.key ?? own}`;
  }
  return context.defaultName ?? own;
}

// A name taken from the function or class (or a static method's class) must not be one a build tool
// may have changed without the user knowing (see source-name.ts): then the user must say it.
function checkDefaultName(fn: Callable, context: RegistrationContext, name: string, target: string): void {
  const owner = context.kind === 'static-method' ? context.owner : undefined;
  const named = unwrap(owner ?? context.source ?? fn);
  const reason = untrustedNameReason(owner !== undefined ? name.slice(0, name.lastIndexOf('.')) : name, named);
  if (reason !== undefined) {
    throw new ConfigSpecError('INVALID_REGISTRATION', `${describeFn(named)}: ${reason}; register it with an explicit name, { name: '…' }, so the target name does not depend on the build (see "Bundlers and minifiers" in the README)`, { target });
  }
}

function signatureSource(entry: RegisteredTarget): SignatureSource {
  return { fn: unwrap(entry.source), params: entry.params, options: entry.options, owner: entry.owner, key: entry.key };
}

function sourceText(fn: Callable): string | undefined {
  try {
    const text = Function.prototype.toString.call(fn);
    return /\[native code\]\s*\}\s*$/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** True for classes and native constructors, which must be invoked with `new`. */
export function isClass(fn: Callable): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(fn, 'prototype');
  if (descriptor === undefined) return false;
  if (descriptor.writable === false) return true;
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/**
 * True for a function that is called (not `class` syntax) but whose own prototype has methods: an ES5
 * class, which usually fails when called without `new`. Only a hint for error messages: a function
 * that guards `if (!(this instanceof F)) return new F(...)` works either way.
 * @internal
 */
export function looksLikeEs5Class(fn: Callable): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(fn, 'prototype');
  const proto: unknown = descriptor?.value;
  if (descriptor?.writable !== true || typeof proto !== 'object' || proto === null) return false;
  return Object.getOwnPropertyNames(proto).some((key) => key !== 'constructor');
}

function describeFn(fn: Callable): string {
  // A `name` getter of the user's may throw: a message is not worth a second error.
  let name: unknown;
  try {
    name = fn.name;
  } catch {
    name = undefined;
  }
  return `${isClass(fn) ? 'class' : 'function'} ${typeof name === 'string' && name !== '' ? name : '(anonymous)'}`;
}

/**
 * The `registry` of an options argument, checked (so garbage options are a `ConfigSpecError`, not a
 * `TypeError`): `undefined` when the options or their `registry` are not given. A registry is
 * recognised by its methods, so one made by another copy of the package is accepted too.
 * @throws ConfigSpecError `code` when the options are not an object or `registry` is not a registry
 * @internal
 */
export function registryOption(options: unknown, code: ErrorCode, what: string): Registry | undefined {
  try {
    return readRegistryOption(options, code, what);
  } catch (error) {
    throw guardedError(code, `the options of ${what}`, error);
  }
}

function readRegistryOption(options: unknown, code: ErrorCode, what: string): Registry | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigSpecError(code, `the options of ${what} must be an object, not ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const registry: unknown = (options as { registry?: unknown }).registry;
  if (registry === undefined || isRegistryLike(registry)) return registry;
  throw new ConfigSpecError(code, `the registry option of ${what} must be a Registry (new Registry() or defaultRegistry), not ${registry === null ? 'null' : typeof registry}`);
}

/**
 * The value codecs that apply with `registry`: its own, then the default registry's (so a type
 * registered globally with `registerValue` works everywhere).
 * @internal
 */
export function valueCodecsOf(registry: Registry): readonly ValueCodecs[] {
  return registry === defaultRegistry ? [registry.values] : [registry.values, defaultRegistry.values];
}

// A Registry of this copy, or one made by another copy of the package (recognised by its methods).
function isRegistryLike(value: unknown): value is Registry {
  if (value instanceof Registry) return true;
  const methods = value as { lookup?: unknown; nameOf?: unknown; signatureOf?: unknown } | null;
  return typeof value === 'object' && methods !== null && typeof methods.lookup === 'function' && typeof methods.nameOf === 'function' && typeof methods.signatureOf === 'function';
}

const DEFAULT_KEY = Symbol.for('config-spec.defaultRegistry');

/**
 * The process-wide registry used when no `{ registry }` is passed. It lives under a `Symbol.for` key
 * on `globalThis`, so two copies of the package (a duplicated dependency) share one registry.
 */
export const defaultRegistry: Registry = ((): Registry => {
  const global = globalThis as Record<symbol, unknown>;
  const existing = global[DEFAULT_KEY];
  if (isRegistryLike(existing)) return existing;
  const created = new Registry();
  Object.defineProperty(global, DEFAULT_KEY, { value: created, configurable: false, enumerable: false, writable: false });
  return created;
})();

/**
 * The canonical name of `target` when it is a name or alias registered in `registry`, else
 * `undefined` (for tools that compare or show names without requiring them to resolve).
 * @internal
 */
export function canonicalName(registry: Registry, target: unknown): string | undefined {
  return registeredEntry(registry, target)?.name;
}

/**
 * The record of `target` when it is a name or alias registered in `registry`, else `undefined` (for
 * checks that leave an unknown name to the reader, which reports it with the closest one).
 * @internal
 */
export function registeredEntry(registry: Registry, target: unknown): RegisteredTarget | undefined {
  return typeof target === 'string' && registry.has(target) ? registry.lookup(target) : undefined;
}

/**
 * `registry.lookup(target)`, with an `UNKNOWN_TARGET` error placed at `path` (a path node, formatted
 * only on failure, or a formatted path).
 * @throws ConfigSpecError `UNKNOWN_TARGET` at `path`, suggesting the closest registered name
 * @internal
 */
export function lookupAt(registry: Registry, target: string | Callable, path: PathNode | string | undefined): RegisteredTarget {
  try {
    return registry.lookup(target);
  } catch (error) {
    throw atPath(error, typeof path === 'string' ? path : formatPath(path));
  }
}
