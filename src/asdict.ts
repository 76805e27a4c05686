/**
 * `asdict`: a tree holding specs, registered functions and partials → plain JSON data, every spec
 * as its dense dict. Nothing is silently changed: a value JSON cannot hold exactly is an error.
 */
import { writeSpecDict } from './dict-format.js';
import { ConfigSpecError } from './errors.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { specOfPartial } from './partial-function.js';
import { defaultRegistry, registryOption, type Registry } from './registry.js';
import { isSpec, type TreeOptions } from './spec.js';
import { Ancestors, guardWalk, isPlainObject } from './tree.js';
import { MARKER } from './dict-keys.js';

interface Context {
  readonly registry: Registry;
  readonly ancestors: Ancestors;
}

/**
 * Every `Spec`, registered function or class, and partial in a nested tree → its dense dict; plain
 * objects and arrays are copied; the result is plain JSON data (`JSON.stringify` writes it as is).
 * `undefined` object values are dropped, as `JSON.stringify` does.
 * @throws ConfigSpecError `NOT_SERIALIZABLE` with the path of a value JSON cannot hold exactly
 *   (an unregistered function, a class instance, a symbol, `NaN`), `CYCLE`, `TOO_DEEP`
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON-like data, as JSON.parse.
export function asdict<T = any>(tree: unknown, options: TreeOptions = {}): T {
  const ctx: Context = { registry: registryOption(options, 'INVALID_OVERRIDE', 'asdict') ?? defaultRegistry, ancestors: new Ancestors() };
  return guardWalk(() => write(tree, ROOT, ctx), ctx.ancestors, 'NOT_SERIALIZABLE') as T;
}

function write(value: unknown, path: PathNode | undefined, ctx: Context): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      throw notSerializable(`the number ${Object.is(value, -0) ? '-0' : String(value)} has no exact JSON form`, path);
    case 'function':
      return writeFunction(value as Function, path, ctx);
    case 'object':
      return value === null ? null : writeObject(value, path, ctx);
    default:
      throw notSerializable(`${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`} has no JSON form here`, path);
  }
}

function writeObject(value: object, path: PathNode | undefined, ctx: Context): unknown {
  const walk = (v: unknown, at: PathNode | undefined): unknown => write(v, at, ctx);
  if (isSpec(value)) {
    ctx.ancestors.enter(value, path);
    const out = writeSpecDict(value, path, walk);
    ctx.ancestors.leave();
    return out;
  }
  if (Array.isArray(value)) {
    ctx.ancestors.enter(value, path);
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = write(value[i], child(path, i), ctx);
    ctx.ancestors.leave();
    return out;
  }
  if (!isPlainObject(value)) {
    const name = (value.constructor as { name?: unknown } | undefined)?.name;
    throw notSerializable(`an instance of ${typeof name === 'string' && name !== '' ? name : 'an unknown class'} has no JSON form; build it from a Spec instead`, path);
  }
  ctx.ancestors.enter(value, path);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw notSerializable('"__proto__" is never a valid key', child(path, key));
    const item = value[key];
    if (item !== undefined) out[key] = write(item, child(path, key), ctx);
  }
  ctx.ancestors.leave();
  return out;
}

function writeFunction(fn: Function, path: PathNode | undefined, ctx: Context): unknown {
  const spec = specOfPartial(fn);
  if (spec !== undefined) return write(spec, path, ctx);
  const name = ctx.registry.nameOf(fn);
  if (name !== undefined) return { target: name, [MARKER]: true };
  const label = typeof fn.name === 'string' && fn.name !== '' ? fn.name : '(anonymous)';
  throw notSerializable(`function ${label} is not registered; register it with configurable() to write it by name`, path);
}

function notSerializable(message: string, path: PathNode | undefined): ConfigSpecError {
  return new ConfigSpecError('NOT_SERIALIZABLE', message, { path: formatPath(path) });
}
