/**
 * One fresh process of the start-up benchmarks (bench/startup.ts): imports the module named by the
 * first argument untimed (`-` for none), then times `import()` of the second, and prints
 * `{"ms": …}`. Nothing else is loaded first, so module and signature caches start empty.
 */
import { performance } from 'node:perf_hooks';

const [preload, timed] = process.argv.slice(2);
if (timed === undefined) throw new Error('usage: startup-child.js <preload url or -> <timed url>');
if (preload !== undefined && preload !== '-') await import(preload);
const start = performance.now();
const cpuStart = process.cpuUsage();
await import(timed);
const ms = performance.now() - start;
// CPU time of this process during the import: what the import costs, less what a busy machine adds.
const cpu = process.cpuUsage(cpuStart);
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
