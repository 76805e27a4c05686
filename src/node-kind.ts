/**
 * What a node of a config tree is, decided in one place for every walker (reading, building,
 * writing, checking, printing, editing): a leaf, a `Spec` object, a spec dict, a `{"__ref__": …}`
 * reference, a tagged value, an array, a plain object, or some other object. A plain function that
 * returns a kind, not a traversal that calls back: each walker keeps its own loop (and its own stack
 * frames per level), so the hot paths pay one call and a few comparisons per node.
 */
import { describeBriefly } from './describe-value.js';
import { MARKER, REF_KEY, VALUE_KEY } from './dict-keys.js';
import { ConfigSpecError } from './errors.js';
import { child, formatPath, type PathNode } from './path.js';
import { hasSpecBrand } from './spec-brand.js';
import { isPlainObject } from './tree.js';

/**
 * What {@link classifyNode} found:
 * - `leaf`: anything but a non-null object (a primitive, `null`, a function): every reader keeps it;
 * - `spec`: a `Spec` object (of any copy of the package);
 * - `spec-dict`: a plain object whose own `__dense_spec__` is `true`;
 * - `ref`: a plain object with its own `__ref__` key (and no marker);
 * - `tagged`: a plain object with its own `__value__` key (and neither of those);
 * - `array`: an array (`Array.isArray`: of any realm, subclasses too);
 * - `object`: any other plain object (see `isPlainObject`): a container to copy;
 * - `other`: any other object: a class instance, a `Map`, a `Date`, …
 *
 * @internal
 */
export type NodeKind = 'leaf' | 'spec' | 'spec-dict' | 'ref' | 'tagged' | 'array' | 'object' | 'other';

/**
 * The kind of `value` found at `path` in a tree that is being read: a spec dict's marker must be
 * `true`. A spec dict wins over a ref or a tag in the same object (its own reader then reports the
 * stray keys), a ref over a tag.
 * @throws ConfigSpecError `INVALID_SPEC_DICT` at `path.__dense_spec__` for a plain object whose own
 *   `__dense_spec__` is anything but `true`
 * @internal
 */
export function classifyNode(value: unknown, path: PathNode | undefined): NodeKind {
  if (typeof value !== 'object' || value === null) return 'leaf';
  const kind = objectKind(value);
  if (kind !== 'object') return kind;
  if (isSpecDict(value as Record<string, unknown>, path)) return 'spec-dict';
  return Object.hasOwn(value, REF_KEY) ? 'ref' : Object.hasOwn(value, VALUE_KEY) ? 'tagged' : 'object';
}

/**
 * The lenient twin of {@link classifyNode} for tools that inspect a config without reading it (the
 * command line's printers and checks, the editing API): never throws, and a plain object is a spec
 * dict only when its own `__dense_spec__` is `true` (with any other marker value it is whatever its
 * other keys make it).
 * @internal
 */
export function inspectNode(value: unknown): NodeKind {
  if (typeof value !== 'object' || value === null) return 'leaf';
  const kind = objectKind(value);
  if (kind !== 'object') return kind;
  if (Object.hasOwn(value, MARKER) && (value as Record<string, unknown>)[MARKER] === true) return 'spec-dict';
  return Object.hasOwn(value, REF_KEY) ? 'ref' : Object.hasOwn(value, VALUE_KEY) ? 'tagged' : 'object';
}

// An object: an array, a plain object (`object`), a Spec, or something else. Arrays and objects made by
// `{}` or JSON.parse (almost every node of a config) are told by their prototype, without looking for
// the Spec brand, which is a symbol-keyed read up their prototype chain.
function objectKind(value: object): 'array' | 'object' | 'spec' | 'other' {
  if (Array.isArray(value)) return 'array';
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return 'object';
  if (hasSpecBrand(value)) return 'spec';
  return isPlainObject(value) ? 'object' : 'other';
}

/** A value every reader maps to itself: anything but a (non-null) object. @internal */
export function isLeaf(value: unknown): boolean {
  return typeof value !== 'object' || value === null;
}

/**
 * True when the plain object `value` is a spec dict: its own `__dense_spec__` is `true`.
 * @throws ConfigSpecError `INVALID_SPEC_DICT` when `__dense_spec__` has any other value
 * @internal
 */
export function isSpecDict(value: Record<string, unknown>, path: PathNode | undefined): boolean {
  if (!Object.hasOwn(value, MARKER)) return false;
  if (value[MARKER] !== true) {
    throw new ConfigSpecError('INVALID_SPEC_DICT', `"${MARKER}" must be true, got ${describeBriefly(value[MARKER])}`, { path: formatPath(child(path, MARKER)) });
  }
  return true;
}

/**
 * The lenient twin of {@link isSpecDict} (what {@link inspectNode} calls `spec-dict`): true for a plain
 * object whose own `__dense_spec__` is `true`, never throwing on other marker values.
 * @internal
 */
export function isSpecNode(value: unknown): value is Record<string, unknown> & { __dense_spec__: true } {
  return isPlainObject(value) && Object.hasOwn(value, MARKER) && value[MARKER] === true;
}

/** True when `value` is a reference: an object with its own `__ref__` key. */
export function isRef(value: Record<string, unknown>): boolean {
  return Object.hasOwn(value, REF_KEY);
}

/** True when `value` is a tagged value: an object with its own `__value__` key. */
export function isTagged(value: Record<string, unknown>): boolean {
  return Object.hasOwn(value, VALUE_KEY);
}

/**
 * What a walk over plain data (config text: JSON, JSONC, YAML, and `convertConfig`) finds:
 * - `scalar`: a string, a boolean or `null`, kept as it is;
 * - `number`: a number (finite or not: each walk has its own way with `NaN`, `±Infinity` and `-0`);
 * - `array`: an array; `object`: a plain object;
 * - `other`: anything else (`undefined`, a bigint, a function, a symbol, a class instance), which is not plain data.
 * @internal
 */
export type DataKind = 'scalar' | 'number' | 'array' | 'object' | 'other';

/** The {@link DataKind} of `value`. @internal */
export function classifyData(value: unknown): DataKind {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return 'scalar';
    case 'number':
      return 'number';
    case 'object':
      return value === null ? 'scalar' : Array.isArray(value) ? 'array' : isPlainObject(value) ? 'object' : 'other';
    default:
      return 'other';
  }
}

/**
 * What a value that is not plain data is, for an error: an object's class tag (`[object Map]`), else
 * `describe` of it (its `typeof` by default).
 * @internal
 */
export function notPlainData(value: unknown, describe: (value: unknown) => string = (v) => typeof v): string {
  return typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : describe(value);
}
