/**
 * The one error type of config-spec. Every failure caused by bad input, a bad registration or a
 * target that throws while being built is a {@link ConfigSpecError}; callers branch on `code`.
 */
import { printable } from './printable.js';

/** Every code a {@link ConfigSpecError} can carry. */
export type ErrorCode =
  | 'UNKNOWN_TARGET'
  | 'UNKNOWN_PARAMETER'
  | 'MISSING_PARAMETER'
  | 'DUPLICATE_TARGET'
  | 'INVALID_REGISTRATION'
  | 'INVALID_SPEC_DICT'
  | 'NOT_SERIALIZABLE'
  | 'INSTANTIATION_FAILED'
  | 'SIGNATURE_UNAVAILABLE'
  | 'CYCLE'
  | 'TOO_DEEP'
  | 'TARGET_NOT_ALLOWED'
  | 'INVALID_OVERRIDE'
  | 'INVALID_VALUE';

/** One problem a Standard Schema validator reported, as its `issues` list holds it. */
export interface ValueIssue {
  /** The validator's message. */
  readonly message: string;
  /** Where inside the value, as the validator gives it: keys, or objects with a `key`. */
  readonly path?: readonly (PropertyKey | {
    /** The key of this path segment. */
    readonly key: PropertyKey;
  })[] | undefined;
}

/** What a thrower knows besides the code and the sentence. */
export interface ErrorDetails {
  /** Where in the config tree the problem is (`model.layers[2].act`); `""` is the root. */
  readonly path?: string;
  /** The fully qualified target name the problem concerns, when there is one. */
  readonly target?: string;
  /** The original error. */
  readonly cause?: unknown;
  /** `INVALID_VALUE`: what the value should have been (`"number"`, `"nn:Encoder"`, `"zod schema"`). */
  readonly expected?: string;
  /** `INVALID_VALUE`: what it is (`"string"`, `"array"`, `"spec of nn:relu"`). */
  readonly received?: string;
  /** The closest valid name to a misspelt one (a target, a parameter, an override's path). */
  readonly suggestion?: string;
  /** The names that would have been valid (`UNKNOWN_PARAMETER`). */
  readonly validNames?: readonly string[];
  /** `MISSING_PARAMETER`: the required parameters left unbound. */
  readonly missing?: readonly string[];
  /** `INVALID_VALUE` from a Standard Schema validator: its issues. */
  readonly issues?: readonly ValueIssue[];
  /** For an error in config text: the line (from 1) where it is. */
  readonly line?: number;
  /** For an error in config text: the column (from 1) where it is. */
  readonly column?: number;
}

// The optional structured fields, copied as they are when an error is placed at another path.
const EXTRA_FIELDS = ['expected', 'received', 'suggestion', 'validNames', 'missing', 'issues'] as const;
type ExtraFields = Pick<ErrorDetails, (typeof EXTRA_FIELDS)[number]>;

// A registered symbol, so an error thrown by another copy of the package is still recognised.
const ERROR_BRAND = Symbol.for('config-spec.error');

/**
 * Thrown for every failure config-spec reports. `code` says what went wrong, `path` where in the
 * config tree (`""` at the root), `target` which registered target was involved and `cause` the
 * original error. The message repeats all of them so a log line alone is enough to act on.
 */
export class ConfigSpecError extends Error {
  /** What went wrong; stable, meant to be branched on. */
  readonly code: ErrorCode;
  /** Where in the config tree: identifier keys joined by `.`, indices as `[n]`; `""` is the root. */
  readonly path: string;
  /** The fully qualified target name involved, if any. */
  readonly target: string | undefined;
  /** The first sentence of the message, without the code, path, target and cause around it. */
  readonly detail: string;
  /** `INVALID_VALUE`: what the value should have been: a JSON type (`"number"`), a target name for a class type, or `"<vendor> schema"`. */
  declare readonly expected?: string;
  /** `INVALID_VALUE`: what the value is: a JSON type (`"string"`), or `"spec of <target>"`. */
  declare readonly received?: string;
  /** `UNKNOWN_TARGET`, `UNKNOWN_PARAMETER`, `INVALID_OVERRIDE`: the closest valid name or path, when one is close. */
  declare readonly suggestion?: string;
  /** `UNKNOWN_PARAMETER`: every keyword the target takes. */
  declare readonly validNames?: readonly string[];
  /** `MISSING_PARAMETER`: the required parameters left unbound. */
  declare readonly missing?: readonly string[];
  /** `INVALID_VALUE` from a Standard Schema validator: its issues, as it reported them. */
  declare readonly issues?: readonly ValueIssue[];
  /** For an error in config text (`parseConfigText`): the line, counted from 1. */
  readonly line: number | undefined;
  /** For an error in config text (`parseConfigText`): the column, counted from 1. */
  readonly column: number | undefined;

  /**
   * An error with its message built from every part: `CODE at path (target): detail; cause: …`.
   * Thrown by the library; construct one yourself only to report a problem the same way.
   * @param code what went wrong
   * @param detail one sentence about the problem; the code, path, target and cause are added to it
   * @param details path, target and cause
   */
  constructor(code: ErrorCode, detail: string, details: ErrorDetails = {}) {
    const path = details.path ?? '';
    const where = path === '' ? 'at the root' : `at ${path}`;
    const target = details.target === undefined ? '' : ` (${details.target})`;
    const because = details.cause === undefined ? '' : `; cause: ${causeMessage(details.cause)}`;
    // Messages quote strings from config files, which may hold terminal escapes: printed as escapes.
    super(printable(`${code} ${where}${target}: ${detail}${because}`), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.path = path;
    this.target = details.target;
    this.detail = printable(detail);
    this.line = details.line;
    this.column = details.column;
    // Only the fields given become own properties: an error without them looks as it always did.
    for (const field of EXTRA_FIELDS) {
      const value = details[field];
      if (value !== undefined) (this as Record<string, unknown>)[field] = value;
    }
  }

  /** Recognises errors from any copy of the package, not only this class. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ERROR_BRAND] === true;
  }
}

Object.defineProperty(ConfigSpecError.prototype, ERROR_BRAND, { value: true });
Object.defineProperty(ConfigSpecError.prototype, 'name', { value: 'ConfigSpecError', writable: true, configurable: true });

/**
 * The same error at another path: for errors raised where the path is not known (a registry lookup,
 * a signature) and reported by a caller that knows it. Errors already carrying a path are kept.
 * @internal
 */
export function atPath(error: unknown, path: string, target?: string): unknown {
  if (!(error instanceof ConfigSpecError) || error.path !== '' || path === '') return error;
  return new ConfigSpecError(error.code, error.detail, { ...extraFields(error), path, target: error.target ?? target, cause: error.cause, line: error.line, column: error.column });
}

/**
 * The optional structured fields of `error` (`expected`, `received`, `suggestion`, …), for code that
 * makes the same error again at another path.
 * @internal
 */
export function extraFields(error: ConfigSpecError): ExtraFields {
  const out: Record<string, unknown> = {};
  for (const field of EXTRA_FIELDS) if (error[field] !== undefined) out[field] = error[field];
  return out;
}

/**
 * True when `value` is a {@link ConfigSpecError} from any copy of the package; narrows `value`.
 * With `code`, also checks the code.
 */
export function isConfigSpecError(value: unknown, code?: ErrorCode): value is ConfigSpecError {
  return value instanceof ConfigSpecError && (code === undefined || value.code === code);
}

function causeMessage(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  try {
    return String(cause);
  } catch {
    return Object.prototype.toString.call(cause);
  }
}

/**
 * Runs `read`, which reads what a caller passed (options, keyword arguments, a function's `name`),
 * so that only `ConfigSpecError`s leave an entry point: anything else it throws — a throwing getter,
 * a throwing or revoked Proxy — becomes `code`, saying what was being read, with the thrown value as
 * `cause`. The tree walkers guard their walks the same way (`guardWalk`); this guards the arguments.
 * @internal
 */
export function guardInput<T>(code: ErrorCode, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw guardedError(code, what, error);
  }
}

/**
 * What {@link guardInput} throws for `error`, thrown while reading `what`: a `ConfigSpecError` as
 * it is, anything else as `code` with `error` as its cause. For entry points that guard with their
 * own `try` (no closure per call: registering many classes runs them cold, issue 10).
 * @internal
 */
export function guardedError(code: ErrorCode, what: string, error: unknown): ConfigSpecError {
  return error instanceof ConfigSpecError ? error : new ConfigSpecError(code, `reading ${what} threw`, { cause: error });
}
