/**
 * Partial functions: what a partial spec builds into, and what `partial(fn, kwargs)` returns. They
 * remember their spec, so `asdict` writes them back as the dict they came from.
 */
import type { Callable } from './callable.js';
import { completeCall, invoke, placeKeywords, type CallPlan } from './binding.js';
import { binderOf, specShape } from './binder.js';
import { guardInput } from './errors.js';
import { ROOT } from './path.js';
import { defaultRegistry, type Registry } from './registry.js';
import { Spec, type Kwargs, type KwargsOf, type ParameterKwargs, type Target } from './spec.js';

// Registered, so partials made by another copy of the package are recognised too.
const PARTIAL_SPEC = Symbol.for('config-spec.partial.spec');

/**
 * A function that finishes a call to a registered target: call it (or `new` it) with the arguments
 * still missing. Like Python's `functools.partial`, it shows what it will call with.
 */
export interface PartialFunction<R = unknown> {
  /**
   * Finishes the call: the arguments fill the still-unbound positional parameters from the left
   * (or merge into an unbound options object); extra ones are passed through.
   * @throws ConfigSpecError `MISSING_PARAMETER` when a required parameter is still unbound, naming
   *   the target and the path where the partial was built; the target's own errors propagate unchanged
   */
  (...args: unknown[]): R;
  /**
   * For a class target, `new partial(...)`: the same as calling it.
   * @throws ConfigSpecError as calling it
   */
  new (...args: unknown[]): R;
  /** The canonical target name. */
  readonly target: string;
  /** The registered function or class it calls. */
  readonly func: Callable;
  /** The bound positional arguments (built). */
  readonly args: readonly unknown[];
  /** The bound keyword arguments (built). */
  readonly kwargs: Kwargs;
}

/**
 * Makes the function a partial spec builds into. A class partial can be called or used with `new`;
 * its `prototype` is the class's (so `instanceof` works) and static members are reached through it.
 * Binding errors found when it is called are `ConfigSpecError`s naming the path where it was built;
 * the target's own errors propagate unchanged.
 * @internal
 */
export function makePartial(plan: CallPlan, spec: Spec<unknown, boolean>, args: readonly unknown[], kwargs: Kwargs): PartialFunction {
  const { entry } = plan;
  const partial = function (...callArgs: unknown[]): unknown {
    return invoke(entry, completeCall(plan, callArgs));
  };
  if (entry.kind === 'class') {
    Object.setPrototypeOf(partial, entry.fn);
    partial.prototype = (entry.fn as { prototype: unknown }).prototype;
  }
  Object.defineProperties(partial, {
    name: { value: entry.fn.name, configurable: true },
    target: { value: entry.name, enumerable: true },
    func: { value: entry.fn, enumerable: true },
    args: { value: Object.freeze([...args]), enumerable: true },
    kwargs: { value: Object.freeze({ ...kwargs }), enumerable: true },
    [PARTIAL_SPEC]: { value: spec },
  });
  return partial as unknown as PartialFunction;
}

/** The spec a partial function was made from, or `undefined` for any other value. */
export function specOfPartial(value: unknown): Spec<unknown, boolean> | undefined {
  if (typeof value !== 'function') return undefined;
  return (value as unknown as Record<symbol, Spec<unknown, boolean> | undefined>)[PARTIAL_SPEC];
}

/** Options of {@link partialFor}. */
interface PartialOptions {
  readonly registry: Registry;
}

/**
 * `partial(fn, kwargs, ...args)`: an introspectable partial of a registered function or class,
 * with the values bound as given (specs among them are not built). `asdict` turns it into a dict.
 * @throws ConfigSpecError `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`, and every error of `new Spec`
 */
export function partialFor<R>(options: PartialOptions, fn: Target<R> | string, kwargs: Kwargs = {}, ...args: unknown[]): PartialFunction<R> {
  return guardInput('INVALID_SPEC_DICT', 'the arguments of partial()', () => {
    const spec = new Spec<R>(fn, kwargs, { args, registry: options.registry });
    const entry = options.registry.lookup(spec.target);
    // The layout `new Spec` checked, from the target's binder.
    const keys = Object.keys(spec.kwargs);
    const shape = specShape(binderOf(options.registry, entry), keys, spec.args.length, ROOT);
    const plan = placeKeywords(entry, shape.layout, spec.args, keys.map((key) => spec.kwargs[key]), ROOT);
    return makePartial(plan, spec, spec.args, spec.kwargs) as PartialFunction<R>;
  });
}

/**
 * {@link partial} of a target with a single parameter, bound whole by its name:
 * `partial(Layer, { options: { units: 3 } })`.
 * @throws ConfigSpecError as the next form
 */
export function partial<R, P extends unknown[]>(fn: Target<R, P>, kwargs: ParameterKwargs<P>, ...args: unknown[]): PartialFunction<R>;
/**
 * An introspectable partial of a registered function or class (Python's `functools.partial`):
 * `partial(Adam, { lr: 1e-3 })(params)` is `new Adam(params, 1e-3)`. Values are bound as given;
 * `asdict` writes it as its spec dict. Keyword arguments are typed as for `new Spec` ({@link KwargsOf}).
 * Use `registry.partial` for another registry.
 * @throws ConfigSpecError `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`, and every error of `new Spec`
 */
export function partial<R, P extends unknown[] = never>(fn: Target<R, P> | string, kwargs?: KwargsOf<P>, ...args: unknown[]): PartialFunction<R>;
export function partial<R>(fn: Target<R> | string, kwargs: Kwargs = {}, ...args: unknown[]): PartialFunction<R> {
  return partialFor({ registry: defaultRegistry }, fn, kwargs, ...args);
}
