/**
 * Lets a test pass what the types forbid, as untyped JavaScript callers can.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a cast is its whole job
export function loose<T>(value: unknown): T {
  return value as T;
}
