/**
 * The reserved keys of a dense spec dict, and where a spec's arguments sit in its dict (so errors and
 * refs name the path the user sees in the JSON).
 */
import { ConfigSpecError, type ErrorCode } from './errors.js';
import { child, type PathNode } from './path.js';

/** Marks an object as a spec dict. */
export const MARKER = '__dense_spec__';
/** The key of a reference to the first place a shared spec was written. */
export const REF_KEY = '__ref__';
/** The key that marks a tagged value. */
export const VALUE_KEY = '__value__';
/** Turns off building of a node's arguments. */
export const RECURSIVE = '__recursive__';

/** Keys with a meaning of their own in a spec dict; keywords with these names go under `kwargs`. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['target', 'args', 'kwargs', 'called', MARKER, RECURSIVE]);

/** True when a keyword argument must be written under `kwargs` rather than flattened. */
export function isEscapedKeyword(name: string): boolean {
  // RESERVED_KEYS spelled out (the other two are dunders): this runs for every keyword read or
  // written, and four comparisons of interned strings cost less than a Set lookup.
  return name === 'target' || name === 'args' || name === 'kwargs' || name === 'called' || isDunder(name);
}

const UNDERSCORE = 95;

/** True for `__x__` names, which the format keeps for itself. */
export function isDunder(name: string): boolean {
  const last = name.length - 1;
  return last > 3 && name.charCodeAt(0) === UNDERSCORE && name.charCodeAt(1) === UNDERSCORE && name.charCodeAt(last) === UNDERSCORE && name.charCodeAt(last - 1) === UNDERSCORE;
}


/** The path of keyword `name` of the spec at `node`: `node.name`, or `node.kwargs.name` when escaped. */
export function keywordPath(node: PathNode | undefined, name: string): PathNode {
  return isEscapedKeyword(name) ? child(child(node, 'kwargs'), name) : child(node, name);
}

/** The path of positional argument `index` of the spec at `node`: `node.args[index]`. */
export function argPath(node: PathNode | undefined, index: number): PathNode {
  return child(child(node, 'args'), index);
}

/** What a `__proto__` was met as, for {@link protoKeyError}'s sentence. */
export interface ProtoKeyOptions {
  /** `key` (of an object; the default), `keyword` (of a call) or `parameter name`. */
  readonly as?: 'key' | 'keyword' | 'parameter name';
  /** Where it is, when the error is placed elsewhere (an edit reports at the override's path). */
  readonly foundAt?: string;
  /** The target involved, if any. */
  readonly target?: string;
}

/**
 * The error for a `__proto__` key met at `path` (formatted): no key of a tree ever reaches a
 * prototype, and every walker refuses one with this same sentence under its own code.
 */
export function protoKeyError(code: ErrorCode, path: string, options: ProtoKeyOptions = {}): ConfigSpecError {
  const found = options.foundAt === undefined ? '' : ` (found at ${options.foundAt})`;
  return new ConfigSpecError(code, `"__proto__" is never a valid ${options.as ?? 'key'}${found}`, { path, ...(options.target === undefined ? {} : { target: options.target }) });
}
