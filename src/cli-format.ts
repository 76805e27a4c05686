/**
 * Text output of the `config-spec` command line: a config as a readable tree (`show`), a one-line
 * summary of any config value, and the path-by-path difference of two configs (`diff`). Works on the
 * raw JSON, so it needs no registry and shows malformed configs as they are.
 */
import { isEscapedKeyword, MARKER, RECURSIVE } from './dict-keys.js';
import { isSpecNode } from './dict-format.js';
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

const isRefNode = (value: unknown): value is Json => isPlainObject(value) && Object.hasOwn(value, REF_KEY);
const isTaggedNode = (value: unknown): value is Json => isPlainObject(value) && Object.hasOwn(value, VALUE_KEY);

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
  const text = jsonText(data);
  return text !== undefined && text.length <= 60 ? `${typeName(type)}(${text})` : undefined;
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
    const lead = `${indent}${label === '' ? '' : `${label}: `}`;
    // Children go one level in under a line of their own; the root's containers have none.
    const inner = label === '' && !isSpecNode(value) && !isTaggedNode(value) ? indent : `${indent}  `;
    if (isSpecNode(value)) {
      lines.push(`${lead}${specHeader(value, style)}`);
      const args = value.args;
      if (Array.isArray(args)) for (let i = 0; i < args.length; i++) visit(`args[${String(i)}]`, args[i], inner, appendPath(appendPath(path, 'args'), i), depth + 1);
      else if (args !== undefined) visit('args', args, inner, appendPath(path, 'args'), depth + 1);
      for (const key of Object.keys(value)) {
        if (key === 'target' || key === 'args' || key === 'called' || key === MARKER || key === RECURSIVE) continue;
        visit(labelOf(key), value[key], inner, appendPath(path, key), depth + 1);
      }
      return;
    }
    if (isRefNode(value) && typeof value[REF_KEY] === 'string') {
      lines.push(`${lead}${style.ref(`→ ${value[REF_KEY] === '' ? '(root)' : printable(value[REF_KEY])}`)}`);
      return;
    }
    if (isTaggedNode(value)) {
      const short = tagInline(value);
      if (short !== undefined) {
        lines.push(`${lead}${style.tagged(short)}`);
        return;
      }
      lines.push(`${lead}${style.tagged(typeName(value[VALUE_KEY]))}`);
      visit('data', value.data, inner, appendPath(path, 'data'), depth + 1);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${lead}[]`);
      else {
        if (label !== '') lines.push(lead.trimEnd());
        for (let i = 0; i < value.length; i++) visit(`[${String(i)}]`, value[i], inner, appendPath(path, i), depth + 1);
      }
      return;
    }
    if (isPlainObject(value)) {
      const keys = Object.keys(value);
      if (keys.length === 0) lines.push(`${lead}{}`);
      else {
        if (label !== '') lines.push(lead.trimEnd());
        for (const key of keys) visit(labelOf(key), value[key], inner, appendPath(path, key), depth + 1);
      }
      return;
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

/**
 * One line for any config value, shortened with `…` past about 120 characters: JSON scalars as JSON,
 * spec dicts as `optim:Adam(lr=0.001)` (called) or `partial(optim:Adam, lr=0.001)`, references as
 * `→ path`, tagged values as in {@link formatTree}, containers as `{a: 1}` and `[1, 2]`.
 */
export function summarize(value: unknown): string {
  const text = summary(value, 0);
  return text.length > SUMMARY_LIMIT ? `${text.slice(0, SUMMARY_LIMIT - 1)}…` : text;
}

function summary(value: unknown, depth: number): string {
  if (depth > 8) return '…';
  if (isSpecNode(value)) {
    const parts: string[] = [];
    if (Array.isArray(value.args)) for (const arg of value.args) parts.push(summary(arg, depth + 1));
    for (const key of Object.keys(value)) {
      if (['target', 'args', 'called', MARKER, RECURSIVE].includes(key)) continue;
      if (key === 'kwargs' && isPlainObject(value.kwargs)) {
        for (const name of Object.keys(value.kwargs)) parts.push(`${printable(name)}=${summary(value.kwargs[name], depth + 1)}`);
      } else parts.push(`${printable(key)}=${summary(value[key], depth + 1)}`);
    }
    const target = typeof value.target === 'string' ? printable(value.target) : '?';
    return value.called === true ? `${target}(${parts.join(', ')})` : `partial(${[target, ...parts].join(', ')})`;
  }
  if (isRefNode(value) && typeof value[REF_KEY] === 'string') return `→ ${printable(value[REF_KEY])}`;
  if (isTaggedNode(value)) return tagInline(value) ?? `${typeName(value[VALUE_KEY])}(…)`;
  if (Array.isArray(value)) return `[${value.map((item) => summary(item, depth + 1)).join(', ')}]`;
  if (isPlainObject(value)) return `{${Object.keys(value).map((key) => `${labelOf(key)}: ${summary(value[key], depth + 1)}`).join(', ')}}`;
  return jsonText(value) ?? String(value);
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
    if (isSpecNode(x) || isSpecNode(y)) {
      const sameTarget = isSpecNode(x) && isSpecNode(y) && typeof x.target === 'string' && typeof y.target === 'string'
        && canonical(x.target) === canonical(y.target);
      if (!sameTarget) {
        if (!equal(x, y)) changes.push({ kind: '~', path, before: x, after: y });
        return;
      }
      walkObject(normalSpec(x), normalSpec(y), path, depth);
      return;
    }
    if (isRefNode(x) || isRefNode(y) || isTaggedNode(x) || isTaggedNode(y)) {
      if (!equal(x, y)) changes.push({ kind: '~', path, before: x, after: y });
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      const shared = Math.min(x.length, y.length);
      for (let i = 0; i < shared; i++) walk(x[i], y[i], appendPath(path, i), depth + 1);
      for (let i = shared; i < x.length; i++) changes.push({ kind: '-', path: appendPath(path, i), before: x[i] });
      for (let i = shared; i < y.length; i++) changes.push({ kind: '+', path: appendPath(path, i), after: y[i] });
      return;
    }
    if (isPlainObject(x) && isPlainObject(y)) {
      walkObject(x, y, path, depth);
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
