import { expect } from 'chai';
import { completeCall, invoke, isEmptyPlan, planCall, type CallPlan } from '../src/binding.js';
import { child, ROOT, type PathNode } from '../src/path.js';
import { ConfigSpecError, Registry, Spec, type Callable } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { thrown as catchError } from './support/errors.js';

function pathOf(...keys: (string | number)[]): PathNode | undefined {
  let node: PathNode | undefined = ROOT;
  for (const key of keys) node = child(node, key);
  return node;
}

const registry = new Registry();

// Each returns its arguments exactly as received, so trimming and `undefined` holes are visible.
function three(a: unknown, b: unknown = 'B', c: unknown = 'C'): unknown[] {
  void a; void b; void c;
  // eslint-disable-next-line prefer-rest-params
  return Array.from(arguments);
}
registry.register(three, { namespace: 'b' });

function withRest(a: unknown, b: unknown = 'B', ...rest: unknown[]): unknown[] {
  return [a, b, rest];
}
registry.register(withRest, { namespace: 'b' });

function required2(a: unknown, b: unknown): unknown[] {
  return [a, b];
}
registry.register(required2, { namespace: 'b' });

function optsLast(a: unknown, opts: Record<string, unknown>): unknown[] {
  return [a, opts];
}
registry.register(optsLast, { namespace: 'b', options: true });

function optsLastDefault(a: unknown, opts: Record<string, unknown> = { dflt: true }): unknown[] {
  return [a, opts];
}
registry.register(optsLastDefault, { namespace: 'b', options: true });

function optsMiddle(a: unknown, opts: Record<string, unknown>, b: unknown): unknown[] {
  return [a, opts, b];
}
registry.register(optsMiddle, { namespace: 'b', options: 'opts' });

function destructured(id: unknown, { lr = 1e-3, momentum }: { lr?: number; momentum?: number } = {}): unknown[] {
  return [id, lr, momentum];
}
registry.register(destructured, { namespace: 'b' });

function destructuredRest(id: unknown, { lr = 1, ...others }: { lr?: number; [k: string]: unknown } = {}): unknown[] {
  return [id, lr, others];
}
registry.register(destructuredRest, { namespace: 'b' });

function destructuredNoDefault(id: unknown, { lr }: { lr?: number }): unknown[] {
  return [id, lr];
}
registry.register(destructuredNoDefault, { namespace: 'b' });

const nativeMax = registry.register(Math.max, { namespace: 'native', name: 'max' });
function addThree(a: number, b: number, c: number): number {
  return a * 100 + b * 10 + c;
}
const boundAdd = registry.register(addThree.bind(null), { namespace: 'native', name: 'boundAdd' });
const explicitAdd = registry.register(addThree.bind(null), { namespace: 'native', name: 'explicitAdd', params: ['a', 'b', 'c?'] });
const explicitOpts = registry.register(function explicitOpts(...xs: unknown[]) { return xs; }.bind(null), { namespace: 'native', name: 'explicitOpts', params: ['x', 'opts{}'] });

class Point {
  constructor(public x: number, public y = 0) {}
}
registry.register(Point, { namespace: 'b' });

class Holder {
  static made(this: unknown, value: unknown): unknown {
    return { self: this, value };
  }
}
registry.add(Holder.made, { namespace: 'b' }, { kind: 'static-method', owner: Holder, key: 'made' });

function plan(target: string | Callable, args: unknown[] = [], kwargs: Record<string, unknown> = {}, path: PathNode | undefined = ROOT): CallPlan {
  return planCall(registry, registry.lookup(target), args, kwargs, path);
}

describe(`binding (${decoratorMode})`, () => {
  describe('planCall / completeCall: positions and keywords', () => {
    it('binds args from the left and trims unbound trailing optional parameters', () => {
      const p = plan(three, [1]);
      expect(completeCall(p, [])).to.deep.equal([1]);
      expect(three(...(completeCall(p, []) as [unknown]))).to.deep.equal([1]);
    });

    it('binds keywords by name; an unbound position between bound ones is passed as undefined (so its default applies)', () => {
      const p = plan(three, [1], { c: 3 });
      const args = completeCall(p, []);
      expect(args).to.deep.equal([1, undefined, 3]);
      expect(args).to.have.length(3);
      expect(invoke(registry.lookup(three), args)).to.deep.equal([1, undefined, 3]);
      // the default of b applies inside the call
      expect(Reflect.apply(withRest, undefined, completeCall(plan(withRest, [], { a: 1 }), []))).to.deep.equal([1, 'B', []]);
    });

    it('fills unbound positions with call-time arguments left to right', () => {
      const p = plan(three, [], { b: 2 });
      expect(completeCall(p, ['a'])).to.deep.equal(['a', 2]);
      expect(completeCall(p, ['a', 'c'])).to.deep.equal(['a', 2, 'c']);
    });

    it('passes extra call-time arguments through after every parameter', () => {
      const p = plan(three, [1, 2, 3]);
      expect(completeCall(p, [4, 5])).to.deep.equal([1, 2, 3, 4, 5]);
      const q = plan(three, [], { b: 2 });
      expect(completeCall(q, [1, 3, 4])).to.deep.equal([1, 2, 3, 4]);
    });

    it('bound positional args beyond the parameters of a target without rest are kept as extras, not an error', () => {
      const q = plan(three, [1, 2, 3, 4]);
      expect(q.slots).to.deep.equal([1, 2, 3]);
      expect(q.extra).to.deep.equal([4]);
      expect(completeCall(q, [])).to.deep.equal([1, 2, 3, 4]);
      expect(completeCall(q, [5])).to.deep.equal([1, 2, 3, 4, 5]);
    });

    it('lays bound positional args beyond a rest parameter into extra, before call-time ones', () => {
      const p = plan(withRest, [1, 2, 3]);
      expect(p.slots).to.deep.equal([1, 2]);
      expect(p.extra).to.deep.equal([3]);
      const args = completeCall(p, [4, 5]);
      expect(args).to.deep.equal([1, 2, 3, 4, 5]);
      expect(Reflect.apply(withRest, undefined, args)).to.deep.equal([1, 2, [3, 4, 5]]);
    });

    it('rest parameters receive call-time extras, with unbound positions filled first', () => {
      const p = plan(withRest, [], { b: 'bee' });
      const args = completeCall(p, ['a', 'r1', 'r2']);
      expect(Reflect.apply(withRest, undefined, args)).to.deep.equal(['a', 'bee', ['r1', 'r2']]);
    });

    it('a rest parameter cannot be bound by name (UNKNOWN_PARAMETER at the key)', () => {
      const error = catchError(() => plan(withRest, [], { rest: [1] }, pathOf('x')));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.equal('x.rest');
      expect(error.target).to.equal('b:withRest');
      expect(error.message).to.contain('Valid names: a, b');
    });

    it('unknown keyword → UNKNOWN_PARAMETER at the key with the closest name and the valid names', () => {
      const error = catchError(() => plan(three, [], { cc: 1 }, pathOf('model', 'layers', 2)));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.equal('model.layers[2].cc');
      expect(error.target).to.equal('b:three');
      expect(error.message).to.contain('did you mean "c"?').and.contain('Valid names: a, b, c');
    });

    it('an unknown reserved-name keyword is reported under .kwargs', () => {
      const error = catchError(() => plan(three, [], { target: 1 }, pathOf('x')));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.equal('x.kwargs.target');
    });

    it('a target without parameters says it takes no keyword arguments', () => {
      function none(): number { return 1; }
      const r = new Registry();
      r.register(none, { namespace: 'b' });
      const error = catchError(() => planCall(r, r.lookup(none), [], { x: 1 }, ROOT));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.equal('x');
      expect(error.message).to.contain('takes no keyword arguments');
    });

    it('a position bound by args and by name → INVALID_SPEC_DICT at the keyword', () => {
      const error = catchError(() => plan(three, [1, 2], { b: 3 }, pathOf('opt')));
      expect(error.code).to.equal('INVALID_SPEC_DICT');
      expect(error.path).to.equal('opt.b');
      expect(error.target).to.equal('b:three');
      expect(error.message).to.contain('"b" is bound twice');
    });

    it('a required parameter left unbound → MISSING_PARAMETER naming every one, at the plan path', () => {
      const p = plan(required2, [], {}, pathOf('model', 'opt'));
      const error = catchError(() => completeCall(p, []));
      expect(error.code).to.equal('MISSING_PARAMETER');
      expect(error.path).to.equal('model.opt');
      expect(error.target).to.equal('b:required2');
      expect(error.message).to.contain('"a", "b"').and.contain('parameters');
      const one = catchError(() => completeCall(p, [1]));
      expect(one.code).to.equal('MISSING_PARAMETER');
      expect(one.message).to.contain('parameter "b"').and.not.contain('"a"');
      expect(completeCall(p, [1, 2])).to.deep.equal([1, 2]);
    });

    it('a completed plan can be completed again with other arguments (the plan is not consumed)', () => {
      const p = plan(required2, [], { b: 'B' });
      expect(completeCall(p, [1])).to.deep.equal([1, 'B']);
      expect(completeCall(p, [2])).to.deep.equal([2, 'B']);
      expect(p.slots[1]).to.equal('B');
    });

    it('binding `undefined` explicitly by position keeps the position (it is bound)', () => {
      const p = plan(required2, [undefined, undefined]);
      expect(completeCall(p, [])).to.deep.equal([undefined, undefined]);
    });

    it('a class constructor is invoked with new; a static method on its class', () => {
      const pt = invoke(registry.lookup(Point), completeCall(plan(Point, [1], { y: 2 }), []));
      expect(pt).to.be.instanceOf(Point);
      expect(pt).to.deep.include({ x: 1, y: 2 });
      const made = invoke(registry.lookup(Holder.made), completeCall(plan(Holder.made, [], { value: 7 }), [])) as { self: unknown; value: unknown };
      expect(made.self).to.equal(Holder);
      expect(made.value).to.equal(7);
    });

    it('a class is constructed with exactly its argument list, however long (0 to 9 arguments), new.target the class', () => {
      class Many {
        readonly got: unknown[];
        readonly target: unknown;
        constructor(...got: unknown[]) {
          this.got = got;
          this.target = new.target;
        }
      }
      const r = new Registry();
      r.register(Many, { namespace: 'b' });
      for (let n = 0; n <= 9; n++) {
        const args = Array.from({ length: n }, (_, i) => `a${String(i)}`);
        const made = invoke(r.lookup(Many), args) as Many;
        expect(made).to.be.instanceOf(Many);
        expect(made.got).to.deep.equal(args);
        expect(made.target).to.equal(Many);
      }
    });

    it('a TypeScript optional parameter (`x?: T`) has no default in the emitted JavaScript, so it counts as required', () => {
      function tsOptional(a: unknown, b?: unknown): unknown[] {
        return [a, b];
      }
      const r = new Registry();
      r.register(tsOptional, { namespace: 'b' });
      const error = catchError(() => completeCall(planCall(r, r.lookup(tsOptional), [1], {}, ROOT), []));
      expect(error.code).to.equal('MISSING_PARAMETER');
      expect(error.message).to.contain('"b"');
      // the workaround: a default value, or explicit params marking it optional
      const explicit = new Registry();
      explicit.register(tsOptional, { namespace: 'b', params: ['a', 'b?'] });
      expect(completeCall(planCall(explicit, explicit.lookup(tsOptional), [1], {}, ROOT), [])).to.deep.equal([1]);
    });

    it('isEmptyPlan is true only when nothing is bound', () => {
      expect(isEmptyPlan(plan(three))).to.equal(true);
      expect(isEmptyPlan(plan(three, [1]))).to.equal(false);
      expect(isEmptyPlan(plan(three, [], { c: 1 }))).to.equal(false);
      expect(isEmptyPlan(plan(optsLast, [], { anything: 1 }))).to.equal(false);
      expect(isEmptyPlan(plan(three, [1, 2, 3, 4]))).to.equal(false);
    });
  });

  describe('options objects', () => {
    it('options: true collects keywords that are not parameter names, any key accepted', () => {
      const p = plan(optsLast, [1], { lr: 0.1, whatever: 'x' });
      expect(p.options).to.deep.equal({ lr: 0.1, whatever: 'x' });
      expect(completeCall(p, [])).to.deep.equal([1, { lr: 0.1, whatever: 'x' }]);
    });

    it('a keyword equal to the options parameter name binds the whole object; flattened keys merge over it', () => {
      const whole = { lr: 1, keep: true };
      const p = plan(optsLast, [1], { opts: whole, lr: 2 });
      const args = completeCall(p, []);
      expect(args).to.deep.equal([1, { lr: 2, keep: true }]);
      expect(whole).to.deep.equal({ lr: 1, keep: true });
      // bound by name alone: passed as given
      const q = plan(optsLast, [1], { opts: whole });
      expect(completeCall(q, [])[1]).to.equal(whole);
    });

    it('options bound by position: flattened keys merge over it, the call-time args do not land on it', () => {
      const p = plan(optsLast, [1, { a: 1, b: 1 }], { b: 2 });
      expect(completeCall(p, [])).to.deep.equal([1, { a: 1, b: 2 }]);
      expect(completeCall(p, ['extra'])).to.deep.equal([1, { a: 1, b: 2 }, 'extra']);
    });

    it('an unbound options parameter without default gets {} (a fresh one each time)', () => {
      const p = plan(optsLast, [1]);
      const first = completeCall(p, []);
      expect(first).to.deep.equal([1, {}]);
      const second = completeCall(p, []);
      expect(second[1]).to.deep.equal({});
      expect(second[1]).to.not.equal(first[1]);
    });

    it('an unbound options parameter with a default keeps its default (trimmed)', () => {
      const p = plan(optsLastDefault, [1]);
      const args = completeCall(p, []);
      expect(args).to.deep.equal([1]);
      expect(Reflect.apply(optsLastDefault, undefined, args)).to.deep.equal([1, { dflt: true }]);
    });

    it('the options parameter counts as unbound: a call-time argument landing on it is merged over the bound options', () => {
      const p = plan(optsLast, [], { lr: 1, wd: 1 });
      expect(completeCall(p, ['a'])).to.deep.equal(['a', { lr: 1, wd: 1 }]);
      expect(completeCall(p, ['a', { wd: 2, extra: 3 }])).to.deep.equal(['a', { lr: 1, wd: 2, extra: 3 }]);
      expect(p.options).to.deep.equal({ lr: 1, wd: 1 });
      // a call-time argument with nothing bound is passed as the options object itself
      const q = plan(optsLast, []);
      const given = { z: 1 };
      expect(completeCall(q, ['a', given])[1]).to.equal(given);
    });

    it('options in the middle via options: "name": keywords go there, call-time args fill it in order', () => {
      const p = plan(optsMiddle, [], { x: 1 });
      expect(p.options).to.deep.equal({ x: 1 });
      // a bound after the options: the options slot is filled from the bound options
      const q = plan(optsMiddle, [], { x: 1, b: 'B' });
      expect(completeCall(q, ['A'])).to.deep.equal(['A', { x: 1 }, 'B']);
      // with b unbound, the second call-time argument lands on the options parameter (merged), the third on b
      expect(completeCall(p, ['A', { y: 2 }, 'B'])).to.deep.equal(['A', { x: 1, y: 2 }, 'B']);
      const error = catchError(() => completeCall(p, ['A']));
      expect(error.code).to.equal('MISSING_PARAMETER');
      expect(error.message).to.contain('"b"');
    });

    it('a destructured last parameter is an options object; its keys are the only accepted names', () => {
      const p = plan(destructured, ['id'], { momentum: 0.9 });
      expect(p.signature?.optionsIndex).to.equal(1);
      expect(Reflect.apply(destructured, undefined, completeCall(p, []))).to.deep.equal(['id', 1e-3, 0.9]);
      const error = catchError(() => plan(destructured, ['id'], { momentun: 0.9 }, pathOf('opt')));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.equal('opt.momentun');
      expect(error.message).to.contain('did you mean "momentum"?').and.contain('lr').and.contain('momentum');
    });

    it('a destructured options parameter with ...rest accepts any key', () => {
      const p = plan(destructuredRest, ['id'], { lr: 2, anything: 'x' });
      expect(Reflect.apply(destructuredRest, undefined, completeCall(p, []))).to.deep.equal(['id', 2, { anything: 'x' }]);
    });

    it('a destructured options parameter without default still gets {} when unbound (no TypeError)', () => {
      const p = plan(destructuredNoDefault, ['id']);
      expect(Reflect.apply(destructuredNoDefault, undefined, completeCall(p, []))).to.deep.equal(['id', undefined]);
    });

    it('without an options parameter, a non-parameter keyword is UNKNOWN_PARAMETER', () => {
      const error = catchError(() => plan(required2, [], { lr: 1 }));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.equal('lr');
    });
  });

  describe('parameter names that look minified', () => {
    it('an unknown keyword says the names read from source look minified, instead of suggesting one of them', () => {
      const minified = new Registry();
      // What a minifier leaves of `class Adam { constructor(params, lr = 1e-3, betas = [0.9, 0.999]) {…} }`.
      const Adam = new Function('return class{constructor(e,n=.001,r=[.9,.999]){this.p=[e,n,r]}}')() as Callable;
      minified.register(Adam, { namespace: 'optim', name: 'Adam' });
      const error = catchError(() => new Spec('optim:Adam', { lr: 1e-3 }, { registry: minified }));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.message).to.include('the parameter names read from its source, e, n, r, look minified: register it with explicit params');
      expect(error.message).not.to.include('did you mean');
      // Short names in written code (line breaks, `, `) are the author's: the usual suggestion.
      expect(catchError(() => new Spec(three, { aa: 1 }, { registry })).message).to.include('did you mean "a"');
      // With explicit params the names are the user's, however short: the usual suggestion.
      minified.register(function pair(...args: unknown[]): unknown[] {
        return args;
      }, { namespace: 'fn', params: ['x', 'y'] });
      expect(catchError(() => new Spec('fn:pair', { xx: 1 }, { registry: minified })).message).to.include('did you mean "x"');
    });
  });

  describe('signature unavailable', () => {
    it('a native function with positional args only works (no signature, everything passed in order)', () => {
      const p = plan(nativeMax, [1, 5]);
      expect(p.signature).to.equal(undefined);
      expect(completeCall(p, [3])).to.deep.equal([1, 5, 3]);
      expect(invoke(registry.lookup(nativeMax), completeCall(p, [9]))).to.equal(9);
    });

    it('a native function with a keyword → SIGNATURE_UNAVAILABLE at the spec path, naming the target', () => {
      const error = catchError(() => plan(nativeMax, [], { value: 1 }, pathOf('model', 'act')));
      expect(error.code).to.equal('SIGNATURE_UNAVAILABLE');
      expect(error.path).to.equal('model.act');
      expect(error.target).to.equal('native:max');
      expect(error.message).to.contain('explicit params');
    });

    it('a bound function: positional works, keyword → SIGNATURE_UNAVAILABLE', () => {
      expect(invoke(registry.lookup(boundAdd), completeCall(plan(boundAdd, [1, 2]), [3]))).to.equal(123);
      const error = catchError(() => plan(boundAdd, [], { a: 1 }));
      expect(error.code).to.equal('SIGNATURE_UNAVAILABLE');
      expect(error.path).to.equal('');
      expect(error.target).to.equal('native:boundAdd');
    });

    it('through new Spec and instantiate the error carries the path', () => {
      expect(() => new Spec(nativeMax, { x: 1 }, { registry })).to.throw(ConfigSpecError).with.property('code', 'SIGNATURE_UNAVAILABLE');
      const error = catchError(() => Spec.instantiate({ a: [{ target: 'native:max', value: 1, __dense_spec__: true }] }, { registry }));
      expect(error.code).to.equal('SIGNATURE_UNAVAILABLE');
      expect(error.path).to.equal('a[0]');
      expect(Spec.instantiate({ target: 'native:max', args: [1, 4, 2], called: true, __dense_spec__: true }, { registry })).to.equal(4);
    });

    it('explicit params make keywords work on a bound function', () => {
      expect(invoke(registry.lookup(explicitAdd), completeCall(plan(explicitAdd, [], { b: 2, a: 1 }), [3]))).to.equal(123);
      const error = catchError(() => completeCall(plan(explicitAdd, [], { c: 3 }), []));
      expect(error.code).to.equal('MISSING_PARAMETER');
      expect(error.message).to.contain('"a", "b"');
      // c? is optional: nothing missing when a and b are bound
      expect(completeCall(plan(explicitAdd, [1, 2]), [])).to.deep.equal([1, 2]);
    });

    it('explicit params with a trailing {} mark an options object', () => {
      const p = plan(explicitOpts, [1], { lr: 2 });
      expect(invoke(registry.lookup(explicitOpts), completeCall(p, []))).to.deep.equal([1, { lr: 2 }]);
      expect(completeCall(plan(explicitOpts, [1]), [])).to.deep.equal([1, {}]);
    });
  });
});
