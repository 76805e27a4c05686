/**
 * The check phase of `instantiate`: before the first target runs, every spec the build will reach is
 * read and checked (target, `allow`, keyword names, argument values), so a wrong value anywhere in
 * the tree fails before anything is built rather than after half a model is constructed. It walks
 * the tree the way the build does (specs' arguments only where they will be built), iteratively, and
 * visits each shared node once; the spec dicts it reads are handed to the build, which then does not
 * read them again.
 */
import { readSpecDict, isSpecDict } from './dict-format.js';
import { argPath, keywordPath, REF_KEY } from './dict-keys.js';
import { ConfigSpecError } from './errors.js';
import { isAllowed } from './names.js';
import { child, formatPath, type PathNode } from './path.js';
import type { RegisteredTarget, Registry } from './registry.js';
import { checkContext, isSpec, lookupAt, registryOf, type Spec } from './spec.js';
import { layoutKeywords } from './binding.js';
import { checkArguments } from './value-check.js';
import { isPlainObject } from './tree.js';
import { VALUE_KEY } from './values.js';

/** What the check phase needs to know of the build. */
export interface CheckPhaseOptions {
  /** The registry option of the call, if given (else each Spec's own, and the default for dicts). */
  readonly registry: Registry | undefined;
  readonly allow: readonly string[] | undefined;
  /** The call's `recursive` option. */
  readonly recursive: boolean;
  /** The registry dicts outside any Spec resolve in. */
  readonly rootRegistry: Registry;
}

interface Pending {
  readonly value: object;
  readonly path: PathNode | undefined;
  /** Resolves the spec dicts met below (the nearest enclosing Spec's registry). */
  readonly registry: Registry;
}

/**
 * Checks every spec the build of `tree` will reach. Returns the spec dicts it read (dict → Spec), for
 * the build to reuse.
 * @throws ConfigSpecError `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`, `INVALID_SPEC_DICT`,
 *   `TARGET_NOT_ALLOWED`, `INVALID_VALUE`, … with the path; `INSTANTIATION_FAILED` when reading a
 *   value of the tree throws (a getter or Proxy)
 * @internal
 */
export function checkBeforeBuild(tree: unknown, options: CheckPhaseOptions): Map<object, Spec<unknown, boolean>> {
  const read = new Map<object, Spec<unknown, boolean>>();
  if (typeof tree !== 'object' || tree === null) return read;
  const seen = new Set<object>();
  const stack: Pending[] = [{ value: tree, path: undefined, registry: options.rootRegistry }];
  let at: PathNode | undefined;
  try {
    while (stack.length > 0) {
      const { value, path, registry } = stack.pop() as Pending;
      at = path;
      if (seen.has(value)) continue;
      seen.add(value);
      if (isSpec(value)) {
        checkSpecObject(value, path, options, stack);
        continue;
      }
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) push(stack, value[i], child(path, i), registry);
        continue;
      }
      if (!isPlainObject(value)) continue;
      if (isSpecDict(value, path)) {
        const spec = readSpecDict(value, path, registry, undefined, true);
        read.set(value, spec);
        allowed(lookupAt(registry, spec.target, path), path, options);
        if (spec.recursive && options.recursive) pushArguments(stack, spec, path, registry);
        continue;
      }
      // A reference points at a spec checked where it is written.
      if (Object.hasOwn(value, REF_KEY)) continue;
      if (Object.hasOwn(value, VALUE_KEY)) {
        push(stack, value.data, child(path, 'data'), registry);
        continue;
      }
      const keys = Object.keys(value);
      for (let k = keys.length - 1; k >= 0; k--) {
        const key = keys[k] as string;
        push(stack, value[key], child(path, key), registry);
      }
    }
  } catch (error) {
    if (error instanceof ConfigSpecError) throw error;
    throw new ConfigSpecError('INSTANTIATION_FAILED', 'reading a value of the tree threw', { path: formatPath(at), cause: error });
  }
  return read;
}

function checkSpecObject(spec: Spec<unknown, boolean>, path: PathNode | undefined, options: CheckPhaseOptions, stack: Pending[]): void {
  const own = registryOf(spec);
  const registry = options.registry ?? own;
  const entry = lookupAt(registry, spec.target, path);
  // A Spec was checked against its own registry when it was made; against another one, here.
  if (registry !== own) {
    const keys = Object.keys(spec.kwargs);
    const layout = layoutKeywords(registry, entry, spec.args.length, keys, path);
    checkArguments(checkContext(registry), entry, layout, spec.args, keys.map((key) => spec.kwargs[key]), path);
  }
  allowed(entry, path, options);
  if (spec.recursive && options.recursive) pushArguments(stack, spec, path, registry);
}

function allowed(entry: RegisteredTarget, path: PathNode | undefined, options: CheckPhaseOptions): void {
  if (options.allow !== undefined && !isAllowed(entry.name, options.allow)) {
    throw new ConfigSpecError('TARGET_NOT_ALLOWED', `${entry.name} is not in the allowed namespaces (${options.allow.join(', ') || 'none'})`, { path: formatPath(path), target: entry.name });
  }
}

// Pushed in reverse, so they are checked in the order the build reaches them: args, then keywords.
function pushArguments(stack: Pending[], spec: Spec<unknown, boolean>, path: PathNode | undefined, registry: Registry): void {
  const keys = Object.keys(spec.kwargs);
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = keys[k] as string;
    push(stack, spec.kwargs[key], keywordPath(path, key), registry);
  }
  for (let i = spec.args.length - 1; i >= 0; i--) push(stack, spec.args[i], argPath(path, i), registry);
}

function push(stack: Pending[], value: unknown, path: PathNode, registry: Registry): void {
  if (typeof value === 'object' && value !== null) stack.push({ value, path, registry });
}
