// The time budget (issue 9, items 5–8): every command and API call is O(n log n) or better in the
// size of its input. Proven the only way a shared, noisy machine allows: never an absolute time, but
// the time of each operation as a ratio to JSON.parse of the same input, measured on ~1 MB and on an
// eighth of it. Near-linear code keeps that ratio (a log factor at most); quadratic code multiplies
// it by 8. The bound, 3x, leaves room for noise and still catches the quadratic cases the review found.
import { expect } from 'chai';
import { applyOverrides, mergeConfig, Registry, setPath, Spec, asdict } from '../src/index.js';
import { diffConfigs, formatChanges, formatTree, makeStyle } from '../src/cli-format.js';
import { collectProblems } from '../src/cli-validate.js';
import { decoratorMode } from './support/mode.js';

const registry = new Registry();
const opts = { registry };

/** Takes any keyword (an options object). */
function anything(options: Record<string, unknown> = {}): Record<string, unknown> {
  return options;
}
registry.register(anything, { namespace: 'tb', options: true });

/** Takes two keywords only: retargeting a big spec to it drops the rest. */
function fixed(a: unknown = null, b: unknown = null): unknown[] {
  return [a, b];
}
registry.register(fixed, { namespace: 'tb' });

// 200 registered targets, for the "did you mean" search over thousands of unknown names.
for (let i = 0; i < 200; i++) registry.register(function target(x: unknown = null): unknown { return x; }, { namespace: 'tb.many', name: `Registered${String(i)}` });

const D = '__dense_spec__';
const FULL = 1_000_000;

/** The fastest of `runs` runs of `run`, in milliseconds. */
function fastest(run: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

interface Case {
  /** A JSON text of about `bytes` bytes. */
  readonly make: (bytes: number) => string;
  /** The operation on the parsed text. */
  readonly run: (tree: unknown) => unknown;
}

/** The operation's time over JSON.parse's on the same text. */
function ratio(test: Case, bytes: number): number {
  const text = test.make(bytes);
  const parse = fastest(() => JSON.parse(text), 10);
  const tree = JSON.parse(text) as unknown;
  return fastest(() => test.run(tree)) / parse;
}

/** Checks that `test` is near-linear: its ratio at ~1 MB is at most 3x its ratio at an eighth. */
function expectNearLinear(test: Case): void {
  const small = ratio(test, FULL / 8);
  const full = ratio(test, FULL);
  expect(full, `ratio to JSON.parse: ${full.toFixed(2)} at 1 MB, ${small.toFixed(2)} at 125 KB`).to.be.at.most(3 * small + 1);
}

// A spec dict of many keywords, about `bytes` long.
const wideSpec = (target: string, bytes: number, prefix = 'k'): Record<string, unknown> => {
  const out: Record<string, unknown> = { target };
  const count = Math.floor(bytes / 14);
  for (let i = 0; i < count; i++) out[`${prefix}${String(i)}`] = i;
  out[D] = true;
  return out;
};

// Tagged Sets nested `depth` levels, each level also holding `width` numbers.
const nestedSets = (bytes: number): unknown => {
  const depth = 400;
  const width = Math.max(1, Math.floor(bytes / depth / 8));
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = { __value__: 'Set', data: [value, ...Array.from({ length: width }, (_, j) => i * width + j)] };
  return { root: value };
};

const plain = makeStyle(false);

describe(`time budget: near-linear on ~1 MB, as a ratio to JSON.parse (${decoratorMode})`, function () {
  this.timeout(120_000);

  it('item 5: retargeting a spec dict of 70,000 keywords (setPath x.target, all dropped)', () => {
    expectNearLinear({
      make: (bytes) => JSON.stringify({ x: wideSpec('tb:anything', bytes) }),
      run: (tree) => setPath(tree, 'x.target', 'tb:fixed', opts),
    });
  });

  it('item 5: merging two spec dicts of 70,000 keywords (mergeConfig, same target)', () => {
    expectNearLinear({
      make: (bytes) => JSON.stringify([wideSpec('tb:anything', bytes / 2), wideSpec('tb:anything', bytes / 2, 'm')]),
      run: (tree) => mergeConfig((tree as unknown[])[0], (tree as unknown[])[1], opts),
    });
  });

  it('item 6: validate, a spec dict of 70,000 unknown keywords (every one reported)', () => {
    let reported = 0;
    expectNearLinear({
      make: (bytes) => JSON.stringify(wideSpec('tb:fixed', bytes)),
      run: (tree) => (reported = collectProblems(tree, registry).length),
    });
    expect(reported).to.be.greaterThan(60_000);
  });

  it('item 6: validate, 8,000 unknown targets with 200 registered ("did you mean" each)', () => {
    const note = 'x'.repeat(80);
    expectNearLinear({
      make: (bytes) => JSON.stringify(Array.from({ length: Math.floor(bytes / 125) }, (_, i) => ({ target: `tb.many:Unregistered${String(i)}`, note, [D]: true }))),
      run: (tree) => collectProblems(tree, registry),
    });
  });

  it('item 6: validate, nested tagged Sets', () => {
    expectNearLinear({ make: (bytes) => JSON.stringify(nestedSets(bytes)), run: (tree) => collectProblems(tree, registry) });
  });

  it('item 7: show and diff of nested tagged data (and their output stays near the input size)', () => {
    let printed = 0;
    expectNearLinear({
      make: (bytes) => JSON.stringify(nestedSets(bytes)),
      run: (tree) => (printed = formatTree(tree, plain).length),
    });
    // Linear: no line is indented more than MAX_INDENT (64) characters.
    expect(printed).to.be.below(16 * FULL);
    expectNearLinear({
      make: (bytes) => JSON.stringify([nestedSets(bytes / 2), nestedSets(bytes / 2 + 100)]),
      run: (tree) => (printed = formatChanges(diffConfigs((tree as unknown[])[0], (tree as unknown[])[1]), plain).length),
    });
    // Linear: no line is indented more than MAX_INDENT (64) characters.
    expect(printed).to.be.below(16 * FULL);
  });

  it('the readers, the writer and the editors on an ordinary ~1 MB config', () => {
    const config = (bytes: number): string => JSON.stringify({
      layers: Array.from({ length: Math.floor(bytes / 90) }, (_, i) => ({ target: 'tb:anything', name: `layer${String(i)}`, width: i, act: { target: 'tb:fixed', a: i, [D]: true }, [D]: true })),
    });
    expectNearLinear({ make: config, run: (tree) => Spec.fromDict(tree, opts) });
    expectNearLinear({ make: config, run: (tree) => Spec.instantiate(tree, opts) });
    expectNearLinear({ make: config, run: (tree) => asdict(Spec.fromDict(tree, opts), opts) });
    expectNearLinear({ make: config, run: (tree) => collectProblems(tree, registry) });
    expectNearLinear({ make: config, run: (tree) => applyOverrides(tree, ['layers[0].width=1'], opts) });
  });
});
