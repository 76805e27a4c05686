/** Which TypeScript decorator mode this copy of the tests was compiled in. */
let seen: unknown[] = [];
function probe(...args: unknown[]): void {
  seen = args;
}
@probe
class Probe {}
void Probe;

/** `'legacy'` for experimentalDecorators, `'standard'` for TC39 decorators. */
export const decoratorMode: 'legacy' | 'standard' = seen.length >= 2 ? 'standard' : 'legacy';
