import { expect } from 'chai';
import { z } from 'zod';
import { asdict, Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { expectError, expectReadError } from './support/errors.js';

// When values are checked: every checkpoint, with the same error.

const registry = new Registry();
const opts = { registry };
let built = 0;

@registry.configurable('optim')
class Adam {
  constructor(public params: unknown = null, public lr = 1e-3, public beta1 = 0.9) {
    built++;
  }
}

function relu(x = 0): number {
  built++;
  return Math.max(0, x);
}
registry.configurable('nn', relu);

function model(layers: unknown = [], activation: unknown = null, seed = 0): unknown {
  built++;
  return { layers, activation, seed };
}
registry.configurable('nn', model);

registry.configurable({ namespace: 'nn', name: 'units', schema: { units: z.number().int().min(1) } }, function units(units: unknown): unknown {
  built++;
  return units;
});

const badLr = { target: 'optim:Adam', lr: '0.1,0.01', __dense_spec__: true };

describe(`value checks (${decoratorMode})`, () => {
  beforeEach(() => {
    built = 0;
  });

  it('new Spec: the message of the issue', () => {
    const error = expectError(() => new Spec(Adam, { lr: '0.1,0.01' }, opts), 'INVALID_VALUE', 'lr');
    expect(error.message).to.equal('INVALID_VALUE at lr (optim:Adam): expected a number, got the string "0.1,0.01"');
    expect([error.expected, error.received, error.target]).to.deep.equal(['number', 'string', 'optim:Adam']);
  });

  it('positional arguments are checked against their parameters', () => {
    expectError(() => new Spec(Adam, {}, { ...opts, args: [null, 'fast'] }), 'INVALID_VALUE', 'args[1]');
    expectError(() => new Spec(Adam, {}, opts).partial({}, null, 'fast'), 'INVALID_VALUE', 'args[1]');
  });

  it('.partial() and .call()', () => {
    const spec = new Spec(Adam, { lr: 0.1 }, opts);
    expectError(() => spec.partial({ beta1: 'high' }), 'INVALID_VALUE', 'beta1');
    expectError(() => spec.call({ lr: [0.1] }), 'INVALID_VALUE', 'lr');
    expect(spec.call({ lr: 0.2 }).kwargs.lr).to.equal(0.2);
  });

  it('Spec.fromDict, Spec.instantiate and instantiateFromDict, at the full path', () => {
    const tree = { optimizer: badLr };
    const error = expectReadError(tree, 'INVALID_VALUE', 'optimizer.lr', opts);
    expect(error.message).to.equal('INVALID_VALUE at optimizer.lr (optim:Adam): expected a number, got the string "0.1,0.01"');
    expectError(() => Spec.instantiateFromDict(tree, opts), 'INVALID_VALUE', 'optimizer.lr');
    expect(built).to.equal(0);
  });

  it('instantiate: a wrong value anywhere fails before the first target runs', () => {
    const tree = {
      first: { target: 'nn:relu', x: 1, called: true, __dense_spec__: true },
      model: {
        target: 'nn:model',
        called: true,
        layers: [{ target: 'nn:relu', x: 2, called: true, __dense_spec__: true }, { target: 'nn:units', units: 3, called: true, __dense_spec__: true }],
        activation: { target: 'nn:relu', __dense_spec__: true },
        seed: 1,
        __dense_spec__: true,
      },
      last: { target: 'nn:units', units: 0, called: true, __dense_spec__: true },
    };
    const error = expectError(() => Spec.instantiate(tree, opts), 'INVALID_VALUE', 'last.units');
    expect(error.issues).to.have.length(1);
    expect(built).to.equal(0);
    // Valid, everything is built, each once.
    const ok = Spec.instantiate<{ first: number; model: { layers: number[] } }>({ ...tree, last: 5 }, opts);
    expect(ok.model.layers).to.deep.equal([2, 3]);
    expect(built).to.equal(4);
  });

  it('instantiate: the same for Spec objects holding dicts, and positions', () => {
    const spec = new Spec(model, { layers: [badLr] }, { ...opts, called: true });
    expectError(() => spec.instantiate(), 'INVALID_VALUE', 'layers[0].lr');
    expectError(() => Spec.instantiate([new Spec(relu, { x: 1 }, { ...opts, called: true }), { target: 'nn:relu', args: ['2'], called: true, __dense_spec__: true }], opts), 'INVALID_VALUE', '[1].args[0]');
    expect(built).to.equal(0);
  });

  it('instantiate: a Spec of one registry checked against another given as the option', () => {
    const other = new Registry();
    other.configurable({ namespace: 'nn', name: 'relu', schema: { x: z.number().max(1) } }, function relu(x = 0): number {
      return x;
    });
    const spec = new Spec(relu, { x: 5 }, { ...opts, called: true });
    expect(spec.instantiate()).to.equal(5);
    expectError(() => Spec.instantiate({ a: spec }, { registry: other }), 'INVALID_VALUE', 'a.x');
  });

  it('instantiate: arguments passed on unbuilt (recursive: false) are not checked as specs to build', () => {
    const tree = { target: 'nn:model', layers: [badLr], called: true, __recursive__: false, __dense_spec__: true };
    expect(Spec.instantiate<{ layers: unknown[] }>(tree, opts).layers[0]).to.deep.equal(badLr);
    expect(Spec.instantiate<{ layers: unknown[] }>({ ...tree, __recursive__: true }, { ...opts, recursive: false }).layers[0]).to.deep.equal(badLr);
  });

  it('instantiate: the check phase also reports unknown targets and allow before anything runs', () => {
    const tree = [{ target: 'nn:relu', x: 1, called: true, __dense_spec__: true }, { target: 'nn:rleu', __dense_spec__: true }];
    const error = expectError(() => Spec.instantiate(tree, opts), 'UNKNOWN_TARGET', '[1]');
    expect(error.suggestion).to.equal('nn:relu');
    expectError(() => Spec.instantiate([tree[0], { target: 'optim:Adam', __dense_spec__: true }], { ...opts, allow: ['nn'] }), 'TARGET_NOT_ALLOWED', '[1]');
    expect(built).to.equal(0);
  });

  it('instantiate: a getter that throws while checking is INSTANTIATION_FAILED at its path', () => {
    const tree = { a: { get b(): unknown { throw new Error('getter'); } } };
    const error = expectError(() => Spec.instantiate(tree, opts), 'INSTANTIATION_FAILED', 'a');
    expect((error.cause as Error).message).to.equal('getter');
  });

  it('shared specs and cycles are visited once by the check phase', () => {
    const shared = new Spec(relu, { x: 1 }, { ...opts, called: true });
    expect(Spec.instantiate([shared, shared], opts)).to.deep.equal([1, 1]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectError(() => Spec.instantiate(cyclic, opts), 'CYCLE', 'self');
  });

  it('a spec, ref or tagged value is checked only where what it builds into is known', () => {
    // A called class spec builds an instance: not a number.
    const error = expectError(() => new Spec(Adam, { lr: new Spec(Adam, {}, { ...opts, called: true }) }, opts), 'INVALID_VALUE', 'lr');
    expect(error.received).to.equal('spec of optim:Adam');
    // A partial spec builds a function.
    expectError(() => new Spec(Adam, { lr: { target: 'nn:relu', __dense_spec__: true } }, opts), 'INVALID_VALUE', 'lr');
    // A called function spec: its result is unknown.
    expect(new Spec(Adam, { lr: new Spec(relu, { x: 1 }, { ...opts, called: true }) }, opts).kwargs.lr).to.be.instanceOf(Spec);
    // A reference, a tagged number, a tagged undefined, a malformed tag (left to the reader).
    for (const lr of [{ __ref__: 'x' }, { __value__: 'number', data: 'NaN' }, { __value__: 'undefined' }, { __value__: 'nope' }]) {
      expect(new Spec(Adam, { lr }, opts).kwargs.lr).to.equal(lr);
    }
    expectError(() => new Spec(Adam, { lr: { __value__: 'Date', data: null } }, opts), 'INVALID_VALUE', 'lr');
    expectError(() => Spec.fromDict({ target: 'optim:Adam', lr: { __value__: 'bigint', data: '1' }, __dense_spec__: true }, opts), 'INVALID_VALUE', 'lr');
  });

  it('the message shows strings escaped and cut short', () => {
    const error = expectError(() => new Spec(Adam, { lr: `\u001b[31m${'x'.repeat(100)}` }, opts), 'INVALID_VALUE', 'lr');
    expect(error.message).to.contain('\\u001b[31m');
    expect(error.message).to.contain('...');
    expect(error.message).not.to.contain('\u001b');
  });

  it('a tracked instance is written as it was made, values unchecked (reading checks them)', () => {
    const adam = new Adam(null, 'fast' as unknown as number);
    expect(asdict<Record<string, unknown>>(adam, opts).lr).to.equal('fast');
    expectError(() => Spec.fromInstance(adam), 'INVALID_VALUE', 'lr');
  });
});
