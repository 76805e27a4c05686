/**
 * The demo, end to end: each test runs `node build/examples/main.js` (what `npm start` runs) in a
 * child process, in a scratch directory, and reads the files the run wrote. Part of `npm test`
 * (scripts/test.mjs builds the demo with scripts/demo-build.mjs first, as `npm start` does).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let scratch = '';

/** The demo's environment: npm's INIT_CWD is the scratch directory; no coverage (it is not src/'s). */
function demoEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: scratch };
  delete env.NODE_V8_COVERAGE;
  return env;
}

/** Runs the demo with `args` from the scratch directory (as `npm start` typed there would). */
function demo(...args: string[]): Result {
  const run = spawnSync(process.execPath, [MAIN, ...args], { cwd: scratch, encoding: 'utf8', env: demoEnv() });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Like demo(), and fails with the output when the run does not exit 0. */
function ok(...args: string[]): Result {
  const result = demo(...args);
  expect(result.status, `${args.join(' ')}\n${result.stdout}\n${result.stderr}`).to.equal(0);
  return result;
}

const file = (dir: string, name: string): string => readFileSync(join(scratch, dir, name), 'utf8');
const json = (dir: string, name: string): unknown => JSON.parse(file(dir, name));

interface Results {
  step: number;
  complete: boolean;
  history: { step: number; train: { loss: number }; validation: { loss: number; accuracy: number } }[];
  validation: { accuracy: number };
  resumedAt: number[];
}

describe('the demo (npm start)', function () {
  this.timeout(60_000);

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'config-spec-demo-test-'));
    // The reference: the default config, 400 steps straight.
    ok('--out', 'straight');
  });
  after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('a run', () => {
    it('writes the config, the model, the weights, a checkpoint, results and report.svg', () => {
      for (const name of ['config.json', 'model.json', 'weights.json', 'checkpoint.json', 'results.json', 'report.svg']) {
        expect(existsSync(join(scratch, 'straight', name)), name).to.equal(true);
      }
    });

    it('holds out a quarter of the points and reports and saves both accuracies', () => {
      const out = ok('--out', 'split', 'train.steps=20').stdout;
      expect(out).to.match(/512 points of a 2-class spiral, 384 to train on, 128 held out/);
      expect(out).to.match(/^ {2}train {5}[\d.]+ → [\d.]+ +[\d.]+% → [\d.]+%$/m);
      expect(out).to.match(/^ {2}held out {2}[\d.]+ → [\d.]+ +[\d.]+% → [\d.]+%$/m);
      const results = json('straight', 'results.json') as Results & { train: { accuracy: number } };
      expect(results.train.accuracy).to.be.within(0.9, 1);
      expect(results.validation.accuracy).to.be.within(0.9, 1);
      // Every evalEvery (10) steps, from the untrained model to the last step, on both sets.
      expect(results.history.map((p) => p.step)).to.deep.equal(Array.from({ length: 41 }, (_, k) => 10 * k));
      expect(results.history.at(-1)!.validation.accuracy).to.equal(results.validation.accuracy);
    });

    it('draws report.svg: both loss curves, the decision boundary and every point', () => {
      const svg = file('straight', 'report.svg');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
      expect(svg.trimEnd().endsWith('</svg>')).to.equal(true);
      expect(svg.match(/<polyline /g)?.length).to.equal(2); // train and held-out loss
      expect(svg.match(/<circle /g)?.length).to.equal(512 + 2); // every point + the legend's two
      expect(svg).to.match(/<path d="(M[\d.]+ [\d.]+L[\d.]+ [\d.]+)+" fill="none"/); // the p = 0.5 line
    });

    it('is the picture the README shows (docs/demo/report.svg; npm run demo:report redraws it)', () => {
      expect(file('straight', 'report.svg')).to.equal(readFileSync(join(ROOT, 'docs', 'demo', 'report.svg'), 'utf8'));
    });
  });

  describe('--config: re-running a saved run', () => {
    it('gives the same weights, optimizer state and curves as the run it came from', () => {
      ok('--config', join('straight', 'config.json'), '--out', 'again');
      expect(file('again', 'config.json')).to.equal(file('straight', 'config.json'));
      expect(file('again', 'weights.json')).to.equal(file('straight', 'weights.json'));
      expect(file('again', 'checkpoint.json')).to.equal(file('straight', 'checkpoint.json'));
      expect((json('again', 'results.json') as Results).history).to.deep.equal((json('straight', 'results.json') as Results).history);
    });

    it('re-runs a run made with overrides, with more overrides on top', () => {
      ok('--out', 'small', 'model.hidden=8', 'train.steps=50');
      const out = ok('--config=small/config.json', '--out', 'small-again', 'train.seed=7').stdout;
      expect(out).to.match(/^config: small\/config\.json with train\.seed=7$/m);
      const config = json('small-again', 'config.json') as { model: { hidden: number }; train: { steps: number; seed: number } };
      expect(config.model.hidden).to.equal(8);
      expect(config.train).to.include({ steps: 50, seed: 7 });
    });

    it('is a flag, not an override: --config=FILE no longer becomes a "config" key of the defaults', () => {
      ok('--out', 'tiny', 'train.steps=5');
      const printed = JSON.parse(ok('--config=tiny/config.json', '--print-config').stdout) as Record<string, unknown>;
      expect(printed).to.deep.equal(json('tiny', 'config.json'));
      expect(printed).not.to.have.property('config');
    });

    it('fails in one line, exit 2, on a file that is missing or not JSON', () => {
      const missing = demo('--config', 'nowhere/config.json');
      expect(missing.status).to.equal(2);
      expect(missing.stderr).to.equal('error: --config nowhere/config.json: cannot read nowhere/config.json (ENOENT)\n');
      writeFileSync(join(scratch, 'broken.json'), '{"data": ');
      const broken = demo('--config', 'broken.json');
      expect(broken.status).to.equal(2);
      expect(broken.stderr).to.match(/^error: --config broken\.json: broken\.json is not JSON \(.+\)\n$/);
      const empty = demo('--config');
      expect(empty.status).to.equal(2);
      expect(empty.stderr).to.equal('error: --config needs a value: --config FILE\n');
    });
  });

  describe('--resume: continuing a run from its checkpoint', () => {
    // The run the tests below read: 200 steps, stopped, then resumed to the end (400).
    let first = '';
    let second = '';
    before(() => {
      first = ok('--out', 'halves', '--stop-at', '200').stdout;
      expect((json('halves', 'results.json') as Results).complete).to.equal(false);
      second = ok('--resume', 'halves').stdout;
    });

    it('200 steps, then 200 more from the checkpoint, equal 400 straight, to the last bit', () => {
      expect(first).to.match(/stopped at step 200 of 400/);
      expect(first).to.match(/continue it: npm start -- --resume halves$/m);
      expect(second).to.match(/^resuming at step 200 of 400$/m);
      expect(file('halves', 'weights.json')).to.equal(file('straight', 'weights.json'));
      // The whole training state: optimizer (asdict + moments + step), schedule and data-order positions, curves.
      expect(file('halves', 'checkpoint.json')).to.equal(file('straight', 'checkpoint.json'));
      const [halves, straight] = [json('halves', 'results.json') as Results, json('straight', 'results.json') as Results];
      expect(halves.history).to.deep.equal(straight.history);
      expect(halves.resumedAt).to.deep.equal([200]);
    });

    it('carries SGD momentum too, across two interruptions at uneven steps', () => {
      const settings = ['optimizer.target=optim:SGD', 'optimizer.lr=0.05', 'train.steps=90'];
      ok('--out', 'sgd-straight', ...settings);
      ok('--out', 'sgd-parts', ...settings, '--stop-at', '33');
      ok('--resume', 'sgd-parts', '--stop-at', '61');
      ok('--resume', 'sgd-parts');
      expect(file('sgd-parts', 'checkpoint.json')).to.equal(file('sgd-straight', 'checkpoint.json'));
      expect((json('sgd-parts', 'results.json') as Results).resumedAt).to.deep.equal([33, 61]);
    });

    it('saves asdict(optimizer) with its state, the schedule position and the data order', () => {
      const saved = json('halves', 'checkpoint.json') as Record<string, unknown>;
      expect(saved.optimizer).to.deep.equal({ target: 'optim:Adam', lr: 0.02, beta1: 0.9, beta2: 0.999, __dense_spec__: true });
      expect(saved.schedule).to.deep.equal({ step: 400, total: 400 });
      expect(saved.dataOrder).to.deep.equal({ seed: 1, position: 400 * 32 });
      const state = saved.optimizerState as { t: number; m: number[][]; v: number[][] };
      expect(state.t).to.equal(400);
      expect(state.m.map((a) => a.length)).to.deep.equal(state.v.map((a) => a.length));
    });

    it('extends a finished run when train.steps grows, and lists what changed', () => {
      ok('--out', 'extend', 'train.steps=40');
      const out = ok('--resume', 'extend', 'train.steps=60', 'optimizer.lr=0.01').stdout;
      expect(out).to.match(/^resuming with changes: optimizer\.lr 0\.02 → 0\.01, train\.steps 40 → 60$/m);
      expect((json('extend', 'results.json') as Results).step).to.equal(60);
      expect(ok('--resume', 'extend').stdout).to.match(/extend is complete: step 60 of 60; raise train\.steps/);
    });

    it('refuses to change the data, the split or the model of a run, or to swap its optimizer', () => {
      for (const [override, section] of [['model.hidden=8', 'model'], ['split.seed=3', 'split'], ['data.n=64', 'data']]) {
        const result = demo('--resume', 'halves', override!);
        expect(result.status, override).to.equal(2);
        expect(result.stderr).to.include(`--resume: ${section!} cannot change when resuming`);
      }
      const swapped = demo('--resume', 'halves', 'optimizer.target=optim:SGD', 'train.steps=500');
      expect(swapped.status).to.equal(2);
      expect(swapped.stderr).to.equal('error: --resume: the checkpoint holds the state of optim:Adam, which optim:SGD cannot take over\n');
    });

    it('refuses a directory without a checkpoint, and a checkpoint that is not one', () => {
      mkdirSync(join(scratch, 'empty'));
      expect(demo('--resume', 'empty').stderr).to.equal('error: --resume empty: no checkpoint.json in empty\n');
      ok('--out', 'spoilt', 'train.steps=10');
      const saved = json('spoilt', 'checkpoint.json') as Record<string, unknown>;
      writeFileSync(join(scratch, 'spoilt', 'checkpoint.json'), JSON.stringify({ ...saved, weights: [[1, 2]] }));
      const result = demo('--resume', 'spoilt', 'train.steps=20');
      expect(result.status).to.equal(2);
      expect(result.stderr).to.equal('error: expected 6 weight arrays, got 1\n');
      writeFileSync(join(scratch, 'spoilt', 'checkpoint.json'), JSON.stringify({ ...saved, format: 'other' }));
      expect(demo('--resume', 'spoilt').stderr).to.match(/not a checkpoint of this demo \(format is "other"/);
    });

    it('Ctrl-C (SIGINT) stops after the current step, saves the run and exits 130; --resume continues it', async () => {
      const child = spawn(process.execPath, [MAIN, '--out', 'interrupted', 'train.steps=1000000'], {
        cwd: scratch,
        env: demoEnv(),
      });
      let stdout = '';
      child.stdout.setEncoding('utf8');
      let sent = false;
      const status = await new Promise<number | null>((resolve) => {
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          // The handler is in place before the data line is printed; training follows it.
          if (!sent && /^data: /m.test(stdout)) {
            sent = true;
            setTimeout(() => child.kill('SIGINT'), 300);
          }
        });
        child.on('exit', resolve);
      });
      expect(status, stdout).to.equal(130);
      const match = /interrupted at step (\d+) of 1000000/.exec(stdout);
      expect(match, stdout).not.to.equal(null);
      const step = Number(match![1]);
      expect(step).to.be.within(0, 999_999); // 0 when a busy machine delays training past the signal
      expect(stdout).to.match(/continue it: npm start -- --resume interrupted$/m);
      const saved = json('interrupted', 'checkpoint.json') as { schedule: { step: number }; optimizerState: { t: number } };
      expect(saved.schedule.step).to.equal(step);
      expect(saved.optimizerState.t).to.equal(step);
      const resumed = ok('--resume', 'interrupted', `train.steps=${step + 3}`).stdout;
      expect(resumed).to.include(`resuming at step ${step} of ${step + 3}`);
      expect((json('interrupted', 'results.json') as Results).step).to.equal(step + 3);
    });

    it('cannot be combined with --config', () => {
      const result = demo('--resume', 'halves', '--config', 'halves/config.json');
      expect(result.status).to.equal(2);
      expect(result.stderr).to.match(/--config and --resume both name the config/);
    });
  });

  describe('--print-config', () => {
    it('prints the config after the overrides, as JSON, exits 0 and trains nothing', () => {
      const result = ok('--print-config', 'model.hidden=32', 'train.steps=7', '--out', 'printed');
      const printed = JSON.parse(result.stdout) as { model: { hidden: number }; train: { steps: number } };
      const defaults = JSON.parse(readFileSync(join(ROOT, 'examples', 'config.json'), 'utf8')) as typeof printed;
      expect(printed).to.deep.equal({ ...defaults, model: { ...defaults.model, hidden: 32 }, train: { ...defaults.train, steps: 7 } });
      expect(existsSync(join(scratch, 'printed'))).to.equal(false);
    });

    it('prints the config a resume would continue with', () => {
      ok('--out', 'to-print', 'train.steps=20', 'model.hidden=3', '--stop-at', '10');
      const config = json('to-print', 'config.json') as { model: { hidden: number }; train: { steps: number } };
      const printed = JSON.parse(ok('--resume', 'to-print', '--print-config', 'train.steps=800').stdout) as typeof config;
      expect(printed).to.deep.equal({ ...config, train: { ...config.train, steps: 800 } });
      expect(printed.model.hidden).to.equal(3);
    });

    it('takes no value: --print-config=yes is an error, not a run', () => {
      const result = demo('--print-config=yes');
      expect(result.status).to.equal(2);
      expect(result.stderr).to.equal('error: --print-config takes no value: write --print-config alone\n');
    });

    it('still fails on a bad override, before printing anything', () => {
      const result = demo('--print-config', 'model.hiden=32');
      expect(result.status).to.equal(1);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.match(/^error: UNKNOWN_PARAMETER at model\.hiden .*did you mean "hidden"/);
    });

    it('a wrong value or a new key fails before training, exit 1 (issue 11: optimizer.lr=0.1,0.01, train.step=5)', () => {
      const lr = demo('--out', 'never-lr', 'optimizer.lr=0.1,0.01');
      expect([lr.status, lr.stdout]).to.deep.equal([1, '']);
      expect(lr.stderr).to.equal('error: INVALID_VALUE at optimizer.lr (optim:Adam): expected a number, got the string "0.1,0.01"\n');
      const step = demo('--out', 'never-step', 'train.step=5');
      expect([step.status, step.stdout]).to.deep.equal([1, '']);
      expect(step.stderr).to.match(/^error: INVALID_OVERRIDE at train\.step: .*did you mean train\.steps\?/);
      const steps = demo('--out', 'never-steps', 'train.steps=abc');
      expect([steps.status, steps.stderr]).to.deep.equal([1, 'error: INVALID_VALUE at train.steps: expected a number, got the string "abc"\n']);
      for (const dir of ['never-lr', 'never-step', 'never-steps']) expect(existsSync(join(scratch, dir)), dir).to.equal(false);
      // Adding a key is said so: +train.note=x passes the override check.
      const added = ok('--print-config', '+train.note=x');
      expect((JSON.parse(added.stdout) as { train: { note: string } }).train.note).to.equal('x');
    });
  });

  describe('--help', () => {
    it('lists every flag and every override path', () => {
      const help = ok('--help').stdout;
      for (const flag of ['--config FILE', '--resume RUN', '--stop-at STEP', '--out DIR', '--print-config', '-h, --help']) {
        expect(help).to.include(`  ${flag} `);
      }
      for (const path of ['split.validation=0.25', 'train.evalEvery=10', 'model.hidden=16']) expect(help).to.include(`  ${path}\n`);
    });

    it('shows the override grammar', () => {
      const help = ok('--help').stdout;
      for (const form of ['  PATH=VALUE ', '  +PATH=VALUE ', '  ++PATH=VALUE ', '  ~PATH, ~PATH=V ']) expect(help).to.include(form);
    });
  });
});

describe('scripts/ensure-deps.mjs (prestart, pretest)', () => {
  let dir = '';
  type StaleReason = (dir: string) => string | undefined;
  let staleReason: StaleReason;
  before(async () => {
    const url = new URL('../../../scripts/ensure-deps.mjs', import.meta.url).href;
    ({ staleReason } = (await import(url)) as { staleReason: StaleReason });
    dir = mkdtempSync(join(tmpdir(), 'config-spec-deps-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const touch = (path: string, seconds: number): void => {
    writeFileSync(join(dir, path), '{}');
    utimesSync(join(dir, path), seconds, seconds);
  };

  it('installs when node_modules is missing', () => {
    touch('package-lock.json', 1_000_000);
    expect(staleReason(dir)).to.equal('node_modules is missing');
  });

  it('installs when the lockfile is newer than the last install', () => {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    touch('node_modules/.package-lock.json', 1_000_000);
    touch('package-lock.json', 1_000_100);
    expect(staleReason(dir)).to.equal('package-lock.json is newer than node_modules');
  });

  it('does nothing after an install, as in CI after npm ci (no loop, no second install)', () => {
    touch('package-lock.json', 1_000_000);
    touch('node_modules/.package-lock.json', 1_000_000);
    expect(staleReason(dir)).to.equal(undefined);
    touch('node_modules/.package-lock.json', 1_000_100);
    expect(staleReason(dir)).to.equal(undefined);
    // This checkout right now: its install is current, so npm test's own pretest did nothing.
    expect(staleReason(ROOT)).to.equal(undefined);
  });
});
