// `npm run build`: the published package in dist/.
// - One JavaScript file per entry point (the package root, `config-spec/class-transformer`, and the
//   CLI that bin/config-spec.js runs), each bundled by esbuild with acorn and reflect-metadata
//   inlined: importing the package loads one file instead of ~30 ES modules and two packages (one of
//   them CommonJS, whose ESM import alone costs ~20 ms). Each file is self-contained; copies of the
//   core meet through `Symbol.for` keys (the default registry, brands), as two copies of the package
//   do. Not minified, and `keepNames` keeps every function's own name: the shipped code reads as
//   written, so no source maps are shipped (src/ is not shipped either).
// - The `.d.ts` files, one per module, emitted by tsc (tsconfig.json: declarations only).
// The core is built for `platform: 'neutral'`: it imports nothing from Node, so the same file runs in
// browsers, Deno-style runtimes and bundlers. Optional and lazily loaded packages stay imports.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Packages a bundle leaves as imports: optional peers and packages loaded lazily. */
export const EXTERNAL = ['class-transformer', 'yaml', 'jsonc-parser'];

/** The entry points: `src/<name>.ts` → `dist/<name>.js`. */
export const ENTRIES = ['index', 'class-transformer', 'cli'];

/** Builds dist/ (JavaScript with esbuild, declarations with tsc); throws when either fails. */
export async function buildPackage() {
  const dist = join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  await Promise.all(ENTRIES.map((name) => build({
    absWorkingDir: root,
    entryPoints: [join('src', `${name}.ts`)],
    outfile: join(dist, `${name}.js`),
    bundle: true,
    format: 'esm',
    // The CLI is the one Node program; everything else must run anywhere.
    platform: name === 'cli' ? 'node' : 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    external: EXTERNAL,
    keepNames: true,
    legalComments: 'inline',
    logLevel: 'warning',
  })));
  const tsc = require.resolve('typescript/bin/tsc');
  const declarations = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
  if (declarations.status !== 0) throw new Error(`tsc (declarations) failed:\n${declarations.stdout}${declarations.stderr}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await buildPackage();
}
