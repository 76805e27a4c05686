import { expect } from 'chai';
import { configEdits, editJsoncText, editYamlText } from '../src/cli-edit.js';
import { parseConfigText } from '../src/index.js';

describe('cli-edit', () => {
  describe('configEdits', () => {
    it('sets changed values, adds new keys, removes missing ones, replaces arrays whose length changed', () => {
      const before = { a: 1, b: { c: [1, 2], d: 'x' }, e: [1], gone: true, same: { k: [1, { z: null }] } };
      const after = { a: 2, b: { c: [1, 3], d: 'x' }, e: [1, 2], added: { n: 1 }, same: { k: [1, { z: null }] } };
      expect(configEdits(before, after)).to.deep.equal([
        { path: ['gone'], remove: true },
        { path: ['a'], value: 2 },
        { path: ['b', 'c', 1], value: 3 },
        { path: ['e'], value: [1, 2] },
        { path: ['added'], value: { n: 1 } },
      ]);
      expect(configEdits({ x: { a: 1 } }, { x: [1] })).to.deep.equal([{ path: ['x'], value: [1] }]);
      expect(configEdits(1, 1)).to.deep.equal([]);
      expect(configEdits({ _convert_: 'all', a: 1 }, { a: 1 }, (key) => key === '_convert_')).to.deep.equal([]);
    });

    it('values equal as data are not edits (tagged numbers, nested arrays)', () => {
      const tree = { x: { __value__: 'number', data: 'NaN' }, y: [[1], { a: [] }], n: NaN };
      expect(configEdits(tree, structuredClone(tree))).to.deep.equal([]);
      expect(configEdits({ x: { a: 1 } }, { x: { a: 1, b: 2 } })).to.deep.equal([{ path: ['x', 'b'], value: 2 }]);
    });
  });

  describe('editYamlText', () => {
    const text = "# head\na: 1   # one\ns: 'q'  # single\nd: \"dq\"\np: plain # p\nlist:\n- 1\n- 2 # two\nm:\n  k: v # inner\n";

    it('replaces scalars in the text: every other byte stays, quoting kept, 1.1-ambiguous strings quoted', async () => {
      const out = await editYamlText(text, [
        { path: ['a'], value: 2 },
        { path: ['s'], value: "it's" },
        { path: ['d'], value: 'x' },
        { path: ['p'], value: 'yes' },
        { path: ['list', 1], value: { __value__: 'number', data: '-Infinity' } },
        { path: ['m', 'k'], value: 'multi\nline' },
      ]);
      expect(out).to.equal("# head\na: 2   # one\ns: 'it''s'  # single\nd: \"x\"\np: \"yes\" # p\nlist:\n- 1\n- -.inf # two\nm:\n  k: \"multi\\nline\" # inner\n");
      expect(await parseConfigText(out, { syntax: 'yaml' })).to.deep.equal({ a: 2, s: "it's", d: 'x', p: 'yes', list: [1, { __value__: 'number', data: '-Infinity' }], m: { k: 'multi\nline' } });
      expect(await editYamlText(text, [{ path: ['p'], value: 'other' }, { path: ['a'], value: null }])).to.contain('p: other # p').and.to.contain('a: null   # one');
    });

    it('adds, removes and replaces containers through the Document API, keeping the comments', async () => {
      const out = await editYamlText(text, [
        { path: ['m', 'new'], value: { x: [1, 2] } },
        { path: ['list'], remove: true },
        { path: ['a'], value: 5 },
        { path: ['d'], value: 'keep' },
        { path: ['p'], value: 3 },
      ]);
      expect(await parseConfigText(out, { syntax: 'yaml' })).to.deep.equal({ a: 5, s: 'q', d: 'keep', p: 3, m: { k: 'v', new: { x: [1, 2] } } });
      for (const comment of ['# head', '# one', '# single', '# p', '# inner']) expect(out).to.contain(comment);
      expect(await editYamlText('1\n', [{ path: [], value: { a: 1 } }])).to.equal('a: 1\n');
    });
  });

  describe('editJsoncText', () => {
    it('changes only the edited values; removes and adds keys', async () => {
      const text = '{\n  // c\n  "a": 1, /* k */\n  "b": [1, 2],\n}\n';
      expect(await editJsoncText(text, [{ path: ['a'], value: 2 }, { path: ['b', 0], value: 'x' }])).to.equal('{\n  // c\n  "a": 2, /* k */\n  "b": ["x", 2],\n}\n');
      const out = await editJsoncText(text, [{ path: ['b'], remove: true }, { path: ['n'], value: { z: true } }]);
      expect(parseConfigText(out, { syntax: 'jsonc' })).to.deep.equal({ a: 1, n: { z: true } });
      // jsonc-parser removes a property from the comma before it: a comment between the two goes too.
      expect(out).to.contain('// c').and.not.to.contain('/* k */');
    });
  });
});
