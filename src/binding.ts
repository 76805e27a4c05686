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
import { looksMinified } from './source-name.js';
import { closest, didYouMean } from './suggest.js';
import { unwrap, wrapperOf } from './tracking.js';

const UNBOUND: unique symbol = Symbol('unbound');
const NO_EXTRA: readonly unknown[] = Object.freeze([]);
const NO_SLOTS: readonly number[] = Object.freeze([]);
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
  return placeKeywords(entry, layoutKeywords(registry, entry, args.length, keys, path), args, values, path);
}

/** Where the keywords of a call go, once checked; {@link placeKeywords} fills in their values. */
export interface KeywordLayout {
  /** `undefined` when the parameters cannot be known (and no keyword needs them). */
  readonly signature: Signature | undefined;
  readonly keys: readonly string[];
  /** For each key, the index of its parameter, or -1 when it goes into the options object. */
  readonly slotOf: readonly number[];
}

/**
 * The first half of {@link planCall}: checks keyword names `keys` (with `argCount` positional
 * arguments bound) against the target's parameters, before any value is known. `instantiate` checks
 * a spec before building its arguments and places them once they are built.
 * @throws ConfigSpecError as {@link planCall}
 */
export function layoutKeywords(
  registry: Registry,
  entry: RegisteredTarget,
  argCount: number,
  keys: readonly string[],
  path: PathNode | undefined,
): KeywordLayout {
  const signature = signatureFor(registry, entry, keys.length > 0, path);
  if (signature === undefined) return { signature, keys, slotOf: NO_SLOTS };
  const { params, byName, restIndex } = signature;
  // Parameters below this index are bound by position: a keyword naming one binds it twice.
  const bound = Math.min(argCount, restIndex < 0 ? params.length : restIndex);
  const slotOf = new Array<number>(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const index = byName.get(key);
    if (index !== undefined) {
      if (index < bound) throw boundTwice(entry, key, index, path);
      slotOf[k] = index;
    } else if (takesKeyword(signature, key)) {
      slotOf[k] = -1;
    } else {
      throw unknownParameter(entry, signature, key, formatPath(keywordPath(path, key)));
    }
  }
  return { signature, keys, slotOf };
}

/**
 * The second half of {@link planCall}: lays out positional `args` and the keyword `values` (in the
 * order of the layout's keys) as the call plan. Checks nothing: the layout did.
 */
export function placeKeywords(entry: RegisteredTarget, layout: KeywordLayout, args: readonly unknown[], values: readonly unknown[], path: PathNode | undefined): CallPlan {
  const { signature, keys, slotOf } = layout;
  if (signature === undefined) return { entry, signature, slots: [], extra: args, options: undefined, path };
  const positional = signature.restIndex < 0 ? signature.params.length : signature.restIndex;
  // One loop rather than fill() then a copy: this runs for every spec built.
  const slots: Slot[] = new Array<Slot>(positional);
  for (let i = 0; i < positional; i++) slots[i] = i < args.length ? args[i] : UNBOUND;
  const extra = args.length > positional ? args.slice(positional) : NO_EXTRA;
  let options: Record<string, unknown> | undefined;
  for (let k = 0; k < keys.length; k++) {
    const index = slotOf[k] as number;
    if (index >= 0) slots[index] = values[k];
    else (options ??= {})[keys[k] as string] = values[k];
  }
  return { entry, signature, slots, extra, options, path };
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
      // A declared options object defaults to `{}`; a sole parameter taken as one (signature.ts) stays required.
      else if (value === UNBOUND) value = plan.options !== undefined ? { ...plan.options } : param?.hasDefault === true || param?.kind !== 'options' ? UNBOUND : {};
      else if (plan.options !== undefined) value = mergeOptions(value, plan.options);
      if (signature.requiredOptionKeys.length > 0 && value !== UNBOUND) {
        for (const key of signature.requiredOptionKeys) {
          if (!isObject(value) || value[key] === undefined) (missing ??= []).push(key);
        }
      }
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
    throw new ConfigSpecError('MISSING_PARAMETER', `${target} is missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`, { path: formatPath(plan.path), target, missing });
  }
  if (plan.extra.length === 0 && next === callArgs.length) {
    // Setting length is a runtime call even when nothing changes, and usually nothing does.
    if (out.length !== last + 1) out.length = last + 1;
    return out;
  }
  for (const value of plan.extra) out.push(value);
  for (let i = next; i < callArgs.length; i++) out.push(callArgs[i]);
  return out;
}

/**
 * True when the keywords of `layout` and `argCount` positional arguments leave parameter `index`
 * unbound (for the implicit options object, also no keyword went into it).
 */
export function leavesUnbound(layout: KeywordLayout, argCount: number, index: number): boolean {
  if (index < argCount) return false;
  for (const slot of layout.slotOf) if (slot === index || (slot === -1 && index === layout.signature?.optionsIndex)) return false;
  return true;
}

/** A plan with more slots bound (autowired parameters, which were unbound). */
export function bindSlots(plan: CallPlan, indexes: readonly number[], values: readonly unknown[]): CallPlan {
  const slots = plan.slots.slice();
  for (let i = 0; i < indexes.length; i++) slots[indexes[i] as number] = values[i];
  return { ...plan, slots };
}

/** Calls or constructs the target with a complete argument list. */
export function invoke(entry: RegisteredTarget, args: readonly unknown[]): unknown {
  if (entry.kind === 'class') return construct(entry.fn as new (...args: unknown[]) => unknown, args);
  // A static method is called on its class's tracking wrapper when it has one, so `new this()` in it
  // makes tracked instances.
  return Reflect.apply(entry.fn, entry.kind === 'static-method' && entry.owner !== undefined ? wrapperOf(entry.owner) : undefined, args);
}

// `new fn(...)` with the arguments written out for the usual counts: about three times as fast as
// Reflect.construct, which first copies the list (a config builds thousands of objects).
function construct(fn: new (...args: unknown[]) => unknown, a: readonly unknown[]): unknown {
  switch (a.length) {
    case 0:
      return new fn();
    case 1:
      return new fn(a[0]);
    case 2:
      return new fn(a[0], a[1]);
    case 3:
      return new fn(a[0], a[1], a[2]);
    case 4:
      return new fn(a[0], a[1], a[2], a[3]);
    case 5:
      return new fn(a[0], a[1], a[2], a[3], a[4]);
    case 6:
      return new fn(a[0], a[1], a[2], a[3], a[4], a[5]);
    default:
      return Reflect.construct(fn, a);
  }
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
 * The target's signature, with an error placed at `path` (a path node, formatted only on failure, or
 * a formatted path) and naming the target; `undefined` when it cannot be known and is not `needed`
 * (positional-only use). The one "signature, and the error moved to a path" of the walkers.
 * @throws ConfigSpecError `SIGNATURE_UNAVAILABLE` when needed, `INVALID_REGISTRATION`, at `path`
 */
export function signatureFor(registry: Registry, entry: RegisteredTarget, needed: true, path: PathNode | string | undefined): Signature;
export function signatureFor(registry: Registry, entry: RegisteredTarget, needed: boolean, path: PathNode | string | undefined): Signature | undefined;
export function signatureFor(registry: Registry, entry: RegisteredTarget, needed: boolean, path: PathNode | string | undefined): Signature | undefined {
  try {
    return registry.signatureOf(entry);
  } catch (error) {
    if (!needed && error instanceof ConfigSpecError && error.code === 'SIGNATURE_UNAVAILABLE') return undefined;
    throw atPath(error, typeof path === 'string' ? path : formatPath(path), entry.name);
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
  // Parameter names read from minified source (`e`, `n`, `r`): a suggestion among them would mislead.
  const minified = entry.params === undefined && looksMinified(unwrap(entry.source), [...signature.byName.keys()]);
  const suggestion = minified ? undefined : closest(key, names);
  const minifiedHint = minified ? ` (the parameter names read from its source, ${[...signature.byName.keys()].join(', ')}, look minified: register it with explicit params, see "Bundlers and minifiers" in the README)` : '';
  // TypeScript accepts flat keys for a sole object parameter; the run time takes them only where it
  // knows the parameter is an options object (signature.ts).
  const sole = signature.params.length === 1 && signature.optionsIndex < 0 ? signature.params[0] : undefined;
  const hint = sole?.kind === 'required' || sole?.kind === 'optional' ? ` If "${String(sole.name)}" is an options object, register ${entry.name} with { options: true } to pass its keys flat.` : '';
  return new ConfigSpecError('UNKNOWN_PARAMETER', `${entry.name} has no parameter "${key}"${minifiedHint}${suggestion === undefined ? '.' : didYouMean(key, [suggestion])}${valid}${hint}`, {
    path,
    target: entry.name,
    validNames: names,
    ...(suggestion === undefined ? {} : { suggestion }),
  });
}
