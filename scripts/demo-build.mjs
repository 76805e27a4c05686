// Builds what the demo runs, quickly: `npm start` (scripts/start.mjs), `npm run demo:report` and the
// demo's tests in `npm test` share it.
//
// esbuild bundles examples/main.ts (and each examples/test/*.test.ts) into build/examples/, in about
// 0.2 s: tsc takes 3 s to compile the package on an idle machine and 15 s on a busy one, which made
// `npm start` slow after every change to src/ and on the first run of a fresh clone. The demo imports
// the package by name, as a user's code does (`from 'config-spec'`); the bundle resolves that name to
// the package's own source (src/index.ts), so it always runs the current code without waiting for a
// dist/ build. Other packages (acorn, reflect-metadata, chai) stay imports, loaded from node_modules.
//
// esbuild keeps the TC39 decorator semantics the demo's `@configurable` classes use
// (tsconfig.examples.json has no experimentalDecorators). It does not type-check: `npm test` runs
// `tsc --noEmit -p tsconfig.examples.json` for that.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles the demo and its tests into build/examples/; returns the seconds it took. */
export async function buildDemo() {
  const started = performance.now();
  // Loaded here, not at the top: ensure-deps may just have installed it.
  const esbuild = await import('esbuild');
  const tests = readdirSync(join(root, 'examples', 'test'))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(root, 'examples', 'test', name));
  await esbuild.build({
    entryPoints: [join(root, 'examples', 'main.ts'), ...tests],
    outdir: join(root, 'build', 'examples'),
    outbase: join(root, 'examples'),
    tsconfig: join(root, 'tsconfig.examples.json'),
    bundle: true,
    alias: { 'config-spec': join(root, 'src', 'index.ts') },
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    // A bundle renames a function whose name is taken in another module, and esbuild renames a
    // function expression that shadows its binding (`const spiral = configurable(…, function spiral …)`
    // becomes `function spiral2`). The demo names every target explicitly (`{ name: 'spiral' }`), as
    // the library asks of bundled code; keepNames keeps `fn.name` right for messages and stack traces.
    keepNames: true,
    logLevel: 'warning',
  });
  return (performance.now() - started) / 1000;
}
