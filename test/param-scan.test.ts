import { expect } from 'chai';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { scanParameters, type DefaultKind, type ScannedParameter, type ScannedSource } from '../src/param-scan.js';
import { parseParameters } from '../src/signature.js';

// The scanner must read exactly what acorn reads, or give up (undefined): never a third answer.
function agreesWithAcorn(text: string): ScannedSource | undefined {
  const scanned = scanParameters(text);
  if (scanned !== undefined) expect(scanned, text).to.deep.equal(parseParameters(text, 'test'));
  return scanned;
}

function plain(name: string, hasDefault = false, defaultKind?: DefaultKind): ScannedParameter {
  return { name, shape: 'plain', hasDefault, keys: undefined, defaultKind };
}

describe('param-scan', () => {
  describe('reads the common forms as acorn does', () => {
    const cases: [string, ScannedSource][] = [
      ['function f(a, b = 1, ...rest) {}', { kind: 'function', params: [plain('a'), plain('b', true, 'number'), { name: 'rest', shape: 'rest', hasDefault: false, keys: undefined, defaultKind: undefined }] }],
      ['function* g() {}', { kind: 'function', params: [] }],
      ['async function (x,) { return x }', { kind: 'function', params: [plain('x')] }],
      ['async function* h(x) {}', { kind: 'function', params: [plain('x')] }],
      ['(a, { lr = 0.1, momentum } = {}) => a', { kind: 'function', params: [plain('a'), { name: undefined, shape: 'object', hasDefault: true, keys: ['lr', 'momentum'], defaultKind: 'object' }] }],
      ['a => a', { kind: 'function', params: [plain('a')] }],
      ['async a => a', { kind: 'function', params: [plain('a')] }],
      ['async (a) => a', { kind: 'function', params: [plain('a')] }],
      ['async(a) {}', { kind: 'function', params: [plain('a')] }],
      ['m(a, b = 1) {}', { kind: 'function', params: [plain('a'), plain('b', true, 'number')] }],
      ['async *g(x) {}', { kind: 'function', params: [plain('x')] }],
      ['get v() { return 1 }', { kind: 'function', params: [] }],
      ['set x(v) {}', { kind: 'function', params: [plain('v')] }],
      ['get(b) {}', { kind: 'function', params: [plain('b')] }],
      ['"str key"(z) {}', { kind: 'function', params: [plain('z')] }],
      ['5(n) {}', { kind: 'function', params: [plain('n')] }],
      ['function anonymous(a,b = 2\n) {\nreturn a\n}', { kind: 'function', params: [plain('a'), plain('b', true, 'number')] }],
      ['function f([a, b] = [1, 2], ...[c]) {}', { kind: 'function', params: [{ name: undefined, shape: 'array', hasDefault: true, keys: undefined, defaultKind: 'array' }, { name: undefined, shape: 'rest', hasDefault: false, keys: undefined, defaultKind: undefined }] }],
      ['function f({ a, b: { c }, "d-e": f = g(1, [2]), ...rest }) {}', { kind: 'function', params: [{ name: undefined, shape: 'object', hasDefault: false, keys: undefined, defaultKind: undefined }] }],
      ['function f({ a, b: { c }, "d-e": f = g(1, [2]), [k]: v }) {}', { kind: 'function', params: [{ name: undefined, shape: 'object', hasDefault: false, keys: undefined, defaultKind: undefined }] }],
      ['function f({ default: d, "d-e": f = g(1, [2]) }) {}', { kind: 'function', params: [{ name: undefined, shape: 'object', hasDefault: false, keys: ['default', 'd-e'], defaultKind: undefined }] }],
      ['function f(a = "),(", b = `${x + ")"}${`${"}"}`}`, /* ) */ c = { d: [")"] }, // )\n e) {}', { kind: 'function', params: [plain('a', true, 'string'), plain('b', true, 'string'), plain('c', true, 'object'), plain('e')] }],
      ['function f(a = (b, c) => { return [b, c]; }, d = function () { return ")"; }) {}', { kind: 'function', params: [plain('a', true), plain('d', true)] }],
      ['class A { constructor(a, b = 1) {} }', { kind: 'class', params: [plain('a'), plain('b', true, 'number')] }],
      [
        'function f(a = 1e-3, b = -2, c = +.5, d = true, e = false, f = \'s\', g = [1], h = {}, i = null, j = 1n, k = -1n, l = x, m = (1), n = -(1), o = 1 + 2, p = [1][0], q = "a".length, r = !0, s = 0xe-1, t = tag`x`, u = `a${b}`) {}',
        {
          kind: 'function',
          params: [
            plain('a', true, 'number'), plain('b', true, 'number'), plain('c', true, 'number'), plain('d', true, 'boolean'), plain('e', true, 'boolean'),
            plain('f', true, 'string'), plain('g', true, 'array'), plain('h', true, 'object'), plain('i', true), plain('j', true), plain('k', true),
            plain('l', true), plain('m', true), plain('n', true), plain('o', true), plain('p', true), plain('q', true), plain('r', true), plain('s', true),
            plain('t', true), plain('u', true, 'string'),
          ],
        },
      ],
      ['class { x = 1; static y; #z = ")"; static { this.y = 2; } m() { return "constructor("; } constructor(a) {} }', { kind: 'class', params: [plain('a')] }],
      ['class A { "constructor"(q) {} }', { kind: 'class', params: [plain('q')] }],
      ['class A extends Base { m() {} }', { kind: 'class', params: undefined }],
      ['class A extends mixin(B, C).D { x = {}\n constructor(a) {} }', { kind: 'class', params: [plain('a')] }],
      ['class A { ["constructor"](x) {} }', { kind: 'class', params: undefined }],
      ['class A {}', { kind: 'class', params: undefined }],
    ];
    for (const [text, expected] of cases) {
      it(JSON.stringify(text), () => {
        expect(agreesWithAcorn(text)).to.deep.equal(expected);
      });
    }
  });

  describe('gives up where it cannot be sure', () => {
    const texts = [
      'function f(a = /\\)/) {}', // a regular expression
      'function f(a = 1 / 2) {}', // a division
      'class A { m() { return /x/ } constructor(a) {} }',
      'class A { static constructor(a) {} }', // a static method named constructor
      'class A { x = y\n constructor(a) {} }', // a member boundary only ASI shows
      'class A { \\u0063onstructor(a) {} }', // an escaped name
      'class A extends class { constructor(x) {} } { constructor(y) {} }', // braces in the heritage
      'class A extends {}.constructor { constructor(y) {} }',
      'function f(café) {}', // non-ASCII names
      'function f(a\u00a0) {}', // non-ASCII white space
      'function f(a = 1 <!-- 2\n) {}', // HTML-like comments
      'function f({ 1: one }) {}', // a numeric key
      'function f({ "\\x61": a }) {}', // an escaped key
      '[key](a) {}', // a computed method key
      'class A extends new { constructor(x) {} } { constructor(y) {} }', // braces of a `new` in the heritage
      'function f(a = 1 // a line comment ended by \u2028 b\n) {}',
    ];
    for (const text of texts) {
      it(JSON.stringify(text), () => {
        expect(scanParameters(text)).to.equal(undefined);
      });
    }
  });

  describe('the quick reader (plain forms, read with regular expressions before the scanner)', () => {
    const cases: [string, ScannedSource][] = [
      ['class A extends B.C { constructor(a, { lr = 1e-3, m: n = 2 } = {}, ...rest) {} }', {
        kind: 'class',
        params: [plain('a'), { name: undefined, shape: 'object', hasDefault: true, keys: ['lr', 'm'], defaultKind: 'object' }, { name: 'rest', shape: 'rest', hasDefault: false, keys: undefined, defaultKind: undefined }],
      }],
      ['class extends B {constructor({ a, ...more }){}}', { kind: 'class', params: [{ name: undefined, shape: 'object', hasDefault: false, keys: undefined, defaultKind: undefined }] }],
      ['function f(a = -1, b = .5, c = "s", d = `t`, e = true, f = null, g = [1, 2], h = {a: 1}, i = x.y) {}', {
        kind: 'function',
        params: [plain('a', true, 'number'), plain('b', true, 'number'), plain('c', true, 'string'), plain('d', true, 'string'), plain('e', true, 'boolean'), plain('f', true), plain('g', true, 'array'), plain('h', true, 'object'), plain('i', true)],
      }],
      ['async function* g(a, b,) {}', { kind: 'function', params: [plain('a'), plain('b')] }],
      ['m(a = 1e-3) {}', { kind: 'function', params: [plain('a', true, 'number')] }],
      // Passed on to the scanner, which reads them: a comment, a string key, a member before the constructor.
      ['class A { /* c */ constructor(a) {} }', { kind: 'class', params: [plain('a')] }],
      ["function f({ 'k': v } = {}) {}", { kind: 'function', params: [{ name: undefined, shape: 'object', hasDefault: true, keys: ['k'], defaultKind: 'object' }] }],
      ['class A { m() {} constructor(a = [[1]]) {} }', { kind: 'class', params: [plain('a', true, 'array')] }],
    ];
    for (const [text, expected] of cases) {
      it(JSON.stringify(text), () => {
        expect(agreesWithAcorn(text)).to.deep.equal(expected);
      });
    }
  });

  describe('agrees with acorn on real code', () => {
    // Every function, class, method and accessor reachable from the exports of a few installed
    // packages: real sources, with regular expressions, templates and comments in them.
    function sources(root: unknown): string[] {
      const seen = new Set<unknown>();
      const out: string[] = [];
      const visit = (value: unknown, depth: number): void => {
        if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value) || depth > 4) return;
        seen.add(value);
        if (typeof value === 'function') {
          const text = Function.prototype.toString.call(value);
          if (!/\[native code\]\s*\}\s*$/.test(text)) out.push(text);
        }
        for (const key of Reflect.ownKeys(value)) {
          const descriptor = Object.getOwnPropertyDescriptor(value, key);
          if (descriptor === undefined) continue;
          for (const item of [descriptor.value, descriptor.get, descriptor.set]) visit(item, depth + 1);
        }
      };
      visit(root, 0);
      return out;
    }

    it('reads most of them and never differs from acorn', () => {
      const require = createRequire(import.meta.url);
      const texts = ['acorn', 'chai', 'class-transformer', 'fast-check', 'mocha'].flatMap((name) => sources(require(name)));
      let read = 0;
      for (const text of texts) if (agreesWithAcorn(text) !== undefined) read++;
      expect(texts.length).to.be.greaterThan(500);
      expect(read / texts.length).to.be.greaterThan(0.5);
    });
  });

  describe('agrees with acorn on generated parameter lists', () => {
    const name = fc.constantFrom('a', 'b', 'lr', '$x', '_y', 'default', 'async', 'get');
    const atom = fc.constantFrom('1', '1e-3', '.5', 'x', '"s,)"', "'}'", '`t${1 + (2)}`', 'null', '[1, [2]]', '{ k: [3] }', '() => ({})', 'f(1, 2)', 'a ? b : c', '/* ) */ 0', 'new X()', 'a?.b ?? c');
    const value = fc.array(atom, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(' + '));
    const key = fc.oneof(name, fc.constantFrom('"k-1"', "'k 2'", '[c]'));
    const property = fc.oneof(
      name,
      fc.tuple(name, value).map(([n, v]) => `${n} = ${v}`),
      fc.tuple(key, name).map(([k, n]) => `${k}: ${n}`),
      fc.tuple(key, name, value).map(([k, n, v]) => `${k}: ${n} = ${v}`),
      fc.tuple(key, name).map(([k, n]) => `${k}: { ${n} }`),
    );
    const objectPattern = fc.tuple(fc.array(property, { maxLength: 4 }), fc.option(name)).map(([props, rest]) => `{ ${[...props, ...(rest === null ? [] : [`...${rest}`])].join(', ')} }`);
    const binding = fc.oneof(name, objectPattern, fc.array(name, { maxLength: 3 }).map((names) => `[${names.join(', ')}]`));
    const param = fc.tuple(binding, fc.option(value)).map(([b, v]) => (v === null ? b : `${b} = ${v}`));
    const list = fc.tuple(fc.array(param, { maxLength: 5 }), fc.option(binding), fc.boolean()).map(([params, rest, comma]) => {
      const all = [...params, ...(rest === null ? [] : [`...${rest}`])];
      return `${all.join(', ')}${comma && rest === null && all.length > 0 ? ',' : ''}`;
    });
    const form = fc.constantFrom(
      (p: string) => `function f(${p}) { return 1; }`,
      (p: string) => `(${p}) => 1`,
      (p: string) => `async (${p}) => { }`,
      (p: string) => `m(${p}) {}`,
      (p: string) => `class A extends B { x = 1; #y; static { } m() {} constructor(${p}) { super(); } }`,
    );

    it('either reads what acorn reads or gives up, and reads what it can', () => {
      let read = 0;
      let runs = 0;
      fc.assert(
        fc.property(list, form, (p, wrap) => {
          const text = wrap(p);
          let reference: ScannedSource;
          try {
            reference = parseParameters(text, 'test');
          } catch {
            return; // not valid JavaScript (a duplicate-free generator would be longer than it is worth)
          }
          runs++;
          const scanned = scanParameters(text);
          if (scanned !== undefined) {
            read++;
            expect(scanned, text).to.deep.equal(reference);
          }
        }),
        { seed: 20240605, numRuns: 1000 },
      );
      expect(read).to.equal(runs);
    });
  });
});
