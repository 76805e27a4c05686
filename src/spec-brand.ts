/**
 * How a `Spec` is recognised, from any copy of the package: a registered symbol on its prototype.
 * Its own module so that code below `spec.ts` (value checks) can tell a Spec without importing it.
 */

/** The brand on `Spec.prototype`. @internal */
export const SPEC_BRAND = Symbol.for('config-spec.spec');

/** What code below `spec.ts` reads of a Spec. @internal */
export interface SpecShape {
  readonly target: string;
  readonly called: boolean;
}

/** True when `value` is a Spec (of any copy of the package). @internal */
export function hasSpecBrand(value: unknown): value is SpecShape {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SPEC_BRAND] === true;
}
