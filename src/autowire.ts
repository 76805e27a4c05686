/**
 * `autowire`: writes the parameters `instantiate` would autowire into the config itself, so a saved
 * config never depends on what happened to be registered when it is read again.
 */
import { writeTree } from './asdict.js';
import { layoutKeywords } from './binding.js';
import { unboundInjections } from './injection.js';
import { type PathNode } from './path.js';
import { fromDictTree } from './reader.js';
import { defaultRegistry, lookupAt, registryOption, type RegisteredTarget } from './registry.js';
import { createSpec, registryOf, type Spec, type TreeOptions } from './spec.js';

/**
 * The config of `tree` (specs, spec dicts, anything `asdict` writes) with every parameter that
 * `instantiate` would autowire written in: a called spec's required parameter that nothing binds,
 * typed as a registered target (by `inject` or `design:paramtypes`), becomes a called spec of that
 * target with its defaults, itself autowired. One spec per target: the first place holds it in full,
 * later ones `{"__ref__": …}`, so rebuilding shares one instance as `instantiate` does. Explicit
 * values are kept; partial specs and `recursive: false` specs are left as they are.
 * @throws ConfigSpecError every error of `Spec.fromDict` and `asdict`; `CYCLE` when autowiring is
 *   circular; `UNKNOWN_TARGET` / `INVALID_REGISTRATION` for a bad `inject`
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unnecessary-type-parameters -- JSON-like data, any unless narrowed, as JSON.parse (DESIGN §2)
export function autowire<T = any>(tree: unknown, options: TreeOptions = {}): T {
  const registry = registryOption(options, 'INVALID_OVERRIDE', 'autowire') ?? defaultRegistry;
  const shared = new Map<RegisteredTarget, Spec<unknown, boolean>>();
  return writeTree(fromDictTree(tree, registry), registry, (spec, path) => wired(spec, path, shared)) as T;
}

function wired(spec: Spec<unknown, boolean>, path: PathNode | undefined, shared: Map<RegisteredTarget, Spec<unknown, boolean>>): Spec<unknown, boolean> {
  if (!spec.called || !spec.recursive) return spec;
  const registry = registryOf(spec);
  const entry = lookupAt(registry, spec.target, path);
  const layout = layoutKeywords(registry, entry, spec.args.length, Object.keys(spec.kwargs), path);
  const list = unboundInjections(registry, entry, layout, spec.args.length, path);
  let added: Record<string, unknown> | undefined;
  for (const injection of list) {
    let value = shared.get(injection.target);
    if (value === undefined) {
      value = createSpec({ registry, target: injection.target.name, args: [], kwargs: {}, called: true, recursive: true, path: undefined });
      shared.set(injection.target, value);
    }
    (added ??= {})[injection.name] = value;
  }
  if (added === undefined) return spec;
  return createSpec({ registry, target: spec.target, args: spec.args, kwargs: { ...spec.kwargs, ...added }, called: true, recursive: spec.recursive, path });
}
