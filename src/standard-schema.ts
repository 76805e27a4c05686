/**
 * The Standard Schema v1 interface (https://standardschema.dev), copied as its authors ask rather than
 * depended on: zod ≥ 3.24, valibot ≥ 1 and arktype implement it, and config-spec accepts any of
 * them (or a hand-written object) as a parameter's validator without depending on a validator library.
 */

/**
 * A validator in the Standard Schema v1 form: an object with a `'~standard'` property holding
 * `version: 1`, the `vendor` name and `validate(value)`, which returns `{ value }` on success or
 * `{ issues }` on failure (or a Promise of either, which config-spec rejects: configs are checked
 * synchronously).
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}

/** The types of the Standard Schema v1 interface. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the interface's own shape, copied as published
export declare namespace StandardSchemaV1 {
  /** The Standard Schema properties of a validator. */
  export interface Props<Input = unknown, Output = Input> {
    /** The version of the interface: 1. */
    readonly version: 1;
    /** The library that made the validator (`"zod"`, `"valibot"`, …). */
    readonly vendor: string;
    /** Validates an unknown value. */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    /** Inferred types, for TypeScript only. */
    readonly types?: Types<Input, Output> | undefined;
  }

  /** The result of `validate`. */
  export type Result<Output> = SuccessResult<Output> | FailureResult;

  /** A value that passed. */
  export interface SuccessResult<Output> {
    /** The value, possibly transformed. */
    readonly value: Output;
    /** Absent on success. */
    readonly issues?: undefined;
  }

  /** A value that failed. */
  export interface FailureResult {
    /** What is wrong with it. */
    readonly issues: readonly Issue[];
  }

  /** One problem found. */
  export interface Issue {
    /** The message. */
    readonly message: string;
    /** Where inside the value. */
    readonly path?: readonly (PropertyKey | PathSegment)[] | undefined;
  }

  /** A path segment given as an object. */
  export interface PathSegment {
    /** The key. */
    readonly key: PropertyKey;
  }

  /** The input and output types of a validator. */
  export interface Types<Input = unknown, Output = Input> {
    /** The input type. */
    readonly input: Input;
    /** The output type. */
    readonly output: Output;
  }
}
