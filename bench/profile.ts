/**
 * A profiling driver, not a benchmark: runs one operation of bench/run.ts in a loop for a while, to be
 * run under `node --cpu-prof build/bench/bench/profile.js <case>` (case: asdict, instantiate,
 * asdict-instances, fromdict, parse, parse-instantiate). Prints the mean time per call.
 */
import { asdict, Spec } from '../src/index.js';
import { specTree } from './config-tree.js';

const which = process.argv[2] ?? 'instantiate';
const seconds = Number(process.argv[3] ?? 3);
const tree = specTree();
const text = JSON.stringify(asdict(tree));
const dict: unknown = JSON.parse(text);
const instances: unknown = Spec.instantiateFromDict(dict);
const operations: Record<string, () => unknown> = {
  asdict: () => asdict(tree),
  instantiate: () => Spec.instantiateFromDict(dict),
  'parse-instantiate': () => Spec.instantiateFromDict(JSON.parse(text)),
  parse: () => JSON.parse(text),
  'asdict-instances': () => asdict(instances),
  fromdict: () => Spec.fromDict(dict),
};
const operation = operations[which];
if (operation === undefined) throw new Error(`unknown case ${which}; one of ${Object.keys(operations).join(', ')}`);
let sink: unknown;
let calls = 0;
const start = performance.now();
const cpu = process.cpuUsage();
while (performance.now() - start < seconds * 1000) {
  sink = operation();
  calls++;
}
const used = process.cpuUsage(cpu);
if (sink === undefined) throw new Error('nothing produced');
// CPU time (all of node's threads) is steadier than wall time on a loaded machine.
const cpuMs = (used.user + used.system) / 1000;
console.log(`${which}: ${((performance.now() - start) / calls).toFixed(3)} ms per call (${(cpuMs / calls).toFixed(3)} ms CPU) over ${String(calls)} calls`);
