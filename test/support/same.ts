import { isSpec } from '../../src/index.js';

/**
 * Strict structural equality for values read back from tagged JSON: numbers by Object.is (NaN equals
 * NaN, -0 differs from 0), Maps and Sets in insertion order, Dates by time (invalid equals invalid),
 * RegExps by source and flags, typed arrays by class and elements, Specs by target, args, kwargs,
 * called and recursive; arrays with their holes; plain objects by own keys in order.
 */
export function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (isSpec(a) && isSpec(b)) {
    return a.target === b.target && a.called === b.called && a.recursive === b.recursive && same(a.args, b.args) && same(a.kwargs, b.kwargs);
  }
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime());
  if (a instanceof RegExp) return a.source === (b as RegExp).source && a.flags === (b as RegExp).flags;
  if (a instanceof Map) return same([...a], [...(b as Map<unknown, unknown>)]);
  if (a instanceof Set) return same([...a], [...(b as Set<unknown>)]);
  if (ArrayBuffer.isView(a)) return same(Array.from(a as unknown as ArrayLike<unknown>), Array.from(b as unknown as ArrayLike<unknown>));
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    // A loop, not .every(): that skips holes.
    for (let i = 0; i < a.length; i++) if ((i in a) !== (i in other) || !same(a[i], other[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return same(ka, kb) && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
