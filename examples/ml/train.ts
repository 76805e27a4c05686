/**
 * The training loop: mini-batch binary cross-entropy on the model's logit, an optimizer step at
 * the scheduled learning rate, an evaluation on the training and the held-out points every
 * `evalEvery` steps, and a progress line.
 *
 * Everything random comes from seeds, and everything that changes while training is in `TrainState`
 * (with the weights and the optimizer's state), so a run stopped at step 200 and resumed from its
 * checkpoint computes exactly what an uninterrupted run does: the data order is a function of
 * (seed, position) rather than a generator's hidden state, and the schedule is a function of
 * (step, total).
 */
import { shuffled, type Dataset, type Split } from './data.js';
import { RunError } from './errors.js';
import type { MLP } from './mlp.js';
import type { Optimizer } from './optim.js';
import { Progress } from './progress.js';
import { seeded } from './random.js';
import type { Schedule } from './schedule.js';

export interface TrainSettings {
  /** The run's length: the schedule's `total`. */
  readonly steps: number;
  readonly batchSize: number;
  /** The seed of the order the training points are visited in. */
  readonly seed: number;
  /** Evaluate on both sets every this many steps (and at the last step). */
  readonly evalEvery: number;
}

export interface Metrics {
  readonly loss: number;
  readonly accuracy: number;
}

/** One point of the learning curves. */
export interface EvalPoint {
  readonly step: number;
  readonly train: Metrics;
  readonly validation: Metrics;
}

/** Where training stands: what a checkpoint holds besides the weights and the optimizer's state. */
export interface TrainState {
  /** Steps done: the schedule's position. */
  readonly step: number;
  /** Training examples drawn so far: the position in the data order. */
  readonly position: number;
  readonly history: readonly EvalPoint[];
  /** The progress line's moving average of the batch loss (null before the first step). */
  readonly recent: number | null;
}

export const START: TrainState = { step: 0, position: 0, history: [], recent: null };

/** Mean loss and accuracy over a dataset. */
export function evaluate(model: MLP, data: Dataset): Metrics {
  let loss = 0;
  let correct = 0;
  data.x.forEach((x, k) => {
    const logit = model.predict(x)[0]!;
    const y = data.y[k]!;
    loss += bce(logit, y);
    if ((logit > 0 ? 1 : 0) === y) correct += 1;
  });
  return { loss: loss / data.x.length, accuracy: correct / data.x.length };
}

/**
 * The order training visits its points in: epoch after epoch, each a fresh seeded permutation. The
 * example at any position follows from (seed, position) alone, which is what makes resuming exact.
 */
export class DataOrder {
  #epoch = -1;
  #permutation: number[] = [];
  constructor(
    readonly size: number,
    readonly seed: number,
  ) {}

  /** The index of the example drawn at `position` (0, 1, 2, … over the whole run). */
  at(position: number): number {
    const epoch = Math.floor(position / this.size);
    if (epoch !== this.#epoch) {
      // A different stream per epoch: mulberry32 seeds that differ by a multiple of its increment
      // would give overlapping streams, which an odd multiplier makes practically impossible.
      this.#permutation = shuffled(this.size, seeded((Math.imul(epoch + 1, 0x9e3779b1) ^ this.seed) >>> 0));
      this.#epoch = epoch;
    }
    return this.#permutation[position % this.size]!;
  }
}

export interface TrainOptions {
  readonly model: MLP;
  readonly optimizer: Optimizer;
  readonly schedule: Schedule;
  readonly data: Split;
  readonly settings: TrainSettings;
  /** Where to start: START, or a checkpoint's state. */
  readonly state: TrainState;
  /** Stop after this step even if the run is longer (an interruption; resume continues it). */
  readonly stopAt?: number | undefined;
  /** Where the progress line goes; undefined for none. */
  readonly progress?: NodeJS.WriteStream | undefined;
  /** Stops training after the current step when aborted (Ctrl-C): the state so far is returned. */
  readonly signal?: AbortSignal | undefined;
}

// How often training yields to the event loop, so a signal handler (Ctrl-C) gets to run.
const YIELD_MS = 50;

/**
 * Trains the model in place from `state` and resolves to the new state: at `settings.steps`, at
 * `stopAt`, or after the step during which `signal` was aborted.
 */
export async function train(options: TrainOptions): Promise<TrainState> {
  const { model, optimizer, schedule, data, settings } = options;
  const { steps, batchSize, evalEvery } = settings;
  const order = new DataOrder(data.train.x.length, settings.seed);
  const params = model.params();
  const history = [...options.state.history];
  let { step, position, recent } = options.state;
  const point = (): EvalPoint => ({ step, train: evaluate(model, data.train), validation: evaluate(model, data.validation) });
  if (history.length === 0) history.push(point()); // the curves start from the untrained model
  const end = Math.min(steps, options.stopAt ?? steps);
  const progress = options.progress === undefined ? undefined : new Progress(steps, options.progress, step);
  let yielded = performance.now();
  while (step < end) {
    if (performance.now() - yielded > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      yielded = performance.now();
    }
    if (options.signal?.aborted === true) break;
    for (const p of params) p.grad.fill(0);
    let loss = 0;
    for (let b = 0; b < batchSize; b++) {
      const k = order.at(position++);
      const trace = model.trace(data.train.x[k]!);
      const logit = trace.output[0]!;
      const y = data.train.y[k]!;
      loss += bce(logit, y);
      // d(BCE)/d(logit) = sigmoid(logit) − y, averaged over the batch.
      model.backward(trace, [(1 / (1 + Math.exp(-logit)) - y) / batchSize]);
    }
    loss /= batchSize;
    // A diverged run would write NaN weights, which JSON cannot even hold: stop and say why.
    if (!Number.isFinite(loss)) throw new RunError(`training diverged at step ${step + 1} (loss ${loss}); try a lower optimizer.lr`);
    const factor = schedule(step, steps);
    optimizer.step(factor);
    step += 1;
    recent = recent === null ? loss : 0.9 * recent + 0.1 * loss;
    if (step % evalEvery === 0 || step === steps) history.push(point());
    progress?.update(step, `loss ${recent.toFixed(4)}  lr ${(optimizer.lr * factor).toPrecision(3)}`);
  }
  progress?.finish();
  return { step, position, history, recent };
}

/** Binary cross-entropy of a logit, computed stably: log(1 + e^z) − y z. */
function bce(logit: number, y: number): number {
  return Math.max(logit, 0) - logit * y + Math.log1p(Math.exp(-Math.abs(logit)));
}
