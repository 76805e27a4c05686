/**
 * JSON Schema (draft 2020-12) for config files, generated from a registry: one `$defs` entry per
 * registered target describing its spec dict (parameters, types from `design:paramtypes` where the
 * compiler emitted them), and a root accepting any config tree whose spec dicts are valid. Point an
 * editor at it to get completion and checking of config files.
 */
import type { Callable } from './callable.js';
import { isEscapedKeyword, MARKER, RECURSIVE } from './dict-keys.js';
import { ConfigSpecError } from './errors.js';
import { REF_KEY } from './refs.js';
import { defaultRegistry, registryOption, type RegisteredTarget, type Registry } from './registry.js';
import type { Parameter, Signature } from './signature.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { ValueType, ValueTypes } from './value-types.js';
import { setOwn } from './tree.js';
import { VALUE_KEY } from './values.js';

/** A JSON Schema document or subschema: plain JSON data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Options of {@link configSchema} and {@link targetSchema}. */
export interface SchemaOptions {
  /** The registry whose targets are described; defaults to `defaultRegistry`. */
  readonly registry?: Registry;
  /** The `$id` of the generated document (a URI), when you publish it. */
  readonly id?: string;
}

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
// Helper definitions. Their keys contain `-` and no `:`, which no target name can have, so they
// never collide with a target's key.
const VALUE = 'config-value';
const SPEC = 'spec-dict';
const REF = 'spec-ref';
const TAGGED = 'tagged-value';
const DUNDER = '^__.+__$';

const ref = (key: string): JsonSchema => ({ $ref: `#/$defs/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` });
const NOT_PROTO: JsonSchema = { not: { const: '__proto__' } };

/**
 * The JSON Schema of a config file: a document with `$schema` (draft 2020-12), `$defs` holding one
 * schema per registered target (key: its canonical name, e.g. `"optim:Adam"`) and the helper
 * definitions `config-value`, `spec-dict`, `spec-ref` and `tagged-value`, and a root that accepts
 * any JSON config tree: objects and arrays recurse, an object with `__dense_spec__` must be a valid
 * spec dict of a registered target (canonical name or alias), `{"__ref__": "<path>"}` and
 * `{"__value__": "<type>", "data": …}` may stand wherever a value can. Required parameters are
 * required only in called specs (`"called": true`): a partial spec may leave them to call time.
 * The schema describes the registry as it is now; generate it after importing every module that
 * registers targets.
 * @throws ConfigSpecError `INVALID_REGISTRATION` when `options` or its `registry` is malformed
 */
export function configSchema(options?: SchemaOptions): JsonSchema {
  const registry = registryOption(options, 'INVALID_REGISTRATION', 'configSchema()') ?? defaultRegistry;
  return document(registry, options?.id, ref(VALUE), 'A config-spec config: JSON whose spec dicts name registered targets.');
}

/**
 * The JSON Schema of one spec dict of `target` (a registered function, class, canonical name or
 * alias): the same document as {@link configSchema} with its root pointing at that target's
 * definition, so `targetSchema(Adam)` validates `{"target": "optim:Adam", "lr": 0.1, "__dense_spec__": true}`.
 * @throws ConfigSpecError `UNKNOWN_TARGET` (with the closest name) when `target` is not registered;
 *   `INVALID_REGISTRATION` when `options` or its `registry` is malformed
 */
export function targetSchema(target: string | Callable, options?: SchemaOptions): JsonSchema {
  const registry = registryOption(options, 'INVALID_REGISTRATION', 'targetSchema()') ?? defaultRegistry;
  const entry = registry.lookup(target);
  return document(registry, options?.id, ref(entry.name), `A spec dict of ${entry.name}.`);
}

function document(registry: Registry, id: string | undefined, root: JsonSchema, description: string): JsonSchema {
  if (id !== undefined && typeof id !== 'string') throw new ConfigSpecError('INVALID_REGISTRATION', 'the id option of a schema must be a URI string');
  const entries = [...registry.entries()].map(([, entry]) => entry);
  const defs: Record<string, JsonSchema> = {
    [VALUE]: valueSchema(),
    [SPEC]: specDispatch(entries),
    [REF]: {
      description: 'A reference to the spec written first at this path (shared instance).',
      type: 'object',
      properties: { [REF_KEY]: { type: 'string', description: 'The path of an earlier spec, e.g. "model.encoder".' } },
      required: [REF_KEY],
      additionalProperties: false,
    },
    [TAGGED]: {
      description: 'A value JSON cannot hold exactly (NaN, bigint, Date, Map, Set, RegExp, typed arrays, undefined) or a type registered with registerValue().',
      type: 'object',
      properties: { [VALUE_KEY]: { type: 'string', description: 'The value type, e.g. "Date" or "bigint".' }, data: ref(VALUE) },
      required: [VALUE_KEY],
      additionalProperties: false,
    },
  };
  // setOwn: a target may be named `__proto__`, which an assignment would make the prototype of $defs.
  for (const entry of entries) setOwn(defs, entry.name, targetDef(registry, entry));
  return { $schema: DRAFT, ...(id === undefined ? {} : { $id: id }), description, ...root, $defs: defs };
}

// Any JSON value; objects are told apart the way the reader does: spec dict, then ref, then tagged
// value, then plain object.
function valueSchema(): JsonSchema {
  const has = (key: string): JsonSchema => ({ type: 'object', required: [key] });
  return {
    description: 'A config value: JSON, where objects with "__dense_spec__" are spec dicts.',
    if: has(MARKER),
    then: ref(SPEC),
    else: {
      if: has(REF_KEY),
      then: ref(REF),
      else: {
        if: has(VALUE_KEY),
        then: ref(TAGGED),
        else: {
          if: { type: 'object' },
          then: { type: 'object', propertyNames: NOT_PROTO, additionalProperties: ref(VALUE) },
          else: { if: { type: 'array' }, then: { type: 'array', items: ref(VALUE) } },
        },
      },
    },
  };
}

// A spec dict of any registered target, dispatched on `target`.
function specDispatch(entries: readonly RegisteredTarget[]): JsonSchema {
  const names = entries.flatMap((e) => [e.name, ...e.aliases]);
  return {
    description: 'A spec dict: { "target": "<registered name>", …keyword arguments, "__dense_spec__": true }.',
    type: 'object',
    properties: {
      target: names.length > 0 ? { enum: names, description: 'A registered target name (or an alias).' } : false,
      [MARKER]: { const: true },
    },
    required: ['target', MARKER],
    // allOf must not be empty (an empty registry).
    ...(entries.length === 0 ? {} : {
      allOf: entries.map((e) => ({
        if: { properties: { target: { enum: [e.name, ...e.aliases] } }, required: ['target'] },
        then: ref(e.name),
      })),
    }),
  };
}

function targetDef(registry: Registry, entry: RegisteredTarget): JsonSchema {
  const target = entry.aliases.length === 0 ? { const: entry.name } : { enum: [entry.name, ...entry.aliases] };
  const reserved: Record<string, JsonSchema> = {
    target: { ...target, description: `${entry.name}${entry.aliases.length === 0 ? '' : ` (aliases: ${entry.aliases.join(', ')})`}` },
    args: { type: 'array', items: ref(VALUE), description: 'Positional arguments, filling parameters from the left.' },
    called: { type: 'boolean', description: 'true: build the call result; false or absent: a partial to call later.' },
    [RECURSIVE]: { type: 'boolean', description: 'false: pass nested specs to the target unbuilt.' },
    [MARKER]: { const: true },
  };
  let signature: Signature;
  try {
    signature = registry.signatureOf(entry);
  } catch (error) {
    if (!(error instanceof ConfigSpecError)) throw error;
    // Parameters unknown: any keyword is let through here; building will say what is wrong.
    return {
      description: `${entry.kind} ${entry.name}; its parameters are unknown (${error.code}).`,
      type: 'object',
      properties: { ...reserved, kwargs: { type: 'object', propertyNames: NOT_PROTO, additionalProperties: ref(VALUE) } },
      required: ['target', MARKER],
      propertyNames: keywordNames(),
      additionalProperties: ref(VALUE),
    };
  }
  const { params, optionsIndex, optionKeys } = signature;
  const types = typesOf(registry, entry);
  const anyKey = optionsIndex >= 0 && optionKeys === undefined;
  const keywords: Record<string, JsonSchema> = {};
  params.forEach((p) => {
    if (p.name !== undefined && p.kind !== 'rest') setOwn(keywords, p.name, parameterSchema(registry, entry, p, types?.byKey.get(p.name)));
  });
  const optionsName = params[optionsIndex]?.name ?? 'the options object';
  // Keys of the options object: the declared ones, and any with a validator (an options object taking any key).
  const optionNames = new Set([...(optionKeys ?? []), ...(optionsIndex >= 0 ? [...(types?.byKey.keys() ?? [])] : [])]);
  for (const key of optionNames) {
    if (Object.hasOwn(keywords, key)) continue;
    const type = typedSchema(registry, types?.byKey.get(key));
    setOwn(keywords, key, type === undefined ? { $ref: ref(VALUE).$ref, description: `Key of ${optionsName}.` } : { description: `Key of ${optionsName}.`, anyOf: [type, ref(SPEC), ref(REF), ref(TAGGED)] });
  }
  const flat: Record<string, JsonSchema> = { ...reserved };
  for (const [name, schema] of Object.entries(keywords)) if (!isEscapedKeyword(name)) flat[name] = schema;
  const extra = anyKey ? ref(VALUE) : false;
  const def: Record<string, unknown> = {
    description: `${entry.kind} ${entry.name}(${params.map((p) => (p.kind === 'rest' ? '...' : '') + (p.name ?? '{…}') + (p.hasDefault ? '?' : '')).join(', ')})`
      + (anyKey ? `; ${optionsName} takes any key` : ''),
    type: 'object',
    properties: {
      ...flat,
      kwargs: {
        type: 'object',
        description: 'Keyword arguments whose names are reserved (target, args, kwargs, called) or __dunder__.',
        properties: keywords,
        propertyNames: NOT_PROTO,
        additionalProperties: extra,
      },
    },
    required: ['target', MARKER],
    propertyNames: keywordNames(),
    additionalProperties: extra,
  };
  const required = calledRequirements(entry, params);
  if (required.length > 0) def.if = { properties: { called: { const: true } }, required: ['called'] };
  if (required.length > 0) def.then = { allOf: required };
  return def;
}

// Flattened keys: anything but `__x__` names other than the two reserved ones (and `__proto__`).
function keywordNames(): JsonSchema {
  return { anyOf: [{ enum: [MARKER, RECURSIVE] }, { not: { pattern: DUNDER } }] };
}

// In a called spec, each required parameter (not runtime) must be bound: by name, flattened or under
// `kwargs`, or by position through `args`.
function calledRequirements(entry: RegisteredTarget, params: readonly Parameter[]): JsonSchema[] {
  const out: JsonSchema[] = [];
  params.forEach((p, i) => {
    if (p.kind !== 'required' || (p.name !== undefined && entry.runtime.includes(p.name))) return;
    const ways: JsonSchema[] = [];
    if (p.name !== undefined) {
      if (!isEscapedKeyword(p.name)) ways.push({ required: [p.name] });
      ways.push({ required: ['kwargs'], properties: { kwargs: { type: 'object', required: [p.name] } } });
    }
    ways.push({ required: ['args'], properties: { args: { type: 'array', minItems: i + 1 } } });
    out.push(ways.length === 1 ? (ways[0] as JsonSchema) : { anyOf: ways });
  });
  return out;
}

function parameterSchema(registry: Registry, entry: RegisteredTarget, p: Parameter, valueType: ValueType | undefined): JsonSchema {
  const runtime = p.name !== undefined && entry.runtime.includes(p.name);
  const kind = p.kind === 'options' ? 'options object' : `${p.kind} parameter`;
  const description = `${kind}${p.hasDefault ? ', has a default' : p.kind === 'required' ? ', no default (required when called)' : ''}`
    + (runtime ? '; a run-time input, usually given at call time' : '')
    + (valueType === undefined ? '' : `; ${describeType(valueType)}`);
  const type = typedSchema(registry, valueType);
  return type === undefined ? { ...ref(VALUE), description } : { description, anyOf: [type, ref(SPEC), ref(REF), ref(TAGGED)] };
}

// The value types the checks use (value-types.ts); none when the parameters cannot be known.
function typesOf(registry: Registry, entry: RegisteredTarget): ValueTypes | undefined {
  if (typeof (registry as Partial<Registry>).typesOf !== 'function') return undefined;
  try {
    return registry.typesOf(entry);
  } catch {
    // A schema naming no parameter: reported when a spec of it is read.
    return undefined;
  }
}

function describeType(type: ValueType): string {
  if (type.kind === 'schema') return `checked by a ${type.schema['~standard'].vendor} schema`;
  if (type.kind === 'class') return `type ${type.cls.name}`;
  return `type ${type.kind}`;
}

// The plain-JSON form of a parameter's type; `undefined` when any value goes. A spec, ref or tagged
// value is accepted besides (a called spec of a factory can give a number), and `null` where the type
// is inferred (as the checks accept it); a validator's own JSON Schema decides for itself.
function typedSchema(registry: Registry, type: ValueType | undefined): JsonSchema | undefined {
  if (type === undefined) return undefined;
  if (type.kind === 'schema') return validatorSchema(type.schema);
  const NULL = { type: 'null' };
  switch (type.kind) {
    case 'number':
    case 'string':
    case 'boolean':
      return { anyOf: [{ type: type.kind }, NULL] };
    case 'array':
      return { anyOf: [{ type: 'array', items: ref(VALUE) }, NULL] };
    case 'object':
      return { anyOf: [{ type: 'object', propertyNames: NOT_PROTO, additionalProperties: ref(VALUE) }, NULL] };
    case 'function':
      return NULL;
    default: {
      const name = registry.nameOf(type.cls);
      return name === undefined ? undefined : { anyOf: [ref(name), NULL] };
    }
  }
}

interface JsonSchemaSource {
  /** The Standard JSON Schema interface: `'~standard'.jsonSchema.input({ target })`. */
  readonly '~standard': { readonly jsonSchema?: { readonly input?: (options: { target: string }) => unknown } };
  /** zod 4's method. */
  readonly toJSONSchema?: () => unknown;
}

// A validator's own JSON Schema, when it offers one (the Standard JSON Schema interface, or zod 4's
// toJSONSchema), without its `$schema`; `undefined` (any value) when it offers none, fails to make
// one, or makes one with references of its own (they would point into a document that is not there).
function validatorSchema(validator: StandardSchemaV1): JsonSchema | undefined {
  const source = validator as unknown as JsonSchemaSource;
  let made: unknown;
  try {
    const input = source['~standard'].jsonSchema?.input;
    made = typeof input === 'function' ? input({ target: 'draft-2020-12' }) : typeof source.toJSONSchema === 'function' ? source.toJSONSchema() : undefined;
  } catch {
    return undefined;
  }
  if (typeof made !== 'object' || made === null || Array.isArray(made) || JSON.stringify(made).includes('"$ref"')) return undefined;
  const schema: Record<string, unknown> = { ...(made as Record<string, unknown>) };
  Reflect.deleteProperty(schema, '$schema');
  return schema;
}
