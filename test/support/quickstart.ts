/**
 * Bundles the Quickstart program (test/fixtures/quickstart/) with esbuild, as a user's build would:
 * its import of the library is redirected to the published dist/index.js.
 */
import { build, type Plugin } from 'esbuild';
import { join } from 'node:path';
import { ensureDist, repoRoot } from './dist.js';

/** How to bundle the program. */
export interface QuickstartBundle {
  /** `node-main` (a Node program) or `browser-main` (a page script). */
  readonly entry: 'node-main' | 'browser-main';
  readonly platform: 'node' | 'browser';
  /** Which TypeScript decorators esbuild compiles the program's decorators as. */
  readonly decorators: 'legacy' | 'standard';
  readonly outfile: string;
  readonly minify?: boolean;
  readonly keepNames?: boolean;
  /** Compiles the program with `CONFIG_SPEC_EXPLICIT = true`: every target registered by explicit name and params. */
  readonly explicitNames?: boolean;
}

// The program imports '../../../src/index.js'; users import the package: give the bundle dist/index.js.
function publishedPackage(dist: string): Plugin {
  return {
    name: 'config-spec-published',
    setup(on) {
      on.onResolve({ filter: /\/src\/index\.js$/ }, () => ({ path: dist }));
    },
  };
}

/** Bundles the program; resolves to esbuild's warnings (an error rejects). */
export async function bundleQuickstart(options: QuickstartBundle): Promise<string[]> {
  ensureDist();
  const dist = join(repoRoot(), 'dist', 'index.js');
  const result = await build({
    absWorkingDir: repoRoot(),
    entryPoints: [join(repoRoot(), 'test', 'fixtures', 'quickstart', `${options.entry}.ts`)],
    outfile: options.outfile,
    bundle: true,
    format: 'esm',
    platform: options.platform,
    target: 'es2022',
    minify: options.minify === true,
    keepNames: options.keepNames === true,
    define: { CONFIG_SPEC_EXPLICIT: options.explicitNames === true ? 'true' : 'false' },
    // The program's own compiler settings, as a user's tsconfig gives them to esbuild.
    tsconfigRaw: { compilerOptions: { experimentalDecorators: options.decorators === 'legacy', useDefineForClassFields: true, target: 'ES2022' } },
    plugins: [publishedPackage(dist)],
    logLevel: 'silent',
  });
  return result.warnings.map((w) => w.text);
}
