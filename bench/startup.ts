/**
 * Start-up costs, each measured in fresh node processes (bench/startup-child.ts), since module and
 * signature caches live as long as a process:
 *
 *   - registering 1,000 classes and building one spec of each, signature parsing included: a generated
 *     module of 1,000 distinct classes, each decorated with `@configurable('gen')` and then given to
 *     `new Spec(C, { …keywords })` (keywords make the parameter names be parsed from the class
 *     source), against the same 1,000 classes defined and constructed once each without config-spec.
 *     The package is imported before the clock starts, in both.
 *   - importing the package (dist/index.js, as users import it) against importing an empty module.
 *
 * The generated modules are plain JavaScript, so the decorator is applied as TC39 class decorators
 * are at run time: called with the class and a `{ kind: 'class', name }` context, its result
 * replacing the class. Each process pair runs in alternating order; figures are medians.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { median } from './measure.js';

/** How many classes the registration benchmark defines. */
export const CLASSES = 1000;

/** Medians of the fresh-process figures, in ms. */
export interface StartupResult {
  /** Registering CLASSES classes and building a spec of each (time to import the generated module). */
  readonly registerMs: number;
  /** The same classes defined and constructed without config-spec. */
  readonly plainMs: number;
  readonly registerRatio: number;
  /** `await import('dist/index.js')` inside a fresh process. */
  readonly importMs: number;
  /** `await import()` of an empty module inside a fresh process. */
  readonly emptyImportMs: number;
  readonly importRatio: number;
  /** Wall time of a whole `node` process that imports the package, and of one importing an empty module. */
  readonly processMs: number;
  readonly emptyProcessMs: number;
  /** CPU time of the import of dist/index.js and of the empty module (less sensitive to a busy machine). */
  readonly importCpuMs: number;
  readonly emptyImportCpuMs: number;
}

// Four shapes of constructor, every class with its own parameter names, so no two sources are alike
// and every signature is parsed anew.
function classSource(i: number): { source: string; kwargs: string; args: string } {
  const n = String(i);
  switch (i % 4) {
    case 0:
      return {
        source: `class Layer${n} { constructor(width${n}, depth${n} = ${n}, { lr = 0.1, momentum = 0.9 } = {}) { this.width = width${n}; this.depth = depth${n}; this.lr = lr; this.momentum = momentum; } }`,
        kwargs: `{ width${n}: ${n}, lr: 0.01 }`,
        args: `${n}, undefined, { lr: 0.01 }`,
      };
    case 1:
      return {
        source: `class Layer${n} { constructor(units${n}, activation = 'relu', dropout = ${String((i % 10) / 10)}) { this.units = units${n}; this.activation = activation; this.dropout = dropout; } }`,
        kwargs: `{ units${n}: 16, dropout: 0.2 }`,
        args: '16, undefined, 0.2',
      };
    case 2:
      return {
        source: `class Layer${n} { constructor(name${n}, sizes = [1, 2, ${n}], options = {}) { this.name = name${n}; this.sizes = sizes; this.options = options; } }`,
        kwargs: `{ name${n}: 'layer${n}', sizes: [4, 8] }`,
        args: `'layer${n}', [4, 8]`,
      };
    default:
      return {
        source: `class Layer${n} extends Base { constructor(a${n}, b${n}, c${n} = null) { super(); this.a = a${n}; this.b = b${n}; this.c = c${n}; } }`,
        kwargs: `{ a${n}: 1, b${n}: 'two' }`,
        args: `1, 'two'`,
      };
  }
}

/** Writes the two generated modules and an empty one into `dir`; returns their URLs. */
function generate(dir: string, dist: string): { spec: string; plain: string; empty: string } {
  mkdirSync(dir, { recursive: true });
  const spec: string[] = [
    `import { configurable, Spec } from ${JSON.stringify(pathToFileURL(dist).href)};`,
    'class Base {}',
    "const decorate = (cls, name) => configurable('gen')(cls, { kind: 'class', name, addInitializer() {}, metadata: undefined });",
    'const specs = [];',
  ];
  const plain: string[] = ['class Base {}', 'const made = [];'];
  for (let i = 0; i < CLASSES; i++) {
    const { source, kwargs, args } = classSource(i);
    const name = `Layer${String(i)}`;
    spec.push(`let ${name} = ${source};`, `${name} = decorate(${name}, '${name}');`, `specs.push(new Spec(${name}, ${kwargs}, { called: true }));`);
    plain.push(`const ${name} = ${source};`, `made.push(new ${name}(${args}));`);
  }
  spec.push(`if (specs.length !== ${String(CLASSES)} || specs[7].target !== 'gen:Layer7') throw new Error('registration failed');`, 'export { specs };');
  plain.push(`if (made.length !== ${String(CLASSES)}) throw new Error('construction failed');`, 'export { made };');
  const files = { spec: join(dir, 'register-1000.mjs'), plain: join(dir, 'plain-1000.mjs'), empty: join(dir, 'empty.mjs') };
  writeFileSync(files.spec, `${spec.join('\n')}\n`);
  writeFileSync(files.plain, `${plain.join('\n')}\n`);
  writeFileSync(files.empty, 'export {};\n');
  return { spec: pathToFileURL(files.spec).href, plain: pathToFileURL(files.plain).href, empty: pathToFileURL(files.empty).href };
}

// One fresh process: its own timing of the import, and its wall time.
function child(script: string, preload: string, timed: string): { ms: number; cpuMs: number; wall: number } {
  const start = performance.now();
  const run = spawnSync(process.execPath, [script, preload, timed], { encoding: 'utf8' });
  const wall = performance.now() - start;
  if (run.status !== 0) throw new Error(`startup child failed (${String(run.status)}): ${run.stderr}`);
  const { ms, cpuMs } = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as { ms: number; cpuMs: number };
  return { ms, cpuMs, wall };
}

/**
 * Runs `rounds` rounds of the start-up processes.
 * @param root the repository root (dist/index.js must be built)
 * @param script the compiled startup-child.js
 * @param dir where the generated modules go
 */
export function measureStartup(root: string, script: string, dir: string, rounds: number): StartupResult {
  const dist = resolve(root, 'dist/index.js');
  const distUrl = pathToFileURL(dist).href;
  const urls = generate(dir, dist);
  const register: number[] = [];
  const plain: number[] = [];
  const registerRatios: number[] = [];
  const imports: number[] = [];
  const empties: number[] = [];
  const importRatios: number[] = [];
  const processes: number[] = [];
  const emptyProcesses: number[] = [];
  const importCpus: number[] = [];
  const emptyCpus: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const flip = round % 2 === 1;
    const runRegister = (): number => child(script, distUrl, urls.spec).ms;
    const runPlain = (): number => child(script, distUrl, urls.plain).ms;
    let registerMs: number;
    let plainMs: number;
    if (flip) {
      plainMs = runPlain();
      registerMs = runRegister();
    } else {
      registerMs = runRegister();
      plainMs = runPlain();
    }
    register.push(registerMs);
    plain.push(plainMs);
    registerRatios.push(registerMs / plainMs);
    const runImport = (): { ms: number; cpuMs: number; wall: number } => child(script, '-', distUrl);
    const runEmpty = (): { ms: number; cpuMs: number; wall: number } => child(script, '-', urls.empty);
    let imported: { ms: number; cpuMs: number; wall: number };
    let empty: { ms: number; cpuMs: number; wall: number };
    if (flip) {
      empty = runEmpty();
      imported = runImport();
    } else {
      imported = runImport();
      empty = runEmpty();
    }
    imports.push(imported.ms);
    empties.push(empty.ms);
    importRatios.push(imported.ms / empty.ms);
    processes.push(imported.wall);
    emptyProcesses.push(empty.wall);
    importCpus.push(imported.cpuMs);
    emptyCpus.push(empty.cpuMs);
  }
  return {
    registerMs: median(register),
    plainMs: median(plain),
    registerRatio: median(registerRatios),
    importMs: median(imports),
    emptyImportMs: median(empties),
    importRatio: median(importRatios),
    processMs: median(processes),
    emptyProcessMs: median(emptyProcesses),
    importCpuMs: median(importCpus),
    emptyImportCpuMs: median(emptyCpus),
  };
}
