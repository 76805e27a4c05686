// Issue 9, "Hostile configs": one regression test (or group) per numbered item of the adversarial
// review, named after it. The fixes live in the shared mechanisms (src/printable.ts, the check phase
// of instantiate, tree.ts's setOwn/checkDepth/isPlainObject, errors.ts's guardInput, …); these tests
// pin the behaviour through the public entry points, in both decorator modes.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import {
  applyOverrides,
  asdict,
  configSchema,
  ConfigSpecError,
  mergeConfig,
  Registry,
  setPath,
  Spec,
  MAX_DEPTH,
} from '../src/index.js';
import type { CliIO } from '../src/cli.js';
import { runCli, type CliRun } from './support/cli.js';
import { diffConfigs } from '../src/cli-format.js';
import { collectProblems } from '../src/cli-validate.js';
import { expectError, thrown } from './support/errors.js';
import { ensureDist, repoRoot, withoutCoverage } from './support/dist.js';
import { decoratorMode } from './support/mode.js';

const registry = new Registry();
const opts = { registry };
const log: string[] = [];

@registry.configurable('ok')
class Leaf {
  constructor(public name = 'leaf') {
    log.push(`Leaf(${name})`);
  }
}

@registry.configurable('bad')
class Forbidden {
  constructor(public name = 'x') {
    log.push(`Forbidden(${name})`);
  }
}

function keep(a: unknown = null, b: unknown = null): { a: unknown; b: unknown } {
  return { a, b };
}
registry.configurable('ok', keep);

/** A target that changes its argument: it must never change the caller's config. */
function mutate(list: unknown[]): unknown[] {
  list.push('mutated');
  return list;
}
registry.configurable('ok', mutate);

function pair(left: unknown = null, right: unknown = null): unknown[] {
  return [left, right];
}
registry.configurable('ok', pair);

void Leaf;
void Forbidden;

const D = '__dense_spec__';
const dict = (target: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({ target, ...fields, [D]: true });

// The dist/ fixture module the CLI tests import, registering clitest:* targets on the default registry.
const MODELS = join(repoRoot(), 'test', 'fixtures', 'cli', 'models.mjs');

type Run = CliRun;

describe(`issue 9: hostile configs (${decoratorMode})`, () => {
  let dir = '';
  const file = (name: string, content: unknown): string => {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    return name;
  };
  const cli = (argv: readonly string[], io: Partial<CliIO> = {}): Promise<Run> => runCli(['--import', MODELS, ...argv], dir, io);

  before(async function () {
    this.timeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'config-spec-hostile-'));
    ensureDist();
    await import(MODELS);
  });

  after(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    log.length = 0;
  });

  describe('item 1: an own "__proto__" key in an edited spec dict never becomes its prototype', () => {
    const parsed = (): Record<string, unknown> => JSON.parse('{"x": {"target": "ok:Leaf", "__proto__": {"name": "inherited"}, "__dense_spec__": true}}') as Record<string, unknown>;

    it('setPath, applyOverrides and mergeConfig refuse it with INVALID_OVERRIDE, naming where it is', () => {
      const config = parsed();
      const before = JSON.stringify(config);
      expect(expectError(() => setPath(config, 'x.name', 'a', opts), 'INVALID_OVERRIDE', 'x.name').message).to.contain('x.__proto__');
      expectError(() => applyOverrides(config, ['x.name=a'], opts), 'INVALID_OVERRIDE', 'x.name');
      expectError(() => mergeConfig(config, { x: { name: 'a' } }, opts), 'INVALID_OVERRIDE', 'x');
      expect(JSON.stringify(config)).to.equal(before);
      expect(Object.getPrototypeOf(config.x)).to.equal(Object.prototype);
    });

    it('under kwargs too, and at the root of plain data', () => {
      const kwargs = JSON.parse('{"target": "ok:keep", "kwargs": {"__proto__": {"a": 1}}, "__dense_spec__": true}') as unknown;
      expectError(() => setPath(kwargs, 'b', 1, opts), 'INVALID_OVERRIDE', 'b');
      const plain = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}') as unknown;
      expectError(() => setPath(plain, 'a', 2, opts), 'INVALID_OVERRIDE', 'a');
    });

    it('config-spec set exits 1 instead of printing the spec without the key', async () => {
      const name = file('proto.json', '{"tx": {"target": "clitest:Adam", "__proto__": {"lr": 5}, "__dense_spec__": true}}');
      const run = await cli(['set', name, 'tx.lr=0.1']);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.contain('INVALID_OVERRIDE').and.contain('__proto__');
    });

    it('diff reports two spec dicts that differ only there', () => {
      const a = JSON.parse('{"target": "t:A", "__proto__": {"lr": 1}, "__dense_spec__": true}') as unknown;
      const b = JSON.parse('{"target": "t:A", "__proto__": {"lr": 2}, "__dense_spec__": true}') as unknown;
      const changes = diffConfigs(a, b);
      expect(changes.map((c) => c.path)).to.deep.equal(['__proto__.lr']);
    });
  });

  describe('item 2: terminal escapes from a config are printed escaped', () => {
    // ESC, BEL, CR, C1's single-byte CSI and a bidi override, in every place a file's string is shown.
    const evil = 'x\u001b[2J\u0007\r\u009b31m\u202e';
    const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
    const config = {
      [evil]: 1,
      tx: { target: `clitest:${evil}`, __dense_spec__: true },
      ref: { __ref__: evil },
      tag: { __value__: evil, data: evil },
      text: evil,
    };
    const sgr = /\u001b\[[0-9;]*m/g;

    it('show, validate, diff and set (with and without colors) write no raw control character', async () => {
      const a = file('evil.json', config);
      const b = file('evil2.json', { ...config, text: `${evil}!`, [`${evil}2`]: 2 });
      const runs = [
        await cli(['show', a]),
        await cli(['show', a], { isTTY: true }),
        await cli(['validate', a]),
        await cli(['diff', a, b]),
        await cli(['diff', a, b], { isTTY: true }),
        await cli(['set', a, 'text=1']),
        await cli(['set', a, 'tx.lr=1']),
      ];
      for (const run of runs) {
        const text = (run.stdout + run.stderr).replace(sgr, '');
        expect(text, JSON.stringify(text)).not.to.match(raw);
      }
      expect(runs[0]?.stdout).to.contain('\\u001b[2J\\u0007\\r\\u009b31m\\u202e');
      expect(runs[2]?.stdout).to.contain('clitest:x\\u001b[2J');
    });

    it('the JSON syntax-error snippet and error messages are escaped', async () => {
      const run = await cli(['show', file('broken.json', `{"a": "\u001b[31m" \u0007}`)]);
      expect(run.code).to.equal(1);
      expect(run.stderr).not.to.match(raw);
      const error = thrown(() => Spec.fromDict({ target: `ok:${evil}`, [D]: true }, opts));
      expect(error.message).not.to.match(raw);
      expect(error.message).to.contain('\\u001b');
      expect(error.target).to.equal(`ok:${evil}`);
    });

    it('paths quote keys with C1 and bidi characters escaped too, and still parse back', () => {
      const error = thrown(() => Spec.fromDict({ [evil]: { target: 'nope:X', [D]: true } }, opts));
      expect(error.path).not.to.match(raw);
      expect(JSON.parse(error.path.slice(1, -1)) as unknown).to.equal(evil);
    });
  });

  describe('item 3: allow (and every target and keyword) is checked before anything builds', () => {
    it('an allowed target earlier in the config does not run before a later disallowed one is refused', () => {
      const tree = { a: dict('ok:Leaf', { called: true, name: 'early' }), b: dict('bad:Forbidden', { called: true }) };
      expectError(() => Spec.instantiate(tree, { ...opts, allow: ['ok'] }), 'TARGET_NOT_ALLOWED', 'b');
      expect(log).to.deep.equal([]);
    });

    it('the same for an unknown keyword, an unknown target, a missing parameter and a dangling ref late in the tree', () => {
      const early = dict('ok:Leaf', { called: true, name: 'early' });
      expectError(() => Spec.instantiate({ a: early, b: dict('ok:Leaf', { called: true, nmae: 1 }) }, opts), 'UNKNOWN_PARAMETER', 'b.nmae');
      expectError(() => Spec.instantiate({ a: early, b: [dict('ok:Lef', { called: true })] }, opts), 'UNKNOWN_TARGET', 'b[0]');
      expectError(() => Spec.instantiate({ a: early, b: dict('ok:mutate', { called: true }) }, opts), 'MISSING_PARAMETER', 'b');
      expectError(() => Spec.instantiate({ a: early, b: { __ref__: 'nowhere' } }, opts), 'INVALID_SPEC_DICT', 'b');
      expect(log).to.deep.equal([]);
    });

    it('Spec objects and specs nested in partials and tagged data are checked as well', () => {
      const early = new Spec(Leaf, { name: 'early' }, { called: true, registry });
      const late = new Spec(Forbidden, {}, { called: true, registry });
      expectError(() => Spec.instantiate([early, dict('ok:keep', { a: late })], { ...opts, allow: ['ok'] }), 'TARGET_NOT_ALLOWED', '[1].a');
      expectError(() => Spec.instantiate([early, { __value__: 'Set', data: [late] }], { ...opts, allow: ['ok'] }), 'TARGET_NOT_ALLOWED', '[1].data[0]');
      expect(log).to.deep.equal([]);
    });

    it('what recursive: false passes on unbuilt is not checked (it is not built)', () => {
      const out = Spec.instantiate<{ a: unknown }>(dict('ok:keep', { called: true, a: dict('bad:Forbidden', { called: true }), __recursive__: false }), { ...opts, allow: ['ok'] });
      expect(out.a).to.deep.equal(dict('bad:Forbidden', { called: true }));
      expect(log).to.deep.equal([]);
    });
  });

  describe('item 4: validate runs no registerValue decode function', () => {
    it('a tagged value of a registered type is checked for its name, its codec is never called', () => {
      const values = new Registry();
      let decoded = 0;
      values.registerValue('geo:Point', { is: () => false, encode: (v) => v, decode: (data) => ((decoded += 1), data) });
      expect(collectProblems({ p: { __value__: 'geo:Point', data: [1, 2] }, q: [{ __value__: 'geo:Point', data: { x: 1 } }] }, values)).to.deep.equal([]);
      expect(decoded).to.equal(0);
      const problems = collectProblems({ p: { __value__: 'geo:Pont', data: [1, 2] } }, values);
      expect(problems.map((p) => [p.code, p.path])).to.deep.equal([['INVALID_SPEC_DICT', 'p.__value__']]);
      expect(decoded).to.equal(0);
    });
  });

  describe('item 8: shared nodes fanning out are visited once, never 2^30 times', () => {
    // Level i holds level i-1 twice: 31 objects, 2^30 paths to the bottom.
    const fanOut = <T extends object>(levels: number, make: (below: T | undefined) => T): T => {
      let node = make(undefined);
      for (let i = 0; i < levels; i++) node = make(node);
      return node;
    };
    const plain = (): Record<string, unknown> => fanOut<Record<string, unknown>>(30, (below) => (below === undefined ? { leaf: 1 } : { a: below, b: below }));
    const specs = (): Record<string, unknown> => fanOut<Record<string, unknown>>(30, (below) => dict('ok:pair', below === undefined ? { called: true } : { called: true, left: below, right: below }));
    const refs = (): Record<string, unknown> => {
      const tree: Record<string, unknown> = { l0: dict('ok:pair', { called: true }) };
      for (let i = 1; i <= 30; i++) tree[`l${String(i)}`] = dict('ok:pair', { called: true, left: { __ref__: `l${String(i - 1)}` }, right: { __ref__: `l${String(i - 1)}` } });
      return tree;
    };

    it('Spec.fromDict and Spec.instantiate of programmatic shared trees: each shared node read and built once, shared in the result', function () {
      this.timeout(10_000);
      const read = Spec.fromDict<Record<string, Record<string, unknown>>>(plain(), opts);
      expect(read.a).to.equal(read.b);
      const built = Spec.instantiate<unknown[]>(specs(), opts);
      expect(built[0]).to.equal(built[1]);
      const fromSpecs = Spec.fromDict<Spec<unknown, boolean>>(specs(), opts);
      expect(fromSpecs.kwargs.left).to.equal(fromSpecs.kwargs.right);
    });

    it('asdict of what a __ref__ fan-out builds, and of shared plain trees, writes each shared node once', function () {
      this.timeout(10_000);
      const built = Spec.instantiate<Record<string, unknown>>(refs(), opts);
      // What ok:pair built holds one array twice at every level: written once, the copy shared.
      const written = asdict<unknown[][]>(built.l30);
      expect(written[0]).to.equal(written[1]);
      const out = asdict<Record<string, Record<string, unknown>>>(plain());
      expect(out.a).to.equal(out.b);
    });

    it('mergeConfig of shared trees merges each pair once', function () {
      this.timeout(10_000);
      const merged = mergeConfig(plain(), plain()).config;
      expect(merged.a).to.equal(merged.b);
      mergeConfig(specs(), specs(), opts);
    });
  });

  describe('item 16: asdict refuses what JSON cannot hold instead of dropping it', () => {
    it('a symbol-keyed property → NOT_SERIALIZABLE at its object', () => {
      expect(expectError(() => asdict({ x: { a: 1, [Symbol('s')]: 2 } }), 'NOT_SERIALIZABLE', 'x').message).to.contain('Symbol(s)');
    });

    it('a non-enumerable property → NOT_SERIALIZABLE at the property', () => {
      const value = Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false });
      expectError(() => asdict({ x: value }), 'NOT_SERIALIZABLE', 'x.hidden');
    });

    it('an extra property on an array (named or symbol-keyed) → NOT_SERIALIZABLE', () => {
      const named = Object.assign([1, 2], { extra: true });
      expectError(() => asdict({ x: named }), 'NOT_SERIALIZABLE', 'x.extra');
      const hidden = Object.defineProperty([1], 'meta', { value: 1, enumerable: false });
      expectError(() => asdict([hidden]), 'NOT_SERIALIZABLE', '[0].meta');
      const symbol = Object.assign([1], { [Symbol('s')]: 1 });
      expectError(() => asdict({ y: symbol }), 'NOT_SERIALIZABLE', 'y');
    });

    it('an Array subclass instance → NOT_SERIALIZABLE naming the class, not a plain array', () => {
      class Vector extends Array<number> {}
      const vector = Vector.from([1, 2]);
      expect(expectError(() => asdict({ v: vector }), 'NOT_SERIALIZABLE', 'v').message).to.contain('Vector');
    });

    it('a codec registered for an Array subclass still writes it', () => {
      class Pair extends Array<number> {}
      const values = new Registry();
      values.registerValue('geo:Pair', { is: (v) => v instanceof Pair, encode: (v) => [...(v as Pair)], decode: (d) => Pair.from(d as number[]) });
      expect(asdict({ p: Pair.from([1, 2]) }, { registry: values })).to.deep.equal({ p: { __value__: 'geo:Pair', data: [1, 2] } });
    });

    it('plain data is written as before: holes as undefined, own enumerable keys', () => {
      expect(asdict({ a: [1, , 3], b: { c: 1 } })).to.deep.equal({ a: [1, { __value__: 'undefined' }, 3], b: { c: 1 } });
    });
  });

  describe('item 9: deep input is TOO_DEEP with a path, in the CLI as in the API', () => {
    const nested = (depth: number, wrap: (inner: unknown) => unknown): unknown => {
      let value: unknown = 1;
      for (let i = 0; i < depth; i++) value = wrap(value);
      return value;
    };
    // As text: JSON.stringify itself overflows the stack on such input.
    const shapes: Record<string, readonly [string, string]> = {
      objects: ['{"a":', '}'],
      'tagged Sets': ['{"__value__":"Set","data":[', ']}'],
      'spec args': ['{"target":"clitest:relu","args":[', '],"__dense_spec__":true}'],
    };
    const text = (depth: number, [open, close]: readonly [string, string]): string => `${open.repeat(depth)}1${close.repeat(depth)}`;
    for (const [name, shape] of Object.entries(shapes)) {
      it(`15,000 levels of ${name}: show, validate, diff and set answer TOO_DEEP at a path (exit 1), never a stack overflow`, async function () {
        this.timeout(60_000);
        const deep = file(`deep-${name.replace(/\W/g, '')}.json`, text(15_000, shape));
        for (const argv of [['show', deep], ['validate', deep], ['diff', deep, deep], ['set', deep, 'x=1']]) {
          const run = await cli(argv);
          expect(run.stderr, argv.join(' ')).to.contain('TOO_DEEP at ').and.not.contain('internal error');
          expect(run.code, argv.join(' ')).to.equal(argv[0] === 'diff' ? 2 : 1);
        }
      });
    }

    it('500 levels of tagged Sets (1,000 containers, under the limit) print without an internal error', async function () {
      this.timeout(60_000);
      const deep = file('deep-ok.json', text(500, shapes['tagged Sets'] as readonly [string, string]));
      for (const argv of [['show', deep], ['validate', deep], ['diff', deep, deep]]) {
        const run = await cli(argv);
        expect(run.stderr, argv.join(' ')).not.to.contain('internal error').and.not.contain('TOO_DEEP');
        expect(run.code, argv.join(' ')).to.equal(0);
      }
    });

    it('mergeConfig on deep spec trees is TOO_DEEP at a path, not INVALID_OVERRIDE at the root', () => {
      const deep = nested(15_000, (inner) => dict('ok:keep', { a: inner }));
      const error = thrown(() => mergeConfig(deep, deep, opts));
      expect(error.code).to.equal('TOO_DEEP');
      expect(error.path).to.match(/^a(\.a)+$/);
    });

    it('config-spec set with an override value nested past the limit is TOO_DEEP at its path, exit 1', async () => {
      const run = await cli(['set', file('small.json', { x: null }), `x=${text(MAX_DEPTH + 5, ['[', ']'])}`]);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^config-spec: TOO_DEEP at x(\[0\])+:/);
    });
  });

  describe('item 10: a throwing getter or Proxy in an argument is a ConfigSpecError, never a TypeError', () => {
    const trap = (): object => new Proxy({}, { ownKeys: () => { throw new TypeError('ownKeys trap'); }, get: () => { throw new TypeError('get trap'); } });
    const revoked = (): object => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    };
    const getter = (key: string): object => Object.defineProperty({}, key, { enumerable: true, get: () => { throw new TypeError(`${key} getter`); } });
    const cases: Record<string, (bad: object) => unknown> = {
      'new Spec (kwargs)': (bad) => new Spec('ok:Leaf', bad as Record<string, unknown>, { registry }),
      'new Spec (options, args)': (bad) => new Spec(Leaf, {}, { ...opts, args: bad as unknown[] }),
      'new Spec (options)': (bad) => new Spec(Leaf, {}, bad),
      '.partial()': (bad) => new Spec('ok:Leaf', {}, { registry }).partial(bad as Record<string, unknown>),
      '.call()': (bad) => new Spec('ok:Leaf', {}, { registry }).call(bad as Record<string, unknown>),
      'partial()': (bad) => registry.partial('ok:Leaf', bad as Record<string, unknown>),
      'Spec.instantiate options': (bad) => Spec.instantiate({}, bad),
      'Spec.fromDict options': (bad) => Spec.fromDict({}, bad),
      'asdict options': (bad) => asdict({}, bad),
      'applyOverrides overrides': (bad) => applyOverrides({}, bad as string[]),
      'applyOverrides options': (bad) => applyOverrides({ a: 1 }, ['a=2'], bad),
      'registry.register options': (bad) => new Registry().register(function target() { /* empty */ }, bad),
    };
    for (const [name, call] of Object.entries(cases)) {
      it(`${name}: a throwing Proxy, a revoked Proxy, a throwing getter`, () => {
        for (const bad of [trap(), revoked(), getter('registry'), getter('args'), getter('allow'), getter('name')]) {
          let error: unknown;
          try {
            call(bad);
          } catch (caught) {
            error = caught;
          }
          if (error !== undefined) expect(error, error instanceof Error ? error.message : typeof error).to.be.instanceOf(ConfigSpecError);
        }
      });
    }

    it('registry.register of a function whose name getter throws is INVALID_REGISTRATION with the cause', () => {
      const fn = function target(): void { /* empty */ };
      Object.defineProperty(fn, 'name', { get: () => { throw new TypeError('name getter'); } });
      const error = expectError(() => new Registry().register(fn), 'INVALID_REGISTRATION');
      expect((error.cause as Error).message).to.equal('name getter');
    });
  });

  describe('item 11: a sparse allow array is refused when checked', () => {
    it('[, "ok"] is INVALID_OVERRIDE at once, not INSTANTIATION_FAILED later', () => {
      const allow = [, 'ok'] as unknown as string[];
      expect(expectError(() => Spec.instantiate(dict('ok:Leaf', { called: true }), { ...opts, allow }), 'INVALID_OVERRIDE').message).to.contain('allow');
      expect(log).to.deep.equal([]);
    });
  });

  describe('item 13: plain means plain in any realm', () => {
    it('a spec dict made in another realm (node:vm) is built, not returned as data', () => {
      const foreign = vm.runInNewContext('({ x: { target: "ok:Leaf", called: true, name: "vm", __dense_spec__: true }, list: [1, { a: 2 }] })') as Record<string, unknown>;
      const out = Spec.instantiate<{ x: unknown; list: unknown }>(foreign, opts);
      expect(out.x).to.be.instanceOf(Leaf);
      expect(out.list).to.deep.equal([1, { a: 2 }]);
      expect(Spec.fromDict<{ x: unknown }>(foreign, opts).x).to.be.instanceOf(Spec);
    });

    it('asdict of a plain object or array from another realm is plain data', () => {
      const foreign = vm.runInNewContext('({ a: 1, b: [1, 2], c: Object.create(null) })') as unknown;
      expect(asdict(foreign)).to.deep.equal({ a: 1, b: [1, 2], c: {} });
    });

    it('an instance of a class from another realm is still not plain', () => {
      const instance = vm.runInNewContext('new (class Point { constructor() { this.x = 1; } })()') as unknown;
      expect(expectError(() => asdict({ p: instance }), 'NOT_SERIALIZABLE', 'p').message).to.contain('Point');
    });
  });

  describe('item 14: recursive: false hands the target copies, never the caller\'s containers', () => {
    it('a target that mutates its argument leaves the input config unchanged (dict and Spec forms)', () => {
      const list: unknown[] = [1, { nested: [2] }];
      const out = Spec.instantiate<unknown[]>(dict('ok:mutate', { called: true, args: [list], __recursive__: false }), opts);
      expect(out).to.deep.equal([1, { nested: [2] }, 'mutated']);
      expect(list).to.deep.equal([1, { nested: [2] }]);
      const spec = new Spec(mutate, {}, { args: [list], called: true, recursive: false, registry });
      spec.instantiate();
      expect(list).to.deep.equal([1, { nested: [2] }]);
      expect(spec.args[0]).to.equal(list);
      Spec.instantiate([dict('ok:mutate', { called: true, list })], { ...opts, recursive: false });
      expect(list).to.deep.equal([1, { nested: [2] }]);
    });
  });

  describe('item 15: a replaced registration (same source, another closure) is visible', () => {
    it('emits a ConfigSpecWarning naming the target, and the new closure is what builds', async () => {
      const seen: Error[] = [];
      const listen = (warning: Error): void => {
        seen.push(warning);
      };
      process.on('warning', listen);
      try {
        const reg = new Registry();
        const make = (n: number): ((x?: number) => number) => (x = 0) => x + n;
        const first = make(1);
        const second = make(2);
        reg.register(first, { namespace: 'hot', name: 'add' });
        reg.register(second, { namespace: 'hot', name: 'add' });
        await new Promise((resolve) => setImmediate(resolve));
        expect(seen.map((w) => w.name)).to.include('ConfigSpecWarning');
        expect(seen.find((w) => w.name === 'ConfigSpecWarning')?.message).to.contain('hot:add');
        expect(reg.resolve('hot:add')).to.equal(second);
      } finally {
        process.removeListener('warning', listen);
      }
    });
  });

  describe('item 17: a target registered as __proto__ keeps its schema definition', () => {
    it('configSchema has an own $defs["__proto__"]; $defs keeps Object.prototype', () => {
      const reg = new Registry();
      reg.register(function proto(x = 1) { return x; }, { name: '__proto__' });
      const schema = configSchema({ registry: reg });
      const defs = schema.$defs as Record<string, unknown>;
      expect(Object.getPrototypeOf(defs)).to.equal(Object.prototype);
      expect(Object.hasOwn(defs, '__proto__')).to.equal(true);
      expect(Object.keys(defs)).to.include('__proto__');
    });
  });

  describe('item 12: the command line on write errors and never-settling imports', function () {
    this.timeout(60_000);
    const bin = (): string => ensureDist();
    const bigConfig = (): string => file('big.json', { items: Array.from({ length: 20_000 }, (_, i) => ({ name: `item${String(i)}`, value: i })) });

    it('EPIPE (piped to head): no stack trace, and not the "invalid config" exit code', () => {
      const big = bigConfig();
      const script = `"${process.execPath}" "${bin()}" show "${big}" | head -c 100 > /dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`;
      const result = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: withoutCoverage(process.env) });
      expect(result.stderr).not.to.match(/^\s+at /m);
      expect(result.stderr).to.contain('exit=0');
    });

    it('ENOSPC (stdout is /dev/full): one line on stderr and exit 2', () => {
      const big = bigConfig();
      const script = `"${process.execPath}" "${bin()}" show "${big}" > /dev/full`;
      const result = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: withoutCoverage(process.env) });
      expect(result.status).to.equal(2);
      expect(result.stderr.trim().split('\n')).to.have.length(1);
      expect(result.stderr).to.match(/^config-spec: cannot write the output: .*ENOSPC/);
    });

    it('an --import whose top-level await never settles: one line naming it, exit 2 (not a silent 13)', () => {
      const hang = file('hang.mjs', 'await new Promise(() => {});\n');
      const result = spawnSync(process.execPath, [bin(), '--import', hang, 'schema'], { cwd: dir, encoding: 'utf8', env: withoutCoverage(process.env) });
      expect(result.status).to.equal(2);
      expect(result.stderr).to.match(/^config-spec: --import hang\.mjs never finished loading/);
    });
  });
});
