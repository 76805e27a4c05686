import { expect } from 'chai';
import fc from 'fast-check';
import { ConfigSpecError, MAX_DEPTH, Registry, Spec } from '../src/index.js';
import { deletePath, getPath, hasPath, mergeConfig, setPath } from '../src/overrides.js';
import { applyOverrides, parseOverride } from '../src/override-grammar.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

const registry = new Registry();
const options = { registry };

@registry.configurable({ namespace: 'optim', aliases: ['OldAdam'] })
class Adam {
  constructor(public params: number[], public lr = 1e-3, public betas: [number, number] = [0.9, 0.999]) {}
}

@registry.configurable('optim')
class AdamW {
  constructor(public params: number[], public lr = 1e-3, public beta1 = 0.9, public beta2 = 0.999) {}
}

@registry.configurable('optim')
class Sgd {
  constructor(public params: number[], { lr = 0.1, momentum = 0 }: { lr?: number; momentum?: number } = {}) {
    void lr;
    void momentum;
  }
}

function relu(x: number): number {
  return Math.max(0, x);
}
registry.configurable('nn', relu);

// Takes any option key, and parameters named like reserved keys.
function open(target: string, extra: Record<string, unknown> = {}): unknown[] {
  return [target, extra];
}
registry.configurable({ namespace: 'io', options: true }, open);

void Adam;
void AdamW;
void Sgd;

function snapshot(value: unknown): string {
  return JSON.stringify(value);
}

// Every fixture is deeply frozen: an edit that wrote into its input would throw (modules are strict).
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function config(): Record<string, unknown> {
  return deepFreeze({
    steps: 1000,
    'odd key': { x: 1 },
    tx: { target: 'optim:Adam', lr: 0.001, betas: [0.9, 0.99], __dense_spec__: true },
    dataset: {
      kwargs_list: [{ a: 1 }, { b: 2 }, { filter_fns: [{ target: 'nn:relu', __dense_spec__: true }, 'keep'] }],
    },
    file: { target: 'io:open', mode: 'r', kwargs: { target: 'data.txt' }, __dense_spec__: true },
  });
}

describe(`overrides (${decoratorMode} decorators)`, () => {
  describe('getPath / hasPath', () => {
    it('reads nested keys, indices, quoted keys and the root', () => {
      const tree = config();
      expect(getPath(tree, 'dataset.kwargs_list[2].filter_fns[0].target')).to.equal('nn:relu');
      expect(getPath(tree, 'dataset.kwargs_list[2].filter_fns[1]')).to.equal('keep');
      expect(getPath(tree, '["odd key"].x')).to.equal(1);
      expect(getPath(tree, '')).to.equal(tree);
      expect(getPath(tree, 'tx.betas[1]')).to.equal(0.99);
    });

    it('reads keywords of a spec dict wherever they are written', () => {
      const tree = config();
      expect(getPath(tree, 'file.target')).to.equal('io:open');
      expect(getPath(tree, 'file.kwargs.target')).to.equal('data.txt');
      expect(getPath(tree, 'file.kwargs.mode')).to.equal('r');
      expect(getPath({ s: { target: 'optim:Adam', kwargs: { lr: 2 }, __dense_spec__: true } }, 's.lr')).to.equal(2);
    });

    it('names the closest existing path when nothing is there', () => {
      const tree = config();
      expect(expectError(() => getPath(tree, 'tx.lrr'), 'INVALID_OVERRIDE', 'tx.lrr').message).to.include('closest existing path is tx.lr');
      expect(expectError(() => getPath(tree, 'dataset.kwarg_list[0]'), 'INVALID_OVERRIDE', 'dataset.kwarg_list[0]').message).to.include('dataset.kwargs_list');
      expect(expectError(() => getPath(tree, 'file.kwargs.targt'), 'INVALID_OVERRIDE', 'file.kwargs.targt').message).to.include('file.kwargs.target');
      expect(expectError(() => getPath(tree, 'dataset.kwargs_list[3]'), 'INVALID_OVERRIDE', 'dataset.kwargs_list[3]').message).to.include('dataset.kwargs_list[2]');
      expect(expectError(() => getPath(tree, 'zzzzzzzz'), 'INVALID_OVERRIDE', 'zzzzzzzz').message).to.include('existing paths: steps');
    });

    it('rejects stepping into the wrong kind of value', () => {
      const tree = config();
      expect(expectError(() => getPath(tree, 'steps.x'), 'INVALID_OVERRIDE', 'steps.x').message).to.include('number 1000');
      expectError(() => getPath(tree, 'dataset.kwargs_list.a'), 'INVALID_OVERRIDE', 'dataset.kwargs_list.a');
      expectError(() => getPath(tree, 'dataset[0]'), 'INVALID_OVERRIDE', 'dataset[0]');
      expectError(() => getPath({ a: null }, 'a.b'), 'INVALID_OVERRIDE', 'a.b');
      expectError(() => getPath({ a: new Date(0) }, 'a.b'), 'INVALID_OVERRIDE', 'a.b');
    });

    it('does not find inherited properties', () => {
      expect(hasPath({}, 'constructor')).to.equal(false);
      expect(hasPath({}, 'toString')).to.equal(false);
    });

    it('rejects malformed paths and __proto__', () => {
      expectError(() => getPath({}, 'a..b'), 'INVALID_OVERRIDE', 'a..b');
      expectError(() => getPath({}, 'a[1'), 'INVALID_OVERRIDE', 'a[1');
      expectError(() => getPath({}, '__proto__'), 'INVALID_OVERRIDE', '__proto__');
      expectError(() => hasPath({}, 'a["__proto__"]'), 'INVALID_OVERRIDE', 'a["__proto__"]');
      expectError(() => getPath({}, 3 as unknown as string), 'INVALID_OVERRIDE', '');
    });

    it('hasPath is a boolean for existing and missing paths', () => {
      const tree = config();
      expect(hasPath(tree, 'tx.lr')).to.equal(true);
      expect(hasPath(tree, 'tx.momentum')).to.equal(false);
      expect(hasPath(tree, 'dataset.kwargs_list[5].x')).to.equal(false);
      expect(hasPath(tree, 'file.kwargs.target')).to.equal(true);
      expect(hasPath({ a: undefined }, 'a')).to.equal(true);
    });
  });

  describe('setPath', () => {
    it('sets nested values and returns a new tree, sharing what it did not touch', () => {
      const tree = config();
      const before = snapshot(tree);
      const { config: out, dropped } = setPath(tree, 'dataset.kwargs_list[2].filter_fns[1]', 'drop', options);
      expect(snapshot(tree)).to.equal(before);
      expect(dropped).to.deep.equal([]);
      expect(getPath(out, 'dataset.kwargs_list[2].filter_fns[1]')).to.equal('drop');
      expect(out).to.not.equal(tree);
      expect(out.dataset).to.not.equal(tree.dataset);
      expect(out.tx).to.equal(tree.tx);
      expect(getPath(out, 'dataset.kwargs_list[0]')).to.equal(getPath(tree, 'dataset.kwargs_list[0]'));
    });

    it('adds new keys to plain objects (data) but only below an existing parent', () => {
      const tree = config();
      expect(setPath(tree, '["odd key"].y', 2, options).config['odd key']).to.deep.equal({ x: 1, y: 2 });
      expect(setPath(tree, 'newTop', { a: 1 }, options).config.newTop).to.deep.equal({ a: 1 });
      const error = expectError(() => setPath(tree, 'datset.x', 1, options), 'INVALID_OVERRIDE', 'datset.x');
      expect(error.message).to.include('closest existing path is dataset');
    });

    it('appends at index == length and rejects indices past it', () => {
      const tree = config();
      const out = setPath(tree, 'tx.betas[2]', 0.5, options).config;
      expect(getPath(out, 'tx.betas')).to.deep.equal([0.9, 0.99, 0.5]);
      expect(expectError(() => setPath(tree, 'tx.betas[3]', 0.5, options), 'INVALID_OVERRIDE', 'tx.betas[3]').message).to.include('[2] appends');
    });

    it('sets existing keywords wherever they are written', () => {
      const tree = { s: { target: 'optim:Adam', kwargs: { lr: 2 }, __dense_spec__: true } };
      expect(setPath(tree, 's.lr', 3, options).config.s).to.deep.equal({ target: 'optim:Adam', kwargs: { lr: 3 }, __dense_spec__: true });
      expect(setPath(tree, 's.kwargs.lr', 4, options).config.s).to.deep.equal({ target: 'optim:Adam', kwargs: { lr: 4 }, __dense_spec__: true });
    });

    it('adds a new keyword the target takes, flattened before kwargs and the marker', () => {
      const tree = config();
      const out = setPath(tree, 'tx.params', [1, 2], options).config;
      expect(Object.keys(out.tx as object)).to.deep.equal(['target', 'lr', 'betas', 'params', '__dense_spec__']);
      const file = setPath(tree, 'file.encoding', 'utf8', options).config.file;
      expect(Object.keys(file as object)).to.deep.equal(['target', 'mode', 'encoding', 'kwargs', '__dense_spec__']);
      const sgd = setPath({ s: { target: 'optim:Sgd', __dense_spec__: true } }, 's.momentum', 0.9, options).config.s;
      expect(sgd).to.deep.equal({ target: 'optim:Sgd', momentum: 0.9, __dense_spec__: true });
    });

    it('writes escaped keyword names under kwargs', () => {
      const tree = { f: { target: 'io:open', __dense_spec__: true } };
      expect(setPath(tree, 'f.kwargs.target', 'a.txt', options).config.f).to.deep.equal({ target: 'io:open', kwargs: { target: 'a.txt' }, __dense_spec__: true });
      expect(setPath(tree, 'f.__meta__', 1, options).config.f).to.deep.equal({ target: 'io:open', kwargs: { __meta__: 1 }, __dense_spec__: true });
      expect(setPath(tree, 'f.kwargs.called', true, options).config.f).to.deep.equal({ target: 'io:open', kwargs: { called: true }, __dense_spec__: true });
    });

    it('rejects a new keyword the target does not take, with the closest name', () => {
      const tree = config();
      const error = expectError(() => setPath(tree, 'tx.lrr', 1, options), 'UNKNOWN_PARAMETER', 'tx.lrr');
      expect(error.message).to.include('did you mean "lr"');
      expect(error.target).to.equal('optim:Adam');
      expectError(() => setPath({ s: { target: 'optim:Sgd', __dense_spec__: true } }, 's.nesterov', true, options), 'UNKNOWN_PARAMETER', 's.nesterov');
      expectError(() => setPath(tree, 'tx.kwargs.beta1', 1, options), 'UNKNOWN_PARAMETER', 'tx.kwargs.beta1');
    });

    it('checks spec fields like the reader', () => {
      const tree = config();
      expectError(() => setPath(tree, 'tx.args', 1, options), 'INVALID_OVERRIDE', 'tx.args');
      expectError(() => setPath(tree, 'tx.called', 'yes', options), 'INVALID_OVERRIDE', 'tx.called');
      expectError(() => setPath(tree, 'tx.__recursive__', 0, options), 'INVALID_OVERRIDE', 'tx.__recursive__');
      expectError(() => setPath(tree, 'tx.__dense_spec__', false, options), 'INVALID_OVERRIDE', 'tx.__dense_spec__');
      expectError(() => setPath(tree, 'tx.kwargs', { lr: 1 }, options), 'INVALID_OVERRIDE', 'tx.kwargs');
      expectError(() => setPath(tree, 'tx.kwargs', { nope: 1 }, options), 'UNKNOWN_PARAMETER', 'tx.kwargs');
      expect(setPath(tree, 'tx.called', true, options).config.tx).to.include({ called: true });
      expect(setPath(tree, 'tx.args', [[1]], options).config.tx).to.deep.include({ args: [[1]] });
    });

    it('setting target alone keeps only the keywords the new target takes', () => {
      const tree = config();
      const before = snapshot(tree);
      const { config: out, dropped } = setPath(tree, 'tx.target', 'optim:AdamW', options);
      expect(out.tx).to.deep.equal({ target: 'optim:AdamW', lr: 0.001, __dense_spec__: true });
      expect(dropped).to.deep.equal([{ path: 'tx', keyword: 'betas', target: 'optim:AdamW' }]);
      expect(snapshot(tree)).to.equal(before);
      expect(Spec.instantiateFromDict<(p: number[]) => AdamW>(out.tx, options)([1]).lr).to.equal(0.001);
    });

    it('setting target to an options object with fixed keys drops the rest; any-key options keep all', () => {
      const adam = { target: 'optim:Adam', lr: 0.5, betas: [1, 2], kwargs: { __x__: 1 }, __dense_spec__: true };
      const sgd = setPath(adam, 'target', 'optim:Sgd', options);
      expect(sgd.config).to.deep.equal({ target: 'optim:Sgd', lr: 0.5, __dense_spec__: true });
      expect(sgd.dropped.map((d) => d.keyword)).to.deep.equal(['betas', '__x__']);
      const io = setPath(adam, 'target', 'io:open', options);
      expect(io.config).to.deep.equal({ ...adam, target: 'io:open' });
      expect(io.dropped).to.deep.equal([]);
    });

    it('an alias of the same target drops nothing', () => {
      const out = setPath(config(), 'tx.target', 'optim:OldAdam', options);
      expect(out.dropped).to.deep.equal([]);
      expect(out.config.tx).to.deep.include({ target: 'optim:OldAdam', betas: [0.9, 0.99] });
    });

    it('an unknown target is UNKNOWN_TARGET with the closest name', () => {
      const error = expectError(() => setPath(config(), 'tx.target', 'optim:AdamX', options), 'UNKNOWN_TARGET', 'tx.target');
      expect(error.message).to.include('did you mean');
      expectError(() => setPath(config(), 'tx.target', 3, options), 'INVALID_OVERRIDE', 'tx.target');
    });

    it('a whole spec dict with another target replaces the node', () => {
      const value = { target: 'optim:AdamW', beta1: 0.8, __dense_spec__: true };
      const { config: out, dropped } = setPath(config(), 'tx', value, options);
      expect(out.tx).to.deep.equal(value);
      expect(dropped).to.deep.equal([]);
    });

    it('checks spec dicts inside a set value', () => {
      expectError(() => setPath(config(), 'tx', { target: 'optim:AdamW', betas: 1, __dense_spec__: true }, options), 'UNKNOWN_PARAMETER', 'tx');
      expectError(() => setPath(config(), 'x', [{ y: { target: 'nope:Nope', __dense_spec__: true } }], options), 'UNKNOWN_TARGET', 'x');
      expectError(() => setPath(config(), 'x', { __dense_spec__: 'yes' }, options), 'INVALID_OVERRIDE', 'x');
      // A keyword named __dense_spec__ under kwargs is a keyword, not a marker.
      const out = setPath(config(), 'x', { target: 'io:open', kwargs: { __dense_spec__: 1 }, __dense_spec__: true }, options);
      expect(getPath(out.config, 'x.kwargs.__dense_spec__')).to.equal(1);
    });

    it('never lets __proto__ in, by path or by value', () => {
      const tree = config();
      expectError(() => setPath(tree, '__proto__.polluted', 1, options), 'INVALID_OVERRIDE', '__proto__.polluted');
      expectError(() => setPath(tree, 'a["__proto__"]', 1, options), 'INVALID_OVERRIDE', 'a["__proto__"]');
      expectError(() => setPath(tree, 'a', JSON.parse('{"b":{"__proto__":{"polluted":1}}}'), options), 'INVALID_OVERRIDE', 'a');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('rejects the root, undefined and bad options', () => {
      expectError(() => setPath({}, '', 1, options), 'INVALID_OVERRIDE', '');
      expectError(() => setPath({ a: 1 }, 'a', undefined, options), 'INVALID_OVERRIDE', 'a');
      expectError(() => setPath({ a: 1 }, 'a', 2, { registry: 3 } as unknown as { registry: Registry }), 'INVALID_OVERRIDE', '');
    });

    it('handles a cyclic value without hanging', () => {
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = cyclic;
      expect(setPath<Record<string, unknown>>({}, 'c', cyclic, options).config.c).to.equal(cyclic);
    });
  });

  describe('value checks (issue 11)', () => {
    it('setPath checks a keyword value against the type of its parameter', () => {
      const error = expectError(() => setPath(config(), 'tx.lr', '0.1,0.01', options), 'INVALID_VALUE', 'tx.lr');
      expect(error.message).to.equal('INVALID_VALUE at tx.lr (optim:Adam): expected a number, got the string "0.1,0.01"');
      expect(getPath(setPath(config(), 'tx.lr', 0.1, options).config, 'tx.lr')).to.equal(0.1);
      // A new keyword too, and a value with a spec dict inside.
      expectError(() => setPath(config(), 'tx', { target: 'optim:AdamW', beta1: 'x', __dense_spec__: true }, options), 'INVALID_VALUE', 'tx');
      expectError(() => setPath(config(), 'tx.kwargs', { lr: [1] }, options), 'INVALID_VALUE', 'tx.kwargs');
    });

    it('a new target checks the keywords it keeps', () => {
      const tree = deepFreeze({ tx: { target: 'optim:AdamW', beta1: 0.9, lr: 'x', __dense_spec__: true } });
      expectError(() => setPath(tree, 'tx.target', 'optim:Adam', options), 'INVALID_VALUE', 'tx.target');
    });

    it('mergeConfig checks merged and new keyword values', () => {
      expectError(() => mergeConfig(config(), { tx: { lr: 'fast' } }, options), 'INVALID_VALUE', 'tx.lr');
      expectError(() => mergeConfig(config(), { tx: { target: 'optim:Adam', betas: 1, __dense_spec__: true } }, options), 'INVALID_VALUE', 'tx.betas');
      const error = expectError(() => mergeConfig({ tx: { target: 'optim:AdamW', __dense_spec__: true } }, { tx: { beta2: false } }, options), 'INVALID_VALUE', 'tx.beta2');
      expect(error.expected).to.equal('number');
    });
  });

  describe('deletePath', () => {
    it('removes keys, elements and keywords without mutating', () => {
      const tree = config();
      const before = snapshot(tree);
      expect(deletePath(tree, 'steps', options).config).to.not.have.property('steps');
      expect(getPath(deletePath(tree, 'dataset.kwargs_list[0]', options).config, 'dataset.kwargs_list[0]')).to.deep.equal({ b: 2 });
      expect(deletePath(tree, 'tx.lr', options).config.tx).to.deep.equal({ target: 'optim:Adam', betas: [0.9, 0.99], __dense_spec__: true });
      expect(deletePath(tree, 'file.kwargs.target', options).config.file).to.deep.equal({ target: 'io:open', mode: 'r', __dense_spec__: true });
      expect(snapshot(tree)).to.equal(before);
    });

    it('allows deleting a required parameter (a partial may leave it unbound)', () => {
      const tree = { s: { target: 'optim:Adam', params: [1], __dense_spec__: true } };
      expect(deletePath(tree, 's.params', options).config.s).to.deep.equal({ target: 'optim:Adam', __dense_spec__: true });
    });

    it('rejects missing paths, target and the marker', () => {
      const tree = config();
      expect(expectError(() => deletePath(tree, 'tx.lrr', options), 'INVALID_OVERRIDE', 'tx.lrr').message).to.include('tx.lr');
      expectError(() => deletePath(tree, 'tx.betas[2]', options), 'INVALID_OVERRIDE', 'tx.betas[2]');
      expectError(() => deletePath(tree, 'tx.target', options), 'INVALID_OVERRIDE', 'tx.target');
      expectError(() => deletePath(tree, 'tx.__dense_spec__', options), 'INVALID_OVERRIDE', 'tx.__dense_spec__');
      expectError(() => deletePath(tree, '', options), 'INVALID_OVERRIDE', '');
      expect(deletePath(tree, 'file.kwargs', options).config.file).to.deep.equal({ target: 'io:open', mode: 'r', __dense_spec__: true });
    });
  });

  describe('mergeConfig', () => {
    it('deep-merges plain objects; arrays, primitives and null replace', () => {
      const base = { a: { b: 1, c: [1, 2] }, d: 'x', e: { f: 1 } };
      const before = snapshot(base);
      const { config: out } = mergeConfig(base, { a: { c: [3], g: true }, d: null, e: undefined, h: 1 }, options);
      expect(out).to.deep.equal({ a: { b: 1, c: [3], g: true }, d: null, e: { f: 1 }, h: 1 });
      expect(out.e).to.equal(base.e);
      expect(snapshot(base)).to.equal(before);
      expect(mergeConfig(base, undefined, options).config).to.equal(base);
      expect(mergeConfig(base, null, options).config).to.equal(null);
    });

    it('merges keywords of a spec dict with the same target, checking new ones', () => {
      const tree = config();
      const out = mergeConfig(tree, { tx: { target: 'optim:Adam', params: [1], betas: [0.5, 0.5], __dense_spec__: true } }, options).config;
      expect(out.tx).to.deep.equal({ target: 'optim:Adam', lr: 0.001, betas: [0.5, 0.5], params: [1], __dense_spec__: true });
      const error = expectError(() => mergeConfig(tree, { tx: { target: 'optim:Adam', betaz: 1, __dense_spec__: true } }, options), 'UNKNOWN_PARAMETER', 'tx.betaz');
      expect(error.message).to.include('did you mean "betas"');
      const plain = mergeConfig(tree, { file: { kwargs: { target: 'b.txt' }, mode: 'w' } }, options).config;
      expect(plain.file).to.deep.equal({ target: 'io:open', kwargs: { target: 'b.txt' }, mode: 'w', __dense_spec__: true });
    });

    it('a spec dict with another target replaces the node', () => {
      const over = { target: 'optim:AdamW', beta1: 0.7, __dense_spec__: true };
      const { config: out, dropped } = mergeConfig(config(), { tx: over }, options);
      expect(out.tx).to.deep.equal(over);
      expect(dropped).to.deep.equal([]);
      expectError(() => mergeConfig(config(), { tx: { target: 'optim:Nope', __dense_spec__: true } }, options), 'UNKNOWN_TARGET', 'tx.target');
    });

    it('a target in a plain object over a spec acts like setting target', () => {
      const { config: out, dropped } = mergeConfig(config(), { tx: { target: 'optim:AdamW', beta1: 0.5 } }, options);
      expect(out.tx).to.deep.equal({ target: 'optim:AdamW', lr: 0.001, beta1: 0.5, __dense_spec__: true });
      expect(dropped).to.deep.equal([{ path: 'tx', keyword: 'betas', target: 'optim:AdamW' }]);
    });

    it('checks fields and rejects __proto__', () => {
      expectError(() => mergeConfig(config(), { tx: { called: 1 } }, options), 'INVALID_OVERRIDE', 'tx.called');
      expectError(() => mergeConfig(config(), { tx: { kwargs: 1 } }, options), 'INVALID_OVERRIDE', 'tx.kwargs');
      expectError(() => mergeConfig(config(), JSON.parse('{"a":{"__proto__":{"x":1}}}'), options), 'INVALID_OVERRIDE', 'a');
      expectError(() => mergeConfig(config(), JSON.parse('{"dataset":{"__proto__":{"x":1}}}'), options), 'INVALID_OVERRIDE', 'dataset.__proto__');
      expect(({} as Record<string, unknown>).x).to.equal(undefined);
    });
  });

  describe('keyword addressing edge cases', () => {
    it('x.kwargs.name sets a flattened keyword where it is, never twice', () => {
      const out = setPath(config(), 'tx.kwargs.lr', 5, options).config.tx;
      expect(out).to.deep.equal({ target: 'optim:Adam', lr: 5, betas: [0.9, 0.99], __dense_spec__: true });
    });

    it('x.kwargs alone is the kwargs object; [n] under it is rejected', () => {
      expect(getPath(config(), 'file.kwargs')).to.deep.equal({ target: 'data.txt' });
      expectError(() => getPath(config(), 'file.kwargs[0]'), 'INVALID_OVERRIDE', 'file.kwargs[0]');
      expectError(() => getPath(config(), 'tx[0]'), 'INVALID_OVERRIDE', 'tx[0]');
    });

    it('merging a spec dict under an alias of the same target merges', () => {
      const base = { target: 'optim:Adam', lr: 1, __dense_spec__: true };
      const { config: out } = mergeConfig(base, { target: 'optim:OldAdam', betas: [0, 0], __dense_spec__: true }, options);
      expect(out).to.deep.equal({ target: 'optim:OldAdam', lr: 1, betas: [0, 0], __dense_spec__: true });
    });

    it('merging a nested keyword value merges deeply into the spec', () => {
      const base = { m: { target: 'io:open', extra: { a: 1, b: 2 }, __dense_spec__: true } };
      const out = mergeConfig(base, { m: { extra: { b: 3 } } }, options).config;
      expect(out.m).to.deep.equal({ target: 'io:open', extra: { a: 1, b: 3 }, __dense_spec__: true });
      expect(base.m.extra).to.deep.equal({ a: 1, b: 2 });
    });
  });

  describe('parseOverride', () => {
    const cases: [string, string, unknown][] = [
      ['a.b=1', 'a.b', 1],
      ['a.b=true', 'a.b', true],
      ['a.b=null', 'a.b', null],
      ['a.b=[1,2]', 'a.b', [1, 2]],
      ['a.b={"target":"nn:relu","__dense_spec__":true}', 'a.b', { target: 'nn:relu', __dense_spec__: true }],
      ['a.b=hello', 'a.b', 'hello'],
      ['a.b="1"', 'a.b', '1'],
      ['--a.b=1', 'a.b', 1],
      ['-a=x', 'a', 'x'],
      ['a.b=', 'a.b', ''],
      ['a.b=x=y', 'a.b', 'x=y'],
      ['a[2]["odd key"]=1', 'a[2]["odd key"]', 1],
    ];
    for (const [text, path, value] of cases) {
      it(`reads ${text}`, () => {
        expect(parseOverride(text)).to.deep.include({ op: 'set', path, value });
      });
    }

    it('rejects text without =, a bad path, an empty path and __proto__', () => {
      expectError(() => parseOverride('a.b'), 'INVALID_OVERRIDE', 'a.b');
      expectError(() => parseOverride('a..b=1'), 'INVALID_OVERRIDE', 'a..b');
      expectError(() => parseOverride('=1'), 'INVALID_OVERRIDE', '');
      expectError(() => parseOverride('--__proto__.x=1'), 'INVALID_OVERRIDE', '__proto__.x');
      expectError(() => parseOverride('a={"__proto__":{"x":1}}'), 'INVALID_OVERRIDE', 'a');
      expectError(() => parseOverride(1 as unknown as string), 'INVALID_OVERRIDE', '');
    });
  });

  describe('applyOverrides', () => {
    it('applies overrides in order and collects dropped keywords', () => {
      const tree = config();
      const before = snapshot(tree);
      const { config: out, dropped } = applyOverrides(tree, ['--tx.target=optim:AdamW', 'tx.beta1=0.8', 'steps=5', '+dataset.kwargs_list[3]={"c":3}'], options);
      expect(out.tx).to.deep.equal({ target: 'optim:AdamW', lr: 0.001, beta1: 0.8, __dense_spec__: true });
      expect(out.steps).to.equal(5);
      expect(getPath(out, 'dataset.kwargs_list[3].c')).to.equal(3);
      expect(dropped).to.deep.equal([{ path: 'tx', keyword: 'betas', target: 'optim:AdamW' }]);
      expect(snapshot(tree)).to.equal(before);
    });

    it('fails with the failing override path', () => {
      expectError(() => applyOverrides(config(), ['steps=1', 'tx.betas=[1,2]', 'tx.beta1=1'], options), 'UNKNOWN_PARAMETER', 'tx.beta1');
      expectError(() => applyOverrides(config(), ['steps=1', 'tx.betas=1'], options), 'INVALID_VALUE', 'tx.betas');
      expectError(() => applyOverrides(config(), 'a=1' as unknown as string[], options), 'INVALID_OVERRIDE', '');
    });

    it('the result builds', () => {
      const out = applyOverrides(config(), ['tx.target=optim:Sgd', 'tx.momentum=0.9'], options).config;
      expect(Spec.instantiateFromDict<(p: number[]) => Sgd>(out.tx, options)([1])).to.be.instanceOf(Sgd);
    });
  });

  describe('registry and unknown targets', () => {
    it('uses defaultRegistry without options, which does not know this file\'s targets', () => {
      expectError(() => setPath(config(), 'tx.params', [1]), 'UNKNOWN_TARGET', 'tx.params');
      // Setting an existing keyword needs no lookup.
      expect(setPath(config(), 'tx.lr', 1).config.tx).to.deep.include({ lr: 1 });
    });

    it('a new keyword on a spec whose target is not registered is UNKNOWN_TARGET', () => {
      const tree = { s: { target: 'gone:Old', a: 1, __dense_spec__: true } };
      expectError(() => setPath(tree, 's.b', 1, options), 'UNKNOWN_TARGET', 's.b');
      expect(setPath(tree, 's.a', 2, options).config.s).to.deep.include({ a: 2 });
      // Retargeting a stale spec keeps what the new target takes.
      const out = setPath({ s: { target: 'gone:Old', lr: 1, zz: 2, __dense_spec__: true } }, 's.target', 'optim:AdamW', options);
      expect(out.config.s).to.deep.equal({ target: 'optim:AdamW', lr: 1, __dense_spec__: true });
      expect(out.dropped).to.deep.equal([{ path: 's', keyword: 'zz', target: 'optim:AdamW' }]);
    });

    it('reports dropped keywords with the path of a nested spec node as the JSON shows it', () => {
      const tree = { a: [{ 'b c': { target: 'optim:Adam', betas: [1, 1], __dense_spec__: true } }] };
      const { dropped } = setPath(tree, 'a[0]["b c"].target', 'optim:Sgd', options);
      expect(dropped).to.deep.equal([{ path: 'a[0]["b c"]', keyword: 'betas', target: 'optim:Sgd' }]);
    });
  });

  describe('robustness', () => {
    it('merging two very deep trees is TOO_DEEP, not a stack overflow', () => {
      let a: Record<string, unknown> = {};
      let b: Record<string, unknown> = {};
      for (let i = 0; i < MAX_DEPTH + 10; i++) {
        a = { n: a };
        b = { n: b };
      }
      const error = caughtError(() => mergeConfig(a, b, options));
      expect(error.code).to.equal('TOO_DEEP');
    });

    it('merging a cyclic tree over itself ends', () => {
      const a: Record<string, unknown> = { x: 1 };
      a.self = a;
      expect(['TOO_DEEP', 'CYCLE']).to.include(caughtError(() => mergeConfig(a, a, options)).code);
    });

    it('a deep value is set without overflowing the scan', () => {
      let deep: unknown = 1;
      for (let i = 0; i < 20000; i++) deep = [deep];
      expect(setPath({}, 'd', deep, options).config).to.have.property('d', deep);
    });

    describe('regressions (found by test/fuzz.test.ts)', () => {
      it('a path of more keys than MAX_DEPTH is TOO_DEEP in setPath/deletePath/applyOverrides, not a RangeError', () => {
        let tree: unknown = 1;
        for (let i = 0; i < 10_000; i++) tree = { a: tree };
        const path = Array.from({ length: 10_000 }, () => 'a').join('.');
        expectError(() => setPath(tree, path, 2, options), 'TOO_DEEP', path);
        expectError(() => deletePath(tree, path, options), 'TOO_DEEP', path);
        expectError(() => applyOverrides(tree, [`${path}=3`], options), 'TOO_DEEP', path);
        // Reading stays possible: getPath does not recurse.
        expect(getPath(tree, path)).to.equal(1);
        // At the limit the edit still works.
        const atLimit = Array.from({ length: MAX_DEPTH }, () => 'a').join('.');
        expect(getPath(setPath(tree, atLimit, 'x', options).config, atLimit)).to.equal('x');
      });

      it('an override value holding a 200,000-element array is scanned without a RangeError (no push(...array))', () => {
        const big = new Array<number>(200_000).fill(0);
        const parsed = parseOverride(`a=${JSON.stringify(big)}`);
        expect(parsed.value).to.have.length(200_000);
        expect(setPath({ a: 1 }, 'a', big, options).config.a).to.equal(big);
        expect(applyOverrides({ a: null }, [`a=${JSON.stringify(big)}`], options).config.a).to.deep.equal(big);
        expect(mergeConfig({ a: 1 }, { a: big }, options).config.a).to.equal(big);
        // Under a spec's kwargs too (the scan's other spread).
        const spec = { target: 'optim:Adam', kwargs: { params: big }, __dense_spec__: true };
        expect(setPath({ a: 1 }, 'a', spec, options).config.a).to.equal(spec);
      });

      it('a spec dict whose kwargs has 200,000 keys lists its keywords without a RangeError (no push(...keys))', () => {
        const kwargs: Record<string, number> = {};
        for (let i = 0; i < 200_000; i++) kwargs[`k${String(i)}`] = i;
        const tree = { opt: { target: 'optim:Adam', kwargs, __dense_spec__: true } };
        const error = expectError(() => getPath(tree, 'opt.k200000'), 'INVALID_OVERRIDE', 'opt.k200000');
        expect(error.message).to.contain('opt.kwargs.k');
      });

      it('a throwing getter or Proxy in the config is INVALID_OVERRIDE at the edited path with the thrown error as cause (was: the raw error)', () => {
        const boom = new Error('boom');
        const tree = { a: { get b(): unknown { throw boom; } } };
        for (const [call, path] of [
          [() => getPath(tree, 'a.b'), 'a.b'],
          [() => setPath(tree, 'a.b.c', 1, options), 'a.b.c'],
          [() => deletePath(tree, 'a.b.c', options), 'a.b.c'],
          [() => applyOverrides(tree, ['a.b.c=1'], options), 'a.b.c'],
          [() => mergeConfig(tree, { a: { b: { c: 1 } } }, options), ''],
        ] as const) {
          expect(expectError(call, 'INVALID_OVERRIDE', path).cause).to.equal(boom);
        }
        expect(hasPath(tree, 'a.b')).to.equal(false);
        const trap = new Proxy({}, { ownKeys: () => { throw boom; }, getOwnPropertyDescriptor: () => { throw boom; } });
        expect(expectError(() => mergeConfig({ x: trap }, { x: { y: 1 } }, options), 'INVALID_OVERRIDE', '').cause).to.equal(boom);
        expect(expectError(() => setPath({}, 'v', trap, options), 'INVALID_OVERRIDE', 'v').cause).to.equal(boom);
      });

      it('a missing target is described as "undefined" in messages, not "undefined undefined"', () => {
        const tree = { s: { lr: 1, __dense_spec__: true } };
        const error = expectError(() => setPath(tree, 's.momentum', 0.9, options), 'INVALID_OVERRIDE', 's.momentum');
        expect(error.message).to.match(/not undefined$/);
        expect(error.message).not.to.contain('undefined undefined');
      });
    });

    it('only ConfigSpecErrors, input unchanged, no pollution (property)', () => {
      const key = fc.constantFrom('a', 'b', 'lr', 'target', 'kwargs', '__proto__', 'odd key', '0');
      const json = fc.letrec((tie) => ({
        node: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), fc.constant(null), tie('array'), tie('object'), tie('spec')),
        array: fc.array(tie('node'), { maxLength: 3 }),
        object: fc.dictionary(key, tie('node'), { maxKeys: 3 }),
        spec: fc.record({ target: fc.constantFrom('optim:Adam', 'io:open', 'x:y'), lr: tie('node'), __dense_spec__: fc.constant(true) }),
      }));
      const path = fc.array(fc.oneof(key, fc.nat(3)), { maxLength: 4 }).map((keys) => keys.map((k) => (typeof k === 'number' ? `[${String(k)}]` : /^[a-z_]+$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('').replace(/^\./, ''));
      fc.assert(
        fc.property(json.node, json.node, path, (tree, value, p) => {
          deepFreeze(tree);
          const before = JSON.stringify(tree);
          for (const run of [() => getPath(tree, p), () => setPath(tree, p, value, options), () => deletePath(tree, p, options), () => mergeConfig(tree, value, options), () => applyOverrides(tree, [`${p}=${JSON.stringify(value)}`], options)]) {
            try {
              run();
            } catch (error) {
              if (!(error instanceof ConfigSpecError)) throw error;
            }
          }
          expect(JSON.stringify(tree)).to.equal(before);
          expect(Object.prototype).to.not.have.property('lr');
        }),
        { seed: 4, numRuns: 400 },
      );
    });
  });
});

function caughtError(fn: () => unknown): ConfigSpecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigSpecError) return error;
    throw error;
  }
  throw new Error('expected a ConfigSpecError');
}
