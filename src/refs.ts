/**
 * Sharing through JSON: a Spec, partial or tracked instance met twice in one tree is written once;
 * each later place holds `{"__ref__": "<path of the first>"}`. Reading turns every ref into the same
 * Spec object, so building gives both places one instance.
 */
import { ConfigSpecError } from './errors.js';
import { child, formatPath, parsePath, type PathNode } from './path.js';
import { isSpec, type Spec } from './spec.js';
import { isEscapedKeyword, REF_KEY } from './dict-keys.js';

export { REF_KEY } from './dict-keys.js';
export { isRef } from './node-kind.js';

/** A reference to the first place a shared object was written. */
export function makeRef(first: PathNode | undefined): Record<string, unknown> {
  return { [REF_KEY]: formatPath(first) };
}

/**
 * What a reader knows about the specs it has met, to resolve references to them: `T` is what it
 * reads a spec into (a `Spec` for `fromDict`; `instantiate`'s check phase has a plan of its own).
 */
export interface RefScope<T = Spec<unknown, boolean>> {
  /** The tree being read: references are paths from here. */
  readonly root: unknown;
  /** Each spec dict, reference and Spec object already met → what it was read into. */
  readonly read: { get(node: object): T | undefined; has(node: object): boolean };
  /** Whether a spec dict, ref or Spec met earlier is still being read (it encloses the reference). */
  readonly inProgress: (node: object) => boolean;
  /**
   * Whether `node` is a spec dict met earlier whose arguments were passed on unread (`instantiate`
   * with recursive off): the specs inside it are earlier, but have no Spec yet.
   */
  readonly isUnread?: (node: object) => boolean;
  /** Reads a spec dict found inside an unread node, at the path of `keys`, when a reference needs it. */
  readonly readLate?: (node: object, keys: readonly (string | number)[], unread: object) => T | undefined;
  /**
   * What a Spec object among the arguments of a Spec already read is read into (it is as early as
   * that Spec). Without it, the Spec itself: only a scope whose `T` is `Spec` may leave it out.
   */
  readonly adopt?: (spec: Spec<unknown, boolean>) => T;
}

/**
 * The Spec a reference points to.
 * @throws ConfigSpecError `INVALID_SPEC_DICT` for a malformed reference or one that points at
 *   anything but an earlier spec; `CYCLE` for one that points at a spec enclosing it
 */
export function resolveRef<T = Spec<unknown, boolean>>(ref: Record<string, unknown>, path: PathNode | undefined, scope: RefScope<T>): T {
  const text = ref[REF_KEY];
  for (const key of Object.keys(ref)) {
    if (key !== REF_KEY) throw invalid(`a reference has only the key "${REF_KEY}", not "${key}"`, child(path, key));
  }
  if (typeof text !== 'string') throw invalid(`"${REF_KEY}" must be a path string like "model.encoder"`, child(path, REF_KEY));
  const keys = parsePath(text);
  if (keys === undefined) throw invalid(`"${text}" is not a path (keys joined by ".", indices as [n], other keys as ["…"])`, child(path, REF_KEY));
  let at: unknown = scope.root;
  let unread: object | undefined;
  // A Spec object already read holds its argument Specs as they are: one of them is as early as it is.
  let insideRead = false;
  for (const key of keys) {
    if (!insideRead && isSpec(at) && scope.read.has(at)) insideRead = true;
    if (unread === undefined && typeof at === 'object' && at !== null && scope.isUnread?.(at) === true && !scope.inProgress(at)) unread = at;
    at = step(at, key);
    if (at === undefined) throw invalid(`the reference "${text}" points at nothing`, path);
  }
  if (typeof at === 'object' && at !== null) {
    if (scope.inProgress(at)) {
      throw new ConfigSpecError('CYCLE', `the reference "${text}" points at a spec that contains it`, { path: formatPath(path) });
    }
    const spec = scope.read.get(at) ?? (unread === undefined ? undefined : scope.readLate?.(at, keys, unread));
    if (spec !== undefined) return spec;
    // (T is Spec when the scope has no adopt: see RefScope.adopt.)
    if (insideRead && isSpec(at)) return scope.adopt === undefined ? (at as T) : scope.adopt(at);
  }
  throw invalid(`the reference "${text}" does not point at an earlier spec (refs point back to the first place a spec is written)`, path);
}

// One step along a path as the user sees the JSON: through objects, arrays and Spec objects (whose
// `args`, `kwargs` and keywords stand where their dict would have them).
function step(at: unknown, key: string | number): unknown {
  if (typeof at !== 'object' || at === null) return undefined;
  if (isSpec(at)) {
    if (key === 'args') return at.args;
    if (key === 'kwargs') return escapedKeywords(at);
    return typeof key === 'string' && !isEscapedKeyword(key) && Object.hasOwn(at.kwargs, key) ? at.kwargs[key] : undefined;
  }
  if (Array.isArray(at)) return typeof key === 'number' && key < at.length ? (at[key] as unknown) : undefined;
  return typeof key === 'string' && Object.hasOwn(at, key) ? (at as Record<string, unknown>)[key] : undefined;
}

function escapedKeywords(spec: Spec<unknown, boolean>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(spec.kwargs)) if (isEscapedKeyword(key)) out[key] = spec.kwargs[key];
  return out;
}

function invalid(message: string, path: PathNode | undefined): ConfigSpecError {
  return new ConfigSpecError('INVALID_SPEC_DICT', message, { path: formatPath(path) });
}
