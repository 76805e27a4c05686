/**
 * A mistake in a run's settings or saved files (a split fraction out of range, a checkpoint that does
 * not fit the model): the demo prints its message on one line and exits 2, as for a bad override.
 */
export class RunError extends Error {
  override readonly name = 'RunError';
}
