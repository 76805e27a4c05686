/**
 * The methods that need the operations layer, attached above it: `Spec`'s building, reading and
 * writing methods (`spec.instantiate()`, `spec.toDict()`, `Spec.fromDict`, `Spec.instantiate`, …)
 * and `registry.partial`. `Spec` and `Registry` sit below the operations that make and walk them, so
 * they cannot import those operations; this module, above both, connects them (zod's core/classic
 * split). The package's entry point exports `Spec` and `Registry` from here, so whoever can reach them
 * has them complete.
 */
import { asdict } from './asdict.js';
import { instantiateTree, instantiateTreeAsync } from './instantiate.js';
import { partialFor, type PartialFunction } from './partial-function.js';
import { fromDictTree } from './reader.js';
import { Registry } from './registry.js';
import { installSpecOperations, Spec, type Kwargs, type KwargsOf, type ParameterKwargs, type Target } from './spec.js';

installSpecOperations({ instantiate: instantiateTree, instantiateAsync: instantiateTreeAsync, fromDict: fromDictTree, asdict });

declare module './registry.js' {
  interface Registry {
    /**
     * {@link partial} of a target with a single parameter, bound whole by its name.
     * @throws ConfigSpecError as the next form
     */
    partial<R, P extends unknown[]>(fn: Target<R, P>, kwargs: ParameterKwargs<P>, ...args: unknown[]): PartialFunction<R>;
    /**
     * `partial(fn, kwargs, ...args)` resolving `fn` in this registry; see the top-level `partial`.
     * @throws ConfigSpecError `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`, and every error of `new Spec`
     */
    partial<R, P extends unknown[] = never>(fn: Target<R, P> | string, kwargs?: KwargsOf<P>, ...args: unknown[]): PartialFunction<R>;
  }
}

// A method as a class body would define it: on the prototype, not enumerable.
Object.defineProperty(Registry.prototype, 'partial', {
  value: function partial(this: Registry, fn: Target | string, kwargs: Kwargs = {}, ...args: unknown[]): PartialFunction {
    return partialFor({ registry: this }, fn, kwargs, ...args);
  },
  writable: true,
  configurable: true,
  enumerable: false,
});

export { Registry, Spec };
