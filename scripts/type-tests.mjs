// The type-level part of `npm test`, counted like tests:
// - each type test file test/types/*.types.ts must compile clean with TypeScript 5.9 (`tsc --noEmit`)
//   once per decorator mode; a `// @ts-expect-error` line that is not an error fails it too;
// - the published .d.ts (dist/, built here by scripts/build.mjs: tsc 5.9 declarations) must compile in a strict consumer
//   (test/types/ts7/, `import … from 'config-spec'`) under TypeScript 5.9 and under TypeScript 7, in
//   both decorator modes;
// - the published .d.ts has no `any` but the documented ones (data from dicts, as JSON.parse).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
const tsc5 = require.resolve('typescript/bin/tsc');
// typescript7's package `exports` hide bin/, so go through its package.json.
const tsc7 = join(dirname(require.resolve('typescript7/package.json')), 'bin', 'tsc');
const typesDir = join(root, 'test', 'types');
const modes = [
  { name: 'standard decorators', config: 'test/types/tsconfig.json' },
  { name: 'legacy decorators', config: 'test/types/tsconfig.legacy.json' },
];
const consumers = [
  { name: 'standard decorators', config: 'test/types/ts7/tsconfig.json' },
  { name: 'legacy decorators', config: 'test/types/ts7/tsconfig.legacy.json' },
  // A browser app: `types: []`, `lib: ["ES2022", "DOM"]`, `skipLibCheck: false` (no Node types reachable).
  { name: 'browser app without Node types, standard decorators', config: 'test/types/browser/tsconfig.json' },
  { name: 'browser app without Node types, legacy decorators', config: 'test/types/browser/tsconfig.legacy.json' },
];
// The only `any`s the public types may have: the type parameter defaults of the functions that
// return data read from or written to dicts (DESIGN.md §2, "Typing"), or read from config text.
const ANY_ALLOWED = new Set(['asdict', 'autowire', 'fromDict', 'instantiate', 'instantiateFromDict', 'instantiateAsync', 'instantiateFromDictAsync', 'convertConfig', 'parseConfigText']);

/**
 * Runs every type check (the independent compilations in parallel), printing one line each;
 * resolves to how many passed and failed.
 */
export async function runTypeTests() {
  const counts = { passed: 0, failed: 0 };
  const report = (ok, title, details = '') => {
    counts[ok ? 'passed' : 'failed'] += 1;
    console.log(`  ${ok ? '✔' : '✘'} ${title}`);
    if (!ok && details !== '') console.log(details.replace(/^/gm, '      '));
  };

  const files = readdirSync(typesDir).filter((f) => f.endsWith('.types.ts')).sort();
  const [build, ...results] = await Promise.all([
    run(join(root, 'scripts', 'build.mjs'), []),
    ...modes.map((mode) => compile(tsc5, mode.config)),
  ]);
  modes.forEach((mode, i) => {
    console.log(`\n=== type tests, ${mode.name}: tsc --noEmit -p ${mode.config}`);
    const { byFile } = results[i];
    for (const file of files) {
      const found = byFile.get(`test/types/${file}`) ?? [];
      byFile.delete(`test/types/${file}`);
      report(found.length === 0, `${file} compiles clean`, found.join('\n'));
    }
    // Errors in src/, in the support file or in the configuration itself.
    const other = [...[...byFile.values()].flat(), ...results[i].other];
    if (other.length > 0) report(false, 'no errors outside the type test files', other.join('\n'));
  });

  console.log('\n=== published .d.ts: dist built with TypeScript 5.9, test/types/ts7 compiled against it');
  if (build.status !== 0) {
    report(false, 'dist builds', build.output);
    return counts;
  }
  const compilers = [['TypeScript 5.9', tsc5], ['TypeScript 7', tsc7]];
  const versions = await Promise.all(compilers.map(async ([, bin]) => (await run(bin, ['--version'])).output.trim().replace(/^Version /, '')));
  const jobs = compilers.flatMap(([name, bin], i) => consumers.map((c) => ({ title: `${name} (${versions[i]}), ${c.name}`, bin, config: c.config })));
  const checked = await Promise.all(jobs.map((job) => compile(job.bin, job.config)));
  jobs.forEach((job, i) => {
    const { byFile, other } = checked[i];
    const all = [...[...byFile.values()].flat(), ...other];
    report(all.length === 0, `a strict consumer of dist/*.d.ts compiles under ${job.title}`, all.join('\n'));
  });
  const anys = unexpectedAnys(join(root, 'dist'));
  report(anys.length === 0, 'no `any` in the published types but the documented dict-data defaults', anys.join('\n'));
  return counts;
}

function run(bin, args) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => done({ status: -1, output: `${output}${String(error)}` }));
    child.on('close', (status) => done({ status, output }));
  });
}

// Diagnostics by file (paths relative to the project root); `other` holds those without a file.
async function compile(bin, config) {
  const { status, output } = await run(bin, ['--noEmit', '-p', config, '--pretty', 'false']);
  const byFile = new Map();
  const other = [];
  let last;
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^(.+?)\(\d+,\d+\): error /.exec(line);
    if (match !== null) {
      const file = relative(root, resolve(root, match[1]));
      last = byFile.get(file) ?? [];
      byFile.set(file, last);
      last.push(line);
    } else if (/^\s/.test(line) && last !== undefined) {
      last.push(line);
    } else {
      other.push(line);
      last = other;
    }
  }
  if (status !== 0 && byFile.size === 0 && other.length === 0) other.push(`tsc exited with ${String(status)}`);
  return { byFile, other };
}

// Every `any` keyword in dist/*.d.ts outside the allowed type parameter defaults, as "file:line: text".
function unexpectedAnys(dir) {
  const ts = require('typescript');
  const found = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.d.ts')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (node.kind === ts.SyntaxKind.AnyKeyword && !isAllowedAny(ts, node)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`dist/${file}:${String(line + 1)}: ${text.split('\n')[line].trim()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function isAllowedAny(ts, node) {
  const parameter = node.parent;
  if (!ts.isTypeParameterDeclaration(parameter) || parameter.default !== node) return false;
  const owner = parameter.parent;
  return (ts.isFunctionDeclaration(owner) || ts.isMethodDeclaration(owner)) && owner.name !== undefined && ANY_ALLOWED.has(owner.name.getText());
}

// `npm run test:types`: only these checks.
if (isMain) {
  const { passed, failed } = await runTypeTests();
  console.log(`\n${String(passed)} passed, ${String(failed)} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}
