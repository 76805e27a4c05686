/**
 * JSON as the Python family writes it, read and written without a dependency: strict JSON plus
 * Python's bare `NaN`, `Infinity` and `-Infinity` (what `json.dump` writes for non-finite floats),
 * and, for JSONC, `//` and `/* *\/` comments and trailing commas. Non-finite numbers are read as
 * tagged numbers (`{"__value__": "number", "data": "NaN"}`) so they survive every later step.
 *
 * A hand-written reader rather than `JSON.parse`: it reports the line and column of every error,
 * refuses duplicate keys (which `JSON.parse` resolves silently, last one winning), keeps `__proto__`
 * as an own key and stops at the depth limit instead of the call stack.
 */
import { protoKeyError } from './dict-keys.js';
import { ConfigSpecError } from './errors.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { classifyData, notPlainData } from './node-kind.js';
import { Ancestors, guardWalk, MAX_DEPTH } from './tree.js';
import { VALUE_KEY } from './values.js';

/** A line and a column, both counted from 1. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** The line and column of character `offset` of `text`. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The tagged form of a non-finite number (or `-0`), as config-spec writes it. */
export function tagNumber(value: number): Record<string, unknown> {
  return { [VALUE_KEY]: 'number', data: Object.is(value, -0) ? '-0' : String(value) };
}

/** Where a parse error is reported: the file name for messages. */
export interface TextSource {
  readonly file?: string | undefined;
}

/**
 * A parse error at `offset` of `text`: `INVALID_SPEC_DICT` with `line` and `column`, the path of the
 * value being read, and the file name in the message.
 */
export function syntaxError(message: string, text: string, offset: number, source: TextSource, path: PathNode | undefined = ROOT, cause?: unknown): ConfigSpecError {
  const { line, column } = positionAt(text, offset);
  return positionedError(message, { line, column }, source, formatPath(path), cause);
}

/** An `INVALID_SPEC_DICT` error at a known line and column. */
export function positionedError(message: string, position: TextPosition, source: TextSource, path = '', cause?: unknown): ConfigSpecError {
  const where = `${source.file === undefined ? '' : `${source.file}:`}${String(position.line)}:${String(position.column)}`;
  return new ConfigSpecError('INVALID_SPEC_DICT', `${where}: ${message}`, { path, line: position.line, column: position.column, cause });
}

// Deeper than every walker's limit, so that the walkers report a too-deep tree with their own paths;
// shallow enough for the call stack (two frames a level).
const PARSE_DEPTH = 2 * MAX_DEPTH;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORDS: readonly (readonly [string, unknown])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

/**
 * Reads JSON (with `comments: true`, JSONC) into plain data; bare `NaN`/`Infinity`/`-Infinity`
 * outside strings become tagged numbers.
 * @throws ConfigSpecError `INVALID_SPEC_DICT` with line and column for a syntax error or a duplicate
 *   key; `TOO_DEEP` past the depth limit
 */
export function parseJsonText(text: string, options: TextSource & { readonly comments: boolean }): unknown {
  const reader = new JsonReader(text, options);
  reader.skip();
  let value: unknown;
  try {
    value = reader.value(ROOT, 0);
  } catch (error) {
    // A call stack smaller than usual (a deep caller): the same error as the depth limit.
    if (error instanceof RangeError) throw new ConfigSpecError('TOO_DEEP', 'nesting is too deep for the call stack', { cause: error, ...positionAt(text, reader.at) });
    throw error;
  }
  reader.skip();
  if (reader.at < text.length) throw reader.error('unexpected text after the end of the JSON value');
  return value;
}

class JsonReader {
  at = 0;

  constructor(readonly text: string, readonly options: TextSource & { readonly comments: boolean }) {}

  error(message: string, offset = this.at, path?: PathNode): ConfigSpecError {
    return syntaxError(message, this.text, offset, this.options, path);
  }

  // Whitespace, and comments when they are allowed.
  skip(): void {
    const { text } = this;
    for (;;) {
      const code = text.charCodeAt(this.at);
      if (code === 32 || code === 10 || code === 13 || code === 9) {
        this.at++;
      } else if (code === 47 && this.options.comments) {
        const next = text[this.at + 1];
        if (next === '/') {
          const end = text.indexOf('\n', this.at);
          this.at = end < 0 ? text.length : end + 1;
        } else if (next === '*') {
          const end = text.indexOf('*/', this.at + 2);
          if (end < 0) throw this.error('a /* comment is never closed');
          this.at = end + 2;
        } else return;
      } else return;
    }
  }

  value(path: PathNode | undefined, depth: number): unknown {
    const { text } = this;
    const char = text[this.at];
    if (char === '{' || char === '[') {
      if (depth >= PARSE_DEPTH) throw new ConfigSpecError('TOO_DEEP', `nesting is deeper than the parser's limit of ${String(PARSE_DEPTH)} levels`, { path: formatPath(path) });
      return char === '{' ? this.object(path, depth + 1) : this.array(path, depth + 1);
    }
    if (char === '"') return this.string();
    NUMBER.lastIndex = this.at;
    const number = NUMBER.exec(text);
    if (number !== null) {
      this.at += number[0].length;
      return Number(number[0]);
    }
    for (const [word, value] of WORDS) {
      if (text.startsWith(word, this.at)) {
        this.at += word.length;
        return typeof value === 'number' ? tagNumber(value) : value;
      }
    }
    if (this.at >= text.length) throw this.error('the text ends where a value was expected');
    throw this.error(`unexpected ${JSON.stringify(text.slice(this.at, this.at + 12))} where a value was expected`);
  }

  string(): string {
    const { text } = this;
    const start = this.at;
    let i = start + 1;
    for (;;) {
      const code = text.charCodeAt(i);
      if (Number.isNaN(code)) throw this.error('a string is never closed', start);
      if (code === 34) break;
      if (code === 92) i++;
      else if (code < 32) throw this.error('a control character must be escaped inside a string', i);
      i++;
    }
    this.at = i + 1;
    try {
      return JSON.parse(text.slice(start, i + 1)) as string;
    } catch (error) {
      throw syntaxError('a string has an invalid escape', text, start, this.options, ROOT, error);
    }
  }

  object(path: PathNode | undefined, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.opensEmpty('}')) return out;
    for (;;) {
      if (this.text[this.at] !== '"') throw this.error(this.text[this.at] === '}' ? 'a trailing comma is not JSON (JSONC allows it)' : 'a key (a string in double quotes) was expected');
      const keyAt = this.at;
      const key = this.string();
      const at = child(path, key);
      if (Object.hasOwn(out, key)) throw this.error(`the key ${JSON.stringify(key)} appears twice in one object`, keyAt, at);
      this.skip();
      if (this.text[this.at] !== ':') throw this.error('":" was expected after a key');
      this.at++;
      this.skip();
      // Defined, not assigned: a "__proto__" key stays an own key (readers refuse it later).
      Object.defineProperty(out, key, { value: this.value(at, depth), enumerable: true, writable: true, configurable: true });
      if (this.closes('}')) return out;
    }
  }

  array(path: PathNode | undefined, depth: number): unknown[] {
    const out: unknown[] = [];
    if (this.opensEmpty(']')) return out;
    for (;;) {
      if (this.text[this.at] === ']') throw this.error('a trailing comma is not JSON (JSONC allows it)');
      out.push(this.value(child(path, out.length), depth));
      if (this.closes(']')) return out;
    }
  }

  // Steps over the "{" or "[" of a container: true when `close` follows at once (it is empty).
  opensEmpty(close: '}' | ']'): boolean {
    this.at++;
    this.skip();
    if (this.text[this.at] !== close) return false;
    this.at++;
    return true;
  }

  // After an item of an object or array: true when `close` ends the container (also after a
  // trailing comma, which JSONC allows), false after the "," before the next item.
  closes(close: '}' | ']'): boolean {
    this.skip();
    const next = this.text[this.at];
    if (next === close) {
      this.at++;
      return true;
    }
    if (next !== ',') throw this.error(`"," or "${close}" was expected`);
    this.at++;
    this.skip();
    if (this.options.comments && this.text[this.at] === close) {
      this.at++;
      return true;
    }
    return false;
  }
}

/** How non-finite numbers are written: as config-spec's tagged numbers, or bare as Python writes them. */
export type NonFiniteStyle = 'tagged' | 'python';

/**
 * Writes plain data as JSON indented by two spaces (the layout of `JSON.stringify(tree, null, 2)`
 * and Python's `json.dumps(tree, indent=2)`). Non-finite numbers, raw or tagged, are written in
 * `nonFinite` style; `-0` as Python writes it (`-0.0`) in python style.
 * @throws ConfigSpecError `NOT_SERIALIZABLE` for a value that is not plain data or a `__proto__` key;
 *   `CYCLE`, `TOO_DEEP`
 */
export function stringifyJsonText(tree: unknown, nonFinite: NonFiniteStyle): string {
  const ancestors = new Ancestors();
  const write = (value: unknown, path: PathNode | undefined, indent: string): string => {
    const kind = classifyData(value);
    switch (kind) {
      case 'scalar':
        return JSON.stringify(value);
      case 'number': {
        const number = value as number;
        if (Number.isFinite(number) && !Object.is(number, -0)) return String(number);
        return nonFinite === 'python' ? pythonNumber(number) : write(tagNumber(number), path, indent);
      }
      case 'other':
        throw new ConfigSpecError('NOT_SERIALIZABLE', `${notPlainData(value)} is not plain data`, { path: formatPath(path) });
      default:
        break;
    }
    const inner = `${indent}  `;
    ancestors.enter(value as object, path);
    let out: string;
    if (kind === 'array') {
      const array = value as unknown[];
      out = array.length === 0 ? '[]' : `[\n${array.map((item, i) => inner + write(item, child(path, i), inner)).join(',\n')}\n${indent}]`;
    } else {
      const object = value as Record<string, unknown>;
      const special = nonFinite === 'python' ? taggedNumber(object) : undefined;
      if (special !== undefined) out = pythonNumber(special);
      else {
        const keys = Object.keys(object);
        out = keys.length === 0 ? '{}' : `{\n${keys.map((key) => {
          if (key === '__proto__') throw protoKeyError('NOT_SERIALIZABLE', formatPath(child(path, key)));
          return `${inner}${JSON.stringify(key)}: ${write(object[key], child(path, key), inner)}`;
        }).join(',\n')}\n${indent}}`;
      }
    }
    ancestors.leave();
    return out;
  };
  return guardWalk(() => write(tree, ROOT, ''), ancestors, 'NOT_SERIALIZABLE');
}

/** The number a tagged number stands for, or `undefined` when `value` is not one. */
export function taggedNumber(value: Record<string, unknown>): number | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 2 || value[VALUE_KEY] !== 'number') return undefined;
  switch (value.data) {
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    case '-0':
      return -0;
    default:
      return undefined;
  }
}

function pythonNumber(value: number): string {
  return Object.is(value, -0) ? '-0.0' : String(value);
}
