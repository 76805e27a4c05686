import { expect } from 'chai';
import { Registry, Spec } from '../src/index.js';
import { expectError } from './support/errors.js';
import { decoratorMode } from './support/mode.js';

// Binders cache, per registered target, the checked layout of each set of keys met: these tests pin
// that a cached layout is only ever reused for a spec it fits, and never outlives its registration.
describe(`binder: plans cached per target and set of keys (${decoratorMode})`, () => {
  const registry = new Registry();
  const made: unknown[][] = [];
  function pair(x: unknown, y: unknown = 'default'): unknown[] {
    const out = [x, y];
    made.push(out);
    return out;
  }
  registry.register(pair, { namespace: 'b' });
  const opts = { registry };
  const dict = (fields: Record<string, unknown>): Record<string, unknown> => ({ target: 'b:pair', called: true, ...fields, __dense_spec__: true });

  beforeEach(() => {
    made.length = 0;
  });

  it('a target registered again (hot reload) is built by its new record, not the layout cached for the old one', () => {
    const hot = new Registry();
    const load = (): ((a: unknown, b?: unknown) => unknown[]) => function swap(a: unknown, b: unknown = 'b'): unknown[] {
      return [a, b];
    };
    hot.register(load(), { namespace: 'hot', params: ['a', 'b?'] });
    const config = { target: 'hot:swap', called: true, a: 1, __dense_spec__: true };
    expect(Spec.instantiate(config, { registry: hot })).to.deep.equal([1, 'b']);
    // The same source text, other parameter names: a new record, so a new plan.
    const warn = process.emitWarning;
    process.emitWarning = () => undefined;
    try {
      hot.register(load(), { namespace: 'hot', params: ['b?', 'a?'] });
    } finally {
      process.emitWarning = warn;
    }
    expect(Spec.instantiate(config, { registry: hot })).to.deep.equal([undefined, 1]);
  });

  it('a dict with the keys of a known layout still has its fields checked', () => {
    expect(Spec.instantiate(dict({ x: 1 }), opts)).to.deep.equal([1, 'default']);
    expectError(() => Spec.instantiate([dict({ x: 1 }), { ...dict({ x: 2 }), called: 'yes' }], opts), 'INVALID_SPEC_DICT', '[1].called');
    expectError(() => Spec.instantiate([dict({ x: 1 }), { target: 'b:pair', called: true, x: 2, __dense_spec__: true, __recursive__: 0 }], opts), 'INVALID_SPEC_DICT', '[1].__recursive__');
    expect(made).to.have.length(1);
  });

  it('an undefined keyword of a dict with a known set of keys is left out, as the reader leaves it out', () => {
    expect(Spec.instantiate(dict({ x: 1, y: 'two' }), opts)).to.deep.equal([1, 'two']);
    expect(Spec.instantiate(dict({ x: 1, y: undefined }), opts)).to.deep.equal([1, 'default']);
    const error = expectError(() => Spec.instantiate([dict({ x: 1, y: 'two' }), dict({ x: undefined, y: 'two' })], opts), 'MISSING_PARAMETER', '[1]');
    expect(error.missing).to.deep.equal(['x']);
  });

  it('the same keys with more positional arguments are laid out again (a position bound twice is caught)', () => {
    expect(Spec.instantiate(dict({ args: [1], y: 'two' }), opts)).to.deep.equal([1, 'two']);
    expectError(() => Spec.instantiate([dict({ args: [1], y: 'two' }), dict({ args: [1, 'two'], y: 'three' })], opts), 'INVALID_SPEC_DICT', '[1].y');
    expect(made).to.have.length(1);
  });

  it('a target written with many different sets of keys (more than are kept) is built right every time', () => {
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
    const opened = new Registry();
    function bag(x: number, rest: Record<string, unknown> = {}): unknown {
      return { x, ...rest };
    }
    opened.register(bag, { namespace: 'b', options: true });
    const config = keys.flatMap((key, i) => [
      { target: 'b:bag', called: true, x: i, [key]: i, __dense_spec__: true },
      { target: 'b:bag', called: true, [key]: -i, x: i, __dense_spec__: true },
    ]);
    const expected = keys.flatMap((key, i) => [{ x: i, [key]: i }, { x: i, [key]: -i }]);
    expect(Spec.instantiate(config, { registry: opened })).to.deep.equal(expected);
    expect(Spec.instantiate(config, { registry: opened })).to.deep.equal(expected);
  });

  it('specs inside tagged values are built, and the specs after them too (the build finds each plan)', () => {
    const tree = {
      set: { __value__: 'Set', data: [dict({ x: 'in set' })] },
      map: { __value__: 'Map', data: [['k', dict({ x: 'in map' })]] },
      after: dict({ x: 'after' }),
    };
    const out = Spec.instantiate<{ set: Set<unknown>; map: Map<string, unknown>; after: unknown }>(tree, opts);
    expect([...out.set]).to.deep.equal([['in set', 'default']]);
    expect(out.map.get('k')).to.deep.equal(['in map', 'default']);
    expect(out.after).to.deep.equal(['after', 'default']);
    expect(made).to.have.length(3);
  });

  it('a spec dict the tree holds twice is built once, wherever the build meets it again', () => {
    const shared = dict({ x: 'shared' });
    const out = Spec.instantiate<unknown[]>([shared, { inner: [shared] }, dict({ x: shared })], opts);
    expect(made).to.have.length(2);
    expect((out[1] as { inner: unknown[] }).inner[0]).to.equal(out[0]);
    expect((out[2] as unknown[])[0]).to.equal(out[0]);
  });
});
