import { expect } from 'chai';
import { isSpec, MAX_DEPTH, Registry, Spec } from '../src/index.js';
import { ROOT } from '../src/path.js';
import { fromDictTree, Reader } from '../src/reader.js';
import { decoratorMode } from './support/mode.js';
import { thrown } from './support/errors.js';

// The Reader: one walk's memory (what it read, what it is reading), shared by fromDict and instantiate.

const registry = new Registry();

function box(value: unknown = undefined): unknown {
  return { value };
}
registry.configurable('rd', box);

type Tree = Record<string, unknown>;
const D = '__dense_spec__';
const boxDict = (value: unknown = 1, called = true): Tree => ({ target: 'rd:box', called, value, [D]: true });

describe(`reader (${decoratorMode})`, () => {
  it('converter(registry) is one function per registry', () => {
    const reader = new Reader({});
    const other = new Registry();
    expect(reader.converter(registry)).to.equal(reader.converter(registry));
    expect(reader.converter(other)).to.not.equal(reader.converter(registry));
  });

  it('remembers each spec dict and reference read → its Spec, and nothing is left in progress', () => {
    const first = boxDict(1);
    const link = { __ref__: 'a' };
    const tree = { a: first, b: [link], c: { plain: true } };
    const reader = new Reader(tree);
    const out = reader.converter(registry)(tree, ROOT) as { a: Spec; b: Spec[]; c: Tree };
    expect(isSpec(out.a)).to.equal(true);
    expect(reader.read.get(first)).to.equal(out.a);
    expect(reader.read.get(link)).to.equal(out.a);
    expect(out.b[0]).to.equal(out.a);
    expect(reader.read.has(tree.c)).to.equal(false);
    expect(reader.inProgress(first)).to.equal(false);
    expect(reader.ancestors.includes(tree)).to.equal(false);
    expect(out.c).to.deep.equal({ plain: true });
    expect(out.c).to.not.equal(tree.c);
  });

  it('passes Spec objects through as they are, and records them (a ref may point at one)', () => {
    const spec = new Spec(box, { value: 2 }, { registry, called: true });
    const tree = { s: spec, r: { __ref__: 's' } };
    const reader = new Reader(tree);
    const out = reader.converter(registry)(tree, ROOT) as Tree;
    expect(out.s).to.equal(spec);
    expect(out.r).to.equal(spec);
    expect(reader.read.get(spec)).to.equal(spec);
  });

  it('values other than containers pass through: functions, class instances, primitives', () => {
    class Thing {}
    const thing = new Thing();
    const fn = (): number => 1;
    const out = fromDictTree({ thing, fn, n: 1, s: 's', nil: null, u: undefined }, registry) as Tree;
    expect(out.thing).to.equal(thing);
    expect(out.fn).to.equal(fn);
    expect(out).to.deep.equal({ thing, fn, n: 1, s: 's', nil: null, u: undefined });
  });

  it('a new Reader per walk: refs do not leak between fromDict calls', () => {
    const tree = { a: boxDict(1) };
    const one = Spec.fromDict<Tree>(tree, { registry });
    const two = Spec.fromDict<Tree>(tree, { registry });
    expect(one.a).to.not.equal(two.a);
    const error = thrown(() => Spec.fromDict({ r: { __ref__: 'a' } }, { registry }));
    expect(error.code).to.equal('INVALID_SPEC_DICT');
    expect(error.path).to.equal('r');
  });

  it('fromDictTree guards the walk: CYCLE for a container in itself, TOO_DEEP past MAX_DEPTH', () => {
    const loop: Tree = {};
    loop.self = loop;
    const cycle = thrown(() => fromDictTree({ x: loop }, registry));
    expect(cycle.code).to.equal('CYCLE');
    expect(cycle.path).to.equal('x.self');
    let deep: unknown = 1;
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = { v: boxDict(deep, false) };
    const tooDeep = thrown(() => fromDictTree(deep, registry));
    expect(tooDeep.code).to.equal('TOO_DEEP');
    expect(tooDeep.path.startsWith('v.value.v.value')).to.equal(true);
  });

  it('a getter that throws while reading → INVALID_SPEC_DICT with the error as cause, at the path reached', () => {
    const failure = new Error('getter');
    const bad = { get x(): unknown {
      throw failure;
    } };
    const error = thrown(() => fromDictTree({ a: [bad] }, registry));
    expect(error.code).to.equal('INVALID_SPEC_DICT');
    expect(error.cause).to.equal(failure);
    expect(error.path).to.equal('a[0]');
  });

  it('marks unread spec dicts (recursive off) so a later reference can read a spec inside them', () => {
    const inner = boxDict(3);
    const lazy = { target: 'rd:box', called: true, value: inner, __recursive__: false, [D]: true };
    const out = Spec.instantiate<Tree>({ lazy, r: { __ref__: 'lazy.value' } }, { registry });
    expect(out.lazy).to.deep.equal({ value: inner });
    expect((out.lazy as Tree).value).to.deep.equal(inner);
      expect((out.lazy as Tree).value).to.not.equal(inner);
    expect(out.r).to.deep.equal({ value: 3 });
  });
});
