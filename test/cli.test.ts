import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { USAGE, type CliIO } from '../src/cli.js';
import { runCli, type CliRun } from './support/cli.js';
import { diffConfigs, formatTree, makeStyle, summarize } from '../src/cli-format.js';
import { collectProblems, joinPath } from '../src/cli-validate.js';
import { defaultRegistry, parseConfigText, Registry } from '../src/index.js';
import { ensureDist, repoRoot, withoutCoverage } from './support/dist.js';

const ROOT = repoRoot();
const MODELS = join(ROOT, 'test', 'fixtures', 'cli', 'models.mjs');
const BIN = join(ROOT, 'bin', 'config-spec.js');
const ESC = '\u001b[';

type Run = CliRun;

let dir = '';

/** Runs the CLI in this process with a fake io (a pipe, an empty environment, `dir` as cwd). */
function run(argv: readonly string[], io: Partial<CliIO> = {}): Promise<Run> {
  return runCli(argv, dir, io);
}

/** The same with the fixture module imported. */
const withModels = (argv: readonly string[], io: Partial<CliIO> = {}): Promise<Run> => run(['--import', MODELS, ...argv], io);

function write(name: string, value: unknown): string {
  writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return name;
}

function expectOneLine(text: string, pattern: RegExp): void {
  expect(text.split('\n').filter((line) => line !== ''), text).to.have.length(1);
  expect(text.trimEnd()).to.match(pattern);
  expect(text).not.to.match(/^\s+at /m);
}

const spec = (target: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({ target, ...fields, __dense_spec__: true });

const CONFIG = {
  tx: spec('clitest:Adam', { lr: 0.001, betas: [0.9, 0.99] }),
  model: spec('clitest:model', {
    called: true,
    layers: [spec('clitest:dense', { called: true, units: 64, activation: spec('clitest:relu') }), { __ref__: 'model.layers[0]' }],
    head: spec('clitest:dense', { args: [8] }),
  }),
  steps: 1000,
  when: { __value__: 'Date', data: '2024-01-01T00:00:00.000Z' },
  'odd key': 'x',
};

describe('cli', () => {
  before(async function () {
    this.timeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'config-spec-cli-'));
    write('config.json', CONFIG);
    // The binary and the fixture module run the built package (dist/): build it when it is missing or
    // older than the sources.
    ensureDist();
    await import(MODELS);
  });

  after(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  describe('cli (in process)', () => {
    describe('usage', () => {
      it('prints the help on --help, -h and help, exit 0', async () => {
        for (const argv of [['--help'], ['-h'], ['help'], ['show', '--help']]) {
          const { code, stdout, stderr } = await run(argv);
          expect(code).to.equal(0);
          expect(stdout).to.equal(USAGE);
          expect(stderr).to.equal('');
        }
        for (const command of ['show', 'validate', 'set', 'diff', 'schema', '--import', '--no-color', '--debug']) expect(USAGE).to.contain(command);
      });

      it('no command, an unknown command, an unknown option, wrong operands: one line, exit 2', async () => {
        const cases: [string[], RegExp][] = [
          [[], /^config-spec: no command given/],
          [['frob'], /^config-spec: unknown command "frob"; the commands are show, validate, set, diff, convert, schema/],
          [['--bogus', 'show', 'config.json'], /^config-spec: Unknown option '--bogus'/],
          [['--a.b', 'show', 'config.json'], /^config-spec: Unknown option '--a\.b' \(see config-spec --help\)$/],
          [['show'], /^config-spec: show takes FILE/],
          [['show', 'a', 'b'], /^config-spec: show takes FILE/],
          [['diff', 'config.json'], /^config-spec: diff takes A B/],
          [['set', 'config.json'], /^config-spec: set takes FILE PATH=VALUE/],
          [['schema', 'extra'], /^config-spec: schema takes no arguments/],
          [['--import'], /^config-spec: Option '--import <value>' argument missing/],
        ];
        for (const [argv, pattern] of cases) {
          const { code, stdout, stderr } = await run(argv);
          expect(code, argv.join(' ')).to.equal(2);
          expect(stdout).to.equal('');
          expectOneLine(stderr, pattern);
        }
      });

      it('a missing file is one line, exit 2; a directory too', async () => {
        for (const command of ['show', 'validate']) {
          const { code, stderr } = await run([command, 'missing.json']);
          expect(code).to.equal(2);
          expectOneLine(stderr, /^config-spec: cannot read missing\.json: no such file$/);
        }
        const { code, stderr } = await run(['show', '.']);
        expect(code).to.equal(2);
        expectOneLine(stderr, /^config-spec: cannot read \.: is a directory$/);
      });

      it('a file that is not JSON is one line with line and column, exit 1 (2 for diff); --debug adds the stack', async () => {
        write('broken.json', '{\n  "a": 1,\n}');
        for (const command of ['show', 'validate']) {
          const { code, stderr } = await run([command, 'broken.json']);
          expect(code).to.equal(1);
          expectOneLine(stderr, /^config-spec: broken\.json is not valid JSON: .*line 3 column 1/);
        }
        const diff = await run(['diff', 'broken.json', 'config.json']);
        expect(diff.code).to.equal(2);
        expectOneLine(diff.stderr, /^config-spec: broken\.json is not valid JSON/);
        const debug = await run(['--debug', 'show', 'broken.json']);
        expect(debug.code).to.equal(1);
        expect(debug.stderr).to.match(/^config-spec: broken\.json is not valid JSON/);
        expect(debug.stderr).to.match(/ConfigSpecError: INVALID_SPEC_DICT/).and.to.match(/^\s+at /m);
      });

      it('--import of a missing module is one line, exit 2, resolved against cwd', async () => {
        const { code, stderr } = await run(['--import', './nothere.mjs', 'schema']);
        expect(code).to.equal(2);
        expectOneLine(stderr, /^config-spec: cannot import \.\/nothere\.mjs: .*nothere\.mjs/);
        expect(stderr).to.contain(join(dir, 'nothere.mjs'));
      });

      it('--import of a module that throws a ConfigSpecError names it, exit 2', async () => {
        write('dup.mjs', `import { configurable } from ${JSON.stringify(join(ROOT, 'dist', 'index.js'))};\nconfigurable({ namespace: 'clitest', name: 'Adam' }, class Other { constructor(a) {} });\n`);
        const { code, stderr } = await run(['--import', 'dup.mjs', 'schema']);
        expect(code).to.equal(2);
        expectOneLine(stderr, /^config-spec: --import dup\.mjs: DUPLICATE_TARGET/);
      });
    });

    describe('show', () => {
      it('prints a tree: targets with called/partial, keywords, args, refs, tagged values; no colors in a pipe', async () => {
        const { code, stdout, stderr } = await withModels(['show', 'config.json']);
        expect(stderr).to.equal('');
        expect(code).to.equal(0);
        expect(stdout).to.equal([
          'tx: clitest:Adam (partial)',
          '  lr: 0.001',
          '  betas:',
          '    [0]: 0.9',
          '    [1]: 0.99',
          'model: clitest:model (called)',
          '  layers:',
          '    [0]: clitest:dense (called)',
          '      units: 64',
          '      activation: clitest:relu (partial)',
          '    [1]: → model.layers[0]',
          '  head: clitest:dense (partial)',
          '    args[0]: 8',
          'steps: 1000',
          'when: Date(2024-01-01T00:00:00.000Z)',
          '"odd key": "x"',
          '',
        ].join('\n'));
      });

      it('colors targets on a terminal; NO_COLOR and --no-color turn them off; FORCE_COLOR and --color on', async () => {
        const colored = (r: Run): boolean => r.stdout.includes(ESC);
        expect(colored(await run(['show', 'config.json'], { isTTY: true }))).to.equal(true);
        expect((await run(['show', 'config.json'], { isTTY: true })).stdout).to.contain(`${ESC}1;36mclitest:Adam${ESC}0m`);
        expect(colored(await run(['show', 'config.json'], { isTTY: true, env: { NO_COLOR: '1' } }))).to.equal(false);
        expect(colored(await run(['show', 'config.json'], { isTTY: true, env: { NO_COLOR: '' } }))).to.equal(true);
        expect(colored(await run(['--no-color', 'show', 'config.json'], { isTTY: true }))).to.equal(false);
        expect(colored(await run(['show', 'config.json'], { isTTY: false }))).to.equal(false);
        expect(colored(await run(['show', 'config.json'], { env: { FORCE_COLOR: '1' } }))).to.equal(true);
        expect(colored(await run(['show', 'config.json'], { isTTY: true, env: { FORCE_COLOR: '0' } }))).to.equal(false);
        expect(colored(await run(['--color', 'show', 'config.json']))).to.equal(true);
        expect(colored(await run(['--no-color', 'show', 'config.json'], { env: { FORCE_COLOR: '1' } }))).to.equal(false);
        expect(colored(await run(['--no-color', '--color', 'show', 'config.json']))).to.equal(true);
        expect(colored(await run(['--color', '--no-color', 'show', 'config.json']))).to.equal(false);
        // Colors never change the text itself.
        const plain = (await run(['show', 'config.json'])).stdout;
        expect((await run(['--color', 'show', 'config.json'])).stdout.replace(/\u001b\[[0-9;]*m/g, '')).to.equal(plain);
      });

      it('needs no registry: unknown targets and malformed nodes are shown as they are', () => {
        const tree = { a: spec('nowhere:X', { called: true, __recursive__: false }), b: { target: 3, __dense_spec__: true }, c: [], d: {}, e: null, f: { __value__: 'bigint', data: '12' }, g: { __value__: 'number', data: 'NaN' }, h: { __ref__: '' } };
        expect(formatTree(tree, makeStyle(false))).to.equal([
          'a: nowhere:X (called, not recursive)',
          'b: <target 3> (partial)',
          'c: []',
          'd: {}',
          'e: null',
          'f: 12n',
          'g: NaN',
          'h: → (root)',
          '',
        ].join('\n'));
        expect(formatTree(42, makeStyle(false))).to.equal('42\n');
        expect(formatTree(spec('x:Y', { k: 1 }), makeStyle(false))).to.equal('x:Y (partial)\n  k: 1\n');
      });

      it('shows each node as the shared classifier sees it, leniently: a bad marker or a ref without a path string is what its other keys make it', () => {
        const tree = { bad: { __dense_spec__: 'yes', k: 1 }, both: { __ref__: 'x', __value__: 'bigint', data: '1' }, numeric: { __ref__: 5, __value__: 'bigint', data: '2' }, odd: { __ref__: 5 } };
        expect(formatTree(tree, makeStyle(false))).to.equal([
          'bad:',
          '  __dense_spec__: "yes"',
          '  k: 1',
          'both: → x',
          'numeric: 2n',
          'odd:',
          '  __ref__: 5',
          '',
        ].join('\n'));
        expect(summarize(tree)).to.equal('{bad: {__dense_spec__: "yes", k: 1}, both: → x, numeric: 2n, odd: {__ref__: 5}}');
      });

      it('a tree deeper than MAX_DEPTH is TOO_DEEP with its path, not a stack overflow', async () => {
        let deep: unknown = 1;
        for (let i = 0; i < 2100; i++) deep = [deep];
        write('deep.json', JSON.stringify(deep));
        const { code, stderr } = await run(['show', 'deep.json']);
        expect(code).to.equal(1);
        // The API's path for the same data: the first container past the limit.
        expectOneLine(stderr, /^config-spec: TOO_DEEP at (\[0\]){2000}:/);
      });
    });

    describe('validate', () => {
      it('prints ok and exits 0 for a valid config', async () => {
        const { code, stdout, stderr } = await withModels(['validate', 'config.json']);
        expect([code, stdout, stderr]).to.deep.equal([0, 'ok\n', '']);
      });

      it('reports every problem with its full path, one per line, exit 1', async () => {
        write('bad.json', {
          tx: spec('clitest:Adam', { lrr: 0.001, beta: 1, called: 'yes' }),
          model: spec('clitest:model', { called: true, layers: [spec('clitest:dense', { units: 3, activaton: spec('clitest:rleu') })] }),
          list: [{ target: 'clitest:relu', __dense_spec__: 'yes' }],
          r: { __ref__: 'tx.nothing' },
          t: { __value__: 'Datee', data: 1 },
        });
        const { code, stdout, stderr } = await withModels(['validate', 'bad.json']);
        expect(code).to.equal(1);
        const lines = stdout.trimEnd().split('\n');
        expect(lines.map((line) => line.slice(0, line.indexOf(' ', line.indexOf(': ') + 2)))).to.deep.equal([
          'tx.called: INVALID_SPEC_DICT',
          'tx.lrr: UNKNOWN_PARAMETER',
          'tx.beta: UNKNOWN_PARAMETER',
          'model: MISSING_PARAMETER',
          'model.layers[0].activaton: UNKNOWN_PARAMETER',
          'model.layers[0].activaton: UNKNOWN_TARGET',
          'list[0].__dense_spec__: INVALID_SPEC_DICT',
          'r: INVALID_SPEC_DICT',
          't.__value__: INVALID_SPEC_DICT',
        ]);
        expect(lines[1]).to.contain('(clitest:Adam)').and.contain('did you mean "lr"');
        expect(lines[2]).to.contain('did you mean "betas"');
        expect(lines[3]).to.contain('"head"');
        expect(lines[5]).to.contain('did you mean "clitest:relu"');
        expect(lines[8]).to.contain('did you mean "Date"');
        expectOneLine(stderr, /^config-spec: bad\.json: 9 problems$/);
      });

      it('reports every wrong value, one line each, with the other problems (issue 11)', async () => {
        write('values.json', {
          tx: spec('clitest:Adam', { lr: '0.1,0.01', betas: 0.9, lrr: 1 }),
          sgd: spec('clitest:SGD', { args: [null, 'fast'], momentum: [1], kwargs: { __momentum__: 1 } }),
          ok: spec('clitest:SGD', { lr: { __value__: 'number', data: 'NaN' }, momentum: null }),
        });
        const { code, stdout, stderr } = await withModels(['validate', 'values.json']);
        expect(code).to.equal(1);
        const lines = stdout.trimEnd().split('\n');
        expect(lines.map((line) => line.slice(0, line.indexOf(' ', line.indexOf(': ') + 2)))).to.deep.equal([
          'tx.lr: INVALID_VALUE',
          'tx.betas: INVALID_VALUE',
          'tx.lrr: UNKNOWN_PARAMETER',
          'sgd.args[1]: INVALID_VALUE',
          'sgd.momentum: INVALID_VALUE',
          'sgd.kwargs.__momentum__: UNKNOWN_PARAMETER',
        ]);
        expect(lines[0]).to.equal('tx.lr: INVALID_VALUE (clitest:Adam) expected a number, got the string "0.1,0.01"');
        expectOneLine(stderr, /^config-spec: values\.json: 6 problems$/);
      });

      it('escaped keywords, args and __proto__ keys are reported at the paths the JSON has', () => {
        const tree = JSON.parse('{"a": {"target": "clitest:dense", "args": [1, 2, 3], "kwargs": {"target": 1}, "__dense_spec__": true}, "b": {"__proto__": 1}}') as unknown;
        const problems = collectProblems(tree, defaultRegistry);
        expect(problems.map((p) => `${p.path} ${p.code}`)).to.deep.equal(['a.kwargs.target UNKNOWN_PARAMETER', 'b.__proto__ INVALID_SPEC_DICT']);
      });

      it('a parameter bound twice, then the rest of that node, are reported', () => {
        const tree = { a: spec('clitest:dense', { args: [1], units: 2, bogus: 3 }) };
        const problems = collectProblems(tree, defaultRegistry);
        expect(problems.map((p) => `${p.path} ${p.code}`)).to.deep.equal(['a.units INVALID_SPEC_DICT', 'a.bogus UNKNOWN_PARAMETER']);
      });

      it('does not require the parameters of called specs passed on unbuilt (__recursive__: false)', () => {
        const inner = spec('clitest:model', { called: true });
        expect(collectProblems({ a: spec('clitest:dense', { units: inner, __recursive__: false }) }, defaultRegistry)).to.deep.equal([]);
        expect(collectProblems({ a: spec('clitest:dense', { units: inner }) }, defaultRegistry).map((p) => `${p.path} ${p.code}`)).to.deep.equal(['a.units MISSING_PARAMETER']);
      });

      it('references: to an enclosing spec is CYCLE, to a later spec or a non-spec INVALID_SPEC_DICT, inside tagged data resolved against the root', () => {
        const tree = {
          a: spec('clitest:dense', { units: { __ref__: 'a' } }),
          b: { __ref__: 'c' },
          c: spec('clitest:relu'),
          d: { __ref__: 'steps' },
          steps: 1,
          m: { __value__: 'Map', data: [[1, { __ref__: 'c' }]] },
        };
        expect(collectProblems(tree, defaultRegistry).map((p) => `${p.path} ${p.code}`)).to.deep.equal([
          'a.units CYCLE', 'b INVALID_SPEC_DICT', 'd INVALID_SPEC_DICT',
        ]);
      });

      it('an object with both "__ref__" and "__value__" is reported as the reader reads it: a malformed reference', () => {
        // validate and Spec.fromDict share one classifier, which puts a reference before a tag.
        const tree = { c: spec('clitest:relu'), both: { __ref__: 'c', __value__: 'Date', data: 1 } };
        const problems = collectProblems(tree, defaultRegistry);
        expect(problems.map((p) => `${p.path} ${p.code}`)).to.deep.equal(['both.__value__ INVALID_SPEC_DICT']);
        expect(problems[0]?.detail).to.equal('a reference has only the key "__ref__", not "__value__"');
      });

      it('a marker that is not true is one problem, and the object is still walked as what its other keys make it', () => {
        const tree = { plain: { __dense_spec__: 0, x: [spec('clitest:nothing')] } };
        const problems = collectProblems(tree, defaultRegistry);
        expect(problems.map((p) => `${p.path} ${p.code}`)).to.deep.equal(['plain.__dense_spec__ INVALID_SPEC_DICT', 'plain.x[0] UNKNOWN_TARGET']);
      });

      it('the "__recursive__" field is not value-checked as a keyword of the same name (which goes under "kwargs")', () => {
        const own = new Registry();
        own.configurable('dunder', function wrap(__recursive__ = 1) {
          return __recursive__;
        });
        expect(collectProblems({ target: 'dunder:wrap', __recursive__: false, __dense_spec__: true }, own)).to.deep.equal([]);
        const wrong = collectProblems({ target: 'dunder:wrap', kwargs: { __recursive__: 'x' }, __dense_spec__: true }, own);
        expect(wrong.map((p) => `${p.path} ${p.code}`)).to.deep.equal(['kwargs.__recursive__ INVALID_VALUE']);
      });

      it('the root itself may be a spec dict; its problems are at (root)', async () => {
        write('root.json', { target: 'clitest:nothing', __dense_spec__: true });
        const { code, stdout } = await withModels(['validate', 'root.json']);
        expect(code).to.equal(1);
        expect(stdout).to.match(/^\(root\): UNKNOWN_TARGET \(clitest:nothing\) no target is registered as "clitest:nothing"\n$/);
      });

      it('joinPath joins formatted paths', () => {
        expect([joinPath('', 'a'), joinPath('a', ''), joinPath('a', 'b.c'), joinPath('a', '[0].b'), joinPath('', '')]).to.deep.equal(['a', 'a', 'a.b.c', 'a[0].b', '']);
      });
    });

    describe('set', () => {
      it('prints the edited config as 2-space JSON and leaves the file alone', async () => {
        const before = readFileSync(join(dir, 'config.json'), 'utf8');
        const { code, stdout, stderr } = await withModels(['set', 'config.json', 'tx.lr=0.1', 'steps=5', 'model.layers[0].units=32', '+name=run-1']);
        expect(stderr).to.equal('');
        expect(code).to.equal(0);
        const out = JSON.parse(stdout) as typeof CONFIG & { name: string };
        expect(stdout).to.equal(`${JSON.stringify(out, null, 2)}\n`);
        expect(out.tx.lr).to.equal(0.1);
        expect(out.steps).to.equal(5);
        expect((out.model.layers as { units: number }[])[0]?.units).to.equal(32);
        expect(out.name).to.equal('run-1');
        expect(readFileSync(join(dir, 'config.json'), 'utf8')).to.equal(before);
      });

      it('takes Hydra-style --path=value overrides, not as options', async () => {
        const { code, stdout } = await withModels(['set', 'config.json', '--tx.lr=0.5', '--steps=7']);
        expect(code).to.equal(0);
        const out = JSON.parse(stdout) as { tx: { lr: number }; steps: number };
        expect([out.tx.lr, out.steps]).to.deep.equal([0.5, 7]);
      });

      it('reports each keyword dropped by a target swap on stderr', async () => {
        const { code, stdout, stderr } = await withModels(['set', 'config.json', 'tx.target=clitest:SGD']);
        expect(code).to.equal(0);
        expect((JSON.parse(stdout) as { tx: unknown }).tx).to.deep.equal(spec('clitest:SGD', { lr: 0.001 }));
        expectOneLine(stderr, /^config-spec: dropped tx\.betas: not a parameter of clitest:SGD$/);
      });

      it('an unknown parameter or path is one line with its code and path, exit 1', async () => {
        const unknown = await withModels(['set', 'config.json', 'tx.lrr=1']);
        expect(unknown.code).to.equal(1);
        expect(unknown.stdout).to.equal('');
        expectOneLine(unknown.stderr, /^config-spec: UNKNOWN_PARAMETER at tx\.lrr \(clitest:Adam\): .*did you mean "lr"/);
        const missing = await withModels(['set', 'config.json', 'nope.x=1']);
        expect(missing.code).to.equal(1);
        expectOneLine(missing.stderr, /^config-spec: INVALID_OVERRIDE at nope\.x: /);
      });
    });

    describe('diff', () => {
      it('no differences: exit 0, nothing printed', async () => {
        write('same.json', CONFIG);
        expect(await withModels(['diff', 'config.json', 'same.json'])).to.deep.equal({ code: 0, stdout: '', stderr: '' });
      });

      it('prints + added, - removed, ~ changed path by path, exit 1; a changed target is one change', async () => {
        const other = JSON.parse(JSON.stringify(CONFIG)) as Record<string, Record<string, unknown>>;
        other.tx = spec('clitest:SGD', { lr: 0.1 });
        (other.model as { layers: { units: number }[] }).layers[0]!.units = 32;
        ((other.model as { head: { args: number[] } }).head.args).push(9);
        delete other.when;
        (other as Record<string, unknown>).steps = 2000;
        (other as Record<string, unknown>).extra = [1];
        write('other.json', other);
        const { code, stdout, stderr } = await withModels(['diff', 'config.json', 'other.json']);
        expect(stderr).to.equal('');
        expect(code).to.equal(1);
        expect(stdout).to.equal([
          '~ tx: partial(clitest:Adam, lr=0.001, betas=[0.9, 0.99]) → partial(clitest:SGD, lr=0.1)',
          '~ model.layers[0].units: 64 → 32',
          '+ model.head.args[1]: 9',
          '~ steps: 1000 → 2000',
          '- when: Date(2024-01-01T00:00:00.000Z)',
          '+ extra: [1]',
          '',
        ].join('\n'));
        const colored = await withModels(['--color', 'diff', 'config.json', 'other.json']);
        expect(colored.stdout).to.contain(`${ESC}32m+ extra: [1]${ESC}0m`).and.contain(`${ESC}31m- when`);
      });

      it('an alias of the same target, and fields at their defaults, are no difference', () => {
        const a = { tx: spec('clitest:Adam', { lr: 1 }) };
        const b = { tx: spec('clitest:OldAdam', { called: false, args: [], kwargs: {}, __recursive__: true, lr: 1 }) };
        const canonical = (t: string): string => (defaultRegistry.has(t) ? defaultRegistry.lookup(t).name : t);
        expect(diffConfigs(a, b, canonical)).to.deep.equal([]);
        expect(diffConfigs(a, b).map((c) => c.path)).to.deep.equal(['tx']);
        expect(diffConfigs({ x: spec('a:B') }, { x: { target: 'a:B' } })).to.deep.equal([{ kind: '~', path: 'x', before: spec('a:B'), after: { target: 'a:B' } }]);
        expect(diffConfigs(1, '1')).to.deep.equal([{ kind: '~', path: '', before: 1, after: '1' }]);
      });

      it('a missing second file is exit 2', async () => {
        const { code, stderr } = await run(['diff', 'config.json', 'missing.json']);
        expect(code).to.equal(2);
        expectOneLine(stderr, /^config-spec: cannot read missing\.json: no such file$/);
      });

      it('summaries are one line, shortened with …', () => {
        expect(summarize(spec('a:B', { called: true, args: [1], kwargs: { target: 't' } }))).to.equal('a:B(1, target="t")');
        expect(summarize({ 'a b': [1, { __ref__: 'x' }] })).to.equal('{"a b": [1, → x]}');
        const long = summarize(Array.from({ length: 100 }, (_, i) => i));
        expect(long).to.have.length(120);
        expect(long.endsWith('…')).to.equal(true);
      });
    });

    describe('other formats: YAML, JSONC, stdin, --from, convert', () => {
      const FIXTURES = join(ROOT, 'test', 'fixtures', 'cli');
      const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
      const stdin = (text: string): AsyncIterable<string> => ({
        async *[Symbol.asyncIterator]() {
          yield text.slice(0, 5);
          yield text.slice(5);
        },
      });

      it('set on YAML keeps every comment and the layout: only the edited values change (golden file)', async () => {
        write('edit.yaml', fixture('edit.yaml'));
        const result = await withModels(['set', 'edit.yaml', 'tx.lr=0.0003', 'model.units=128', 'name=run-2', 'steps=5000', 'clip=1.5']);
        expect(result.stderr).to.equal('');
        expect(result.code).to.equal(0);
        expect(result.stdout).to.equal(fixture('edit.expected.yaml'));
      });

      it('set on JSONC keeps every comment and the layout: only the edited values change (golden file)', async () => {
        write('edit.jsonc', fixture('edit.jsonc'));
        const result = await withModels(['set', 'edit.jsonc', 'tx.lr=0.0003', 'model.units=128', 'steps=5000']);
        expect(result.stderr).to.equal('');
        expect(result.stdout).to.equal(fixture('edit.expected.jsonc'));
      });

      it('set on YAML that adds a keyword keeps every comment', async () => {
        write('edit.yaml', fixture('edit.yaml'));
        const result = await withModels(['set', 'edit.yaml', 'tx.lr=0.5', 'model.activation=null']);
        expect(result.code, result.stderr).to.equal(0);
        const comments = (text: string): string[] => text.split('\n').filter((line) => line.includes('#')).map((line) => line.slice(line.indexOf('#')));
        expect(comments(result.stdout)).to.deep.equal(comments(fixture('edit.yaml')));
        expect(await parseConfigText(result.stdout, { syntax: 'yaml' })).to.have.nested.property('tx.lr', 0.5);
      });

      it('set --from hydra edits a Hydra file in its own format, comments and _convert_ kept', async () => {
        write('hydra.yaml', fixture('hydra.yaml'));
        const result = await withModels(['set', '--from', 'hydra', 'hydra.yaml', 'tx.lr=0.01', 'model.units=32']);
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stdout).to.equal(fixture('hydra.yaml').replace('lr: 0.001', 'lr: 0.01').replace('units: 64', 'units: 32'));
        expect((await withModels(['set', '--from', 'auto', 'hydra.yaml', 'tx.lr=1'])).code).to.equal(2);
      });

      it('set on JSON prints JSON; with --from config_spec, in that format with Python\'s Infinity', async () => {
        write('cs.json', '{"_target_": "clitest:Adam", "lr": 0.1, "eps": Infinity}');
        const result = await withModels(['set', '--from', 'config_spec', 'cs.json', 'lr=0.2']);
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stdout).to.equal('{\n  "_target_": "clitest:Adam",\n  "lr": 0.2,\n  "eps": Infinity\n}\n');
      });

      it('validate without --from warns about dicts in another format and exits 1, so a Python config is never "ok"', async () => {
        write('hydra.yaml', fixture('hydra.yaml'));
        const result = await withModels(['validate', 'hydra.yaml']);
        expect(result.code).to.equal(1);
        expect(result.stdout).to.equal('');
        expectOneLine(result.stderr, /^config-spec: hydra\.yaml: 3 dicts look like Hydra \(_target_\) specs; pass --from hydra$/);
        const mixed = await withModels(['validate', '-'], { stdin: stdin('{"a": {"_target_": "m:f"}, "b": [{"module": "m", "name": "n", "args": [], "kwargs": {}}]}') });
        expect(mixed.code).to.equal(1);
        expect(mixed.stderr).to.equal('config-spec: <stdin>: 1 dict looks like Python config_spec (_target_ "module:Name") specs; pass --from config_spec\nconfig-spec: <stdin>: 1 dict looks like Octo\'s ModuleSpec (module, name, args, kwargs) specs; pass --from octo\n');
        const ok = await withModels(['validate', '--from', 'hydra', 'hydra.yaml']);
        expect([ok.code, ok.stdout, ok.stderr]).to.deep.equal([0, 'ok\n', '']);
      });

      it('--from works on show and diff too', async () => {
        write('hydra.yaml', fixture('hydra.yaml'));
        write('edit.yaml', fixture('edit.yaml'));
        const show = await withModels(['show', '--from', 'hydra', 'hydra.yaml']);
        expect(show.code, show.stderr).to.equal(0);
        expect(show.stdout).to.contain('clitest:Adam');
        const diff = await withModels(['diff', '--from', 'auto', 'hydra.yaml', 'edit.yaml']);
        expect(diff.code, diff.stderr).to.equal(1);
      });

      it('convert FILE --from X --to Y [--syntax yaml], from a file or stdin', async () => {
        write('hydra.yaml', fixture('hydra.yaml'));
        const toOurs = await withModels(['convert', 'hydra.yaml', '--syntax', 'json']);
        expect(toOurs.code, toOurs.stderr).to.equal(0);
        expect(JSON.parse(toOurs.stdout)).to.have.nested.property('tx.target', 'clitest:Adam');
        const toConfigSpec = await withModels(['convert', 'hydra.yaml', '--from', 'hydra', '--to', 'config_spec']);
        expect(toConfigSpec.stdout).to.match(/^# |^tx:/m).and.to.contain('_target_: clitest:Adam').and.to.contain('_return_type_: called');
        const fromStdin = await withModels(['convert', '-', '--syntax', 'yaml', '--to', 'hydra'], { stdin: stdin(fixture('edit.yaml')) });
        expect(fromStdin.code, fromStdin.stderr).to.equal(0);
        expect(await parseConfigText(fromStdin.stdout, { syntax: 'yaml' })).to.deep.include({ steps: 1000, clip: { __value__: 'number', data: 'Infinity' } });
        expect(fromStdin.stdout).to.contain('clip: .inf').and.to.contain('_target_: clitest.Adam');
        const octo = await withModels(['convert', 'hydra.yaml', '--to', 'octo']);
        expect(octo.code).to.equal(1);
        expectOneLine(octo.stderr, /^config-spec: NOT_SERIALIZABLE at model/);
      });

      it('set and convert print escape sequences from the file escaped, keeping tabs and CRLF line ends', async () => {
        write('esc.yaml', 'steps: 1 # \u001b[2J wiped\r\nname: "\u009b31m"\r\nlist: [1,\t2]\r\n');
        const edited = await withModels(['set', 'esc.yaml', 'steps=2']);
        expect(edited.code, edited.stderr).to.equal(0);
        expect(edited.stdout).to.equal('steps: 2 # \\u001b[2J wiped\r\nname: "\\u009b31m"\r\nlist: [1,\t2]\r\n');
        const converted = await withModels(['convert', 'esc.yaml', '--syntax', 'json']);
        expect(converted.stdout).not.to.match(/[\u001b\u009b]/);
        expect(converted.stdout).to.contain('\\u009b31m');
      });

      it('YAML and JSONC errors name the file, line and column; bad --from/--to/--syntax are usage errors', async () => {
        write('bad.yaml', 'a: 1\na: 2\n');
        expectOneLine((await run(['show', 'bad.yaml'])).stderr, /^config-spec: bad\.yaml is not valid YAML: line 2 column 1: YAML: Map keys must be unique/);
        write('bad.jsonc', '{\n  "a": 1,, }');
        expectOneLine((await run(['show', 'bad.jsonc'])).stderr, /^config-spec: bad\.jsonc is not valid JSONC: line 2 column 10: /);
        for (const argv of [['show', '--from', 'toml', 'x.json'], ['convert', 'x.json', '--to', 'auto'], ['show', '--syntax', 'ini', 'x.json'], ['show', '--to', 'hydra', 'x.json']]) {
          const result = await run(argv);
          expect(result.code, argv.join(' ')).to.equal(2);
          expectOneLine(result.stderr, /^config-spec: .*\(see config-spec --help\)$/);
        }
      });
    });

    describe('schema', () => {
      it('prints the JSON Schema of the registered targets', async () => {
        const { code, stdout, stderr } = await withModels(['schema']);
        expect([code, stderr]).to.deep.equal([0, '']);
        const schema = JSON.parse(stdout) as { $schema: string; $defs: Record<string, unknown> };
        expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
        expect(schema.$defs).to.have.property('clitest:Adam');
        expect(schema.$defs).to.have.property('clitest:dense');
      });
    });
  });

  describe('cli (the binary, spawned)', function () {
    this.timeout(30_000);
    const clean: NodeJS.ProcessEnv = withoutCoverage(process.env);
    delete clean.FORCE_COLOR;
    delete clean.NO_COLOR;
    const bin = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Run => {
      const result = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...clean, ...env } });
      return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
    };
    // A relative --import, resolved against the working directory as a user would type it.
    const importArgs = (): string[] => ['--import', relative(dir, MODELS)];

    it('show: a tree, without colors in a pipe, with FORCE_COLOR', () => {
      const piped = bin([...importArgs(), 'show', 'config.json']);
      expect(piped.stderr).to.equal('');
      expect(piped.code).to.equal(0);
      expect(piped.stdout).to.match(/^tx: clitest:Adam \(partial\)\n  lr: 0\.001\n/);
      expect(piped.stdout).not.to.contain(ESC);
      const forced = bin(['show', 'config.json'], { FORCE_COLOR: '1' });
      expect(forced.stdout).to.contain(`${ESC}1;36mclitest:Adam`);
    });

    it('validate: ok / every problem, exit 0 / 1', () => {
      expect(bin([...importArgs(), 'validate', 'config.json'])).to.deep.equal({ code: 0, stdout: 'ok\n', stderr: '' });
      write('bin-bad.json', { a: spec('clitest:Adam', { lrr: 1, momentum: 2 }) });
      const bad = bin([...importArgs(), 'validate', 'bin-bad.json']);
      expect(bad.code).to.equal(1);
      expect(bad.stdout.split('\n').filter(Boolean).map((l) => l.split(' (')[0])).to.deep.equal(['a.lrr: UNKNOWN_PARAMETER', 'a.momentum: UNKNOWN_PARAMETER']);
      expectOneLine(bad.stderr, /^config-spec: bin-bad\.json: 2 problems$/);
    });

    it('validate without --import: unknown targets, exit 1', () => {
      const result = bin(['validate', 'config.json']);
      expect(result.code).to.equal(1);
      expect(result.stdout).to.match(/^tx: UNKNOWN_TARGET \(clitest:Adam\)/);
    });

    it('set: edited JSON on stdout, dropped keywords on stderr', () => {
      const result = bin([...importArgs(), 'set', 'config.json', 'tx.target=clitest:SGD', '--steps=3']);
      expect(result.code).to.equal(0);
      const out = JSON.parse(result.stdout) as { tx: unknown; steps: number };
      expect(out.tx).to.deep.equal(spec('clitest:SGD', { lr: 0.001 }));
      expect(out.steps).to.equal(3);
      expectOneLine(result.stderr, /^config-spec: dropped tx\.betas: not a parameter of clitest:SGD$/);
    });

    it('diff: exit 0 when equal, 1 with the changes, 2 on trouble', () => {
      write('bin-other.json', { ...CONFIG, steps: 1 });
      expect(bin(['diff', 'config.json', 'config.json'])).to.deep.equal({ code: 0, stdout: '', stderr: '' });
      expect(bin(['diff', 'config.json', 'bin-other.json'])).to.deep.equal({ code: 1, stdout: '~ steps: 1000 → 1\n', stderr: '' });
      expect(bin(['diff', 'config.json', 'nope.json']).code).to.equal(2);
    });

    it('schema: the JSON Schema, exit 0', () => {
      const result = bin([...importArgs(), 'schema']);
      expect(result.code).to.equal(0);
      expect((JSON.parse(result.stdout) as { $defs: object }).$defs).to.have.property('clitest:model');
    });

    it('errors are one line without a stack; --debug adds the stack', () => {
      const missing = bin(['show', 'missing.json']);
      expect([missing.code, missing.stdout]).to.deep.equal([2, '']);
      expectOneLine(missing.stderr, /^config-spec: cannot read missing\.json: no such file$/);
      const unknown = bin(['frob']);
      expect(unknown.code).to.equal(2);
      expectOneLine(unknown.stderr, /^config-spec: unknown command "frob"/);
      write('bin-broken.json', '{');
      const broken = bin(['validate', 'bin-broken.json']);
      expect(broken.code).to.equal(1);
      expectOneLine(broken.stderr, /^config-spec: bin-broken\.json is not valid JSON/);
      const override = bin([...importArgs(), 'set', 'config.json', 'tx.lrr=1']);
      expect(override.code).to.equal(1);
      expectOneLine(override.stderr, /^config-spec: UNKNOWN_PARAMETER at tx\.lrr/);
      const debug = bin([...importArgs(), '--debug', 'set', 'config.json', 'tx.lrr=1']);
      expect(debug.code).to.equal(1);
      expect(debug.stderr).to.match(/^config-spec: UNKNOWN_PARAMETER at tx\.lrr/).and.to.match(/ConfigSpecError/).and.to.match(/^\s+at /m);
    });

    it('--help on stdout, exit 0', () => {
      const result = bin(['--help']);
      expect(result).to.deep.equal({ code: 0, stdout: USAGE, stderr: '' });
    });
  });
});
