/**
 * Checking argument values against their parameters' types (see value-types.ts): where a spec is
 * made, read, built or edited, a wrong value is an `INVALID_VALUE` error at its keyword's path, not a
 * NaN deep inside training. A value that is a spec, a `__ref__` or a tagged value is checked only
 * where what it builds into is known; a Standard Schema validator sees plain JSON values (tagged
 * values decoded) and is never given a spec.
 */
import type { Callable } from './callable.js';
import { argPath, keywordPath, RESERVED_KEYS } from './dict-keys.js';
import { atPath, ConfigSpecError, type ValueIssue } from './errors.js';
import { appendPath, formatPath, type PathNode } from './path.js';
import { inspectNode } from './node-kind.js';
import { registeredEntry, valueCodecsOf, type RegisteredTarget, type Registry } from './registry.js';
import { isPlainObject, MAX_DEPTH } from './tree.js';
import { VALUE_KEY, untag, type ValueCodecs } from './values.js';
import type { ValueType, ValueTypes } from './value-types.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** What is wrong with one value. @internal */
export interface ValueProblem {
  readonly expected: string;
  readonly received: string;
  /** The sentence after the path: `expected a number, got the string "x"`. */
  readonly detail: (path: string) => string;
  readonly issues?: readonly ValueIssue[];
  readonly cause?: unknown;
}

/** Where checks run: the registry resolving targets and classes, and the value codecs for validators. @internal */
export interface CheckContext {
  readonly registry: Registry;
  /** The codecs that decode tagged values for validators (asked only when a validator needs them). */
  readonly codecs: () => readonly ValueCodecs[];
}

const contexts = new WeakMap<Registry, CheckContext>();

/**
 * The context value checks run in against `registry`: it resolves targets, and its codecs (with the
 * default registry's) decode tagged values for validators.
 * @internal
 */
export function checkContext(registry: Registry): CheckContext {
  let ctx = contexts.get(registry);
  if (ctx === undefined) {
    ctx = { registry, codecs: () => valueCodecsOf(registry) };
    contexts.set(registry, ctx);
  }
  return ctx;
}

/**
 * The value types of `entry`, or `undefined` when nothing is checked (or the registry is another
 * copy's, without types).
 * @throws ConfigSpecError `INVALID_REGISTRATION` (a `schema` naming no parameter), at `path`
 * @internal
 */
export function typesFor(registry: Registry, entry: RegisteredTarget, path: PathNode | undefined): ValueTypes | undefined {
  if (typeof (registry as Partial<Registry>).typesOf !== 'function') return undefined;
  let types: ValueTypes;
  try {
    types = registry.typesOf(entry);
  } catch (error) {
    // Parameters unknown: binding reports that where keywords need them; positions go unchecked.
    if (error instanceof ConfigSpecError && error.code === 'SIGNATURE_UNAVAILABLE') return undefined;
    throw atPath(error, formatPath(path), entry.name);
  }
  return types.none ? undefined : types;
}

/** The types of a spec's values, by position and by keyword (a binder's shape checks). @internal */
export interface ArgumentTypes {
  /** By position, for the positional arguments. */
  readonly args: readonly (ValueType | undefined)[];
  /** By keyword, in the order of `keys`. */
  readonly keywords: readonly (ValueType | undefined)[];
}

/**
 * Checks the positional `args` of a spec of `target` at `path` against `types` (by position).
 * @throws ConfigSpecError `INVALID_VALUE` for the first wrong value, at `path.args[i]`
 * @internal
 */
export function checkPositional(ctx: CheckContext, target: string, types: readonly (ValueType | undefined)[], args: readonly unknown[], path: PathNode | undefined): void {
  for (let i = 0; i < types.length; i++) {
    const type = types[i];
    const problem = type === undefined ? undefined : valueProblem(ctx, args[i], type);
    if (problem !== undefined) throw invalidValue(problem, formatPath(argPath(path, i)), target);
  }
}

/**
 * Checks the positional `args` and the values of `kwargs` under `keys` of a spec of `target` at
 * `path` against `types` (worked out once per set of keys by the target's binder).
 * @throws ConfigSpecError `INVALID_VALUE` for the first wrong value, at its path
 * @internal
 */
export function checkArguments(
  ctx: CheckContext,
  target: string,
  types: ArgumentTypes,
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  path: PathNode | undefined,
): void {
  checkPositional(ctx, target, types.args, args, path);
  for (let k = 0; k < types.keywords.length; k++) {
    const type = types.keywords[k];
    const key = keys[k] as string;
    const problem = type === undefined ? undefined : valueProblem(ctx, kwargs[key], type);
    if (problem !== undefined) throw invalidValue(problem, formatPath(keywordPath(path, key)), target);
  }
}

/**
 * Every wrong value of a spec dict of `entry`, as JSON has it (for `config-spec validate`): its
 * keywords, flattened or under `kwargs`, and its positional `args`, each an `INVALID_VALUE` error at
 * its path relative to the dict. Keywords the target does not take are left to the other checks.
 * @internal
 */
export function dictValueProblems(ctx: CheckContext, entry: RegisteredTarget, dict: Readonly<Record<string, unknown>>): ConfigSpecError[] {
  const out: ConfigSpecError[] = [];
  let types: ValueTypes | undefined;
  try {
    types = typesFor(ctx.registry, entry, undefined);
  } catch {
    // INVALID_REGISTRATION: reported by the other checks.
    return out;
  }
  if (types === undefined) return out;
  const report = (value: unknown, type: ValueType | undefined, path: string): void => {
    const problem = type === undefined ? undefined : valueProblem(ctx, value, type);
    if (problem !== undefined) out.push(invalidValue(problem, path, entry.name));
  };
  const args = dict.args;
  if (Array.isArray(args)) args.forEach((value: unknown, i) => { report(value, types.params[i], appendPath(appendPath('', 'args'), i)); });
  for (const key of Object.keys(dict)) {
    // The fields of the dict are not keywords (a keyword with a reserved name is under `kwargs`).
    if (!RESERVED_KEYS.has(key)) report(dict[key], types.byKey.get(key), appendPath('', key));
  }
  const kwargs = dict.kwargs;
  if (isPlainObject(kwargs)) for (const key of Object.keys(kwargs)) report(kwargs[key], types.byKey.get(key), appendPath(appendPath('', 'kwargs'), key));
  return out;
}

/**
 * Checks one keyword value of a spec of `entry` (the editing API), with the error at `path`.
 * @throws ConfigSpecError `INVALID_VALUE`
 * @internal
 */
export function checkKeywordValue(ctx: CheckContext, entry: RegisteredTarget, key: string, value: unknown, path: string): void {
  const type = typesFor(ctx.registry, entry, undefined)?.byKey.get(key);
  if (type === undefined) return;
  const problem = valueProblem(ctx, value, type);
  if (problem !== undefined) throw invalidValue(problem, path, entry.name);
}

/**
 * The type of keyword `key` of `entry` as a plain JSON kind, for parsing override text by type:
 * `'number'`, `'string'`, `'boolean'`, `'array'`, `'object'`, or `undefined`.
 * @internal
 */
export function keywordKind(registry: Registry, entry: RegisteredTarget, key: string): string | undefined {
  let types: ValueTypes | undefined;
  try {
    types = typesFor(registry, entry, undefined);
  } catch {
    return undefined;
  }
  const type = types?.byKey.get(key);
  return type === undefined || type.kind === 'class' || type.kind === 'schema' ? undefined : type.kind;
}

/** The `INVALID_VALUE` error for a problem at `path`. @internal */
export function invalidValue(problem: ValueProblem, path: string, target: string | undefined): ConfigSpecError {
  return new ConfigSpecError('INVALID_VALUE', problem.detail(path), {
    path,
    target,
    expected: problem.expected,
    received: problem.received,
    ...(problem.issues === undefined ? {} : { issues: problem.issues }),
    ...(problem.cause === undefined ? {} : { cause: problem.cause }),
  });
}

/**
 * What is wrong with `value` as a value of `type`, or `undefined` when nothing is.
 * @internal
 */
export function valueProblem(ctx: CheckContext, value: unknown, type: ValueType): ValueProblem | undefined {
  // Not given: the default applies. null: "no value", which TypeScript's metadata cannot tell from
  // `T | null`; validators decide for themselves.
  if (value === undefined || (value === null && type.kind !== 'schema')) return undefined;
  if (type.kind === 'schema') return schemaProblem(ctx, value, type.schema, type.key);
  switch (inspectNode(value)) {
    case 'spec':
    case 'spec-dict':
      return specProblem(ctx.registry, specOf(ctx.registry, value as SpecFields), type);
    case 'ref':
      return undefined;
    case 'tagged':
      return taggedProblem(ctx, value as Record<string, unknown>, type);
    default:
      break;
  }
  if (type.kind === 'class') return classValueProblem(ctx.registry, value, type.cls);
  return matchesKind(value, type.kind) ? undefined : mismatch(type.kind, value);
}

interface SpecInfo {
  /** `undefined` when the target is not registered (reading reports that). */
  readonly entry: RegisteredTarget | undefined;
  readonly called: boolean;
}

// What a Spec and a spec dict (as JSON has it) both hold.
interface SpecFields {
  readonly target?: unknown;
  readonly called?: unknown;
}

// A Spec, or a spec dict as JSON has it.
function specOf(registry: Registry, value: SpecFields): SpecInfo {
  const { target, called } = value;
  const entry = registeredEntry(registry, target);
  return { entry, called: called === true };
}

function specProblem(registry: Registry, spec: SpecInfo, type: Exclude<ValueType, { kind: 'schema' }>): ValueProblem | undefined {
  const { entry } = spec;
  if (entry === undefined) return undefined;
  const received = `${spec.called ? '' : 'partial '}spec of ${entry.name}`;
  if (type.kind === 'class') {
    const name = registry.nameOf(type.cls);
    // A factory function's result type is unknown; a class must be the type or a subclass of it.
    if (name === undefined || entry.kind !== 'class' || isSubclass(entry.fn, type.cls)) return undefined;
    return problem(name, received, `expected a spec of ${name} (or of a subclass), got a ${received}`);
  }
  // What it builds into: a partial spec → a function; a called class spec → an instance; a called
  // function spec → unknown.
  const builds = !spec.called ? 'function' : entry.kind === 'class' ? 'instance' : undefined;
  if (builds === undefined || type.kind === 'object' || type.kind === builds) return undefined;
  return problem(type.kind, received, `expected ${article(type.kind)}, got a ${received}, which builds into ${builds === 'function' ? 'a function' : 'an instance'}`);
}

function isSubclass(fn: Callable, cls: Callable): boolean {
  try {
    return fn === cls || fn.prototype instanceof cls;
  } catch {
    return false;
  }
}

// A tagged value is checked as the value it decodes to (a `number` tag is a number, a Date an
// object); one that does not decode is left to the reader, which reports where it is malformed.
function taggedProblem(ctx: CheckContext, tagged: Record<string, unknown>, type: Exclude<ValueType, { kind: 'schema' }>): ValueProblem | undefined {
  if (type.kind === 'class') return undefined;
  let decoded: unknown;
  try {
    decoded = untag(tagged, undefined, ctx.codecs(), (item) => item);
  } catch {
    return undefined;
  }
  if (decoded === undefined || matchesKind(decoded, type.kind)) return undefined;
  return problem(type.kind, `tagged ${String(tagged[VALUE_KEY])}`, `expected ${article(type.kind)}, got a tagged ${String(tagged[VALUE_KEY])} value`);
}

function classValueProblem(registry: Registry, value: unknown, cls: Callable): ValueProblem | undefined {
  const name = registry.nameOf(cls);
  // An unregistered class (Float32Array, Date, a type-only class) is not checked.
  if (name === undefined) return undefined;
  if (typeof value === 'object' && value !== null && isInstance(value, cls)) return undefined;
  const received = typeName(value);
  return problem(name, received, `expected a spec of ${name} (or an instance), got ${phrase(value)}`);
}

function isInstance(value: object, cls: Callable): boolean {
  try {
    return value instanceof cls;
  } catch {
    return false;
  }
}

function matchesKind(value: unknown, kind: string): boolean {
  switch (kind) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return typeof value === kind;
  }
}

function mismatch(kind: string, value: unknown): ValueProblem {
  return problem(kind, typeName(value), `expected ${article(kind)}, got ${phrase(value)}`);
}

function problem(expected: string, received: string, sentence: string): ValueProblem {
  return { expected, received, detail: () => sentence };
}

const SKIP: unique symbol = Symbol('skip');
// Thrown out of a tagged value's decoding when its data holds a spec (caught at once, never seen).
const SKIP_INSIDE = new Error('a spec inside a tagged value');

function schemaProblem(ctx: CheckContext, value: unknown, schema: StandardSchemaV1, key: string): ValueProblem | undefined {
  const json = jsonFor(ctx, value, 0, []);
  // A spec or reference inside: what it builds into is unknown, and a validator never sees a Spec.
  if (json === SKIP) return undefined;
  const standard = schema['~standard'];
  const expected = `${standard.vendor} schema`;
  const received = typeName(json);
  let result: unknown;
  try {
    result = standard.validate(json);
  } catch (cause) {
    return { expected, received, cause, detail: () => `the ${standard.vendor} validator of "${key}" threw` };
  }
  if (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function') {
    // Nobody awaits it: a rejection must not become an unhandled one.
    (result as Promise<unknown>).then(undefined, () => undefined);
    return { expected, received, detail: () => `the ${standard.vendor} validator of "${key}" returned a Promise; configs are checked synchronously, so give a synchronous validator` };
  }
  const issues = (result as { issues?: readonly ValueIssue[] } | null)?.issues;
  if (issues === undefined) return undefined;
  return {
    expected,
    received,
    issues,
    detail: (path) => `the ${standard.vendor} schema rejects ${phrase(json)}: ${issues.map((issue) => issueText(path, issue)).join('; ')}`,
  };
}

function issueText(path: string, issue: ValueIssue): string {
  let at = path;
  for (const segment of issue.path ?? []) {
    const key = typeof segment === 'object' ? segment.key : segment;
    at = appendPath(at, typeof key === 'number' ? key : String(key));
  }
  return `${at === '' ? '' : `${at}: `}${issue.message}`;
}

// The value as plain JSON for a validator: tagged values decoded, containers copied; SKIP when it
// holds a spec or a reference (or is cyclic, too deep, or a tagged value that does not decode).
function jsonFor(ctx: CheckContext, value: unknown, depth: number, ancestors: object[]): unknown {
  const kind = inspectNode(value);
  if (kind === 'leaf') return value;
  const node = value as Record<string, unknown>;
  if (kind === 'spec' || depth > MAX_DEPTH || ancestors.includes(node)) return SKIP;
  if (kind === 'array') {
    ancestors.push(node);
    const out: unknown[] = [];
    for (const item of value as unknown[]) {
      const read = jsonFor(ctx, item, depth + 1, ancestors);
      if (read === SKIP) return SKIP;
      out.push(read);
    }
    ancestors.pop();
    return out;
  }
  if (kind === 'other') return value;
  if (kind === 'spec-dict' || kind === 'ref') return SKIP;
  ancestors.push(node);
  let out: unknown;
  if (kind === 'tagged') {
    try {
      out = untag(node, undefined, ctx.codecs(), (item) => {
        const read = jsonFor(ctx, item, depth + 1, ancestors);
        if (read === SKIP) throw SKIP_INSIDE;
        return read;
      });
    } catch {
      return SKIP;
    }
  } else {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      const read = jsonFor(ctx, node[key], depth + 1, ancestors);
      if (read === SKIP) return SKIP;
      Object.defineProperty(copy, key, { value: read, enumerable: true, writable: true, configurable: true });
    }
    out = copy;
  }
  ancestors.pop();
  return out;
}

/** A value's JSON type for `received`: `"string"`, `"number"`, `"null"`, `"array"`, `"object"`, … @internal */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function article(kind: string): string {
  return `${kind === 'array' || kind === 'object' ? 'an' : 'a'} ${kind}`;
}

// `the string "0.1,0.01"`, `the number 5`, `an array`: for messages; strings JSON-escaped and cut short.
function phrase(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      const text = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
      return `the string ${text}`;
    }
    case 'number':
    case 'boolean':
    case 'bigint':
      return `the ${typeof value} ${String(value)}`;
    case 'function':
      return 'a function';
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'a symbol';
    default:
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
  }
}
