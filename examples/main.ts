/**
 * `npm start`: a small machine-learning run configured by a JSON file and command-line overrides.
 *
 *   1. read examples/config.json and apply overrides (`model.hidden=32 optimizer.target=optim:SGD`)
 *      with applyOverrides, which reports keywords a target swap dropped;
 *   2. build the data, the model, the optimizer (a partial, called with the model's parameters) and
 *      the learning-rate schedule from it, and train with a progress bar;
 *   3. write config.json, model.json (asdict of the trained model: its architecture), weights.json
 *      and results.json, then prove the model rebuilds from model.json + weights.json;
 *   4. show what swapping a target and a typo in an override do.
 *
 * It imports the package by its own name, as a user would: `npm start` builds dist/ first.
 * `npm start -- --help` lists every override.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyOverrides, asdict, ConfigSpecError, defaultRegistry, Spec } from 'config-spec';
// Importing the barrel registers every target the config can name (data, nn, optim, schedule).
import { evaluate, train } from './ml/index.js';
import type { Dataset, MLP, Optimizer, Param, Schedule, TrainSettings } from './ml/index.js';

interface RunConfig {
  data: unknown;
  model: unknown;
  optimizer: unknown;
  schedule: unknown;
  train: TrainSettings;
}

// The source file's sibling, found from build/examples/main.js too: `npm start` works from any cwd.
const DEFAULT_CONFIG = new URL('../../examples/config.json', import.meta.url);

function main(argv: readonly string[]): number {
  const { help, out, overrides } = parseCommandLine(argv);
  const defaults = JSON.parse(readFileSync(DEFAULT_CONFIG, 'utf8')) as RunConfig;
  if (help) {
    printHelp(defaults);
    return 0;
  }

  // 1. The config as used: the defaults with the overrides applied (a new tree; defaults untouched).
  const { config, dropped } = applyOverrides(defaults, overrides);
  console.log(`config: examples/config.json${overrides.length > 0 ? ` with ${overrides.join(' ')}` : ''}`);
  for (const d of dropped) console.log(`  dropped ${d.path}.${d.keyword}: not a parameter of ${d.target}`);

  // 2. Build everything from the config. The optimizer and schedule are partials: the optimizer
  //    is called with the model's parameters, the schedule with (step, total) at every step.
  const data = Spec.instantiate<Dataset>(config.data);
  const model = Spec.instantiate<MLP>(config.model);
  const optimizer = Spec.instantiate<(params: Param[]) => Optimizer>(config.optimizer)(model.params());
  const schedule = Spec.instantiate<Schedule>(config.schedule);
  const weights = model.params().reduce((n, p) => n + p.value.length, 0);
  console.log(`model: ${describe(config.model)}, ${weights} weights`);
  console.log(`optimizer: ${describe(config.optimizer)}; schedule: ${describe(config.schedule)}`);
  const { steps, batchSize } = config.train;
  console.log(`data: ${data.x.length} points of a 2-class spiral; ${steps} steps of ${batchSize}`);

  const before = evaluate(model, data);
  const started = performance.now();
  const curve = train(model, optimizer, schedule, data, config.train);
  const seconds = (performance.now() - started) / 1000;
  const after = evaluate(model, data);
  console.log(
    `trained in ${seconds.toFixed(2)} s: loss ${before.loss.toFixed(4)} → ${after.loss.toFixed(4)}, ` +
      `accuracy ${percent(before.accuracy)} → ${percent(after.accuracy)}`,
  );

  // 3. Save the run. model.json is asdict(model): the tracked constructor call, not the weights.
  const dir = out ?? mkdtempSync(join(tmpdir(), 'config-spec-run-'));
  mkdirSync(dir, { recursive: true });
  const save = (name: string, value: unknown): void => {
    writeFileSync(join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  };
  save('config.json', config);
  save('model.json', asdict(model));
  save('weights.json', model.state());
  save('results.json', { before, after, seconds, lossCurve: curve, optimizer: asdict<unknown>(optimizer) });
  console.log(`wrote ${dir}/{config,model,weights,results}.json`);

  // Rebuild from the files alone: model.json gives a fresh, untrained model of the same
  // architecture; loading weights.json into it must reproduce the trained model's predictions.
  const rebuilt = Spec.instantiate<MLP>(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')));
  const probes = [[0, 0], [0.5, -0.3], [-0.8, 0.6], [0.2, 0.9]];
  const same = (): boolean => probes.every((x) => rebuilt.predict(x)[0] === model.predict(x)[0]);
  const untrainedDiffers = !same();
  rebuilt.load(JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8')) as number[][]);
  const matches = same();
  const architecture = describe(asdict(rebuilt));
  console.log(`rebuilt from model.json: ${architecture}, untrained (predictions differ: ${yes(untrainedDiffers)})`);
  console.log(`rebuilt model matches: ${yes(matches)} (model.json + weights.json give the trained predictions)`);

  // 4. Editing mistakes caught when the override is applied, not deep inside training: swapping a
  //    target drops the keywords the new one does not take (Adam's betas are no SGD parameters),
  //    and a typo fails at once, naming the closest valid name.
  const swapped = applyOverrides(defaults, ['optimizer.target=optim:SGD']);
  const kept = describe(swapped.config.optimizer);
  console.log(`optimizer.target=optim:SGD gives ${kept}, dropping ${swapped.dropped.map((d) => d.keyword).join(', ')}`);
  try {
    applyOverrides(defaults, ['model.hiden=32']);
  } catch (error) {
    if (!(error instanceof ConfigSpecError)) throw error;
    console.log(`a typo, model.hiden=32: ${error.message}`);
  }
  return matches && untrainedDiffers ? 0 : 1;
}

/** `--help`, `--out DIR`, and overrides as `path=value` or `--path=value`. */
function parseCommandLine(argv: readonly string[]): { help: boolean; out: string | undefined; overrides: string[] } {
  const { values, tokens } = parseArgs({
    args: [...argv],
    options: { help: { type: 'boolean', short: 'h' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: false, // unknown --options are overrides
    tokens: true,
  });
  const overrides: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') overrides.push(token.value);
    else if (token.kind === 'option' && token.name !== 'help' && token.name !== 'out') {
      if (token.value === undefined) {
        throw new UsageError(`${token.rawName}: an override needs a value (${token.rawName}=VALUE); see --help`);
      }
      overrides.push(`${token.name}=${token.value}`);
    }
  }
  if (values.out === true) throw new UsageError('--out needs a directory: --out DIR');
  return { help: values.help === true, out: values.out as string | undefined, overrides };
}

function printHelp(config: RunConfig): void {
  const lines = [
    'Usage: npm start -- [--out DIR] [PATH=VALUE ...]',
    '',
    'Trains a tiny MLP on a 2-class spiral, configured by examples/config.json, writes',
    'config.json, model.json, weights.json and results.json to DIR (default: a new temporary',
    'directory) and rebuilds the model from them.',
    '',
    'Overrides (also as --PATH=VALUE): a value is read as JSON when it parses, else as a string.',
    'Changing a target keeps only the keywords the new target takes and reports the others;',
    'a misspelled path or keyword is an error naming the closest valid one.',
    '  npm start -- model.hidden=32 model.activation.target=nn:gelu',
    '  npm start -- optimizer.target=optim:SGD optimizer.lr=0.2 train.steps=300',
    `  npm start -- 'schedule={"target":"schedule:stepDecay","every":100,"__dense_spec__":true}'`,
    '',
    'Paths and their defaults:',
    ...leaves(config, '').map(([path, value]) => `  ${path}=${asOverride(value)}`),
    '',
    'Registered targets, with the parameters a config may set:',
    ...targets(),
  ];
  console.log(lines.join('\n'));
}

/** Every editable leaf of a config tree as [path, value]; spec markers are not settings. */
function leaves(tree: unknown, prefix: string): [string, unknown][] {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return [[prefix, tree]];
  return Object.entries(tree).flatMap(([key, value]) =>
    key === '__dense_spec__' || key === 'called' ? [] : leaves(value, prefix === '' ? key : `${prefix}.${key}`),
  );
}

function targets(): string[] {
  const lines: string[] = [];
  for (const [name, entry] of defaultRegistry.entries()) {
    const params = defaultRegistry
      .signatureOf(entry)
      .params.map((p) => p.name)
      .filter((p): p is string => p !== undefined && !entry.runtime.includes(p));
    lines.push(`  ${name}${params.length > 0 ? `(${params.join(', ')})` : ''}`);
  }
  return lines;
}

/** A value as an override writes it: strings bare unless they would read back as JSON. */
function asOverride(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    JSON.parse(value);
    return JSON.stringify(value);
  } catch {
    return value;
  }
}

/** `optim:Adam(lr=0.02, beta1=0.9)` from a spec dict. */
function describe(dict: unknown): string {
  const { target, ...rest } = dict as Record<string, unknown>;
  const args = Object.entries(rest)
    .filter(([key]) => key !== '__dense_spec__' && key !== 'called')
    .map(([key, value]) => `${key}=${isSpecDict(value) ? String(value.target) : JSON.stringify(value)}`);
  return `${String(target)}(${args.join(', ')})`;
}

function isSpecDict(value: unknown): value is { target: unknown } {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>).__dense_spec__ === true;
}

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;
const yes = (ok: boolean): string => (ok ? 'yes' : 'NO');

class UsageError extends Error {}

// Errors are one line: a usage mistake or a ConfigSpecError from a bad override, never a stack trace.
try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError || error instanceof ConfigSpecError)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 2;
}
