import { expect } from 'chai';
import { asdict, ConfigSpecError, MAX_DEPTH, Registry, Spec } from '../src/index.js';
import { child, ROOT, type PathNode } from '../src/path.js';
import { Ancestors, forEachPlainObject, guardWalk, isPlainObject } from '../src/tree.js';
import { decoratorMode } from './support/mode.js';
import { expectError, thrown } from './support/errors.js';

const registry = new Registry();

function wrap(inner: unknown): { inner: unknown } {
  return { inner };
}
registry.configurable('tree', wrap);

function pair(left: unknown, right: unknown): { left: unknown; right: unknown } {
  return { left, right };
}
registry.configurable('tree', pair);

@registry.configurable('tree')
class Node {
  constructor(
    public inner: unknown = null,
    public label = 'node',
  ) {}
}

const opts = { registry };

type Tree = Record<string, unknown>;

/** Runs `fn`, which must throw a ConfigSpecError (never a RangeError/TypeError); returns it. */
/** n nested arrays, built iteratively: [[[…[]…]]]. */
function nestedArrays(n: number, leaf: unknown[] = []): unknown[] {
  let out: unknown[] = leaf;
  for (let i = 0; i < n - 1; i++) out = [out];
  return out;
}

/** n nested plain objects {a:{a:…{}}}. */
function nestedObjects(n: number): Tree {
  let out: Tree = {};
  for (let i = 0; i < n - 1; i++) out = { a: out };
  return out;
}

/** n nested spec dicts through keyword `inner`; the innermost has inner = 0. */
function nestedSpecDicts(n: number, called: boolean): Tree {
  let out: unknown = 0;
  for (let i = 0; i < n; i++) {
    out = called ? { target: 'tree:wrap', called: true, inner: out, __dense_spec__: true } : { target: 'tree:wrap', inner: out, __dense_spec__: true };
  }
  return out as Tree;
}

/** n nested spec dicts through positional `args[0]`. */
function nestedArgDicts(n: number): Tree {
  let out: unknown = 0;
  for (let i = 0; i < n; i++) out = { target: 'tree:wrap', args: [out], called: true, __dense_spec__: true };
  return out as Tree;
}

/** n nested Specs through keyword `inner`. */
function nestedSpecs(n: number, called: boolean): Spec<unknown, boolean> {
  let out: unknown = 0;
  for (let i = 0; i < n; i++) out = new Spec(wrap, { inner: out }, { registry, called });
  return out as Spec<unknown, boolean>;
}

/** How many times `{ inner }` nests, following `inner` (or `kwargs.inner` of partials) iteratively. */
function chainLength(value: unknown, step: (v: unknown) => unknown): number {
  let n = 0;
  let at = value;
  while (typeof at === 'object' || typeof at === 'function') {
    if (at === null) break;
    at = step(at);
    n++;
  }
  return n;
}

function arrayDepth(value: unknown): number {
  let n = 0;
  let at = value;
  while (Array.isArray(at)) {
    n++;
    at = at[0];
  }
  return n;
}

describe(`tree (${decoratorMode})`, () => {
  describe('MAX_DEPTH', () => {
    it('is exported, documented as 2000 and at least 1,000', () => {
      expect(MAX_DEPTH).to.equal(2000);
      expect(MAX_DEPTH).to.be.at.least(1000);
    });
  });

  describe('Ancestors', () => {
    it('accepts MAX_DEPTH distinct containers and refuses one more with TOO_DEEP at its path', () => {
      const ancestors = new Ancestors();
      let path: PathNode | undefined = ROOT;
      for (let i = 0; i < MAX_DEPTH; i++) {
        ancestors.enter({}, path);
        path = child(path, 'k');
      }
      const error = expectError(() => { ancestors.enter({}, path); }, 'TOO_DEEP', new Array<string>(MAX_DEPTH).fill('k').join('.'));
      expect(error.message).to.contain(String(MAX_DEPTH));
    });

    it('includes() is true for a container entered and not yet left', () => {
      const ancestors = new Ancestors();
      const outer = {};
      const inner: unknown[] = [];
      expect(ancestors.includes(outer)).to.equal(false);
      ancestors.enter(outer, ROOT);
      ancestors.enter(inner, child(ROOT, 'a'));
      expect(ancestors.includes(outer)).to.equal(true);
      expect(ancestors.includes(inner)).to.equal(true);
      expect(ancestors.includes({})).to.equal(false);
      ancestors.leave();
      expect(ancestors.includes(inner)).to.equal(false);
      expect(ancestors.includes(outer)).to.equal(true);
      ancestors.leave();
      expect(ancestors.includes(outer)).to.equal(false);
    });

    it('leave() frees a level, so a walk can go deep again after coming back', () => {
      const ancestors = new Ancestors();
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < MAX_DEPTH; i++) ancestors.enter([], ROOT);
        for (let i = 0; i < MAX_DEPTH; i++) ancestors.leave();
      }
      ancestors.enter([], ROOT);
      ancestors.leave();
    });

    it('reports a repeated container as CYCLE at the path where it closes, naming where it first was', () => {
      const ancestors = new Ancestors();
      const loop = {};
      const a = child(ROOT, 'a');
      const ab = child(a, 'b');
      ancestors.enter({}, ROOT);
      ancestors.enter(loop, a);
      let path: PathNode = ab;
      // The same object again and again: only noticed when the limit is reached.
      for (;;) {
        try {
          ancestors.enter(loop, path);
        } catch (error) {
          expect(error).to.be.instanceOf(ConfigSpecError);
          const e = error as ConfigSpecError;
          expect(e.code).to.equal('CYCLE');
          expect(e.path).to.equal('a.b');
          expect(e.message).to.contain('also at a');
          return;
        }
        path = child(path, 'b');
      }
    });
  });

  describe('guardWalk', () => {
    it('turns a call-stack RangeError into TOO_DEEP, with the RangeError as cause', () => {
      const overflow = new RangeError('Maximum call stack size exceeded');
      const error = thrown(() =>
        guardWalk(() => {
          throw overflow;
        }, new Ancestors(), 'NOT_SERIALIZABLE'),
      );
      expect(error.code).to.equal('TOO_DEEP');
      expect(error.cause).to.equal(overflow);
    });

    it('turns a real stack overflow into TOO_DEEP', () => {
      const recurse = (n: number): number => recurse(n + 1) + 1;
      expect(thrown(() => guardWalk(() => recurse(0), new Ancestors(), 'NOT_SERIALIZABLE')).code).to.equal('TOO_DEEP');
    });

    it('wraps every other error as the given code at the deepest path reached, with the error as cause', () => {
      const other = new RangeError('Invalid array length');
      const ancestors = new Ancestors();
      const error = thrown(() =>
        guardWalk(() => {
          ancestors.enter({}, child(child(undefined, 'model'), 2));
          throw other;
        }, ancestors, 'INSTANTIATION_FAILED'),
      );
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('model[2]');
      expect(error.cause).to.equal(other);
    });

    it('lets ConfigSpecErrors through unchanged', () => {
      const own = new ConfigSpecError('CYCLE', 'x', { path: 'p' });
      try {
        guardWalk(() => {
          throw own;
        }, new Ancestors(), 'NOT_SERIALIZABLE');
        expect.fail('no error');
      } catch (error) {
        expect(error).to.equal(own);
      }
    });

    it('returns the walk result', () => {
      expect(guardWalk(() => 42, new Ancestors(), 'NOT_SERIALIZABLE')).to.equal(42);
    });
  });

  describe('isPlainObject', () => {
    it('is true for {}, JSON.parse objects and Object.create(null)', () => {
      expect(isPlainObject({})).to.equal(true);
      expect(isPlainObject(JSON.parse('{"a":1}'))).to.equal(true);
      expect(isPlainObject(Object.create(null))).to.equal(true);
    });

    it('is false for arrays, null, primitives, class instances, Dates and objects with another prototype', () => {
      for (const value of [[], null, undefined, 1, 'x', true, new Date(0), new Map(), new Node(), Object.create({}), () => 1]) {
        expect(isPlainObject(value), String(value)).to.equal(false);
      }
    });
  });

  describe('cycles', () => {
    const walkers: [string, (tree: unknown) => unknown][] = [
      ['Spec.fromDict', (t) => Spec.fromDict(t, opts)],
      ['Spec.instantiate', (t) => Spec.instantiate(t, opts)],
      ['asdict', (t) => asdict(t, opts)],
    ];

    for (const [name, walk] of walkers) {
      describe(name, () => {
        it('an object containing itself → CYCLE at the key that closes it', () => {
          const o: Tree = { a: 1 };
          o.self = o;
          const error = expectError(() => walk(o), 'CYCLE', 'self');
          expect(error.message).to.contain('the root');
        });

        it('an array containing itself → CYCLE at [i]', () => {
          const a: unknown[] = [1, 2];
          a.push(a);
          expectError(() => walk(a), 'CYCLE', '[2]');
        });

        it('a cycle below the root → CYCLE at the closing path, naming the first path', () => {
          const inner: Tree = { b: [1, {}] };
          const tree: Tree = { x: 0, a: inner };
          ((inner.b as unknown[])[1] as Tree).back = inner;
          const error = expectError(() => walk(tree), 'CYCLE', 'a.b[1].back');
          expect(error.message).to.contain('also at a)');
        });

        it('a cycle under a non-identifier key formats the key as ["…"]', () => {
          const o: Tree = {};
          o['my key'] = { list: [o] };
          expectError(() => walk(o), 'CYCLE', '["my key"].list[0]');
        });

        it('a spec dict whose keyword is itself → CYCLE at the keyword', () => {
          const d: Tree = { target: 'tree:wrap', __dense_spec__: true };
          d.inner = d;
          expectError(() => walk(d), 'CYCLE', 'inner');
        });

        it('a spec dict whose positional argument is itself → CYCLE at args[0]', () => {
          const d: Tree = { target: 'tree:wrap', called: true, __dense_spec__: true };
          d.args = [d];
          expectError(() => walk(d), 'CYCLE', 'args[0]');
        });

        it('two spec dicts containing each other → CYCLE where the loop closes', () => {
          const a: Tree = { target: 'tree:wrap', __dense_spec__: true };
          const b: Tree = { target: 'tree:wrap', inner: a, __dense_spec__: true };
          a.inner = b;
          expectError(() => walk({ cfg: [a] }), 'CYCLE', 'cfg[0].inner.inner');
        });

        it('the input is not mutated by a failed walk', () => {
          const o: Tree = { a: [1, 2] };
          o.self = o;
          thrown(() => walk(o));
          expect(Object.keys(o)).to.deep.equal(['a', 'self']);
          expect(o.a).to.deep.equal([1, 2]);
          expect(o.self).to.equal(o);
        });

        it('shared (non-cyclic) subtrees are not cycles', () => {
          const shared = { x: 1, list: [1, 2, 3] };
          const sharedDict = { target: 'tree:pair', left: 1, right: 2, called: true, __dense_spec__: true };
          const tree = { a: shared, b: shared, c: [shared, [shared]], d: sharedDict, e: { again: sharedDict } };
          const out = walk(tree) as Record<string, unknown>;
          expect(out).to.have.keys(['a', 'b', 'c', 'd', 'e']);
          expect(out.a).to.deep.equal(out.b);
        });

        it('a diamond 25 levels deep (each level shared twice) is not a cycle', () => {
          // 25 distinct objects, each referenced twice by its parent: depth 25, no repeats on any path.
          // Only shallow enough that walking every path (2^k) for plain containers stays cheap.
          let node: Tree = { leaf: true };
          for (let i = 0; i < 12; i++) node = { l: node, r: node };
          expect(() => walk(node)).not.to.throw();
        });

        it('after a CYCLE error the next walk starts clean', () => {
          const o: Tree = {};
          o.self = o;
          thrown(() => walk(o));
          expect(walk({ ok: [1, { two: 2 }] })).to.deep.equal({ ok: [1, { two: 2 }] });
        });
      });
    }

    describe('a Spec whose argument container is mutated after creation to contain the spec', () => {
      it('kwargs object: Spec.instantiate → CYCLE at inner.self', () => {
        const holder: Tree = {};
        const spec = new Spec(wrap, { inner: holder }, opts);
        holder.self = spec;
        const error = expectError(() => Spec.instantiate(spec, opts), 'CYCLE', 'inner.self');
        expect(error.message).to.contain('the root');
        expectError(() => spec.instantiate(), 'CYCLE', 'inner.self');
      });

      it('kwargs object: asdict → CYCLE at inner.self (not TOO_DEEP)', () => {
        const holder: Tree = {};
        const spec = new Spec(wrap, { inner: holder }, opts);
        holder.self = spec;
        expectError(() => asdict(spec, opts), 'CYCLE', 'inner.self');
        expectError(() => spec.toDict(), 'CYCLE', 'inner.self');
        expectError(() => JSON.stringify(spec), 'CYCLE', 'inner.self');
      });

      it('inside a tree: the path starts at the root of the tree', () => {
        const holder: Tree = {};
        const spec = new Spec(wrap, { inner: holder }, { registry, called: true });
        holder.self = spec;
        expectError(() => Spec.instantiate({ model: [spec] }, opts), 'CYCLE', 'model[0].inner.self');
        expectError(() => asdict({ model: [spec] }, opts), 'CYCLE', 'model[0].inner.self');
      });

      it('array kwarg of a called spec → CYCLE at inner[0].x', () => {
        const list: unknown[] = [];
        const spec = new Spec(wrap, { inner: list }, { registry, called: true });
        list.push({ x: spec });
        expectError(() => Spec.instantiate(spec, opts), 'CYCLE', 'inner[0].x');
        expectError(() => asdict(spec, opts), 'CYCLE', 'inner[0].x');
      });

      it('positional argument container → CYCLE at args[0][0]', () => {
        const list: unknown[] = [];
        const spec = new Spec(wrap, {}, { registry, args: [list], called: true });
        list.push(spec);
        expectError(() => Spec.instantiate(spec, opts), 'CYCLE', 'args[0][0]');
        expectError(() => asdict(spec, opts), 'CYCLE', 'args[0][0]');
      });

      it('a reserved-name keyword is reported under kwargs', () => {
        const holder: Tree = {};
        const spec = new Spec(Node, { inner: holder }, opts);
        holder.target = spec;
        // `target` is a plain key of the holder object, not a keyword of the spec
        expectError(() => asdict(spec, opts), 'CYCLE', 'inner.target');
      });

      it('Spec.fromDict passes a Spec through unwalked (nothing to read), so no error', () => {
        const holder: Tree = {};
        const spec = new Spec(wrap, { inner: holder }, opts);
        holder.self = spec;
        expect(Spec.fromDict(spec, opts)).to.equal(spec);
        const out = Spec.fromDict<{ s: unknown }>({ s: spec }, opts);
        expect(out.s).to.equal(spec);
      });

      it('a Spec used twice (shared, not cyclic) builds once and writes without error', () => {
        const shared = new Spec(Node, { label: 'shared' }, { registry, called: true });
        const built = Spec.instantiate<{ a: Node; b: Node[] }>({ a: shared, b: [shared] }, opts);
        expect(built.a).to.be.instanceOf(Node);
        expect(built.b[0]).to.equal(built.a);
        const written = asdict<{ a: unknown; b: unknown[] }>({ a: shared, b: [shared] }, opts);
        expect(written.a).to.deep.equal({ target: 'tree:Node', called: true, label: 'shared', __dense_spec__: true });
      });
    });
  });

  describe('nesting deeper than MAX_DEPTH → TOO_DEEP, never a RangeError', () => {
    const walkers: [string, (tree: unknown) => unknown][] = [
      ['Spec.fromDict', (t) => Spec.fromDict(t, opts)],
      ['Spec.instantiate', (t) => Spec.instantiate(t, opts)],
      ['asdict', (t) => asdict(t, opts)],
    ];
    const hugeArrays = nestedArrays(100_000);
    const hugeObjects = nestedObjects(100_000);
    const deepDicts = nestedSpecDicts(5_000, true);
    const deepPartialDicts = nestedSpecDicts(5_000, false);

    for (const [name, walk] of walkers) {
      describe(name, () => {
        it('100,000 nested arrays → TOO_DEEP at the level past the limit', () => {
          expectError(() => walk(hugeArrays), 'TOO_DEEP', '[0]'.repeat(MAX_DEPTH));
        });

        it('100,000 nested plain objects → TOO_DEEP at the level past the limit', () => {
          const error = expectError(() => walk(hugeObjects), 'TOO_DEEP', new Array<string>(MAX_DEPTH).fill('a').join('.'));
          expect(error.message).to.contain(String(MAX_DEPTH));
        });

        it('5,000 nested called spec dicts → TOO_DEEP', () => {
          const error = thrown(() => walk(deepDicts));
          expect(error.code).to.equal('TOO_DEEP');
          expect(error.path).to.match(/^inner(\.inner)+$/);
        });

        it('5,000 nested partial spec dicts → TOO_DEEP', () => {
          const error = thrown(() => walk(deepPartialDicts));
          expect(error.code).to.equal('TOO_DEEP');
          expect(error.path).to.match(/^inner(\.inner)+$/);
        });

        it('exactly MAX_DEPTH nested arrays work; one more is TOO_DEEP', () => {
          expect(arrayDepth(walk(nestedArrays(MAX_DEPTH)))).to.equal(MAX_DEPTH);
          expectError(() => walk(nestedArrays(MAX_DEPTH + 1)), 'TOO_DEEP', '[0]'.repeat(MAX_DEPTH));
        });

        it('5,000 nested arrays under a key report the full path', () => {
          expectError(() => walk({ data: nestedArrays(5_000) }), 'TOO_DEEP', `data${'[0]'.repeat(MAX_DEPTH - 1)}`);
        });

        it('a deep input is not mutated and the next walk works', () => {
          thrown(() => walk(hugeArrays));
          expect(arrayDepth(hugeArrays)).to.equal(100_000);
          expect(walk([1, [2]])).to.deep.equal([1, [2]]);
        });
      });
    }

    it('5,000 nested Specs: asdict, toDict and instantiate → TOO_DEEP', () => {
      const called = nestedSpecs(5_000, true);
      for (const run of [() => asdict(called, opts), () => called.toDict(), () => Spec.instantiate(called, opts), () => called.instantiate()]) {
        const error = thrown(run);
        expect(error.code).to.equal('TOO_DEEP');
        expect(error.path).to.match(/^inner(\.inner)+$/);
      }
    });

    it('5,000 spec dicts nested through args → TOO_DEEP', () => {
      const deep = nestedArgDicts(5_000);
      for (const run of [() => Spec.fromDict(deep, opts), () => Spec.instantiate(deep, opts), () => asdict(deep, opts)]) {
        const error = thrown(run);
        expect(error.code).to.equal('TOO_DEEP');
        expect(error.path).to.match(/^args\[0\]/);
      }
    });

    it('a spec dict inside 100,000 arrays is never read (TOO_DEEP first), nothing is built', () => {
      let built = 0;
      const counting = registry.configurable('tree.count', function counted() {
        built++;
        return built;
      });
      const tree = nestedArrays(100_000, [{ target: 'tree.count:counted', called: true, __dense_spec__: true }]);
      expect(thrown(() => Spec.instantiate(tree, opts)).code).to.equal('TOO_DEEP');
      expect(built).to.equal(0);
      void counting;
    });
  });

  describe('nesting at 1,000 levels works', () => {
    const DEPTH = 1_000;

    it('1,000 nested called spec dicts (via a keyword): fromDict, instantiate, asdict round trip', () => {
      const tree = nestedSpecDicts(DEPTH, true);
      const specs = Spec.fromDict<Spec<unknown, boolean>>(tree, opts);
      expect(specs).to.be.instanceOf(Spec);
      expect(chainLength(specs, (s) => (s as Spec).kwargs.inner)).to.equal(DEPTH);
      const built: unknown = Spec.instantiate(tree, opts);
      expect(chainLength(built, (v) => (v as { inner: unknown }).inner)).to.equal(DEPTH);
      const builtFromSpecs: unknown = Spec.instantiate(specs, opts);
      expect(chainLength(builtFromSpecs, (v) => (v as { inner: unknown }).inner)).to.equal(DEPTH);
      expect(asdict(specs, opts)).to.deep.equal(tree);
      expect(specs.toDict()).to.deep.equal(tree);
      expect(JSON.parse(JSON.stringify(specs))).to.deep.equal(tree);
      // asdict of the plain dicts themselves (plain data with markers) copies them
      expect(asdict(tree, opts)).to.deep.equal(tree);
    });

    it('1,000 nested partial spec dicts: instantiate gives partial functions that asdict writes back', () => {
      const tree = nestedSpecDicts(DEPTH, false);
      const built: unknown = Spec.instantiate(tree, opts);
      expect(built).to.be.a('function');
      expect(chainLength(built, (f) => (f as { kwargs: { inner: unknown } }).kwargs.inner)).to.equal(DEPTH);
      expect(asdict(built, opts)).to.deep.equal(tree);
      const specs = Spec.fromDict<Spec>(tree, opts);
      expect(asdict(specs, opts)).to.deep.equal(tree);
    });

    it('1,000 nested Specs made with new Spec: instantiate, asdict, toDict', () => {
      const spec = nestedSpecs(DEPTH, true);
      const built: unknown = spec.instantiate();
      expect(chainLength(built, (v) => (v as { inner: unknown }).inner)).to.equal(DEPTH);
      const dict = asdict<Tree>(spec, opts);
      expect(dict).to.deep.equal(nestedSpecDicts(DEPTH, true));
      expect(spec.toDict()).to.deep.equal(dict);
    });

    it('1,000 spec dicts nested through positional args: fromDict, instantiate, asdict', () => {
      const tree = nestedArgDicts(DEPTH);
      const specs = Spec.fromDict<Spec>(tree, opts);
      expect(chainLength(specs, (s) => (s as Spec).args[0])).to.equal(DEPTH);
      const built: unknown = Spec.instantiate(tree, opts);
      expect(chainLength(built, (v) => (v as { inner: unknown }).inner)).to.equal(DEPTH);
      // As JSON text: chai's recursive deep equal needs ~5 frames per container, and 2,000 containers
      // (a dict and its args array per level) sometimes overflowed the stack in chai itself.
      expect(JSON.stringify(asdict(specs, opts))).to.equal(JSON.stringify(tree));
    });

    it('1,000 nested arrays: fromDict, instantiate and asdict copy them', () => {
      const tree = nestedArrays(DEPTH, [{ target: 'tree:Node', called: true, label: 'leaf', __dense_spec__: true }]);
      const read = Spec.fromDict<unknown[]>(tree, opts);
      expect(arrayDepth(read)).to.equal(DEPTH);
      expect(read).not.to.equal(tree);
      const built = Spec.instantiate<unknown[]>(tree, opts);
      expect(arrayDepth(built)).to.equal(DEPTH);
      let leaf: unknown = built;
      while (Array.isArray(leaf)) leaf = leaf[0];
      expect(leaf).to.be.instanceOf(Node);
      expect((leaf as Node).label).to.equal('leaf');
      expect(asdict(read, opts)).to.deep.equal(tree);
      expect(asdict(nestedArrays(DEPTH), opts)).to.deep.equal(nestedArrays(DEPTH));
    });

    it('1,000 nested plain objects: fromDict, instantiate and asdict copy them', () => {
      const tree = nestedObjects(DEPTH);
      expect(Spec.fromDict(tree, opts)).to.deep.equal(tree);
      expect(Spec.instantiate(tree, opts)).to.deep.equal(tree);
      expect(asdict(tree, opts)).to.deep.equal(tree);
    });

    it('300 levels of spec → array → object → spec (900 containers) work', () => {
      let tree: unknown = 'leaf';
      for (let i = 0; i < 300; i++) tree = { target: 'tree:wrap', called: true, inner: [{ v: tree }], __dense_spec__: true };
      const specs: unknown = Spec.fromDict(tree, opts);
      expect(asdict(specs, opts)).to.deep.equal(tree);
      let built: unknown = Spec.instantiate(tree, opts);
      let n = 0;
      while (typeof built === 'object' && built !== null) {
        built = ((built as { inner: { v: unknown }[] }).inner[0] as { v: unknown }).v;
        n++;
      }
      expect(n).to.equal(300);
      expect(built).to.equal('leaf');
    });

    it('a 1,000-deep partial built by partial() round trips through asdict', () => {
      let fn: unknown = 0;
      for (let i = 0; i < DEPTH; i++) fn = registry.partial(wrap, { inner: fn });
      expect(asdict(fn, opts)).to.deep.equal(nestedSpecDicts(DEPTH, false));
    });
  });

  describe('regressions', () => {
    it('asdict of a Spec whose kwargs were mutated to contain it reports CYCLE, not TOO_DEEP from a stack overflow', () => {
      const holder: Tree = {};
      const spec = new Spec(pair, { left: 1, right: holder }, opts);
      holder.again = [spec];
      expectError(() => asdict({ cfg: spec }, opts), 'CYCLE', 'cfg.right.again[0]');
    });

    it('asdict of 1,000 Specs nested through positional args does not overflow the stack', () => {
      let spec: unknown = 0;
      for (let i = 0; i < 1_000; i++) spec = new Spec(wrap, {}, { registry, args: [spec], called: true });
      expect(asdict(spec, opts)).to.deep.equal(nestedArgDicts(1_000));
    });

    it('a stack overflow in a walk reports TOO_DEEP with the path reached, not the root', () => {
      const error = thrown(() => asdict(nestedSpecs(5_000, true), opts));
      expect(error.code).to.equal('TOO_DEEP');
      expect(error.path).not.to.equal('');
    });
  });

  describe('forEachPlainObject', () => {
    it('visits each plain object once, through arrays, passing other values over, children as pushed (last first)', () => {
      const shared = { s: 1 };
      const tree = { a: [shared, shared, new Map([[1, { hidden: true }]]), { b: { c: 2 } }], d: shared, e: null };
      const seen: string[] = [];
      forEachPlainObject(tree, (node, push) => {
        seen.push(Object.keys(node).join(','));
        for (const key of Object.keys(node)) push(node[key]);
      });
      expect(seen).to.deep.equal(['a,d,e', 's', 'b', 'c']);
    });

    it('walks a 200,000-item array and a 10,000-deep chain without a RangeError, and a cycle once', () => {
      let deep: Record<string, unknown> = {};
      for (let i = 0; i < 10_000; i++) deep = { next: deep };
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      let count = 0;
      forEachPlainObject([Array.from({ length: 200_000 }, () => 1), deep, cyclic], (node, push) => {
        count++;
        for (const key of Object.keys(node)) push(node[key]);
      });
      expect(count).to.equal(10_001 + 1);
    });

    it('visits only what the visitor pushes', () => {
      const seen: unknown[] = [];
      forEachPlainObject({ kwargs: { x: { y: 1 } } }, (node) => seen.push(node));
      expect(seen).to.have.length(1);
    });
  });
});
