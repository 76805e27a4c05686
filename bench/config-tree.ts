/**
 * The benchmark config: a large training config of about 10,000 JSON nodes (a transformer with many
 * blocks, each with attention, MLP layers, an activation and norms; an optimizer with a schedule and
 * parameter groups; data pipelines; callbacks; metadata), as a tree of Specs, as its dense dict, and
 * as the hand-written code that builds the same object graph from that dict by calling the same
 * constructors. Numbers, strings, booleans, lists of numbers, nested plain dicts, lists of specs and
 * shared specs (written as `{"__ref__": …}`) all occur.
 *
 * The classes are decorated with `@configurable()`, so instances are tracked. This module compiles
 * under both decorator modes (tsconfig.bench.json: TC39; tsconfig.bench-legacy.json: legacy).
 * BENCH_BLOCKS sets the number of transformer blocks (default 138: about 10,000 nodes).
 */
import { configurable, Spec } from '../src/index.js';
import { positive } from './measure.js';

export const BLOCKS = Math.round(positive(process.env.BENCH_BLOCKS, 138));

@configurable('nn')
export class Linear {
  constructor(readonly inFeatures: number, readonly outFeatures: number, readonly bias = true, readonly init = 'xavier') {}
}

@configurable('nn')
export class LayerNorm {
  constructor(readonly dim: number, readonly eps = 1e-5, readonly affine = true) {}
}

@configurable('nn')
export class Rope {
  constructor(readonly dim: number, readonly theta = 10000) {}
}

@configurable('nn')
export class Attention {
  constructor(readonly dim: number, readonly heads: number, readonly dropout: number, readonly qkv: Linear, readonly out: Linear, readonly rope: Rope) {}
}

export type Activation = (x: number) => number;

export function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(0.7978845608 * (x + 0.044715 * x * x * x)));
}
configurable('nn', gelu);

export function silu(x: number): number {
  return x / (1 + Math.exp(-x));
}
configurable('nn', silu);

@configurable('nn')
export class MLP {
  constructor(readonly layers: Linear[], readonly activation: Activation, readonly dropout = 0) {}
}

export interface BlockInit {
  std: number;
  mode: string;
}

@configurable('nn')
export class Block {
  constructor(
    readonly attn: Attention,
    readonly mlp: MLP,
    readonly norms: LayerNorm[],
    readonly name: string,
    readonly residualScale: number,
    readonly tags: string[],
    readonly init: BlockInit,
  ) {}
}

@configurable('models')
export class Transformer {
  constructor(readonly vocab: number, readonly dim: number, readonly embed: Linear, readonly blocks: Block[], readonly finalNorm: LayerNorm, readonly head: Linear, readonly tieWeights = false) {}
}

@configurable('optim')
export class WarmupCosine {
  constructor(readonly warmup: number, readonly total: number, readonly peak: number, readonly floor = 0) {}
}

export interface ParamGroup {
  pattern: string;
  weightDecay: number;
  lrScale: number;
}

@configurable('optim')
export class AdamW {
  constructor(readonly lr: number, readonly betas: number[], readonly weightDecay: number, readonly schedule: WarmupCosine, readonly groups: ParamGroup[]) {}
}

@configurable('data')
export class Dataset {
  constructor(readonly path: string, readonly split: string, readonly shuffle: boolean, readonly seed: number) {}
}

@configurable('data')
export class Tokenize {
  constructor(readonly vocab: number, readonly maxLen: number, readonly lowercase = false) {}
}

@configurable('data')
export class RandomCrop {
  constructor(readonly size: number, readonly padding = 0) {}
}

@configurable('data')
export class Normalize {
  constructor(readonly mean: number[], readonly std: number[]) {}
}

@configurable('data')
export class Pipeline {
  constructor(
    readonly source: Dataset,
    readonly tokenize: Tokenize,
    readonly crop: RandomCrop,
    readonly normalize: Normalize,
    readonly batchSize: number,
    readonly workers: number,
    readonly weight: number,
  ) {}
}

@configurable('train')
export class Checkpoint {
  constructor(readonly dir: string, readonly every: number, readonly keep: number) {}
}

@configurable('train')
export class Logger {
  constructor(readonly every: number, readonly keys: string[], readonly backend: string) {}
}

export interface Meta {
  owner: string;
  tags: string[];
  hardware: { accelerator: string; count: number; precision: string };
  notes: Record<string, string>;
}

@configurable('train')
export class Experiment {
  constructor(
    readonly name: string,
    readonly seed: number,
    readonly model: Transformer,
    readonly optimizer: AdamW,
    readonly data: Pipeline[],
    readonly checkpoint: Checkpoint,
    readonly logger: Logger,
    readonly lrSchedule: WarmupCosine,
    readonly meta: Meta,
  ) {}
}

const DIM = 768;
const PIPELINES = 8;

function called<R>(target: abstract new (...args: never) => R, kwargs: Record<string, unknown>): Spec<R, true> {
  return new Spec(target, kwargs, { called: true });
}

function linear(inFeatures: number, outFeatures: number, bias: boolean): Spec<Linear, true> {
  // Keywords in parameter order, and defaults left out, as asdict writes a tracked instance.
  return called(Linear, bias ? { inFeatures, outFeatures } : { inFeatures, outFeatures, bias });
}

function block(i: number): Spec<Block, true> {
  return called(Block, {
    attn: called(Attention, {
      dim: DIM,
      heads: 12,
      dropout: 0.1 + i / 10000,
      qkv: linear(DIM, 3 * DIM, false),
      out: linear(DIM, DIM, true),
      rope: called(Rope, { dim: 64 }),
    }),
    mlp: called(MLP, {
      layers: [linear(DIM, 4 * DIM, true), linear(4 * DIM, DIM, true)],
      activation: new Spec(i % 3 === 2 ? silu : gelu),
      dropout: 0.05,
    }),
    norms: [called(LayerNorm, { dim: DIM }), called(LayerNorm, { dim: DIM, eps: 1e-6 })],
    name: `block_${String(i)}`,
    residualScale: 1 / Math.sqrt(2 * (i + 1)),
    tags: [`stage${String(i % 4)}`, i % 2 === 0 ? 'even' : 'odd'],
    init: { std: 0.02 / Math.sqrt(i + 1), mode: i % 2 === 0 ? 'fan_in' : 'fan_out' },
  });
}

/** The config as a tree of Specs (shared specs are the same Spec object). */
export function specTree(blocks = BLOCKS): Spec<Experiment, true> {
  const schedule = called(WarmupCosine, { warmup: 2000, total: 200000, peak: 3e-4, floor: 1e-6 });
  const tokenize = called(Tokenize, { vocab: 32000, maxLen: 2048 });
  const data = Array.from({ length: PIPELINES }, (_, i) =>
    called(Pipeline, {
      source: called(Dataset, { path: `/data/shard-${String(i)}`, split: i === 0 ? 'validation' : 'train', shuffle: i !== 0, seed: 1000 + i }),
      tokenize,
      crop: called(RandomCrop, { size: 224, padding: 4 }),
      normalize: called(Normalize, { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }),
      batchSize: 256,
      workers: 8,
      weight: 1 / (i + 1),
    }),
  );
  return called(Experiment, {
    name: 'bench-experiment',
    seed: 42,
    model: called(Transformer, {
      vocab: 32000,
      dim: DIM,
      embed: linear(32000, DIM, false),
      blocks: Array.from({ length: blocks }, (_, i) => block(i)),
      finalNorm: called(LayerNorm, { dim: DIM }),
      head: linear(DIM, 32000, false),
      tieWeights: true,
    }),
    optimizer: called(AdamW, {
      lr: 3e-4,
      betas: [0.9, 0.95],
      weightDecay: 0.1,
      schedule,
      groups: ['norm', 'bias', 'embed', 'head'].map((pattern, i) => ({ pattern, weightDecay: i < 2 ? 0 : 0.1, lrScale: 1 - i / 10 })),
    }),
    data,
    checkpoint: called(Checkpoint, { dir: '/checkpoints/bench', every: 5000, keep: 3 }),
    logger: called(Logger, { every: 100, keys: ['loss', 'lr', 'grad_norm', 'tokens_per_second'], backend: 'jsonl' }),
    lrSchedule: schedule,
    meta: {
      owner: 'bench',
      tags: ['large', 'synthetic'],
      hardware: { accelerator: 'gpu', count: 8, precision: 'bf16' },
      notes: { purpose: 'benchmark', created: '2024-01-01' },
    },
  });
}

/** How many JSON values (objects, arrays, primitives) a JSON tree holds. */
export function countNodes(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 1;
  let n = 1;
  for (const item of Object.values(value)) n += countNodes(item);
  return n;
}

// The dense dict's shapes, as the hand-written code below reads them.
interface LinearDict { inFeatures: number; outFeatures: number; bias?: boolean; init?: string }
interface LayerNormDict { dim: number; eps?: number; affine?: boolean }
interface AttentionDict { dim: number; heads: number; dropout: number; qkv: LinearDict; out: LinearDict; rope: { dim: number; theta?: number } }
interface MLPDict { layers: LinearDict[]; activation: { target: string }; dropout?: number }
interface BlockDict { attn: AttentionDict; mlp: MLPDict; norms: LayerNormDict[]; name: string; residualScale: number; tags: string[]; init: BlockInit }
interface TransformerDict { vocab: number; dim: number; embed: LinearDict; blocks: BlockDict[]; finalNorm: LayerNormDict; head: LinearDict; tieWeights?: boolean }
interface ScheduleDict { warmup: number; total: number; peak: number; floor?: number }
interface PipelineDict {
  source: { path: string; split: string; shuffle: boolean; seed: number };
  tokenize: { vocab: number; maxLen: number; lowercase?: boolean };
  crop: { size: number; padding?: number };
  normalize: { mean: number[]; std: number[] };
  batchSize: number;
  workers: number;
  weight: number;
}
/** The dense dict of {@link specTree} (after JSON.parse), as the hand-written construction reads it. */
export interface ExperimentDict {
  name: string;
  seed: number;
  model: TransformerDict;
  optimizer: { lr: number; betas: number[]; weightDecay: number; schedule: ScheduleDict; groups: ParamGroup[] };
  data: PipelineDict[];
  checkpoint: { dir: string; every: number; keep: number };
  logger: { every: number; keys: string[]; backend: string };
  lrSchedule: { __ref__: string };
  meta: Meta;
}

const ACTIVATIONS: Readonly<Record<string, Activation>> = { 'nn:gelu': gelu, 'nn:silu': silu };

function buildLinear(d: LinearDict): Linear {
  return new Linear(d.inFeatures, d.outFeatures, d.bias, d.init);
}

function buildNorm(d: LayerNormDict): LayerNorm {
  return new LayerNorm(d.dim, d.eps, d.affine);
}

function buildBlock(d: BlockDict): Block {
  const a = d.attn;
  const attn = new Attention(a.dim, a.heads, a.dropout, buildLinear(a.qkv), buildLinear(a.out), new Rope(a.rope.dim, a.rope.theta));
  const m = d.mlp;
  const activation = ACTIVATIONS[m.activation.target];
  if (activation === undefined) throw new Error(`unknown activation ${m.activation.target}`);
  const mlp = new MLP(m.layers.map(buildLinear), activation, m.dropout);
  return new Block(attn, mlp, d.norms.map(buildNorm), d.name, d.residualScale, d.tags, d.init);
}

/**
 * The baseline of `Spec.instantiateFromDict`: builds the same object graph from the parsed dense dict
 * by hand, calling the same (tracked) constructors with the same arguments and sharing what the dict
 * shares. Plain lists and dicts are passed as parsed, not copied (instantiate copies them, as it never
 * hands out parts of its input): the strictest baseline.
 */
export function buildByHand(d: ExperimentDict): Experiment {
  const m = d.model;
  const model = new Transformer(m.vocab, m.dim, buildLinear(m.embed), m.blocks.map(buildBlock), buildNorm(m.finalNorm), buildLinear(m.head), m.tieWeights);
  const o = d.optimizer;
  const s = o.schedule;
  const schedule = new WarmupCosine(s.warmup, s.total, s.peak, s.floor);
  const optimizer = new AdamW(o.lr, o.betas, o.weightDecay, schedule, o.groups);
  const t = d.data[0]?.tokenize;
  if (t === undefined) throw new Error('no data pipelines');
  const tokenize = new Tokenize(t.vocab, t.maxLen, t.lowercase);
  const data = d.data.map((p) => {
    const src = p.source;
    return new Pipeline(
      new Dataset(src.path, src.split, src.shuffle, src.seed),
      tokenize,
      new RandomCrop(p.crop.size, p.crop.padding),
      new Normalize(p.normalize.mean, p.normalize.std),
      p.batchSize,
      p.workers,
      p.weight,
    );
  });
  const c = d.checkpoint;
  const l = d.logger;
  return new Experiment(d.name, d.seed, model, optimizer, data, new Checkpoint(c.dir, c.every, c.keep), new Logger(l.every, l.keys, l.backend), schedule, d.meta);
}
