/**
 * A short, one-line rendering of any value for messages and `Spec#toString`, in the style of Node's
 * `util.inspect(value, { compact: true, breakLength: Infinity, depth: 2 })`, written here so the core
 * runs without Node (browsers, Deno-style runtimes, bundles): `[ 1, 2 ]`, `{ a: 'x' }`,
 * `[Function: relu]`, `Map(1) { 'k' => 1 }`. Strings are quoted and escaped, so text from a file
 * cannot forge the rest of a message. Bounded: nesting past `depth` is `[Object]`/`[Array]`, a cycle
 * is `[Circular]`, and long containers are cut after 100 entries.
 */
import { quote as quoteJson } from './printable.js';

/** How an object with a custom rendering (a `Spec`) renders itself inside a container. */
export const INSPECT_CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

const MAX_ENTRIES = 100;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A few words naming `value` for a sentence of an error message: `null`, `an array`, `"text"` (JSON-quoted,
 * so text from a file cannot forge the message), `number 5`, `an object`, `a function`. Briefer than
 * {@link describeValue}: a container's contents are not shown.
 */
export function describeBriefly(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    case 'function':
      return 'a function';
    default:
      return typeof value;
  }
}

/** `value` rendered on one line; nested containers below `depth` levels are abbreviated. */
export function describeValue(value: unknown, depth = 2): string {
  return render(value, depth, []);
}

function render(value: unknown, depth: number, seen: object[]): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value.toString()}n`;
    case 'symbol':
      return value.toString();
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
    case 'function':
      return renderFunction(value as (...args: unknown[]) => unknown);
    default:
      return value === null ? 'null' : renderObject(value as object, depth, seen);
  }
}

// Node's choice of quotes: single, else double, else backticks, else single with escapes. The
// content is escaped by the library's one escaping rule (printable.ts: JSON's escapes, plus DEL, C1,
// the line separators and bidi controls), with `\xXX` for the low code points as Node writes them.
function quote(text: string): string {
  // One pass over the escapes, so an escaped backslash is never read as the start of another escape.
  const body = quoteJson(text)
    .slice(1, -1)
    .replace(/\\(?:u00([0-9a-f]{2})|(["\\]))/g, (escape: string, hex: string | undefined, char: string | undefined) =>
      hex !== undefined ? `\\x${hex.toUpperCase()}` : char === '"' ? '"' : escape);
  if (!text.includes("'")) return `'${body}'`;
  if (!text.includes('"')) return `"${body}"`;
  if (!text.includes('`') && !text.includes('${')) return `\`${body}\``;
  return `'${body.replace(/'/g, "\\'")}'`;
}

function renderFunction(fn: (...args: unknown[]) => unknown): string {
  const name = typeof fn.name === 'string' && fn.name !== '' ? fn.name : '';
  let isClass = false;
  try {
    isClass = /^class[\s{]/.test(Function.prototype.toString.call(fn));
  } catch {
    // A revoked Proxy or similar: render it as a function.
  }
  if (isClass) return name === '' ? '[class (anonymous)]' : `[class ${name}]`;
  return name === '' ? '[Function (anonymous)]' : `[Function: ${name}]`;
}

function renderObject(value: object, depth: number, seen: object[]): string {
  if (seen.includes(value)) return '[Circular]';
  const custom = (value as Record<symbol, unknown>)[INSPECT_CUSTOM];
  if (typeof custom === 'function') {
    const shown: unknown = (custom as (this: object) => unknown).call(value);
    if (typeof shown === 'string') return shown;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (value instanceof Error) return `[${value.name}: ${quote(value.message).slice(1, -1)}]`;
  const isArray = Array.isArray(value);
  if (depth < 0) return isArray ? '[Array]' : `[${constructorName(value) ?? 'Object'}]`;
  seen.push(value);
  try {
    if (isArray) return container('', '[', ']', (value as unknown[]).slice(0, MAX_ENTRIES).map((item) => render(item, depth - 1, seen)), value.length);
    if (value instanceof Map) {
      const items = [...value].slice(0, MAX_ENTRIES).map(([k, v]) => `${render(k, depth - 1, seen)} => ${render(v, depth - 1, seen)}`);
      return container(`Map(${String(value.size)}) `, '{', '}', items, value.size);
    }
    if (value instanceof Set) {
      const items = [...value].slice(0, MAX_ENTRIES).map((item) => render(item, depth - 1, seen));
      return container(`Set(${String(value.size)}) `, '{', '}', items, value.size);
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const array = value as unknown as ArrayLike<unknown>;
      const items = Array.from({ length: Math.min(array.length, MAX_ENTRIES) }, (_, i) => render(array[i], depth - 1, seen));
      return container(`${constructorName(value) ?? 'TypedArray'}(${String(array.length)}) `, '[', ']', items, array.length);
    }
    const keys = Object.keys(value);
    const items = keys.slice(0, MAX_ENTRIES).map((key) => `${IDENTIFIER.test(key) ? key : quote(key)}: ${render((value as Record<string, unknown>)[key], depth - 1, seen)}`);
    const name = constructorName(value);
    const prefix = name === undefined || name === 'Object' ? (Object.getPrototypeOf(value) === null ? '[Object: null prototype] ' : '') : `${name} `;
    return container(prefix, '{', '}', items, keys.length);
  } finally {
    seen.pop();
  }
}

function container(prefix: string, open: string, close: string, items: string[], total: number): string {
  if (total > items.length) items.push(`... ${String(total - items.length)} more item${total - items.length > 1 ? 's' : ''}`);
  return items.length === 0 ? `${prefix}${open}${close}` : `${prefix}${open} ${items.join(', ')} ${close}`;
}

function constructorName(value: object): string | undefined {
  try {
    const ctor = (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor;
    return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : undefined;
  } catch {
    return undefined;
  }
}
