/* eslint-disable @typescript-eslint/no-unused-vars -- parameters are what these tests read. */
import { expect } from 'chai';
import { ConfigSpecError, configurable, defaultRegistry, Registry, Spec, type ErrorCode, type Signature, type Callable } from '../src/index.js';
import { unwrap, wrapperOf } from '../src/tracking.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';
import { loose } from './support/loose.js';

/** Calls a decorator or `configurable` with whatever arguments a decorator runtime would pass. */
type AnyCall = (...args: unknown[]) => unknown;

function signature(registry: Registry, target: Callable | string): Signature {
  return registry.signatureOf(registry.lookup(target));
}

function names(sig: Signature): (string | undefined)[] {
  return sig.params.map((p) => p.name);
}

/** Own keys and their descriptors, to show that registration leaves a function as it was. */
function snapshot(fn: Callable): unknown {
  return { keys: Reflect.ownKeys(fn), descriptors: Object.getOwnPropertyDescriptors(fn), proto: Object.getPrototypeOf(fn), extensible: Object.isExtensible(fn) };
}

class Inner {}

describe(`decorators (${decoratorMode})`, () => {
  describe('@configurable on classes', () => {
    it('@configurable() registers the class under its own name, tracked', () => {
      const registry = new Registry();
      @registry.configurable()
      class Plain {
        constructor(readonly a = 1) {}
      }
      expect(registry.resolve('Plain')).to.equal(Plain);
      const entry = registry.lookup(Plain);
      expect(entry).to.deep.include({ name: 'Plain', namespace: '', kind: 'class', track: true, owner: undefined });
    });

    it("@configurable('ns') registers in the namespace", () => {
      const registry = new Registry();
      @registry.configurable('@scope/pkg.models')
      class Net {}
      expect(registry.nameOf(Net)).to.equal('@scope/pkg.models:Net');
    });

    it('@configurable({...}) takes namespace, name, params, options, aliases, runtime and track', () => {
      const registry = new Registry();
      @registry.configurable({ namespace: 'optim', name: 'Sgd', params: ['params', 'lr?', 'opts{}'], options: 'opts', aliases: ['SGD', 'legacy:Sgd'], runtime: ['params'], track: false })
      class Minified {
        constructor(...args: unknown[]) {}
      }
      const entry = registry.lookup('optim:Sgd');
      expect(entry.fn).to.equal(Minified);
      expect(entry).to.deep.include({ namespace: 'optim', options: 'opts', track: false });
      expect(entry.params).to.deep.equal(['params', 'lr?', 'opts{}']);
      expect(entry.aliases).to.deep.equal(['optim:SGD', 'legacy:Sgd']);
      expect(entry.runtime).to.deep.equal(['params']);
      expect(registry.resolve('optim:SGD')).to.equal(Minified);
      expect(registry.resolve('legacy:Sgd')).to.equal(Minified);
      expect(registry.has('optim:Minified')).to.equal(false);
      const sig = signature(registry, Minified);
      expect(names(sig)).to.deep.equal(['params', 'lr', 'opts']);
      expect(sig.optionsIndex).to.equal(2);
    });

    it('builds a decorated class by name', () => {
      const registry = new Registry();
      @registry.configurable('optim')
      class Adam {
        constructor(readonly params: number[], readonly lr = 1e-3, readonly betas: [number, number] = [0.9, 0.999]) {}
      }
      const built = new Spec(Adam, { lr: 0.1 }, { registry }).instantiate()([1, 2]);
      expect(built).to.be.instanceOf(Adam);
      expect(built).to.deep.include({ params: [1, 2], lr: 0.1, betas: [0.9, 0.999] });
    });

    it('keeps the class name, length, statics, prototype and instanceof', () => {
      const registry = new Registry();
      class Undecorated {
        static VERSION = 3;
        static helper(): string {
          return 'h';
        }
        constructor(a: number, b: number, c = 1) {}
        method(): string {
          return 'm';
        }
      }
      @registry.configurable('keep')
      class Keeps {
        static VERSION = 3;
        static helper(): string {
          return 'h';
        }
        constructor(a: number, b: number, c = 1) {}
        method(): string {
          return 'm';
        }
      }
      expect(Keeps.name).to.equal('Keeps');
      expect(Keeps.length).to.equal(2);
      expect(Keeps.VERSION).to.equal(3);
      expect(Keeps.helper()).to.equal('h');
      const instance = new Keeps(1, 2);
      expect(instance).to.be.instanceOf(Keeps);
      expect(instance.method()).to.equal('m');
      expect(Object.getPrototypeOf(instance)).to.equal(Keeps.prototype);
      expect(instance.constructor).to.equal(Keeps);
      // Keeps is the tracking wrapper: a subclass of the class as written, which holds the static
      // keys and the methods; the wrapper inherits them (issue 3).
      const written = unwrap(Keeps);
      expect(written).to.not.equal(Keeps);
      expect(Object.getPrototypeOf(Keeps)).to.equal(written);
      expect(Object.getPrototypeOf(Keeps.prototype)).to.equal(written.prototype);
      expect(Object.keys(Keeps)).to.deep.equal([]);
      expect('VERSION' in Keeps).to.equal(true);
      expect(Object.keys(written).sort()).to.deep.equal(Object.keys(Undecorated).sort());
      expect(Object.getOwnPropertyNames(Keeps.prototype)).to.deep.equal(['constructor']);
      expect(Object.getOwnPropertyNames(written.prototype)).to.deep.equal(Object.getOwnPropertyNames(Undecorated.prototype));
      // The instance's own keys are those an undecorated instance has (the record is a hidden symbol).
      expect(Object.keys(instance)).to.deep.equal(Object.keys(new Undecorated(1, 2)));
      expect(registry.resolve('keep:Keeps')).to.equal(Keeps);
      expect(registry.lookup(Keeps).source).to.equal(written);
      expect(names(signature(registry, Keeps))).to.deep.equal(['a', 'b', 'c']);
    });

    it('gives a subclass without a constructor its parent parameters, and one with a constructor its own', () => {
      const registry = new Registry();
      @registry.configurable('sub')
      class Base {
        constructor(readonly a: number, readonly b = 2) {}
      }
      @registry.configurable('sub')
      class NoCtor extends Base {
        extra = 'x';
      }
      @registry.configurable('sub')
      class OwnCtor extends Base {
        constructor(readonly c: string, a: number) {
          super(a, 7);
        }
      }
      @registry.configurable('sub')
      class Grand extends NoCtor {}
      expect(names(signature(registry, NoCtor))).to.deep.equal(['a', 'b']);
      expect(names(signature(registry, OwnCtor))).to.deep.equal(['c', 'a']);
      expect(names(signature(registry, Grand))).to.deep.equal(['a', 'b']);
      const noCtor = new Spec(NoCtor, { b: 5, a: 1 }, { registry, called: true }).instantiate();
      expect(noCtor).to.be.instanceOf(NoCtor).and.to.be.instanceOf(Base);
      expect(noCtor).to.deep.include({ a: 1, b: 5, extra: 'x' });
      const own = new Spec(OwnCtor, { c: 'see', a: 3 }, { registry, called: true }).instantiate();
      expect(own).to.be.instanceOf(OwnCtor);
      expect(own).to.deep.include({ a: 3, b: 7, c: 'see' });
      expectError(() => new Spec(OwnCtor, { b: 1 }, { registry }), 'UNKNOWN_PARAMETER', 'b');
      expect(registry.nameOf(Grand)).to.equal('sub:Grand');
    });

    it('registers a decorated subclass of an undecorated class', () => {
      const registry = new Registry();
      class ThirdPartyBase {
        constructor(readonly url: string, readonly retries = 3) {}
      }
      @registry.configurable('sub')
      class Mine extends ThirdPartyBase {}
      expect(names(signature(registry, Mine))).to.deep.equal(['url', 'retries']);
      expect(registry.nameOf(ThirdPartyBase)).to.equal(undefined);
    });

    it('replaces a decorated class evaluated again with the same source (hot reload)', () => {
      const registry = new Registry();
      const load = (): Callable => {
        @registry.configurable('hot')
        class Reloaded {
          constructor(readonly x = 1) {}
        }
        return Reloaded;
      };
      const first = load();
      const second = load();
      expect(first).not.to.equal(second);
      expect(registry.resolve('hot:Reloaded')).to.equal(second);
      expect([...registry.entries()]).to.have.length(1);
    });

    it('throws DUPLICATE_TARGET for a different decorated class under a taken name', () => {
      const registry = new Registry();
      @registry.configurable('dup')
      class Taken {
        constructor(readonly x = 1) {}
      }
      const error = expectError(() => {
        @registry.configurable({ namespace: 'dup', name: 'Taken' })
        class Other {
          constructor(readonly y = 2) {}
        }
        return Other;
      }, 'DUPLICATE_TARGET');
      expect(error.target).to.equal('dup:Taken');
      expect(registry.resolve('dup:Taken')).to.equal(Taken);
    });

    it('checks the options when the decorator is applied', () => {
      const registry = new Registry();
      const decorator = registry.configurable(loose<string>({ namspace: 'x' }));
      expect(decorator).to.be.a('function');
      const error = expectError(() => {
        @decorator
        class Misspelt {}
        return Misspelt;
      }, 'INVALID_REGISTRATION');
      expect(error.message).to.include('did you mean "namespace"');
      const badNamespace = expectError(() => {
        @registry.configurable('bad namespace')
        class Bad {}
        return Bad;
      }, 'INVALID_REGISTRATION');
      expect(badNamespace.message).to.include('"bad namespace"');
      expect([...registry.entries()]).to.have.length(0);
    });

    it('the top-level configurable decorates into defaultRegistry', () => {
      @configurable('h1.decorators')
      class InDefault {
        constructor(readonly v = 0) {}
      }
      expect(defaultRegistry.nameOf(InDefault)).to.equal('h1.decorators:InDefault');
      expect(defaultRegistry.lookup(InDefault).track).to.equal(true);
      expect(new Spec(InDefault, { v: 2 }, { called: true }).instantiate().v).to.equal(2);
    });
  });

  describe('@configurable on static methods', () => {
    it('registers ns:Class.method and calls it on its class', () => {
      const registry = new Registry();
      class Shapes {
        constructor(readonly sides: number, readonly scale: number) {}
        @registry.configurable('geo')
        static polygon(sides: number, scale = 1): Shapes {
          return new this(sides, scale);
        }
        @registry.configurable('geo')
        static self(): unknown {
          return this;
        }
      }
      const entry = registry.lookup('geo:Shapes.polygon');
      expect(entry).to.deep.include({ kind: 'static-method', owner: Shapes, key: 'polygon', fn: Shapes.polygon, namespace: 'geo', track: false });
      expect(registry.nameOf(Shapes.polygon)).to.equal('geo:Shapes.polygon');
      expect(registry.nameOf(Shapes)).to.equal(undefined);
      expect(names(signature(registry, Shapes.polygon))).to.deep.equal(['sides', 'scale']);
      const built = new Spec(Shapes.polygon, { sides: 3 }, { registry, called: true }).instantiate();
      expect(built).to.be.instanceOf(Shapes);
      expect(built).to.deep.include({ sides: 3, scale: 1 });
      expect(new Spec('geo:Shapes.self', {}, { registry, called: true }).instantiate()).to.equal(Shapes);
      // A partial calls it on its class too.
      const later = new Spec(Shapes.polygon, { scale: 2 }, { registry }).instantiate();
      expect(later(5)).to.deep.include({ sides: 5, scale: 2 });
      expect(new Spec(Shapes.self, {}, { registry }).instantiate().call(undefined)).to.equal(Shapes);
    });

    it('registers without a namespace and with an explicit name', () => {
      const registry = new Registry();
      class Factory {
        @registry.configurable()
        static make(a: number): number {
          return a;
        }
        @registry.configurable({ namespace: 'f', name: 'build', aliases: ['construct'] })
        static create(b: number): number {
          return b * 2;
        }
      }
      expect(registry.resolve('Factory.make')).to.equal(Factory.make);
      expect(registry.resolve('f:build')).to.equal(Factory.create);
      expect(registry.resolve('f:construct')).to.equal(Factory.create);
      expect(new Spec('f:construct', { b: 4 }, { registry, called: true }).instantiate()).to.equal(8);
    });

    it('works with the class decorated too', () => {
      const registry = new Registry();
      @registry.configurable('both')
      class Model {
        constructor(readonly layers: number) {}
        @registry.configurable('both')
        static small(): Model {
          return new Model(1);
        }
      }
      expect(registry.nameOf(Model)).to.equal('both:Model');
      expect(registry.nameOf(Model.small)).to.equal('both:Model.small');
      // Legacy decorators register the static method before the class decorator replaces the class,
      // so the owner is the class as written there and the wrapper in standard mode; either way the
      // method is called on the wrapper.
      const owner = registry.lookup(Model.small).owner;
      expect(owner).to.equal(decoratorMode === 'legacy' ? unwrap(Model) : Model);
      expect(wrapperOf(owner as Callable)).to.equal(Model);
      expect(new Spec(Model.small, {}, { registry, called: true }).instantiate()).to.deep.include({ layers: 1 });
      expect(Model.small()).to.be.instanceOf(Model);
    });

    it('leaves the static method in place, unchanged', () => {
      const registry = new Registry();
      class Holder {
        @registry.configurable('keep')
        static method(x: number): number {
          return x + 1;
        }
      }
      const descriptor = Object.getOwnPropertyDescriptor(Holder, 'method');
      expect(descriptor?.value).to.equal(registry.resolve('keep:Holder.method'));
      expect(descriptor?.enumerable).to.equal(false);
      expect(descriptor?.writable).to.equal(true);
      expect(Holder.method(1)).to.equal(2);
      expect(Holder.method.name).to.equal('method');
    });

    it('replaces a decorated static method evaluated again with the same source (hot reload)', () => {
      const registry = new Registry();
      const load = (): { make: (n: number) => number } => {
        class Reloaded {
          @registry.configurable('hot')
          static make(n: number): number {
            return n;
          }
        }
        return Reloaded;
      };
      const first = load();
      const second = load();
      expect(registry.resolve('hot:Reloaded.make')).to.equal(second.make);
      expect(registry.lookup('hot:Reloaded.make').owner).to.equal(second);
      expect(registry.lookup('hot:Reloaded.make').owner).not.to.equal(first);
    });

    it('rejects an instance method with INVALID_REGISTRATION when the class is defined', () => {
      const registry = new Registry();
      const error = expectError(() => {
        class WithMethod {
          @registry.configurable('bad')
          run(x: number): number {
            return x;
          }
        }
        return WithMethod;
      }, 'INVALID_REGISTRATION');
      expect(error.message).to.include('"run"');
      expect(error.message).to.include('static method');
      expect([...registry.entries()]).to.have.length(0);
    });
  });

  describe('configurable(fn) forms', () => {
    it('configurable(fn) registers without a namespace and returns fn unchanged', () => {
      const registry = new Registry();
      function factory(a: number): number {
        return a;
      }
      const before = snapshot(factory);
      const returned = registry.configurable(factory);
      expect(returned).to.equal(factory);
      expect(snapshot(factory)).to.deep.equal(before);
      expect(registry.nameOf(factory)).to.equal('factory');
      expect(registry.lookup(factory).track).to.equal(false);
    });

    it("configurable('ns', fn) registers in the namespace and returns fn unchanged", () => {
      const registry = new Registry();
      const relu = function relu(x: number): number {
        return Math.max(0, x);
      };
      const before = snapshot(relu);
      expect(registry.configurable('nn', relu)).to.equal(relu);
      expect(snapshot(relu)).to.deep.equal(before);
      expect(registry.resolve('nn:relu')).to.equal(relu);
      expect(new Spec(relu, {}, { registry }).instantiate()).to.equal(relu);
    });

    it('configurable(options, fn) takes every option and returns fn unchanged', () => {
      const registry = new Registry();
      const minified = function a(...args: unknown[]): unknown[] {
        return args;
      };
      const before = snapshot(minified);
      expect(registry.configurable({ namespace: 'lib', name: 'collect', params: ['first', '...rest'], aliases: ['gather'] }, minified)).to.equal(minified);
      expect(snapshot(minified)).to.deep.equal(before);
      expect(registry.resolve('lib:gather')).to.equal(minified);
      expect(new Spec(minified, { first: 1 }, { registry, called: true }).instantiate()).to.deep.equal([1]);
    });

    it('registers a third-party class without changing or tracking it', () => {
      const registry = new Registry();
      class HttpClient {
        static defaults = { port: 80 };
        constructor(readonly host: string, readonly port = 80) {}
      }
      const before = snapshot(HttpClient);
      const protoBefore = Object.getOwnPropertyDescriptors(HttpClient.prototype);
      expect(registry.configurable('vendor', HttpClient)).to.equal(HttpClient);
      expect(snapshot(HttpClient)).to.deep.equal(before);
      expect(Object.getOwnPropertyDescriptors(HttpClient.prototype)).to.deep.equal(protoBefore);
      const entry = registry.lookup('vendor:HttpClient');
      expect(entry).to.deep.include({ kind: 'class', track: false });
      const client = new Spec(HttpClient, { host: 'example.org' }, { registry, called: true }).instantiate();
      expect(client).to.be.instanceOf(HttpClient);
      expect(client).to.deep.equal(new HttpClient('example.org'));
      expect(Reflect.ownKeys(client)).to.deep.equal(Reflect.ownKeys(new HttpClient('x')));
      expect(Object.getOwnPropertySymbols(client)).to.deep.equal([]);
    });

    it('registers a native class with explicit params', () => {
      const registry = new Registry();
      registry.configurable({ namespace: 'js', params: ['entries?'] }, Map);
      const built = new Spec(Map, { entries: [['a', 1]] }, { registry, called: true }).instantiate();
      expect(built).to.be.instanceOf(Map);
      expect(built.get('a')).to.equal(1);
    });

    it('treats configurable(undefined) as configurable()', () => {
      const registry = new Registry();
      const decorator = registry.configurable(loose<string>(undefined));
      expect(decorator).to.be.a('function');
      @decorator
      class Later {}
      expect(registry.nameOf(Later)).to.equal('Later');
    });

    for (const [label, value, says] of [
      ['a number', 5, 'got number'],
      ['null', null, 'got null'],
      ['an array', ['ns'], 'got object'],
      ['a boolean', true, 'got boolean'],
      ['a symbol', Symbol('ns'), 'got symbol'],
    ] as [string, unknown, string][]) {
      it(`rejects ${label} as the first argument with INVALID_REGISTRATION`, () => {
        const registry = new Registry();
        const error = expectError(() => loose<AnyCall>(registry.configurable)(value), 'INVALID_REGISTRATION');
        expect(error.message).to.include(says);
        expectError(() => loose<AnyCall>(registry.configurable)(value, function f(): void {}), 'INVALID_REGISTRATION');
        expect([...registry.entries()]).to.have.length(0);
      });
    }

    it('rejects a second argument that is not a function', () => {
      const registry = new Registry();
      for (const second of [5, 'fn', {}, null]) {
        const error = expectError(() => loose<AnyCall>(registry.configurable)('ns', second), 'INVALID_REGISTRATION');
        expect(error.message).to.include('second argument');
        expectError(() => loose<AnyCall>(registry.configurable)({ namespace: 'ns' }, second), 'INVALID_REGISTRATION');
      }
      expect([...registry.entries()]).to.have.length(0);
    });

    it('rejects a function followed by a non-context argument', () => {
      const registry = new Registry();
      expectError(() => loose<AnyCall>(registry.configurable)(function f(): void {}, 'ns'), 'INVALID_REGISTRATION');
      expect([...registry.entries()]).to.have.length(0);
    });
  });

  describe('decorator protocols called by hand', () => {
    // Both protocols are told apart at run time, so each is exercised here in both compile modes.
    it('standard: a class context registers the class as decorated, by the context name', () => {
      const registry = new Registry();
      class Target {}
      const decorator = loose<AnyCall>(registry.configurable('man'));
      const wrapper = decorator(Target, { kind: 'class', name: 'Target', metadata: undefined, addInitializer: () => undefined }) as Callable;
      // A tracked class is replaced by its tracking wrapper, a subclass of it.
      expect(wrapper).to.not.equal(Target);
      expect(Object.getPrototypeOf(wrapper)).to.equal(Target);
      expect(unwrap(wrapper)).to.equal(Target);
      expect(registry.nameOf(wrapper)).to.equal('man:Target');
      expect(registry.nameOf(Target)).to.equal('man:Target');
      expect(registry.lookup(Target)).to.deep.include({ fn: wrapper, source: Target, track: true });
    });

    it('standard: a bare @configurable (class and context as arguments) is @configurable()', () => {
      const registry = new Registry();
      class Bare {}
      const wrapper = loose<AnyCall>(registry.configurable)(Bare, { kind: 'class', name: 'Bare' }) as Callable;
      expect(unwrap(wrapper)).to.equal(Bare);
      expect(wrapper.name).to.equal('Bare');
      expect(registry.nameOf(wrapper)).to.equal('Bare');
      expect(registry.nameOf(Bare)).to.equal('Bare');
      expect(registry.lookup(Bare)).to.deep.include({ fn: wrapper, source: Bare, track: true });
    });

    it('standard: a public static method registers through addInitializer with the class as this', () => {
      const registry = new Registry();
      class Owner {
        static make(a: number): number {
          return a;
        }
      }
      const initializers: ((this: unknown) => void)[] = [];
      const decorator = loose<AnyCall>(registry.configurable('man'));
      const context = { kind: 'method', name: 'make', static: true, private: false, addInitializer: (f: (this: unknown) => void) => initializers.push(f) };
      expect(decorator(Owner.make, context)).to.equal(Owner.make);
      expect(registry.has('man:Owner.make')).to.equal(false);
      for (const init of initializers) init.call(Owner);
      expect(registry.lookup('man:Owner.make')).to.deep.include({ kind: 'static-method', owner: Owner, key: 'make' });
    });

    for (const [label, context] of [
      ['an instance method', { kind: 'method', name: 'run', static: false, private: false }],
      ['a private static method', { kind: 'method', name: '#run', static: true, private: true }],
      ['a static field', { kind: 'field', name: 'x', static: true, private: false }],
      ['a static getter', { kind: 'getter', name: 'g', static: true, private: false }],
      ['a static accessor', { kind: 'accessor', name: 'a', static: true, private: false }],
      ['a class context with a non-function value', { kind: 'class', name: 'X' }],
    ] as [string, Record<string, unknown>][]) {
      it(`standard: rejects ${label} with INVALID_REGISTRATION`, () => {
        const registry = new Registry();
        const value = context.kind === 'class' ? {} : function run(): void {};
        const decorator = loose<AnyCall>(registry.configurable('man'));
        const error = expectError(() => decorator(value, { ...context, addInitializer: () => undefined }), 'INVALID_REGISTRATION');
        expect(error.message).to.include('@configurable()');
        expect([...registry.entries()]).to.have.length(0);
      });
    }

    it('legacy: a class alone registers it as decorated', () => {
      const registry = new Registry();
      class Target {}
      const decorator = loose<AnyCall>(registry.configurable('man'));
      const wrapper = decorator(Target) as Callable;
      expect(wrapper).to.not.equal(Target);
      expect(unwrap(wrapper)).to.equal(Target);
      expect(registry.lookup(Target)).to.deep.include({ name: 'man:Target', track: true, kind: 'class', fn: wrapper, source: Target });
      expect(registry.lookup(wrapper).name).to.equal('man:Target');
    });

    it('legacy: a static method descriptor registers ns:Class.method and is returned', () => {
      const registry = new Registry();
      class Owner {
        static make(a: number): number {
          return a;
        }
      }
      const descriptor = Object.getOwnPropertyDescriptor(Owner, 'make');
      const decorator = loose<AnyCall>(registry.configurable('man'));
      expect(decorator(Owner, 'make', descriptor)).to.equal(descriptor);
      expect(registry.lookup('man:Owner.make')).to.deep.include({ kind: 'static-method', owner: Owner, key: 'make', fn: Owner.make });
    });

    it('legacy: rejects instance members, static fields and accessors with INVALID_REGISTRATION', () => {
      const registry = new Registry();
      class Owner {
        static field = 1;
        // eslint-disable-next-line @typescript-eslint/class-literal-property-style -- an accessor is the case
        static get getter(): number {
          return 1;
        }
        method(): void {}
      }
      const decorator = loose<AnyCall>(registry.configurable('man'));
      const method = expectError(() => decorator(Owner.prototype, 'method', Object.getOwnPropertyDescriptor(Owner.prototype, 'method')), 'INVALID_REGISTRATION');
      expect(method.message).to.include('"method"');
      expectError(() => decorator(Owner, 'field', undefined), 'INVALID_REGISTRATION');
      expectError(() => decorator(Owner, 'getter', Object.getOwnPropertyDescriptor(Owner, 'getter')), 'INVALID_REGISTRATION');
      expectError(() => decorator({}), 'INVALID_REGISTRATION');
      expectError(() => decorator(5), 'INVALID_REGISTRATION');
      expect([...registry.entries()]).to.have.length(0);
    });

    it('legacy: a symbol-keyed static method needs an explicit name', () => {
      const registry = new Registry();
      const key = Symbol('make');
      const method = function make(): number {
        return 1;
      };
      class Owner {}
      Object.defineProperty(Owner, key, { value: method });
      const descriptor = Object.getOwnPropertyDescriptor(Owner, key);
      expectError(() => loose<AnyCall>(registry.configurable('man'))(Owner, key, descriptor), 'INVALID_REGISTRATION');
      loose<AnyCall>(registry.configurable({ namespace: 'man', name: 'make' }))(Owner, key, descriptor);
      expect(registry.resolve('man:make')).to.equal(method);
    });
  });

  describe('parameter types (design:paramtypes)', () => {
    it(decoratorMode === 'legacy' ? 'records the constructor parameter types the compiler emitted' : 'records no types (standard decorators emit no metadata)', () => {
      const registry = new Registry();
      @registry.configurable('types')
      class Typed {
        constructor(
          readonly n: number,
          readonly s: string,
          readonly b: boolean,
          readonly d: Date,
          readonly list: number[],
          readonly inner: Inner,
          readonly shape: { x: number },
          readonly either: string | number,
          readonly withDefault: number = 1,
          readonly inferred = 1,
        ) {}
      }
      const types = signature(registry, Typed).params.map((p) => p.type);
      if (decoratorMode === 'legacy') {
        expect(types).to.deep.equal([Number, String, Boolean, Date, Array, Inner, Object, Object, Number, Object]);
      } else {
        expect(types).to.deep.equal(new Array(10).fill(undefined));
      }
    });

    it(`records static method parameter types in ${decoratorMode} mode`, () => {
      const registry = new Registry();
      class Maker {
        @registry.configurable('types')
        static make(count: number, label: string, when: Date): string {
          return label;
        }
      }
      const types = signature(registry, Maker.make).params.map((p) => p.type);
      expect(types).to.deep.equal(decoratorMode === 'legacy' ? [Number, String, Date] : [undefined, undefined, undefined]);
    });

    it('gives a decorated subclass without a constructor its parent types, and one with a constructor its own', () => {
      const registry = new Registry();
      @registry.configurable('types')
      class Base {
        constructor(readonly a: number, readonly b: string) {}
      }
      @registry.configurable('types')
      class Inherits extends Base {}
      @registry.configurable('types')
      class Own extends Base {
        constructor(readonly flag: boolean) {
          super(1, 'x');
        }
      }
      const inherited = signature(registry, Inherits).params.map((p) => p.type);
      const own = signature(registry, Own).params.map((p) => p.type);
      expect(inherited).to.deep.equal(decoratorMode === 'legacy' ? [Number, String] : [undefined, undefined]);
      expect(own).to.deep.equal(decoratorMode === 'legacy' ? [Boolean] : [undefined]);
    });

    it('records types for explicit params by position', () => {
      const registry = new Registry();
      @registry.configurable({ namespace: 'types', params: ['count', 'label?'] })
      class Explicit {
        constructor(readonly c: number, readonly l: string = 'x') {}
      }
      const sig = signature(registry, Explicit);
      expect(names(sig)).to.deep.equal(['count', 'label']);
      expect(sig.params.map((p) => p.type)).to.deep.equal(decoratorMode === 'legacy' ? [Number, String] : [undefined, undefined]);
    });
  });

  describe('regressions', () => {
    it('does not give an undecorated subclass with its own constructor the parent parameter types', () => {
      // reflect-metadata's getMetadata walks the prototype chain, so a subclass registered with
      // configurable(Sub) got its decorated parent's design:paramtypes for its own, different parameters.
      const registry = new Registry();
      @registry.configurable('types')
      class Parent {
        constructor(readonly a: number, readonly b: string) {}
      }
      class Sub extends Parent {
        constructor(readonly flag: boolean) {
          super(1, 'x');
        }
      }
      registry.configurable('types', Sub);
      const sig = signature(registry, Sub);
      expect(names(sig)).to.deep.equal(['flag']);
      expect(sig.params.map((p) => p.type)).to.deep.equal([undefined]);
      // An undecorated subclass without a constructor still gets the parent's parameters and types.
      class Plain extends Parent {}
      registry.configurable('types', Plain);
      expect(signature(registry, Plain).params.map((p) => p.type)).to.deep.equal(decoratorMode === 'legacy' ? [Number, String] : [undefined, undefined]);
    });
  });
});
