/**
 * Guards for walking nested data: a depth limit instead of a stack overflow, and cycles reported
 * with the path where they close. Cycle detection costs nothing on the hot path: a cycle can only
 * make a walk infinitely deep, so ancestors are searched for a repeat only when the limit is hit.
 */
import { ConfigSpecError, type ErrorCode } from './errors.js';
import { child, formatPath, type PathNode } from './path.js';
import { MARKER } from './dict-keys.js';

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
   * For a container met again at `path` by a walk that remembers what it has met: the `CYCLE` error
   * when it is on the path (it contains itself), `undefined` when it is not (the tree shares it).
   */
  cycleAt(value: object, path: PathNode | undefined): ConfigSpecError | undefined {
    const first = this.#objects.indexOf(value);
    return first < 0 ? undefined : cycleError(this.#paths[first], path);
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
      if (first !== undefined) return cycleError(this.#paths[first], this.#paths[i]);
      seen.set(value, i);
    }
    return undefined;
  }
}

function cycleError(first: PathNode | undefined, again: PathNode | undefined): ConfigSpecError {
  const from = formatPath(first);
  return new ConfigSpecError('CYCLE', `this value contains itself (it is also at ${from === '' ? 'the root' : from})`, { path: formatPath(again) });
}

/**
 * Checks, without recursion, that no path in `tree` nests more than {@link MAX_DEPTH} containers,
 * counting as the readers do (a spec dict's own `args` array and `kwargs` object are part of its
 * level). For input that is walked by recursive code outside the guarded readers (the command line's
 * printers, an edit's copy): one O(n) pass, so deep input is `TOO_DEEP` at a path, never a stack
 * overflow. A container the tree shares is walked again only when met deeper than before.
 * @throws ConfigSpecError `TOO_DEEP` at the first container past the limit (a cycle too)
 */
export function checkDepth(tree: unknown, root?: PathNode): void {
  if (typeof tree !== 'object' || tree === null) return;
  // Parallel stacks: the container, its path, its depth, and whether it is a spec's args/kwargs.
  const nodes: object[] = [tree];
  const paths: (PathNode | undefined)[] = [root];
  const depths: number[] = [1];
  const deepest = new Map<object, number>();
  while (nodes.length > 0) {
    const node = nodes.pop() as object;
    const path = paths.pop();
    const depth = depths.pop() as number;
    if (depth > MAX_DEPTH) {
      // (A cycle, in a tree made by code, also ends here: its path grows until the limit.)
      throw new ConfigSpecError('TOO_DEEP', `nesting is deeper than the limit of ${String(MAX_DEPTH)} levels`, { path: formatPath(path) });
    }
    const seen = deepest.get(node);
    if (seen !== undefined && seen >= depth) continue;
    deepest.set(node, depth);
    const spec = !Array.isArray(node) && Object.hasOwn(node, MARKER);
    const keys = Array.isArray(node) ? undefined : Object.keys(node);
    const length = keys === undefined ? (node as unknown[]).length : keys.length;
    for (let i = length - 1; i >= 0; i--) {
      const key = keys === undefined ? i : keys[i] as string;
      const value: unknown = (node as Record<string | number, unknown>)[key];
      if (typeof value !== 'object' || value === null) continue;
      nodes.push(value);
      paths.push(child(path, key));
      depths.push(spec && (key === 'args' || key === 'kwargs') ? depth : depth + 1);
    }
  }
}

/**
 * Visits each plain object of `tree` once, without recursion (a deep tree cannot overflow the stack),
 * for tools that look at every dict of a config (the command line's format counts, an edit's checks
 * of a new value): arrays are walked through, other values passed over. `visit` pushes the values to
 * walk into next; they are visited last pushed first.
 */
export function forEachPlainObject(tree: unknown, visit: (node: Record<string, unknown>, push: (value: unknown) => void) => void): void {
  const stack: unknown[] = [tree];
  const push = (value: unknown): void => {
    stack.push(value);
  };
  const seen = new Set<object>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      // A loop, not push(...node): spreading a large array (200,000 items) overflows the call stack.
      for (const item of node as unknown[]) stack.push(item);
    } else if (isPlainObject(node)) visit(node, push);
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

/**
 * Sets `key` on `into` as an own data property, even `"__proto__"`, which a plain assignment
 * (`into[key] = value`) would turn into a change of `into`'s prototype. Every object the library
 * builds from keys it did not choose itself gets them this way.
 */
export function setOwn(into: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  else into[key] = value;
}

/**
 * True for objects made by `{}`/`JSON.parse`/`Object.create(null)`: the containers config trees hold.
 * Plain in any realm: an object made by `{}` in a `node:vm` context or an iframe has that realm's
 * `Object.prototype`, and is just as plain.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || isForeignPrototype(proto, 'Object');
}

/** True for an array of any realm whose prototype is that realm's `Array.prototype` (not a subclass). */
export function isPlainArray(value: unknown): value is unknown[] {
  if (!Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Array.prototype || isForeignPrototype(proto, 'Array');
}

// Other realms' Object.prototype and Array.prototype met so far (rare: checked once each).
const foreignPrototypes = new WeakMap<object, string>();

// Whether `proto` is another realm's `<name>.prototype`: the `prototype` of its own native
// `constructor` named `name`, itself inheriting from that realm's Object.prototype (or nothing).
function isForeignPrototype(proto: unknown, name: 'Object' | 'Array'): boolean {
  if (typeof proto !== 'object' || proto === null) return false;
  const known = foreignPrototypes.get(proto);
  if (known !== undefined) return known === name;
  const ctor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  if (typeof ctor !== 'function' || ctor.name !== name || (ctor as { prototype?: unknown }).prototype !== proto) return false;
  if (!/^function \w+\(\) \{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(ctor))) return false;
  const parent: unknown = Object.getPrototypeOf(proto);
  if (name === 'Object' ? parent !== null : !(parent === Object.prototype || isForeignPrototype(parent, 'Object'))) return false;
  foreignPrototypes.set(proto, name);
  return true;
}
