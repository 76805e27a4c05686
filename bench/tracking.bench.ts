/**
 * Construction overhead of tracking (DESIGN §5, §8): what `@configurable()` adds to `new`.
 *
 *   (a) `new Decorated(params, lr)` against an undecorated twin class, both of whose constructors
 *       allocate a 256-element Float32Array (a small but real constructor): ratio decorated / twin.
 *   (b) ns per `new` on an empty decorated class against an empty undecorated class.
 *
 * Both sides of each comparison are measured in the same round, one after the other, and the order
 * alternates between rounds; the reported ratio is the median of the per-round ratios. Nothing here
 * passes or fails on time: the figures are printed, and the exit code only says the run completed.
 * Run with `npm run bench` (TC39 decorators, compiled by tsc). BENCH_ROUNDS and BENCH_TIME_MS
 * (per task per round) tune it.
 */
import { Bench } from 'tinybench';
import { Registry, Spec } from '../src/index.js';

const ROUNDS = positive(process.env.BENCH_ROUNDS, 15);
const TIME_MS = positive(process.env.BENCH_TIME_MS, 60);
// Constructions per timed call: one `new` is a few ns, far below the timer's resolution.
const BATCH = 1000;

function positive(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const registry = new Registry();

@registry.configurable('bench')
class Decorated {
  readonly state: Float32Array;
  constructor(readonly params: number[], readonly lr: number = 1e-3) {
    this.state = new Float32Array(256);
  }
}

class Twin {
  readonly state: Float32Array;
  constructor(readonly params: number[], readonly lr: number = 1e-3) {
    this.state = new Float32Array(256);
  }
}

@registry.configurable('bench')
class EmptyDecorated {}

class EmptyTwin {}

// The results are kept here (and checked at the end) so that no construction can be optimised away.
let sink: unknown = undefined;
let checksum = 0;
const params = [1, 2, 3];

function newDecorated(): void {
  let last: Decorated | undefined;
  for (let i = 0; i < BATCH; i++) last = new Decorated(params, 0.1);
  sink = last;
  checksum += last === undefined ? 0 : last.state.length;
}

function newTwin(): void {
  let last: Twin | undefined;
  for (let i = 0; i < BATCH; i++) last = new Twin(params, 0.1);
  sink = last;
  checksum += last === undefined ? 0 : last.state.length;
}

function newEmptyDecorated(): void {
  let last: EmptyDecorated | undefined;
  for (let i = 0; i < BATCH; i++) last = new EmptyDecorated();
  sink = last;
  checksum += last === undefined ? 0 : 1;
}

function newEmptyTwin(): void {
  let last: EmptyTwin | undefined;
  for (let i = 0; i < BATCH; i++) last = new EmptyTwin();
  sink = last;
  checksum += last === undefined ? 0 : 1;
}

interface Case {
  readonly name: string;
  readonly tracked: () => void;
  readonly baseline: () => void;
}

const cases: readonly Case[] = [
  { name: '(a) new Decorated(params, lr), Float32Array(256)', tracked: newDecorated, baseline: newTwin },
  { name: '(b) new on an empty class', tracked: newEmptyDecorated, baseline: newEmptyTwin },
];

/** Median latency of one task call, in ns per construction. */
async function measure(tasks: readonly [string, () => void][]): Promise<Map<string, number>> {
  // Each task starts from a collected heap when node runs with --expose-gc (npm run bench does), so
  // one task's garbage is not collected on the other's time.
  const bench = new Bench({ time: TIME_MS, warmupTime: Math.max(10, TIME_MS / 4), iterations: 16, setup: collect });
  for (const [name, fn] of tasks) bench.add(name, fn, { async: false });
  await bench.run();
  const out = new Map<string, number>();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
    out.set(task.name, (result.latency.p50 * 1e6) / BATCH);
  }
  return out;
}

const gc = (globalThis as { gc?: () => void }).gc;

function collect(): void {
  gc?.();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

async function main(): Promise<void> {
  // Tracking must really be on for the comparison to mean anything (a correctness check, not a timing one).
  const probe = new Decorated(params, 0.1);
  const spec = Spec.fromInstance(probe);
  if (spec.target !== 'bench:Decorated' || Object.keys(probe).join() !== Object.keys(new Twin(params, 0.1)).join()) {
    throw new Error(`tracking is not active as expected: ${spec.toString()}`);
  }
  if (Spec.fromInstance(new EmptyDecorated()).target !== 'bench:EmptyDecorated') throw new Error('empty class not tracked');

  console.log(`tracking overhead: ${String(ROUNDS)} rounds, ${String(TIME_MS)} ms per task per round, ${String(BATCH)} constructions per sample; node ${process.version}${gc === undefined ? ' (run with --expose-gc for steadier figures)' : ''}`);
  const perRound = cases.map(() => ({ ratios: [] as number[], tracked: [] as number[], baseline: [] as number[] }));
  for (let round = 0; round < ROUNDS; round++) {
    const flip = round % 2 === 1;
    for (let c = 0; c < cases.length; c++) {
      const item = cases[c] as Case;
      const acc = perRound[c] as (typeof perRound)[number];
      const tasks: [string, () => void][] = [['tracked', item.tracked], ['baseline', item.baseline]];
      const times = await measure(flip ? tasks.reverse() : tasks);
      const tracked = times.get('tracked') as number;
      const baseline = times.get('baseline') as number;
      acc.tracked.push(tracked);
      acc.baseline.push(baseline);
      acc.ratios.push(tracked / baseline);
    }
  }
  const rows = cases.map((item, c) => {
    const acc = perRound[c] as (typeof perRound)[number];
    return {
      case: item.name,
      'decorated ns/new': fixed(median(acc.tracked), 1),
      'undecorated ns/new': fixed(median(acc.baseline), 1),
      'ratio (median of rounds)': `${fixed(median(acc.ratios), 2)}x`,
      'ratio min..max': `${fixed(Math.min(...acc.ratios), 2)}..${fixed(Math.max(...acc.ratios), 2)}`,
      'extra ns/new': fixed(median(acc.tracked.map((t, i) => t - (acc.baseline[i] as number))), 1),
    };
  });
  console.table(rows);
  if (sink === undefined || checksum <= 0) throw new Error('nothing was constructed');
}

await main();
