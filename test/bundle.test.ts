/**
 * Node bundles of the Quickstart program (issue 12): esbuild with `keepNames`, and minified with
 * explicit names, each copied to a folder with no node_modules and run there; the configs they write
 * are read by the tsc build of the same program, and theirs by them. Decorators are compiled in this
 * run's decorator mode.
 */
import { expect } from 'chai';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Check } from './fixtures/quickstart/program.js';
import { decoratorMode } from './support/mode.js';
import { ensureDist, repoRoot } from './support/dist.js';
import { bundleQuickstart } from './support/quickstart.js';

// The tsc build of the program: this file's sibling in build/<mode>/test/.
const TSC_BUILD = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'quickstart', 'node-main.js');

interface Run {
  readonly checks: Check[];
  readonly stderr: string;
  readonly status: number | null;
}

function run(script: string, args: string[], cwd: string): Run {
  const env = { ...process.env };
  delete env.NODE_V8_COVERAGE;
  const child = spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8', env });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  let checks: Check[] = [];
  try {
    checks = JSON.parse(last) as Check[];
  } catch {
    // Reported by expectAllPass with the process's output.
  }
  return { checks, stderr: `${child.stdout}${child.stderr}`, status: child.status };
}

function expectAllPass(result: Run, what: string): void {
  expect(result.status, `${what} exited with ${String(result.status)}:\n${result.stderr}`).to.equal(0);
  expect(result.checks.length, `${what} reported no checks:\n${result.stderr}`).to.be.greaterThan(3);
  const failed = result.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  expect(failed, what).to.deep.equal([]);
}

describe(`bundle: the Quickstart bundled for Node (${decoratorMode} decorators)`, function () {
  this.timeout(120_000);
  let dir = '';
  const variants = [
    { name: 'keepNames', file: 'keep-names.mjs', options: { keepNames: true } },
    { name: 'minified + explicit names', file: 'minified.mjs', options: { minify: true, explicitNames: true } },
  ] as const;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-spec-bundle-'));
    expect(existsSync(join(dir, 'node_modules'))).to.equal(false);
    for (const variant of variants) {
      await bundleQuickstart({ entry: 'node-main', platform: 'node', decorators: decoratorMode, outfile: join(dir, variant.file), ...variant.options });
    }
  });

  after(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('the tsc build of the program passes every check (the reference)', () => {
    expectAllPass(run(TSC_BUILD, ['checks'], dir), 'the tsc build');
  });

  for (const variant of variants) {
    it(`${variant.name}: self-contained (no import of acorn, reflect-metadata or config-spec) and passes every check`, () => {
      const text = readFileSync(join(dir, variant.file), 'utf8');
      expect(text).not.to.match(/from\s*["'](acorn|reflect-metadata|config-spec)["']|require\(["'](acorn|reflect-metadata)["']\)/);
      expectAllPass(run(join(dir, variant.file), ['checks'], dir), variant.name);
    });

    it(`${variant.name}: reads the configs the tsc build wrote, and the tsc build reads its configs`, () => {
      const fromTsc = join(dir, `tsc-${variant.file}.json`);
      const fromBundle = join(dir, `bundle-${variant.file}.json`);
      expectAllPass(run(TSC_BUILD, ['write', fromTsc], dir), 'the tsc build writing');
      expectAllPass(run(join(dir, variant.file), ['read', fromTsc], dir), `${variant.name} reading the tsc build's configs`);
      expectAllPass(run(join(dir, variant.file), ['write', fromBundle], dir), `${variant.name} writing`);
      expectAllPass(run(TSC_BUILD, ['read', fromBundle], dir), `the tsc build reading ${variant.name}'s configs`);
      // One dict shape whatever the build: the files are byte for byte the same.
      expect(readFileSync(fromBundle, 'utf8')).to.equal(readFileSync(fromTsc, 'utf8'));
    });
  }

  it('regression: minified code without explicit names is refused at registration (was: optim:G, parameters e, n, r)', async () => {
    const file = join(dir, 'minified-unnamed.mjs');
    await bundleQuickstart({ entry: 'node-main', platform: 'node', decorators: decoratorMode, outfile: file, minify: true });
    const result = run(file, ['checks'], dir);
    expect(result.status).not.to.equal(0);
    expect(result.stderr).to.match(/INVALID_REGISTRATION/);
    expect(result.stderr).to.match(/looks like a minified name|differs from .* in its own source text/);
    expect(result.stderr).to.include("{ name: '…' }");
  });
});

describe('bundle: a user\'s parameters keep their names beside the package\'s own', function () {
  this.timeout(120_000);

  it('regression: bundling dist/index.js into an app renamed the app\'s parameters that shared a name with the package\'s functions (constructor(start, step) → start2, step2)', async () => {
    ensureDist();
    const dist = join(repoRoot(), 'dist', 'index.js');
    // The names of the package's own functions, as written in dist/: each one becomes a parameter.
    const names = [...new Set([...readFileSync(dist, 'utf8').matchAll(/function ([a-z][A-Za-z]{3,})\(/g)].map((m) => m[1] as string))]
      .filter((name) => !['function', 'constructor', 'arguments'].includes(name))
      .slice(0, 60);
    expect(names, 'the package has functions of its own to collide with').to.include.members(['child', 'formatPath']);
    const dir = mkdtempSync(join(tmpdir(), 'config-spec-names-'));
    try {
      const entry = join(dir, 'app.mjs');
      writeFileSync(entry, [
        `import { configurable, defaultRegistry, Spec } from ${JSON.stringify(dist)};`,
        `function many(${names.join(', ')}) { return [${names.join(', ')}]; }`,
        "configurable('names', many);",
        "const read = defaultRegistry.signatureOf(defaultRegistry.lookup('names:many')).params.map((p) => p.name);",
        `const kwargs = Object.fromEntries(${JSON.stringify(names)}.map((name, i) => [name, i]));`,
        'const built = new Spec(many, kwargs, { called: true }).instantiate();',
        'console.log(JSON.stringify({ read, built }));',
      ].join('\n'));
      const outfile = join(dir, 'out.mjs');
      await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', target: 'es2022', keepNames: true, logLevel: 'silent' });
      const env = { ...process.env };
      delete env.NODE_V8_COVERAGE;
      const child = spawnSync(process.execPath, [outfile], { cwd: dir, encoding: 'utf8', env });
      expect(child.status, child.stderr).to.equal(0);
      const out = JSON.parse(child.stdout) as { read: string[]; built: number[] };
      expect(out.read).to.deep.equal(names);
      expect(out.built).to.deep.equal(names.map((_, i) => i));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
