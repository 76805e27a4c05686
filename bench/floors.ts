/**
 * Floors: the least work any implementation of writing or building does, with none of config-spec's
 * checks, timed against the same baselines as cases 1 and 2 (rows 1c and 2b). They show how much of a
 * ratio is the job itself and how much is config-spec's; a target below a floor's ratio cannot be met.
 */
import { defaultRegistry } from '../src/index.js';

/**
 * A deep copy of a JSON tree with nothing else done: no classification, lookups or checks. Writing
 * must return a new dict (the caller may edit it), so this is a floor under any `asdict` (row 1c).
 */
export function bareCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = bareCopy(value[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = bareCopy((value as Record<string, unknown>)[key]);
  return out;
}

interface BareTarget {
  readonly fn: (...args: unknown[]) => unknown;
  readonly construct: boolean;
  /** Each parameter's name, by position. */
  readonly names: readonly string[];
}

type Json = Record<string, unknown>;

/**
 * A generic builder of dense dicts with nothing but the job (row 2b): each spec dict's target looked
 * up in a table made beforehand from the default registry, its keywords read by parameter name in
 * position order and the target called; arrays and plain objects copied (a build must not hand out its
 * input); a `__ref__` resolved against the input and given the value built there. No check at all:
 * no unknown keyword, missing parameter, value type, `allow`, cycle, depth, `__proto__` or malformed
 * field is noticed. Only the dense dicts of bench/config-tree.ts are known to build right with it.
 */
export function bareBuilder(): (root: unknown) => unknown {
  const table = new Map<string, BareTarget>();
  for (const [name, entry] of defaultRegistry.entries()) {
    const names = defaultRegistry.signatureOf(entry).params.map((p) => p.name ?? '');
    table.set(name, { fn: entry.fn as (...args: unknown[]) => unknown, construct: entry.kind === 'class', names });
  }
  return (root) => {
    const built = new Map<object, unknown>();
    const walk = (value: unknown): unknown => {
      if (typeof value !== 'object' || value === null) return value;
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) out[i] = walk(value[i]);
        return out;
      }
      const dict = value as Json;
      const target = dict.target;
      if (typeof target === 'string' && dict.__dense_spec__ === true) {
        const entry = table.get(target);
        if (entry === undefined) throw new Error(`bare build: no target ${target}`);
        let out: unknown = entry.fn;
        if (dict.called === true) {
          const args = new Array<unknown>(entry.names.length);
          for (let i = 0; i < args.length; i++) args[i] = walk(dict[entry.names[i] as string]);
          out = entry.construct ? Reflect.construct(entry.fn, args) : Reflect.apply(entry.fn, undefined, args);
        }
        built.set(dict, out);
        return out;
      }
      if (typeof dict.__ref__ === 'string') {
        let node: unknown = root;
        for (const key of dict.__ref__.split(/[.[\]]+/)) if (key !== '') node = (node as Json)[key];
        return built.get(node as object);
      }
      const out: Json = {};
      for (const key of Object.keys(dict)) out[key] = walk(dict[key]);
      return out;
    };
    return walk(root);
  };
}
