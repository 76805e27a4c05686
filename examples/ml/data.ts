/**
 * The dataset: two interleaved spirals, one per class, from a seeded generator. Registered as a
 * function, so the config holds it as a called spec (`"called": true`): building the config builds
 * the data.
 */
import { configurable } from 'config-spec';
import { gaussian, seeded } from './random.js';

export interface Dataset {
  readonly x: readonly (readonly number[])[];
  readonly y: readonly number[];
}

export const spiral = configurable('data', function spiral(n = 256, turns = 1, noise = 0.05, seed = 0): Dataset {
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
