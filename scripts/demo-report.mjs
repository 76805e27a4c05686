// `npm run demo:report`: runs the demo with its default config, as `npm start` does, and puts what it
// produced into the README: the picture (docs/demo/report.svg, which a test compares with a fresh
// default run) and the terminal output (between the README's demo-output markers).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemo, root } from './demo-build.mjs';

await buildDemo();
// Run from a scratch directory standing in for the clone, so the output shows runs/DATE_TIME.
const scratch = mkdtempSync(join(tmpdir(), 'config-spec-demo-report-'));
try {
  const env = { ...process.env, INIT_CWD: scratch };
  const run = spawnSync(process.execPath, [join(root, 'build', 'examples', 'main.js')], { cwd: scratch, encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`the demo failed (exit ${String(run.status)}):\n${run.stdout}${run.stderr}`);
  const [dir] = readdirSync(join(scratch, 'runs'));
  mkdirSync(join(root, 'docs', 'demo'), { recursive: true });
  copyFileSync(join(scratch, 'runs', dir, 'report.svg'), join(root, 'docs', 'demo', 'report.svg'));

  const readmeFile = join(root, 'README.md');
  const readme = readFileSync(readmeFile, 'utf8');
  const start = '<!-- demo-output: npm run demo:report writes this block -->';
  const end = '<!-- /demo-output -->';
  const [before, rest] = readme.split(start);
  if (rest === undefined || !rest.includes(end)) throw new Error(`README.md has no ${start} … ${end} block`);
  const after = rest.slice(rest.indexOf(end));
  const block = `\n\`\`\`text\n$ npm start\n${run.stdout.trimEnd()}\n\`\`\`\n`;
  writeFileSync(readmeFile, `${before}${start}${block}${after}`);
  console.log(`wrote docs/demo/report.svg and the README's npm start output (from runs/${dir})`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
