/**
 * The dense dict: the on-disk form of a spec. `{"target": "optim:Adam", "lr": 0.001,
 * "__dense_spec__": true}`; keywords flattened, reserved or `__x__` names under `kwargs`.
 * Reading validates every field and reports the path of the bad one.
 */
import { argPath, isDunder, isEscapedKeyword, MARKER, protoKeyError, RECURSIVE, RESERVED_KEYS } from './dict-keys.js';
import { ConfigSpecError } from './errors.js';
import { child, formatPath, type PathNode } from './path.js';
import type { Registry } from './registry.js';
import { createSpec, type Spec } from './spec.js';
import { isPlainObject } from './tree.js';
import { describeBriefly } from './describe-value.js';
import { isLeaf } from './node-kind.js';

// Moved to node-kind.ts; re-exported for the walkers that still import them from here.
export { isLeaf, isSpecDict, isSpecNode } from './node-kind.js';

// A spec dict without "args" binds none: no list is made for it.
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * Maps one child value found at `path`. A mapper that reads (`fromDict`, `instantiate`) returns
 * every value that is not an object unchanged, so readers here do not call it for those; a writer
 * (`asdict`) returns strings, booleans, `null` and finite numbers other than `-0` unchanged, and is
 * not called for those. Either way no path node is made for a value that cannot need one.
 */
export type ChildMapper = (value: unknown, path: PathNode | undefined) => unknown;

/** A value the writer maps to itself: a string, boolean, `null` or finite number but `-0`. @internal */
export function isJsonScalar(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    default:
      return value === null;
  }
}

/**
 * How {@link readSpecDict} reads a dict's arguments and checks its keywords.
 * @internal
 */
export interface SpecDictReading {
  /** Maps each argument (deep conversion for `fromDict`); without it, arguments are kept as they are. */
  readonly mapChild?: ChildMapper | undefined;
  /** `false` leaves the keyword names unchecked, for a caller that checks them next. Default `true`. */
  readonly check?: boolean;
}

/**
 * Reads one spec dict into a `Spec`, mapping each argument with `mapChild` (deep conversion for
 * `fromDict`); without one, arguments are kept as they are (`instantiate`, which converts children
 * as it reaches them). `check: false` leaves the keyword names unchecked against the target's
 * parameters, for a caller that checks them next.
 * @throws ConfigSpecError `INVALID_SPEC_DICT` for a malformed field, and any error of `new Spec`
 */
export function readSpecDict(dict: Record<string, unknown>, path: PathNode | undefined, registry: Registry, reading: SpecDictReading = {}): Spec<unknown, boolean> {
  const { mapChild, check = true } = reading;
  let target: string | undefined;
  let args: readonly unknown[] = NO_ARGS;
  let called = false;
  let recursive = true;
  let escaped: Record<string, unknown> | undefined;
  const kwargs: Record<string, unknown> = {};
  // A child read as `undefined` (a tagged undefined) is a key the spec must drop: then it copies.
  let owned = true;
  // `args` first wherever the JSON has it: children are read in the order references count as
  // earlier (args before keywords), the order `asdict` writes and `instantiate` builds.
  const keys = Object.keys(dict);
  const at = keys.indexOf('args');
  if (at > 0) keys.unshift(...keys.splice(at, 1));
  for (const key of keys) {
    const value = dict[key];
    switch (key) {
      case MARKER:
        break;
      case 'target':
        if (typeof value !== 'string') throw invalid('"target" must be a string naming a registered target', path, key, value);
        target = value;
        break;
      case 'args':
        if (!Array.isArray(value)) throw invalid('"args" must be an array', path, key, value);
        // A loop, not .map(): fewer stack frames per level of nesting.
        {
          const read = new Array<unknown>(value.length);
          for (let i = 0; i < value.length; i++) {
            const item: unknown = value[i];
            read[i] = mapChild === undefined || isLeaf(item) ? item : mapChild(item, argPath(path, i));
          }
          args = read;
        }
        break;
      case 'called':
        if (typeof value !== 'boolean') throw invalid('"called" must be a boolean', path, key, value);
        called = value;
        break;
      case RECURSIVE:
        if (typeof value !== 'boolean') throw invalid(`"${RECURSIVE}" must be a boolean`, path, key, value);
        recursive = value;
        break;
      case 'kwargs':
        // Its keys are keyword names, not spec fields: a keyword named `__dense_spec__` is written here.
        if (!isPlainObject(value)) throw invalid('"kwargs" must be a plain object of keyword arguments', path, key, value);
        escaped = value;
        break;
      default:
        if (key === '__proto__' || isDunder(key)) {
          throw invalid(`"${key}" is not a key of a spec dict (reserved: ${[...RESERVED_KEYS].join(', ')}); a keyword with this name goes under "kwargs"`, path, key);
        }
        // No path node is made for an argument kept as it is: one per keyword of every spec read.
        if (value !== undefined) {
          const read = mapChild === undefined || isLeaf(value) ? value : mapChild(value, child(path, key));
          if (read === undefined) owned = false;
          kwargs[key] = read;
        }
    }
  }
  if (escaped !== undefined) {
    for (const key of Object.keys(escaped)) {
      const at = child(child(path, 'kwargs'), key);
      if (key === '__proto__') throw protoKeyError('INVALID_SPEC_DICT', formatPath(at), { as: 'keyword' });
      if (Object.hasOwn(kwargs, key)) throw invalid(`keyword "${key}" is given twice, flattened and under "kwargs"`, at, undefined);
      const value = escaped[key];
      if (value === undefined) continue;
      const read = mapChild === undefined || isLeaf(value) ? value : mapChild(value, at);
      if (read === undefined) owned = false;
      kwargs[key] = read;
    }
  }
  if (target === undefined) throw invalid('a spec dict needs a "target"', path, undefined);
  return createSpec({ registry, target, args, kwargs, called, recursive, path, owned, check });
}

/** What a dense dict is written from: a `Spec`, or a tracked instance's arguments. @internal */
export interface DictParts {
  readonly target: string;
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly called: boolean;
  readonly recursive: boolean;
}

/**
 * Writes one spec (or anything with a spec's parts) as a dense dict, mapping each argument with
 * `writeChild`. Key order: `target`, `args`, `called`, keywords in insertion order, `kwargs`,
 * `__recursive__`, `__dense_spec__`.
 */
export function writeSpecDict(spec: DictParts, path: PathNode | undefined, writeChild: ChildMapper): Record<string, unknown> {
  const out: Record<string, unknown> = { target: spec.target };
  if (spec.args.length > 0) {
    // A loop, not .map(): fewer stack frames per level of nesting.
    const args = new Array<unknown>(spec.args.length);
    for (let i = 0; i < spec.args.length; i++) {
      const item = spec.args[i];
      args[i] = isJsonScalar(item) ? item : writeChild(item, argPath(path, i));
    }
    out.args = args;
  }
  if (spec.called) out.called = true;
  // Flattened keywords first, then the escaped ones: the children are visited in the order the JSON
  // shows them, so a reference always points back to a place a reader has already met.
  // Each key is classified once, and escaped ones are rare: one pass, then a pass over those alone.
  let escaped: number[] | undefined;
  // Keys and values listed at once: two lists cost less than a lookup by key for each keyword. (The
  // keyword objects of specs, and the writer's own, hold data properties only: no getter can change
  // the object between the two lists.)
  const keys = Object.keys(spec.kwargs);
  let values: unknown[] = Object.values(spec.kwargs);
  if (values.length !== keys.length) values = keys.map((key) => spec.kwargs[key]);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (isEscapedKeyword(key)) {
      (escaped ??= []).push(i);
      continue;
    }
    const value = values[i];
    out[key] = isJsonScalar(value) ? value : writeChild(value, child(path, key));
  }
  if (escaped !== undefined) {
    const under: Record<string, unknown> = {};
    const at = child(path, 'kwargs');
    for (const i of escaped) {
      const key = keys[i] as string;
      const value = values[i];
      under[key] = isJsonScalar(value) ? value : writeChild(value, child(at, key));
    }
    out.kwargs = under;
  }
  // Written by name, not through the constants: a named store costs less than a keyed one.
  if (!spec.recursive) out.__recursive__ = false;
  out.__dense_spec__ = true;
  return out;
}

/**
 * A new plain object with `mapChild` applied to each own value, keys as own data properties.
 * @throws ConfigSpecError `INVALID_SPEC_DICT` for a `__proto__` key
 */
export function copyObject(value: Record<string, unknown>, path: PathNode | undefined, mapChild: ChildMapper): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw protoKey(path);
    const item = value[key];
    out[key] = isLeaf(item) ? item : mapChild(item, child(path, key));
  }
  return out;
}

/** The error for a `__proto__` key in a plain object at `path`. @internal */
export function protoKey(path: PathNode | undefined): ConfigSpecError {
  return protoKeyError('INVALID_SPEC_DICT', formatPath(child(path, '__proto__')));
}

function invalid(message: string, path: PathNode | undefined, key: string | undefined, value?: unknown): ConfigSpecError {
  const got = key === undefined || value === undefined ? '' : `, got ${describeBriefly(value)}`;
  return new ConfigSpecError('INVALID_SPEC_DICT', `${message}${got}`, { path: formatPath(key === undefined ? path : child(path, key)) });
}
