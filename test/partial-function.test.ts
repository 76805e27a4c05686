import { expect } from 'chai';
import { asdict, ConfigSpecError, isSpec, Registry, Spec, type PartialFunction } from '../src/index.js';
import { specOfPartial } from '../src/partial-function.js';
import { decoratorMode } from './support/mode.js';
import { thrown as catchError } from './support/errors.js';

const registry = new Registry();

@registry.configurable('p')
class Child {
  static count = 0;
  readonly serial: number;
  constructor(public label = 'child') {
    this.serial = ++Child.count;
  }
}

@registry.configurable('p')
class Net {
  static readonly family = 'nets';
  static describe(): string {
    return 'a net';
  }
  constructor(public inputs: unknown, public child: unknown = undefined, public depth = 1) {}
}

@registry.configurable('optim')
class Adam {
  constructor(public params: unknown, public lr = 1e-3, public betas: [number, number] = [0.9, 0.999]) {}
}

@registry.configurable({ namespace: 'optim', options: true })
class Sgd {
  constructor(public params: unknown, public lr = 0.1, public opts: Record<string, unknown> = {}) {}
}

@registry.configurable('optim')
class Momentum {
  readonly lr: number;
  readonly momentum: number | undefined;
  constructor(public params: unknown, { lr = 1e-3, momentum }: { lr?: number; momentum?: number } = {}) {
    this.lr = lr;
    this.momentum = momentum;
  }
}

// Keeps the options object it was given and consumes a key from it, as some constructors do.
@registry.configurable({ namespace: 'p', options: true })
class Greedy {
  readonly taken: unknown;
  constructor(public id: unknown, public opts: Record<string, unknown>) {
    this.taken = opts.token;
    delete opts.token;
  }
}
// Used by name only: registered by their decorators.
void Momentum;
void Greedy;

@registry.configurable({ namespace: 'p', options: true })
class WithDefaultOpts {
  constructor(public id: unknown, public opts: Record<string, unknown> = { fromDefault: true }) {}
}

function collect(first: unknown, second: unknown = 'two', ...rest: unknown[]): unknown[] {
  return [first, second, rest];
}
// Any value goes into it: its default's type (a string) is not inferred.
registry.configurable({ namespace: 'p', infer: false }, collect);

function scale(x: number, factor = 2): number {
  return x * factor;
}
registry.configurable('p', scale);

function needsTwo(a: unknown, b: unknown): unknown[] {
  return [a, b];
}
registry.configurable('p', needsTwo);

const targetError = new Error('target failed on its own');
@registry.configurable('p')
class Fails {
  constructor(public when: string) {
    if (when === 'now') throw targetError;
  }
}

class Tools {
  static readonly id = 'tools';
  @registry.configurable('p')
  static make(this: unknown, size: number, unit = 'px'): { self: unknown; size: number; unit: string } {
    return { self: this, size, unit };
  }
}

const dict = (target: string, rest: Record<string, unknown> = {}): Record<string, unknown> => ({ target, ...rest, __dense_spec__: true });

describe(`partial functions (${decoratorMode})`, () => {
  describe('a partial of a class', () => {
    const build = (): PartialFunction<Net> => new Spec(Net, { depth: 3 }, { registry }).instantiate() as unknown as PartialFunction<Net>;

    it('can be called without new and with new, constructing the class', () => {
      const p = build();
      const called = p('in');
      const constructed = new p('in');
      for (const net of [called, constructed]) {
        expect(net).to.be.instanceOf(Net);
        expect(net.inputs).to.equal('in');
        expect(net.depth).to.equal(3);
      }
    });

    it('its prototype is the class prototype, so instanceof works through the partial', () => {
      const p = build();
      expect(p.prototype).to.equal(Net.prototype);
      expect(p('x')).to.be.instanceOf(p);
      expect(new Net('direct')).to.be.instanceOf(p);
      expect({}).to.not.be.instanceOf(p);
    });

    it('reaches static members through it', () => {
      const p = build() as unknown as typeof Net;
      expect(p.family).to.equal('nets');
      expect(p.describe()).to.equal('a net');
    });

    it('has the class name and is not the class itself', () => {
      const p = build();
      expect(p.name).to.equal('Net');
      expect(p).to.not.equal(Net);
    });

    it('constructs a new object on each call', () => {
      const p = build();
      const a = p(1);
      const b = p(1);
      expect(a).to.not.equal(b);
      expect(a).to.deep.equal(b);
    });

    it('shares the already-built children across its calls', () => {
      const p = new Spec(Net, { child: new Spec(Child, { label: 'shared' }, { called: true, registry }) }, { registry }).instantiate() as unknown as PartialFunction<Net>;
      const a = p(1);
      const b = p(2);
      expect(a.child).to.be.instanceOf(Child);
      expect(a.child).to.equal(b.child);
      expect(p.kwargs.child).to.equal(a.child);
    });

    it('a partial child is one partial function shared by the outer partial\'s calls, making new objects when called', () => {
      const p = Spec.instantiate<PartialFunction<Net>>(dict('p:Net', { child: dict('p:Child') }), { registry });
      const first = p(1).child as PartialFunction<Child>;
      expect(p(2).child).to.equal(first);
      expect(first()).to.not.equal(first());
    });
  });

  describe('introspection', () => {
    it('carries target, func, args and kwargs (the built values)', () => {
      const p = Spec.instantiate<PartialFunction<Net>>(dict('p:Net', { args: [[1, 2]], child: dict('p:Child', { called: true, label: 'k' }) }), { registry });
      expect(p.target).to.equal('p:Net');
      expect(p.func).to.equal(Net);
      expect(p.args).to.deep.equal([[1, 2]]);
      expect(Object.keys(p.kwargs)).to.deep.equal(['child']);
      expect(p.kwargs.child).to.be.instanceOf(Child);
      expect((p.kwargs.child as Child).label).to.equal('k');
      expect(p(undefined).inputs).to.equal(p.args[0]);
    });

    it('its args and kwargs are frozen', () => {
      const p = Spec.instantiate<PartialFunction<number>>(dict('p:scale', { factor: 3 }), { registry });
      expect(Object.isFrozen(p.args)).to.equal(true);
      expect(Object.isFrozen(p.kwargs)).to.equal(true);
      expect(() => {
        (p.kwargs as Record<string, unknown>).factor = 4;
      }).to.throw(TypeError);
      expect(p(1)).to.equal(3);
    });

    it('asdict turns a partial built from a dict back into that dict', () => {
      const input = dict('p:Net', { args: ['in'], child: dict('p:Child', { called: true, label: 'k' }), depth: 2 });
      const p = Spec.instantiate(input, { registry });
      expect(asdict(p, { registry })).to.deep.equal(input);
      expect(JSON.stringify(asdict({ net: p }, { registry }))).to.equal(JSON.stringify({ net: input }));
    });

    it('asdict turns a partial built from a Spec back into the spec\'s dict', () => {
      const spec = new Spec(Net, { child: new Spec(Child, {}, { called: true, registry }), depth: 4 }, { registry });
      const p = spec.instantiate();
      expect(asdict(p, { registry })).to.deep.equal(spec.toDict());
      expect(specOfPartial(p)).to.equal(spec);
    });

    it('specOfPartial is undefined for other values', () => {
      expect(specOfPartial(Net)).to.equal(undefined);
      expect(specOfPartial(() => 1)).to.equal(undefined);
      expect(specOfPartial({})).to.equal(undefined);
    });
  });

  describe('call-time arguments', () => {
    it('fill the still-unbound positions left to right (design example)', () => {
      const params = [{ w: 1 }];
      const adam = Spec.instantiateFromDict(dict('optim:Adam', { lr: 1e-3 }), { registry })(params);
      expect(adam).to.be.instanceOf(Adam);
      expect(adam.params).to.equal(params);
      expect(adam.lr).to.equal(1e-3);
      expect(adam.betas).to.deep.equal([0.9, 0.999]);
      const betas = Spec.instantiateFromDict(dict('optim:Adam', { lr: 0.5 }), { registry })(params, [0.1, 0.2]);
      expect(betas.betas).to.deep.equal([0.1, 0.2]);
    });

    it('extra call-time arguments pass through (a rest parameter receives them)', () => {
      const p = Spec.instantiate(dict('p:collect', { second: 'bound' }), { registry });
      expect(p('first', 'r1', 'r2')).to.deep.equal(['first', 'bound', ['r1', 'r2']]);
      const q = Spec.instantiate(dict('p:collect', { args: [1, 2, 3] }), { registry });
      expect(q(4)).to.deep.equal([1, 2, [3, 4]]);
    });

    it('keywords that are not parameters go into the options object; a call-time argument landing on it merges over', () => {
      const p = Spec.instantiate(dict('optim:Sgd', { lr: 0.5, nesterov: true, wd: 1 }), { registry });
      const plain = p('params');
      expect(plain).to.be.instanceOf(Sgd);
      expect(plain.lr).to.equal(0.5);
      expect(plain.opts).to.deep.equal({ nesterov: true, wd: 1 });
      const merged = p('params', { wd: 2, extra: 'x' });
      expect(merged.opts).to.deep.equal({ nesterov: true, wd: 2, extra: 'x' });
      // the bound options are not changed by the merge
      expect(p('params').opts).to.deep.equal({ nesterov: true, wd: 1 });
    });

    it('a keyword with the options parameter\'s own name binds the whole object; flattened keys merge over it', () => {
      const whole = { nesterov: false, wd: 1 };
      const p = Spec.instantiate(dict('optim:Sgd', { opts: whole, wd: 3 }), { registry });
      expect(p('x').opts).to.deep.equal({ nesterov: false, wd: 3 });
      expect(whole).to.deep.equal({ nesterov: false, wd: 1 });
      // bound by name, the options slot is not free: the next call-time argument passes through as an extra
      const q = Spec.instantiate(dict('optim:Sgd', { opts: { a: 1 } }), { registry });
      const sgd = q('params', 0.2, { ignored: true });
      expect(sgd.lr).to.equal(0.2);
      expect(sgd.opts).to.deep.equal({ a: 1 });
    });

    it('a destructured options parameter: keys are checked when the partial is built, defaults apply', () => {
      const p = Spec.instantiate(dict('optim:Momentum', { momentum: 0.9 }), { registry });
      const m = p('params');
      expect(m.lr).to.equal(1e-3);
      expect(m.momentum).to.equal(0.9);
      const error = catchError(() => Spec.instantiate({ tx: dict('optim:Momentum', { momentun: 0.9 }) }, { registry }));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.equal('tx.momentun');
      expect(error.message).to.contain('did you mean "momentum"?');
    });

    it('an unbound options parameter with a default keeps its default; without a default it gets {}', () => {
      const withDefault = Spec.instantiate(dict('p:WithDefaultOpts'), { registry });
      expect(withDefault('id').opts).to.deep.equal({ fromDefault: true });
      const noDefault = Spec.instantiate(dict('p:Greedy', { args: ['id'] }), { registry });
      expect(noDefault().opts).to.deep.equal({});
    });

    it('a static method partial calls the method on its class', () => {
      const p = Spec.instantiate(dict('p:Tools.make', { unit: 'em' }), { registry });
      const out = p(12);
      expect(out.self).to.equal(Tools);
      expect(out).to.deep.include({ size: 12, unit: 'em' });
      // even with nothing bound it is a partial (with `this` bound to the class), not the bare method
      const bare = Spec.instantiate(dict('p:Tools.make'), { registry });
      expect(bare).to.not.equal(Tools.make);
      expect(bare(1).self).to.equal(Tools);
    });
  });

  describe('errors when the partial is called', () => {
    it('a required parameter still unbound → MISSING_PARAMETER naming the target and the path where the partial was built', () => {
      const built = Spec.instantiate({ model: { opt: [dict('p:needsTwo', { b: 1 })] } }, { registry });
      const p = built.model.opt[0] as PartialFunction<unknown[]>;
      const error = catchError(() => p());
      expect(error.code).to.equal('MISSING_PARAMETER');
      expect(error.path).to.equal('model.opt[0]');
      expect(error.target).to.equal('p:needsTwo');
      expect(error.message).to.contain('"a"').and.contain('p:needsTwo').and.contain('model.opt[0]');
      expect(p('a')).to.deep.equal(['a', 1]);
    });

    it('with `new` too, on a class partial', () => {
      const p = Spec.instantiate({ tx: dict('optim:Adam', { lr: 1 }) }, { registry }).tx as PartialFunction<Adam>;
      const error = catchError(() => new p());
      expect(error.code).to.equal('MISSING_PARAMETER');
      expect(error.path).to.equal('tx');
      expect(error.target).to.equal('optim:Adam');
      expect(error.message).to.contain('"params"');
    });

    it('the target\'s own error propagates unchanged (not wrapped)', () => {
      const p = Spec.instantiate({ x: [dict('p:Fails')] }, { registry }).x[0] as PartialFunction<Fails>;
      expect(p('later')).to.be.instanceOf(Fails);
      let caught: unknown;
      try {
        p('now');
      } catch (error) {
        caught = error;
      }
      expect(caught).to.equal(targetError);
      expect(caught).to.not.be.instanceOf(ConfigSpecError);
    });

    it('building a partial does not call its target (a throwing target fails only when called)', () => {
      expect(() => Spec.instantiate(dict('p:Fails', { when: 'now' }), { registry })).to.not.throw();
      const p = Spec.instantiate(dict('p:Fails', { when: 'now' }), { registry });
      expect(() => p()).to.throw(targetError);
    });
  });

  describe('partial() and registry.partial()', () => {
    it('binds values as given: a Spec stays a Spec (not built)', () => {
      const child = new Spec(Child, {}, { called: true, registry });
      const p = registry.partial(Net, { child });
      expect(p.kwargs.child).to.equal(child);
      const net = p('in');
      expect(net).to.be.instanceOf(Net);
      expect(isSpec(net.child)).to.equal(true);
      expect(net.child).to.equal(child);
    });

    it('with nothing bound gives a partial function, not the function itself', () => {
      const p = registry.partial(scale);
      expect(p).to.not.equal(scale);
      expect(p(3)).to.equal(6);
      expect(p.func).to.equal(scale);
      expect(p.target).to.equal('p:scale');
    });

    it('positional args are bound from the left; call-time args fill the rest', () => {
      const p = registry.partial(collect, {}, 'a');
      expect(p()).to.deep.equal(['a', 'two', []]);
      expect(p('b', 'c')).to.deep.equal(['a', 'b', ['c']]);
      expect(p.args).to.deep.equal(['a']);
    });

    it('asdict writes it as its spec dict', () => {
      const p = registry.partial(Adam, { lr: 0.01 });
      expect(asdict({ tx: p }, { registry })).to.deep.equal({ tx: dict('optim:Adam', { lr: 0.01 }) });
      expect(p([1]).lr).to.equal(0.01);
    });

    it('accepts a registered name', () => {
      const p = registry.partial<Adam>('optim:Adam', { lr: 0.2 });
      expect(p([]).lr).to.equal(0.2);
    });

    it('an unknown keyword → UNKNOWN_PARAMETER at the key with the closest name', () => {
      const error = catchError(() => registry.partial(Adam, { lrr: 1 }));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.equal('lrr');
      expect(error.target).to.equal('optim:Adam');
      expect(error.message).to.contain('did you mean "lr"?');
    });

    it('an unregistered target → UNKNOWN_TARGET', () => {
      class Unregistered {}
      const error = catchError(() => registry.partial(Unregistered));
      expect(error.code).to.equal('UNKNOWN_TARGET');
      expect(error.path).to.equal('');
      const named = catchError(() => registry.partial('optim:Adamm'));
      expect(named.code).to.equal('UNKNOWN_TARGET');
      expect(named.message).to.contain('did you mean "optim:Adam"?');
    });

    it('a missing parameter at call time is a ConfigSpecError at the root', () => {
      const p = registry.partial(needsTwo, { b: 2 });
      const error = catchError(() => p());
      expect(error.code).to.equal('MISSING_PARAMETER');
      expect(error.path).to.equal('');
      expect(error.target).to.equal('p:needsTwo');
    });
  });

  describe('regressions', () => {
    it('each call of a partial gets its own options object (a target mutating it does not affect later calls)', () => {
      const p = Spec.instantiate(dict('p:Greedy', { token: 'secret', other: 1 }), { registry });
      const first = p('a');
      const second = p('b');
      expect(first.taken).to.equal('secret');
      expect(second.taken).to.equal('secret');
      expect(first.opts).to.not.equal(second.opts);
      expect(second.opts).to.deep.equal({ other: 1 });
      expect(p.kwargs).to.deep.equal({ token: 'secret', other: 1 });
    });

    it('an explicit undefined call-time argument on an unbound options parameter lets its default apply', () => {
      const p = Spec.instantiate(dict('p:WithDefaultOpts'), { registry });
      expect(p('id', undefined).opts).to.deep.equal({ fromDefault: true });
      expect(new WithDefaultOpts('id', undefined).opts).to.deep.equal({ fromDefault: true });
      // with bound options, an undefined call-time argument leaves them as bound
      const q = Spec.instantiate(dict('p:WithDefaultOpts', { flag: 1 }), { registry });
      expect(q('id', undefined).opts).to.deep.equal({ flag: 1 });
    });
  });
});
