/**
 * How every in-process comparison is measured: both sides in the same round, one after the other
 * (for small allocations each from a collected heap, when node runs with --expose-gc), the order
 * alternating between rounds; the ratio reported is the median of the per-round ratios. Nothing here passes or fails on
 * time. BENCH_ROUNDS and BENCH_TIME_MS (per task per round) tune it.
 */
import { Bench } from 'tinybench';

/** A positive number from an environment variable, else `fallback`. */
export function positive(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const ROUNDS = Math.round(positive(process.env.BENCH_ROUNDS, 9));
export const TIME_MS = positive(process.env.BENCH_TIME_MS, 50);

const gc = (globalThis as { gc?: () => void }).gc;

/** True when node runs with --expose-gc (steadier figures). */
export const HAS_GC = gc !== undefined;

function collect(): void {
  gc?.();
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Two ways of doing one thing: `subject` (config-spec) and `baseline`, each one timed call. */
export interface Pair {
  readonly name: string;
  readonly subject: () => void;
  readonly baseline: () => void;
  /** Divides the per-call time: operations per call (a batch of constructions), default 1. */
  readonly perCall?: number;
  /**
   * Start each task from a collected heap (node --expose-gc), so one task's garbage is not collected
   * on the other's time. Right for small allocations (tracking); wrong for the 10,000-node trees: a
   * full collection before every task lets the maps of the previous trees die, which deoptimizes
   * the code specialised to them ("weak objects"), so every task would start half cold.
   */
  readonly collect?: boolean;
}

/** The figures of one pair over all rounds: medians of per-round times (ms per operation) and ratios. */
export interface PairResult {
  readonly name: string;
  readonly subjectMs: number;
  readonly baselineMs: number;
  readonly ratio: number;
  readonly minRatio: number;
  readonly maxRatio: number;
  /** Median over rounds of (subject - baseline), ms per operation. */
  readonly extraMs: number;
}

// Median latency (p50) of one call of each task, in ms.
async function measureOnce(tasks: readonly [string, () => void][], withGc: boolean): Promise<Map<string, number>> {
  const bench = new Bench({ time: TIME_MS, warmupTime: Math.max(10, TIME_MS / 4), iterations: 8, ...(withGc ? { setup: collect } : {}) });
  for (const [name, fn] of tasks) bench.add(name, fn, { async: false });
  await bench.run();
  const out = new Map<string, number>();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
    out.set(task.name, result.latency.p50);
  }
  return out;
}

/** Measures every pair for {@link ROUNDS} rounds, each round over all pairs, alternating the order. */
export async function comparePairs(pairs: readonly Pair[]): Promise<PairResult[]> {
  const acc = pairs.map(() => ({ subject: [] as number[], baseline: [] as number[], ratios: [] as number[] }));
  for (let round = 0; round < ROUNDS; round++) {
    for (let p = 0; p < pairs.length; p++) {
      const pair = pairs[p] as Pair;
      const into = acc[p] as (typeof acc)[number];
      const tasks: [string, () => void][] = [['subject', pair.subject], ['baseline', pair.baseline]];
      const times = await measureOnce(round % 2 === 1 ? tasks.reverse() : tasks, pair.collect === true);
      const per = pair.perCall ?? 1;
      const subject = (times.get('subject') as number) / per;
      const baseline = (times.get('baseline') as number) / per;
      into.subject.push(subject);
      into.baseline.push(baseline);
      into.ratios.push(subject / baseline);
    }
  }
  return pairs.map((pair, p) => {
    const into = acc[p] as (typeof acc)[number];
    return {
      name: pair.name,
      subjectMs: median(into.subject),
      baselineMs: median(into.baseline),
      ratio: median(into.ratios),
      minRatio: Math.min(...into.ratios),
      maxRatio: Math.max(...into.ratios),
      extraMs: median(into.subject.map((s, i) => s - (into.baseline[i] as number))),
    };
  });
}
