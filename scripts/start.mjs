// `npm start`: makes sure dist/ is current (rebuilt only when src/ changed), transpiles the demo with
// esbuild, and runs it in this process with the command line's arguments (`npm start -- --help`).
// CONFIG_SPEC_TIMING=1 prints how long each step took.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { buildDemo, ensureDist, root } from './demo-build.mjs';

const started = performance.now();
const distSeconds = ensureDist();
const demoSeconds = await buildDemo();
if (process.env.CONFIG_SPEC_TIMING === '1') {
  const total = (performance.now() - started) / 1000;
  console.error(
    `start: dist ${distSeconds === 0 ? 'reused' : `built in ${distSeconds.toFixed(2)} s`}, ` +
      `demo transpiled in ${demoSeconds.toFixed(2)} s; running after ${total.toFixed(2)} s (plus Node's and npm's startup)`,
  );
}
// main.js reads process.argv.slice(2): this script's own arguments, the ones after `npm start --`.
await import(pathToFileURL(join(root, 'build', 'examples', 'main.js')).href);
