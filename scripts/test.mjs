// `npm test`: compiles the one test tree with tsc twice, once per TypeScript decorator mode (legacy
// experimentalDecorators + emitDecoratorMetadata, and TC39 standard decorators), runs mocha on each
// output, and ends with one line adding both up: "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTypeTests } from './type-tests.mjs';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const mocha = require.resolve('mocha/bin/mocha.js');
const reporter = new URL('./counting-reporter.cjs', import.meta.url).pathname;
const modes = [
  { name: 'legacy decorators', config: 'tsconfig.test-legacy.json', out: 'build/legacy' },
  { name: 'standard decorators', config: 'tsconfig.test-standard.json', out: 'build/standard' },
];
const grep = process.argv.slice(2);

let passed = 0;
let failed = 0;
let pending = 0;
const scratch = mkdtempSync(join(tmpdir(), 'config-spec-test-'));
for (const mode of modes) {
  console.log(`\n=== ${mode.name}: tsc -p ${mode.config}`);
  rmSync(mode.out, { recursive: true, force: true });
  const compile = spawnSync(process.execPath, [tsc, '-p', mode.config], { stdio: 'inherit' });
  if (compile.status !== 0) {
    console.error(`tsc failed for ${mode.name}`);
    failed += 1;
    continue;
  }
  const stats = join(scratch, `${mode.out.replace(/\W/g, '_')}.json`);
  const run = spawnSync(
    process.execPath,
    [mocha, '--reporter', reporter, '--timeout', '20000', ...grep, `${mode.out}/test/**/*.test.js`],
    { stdio: 'inherit', env: { ...process.env, CONFIG_SPEC_STATS: stats, CONFIG_SPEC_MODE: mode.name } },
  );
  if (!existsSync(stats)) {
    console.error(`mocha did not finish for ${mode.name} (exit ${String(run.status)})`);
    failed += 1;
    continue;
  }
  const counts = JSON.parse(readFileSync(stats, 'utf8'));
  passed += counts.passes;
  failed += counts.failures;
  pending += counts.pending;
}
rmSync(scratch, { recursive: true, force: true });
// Type-level tests and the published .d.ts under TypeScript 5.9 and 7 (skipped when mocha args narrow the run).
if (grep.length === 0) {
  const types = await runTypeTests();
  passed += types.passed;
  failed += types.failed;
}
console.log(`\n${passed} passed, ${failed} failed${pending > 0 ? `, ${pending} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
