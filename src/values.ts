/**
 * Tagged values: the JSON form of values plain JSON cannot hold exactly — `NaN`, `±Infinity`, `-0`,
 * `bigint`, `Date`, `Map`, `Set`, `RegExp`, typed arrays, `undefined` inside arrays — and of user
 * types registered with `registerValue`: `{"__value__": "<type>", "data": …}`.
 */
import { ConfigSpecError, guardInput } from './errors.js';
import { child, formatPath, type PathNode } from './path.js';
import { didYouMean } from './suggest.js';

import { VALUE_KEY } from './dict-keys.js';

export { VALUE_KEY } from './dict-keys.js';
export { isTagged } from './node-kind.js';

/** How a user type is written and read: `registerValue(name, { is, encode, decode })`. */
export interface ValueCodec<T = unknown> {
  /** True for the values this codec writes. */
  readonly is: (value: unknown) => boolean;
  /** The value → JSON-able data (it may hold specs, tagged values and other registered values). */
  readonly encode: (value: T) => unknown;
  /** The data, already read back → the value. */
  readonly decode: (data: unknown) => T;
}

/** Maps one nested value at a path (writing, reading or building). */
type Mapper = (value: unknown, path: PathNode | undefined) => unknown;

type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

type TypedArrayConstructor = new (values: ArrayLike<number> | ArrayLike<bigint>) => TypedArray;

const TYPED_ARRAYS: ReadonlyMap<string, TypedArrayConstructor> = new Map<string, TypedArrayConstructor>([
  ['Int8Array', Int8Array], ['Uint8Array', Uint8Array], ['Uint8ClampedArray', Uint8ClampedArray],
  ['Int16Array', Int16Array], ['Uint16Array', Uint16Array], ['Int32Array', Int32Array],
  ['Uint32Array', Uint32Array], ['Float32Array', Float32Array], ['Float64Array', Float64Array],
  ['BigInt64Array', BigInt64Array],
  ['BigUint64Array', BigUint64Array],
]);

const BUILTIN_TYPES: readonly string[] = ['number', 'bigint', 'Date', 'Map', 'Set', 'RegExp', 'undefined', ...TYPED_ARRAYS.keys()];
const BUILTINS: ReadonlySet<string> = new Set(BUILTIN_TYPES);
const SPECIAL_NUMBERS: ReadonlyMap<string, number> = new Map([['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['-0', -0]]);

/** The user-registered value types of one registry. */
export class ValueCodecs {
  readonly #byName = new Map<string, ValueCodec>();

  /**
   * Adds a codec.
   * @throws ConfigSpecError `INVALID_REGISTRATION` for a bad name or codec, or a built-in type's name;
   *   `DUPLICATE_TARGET` when the name is taken by another codec
   */
  register<T>(name: string, codec: ValueCodec<T>): void {
    guardInput('INVALID_REGISTRATION', 'the value codec', () => {
      this.#register(name, codec);
    });
  }

  #register<T>(name: string, codec: ValueCodec<T>): void {
    if (typeof name !== 'string' || !/^[A-Za-z_$@][A-Za-z0-9_$@/.:-]*$/.test(name)) {
      throw new ConfigSpecError('INVALID_REGISTRATION', `value type name ${JSON.stringify(name)} is not valid`);
    }
    if (BUILTINS.has(name)) throw new ConfigSpecError('INVALID_REGISTRATION', `"${name}" is a built-in value type`, { target: name });
    const valid = typeof codec === 'object' && (codec as unknown) !== null
      && typeof codec.is === 'function' && typeof codec.encode === 'function' && typeof codec.decode === 'function';
    if (!valid) throw new ConfigSpecError('INVALID_REGISTRATION', 'a value codec is { is(value), encode(value), decode(data) }', { target: name });
    const existing = this.#byName.get(name);
    if (existing !== undefined && existing !== codec) {
      throw new ConfigSpecError('DUPLICATE_TARGET', `value type "${name}" is already registered`, { target: name });
    }
    this.#byName.set(name, codec as ValueCodec);
  }

  /** The codec registered as `name`. */
  get(name: string): ValueCodec | undefined {
    return this.#byName.get(name);
  }

  /** The first codec whose `is` accepts `value`, with its name. */
  find(value: unknown): [string, ValueCodec] | undefined {
    for (const entry of this.#byName) if (entry[1].is(value)) return entry;
    return undefined;
  }

  /** Every registered name. */
  names(): IterableIterator<string> {
    return this.#byName.keys();
  }
}

/**
 * The same value types with every `decode` replaced by the identity: what `config-spec validate`
 * reads with, so that checking a config never runs a codec of the user's (a tagged value of a
 * registered type is checked for its name and the shape of its data, and read back as that data).
 */
export function withoutDecoding(codecs: readonly ValueCodecs[]): readonly ValueCodecs[] {
  const inert = new ValueCodecs();
  const identity: ValueCodec = { is: () => false, encode: (value) => value, decode: (data) => data };
  for (const registry of codecs) for (const name of registry.names()) if (inert.get(name) === undefined) inert.register(name, identity);
  return [inert];
}

/** The tag of `value` when it is a non-JSON number or a `bigint`, else `undefined`. */
export function tagPrimitive(value: number | bigint): Record<string, unknown> | undefined {
  if (typeof value === 'bigint') return { [VALUE_KEY]: 'bigint', data: value.toString() };
  if (Number.isFinite(value) && !Object.is(value, -0)) return undefined;
  return { [VALUE_KEY]: 'number', data: numberText(value) };
}

/** The tag for `undefined` where it cannot be dropped (arrays, positional arguments). */
export function tagUndefined(): Record<string, unknown> {
  return { [VALUE_KEY]: 'undefined' };
}

/**
 * The tagged form of a non-plain object, or `undefined` when no codec knows it. User codecs (of
 * `codecs`, then of the `fallback` registry's) come before built-in types.
 */
export function tagObject(value: object, path: PathNode | undefined, codecs: readonly ValueCodecs[], write: Mapper): Record<string, unknown> | undefined {
  for (const registry of codecs) {
    const found = registry.find(value);
    if (found !== undefined) {
      const [name, codec] = found;
      let data: unknown;
      try {
        data = codec.encode(value);
      } catch (cause) {
        throw new ConfigSpecError('NOT_SERIALIZABLE', `the "${name}" codec failed to encode this value`, { path: formatPath(path), target: name, cause });
      }
      return { [VALUE_KEY]: name, data: write(data, child(path, 'data')) };
    }
  }
  const data = child(path, 'data');
  if (value instanceof Date) {
    const time = value.getTime();
    return { [VALUE_KEY]: 'Date', data: Number.isNaN(time) ? null : value.toISOString() };
  }
  if (value instanceof Map) {
    let i = 0;
    const pairs: unknown[] = [];
    for (const [k, v] of value) {
      const at = child(data, i++);
      pairs.push([write(k, child(at, 0)), write(v, child(at, 1))]);
    }
    return { [VALUE_KEY]: 'Map', data: pairs };
  }
  if (value instanceof Set) {
    let i = 0;
    const items: unknown[] = [];
    for (const v of value) items.push(write(v, child(data, i++)));
    return { [VALUE_KEY]: 'Set', data: items };
  }
  if (value instanceof RegExp) return { [VALUE_KEY]: 'RegExp', data: { source: value.source, flags: value.flags } };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = typedArrayName(value as TypedArray);
    if (name !== undefined) return { [VALUE_KEY]: name, data: Array.from(value as TypedArray, typedElement) };
  }
  return undefined;
}

/**
 * Reads a tagged value back. `read` maps nested data (Map entries, Set items, user data) first.
 * @throws ConfigSpecError `INVALID_SPEC_DICT` with the path for a malformed tag or an unknown type
 */
export function untag(tag: Record<string, unknown>, path: PathNode | undefined, codecs: readonly ValueCodecs[], read: Mapper): unknown {
  const type = tag[VALUE_KEY];
  for (const key of Object.keys(tag)) {
    if (key !== VALUE_KEY && key !== 'data') throw malformed(`a tagged value has only "${VALUE_KEY}" and "data", not "${key}"`, child(path, key));
  }
  if (typeof type !== 'string') throw malformed(`"${VALUE_KEY}" must be a type name`, child(path, VALUE_KEY));
  const hasData = Object.hasOwn(tag, 'data');
  const data = tag.data;
  const at = child(path, 'data');
  if (type === 'undefined') {
    if (hasData) throw malformed('an undefined value has no "data"', at);
    return undefined;
  }
  if (!hasData) throw malformed(`a tagged ${type} needs "data"`, path);
  for (const registry of codecs) {
    const codec = registry.get(type);
    if (codec === undefined) continue;
    const decoded = read(data, at);
    try {
      return codec.decode(decoded);
    } catch (cause) {
      throw new ConfigSpecError('INVALID_SPEC_DICT', `the "${type}" codec could not decode this data`, { path: formatPath(path), target: type, cause });
    }
  }
  switch (type) {
    case 'number': {
      const number = typeof data === 'string' ? SPECIAL_NUMBERS.get(data) : undefined;
      if (number === undefined) throw malformed('a tagged number is "NaN", "Infinity", "-Infinity" or "-0"', at);
      return number;
    }
    case 'bigint':
      if (typeof data !== 'string' || !/^-?[0-9]+$/.test(data)) throw malformed('a tagged bigint is a string of decimal digits', at);
      return BigInt(data);
    case 'Date': {
      if (data === null) return new Date(NaN);
      const date = typeof data === 'string' ? new Date(data) : undefined;
      if (date === undefined || Number.isNaN(date.getTime())) throw malformed('a tagged Date is an ISO 8601 string or null', at);
      return date;
    }
    case 'Map': {
      if (!Array.isArray(data)) throw malformed('a tagged Map is an array of [key, value] pairs', at);
      const map = new Map<unknown, unknown>();
      data.forEach((pair: unknown, i) => {
        if (!Array.isArray(pair) || pair.length !== 2) throw malformed('each entry of a tagged Map is a [key, value] pair', child(at, i));
        map.set(read(pair[0], child(child(at, i), 0)), read(pair[1], child(child(at, i), 1)));
      });
      return map;
    }
    case 'Set': {
      if (!Array.isArray(data)) throw malformed('a tagged Set is an array of values', at);
      return new Set(data.map((item: unknown, i) => read(item, child(at, i))));
    }
    case 'RegExp': {
      const source: unknown = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).source : undefined;
      const flags: unknown = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).flags : undefined;
      if (typeof source !== 'string' || typeof flags !== 'string') throw malformed('a tagged RegExp is { source, flags }', at);
      try {
        return new RegExp(source, flags);
      } catch (cause) {
        throw new ConfigSpecError('INVALID_SPEC_DICT', 'this RegExp does not compile', { path: formatPath(at), cause });
      }
    }
    default:
      return untagTypedArray(type, data, path, codecs);
  }
}

function untagTypedArray(type: string, data: unknown, path: PathNode | undefined, codecs: readonly ValueCodecs[]): unknown {
  const at = child(path, 'data');
  const ctor = TYPED_ARRAYS.get(type);
  if (ctor === undefined) {
    const known = [...BUILTIN_TYPES, ...codecs.flatMap((c) => [...c.names()])];
    throw malformed(`unknown value type "${type}"${didYouMean(type, known)}; register it with registerValue()`, child(path, VALUE_KEY));
  }
  if (!Array.isArray(data)) throw malformed(`a tagged ${type} is an array of numbers`, at);
  const big = type.startsWith('Big');
  const elements = data.map((item: unknown, i) => {
    if (big) {
      if (typeof item !== 'string' || !/^-?[0-9]+$/.test(item)) throw malformed(`elements of a ${type} are decimal strings`, child(at, i));
      return BigInt(item);
    }
    if (typeof item === 'number') return item;
    const special = typeof item === 'string' ? SPECIAL_NUMBERS.get(item) : undefined;
    if (special === undefined) throw malformed(`elements of a ${type} are numbers (or "NaN", "Infinity", "-Infinity", "-0")`, child(at, i));
    return special;
  });
  return new ctor(elements as ArrayLike<number> & ArrayLike<bigint>);
}

function typedArrayName(value: TypedArray): string | undefined {
  for (const [name, ctor] of TYPED_ARRAYS) if (value instanceof ctor) return name;
  return undefined;
}

function typedElement(element: number | bigint): number | string {
  if (typeof element === 'bigint') return element.toString();
  return Number.isFinite(element) && !Object.is(element, -0) ? element : numberText(element);
}

function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function malformed(message: string, path: PathNode | undefined): ConfigSpecError {
  return new ConfigSpecError('INVALID_SPEC_DICT', message, { path: formatPath(path) });
}
