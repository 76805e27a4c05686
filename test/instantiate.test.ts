import { expect } from 'chai';
import { asdict, ConfigSpecError, Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { thrown as catchError } from './support/errors.js';

// Copies plain objects and arrays, keeps everything else by reference: what "unchanged" compares against.
function snapshot(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snapshot);
  if (typeof value === 'object' && value !== null) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) out[key] = snapshot((value as Record<string, unknown>)[key]);
      return out;
    }
  }
  return value;
}

const registry = new Registry();
const log: string[] = [];

function node(a: unknown = undefined, b: unknown = undefined, tag = '?'): { tag: string; a: unknown; b: unknown } {
  log.push(tag);
  return { tag, a, b };
}
registry.configurable('t', node);

@registry.configurable('t')
class Leaf {
  constructor(public name = 'leaf') {
    log.push(`Leaf(${name})`);
  }
}

@registry.configurable('optim')
class Adam {
  constructor(public params: unknown, public lr = 1e-3, public betas: [number, number] = [0.9, 0.999]) {}
}

const relu = registry.configurable('nn', function relu(x: number): number {
  return Math.max(0, x);
});

class Factory {
  static readonly kind = 'factory';
  @registry.configurable('t')
  static create(this: unknown, size = 1): { self: unknown; size: number } {
    return { self: this, size };
  }
}

function keep(a: unknown = undefined, b: unknown = undefined): { a: unknown; b: unknown } {
  return { a, b };
}
registry.configurable('t', keep);

@registry.configurable('t')
class Layer {
  constructor(public width: number, public act: unknown = undefined) {}
}

@registry.configurable('t')
class Model {
  constructor(public layers: unknown[]) {}
}

const boomError = new Error('kaboom');
@registry.configurable('t')
class Boom {
  constructor() {
    throw boomError;
  }
}

function throwsString(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw 'a plain string';
}
registry.configurable('t', throwsString);

function throwsConfigError(): never {
  throw new ConfigSpecError('UNKNOWN_TARGET', 'inner failure', { path: 'deep.inside' });
}
registry.configurable('t', throwsConfigError);

// allow lists
class SafeThing {}
registry.register(SafeThing, { namespace: 'safe' });
class SubThing {}
registry.register(SubThing, { namespace: 'safe.sub' });
class SaferThing {}
registry.register(SaferThing, { namespace: 'safer' });
class DashThing {}
registry.register(DashThing, { namespace: 'safe-x' });
class EvilThing {}
registry.register(EvilThing, { namespace: 'evil', aliases: ['safe:Sneaky'] });
function wrap(inner: unknown = undefined): { inner: unknown } {
  return { inner };
}
registry.register(wrap, { namespace: 'safe' });

const dict = (target: string, rest: Record<string, unknown> = {}): Record<string, unknown> => ({ target, ...rest, __dense_spec__: true });

describe(`instantiate (${decoratorMode})`, () => {
  beforeEach(() => {
    log.length = 0;
  });

  describe('bottom-up building', () => {
    it('builds args, then kwargs in order, before the spec itself', () => {
      const spec = new Spec(node, {
        b: new Spec(node, { tag: 'kwB', a: new Spec(node, { tag: 'kwB.a' }, { called: true, registry }) }, { called: true, registry }),
        tag: 'root',
        a2: undefined,
      }, {
        args: [new Spec(node, { tag: 'arg0', a: new Spec(node, { tag: 'arg0.a' }, { called: true, registry }) }, { called: true, registry })],
        called: true,
        registry,
      });
      const out = spec.instantiate() as { tag: string; a: { tag: string }; b: { tag: string } };
      expect(log).to.deep.equal(['arg0.a', 'arg0', 'kwB.a', 'kwB', 'root']);
      expect(out.tag).to.equal('root');
      expect(out.a.tag).to.equal('arg0');
      expect(out.b.tag).to.equal('kwB');
    });

    it('the same order holds when building from the dict', () => {
      const tree = {
        first: dict('t:node', { args: [dict('t:node', { called: true, tag: 'x.arg' })], b: dict('t:node', { called: true, tag: 'x.kw' }), called: true, tag: 'x' }),
        second: dict('t:Leaf', { called: true, name: 'y' }),
      };
      Spec.instantiateFromDict(tree, { registry });
      expect(log).to.deep.equal(['x.arg', 'x.kw', 'x', 'Leaf(y)']);
    });
  });

  describe('called specs', () => {
    it('a class is constructed with new', () => {
      const leaf = new Spec(Leaf, { name: 'n' }, { called: true, registry }).instantiate();
      expect(leaf).to.be.instanceOf(Leaf);
      expect(leaf.name).to.equal('n');
    });

    it('a function is called', () => {
      const out = Spec.instantiate(dict('t:node', { called: true, args: [1, 2], tag: 'f' }), { registry });
      expect(out).to.deep.equal({ tag: 'f', a: 1, b: 2 });
    });

    it('a static method is called on its class (this is the class)', () => {
      const out = Spec.instantiate(dict('t:Factory.create', { called: true, size: 3 }), { registry });
      expect(out.self).to.equal(Factory);
      expect(out.size).to.equal(3);
    });

    it('optional parameters left unbound get their defaults', () => {
      const adam = Spec.instantiate(dict('optim:Adam', { called: true, params: [] }), { registry });
      expect(adam).to.be.instanceOf(Adam);
      expect(adam.lr).to.equal(1e-3);
      expect(adam.betas).to.deep.equal([0.9, 0.999]);
    });

    it('a required parameter left unbound → MISSING_PARAMETER at the spec node', () => {
      const tree = { model: dict('t:Model', { called: true, layers: [dict('t:Layer', { called: true, act: null })] }) };
      const error = catchError(() => Spec.instantiate(tree, { registry }));
      expect(error.code).to.equal('MISSING_PARAMETER');
      expect(error.path).to.equal('model.layers[0]');
      expect(error.target).to.equal('t:Layer');
      expect(error.message).to.contain('"width"');
      const root = catchError(() => new Spec(Layer, {}, { called: true, registry }).instantiate());
      expect(root.code).to.equal('MISSING_PARAMETER');
      expect(root.path).to.equal('');
    });
  });

  describe('partial specs', () => {
    it('a function with nothing bound builds to the function itself', () => {
      expect(new Spec(relu, {}, { registry }).instantiate()).to.equal(relu);
      expect(Spec.instantiate({ act: dict('nn:relu') }, { registry }).act).to.equal(relu);
    });

    it('a function with something bound builds to a partial function', () => {
      const f = Spec.instantiate(dict('t:node', { tag: 'p' }), { registry });
      expect(f).to.not.equal(node);
      expect(typeof f).to.equal('function');
      expect(f(1)).to.deep.equal({ tag: 'p', a: 1, b: undefined });
    });

    it('a class with nothing bound builds to a partial function, not the class', () => {
      const p = Spec.instantiate(dict('t:Leaf'), { registry });
      expect(p).to.not.equal(Leaf);
      expect(new p('z')).to.be.instanceOf(Leaf);
    });

    it('a static method with nothing bound builds to a partial that calls it on its class', () => {
      const p = Spec.instantiate(dict('t:Factory.create'), { registry });
      expect(p).to.not.equal(Factory.create);
      const out = p(4);
      expect(out.self).to.equal(Factory);
      expect(out.size).to.equal(4);
    });

    it('design example: a partial of Adam with lr bound, called with params, is new Adam(params, lr)', () => {
      const params = [1, 2, 3];
      const adam = Spec.instantiateFromDict(dict('optim:Adam', { lr: 1e-2 }), { registry })(params);
      expect(adam).to.be.instanceOf(Adam);
      expect(adam.params).to.equal(params);
      expect(adam.lr).to.equal(1e-2);
      expect(adam.betas).to.deep.equal([0.9, 0.999]);
      // typed spec: the built partial returns an Adam
      const typed = new Spec(Adam, { lr: 0.5 }, { registry }).instantiate();
      const made: Adam = typed(params);
      expect(made.lr).to.equal(0.5);
    });
  });

  describe('containers and pass-through values', () => {
    it('plain objects and arrays are rebuilt as new containers', () => {
      const input = { a: [1, { b: 2 }], c: { d: [3] }, n: Object.assign(Object.create(null) as object, { k: 1 }) };
      const out = Spec.instantiate(input, { registry });
      expect(out).to.deep.equal(input);
      expect(out).to.not.equal(input);
      expect(out.a).to.not.equal(input.a);
      expect(out.a[1]).to.not.equal(input.a[1]);
      expect(out.c.d).to.not.equal(input.c.d);
      expect(out.n).to.not.equal(input.n);
    });

    it('primitives at the root come back as they are', () => {
      for (const value of [1, 'x', null, undefined, true]) expect(Spec.instantiate(value, { registry })).to.equal(value);
    });

    it('non-spec values pass through by identity (instances, functions, Dates, Maps, typed arrays)', () => {
      const instance = new Leaf('existing');
      const fn = (): number => 1;
      const date = new Date(0);
      const map = new Map([[1, 2]]);
      const typed = new Float32Array(4);
      const out = Spec.instantiate({ instance, fn, date, map, typed, list: [instance] }, { registry });
      expect(out.instance).to.equal(instance);
      expect(out.fn).to.equal(fn);
      expect(out.date).to.equal(date);
      expect(out.map).to.equal(map);
      expect(out.typed).to.equal(typed);
      expect(out.list[0]).to.equal(instance);
    });

    it('an object with target but no __dense_spec__ is plain data, copied, never built', () => {
      const input = { target: 't:Boom', called: true };
      const out = Spec.instantiate(input, { registry });
      expect(out).to.deep.equal(input);
      expect(out).to.not.equal(input);
    });

    it('never mutates the input: dicts, nested spec dicts and containers inside Specs', () => {
      const inner = { list: [1, 2], deep: { x: 1 } };
      const tree = {
        model: dict('t:Model', { called: true, layers: [dict('t:Layer', { called: true, width: 3, act: dict('nn:relu') }), dict('t:Layer', { width: 4 })] }),
        spec: new Spec(keep, { a: inner, b: [new Spec(Leaf, {}, { registry }), { c: dict('t:Leaf', { called: true }) }] }, { called: true, registry }),
        plain: [inner, { again: inner }],
      };
      const before = snapshot(tree);
      const json = JSON.stringify(tree);
      const out = Spec.instantiate(tree, { registry });
      expect(tree).to.deep.equal(before);
      expect(JSON.stringify(tree)).to.equal(json);
      // the built keep call got new containers, not the ones in the spec
      expect(out.spec.a).to.deep.equal(inner);
      expect(out.spec.a).to.not.equal(inner);
      expect(out.model.layers[1]).to.be.a('function');
      expect(out.model.layers[0].act).to.equal(relu);
    });
  });

  describe('sharing', () => {
    it('the same Spec object twice in a tree is built once: the same instance in every place', () => {
      const shared = new Spec(Leaf, { name: 's' }, { called: true, registry });
      const out = Spec.instantiate({ a: shared, b: [shared], c: new Spec(keep, { a: shared }, { called: true, args: [], registry }) }, { registry });
      expect(log).to.deep.equal(['Leaf(s)']);
      expect(out.a).to.be.instanceOf(Leaf);
      expect(out.b[0]).to.equal(out.a);
      expect(out.c.a).to.equal(out.a);
    });

    it('a shared partial Spec builds to one partial function', () => {
      const shared = new Spec(Leaf, { name: 'p' }, { registry });
      const out = Spec.instantiate([shared, shared], { registry });
      expect(out[0]).to.equal(out[1]);
    });

    it('is built once per instantiate call, not across calls', () => {
      const shared = new Spec(Leaf, {}, { called: true, registry });
      const first = Spec.instantiate({ a: shared }, { registry });
      const second = Spec.instantiate({ a: shared }, { registry });
      expect(first.a).to.not.equal(second.a);
    });

    it('the same spec dict object twice is built once, like a __ref__ (a shared node is visited once; issue 9 item 8)', () => {
      const d = dict('t:Leaf', { called: true, name: 'd' });
      const out = Spec.instantiate({ a: d, b: d }, { registry });
      expect(log).to.deep.equal(['Leaf(d)']);
      expect(out.a).to.be.instanceOf(Leaf);
      expect(out.b).to.equal(out.a);
    });

    it('two equal spec dicts (different objects) are built twice: sharing follows identity', () => {
      const out = Spec.instantiate({ a: dict('t:Leaf', { called: true, name: 'd' }), b: dict('t:Leaf', { called: true, name: 'd' }) }, { registry });
      expect(log).to.deep.equal(['Leaf(d)', 'Leaf(d)']);
      expect(out.a).to.not.equal(out.b);
    });
  });

  describe('recursive: false', () => {
    it('on a Spec: its argument specs are passed unbuilt, as given (a Spec stays a Spec; containers are copies)', () => {
      const arg = new Spec(Leaf, {}, { called: true, registry });
      const list = [new Spec(Leaf, {}, { registry })];
      const out = new Spec(keep, { a: arg, b: list }, { called: true, recursive: false, registry }).instantiate();
      expect(out.a).to.equal(arg);
      expect(out.b).to.deep.equal(list);
      expect(out.b).to.not.equal(list);
      expect((out.b as unknown[])[0]).to.equal(list[0]);
      expect(log).to.deep.equal([]);
    });

    it('as "__recursive__": false in a dict: argument dicts are passed unbuilt (a dict stays a dict)', () => {
      const argDict = dict('t:Leaf', { called: true });
      const positional = dict('t:Leaf', { called: true, name: 'pos' });
      const out = Spec.instantiate({ x: dict('t:keep', { args: [positional], b: argDict, called: true, __recursive__: false }) }, { registry });
      expect(out.x.a).to.deep.equal(positional);
      expect(out.x.a).to.not.equal(positional);
      expect(out.x.b).to.deep.equal(argDict);
      expect(out.x.b).to.not.equal(argDict);
      expect(log).to.deep.equal([]);
    });

    it('only the marked node is not recursive: its parent and siblings are built', () => {
      const tree = dict('t:keep', {
        called: true,
        a: dict('t:keep', { called: true, a: dict('t:Leaf', { called: true, name: 'kept' }), __recursive__: false }),
        b: dict('t:Leaf', { called: true, name: 'built' }),
      });
      const out = Spec.instantiate(tree, { registry });
      expect(out.a.a).to.deep.equal(dict('t:Leaf', { called: true, name: 'kept' }));
      expect(out.b).to.be.instanceOf(Leaf);
      expect(log).to.deep.equal(['Leaf(built)']);
    });

    it('as a call option: specs reached through plain containers are built, their arguments are not', () => {
      const innerSpec = new Spec(Leaf, { name: 'inner' }, { called: true, registry });
      const tree = {
        x: new Spec(keep, { a: innerSpec }, { called: true, registry }),
        y: [dict('t:keep', { called: true, a: dict('t:Leaf', { called: true }) })],
        z: { deeper: [new Spec(Leaf, { name: 'top' }, { called: true, registry })] },
      };
      const out = Spec.instantiate(tree, { registry, recursive: false });
      expect(out.x.a).to.equal(innerSpec);
      expect(out.y[0].a).to.deep.equal(dict('t:Leaf', { called: true }));
      expect(out.z.deeper[0]).to.be.instanceOf(Leaf);
      expect(log).to.deep.equal(['Leaf(top)']);
    });

    it('the recursive option must be a boolean', () => {
      const error = catchError(() => Spec.instantiate({}, { registry, recursive: 'no' as unknown as boolean }));
      expect(error.code).to.equal('INVALID_OVERRIDE');
      expect(error.path).to.equal('');
    });
  });

  describe('allow', () => {
    it('a namespace entry admits that namespace and its dot-children', () => {
      expect(Spec.instantiate(dict('safe:SafeThing', { called: true }), { registry, allow: ['safe'] })).to.be.instanceOf(SafeThing);
      expect(Spec.instantiate(dict('safe.sub:SubThing', { called: true }), { registry, allow: ['safe'] })).to.be.instanceOf(SubThing);
    });

    it('does not admit a namespace that only shares a prefix (not at a dot boundary)', () => {
      for (const target of ['safer:SaferThing', 'safe-x:DashThing']) {
        const error = catchError(() => Spec.instantiate({ a: [dict(target, { called: true })] }, { registry, allow: ['safe'] }));
        expect(error.code).to.equal('TARGET_NOT_ALLOWED');
        expect(error.path).to.equal('a[0]');
        expect(error.target).to.equal(target);
        expect(error.message).to.contain('safe');
      }
    });

    it('a sub-namespace entry does not admit its parent', () => {
      const error = catchError(() => Spec.instantiate(dict('safe:SafeThing', { called: true }), { registry, allow: ['safe.sub'] }));
      expect(error.code).to.equal('TARGET_NOT_ALLOWED');
      expect(error.path).to.equal('');
    });

    it('an entry with ":" admits one exact target', () => {
      expect(Spec.instantiate(dict('safe:SafeThing', { called: true }), { registry, allow: ['safe:SafeThing'] })).to.be.instanceOf(SafeThing);
      const error = catchError(() => Spec.instantiate({ w: dict('safe:wrap', { called: true }) }, { registry, allow: ['safe:SafeThing'] }));
      expect(error.code).to.equal('TARGET_NOT_ALLOWED');
      expect(error.path).to.equal('w');
      expect(error.target).to.equal('safe:wrap');
    });

    it('an alias in an allowed namespace cannot sneak past: the canonical name is checked', () => {
      for (const allow of [['safe'], ['safe:Sneaky']]) {
        const error = catchError(() => Spec.instantiate({ x: dict('safe:Sneaky', { called: true }) }, { registry, allow }));
        expect(error.code).to.equal('TARGET_NOT_ALLOWED');
        expect(error.path).to.equal('x');
        expect(error.target).to.equal('evil:EvilThing');
      }
    });

    it('a disallowed spec nested under an allowed one is reported at its own path; nothing is built', () => {
      const tree = { outer: dict('safe:wrap', { called: true, inner: [dict('safe:SafeThing'), dict('evil:EvilThing', { called: true })] }) };
      const error = catchError(() => Spec.instantiate(tree, { registry, allow: ['safe'] }));
      expect(error.code).to.equal('TARGET_NOT_ALLOWED');
      expect(error.path).to.equal('outer.inner[1]');
      expect(error.target).to.equal('evil:EvilThing');
    });

    it('a partial (not called) disallowed target is refused too', () => {
      const error = catchError(() => Spec.instantiate(new Spec(EvilThing, {}, { registry }), { allow: ['safe'] }));
      expect(error.code).to.equal('TARGET_NOT_ALLOWED');
      expect(error.path).to.equal('');
    });

    it('an empty allow list admits nothing; a non-array allow is INVALID_OVERRIDE', () => {
      const error = catchError(() => Spec.instantiate(dict('safe:SafeThing'), { registry, allow: [] }));
      expect(error.code).to.equal('TARGET_NOT_ALLOWED');
      expect(error.path).to.equal('');
      const bad = catchError(() => Spec.instantiate({}, { registry, allow: 'safe' as unknown as string[] }));
      expect(bad.code).to.equal('INVALID_OVERRIDE');
      expect(bad.path).to.equal('');
    });

    it('specs left unbuilt by recursive: false are not checked (they are not built)', () => {
      const out = Spec.instantiate(dict('safe:wrap', { called: true, inner: dict('evil:EvilThing', { called: true }), __recursive__: false }), { registry, allow: ['safe'] });
      expect(out.inner).to.deep.equal(dict('evil:EvilThing', { called: true }));
    });
  });

  describe('errors', () => {
    const layersWith = (third: Record<string, unknown>): Record<string, unknown> => ({
      model: dict('t:Model', { called: true, layers: [dict('t:Layer', { called: true, width: 1 }), dict('t:Layer', { called: true, width: 2 }), third] }),
    });

    it('a target that throws → INSTANTIATION_FAILED with the target, the path and the original error as cause', () => {
      const tree = layersWith(dict('t:Layer', { called: true, width: 3, act: dict('t:Boom', { called: true }) }));
      const error = catchError(() => Spec.instantiate(tree, { registry }));
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('model.layers[2].act');
      expect(error.target).to.equal('t:Boom');
      expect(error.cause).to.equal(boomError);
      expect(error.message).to.contain('model.layers[2].act').and.contain('t:Boom').and.contain('kaboom');
    });

    it('a thrown non-Error is the cause as it is', () => {
      const error = catchError(() => Spec.instantiate({ a: { b: dict('t:throwsString', { called: true }) } }, { registry }));
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('a.b');
      expect(error.cause).to.equal('a plain string');
      expect(error.message).to.contain('a plain string');
    });

    it('a ConfigSpecError thrown by a target is wrapped too (it is the target\'s failure)', () => {
      const error = catchError(() => Spec.instantiate({ a: dict('t:throwsConfigError', { called: true }) }, { registry }));
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('a');
      expect(error.cause).to.be.instanceOf(ConfigSpecError);
      expect((error.cause as ConfigSpecError).code).to.equal('UNKNOWN_TARGET');
    });

    it('a failing positional argument is reported at .args[i]', () => {
      const error = catchError(() => Spec.instantiate({ k: dict('t:keep', { called: true, args: [1, dict('t:Boom', { called: true })] }) }, { registry }));
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('k.args[1]');
    });

    it('a failing reserved-name keyword is reported at .kwargs.name', () => {
      function withTarget(target: unknown = undefined): unknown {
        return target;
      }
      const r = new Registry();
      r.register(withTarget, { namespace: 'k' });
      r.register(Boom, { namespace: 'k' });
      const error = catchError(() => Spec.instantiate({ x: dict('k:withTarget', { called: true, kwargs: { target: dict('k:Boom', { called: true }) } }) }, { registry: r }));
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('x.kwargs.target');
      expect(error.target).to.equal('k:Boom');
    });

    it('a failure inside a Spec tree is reported at the keyword path', () => {
      const spec = new Spec(Model, { layers: [new Spec(Layer, { width: 1, act: new Spec(Boom, {}, { called: true, registry }) }, { called: true, registry })] }, { called: true, registry });
      const error = catchError(() => spec.instantiate());
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('layers[0].act');
    });

    it('UNKNOWN_TARGET inside a nested dict: the spec path and the closest name', () => {
      const error = catchError(() => Spec.instantiate(layersWith(dict('t:Layr', { called: true, width: 3 })), { registry }));
      expect(error.code).to.equal('UNKNOWN_TARGET');
      expect(error.path).to.equal('model.layers[2]');
      expect(error.target).to.equal('t:Layr');
      expect(error.message).to.contain('did you mean "t:Layer"?');
    });

    it('UNKNOWN_PARAMETER inside a nested dict points at the key', () => {
      const error = catchError(() => Spec.instantiate(layersWith(dict('t:Layer', { called: true, width: 3, acct: null })), { registry }));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.equal('model.layers[2].acct');
      expect(error.target).to.equal('t:Layer');
      expect(error.message).to.contain('did you mean "act"?');
    });

    it('nothing after the failing node is built', () => {
      const tree = { a: dict('t:Boom', { called: true }), b: dict('t:Leaf', { called: true, name: 'after' }) };
      expect(() => Spec.instantiate(tree, { registry })).to.throw(ConfigSpecError);
      expect(log).to.deep.equal([]);
    });
  });

  describe('cycles and depth', () => {
    it('a Spec that contains itself through a container → CYCLE with the path where it closes', () => {
      const box: Record<string, unknown> = {};
      const spec = new Spec(keep, { a: box }, { called: true, registry });
      box.s = spec;
      const error = catchError(() => Spec.instantiate({ root: spec }, { registry }));
      expect(error.code).to.equal('CYCLE');
      expect(error.path).to.equal('root.a.s');
      expect(error.message).to.contain('root');
    });

    it('a spec dict that contains itself → CYCLE', () => {
      const d: Record<string, unknown> = dict('t:keep', { called: true });
      d.a = [d];
      const error = catchError(() => Spec.instantiate({ root: d }, { registry }));
      expect(error.code).to.equal('CYCLE');
      expect(error.path).to.equal('root.a[0]');
    });

    const nest = (levels: number): unknown => {
      let value: unknown = 'bottom';
      for (let i = 0; i < levels; i++) value = dict('t:keep', { called: true, a: value });
      return value;
    };

    it('builds 1,000 nested spec dicts', () => {
      let out = Spec.instantiate<unknown>(nest(1000), { registry });
      let depth = 0;
      while (typeof out === 'object' && out !== null) {
        out = (out as { a: unknown }).a;
        depth++;
      }
      expect(depth).to.equal(1000);
      expect(out).to.equal('bottom');
    });

    it('nesting past the limit → TOO_DEEP, not a stack overflow', () => {
      const error = catchError(() => Spec.instantiate(nest(2100), { registry }));
      expect(error.code).to.equal('TOO_DEEP');
      expect(error.path).to.match(/^a(\.a)+$/);
    });
  });

  describe('registries', () => {
    const other = new Registry();
    class OtherLeaf {
      constructor(public name = 'other') {}
    }
    other.register(OtherLeaf, { namespace: 't', name: 'Leaf' });

    it('the registry option resolves names in that registry', () => {
      const out = Spec.instantiate(dict('t:Leaf', { called: true }), { registry: other });
      expect(out).to.be.instanceOf(OtherLeaf);
      expect(Spec.instantiate(dict('t:Leaf', { called: true }), { registry })).to.be.instanceOf(Leaf);
    });

    it('without the option, dicts resolve in defaultRegistry', () => {
      const error = catchError(() => Spec.instantiate({ a: dict('h3-unregistered:Nothing', { called: true }) }));
      expect(error.code).to.equal('UNKNOWN_TARGET');
      expect(error.path).to.equal('a');
    });

    it('spec.instantiate() and Spec.instantiate(spec) use the spec\'s own registry', () => {
      const spec = new Spec('t:Leaf', {}, { called: true, registry: other });
      expect(spec.instantiate()).to.be.instanceOf(OtherLeaf);
      expect(Spec.instantiate({ s: spec }).s).to.be.instanceOf(OtherLeaf);
      const mine = new Spec('t:Leaf', {}, { called: true, registry });
      expect(Spec.instantiate([mine, spec]).map((x: object) => x.constructor)).to.deep.equal([Leaf, OtherLeaf]);
    });

    it('the registry option overrides the spec\'s own registry', () => {
      const spec = new Spec('t:Leaf', {}, { called: true, registry });
      expect(spec.instantiate({ registry: other })).to.be.instanceOf(OtherLeaf);
      const missing = new Spec(keep, {}, { called: true, registry });
      const error = catchError(() => Spec.instantiate({ m: missing }, { registry: other }));
      expect(error.code).to.equal('UNKNOWN_TARGET');
      expect(error.path).to.equal('m');
    });
  });

  describe('round trip with asdict', () => {
    it('asdict of a Spec tree, rebuilt, gives equal values', () => {
      const tree = { tx: new Spec(Adam, { lr: 0.1 }, { registry }), layer: new Spec(Layer, { width: 2, act: new Spec(relu, {}, { registry }) }, { called: true, registry }) };
      const out = Spec.instantiateFromDict(JSON.parse(JSON.stringify(asdict(tree, { registry }))), { registry });
      expect(out.layer).to.be.instanceOf(Layer);
      expect(out.layer.act).to.equal(relu);
      expect(out.tx([]).lr).to.equal(0.1);
    });
  });

  describe('regressions', () => {
    it('spec dicts among the arguments of a Spec from an isolated registry resolve in that registry', () => {
      const isolated = new Registry();
      class Inner {
        constructor(public size = 1) {}
      }
      isolated.configurable('iso', Inner);
      function outer(child: unknown): unknown {
        return { child };
      }
      isolated.configurable('iso', outer);
      const spec = new Spec(outer, { child: { target: 'iso:Inner', size: 3, called: true, __dense_spec__: true } }, { called: true, registry: isolated });
      const built = spec.instantiate() as { child: Inner };
      expect(built.child).to.be.instanceOf(Inner);
      expect(built.child.size).to.equal(3);
      const error = catchError(() => Spec.instantiate({ s: spec }, { registry }));
      expect(error.code).to.equal('UNKNOWN_TARGET');
      expect(error.path).to.equal('s');
    });

    it('a getter that throws inside the input is INSTANTIATION_FAILED at its container, with the error as cause', () => {
      const boom = new Error('getter');
      const layer = Object.defineProperty({}, 'width', { enumerable: true, get: () => { throw boom; } });
      const error = catchError(() => Spec.instantiate({ model: { layers: [layer] } }, { registry }));
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('model.layers[0]');
      expect(error.cause).to.equal(boom);
    });
  });
});
