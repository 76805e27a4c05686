/**
 * `config-spec validate`: every problem of a config file, not only the first. Each spec dict is
 * checked on its own (its nested containers stand in as `null`), and after each problem the bad
 * field is taken out and the node checked again, so two misspelt keywords are two problems; each
 * reference is resolved against the tree as a reader would; a whole-tree read runs last so nothing a
 * reader rejects can pass. Errors carry their full path from the file root.
 */
import { completeCall, planCall, takesKeyword, unknownParameter } from './binding.js';
import { specFormatsOf, type ConfigFormat } from './config-formats.js';
import { isDunder, MARKER, protoKeyError, RECURSIVE, RESERVED_KEYS } from './dict-keys.js';
import { ConfigSpecError, extraFields } from './errors.js';
import { appendPath, parsePath } from './path.js';
import { classifyNode, inspectNode, isLeaf, type NodeKind } from './node-kind.js';
import { resolveRef, type RefScope } from './refs.js';
import { registeredEntry, valueCodecsOf, type Registry } from './registry.js';
import { dictValueProblems } from './value-check.js';
import { fromDictTree } from './reader.js';
import { Spec } from './spec.js';
import { forEachPlainObject, MAX_DEPTH, isPlainObject, setOwn } from './tree.js';

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

// A tagged value checked on its own: its data two levels down (a Map's pairs, a RegExp's fields),
// anything nested deeper as null. What is nested is checked where the walk meets it: re-reading
// the whole data at every tagged level made nested tagged Sets quadratic.
function shallowTag(tag: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(tag)) {
    const value = tag[key];
    put(out, key, key === 'data' ? shallowData(value, 2) : stub(value));
  }
  return out;
}

function shallowData(value: unknown, levels: number): unknown {
  const kind = inspectNode(value);
  if (kind === 'leaf') return value;
  if (levels === 0) return null;
  if (kind === 'array') return (value as unknown[]).map((item) => shallowData(item, levels - 1));
  // A spec dict (whatever its marker says), a reference or a tag is checked where the walk meets it.
  if (kind !== 'object' || Object.hasOwn(value as Json, MARKER)) return null;
  const object = value as Json;
  const out: Json = {};
  for (const key of Object.keys(object)) put(out, key, shallowData(object[key], levels - 1));
  return out;
}

// The problems of one spec dict (paths relative to it) in the order a reader meets them: its fields
// in key order, then an unknown target, then its keywords in key order, then the rest (a missing
// parameter). A stable sort: problems of one key keep the order they were found in.
function inDocumentOrder(found: readonly ConfigSpecError[], dict: Json): ConfigSpecError[] {
  if (found.length < 2) return [...found];
  const indexOf = (keys: readonly string[]): Map<string, number> => new Map(keys.map((key, i) => [key, i]));
  const keys = indexOf(Object.keys(dict));
  const kwargs = indexOf(isPlainObject(dict.kwargs) ? Object.keys(dict.kwargs) : []);
  const place = (error: ConfigSpecError): number => {
    const [first, second] = parsePath(error.path) ?? [];
    if (typeof first !== 'string') return error.code === 'UNKNOWN_TARGET' ? 1e9 : 4e9;
    const at = (keys.get(first) ?? -1) + (first === 'kwargs' && typeof second === 'string' ? ((kwargs.get(second) ?? -1) + 1) / (kwargs.size + 1) : 0);
    const keyword = error.code === 'UNKNOWN_PARAMETER' || error.code === 'INVALID_VALUE' || (first === 'kwargs' && second !== undefined);
    return (keyword ? 2e9 : 0) + at;
  };
  return found.map((error, i) => ({ error, i, rank: place(error) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map((x) => x.error);
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
    // This spec's problems, put in document order at the end (they are found in three passes).
    const found: ConfigSpecError[] = [];
    // Values are checked on the dict as it is (the shallow copy below stands containers in as null).
    const checked = registeredEntry(registry, dict.target);
    if (checked !== undefined) for (const problem of dictValueProblems(values, checked, dict)) found.push(problem);
    const copy = shallow(dict);
    uncheckedKeywords(copy, found);
    for (let tries = 0; tries < 1000; tries++) {
      try {
        const spec = fromDictTree(copy, registry) as Spec<unknown, boolean>;
        if (spec.called && buildsChildren) {
          const entry = registry.lookup(spec.target);
          completeCall(planCall(registry, entry, spec.args, spec.kwargs, undefined), []);
        }
        break;
      } catch (error) {
        if (!(error instanceof ConfigSpecError)) throw error;
        // Values were checked above, on the real values (not the stand-ins); the field still goes.
        if (error.code !== 'INVALID_VALUE') found.push(error);
        if (!removeField(copy, error.path)) break;
      }
    }
    for (const problem of inDocumentOrder(found, dict)) add(problem, path);
  };

  // Every keyword the target does not take, each a problem, taken out of the copy in one pass: the
  // retries below then handle the few other problems. (Found by retrying, one read of the whole dict
  // per unknown keyword, 20,000 misspelt keywords took 8 s and only the first 1,000 were reported.)
  const uncheckedKeywords = (copy: Json, found: ConfigSpecError[]): void => {
    const entry = registeredEntry(registry, copy.target);
    if (entry === undefined) return;
    let signature;
    try {
      signature = registry.signatureOf(entry);
    } catch {
      return; // reported by the read below
    }
    const kwargs = copy.kwargs;
    for (const name of Object.keys(copy)) {
      if (RESERVED_KEYS.has(name) || name === '__proto__' || isDunder(name) || takesKeyword(signature, name)) continue;
      found.push(unknownParameter(entry, signature, name, appendPath('', name)));
      Reflect.deleteProperty(copy, name);
    }
    if (!isPlainObject(kwargs)) return;
    for (const name of Object.keys(kwargs)) {
      if (name === '__proto__' || takesKeyword(signature, name)) continue;
      found.push(unknownParameter(entry, signature, name, appendPath('kwargs', name)));
      Reflect.deleteProperty(kwargs, name);
    }
  };

  const visit = (value: unknown, path: string, depth: number, builds: boolean): void => {
    if (isLeaf(value)) return;
    if (depth > MAX_DEPTH) {
      add(new ConfigSpecError('TOO_DEEP', `nesting is deeper than the limit of ${String(MAX_DEPTH)} levels`, { path }), '');
      return;
    }
    let kind: NodeKind;
    try {
      kind = classifyNode(value, undefined);
    } catch (error) {
      // A marker that is not true: a problem, and the object is still walked for what its other keys make it.
      add(error, path);
      kind = inspectNode(value);
    }
    const node = value as Json;
    switch (kind) {
      case 'array': {
        const array = value as unknown[];
        for (let i = 0; i < array.length; i++) visit(array[i], appendPath(path, i), depth + 1, builds);
        return;
      }
      case 'spec-dict': {
        checkSpec(node, path, builds);
        met.set(node, placeholder);
        open.add(node);
        const inner = builds && node[RECURSIVE] !== false;
        // The reader's order, which decides what a reference may point back to: args, keywords, kwargs.
        const args = node.args;
        if (Array.isArray(args)) for (let i = 0; i < args.length; i++) visit(args[i], appendPath(appendPath(path, 'args'), i), depth + 2, inner);
        for (const key of Object.keys(node)) {
          if (!RESERVED_KEYS.has(key)) visit(node[key], appendPath(path, key), depth + 1, inner);
        }
        const kwargs = node.kwargs;
        if (isPlainObject(kwargs)) for (const key of Object.keys(kwargs)) visit(kwargs[key], appendPath(appendPath(path, 'kwargs'), key), depth + 2, inner);
        open.delete(node);
        return;
      }
      case 'ref':
        try {
          resolveRef(node, undefined, scope);
          met.set(node, placeholder);
        } catch (error) {
          add(error, path);
        }
        return;
      case 'tagged':
        try {
          fromDictTree(shallowTag(node), registry, { decode: false });
        } catch (error) {
          add(error, path);
        }
        visit(node.data, appendPath(path, 'data'), depth + 1, builds);
        return;
      case 'object':
        for (const key of Object.keys(node)) {
          const at = appendPath(path, key);
          if (key === '__proto__') add(protoKeyError('INVALID_SPEC_DICT', at), '');
          else visit(node[key], at, depth + 1, builds);
        }
        return;
      default:
        // A Spec object or a class instance: not JSON, which is all a config file holds.
        return;
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
  forEachPlainObject(tree, (dict, push) => {
    const formats = specFormatsOf(dict);
    if (!formats.includes('config-spec')) {
      for (const format of formats) counts.set(format, (counts.get(format) ?? 0) + 1);
    }
    for (const key of Object.keys(dict)) push(dict[key]);
  });
  return counts;
}
