// `npm test`: compiles the one test tree with tsc twice, once per TypeScript decorator mode (legacy
// experimentalDecorators + emitDecoratorMetadata, and TC39 standard decorators), runs mocha on each
// output, checks the coverage of src/ by both runs together, and ends with one line adding it all
// up: "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { buildDemo } from './demo-build.mjs';
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

// ---------------------------------------------------------------------------------------------
// Coverage (issue 5). Only the mocha runs write V8 coverage (NODE_V8_COVERAGE is set for them
// alone, not for tsc). c8 then maps build/{legacy,standard}/src/*.js back to src/*.ts through
// their source maps, merges the two modes, counts every src file (--all: a file no test loads is
// 0%), prints a summary and checks the thresholds. A run filtered by arguments measures nothing.
const COVERAGE = {
  dir: resolve('coverage'),
  raw: resolve('coverage', 'tmp'),
  thresholds: { lines: 95, branches: 90 },
  enabled: grep.length === 0,
};

function prepareCoverage() {
  if (!COVERAGE.enabled) return;
  rmSync(COVERAGE.dir, { recursive: true, force: true });
  mkdirSync(COVERAGE.raw, { recursive: true });
}

/** What a mocha run's environment needs to write coverage (an absolute path: tests change cwd). */
function coverageEnv() {
  return COVERAGE.enabled ? { NODE_V8_COVERAGE: COVERAGE.raw } : {};
}

/**
 * Reports the coverage of the runs and checks the thresholds; returns the number of failures to
 * count (1 when a threshold is missed or c8 fails, else 0). `complete` is false when a mode did
 * not run: the figures are then shown but not held to the thresholds.
 */
function checkCoverage(complete) {
  if (!COVERAGE.enabled) return 0;
  const { lines, branches } = COVERAGE.thresholds;
  console.log(`\n=== coverage of src/ (both modes; thresholds: lines ${lines}%, branches ${branches}%)`);
  const c8 = require.resolve('c8/bin/c8.js');
  const report = spawnSync(process.execPath, [
    c8, 'report',
    '--temp-directory', COVERAGE.raw, '--reports-dir', COVERAGE.dir,
    '--all', ...modes.flatMap((mode) => ['--src', `${mode.out}/src`, '--include', `${mode.out}/src/**`]),
    '--reporter', 'text-summary', '--reporter', 'json-summary', '--reporter', 'html',
    ...(complete ? ['--check-coverage', '--lines', String(lines), '--branches', String(branches)] : []),
  ], { stdio: 'inherit' });
  // The raw V8 files are only input to the report (megabytes per run).
  rmSync(COVERAGE.raw, { recursive: true, force: true });
  const summaryFile = join(COVERAGE.dir, 'coverage-summary.json');
  if (existsSync(summaryFile)) {
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
    const pct = (entry, what) => `${what} ${entry[what].pct}%`;
    const lowest = Object.entries(summary)
      // A types-only module compiles to no statements: 0 of 0 is not low coverage.
      .filter(([file, entry]) => file !== 'total' && entry.lines.total > 0)
      .sort(([, a], [, b]) => a.branches.pct - b.branches.pct || a.lines.pct - b.lines.pct)
      .slice(0, 3)
      .map(([file, entry]) => `${relative(process.cwd(), file)} (${pct(entry, 'lines')}, ${pct(entry, 'branches')})`);
    console.log(`lowest branch coverage: ${lowest.join(', ')}; full report: ${relative(process.cwd(), join(COVERAGE.dir, 'index.html'))}`);
  }
  if (!complete) {
    console.log('coverage not checked: a decorator mode did not run');
    return 0;
  }
  if (report.status !== 0) {
    console.error(`coverage below the thresholds (lines ${lines}%, branches ${branches}%), or c8 failed (exit ${String(report.status)})`);
    return 1;
  }
  return 0;
}

let passed = 0;
let failed = 0;
let pending = 0;
let modesRun = 0;
const scratch = mkdtempSync(join(tmpdir(), 'config-spec-test-'));
prepareCoverage();
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
    { stdio: 'inherit', env: { ...process.env, ...coverageEnv(), CONFIG_SPEC_STATS: stats, CONFIG_SPEC_MODE: mode.name } },
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
  modesRun += 1;
}
failed += checkCoverage(modesRun === modes.length);

// The demo (examples/, what `npm start` runs): type-checked by tsc, bundled as `npm start` bundles it
// (esbuild), and its tests under examples/test run by mocha; not part of the coverage of src/.
{
  console.log('\n=== the demo: tsc --noEmit -p tsconfig.examples.json, then examples/test with mocha');
  const check = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.examples.json'], { stdio: 'inherit' });
  if (check.status !== 0) {
    console.error('tsc found type errors in examples/');
    failed += 1;
  }
  let built = false;
  try {
    await buildDemo();
    built = true;
  } catch (error) {
    console.error(`the demo did not build: ${error.message}`);
    failed += 1;
  }
  if (built) {
    const stats = join(scratch, 'demo.json');
    const run = spawnSync(
      process.execPath,
      [mocha, '--reporter', reporter, '--timeout', '60000', ...grep, 'build/examples/test/**/*.test.js'],
      { stdio: 'inherit', env: { ...process.env, CONFIG_SPEC_STATS: stats, CONFIG_SPEC_MODE: 'demo' } },
    );
    if (existsSync(stats)) {
      const counts = JSON.parse(readFileSync(stats, 'utf8'));
      passed += counts.passes;
      failed += counts.failures;
      pending += counts.pending;
    } else {
      console.error(`mocha did not finish for the demo (exit ${String(run.status)})`);
      failed += 1;
    }
  }
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
