/**
 * The dataset: two interleaved spirals, one per class, from a seeded generator. Registered as a
 * function, so the config holds it as a called spec (`"called": true`): building the config builds
 * the data.
 */
import { configurable } from 'config-spec';
import { RunError } from './errors.js';
import { gaussian, seeded, type Random } from './random.js';

export interface Dataset {
  readonly x: readonly (readonly number[])[];
  readonly y: readonly number[];
}

export const spiral = configurable({ namespace: 'data', name: 'spiral' }, function spiral(n = 256, turns = 1, noise = 0.05, seed = 0): Dataset {
  const random = seeded(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let k = 0; k < n; k++) {
    const label = k % 2;
    const r = 0.1 + random(); // radius grows with the angle: a spiral arm
    const angle = r * turns * 2 * Math.PI + label * Math.PI; // the second arm is the first turned half way
    x.push([r * Math.cos(angle) + noise * gaussian(random), r * Math.sin(angle) + noise * gaussian(random)]);
    y.push(label);
  }
  return { x, y };
});

/** A dataset divided into the points trained on and the held-out points that measure generalisation. */
export interface Split {
  readonly train: Dataset;
  readonly validation: Dataset;
}

/** The split's settings: the held-out fraction and the seed of the shuffle that picks it. */
export interface SplitSettings {
  readonly validation: number;
  readonly seed: number;
}

/**
 * Holds out `validation` (a fraction between 0 and 1) of the points, picked by a seeded shuffle: the same
 * settings pick the same points, so a re-run or a resumed run is evaluated on the same held-out set.
 */
export function split(data: Dataset, settings: SplitSettings): Split {
  const { validation, seed } = settings;
  if (!(typeof validation === 'number' && validation > 0 && validation < 1)) {
    throw new RunError(`split.validation must be a fraction between 0 and 1, got ${JSON.stringify(validation)}`);
  }
  const order = shuffled(data.x.length, seeded(seed));
  const held = Math.round(validation * data.x.length);
  if (held === 0 || held === data.x.length) {
    throw new RunError(`split.validation=${validation} of ${data.x.length} points leaves no ${held === 0 ? 'held-out' : 'training'} point`);
  }
  const pick = (indices: number[]): Dataset => ({ x: indices.map((k) => data.x[k]!), y: indices.map((k) => data.y[k]!) });
  return { train: pick(order.slice(held)), validation: pick(order.slice(0, held)) };
}

/** 0 … n−1 in a random order (Fisher–Yates). */
export function shuffled(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  return order;
}
