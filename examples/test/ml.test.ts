/**
 * The demo's pieces that make a run repeatable and its evaluation honest: the held-out split, the
 * data order, the checkpoint reader and the report's escaping. Imports the transpiled demo modules,
 * which import config-spec by name (dist/), as the demo does.
 */
import { expect } from 'chai';
import { Adam, DataOrder, Param, readCheckpoint, reportSvg, RunError, SGD, spiral, split, type Dataset, type Optimizer } from '../ml/index.js';

const key = (x: readonly number[]): string => x.join(',');

describe('the held-out split', () => {
  const data: Dataset = spiral(512, 1, 0.05, 0);

  it('holds out the fraction asked for, disjoint from the training points, covering them all', () => {
    const { train, validation } = split(data, { validation: 0.25, seed: 0 });
    expect([train.x.length, validation.x.length]).to.deep.equal([384, 128]);
    const held = new Set(validation.x.map(key));
    expect(train.x.some((x) => held.has(key(x)))).to.equal(false);
    expect(new Set([...train.x, ...validation.x].map(key))).to.deep.equal(new Set(data.x.map(key)));
    // Labels travel with their points.
    const label = new Map(data.x.map((x, k) => [key(x), data.y[k]]));
    validation.x.forEach((x, k) => expect(validation.y[k]).to.equal(label.get(key(x))));
  });

  it('picks the same points for the same seed, other points for another', () => {
    const a = split(data, { validation: 0.25, seed: 0 }).validation.x.map(key);
    expect(split(data, { validation: 0.25, seed: 0 }).validation.x.map(key)).to.deep.equal(a);
    expect(split(data, { validation: 0.25, seed: 1 }).validation.x.map(key)).not.to.deep.equal(a);
  });

  it('rejects a fraction outside (0, 1), or one that leaves a set empty', () => {
    for (const validation of [0, 1, Number.NaN]) {
      expect(() => split(data, { validation, seed: 0 })).to.throw(RunError, 'split.validation must be a fraction between 0 and 1');
    }
    const two = spiral(2, 1, 0, 0);
    expect(() => split(two, { validation: 0.1, seed: 0 })).to.throw(RunError, 'split.validation=0.1 of 2 points leaves no held-out point');
    expect(() => split(two, { validation: 0.9, seed: 0 })).to.throw(RunError, 'leaves no training point');
  });
});

describe('the data order', () => {
  it('visits every training point once per epoch, in a new order each epoch', () => {
    const order = new DataOrder(10, 1);
    const epochs = [0, 1, 2].map((e) => Array.from({ length: 10 }, (_, k) => order.at(10 * e + k)));
    for (const epoch of epochs) expect([...epoch].sort((a, b) => a - b)).to.deep.equal([...Array(10).keys()]);
    expect(epochs[0]).not.to.deep.equal(epochs[1]);
  });

  it('depends on (seed, position) alone: a fresh order read from the middle agrees', () => {
    const straight = new DataOrder(7, 3);
    const all = Array.from({ length: 40 }, (_, p) => straight.at(p));
    const resumed = new DataOrder(7, 3);
    expect(Array.from({ length: 17 }, (_, k) => resumed.at(23 + k))).to.deep.equal(all.slice(23));
  });
});

describe('optimizer state', () => {
  /** An optimizer over two parameters after `steps` updates from fixed gradients. */
  const trained = (make: (params: Param[]) => Optimizer, steps: number): { params: Param[]; optimizer: Optimizer } => {
    const params = [new Param([0.5, -0.25]), new Param([1])];
    const optimizer = make(params);
    for (let s = 0; s < steps; s++) {
      params.forEach((p, k) => p.grad.splice(0, p.grad.length, ...p.value.map((v, i) => v * (k + 1) - 0.1 * i)));
      optimizer.step(1);
    }
    return { params, optimizer };
  };
  const makers: [string, (params: Param[]) => Optimizer][] = [
    ['Adam', (params) => new Adam(params, 0.05)],
    ['SGD', (params) => new SGD(params, 0.05)],
  ];

  for (const [name, make] of makers) {
    it(`${name}: a fresh optimizer loaded with state() continues exactly as the original`, () => {
      const original = trained(make, 3);
      const copy = trained(make, 0);
      copy.params.forEach((p, k) => p.value.splice(0, p.value.length, ...original.params[k]!.value));
      copy.optimizer.load(JSON.parse(JSON.stringify(original.optimizer.state())) as ReturnType<Optimizer['state']>);
      for (const run of [original, copy]) {
        run.params.forEach((p) => p.grad.fill(0.3));
        run.optimizer.step(0.5);
      }
      expect(copy.params.map((p) => p.value)).to.deep.equal(original.params.map((p) => p.value));
      expect(copy.optimizer.state()).to.deep.equal(original.optimizer.state());
    });

    it(`${name}: a state that does not fit is refused and changes nothing`, () => {
      const { optimizer } = trained(make, 2);
      const before = optimizer.state();
      const wrong = Object.fromEntries(Object.entries(before).map(([key, value]) => [key, Array.isArray(value) ? [value[0]!] : value]));
      expect(() => { optimizer.load(wrong); }).to.throw(RunError, /optimizer state: \w+ does not fit the parameters \(2 arrays of 2, 1 numbers\)/);
      if (name === 'Adam') {
        // m fits (and differs), v does not: m is not taken either.
        const half = { ...before, m: [[9, 9], [9]], v: [[0, 0], [Number.NaN]] };
        expect(() => { optimizer.load(half); }).to.throw(RunError, 'optimizer state: v does not fit');
        expect(() => { optimizer.load({ ...before, t: 1.5 }); }).to.throw(RunError, 't must be a step count');
      }
      expect(optimizer.state()).to.deep.equal(before);
    });
  }
});

describe('readCheckpoint', () => {
  it('names the first field that is wrong', () => {
    const good = {
      format: 'config-spec-demo/checkpoint@1',
      schedule: { step: 1, total: 2 },
      dataOrder: { seed: 0, position: 8 },
      optimizer: { target: 'optim:Adam', __dense_spec__: true },
      optimizerState: {},
      weights: [[0.5]],
      history: [],
      recent: null,
    };
    expect(readCheckpoint(good, 'c.json')).to.equal(good);
    const cases: [unknown, string][] = [
      [[], 'not a JSON object'],
      [{ ...good, schedule: { step: -1, total: 2 } }, 'schedule.step is not a count'],
      [{ ...good, dataOrder: { seed: '1', position: 0 } }, 'dataOrder.seed is not a number'],
      [{ ...good, optimizer: { lr: 1 } }, 'optimizer is not a spec dict'],
      [{ ...good, weights: [['x']] }, 'weights are not arrays of numbers'],
      [{ ...good, recent: 'low' }, 'recent is not a number'],
    ];
    for (const [json, message] of cases) expect(() => readCheckpoint(json, 'c.json')).to.throw(RunError, `c.json: not a checkpoint of this demo (${message})`);
  });
});

describe('reportSvg', () => {
  const data = { train: { x: [[0.1, 0.2]], y: [1] }, validation: { x: [[-0.3, 0.4]], y: [0] } };
  const metrics = { loss: 0.5, accuracy: 0.5 };

  it('escapes the title and subtitle, which hold strings from a config file', () => {
    const svg = reportSvg({
      title: 'a <script>alert("x")</script> & co',
      subtitle: ["it's <b>"],
      history: [{ step: 0, train: metrics, validation: metrics }, { step: 10, train: metrics, validation: metrics }],
      resumedAt: [5],
      data,
      logit: ([a]) => a!,
    });
    expect(svg).not.to.include('<script>');
    expect(svg).not.to.include('<b>');
    expect(svg).to.include('a &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; co');
    expect(svg).to.include('it&#39;s &#60;b&#62;');
    expect(svg).to.include('>resumed</text>');
  });

  it('draws the boundary where the logit changes sign', () => {
    // logit = x: the boundary is the vertical line through the middle of the panel.
    const svg = reportSvg({ title: 't', subtitle: [], history: [], resumedAt: [], data, logit: ([a]) => a! });
    const d = /<path d="([^"]+)" fill="none"/.exec(svg)![1]!;
    const xs = [...d.matchAll(/[ML]([\d.]+) /g)].map((m) => Number(m[1]));
    expect(xs.length).to.be.greaterThan(10);
    for (const x of xs) expect(x).to.be.closeTo(520 + 320 / 2, 0.11);
  });
});
