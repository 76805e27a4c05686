import { expect } from 'chai';
import fc from 'fast-check';
import { appendPath, child, formatPath, parsePath, ROOT, type PathNode } from '../src/path.js';
import { decoratorMode } from './support/mode.js';

function chain(keys: readonly (string | number)[]): PathNode | undefined {
  let node: PathNode | undefined = ROOT;
  for (const key of keys) node = child(node, key);
  return node;
}

describe(`path (${decoratorMode})`, () => {
  describe('formatPath', () => {
    it('is "" at the root', () => {
      expect(ROOT).to.equal(undefined);
      expect(formatPath(ROOT)).to.equal('');
    });

    it('joins identifier keys with "." and writes indices as [n]', () => {
      expect(formatPath(chain(['model', 'layers', 2, 'act']))).to.equal('model.layers[2].act');
      expect(formatPath(chain(['x', 'args', 0]))).to.equal('x.args[0]');
      expect(formatPath(chain(['x', 'kwargs', 'target']))).to.equal('x.kwargs.target');
      expect(formatPath(chain([0]))).to.equal('[0]');
      expect(formatPath(chain([0, 1, 'a']))).to.equal('[0][1].a');
      expect(formatPath(chain(['$a', '_b', 'c1', '__proto__']))).to.equal('$a._b.c1.__proto__');
    });

    it('JSON-quotes other keys in brackets', () => {
      expect(formatPath(chain(['key with space']))).to.equal('["key with space"]');
      expect(formatPath(chain(['a', 'key with space', 'b']))).to.equal('a["key with space"].b');
      expect(formatPath(chain(['a', '']))).to.equal('a[""]');
      expect(formatPath(chain(['']))).to.equal('[""]');
      expect(formatPath(chain(['a', 'say "hi"']))).to.equal('a["say \\"hi\\""]');
      expect(formatPath(chain(['a', 'a.b']))).to.equal('a["a.b"]');
      expect(formatPath(chain(['a', '0']))).to.equal('a["0"]');
      expect(formatPath(chain(['a', '1abc']))).to.equal('a["1abc"]');
      expect(formatPath(chain(['a', 'x-y']))).to.equal('a["x-y"]');
      expect(formatPath(chain(['a', 'é']))).to.equal('a["é"]');
      expect(formatPath(chain(['a', 'b]']))).to.equal('a["b]"]');
      expect(formatPath(chain(['a', 'back\\slash']))).to.equal('a["back\\\\slash"]');
      expect(formatPath(chain(['a', 'new\nline']))).to.equal('a["new\\nline"]');
    });

    it('does not change the chain', () => {
      const node = chain(['a', 1]);
      const copy = JSON.stringify(node);
      formatPath(node);
      expect(JSON.stringify(node)).to.equal(copy);
    });
  });

  describe('appendPath', () => {
    it('appends an identifier key, without a leading dot at the root', () => {
      expect(appendPath('', 'a')).to.equal('a');
      expect(appendPath('a', 'b')).to.equal('a.b');
      expect(appendPath('a[0]', 'b')).to.equal('a[0].b');
    });

    it('appends an index', () => {
      expect(appendPath('', 0)).to.equal('[0]');
      expect(appendPath('a', 12)).to.equal('a[12]');
      expect(appendPath('a.b', 3)).to.equal('a.b[3]');
    });

    it('appends other keys JSON-quoted', () => {
      expect(appendPath('', '')).to.equal('[""]');
      expect(appendPath('', 'key with space')).to.equal('["key with space"]');
      expect(appendPath('a', '"')).to.equal('a["\\""]');
      expect(appendPath('a', '12')).to.equal('a["12"]');
    });

    it('agrees with formatPath', () => {
      const keys: (string | number)[] = ['model', 'layers', 2, 'key with space', '', 0, 'act'];
      let path = '';
      for (const key of keys) path = appendPath(path, key);
      expect(path).to.equal(formatPath(chain(keys)));
      expect(path).to.equal('model.layers[2]["key with space"][""][0].act');
    });
  });

  describe('parsePath', () => {
    it('splits a path into keys', () => {
      expect(parsePath('')).to.deep.equal([]);
      expect(parsePath('a')).to.deep.equal(['a']);
      expect(parsePath('model.layers[2].act')).to.deep.equal(['model', 'layers', 2, 'act']);
      expect(parsePath('[0][1].a')).to.deep.equal([0, 1, 'a']);
      expect(parsePath('x.kwargs.target')).to.deep.equal(['x', 'kwargs', 'target']);
      expect(parsePath('a["key with space"].b')).to.deep.equal(['a', 'key with space', 'b']);
      expect(parsePath('[""]')).to.deep.equal(['']);
      expect(parsePath('a["say \\"hi\\""]')).to.deep.equal(['a', 'say "hi"']);
      expect(parsePath('a["b]"]')).to.deep.equal(['a', 'b]']);
      expect(parsePath('a["0"]')).to.deep.equal(['a', '0']);
      expect(parsePath('a[10]')).to.deep.equal(['a', 10]);
    });

    it('tells numeric indices from quoted digit keys', () => {
      const index = parsePath('[0]');
      const key = parsePath('["0"]');
      expect(index).to.deep.equal([0]);
      expect(key).to.deep.equal(['0']);
      expect(typeof index?.[0]).to.equal('number');
      expect(typeof key?.[0]).to.equal('string');
    });

    it('returns undefined for malformed text', () => {
      const malformed = [
        '.a', 'a.', 'a..b', 'a b', '1a', 'a-b', 'a[', 'a]', 'a[]', 'a[01]', 'a[-1]', 'a[1.5]', 'a[ 1 ]', 'a[1e2]',
        'a[true]', 'a[null]', 'a[x]', 'a["x"', 'a["x]', 'a["x"junk]', 'a["x"]b', '[0]a', 'a[0]b', 'a[\'x\']', '.', '[', '"a"',
      ];
      for (const text of malformed) expect(parsePath(text), text).to.equal(undefined);
    });

    it('is the inverse of formatPath on examples', () => {
      const examples: (string | number)[][] = [
        [], ['a'], [0], ['model', 'layers', 2, 'act'], ['', '', 0], ['say "hi"', 'b]', '[x]', '\\'], ['0', 0, '-1', 'a.b'],
        ['x', 'args', 0, 'kwargs', 'target'], ['\u2028', '\ud800', 'é', '😀'],
      ];
      for (const keys of examples) expect(parsePath(formatPath(chain(keys))), JSON.stringify(keys)).to.deep.equal(keys);
    });

    it('is the inverse of formatPath (property)', () => {
      const key = fc.oneof(fc.nat({ max: 1_000_000 }), fc.string({ unit: 'binary' }), fc.string(), fc.constantFrom('a', 'b.c', '$_x1', '"', ']', '['));
      fc.assert(
        fc.property(fc.array(key, { maxLength: 8 }), (keys) => {
          const text = formatPath(chain(keys));
          expect(parsePath(text)).to.deep.equal(keys);
        }),
        { numRuns: 500 },
      );
    });

    it('never throws on arbitrary text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (text) => {
          const keys = parsePath(text);
          if (keys !== undefined) expect(parsePath(formatPath(chain(keys)))).to.deep.equal(keys);
        }),
        { numRuns: 500 },
      );
    });
  });
});
