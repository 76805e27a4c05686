/** The built package (dist/) and the `config-spec` binary, for tests that spawn the command line. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** Builds dist/ when it is missing or older than the sources; returns the path of the binary. */
export function ensureDist(): string {
  const root = repoRoot();
  const built = join(root, 'dist', 'cli.js');
  const newest = Math.max(...readdirSync(join(root, 'src')).map((f) => statSync(join(root, 'src', f)).mtimeMs));
  if (!existsSync(built) || statSync(built).mtimeMs < newest) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8', env: withoutCoverage(process.env) });
  }
  if (!existsSync(built)) throw new Error('dist/cli.js was not built');
  return join(root, 'bin', 'config-spec.js');
}
