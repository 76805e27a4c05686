/**
 * config-spec against class-transformer on the same config (bench/config-tree.ts), both directions.
 *
 * class-transformer's `@Type` is a legacy decorator only, so this file (and the config-spec classes of
 * config-tree.ts it imports) is compiled by tsconfig.bench-legacy.json: experimentalDecorators +
 * emitDecoratorMetadata, the setup class-transformer documents. config-spec supports that mode as
 * well, so both libraries run with their decorators in one process.
 *
 * The class-transformer side is a twin class tree with the same fields and values: nested classes
 * typed with `@Type`, plain lists and dicts as they are, the activation function as its name (a plain
 * value can hold no function), and shared objects written out in full each time (class-transformer
 * has no references). Its plain input is that tree's own plain form: no `target` or `__dense_spec__`
 * keys, which makes it smaller than config-spec's.
 *
 *   - asdict(tracked instance tree) vs instanceToPlain(class tree)
 *   - asdict(spec tree) vs instanceToPlain(class tree)
 *   - Spec.instantiateFromDict(dict) vs plainToInstance(ExperimentT, plain)
 *
 * and class-transformer against the floors config-spec is held to (cases 1 and 2 of bench/run.ts),
 * on its own plain form, for the table to print next to config-spec's ratios:
 *
 *   - JSON.stringify(instanceToPlain(class tree)) vs JSON.stringify(plain)
 *   - plainToInstance(ExperimentT, JSON.parse(text)) vs JSON.parse(text) + hand-written `new` and
 *     assignments building the same class tree
 *
 * Run by bench/run.ts (`npm run bench`), which passes --json and puts the figures in its table; run
 * alone it prints its own rows.
 */
import 'reflect-metadata';
import { instanceToPlain, plainToInstance, Type } from 'class-transformer';
import { asdict, Spec } from '../../src/index.js';
import { specTree, type BlockInit, type Meta, type ParamGroup } from '../config-tree.js';
import { comparePairs, HAS_GC, ROUNDS, TIME_MS } from '../measure.js';

class LinearT {
  declare inFeatures: number;
  declare outFeatures: number;
  declare bias?: boolean;
  declare init?: string;
}

class LayerNormT {
  declare dim: number;
  declare eps?: number;
  declare affine?: boolean;
}

class RopeT {
  declare dim: number;
  declare theta?: number;
}

class AttentionT {
  declare dim: number;
  declare heads: number;
  declare dropout: number;
  @Type(() => LinearT) qkv!: LinearT;
  @Type(() => LinearT) out!: LinearT;
  @Type(() => RopeT) rope!: RopeT;
}

class MLPT {
  @Type(() => LinearT) layers!: LinearT[];
  declare activation: string;
  declare dropout?: number;
}

class BlockT {
  @Type(() => AttentionT) attn!: AttentionT;
  @Type(() => MLPT) mlp!: MLPT;
  @Type(() => LayerNormT) norms!: LayerNormT[];
  declare name: string;
  declare residualScale: number;
  declare tags: string[];
  declare init: BlockInit;
}

class TransformerT {
  declare vocab: number;
  declare dim: number;
  @Type(() => LinearT) embed!: LinearT;
  @Type(() => BlockT) blocks!: BlockT[];
  @Type(() => LayerNormT) finalNorm!: LayerNormT;
  @Type(() => LinearT) head!: LinearT;
  declare tieWeights?: boolean;
}

class WarmupCosineT {
  declare warmup: number;
  declare total: number;
  declare peak: number;
  declare floor?: number;
}

class AdamWT {
  declare lr: number;
  declare betas: number[];
  declare weightDecay: number;
  @Type(() => WarmupCosineT) schedule!: WarmupCosineT;
  declare groups: ParamGroup[];
}

class DatasetT {
  declare path: string;
  declare split: string;
  declare shuffle: boolean;
  declare seed: number;
}

class TokenizeT {
  declare vocab: number;
  declare maxLen: number;
  declare lowercase?: boolean;
}

class RandomCropT {
  declare size: number;
  declare padding?: number;
}

class NormalizeT {
  declare mean: number[];
  declare std: number[];
}

class PipelineT {
  @Type(() => DatasetT) source!: DatasetT;
  @Type(() => TokenizeT) tokenize!: TokenizeT;
  @Type(() => RandomCropT) crop!: RandomCropT;
  @Type(() => NormalizeT) normalize!: NormalizeT;
  declare batchSize: number;
  declare workers: number;
  declare weight: number;
}

class CheckpointT {
  declare dir: string;
  declare every: number;
  declare keep: number;
}

class LoggerT {
  declare every: number;
  declare keys: string[];
  declare backend: string;
}

class ExperimentT {
  declare name: string;
  declare seed: number;
  @Type(() => TransformerT) model!: TransformerT;
  @Type(() => AdamWT) optimizer!: AdamWT;
  @Type(() => PipelineT) data!: PipelineT[];
  @Type(() => CheckpointT) checkpoint!: CheckpointT;
  @Type(() => LoggerT) logger!: LoggerT;
  @Type(() => WarmupCosineT) lrSchedule!: WarmupCosineT;
  declare meta: Meta;
}

// The dense dict → the class tree's plain form: spec dicts lose `target`, `called` and `__dense_spec__`, a
// function spec (the activation) becomes its name, a reference becomes a copy of what it points to.
const SPEC_KEYS: ReadonlySet<string> = new Set(['target', 'called', '__dense_spec__']);

function classTransformerPlain(dict: unknown): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    const object = value as Record<string, unknown>;
    if (typeof object.__ref__ === 'string') return strip(lookup(dict, object.__ref__));
    if (object.__dense_spec__ === true && Object.keys(object).length === 2) return object.target;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object)) if (!SPEC_KEYS.has(key)) out[key] = strip(item);
    return out;
  };
  return strip(dict);
}

// JSON text with keys sorted: class-transformer's output puts decorated fields (class fields) first.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function lookup(root: unknown, path: string): unknown {
  let at = root;
  for (const key of path.split(/[.[\]]+/).filter((k) => k !== '')) at = (at as Record<string, unknown>)[key];
  return at;
}

const text = JSON.stringify(asdict(specTree()));
const dict: unknown = JSON.parse(text);
const specs = specTree();
const instances: unknown = Spec.instantiateFromDict(dict);
const plain = classTransformerPlain(dict);
const classTree = plainToInstance(ExperimentT, plain);

// Both sides describe the same config (correctness checks, not timing ones).
if (JSON.stringify(asdict(instances)) !== text) throw new Error('asdict(instances) differs from the dict');
if (canonical(instanceToPlain(classTree)) !== canonical(plain)) throw new Error('class-transformer does not round-trip the plain form');
if (!(classTree.model.blocks[3]?.attn.qkv instanceof LinearT) || !(classTree.data[2]?.tokenize instanceof TokenizeT)) {
  throw new Error('plainToInstance did not build the class tree');
}

type Plain = Record<string, unknown>;

// Hand-written construction of the class tree from its plain form (the floor of plainToInstance, as
// bench/config-tree.ts's buildByHand is config-spec's): each class-typed node a new instance of its
// class with the plain fields assigned, nested class-typed fields built first.
function make<T extends object>(cls: new () => T, plain: unknown, nested: Plain = {}): T {
  return Object.assign(new cls(), plain, nested);
}

function field(plain: unknown, key: string): unknown {
  return (plain as Plain)[key];
}

function buildLinear(plain: unknown): LinearT {
  return make(LinearT, plain);
}

function buildBlock(plain: unknown): BlockT {
  const attn = field(plain, 'attn');
  const mlp = field(plain, 'mlp');
  return make(BlockT, plain, {
    attn: make(AttentionT, attn, { qkv: buildLinear(field(attn, 'qkv')), out: buildLinear(field(attn, 'out')), rope: make(RopeT, field(attn, 'rope')) }),
    mlp: make(MLPT, mlp, { layers: (field(mlp, 'layers') as unknown[]).map(buildLinear) }),
    norms: (field(plain, 'norms') as unknown[]).map((norm) => make(LayerNormT, norm)),
  });
}

function classTreeByHand(plain: unknown): ExperimentT {
  const model = field(plain, 'model');
  const optimizer = field(plain, 'optimizer');
  return make(ExperimentT, plain, {
    model: make(TransformerT, model, {
      embed: buildLinear(field(model, 'embed')),
      blocks: (field(model, 'blocks') as unknown[]).map(buildBlock),
      finalNorm: make(LayerNormT, field(model, 'finalNorm')),
      head: buildLinear(field(model, 'head')),
    }),
    optimizer: make(AdamWT, optimizer, { schedule: make(WarmupCosineT, field(optimizer, 'schedule')) }),
    data: (field(plain, 'data') as unknown[]).map((pipeline) =>
      make(PipelineT, pipeline, {
        source: make(DatasetT, field(pipeline, 'source')),
        tokenize: make(TokenizeT, field(pipeline, 'tokenize')),
        crop: make(RandomCropT, field(pipeline, 'crop')),
        normalize: make(NormalizeT, field(pipeline, 'normalize')),
      }),
    ),
    checkpoint: make(CheckpointT, field(plain, 'checkpoint')),
    logger: make(LoggerT, field(plain, 'logger')),
    lrSchedule: make(WarmupCosineT, field(plain, 'lrSchedule')),
  });
}

const plainText = JSON.stringify(plain);
if (canonical(instanceToPlain(classTreeByHand(JSON.parse(plainText)))) !== canonical(plain) || !(classTreeByHand(plain).model.blocks[1]?.mlp.layers[0] instanceof LinearT)) {
  throw new Error('the hand-written construction does not build the class tree');
}

let sink: unknown;
const results = await comparePairs([
  {
    name: 'asdict(tracked instance tree) vs instanceToPlain',
    subject: () => {
      sink = asdict(instances);
    },
    baseline: () => {
      sink = instanceToPlain(classTree);
    },
  },
  {
    name: 'asdict(spec tree) vs instanceToPlain',
    subject: () => {
      sink = asdict(specs);
    },
    baseline: () => {
      sink = instanceToPlain(classTree);
    },
  },
  {
    name: 'instantiateFromDict vs plainToInstance',
    subject: () => {
      sink = Spec.instantiateFromDict(dict);
    },
    baseline: () => {
      sink = plainToInstance(ExperimentT, plain);
    },
  },
  {
    name: 'class-transformer: stringify(instanceToPlain) vs stringify(plain)',
    subject: () => {
      sink = JSON.stringify(instanceToPlain(classTree));
    },
    baseline: () => {
      sink = JSON.stringify(plain);
    },
  },
  {
    name: 'class-transformer: plainToInstance(parse(text)) vs parse + hand-written new',
    subject: () => {
      sink = plainToInstance(ExperimentT, JSON.parse(plainText));
    },
    baseline: () => {
      sink = classTreeByHand(JSON.parse(plainText));
    },
  },
]);
if (sink === undefined) throw new Error('nothing was produced');

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results));
} else {
  console.log(`config-spec vs class-transformer: ${String(ROUNDS)} rounds, ${String(TIME_MS)} ms per task per round${HAS_GC ? '' : ' (run node with --expose-gc for steadier figures)'}`);
  console.table(results.map((r) => ({ case: r.name, 'config-spec ms': r.subjectMs.toFixed(3), 'class-transformer ms': r.baselineMs.toFixed(3), ratio: `${r.ratio.toFixed(2)}x` })));
}
