import { expect } from 'chai';
import { MAX_DEPTH, parseConfigText, Spec, stringifyConfig, syntaxOfFile, type ConfigSyntax } from '../src/index.js';
import { expectError, rejection, thrown } from './support/errors.js';

const INF = { __value__: 'number', data: 'Infinity' };
const NEG_INF = { __value__: 'number', data: '-Infinity' };
const NAN = { __value__: 'number', data: 'NaN' };

describe('parseConfigText', () => {
  describe('json', () => {
    it("reads Python's bare NaN, Infinity and -Infinity outside strings as tagged numbers", () => {
      const tree = parseConfigText('{"max_grad_norm": Infinity, "low": -Infinity, "x": [NaN, "NaN", "Infinity"], "n": -1.5e-3}', { syntax: 'json' });
      expect(tree).to.deep.equal({ max_grad_norm: INF, low: NEG_INF, x: [NAN, 'NaN', 'Infinity'], n: -1.5e-3 });
      // The tagged numbers are what every reader of config-spec understands.
      expect(Spec.fromDict(tree)).to.deep.equal({ max_grad_norm: Infinity, low: -Infinity, x: [NaN, 'NaN', 'Infinity'], n: -1.5e-3 });
    });

    it('reads every JSON value as JSON.parse does', () => {
      const text = '{"a": [true, false, null, 0, -0.5, 1E+2, "\\u00e9\\n\\"", {}], "b": {"c": []}, "": 1}';
      expect(parseConfigText(text, { syntax: 'json' })).to.deep.equal(JSON.parse(text));
      expect(parseConfigText(' 5 ', { syntax: 'json' })).to.equal(5);
    });

    it('errors are INVALID_SPEC_DICT with the line and column, and the file in the message', () => {
      const cases: readonly (readonly [string, number, number, RegExp])[] = [
        ['{\n  "a": 1,\n  "b": 2,\n}', 4, 1, /trailing comma/],
        ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /"," or "}"/],
        ['[1, 2,]', 1, 7, /trailing comma/],
        ['[1 2]', 1, 4, /"," or "]"/],
        ['{"a": 1} x', 1, 10, /after the end/],
        ['{"a": tru}', 1, 7, /value was expected/],
        ['{"a": "x', 1, 7, /never closed/],
        ['{"a": "\t"}', 1, 8, /control character/],
        ['{"a": "\\q"}', 1, 7, /invalid escape/],
        ['{a: 1}', 1, 2, /key/],
        ['{"a" 1}', 1, 6, /":"/],
        ['', 1, 1, /ends where a value/],
        ['// c\n{}', 1, 1, /value was expected/],
      ];
      for (const [text, line, column, message] of cases) {
        const error = expectError(() => parseConfigText(text, { file: 'conf.json' }), 'INVALID_SPEC_DICT');
        expect([error.line, error.column], `${text}: ${error.message}`).to.deep.equal([line, column]);
        expect(error.message).to.match(message).and.to.contain(`conf.json:${String(line)}:${String(column)}`);
      }
    });

    it('a duplicate key is an error at its path, line and column (JSON.parse would keep the last silently)', () => {
      const error = expectError(() => parseConfigText('{"m": {\n  "lr": 1,\n  "lr": 2}}'), 'INVALID_SPEC_DICT', 'm.lr');
      expect([error.line, error.column]).to.deep.equal([3, 3]);
    });

    it('__proto__ stays an own key, and reading the tree as a config refuses it', () => {
      const tree = parseConfigText<Record<string, unknown>>('{"__proto__": {"polluted": true}}');
      expect(Object.getPrototypeOf(tree)).to.equal(Object.prototype);
      expect(Object.keys(tree)).to.deep.equal(['__proto__']);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expectError(() => Spec.fromDict(tree), 'INVALID_SPEC_DICT', '__proto__');
    });

    it('nesting past the depth limit is TOO_DEEP, not a stack overflow', () => {
      const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      expect(thrown(() => parseConfigText(text)).code).to.equal('TOO_DEEP');
      // Deeper than the readers' limit but within the parser's: the reader reports it, at its path.
      const deep = `${'['.repeat(MAX_DEPTH + 10)}${']'.repeat(MAX_DEPTH + 10)}`;
      expect(thrown(() => Spec.fromDict(parseConfigText(deep))).code).to.equal('TOO_DEEP');
    });

    it('a text that is not a string, or an unknown syntax, is an error', () => {
      expectError(() => parseConfigText(5 as unknown as string), 'INVALID_SPEC_DICT');
      expectError(() => parseConfigText('{}', { syntax: 'toml' as ConfigSyntax }), 'INVALID_SPEC_DICT');
    });
  });

  describe('jsonc', () => {
    it('reads comments and trailing commas, and Python\'s non-finite numbers', () => {
      const text = '// the optimizer\n{\n  "lr": 3e-4, // per step\n  /* a\n  block */ "betas": [0.9, 0.95,],\n  "clip": Infinity,\n}\n';
      expect(parseConfigText(text, { syntax: 'jsonc' })).to.deep.equal({ lr: 3e-4, betas: [0.9, 0.95], clip: INF });
      expect(parseConfigText('{"a": "// not a comment"} // one', { file: 'x.jsonc' })).to.deep.equal({ a: '// not a comment' });
    });

    it('an unclosed block comment is an error at its start', () => {
      const error = expectError(() => parseConfigText('{}\n  /* open', { syntax: 'jsonc' }), 'INVALID_SPEC_DICT');
      expect([error.line, error.column]).to.deep.equal([2, 3]);
    });
  });

  describe('yaml', () => {
    it('reads YAML 1.2 (core schema): .inf/.nan as tagged numbers, 1.1 booleans as strings', async () => {
      const tree = await parseConfigText('# a comment\nlr: 3.0e-04\nclip: .inf\nlow: -.inf\nx: .nan\nflag: yes\nok: true\nnone: null\nlist:\n- 1\n- two\n', { syntax: 'yaml' });
      expect(tree).to.deep.equal({ lr: 3e-4, clip: INF, low: NEG_INF, x: NAN, flag: 'yes', ok: true, none: null, list: [1, 'two'] });
    });

    it('is chosen by the file extension (.yaml, .yml), and returns a Promise', async () => {
      const pending = parseConfigText('a: 1\n', { file: 'conf.yml' });
      expect(pending).to.be.instanceOf(Promise);
      expect(await pending).to.deep.equal({ a: 1 });
      expect(syntaxOfFile('x.YAML')).to.equal('yaml');
      expect(syntaxOfFile('x.jsonc')).to.equal('jsonc');
      expect(syntaxOfFile('x.json')).to.equal('json');
      expect(syntaxOfFile('x.toml')).to.equal(undefined);
    });

    it('a duplicate key is an error with its line and column', async () => {
      const error = await rejection(parseConfigText('model:\n  lr: 1\n  lr: 2\n', { syntax: 'yaml', file: 'c.yaml' }));
      expect(error.code).to.equal('INVALID_SPEC_DICT');
      expect([error.line, error.column]).to.deep.equal([3, 3]);
      expect(error.message).to.contain('c.yaml:3:3').and.to.match(/unique/);
    });

    it('syntax errors, tags outside the core schema, complex keys and many documents are errors', async () => {
      const cases: readonly (readonly [string, number, number])[] = [
        ['a: [1, 2\n', 2, 1],
        ['a: !!binary aGk=\n', 1, 4],
        ['a: 1\n? [x, y]\n: 2\n', 2, 3],
        ['a: 1\n---\nb: 2\n', 2, 1],
      ];
      for (const [text, line, column] of cases) {
        const error = await rejection(parseConfigText(text, { syntax: 'yaml' }));
        expect(error.code, error.message).to.equal('INVALID_SPEC_DICT');
        expect([error.line, error.column], `${text}: ${error.message}`).to.deep.equal([line, column]);
      }
    });

    it('__proto__ stays an own key; an alias is converted once, and an alias bomb is refused', async () => {
      const tree = await parseConfigText<Record<string, unknown>>('__proto__:\n  polluted: true\n', { syntax: 'yaml' });
      expect(Object.keys(tree)).to.deep.equal(['__proto__']);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      const shared = await parseConfigText<{ a: unknown; b: unknown }>('a: &x {k: [1]}\nb: *x\n', { syntax: 'yaml' });
      expect(shared.b).to.equal(shared.a).and.to.deep.equal({ k: [1] });
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${new Array(10).fill(`*${'abcdefghi'[i] as string}`).join(', ')}]`)].join('\n');
      expect((await rejection(parseConfigText(bomb, { syntax: 'yaml' }))).code).to.equal('INVALID_SPEC_DICT');
    });
  });
});

describe('stringifyConfig', () => {
  const tree = { lr: 3e-4, clip: INF, raw: -Infinity, zero: -0, list: [1, 'a', null, true, {}, []], nested: { x: NAN } };

  it("json: the layout of JSON.stringify(tree, null, 2); non-finite numbers tagged, or bare as Python writes them", () => {
    const tagged = stringifyConfig(tree, { syntax: 'json' });
    expect(tagged).to.equal(`${JSON.stringify({ ...tree, raw: NEG_INF, zero: { __value__: 'number', data: '-0' } }, null, 2)}\n`);
    const python = stringifyConfig(tree, { nonFinite: 'python' });
    expect(python).to.contain('"clip": Infinity').and.to.contain('"raw": -Infinity').and.to.contain('"x": NaN').and.to.contain('"zero": -0.0');
    // Both read back to the same values.
    expect(Spec.fromDict(parseConfigText(python))).to.deep.equal(Spec.fromDict(parseConfigText(tagged)));
  });

  it('yaml: block style with lists at their key\'s indentation (as PyYAML writes), .inf/.nan by default; reads back', async () => {
    const data = { a: [1, 2], b: { c: INF, d: NAN }, s: ['yes', 'off', '~', '1_000', '1:30', '0x1F', '.5', 'Y', 'plain', '12ab'] };
    const text = await stringifyConfig(data, { syntax: 'yaml' });
    expect(text).to.equal('a:\n- 1\n- 2\nb:\n  c: .inf\n  d: .nan\ns:\n- "yes"\n- "off"\n- "~"\n- "1_000"\n- "1:30"\n- "0x1F"\n- ".5"\n- "Y"\n- plain\n- 12ab\n');
    expect(await parseConfigText(text, { syntax: 'yaml' })).to.deep.equal(data);
    const taggedText = await stringifyConfig({ c: -Infinity }, { syntax: 'yaml', nonFinite: 'tagged' });
    expect(await parseConfigText(taggedText, { syntax: 'yaml' })).to.deep.equal({ c: NEG_INF });
  });

  it('refuses what is not plain data, __proto__ keys and cycles, in every syntax', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const syntax of ['json', 'yaml'] as const) {
      const write = (value: unknown): unknown => stringifyConfig(value, { syntax });
      expectError(() => write({ a: 1n }), 'NOT_SERIALIZABLE', 'a');
      expectError(() => write({ a: [new Date(0)] }), 'NOT_SERIALIZABLE', 'a[0]');
      expectError(() => write(JSON.parse('{"__proto__": 1}')), 'NOT_SERIALIZABLE', '__proto__');
      expectError(() => write(cyclic), 'CYCLE', 'self');
    }
    expectError(() => stringifyConfig({}, { nonFinite: 'bare' as 'python' }), 'NOT_SERIALIZABLE');
  });
});
