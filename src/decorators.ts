/**
 * `configurable`: registration as a decorator (legacy `experimentalDecorators` and TC39 standard
 * decorators, told apart at run time) or as a plain call for functions and classes you cannot
 * decorate. Both fill a registry; nothing else happens at decoration time.
 */
// reflect-metadata is installed before any class can be decorated: emitDecoratorMetadata records
// `design:paramtypes` only where Reflect.metadata exists. A static import, so that bundlers include it
// and the core runs where there is no `require` (browsers, Deno-style runtimes). Its `lite` entry: the
// same global API and shared registry, without the Map/Set/WeakMap polyfills an ES2022 runtime does not
// need (a fifth less code to parse at import).
import 'reflect-metadata/lite';
import type { Callable } from './callable.js';
import { ConfigSpecError } from './errors.js';
import { trackingWrapper } from './tracking.js';
import type { ConfigurableOptions, RegisteredTarget, RegistrationContext } from './registration.js';

/**
 * The decorator `@configurable(...)` returns. It types as a class or static-method decorator under
 * both TypeScript decorator modes.
 */
export interface ConfigurableDecorator {
  /**
   * TC39 standard decorator on a class: registers it and returns its tracking subclass (or the
   * class itself with `track: false`).
   * @throws ConfigSpecError `INVALID_REGISTRATION` for a bad name or option, `DUPLICATE_TARGET`
   *   when the name is taken by a different class
   */
  <C extends abstract new (...args: never) => unknown>(value: C, context: ClassDecoratorContext<C>): C;
  /**
   * TC39 standard decorator on a public static method: registers it (as `Class.method`) when the
   * class is defined.
   * @throws ConfigSpecError `INVALID_REGISTRATION` on an instance or private member or for a bad
   *   name or option, `DUPLICATE_TARGET` when the name is taken by a different function
   */
  <M extends Callable>(value: M, context: ClassMethodDecoratorContext): M;
  /**
   * Legacy (`experimentalDecorators`) decorator on a class, as the standard one.
   * @throws ConfigSpecError as the standard one
   */
  <C extends Callable>(value: C): C;
  /**
   * Legacy (`experimentalDecorators`) decorator on a static method, as the standard one.
   * @throws ConfigSpecError as the standard one
   */
  <M>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): TypedPropertyDescriptor<M>;
}

/**
 * `configurable` in all its forms. With a function or class as the last argument it registers it
 * and returns it unchanged; otherwise it returns a decorator.
 */
export interface Configurable {
  /**
   * Registers `fn` under its own name, without a namespace, and returns it unchanged.
   * @throws ConfigSpecError `INVALID_REGISTRATION` for a bad (or minified-away) name,
   *   `DUPLICATE_TARGET` when the name is taken by a different function or `fn` has another name
   */
  <F extends Callable>(fn: F): F;
  /**
   * Registers `fn` as `"<namespace>:<fn.name>"` and returns it unchanged.
   * @throws ConfigSpecError `INVALID_REGISTRATION` for a bad namespace or name, `DUPLICATE_TARGET`
   *   when the name is taken by a different function or `fn` has another name
   */
  <F extends Callable>(namespace: string, fn: F): F;
  /**
   * Registers `fn` with full options and returns it unchanged.
   * @throws ConfigSpecError `INVALID_REGISTRATION` for a bad name or option, `DUPLICATE_TARGET`
   *   when the name or an alias is taken by a different function or `fn` has another name
   */
  <F extends Callable>(options: ConfigurableOptions, fn: F): F;
  /** A decorator registering the class or static method under its own name. */
  (): ConfigurableDecorator;
  /** A decorator registering the class or static method in `namespace`. */
  (namespace: string): ConfigurableDecorator;
  /**
   * A decorator registering the class or static method with full options.
   * @throws ConfigSpecError `INVALID_REGISTRATION` when `options` is not an object
   */
  (options: ConfigurableOptions): ConfigurableDecorator;
}

type Add = (fn: Callable, options: ConfigurableOptions, context?: RegistrationContext) => RegisteredTarget;

interface DecoratorContextLike {
  readonly kind: string;
  readonly name: string | symbol | undefined;
  readonly static?: boolean;
  readonly private?: boolean;
  addInitializer?(initializer: (this: unknown) => void): void;
}

/**
 * Builds `configurable` for one registry (`add` is its registration function).
 * @internal
 */
export function makeConfigurable(add: Add): Configurable {
  function configurable(first?: unknown, second?: unknown): unknown {
    if (typeof first === 'function' && isDecoratorContext(second)) {
      // A bare `@configurable` under standard decorators: treat it as `@configurable()`.
      return decorate(add, {}, first, second, undefined);
    }
    if (typeof first === 'function' && second === undefined) return registerDirect(add, {}, first);
    const options = normalizeOptions(first);
    if (typeof second === 'function') return registerDirect(add, options, second);
    if (second !== undefined) {
      throw new ConfigSpecError('INVALID_REGISTRATION', `configurable(options, fn) expects a function or class as its second argument, got ${typeof second}`);
    }
    return (value: unknown, context?: unknown, descriptor?: unknown): unknown => decorate(add, options, value, context, descriptor);
  }
  return configurable as Configurable;
}

function normalizeOptions(first: unknown): ConfigurableOptions {
  if (first === undefined) return {};
  if (typeof first === 'string') return { namespace: first };
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) return first;
  throw new ConfigSpecError('INVALID_REGISTRATION', `configurable() takes a namespace string or an options object, got ${first === null ? 'null' : typeof first}`);
}

function registerDirect(add: Add, options: ConfigurableOptions, fn: Callable): Callable {
  add(fn, options);
  return fn;
}

function isDecoratorContext(value: unknown): value is DecoratorContextLike {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' && 'name' in value;
}

function decorate(add: Add, options: ConfigurableOptions, value: unknown, context: unknown, descriptor: unknown): unknown {
  if (isDecoratorContext(context)) return decorateStandard(add, options, value, context);
  if (typeof value === 'function' && context === undefined && descriptor === undefined) {
    return decorateClass(add, options, value, undefined);
  }
  if (typeof context === 'string' || typeof context === 'symbol') {
    const method = (descriptor as PropertyDescriptor | undefined)?.value as unknown;
    if (typeof value !== 'function' || typeof method !== 'function') {
      throw new ConfigSpecError('INVALID_REGISTRATION', `@configurable() goes on a class or a static method, not on the instance member "${String(context)}"`, { target: options.name });
    }
    add(method, options, { kind: 'static-method', owner: value, key: String(context) });
    return descriptor;
  }
  throw new ConfigSpecError('INVALID_REGISTRATION', '@configurable() goes on a class or a static method');
}

function decorateStandard(add: Add, options: ConfigurableOptions, value: unknown, context: DecoratorContextLike): unknown {
  if (context.kind === 'class' && typeof value === 'function') {
    return decorateClass(add, options, value, typeof context.name === 'string' ? context.name : undefined);
  }
  if (context.kind === 'method' && context.static === true && context.private !== true && typeof value === 'function') {
    const key = String(context.name);
    context.addInitializer?.(function (this: unknown) {
      add(value, options, { kind: 'static-method', owner: this as Callable, key });
    });
    return value;
  }
  throw new ConfigSpecError('INVALID_REGISTRATION', `@configurable() goes on a class or a public static method, not on ${context.static === true ? 'a static' : 'an instance'} ${context.kind} "${String(context.name)}"`, { target: options.name });
}

// A decorated class is replaced by its tracking wrapper (unless `track: false`), registered under the
// class's own name and parameters.
function decorateClass(add: Add, options: ConfigurableOptions, cls: Callable, defaultName: string | undefined): Callable {
  if (options.track === false) {
    add(cls, options, defaultName === undefined ? { kind: 'class', decorated: true } : { kind: 'class', decorated: true, defaultName });
    return cls;
  }
  const wrapper = trackingWrapper(cls);
  add(wrapper, options, defaultName === undefined ? { kind: 'class', decorated: true, source: cls } : { kind: 'class', decorated: true, source: cls, defaultName });
  return wrapper;
}
