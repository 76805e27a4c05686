/**
 * A tracked instance → the called spec that rebuilds it: its construction arguments bound by
 * parameter name, runtime parameters left out (which makes the spec a partial to call with them).
 */
import { signatureFor } from './binding.js';
import { ConfigSpecError } from './errors.js';
import { formatPath, type PathNode } from './path.js';
import type { RegisteredTarget, Registry } from './registry.js';
import type { Signature } from './signature.js';
import { createSpec, type Spec } from './spec.js';
import { trackedRecord } from './tracking.js';
import { isPlainObject } from './tree.js';

/**
 * The spec that rebuilds a tracked instance, or `undefined` for any other value.
 * @throws ConfigSpecError `NOT_SERIALIZABLE` when runtime parameters cannot be left out (arguments
 *   that can only be passed by position), `INVALID_REGISTRATION` for a runtime name that is no parameter
 */
export function specOfInstance(value: object, path: PathNode | undefined): Spec<unknown, boolean> | undefined {
  const record = trackedRecord<Registry, RegisteredTarget>(value);
  if (record === undefined) return undefined;
  const { registry, entry } = record.tracker;
  const args = record.args;
  const signature = signatureFor(registry, entry, false, path);
  const kwargs = signature === undefined ? undefined : keywordsOf(signature, args);
  if (kwargs === undefined) {
    if (entry.runtime.length > 0) {
      throw new ConfigSpecError('NOT_SERIALIZABLE', `${entry.name} was constructed with arguments that can only be passed by position, so its runtime parameters (${entry.runtime.join(', ')}) cannot be left out`, { path: formatPath(path), target: entry.name });
    }
    return createSpec({ registry, target: entry.name, args, kwargs: {}, called: true, recursive: true, path, checkValues: false });
  }
  for (const name of entry.runtime) {
    if (signature?.byName.has(name) !== true) {
      throw new ConfigSpecError('INVALID_REGISTRATION', `runtime parameter "${name}" is not a parameter of ${entry.name}`, { path: formatPath(path), target: entry.name });
    }
    Reflect.deleteProperty(kwargs, name);
  }
  // The record is what the constructor was given: written as it is, values unchecked (reading checks them).
  return createSpec({ registry, target: entry.name, args: [], kwargs, called: entry.runtime.length === 0, recursive: true, path, checkValues: false });
}

// The arguments by parameter name; the options object's keys written flat whenever they can be
// (so a build whose parameter names come from explicit `params` writes the same dict as one that reads
// them from source); or `undefined` when some argument has no name to bind it by (a rest or
// array-pattern parameter, or more arguments than parameters): then all stay positional.
function keywordsOf(signature: Signature, args: readonly unknown[]): Record<string, unknown> | undefined {
  const kwargs: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const param = signature.params[i];
    const value = args[i];
    if (param === undefined || param.kind === 'rest') return undefined;
    if (i === signature.optionsIndex && (value === undefined || isPlainObject(value))) {
      const flat = flatOptions(signature, value ?? {}, param.name === undefined);
      if (flat !== undefined) Object.assign(kwargs, flat);
      else if (param.name !== undefined) kwargs[param.name] = value;
      else return undefined;
    } else if (param.name !== undefined) {
      if (value !== undefined) kwargs[param.name] = value;
    } else {
      return undefined;
    }
  }
  return kwargs;
}

// An options object's keys as flat keywords, or `undefined` when a key cannot be written flat: it
// names a parameter (a flat keyword would bind that instead), or it is not among the declared keys
// of a named options object (whose constructor may still read it; the object is then written whole,
// under the parameter's name). A destructuring pattern ignored undeclared keys, and so does its dict.
function flatOptions(signature: Signature, options: Record<string, unknown>, destructured: boolean): Record<string, unknown> | undefined {
  const flat: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    if (key === '__proto__' || signature.byName.has(key)) return undefined;
    if (signature.optionKeys !== undefined && !signature.optionKeys.has(key)) {
      if (destructured) continue;
      return undefined;
    }
    flat[key] = options[key];
  }
  return flat;
}
