/** The built package (dist/) and the `config-spec` binary, for tests that run the published files. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest directory above this file whose package.json is config-spec's. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'config-spec') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the config-spec repository root');
    dir = up;
  }
}

/**
 * `env` without NODE_V8_COVERAGE: a spawned binary runs dist/, not the measured build/, and would
 * write megabytes of coverage that `npm test` does not use.
 */
export function withoutCoverage(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  delete out.NODE_V8_COVERAGE;
  return out;
}

/** The published files the tests run: the package root, and the CLI the binary runs. */
const ENTRIES = ['index.js', 'cli.js'];

/**
 * Builds dist/ with `npm run build`'s script (esbuild, then tsc for the declarations) when one of
 * its entry files is missing or older than the sources; returns the path of the binary.
 * @throws Error when the build fails
 */
export function ensureDist(): string {
  const root = repoRoot();
  // The sources, and the build script that makes dist/ from them.
  const newest = Math.max(statSync(join(root, 'scripts', 'build.mjs')).mtimeMs, ...readdirSync(join(root, 'src')).map((f) => statSync(join(root, 'src', f)).mtimeMs));
  const stale = ENTRIES.some((file) => {
    const built = join(root, 'dist', file);
    return !existsSync(built) || statSync(built).mtimeMs < newest;
  });
  if (stale) {
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8', env: withoutCoverage(process.env) });
    if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}${run.stderr}`);
  }
  for (const file of ENTRIES) if (!existsSync(join(root, 'dist', file))) throw new Error(`dist/${file} was not built`);
  return join(root, 'bin', 'config-spec.js');
}
