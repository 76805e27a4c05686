/**
 * Parameter names of registered targets. They come from explicit `params`, or from reading the
 * function's own source (param-scan.ts, lazily, once per function); a class without a constructor of
 * its own takes its parent's. This is what keyword binding, validation and messages rely on.
 */
import type { Callable } from './callable.js';
import { ConfigSpecError } from './errors.js';
import { es5OptionalIndexes } from './es5-defaults.js';
import { scanParameters, type DefaultKind, type Unreadable } from './param-scan.js';
import { unwrap } from './tracking.js';

/** How a parameter takes its argument. */
export type ParameterKind = 'required' | 'optional' | 'rest' | 'options';

/** One parameter of a target, in declaration order. */
export interface Parameter {
  /** Its name; `undefined` for a destructuring pattern, which can be bound by position only. */
  readonly name: string | undefined;
  /** Required, optional (has a default), a rest parameter, or the options object. */
  readonly kind: ParameterKind;
  /** True when the source gives it a default value (or explicit `params` mark it `?`). */
  readonly hasDefault: boolean;
  /** The constructor TypeScript recorded in `design:paramtypes`, when the compiler emitted it. */
  readonly type: Callable | undefined;
  /** What its default value is as written in the source, when it is a bare literal (`lr = 1e-3` → `'number'`). */
  readonly defaultKind: DefaultKind | undefined;
}

/** The parameters of one target, with the lookups binding needs. */
export interface Signature {
  /** Every parameter, in declaration order. */
  readonly params: readonly Parameter[];
  /** Name → index, for every named parameter but a rest parameter. */
  readonly byName: ReadonlyMap<string, number>;
  /**
   * Index of the options-object parameter, or -1: a declared one (kind `options`), or a sole plain
   * parameter that takes keyword arguments flat while keeping its own kind (see the README).
   */
  readonly optionsIndex: number;
  /** Keys the options object accepts; `undefined` when any key is accepted. */
  readonly optionKeys: ReadonlySet<string> | undefined;
  /**
   * Keys the options object must have when the call happens: those declared in explicit `params`
   * without `?` (`'opts{width, depth, activation?}'`); empty when the keys come from source.
   */
  readonly requiredOptionKeys: readonly string[];
  /** Index of the rest parameter, or -1. */
  readonly restIndex: number;
}

/** What a registration says about parameters; see `ConfigurableOptions`. */
export interface SignatureSource {
  /** The function whose source is parsed (for a class, the class itself). */
  readonly fn: Callable;
  /** Explicit parameter names (`'lr'`, `'lr?'`, `'...rest'`, `'opts{}'`, `'opts{a, b?}'`). */
  readonly params: readonly string[] | undefined;
  /** The options-object parameter: the last one when `true`, else by name. */
  readonly options: true | string | undefined;
  /** The class owning a static method, for `design:paramtypes`. */
  readonly owner: Callable | undefined;
  /** The static method's property key, for `design:paramtypes`. */
  readonly key: string | undefined;
}

// A parameter read from source (the scanner's or acorn's, as they are) or from explicit `params`.
interface RawParameter {
  readonly name: string | undefined;
  readonly shape: 'plain' | 'rest' | 'object' | 'array';
  readonly hasDefault: boolean;
  /** For an object pattern: the keys it names, or `undefined` when it has a `...rest`. */
  readonly keys: string[] | undefined;
  /** Keys explicit `params` declare without `?` (`'opts{a, b?}'` → `['a']`). */
  readonly requiredKeys?: string[];
  /** Marked as the options object by explicit `params` (`'opts{}'`); never set for source. */
  readonly markedOptions?: boolean;
  readonly defaultKind: DefaultKind | undefined;
}

const IDENT = '[A-Za-z_$][A-Za-z0-9_$]*';
// `name`, `name?`, `...name`, `name{}` / `name?{}`, and an options object with declared keys,
// `name{a, b?}` (a trailing comma and spaces allowed).
const EXPLICIT = new RegExp(`^(\\.\\.\\.)?(${IDENT})(\\?)?(\\{\\s*((?:${IDENT}\\??\\s*,\\s*)*(?:${IDENT}\\??)?)\\s*,?\\s*\\})?$`);

/** Parameters, and the function whose own constructor (or registration) they belong to. */
interface Parsed {
  readonly raw: readonly RawParameter[];
  /** Whose `design:paramtypes` describe them: the function itself, or the parent it inherits them from. */
  readonly origin: Callable;
  /** True when they come from explicit `params` (the only ones that can mark an options object). */
  readonly explicit: boolean;
}

// Parsed parameter lists are per function: a function's source never changes. A class without a
// constructor of its own is cached as INHERITS: what it inherits depends on the registry asking
// (a parent's explicit params), so it is looked up again each time.
const INHERITS = 'inherits';
const parsedCache = new WeakMap<Callable, Parsed | typeof INHERITS>();

/**
 * Checks explicit `params` strings at registration time.
 * @throws ConfigSpecError `INVALID_REGISTRATION` naming the bad entry
 */
export function checkExplicitParams(params: readonly string[], target: string): void {
  parseExplicit(params, target);
}

/**
 * The signature of a registered target.
 * @param source what the registration said
 * @param target the target name, for messages
 * @param explicitFor explicit `params` registered for another function (a parent class), if any
 * @throws ConfigSpecError `SIGNATURE_UNAVAILABLE` when the source cannot be read (native or bound
 *   functions without `params`), `INVALID_REGISTRATION` when `options` names no parameter
 */
export function computeSignature(
  source: SignatureSource,
  target: string,
  explicitFor: (fn: Callable) => SignatureSource | undefined,
): Signature {
  const parsed: Parsed = source.params !== undefined ? { raw: parseExplicit(source.params, target), origin: source.fn, explicit: true } : parsedParameters(source.fn, target, explicitFor);
  const raw = parsed.raw;
  const types = readParamTypes(source, parsed.origin);
  const declared = findOptionsIndex(raw, source.options, target, parsed.explicit);
  // A sole plain parameter read from source is an options object too (see isImplicitOptions), but
  // keeps its kind: nothing bound, it is still required, not `{}`.
  const optionsIndex = declared < 0 && source.params === undefined && source.options === undefined && isImplicitOptions(raw, types) ? 0 : declared;
  // One loop, no callbacks: a fresh process registering many classes runs this cold for each (issue 10).
  const params = new Array<Parameter>(raw.length);
  const byName = new Map<string, number>();
  let restIndex = -1;
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i] as RawParameter;
    const kind: ParameterKind = i === declared ? 'options' : p.shape === 'rest' ? 'rest' : p.hasDefault ? 'optional' : 'required';
    params[i] = { name: p.name, kind, hasDefault: p.hasDefault, type: types?.[i], defaultKind: p.defaultKind };
    if (kind === 'rest') {
      if (restIndex < 0) restIndex = i;
    } else if (p.name !== undefined) {
      byName.set(p.name, i);
    }
  }
  const optionsParam = optionsIndex < 0 ? undefined : raw[optionsIndex];
  const keys = optionsParam?.shape === 'object' ? optionsParam.keys : undefined;
  return {
    params,
    byName,
    optionsIndex,
    optionKeys: keys === undefined ? undefined : new Set(keys),
    requiredOptionKeys: optionsParam?.requiredKeys ?? NO_KEYS,
    restIndex,
  };
}

// The required option keys of most signatures: none.
const NO_KEYS: readonly string[] = Object.freeze([]);

// TypeScript types a target whose only parameter is an object type as taking that object's keys flat
// (`KwargsOf`), destructured or not: `dense(args: DenseLayerArgs)` takes `{ units: 3 }`. The run time
// cannot see types, and taking every sole parameter as an options object would turn a misspelt keyword
// of `square(x)` into `square({ y: 1 })`. So a sole plain parameter without a default is taken as an
// options object when its name says it is one: a reserved dense-dict key (TF.js names every layer
// factory's parameter `args`, which could otherwise only be written under "kwargs") or a conventional
// options name; and `design:paramtypes`, where emitted, must not say it is something else (`Object` is
// what TypeScript records for interfaces and object literal types). Any other name: `options: true`.
// Its own name still binds the whole object.
const OPTIONS_NAMES: ReadonlySet<string> = new Set(['args', 'kwargs', 'target', 'called', 'options', 'opts', 'config', 'cfg', 'settings', 'props']);

function isImplicitOptions(raw: readonly RawParameter[], types: readonly (Callable | undefined)[] | undefined): boolean {
  const only = raw.length === 1 ? raw[0] : undefined;
  if (only?.shape !== 'plain' || only.hasDefault || only.name === undefined || !OPTIONS_NAMES.has(only.name)) return false;
  const type = types?.[0];
  return type === undefined || type === Object;
}

function findOptionsIndex(raw: readonly RawParameter[], options: true | string | undefined, target: string, explicit: boolean): number {
  if (options === true) {
    const last = raw.length - 1;
    if (last < 0 || raw[last]?.shape === 'rest') {
      throw new ConfigSpecError('INVALID_REGISTRATION', `options: true needs a last parameter that is not a rest parameter`, { target });
    }
    return last;
  }
  if (typeof options === 'string') {
    const index = raw.findIndex((p) => p.name === options && p.shape !== 'rest');
    if (index < 0) {
      const names = raw.flatMap((p) => (p.name === undefined ? [] : [p.name]));
      throw new ConfigSpecError('INVALID_REGISTRATION', `options: "${options}" is not a parameter; parameters: ${names.join(', ') || '(none)'}`, { target });
    }
    return index;
  }
  // Only explicit params mark one (the reader's parameters have no such field: not read at all).
  if (explicit) for (let i = 0; i < raw.length; i++) if ((raw[i] as RawParameter).markedOptions === true) return i;
  const last = raw[raw.length - 1];
  return last?.shape === 'object' ? raw.length - 1 : -1;
}

function parseExplicit(params: readonly string[], target: string): RawParameter[] {
  const seen = new Set<string>();
  // Array.from, not map: a hole is a missing name to report, not one to skip.
  return Array.from(params, (text, i) => {
    const match = typeof text === 'string' ? EXPLICIT.exec(text) : null;
    if (match === null) {
      throw new ConfigSpecError('INVALID_REGISTRATION', `params[${String(i)}] ${JSON.stringify(text)} is not a parameter name ("lr", "lr?", "...rest", "opts{}", "opts{width, depth?}")`, { target });
    }
    const [, rest, name = '', optional, options, keyList = ''] = match;
    if (seen.has(name)) throw new ConfigSpecError('INVALID_REGISTRATION', `params names "${name}" twice`, { target });
    seen.add(name);
    if (rest !== undefined && (optional !== undefined || options !== undefined || i !== params.length - 1)) {
      throw new ConfigSpecError('INVALID_REGISTRATION', `the rest parameter "${text}" must be last, without "?" or "{}"`, { target });
    }
    if (options !== undefined && i !== params.length - 1) {
      throw new ConfigSpecError('INVALID_REGISTRATION', `only the last parameter can be an options object ("${text}")`, { target });
    }
    const declared = options === undefined ? undefined : optionKeysOf(keyList, params, text, target);
    return {
      name,
      shape: rest !== undefined ? 'rest' : options !== undefined ? 'object' : 'plain',
      hasDefault: optional !== undefined,
      keys: declared?.keys,
      ...(declared === undefined ? {} : { requiredKeys: declared.required }),
      markedOptions: options !== undefined,
      defaultKind: undefined,
    };
  });
}

// The keys of `opts{a, b?}`: `{}` declares none (any key accepted). A key may not repeat, nor take
// the name of a parameter, which a keyword of that name would bind instead.
function optionKeysOf(list: string, params: readonly string[], text: string, target: string): { keys: string[] | undefined; required: string[] } {
  const entries = list.split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (entries.length === 0) return { keys: undefined, required: [] };
  const keys: string[] = [];
  const required: string[] = [];
  const names = new Set(params.map((p) => p.replace(/^\.\.\.|[?{].*$/g, '')));
  for (const entry of entries) {
    const key = entry.endsWith('?') ? entry.slice(0, -1) : entry;
    if (keys.includes(key)) throw new ConfigSpecError('INVALID_REGISTRATION', `"${text}" declares the option key "${key}" twice`, { target });
    if (names.has(key)) throw new ConfigSpecError('INVALID_REGISTRATION', `"${text}" declares the option key "${key}", which is also a parameter name: a keyword "${key}" would bind the parameter`, { target });
    keys.push(key);
    if (key === entry) required.push(key);
  }
  return { keys, required };
}

function parsedParameters(
  fn: Callable,
  target: string,
  explicitFor: (fn: Callable) => SignatureSource | undefined,
): Parsed {
  let cached = parsedCache.get(fn);
  if (cached === undefined) {
    const text = sourceOf(fn, target);
    // The scanner reads exactly or says why it cannot: never a guessed parameter list.
    const read = scanParameters(text);
    if (read.kind === 'unreadable') throw unreadableError(fn, text, read, target);
    // The reader's parameters are kept as they are (fresh objects nobody else holds), in a list of
    // their exact number: one object per parameter fewer to make and keep per class (issue 10).
    cached = read.params !== undefined ? { raw: withEs5Defaults(read.params.slice(), text), origin: fn, explicit: false } : INHERITS;
    parsedCache.set(fn, cached);
  }
  return cached === INHERITS ? inheritedParameters(fn, target, explicitFor) : cached;
}

// A required parameter the body tests for being absent (ES5 defaults, es5-defaults.ts) is optional.
function withEs5Defaults(raw: RawParameter[], text: string): RawParameter[] {
  let names: (string | undefined)[] | undefined;
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i] as RawParameter;
    if (p.shape === 'plain' && !p.hasDefault && p.name !== undefined) (names ??= new Array<string | undefined>(raw.length).fill(undefined))[i] = p.name;
  }
  if (names === undefined) return raw;
  for (const i of es5OptionalIndexes(text, names)) raw[i] = { ...(raw[i] as RawParameter), hasDefault: true };
  return raw;
}

function inheritedParameters(
  fn: Callable,
  target: string,
  explicitFor: (fn: Callable) => SignatureSource | undefined,
): Parsed {
  const parent: unknown = Object.getPrototypeOf(fn);
  if (typeof parent !== 'function' || parent === Function.prototype) return { raw: [], origin: fn, explicit: false };
  const explicit = explicitFor(parent);
  if (explicit?.params !== undefined) return { raw: parseExplicit(explicit.params, target), origin: explicit.fn, explicit: true };
  // A decorated parent is its tracking wrapper, whose constructor is `(...args)`: read the class as written.
  return parsedParameters(unwrap(parent), target, explicitFor);
}

function sourceOf(fn: Callable, target: string): string {
  let text: string;
  try {
    text = Function.prototype.toString.call(fn);
  } catch (cause) {
    throw new ConfigSpecError('SIGNATURE_UNAVAILABLE', `the source of ${functionLabel(fn)} cannot be read; register it with explicit params`, { target, cause });
  }
  if (/\{\s*\[native code\]\s*\}\s*$/.test(text)) {
    throw new ConfigSpecError('SIGNATURE_UNAVAILABLE', `${functionLabel(fn)} is native or bound, so its parameter names are unknown; register it with explicit params (configurable({ params: [...] }, fn))`, { target });
  }
  return text;
}

// A few characters either side of where the scanner gave up, on one line, to show in the message.
const CONTEXT = 24;

function unreadableError(fn: Callable, text: string, unreadable: Unreadable, target: string): ConfigSpecError {
  const from = Math.max(0, unreadable.offset - CONTEXT);
  const excerpt = `${from > 0 ? '…' : ''}${text.slice(from, unreadable.offset + CONTEXT)}${unreadable.offset + CONTEXT < text.length ? '…' : ''}`.replace(/\s+/g, ' ');
  return new ConfigSpecError(
    'SIGNATURE_UNAVAILABLE',
    `the parameters of ${functionLabel(fn)} cannot be read from its source: ${unreadable.reason}, at offset ${String(unreadable.offset)} (${JSON.stringify(excerpt)}); register it with explicit params (configurable({ params: [...] }, fn))`,
    { target },
  );
}

function functionLabel(fn: Callable): string {
  const name = typeof fn.name === 'string' && fn.name !== '' ? fn.name : '(anonymous)';
  return `function ${name}`;
}

interface MetadataReflect {
  getMetadata?: (key: string, target: object, property?: string) => unknown;
  getOwnMetadata?: (key: string, target: object, property?: string) => unknown;
}

// `origin` is the class whose own constructor the parameters come from. Its *own* metadata is read:
// getMetadata walks the prototype chain and would give a subclass with a constructor of its own (and
// no metadata) its parent's types.
function readParamTypes(source: SignatureSource, origin: Callable): (Callable | undefined)[] | undefined {
  const reflect = Reflect as unknown as MetadataReflect;
  if (typeof reflect.getMetadata !== 'function' || typeof reflect.getOwnMetadata !== 'function') return undefined;
  const types: unknown = source.owner !== undefined && source.key !== undefined
    ? reflect.getMetadata('design:paramtypes', source.owner, source.key)
    : reflect.getOwnMetadata('design:paramtypes', origin);
  return Array.isArray(types) ? (types as unknown[]).map((t) => (typeof t === 'function' ? t : undefined)) : undefined;
}
