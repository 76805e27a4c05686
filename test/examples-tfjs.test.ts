/**
 * The TensorFlow.js example (examples/tfjs/, issue 14, item 5) against the real library. It is its own
 * package, not a dependency of config-spec: this runs only once it is installed
 * (`cd examples/tfjs && npm install`), and says so when skipped.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decoratorMode } from './support/mode.js';
import { ensureDist, repoRoot, withoutCoverage } from './support/dist.js';

const root = repoRoot();
const installed = existsSync(join(root, 'examples', 'tfjs', 'node_modules', '@tensorflow', 'tfjs'));

interface RunResult {
  config: { model: Record<string, unknown>; optimizer: Record<string, unknown> };
  losses: number[];
  optimizerConfig: { learningRate: number; beta1: number; beta2: number };
  restoredUnits: number;
  restoredClass: string;
}

describe(`examples/tfjs (${decoratorMode})`, () => {
  const title = 'registers TF.js by call, writes a model + optimizer config, rebuilds it from JSON, trains, and round-trips a layer through the codec';
  if (!installed) {
    it.skip(`${title} [skipped: examples/tfjs/node_modules is not installed; run: cd examples/tfjs && npm install]`);
    return;
  }
  if (decoratorMode === 'standard') {
    // It runs dist/ in a child process, the same in both builds: once is enough.
    it.skip(`${title} [runs once, in the legacy build: it does not depend on the decorator mode]`);
    return;
  }
  it(title, function () {
    this.timeout(120_000);
    ensureDist();
    const script = "import { run } from './examples/tfjs/main.mjs'; const r = await run({ steps: 4, log: () => {} }); process.stdout.write('\\nRESULT ' + JSON.stringify(r));";
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: withoutCoverage(process.env) });
    expect(child.status, child.stderr).to.equal(0);
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line, child.stdout).to.be.a('string');
    const result = JSON.parse((line as string).slice('RESULT '.length)) as RunResult;
    // Layers written flat (their parameter is named `args`), nothing under "kwargs".
    expect(JSON.stringify(result.config)).not.to.contain('kwargs');
    expect((result.config.model.layers as Record<string, unknown>[])[0]).to.deep.include({ target: 'tf.layers:dense', units: 8, activation: 'relu' });
    // tf.train.adam's ES5 defaults applied: only learningRate was configured.
    expect(result.optimizerConfig).to.deep.include({ learningRate: 0.05, beta1: 0.9, beta2: 0.999 });
    expect(result.losses).to.have.length(4);
    expect(result.losses[3]).to.be.lessThan(result.losses[0] as number);
    expect(result).to.deep.include({ restoredUnits: 8, restoredClass: 'Dense' });
  });
});
