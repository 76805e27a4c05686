/** The repository root and the built package (dist/), for tests that run the published files. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory of this repository (its package.json is named config-spec). */
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
 * Builds dist/ with `npm run build`'s script when `file` (in dist/) is missing or older than the
 * sources, and fails when it still is not there. The build runs without NODE_V8_COVERAGE: its
 * processes would write megabytes of coverage that `npm test` does not use.
 */
export function ensureDist(file = 'index.js'): string {
  const root = repoRoot();
  const built = join(root, 'dist', file);
  const newest = Math.max(...readdirSync(join(root, 'src')).map((f) => statSync(join(root, 'src', f)).mtimeMs));
  if (!existsSync(built) || statSync(built).mtimeMs < newest) {
    const env = { ...process.env };
    delete env.NODE_V8_COVERAGE;
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8', env });
    if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}${run.stderr}`);
  }
  if (!existsSync(built)) throw new Error(`dist/${file} was not built`);
  return built;
}
