// `npm start`: bundles the demo with esbuild (scripts/demo-build.mjs) and runs it in this process with
// the command line's arguments (`npm start -- --help`). CONFIG_SPEC_TIMING=1 prints how long the
// build took.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDemo, root } from './demo-build.mjs';

const seconds = await buildDemo();
if (process.env.CONFIG_SPEC_TIMING === '1') console.error(`start: demo bundled in ${seconds.toFixed(2)} s`);
// main.js reads process.argv.slice(2): this script's own arguments, the ones after `npm start --`.
await import(pathToFileURL(join(root, 'build', 'examples', 'main.js')).href);
