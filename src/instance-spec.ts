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
    return createSpec(registry, entry.name, args, {}, true, true, path, false, true, false);
  }
  for (const name of entry.runtime) {
    if (signature?.byName.has(name) !== true) {
      throw new ConfigSpecError('INVALID_REGISTRATION', `runtime parameter "${name}" is not a parameter of ${entry.name}`, { path: formatPath(path), target: entry.name });
    }
    Reflect.deleteProperty(kwargs, name);
  }
  // The record is what the constructor was given: written as it is, values unchecked (reading checks them).
  return createSpec(registry, entry.name, [], kwargs, entry.runtime.length === 0, true, path, false, true, false);
}

// The arguments by parameter name, a destructured options object flattened into its keys; or
// `undefined` when some argument has no name to bind it by (a rest or array-pattern parameter, or
// more arguments than parameters): then all stay positional.
function keywordsOf(signature: Signature, args: readonly unknown[]): Record<string, unknown> | undefined {
  const kwargs: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const param = signature.params[i];
    const value = args[i];
    if (param === undefined || param.kind === 'rest') return undefined;
    if (param.name !== undefined) {
      if (value !== undefined) kwargs[param.name] = value;
    } else if (i === signature.optionsIndex && (value === undefined || isPlainObject(value))) {
      const options: Record<string, unknown> = value ?? {};
      for (const key of Object.keys(options)) {
        if (key === '__proto__') return undefined;
        // Keys the destructuring ignored were ignored by the constructor too.
        if (signature.optionKeys === undefined || signature.optionKeys.has(key)) kwargs[key] = options[key];
      }
    } else {
      return undefined;
    }
  }
  return kwargs;
}
