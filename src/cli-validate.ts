/**
 * `config-spec validate`: every problem of a config file, not only the first. Each spec dict is
 * checked on its own (its nested containers stand in as `null`), and after each problem the bad
 * field is taken out and the node checked again, so two misspelt keywords are two problems; each
 * reference is resolved against the tree as a reader would; a whole-tree read runs last so nothing a
 * reader rejects can pass. Errors carry their full path from the file root.
 */
import { completeCall, planCall } from './binding.js';
import { specFormatsOf, type ConfigFormat } from './config-formats.js';
import { isSpecDict } from './dict-format.js';
import { MARKER, RECURSIVE } from './dict-keys.js';
import { ConfigSpecError, extraFields } from './errors.js';
import { appendPath, parsePath } from './path.js';
import { isRef, resolveRef, type RefScope } from './refs.js';
import { valueCodecsOf, type Registry } from './registry.js';
import { dictValueProblems } from './value-check.js';
import { fromDictTree } from './reader.js';
import { Spec } from './spec.js';
import { MAX_DEPTH, isPlainObject, setOwn } from './tree.js';
import { isTagged } from './values.js';

type Json = Record<string, unknown>;

/** `path` below `base`, both formatted: `joinPath('model', 'layers[2]')` is `model.layers[2]`. */
export function joinPath(base: string, path: string): string {
  if (path === '') return base;
  if (base === '') return path;
  return path.startsWith('[') ? `${base}${path}` : `${base}.${path}`;
}

function relocate(error: ConfigSpecError, base: string): ConfigSpecError {
  if (base === '') return error;
  return new ConfigSpecError(error.code, error.detail, { ...extraFields(error), path: joinPath(base, error.path), target: error.target, cause: error.cause });
}

const put = setOwn;

const stub = (value: unknown): unknown => (typeof value === 'object' && value !== null ? null : value);

// The spec dict with every nested container replaced by null: its own fields, checked alone.
function shallow(dict: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(dict)) {
    const value = dict[key];
    if (key === 'args' && Array.isArray(value)) put(out, key, value.map(stub));
    else if (key === 'kwargs' && isPlainObject(value)) {
      const kwargs: Json = {};
      for (const name of Object.keys(value)) put(kwargs, name, stub(value[name]));
      put(out, key, kwargs);
    } else put(out, key, key === MARKER ? value : stub(value));
  }
  return out;
}

// Takes the field an error points at out of a shallow spec dict; false when nothing can be taken out.
function removeField(dict: Json, relative: string): boolean {
  const keys = parsePath(relative);
  const [first, second] = keys ?? [];
  if (typeof first !== 'string' || first === 'target' || !Object.hasOwn(dict, first)) return false;
  const kwargs = dict.kwargs;
  if (first === 'kwargs' && typeof second === 'string' && isPlainObject(kwargs) && Object.hasOwn(kwargs, second)) {
    Reflect.deleteProperty(kwargs, second);
    return true;
  }
  Reflect.deleteProperty(dict, first);
  return true;
}

// A tagged value's data with its spec dicts and references (checked where the walk meets them) as null.
function withoutSpecs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpecs);
  if (!isPlainObject(value)) return value;
  if (value[MARKER] === true || isRef(value)) return null;
  const out: Json = {};
  for (const key of Object.keys(value)) put(out, key, withoutSpecs(value[key]));
  return out;
}

/**
 * Every problem of a config tree read from JSON, in document order, each a `ConfigSpecError` with
 * its path from the root: malformed spec dicts, unknown targets, unknown parameters (each one),
 * positions bound twice, required parameters missing from called specs (outside nodes with
 * `__recursive__: false`, whose specs are passed on unbuilt), bad references, `__proto__` keys,
 * and whatever else a whole-tree `Spec.fromDict` rejects. An empty array means the config is valid.
 */
export function collectProblems(tree: unknown, registry: Registry): ConfigSpecError[] {
  const problems = new Map<string, ConfigSpecError>();
  const add = (error: unknown, base: string): void => {
    if (!(error instanceof ConfigSpecError)) throw error;
    const located = relocate(error, base);
    const key = `${located.code}\u0000${located.path}\u0000${located.detail}`;
    if (!problems.has(key)) problems.set(key, located);
  };
  const met = new Map<object, Spec<unknown, boolean>>();
  const open = new Set<object>();
  const placeholder = Object.create(Spec.prototype) as Spec<unknown, boolean>;
  const scope: RefScope = { root: tree, read: met, inProgress: (node) => open.has(node) };

  const values = { registry, codecs: () => valueCodecsOf(registry) };
  const checkSpec = (dict: Json, path: string, buildsChildren: boolean): void => {
    // Values are checked on the dict as it is (the shallow copy below stands containers in as null).
    if (typeof dict.target === 'string' && registry.has(dict.target)) {
      for (const problem of dictValueProblems(values, registry.lookup(dict.target), dict)) add(problem, path);
    }
    const copy = shallow(dict);
    for (let tries = 0; tries < 1000; tries++) {
      try {
        const spec = Spec.fromDict<Spec<unknown, boolean>>(copy, { registry });
        if (spec.called && buildsChildren) {
          const entry = registry.lookup(spec.target);
          completeCall(planCall(registry, entry, spec.args, spec.kwargs, undefined), []);
        }
        return;
      } catch (error) {
        // Values were checked above, on the real values (not the stand-ins); the field still goes.
        if (!(error instanceof ConfigSpecError && error.code === 'INVALID_VALUE')) add(error, path);
        if (!(error instanceof ConfigSpecError) || !removeField(copy, error.path)) return;
      }
    }
  };

  const visit = (value: unknown, path: string, depth: number, builds: boolean): void => {
    if (typeof value !== 'object' || value === null) return;
    if (depth > MAX_DEPTH) {
      add(new ConfigSpecError('TOO_DEEP', `nesting is deeper than the limit of ${String(MAX_DEPTH)} levels`, { path }), '');
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i], appendPath(path, i), depth + 1, builds);
      return;
    }
    if (!isPlainObject(value)) return;
    let spec = false;
    try {
      spec = isSpecDict(value, undefined);
    } catch (error) {
      add(error, path);
    }
    if (spec) {
      checkSpec(value, path, builds);
      met.set(value, placeholder);
      open.add(value);
      const inner = builds && value[RECURSIVE] !== false;
      // The reader's order, which decides what a reference may point back to: args, keywords, kwargs.
      const args = value.args;
      if (Array.isArray(args)) for (let i = 0; i < args.length; i++) visit(args[i], appendPath(appendPath(path, 'args'), i), depth + 2, inner);
      for (const key of Object.keys(value)) {
        if (!['target', 'args', 'called', 'kwargs', MARKER, RECURSIVE].includes(key)) visit(value[key], appendPath(path, key), depth + 1, inner);
      }
      const kwargs = value.kwargs;
      if (isPlainObject(kwargs)) for (const key of Object.keys(kwargs)) visit(kwargs[key], appendPath(appendPath(path, 'kwargs'), key), depth + 2, inner);
      open.delete(value);
      return;
    }
    if (isTagged(value)) {
      try {
        fromDictTree(withoutSpecs(value), registry, { decode: false });
      } catch (error) {
        add(error, path);
      }
      visit(value.data, appendPath(path, 'data'), depth + 1, builds);
      return;
    }
    if (isRef(value)) {
      try {
        resolveRef(value, undefined, scope);
        met.set(value, placeholder);
      } catch (error) {
        add(error, path);
      }
      return;
    }
    for (const key of Object.keys(value)) {
      const at = appendPath(path, key);
      if (key === '__proto__') add(new ConfigSpecError('INVALID_SPEC_DICT', '"__proto__" is never a valid key', { path: at }), '');
      else visit(value[key], at, depth + 1, builds);
    }
  };

  visit(tree, '', 0, true);
  try {
    fromDictTree(tree, registry, { decode: false });
  } catch (error) {
    // Usually a problem found above already (the reader stops at its first); new only when its code is.
    if (!(error instanceof ConfigSpecError) || ![...problems.values()].some((p) => p.code === error.code)) add(error, '');
  }
  return [...problems.values()];
}

/** How many dicts of a tree read as each other format's spec dicts (none of them config-spec's). */
export function foreignSpecCounts(tree: unknown): Map<ConfigFormat, number> {
  const counts = new Map<ConfigFormat, number>();
  // An explicit stack, not recursion: the tree may be as deep as the reader allows.
  const stack: unknown[] = [tree];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) stack.push(item);
      continue;
    }
    if (!isPlainObject(value)) continue;
    const formats = specFormatsOf(value);
    if (!formats.includes('config-spec')) {
      for (const format of formats) counts.set(format, (counts.get(format) ?? 0) + 1);
    }
    for (const key of Object.keys(value)) stack.push(value[key]);
  }
  return counts;
}
