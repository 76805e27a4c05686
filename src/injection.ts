/**
 * Autowiring: which parameters of a call are built from their type's defaults. A *required*
 * parameter that nothing binds, whose type is a registered target (from the registration's `inject`,
 * else `design:paramtypes`), is autowired; primitives and built-in types never are. `instantiate`
 * builds them (one shared instance per type per call) and `autowire` writes them into the dict.
 */
import { layoutKeywords, leavesUnbound, signatureFor, type KeywordLayout } from './binding.js';
import type { Callable } from './callable.js';
import { atPath, ConfigSpecError } from './errors.js';
import { keywordPath } from './dict-keys.js';
import { formatPath, type PathNode } from './path.js';
import type { RegisteredTarget, Registry } from './registry.js';
import type { Signature } from './signature.js';

/** One parameter to autowire: its position, its name and the target that builds it. */
export interface Injection {
  readonly index: number;
  readonly name: string;
  readonly target: RegisteredTarget;
}

// What TypeScript records for primitives, interfaces, unions, arrays and functions, and other
// built-ins: never autowired, even if someone registered them.
const NEVER_WIRED: ReadonlySet<unknown> = new Set<unknown>([Object, Number, String, Boolean, BigInt, Symbol, Function, Array, Promise, Date, Map, Set, RegExp, Error]);

// The required parameters of a target that have a type to wire, by entry (its signature never changes).
const candidates = new WeakMap<RegisteredTarget, readonly Injection[]>();
const NONE: readonly Injection[] = Object.freeze([]);

/**
 * The required parameters of `entry` whose type is a registered target, whether bound or not.
 * @throws ConfigSpecError `INVALID_REGISTRATION` for an `inject` key that is no parameter,
 *   `UNKNOWN_TARGET` for an `inject` type that is not registered
 */
export function injectable(registry: Registry, entry: RegisteredTarget, signature: Signature): readonly Injection[] {
  let found = candidates.get(entry);
  if (found !== undefined) return found;
  const inject = entry.inject;
  if (inject !== undefined) {
    for (const name of inject.keys()) {
      if (!signature.byName.has(name)) {
        throw new ConfigSpecError('INVALID_REGISTRATION', `inject names "${name}", which is not a parameter of ${entry.name}; parameters: ${[...signature.byName.keys()].join(', ') || '(none)'}`, { target: entry.name });
      }
    }
  }
  const list: Injection[] = [];
  signature.params.forEach((param, index) => {
    if (param.kind !== 'required' || param.name === undefined) return;
    const declared = inject?.get(param.name);
    const target = declared !== undefined ? declaredTarget(registry, entry, param.name, declared) : typedTarget(registry, param.type);
    if (target !== undefined) list.push({ index, name: param.name, target });
  });
  found = list.length === 0 ? NONE : Object.freeze(list);
  candidates.set(entry, found);
  return found;
}

function declaredTarget(registry: Registry, entry: RegisteredTarget, name: string, type: Callable | string): RegisteredTarget {
  try {
    return registry.lookup(type);
  } catch (cause) {
    throw new ConfigSpecError('UNKNOWN_TARGET', `inject.${name} of ${entry.name} is not a registered target; register it to autowire "${name}"`, { target: entry.name, cause });
  }
}

// A type from design:paramtypes is wired only when it is registered: an unregistered class is just a type.
function typedTarget(registry: Registry, type: Callable | undefined): RegisteredTarget | undefined {
  if (type === undefined || NEVER_WIRED.has(type) || registry.nameOf(type) === undefined) return undefined;
  return registry.lookup(type);
}

/**
 * The parameters a call autowires: {@link injectable} ones that its `argCount` positional arguments
 * and keyword `layout` leave unbound.
 * @throws ConfigSpecError as {@link injectable}, at `path`
 */
export function unboundInjections(registry: Registry, entry: RegisteredTarget, layout: KeywordLayout, argCount: number, path: PathNode | undefined): readonly Injection[] {
  if (layout.signature === undefined) return NONE;
  let list: readonly Injection[];
  try {
    list = injectable(registry, entry, layout.signature);
  } catch (error) {
    throw atPath(error, formatPath(path), entry.name);
  }
  return list.length === 0 ? NONE : list.filter((injection) => leavesUnbound(layout, argCount, injection.index));
}

/**
 * Checks, before anything is built, what autowiring `injections` (of the spec at `path`) will build:
 * each target (through `visit`, which checks what any spec is checked for, such as `allow`), its own
 * required parameters (autowired in turn, or `MISSING_PARAMETER`), and cycles.
 * @throws ConfigSpecError `CYCLE` with the chain, `MISSING_PARAMETER`, and what `visit` throws
 */
export function checkInjections(registry: Registry, injections: readonly Injection[], path: PathNode | undefined, visit: (entry: RegisteredTarget, path: PathNode | undefined) => void, chain: string[] = []): void {
  for (const injection of injections) {
    const at = keywordPath(path, injection.name);
    const target = injection.target;
    if (chain.includes(target.name)) throw wiringCycle(chain, target.name, formatPath(at));
    visit(target, at);
    // An autowired spec binds nothing: every required parameter is autowired too, or missing.
    const layout = layoutKeywords(registry, target, 0, [], at);
    const inner = unboundInjections(registry, target, layout, 0, at);
    const signature = signatureFor(registry, target, false, at);
    const missing = signature?.params.filter((p, i) => p.kind === 'required' && !inner.some((x) => x.index === i)).map((p, i) => p.name ?? `#${String(i)}`) ?? [];
    if (missing.length > 0) {
      throw new ConfigSpecError('MISSING_PARAMETER', `${target.name} is autowired, so it is built from its defaults, but it has required parameter${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} without one; configure "${injection.name}" explicitly`, { path: formatPath(at), target: target.name });
    }
    chain.push(target.name);
    checkInjections(registry, inner, at, visit, chain);
    chain.pop();
  }
}

/** The cycle error for wiring `target` while it is already being wired along `chain`. */
export function wiringCycle(chain: readonly string[], target: string, path: string): ConfigSpecError {
  return new ConfigSpecError('CYCLE', `autowiring is circular: ${[...chain, target].join(' → ')}`, { path, target });
}
