/**
 * Type-level assertions for the type tests in this folder. These files are only type-checked
 * (`tsc --noEmit`), never run: an assertion that does not hold is a compile error.
 */

/** `true` when `X` and `Y` are the same type (not merely assignable both ways; `any` equals only `any`). */
export type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** Compiles only when `T` is `true`: `expectTrue<Equal<typeof value, Adam>>()`. */
export function expectTrue<T extends true>(): T | undefined {
  return undefined;
}

/** A value of any type `T`, to write expressions without building real values. */
export declare function make<T>(): T;
