import { expect } from 'chai';
import { isAllowed, isValidName, isValidNamespace, isValidTargetName, namespaceOf, targetName } from '../src/names.js';

describe('names', () => {
  describe('isValidName', () => {
    for (const name of ['Adam', 'a', '_x', '$y', 'a1', 'Class.method', 'a.b.c', '$.__', 'constructor', '__proto__']) {
      it(`accepts ${JSON.stringify(name)}`, () => {
        expect(isValidName(name)).to.equal(true);
      });
    }
    for (const name of ['', '1a', 'a..b', '.a', 'a.', 'a-b', 'a:b', 'a b', 'a/b', '@a', 'a.1b', ' a', 'a\n', 'bound f', 'é']) {
      it(`rejects ${JSON.stringify(name)}`, () => {
        expect(isValidName(name)).to.equal(false);
      });
    }
  });

  describe('isValidNamespace', () => {
    for (const ns of ['optim', 'optim.sub', '@scope/pkg', 'my-lib', 'a/b.c-d', '1st', 'v2.0', '@scope/pkg.models', '$_']) {
      it(`accepts ${JSON.stringify(ns)}`, () => {
        expect(isValidNamespace(ns)).to.equal(true);
      });
    }
    for (const ns of ['', 'a..b', '.a', 'a.', 'a:b', 'a b', 'ns!', 'a\\b', 'a\nb', 'ns?', 'a,b']) {
      it(`rejects ${JSON.stringify(ns)}`, () => {
        expect(isValidNamespace(ns)).to.equal(false);
      });
    }
  });

  describe('isValidTargetName', () => {
    for (const target of ['optim:Adam', 'Adam', '@scope/pkg:Foo.bar', 'a.b-c/d:X.y', 'models:createModel']) {
      it(`accepts ${JSON.stringify(target)}`, () => {
        expect(isValidTargetName(target)).to.equal(true);
      });
    }
    for (const target of ['', 'optim:', ':Adam', 'a:b:c', 'optim:1x', 'bad ns:X', 'optim:a-b', 'a..b:X', 'optim:Adam.']) {
      it(`rejects ${JSON.stringify(target)}`, () => {
        expect(isValidTargetName(target)).to.equal(false);
      });
    }
  });

  describe('namespaceOf and targetName', () => {
    it('takes the part before the first colon', () => {
      expect(namespaceOf('optim:Adam')).to.equal('optim');
      expect(namespaceOf('@scope/pkg.x:Foo.bar')).to.equal('@scope/pkg.x');
      expect(namespaceOf('a:b:c')).to.equal('a');
    });
    it('is "" for a name without a namespace', () => {
      expect(namespaceOf('Adam')).to.equal('');
      expect(namespaceOf('Class.method')).to.equal('');
    });
    it('joins a namespace and a name, leaving out an empty namespace', () => {
      expect(targetName('optim', 'Adam')).to.equal('optim:Adam');
      expect(targetName('', 'Adam')).to.equal('Adam');
      expect(namespaceOf(targetName('a.b', 'C.d'))).to.equal('a.b');
    });
  });

  describe('isAllowed', () => {
    it('admits the namespace itself and namespaces below it at dot boundaries', () => {
      expect(isAllowed('optim:Adam', ['optim'])).to.equal(true);
      expect(isAllowed('optim.sub:X', ['optim'])).to.equal(true);
      expect(isAllowed('optim.sub.deep:X', ['optim'])).to.equal(true);
      expect(isAllowed('optim.sub:X', ['optim.sub'])).to.equal(true);
    });
    it('does not admit a namespace that merely starts with the entry', () => {
      expect(isAllowed('optimx:X', ['optim'])).to.equal(false);
      expect(isAllowed('optim-x:X', ['optim'])).to.equal(false);
      expect(isAllowed('optim/x:X', ['optim'])).to.equal(false);
      expect(isAllowed('optim:Adam', ['opt'])).to.equal(false);
    });
    it('does not admit a parent namespace of the entry', () => {
      expect(isAllowed('optim:X', ['optim.sub'])).to.equal(false);
    });
    it('admits exactly one target for an entry with a colon', () => {
      expect(isAllowed('optim:Adam', ['optim:Adam'])).to.equal(true);
      expect(isAllowed('optim:AdamW', ['optim:Adam'])).to.equal(false);
      expect(isAllowed('optim:Adam.x', ['optim:Adam'])).to.equal(false);
      expect(isAllowed('optim.sub:Adam', ['optim:Adam'])).to.equal(false);
    });
    it('does not treat a target entry as a namespace prefix', () => {
      expect(isAllowed('optim:Adam', ['optim:'])).to.equal(false);
    });
    it('admits nothing with an empty list', () => {
      expect(isAllowed('optim:Adam', [])).to.equal(false);
      expect(isAllowed('Adam', [])).to.equal(false);
    });
    it('admits any of several entries', () => {
      expect(isAllowed('nn:relu', ['optim', 'nn'])).to.equal(true);
      expect(isAllowed('models:M', ['optim', 'nn:relu'])).to.equal(false);
    });
    it('matches names without a namespace only by an exact "" entry', () => {
      expect(isAllowed('Adam', ['optim'])).to.equal(false);
      expect(isAllowed('Adam', [''])).to.equal(true);
      expect(isAllowed('optim:Adam', [''])).to.equal(false);
    });
    it('is case sensitive', () => {
      expect(isAllowed('Optim:Adam', ['optim'])).to.equal(false);
    });
  });
});
