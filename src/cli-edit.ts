/**
 * Editing a config file in place, keeping its comments and layout: the edit is computed on the data
 * (`applyOverrides`), reduced to the values that changed, and only those are written back into the
 * text — through the `yaml` package's Document API for YAML and `jsonc-parser`'s `modify`/`applyEdits`
 * for JSONC. Both are imported when a file of theirs is edited, not before.
 */
import { isPlainObject } from './tree.js';
import { YAML_11_NOT_STRING } from './config-text.js';
import { taggedNumber } from './json-text.js';

/** One change to a config: the value at `path` set (or, with `remove`, deleted). */
export interface ConfigEdit {
  readonly path: readonly (string | number)[];
  readonly value?: unknown;
  readonly remove?: boolean;
}

/**
 * The changes that turn `before` into `after`: a key set, added or removed where objects differ,
 * an index where arrays of one length differ, a whole array where their lengths do. `keep(key)` names
 * keys of `before` that `after` leaves out on purpose (a format's keys a conversion drops): they stay.
 */
export function configEdits(before: unknown, after: unknown, keep: (key: string) => boolean = () => false): ConfigEdit[] {
  const edits: ConfigEdit[] = [];
  const walk = (a: unknown, b: unknown, path: (string | number)[]): void => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of Object.keys(a)) {
        if (!Object.hasOwn(b, key) && !keep(key)) edits.push({ path: [...path, key], remove: true });
      }
      for (const key of Object.keys(b)) {
        if (Object.hasOwn(a, key)) walk(a[key], b[key], [...path, key]);
        else edits.push({ path: [...path, key], value: b[key] });
      }
    } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      for (let i = 0; i < a.length; i++) walk(a[i], b[i], [...path, i]);
    } else if (!sameData(a, b)) {
      edits.push({ path, value: b });
    }
  };
  walk(before, after, []);
  return edits;
}

function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameData(a[key], b[key]));
  }
  return false;
}

/**
 * YAML text with `edits` applied. A scalar replaced by a scalar is replaced in the text itself (its
 * quoting style kept), so every other byte stays; any other edit goes through the `yaml` Document
 * API, which keeps comments but normalises spacing.
 */
export async function editYamlText(text: string, edits: readonly ConfigEdit[]): Promise<string> {
  const yaml = await import('yaml');
  const doc = yaml.parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, merge: false, resolveKnownTags: false });
  const splices: { start: number; end: number; text: string }[] = [];
  let structural = false;
  for (const edit of edits) {
    // YAML writes non-finite numbers as its own .inf / .nan.
    const value = untagNumbers(edit.value);
    const node: unknown = edit.path.length === 0 ? doc.contents : doc.getIn(edit.path, true);
    if (edit.remove !== true && yaml.isScalar(node) && node.range !== undefined && node.range !== null && (typeof value !== 'object' || value === null)) {
      splices.push({ start: node.range[0], end: node.range[1], text: scalarText(yaml, value, node.type) });
      continue;
    }
    structural = true;
    if (edit.remove === true) doc.deleteIn(edit.path);
    else if (edit.path.length === 0) doc.contents = doc.createNode(value) as typeof doc.contents;
    else doc.setIn(edit.path, doc.createNode(value));
  }
  if (!structural) {
    let out = text;
    for (const splice of splices.sort((a, b) => b.start - a.start)) out = out.slice(0, splice.start) + splice.text + out.slice(splice.end);
    return out;
  }
  // The splices' nodes are in the document too: set them there before it is written out.
  for (const edit of edits) {
    const node: unknown = edit.remove === true || edit.path.length === 0 ? undefined : doc.getIn(edit.path, true);
    const value = untagNumbers(edit.value);
    if (yaml.isScalar(node) && (typeof value !== 'object' || value === null)) {
      if (typeof value !== 'string' || typeof node.value !== 'string') node.type = undefined;
      node.value = value;
    }
  }
  return doc.toString({ indentSeq: false, lineWidth: 0 });
}

type YamlModule = typeof import('yaml');

// A scalar's text for a value position: a string keeps the quotes it had; one that a YAML 1.1 reader
// would take for something else, or that spans lines, is double-quoted.
function scalarText(yaml: YamlModule, value: unknown, type: string | undefined): string {
  if (typeof value === 'string') {
    if (type === 'QUOTE_SINGLE' && !value.includes('\n')) return `'${value.replace(/'/g, "''")}'`;
    const plain = yaml.stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
    if (type === 'QUOTE_DOUBLE' || plain.includes('\n') || plain !== value || YAML_11_NOT_STRING.test(value)) return JSON.stringify(value);
    return plain;
  }
  return yaml.stringify(value).replace(/\n$/, '');
}

/** JSONC (or JSON) text with `edits` applied by `jsonc-parser`: only the edited values' text changes. */
export async function editJsoncText(text: string, edits: readonly ConfigEdit[]): Promise<string> {
  const { applyEdits, modify } = await import('jsonc-parser');
  let out = text;
  for (const edit of edits) {
    const changes = modify(out, [...edit.path], edit.remove === true ? undefined : edit.value, {
      formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' },
    });
    out = applyEdits(out, changes);
  }
  return out;
}

function untagNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untagNumbers);
  if (!isPlainObject(value)) return value;
  const number = taggedNumber(value);
  if (number !== undefined) return number;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) Object.defineProperty(out, key, { value: untagNumbers(value[key]), enumerable: true, writable: true, configurable: true });
  return out;
}
