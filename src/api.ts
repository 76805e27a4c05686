/** The top-level `configurable` and `registerValue`, registering into `defaultRegistry`. */
import type { Configurable } from './decorators.js';
import { defaultRegistry } from './registry.js';
import type { ValueCodec } from './values.js';

/**
 * Registers a class or static method (as a decorator: `@configurable()`, `@configurable('ns')`,
 * `@configurable({ namespace, name, params, options, aliases, runtime, track })`), or a function or a
 * class you cannot decorate (`configurable(fn)`, `configurable('ns', fn)`, `configurable(options, fn)`,
 * which return `fn` unchanged). Works under legacy and standard decorators; always use parentheses.
 * @throws ConfigSpecError `INVALID_REGISTRATION` for a bad name or option, `DUPLICATE_TARGET` when the
 *   name is taken by a different function
 */
export const configurable: Configurable = defaultRegistry.configurable;

/**
 * Registers a value type of your own in `defaultRegistry` (so it applies with every registry):
 * `registerValue('geo:Point', { is: (v) => v instanceof Point, encode: (p) => [p.x, p.y],
 * decode: ([x, y]) => new Point(x, y) })` writes points as `{"__value__": "geo:Point", "data": [1, 2]}`.
 * @throws ConfigSpecError `INVALID_REGISTRATION` for a bad name or codec or a built-in type's name,
 *   `DUPLICATE_TARGET` when the name is taken by another codec
 */
export function registerValue<T>(name: string, codec: ValueCodec<T>): void {
  defaultRegistry.registerValue(name, codec);
}
