/**
 * `config-spec/class-transformer`: an optional integration for classes you already serialize with
 * class-transformer. A class registered with {@link registerValueClass} is written by `asdict` as
 * `{"__value__": "<name>", "data": instanceToPlain(value)}` and read back (by `Spec.fromDict`,
 * `Spec.instantiate`, `Spec.instantiateFromDict`) with `plainToInstance(cls, data)`, so its
 * `@Type`, `@Expose`, `@Exclude` and `@Transform` decorators apply both ways.
 *
 * class-transformer is an optional peer dependency: the core package never imports it, and this
 * module loads it on import. Enable the integration with `npm install class-transformer`.
 *
 * This module is not part of the package root; import it as `config-spec/class-transformer`.
 * @module config-spec/class-transformer
 */
import type { Callable } from './callable.js';
import type { ClassConstructor, ClassTransformOptions } from 'class-transformer';
import { ConfigSpecError } from './errors.js';
import { defaultRegistry, registryOption, type Registry } from './registry.js';
import type { ValueCodec } from './values.js';

type ClassTransformer = typeof import('class-transformer');

const INSTALL = 'npm install class-transformer';

const transformer: ClassTransformer = await (async (): Promise<ClassTransformer> => {
  try {
    return await import('class-transformer');
  } catch (cause) {
    const missing = typeof cause === 'object' && cause !== null && (cause as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND';
    const detail = missing
      ? `config-spec/class-transformer needs the optional peer dependency class-transformer, which is not installed; enable it with \`${INSTALL}\``
      : `config-spec/class-transformer could not load its optional peer dependency class-transformer; reinstall it with \`${INSTALL}\``;
    throw new ConfigSpecError('INVALID_REGISTRATION', detail, { target: 'class-transformer', cause });
  }
})();

/** A class whose instances `plainToInstance` can create: any constructible class. */
export type ValueClass<T extends object = object> = new (...args: never[]) => T;

/** Options of {@link registerValueClass}. */
export interface ValueClassOptions {
  /**
   * The value type name written as `"__value__"`; defaults to the class name. It may be namespaced
   * (`'geo:Point'`): letters, digits, `_`, `$`, `@`, `/`, `.`, `:` and `-`.
   */
  readonly name?: string;
  /** The registry to register in; defaults to `defaultRegistry` (whose value types apply with every registry). */
  readonly registry?: Registry;
  /** Options passed to `instanceToPlain` when writing (groups, version, strategy, …). */
  readonly toPlain?: ClassTransformOptions;
  /** Options passed to `plainToInstance` when reading (groups, version, strategy, …). */
  readonly toInstance?: ClassTransformOptions;
}

/** Each codec made here → what it was made from, so registering the same thing twice is a no-op. */
const made = new WeakMap<object, { readonly cls: Callable; readonly toPlain: unknown; readonly toInstance: unknown }>();

/**
 * Registers `cls` as a value type written with class-transformer: `asdict` writes an instance as
 * `{"__value__": name, "data": instanceToPlain(instance, toPlain)}`, and reading that tagged value
 * gives `plainToInstance(cls, data, toInstance)`. Only instances whose prototype is exactly
 * `cls.prototype` are written this way (register a subclass under its own name; an unregistered
 * subclass is `NOT_SERIALIZABLE` rather than silently written as its parent). Registering the same
 * class under the same name with the same options again is a no-op.
 * Example: `registerValueClass(Point, { name: 'geo:Point' })`.
 * @returns `cls` itself, unchanged
 * @throws ConfigSpecError `INVALID_REGISTRATION` when `cls` is not a class, when it has no name and
 *   none is given, for a bad name or a built-in type's name, or for a `registry` that is not a
 *   Registry; `DUPLICATE_TARGET` when the name is taken by another value type.
 *   Later, `asdict` reports a failing `instanceToPlain` as `NOT_SERIALIZABLE`, and reading reports
 *   data that is not an object, or a failing `plainToInstance`, as `INVALID_SPEC_DICT`, with the path.
 */
export function registerValueClass<C extends ValueClass>(cls: C, options: ValueClassOptions = {}): C {
  if (typeof cls !== 'function' || cls.prototype === undefined) {
    throw new ConfigSpecError('INVALID_REGISTRATION', 'registerValueClass() takes a class');
  }
  const registry = registryOption(options, 'INVALID_REGISTRATION', 'registerValueClass()') ?? defaultRegistry;
  const { toPlain, toInstance } = options;
  const name = options.name ?? cls.name;
  if (name === '') {
    throw new ConfigSpecError('INVALID_REGISTRATION', 'an anonymous class needs a name: registerValueClass(cls, { name: "ns:Name" })');
  }
  const existing = registry.values.get(name);
  const origin = existing === undefined ? undefined : made.get(existing);
  if (origin?.cls === cls && origin.toPlain === toPlain && origin.toInstance === toInstance) return cls;

  const codec: ValueCodec<InstanceType<C>> = {
    is: (value) => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === cls.prototype,
    encode: (value) => transformer.instanceToPlain(value, toPlain),
    decode: (data) => {
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new TypeError(`the data of a ${name} is an object of its properties, not ${Array.isArray(data) ? 'an array' : data === null ? 'null' : typeof data}`);
      }
      return transformer.plainToInstance(cls as unknown as ClassConstructor<InstanceType<C>>, data, toInstance);
    },
  };
  registry.registerValue(name, codec);
  made.set(codec, { cls, toPlain, toInstance });
  return cls;
}
