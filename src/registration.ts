/**
 * What a registration is, as data: its options (`ConfigurableOptions`), the record the registry keeps
 * (`RegisteredTarget`) and what a decorator adds (`RegistrationContext`). Types only, below both the
 * registry and the decorators, which each need them (so neither imports the other's layer upward).
 */
import type { Callable } from './callable.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** Options of a registration: `@configurable({...})`, `configurable({...}, fn)`, `registry.register(fn, {...})`. */
export interface ConfigurableOptions {
  /** The part of the target name before `:`; identifiers, `/`, `-` and `@`, joined by `.`. */
  readonly namespace?: string;
  /** The part after `:`; defaults to the function or class name (`Class.method` for a static method). */
  readonly name?: string;
  /**
   * Explicit parameter names, for minified, native or bound functions: `'lr'` required, `'lr?'`
   * optional, `'...rest'` a rest parameter, a trailing `'opts{}'` an options object taking any key,
   * `'opts{width, depth, activation?}'` one taking those keys (`?`: may be left out).
   */
  readonly params?: readonly string[];
  /** The parameter that is an options object: the last one when `true`, else by name. */
  readonly options?: true | string;
  /** Older names still accepted on input; `"Old"` is taken in the same namespace, `"ns:Old"` as is. */
  readonly aliases?: readonly string[];
  /** Parameters that are run-time inputs rather than configuration. */
  readonly runtime?: readonly string[];
  /** Whether instances remember their construction arguments (decorated classes; default `true`). */
  readonly track?: boolean;
  /**
   * Validators of parameter values, one per parameter name (or options-object key): any Standard
   * Schema v1 object (zod ≥ 3.24, valibot ≥ 1, arktype, or your own), `{ lr: z.number().positive() }`.
   */
  readonly schema?: Readonly<Record<string, StandardSchemaV1>>;
  /**
   * `false` turns off type inference for this target: values are then checked only by `schema`
   * validators, not against `design:paramtypes` or the types of literal defaults. Default `true`.
   */
  readonly infer?: boolean;
  /**
   * `true`: always invoke the target with `new` (an ES5 class, a constructor function compiled from a
   * class); `false`: always call it. Default: `new` for `class` syntax and native constructors.
   */
  readonly construct?: boolean;
  /**
   * The types of parameters to autowire, by parameter name: a registered class (or its target name,
   * `'svc:Database'`). For what `design:paramtypes` cannot tell: TC39 decorators, interfaces,
   * functions registered by call. A required parameter left unset is built from that target's defaults.
   */
  readonly inject?: Readonly<Record<string, Callable | string>>;
}

/** How a registered target is invoked. */
export type TargetKind = 'class' | 'function' | 'static-method';

/** Everything the registry knows about one target. */
export interface RegisteredTarget {
  /** The canonical target name, `"ns:Name"`. */
  readonly name: string;
  /** The namespace (`""` when none). */
  readonly namespace: string;
  /** The registered function, class or static method. */
  readonly fn: Callable;
  /** For a static method, the class it is called on. */
  readonly owner: Callable | undefined;
  /** Whether it is constructed (`class`), called (`function`) or called on its class (`static-method`). */
  readonly kind: TargetKind;
  /** Alias target names that resolve to this one. */
  readonly aliases: readonly string[];
  /** Parameters that are run-time inputs, which `asdict(instance)` leaves out (`[]` when none). */
  readonly runtime: readonly string[];
  /** Whether its instances remember their construction arguments. */
  readonly track: boolean;
  /** The registration's `options`: which parameter is an options object, if declared. */
  readonly options: true | string | undefined;
  /** The registration's explicit parameter names, if given. */
  readonly params: readonly string[] | undefined;
  /** The registration's `inject`: parameter name → the class or target name to autowire it with. */
  readonly inject: ReadonlyMap<string, Callable | string> | undefined;
  /** The static method's key on its class. */
  readonly key: string | undefined;
  /** The registration's `schema` validators by parameter or option key, if any. */
  readonly schema: ReadonlyMap<string, StandardSchemaV1> | undefined;
  /** Whether parameter types are inferred (`infer` at registration; default `true`). */
  readonly infer: boolean;
  /**
   * The function whose source and parameters describe the target: `fn` itself, or for a decorated
   * class, the class as written (`fn` is then the subclass that tracks its instances).
   */
  readonly source: Callable;
}

/** What a decorator knows about a registration besides the user's options. @internal */
export interface RegistrationContext {
  readonly kind?: TargetKind;
  /** The class a static method is called on. */
  readonly owner?: Callable;
  /** The static method's property key. */
  readonly key?: string;
  /** The name the decorator context gives (a class expression's binding name). */
  readonly defaultName?: string;
  /** Set by decorators: whether tracking defaults to on. */
  readonly decorated?: boolean;
  /** The class as written, when `fn` is its tracking wrapper. */
  readonly source?: Callable;
}
