/**
 * `npm start`: a small machine-learning run configured by a JSON file and command-line overrides.
 *
 *   1. read the config (examples/config.json, a saved run's config.json with `--config`, or the run
 *      to continue with `--resume`) and apply the overrides (`model.hidden=32`);
 *   2. build the data (split into training and held-out points), the model, the optimizer (a
 *      partial, called with the model's parameters) and the learning-rate schedule from it, restore
 *      a checkpoint when resuming, and train with a progress bar;
 *   3. write config.json, model.json (asdict of the model: its architecture), weights.json,
 *      checkpoint.json (weights + optimizer state + schedule and data-order position), results.json
 *      and report.svg (learning curves and decision boundary), then prove the model rebuilds from
 *      model.json + weights.json;
 *   4. show what swapping a target and a typo in an override do.
 *
 * It imports the package by its own name, as a user would; `npm start` bundles it with esbuild, which
 * resolves the name to the package's source (scripts/demo-build.mjs).
 * `npm start -- --help` lists the flags and every override.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { applyOverrides, asdict, ConfigSpecError, defaultRegistry, Spec, type EditResult } from 'config-spec';
// Importing the barrel registers every target the config can name (data, nn, optim, schedule).
import {
  checkpoint,
  evaluate,
  readCheckpoint,
  reportSvg,
  RunError,
  split,
  START,
  train,
  type Checkpoint,
  type Dataset,
  type Metrics,
  type MLP,
  type Optimizer,
  type Param,
  type Schedule,
  type SplitSettings,
  type TrainSettings,
  type TrainState,
} from './ml/index.js';

interface RunConfig {
  data: unknown;
  split: SplitSettings;
  model: unknown;
  optimizer: unknown;
  schedule: unknown;
  train: TrainSettings;
}

/** What the command line asks for. */
interface CommandLine {
  readonly help: boolean;
  readonly printConfig: boolean;
  /** A config file to start from instead of examples/config.json (a saved run's config.json). */
  readonly config: string | undefined;
  /** A run directory to continue from its checkpoint. */
  readonly resume: string | undefined;
  readonly out: string | undefined;
  readonly stopAt: number | undefined;
  readonly overrides: string[];
}

// The source file's sibling, found from build/examples/main.js too: `npm start` works from any cwd.
const DEFAULT_CONFIG = fileURLToPath(new URL('../../examples/config.json', import.meta.url));
// npm runs scripts in the package root; paths on the command line are meant from where npm was typed.
const CWD = process.env.INIT_CWD ?? process.cwd();
const FILES = ['config.json', 'model.json', 'weights.json', 'checkpoint.json', 'results.json', 'report.svg'];

async function main(argv: readonly string[]): Promise<number> {
  const cli = parseCommandLine(argv);
  if (cli.help) {
    printHelp(readJson(DEFAULT_CONFIG, 'the default config') as RunConfig);
    return 0;
  }

  // 1. The config as used: the base config with the overrides applied (a new tree; the base untouched).
  const base = loadBase(cli);
  const { config, dropped } = configure(base.config, cli.overrides);
  checkRunConfig(config);
  if (cli.printConfig) {
    console.log(JSON.stringify(config, null, 2));
    return 0;
  }
  console.log(`config: ${base.label}${cli.overrides.length > 0 ? ` with ${cli.overrides.join(' ')}` : ''}`);
  for (const d of dropped) console.log(`  dropped ${d.path}.${d.keyword}: not a parameter of ${d.target}`);

  // 2. Build everything from the config. The optimizer and schedule are partials: the optimizer
  //    is called with the model's parameters, the schedule with (step, total) at every step.
  const data = split(Spec.instantiate<Dataset>(config.data), config.split);
  const model = Spec.instantiate<MLP>(config.model);
  const optimizer = Spec.instantiate<(params: Param[]) => Optimizer>(config.optimizer)(model.params());
  const schedule = Spec.instantiate<Schedule>(config.schedule);
  const weights = model.params().reduce((n, p) => n + p.value.length, 0);
  console.log(`model: ${describe(config.model)}, ${weights} weights`);
  console.log(`optimizer: ${describe(config.optimizer)}; schedule: ${describe(config.schedule)}`);
  const { steps, batchSize } = config.train;
  // Ctrl-C stops training after the current step, and the run is saved as for --stop-at; a second
  // Ctrl-C (the handler is gone by then) ends the process at once. Installed before the data line is
  // printed, which the tests wait for.
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    interrupt.abort();
  });
  const points = data.train.x.length + data.validation.x.length;
  console.log(
    `data: ${points} points of a 2-class spiral, ${data.train.x.length} to train on, ` +
      `${data.validation.x.length} held out; ${steps} steps of ${batchSize}`,
  );

  let state: TrainState = START;
  let resumedAt: number[] = [];
  if (base.checkpoint !== undefined) {
    const saved = base.checkpoint;
    restore(saved, { model, optimizer, base: base.config, config });
    state = { step: saved.schedule.step, position: saved.dataOrder.position, history: saved.history, recent: saved.recent };
    resumedAt = [...readResumedAt(base.dir), saved.schedule.step];
    if (state.step >= steps) {
      console.log(`${show(base.dir)} is complete: step ${state.step} of ${steps}; raise train.steps to train further`);
      return 0;
    }
    console.log(`resuming at step ${state.step} of ${steps}`);
  }
  if (cli.stopAt !== undefined && cli.stopAt <= state.step) {
    throw new UsageError(`--stop-at ${cli.stopAt}: the run is already at step ${state.step}`);
  }

  const before = metrics(model, data);
  const started = performance.now();
  state = await train({
    model,
    optimizer,
    schedule,
    data,
    settings: config.train,
    state,
    stopAt: cli.stopAt,
    progress: process.stdout,
    signal: interrupt.signal,
  });
  const seconds = (performance.now() - started) / 1000;
  const after = metrics(model, data);
  const complete = state.step >= steps;
  const stopped = interrupt.signal.aborted ? 'interrupted' : 'stopped';
  console.log(`trained in ${seconds.toFixed(2)} s${complete ? '' : `, ${stopped} at step ${state.step} of ${steps}`}:`);
  console.log(`            loss              accuracy`);
  for (const set of ['train', 'validation'] as const) {
    const name = set === 'train' ? 'train' : 'held out';
    const loss = `${before[set].loss.toFixed(4)} → ${after[set].loss.toFixed(4)}`;
    console.log(`  ${name.padEnd(9)} ${loss.padEnd(17)} ${percent(before[set].accuracy)} → ${percent(after[set].accuracy)}`);
  }

  // 3. Save the run. model.json is asdict(model): the tracked constructor call, not the weights;
  //    checkpoint.json is everything --resume needs on top of config.json.
  const dir = cli.out !== undefined ? resolve(CWD, cli.out) : base.checkpoint !== undefined ? base.dir : newRunDir();
  mkdirSync(dir, { recursive: true });
  const save = (name: string, value: unknown): void => {
    writeFileSync(join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  };
  save('config.json', config);
  save('model.json', asdict(model));
  save('weights.json', model.state());
  save('checkpoint.json', checkpoint(model, optimizer, config.train, state));
  save('results.json', {
    step: state.step,
    steps,
    complete,
    train: after.train,
    validation: after.validation,
    history: state.history,
    resumedAt,
    seconds,
    optimizer: asdict<unknown>(optimizer),
  });
  const title =
    `config-spec demo: step ${state.step} of ${steps}, accuracy ${percent(after.train.accuracy)} on the training points, ` +
    `${percent(after.validation.accuracy)} held out`;
  const subtitle = [`model ${describe(config.model)}`, `optimizer ${describe(config.optimizer)}, schedule ${describe(config.schedule)}`];
  writeFileSync(
    join(dir, 'report.svg'),
    reportSvg({ title, subtitle, history: state.history, resumedAt, data, logit: (x) => model.predict(x)[0]! }),
  );
  console.log(`wrote ${show(dir)}/: ${FILES.join(', ')}`);
  console.log(
    complete
      ? `re-run it: npm start -- --config ${show(join(dir, 'config.json'))}`
      : `continue it: npm start -- --resume ${show(dir)}`,
  );

  // Rebuild from the files alone: model.json gives a fresh, untrained model of the same
  // architecture; loading weights.json into it must reproduce the trained model's predictions.
  const rebuilt = Spec.instantiate<MLP>(readJson(join(dir, 'model.json'), 'model.json'));
  const probes = [[0, 0], [0.5, -0.3], [-0.8, 0.6], [0.2, 0.9]];
  const same = (): boolean => probes.every((x) => rebuilt.predict(x)[0] === model.predict(x)[0]);
  const untrainedDiffers = !same();
  rebuilt.load(readJson(join(dir, 'weights.json'), 'weights.json') as number[][]);
  const matches = same();
  const architecture = describe(asdict(rebuilt));
  console.log(`rebuilt from model.json: ${architecture}, untrained (predictions differ: ${yes(untrainedDiffers)})`);
  console.log(`rebuilt model matches: ${yes(matches)} (model.json + weights.json give the trained predictions)`);

  // 4. Editing mistakes caught when the override is applied, not deep inside training: swapping a
  //    target drops the keywords the new one does not take (Adam's betas are no SGD parameters),
  //    and a typo fails at once, naming the closest valid name. Shown on a new run only.
  if (base.checkpoint === undefined) {
    const swapped = applyOverrides(base.config, ['optimizer.target=optim:SGD']);
    const kept = describe(swapped.config.optimizer);
    console.log(`optimizer.target=optim:SGD gives ${kept}, dropping ${swapped.dropped.map((d) => d.keyword).join(', ')}`);
    try {
      applyOverrides(base.config, ['model.hiden=32']);
    } catch (error) {
      if (!(error instanceof ConfigSpecError)) throw error;
      console.log(`a typo, model.hiden=32: ${error.message}`);
    }
  }
  if (!(matches && untrainedDiffers)) return 1;
  return interrupt.signal.aborted ? 130 : 0; // 128 + SIGINT, as a shell reports an interrupted command
}

/**
 * The one place overrides meet the config: `path=value` edits applied with the library's
 * applyOverrides, which returns a new tree and reports the keywords a target swap dropped.
 */
function configure(base: RunConfig, overrides: readonly string[]): EditResult<RunConfig> {
  return applyOverrides(base, overrides);
}

/** The config to start from: the defaults, a file (`--config`), or a run to continue (`--resume`). */
function loadBase(cli: CommandLine): { config: RunConfig; label: string; dir: string; checkpoint?: Checkpoint } {
  if (cli.resume !== undefined) {
    const dir = resolve(CWD, cli.resume);
    const file = join(dir, 'checkpoint.json');
    if (!existsSync(file)) throw new UsageError(`--resume ${cli.resume}: no checkpoint.json in ${show(dir)}`);
    const saved = readCheckpoint(readJson(file, 'checkpoint.json'), show(file));
    return { config: readJson(join(dir, 'config.json'), 'the run\'s config') as RunConfig, label: `${show(dir)}/config.json`, dir, checkpoint: saved };
  }
  if (cli.config !== undefined) {
    const file = resolve(CWD, cli.config);
    return { config: readJson(file, `--config ${cli.config}`) as RunConfig, label: show(file), dir: CWD };
  }
  return { config: readJson(DEFAULT_CONFIG, 'the default config') as RunConfig, label: 'examples/config.json', dir: CWD };
}

/**
 * Puts a checkpoint's weights and optimizer state into the freshly built model and optimizer. The
 * run's data, split and model may not change on resume (the weights are for that model, and new
 * held-out points could have been trained on); anything else may, and is listed.
 */
function restore(saved: Checkpoint, run: { model: MLP; optimizer: Optimizer; base: RunConfig; config: RunConfig }): void {
  for (const section of ['data', 'split', 'model'] as const) {
    if (JSON.stringify(run.base[section]) !== JSON.stringify(run.config[section])) {
      throw new UsageError(`--resume: ${section} cannot change when resuming (the checkpoint belongs to the run's ${section}); drop the ${section}.* overrides`);
    }
  }
  const built = asdict<{ target: string }>(run.optimizer);
  const savedTarget = (saved.optimizer as { target: string }).target;
  if (built.target !== savedTarget) {
    throw new UsageError(`--resume: the checkpoint holds the state of ${savedTarget}, which ${built.target} cannot take over`);
  }
  const before = new Map(leaves(run.base, ''));
  const changes = leaves(run.config, '')
    .filter(([path, value]) => JSON.stringify(before.get(path)) !== JSON.stringify(value))
    .map(([path, value]) => `${path} ${JSON.stringify(before.get(path))} → ${JSON.stringify(value)}`);
  if (changes.length > 0) console.log(`resuming with changes: ${changes.join(', ')}`);
  run.model.load(saved.weights);
  run.optimizer.load(saved.optimizerState);
}

/** The steps an earlier resume of this run started at (results.json), to mark on the curves. */
function readResumedAt(dir: string): number[] {
  const file = join(dir, 'results.json');
  if (!existsSync(file)) return [];
  const { resumedAt } = readJson(file, 'results.json') as { resumedAt?: unknown };
  return Array.isArray(resumedAt) ? resumedAt.filter((s): s is number => typeof s === 'number') : [];
}

/** The sections a run needs, with settings training can use; RunError naming the first that is not. */
function checkRunConfig(config: RunConfig): void {
  for (const section of ['data', 'split', 'model', 'optimizer', 'schedule', 'train'] as const) {
    if (typeof config[section] !== 'object' || config[section] === null) throw new RunError(`the config has no ${section} section`);
  }
  const count = (path: string, value: unknown, min: number): void => {
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= min)) {
      throw new RunError(`${path} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
    }
  };
  count('train.steps', config.train.steps, 1);
  count('train.batchSize', config.train.batchSize, 1);
  count('train.evalEvery', config.train.evalEvery, 1);
  count('train.seed', config.train.seed, 0);
  count('split.seed', config.split.seed, 0);
}

function metrics(model: MLP, data: ReturnType<typeof split>): { train: Metrics; validation: Metrics } {
  return { train: evaluate(model, data.train), validation: evaluate(model, data.validation) };
}

/** runs/2026-12-05_23-59-01 under the directory npm was started from (Hydra's outputs/ habit), never reused. */
function newRunDir(): string {
  const stamp = new Date().toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-');
  for (let k = 0; ; k++) {
    const dir = join(CWD, 'runs', k === 0 ? stamp : `${stamp}-${k}`);
    if (!existsSync(dir)) return dir;
  }
}

/** A path as the user would type it: relative to where npm was started when inside it. */
function show(path: string): string {
  const rel = relative(CWD, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** A JSON file's content; UsageError, in one line, when it cannot be read or parsed. */
function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${what}: cannot read ${show(file)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${what}: ${show(file)} is not JSON (${(error as Error).message})`);
  }
}

const FLAGS = {
  help: { type: 'boolean', short: 'h' },
  'print-config': { type: 'boolean' },
  config: { type: 'string' },
  resume: { type: 'string' },
  out: { type: 'string' },
  'stop-at': { type: 'string' },
} as const;

/** The flags above, and overrides as `path=value` or `--path=value`. */
function parseCommandLine(argv: readonly string[]): CommandLine {
  const { values, tokens } = parseArgs({
    args: [...argv],
    options: FLAGS,
    allowPositionals: true,
    strict: false, // unknown --options are overrides
    tokens: true,
  });
  const overrides: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') overrides.push(token.value);
    else if (token.kind === 'option' && token.name in FLAGS) {
      // Lenient parsing would read --print-config=yes as a flag that is not set: say so instead.
      if (FLAGS[token.name as keyof typeof FLAGS].type === 'boolean' && token.value !== undefined) {
        throw new UsageError(`${token.rawName} takes no value: write ${token.rawName} alone`);
      }
    } else if (token.kind === 'option') {
      if (token.value === undefined) {
        throw new UsageError(`${token.rawName}: an override needs a value (${token.rawName}=VALUE); see --help`);
      }
      overrides.push(`${token.name}=${token.value}`);
    }
  }
  const text = (name: 'config' | 'resume' | 'out' | 'stop-at', metavar: string): string | undefined => {
    const value = values[name];
    if (value === true || value === '') throw new UsageError(`--${name} needs a value: --${name} ${metavar}`);
    return value as string | undefined;
  };
  const config = text('config', 'FILE');
  const resume = text('resume', 'RUN');
  if (config !== undefined && resume !== undefined) {
    throw new UsageError('--config and --resume both name the config to start from; --resume RUN uses RUN/config.json');
  }
  const stopText = text('stop-at', 'STEP');
  const stopAt = stopText === undefined ? undefined : Number(stopText);
  if (stopAt !== undefined && !(Number.isInteger(stopAt) && stopAt >= 1)) throw new UsageError(`--stop-at needs a step ≥ 1, got ${JSON.stringify(stopText)}`);
  return {
    help: values.help === true,
    printConfig: values['print-config'] === true,
    config,
    resume,
    out: text('out', 'DIR'),
    stopAt,
    overrides,
  };
}

function printHelp(config: RunConfig): void {
  const lines = [
    'Usage: npm start -- [FLAGS] [PATH=VALUE ...]',
    '',
    'Trains a tiny MLP on a 2-class spiral, configured by examples/config.json, holding out part of',
    'the points to measure it on. Writes config.json, model.json, weights.json, checkpoint.json,',
    'results.json and report.svg (learning curves and decision boundary) to a run directory, and',
    'rebuilds the model from model.json + weights.json.',
    '',
    'Flags:',
    '  --config FILE     start from FILE (a run\'s config.json re-runs that run) instead of',
    '                    examples/config.json; overrides apply on top',
    '  --resume RUN      continue the run in directory RUN from its checkpoint.json (weights,',
    '                    optimizer state, schedule and data-order position) with RUN/config.json;',
    '                    overrides apply on top (not to data, split or model); writes to RUN',
    '  --stop-at STEP    stop after step STEP (the schedule still plans for train.steps); --resume',
    '                    continues exactly as if the run had not stopped. Ctrl-C while training',
    '                    does the same at the current step (and exits 130)',
    '  --out DIR         the run directory to write (default: runs/DATE_TIME, or RUN with --resume)',
    '  --print-config    print the config after the overrides, as JSON, and exit',
    '  -h, --help        this help',
    '',
    ...OVERRIDE_HELP,
    '',
    'Paths and their defaults:',
    ...leaves(config, '').map(([path, value]) => `  ${path}=${asOverride(value)}`),
    '',
    'Registered targets, with the parameters a config may set:',
    ...targets(),
  ];
  console.log(lines.join('\n'));
}

/** How overrides are written (the library's grammar, applied by `configure`). */
const OVERRIDE_HELP = [
  'Overrides (Hydra\'s grammar; also as --PATH=VALUE), checked before anything is built:',
  '  PATH=VALUE        set a path that exists (a keyword of a spec exists when its target takes it)',
  '  +PATH=VALUE       add a new key (an error if it exists)',
  '  ++PATH=VALUE      add or set',
  '  ~PATH, ~PATH=V    delete (the second only if the value there is V)',
  'A value is read by the type of what it replaces: over a number it must be a number',
  '(train.steps=abc is an error), over a string it is the text (run.name=1 is "1"); else JSON',
  'when it parses, else the text. A misspelled path or keyword is an error naming the closest',
  'valid one (train.step=5: did you mean train.steps?); a wrong value exits 1 before training.',
  'Changing a target keeps only the keywords the new target takes and reports the others.',
  '  npm start -- model.hidden=32 model.activation.target=nn:gelu',
  '  npm start -- optimizer.target=optim:SGD optimizer.lr=0.2 train.steps=300',
  `  npm start -- 'schedule={"target":"schedule:stepDecay","every":100,"__dense_spec__":true}'`,
  '  npm start -- --config runs/2026-01-01_12-00-00/config.json train.seed=2',
  '  npm start -- --stop-at 200 --out runs/a && npm start -- --resume runs/a',
];

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

// Errors are one line: a usage mistake or a bad setting or saved file (RunError), exit 2; a
// ConfigSpecError from a bad override or config value, exit 1 (an invalid config, as
// `config-spec validate` says); never a stack trace.
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError || error instanceof RunError || error instanceof ConfigSpecError)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = error instanceof ConfigSpecError ? 1 : 2;
}
