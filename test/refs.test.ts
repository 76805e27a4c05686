import { expect } from 'chai';
import { asdict, ConfigSpecError, isSpec, Registry, Spec, type ErrorCode, type PartialFunction } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { expectError, expectReadError as readError } from './support/errors.js';

const expectReadError = (tree: unknown, code: ErrorCode, path: string): ConfigSpecError => readError(tree, code, path, opts);

// Sharing through JSON (DESIGN §3): a Spec, partial or tracked instance met twice in one tree is
// written once; each later place holds exactly {"__ref__": "<path of the first>"}. Reading turns
// every ref into the same Spec object; instantiating builds it once.

const registry = new Registry();
const opts = { registry };

let encoders = 0;

@registry.configurable('refs')
class Encoder {
  readonly id: number;
  constructor(public width = 1) {
    encoders += 1;
    this.id = encoders;
  }
}

@registry.configurable('refs')
class Head {
  constructor(public encoder: unknown = undefined, public size = 1) {}
}

function pair(a: unknown = undefined, b: unknown = undefined): unknown[] {
  return [a, b];
}
registry.configurable('refs', pair);

function three(a: unknown = undefined, b: unknown = undefined, c: unknown = undefined): unknown[] {
  return [a, b, c];
}
registry.configurable('refs', three);

/** Parameters named like reserved keys: written under kwargs. */
function escaped(target: unknown = undefined, plain: unknown = undefined, args: unknown = undefined): unknown[] {
  return [target, plain, args];
}
registry.configurable('refs', escaped);

function model(encoder: unknown = undefined, heads: unknown = undefined, extra: unknown = undefined): Record<string, unknown> {
  return { encoder, heads, extra };
}
registry.configurable('refs', model);

/** Counts its calls. */
let made = 0;
function make(tag = ''): { tag: string; n: number } {
  made += 1;
  return { tag, n: made };
}
registry.configurable('refs', make);

type Tree = Record<string, unknown>;
const D = '__dense_spec__';

const ref = (path: string): Tree => ({ __ref__: path });
const called = (target: unknown, kwargs: Tree = {}, args: unknown[] = []): Spec<unknown, true> =>
  new Spec(target as never, kwargs, { registry, called: true, args });
const partialSpec = (target: unknown, kwargs: Tree = {}, args: unknown[] = []): Spec =>
  new Spec(target as never, kwargs, { registry, args });

const write = (tree: unknown): unknown => JSON.parse(JSON.stringify(asdict(tree, opts)));
const encDict = (width?: number): Tree => (width === undefined ? { target: 'refs:Encoder', called: true, [D]: true } : { target: 'refs:Encoder', called: true, width, [D]: true });

describe(`refs (${decoratorMode})`, () => {
  describe('asdict writes a shared object once, then {"__ref__": "<path of the first>"}', () => {
    it('in plain objects: model.encoder', () => {
      const enc = called(Encoder, { width: 8 });
      expect(write({ model: { encoder: enc }, other: enc })).to.deep.equal({ model: { encoder: encDict(8) }, other: ref('model.encoder') });
    });

    it('in arrays: heads[0]', () => {
      const enc = called(Encoder);
      expect(write({ heads: [enc, enc, enc] })).to.deep.equal({ heads: [encDict(), ref('heads[0]'), ref('heads[0]')] });
      expect(write([enc, [enc]])).to.deep.equal([encDict(), [ref('[0]')]]);
    });

    it('in positional args: x.args[1] refers to x.args[0]', () => {
      const enc = called(Encoder);
      expect(write({ x: called(pair, {}, [enc, enc]) })).to.deep.equal({ x: { target: 'refs:pair', args: [encDict(), ref('x.args[0]')], called: true, [D]: true } });
    });

    it('args come before keywords, keywords in insertion order', () => {
      const enc = called(Encoder);
      expect(write({ x: called(three, { c: enc, b: enc }, [enc]) })).to.deep.equal({
        x: { target: 'refs:three', args: [encDict()], called: true, c: ref('x.args[0]'), b: ref('x.args[0]'), [D]: true },
      });
      expect(write({ x: called(three, { c: enc, b: enc }) })).to.deep.equal({
        x: { target: 'refs:three', called: true, c: encDict(), b: ref('x.c'), [D]: true },
      });
      expect(write({ b: enc, a: enc })).to.deep.equal({ b: encDict(), a: ref('b') });
    });

    it('reserved-name keywords: x.kwargs.target', () => {
      const enc = called(Encoder);
      expect(write({ x: called(escaped, { target: enc }), y: enc })).to.deep.equal({
        x: { target: 'refs:escaped', called: true, kwargs: { target: encDict() }, [D]: true },
        y: ref('x.kwargs.target'),
      });
    });

    it('flattened keywords come before kwargs-escaped ones, as the JSON shows them (regression)', () => {
      // Insertion order puts `target` (escaped) first; the JSON puts `plain` first, so the ref must point there.
      const enc = called(Encoder);
      const dict = write(called(escaped, { target: enc, args: enc, plain: enc })) as Tree;
      expect(dict).to.deep.equal({ target: 'refs:escaped', called: true, plain: encDict(), kwargs: { target: ref('plain'), args: ref('plain') }, [D]: true });
      const back = Spec.fromDict<Spec>(dict, opts);
      expect(back.kwargs.target).to.equal(back.kwargs.plain);
      const built = Spec.instantiate<unknown[]>(dict, opts);
      expect(built[0]).to.equal(built[1]);
      expect(built[2]).to.equal(built[1]);
    });

    it('other keys as ["…"]', () => {
      const enc = called(Encoder);
      expect(write({ 'odd key': enc, b: enc })).to.deep.equal({ 'odd key': encDict(), b: ref('["odd key"]') });
      expect(write({ a: { 'x.y': [enc] }, b: enc })).to.deep.equal({ a: { 'x.y': [encDict()] }, b: ref('a["x.y"][0]') });
      expect(write({ a: { '': enc, '0': enc } })).to.deep.equal({ a: { 0: encDict(), '': ref('a["0"]') } });
    });

    it('inside tagged values: Map entries are at .data[i][0|1], Set items at .data[i]', () => {
      const enc = called(Encoder);
      expect(write({ m: new Map([['k', enc]]), s: new Set([enc]), after: enc })).to.deep.equal({
        m: { __value__: 'Map', data: [['k', encDict()]] },
        s: { __value__: 'Set', data: [ref('m.data[0][1]')] },
        after: ref('m.data[0][1]'),
      });
    });

    it('a spec that holds a shared spec, shared itself: the inner one is written once, inside the first', () => {
      const enc = called(Encoder);
      const head = called(Head, { encoder: enc });
      expect(write({ a: head, b: head, c: enc })).to.deep.equal({
        a: { target: 'refs:Head', called: true, encoder: encDict(), [D]: true },
        b: ref('a'),
        c: ref('a.encoder'),
      });
    });

    it('a root spec: paths start at its fields', () => {
      const enc = called(Encoder);
      expect(write(called(model, { encoder: enc, heads: [called(Head, { encoder: enc })] }))).to.deep.equal({
        target: 'refs:model', called: true, encoder: encDict(),
        heads: [{ target: 'refs:Head', called: true, encoder: ref('encoder'), [D]: true }], [D]: true,
      });
    });

    it('partial functions are shared', () => {
      const fn = registry.partial(Head, { size: 2 });
      expect(write({ a: fn, b: [fn] })).to.deep.equal({ a: { target: 'refs:Head', size: 2, [D]: true }, b: [ref('a')] });
      const built = Spec.instantiate<Tree>({ p: { target: 'refs:pair', a: 1, [D]: true } }, opts).p;
      expect(write({ x: built, y: built })).to.deep.equal({ x: { target: 'refs:pair', a: 1, [D]: true }, y: ref('x') });
    });

    it('partial specs are shared', () => {
      const spec = partialSpec(Head, { size: 3 });
      expect(write({ a: spec, b: spec })).to.deep.equal({ a: { target: 'refs:Head', size: 3, [D]: true }, b: ref('a') });
    });

    it('tracked instances are shared, and so are the tracked instances they hold', () => {
      const enc = new Encoder(4);
      const h1 = new Head(enc, 1);
      const h2 = new Head(enc, 2);
      expect(write({ h1, h2, again: h1, enc })).to.deep.equal({
        h1: { target: 'refs:Head', called: true, encoder: encDict(4), size: 1, [D]: true },
        h2: { target: 'refs:Head', called: true, encoder: ref('h1.encoder'), size: 2, [D]: true },
        again: ref('h1'),
        enc: ref('h1.encoder'),
      });
    });

    it('plain containers are not shared: written each time (with refs for the specs inside)', () => {
      const enc = called(Encoder);
      const box = { e: enc, list: [1, 2] };
      const list = [box];
      expect(write({ a: box, b: box, c: list, d: list })).to.deep.equal({
        a: { e: encDict(), list: [1, 2] },
        b: { e: ref('a.e'), list: [1, 2] },
        c: [{ e: ref('a.e'), list: [1, 2] }],
        d: [{ e: ref('a.e'), list: [1, 2] }],
      });
    });

    it('equal but distinct Specs are not shared; registered functions are written by name each time', () => {
      expect(write({ a: called(Encoder), b: called(Encoder) })).to.deep.equal({ a: encDict(), b: encDict() });
      expect(write({ a: make, b: make })).to.deep.equal({ a: { target: 'refs:make', [D]: true }, b: { target: 'refs:make', [D]: true } });
      expect(write({ a: Head, b: Head })).to.deep.equal({ a: { target: 'refs:Head', [D]: true }, b: { target: 'refs:Head', [D]: true } });
    });

    it('refs are per asdict call: two calls write the object in full each time', () => {
      const enc = called(Encoder);
      expect(write(enc)).to.deep.equal(encDict());
      expect(write(enc)).to.deep.equal(encDict());
      expect(enc.toDict()).to.deep.equal(encDict());
    });
  });

  describe('Spec.fromDict turns every ref into the same Spec object', () => {
    it('from asdict output: === at every place', () => {
      const enc = called(Encoder, { width: 2 });
      const back = Spec.fromDict<Tree>(write({ model: { encoder: enc }, heads: [called(Head, { encoder: enc }), enc], m: new Map([[1, enc]]) }), opts);
      const first = (back.model as Tree).encoder;
      expect(isSpec(first)).to.equal(true);
      const heads = back.heads as unknown[];
      expect((heads[0] as Spec).kwargs.encoder).to.equal(first);
      expect(heads[1]).to.equal(first);
      expect((back.m as Map<unknown, unknown>).get(1)).to.equal(first);
    });

    it('hand-written refs, through every kind of path step', () => {
      const json = {
        x: { target: 'refs:three', args: [encDict(1)], c: { target: 'refs:escaped', kwargs: { target: encDict(2) }, [D]: true }, [D]: true },
        'odd key': [encDict(3)],
        uses: [ref('x.args[0]'), ref('x.c.kwargs.target'), ref('["odd key"][0]'), ref('x.c'), ref('x')],
      };
      const back = Spec.fromDict<Tree>(json, opts);
      const x = back.x as Spec;
      const uses = back.uses as unknown[];
      expect(uses[0]).to.equal(x.args[0]);
      expect(uses[1]).to.equal((x.kwargs.c as Spec).kwargs.target);
      expect(uses[2]).to.equal((back['odd key'] as unknown[])[0]);
      expect(uses[3]).to.equal(x.kwargs.c);
      expect(uses[4]).to.equal(x);
    });

    it('a ref to a ref resolves to the same Spec', () => {
      const back = Spec.fromDict<Tree>({ a: encDict(), b: ref('a'), c: ref('b') }, opts);
      expect(back.b).to.equal(back.a);
      expect(back.c).to.equal(back.a);
    });

    it('a ref inside a spec to an earlier spec outside it', () => {
      const back = Spec.fromDict<Tree>({ enc: encDict(), h: { target: 'refs:Head', encoder: ref('enc'), [D]: true } }, opts);
      expect((back.h as Spec).kwargs.encoder).to.equal(back.enc);
    });

    it('asdict(Spec.fromDict(d)) deep-equals d for d with refs', () => {
      const dicts: unknown[] = [
        { model: { encoder: encDict(8) }, other: ref('model.encoder') },
        { heads: [encDict(), ref('heads[0]'), { target: 'refs:Head', encoder: ref('heads[0]'), [D]: true }] },
        { x: { target: 'refs:pair', args: [encDict(), ref('x.args[0]')], called: true, [D]: true } },
        { x: { target: 'refs:escaped', called: true, plain: encDict(), kwargs: { target: ref('x.plain') }, [D]: true }, y: ref('x.plain') },
        { 'odd key': encDict(), b: [ref('["odd key"]')] },
        { a: { target: 'refs:Head', called: true, encoder: encDict(), [D]: true }, b: ref('a'), c: ref('a.encoder') },
        { m: { __value__: 'Map', data: [[encDict(), ref('m.data[0][0]')]] }, after: ref('m.data[0][0]') },
        { target: 'refs:model', encoder: encDict(), heads: [ref('encoder')], [D]: true },
      ];
      for (const d of dicts) {
        const back = Spec.fromDict(d, opts);
        expect(write(back), JSON.stringify(d)).to.deep.equal(d);
      }
    });

    it('does not change the input', () => {
      const d = { a: encDict(), b: [ref('a')] };
      const before = JSON.stringify(d);
      Spec.fromDict(d, opts);
      Spec.instantiate(d, opts);
      expect(JSON.stringify(d)).to.equal(before);
    });
  });

  describe('instantiate builds a shared spec once', () => {
    it('the same Spec object at two places → one instance', () => {
      encoders = 0;
      const enc = called(Encoder);
      const out = Spec.instantiate<Tree>({ a: called(Head, { encoder: enc }), b: called(Head, { encoder: enc }), c: enc }, opts);
      expect((out.a as Head).encoder).to.equal(out.c);
      expect((out.b as Head).encoder).to.equal(out.c);
      expect(encoders).to.equal(1);
    });

    it('hand-written JSON: one encoder in two heads', () => {
      encoders = 0;
      const json = JSON.parse(`{
        "policy": {"target": "refs:Head", "called": true, "encoder": {"target": "refs:Encoder", "called": true, "width": 512, "__dense_spec__": true}, "__dense_spec__": true},
        "value":  {"target": "refs:Head", "called": true, "encoder": {"__ref__": "policy.encoder"}, "size": 2, "__dense_spec__": true}
      }`) as unknown;
      const out = Spec.instantiate<{ policy: Head; value: Head }>(json, opts);
      expect(out.policy.encoder).to.be.instanceOf(Encoder);
      expect(out.value.encoder).to.equal(out.policy.encoder);
      expect((out.value.encoder as Encoder).width).to.equal(512);
      expect(out.value.size).to.equal(2);
      expect(encoders).to.equal(1);
    });

    it('refs in positional args and under kwargs: one build', () => {
      made = 0;
      const out = Spec.instantiate<Tree>({
        x: { target: 'refs:three', args: [{ target: 'refs:make', called: true, tag: 't', [D]: true }, ref('x.args[0]')], c: ref('x.args[0]'), called: true, [D]: true },
        y: { target: 'refs:escaped', called: true, kwargs: { target: ref('x.args[0]') }, [D]: true },
      }, opts);
      const x = out.x as unknown[];
      expect(x[1]).to.equal(x[0]);
      expect(x[2]).to.equal(x[0]);
      expect((out.y as unknown[])[0]).to.equal(x[0]);
      expect(made).to.equal(1);
    });

    it('the first occurrence inside a partial: built once, shared with the later place', () => {
      encoders = 0;
      const json = {
        factory: { target: 'refs:Head', encoder: encDict(7), [D]: true },
        head: { target: 'refs:Head', called: true, encoder: ref('factory.encoder'), [D]: true },
      };
      const out = Spec.instantiate<{ factory: PartialFunction<Head>; head: Head }>(json, opts);
      expect(out.factory).to.be.a('function');
      expect(out.factory.kwargs.encoder).to.be.instanceOf(Encoder);
      expect(out.head.encoder).to.equal(out.factory.kwargs.encoder);
      const later = new out.factory();
      expect(later.encoder).to.equal(out.head.encoder);
      expect(out.factory().encoder).to.equal(out.head.encoder);
      expect(encoders).to.equal(1);
    });

    it('the first occurrence in a called spec, the ref inside a later partial', () => {
      encoders = 0;
      const out = Spec.instantiate<{ enc: Encoder; factory: PartialFunction<Head> }>({
        enc: encDict(),
        factory: { target: 'refs:Head', encoder: ref('enc'), [D]: true },
      }, opts);
      expect(out.factory.kwargs.encoder).to.equal(out.enc);
      expect(out.factory(undefined).encoder).to.equal(out.enc);
      expect(encoders).to.equal(1);
    });

    it('a ref to a partial spec → the same partial function', () => {
      const out = Spec.instantiate<Tree>({ a: { target: 'refs:Head', size: 5, [D]: true }, b: [ref('a')] }, opts);
      expect(out.a).to.be.a('function');
      expect((out.b as unknown[])[0]).to.equal(out.a);
    });

    it('Spec.fromDict then instantiate, and a Spec made in code holding a ref dict, share the same way', () => {
      encoders = 0;
      const specs = Spec.fromDict({ a: encDict(), b: [ref('a')] }, opts);
      const out = Spec.instantiate<Tree>(specs, opts);
      expect((out.b as unknown[])[0]).to.equal(out.a);
      expect(encoders).to.equal(1);
      const spec = called(pair, { a: encDict(9), b: ref('a') });
      const built = spec.instantiate();
      expect((built as unknown[])[1]).to.equal((built as unknown[])[0]);
    });

    it('a ref into a Spec object steps through it as its dict would: args[i], a keyword, kwargs.name', () => {
      made = 0;
      // The Spec's own arguments, then a later Spec object's arguments, reached from the root.
      const spec = called(three, {}, [{ target: 'refs:make', called: true, tag: 'p', [D]: true }, ref('args[0]')]);
      const built = spec.instantiate() as unknown[];
      expect(built[1]).to.equal(built[0]);
      expect(made).to.equal(1);
      const holder = called(escaped, { target: { target: 'refs:make', called: true, tag: 'k', [D]: true }, plain: { target: 'refs:make', called: true, tag: 'f', [D]: true } });
      const out = Spec.instantiate<unknown[]>([holder, ref('[0].kwargs.target'), ref('[0].plain')], opts);
      const [target, plain] = out[0] as [unknown, unknown];
      expect(out[1]).to.equal(target);
      expect(out[2]).to.equal(plain);
      expect(made).to.equal(3);
      // A name the Spec does not have, or an escaped keyword written flattened, points at nothing.
      for (const path of ['[0].nope', '[0].target', '[0].kwargs.plain']) {
        expectError(() => Spec.instantiate([holder, ref(path)], opts), 'INVALID_SPEC_DICT', '[1]');
      }
    });

    it('each instantiate call builds its own instance', () => {
      const enc = called(Encoder);
      const tree = { a: enc, b: enc };
      const one = Spec.instantiate<Tree>(tree, opts);
      const two = Spec.instantiate<Tree>(tree, opts);
      expect(one.a).to.equal(one.b);
      expect(two.a).to.not.equal(one.a);
    });

    it('asdict of the built tree writes the instances shared again', () => {
      const out = Spec.instantiate<Tree>({ h1: { target: 'refs:Head', called: true, encoder: encDict(3), [D]: true }, h2: { target: 'refs:Head', called: true, encoder: ref('h1.encoder'), [D]: true } }, opts);
      expect(write(out)).to.deep.equal({
        h1: { target: 'refs:Head', called: true, encoder: encDict(3), [D]: true },
        h2: { target: 'refs:Head', called: true, encoder: ref('h1.encoder'), [D]: true },
      });
    });
  });

  describe('asdict of a partial built from a dict with refs', () => {
    it('writes refs relative to its own root (no stale paths)', () => {
      const json = {
        enc: encDict(2),
        p: { target: 'refs:three', a: ref('enc'), b: ref('enc'), c: { target: 'refs:Head', encoder: ref('enc'), [D]: true }, [D]: true },
      };
      const out = Spec.instantiate<{ p: PartialFunction }>(json, opts);
      const alone = write(out.p);
      expect(alone).to.deep.equal({
        target: 'refs:three', a: encDict(2), b: ref('a'), c: { target: 'refs:Head', encoder: ref('a'), [D]: true }, [D]: true,
      });
      expect(write({ saved: [out.p] })).to.deep.equal({
        saved: [{ target: 'refs:three', a: encDict(2), b: ref('saved[0].a'), c: { target: 'refs:Head', encoder: ref('saved[0].a'), [D]: true }, [D]: true }],
      });
      // And what it writes reads and builds again, shared.
      const again = Spec.instantiate<PartialFunction>(alone, opts);
      const [a, b] = again() as unknown[];
      expect(a).to.be.instanceOf(Encoder);
      expect(b).to.equal(a);
    });

    it('a partial holding a Spec read from a ref writes the Spec in full where it first appears', () => {
      const json = { enc: encDict(), later: { target: 'refs:pair', a: ref('enc'), [D]: true } };
      const fn = Spec.instantiate<Tree>(json, opts).later;
      expect(write(fn)).to.deep.equal({ target: 'refs:pair', a: encDict(), [D]: true });
    });
  });

  describe('bad refs → INVALID_SPEC_DICT at the ref', () => {
    it('a path that points at nothing', () => {
      const base = { a: { target: 'refs:pair', args: [encDict()], b: encDict(), [D]: true } };
      for (const path of ['c', 'a.nope', 'a[0]', 'a.args[5]', 'a.args.x', 'a.b.width.x', 'a.kwargs.b', 'a.kwargs']) {
        const error = expectReadError({ ...base, r: ref(path) }, 'INVALID_SPEC_DICT', 'r');
        expect(error.message).to.contain(path);
      }
    });

    it('a later path', () => {
      expectReadError({ r: ref('a'), a: encDict() }, 'INVALID_SPEC_DICT', 'r');
      expectReadError({ list: [ref('list[1]'), encDict()] }, 'INVALID_SPEC_DICT', 'list[0]');
      // Args are before keywords: a keyword's spec is later than every positional argument.
      expectReadError({ x: { target: 'refs:pair', args: [ref('x.b')], b: encDict(), [D]: true } }, 'INVALID_SPEC_DICT', 'x.args[0]');
      expectReadError({ x: { target: 'refs:pair', called: true, args: [ref('x.b')], b: encDict(), [D]: true } }, 'INVALID_SPEC_DICT', 'x.args[0]');
      // A spec inside a later sibling
      expectReadError({ a: [ref('b.encoder')], b: { target: 'refs:Head', encoder: encDict(), [D]: true } }, 'INVALID_SPEC_DICT', 'a[0]');
    });

    it('a value that is not a spec', () => {
      const tree = { obj: { target: 'refs:pair' }, list: [1], n: 1, s: 's', nil: null, t: { __value__: 'bigint', data: '1' }, spec: encDict(1), r: {} as unknown };
      for (const path of ['obj', 'list', 'list[0]', 'n', 's', 'nil', 't', 'spec.width', 'spec.target', '']) {
        const error = expectReadError({ ...tree, r: ref(path) }, 'INVALID_SPEC_DICT', 'r');
        expect(error.message).to.contain('earlier spec');
      }
    });

    it('malformed: extra keys at the key, non-string or unparsable path at .__ref__', () => {
      expectReadError({ a: encDict(), r: { __ref__: 'a', extra: 1 } }, 'INVALID_SPEC_DICT', 'r.extra');
      expectReadError({ a: encDict(), r: { extra: 1, __ref__: 'a' } }, 'INVALID_SPEC_DICT', 'r.extra');
      // With the spec marker, it is a spec dict, and __ref__ is no key of a spec dict.
      expectReadError({ a: encDict(), r: [{ __ref__: 'a', [D]: true }] }, 'INVALID_SPEC_DICT', 'r[0].__ref__');
      for (const bad of [1, null, true, [], {}, ['a']]) {
        expectReadError({ a: encDict(), r: { __ref__: bad } }, 'INVALID_SPEC_DICT', 'r.__ref__');
      }
      for (const bad of ['a..b', '.a', 'a.', '[x]', 'a[', 'a b', '["unterminated', 'a[01]', 'a["x"', '1a', 'a.1']) {
        const error = expectReadError({ a: encDict(), r: { __ref__: bad } }, 'INVALID_SPEC_DICT', 'r.__ref__');
        expect(error.message).to.contain('not a path');
      }
    });

    it('a spec dict whose __dense_spec__ and __ref__ are both there is a spec dict with a bad key', () => {
      expectReadError({ a: encDict(), r: { target: 'refs:Head', __ref__: 'a', [D]: true } }, 'INVALID_SPEC_DICT', 'r.__ref__');
    });

    it('a ref in a spec argument reports the JSON path: x.args[i], x.kwargs.name, x.name', () => {
      expectReadError({ x: { target: 'refs:pair', args: [ref('zz')], [D]: true } }, 'INVALID_SPEC_DICT', 'x.args[0]');
      expectReadError({ x: { target: 'refs:escaped', kwargs: { target: ref('zz') }, [D]: true } }, 'INVALID_SPEC_DICT', 'x.kwargs.target');
      expectReadError({ x: { target: 'refs:escaped', kwargs: { plain: ref('zz') }, [D]: true } }, 'INVALID_SPEC_DICT', 'x.kwargs.plain');
      expectReadError({ x: { target: 'refs:pair', called: true, b: [ref('zz')], [D]: true } }, 'INVALID_SPEC_DICT', 'x.b[0]');
    });
  });

  describe('a ref to an enclosing spec → CYCLE', () => {
    it('to the spec it is in (called and partial), at the ref', () => {
      expectReadError({ a: { target: 'refs:Head', called: true, encoder: ref('a'), [D]: true } }, 'CYCLE', 'a.encoder');
      expectReadError({ a: { target: 'refs:Head', encoder: ref('a'), [D]: true } }, 'CYCLE', 'a.encoder');
    });

    it('to an ancestor further up, through args and containers', () => {
      expectReadError({ a: { target: 'refs:pair', args: [[{ target: 'refs:Head', encoder: { k: ref('a') }, [D]: true }]], [D]: true } }, 'CYCLE', 'a.args[0][0].encoder.k');
      expectReadError({ a: { target: 'refs:pair', called: true, args: [{ target: 'refs:Head', called: true, encoder: ref('a.args[0]'), [D]: true }], [D]: true } }, 'CYCLE', 'a.args[0].encoder');
    });

    it('to the root spec ("")', () => {
      const error = expectReadError({ target: 'refs:Head', called: true, encoder: ref(''), [D]: true }, 'CYCLE', 'encoder');
      expect(error.message).to.contain('contains it');
    });

    it('inside a tagged value', () => {
      expectReadError({ a: { target: 'refs:pair', called: true, a: { __value__: 'Set', data: [ref('a')] }, [D]: true } }, 'CYCLE', 'a.a.data[0]');
    });
  });

  describe('regressions', () => {
    it('a ref to an argument Spec of an earlier Spec object resolves in fromDict as in instantiate (was: INVALID_SPEC_DICT in fromDict only)', () => {
      const inner = called(make, { tag: 'i' });
      const outer = called(pair, { a: inner });
      const read = Spec.fromDict<[Spec, Spec]>([outer, ref('[0].a')], opts);
      expect(read[1]).to.equal(inner);
      expect(read[0].kwargs.a).to.equal(inner);
      made = 0;
      const built = Spec.instantiate<[unknown[], unknown]>([outer, ref('[0].a')], opts);
      expect(built[1]).to.equal(built[0][0]);
      expect(made).to.equal(1);
      // Still only backwards: a ref to a Spec object written later points at no earlier spec.
      expectReadError([ref('[1].a'), outer], 'INVALID_SPEC_DICT', '[0]');
    });

    it('"args" counts as before the keywords wherever the JSON puts it, in every reader', () => {
      for (const isCalled of [true, false]) {
        // A keyword written before "args" is still later than the positional arguments.
        const later = { x: { target: 'refs:pair', called: isCalled, b: encDict(), args: [ref('x.b')], [D]: true } };
        expectReadError(later, 'INVALID_SPEC_DICT', 'x.args[0]');
        // And a keyword may refer to a positional argument written after it.
        const earlier = { x: { target: 'refs:pair', called: true, b: ref('x.args[0]'), args: [encDict()], [D]: true } };
        const back = Spec.fromDict<{ x: Spec }>(earlier, opts);
        expect(back.x.kwargs.b).to.equal(back.x.args[0]);
        const built = Spec.instantiate<{ x: unknown[] }>(earlier, opts);
        expect(built.x[1]).to.equal(built.x[0]);
      }
    });

    it('a ref into the arguments of a __recursive__: false spec builds (asdict writes such refs)', () => {
      encoders = 0;
      const enc = called(Encoder, { width: 6 });
      const lazy = new Spec(Head, { encoder: enc }, { registry, called: true, recursive: false });
      const json = write({ lazy, eager: called(Head, { encoder: enc }) }) as Tree;
      expect(json.eager).to.deep.equal({ target: 'refs:Head', called: true, encoder: ref('lazy.encoder'), [D]: true });
      // From the Specs and from the JSON: the lazy head gets its argument unbuilt, the eager one an Encoder.
      const fromSpecs = Spec.instantiate<{ lazy: Head; eager: Head }>({ lazy, eager: called(Head, { encoder: enc }) }, opts);
      expect(isSpec(fromSpecs.lazy.encoder)).to.equal(true);
      expect(fromSpecs.eager.encoder).to.be.instanceOf(Encoder);
      const fromJson = Spec.instantiate<{ lazy: Head; eager: Head }>(json, opts);
      expect(fromJson.lazy.encoder).to.deep.equal(encDict(6));
      expect(fromJson.eager.encoder).to.be.instanceOf(Encoder);
      expect((fromJson.eager.encoder as Encoder).width).to.equal(6);
      expect(encoders).to.equal(2);
      // fromDict shares the Spec as usual.
      const back = Spec.fromDict<{ lazy: Spec; eager: Spec }>(json, opts);
      expect(back.eager.kwargs.encoder).to.equal(back.lazy.kwargs.encoder);
    });

    it('with the recursive: false option, a ref reached through plain containers is built (its arguments are not)', () => {
      const enc = called(Encoder, { width: 2 });
      const json = write({ head: called(Head, { encoder: enc }), enc }) as Tree;
      expect(json.enc).to.deep.equal(ref('head.encoder'));
      const out = Spec.instantiate<{ head: Head; enc: Encoder }>(json, { registry, recursive: false });
      expect(out.head.encoder).to.deep.equal(encDict(2));
      expect(out.enc).to.be.instanceOf(Encoder);
      expect(out.enc.width).to.equal(2);
    });

    it('a spec read late from unread arguments is read once, and checked then, at its own path', () => {
      const lazy = { target: 'refs:three', called: true, a: encDict(1), b: { target: 'refs:Nope', called: true, [D]: true }, c: { x: 1 }, __recursive__: false, [D]: true };
      const out = Spec.instantiate<Tree>({ lazy, r1: ref('lazy.a'), r2: ref('lazy.a') }, opts);
      expect(out.r1).to.be.instanceOf(Encoder);
      expect(out.r2).to.equal(out.r1);
      // Unread arguments are not checked unless a ref needs them.
      expect(Spec.instantiate<Tree>({ lazy }, opts).lazy).to.deep.equal([encDict(1), lazy.b, { x: 1 }]);
      expectError(() => Spec.instantiate({ lazy, r: ref('lazy.b') }, opts), 'UNKNOWN_TARGET', 'lazy.b');
      expectError(() => Spec.instantiate({ lazy, r: ref('lazy.c') }, opts), 'INVALID_SPEC_DICT', 'r');
      expectError(() => Spec.instantiate({ r: ref('lazy.a'), lazy }, opts), 'INVALID_SPEC_DICT', 'r');
    });
  });
});
