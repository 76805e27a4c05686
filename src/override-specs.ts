/**
 * The spec-aware half of the editing API (src/overrides.ts): where a keyword lives in a spec dict,
 * which keywords a target accepts, what a change of target drops, and the checks a value gets before
 * it enters a tree. Every error carries the path the caller passes (the override's path).
 */
import { signatureFor, takesKeyword, unknownParameter } from './binding.js';
import { isDunder, isEscapedKeyword, MARKER, protoKeyError, RECURSIVE, RESERVED_KEYS } from './dict-keys.js';
import { describeBriefly } from './describe-value.js';
import { ConfigSpecError } from './errors.js';
import { canonicalName, lookupAt, registeredEntry, valueCodecsOf, type RegisteredTarget, type Registry } from './registry.js';
import { checkKeywordValue, type CheckContext } from './value-check.js';
import { forEachPlainObject, isPlainObject, setOwn } from './tree.js';

/** One keyword removed because the spec's new target does not take it. */
export interface DroppedKeyword {
  /** The path of the spec dict whose target changed. */
  readonly path: string;
  /** The keyword removed. */
  readonly keyword: string;
  /** The new target (canonical name), which has no parameter of that name. */
  readonly target: string;
}

/** A plain object. @internal */
export type Dict = Record<string, unknown>;

/** Where keyword `name` of a spec dict is written: flattened, under `kwargs`, or nowhere yet. @internal */
export function keywordPlace(dict: Dict, name: string): 'flat' | 'kwargs' | undefined {
  // A reserved name flattened is the field itself, never the keyword.
  if (!isEscapedKeyword(name) && Object.hasOwn(dict, name)) return 'flat';
  const kwargs = dict.kwargs;
  return isPlainObject(kwargs) && Object.hasOwn(kwargs, name) ? 'kwargs' : undefined;
}

/** Every keyword of a spec dict by name, flattened ones first (the order the JSON shows them). @internal */
export function keywordNames(dict: Dict): string[] {
  const names = Object.keys(dict).filter((key) => !RESERVED_KEYS.has(key));
  // A loop, not push(...keys): spreading a large object's keys overflows the call stack.
  if (isPlainObject(dict.kwargs)) for (const name of Object.keys(dict.kwargs)) names.push(name);
  return names;
}

/**
 * A copy of `dict` with keyword `name` set to `value` at `place` (removed when `value` is
 * `undefined`); a `kwargs` left empty goes. A new flattened keyword goes before `kwargs`,
 * `__recursive__` and `__dense_spec__`, so the dict keeps the order `asdict` writes.
 * @internal
 */
export function withKeyword(dict: Dict, name: string, value: unknown, place: 'flat' | 'kwargs'): Dict {
  if (place === 'kwargs') {
    const kwargs: Dict = isPlainObject(dict.kwargs) ? { ...dict.kwargs } : {};
    if (value === undefined) Reflect.deleteProperty(kwargs, name);
    else setOwn(kwargs, name, value);
    const out = Object.keys(kwargs).length === 0 ? withoutKey(dict, 'kwargs') : insertBeforeTail(dict, 'kwargs', kwargs);
    return out;
  }
  if (value === undefined) return withoutKey(dict, name);
  return insertBeforeTail(dict, name, value);
}

/** A copy of `dict` without `key`. @internal */
export function withoutKey(dict: Dict, key: string): Dict {
  const out = { ...dict };
  Reflect.deleteProperty(out, key);
  return out;
}

const TAIL = ['kwargs', RECURSIVE, MARKER];

/**
 * A spec dict edited keyword by keyword: copied on the first change, then changed in place, so an
 * edit of k keywords costs O(k) rather than a copy of the dict per keyword (O(k²): retargeting a spec
 * of 16,000 keywords took a minute). `result()` is the edited dict (the base itself if unchanged).
 * @internal
 */
export class SpecDraft {
  #base: Dict;
  #own: Dict | undefined;
  #kwargs: Dict | undefined;

  /** @param owned `base` is a fresh copy nobody else holds: changed in place from the start */
  constructor(base: Dict, owned = false) {
    this.#base = base;
    if (owned) this.#own = base;
  }

  /** The dict as edited so far (an empty `kwargs` may still be in it until {@link result}). */
  get dict(): Dict {
    return this.#own ?? this.#base;
  }

  /** Continues from `dict`, a new dict made from this one by another edit (a field set). */
  replace(dict: Dict): void {
    this.result();
    this.#base = dict;
    this.#own = undefined;
    this.#kwargs = undefined;
  }

  /** Keyword `name` set to `value` at `place`, or removed when `value` is `undefined`; as {@link withKeyword}. */
  set(name: string, value: unknown, place: 'flat' | 'kwargs'): void {
    const own = (this.#own ??= { ...this.#base });
    if (place === 'flat') {
      if (value === undefined) Reflect.deleteProperty(own, name);
      else placeKey(own, name, value);
      return;
    }
    let kwargs = this.#kwargs;
    if (kwargs === undefined) {
      if (value === undefined && !isPlainObject(own.kwargs)) return;
      kwargs = isPlainObject(own.kwargs) ? { ...own.kwargs } : {};
      this.#kwargs = kwargs;
      placeKey(own, 'kwargs', kwargs);
    }
    if (value === undefined) Reflect.deleteProperty(kwargs, name);
    else setOwn(kwargs, name, value);
  }

  /** The edited dict, a `kwargs` left empty removed. */
  result(): Dict {
    const own = this.#own;
    if (own !== undefined && this.#kwargs !== undefined && Object.keys(this.#kwargs).length === 0) Reflect.deleteProperty(own, 'kwargs');
    this.#kwargs = undefined;
    return this.dict;
  }
}

// Sets `key` on a dict the caller owns, a new key placed before the tail keys it must precede (as
// insertBeforeTail does): those are taken out and put back after it, O(1) rather than a copy.
function placeKey(own: Dict, key: string, value: unknown): void {
  if (Object.hasOwn(own, key)) {
    setOwn(own, key, value);
    return;
  }
  setOwn(own, key, value);
  const from = TAIL.indexOf(key);
  for (let t = from + 1; t < TAIL.length; t++) {
    const tail = TAIL[t] as string;
    if (!Object.hasOwn(own, tail)) continue;
    const kept = own[tail];
    Reflect.deleteProperty(own, tail);
    setOwn(own, tail, kept);
  }
}

function insertBeforeTail(dict: Dict, key: string, value: unknown): Dict {
  if (Object.hasOwn(dict, key)) return { ...dict, [key]: value };
  const out: Dict = {};
  let placed = false;
  for (const existing of Object.keys(dict)) {
    // Before the first of the tail keys that `key` must precede (all of them, for a plain keyword).
    if (!placed && TAIL.includes(existing) && TAIL.indexOf(existing) >= TAIL.indexOf(key)) {
      setOwn(out, key, value);
      placed = true;
    }
    setOwn(out, existing, dict[existing]);
  }
  if (!placed) setOwn(out, key, value);
  return out;
}

/** Resolves targets and checks keywords (names and values) against them, with errors at one path. @internal */
export class TargetChecker {
  readonly #values: CheckContext;

  constructor(readonly registry: Registry) {
    this.#values = { registry, codecs: () => valueCodecsOf(registry) };
  }

  /**
   * Checks `value` as keyword `name` of `target`'s specs (nothing when `target` is not a registered name).
   * @throws ConfigSpecError `INVALID_VALUE` at `path`
   */
  checkValue(target: unknown, name: string, value: unknown, path: string): void {
    const entry = registeredEntry(this.registry, target);
    if (entry !== undefined) checkKeywordValue(this.#values, entry, name, value, path);
  }

  /**
   * The registered record of `target`.
   * @throws ConfigSpecError `UNKNOWN_TARGET` (closest name), `INVALID_OVERRIDE` for a non-string
   */
  entry(target: unknown, path: string): RegisteredTarget {
    if (typeof target !== 'string') {
      throw new ConfigSpecError('INVALID_OVERRIDE', `"target" must be a string naming a registered target, not ${describeBriefly(target)}`, { path });
    }
    return lookupAt(this.registry, target, path);
  }

  /**
   * Whether `entry` takes keyword `name`: a parameter name, or a key its options object accepts.
   * @throws ConfigSpecError `SIGNATURE_UNAVAILABLE` when its parameters cannot be known
   */
  accepts(entry: RegisteredTarget, name: string, path: string): boolean {
    return takesKeyword(signatureFor(this.registry, entry, true, path), name);
  }

  /**
   * Checks that `entry` takes keyword `name`.
   * @throws ConfigSpecError `UNKNOWN_PARAMETER` with the closest name and the valid ones
   */
  check(entry: RegisteredTarget, name: string, path: string): void {
    if (name === '__proto__') throw protoKeyError('INVALID_OVERRIDE', path);
    const signature = signatureFor(this.registry, entry, true, path);
    if (!takesKeyword(signature, name)) throw unknownParameter(entry, signature, name, path);
  }

  /**
   * `dict` with target `target`: when it names another target than before, the keywords the new one
   * does not take are removed and recorded in `dropped` (positional `args` are kept as they are).
   * @throws ConfigSpecError `UNKNOWN_TARGET`, `INVALID_OVERRIDE`, `SIGNATURE_UNAVAILABLE`
   */
  retarget(dict: Dict, target: unknown, at: string, path: string, dropped: DroppedKeyword[]): Dict {
    const entry = this.entry(target, path);
    const out: Dict = { ...dict, target };
    const old = canonicalName(this.registry, dict.target);
    if (old === entry.name) return out;
    const draft = new SpecDraft(out, true);
    for (const name of keywordNames(dict)) {
      const place = keywordPlace(dict, name) ?? 'flat';
      if (this.accepts(entry, name, path)) {
        // Kept: it must be a value the new target takes.
        this.checkValue(entry.name, name, place === 'kwargs' ? (dict.kwargs as Dict)[name] : dict[name], path);
        continue;
      }
      draft.set(name, undefined, place);
      dropped.push({ path: at, keyword: name, target: entry.name });
    }
    return draft.result();
  }

  /**
   * Checks a value before it enters a tree: no `__proto__` key anywhere, and every spec dict in it
   * names a registered target that takes each of its keywords (no registry: only `__proto__`).
   * Iterative, so a deep value cannot overflow the stack; each container is visited once.
   * @throws ConfigSpecError `INVALID_OVERRIDE`, `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`
   */
  static scan(value: unknown, path: string, checker: TargetChecker | undefined): void {
    forEachPlainObject(value, (node, push) => {
      const spec = Object.hasOwn(node, MARKER);
      for (const key of Object.keys(node)) {
        if (key === '__proto__') throw protoKeyError('INVALID_OVERRIDE', path);
        // A spec's `kwargs` holds keywords, not a container of its own: `{"__dense_spec__": 1}` there is a keyword.
        const child = node[key];
        if (spec && key === 'kwargs' && isPlainObject(child)) {
          if (Object.hasOwn(child, '__proto__')) throw protoKeyError('INVALID_OVERRIDE', path);
          for (const item of Object.values(child)) push(item);
        } else push(child);
      }
      if (!spec) return;
      if (node[MARKER] !== true) throw new ConfigSpecError('INVALID_OVERRIDE', `"${MARKER}" must be true in a spec dict`, { path });
      if (checker === undefined) return;
      const entry = checker.entry(node.target, path);
      if (node.kwargs !== undefined && !isPlainObject(node.kwargs)) throw new ConfigSpecError('INVALID_OVERRIDE', '"kwargs" of a spec dict must be a plain object', { path });
      for (const key of Object.keys(node)) {
        if (!RESERVED_KEYS.has(key) && isDunder(key)) {
          throw new ConfigSpecError('INVALID_OVERRIDE', `"${key}" is not a key of a spec dict; a keyword with this name goes under "kwargs"`, { path });
        }
      }
      for (const name of keywordNames(node)) {
        checker.check(entry, name, path);
        checker.checkValue(entry.name, name, keywordPlace(node, name) === 'kwargs' ? (node.kwargs as Dict)[name] : node[name], path);
      }
    });
  }

}

/**
 * `dict` with its own field `key` (`target`, `args`, `called`, `kwargs`, `__recursive__`,
 * `__dense_spec__`) set to `value`, checked like the reader checks it, so an edit cannot make a
 * broken dict; a new `target` goes through {@link TargetChecker.retarget}. Errors are at `path`.
 * @throws ConfigSpecError `INVALID_OVERRIDE`, `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`
 * @internal
 */
export function setField(dict: Dict, key: string, value: unknown, at: string, path: string, checker: TargetChecker, dropped: DroppedKeyword[]): Dict {
  const bad = (what: string): ConfigSpecError => new ConfigSpecError('INVALID_OVERRIDE', `"${key}" of a spec dict must be ${what}, not ${describeBriefly(value)}`, { path });
  switch (key) {
    case 'target':
      return checker.retarget(dict, value, at, path, dropped);
    case MARKER:
      if (value !== true) throw bad('true (replace the whole node to make it plain data)');
      return dict;
    case 'args':
      if (!Array.isArray(value)) throw bad('an array');
      return { ...dict, args: value };
    case 'kwargs': {
      if (!isPlainObject(value)) throw bad('a plain object of keywords');
      const entry = checker.entry(dict.target, path);
      for (const name of Object.keys(value)) {
        checker.check(entry, name, path);
        checker.checkValue(entry.name, name, value[name], path);
        if (keywordPlace(dict, name) === 'flat') throw new ConfigSpecError('INVALID_OVERRIDE', `keyword "${name}" would be given twice, flattened and under "kwargs"`, { path });
      }
      return Object.keys(value).length === 0 ? withoutKey(dict, 'kwargs') : { ...dict, kwargs: value };
    }
    default:
      if (typeof value !== 'boolean') throw bad('a boolean');
      return { ...dict, [key]: value };
  }
}

