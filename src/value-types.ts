/**
 * Where a parameter's value type comes from, in this order: a Standard Schema validator given at
 * registration (`schema: { lr: z.number() }`), the constructor TypeScript recorded in
 * `design:paramtypes` (legacy decorators with `emitDecoratorMetadata`), and the parameter's default
 * value as written in the source (`lr = 1e-3` is a number). `infer: false` at registration keeps
 * only the validators.
 */
import type { Callable } from './callable.js';
import { protoKeyError } from './dict-keys.js';
import { ConfigSpecError } from './errors.js';
import type { DefaultKind } from './param-scan.js';
import type { Parameter, Signature } from './signature.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** A JSON-level type inferred from `design:paramtypes` or a literal default. */
export type BasicKind = DefaultKind | 'function';

/** The type a parameter's value is checked against. @internal */
export type ValueType =
  | { readonly kind: BasicKind }
  /** A class from `design:paramtypes`: a spec of it (or a subclass), or an instance, when it is registered. */
  | { readonly kind: 'class'; readonly cls: Callable }
  | { readonly kind: 'schema'; readonly schema: StandardSchemaV1; readonly key: string };

/** The types of one target's parameters. @internal */
export interface ValueTypes {
  /** By parameter index (positional arguments), `undefined` where unchecked. */
  readonly params: readonly (ValueType | undefined)[];
  /** By keyword: parameter names, and options-object keys that have a validator. */
  readonly byKey: ReadonlyMap<string, ValueType>;
  /** True when nothing is checked: callers skip the work. */
  readonly none: boolean;
}

const BASIC: ReadonlyMap<unknown, BasicKind> = new Map<unknown, BasicKind>([
  [Number, 'number'],
  [String, 'string'],
  [Boolean, 'boolean'],
  [Array, 'array'],
  [Function, 'function'],
]);
const BASIC_TYPES: ReadonlyMap<BasicKind, ValueType> = new Map(
  (['number', 'string', 'boolean', 'array', 'object', 'function'] as const).map((kind) => [kind, Object.freeze({ kind })]),
);

/**
 * Checks the registration option `schema` and returns it as a map.
 * @throws ConfigSpecError `INVALID_REGISTRATION` when it is not an object of Standard Schema v1
 *   validators, or a validator's `validate` is an async function (configs are checked synchronously)
 * @internal
 */
export function readSchemaOption(schema: unknown, target: string): ReadonlyMap<string, StandardSchemaV1> | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new ConfigSpecError('INVALID_REGISTRATION', 'schema must be an object of Standard Schema validators, one per parameter name: { lr: z.number() }', { target });
  }
  const out = new Map<string, StandardSchemaV1>();
  for (const key of Object.keys(schema)) {
    if (key === '__proto__') throw protoKeyError('INVALID_REGISTRATION', '', { as: 'parameter name', target });
    const validator: unknown = (schema as Record<string, unknown>)[key];
    const props: unknown = typeof validator === 'object' || typeof validator === 'function' ? (validator as { '~standard'?: unknown } | null)?.['~standard'] : undefined;
    const standard = typeof props === 'object' && props !== null ? (props as Partial<StandardSchemaV1.Props>) : undefined;
    if (standard?.version !== 1 || typeof standard.validate !== 'function') {
      throw new ConfigSpecError('INVALID_REGISTRATION', `schema.${key} is not a Standard Schema v1 validator (an object with "~standard": { version: 1, vendor, validate }), as zod, valibot and arktype make`, { target });
    }
    if (standard.validate.constructor.name === 'AsyncFunction') {
      throw new ConfigSpecError('INVALID_REGISTRATION', `schema.${key} validates asynchronously (its validate is an async function); configs are checked synchronously, so give a synchronous validator`, { target });
    }
    out.set(key, validator as StandardSchemaV1);
  }
  return out;
}

/**
 * The value types of a target's parameters: each parameter's validator if it has one, else (unless
 * `infer` is false) its `design:paramtypes` type, else the kind of its literal default.
 * A parameter with neither (or `Object` and no literal default) is unchecked.
 * @throws ConfigSpecError `INVALID_REGISTRATION` when `schema` names neither a parameter nor a key
 *   the options object accepts
 * @internal
 */
export function valueTypesOf(signature: Signature, schema: ReadonlyMap<string, StandardSchemaV1> | undefined, infer: boolean, target: string): ValueTypes {
  const byKey = new Map<string, ValueType>();
  // One loop, no callbacks: a fresh process registering many classes runs this cold for each (issue 10).
  const params = new Array<ValueType | undefined>(signature.params.length);
  let none = true;
  for (let i = 0; i < signature.params.length; i++) {
    const p = signature.params[i] as Parameter;
    const validator = p.name === undefined || p.kind === 'rest' ? undefined : schema?.get(p.name);
    const type = validator !== undefined ? { kind: 'schema' as const, schema: validator, key: p.name as string } : inferredType(p, infer);
    if (type !== undefined && p.name !== undefined && p.kind !== 'rest') byKey.set(p.name, type);
    const param = p.kind === 'rest' ? undefined : type;
    if (param !== undefined) none = false;
    params[i] = param;
  }
  if (schema !== undefined) {
    for (const [key, validator] of schema) {
      if (byKey.get(key)?.kind === 'schema') continue;
      const isOption = signature.optionsIndex >= 0 && !signature.byName.has(key) && (signature.optionKeys === undefined || signature.optionKeys.has(key));
      if (!isOption) {
        const names = [...signature.byName.keys(), ...(signature.optionKeys ?? [])];
        throw new ConfigSpecError('INVALID_REGISTRATION', `schema.${key} names no parameter or options key of ${target}; names: ${names.join(', ') || '(none)'}`, { target });
      }
      byKey.set(key, { kind: 'schema', schema: validator, key });
    }
  }
  return { params, byKey, none: none && byKey.size === 0 };
}

/**
 * The type of parameter `p` of a target without `schema` validators, as {@link valueTypesOf} gives
 * it: inferred from `design:paramtypes` or its literal default (unless `infer` is false); none for a
 * rest parameter.
 * @internal
 */
export function inferredType(p: Parameter, infer: boolean): ValueType | undefined {
  return p.kind === 'rest' || !infer ? undefined : inferred(p);
}

// TypeScript writes `Object` both for a parameter without a type annotation (`lr = 1e-3`) and for
// types it cannot name (`unknown`, unions): either way the literal default is the best evidence left.
function inferred(p: Parameter): ValueType | undefined {
  if (p.type !== undefined && p.type !== Object) {
    const basic = BASIC.get(p.type);
    return basic !== undefined ? BASIC_TYPES.get(basic) : { kind: 'class', cls: p.type };
  }
  return p.defaultKind === undefined ? undefined : BASIC_TYPES.get(p.defaultKind);
}
