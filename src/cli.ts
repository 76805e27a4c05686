/**
 * The `config-spec` command line: `show`, `validate`, `set`, `diff` and `schema` on config files,
 * after `--import`ing the user's modules that register targets. Options are read with Node's own
 * `util.parseArgs`. Every failure is one line on stderr (`config-spec: …`) unless `--debug`.
 *
 * Exit codes: 0 success (and `diff`: no differences); 1 the config (or the edit) is invalid, or
 * `diff` found differences; 2 usage errors, unreadable files, a failed `--import`, and any error of
 * `diff` (as diff(1) does).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect, parseArgs } from 'node:util';
import { configEdits, editJsoncText, editYamlText } from './cli-edit.js';
import { diffConfigs, formatChanges, formatTree, keywordPathText, makeStyle } from './cli-format.js';
import { collectProblems, foreignSpecCounts } from './cli-validate.js';
import { CONFIG_FORMATS, convertConfig, type ConfigFormat } from './config-formats.js';
import { parseConfigText, stringifyConfig, syntaxOfFile, type ConfigSyntax } from './config-text.js';
import { ConfigSpecError } from './errors.js';
import { applyOverrides } from './override-grammar.js';
import { printable, printableFile, printableJson, printableLines } from './printable.js';
import { checkDepth } from './tree.js';
import { canonicalName, defaultRegistry } from './registry.js';
import { configSchema } from './schema.js';

/** Where the command line reads and writes; every field defaults to the running process's. */
export interface CliIO {
  /** Receives the command's output. */
  readonly stdout?: { write(text: string): unknown };
  /** Receives problems and errors. */
  readonly stderr?: { write(text: string): unknown };
  /** Whether stdout is a terminal (colors are used only then, unless forced). */
  readonly isTTY?: boolean;
  /** Environment variables: `NO_COLOR` and `FORCE_COLOR` are read. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The directory that file names and `--import` paths are resolved against. */
  readonly cwd?: string;
  /** What the file name `-` reads: default the process's stdin. */
  readonly stdin?: AsyncIterable<string | Uint8Array>;
}

/** The text of `config-spec --help`. */
export const USAGE = `Usage: config-spec [options] <command> [arguments]

Commands:
  show FILE                 print the config as a tree (targets highlighted)
  validate FILE             report every problem with its path; exit 1 if there are any
                            (or, without --from, if dicts look like another format's specs)
  set FILE PATH=VALUE ...   print the config with the overrides applied; values are read
                            as JSON when they parse, else as strings. JSON prints as JSON;
                            YAML and JSONC keep their comments and layout
  diff A B                  print what changed from A to B, path by path; exit 1 if anything did
  convert FILE              print the config in another format (--from, --to, --syntax)
  schema                    print the JSON Schema (draft 2020-12) of the registered targets

FILE is .json, .jsonc, .yaml or .yml (the syntax by the extension, else --syntax), or - for stdin.
Formats: config-spec (ours), config_spec (Python), hydra, octo.

Options:
  --from FORMAT             read the files' spec dicts as FORMAT (or auto), converted to
                            config-spec's before the command runs (default: config-spec's)
  --to FORMAT               convert: the format to write (default config-spec)
  --syntax SYNTAX           json, jsonc or yaml: how stdin is read, and how convert writes
  --import PATH             load a module that registers targets (repeatable), before the command
  --color, --no-color       force colors on or off (default: on a terminal, unless NO_COLOR is set)
  --debug                   print stack traces with errors
  -h, --help                print this help

Exit codes: 0 success, 1 invalid config or differences found, 2 usage or file errors.
`;

const OPTIONS = {
  import: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  syntax: { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

// A failure that stops the command: one line, an exit code.
class Failure extends Error {
  constructor(message: string, readonly exitCode: number, readonly original?: unknown, readonly internal = false) {
    super(message);
  }
}

const usage = (message: string): Failure => new Failure(`${message} (see config-spec --help)`, 2);

/**
 * Runs the command line with `argv` (without `node` and the script) and returns the exit code.
 * Never throws and never calls `process.exit`; output goes to `io` (default: the process's streams).
 * A failed write to stdout (a full disk, `ENOSPC`) is one line on stderr and exit code 2; a closed
 * pipe (`EPIPE`: `config-spec show big.json | head`) ends the output quietly, with the command's own code.
 */
export async function main(argv: readonly string[], io: CliIO = {}): Promise<number> {
  const stdout = new Output(io.stdout ?? process.stdout);
  const stderr = io.stderr ?? process.stderr;
  const code = await runCommand(argv, io, stdout, stderr);
  const failed = await stdout.finish();
  if (failed === undefined || (failed as { code?: unknown }).code === 'EPIPE') return code;
  try {
    stderr.write(`config-spec: cannot write the output: ${printable(failed instanceof Error ? failed.message : inspect(failed))}\n`);
  } catch {
    // stderr is gone too: the exit code is all that is left to say it.
  }
  return 2;
}

type Writer = NonNullable<CliIO['stdout']>;
type NodeStream = Writer & {
  write(text: string, done: (error?: Error | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
};

// stdout as the commands use it: a write never throws; the first error (thrown, passed to a write's
// callback, or emitted by the stream later) is kept, and `finish` waits for the writes to land.
class Output {
  #error: unknown;
  #failed = false;
  #last: Promise<void> = Promise.resolve();

  constructor(readonly stream: Writer) {
    // A Node stream reports a failed write as an 'error' event too; unheard, it would crash the process.
    if (isNodeStream(stream)) {
      stream.on('error', (error) => {
        this.#fail(error);
      });
    }
  }

  write(text: string): void {
    if (this.#failed) return;
    const { stream } = this;
    try {
      if (isNodeStream(stream)) {
        this.#last = new Promise((resolve) => {
          stream.write(text, (error) => {
            if (error !== undefined && error !== null) this.#fail(error);
            resolve();
          });
        });
      } else stream.write(text);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Waits for the last write; the first write error, or `undefined`. */
  async finish(): Promise<unknown> {
    if (!this.#failed) await this.#last;
    return this.#failed ? this.#error : undefined;
  }

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#error = error;
  }
}

function isNodeStream(stream: Writer): stream is NodeStream {
  const candidate = stream as Partial<NodeStream> & { writable?: unknown };
  return typeof candidate.on === 'function' && typeof candidate.writable === 'boolean';
}

async function runCommand(argv: readonly string[], io: CliIO, stdout: Output, stderr: Writer): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  let debug = argv.includes('--debug');
  let command: string | undefined;
  try {
    const parsed = parse(argv);
    debug = parsed.values.debug === true;
    if (parsed.values.help === true || parsed.positionals[0] === 'help') {
      stdout.write(USAGE);
      return 0;
    }
    const [name, ...operands] = parsed.positionals;
    command = name;
    if (command === undefined) throw usage('no command given');
    const color = useColor(parsed.tokens, env, io.isTTY ?? process.stdout.isTTY);
    for (const module of parsed.values.import ?? []) await importModule(module, cwd);
    const style = makeStyle(color);
    const from = formatOption(parsed.values.from, 'from', true);
    const to = formatOption(parsed.values.to, 'to', false);
    if (to !== undefined && command !== 'convert') throw usage('--to is an option of convert');
    const syntax = syntaxOption(parsed.values.syntax);
    const input = { cwd, stdin: io.stdin, syntax };
    // Every command reads config-spec's dicts: with --from, the file's are converted first.
    const readConfig = async (file: string): Promise<unknown> => {
      const { tree } = await readConfigFile(file, input);
      return from === undefined || command === 'convert' ? tree : convertConfig<unknown>(tree, { from, to: 'config-spec', registry: defaultRegistry });
    };
    switch (command) {
      case 'show': {
        const [file] = expectOperands(command, operands, 1, 1, 'FILE');
        stdout.write(formatTree(await readConfig(file as string), style));
        return 0;
      }
      case 'validate': {
        const [file] = expectOperands(command, operands, 1, 1, 'FILE');
        const tree = await readConfig(file as string);
        if (from === undefined) {
          // A Python config read as plain data would be "ok": say what it looks like instead.
          const foreign = foreignSpecCounts(tree);
          for (const format of CONFIG_FORMATS) {
            const count = foreign.get(format);
            if (count === undefined) continue;
            stderr.write(`config-spec: ${printable(displayName(file as string))}: ${String(count)} dict${count === 1 ? ' looks' : 's look'} like ${FORMAT_NAMES[format]} specs; pass --from ${format}\n`);
          }
          if (foreign.size > 0) return 1;
        }
        const problems = collectProblems(tree, defaultRegistry);
        for (const problem of problems) {
          const target = problem.target === undefined ? '' : ` (${problem.target})`;
          stdout.write(`${problem.path === '' ? '(root)' : problem.path}: ${problem.code}${printable(target)} ${printable(oneLine(problem.detail))}\n`);
        }
        if (problems.length === 0) {
          stdout.write('ok\n');
          return 0;
        }
        stderr.write(`config-spec: ${printable(file as string)}: ${String(problems.length)} problem${problems.length === 1 ? '' : 's'}\n`);
        return 1;
      }
      case 'set': {
        const [file, ...overrides] = expectOperands(command, operands, 2, Infinity, 'FILE PATH=VALUE...');
        const read = await readConfigFile(file as string, input);
        const format = from === 'auto' ? undefined : from;
        if (from === 'auto') throw usage('set needs the file\'s format: --from config-spec, config_spec, hydra or octo, not auto');
        const tree = format === undefined ? read.tree : convertConfig<unknown>(read.tree, { from: format, to: 'config-spec', registry: defaultRegistry });
        const { config, dropped } = applyOverrides(tree, overrides, { registry: defaultRegistry });
        // An override's value may nest deeper than the file could: printed only if the writers can.
        checkDepth(config);
        for (const drop of dropped) {
          stderr.write(`config-spec: dropped ${keywordPathText(drop.path, drop.keyword)}: not a parameter of ${drop.target}\n`);
        }
        const edited = format === undefined || format === 'config-spec' ? config : convertConfig<unknown>(config, { from: 'config-spec', to: format, registry: defaultRegistry });
        if (read.syntax === 'json') {
          stdout.write(printableFile(stringifyConfig(edited, { syntax: 'json', nonFinite: isPython(format) ? 'python' : 'tagged' })));
          return 0;
        }
        // YAML and JSONC are edited in place: only the values that changed are written; Hydra's
        // `_convert_`, which conversion drops, stays.
        const edits = configEdits(read.tree, edited, (key) => format === 'hydra' && key === '_convert_');
        stdout.write(printableFile(read.syntax === 'yaml' ? await editYamlText(read.text, edits) : await editJsoncText(read.text, edits)));
        return 0;
      }
      case 'convert': {
        const [file] = expectOperands(command, operands, 1, 1, 'FILE');
        const read = await readConfigFile(file as string, input);
        const target = to ?? 'config-spec';
        const out = convertConfig<unknown>(read.tree, { from: from ?? 'auto', to: target, registry: defaultRegistry });
        const outSyntax = syntax ?? (read.syntax === 'yaml' ? 'yaml' : 'json');
        stdout.write(printableFile(await stringifyConfig(out, { syntax: outSyntax, nonFinite: isPython(target) || outSyntax === 'yaml' ? 'python' : 'tagged' })));
        return 0;
      }
      case 'diff': {
        const [a, b] = expectOperands(command, operands, 2, 2, 'A B');
        const before = await readConfig(a as string);
        const after = await readConfig(b as string);
        const changes = diffConfigs(before, after, canonicalOrGiven);
        stdout.write(formatChanges(changes, style));
        return changes.length === 0 ? 0 : 1;
      }
      case 'schema':
        expectOperands(command, operands, 0, 0, '');
        stdout.write(`${printableJson(configSchema({ registry: defaultRegistry }), 2) ?? 'null'}\n`);
        return 0;
      default:
        throw usage(`unknown command "${command}"; the commands are show, validate, set, diff, convert, schema`);
    }
  } catch (error) {
    const failure = error instanceof Failure ? error
      : error instanceof ConfigSpecError ? new Failure(error.message, 1, error)
      : new Failure(`internal error: ${error instanceof Error ? error.message : String(error)}`, 2, error, true);
    const hint = debug || !failure.internal ? '' : ' (run with --debug for the stack)';
    stderr.write(`config-spec: ${printable(oneLine(failure.message))}${hint}\n`);
    if (debug) stderr.write(`${printableLines(stackOf(failure.original ?? failure))}\n`);
    // diff's 1 means "different": its failures are trouble, 2, as in diff(1).
    return command === 'diff' ? 2 : failure.exitCode;
  }
}

// Hydra-style overrides (`--model.lr=0.1`) are not options: they are set aside as placeholders,
// which parseArgs sees as positionals, and put back in the same place.
function parse(argv: readonly string[]): { values: { import?: string[]; from?: string; to?: string; syntax?: string; debug?: boolean; help?: boolean }; positionals: string[]; tokens: readonly { kind: string; name?: string }[] } {
  const held: string[] = [];
  const marked = argv.map((arg, i) => {
    const match = /^--([^=]+)=/.exec(arg);
    const afterImport = i > 0 && argv[i - 1] === '--import';
    if (match === null || afterImport || Object.hasOwn(OPTIONS, match[1] as string) || argv.slice(0, i).includes('--')) return arg;
    held.push(arg);
    return `\u0000override${String(held.length - 1)}`;
  });
  let parsed;
  try {
    parsed = parseArgs({ args: marked, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    // Node's message goes on about `--`; its first sentence is the news.
    const message = error instanceof Error ? error.message : String(error);
    throw usage(message.split(/\.\s/)[0] as string);
  }
  const positionals = parsed.positionals.map((arg) => {
    const match = /^\u0000override(\d+)$/.exec(arg);
    return match === null ? arg : held[Number(match[1])] as string;
  });
  return { values: parsed.values, positionals, tokens: parsed.tokens };
}

function expectOperands(command: string, operands: string[], min: number, max: number, names: string): string[] {
  if (operands.length < min || operands.length > max) {
    throw usage(max === 0 ? `${command} takes no arguments` : `${command} takes ${names}`);
  }
  return operands;
}

// --color/--no-color (the last one given wins), else FORCE_COLOR, else NO_COLOR, else a terminal.
function useColor(tokens: readonly { kind: string; name?: string }[], env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  let flag: boolean | undefined;
  for (const token of tokens) {
    if (token.kind === 'option' && token.name === 'color') flag = true;
    if (token.kind === 'option' && token.name === 'no-color') flag = false;
  }
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

async function importModule(module: string, cwd: string): Promise<void> {
  const file = resolve(cwd, module);
  // A module whose top-level await never settles would leave nothing to run: Node then exits (13)
  // without a word. 'beforeExit' comes first: it turns that into a failure with the module's name.
  let hang: (() => void) | undefined;
  const never = new Promise<never>((_, reject) => {
    hang = () => {
      reject(new Failure(`--import ${module} never finished loading: its top-level await never settles`, 2));
    };
    process.once('beforeExit', hang);
  });
  try {
    await Promise.race([import(pathToFileURL(file).href), never]);
  } catch (error) {
    if (error instanceof Failure) throw error;
    if (error instanceof ConfigSpecError) throw new Failure(`--import ${module}: ${error.message}`, 2, error);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Failure(`cannot import ${module}: ${reason}`, 2, error);
  } finally {
    if (hang !== undefined) process.removeListener('beforeExit', hang);
  }
}

// How `validate` names each format, with the keys that gave it away.
const FORMAT_NAMES: Readonly<Record<ConfigFormat, string>> = {
  'config-spec': 'config-spec',
  config_spec: 'Python config_spec (_target_ "module:Name")',
  hydra: 'Hydra (_target_)',
  octo: "Octo's ModuleSpec (module, name, args, kwargs)",
};

function displayName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

function isPython(format: ConfigFormat | undefined): boolean {
  return format !== undefined && format !== 'config-spec';
}

function formatOption(value: string | undefined, option: string, auto: boolean): ConfigFormat | 'auto' | undefined;
function formatOption(value: string | undefined, option: string, auto: false): ConfigFormat | undefined;
function formatOption(value: string | undefined, option: string, auto: boolean): ConfigFormat | 'auto' | undefined {
  if (value === undefined || (auto && value === 'auto') || (CONFIG_FORMATS as readonly string[]).includes(value)) return value as ConfigFormat | 'auto' | undefined;
  throw usage(`--${option} ${JSON.stringify(value)} is not a format; formats: ${CONFIG_FORMATS.join(', ')}${auto ? ', auto' : ''}`);
}

function syntaxOption(value: string | undefined): ConfigSyntax | undefined {
  if (value === undefined || value === 'json' || value === 'jsonc' || value === 'yaml') return value;
  throw usage(`--syntax ${JSON.stringify(value)} is not a syntax; syntaxes: json, jsonc, yaml`);
}

/** A config file read: its text, its syntax and its data. */
interface ReadConfig {
  readonly text: string;
  readonly syntax: ConfigSyntax;
  readonly tree: unknown;
}

// A config file (or stdin, `-`) read and parsed in the syntax of its extension (or --syntax).
async function readConfigFile(file: string, input: { readonly cwd: string; readonly stdin: AsyncIterable<string | Uint8Array> | undefined; readonly syntax: ConfigSyntax | undefined }): Promise<ReadConfig> {
  let text: string;
  try {
    text = file === '-' ? await readAll(input.stdin ?? process.stdin) : await readFile(resolve(input.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : error instanceof Error ? error.message : String(error);
    throw new Failure(`cannot read ${file}: ${reason}`, 2);
  }
  // A file's extension decides its syntax; --syntax is for stdin and for names without one.
  const syntax = (file === '-' ? undefined : syntaxOfFile(file)) ?? input.syntax ?? 'json';
  let tree: unknown;
  try {
    tree = await parseConfigText<unknown>(text, { syntax, file: displayName(file) });
  } catch (error) {
    // A syntax error's detail starts with "file:line:column: ": said once, in words.
    if (error instanceof ConfigSpecError && error.code === 'INVALID_SPEC_DICT') {
      const where = error.line === undefined ? '' : `line ${String(error.line)} column ${String(error.column)}: `;
      throw new Failure(`${displayName(file)} is not valid ${syntax.toUpperCase()}: ${where}${error.detail.replace(/^[^\n]*?:\d+:\d+: /, '')}`, 1, error);
    }
    throw error;
  }
  // Every command walks the tree with recursive code: deep input is TOO_DEEP at its path (exit 1),
  // as the API says, never a stack overflow.
  checkDepth(tree);
  return { text, syntax, tree };
}

async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function canonicalOrGiven(target: string): string {
  return canonicalName(defaultRegistry, target) ?? target;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  for (let at = error, depth = 0; at !== undefined && depth < 5; depth++) {
    parts.push(at instanceof Error ? (at.stack ?? at.message) : inspect(at));
    at = at instanceof Error ? at.cause : undefined;
    if (at !== undefined) parts.push('Caused by:');
  }
  return parts.join('\n');
}
