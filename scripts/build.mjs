// `npm run build`: the published package in dist/.
// - One JavaScript file per entry point (the package root, `config-spec/class-transformer`, and the
//   CLI that bin/config-spec.js runs), each bundled by esbuild with reflect-metadata inlined:
//   importing the package loads one file instead of ~30 ES modules and a CommonJS package (whose ESM
//   import alone costs ~20 ms). Each file is self-contained; copies of the core meet through
//   `Symbol.for` keys (the default registry, brands), as two copies of the package do.
// - Import time (issue 12: at most 10 ms more than an empty module) is mostly V8 parsing the file,
//   so white space and syntax are minified; identifiers are kept (see below), and `keepNames` keeps
//   every function's and class's own `name` where esbuild must rename one. Each file ships a linked
//   source map whose `sourcesContent` holds the sources (src/ is not shipped), for debuggers and
//   `node --enable-source-maps`.
// - No JavaScript parser is bundled: parameter lists are read by src/param-scan.ts alone (acorn, its
//   fallback until issue 12, was 159 kB of the file and ~2 ms of every import even pre-parsed only).
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

/** The package root's one top-level name (see `scopedBuild`). */
export const SCOPE = '__configSpec';

/**
 * Builds one library entry with every name of its own inside one function scope, exporting only
 * `__configSpec$<export>` names from the top level. Why: a user's esbuild bundle hoists this file into
 * the app's top-level scope, and keeps that scope's names unique by renaming the *app's* clashing names
 * — nested ones too, parameters included — so with our ~500 functions at the top level, a user's
 * `constructor(start, step)` became `constructor(start2, step2)` in their bundle, whose parameter names
 * then differed from the development build's (test/bundle.test.ts pins it). esbuild's own `iife`
 * format makes the scope (its source map stays exact); a first `esm` pass, not written, lists the exports.
 */
async function scopedBuild(options) {
  const probe = await build({ ...options, write: false, metafile: true, sourcemap: false });
  const exports = Object.values(probe.metafile.outputs).flatMap((output) => output.exports);
  if (exports.length === 0) throw new Error(`${options.outfile}: no exports found`);
  const locals = exports.map((name) => `${SCOPE}$${name}`);
  const footer = `var ${exports.map((name, i) => `${locals[i]}=${SCOPE}.${name}`).join(',')};export{${exports.map((name, i) => `${locals[i]} as ${name}`).join(',')}};`;
  await build({ ...options, format: 'iife', globalName: SCOPE, footer: { js: footer } });
}

/** Builds dist/ (JavaScript with esbuild, declarations with tsc); throws when either fails. */
export async function buildPackage() {
  const dist = join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  await Promise.all(ENTRIES.map((name) => {
    const options = {
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
      // Whitespace and syntax only. Renamed identifiers would make the function names in a user's
      // stack traces and our own error messages unreadable, for ~1 ms of import time.
      minifyWhitespace: true,
      minifySyntax: true,
      keepNames: true,
      sourcemap: 'linked',
      sourcesContent: true,
      legalComments: 'inline',
      logLevel: 'warning',
    };
    // The CLI is a program (never bundled by users); the class-transformer entry keeps its top-level
    // `await` (loading the optional peer), which esbuild's iife format cannot hold.
    return name === 'index' ? scopedBuild(options) : build(options);
  }));
  const tsc = require.resolve('typescript/bin/tsc');
  const declarations = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
  if (declarations.status !== 0) throw new Error(`tsc (declarations) failed:\n${declarations.stdout}${declarations.stderr}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await buildPackage();
}
