/**
 * Command-line overrides in Hydra's grammar, as strict as specs: `a.b=v` sets what exists, `+a.b=v`
 * adds a new key, `++a.b=v` adds or sets, `~a.b` deletes (`~a.b=v` only if the value is `v`). A value
 * is read by the type of what it replaces, so `name=1` keeps a string a string and `steps=abc` is an
 * error, not a string where a number was.
 */
import { describeBriefly } from './describe-value.js';
import { isSpecNode } from './node-kind.js';
import { RESERVED_KEYS } from './dict-keys.js';
import { ConfigSpecError, extraFields, guardInput } from './errors.js';
import { appendPath } from './path.js';
import { defaultRegistry, registeredEntry, registryOption, type Registry } from './registry.js';
import { deletePath, getPath, hasPath, keysOf, setPath, type EditOptions, type EditResult } from './overrides.js';
import type { DroppedKeyword } from './override-specs.js';
import { TargetChecker } from './override-specs.js';
import { keywordKind, typeName } from './value-check.js';

/** What an override does: `set` (`a=v`), `add` (`+a=v`), `upsert` (`++a=v`), `delete` (`~a`, `~a=v`). */
export type OverrideOperation = 'set' | 'add' | 'upsert' | 'delete';

/** One override, as {@link parseOverride} reads it. */
export interface ParsedOverride {
  /** What it does. */
  readonly op: OverrideOperation;
  /** The path, as written (without the leading `--`, `+`, `++` or `~`). */
  readonly path: string;
  /**
   * The value read without knowing what it replaces: JSON when it parses (`1`, `true`, `null`,
   * `[1,2]`, `"1"`), else the text itself; `undefined` for a delete without `=`.
   */
  readonly value: unknown;
  /** The text after `=`, as written; `undefined` for a delete without `=`. */
  readonly text: string | undefined;
}

/**
 * Reads one override. The grammar (Hydra's): `path=value` sets an existing path; `+path=value` adds
 * a new key (an error if it exists); `++path=value` adds or sets; `~path` deletes, and `~path=value`
 * deletes only when the value there is `value`. A leading `--` (or `-`) is dropped, so `--lr=0.1`
 * works as a command-line flag. The value here is read without knowing what it replaces (JSON when it
 * parses, else the text itself; `a=` is `""`); {@link applyOverrides} reads it again by type.
 * @throws ConfigSpecError `INVALID_OVERRIDE` without `=` (but for a delete), for a malformed or empty
 *   path, or for `__proto__`
 */
export function parseOverride(text: string): ParsedOverride {
  if (typeof text !== 'string') throw new ConfigSpecError('INVALID_OVERRIDE', `an override is a string "path=value", not ${describeBriefly(text)}`);
  let body = text.replace(/^--?/, '');
  let op: OverrideOperation = 'set';
  if (body.startsWith('++')) op = 'upsert';
  else if (body.startsWith('+')) op = 'add';
  else if (body.startsWith('~')) op = 'delete';
  body = body.slice(op === 'upsert' ? 2 : op === 'set' ? 0 : 1);
  const equals = body.indexOf('=');
  if (equals < 0 && op !== 'delete') {
    throw new ConfigSpecError('INVALID_OVERRIDE', `override ${JSON.stringify(text)} has no "=": write path=value (set), +path=value (add), ++path=value (add or set) or ~path (delete)`, { path: body });
  }
  const path = equals < 0 ? body : body.slice(0, equals);
  if (keysOf(path).length === 0) throw new ConfigSpecError('INVALID_OVERRIDE', `override ${JSON.stringify(text)} has no path`);
  if (equals < 0) return { op, path, value: undefined, text: undefined };
  const raw = body.slice(equals + 1);
  const value = readJson(raw);
  TargetChecker.scan(value, path, undefined);
  return { op, path, value, text: raw };
}

/**
 * Applies overrides in order (see {@link parseOverride} for the grammar) and returns the new tree;
 * the input is never changed. A value is read by the type of what it replaces: over a string it is
 * the text itself (`name=1` is `"1"`; `null` and a JSON string like `"x"` are read as such); over a
 * number or boolean it must parse as one (`steps=abc` is `INVALID_VALUE`); over `null`, an array, an
 * object or nothing, JSON when it parses, else the text. A keyword a spec dict does not hold yet is
 * read by its parameter's type and may be set with plain `=` (every parameter of a target exists, as
 * in a Hydra structured config; one it does not take is `UNKNOWN_PARAMETER`); a new key in plain data
 * needs `+`. Spec dicts are checked as
 * {@link setPath} checks them: keyword names, value types, target changes (their dropped keywords
 * are returned).
 * @throws ConfigSpecError `INVALID_OVERRIDE` (a missing path for `=`, naming the closest existing
 *   one in `suggestion`; an existing one for `+`; a `~path=value` whose value differs), `INVALID_VALUE`,
 *   and every error of parseOverride, setPath and deletePath, with the failing override's path
 */
export function applyOverrides<T>(tree: T, overrides: readonly string[], options?: EditOptions): EditResult<T> {
  // A copy first: a Proxy or getter in the list fails here, as INVALID_OVERRIDE, and the list
  // applied is the list checked.
  const texts = guardInput('INVALID_OVERRIDE', 'the overrides', () => (Array.isArray(overrides) ? Array.from(overrides as readonly unknown[]) : undefined));
  if (texts === undefined) throw new ConfigSpecError('INVALID_OVERRIDE', 'overrides must be an array of "path=value" strings');
  const registry = registryOption(options, 'INVALID_OVERRIDE', 'applyOverrides') ?? defaultRegistry;
  let config = tree;
  const dropped: DroppedKeyword[] = [];
  for (const text of texts) {
    const { op, path, text: raw } = parseOverride(text as string);
    const found = find(config, path);
    const exists = found.error === undefined;
    if (op === 'add' && exists) {
      throw new ConfigSpecError('INVALID_OVERRIDE', `${path} already exists: set it with ${path}=…, or add or set with ++${path}=…`, { path });
    }
    const place = placeOf(config, path, registry);
    // Below a spec dict, setPath knows better: a keyword the target does not take is UNKNOWN_PARAMETER
    // (with its valid names); one it takes exists, as every field of a Hydra structured config does.
    if (op === 'set' && found.error !== undefined && !place.inSpec) throw notFound(found.error, path);
    const old = found.value;
    const value = raw === undefined ? undefined : readTyped(raw, exists ? kindOf(old) : place.kind, path, place.target);
    let result: EditResult<T>;
    if (op === 'delete') {
      if (raw !== undefined && exists && JSON.stringify(value) !== JSON.stringify(old)) {
        throw new ConfigSpecError('INVALID_OVERRIDE', `~${path}=${raw}: the value at ${path} is ${JSON.stringify(old)}, not ${JSON.stringify(value)}`, { path });
      }
      result = deletePath(config, path, options);
    } else {
      result = setPath(config, path, value, options);
    }
    config = result.config;
    dropped.push(...result.dropped);
  }
  return { config, dropped };
}

// The value at `path`, or the INVALID_OVERRIDE error saying nothing is there (naming the closest path).
function find(config: unknown, path: string): { readonly value: unknown; readonly error: ConfigSpecError | undefined } {
  try {
    return { value: getPath(config, path), error: undefined };
  } catch (error) {
    // Nothing there; a getter or Proxy that threw (the cause) is an error of its own.
    if (error instanceof ConfigSpecError && error.code === 'INVALID_OVERRIDE' && error.cause === undefined) return { value: undefined, error };
    throw error;
  }
}

// `=` on a path that does not exist: the error names the closest existing path and how to add one.
function notFound(error: ConfigSpecError, path: string): ConfigSpecError {
  const hint = error.suggestion === undefined ? '' : `; did you mean ${error.suggestion}?`;
  return new ConfigSpecError('INVALID_OVERRIDE', `${error.detail.replace(/; the closest existing path is [^;]*$/, '')}${hint} (${path}=… sets an existing path; +${path}=… adds a new key)`, { ...extraFields(error), path });
}

interface Place {
  /** True when the path is below a spec dict of a registered target: its keywords and fields. */
  readonly inSpec: boolean;
  /** True when the path is a keyword of a spec dict whose target takes it. */
  readonly keyword: boolean;
  /** Its parameter's JSON kind, when known. */
  readonly kind: string | undefined;
  /** The spec's target, for errors. */
  readonly target: string | undefined;
}

const NOWHERE: Place = { inSpec: false, keyword: false, kind: undefined, target: undefined };

// Whether `path` names a keyword of a spec dict (`x.lr`, or `x.kwargs.target`) that the target takes.
function placeOf(config: unknown, path: string, registry: Registry): Place {
  const keys = keysOf(path);
  const last = keys[keys.length - 1];
  if (typeof last !== 'string') return NOWHERE;
  let specAt = keys.length - 1;
  if (keys.length >= 2 && keys[keys.length - 2] === 'kwargs') specAt = keys.length - 2;
  const parentPath = keys.slice(0, specAt).reduce<string>((at, key) => appendPath(at, key), '');
  if (!hasPath(config, parentPath)) return NOWHERE;
  const parent = parentPath === '' ? config : getPath(config, parentPath);
  const entry = isSpecNode(parent) ? registeredEntry(registry, parent.target) : undefined;
  if (entry === undefined) return NOWHERE;
  const inSpec: Place = { inSpec: true, keyword: false, kind: undefined, target: entry.name };
  if (specAt === keys.length - 1 && RESERVED_KEYS.has(last)) return inSpec;
  let takes: boolean;
  try {
    takes = new TargetChecker(registry).accepts(entry, last, path);
  } catch {
    return inSpec;
  }
  return takes ? { ...inSpec, keyword: true, kind: keywordKind(registry, entry, last) } : inSpec;
}

function kindOf(old: unknown): string | undefined {
  if (typeof old === 'string' || typeof old === 'number' || typeof old === 'boolean') return typeof old;
  return undefined;
}

function readJson(raw: string): unknown {
  if (raw === '') return '';
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    // Not JSON: the text itself, so `name=adam` needs no quotes on a command line.
    return raw;
  }
}

// The override's text read as a value of `kind` (a JSON type), or as JSON-or-text without one.
function readTyped(raw: string, kind: string | undefined, path: string, target: string | undefined): unknown {
  const json = readJson(raw);
  if (json === null) return null;
  switch (kind) {
    case 'string':
      return typeof json === 'string' && raw.startsWith('"') ? json : raw;
    case 'number': {
      const number = raw.trim() === '' ? Number.NaN : Number(raw);
      if (Number.isFinite(number)) return number;
      throw notA('number', raw, path, target);
    }
    case 'boolean':
      if (typeof json === 'boolean') return json;
      throw notA('boolean', raw, path, target);
    default:
      return json;
  }
}

function notA(kind: string, raw: string, path: string, target: string | undefined): ConfigSpecError {
  const text = JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw);
  return new ConfigSpecError('INVALID_VALUE', `expected a ${kind}, got the string ${text}`, { path, target, expected: kind, received: typeName(raw) });
}
