// Builds what the demo runs, quickly: `npm start` (scripts/start.mjs) and the demo's tests in
// `npm test` share it.
//
// - dist/: the package as published. The demo imports it by name (`from 'config-spec'`, resolved
//   through package.json `exports`, as a user's code would), so it must be current. `npm run build`
//   runs only when a source or build setting is newer than dist/index.js; otherwise dist/ is reused.
// - build/examples/: the demo's TypeScript, transpiled file by file by esbuild (~50 ms, against ~2 s
//   for tsc). esbuild keeps the TC39 decorator semantics the demo's `@configurable` classes use
//   (tsconfig.examples.json has no experimentalDecorators) and emits the imports unchanged, so the
//   package is still imported by name. esbuild does not type-check: `npm test` runs
//   `tsc --noEmit -p tsconfig.examples.json` for that.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time among files (and the files under directories), or -Infinity. */
function newest(paths) {
  let latest = -Infinity;
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      if (error.code === 'ENOENT') continue;
      throw error;
    }
    if (stat.isDirectory()) {
      latest = Math.max(latest, newest(readdirSync(path).map((name) => join(path, name))));
    } else {
      latest = Math.max(latest, stat.mtimeMs);
    }
  }
  return latest;
}

/** Why dist/ must be rebuilt, or undefined when it is current. */
export function distStaleReason() {
  let built;
  try {
    built = statSync(join(root, 'dist', 'index.js')).mtimeMs;
  } catch {
    return 'dist/ is missing';
  }
  const inputs = ['src', 'tsconfig.json', 'tsconfig.base.json', 'package.json'].map((p) => join(root, p));
  return newest(inputs) > built ? 'src/ changed since dist/ was built' : undefined;
}

/** Runs `npm run build` when dist/ is out of date; returns the seconds it took (0 when reused). */
export function ensureDist({ log = console.error } = {}) {
  const reason = distStaleReason();
  if (reason === undefined) return 0;
  log(`${reason}: npm run build`);
  const started = performance.now();
  const npmCli = process.env.npm_execpath;
  const [command, args] =
    npmCli !== undefined && npmCli.endsWith('.js')
      ? [process.execPath, [npmCli, 'run', 'build', '--silent']]
      : ['npm', ['run', 'build', '--silent']];
  const build = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' && command === 'npm' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${String(build.status ?? build.signal)})`);
  return (performance.now() - started) / 1000;
}

/** Every .ts file under examples/, relative to the root. */
function demoSources(dir = join(root, 'examples')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return demoSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Transpiles examples/**\/*.ts to build/examples/ with esbuild; returns the seconds it took. */
export async function buildDemo() {
  const started = performance.now();
  // Loaded here, not at the top: ensure-deps may just have installed it.
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: demoSources(),
    outdir: join(root, 'build', 'examples'),
    outbase: join(root, 'examples'),
    tsconfig: join(root, 'tsconfig.examples.json'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    // esbuild renames a function expression that shadows its binding (`const spiral = configurable('data',
    // function spiral …)` becomes `function spiral2`); the registry names targets by `fn.name`.
    keepNames: true,
    logLevel: 'warning',
  });
  return (performance.now() - started) / 1000;
}
