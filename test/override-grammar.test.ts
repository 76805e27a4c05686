import { expect } from 'chai';
import { Registry } from '../src/index.js';
import { applyOverrides, parseOverride } from '../src/override-grammar.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

// Hydra's override grammar, strict: = sets what exists, + adds, ++ adds or sets, ~ deletes.

const registry = new Registry();
const options = { registry };

@registry.configurable('optim')
class Adam {
  constructor(public params: unknown = null, public lr = 1e-3, public beta1 = 0.9, public name = 'adam', public amsgrad = false) {}
}
void Adam;

function config(): Record<string, unknown> {
  return Object.freeze({
    optimizer: Object.freeze({ target: 'optim:Adam', lr: 0.02, __dense_spec__: true }),
    train: Object.freeze({ steps: 400, name: 'run', fast: true, resume: null, layers: Object.freeze([1, 2]) }),
  });
}

describe(`override grammar (${decoratorMode})`, () => {
  describe('parseOverride', () => {
    const cases: [string, string, string, unknown, string | undefined][] = [
      ['a.b=1', 'set', 'a.b', 1, '1'],
      ['--a.b=1', 'set', 'a.b', 1, '1'],
      ['+a.b=x', 'add', 'a.b', 'x', 'x'],
      ['++a.b=[1]', 'upsert', 'a.b', [1], '[1]'],
      ['--++a=1', 'upsert', 'a', 1, '1'],
      ['~a.b', 'delete', 'a.b', undefined, undefined],
      ['~a.b=2', 'delete', 'a.b', 2, '2'],
    ];
    for (const [text, op, path, value, raw] of cases) {
      it(`reads ${text}`, () => {
        expect(parseOverride(text)).to.deep.equal({ op, path, value, text: raw });
      });
    }

    it('needs = except to delete, and a path', () => {
      expectError(() => parseOverride('+a.b'), 'INVALID_OVERRIDE', 'a.b');
      expectError(() => parseOverride('++=1'), 'INVALID_OVERRIDE', '');
      expectError(() => parseOverride('~'), 'INVALID_OVERRIDE', '');
      expectError(() => parseOverride('~__proto__'), 'INVALID_OVERRIDE', '__proto__');
    });
  });

  describe('applyOverrides', () => {
    it('a=v sets an existing path only; a new key is INVALID_OVERRIDE with the closest path (train.step → train.steps)', () => {
      const error = expectError(() => applyOverrides(config(), ['train.step=5'], options), 'INVALID_OVERRIDE', 'train.step');
      expect(error.suggestion).to.equal('train.steps');
      expect(error.message).to.contain('did you mean train.steps?').and.contain('+train.step=');
      const other = expectError(() => applyOverrides(config(), ['config=run1/config.json'], options), 'INVALID_OVERRIDE', 'config');
      expect(other.suggestion).to.equal(undefined);
      expectError(() => applyOverrides(config(), ['train.layers[2]=3'], options), 'INVALID_OVERRIDE', 'train.layers[2]');
      expect(applyOverrides(config(), ['train.steps=5'], options).config.train).to.deep.include({ steps: 5 });
    });

    it('+a=v adds a new key, and refuses an existing one', () => {
      expect(applyOverrides(config(), ['+train.step=5', '+train.layers[2]=3'], options).config.train).to.deep.include({ step: 5, layers: [1, 2, 3] });
      const error = expectError(() => applyOverrides(config(), ['+train.steps=5'], options), 'INVALID_OVERRIDE', 'train.steps');
      expect(error.message).to.contain('already exists');
      // A new keyword of a spec must still be a parameter of its target.
      expectError(() => applyOverrides(config(), ['+optimizer.beta3=1'], options), 'UNKNOWN_PARAMETER', 'optimizer.beta3');
    });

    it('++a=v adds or sets', () => {
      expect(applyOverrides(config(), ['++train.steps=5', '++train.seed=1'], options).config.train).to.deep.include({ steps: 5, seed: 1 });
    });

    it('~a deletes; ~a=v only when the value there is v', () => {
      expect(applyOverrides(config(), ['~train.steps', '~train.layers[0]'], options).config.train).to.deep.equal({ name: 'run', fast: true, resume: null, layers: [2] });
      expect(applyOverrides(config(), ['~train.steps=400'], options).config.train).not.to.have.property('steps');
      expect(applyOverrides(config(), ['~train.name=run'], options).config.train).not.to.have.property('name');
      const error = expectError(() => applyOverrides(config(), ['~train.steps=401'], options), 'INVALID_OVERRIDE', 'train.steps');
      expect(error.message).to.contain('is 400, not 401');
      expectError(() => applyOverrides(config(), ['~train.nope'], options), 'INVALID_OVERRIDE', 'train.nope');
    });

    it('values are read by the type they replace', () => {
      const train = applyOverrides(config(), ['train.name=1', 'train.fast=false', 'train.resume=3', 'train.layers=[3]'], options).config.train;
      expect(train).to.deep.equal({ steps: 400, name: '1', fast: false, resume: 3, layers: [3] });
      expect(applyOverrides(config(), ['train.name="quoted"'], options).config.train).to.deep.include({ name: 'quoted' });
      expect(applyOverrides(config(), ['train.name=null', 'train.steps=null'], options).config.train).to.deep.include({ name: null, steps: null });
      expect(applyOverrides(config(), ['train.steps=1e3'], options).config.train).to.deep.include({ steps: 1000 });
    });

    it('a number or boolean that does not parse is INVALID_VALUE (train.steps=abc)', () => {
      const error = expectError(() => applyOverrides(config(), ['train.steps=abc'], options), 'INVALID_VALUE', 'train.steps');
      expect([error.expected, error.received]).to.deep.equal(['number', 'string']);
      expectError(() => applyOverrides(config(), ['train.steps='], options), 'INVALID_VALUE', 'train.steps');
      expectError(() => applyOverrides(config(), ['train.steps=Infinity'], options), 'INVALID_VALUE', 'train.steps');
      expectError(() => applyOverrides(config(), ['train.fast=yes'], options), 'INVALID_VALUE', 'train.fast');
    });

    it('a spec keyword: existing or not, read by its parameter type; optimizer.lr=0.1,0.01 fails with the issue\'s message', () => {
      const error = expectError(() => applyOverrides(config(), ['optimizer.lr=0.1,0.01'], options), 'INVALID_VALUE', 'optimizer.lr');
      expect(error.message).to.equal('INVALID_VALUE at optimizer.lr (optim:Adam): expected a number, got the string "0.1,0.01"');
      // Not written yet, but a parameter: it exists, typed by its default.
      expect(applyOverrides(config(), ['optimizer.beta1=0.5', 'optimizer.name=7', 'optimizer.amsgrad=true'], options).config.optimizer).to.deep.include({ beta1: 0.5, name: '7', amsgrad: true });
      expectError(() => applyOverrides(config(), ['optimizer.beta1=high'], options), 'INVALID_VALUE', 'optimizer.beta1');
      const unknown = expectError(() => applyOverrides(config(), ['optimizer.lrr=1'], options), 'UNKNOWN_PARAMETER', 'optimizer.lrr');
      expect(unknown.suggestion).to.equal('lr');
      expect(applyOverrides(config(), ['optimizer.target=optim:Adam', 'optimizer.kwargs.params=[1]'], options).config.optimizer).to.deep.include({ kwargs: { params: [1] } });
    });

    it('a getter that throws is INVALID_OVERRIDE with the cause, not "nothing there"', () => {
      const boom = new Error('getter');
      const tree = { a: { get b(): unknown { throw boom; } } };
      expect(expectError(() => applyOverrides(tree, ['a.b=1'], options), 'INVALID_OVERRIDE', 'a.b').cause).to.equal(boom);
    });
  });
});
