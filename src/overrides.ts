/**
 * Editing config trees: get, set and delete by path, a deep merge, and command-line overrides
 * (`--model.lr=0.1`). Edits are spec-aware, because the commonest config mistake is swapping a
 * spec's target and silently keeping the old target's keywords: a new keyword must be one the target
 * takes, and a new target drops (and reports) the keywords it does not take. Inputs are never mutated:
 * containers along the edited path are copied, everything else is shared.
 *
 * Paths use the grammar of error paths (src/path.ts). Inside a spec dict, `x.target`, `x.args`,
 * `x.called`, `x.kwargs` and `x.__recursive__` are its fields; any other name is a keyword wherever it
 * is written (flattened or under `kwargs`); `x.kwargs.name` is keyword `name`, which is how a keyword
 * named like a field (`x.kwargs.target`) is reached.
 */
import { isDunder, isEscapedKeyword, MARKER, protoKeyError, RESERVED_KEYS } from './dict-keys.js';
import { ConfigSpecError } from './errors.js';
import { appendPath, parsePath } from './path.js';
import { canonicalName, defaultRegistry, registryOption, type Registry } from './registry.js';
import { closest } from './suggest.js';
import { checkDepth, isPlainObject, MAX_DEPTH } from './tree.js';
import { describeBriefly } from './describe-value.js';
import { inspectNode, isSpecNode } from './node-kind.js';
import { keywordNames, keywordPlace, setField, SpecDraft, TargetChecker, withKeyword, withoutKey, type Dict, type DroppedKeyword } from './override-specs.js';

export type { DroppedKeyword } from './override-specs.js';

/** Options of the editing functions. */
export interface EditOptions {
  /** Resolves targets for the spec-aware checks; `defaultRegistry` when not given. */
  readonly registry?: Registry;
}

/** An edited tree, and the keywords removed because a spec's target changed. */
export interface EditResult<T> {
  /** The edited tree: a new tree sharing the unchanged parts with the input, which is never changed. */
  readonly config: T;
  /** Keywords removed because the spec whose `target` changed does not take them; `[]` when none. */
  readonly dropped: readonly DroppedKeyword[];
}

type Key = string | number;
type Step =
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'key' | 'field'; readonly key: string }
  | { readonly kind: 'keyword'; readonly key: string; readonly hint: 'flat' | 'kwargs' };
/** One step of a walk: what `keys[i]` (or `kwargs.name`, two keys) addresses, and the path after it. */
type Located = Step & { readonly next: number; readonly at: string };

interface Walk {
  readonly path: string;
  readonly keys: readonly Key[];
  readonly checker: TargetChecker;
  readonly dropped: DroppedKeyword[];
  /**
   * mergeConfig: each pair of plain objects merged (base → over → result). Trees that share nodes
   * (a YAML alias, an object used twice) merge each pair once, not once per path to it.
   */
  readonly merged: Map<object, Map<object, unknown>>;
}

/**
 * The value at `path` (`""` is the whole tree).
 * @throws ConfigSpecError `INVALID_OVERRIDE` for a malformed path, or when nothing is there (naming
 *   the closest existing path), or when a getter or Proxy in `tree` throws (as the cause)
 */
export function getPath(tree: unknown, path: string): unknown {
  const keys = keysOf(path);
  return guarded(path, () => {
    let node = tree;
    let at = '';
    for (let i = 0; i < keys.length; ) {
      const step = locate(node, keys, i, at, path);
      node = read(node, step, at, path);
      ({ next: i, at } = step);
    }
    return node;
  });
}

/**
 * True when something is at `path`.
 * @throws ConfigSpecError `INVALID_OVERRIDE` only for a malformed path (or one with `__proto__`)
 */
export function hasPath(tree: unknown, path: string): boolean {
  keysOf(path);
  try {
    getPath(tree, path);
    return true;
  } catch (error) {
    if (error instanceof ConfigSpecError && error.code === 'INVALID_OVERRIDE') return false;
    throw error;
  }
}

/**
 * A copy of `tree` with `value` at `path`. The parent must exist; a new key on a plain object is
 * data and always allowed, a new keyword on a spec dict must be one its target takes (written under
 * `kwargs` when its name is reserved or `__x__`). An array index equal to the length appends.
 * Setting `x.target` keeps only the keywords the new target takes and lists the others in `dropped`;
 * a whole value (a spec dict with another target included) replaces what was there.
 * @throws ConfigSpecError `INVALID_OVERRIDE` (malformed or missing path, index past the end, a bad
 *   field value, `__proto__`, `undefined`, a getter or Proxy that throws), `UNKNOWN_PARAMETER` (closest name), `UNKNOWN_TARGET`,
 *   `TOO_DEEP` (a path of more than `MAX_DEPTH` keys), all with `path` = the override's path
 */
export function setPath<T>(tree: T, path: string, value: unknown, options?: EditOptions): EditResult<T> {
  const walk = start(path, options, 'setPath');
  if (value === undefined) throw new ConfigSpecError('INVALID_OVERRIDE', 'undefined is not a config value; use deletePath to remove a key', { path });
  return guarded(path, () => {
    TargetChecker.scan(value, path, walk.checker);
    return { config: edit(tree, 0, '', walk, (node, step, at) => setLast(node, step, at, value, walk)) as T, dropped: walk.dropped };
  });
}

/**
 * A copy of `tree` without what is at `path`: an array element is removed (later ones move up), a
 * key or keyword deleted. A required parameter may be deleted (a partial spec may leave it unbound);
 * a spec dict's `target` and `__dense_spec__` may not (replace the node instead).
 * @throws ConfigSpecError `INVALID_OVERRIDE` (malformed or missing path, `target`, `__dense_spec__`,
 *   a getter or Proxy that throws),
 *   `TOO_DEEP` (a path of more than `MAX_DEPTH` keys)
 */
export function deletePath<T>(tree: T, path: string, options?: EditOptions): EditResult<T> {
  const walk = start(path, options, 'deletePath');
  return guarded(path, () => ({ config: edit(tree, 0, '', walk, (node, step, at) => deleteLast(node, step, at, path)) as T, dropped: walk.dropped }));
}

/**
 * `over` merged over `base`: plain objects key by key, deeply; arrays, primitives and `null` replace;
 * `undefined` leaves a value as it is. A spec dict over a spec dict of the same target (or a plain
 * object over a spec dict) merges into its fields and keywords, new keywords checked against the
 * target, a `target` in it acting as setting `x.target`; a spec dict with another target replaces
 * the node, so no stale keywords survive.
 * @throws ConfigSpecError `UNKNOWN_PARAMETER`, `UNKNOWN_TARGET`, `INVALID_OVERRIDE`, at the path where
 *   the two trees disagree (or a getter or Proxy in them throws); `TOO_DEEP` past `MAX_DEPTH` levels where both trees nest
 */
export function mergeConfig<T>(base: T, over: unknown, options?: EditOptions): EditResult<T> {
  const walk = start('', options, 'mergeConfig', []);
  return guarded('', () => {
    // The merge recurses through both trees: deep ones are TOO_DEEP at a path, not a stack overflow.
    checkDepth(base);
    checkDepth(over);
    return { config: merge(base, over, '', walk, 0) as T, dropped: walk.dropped };
  });
}


// Configs are data, but a caller's object may still hold a getter or a Proxy that throws: that is
// reported like any other bad input, at the path being edited, with the thrown value as the cause.
function guarded<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ConfigSpecError) throw error;
    throw new ConfigSpecError('INVALID_OVERRIDE', 'reading a value of the config threw', { path, cause: error });
  }
}

/**
 * The keys of a path, checked: the grammar, and no `__proto__`.
 * @throws ConfigSpecError `INVALID_OVERRIDE`
 * @internal
 */
export function keysOf(path: string): (string | number)[] {
  if (typeof path !== 'string') throw new ConfigSpecError('INVALID_OVERRIDE', `a path is a string, not ${describeBriefly(path)}`);
  const keys = parsePath(path);
  if (keys === undefined) throw new ConfigSpecError('INVALID_OVERRIDE', `${JSON.stringify(path)} is not a path: identifiers joined by ".", indices as [n], other keys as ["…"]`, { path });
  if (keys.includes('__proto__')) throw protoKeyError('INVALID_OVERRIDE', path);
  return keys;
}

function start(path: string, options: EditOptions | undefined, what: string, given?: Key[]): Walk {
  const keys = given ?? keysOf(path);
  if (given === undefined && keys.length === 0) throw new ConfigSpecError('INVALID_OVERRIDE', `${what} needs a path below the root`);
  // An edit recurses once per key: a limit instead of a stack overflow (no tree a reader accepts is deeper).
  if (keys.length > MAX_DEPTH) throw new ConfigSpecError('TOO_DEEP', `the path has ${String(keys.length)} keys, more than the limit of ${String(MAX_DEPTH)} levels`, { path });
  const registry = registryOption(options, 'INVALID_OVERRIDE', what) ?? defaultRegistry;
  return { path, keys, checker: new TargetChecker(registry), dropped: [], merged: new Map() };
}

// An own "__proto__" key (JSON.parse makes them) in a container an edit goes through: refused, as
// everywhere, rather than copied, where it could become the copy's prototype.
function refuseProto(node: unknown, at: string, path: string): void {
  if (!isPlainObject(node)) return;
  const kwargs = node.kwargs;
  const bad = Object.hasOwn(node, '__proto__') ? appendPath(at, '__proto__')
    : isSpecNode(node) && isPlainObject(kwargs) && Object.hasOwn(kwargs, '__proto__') ? appendPath(appendPath(at, 'kwargs'), '__proto__') : undefined;
  if (bad !== undefined) throw protoKeyError('INVALID_OVERRIDE', path, { foundAt: bad });
}

// What keys[i] addresses in `node`, which sits at `at`.
function locate(node: unknown, keys: readonly Key[], i: number, at: string, path: string): Located {
  const key = keys[i] as Key;
  const where = at === '' ? 'the root' : at;
  refuseProto(node, at, path);
  const kind = inspectNode(node);
  if (kind === 'array') {
    if (typeof key !== 'number') throw new ConfigSpecError('INVALID_OVERRIDE', `${where} is an array: index it with [n], not "${key}"`, { path });
    return { kind: 'index', index: key, next: i + 1, at: appendPath(at, key) };
  }
  // A reference or a tagged value is edited as the plain object it is.
  if (kind === 'leaf' || kind === 'spec' || kind === 'other') throw new ConfigSpecError('INVALID_OVERRIDE', `${where} is ${describeBriefly(node)}, which has no ${typeof key === 'number' ? `index ${String(key)}` : `key "${key}"`}`, { path });
  if (typeof key === 'number') throw new ConfigSpecError('INVALID_OVERRIDE', `${where} is an object, not an array: [${String(key)}] addresses nothing`, { path });
  if (kind !== 'spec-dict') return { kind: 'key', key, next: i + 1, at: appendPath(at, key) };
  const name = keys[i + 1];
  if (key === 'kwargs' && name !== undefined) {
    if (typeof name === 'number') throw new ConfigSpecError('INVALID_OVERRIDE', `${appendPath(where, 'kwargs')} holds keywords by name, not [${String(name)}]`, { path });
    return { kind: 'keyword', key: name, hint: 'kwargs', next: i + 2, at: appendPath(appendPath(at, 'kwargs'), name) };
  }
  if (RESERVED_KEYS.has(key)) return { kind: 'field', key, next: i + 1, at: appendPath(at, key) };
  return { kind: 'keyword', key, hint: isDunder(key) ? 'kwargs' : 'flat', next: i + 1, at: appendPath(at, key) };
}

// The value a step addresses, or INVALID_OVERRIDE naming the closest path that exists.
function read(node: unknown, step: Located, at: string, path: string): unknown {
  if (step.kind === 'index') {
    const array = node as unknown[];
    if (step.index < array.length) return array[step.index];
    const last = array.length === 0 ? `${at === '' ? 'the root' : at} is an empty array` : `the last element is ${appendPath(at, array.length - 1)}`;
    throw new ConfigSpecError('INVALID_OVERRIDE', `nothing at ${step.at}: index ${String(step.index)} is out of range; ${last}`, { path });
  }
  const dict = node as Dict;
  if (step.kind === 'keyword') {
    const place = keywordPlace(dict, step.key);
    if (place === 'flat') return dict[step.key];
    if (place === 'kwargs') return (dict.kwargs as Dict)[step.key];
  } else if (Object.hasOwn(dict, step.key)) return dict[step.key];
  const names = isSpecNode(dict) ? [...Object.keys(dict).filter((k) => RESERVED_KEYS.has(k)), ...keywordNames(dict)] : Object.keys(dict);
  const match = closest(step.key, names);
  const hint = match !== undefined
    ? `; the closest existing path is ${keyPath(dict, at, match)}`
    : names.length === 0 ? `; ${at === '' ? 'the root' : at} is empty` : `; existing paths: ${names.slice(0, 8).map((n) => keyPath(dict, at, n)).join(', ')}${names.length > 8 ? ', …' : ''}`;
  throw new ConfigSpecError('INVALID_OVERRIDE', `nothing at ${step.at}${hint}`, { path, ...(match === undefined ? {} : { suggestion: keyPath(dict, at, match) }) });
}

// The path of an existing key of `dict` as the JSON shows it (`x.kwargs.target` for an escaped keyword).
function keyPath(dict: Dict, at: string, name: string): string {
  return isSpecNode(dict) && keywordPlace(dict, name) === 'kwargs' ? appendPath(appendPath(at, 'kwargs'), name) : appendPath(at, name);
}

type Last = (node: unknown, step: Located, at: string) => unknown;

// Copies the containers from `node` down to the last step, where `last` makes the edit.
function edit(node: unknown, i: number, at: string, walk: Walk, last: Last): unknown {
  const step = locate(node, walk.keys, i, at, walk.path);
  if (step.next >= walk.keys.length) return last(node, step, at);
  const child = edit(read(node, step, at, walk.path), step.next, step.at, walk, last);
  return write(node, step, child);
}

// `node` with the existing place a step addresses set to `value`.
function write(node: unknown, step: Located, value: unknown): unknown {
  if (step.kind === 'index') {
    const copy = (node as unknown[]).slice();
    copy[step.index] = value;
    return copy;
  }
  const dict = node as Dict;
  if (step.kind === 'keyword') return withKeyword(dict, step.key, value, keywordPlace(dict, step.key) ?? step.hint);
  return { ...dict, [step.key]: value };
}

function setLast(node: unknown, step: Located, at: string, value: unknown, walk: Walk): unknown {
  const path = walk.path;
  if (step.kind === 'index') {
    const length = (node as unknown[]).length;
    if (step.index > length) {
      throw new ConfigSpecError('INVALID_OVERRIDE', `index ${String(step.index)} is past the end of ${at === '' ? 'the root' : at} (length ${String(length)}); [${String(length)}] appends`, { path });
    }
    return write(node, step, value);
  }
  const dict = node as Dict;
  if (step.kind === 'key') return write(node, step, value);
  if (step.kind === 'keyword') {
    if (keywordPlace(dict, step.key) === undefined) walk.checker.check(walk.checker.entry(dict.target, path), step.key, path);
    walk.checker.checkValue(dict.target, step.key, value, path);
    return withKeyword(dict, step.key, value, keywordPlace(dict, step.key) ?? (isEscapedKeyword(step.key) ? 'kwargs' : step.hint));
  }
  return setField(dict, step.key, value, at, path, walk.checker, walk.dropped);
}

function deleteLast(node: unknown, step: Located, at: string, path: string): unknown {
  read(node, step, at, path);
  if (step.kind === 'index') {
    const copy = (node as unknown[]).slice();
    copy.splice(step.index, 1);
    return copy;
  }
  const dict = node as Dict;
  if (step.kind === 'keyword') return withKeyword(dict, step.key, undefined, keywordPlace(dict, step.key) ?? step.hint);
  if (step.kind === 'field' && (step.key === 'target' || step.key === MARKER)) {
    throw new ConfigSpecError('INVALID_OVERRIDE', `a spec dict cannot lose its "${step.key}"; set the whole node to replace it`, { path });
  }
  return withoutKey(dict, step.key);
}

function merge(base: unknown, over: unknown, at: string, walk: Walk, depth: number): unknown {
  if (over === undefined) return base;
  // Both trees nest this deep (or both are cyclic): a limit instead of a stack overflow.
  if (depth > MAX_DEPTH) throw new ConfigSpecError('TOO_DEEP', `merging nests deeper than the limit of ${String(MAX_DEPTH)} levels`, { path: at });
  if (!isPlainObject(over) || !isPlainObject(base) || (Object.hasOwn(over, MARKER) && !sameTarget(base, over, at, walk))) {
    TargetChecker.scan(over, at, walk.checker);
    return over;
  }
  const plain: Dict = base;
  let byOver = walk.merged.get(plain);
  const done = byOver?.get(over);
  if (done !== undefined) return done;
  const out = mergeObjects(plain, over, at, walk, depth);
  if (byOver === undefined) walk.merged.set(plain, (byOver = new Map<object, unknown>()));
  byOver.set(over, out);
  return out;
}

function mergeObjects(plain: Dict, over: Dict, at: string, walk: Walk, depth: number): Dict {
  refuseProto(plain, at, at);
  if (isSpecNode(plain)) return mergeSpec(plain, over, at, walk, depth);
  let out: Dict | undefined; // copied on the first change only
  for (const key of Object.keys(over)) {
    const at2 = appendPath(at, key);
    if (key === '__proto__') throw protoKeyError('INVALID_OVERRIDE', at2);
    if (over[key] === undefined) continue;
    (out ??= { ...plain })[key] = Object.hasOwn(plain, key) ? merge(plain[key], over[key], at2, walk, depth + 1) : checked(over[key], at2, walk);
  }
  return out ?? plain;
}

// Whether spec dict `over` names the same target as `base` (a spec dict too): canonical names compared.
function sameTarget(base: Dict, over: Dict, at: string, walk: Walk): boolean {
  if (over[MARKER] !== true) return false; // the scan reports it
  const entry = walk.checker.entry(over.target, appendPath(at, 'target'));
  return isSpecNode(base) && canonicalName(walk.checker.registry, base.target) === entry.name;
}

function mergeSpec(base: Dict, over: Dict, at: string, walk: Walk, depth: number): Dict {
  // One draft for the whole merge: keywords are set in place, not by a copy of the dict each.
  const draft = new SpecDraft(Object.hasOwn(over, 'target') ? walk.checker.retarget(base, over.target, at, appendPath(at, 'target'), walk.dropped) : base);
  for (const key of Object.keys(over)) {
    const value = over[key];
    if (key === 'target' || key === MARKER || value === undefined) continue;
    if (key === 'kwargs') {
      if (!isPlainObject(value)) throw new ConfigSpecError('INVALID_OVERRIDE', `"kwargs" of a spec dict must be a plain object, not ${describeBriefly(value)}`, { path: appendPath(at, key) });
      for (const name of Object.keys(value)) mergeKeyword(draft, name, value[name], 'kwargs', at, walk, depth);
    } else if (RESERVED_KEYS.has(key)) {
      draft.replace(setField(draft.result(), key, checked(value, appendPath(at, key), walk), at, appendPath(at, key), walk.checker, walk.dropped));
    } else {
      mergeKeyword(draft, key, value, isDunder(key) ? 'kwargs' : 'flat', at, walk, depth);
    }
  }
  return draft.result();
}

function mergeKeyword(draft: SpecDraft, name: string, value: unknown, hint: 'flat' | 'kwargs', at: string, walk: Walk, depth: number): void {
  if (value === undefined) return;
  const dict = draft.dict;
  const place = keywordPlace(dict, name);
  const where = (place ?? hint) === 'kwargs' ? appendPath(appendPath(at, 'kwargs'), name) : appendPath(at, name);
  if (place !== undefined) {
    const existing = place === 'flat' ? dict[name] : (dict.kwargs as Dict)[name];
    const merged = merge(existing, value, where, walk, depth + 1);
    walk.checker.checkValue(dict.target, name, merged, where);
    draft.set(name, merged, place);
    return;
  }
  walk.checker.check(walk.checker.entry(dict.target, at), name, where);
  walk.checker.checkValue(dict.target, name, value, where);
  draft.set(name, checked(value, where, walk), hint);
}

function checked(value: unknown, at: string, walk: Walk): unknown {
  TargetChecker.scan(value, at, walk.checker);
  return value;
}
