/**
 * Learning-rate schedules: functions `(step, total, ...settings) → factor` on the optimizer's lr.
 * A config binds the settings by keyword (`{"target": "schedule:cosine", "warmup": 20}`), which
 * builds a partial function; training calls it with the two still-unbound positions, step and total.
 */
import { configurable } from 'config-spec';

export type Schedule = (step: number, total: number) => number;

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- every schedule takes (step, total)
export function constant(step: number, total: number): number {
  return 1;
}

/** Linear warmup, then a cosine from 1 down to `floor`. */
export function cosine(step: number, total: number, warmup = 0, floor = 0.1): number {
  if (step < warmup) return (step + 1) / warmup;
  const progress = (step - warmup) / Math.max(1, total - warmup);
  return floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/** Multiply by `gamma` every `every` steps. */
export function stepDecay(step: number, total: number, every = 100, gamma = 0.5): number {
  return gamma ** Math.floor(step / every);
}

// step and total are run-time inputs, not settings: a config never holds them. The names are the
// object's keys, which a bundler keeps, not the functions' names, which it may change.
for (const [name, fn] of Object.entries({ constant, cosine, stepDecay })) {
  configurable({ namespace: 'schedule', name, runtime: ['step', 'total'] }, fn);
}
