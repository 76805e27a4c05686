/**
 * Text output of the `config-spec` command line: a config as a readable tree (`show`), a one-line
 * summary of any config value, and the path-by-path difference of two configs (`diff`). Works on the
 * raw JSON, so it needs no registry and shows malformed configs as they are.
 */
import { isEscapedKeyword, MARKER, RECURSIVE, RESERVED_KEYS } from './dict-keys.js';
import { inspectNode, type NodeKind } from './node-kind.js';
import { ConfigSpecError } from './errors.js';
import { appendPath } from './path.js';
import { REF_KEY } from './refs.js';
import { MAX_DEPTH, isPlainObject, setOwn } from './tree.js';
import { printable, printableJson, quote } from './printable.js';
import { VALUE_KEY } from './values.js';

/** ANSI styling, or none: every function returns its text unchanged when colors are off. */
export interface Style {
  readonly target: (text: string) => string;
  readonly note: (text: string) => string;
  readonly ref: (text: string) => string;
  readonly tagged: (text: string) => string;
  readonly added: (text: string) => string;
  readonly removed: (text: string) => string;
  readonly changed: (text: string) => string;
}

const ansi = (open: string) => (text: string): string => `\u001b[${open}m${text}\u001b[0m`;

/** The style of a terminal (`color: true`) or of a pipe (`false`: plain text). */
export function makeStyle(color: boolean): Style {
  if (!color) {
    const plain = (text: string): string => text;
    return { target: plain, note: plain, ref: plain, tagged: plain, added: plain, removed: plain, changed: plain };
  }
  return {
    target: ansi('1;36'),
    note: ansi('2'),
    ref: ansi('35'),
    tagged: ansi('33'),
    added: ansi('32'),
    removed: ansi('31'),
    changed: ansi('33'),
  };
}

type Json = Record<string, unknown>;
/** `JSON.stringify` typed as it behaves: `undefined` for `undefined`, functions and symbols. */
const jsonText = (value: unknown): string | undefined => printableJson(value);

/**
 * How the printers show a node: as {@link inspectNode} finds it (they show malformed configs as they
 * are, so a bad marker never throws), except that a reference whose path is not a string is shown
 * as what its other keys make it.
 */
function shownKind(value: unknown): NodeKind {
  const kind = inspectNode(value);
  if (kind !== 'ref' || typeof (value as Json)[REF_KEY] === 'string') return kind;
  return Object.hasOwn(value as Json, VALUE_KEY) ? 'tagged' : 'object';
}

// The fields of a spec dict a printer shows in its own way: every reserved key but `kwargs`, whose
// keywords are shown (by formatTree under a `kwargs` label, by summarize among the others).
const isShownField = (key: string): boolean => key !== 'kwargs' && RESERVED_KEYS.has(key);

// A tagged value's type as shown: the name, escaped; anything else as JSON.
function typeName(type: unknown): string {
  return typeof type === 'string' ? printable(type) : (jsonText(type) ?? String(type));
}

function tooDeep(path: string): ConfigSpecError {
  return new ConfigSpecError('TOO_DEEP', `nesting is deeper than the limit of ${String(MAX_DEPTH)} levels`, { path });
}

/** The header of a spec dict: `optim:Adam (partial)`. */
function specHeader(dict: Json, style: Style): string {
  const target = typeof dict.target === 'string' ? dict.target : `<target ${jsonText(dict.target) ?? 'missing'}>`;
  const notes = [dict.called === true ? 'called' : 'partial'];
  if (dict[RECURSIVE] === false) notes.push('not recursive');
  return `${style.target(printable(target))} ${style.note(`(${notes.join(', ')})`)}`;
}

/** A tagged value in one short piece when its data is short: `Date(2024-01-01T00:00:00.000Z)`, `NaN`, `12n`. */
function tagInline(tag: Json): string | undefined {
  const type = tag[VALUE_KEY];
  const data = tag.data;
  if (type === 'number' && typeof data === 'string') return printable(data);
  if (type === 'bigint' && typeof data === 'string') return `${printable(data)}n`;
  if (type === 'undefined') return 'undefined';
  if (type === 'Date' && (typeof data === 'string' || data === null)) return `Date(${data === null ? 'Invalid Date' : printable(data)})`;
  if (type === 'RegExp' && isPlainObject(data) && typeof data.source === 'string' && typeof data.flags === 'string') return printable(`/${data.source}/${data.flags}`);
  const text = shortJson(data, 60);
  return text === undefined ? undefined : `${typeName(type)}(${text})`;
}

/**
 * The JSON text of `value` (escaped, as {@link printableJson}) when it has at most `limit`
 * characters, else `undefined`, found without writing more than that: a short form of a big value
 * costs O(limit), not O(the value). (Writing every tagged level in full made nested tagged data
 * quadratic to show.)
 */
function shortJson(value: unknown, limit: number): string | undefined {
  let out = '';
  const put = (item: unknown): boolean => {
    if (Array.isArray(item)) {
      out += '[';
      for (let i = 0; i < item.length && out.length <= limit; i++) {
        if (i > 0) out += ',';
        if (!put(item[i] === undefined ? null : item[i])) return false;
      }
      out += ']';
    } else if (isPlainObject(item)) {
      out += '{';
      let first = true;
      for (const key in item) {
        if (!Object.hasOwn(item, key) || item[key] === undefined) continue;
        if (out.length > limit) return false;
        if (!first) out += ',';
        first = false;
        out += `${quote(key)}:`;
        if (!put(item[key])) return false;
      }
      out += '}';
    } else {
      const text = typeof item === 'string' && item.length > limit ? undefined : jsonText(item);
      if (text === undefined) return false;
      out += text;
    }
    return out.length <= limit;
  };
  return put(value) ? out : undefined;
}

/**
 * The config as a readable tree, one line per node, two spaces of indentation per level: spec dicts
 * as their target (styled) with `(called)`/`(partial)`, keywords as `name: value`, positional
 * arguments as `args[i]: value`, references as `→ path`, tagged values as `Date(…)`, `NaN`, `12n`.
 * @throws ConfigSpecError `TOO_DEEP` past {@link MAX_DEPTH} levels
 */
export function formatTree(tree: unknown, style: Style): string {
  const lines: string[] = [];
  const visit = (label: string, value: unknown, indent: string, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw tooDeep(path);
    // Past MAX_INDENT the indentation stops growing and the line says its depth instead: indenting
    // every line by its depth made the output of deep configs quadratic in their size.
    const capped = indent.length >= MAX_INDENT;
    const lead = `${indent}${capped ? `(${String(depth)}) ` : ''}${label === '' ? '' : `${label}: `}`;
    const kind = shownKind(value);
    // Children go one level in under a line of their own; the root's containers have none.
    const inner = capped || (label === '' && kind !== 'spec-dict' && kind !== 'tagged') ? indent : `${indent}  `;
    const node = value as Json;
    switch (kind) {
      case 'spec-dict': {
        lines.push(`${lead}${specHeader(node, style)}`);
        const args = node.args;
        if (Array.isArray(args)) for (let i = 0; i < args.length; i++) visit(`args[${String(i)}]`, args[i], inner, appendPath(appendPath(path, 'args'), i), depth + 1);
        else if (args !== undefined) visit('args', args, inner, appendPath(path, 'args'), depth + 1);
        for (const key of Object.keys(node)) {
          if (!isShownField(key)) visit(labelOf(key), node[key], inner, appendPath(path, key), depth + 1);
        }
        return;
      }
      case 'ref':
        lines.push(`${lead}${style.ref(`→ ${node[REF_KEY] === '' ? '(root)' : printable(node[REF_KEY] as string)}`)}`);
        return;
      case 'tagged': {
        const short = tagInline(node);
        if (short !== undefined) {
          lines.push(`${lead}${style.tagged(short)}`);
          return;
        }
        lines.push(`${lead}${style.tagged(typeName(node[VALUE_KEY]))}`);
        visit('data', node.data, inner, appendPath(path, 'data'), depth + 1);
        return;
      }
      case 'array': {
        const array = value as unknown[];
        if (array.length === 0) lines.push(`${lead}[]`);
        else {
          if (label !== '') lines.push(lead.trimEnd());
          for (let i = 0; i < array.length; i++) visit(`[${String(i)}]`, array[i], inner, appendPath(path, i), depth + 1);
        }
        return;
      }
      case 'object': {
        const keys = Object.keys(node);
        if (keys.length === 0) lines.push(`${lead}{}`);
        else {
          if (label !== '') lines.push(lead.trimEnd());
          for (const key of keys) visit(labelOf(key), node[key], inner, appendPath(path, key), depth + 1);
        }
        return;
      }
      default:
        break;
    }
    lines.push(`${lead}${jsonText(value) ?? String(value)}`);
  };
  visit('', tree, '', '', 0);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

// An object key as a label: identifiers bare, anything else JSON-quoted.
function labelOf(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
}

const SUMMARY_LIMIT = 120;
/** How far `show` indents: 32 levels, two spaces each. */
const MAX_INDENT = 64;

/**
 * One line for any config value, shortened with `…` past about 120 characters: JSON scalars as JSON,
 * spec dicts as `optim:Adam(lr=0.001)` (called) or `partial(optim:Adam, lr=0.001)`, references as
 * `→ path`, tagged values as in {@link formatTree}, containers as `{a: 1}` and `[1, 2]`.
 */
export function summarize(value: unknown): string {
  const text = summary(value, 0, { left: SUMMARY_LIMIT });
  return text.length > SUMMARY_LIMIT ? `${text.slice(0, SUMMARY_LIMIT - 1)}…` : text;
}

// `budget.left`: how many more characters are worth making. Past it a summary stops (`…`), so a
// summary costs O(its length), not O(the value): a diff of big nested values stays linear.
function summary(value: unknown, depth: number, budget: { left: number }): string {
  if (depth > 8 || budget.left <= 0) return '…';
  const spend = (text: string): string => {
    budget.left -= text.length + 2;
    return text;
  };
  // The parts of a container, until the budget runs out.
  const parts = (items: Iterable<() => string>): string[] => {
    const out: string[] = [];
    for (const item of items) {
      if (budget.left <= 0) {
        out.push('…');
        break;
      }
      out.push(item());
    }
    return out;
  };
  const kind = shownKind(value);
  const node = value as Json;
  switch (kind) {
    case 'spec-dict': {
      const target = typeof node.target === 'string' ? printable(node.target) : '?';
      spend(target);
      const items = function* (dict: Json): Generator<() => string> {
        if (Array.isArray(dict.args)) for (const arg of dict.args as unknown[]) yield () => summary(arg, depth + 1, budget);
        for (const key of Object.keys(dict)) {
          if (isShownField(key)) continue;
          const kwargs = dict.kwargs;
          if (key === 'kwargs' && isPlainObject(kwargs)) {
            for (const name of Object.keys(kwargs)) yield () => `${spend(printable(name))}=${summary(kwargs[name], depth + 1, budget)}`;
          } else yield () => `${spend(printable(key))}=${summary(dict[key], depth + 1, budget)}`;
        }
      };
      const list = parts(items(node));
      return node.called === true ? `${target}(${list.join(', ')})` : `partial(${[target, ...list].join(', ')})`;
    }
    case 'ref':
      return spend(`→ ${printable(node[REF_KEY] as string)}`);
    case 'tagged':
      return spend(tagInline(node) ?? `${typeName(node[VALUE_KEY])}(…)`);
    case 'array':
      return `[${parts(Array.from(value as unknown[], (item: unknown) => () => summary(item, depth + 1, budget))).join(', ')}]`;
    case 'object': {
      const keys = Object.keys(node);
      return `{${parts(keys.map((key) => () => `${spend(labelOf(key))}: ${summary(node[key], depth + 1, budget)}`)).join(', ')}}`;
    }
    default:
      break;
  }
  // A long string is cut before it is quoted: summarize shortens the line anyway.
  if (typeof value === 'string') return spend(quote(value.length > SUMMARY_LIMIT ? value.slice(0, SUMMARY_LIMIT) : value));
  return spend(jsonText(value) ?? String(value));
}

/** One difference between two configs. */
export interface Change {
  /** `+` added in the second config, `-` removed from it, `~` changed. */
  readonly kind: '+' | '-' | '~';
  /** Where, as in error paths; `""` is the root. */
  readonly path: string;
  /** The value in the first config (absent for `+`). */
  readonly before?: unknown;
  /** The value in the second config (absent for `-`). */
  readonly after?: unknown;
}

/**
 * What changed from config `a` to config `b`, path by path, in the order of `a` (then additions):
 * objects key by key, arrays index by index, spec dicts keyword by keyword. A spec dict whose target
 * changed (after `canonical`, which maps aliases to canonical names) is one change of the whole node,
 * as is a spec dict replaced by plain data. A missing `called`/`args`/`kwargs`/`__recursive__` equals
 * its default.
 * @throws ConfigSpecError `TOO_DEEP` past {@link MAX_DEPTH} levels
 */
export function diffConfigs(a: unknown, b: unknown, canonical: (target: string) => string = (t) => t): Change[] {
  const changes: Change[] = [];
  const walk = (x: unknown, y: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw tooDeep(path);
    const kx = inspectNode(x);
    const ky = inspectNode(y);
    if (kx === 'spec-dict' || ky === 'spec-dict') {
      const sameTarget = kx === ky && typeof (x as Json).target === 'string' && typeof (y as Json).target === 'string'
        && canonical((x as Json).target as string) === canonical((y as Json).target as string);
      if (!sameTarget) {
        if (!equal(x, y)) changes.push({ kind: '~', path, before: x, after: y });
        return;
      }
      walkObject(normalSpec(x as Json), normalSpec(y as Json), path, depth);
      return;
    }
    if (kx === 'ref' || ky === 'ref' || kx === 'tagged' || ky === 'tagged') {
      if (!equal(x, y)) changes.push({ kind: '~', path, before: x, after: y });
      return;
    }
    if (kx === 'array' && ky === 'array') {
      const xs = x as unknown[];
      const ys = y as unknown[];
      const shared = Math.min(xs.length, ys.length);
      for (let i = 0; i < shared; i++) walk(xs[i], ys[i], appendPath(path, i), depth + 1);
      for (let i = shared; i < xs.length; i++) changes.push({ kind: '-', path: appendPath(path, i), before: xs[i] });
      for (let i = shared; i < ys.length; i++) changes.push({ kind: '+', path: appendPath(path, i), after: ys[i] });
      return;
    }
    if (kx === 'object' && ky === 'object') {
      walkObject(x as Json, y as Json, path, depth);
      return;
    }
    if (!equal(x, y)) changes.push({ kind: '~', path, before: x, after: y });
  };
  const walkObject = (x: Json, y: Json, path: string, depth: number): void => {
    for (const key of Object.keys(x)) {
      const at = appendPath(path, key);
      if (Object.hasOwn(y, key)) walk(x[key], y[key], at, depth + 1);
      else changes.push({ kind: '-', path: at, before: x[key] });
    }
    for (const key of Object.keys(y)) if (!Object.hasOwn(x, key)) changes.push({ kind: '+', path: appendPath(path, key), after: y[key] });
  };
  walk(a, b, '', 0);
  return changes;
}

// A spec dict without the fields that equal their defaults, and without target and marker (compared already).
function normalSpec(dict: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(dict)) {
    const value = dict[key];
    if (key === 'target' || key === MARKER) continue;
    if (key === 'called' && value === false) continue;
    if (key === RECURSIVE && value === true) continue;
    if (key === 'args' && Array.isArray(value) && value.length === 0) continue;
    if (key === 'kwargs' && isPlainObject(value) && Object.keys(value).length === 0) continue;
    setOwn(out, key, value);
  }
  return out;
}

function equal(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((item, i) => equal(item, y[i]));
  if (isPlainObject(x) && isPlainObject(y)) {
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((key) => Object.hasOwn(y, key) && equal(x[key], y[key]));
  }
  return false;
}

/** The lines of a diff: `+ path: value`, `- path: value`, `~ path: old → new`; the root is `(root)`. */
export function formatChanges(changes: readonly Change[], style: Style): string {
  return changes.map((change) => {
    const where = change.path === '' ? '(root)' : change.path;
    if (change.kind === '+') return style.added(`+ ${where}: ${summarize(change.after)}`);
    if (change.kind === '-') return style.removed(`- ${where}: ${summarize(change.before)}`);
    return style.changed(`~ ${where}: ${summarize(change.before)} → ${summarize(change.after)}`);
  }).map((line) => `${line}\n`).join('');
}

/** The path of keyword `name` of the spec at `path`, as the JSON has it (`x.kwargs.target` when escaped). */
export function keywordPathText(path: string, name: string): string {
  return isEscapedKeyword(name) ? appendPath(appendPath(path, 'kwargs'), name) : appendPath(path, name);
}
