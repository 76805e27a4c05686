import { expect } from 'chai';
import { closest, didYouMean } from '../src/suggest.js';

describe('suggest', () => {
  describe('closest', () => {
    it('returns an exact match', () => {
      expect(closest('lr', ['momentum', 'lr', 'lx'])).to.equal('lr');
    });
    it('finds a one-letter typo', () => {
      expect(closest('momentun', ['lr', 'momentum', 'nesterov'])).to.equal('momentum');
      expect(closest('optim:Adma', ['optim:AdamW', 'optim:Adam', 'nn:relu'])).to.equal('optim:Adam');
    });
    it('counts an adjacent transposition as one edit', () => {
      // "lr" vs "rl" is 2 by plain Levenshtein; with transpositions 1, so a 2-letter name still matches.
      expect(closest('rl', ['lr'])).to.equal('lr');
      expect(closest('optmi', ['optim', 'other'])).to.equal('optim');
    });
    it('prefers a case-only difference over other edits', () => {
      expect(closest('LR', ['lx', 'lr'])).to.equal('lr');
      expect(closest('learningrate', ['learningRates', 'learningRate'])).to.equal('learningRate');
    });
    it('finds the snake-cased sibling of a camel-cased name', () => {
      expect(closest('learningRate', ['momentum', 'learning_rate'])).to.equal('learning_rate');
    });
    it('keeps the first of equally close candidates', () => {
      expect(closest('ab', ['ax', 'ay'])).to.equal('ax');
      expect(closest('ab', ['ay', 'ax'])).to.equal('ay');
    });
    it('returns undefined when nothing is close', () => {
      expect(closest('xyz', ['abc', 'defgh'])).to.equal(undefined);
      expect(closest('beta1', ['lr', 'params'])).to.equal(undefined);
      expect(closest('', ['abc'])).to.equal(undefined);
    });
    it('returns undefined with no candidates', () => {
      expect(closest('lr', [])).to.equal(undefined);
      expect(closest('', [])).to.equal(undefined);
    });
    it('allows up to two edits for short names and a third of the length for long ones', () => {
      expect(closest('ab', ['xy'])).to.equal('xy'); // 2 edits: within the floor of 2
      expect(closest('abc', ['xyz'])).to.equal(undefined); // 3 edits
      expect(closest('abcdefghijkl', ['abcdXXXXijkl'])).to.equal('abcdXXXXijkl'); // 4 of 12
      expect(closest('abcdefghijkl', ['abcdXXXXXjkl'])).to.equal(undefined); // 5 of 12
    });
    it('takes any iterable', () => {
      expect(closest('lr', new Set(['lx']))).to.equal('lx');
      expect(closest('lr', new Map([['lx', 1]]).keys())).to.equal('lx');
    });
  });

  describe('didYouMean', () => {
    it('formats the suggestion', () => {
      expect(didYouMean('momentun', ['momentum'])).to.equal('; did you mean "momentum"?');
    });
    it('is empty when nothing is close', () => {
      expect(didYouMean('zzz', ['momentum'])).to.equal('');
      expect(didYouMean('zzz', [])).to.equal('');
    });
  });

  describe('regressions', () => {
    it('does not suggest a much shorter unrelated name for a long name', () => {
      // The length-difference shortcut returned the difference (10) as the distance, which is within
      // the limit (12) of a 36-character name, although no character matches.
      expect(closest('x'.repeat(36), ['y'.repeat(26)])).to.equal(undefined);
      expect(closest('a'.repeat(30), ['b'.repeat(21)])).to.equal(undefined);
    });
    it('still suggests a long name that only misses a few characters', () => {
      const long = 'averyveryverylongparametername';
      expect(closest(`${long}xx`, [long, 'short'])).to.equal(long);
    });
  });
});
