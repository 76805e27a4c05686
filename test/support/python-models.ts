/**
 * TypeScript twins of test/fixtures/python-configs/models.py (Python module `models`), registered in
 * their own registry under the Python names (`models:create_model`), so the Python-written configs
 * resolve as they are. Each `describe()` returns what the Python one returns, for the same calls.
 */
import { Registry } from '../../src/index.js';

export const pythonModels = new Registry();

type Fn = (...args: never[]) => unknown;

// Python's _fmt: non-finite floats as their repr.
function fmt(value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
}

export class Adam {
  constructor(readonly params: unknown, readonly lr = 1e-3, readonly betas: number[] = [0.9, 0.999], readonly eps = 1e-8, readonly weight_decay = 0) {}
  describe(): unknown {
    return { type: 'Adam', params: this.params, lr: this.lr, betas: [...this.betas], eps: this.eps, weight_decay: this.weight_decay };
  }
}

export function relu(x: number): number {
  return Math.max(0, x);
}

export function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
}

export class Encoder {
  constructor(readonly features: number[] = [32, 64], readonly activation: Fn = relu) {}
  describe(): unknown {
    return { type: 'Encoder', features: [...this.features], activation: this.activation.name };
  }
}

export class Model {
  constructor(readonly num_layers: number, readonly hidden_dim: number, readonly activation: Fn, readonly dropout: number, readonly encoder: Encoder | null) {}
  describe(): unknown {
    return { type: 'Model', num_layers: this.num_layers, hidden_dim: this.hidden_dim, activation: this.activation.name, dropout: this.dropout, encoder: this.encoder === null ? null : this.encoder.describe() };
  }
}

export function create_model(num_layers: number, hidden_dim = 128, activation: Fn = relu, dropout = 0, encoder: Encoder | null = null): Model {
  return new Model(num_layers, hidden_dim, activation, dropout, encoder);
}

export class Schedule {
  constructor(readonly kind: string, readonly params: Record<string, unknown>) {}
  describe(): unknown {
    const out: Record<string, unknown> = { type: 'Schedule', kind: this.kind };
    for (const [key, value] of Object.entries(this.params)) {
      out[key] = Array.isArray(value) ? value.map((x: unknown) => (x instanceof Schedule ? x.describe() : x)) : value;
    }
    return out;
  }
}

export function linear_schedule(init_value: number, end_value: number, transition_steps: number): Schedule {
  return new Schedule('linear', { init_value, end_value, transition_steps });
}

export function cosine_schedule(init_value: number, decay_steps: number, alpha = 0): Schedule {
  return new Schedule('cosine', { init_value, decay_steps, alpha });
}

export function join_schedules(schedules: Schedule[], boundaries: number[]): Schedule {
  return new Schedule('join', { schedules: [...schedules], boundaries: [...boundaries] });
}

/** Python's `**kwargs`: a trailing options object. */
export class Dataset {
  constructor(readonly name: string, readonly split = 'train', readonly kwargs: Record<string, unknown> = {}) {}
  describe(): unknown {
    return { type: 'Dataset', name: this.name, split: this.split, kwargs: this.kwargs };
  }
}

/** One options dict, passed by name. */
export class DataLoader {
  readonly options: Record<string, unknown>;
  constructor(readonly dataset: unknown, options: Record<string, unknown> | null = null) {
    this.options = { ...(options ?? {}) };
  }
  describe(): unknown {
    return { type: 'DataLoader', dataset: this.dataset, options: this.options };
  }
}

export function bridge_transform(traj: unknown): unknown {
  return { standardized_by: 'bridge_transform', traj };
}

export function aloha_transform(traj: unknown): unknown {
  return { standardized_by: 'aloha_transform', traj };
}

export function has_language(traj: Record<string, unknown>, language_key = 'language_instruction'): boolean {
  return Object.hasOwn(traj, language_key);
}

export function make_op(target: unknown, args: unknown[] = [], kwargs: Record<string, unknown> | null = null, scale = 1.0): unknown {
  return { type: 'op', target, args: [...args], kwargs: { ...(kwargs ?? {}) }, scale };
}

export class Trainer {
  constructor(readonly max_grad_norm = Infinity, readonly loss_scale = 1.0, readonly clip_range: number[] = [-1, 1], readonly patience: number | null = null) {}
  describe(): unknown {
    return { type: 'Trainer', max_grad_norm: fmt(this.max_grad_norm), loss_scale: fmt(this.loss_scale), clip_range: this.clip_range.map(fmt), patience: fmt(this.patience) };
  }
}

export class Head {
  constructor(readonly encoder_spec: unknown, readonly out_dim = 7) {}
}

for (const target of [Adam, relu, gelu, Encoder, create_model, linear_schedule, cosine_schedule, join_schedules, bridge_transform, aloha_transform, has_language, make_op, Trainer, Head]) {
  pythonModels.register(target, { namespace: 'models' });
}
pythonModels.register(Dataset, { namespace: 'models', options: true });
pythonModels.register(DataLoader, { namespace: 'models' });

const PARAMS = ['w1', 'w2'];
const TRAJ = { language_instruction: 'pick up the cup', obs: [1, 2] };

interface Described {
  describe(): unknown;
}
type Built = Record<string, unknown>;

/** models.py's describe_built (make_training.py): the built training config as JSON data. */
export function describeBuilt(built: Built): unknown {
  const call = (fn: unknown, ...args: unknown[]): unknown => (fn as (...a: unknown[]) => unknown)(...args);
  return {
    optimizer: (call(built.optimizer, PARAMS) as Described).describe(),
    lr_schedule: (built.lr_schedule as Described).describe(),
    model: (built.model as Described).describe(),
    datasets: (built.datasets as Built[]).map((d) => ({
      name: d.name,
      weight: d.weight,
      transform: call(d.transform, TRAJ),
      filter: d.filter === null ? null : call(d.filter, TRAJ),
    })),
    dataset: (built.dataset as Described).describe(),
    loader: (call(built.loader, 'the-dataset') as Described).describe(),
    trainer: (built.trainer as Described).describe(),
    op: built.op,
    steps: built.steps,
  };
}

/** make_training.py's Octo description: the top-level partials only. */
export function describeOctoBuilt(built: Built): unknown {
  const call = (fn: unknown, ...args: unknown[]): unknown => (fn as (...a: unknown[]) => unknown)(...args);
  return {
    optimizer: (call(built.optimizer, PARAMS) as Described).describe(),
    datasets: (built.datasets as Built[]).map((d) => ({ transform: call(d.transform, TRAJ), filter: d.filter === null ? null : call(d.filter, TRAJ) })),
    loader: (call(built.loader, 'the-dataset') as Described).describe(),
    schedule: (call(built.schedule) as Described).describe(),
  };
}
