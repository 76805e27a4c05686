/**
 * A tracked instance → the called spec that rebuilds it: its construction arguments bound by
 * parameter name, runtime parameters left out (which makes the spec a partial to call with them).
 *
 * What depends only on the class (its target name, which argument position binds which keyword,
 * which are runtime parameters) is an {@link InstancePlan}, computed on the first instance written
 * and kept on the class's tracker: one per registration of the class, so registering it again (hot
 * reload) starts from a new plan. `asdict` writes instances from the plan alone, without a `Spec`.
 */
import { signatureFor } from './binding.js';
import { isEscapedKeyword } from './dict-keys.js';
import { ConfigSpecError } from './errors.js';
import { formatPath, type PathNode } from './path.js';
import type { RegisteredTarget, Registry } from './registry.js';
import type { Signature } from './signature.js';
import { createSpec, type Spec } from './spec.js';
import { recordOf, trackerOf, type Tracker } from './tracking.js';
import { isPlainObject } from './tree.js';

/**
 * How the instances of one tracked class are written. An instance whose arguments all sit at
 * {@link names}' positions is written from the plan alone; any other goes through
 * {@link instanceKeywords} (an options object to flatten, a rest parameter, more arguments than
 * parameters).
 * @internal
 */
export interface InstancePlan {
  readonly registry: Registry;
  readonly entry: RegisteredTarget;
  /** The canonical target name. */
  readonly target: string;
  /** The parameters, or `undefined` when they cannot be known (then every argument stays positional). */
  readonly signature: Signature | undefined;
  /**
   * The keyword of each leading argument position that is bound by its name alone (a named
   * parameter that is neither rest nor options object), in order; `undefined` at a runtime
   * parameter, which is left out.
   */
  readonly names: readonly (string | undefined)[];
  /** Per position of {@link names}: whether its keyword is written under `kwargs` (a reserved or `__x__` name). */
  readonly escaped: readonly boolean[];
  /** Whether any name of {@link names} is escaped. */
  readonly anyEscaped: boolean;
  /** Called, unless runtime parameters are left out (then a partial to call with them). */
  readonly called: boolean;
  /** A runtime name that is no parameter, refused when an instance is written by keyword. */
  readonly badRuntime: string | undefined;
}

/** A tracked instance's plan and construction arguments. @internal */
export interface TrackedInstance {
  readonly plan: InstancePlan;
  readonly args: readonly unknown[];
}

/**
 * The plan and arguments of a tracked instance (of this or another copy of the package), or
 * `undefined` for any other value.
 * @throws ConfigSpecError `INVALID_REGISTRATION` (at `path`) when the class's parameters cannot be read
 *   as registered (an `options` naming no parameter)
 * @internal
 */
export function trackedInstance(value: object, path: PathNode | undefined): TrackedInstance | undefined {
  const args = recordOf(value);
  if (args === undefined) return undefined;
  const tracker = trackerOf<Registry, RegisteredTarget>(value);
  if (tracker === undefined) return undefined;
  return { plan: planOf(tracker, path), args };
}

/**
 * The plan of a tracker's class, made on first use and kept on the tracker.
 * @throws ConfigSpecError as {@link trackedInstance}
 * @internal
 */
export function planOf(tracker: Tracker<Registry, RegisteredTarget>, path: PathNode | undefined): InstancePlan {
  const known = tracker.plan;
  // (A tracker bound by another copy of the package may hold that copy's plan: not this shape.)
  if (known instanceof Plan) return known;
  // Not kept when it throws: the next instance written reports the error at its own path.
  const plan = makePlan(tracker.registry, tracker.entry, path);
  if (Object.isExtensible(tracker)) tracker.plan = plan;
  return plan;
}

class Plan implements InstancePlan {
  readonly target: string;
  readonly anyEscaped: boolean;
  readonly called: boolean;
  constructor(
    readonly registry: Registry,
    readonly entry: RegisteredTarget,
    readonly signature: Signature | undefined,
    readonly names: readonly (string | undefined)[],
    readonly escaped: readonly boolean[],
    readonly badRuntime: string | undefined,
  ) {
    this.target = entry.name;
    this.anyEscaped = escaped.includes(true);
    this.called = entry.runtime.length === 0;
  }
}

function makePlan(registry: Registry, entry: RegisteredTarget, path: PathNode | undefined): InstancePlan {
  const signature = signatureFor(registry, entry, false, path);
  const names: (string | undefined)[] = [];
  const escaped: boolean[] = [];
  let badRuntime: string | undefined;
  if (signature !== undefined) {
    badRuntime = entry.runtime.find((name) => !signature.byName.has(name));
    const runtime = new Set(entry.runtime);
    const seen = new Set<string>();
    for (let i = 0; i < signature.params.length; i++) {
      const param = signature.params[i];
      const name = param?.name;
      // The positions after these are bound as instanceKeywords says, argument by argument.
      // (`__proto__`, a valid parameter name, would set a prototype if assigned as a key.)
      if (param === undefined || param.kind === 'rest' || i === signature.optionsIndex || name === undefined || name === '__proto__' || seen.has(name)) break;
      seen.add(name);
      names.push(runtime.has(name) ? undefined : name);
      escaped.push(isEscapedKeyword(name));
    }
  }
  return Object.freeze(new Plan(registry, entry, signature, Object.freeze(names), Object.freeze(escaped), badRuntime));
}

/**
 * An instance's arguments as keywords, runtime parameters left out; or `undefined` when they stay
 * positional (some argument has no name to bind it by). Only for an instance with more arguments
 * than its plan's {@link InstancePlan.names}: those are written from the plan directly.
 * @throws ConfigSpecError `NOT_SERIALIZABLE` when runtime parameters cannot be left out (arguments
 *   that can only be passed by position), `INVALID_REGISTRATION` for a runtime name that is no parameter
 * @internal
 */
export function instanceKeywords(plan: InstancePlan, args: readonly unknown[], path: PathNode | undefined): Record<string, unknown> | undefined {
  const { signature, entry } = plan;
  const kwargs = signature === undefined ? undefined : keywordsOf(signature, args);
  if (kwargs === undefined) {
    if (entry.runtime.length > 0) {
      throw new ConfigSpecError('NOT_SERIALIZABLE', `${entry.name} was constructed with arguments that can only be passed by position, so its runtime parameters (${entry.runtime.join(', ')}) cannot be left out`, { path: formatPath(path), target: entry.name });
    }
    return undefined;
  }
  checkRuntime(plan, path);
  for (const name of entry.runtime) Reflect.deleteProperty(kwargs, name);
  // Flattened options may hold `undefined`: a keyword that is not given (as in a spec).
  for (const key of Object.keys(kwargs)) if (kwargs[key] === undefined) Reflect.deleteProperty(kwargs, key);
  return kwargs;
}

/**
 * Refuses a plan whose registration names a runtime parameter the class does not have.
 * @throws ConfigSpecError `INVALID_REGISTRATION` at `path`
 * @internal
 */
export function checkRuntime(plan: InstancePlan, path: PathNode | undefined): void {
  if (plan.badRuntime !== undefined) {
    throw new ConfigSpecError('INVALID_REGISTRATION', `runtime parameter "${plan.badRuntime}" is not a parameter of ${plan.target}`, { path: formatPath(path), target: plan.target });
  }
}

/**
 * The spec that rebuilds a tracked instance, or `undefined` for any other value. (`asdict` writes
 * instances without it; this is for a writer that rewrites each spec before writing it.)
 * @throws ConfigSpecError as {@link trackedInstance} and {@link instanceKeywords}
 */
export function specOfInstance(value: object, path: PathNode | undefined): Spec<unknown, boolean> | undefined {
  const tracked = trackedInstance(value, path);
  if (tracked === undefined) return undefined;
  const { plan, args } = tracked;
  const kwargs = instanceKeywords(plan, args, path);
  // The record is what the constructor was given: written as it is, values unchecked (reading checks them).
  const registry = plan.registry;
  if (kwargs === undefined) return createSpec({ registry, target: plan.target, args, kwargs: {}, called: true, recursive: true, path, checkValues: false });
  return createSpec({ registry, target: plan.target, args: [], kwargs, called: plan.called, recursive: true, path, checkValues: false });
}

// The arguments by parameter name; the options object's keys written flat whenever they can be
// (so a build whose parameter names come from explicit `params` writes the same dict as one that reads
// them from source); or `undefined` when some argument has no name to bind it by (a rest or
// array-pattern parameter, or more arguments than parameters): then all stay positional.
function keywordsOf(signature: Signature, args: readonly unknown[]): Record<string, unknown> | undefined {
  const kwargs: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const param = signature.params[i];
    const value = args[i];
    if (param === undefined || param.kind === 'rest') return undefined;
    if (i === signature.optionsIndex && (value === undefined || isPlainObject(value))) {
      const flat = flatOptions(signature, value ?? {}, param.name === undefined);
      if (flat !== undefined) Object.assign(kwargs, flat);
      else if (param.name !== undefined) kwargs[param.name] = value;
      else return undefined;
    } else if (param.name !== undefined) {
      if (value !== undefined) kwargs[param.name] = value;
    } else {
      return undefined;
    }
  }
  return kwargs;
}

// An options object's keys as flat keywords, or `undefined` when a key cannot be written flat: it
// names a parameter (a flat keyword would bind that instead), or it is not among the declared keys
// of a named options object (whose constructor may still read it; the object is then written whole,
// under the parameter's name). A destructuring pattern ignored undeclared keys, and so does its dict.
function flatOptions(signature: Signature, options: Record<string, unknown>, destructured: boolean): Record<string, unknown> | undefined {
  const flat: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    if (key === '__proto__' || signature.byName.has(key)) return undefined;
    if (signature.optionKeys !== undefined && !signature.optionKeys.has(key)) {
      if (destructured) continue;
      return undefined;
    }
    flat[key] = options[key];
  }
  return flat;
}
