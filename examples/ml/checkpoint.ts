/**
 * A checkpoint: everything a run needs to continue where it stopped, as one JSON file.
 *
 * - `optimizer`: `asdict(optimizer)`, how the optimizer was constructed (`{"target": "optim:Adam",
 *   "lr": 0.02, …}`), and `optimizerState`, what it has learned (Adam's moments and step count);
 * - `schedule`: its position, the step it is at and the total it runs to;
 * - `dataOrder`: the seed of the order training visits its points in, and the position reached;
 * - `weights`, the learning curves so far (`history`) and the progress line's running loss.
 *
 * Numbers go through JSON exactly (a double prints as the shortest text that reads back as the same
 * double), so a resumed run computes bit for bit what an uninterrupted one does.
 */
import { asdict } from 'config-spec';
import { RunError } from './errors.js';
import type { MLP } from './mlp.js';
import type { Optimizer, OptimizerState } from './optim.js';
import type { EvalPoint, TrainSettings, TrainState } from './train.js';

export const CHECKPOINT_FORMAT = 'config-spec-demo/checkpoint@1';

export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly schedule: { readonly step: number; readonly total: number };
  readonly dataOrder: { readonly seed: number; readonly position: number };
  readonly optimizer: unknown;
  readonly optimizerState: OptimizerState;
  readonly weights: number[][];
  readonly history: readonly EvalPoint[];
  readonly recent: number | null;
}

/** The checkpoint of a run at `state`. */
export function checkpoint(model: MLP, optimizer: Optimizer, settings: TrainSettings, state: TrainState): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    schedule: { step: state.step, total: settings.steps },
    dataOrder: { seed: settings.seed, position: state.position },
    optimizer: asdict<unknown>(optimizer),
    optimizerState: optimizer.state(),
    weights: model.state(),
    history: state.history,
    recent: state.recent,
  };
}

/**
 * Checks that parsed JSON is a checkpoint of this format; throws RunError naming the first field
 * that is not (the file may be hand-edited, truncated or from another program).
 */
export function readCheckpoint(json: unknown, file: string): Checkpoint {
  const fail = (what: string): never => {
    throw new RunError(`${file}: not a checkpoint of this demo (${what})`);
  };
  if (!isRecord(json)) return fail('not a JSON object');
  if (json.format !== CHECKPOINT_FORMAT) return fail(`format is ${JSON.stringify(json.format)}, expected "${CHECKPOINT_FORMAT}"`);
  const count = (value: unknown, name: string): void => {
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0)) fail(`${name} is not a count`);
  };
  const { schedule, dataOrder, optimizer, optimizerState, weights, history, recent } = json;
  if (!isRecord(schedule)) return fail('no schedule position');
  count(schedule.step, 'schedule.step');
  count(schedule.total, 'schedule.total');
  if (!isRecord(dataOrder)) return fail('no dataOrder');
  count(dataOrder.position, 'dataOrder.position');
  if (typeof dataOrder.seed !== 'number') fail('dataOrder.seed is not a number');
  if (!isRecord(optimizer) || typeof optimizer.target !== 'string') fail('optimizer is not a spec dict');
  if (!isRecord(optimizerState)) fail('no optimizerState');
  if (!Array.isArray(weights) || !weights.every((w) => Array.isArray(w) && w.every((x) => typeof x === 'number'))) {
    fail('weights are not arrays of numbers');
  }
  if (!Array.isArray(history)) fail('history is not an array');
  if (!(recent === null || typeof recent === 'number')) fail('recent is not a number');
  return json as unknown as Checkpoint;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
