/**
 * Binding: a target's positional and keyword arguments → the argument list of the real call.
 * Keywords bind by parameter name or go into the options object; call-time arguments of a partial
 * fill the positions still unbound, left to right.
 */
import { keywordPath } from './dict-keys.js';
import { atPath, ConfigSpecError } from './errors.js';
import { formatPath, type PathNode } from './path.js';
import type { RegisteredTarget, Registry } from './registry.js';
import type { Signature } from './signature.js';
import { didYouMean } from './suggest.js';
import { wrapperOf } from './tracking.js';

const UNBOUND: unique symbol = Symbol('unbound');
const NO_EXTRA: readonly unknown[] = Object.freeze([]);
type Slot = unknown;

/** A call prepared from bound arguments, ready to be completed by call-time arguments. */
export interface CallPlan {
  readonly entry: RegisteredTarget;
  /** `undefined` when the parameters cannot be known and only positional arguments are bound. */
  readonly signature: Signature | undefined;
  /** One slot per parameter before the rest parameter; `UNBOUND` where nothing is bound. */
  readonly slots: readonly Slot[];
  /** Bound positional arguments beyond the named parameters. */
  readonly extra: readonly unknown[];
  /** Keywords that went into the options object; `undefined` when none did. */
  readonly options: Readonly<Record<string, unknown>> | undefined;
  /** Where the spec sits, for errors found when the call completes. */
  readonly path: PathNode | undefined;
}

/**
 * Checks bound arguments against the target's parameters and lays them out.
 * @throws ConfigSpecError `UNKNOWN_PARAMETER` (with the closest name), `INVALID_SPEC_DICT` for a
 *   position bound twice, `SIGNATURE_UNAVAILABLE` when keywords need unknown parameter names
 */
export function planCall(
  registry: Registry,
  entry: RegisteredTarget,
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  path: PathNode | undefined,
): CallPlan {
  const keys = Object.keys(kwargs);
  const values = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = kwargs[keys[i] as string];
  return planKeywords(registry, entry, args, keys, values, path);
}

/**
 * {@link planCall} with the keywords as parallel lists of names and values: `instantiate` builds
 * keyword values into a list rather than into an object it would only read back.
 * @throws ConfigSpecError as {@link planCall}
 */
export function planKeywords(
  registry: Registry,
  entry: RegisteredTarget,
  args: readonly unknown[],
  keys: readonly string[],
  values: readonly unknown[],
  path: PathNode | undefined,
): CallPlan {
  const signature = signatureFor(registry, entry, keys.length > 0, path);
  if (signature === undefined) return { entry, signature, slots: [], extra: args, options: undefined, path };
  const { params, byName, optionsIndex, optionKeys, restIndex } = signature;
  const positional = restIndex < 0 ? params.length : restIndex;
  // One loop rather than fill() then a copy: this runs for every spec built.
  const slots: Slot[] = new Array<Slot>(positional);
  for (let i = 0; i < positional; i++) slots[i] = i < args.length ? args[i] : UNBOUND;
  const extra = args.length > positional ? args.slice(positional) : NO_EXTRA;
  let options: Record<string, unknown> | undefined;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const index = byName.get(key);
    if (index !== undefined) {
      if (slots[index] !== UNBOUND) throw boundTwice(entry, key, index, path);
      slots[index] = values[k];
    } else if (takesKeyword(signature, key)) {
      options ??= {};
      options[key] = values[k];
    } else {
      throw unknownParameter(entry, signature, key, formatPath(keywordPath(path, key)));
    }
  }
  return { entry, signature, slots, extra, options, path };
}

/**
 * The checks of {@link planCall} alone, with the same errors in the same order, laying nothing out:
 * for a spec that is validated when it is created and planned only when it is built.
 * @throws ConfigSpecError `UNKNOWN_PARAMETER` (with the closest name), `INVALID_SPEC_DICT` for a
 *   position bound twice, `SIGNATURE_UNAVAILABLE` when keywords need unknown parameter names
 */
export function checkCall(
  registry: Registry,
  entry: RegisteredTarget,
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  path: PathNode | undefined,
): void {
  const keys = Object.keys(kwargs);
  const signature = signatureFor(registry, entry, keys.length > 0, path);
  if (signature === undefined) return;
  const { byName, restIndex, params } = signature;
  // planCall's slots below this index hold positional arguments: a keyword naming one binds it twice.
  const bound = Math.min(args.length, restIndex < 0 ? params.length : restIndex);
  for (const key of keys) {
    const index = byName.get(key);
    if (index !== undefined) {
      if (index < bound) throw boundTwice(entry, key, index, path);
    } else if (!takesKeyword(signature, key)) {
      throw unknownParameter(entry, signature, key, formatPath(keywordPath(path, key)));
    }
  }
}

/**
 * The argument list of the real call: bound slots, then call-time arguments in the unbound
 * positions, then everything left over.
 * @throws ConfigSpecError `MISSING_PARAMETER` naming every required parameter still unbound
 */
export function completeCall(plan: CallPlan, callArgs: readonly unknown[]): unknown[] {
  const { signature } = plan;
  if (signature === undefined) return [...plan.extra, ...callArgs];
  const { params, optionsIndex } = signature;
  const out: unknown[] = plan.slots.slice();
  let next = 0;
  let missing: string[] | undefined;
  let last = -1;
  for (let i = 0; i < out.length; i++) {
    let value = out[i];
    const param = params[i];
    if (i === optionsIndex) {
      // A call-time `undefined` counts as not given, so the parameter's own default still applies.
      const given = value === UNBOUND && next < callArgs.length ? callArgs[next++] : undefined;
      if (given !== undefined) value = mergeOptions(plan.options, given);
      // A fresh copy per call: a target that mutates its options object must not change later calls.
      else if (value === UNBOUND) value = plan.options !== undefined ? { ...plan.options } : param?.hasDefault === true ? UNBOUND : {};
      else if (plan.options !== undefined) value = mergeOptions(value, plan.options);
    } else if (value === UNBOUND && next < callArgs.length) {
      value = callArgs[next++];
    }
    if (value === UNBOUND) {
      if (param?.kind === 'required') (missing ??= []).push(param.name ?? `#${String(i)}`);
      out[i] = undefined;
    } else {
      out[i] = value;
      last = i;
    }
  }
  if (missing !== undefined) {
    const target = plan.entry.name;
    throw new ConfigSpecError('MISSING_PARAMETER', `${target} is missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`, { path: formatPath(plan.path), target });
  }
  if (plan.extra.length === 0 && next === callArgs.length) {
    out.length = last + 1;
    return out;
  }
  for (const value of plan.extra) out.push(value);
  for (let i = next; i < callArgs.length; i++) out.push(callArgs[i]);
  return out;
}

/** Calls or constructs the target with a complete argument list. */
export function invoke(entry: RegisteredTarget, args: readonly unknown[]): unknown {
  if (entry.kind === 'class') return Reflect.construct(entry.fn, args);
  // A static method is called on its class's tracking wrapper when it has one, so `new this()` in it
  // makes tracked instances.
  return Reflect.apply(entry.fn, entry.kind === 'static-method' && entry.owner !== undefined ? wrapperOf(entry.owner) : undefined, args);
}

/** True when nothing is bound: the plan would call the target with exactly the call-time arguments. */
export function isEmptyPlan(plan: CallPlan): boolean {
  return plan.extra.length === 0 && plan.options === undefined && plan.slots.every((s) => s === UNBOUND);
}

function mergeOptions(base: unknown, over: unknown): unknown {
  if (over === undefined) return base ?? {};
  if (base === undefined || !isObject(base) || !isObject(over)) return over;
  return { ...base, ...over };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The target's signature; `undefined` when it cannot be known and is not `needed` (positional-only use).
 * @throws ConfigSpecError `SIGNATURE_UNAVAILABLE` when needed, `INVALID_REGISTRATION`, at `path`
 */
export function signatureFor(registry: Registry, entry: RegisteredTarget, needed: boolean, path: PathNode | undefined): Signature | undefined {
  try {
    return registry.signatureOf(entry);
  } catch (error) {
    if (!needed && error instanceof ConfigSpecError && error.code === 'SIGNATURE_UNAVAILABLE') return undefined;
    throw atPath(error, formatPath(path), entry.name);
  }
}

function boundTwice(entry: RegisteredTarget, key: string, index: number, path: PathNode | undefined): ConfigSpecError {
  return new ConfigSpecError('INVALID_SPEC_DICT', `parameter "${key}" is bound twice: by position (args[${String(index)}]) and by name`, { path: formatPath(keywordPath(path, key)), target: entry.name });
}

/** True when the target takes keyword `name`: a parameter name, or a key its options object accepts. */
export function takesKeyword(signature: Signature, name: string): boolean {
  return signature.byName.has(name) || (signature.optionsIndex >= 0 && (signature.optionKeys === undefined || signature.optionKeys.has(name)));
}

/** The `UNKNOWN_PARAMETER` error for keyword `key` at `path`: the valid names and the closest one. */
export function unknownParameter(entry: RegisteredTarget, signature: Signature, key: string, path: string): ConfigSpecError {
  const names = [...signature.byName.keys()];
  if (signature.optionsIndex >= 0 && signature.optionKeys !== undefined) names.push(...signature.optionKeys);
  const valid = names.length > 0 ? ` Valid names: ${names.join(', ')}.` : ' It takes no keyword arguments.';
  const suggestion = didYouMean(key, names);
  return new ConfigSpecError('UNKNOWN_PARAMETER', `${entry.name} has no parameter "${key}"${suggestion === '' ? '.' : suggestion}${valid}`, { path, target: entry.name });
}
