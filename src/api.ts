/** The top-level `configurable`, registering into `defaultRegistry`. */
import type { Configurable } from './decorators.js';
import { defaultRegistry } from './registry.js';

/**
 * Registers a class or static method (as a decorator: `@configurable()`, `@configurable('ns')`,
 * `@configurable({ namespace, name, params, options, aliases, runtime, track })`), or a function or a
 * class you cannot decorate (`configurable(fn)`, `configurable('ns', fn)`, `configurable(options, fn)`,
 * which return `fn` unchanged). Works under legacy and standard decorators; always use parentheses.
 * @throws ConfigSpecError `INVALID_REGISTRATION` for a bad name or option, `DUPLICATE_TARGET` when the
 *   name is taken by a different function
 */
export const configurable: Configurable = defaultRegistry.configurable;
