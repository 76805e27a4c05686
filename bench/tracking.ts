/**
 * Construction overhead of tracking (DESIGN §5, §8): what `@configurable()` adds to `new`.
 *
 *   (a) `new Decorated(params, lr)` against an undecorated twin class, both of whose constructors
 *       allocate a 256-element Float32Array (a small but real constructor): ratio decorated / twin.
 *   (b) ns per `new` on an empty decorated class against an empty undecorated class.
 *
 * Constructions are timed in batches of 1000: one `new` is a few ns, far below the timer's resolution.
 */
import { Registry, Spec } from '../src/index.js';
import type { Pair } from './measure.js';

const BATCH = 1000;

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

/**
 * The two tracking comparisons, after checking that tracking is really on (a correctness check, not
 * a timing one).
 */
export function trackingPairs(): { decorated: Pair; empty: Pair } {
  const probe = new Decorated(params, 0.1);
  const spec = Spec.fromInstance(probe);
  if (spec.target !== 'bench:Decorated' || Object.keys(probe).join() !== Object.keys(new Twin(params, 0.1)).join()) {
    throw new Error(`tracking is not active as expected: ${spec.toString()}`);
  }
  if (Spec.fromInstance(new EmptyDecorated()).target !== 'bench:EmptyDecorated') throw new Error('empty class not tracked');
  return {
    decorated: { name: 'new Decorated(params, lr), Float32Array(256)', subject: newDecorated, baseline: newTwin, perCall: BATCH, collect: true },
    empty: { name: 'new on an empty class', subject: newEmptyDecorated, baseline: newEmptyTwin, perCall: BATCH, collect: true },
  };
}

/** Throws when the timed loops constructed nothing (so nothing was optimised away). */
export function checkTrackingRan(): void {
  if (sink === undefined || checksum <= 0) throw new Error('nothing was constructed');
}
