/** Target names: `"<namespace>:<name>"` or `"<name>"`, their grammar and the `allow` lists. */

const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
const NAMESPACE = /^[A-Za-z0-9_$@/-]+(\.[A-Za-z0-9_$@/-]+)*$/;

/** True when `name` is identifiers joined by `.`. */
export function isValidName(name: string): boolean {
  return NAME.test(name);
}

/** True when `namespace` is segments of identifier characters, `/`, `-` and `@`, joined by `.`. */
export function isValidNamespace(namespace: string): boolean {
  return NAMESPACE.test(namespace);
}

/** Joins a namespace and a name into a target name. */
export function targetName(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}:${name}`;
}

/** The namespace part of a target name (`""` when it has none). */
export function namespaceOf(target: string): string {
  const colon = target.indexOf(':');
  return colon < 0 ? '' : target.slice(0, colon);
}

/** True when `target` has the target-name grammar. */
export function isValidTargetName(target: string): boolean {
  const colon = target.indexOf(':');
  if (colon < 0) return isValidName(target);
  return isValidNamespace(target.slice(0, colon)) && isValidName(target.slice(colon + 1));
}

/**
 * True when the `allow` list admits `target` (a canonical name): an entry with `:` admits exactly
 * that target; any other entry `p` admits namespace `p` and every namespace below it (`p.x`).
 */
export function isAllowed(target: string, allow: readonly string[]): boolean {
  const namespace = namespaceOf(target);
  for (const entry of allow) {
    if (entry.includes(':')) {
      if (entry === target) return true;
    } else if (namespace === entry || namespace.startsWith(`${entry}.`)) {
      return true;
    }
  }
  return false;
}

/**
 * True for an array holding a string at every index. A hole counts as a missing string (`every`
 * and `map` skip holes, so `[, 'ns']` would pass a check made with them and fail later).
 */
export function isStringList(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  // for-of, not every(): the iterator yields a hole as undefined.
  for (const item of value as unknown[]) if (typeof item !== 'string') return false;
  return true;
}
