import { expect } from 'chai';
import { asdict, ConfigSpecError, isSpec, registerValue, Registry, Spec, type ErrorCode, type ValueCodec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { same } from './support/same.js';
import { expectError, expectReadError as readError } from './support/errors.js';

const expectReadError = (tree: unknown, code: ErrorCode, path: string): ConfigSpecError => readError(tree, code, path, opts);

// Tagged values (DESIGN §3): {"__value__": type, "data": …} for what plain JSON cannot hold exactly,
// and user types registered with registerValue. Everything is written exactly as specified and read
// back to an equal value by Spec.fromDict and Spec.instantiate.

const registry = new Registry();
const opts = { registry };

/** Returns its argument: builds a tagged value inside a spec. */
function box(value: unknown = undefined): { value: unknown } {
  return { value };
}
registry.configurable('val', box);

/** Two positional parameters, with defaults, to see `undefined` arrive as a positional argument. */
function pair(a: unknown = 'default-a', b: unknown = 'default-b'): unknown[] {
  return [a, b];
}
// Any value goes into it: its defaults' types (strings) are not inferred.
registry.configurable({ namespace: 'val', infer: false }, pair);

/** Rest parameter: shows exactly which positional arguments arrive. */
function items(...rest: unknown[]): unknown[] {
  return rest;
}
registry.configurable({ namespace: 'val', params: ['...rest'] }, items);

/** Parameters named like reserved keys (written under kwargs). */
function escaped(target: unknown = undefined, plain: unknown = undefined): unknown[] {
  return [target, plain];
}
registry.configurable('val', escaped);

/** Counts its builds: a tagged value holding a spec builds it. */
let built = 0;
function counted(n = 0): { n: number; id: number } {
  built += 1;
  return { n, id: built };
}
registry.configurable('val', counted);

// ---------------------------------------------------------------------------------------------
// Helpers

type Tree = Record<string, unknown>;

function expectSame(actual: unknown, expected: unknown, what = ''): void {
  expect(same(actual, expected), `${what}: ${show(actual)} is not the same as ${show(expected)}`).to.equal(true);
}

function show(value: unknown): string {
  try {
    return JSON.stringify(asdict(value, opts));
  } catch {
    return String(value);
  }
}

/** asdict → JSON text → back, by Spec.fromDict and by Spec.instantiate: both equal `value`. */
function expectRoundTrip(value: unknown): void {
  const text = JSON.stringify(asdict(value, opts));
  expectSame(Spec.fromDict(JSON.parse(text), opts), value, `fromDict of ${text}`);
  expectSame(Spec.instantiate(JSON.parse(text), opts), value, `instantiate of ${text}`);
}

/** Written exactly as `json` (as text), and read back to an equal value both ways. */
function expectWritten(value: unknown, json: unknown): void {
  expect(JSON.stringify(asdict(value, opts))).to.equal(JSON.stringify(json));
  expectRoundTrip(value);
}

const tag = (type: string, ...data: unknown[]): Tree => (data.length > 0 ? { __value__: type, data: data[0] } : { __value__: type });

describe(`tagged values (${decoratorMode})`, () => {
  describe('numbers JSON cannot hold', () => {
    it('NaN, Infinity, -Infinity and -0 → {"__value__": "number", "data": …}', () => {
      expectWritten(Number.NaN, { __value__: 'number', data: 'NaN' });
      expectWritten(Infinity, { __value__: 'number', data: 'Infinity' });
      expectWritten(-Infinity, { __value__: 'number', data: '-Infinity' });
      expectWritten(-0, { __value__: 'number', data: '-0' });
      expectWritten({ a: [Number.NaN, 0, -0, 1.5] }, { a: [tag('number', 'NaN'), 0, tag('number', '-0'), 1.5] });
    });

    it('-0 reads back as -0 (Object.is), 0 as 0', () => {
      const back = Spec.fromDict<{ neg: number; pos: number }>(JSON.parse(JSON.stringify(asdict({ neg: -0, pos: 0 }))));
      expect(Object.is(back.neg, -0)).to.equal(true);
      expect(Object.is(back.pos, 0)).to.equal(true);
      expect(Object.is(Spec.instantiate({ v: tag('number', '-0') }).v, -0)).to.equal(true);
    });

    it('finite numbers stay plain JSON numbers', () => {
      for (const n of [0, 1, -1, 1.5, 1e300, -1e-300, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER]) {
        expect(asdict(n)).to.equal(n);
      }
    });
  });

  describe('bigint', () => {
    it('→ {"__value__": "bigint", "data": "<decimal>"}, negative and huge included', () => {
      const huge = 2n ** 300n + 7n;
      expectWritten(0n, tag('bigint', '0'));
      expectWritten(123n, tag('bigint', '123'));
      expectWritten(-42n, tag('bigint', '-42'));
      expectWritten(huge, tag('bigint', huge.toString()));
      expectWritten(-huge, tag('bigint', `-${huge.toString()}`));
      expectWritten([1n, { n: -1n }], [tag('bigint', '1'), { n: tag('bigint', '-1') }]);
    });

    it('reads back as a bigint, not a number', () => {
      const back = Spec.fromDict<{ n: unknown }>({ n: tag('bigint', '9007199254740993') });
      expect(back.n).to.equal(9007199254740993n);
      expect(typeof back.n).to.equal('bigint');
    });
  });

  describe('Date', () => {
    it('→ ISO 8601 text; an invalid Date → data null', () => {
      expectWritten(new Date(0), tag('Date', '1970-01-01T00:00:00.000Z'));
      expectWritten(new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 123)), tag('Date', '2024-02-29T23:59:58.123Z'));
      expectWritten(new Date(-8.64e15), tag('Date', '-271821-04-20T00:00:00.000Z'));
      expectWritten(new Date(Number.NaN), tag('Date', null));
      expectWritten({ d: [new Date('invalid')] }, { d: [tag('Date', null)] });
    });

    it('reads back to a new Date with the same time (invalid stays invalid)', () => {
      const date = new Date(1234567890123);
      const back = Spec.fromDict<{ d: Date; bad: Date }>({ d: tag('Date', date.toISOString()), bad: tag('Date', null) });
      expect(back.d).to.be.instanceOf(Date);
      expect(back.d).to.not.equal(date);
      expect(back.d.getTime()).to.equal(date.getTime());
      expect(back.bad).to.be.instanceOf(Date);
      expect(Number.isNaN(back.bad.getTime())).to.equal(true);
    });
  });

  describe('Map', () => {
    it('→ [[key, value], …] in insertion order, any keys', () => {
      expectWritten(new Map(), tag('Map', []));
      expectWritten(new Map<unknown, unknown>([['b', 1], ['a', 2], [3, 'three']]), tag('Map', [['b', 1], ['a', 2], [3, 'three']]));
      expectWritten(new Map<unknown, unknown>([[{ x: 1 }, [1, 2]], [[1], null], [true, false]]), tag('Map', [[{ x: 1 }, [1, 2]], [[1], null], [true, false]]));
    });

    it('tagged values as keys and values (NaN, bigint, Date, nested Map and Set)', () => {
      const map = new Map<unknown, unknown>([
        [Number.NaN, -0],
        [5n, new Date(0)],
        [new Map([[1, 2]]), new Set([Infinity])],
      ]);
      expectWritten(map, tag('Map', [
        [tag('number', 'NaN'), tag('number', '-0')],
        [tag('bigint', '5'), tag('Date', '1970-01-01T00:00:00.000Z')],
        [tag('Map', [[1, 2]]), tag('Set', [tag('number', 'Infinity')])],
      ]));
    });

    it('specs as keys and values: Spec objects with fromDict, built values with instantiate', () => {
      const keySpec = new Spec(box, { value: 'k' }, { registry, called: true });
      const valueSpec = new Spec(pair, { a: 1n }, { registry, called: true });
      const map = new Map<unknown, unknown>([[keySpec, valueSpec]]);
      const json = JSON.parse(JSON.stringify(asdict({ m: map }, opts))) as Tree;
      expect(json).to.deep.equal({
        m: tag('Map', [[
          { target: 'val:box', called: true, value: 'k', __dense_spec__: true },
          { target: 'val:pair', called: true, a: tag('bigint', '1'), __dense_spec__: true },
        ]]),
      });
      const read = Spec.fromDict<{ m: Map<unknown, unknown> }>(json, opts);
      expectSame(read.m, map);
      const instance = Spec.instantiate<{ m: Map<unknown, unknown> }>(json, opts);
      expectSame([...instance.m], [[{ value: 'k' }, [1n, 'default-b']]]);
    });

    it('the input Map is not changed by writing or reading', () => {
      const map = new Map<unknown, unknown>([['a', { b: [1] }]]);
      const json = asdict<Tree>({ map });
      expect([...map]).to.deep.equal([['a', { b: [1] }]]);
      const before = JSON.stringify(json);
      Spec.fromDict(json);
      Spec.instantiate(json);
      expect(JSON.stringify(json)).to.equal(before);
    });
  });

  describe('Set', () => {
    it('→ [v, …] in insertion order, with tagged members', () => {
      expectWritten(new Set(), tag('Set', []));
      expectWritten(new Set<unknown>([3, 'a', null, { x: 1 }]), tag('Set', [3, 'a', null, { x: 1 }]));
      expectWritten(new Set<unknown>([Number.NaN, 1n, Infinity, 'x']), tag('Set', [tag('number', 'NaN'), tag('bigint', '1'), tag('number', 'Infinity'), 'x']));
      // A Set (and a Map key) stores -0 as 0 itself: nothing to tag.
      expectWritten(new Set<unknown>([-0]), tag('Set', [0]));
    });
  });

  describe('RegExp', () => {
    it('→ {source, flags}', () => {
      expectWritten(/a+/g, tag('RegExp', { source: 'a+', flags: 'g' }));
      expectWritten(/x/, tag('RegExp', { source: 'x', flags: '' }));
      expectWritten(/^\/path\/[a-z]*"q"$/dgimsy, tag('RegExp', { source: '^\\/path\\/[a-z]*"q"$', flags: 'dgimsy' }));
      expectWritten(new RegExp('\\p{L}+', 'u'), tag('RegExp', { source: '\\p{L}+', flags: 'u' }));
      expectWritten(new RegExp(''), tag('RegExp', { source: '(?:)', flags: '' }));
    });

    it('reads back to a working RegExp with lastIndex 0', () => {
      const re = /b+/g;
      re.lastIndex = 3;
      const back = Spec.fromDict<RegExp>(JSON.parse(JSON.stringify(asdict(re))));
      expect(back).to.be.instanceOf(RegExp);
      expect(back.lastIndex).to.equal(0);
      expect('abbbc'.match(back)).to.deep.equal(['bbb']);
    });
  });

  describe('typed arrays', () => {
    it('every integer and float typed array → a number array', () => {
      expectWritten(new Int8Array([-128, 0, 127]), tag('Int8Array', [-128, 0, 127]));
      expectWritten(new Uint8Array([0, 255]), tag('Uint8Array', [0, 255]));
      expectWritten(new Uint8ClampedArray([0, 255]), tag('Uint8ClampedArray', [0, 255]));
      expectWritten(new Int16Array([-32768, 32767]), tag('Int16Array', [-32768, 32767]));
      expectWritten(new Uint16Array([65535]), tag('Uint16Array', [65535]));
      expectWritten(new Int32Array([-2147483648, 2147483647]), tag('Int32Array', [-2147483648, 2147483647]));
      expectWritten(new Uint32Array([4294967295]), tag('Uint32Array', [4294967295]));
      expectWritten(new Float32Array([1.5, 0.25]), tag('Float32Array', [1.5, 0.25]));
      expectWritten(new Float64Array([0.1, 1e300]), tag('Float64Array', [0.1, 1e300]));
      expectWritten(new Float64Array(), tag('Float64Array', []));
    });

    it('float arrays write NaN, ±Infinity and -0 as the number strings, and read them back', () => {
      const f32 = new Float32Array([Number.NaN, -0, 0, Infinity, -Infinity, 0.1]);
      expectWritten(f32, tag('Float32Array', ['NaN', '-0', 0, 'Infinity', '-Infinity', Math.fround(0.1)]));
      const back = Spec.fromDict<Float32Array>(JSON.parse(JSON.stringify(asdict(f32))));
      expect(back).to.be.instanceOf(Float32Array);
      expect(Object.is(back[1], -0)).to.equal(true);
      expect(Number.isNaN(back[0])).to.equal(true);
      expectWritten(new Float64Array([-0, Number.NaN]), tag('Float64Array', ['-0', 'NaN']));
    });

    it('BigInt64Array and BigUint64Array → decimal strings', () => {
      expectWritten(new BigInt64Array([-(2n ** 63n), 0n, 2n ** 63n - 1n]), tag('BigInt64Array', ['-9223372036854775808', '0', '9223372036854775807']));
      expectWritten(new BigUint64Array([0n, 2n ** 64n - 1n]), tag('BigUint64Array', ['0', '18446744073709551615']));
    });

    it('a view on part of a buffer writes only its own elements', () => {
      const buffer = new Int16Array([1, 2, 3, 4]).buffer;
      expectWritten(new Int16Array(buffer, 2, 2), tag('Int16Array', [2, 3]));
    });

    it('DataView and ArrayBuffer have no tagged form → NOT_SERIALIZABLE', () => {
      expectError(() => asdict({ v: new DataView(new ArrayBuffer(2)) }), 'NOT_SERIALIZABLE', 'v');
      expectError(() => asdict({ v: [new ArrayBuffer(2)] }), 'NOT_SERIALIZABLE', 'v[0]');
    });
  });

  describe('undefined', () => {
    it('inside arrays and array holes → {"__value__": "undefined"}, read back as undefined in place', () => {
      const holes = [1, , 3];
      expect(asdict({ a: [undefined, 1], holes })).to.deep.equal({ a: [tag('undefined'), 1], holes: [1, tag('undefined'), 3] });
      const back = Spec.fromDict<{ a: unknown[] }>({ a: [tag('undefined'), 1] });
      expect(back.a).to.have.length(2);
      expect(0 in back.a).to.equal(true);
      expect(back.a[0]).to.equal(undefined);
      expect(Spec.instantiate<{ a: unknown[] }>({ a: [tag('undefined'), 1] }).a).to.deep.equal([undefined, 1]);
    });

    it('in positional arguments: written tagged, arrives as undefined (the default applies)', () => {
      const spec = new Spec(pair, {}, { registry, args: [undefined, 2], called: true });
      const dict = spec.toDict();
      expect(dict).to.deep.equal({ target: 'val:pair', args: [tag('undefined'), 2], called: true, __dense_spec__: true });
      expectSame(Spec.fromDict(dict, opts), spec);
      expect(Spec.instantiate(dict, opts)).to.deep.equal(['default-a', 2]);
      const rest = Spec.instantiate<unknown[]>({ target: 'val:items', args: [1, tag('undefined'), 3], called: true, __dense_spec__: true }, opts);
      expect(rest).to.have.length(3);
      expect(rest[1]).to.equal(undefined);
    });

    it('undefined keyword values are dropped (written and read)', () => {
      const spec = new Spec(pair, { a: undefined, b: 1 }, { registry });
      expect(spec.toDict()).to.deep.equal({ target: 'val:pair', b: 1, __dense_spec__: true });
      expect(asdict({ k: undefined, j: 1 })).to.deep.equal({ j: 1 });
      // A hand-written tag as a keyword value is dropped too: the Spec has no such keyword.
      const read = Spec.fromDict<Spec>({ target: 'val:pair', a: tag('undefined'), b: 1, __dense_spec__: true }, opts);
      expect(Object.keys(read.kwargs)).to.deep.equal(['b']);
      expect(Spec.instantiate({ target: 'val:pair', called: true, a: tag('undefined'), __dense_spec__: true }, opts)).to.deep.equal(['default-a', 'default-b']);
    });

    it('at the root → the tag, read back as undefined', () => {
      expect(asdict(undefined)).to.deep.equal(tag('undefined'));
      expect(Spec.fromDict(tag('undefined'))).to.equal(undefined);
      expect(Spec.instantiate(tag('undefined'))).to.equal(undefined);
    });
  });

  describe('inside specs', () => {
    it('in args, flattened keywords and kwargs-escaped keywords', () => {
      // Flattened keywords first: the order a Spec read from this dict has.
      const spec = new Spec(escaped, { plain: new Map([[Number.NaN, /x/]]), target: new Set([1n]) }, { registry, called: true });
      const dict = spec.toDict();
      expect(dict).to.deep.equal({
        target: 'val:escaped',
        called: true,
        plain: tag('Map', [[tag('number', 'NaN'), tag('RegExp', { source: 'x', flags: '' })]]),
        kwargs: { target: tag('Set', [tag('bigint', '1')]) },
        __dense_spec__: true,
      });
      expectSame(Spec.fromDict(JSON.parse(JSON.stringify(dict)), opts), spec);
      expectSame(Spec.instantiate(JSON.parse(JSON.stringify(dict)), opts), [new Set([1n]), new Map([[Number.NaN, /x/]])]);
      const args = new Spec(items, {}, { registry, args: [-0, new Date(0), new Uint8Array([7])], called: true });
      expectSame(Spec.instantiate(JSON.parse(JSON.stringify(args.toDict())), opts), [-0, new Date(0), new Uint8Array([7])]);
    });

    it('a built target receives the tagged value read back', () => {
      const out = Spec.instantiate<{ value: unknown }>({ target: 'val:box', called: true, value: tag('bigint', '10'), __dense_spec__: true }, opts);
      expect(out.value).to.equal(10n);
    });

    it('spec dicts inside tagged values are built by instantiate (once per dict)', () => {
      built = 0;
      const json = {
        s: tag('Set', [{ target: 'val:counted', called: true, n: 1, __dense_spec__: true }]),
        m: tag('Map', [[{ target: 'val:counted', called: true, n: 2, __dense_spec__: true }, 'v']]),
      };
      const out = Spec.instantiate<{ s: Set<unknown>; m: Map<unknown, unknown> }>(json, opts);
      expectSame(out.s, new Set([{ n: 1, id: 1 }]));
      expectSame([...out.m.keys()], [{ n: 2, id: 2 }]);
      expect(built).to.equal(2);
    });

    it('a partial spec holding tagged values builds to a partial function that asdict writes back exactly', () => {
      const dict = { target: 'val:pair', a: tag('Map', [[tag('bigint', '1'), tag('Date', null)]]), b: tag('number', '-Infinity'), __dense_spec__: true };
      const fn = Spec.instantiate<(...args: unknown[]) => unknown>(dict, opts);
      expect(asdict(fn, opts)).to.deep.equal(dict);
      expectSame(fn(), [new Map([[1n, new Date(Number.NaN)]]), -Infinity]);
    });

    it('a tagged value that merely looks like a spec field is data: {"__value__"} beside __dense_spec__ is a spec dict with a bad key', () => {
      expectReadError({ x: { target: 'val:box', __value__: 'bigint', data: '1', __dense_spec__: true } }, 'INVALID_SPEC_DICT', 'x.__value__');
    });
  });

  describe('malformed tags → INVALID_SPEC_DICT with the exact path', () => {
    it('an unknown type, at .__value__, suggesting the closest name', () => {
      let error = expectReadError({ v: tag('Bigint', '1') }, 'INVALID_SPEC_DICT', 'v.__value__');
      expect(error.message).to.contain('"Bigint"').and.to.contain('did you mean "bigint"');
      error = expectReadError({ cfg: [{ target: 'val:box', value: tag('Flaot32Array', []), __dense_spec__: true }] }, 'INVALID_SPEC_DICT', 'cfg[0].value.__value__');
      expect(error.message).to.contain('did you mean "Float32Array"');
      error = expectReadError({ v: tag('RegEx', { source: '', flags: '' }) }, 'INVALID_SPEC_DICT', 'v.__value__');
      expect(error.message).to.contain('did you mean "RegExp"');
      error = expectReadError({ v: tag('zzzzzzzzzzzzzzzzz', 1) }, 'INVALID_SPEC_DICT', 'v.__value__');
      expect(error.message).to.contain('registerValue');
      expect(error.message).to.not.contain('did you mean');
    });

    it('an unknown type suggests user-registered names of the registry too', () => {
      const local = new Registry();
      local.registerValue('h6values:Celsius', { is: () => false, encode: () => 0, decode: () => 0 });
      const error = expectError(() => Spec.fromDict({ v: tag('h6values:Celsuis', 1) }, { registry: local }), 'INVALID_SPEC_DICT', 'v.__value__');
      expect(error.message).to.contain('did you mean "h6values:Celsius"');
    });

    it('extra keys, at the extra key', () => {
      expectReadError({ v: { __value__: 'bigint', data: '1', extra: 1 } }, 'INVALID_SPEC_DICT', 'v.extra');
      expectReadError({ v: { __value__: 'undefined', note: 'x' } }, 'INVALID_SPEC_DICT', 'v.note');
      expectReadError({ v: { __value__: 'Map', data: [], 'odd key': 1 } }, 'INVALID_SPEC_DICT', 'v["odd key"]');
      // Both markers: read as a reference (checked first), whose only key is __ref__.
      expectReadError({ v: { __value__: 'bigint', data: '1', __ref__: 'x' } }, 'INVALID_SPEC_DICT', 'v.__value__');
    });

    it('missing data, at the tag', () => {
      for (const type of ['number', 'bigint', 'Date', 'Map', 'Set', 'RegExp', 'Uint8Array', 'BigInt64Array']) {
        const error = expectReadError({ a: [{ __value__: type }] }, 'INVALID_SPEC_DICT', 'a[0]');
        expect(error.message).to.contain('"data"');
      }
    });

    it('data on an undefined tag, at .data', () => {
      expectReadError({ v: tag('undefined', null) }, 'INVALID_SPEC_DICT', 'v.data');
    });

    it('a type that is not a string, at .__value__', () => {
      for (const type of [1, null, true, {}, [], ['bigint']]) {
        expectReadError({ v: { __value__: type, data: '1' } }, 'INVALID_SPEC_DICT', 'v.__value__');
      }
    });

    const bad: [string, unknown, string][] = [
      ['number', 'nan', 'v.data'],
      ['number', 'Inf', 'v.data'],
      ['number', 1, 'v.data'],
      ['number', '0', 'v.data'],
      ['number', null, 'v.data'],
      ['bigint', '1.5', 'v.data'],
      ['bigint', '0x10', 'v.data'],
      ['bigint', '', 'v.data'],
      ['bigint', ' 1', 'v.data'],
      ['bigint', 1, 'v.data'],
      ['bigint', null, 'v.data'],
      ['Date', 'not a date', 'v.data'],
      ['Date', 0, 'v.data'],
      ['Date', {}, 'v.data'],
      ['Map', {}, 'v.data'],
      ['Map', 'x', 'v.data'],
      ['Map', [1], 'v.data[0]'],
      ['Map', [[1, 2], [1]], 'v.data[1]'],
      ['Map', [[1, 2, 3]], 'v.data[0]'],
      ['Set', {}, 'v.data'],
      ['Set', null, 'v.data'],
      ['RegExp', 'a+', 'v.data'],
      ['RegExp', { source: 'a' }, 'v.data'],
      ['RegExp', { flags: 'g' }, 'v.data'],
      ['RegExp', { source: 1, flags: '' }, 'v.data'],
      ['RegExp', null, 'v.data'],
      ['RegExp', { source: '(', flags: '' }, 'v.data'],
      ['RegExp', { source: 'a', flags: 'zz' }, 'v.data'],
      ['Uint8Array', 'x', 'v.data'],
      ['Uint8Array', {}, 'v.data'],
      ['Int32Array', [1, 'a'], 'v.data[1]'],
      ['Float32Array', [1, null], 'v.data[1]'],
      ['Float64Array', ['nan'], 'v.data[0]'],
      ['BigInt64Array', [1], 'v.data[0]'],
      ['BigUint64Array', ['1', '1.5'], 'v.data[1]'],
      ['BigInt64Array', 'x', 'v.data'],
    ];
    for (const [type, data, path] of bad) {
      it(`${type} with data ${JSON.stringify(data)} → at ${path}`, () => {
        expectReadError({ v: tag(type, data) }, 'INVALID_SPEC_DICT', path);
      });
    }

    it('a RegExp that does not compile carries the SyntaxError as cause', () => {
      const error = expectReadError({ v: tag('RegExp', { source: '(', flags: '' }) }, 'INVALID_SPEC_DICT', 'v.data');
      expect(error.cause).to.be.instanceOf(SyntaxError);
    });

    it('a malformed tag nested in other tags and in specs, at its full path', () => {
      expectReadError({ v: tag('Map', [[1, tag('bigint', 'x')]]) }, 'INVALID_SPEC_DICT', 'v.data[0][1].data');
      expectReadError({ v: tag('Set', [1, tag('Map', [[tag('nope', 1), 2]])]) }, 'INVALID_SPEC_DICT', 'v.data[1].data[0][0].__value__');
      expectReadError({ x: { target: 'val:pair', args: [tag('number', 'x')], __dense_spec__: true } }, 'INVALID_SPEC_DICT', 'x.args[0].data');
      expectReadError({ x: { target: 'val:escaped', called: true, kwargs: { target: tag('Date', 'x') }, __dense_spec__: true } }, 'INVALID_SPEC_DICT', 'x.kwargs.target.data');
      expectReadError({ x: { target: 'val:escaped', kwargs: { plain: tag('Date', 'x') }, __dense_spec__: true } }, 'INVALID_SPEC_DICT', 'x.kwargs.plain.data');
    });

    it('never a TypeError for odd data (getter-free JSON of every shape)', () => {
      const shapes: unknown[] = [null, 0, 'x', true, [], {}, [[]], [null], [{}], { source: {}, flags: {} }];
      const types = ['number', 'bigint', 'Date', 'Map', 'Set', 'RegExp', 'undefined', 'Uint8Array', 'BigUint64Array', 'Float64Array'];
      for (const type of types) {
        for (const data of shapes) {
          for (const read of [(t: unknown) => Spec.fromDict(t, opts), (t: unknown) => Spec.instantiate(t, opts)]) {
            try {
              read({ v: tag(type, data) });
            } catch (error) {
              expect(error, `${type} ${JSON.stringify(data)}`).to.be.instanceOf(ConfigSpecError);
              expect((error as ConfigSpecError).code).to.equal('INVALID_SPEC_DICT');
              expect((error as ConfigSpecError).path.startsWith('v')).to.equal(true);
            }
          }
        }
      }
    });
  });

  describe('registerValue', () => {
    class Point {
      constructor(public x: number, public y: number) {}
    }
    class Celsius {
      constructor(public degrees: number) {}
    }
    const pointCodec: ValueCodec<Point> = {
      is: (v) => v instanceof Point,
      encode: (p) => [p.x, p.y],
      decode: (data) => {
        const [x, y] = data as [number, number];
        return new Point(x, y);
      },
    };
    // Registered globally (defaultRegistry) under a unique namespace: it applies with every registry.
    registerValue('h6values:Point', pointCodec);

    const local = new Registry();
    const celsiusCodec: ValueCodec<Celsius> = { is: (v) => v instanceof Celsius, encode: (c) => c.degrees, decode: (d) => new Celsius(d as number) };
    local.registerValue('h6values.local:Celsius', celsiusCodec);
    function thermo(t: unknown = undefined): unknown {
      return t;
    }
    local.configurable('h6values.local', thermo);

    it('writes a user type as {"__value__": "<name>", "data": encode(value)} and reads it back', () => {
      const json = asdict({ at: [new Point(1, 2)] });
      expect(JSON.stringify(json)).to.equal('{"at":[{"__value__":"h6values:Point","data":[1,2]}]}');
      const read = Spec.fromDict<{ at: Point[] }>(JSON.parse(JSON.stringify(json)));
      expect(read.at[0]).to.be.instanceOf(Point);
      expect(read.at[0]).to.deep.equal(new Point(1, 2));
      const instance = Spec.instantiate<{ at: Point[] }>(JSON.parse(JSON.stringify(json)));
      expect(instance.at[0]).to.be.instanceOf(Point);
      expect(instance.at[0]).to.deep.equal(new Point(1, 2));
    });

    it('defaultRegistry codecs apply with any registry (writing, fromDict, instantiate, toDict)', () => {
      const spec = new Spec(box, { value: new Point(3, 4) }, { registry, called: true });
      const dict = spec.toDict();
      expect(dict).to.deep.equal({ target: 'val:box', called: true, value: tag('h6values:Point', [3, 4]), __dense_spec__: true });
      expect(asdict({ p: new Point(0, 0) }, { registry: local })).to.deep.equal({ p: tag('h6values:Point', [0, 0]) });
      expect(Spec.fromDict<Spec>(dict, opts).kwargs.value).to.be.instanceOf(Point);
      expect(Spec.instantiate<{ value: Point }>(dict, opts).value).to.deep.equal(new Point(3, 4));
      expect(Spec.fromDict<{ p: Point }>({ p: tag('h6values:Point', [5, 6]) }, { registry: new Registry() }).p).to.deep.equal(new Point(5, 6));
    });

    it('a custom registry\'s codecs apply with { registry } (and to specs made against it), not elsewhere', () => {
      const json = asdict({ t: new Celsius(21) }, { registry: local });
      expect(json).to.deep.equal({ t: tag('h6values.local:Celsius', 21) });
      expect(Spec.fromDict<{ t: Celsius }>(json, { registry: local }).t).to.deep.equal(new Celsius(21));
      expect(Spec.instantiate<{ t: Celsius }>(json, { registry: local }).t).to.be.instanceOf(Celsius);
      // A Spec of the local registry resolves its dict-valued arguments there: toDict and instantiate use its codecs.
      const spec = new Spec(thermo, { t: new Celsius(5) }, { registry: local, called: true });
      expect(spec.toDict()).to.deep.equal({ target: 'h6values.local:thermo', called: true, t: tag('h6values.local:Celsius', 5), __dense_spec__: true });
      expect(spec.instantiate()).to.deep.equal(new Celsius(5));
      // Elsewhere: no such codec.
      const error = expectError(() => asdict({ t: new Celsius(1) }), 'NOT_SERIALIZABLE', 't');
      expect(error.message).to.contain('Celsius');
      expectError(() => asdict({ t: [new Celsius(1)] }, opts), 'NOT_SERIALIZABLE', 't[0]');
      expectError(() => Spec.fromDict(json), 'INVALID_SPEC_DICT', 't.__value__');
      expectError(() => Spec.instantiate(json, opts), 'INVALID_SPEC_DICT', 't.__value__');
    });

    it('a user codec wins over the built-in types', () => {
      const mine = new Registry();
      mine.registerValue('h6values:Day', { is: (v) => v instanceof Date, encode: (d) => (d as Date).toISOString().slice(0, 10), decode: (s) => new Date(`${String(s)}T00:00:00Z`) });
      const json = asdict({ d: new Date(Date.UTC(2024, 4, 6, 12)) }, { registry: mine });
      expect(json).to.deep.equal({ d: tag('h6values:Day', '2024-05-06') });
      expect(Spec.fromDict<{ d: Date }>(json, { registry: mine }).d.getTime()).to.equal(Date.UTC(2024, 4, 6));
      // The built-in Date is still read where it is written as such.
      expect(Spec.fromDict<{ d: Date }>({ d: tag('Date', '2024-05-06T12:00:00.000Z') }, { registry: mine }).d.getTime()).to.equal(Date.UTC(2024, 4, 6, 12));
      // Without that registry, the built-in form.
      expect(asdict({ d: new Date(0) })).to.deep.equal({ d: tag('Date', '1970-01-01T00:00:00.000Z') });
    });

    it('a registry\'s own codec wins over a defaultRegistry codec for the same value', () => {
      const mine = new Registry();
      mine.registerValue('h6values:PointAsObject', { is: (v) => v instanceof Point, encode: (p) => ({ x: (p as Point).x }), decode: (d) => new Point((d as { x: number }).x, 0) });
      expect(asdict(new Point(1, 2), { registry: mine })).to.deep.equal(tag('h6values:PointAsObject', { x: 1 }));
      expect(asdict(new Point(1, 2))).to.deep.equal(tag('h6values:Point', [1, 2]));
    });

    it('data holding tagged values, specs and other user values is written and read recursively', () => {
      class Segment {
        constructor(public from: Point, public to: Point, public at: Date, public spec: unknown) {}
      }
      const mine = new Registry();
      mine.configurable('val', box);
      mine.registerValue('h6values:Segment', {
        is: (v) => v instanceof Segment,
        encode: (s) => {
          const seg = s as Segment;
          return { from: seg.from, to: seg.to, at: seg.at, spec: seg.spec, big: 1n };
        },
        decode: (d) => {
          const data = d as { from: Point; to: Point; at: Date; spec: unknown };
          return new Segment(data.from, data.to, data.at, data.spec);
        },
      });
      const seg = new Segment(new Point(0, 0), new Point(1, 1), new Date(0), new Spec(box, { value: Number.NaN }, { registry: mine, called: true }));
      const json = JSON.parse(JSON.stringify(asdict({ seg }, { registry: mine }))) as Tree;
      expect(json).to.deep.equal({
        seg: tag('h6values:Segment', {
          from: tag('h6values:Point', [0, 0]),
          to: tag('h6values:Point', [1, 1]),
          at: tag('Date', '1970-01-01T00:00:00.000Z'),
          spec: { target: 'val:box', called: true, value: tag('number', 'NaN'), __dense_spec__: true },
          big: tag('bigint', '1'),
        }),
      });
      const read = Spec.fromDict<{ seg: Segment }>(json, { registry: mine }).seg;
      expect(read).to.be.instanceOf(Segment);
      expect(read.from).to.be.instanceOf(Point);
      expect(read.at.getTime()).to.equal(0);
      expect(isSpec(read.spec)).to.equal(true);
      // instantiate builds the specs inside the data before decode sees it.
      const instance = Spec.instantiate<{ seg: Segment }>(json, { registry: mine }).seg;
      expectSame(instance.spec, { value: Number.NaN });
    });

    it('the same name twice → DUPLICATE_TARGET; the same codec again is a no-op', () => {
      const mine = new Registry();
      const codec: ValueCodec = { is: () => false, encode: () => 1, decode: () => 1 };
      mine.registerValue('h6values:Dup', codec);
      mine.registerValue('h6values:Dup', codec);
      const error = expectError(() => { mine.registerValue('h6values:Dup', { ...codec }); }, 'DUPLICATE_TARGET', '');
      expect(error.message).to.contain('h6values:Dup');
      expect(error.target).to.equal('h6values:Dup');
      expectError(() => { registerValue('h6values:Point', { ...pointCodec }); }, 'DUPLICATE_TARGET', '');
      registerValue('h6values:Point', pointCodec);
      // The same name in another registry is a different codec: allowed.
      new Registry().registerValue('h6values:Dup', { ...codec });
    });

    it('a built-in type name → INVALID_REGISTRATION', () => {
      const mine = new Registry();
      const codec: ValueCodec = { is: () => false, encode: () => 1, decode: () => 1 };
      const builtins = ['number', 'bigint', 'Date', 'Map', 'Set', 'RegExp', 'undefined', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
        'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];
      for (const name of builtins) {
        const error = expectError(() => { mine.registerValue(name, codec); }, 'INVALID_REGISTRATION', '');
        expect(error.message).to.contain(name);
        expectError(() => { registerValue(name, codec); }, 'INVALID_REGISTRATION', '');
      }
    });

    it('a bad name or codec → INVALID_REGISTRATION', () => {
      const mine = new Registry();
      const codec: ValueCodec = { is: () => false, encode: () => 1, decode: () => 1 };
      for (const name of ['', '1abc', 'a b', 'a"b', 42, null, undefined, {}]) {
        expectError(() => { mine.registerValue(name as string, codec); }, 'INVALID_REGISTRATION', '');
      }
      const badCodecs: unknown[] = [
        null,
        undefined,
        {},
        () => 1,
        { is: () => true, encode: () => 1 },
        { is: () => true, decode: () => 1 },
        { encode: () => 1, decode: () => 1 },
        { is: true, encode: () => 1, decode: () => 1 },
        { is: () => true, encode: 'x', decode: () => 1 },
      ];
      for (const bad of badCodecs) {
        expectError(() => { mine.registerValue('h6values:Bad', bad as ValueCodec); }, 'INVALID_REGISTRATION', '');
        expectError(() => { registerValue('h6values:Bad', bad as ValueCodec); }, 'INVALID_REGISTRATION', '');
      }
      // Nothing half-registered: the name is still free.
      mine.registerValue('h6values:Bad', codec);
    });

    it('encode throwing → NOT_SERIALIZABLE at the value, with the error as cause', () => {
      class Fragile {}
      const mine = new Registry();
      const failure = new RangeError('cannot encode');
      mine.registerValue('h6values:Fragile', { is: (v) => v instanceof Fragile, encode: () => { throw failure; }, decode: () => new Fragile() });
      const error = expectError(() => asdict({ list: [1, { f: new Fragile() }] }, { registry: mine }), 'NOT_SERIALIZABLE', 'list[1].f');
      expect(error.cause).to.equal(failure);
      expect(error.target).to.equal('h6values:Fragile');
      expect(error.message).to.contain('h6values:Fragile').and.to.contain('cannot encode');
    });

    it('encode returning something without a JSON form → NOT_SERIALIZABLE at .data', () => {
      class Leaky {}
      const mine = new Registry();
      mine.registerValue('h6values:Leaky', { is: (v) => v instanceof Leaky, encode: () => ({ s: Symbol('s') }), decode: () => new Leaky() });
      expectError(() => asdict({ v: new Leaky() }, { registry: mine }), 'NOT_SERIALIZABLE', 'v.data.s');
    });

    it('decode throwing → INVALID_SPEC_DICT at the tag, with the error as cause (fromDict and instantiate)', () => {
      const mine = new Registry();
      const failure = new TypeError('bad data');
      mine.registerValue('h6values:Strict', { is: () => false, encode: () => null, decode: () => { throw failure; } });
      mine.configurable('val', box);
      const tree = { a: { b: [tag('h6values:Strict', [1])] } };
      for (const read of [() => Spec.fromDict(tree, { registry: mine }), () => Spec.instantiate(tree, { registry: mine })]) {
        const error = expectError(read, 'INVALID_SPEC_DICT', 'a.b[0]');
        expect(error.cause).to.equal(failure);
        expect(error.target).to.equal('h6values:Strict');
        expect(error.message).to.contain('bad data');
      }
      const inSpec = { target: 'val:box', called: true, value: tag('h6values:Strict', 1), __dense_spec__: true };
      expect(expectError(() => Spec.instantiate(inSpec, { registry: mine }), 'INVALID_SPEC_DICT', 'value').cause).to.equal(failure);
    });

    it('is() sees only objects that are no plain object, array or Spec', () => {
      const mine = new Registry();
      mine.configurable('val', box);
      const seen: unknown[] = [];
      mine.registerValue('h6values:Everything', { is: (v) => { seen.push(v); return true; }, encode: () => 'x', decode: () => 'y' });
      const spec = new Spec(box, { value: [1, { a: 'b' }] }, { registry: mine });
      expect(asdict({ spec, n: 1, s: 's', list: [null, true], o: {} }, { registry: mine })).to.deep.equal({
        spec: { target: 'val:box', value: [1, { a: 'b' }], __dense_spec__: true },
        n: 1, s: 's', list: [null, true], o: {},
      });
      expect(seen).to.deep.equal([]);
      expect(asdict({ d: new Date(0) }, { registry: mine })).to.deep.equal({ d: tag('h6values:Everything', 'x') });
      expect(seen).to.have.length(1);
    });
  });

  describe('idempotence and round trips', () => {
    const sample = (): Tree => ({
      numbers: [Number.NaN, -0, Infinity, -Infinity, 1.5],
      big: [0n, -(2n ** 70n)],
      dates: [new Date(0), new Date(Number.NaN)],
      map: new Map<unknown, unknown>([[1n, new Set([Number.NaN])], [{ k: -0 }, [undefined]]]),
      re: /a|b/gi,
      typed: [new Float32Array([Number.NaN, -0]), new BigUint64Array([2n ** 64n - 1n]), new Uint8ClampedArray([9])],
      spec: new Spec(pair, { a: new Map([[Infinity, 1n]]), b: [undefined] }, { registry, args: [], called: true }),
      holes: [undefined, 1],
    });

    it('asdict(asdict(x)) deep-equals asdict(x) for trees with tags', () => {
      const once = asdict<unknown>(sample(), opts);
      const twice = asdict<unknown>(once, opts);
      expect(JSON.stringify(twice)).to.equal(JSON.stringify(once));
      expect(JSON.parse(JSON.stringify(once))).to.deep.equal(once);
    });

    it('asdict(Spec.fromDict(asdict(x))) writes the same JSON, and fromDict gives equal values', () => {
      const x = sample();
      const text = JSON.stringify(asdict(x, opts));
      const back = Spec.fromDict<Tree>(JSON.parse(text), opts);
      expect(JSON.stringify(asdict(back, opts))).to.equal(text);
      expectSame(back, x);
    });

    it('the input tree is not changed by asdict', () => {
      const x = sample();
      const map = x.map as Map<unknown, unknown>;
      const entries = [...map];
      asdict(x, opts);
      expect([...map]).to.deep.equal(entries);
      expectSame(x, sample());
    });
  });

  describe('regressions', () => {
    it('a Map or Set that holds itself is CYCLE with the path, not TOO_DEEP at the root', () => {
      const map = new Map<unknown, unknown>();
      map.set('self', map);
      expect(expectError(() => asdict({ m: map }), 'CYCLE', 'm.data[0][1]').message).to.contain('also at m');
      const keyed = new Map<unknown, unknown>();
      keyed.set(keyed, 1);
      expectError(() => asdict([keyed]), 'CYCLE', '[0].data[0][0]');
      const set = new Set<unknown>();
      set.add([set]);
      expectError(() => asdict({ s: set }), 'CYCLE', 's.data[0][0]');
      const outer = new Set<unknown>();
      const inner = new Map<unknown, unknown>([['outer', outer]]);
      outer.add(inner);
      expectError(() => asdict({ o: outer }), 'CYCLE', 'o.data[0].data[0][1]');
    });

    it('a codec whose encode returns the value itself is CYCLE at .data, not a stack overflow', () => {
      class Echo {}
      const mine = new Registry();
      mine.registerValue('h6values:Echo', { is: (v) => v instanceof Echo, encode: (v) => v, decode: (d) => d as Echo });
      expectError(() => asdict({ p: new Echo() }, { registry: mine }), 'CYCLE', 'p.data');
    });
  });
});
