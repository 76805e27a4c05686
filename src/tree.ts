/**
 * Guards for walking nested data: a depth limit instead of a stack overflow, and cycles reported
 * with the path where they close. Cycle detection costs nothing on the hot path: a cycle can only
 * make a walk infinitely deep, so ancestors are searched for a repeat only when the limit is hit.
 */
import { ConfigSpecError, type ErrorCode } from './errors.js';
import { formatPath, type PathNode } from './path.js';

/** How many nested containers (objects, arrays, specs) a tree may have on one path. */
export const MAX_DEPTH = 2000;

/** The containers on the path from the root to where a walk is, with their paths. */
export class Ancestors {
  readonly #objects: object[] = [];
  readonly #paths: (PathNode | undefined)[] = [];

  /**
   * Steps into `value`.
   * @throws ConfigSpecError `CYCLE` when the path revisits a container, `TOO_DEEP` past {@link MAX_DEPTH}
   */
  enter(value: object, path: PathNode | undefined): void {
    if (this.#objects.length >= MAX_DEPTH) throw this.#tooDeep(path);
    this.#objects.push(value);
    this.#paths.push(path);
  }

  /** Steps back out of the last container entered. */
  leave(): void {
    this.#objects.pop();
    this.#paths.pop();
  }

  /** True when `value` is on the path: entered and not left. */
  includes(value: object): boolean {
    return this.#objects.lastIndexOf(value) >= 0;
  }

  /**
   * The error for a walk that ran out of call stack while inside these containers: `CYCLE` when the
   * path repeats a container, else `TOO_DEEP` at the deepest container entered.
   */
  overflow(cause: unknown): ConfigSpecError {
    return this.#cycle() ?? new ConfigSpecError('TOO_DEEP', 'nesting is too deep for the call stack', { path: this.deepestPath(), cause });
  }

  /** The path of the deepest container entered and not left (after a throw: where it happened). */
  deepestPath(): string {
    const last = this.#paths.length - 1;
    return last < 0 ? '' : formatPath(this.#paths[last]);
  }

  #tooDeep(path: PathNode | undefined): ConfigSpecError {
    return this.#cycle() ?? new ConfigSpecError('TOO_DEEP', `nesting is deeper than the limit of ${String(MAX_DEPTH)} levels`, { path: formatPath(path) });
  }

  #cycle(): ConfigSpecError | undefined {
    const seen = new Map<object, number>();
    for (let i = 0; i < this.#objects.length; i++) {
      const value = this.#objects[i] as object;
      const first = seen.get(value);
      if (first !== undefined) {
        const from = formatPath(this.#paths[first]);
        return new ConfigSpecError('CYCLE', `this value contains itself (it is also at ${from === '' ? 'the root' : from})`, { path: formatPath(this.#paths[i]) });
      }
      seen.set(value, i);
    }
    return undefined;
  }
}

/**
 * Runs a whole walk so that only `ConfigSpecError`s leave it. A real stack overflow (a very deep tree
 * of a shape with many frames per level) becomes `CYCLE` or `TOO_DEEP` at the path the walk had
 * reached; anything else thrown from inside the user's values (a throwing getter, a Proxy trap)
 * becomes `code` at that path, with the original error as `cause`.
 */
export function guardWalk<T>(walk: () => T, ancestors: Ancestors, code: ErrorCode): T {
  try {
    return walk();
  } catch (error) {
    if (error instanceof ConfigSpecError) throw error;
    if (error instanceof RangeError && /call stack/i.test(error.message)) throw ancestors.overflow(error);
    throw new ConfigSpecError(code, 'reading a value of the tree threw', { path: ancestors.deepestPath(), cause: error });
  }
}

/** True for objects made by `{}`/`JSON.parse`/`Object.create(null)`: the containers config trees hold. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
