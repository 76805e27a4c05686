/**
 * The training loop: mini-batch binary cross-entropy on the model's logit, an optimizer step at
 * the scheduled learning rate, and a progress line. Everything random comes from `seed`, so the
 * run is reproducible from its config alone.
 */
import type { Dataset } from './data.js';
import type { MLP } from './mlp.js';
import type { Optimizer } from './optim.js';
import { seeded } from './random.js';
import type { Schedule } from './schedule.js';
import { Progress } from './progress.js';

export interface TrainSettings {
  readonly steps: number;
  readonly batchSize: number;
  readonly seed: number;
}

export interface Metrics {
  readonly loss: number;
  readonly accuracy: number;
}

/** Mean loss and accuracy over the whole dataset. */
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

/** Trains in place; returns the full-data loss every `steps / 10` steps (the loss curve). */
export function train(
  model: MLP,
  optimizer: Optimizer,
  schedule: Schedule,
  data: Dataset,
  settings: TrainSettings,
): number[] {
  const random = seeded(settings.seed);
  const params = model.params();
  const progress = new Progress(settings.steps);
  const curve: number[] = [];
  const every = Math.max(1, Math.floor(settings.steps / 10));
  let recent = NaN; // an exponential moving average of the batch loss, for the progress line
  for (let step = 0; step < settings.steps; step++) {
    for (const p of params) p.grad.fill(0);
    let loss = 0;
    for (let b = 0; b < settings.batchSize; b++) {
      const k = Math.floor(random() * data.x.length);
      const trace = model.trace(data.x[k]!);
      const logit = trace.output[0]!;
      loss += bce(logit, data.y[k]!);
      // d(BCE)/d(logit) = sigmoid(logit) − y, averaged over the batch.
      model.backward(trace, [(1 / (1 + Math.exp(-logit)) - data.y[k]!) / settings.batchSize]);
    }
    const factor = schedule(step, settings.steps);
    optimizer.step(factor);
    loss /= settings.batchSize;
    recent = Number.isNaN(recent) ? loss : 0.9 * recent + 0.1 * loss;
    if ((step + 1) % every === 0) curve.push(evaluate(model, data).loss);
    progress.update(step + 1, `loss ${recent.toFixed(4)}  lr ${(optimizer.lr * factor).toPrecision(3)}`);
  }
  progress.finish();
  return curve;
}

/** Binary cross-entropy of a logit, computed stably: log(1 + e^z) − y z. */
function bce(logit: number, y: number): number {
  return Math.max(logit, 0) - logit * y + Math.log1p(Math.exp(-Math.abs(logit)));
}
