import { expect } from 'chai';
import { configurable, defaultRegistry, Registry, Spec, type ConfigurableOptions, type Callable } from '../src/index.js';
import { expectError } from './support/errors.js';
import { loose } from './support/loose.js';
import { canonicalName, registeredEntry } from '../src/registry.js';

/** Runs `fn`, expects a ConfigSpecError with `code` at `path`, and returns it for more checks. */
describe('Registry', () => {
  describe('register and resolve', () => {
    it('registers a function under namespace:name and returns it unchanged', () => {
      const registry = new Registry();
      function square(x: number): number {
        return x * x;
      }
      const ownKeys = Reflect.ownKeys(square);
      expect(registry.register(square, { namespace: 'math' })).to.equal(square);
      expect(Reflect.ownKeys(square)).to.deep.equal(ownKeys);
      expect(registry.resolve('math:square')).to.equal(square);
      expect(registry.nameOf(square)).to.equal('math:square');
      expect(registry.has('math:square')).to.equal(true);
      expect(registry.has('square')).to.equal(false);
    });

    it('registers a name without a namespace', () => {
      const registry = new Registry();
      function plain(): number {
        return 1;
      }
      registry.register(plain);
      expect(registry.resolve('plain')).to.equal(plain);
      expect(registry.nameOf(plain)).to.equal('plain');
      const entry = registry.lookup('plain');
      expect(entry.namespace).to.equal('');
      expect(entry.name).to.equal('plain');
    });

    it('uses an explicit name over the function name', () => {
      const registry = new Registry();
      const minified = function a(): void {};
      registry.register(minified, { namespace: 'lib', name: 'Readable.name' });
      expect(registry.resolve('lib:Readable.name')).to.equal(minified);
      expect(registry.has('lib:a')).to.equal(false);
    });

    it('accepts namespaces with "/", "-", "@" and dots', () => {
      const registry = new Registry();
      const names = ['@scope/pkg', 'my-lib', 'a.b.c', '@org/tools.v-2', 'x/y/z'];
      for (const namespace of names) {
        const fn = { f: function f(): void {} }.f;
        registry.register(fn, { namespace, name: 'F' });
        expect(registry.resolve(`${namespace}:F`)).to.equal(fn);
        expect(registry.lookup(fn).namespace).to.equal(namespace);
      }
    });

    it('registers classes with kind "class" and functions with kind "function"', () => {
      const registry = new Registry();
      class Model {}
      function make(): Model {
        return new Model();
      }
      const arrow = (): number => 1;
      registry.register(Model, { namespace: 'k' });
      registry.register(make, { namespace: 'k' });
      registry.register(arrow, { namespace: 'k' });
      expect(registry.lookup(Model).kind).to.equal('class');
      expect(registry.lookup(make).kind).to.equal('function');
      expect(registry.lookup('k:arrow').kind).to.equal('function');
      expect(registry.lookup(Model).owner).to.equal(undefined);
    });

    it('records the options in a frozen entry', () => {
      const registry = new Registry();
      class Opt {
        constructor(readonly params: number[], readonly opts: object = {}) {}
      }
      const params = ['params', 'opts{}'];
      const runtime = ['params'];
      const aliases = ['Old'];
      expect(registry.register(Opt, { namespace: 'optim', params, runtime, aliases })).to.equal(Opt);
      const entry = registry.lookup(Opt);
      expect(entry).to.deep.include({ name: 'optim:Opt', namespace: 'optim', fn: Opt, source: Opt, kind: 'class', track: false, options: undefined, key: undefined });
      expect(entry.params).to.deep.equal(['params', 'opts{}']);
      expect(entry.runtime).to.deep.equal(['params']);
      expect(entry.aliases).to.deep.equal(['optim:Old']);
      expect(Object.isFrozen(entry)).to.equal(true);
      expect(Object.isFrozen(entry.params)).to.equal(true);
      expect(Object.isFrozen(entry.runtime)).to.equal(true);
      expect(Object.isFrozen(entry.aliases)).to.equal(true);
      // The caller's arrays are copied, not kept.
      params.push('x');
      runtime.push('y');
      aliases.push('Z');
      expect(entry.params).to.deep.equal(['params', 'opts{}']);
      expect(entry.runtime).to.deep.equal(['params']);
      expect(entry.aliases).to.deep.equal(['optim:Old']);
      expect(registry.has('optim:Z')).to.equal(false);
    });

    it('refuses track: true when registered by a call, which cannot replace the class (INVALID_REGISTRATION)', () => {
      const registry = new Registry();
      class Opt {
        constructor(readonly params: number[]) {}
      }
      const error = expectError(() => registry.register(Opt, { namespace: 'optim', track: true }), 'INVALID_REGISTRATION');
      expect(error.message).to.include('optim:Opt');
      expect(error.message).to.include('decorator');
      expect(registry.has('optim:Opt')).to.equal(false);
      expect(registry.nameOf(Opt)).to.equal(undefined);
      // The same through configurable(options, fn), and track: false is fine.
      expectError(() => registry.configurable({ namespace: 'optim', track: true }, Opt), 'INVALID_REGISTRATION');
      expect(registry.has('optim:Opt')).to.equal(false);
      expect(registry.configurable({ namespace: 'optim', track: false }, Opt)).to.equal(Opt);
      expect(registry.lookup(Opt).track).to.equal(false);
    });

    it('does not track by default when registered by a call', () => {
      const registry = new Registry();
      class Untracked {}
      registry.register(Untracked);
      expect(registry.lookup(Untracked).track).to.equal(false);
    });

    it('does not mutate the options object', () => {
      const registry = new Registry();
      const options: ConfigurableOptions = Object.freeze({ namespace: 'frozen', aliases: Object.freeze(['A']) });
      function frozenOptions(): void {}
      registry.register(frozenOptions, options);
      expect(options).to.deep.equal({ namespace: 'frozen', aliases: ['A'] });
    });

    it('lists entries by canonical name in registration order, without aliases', () => {
      const registry = new Registry();
      function bee(): void {}
      function ant(): void {}
      class Cat {}
      registry.register(bee, { namespace: 'z', aliases: ['beeOld'] });
      registry.register(ant, { namespace: 'y' });
      registry.register(Cat);
      const entries = [...registry.entries()];
      expect(entries.map(([name]) => name)).to.deep.equal(['z:bee', 'y:ant', 'Cat']);
      expect(entries.map(([, entry]) => entry.fn)).to.deep.equal([bee, ant, Cat]);
      expect([...new Registry().entries()]).to.deep.equal([]);
    });

    it('keeps registries isolated from each other and from the default registry', () => {
      const one = new Registry();
      const two = new Registry();
      function isolated(): void {}
      one.register(isolated, { namespace: 'iso.h1' });
      expect(one.has('iso.h1:isolated')).to.equal(true);
      expect(two.has('iso.h1:isolated')).to.equal(false);
      expect(defaultRegistry.has('iso.h1:isolated')).to.equal(false);
      expect(two.nameOf(isolated)).to.equal(undefined);
      // The same function may live in two registries under different names.
      two.register(isolated, { namespace: 'other.h1' });
      expect(two.nameOf(isolated)).to.equal('other.h1:isolated');
      expect(one.nameOf(isolated)).to.equal('iso.h1:isolated');
    });
  });

  describe('invalid registrations', () => {
    it('rejects an anonymous function without a name', () => {
      const registry = new Registry();
      const anonymous = [(x: number): number => x][0];
      expect(anonymous?.name).to.equal('');
      const error = expectError(() => registry.register(loose<Callable>(anonymous), { namespace: 'anon' }), 'INVALID_REGISTRATION');
      expect(error.message).to.include('no name');
      expect(error.message).to.include('name');
      expect([...registry.entries()]).to.have.length(0);
    });

    it('accepts an anonymous function with an explicit name', () => {
      const registry = new Registry();
      const anonymous = loose<Callable>([(x: number): number => x][0]);
      registry.register(anonymous, { namespace: 'anon', name: 'identity' });
      expect(registry.resolve('anon:identity')).to.equal(anonymous);
    });

    it('rejects an anonymous class without a name', () => {
      const registry = new Registry();
      const anonymous = loose<Callable>([class {}][0]);
      expect(anonymous.name).to.equal('');
      expectError(() => registry.register(anonymous), 'INVALID_REGISTRATION');
    });

    it('rejects a bound function by its default name "bound f"', () => {
      const registry = new Registry();
      function f(a: number): number {
        return a;
      }
      const bound = f.bind(null);
      const error = expectError(() => registry.register(bound, { namespace: 'b' }), 'INVALID_REGISTRATION');
      expect(error.message).to.include('"bound f"');
      expect(error.target).to.equal('b:bound f');
    });

    for (const name of ['1abc', 'a b', 'a:b', 'a..b', 'a.', 'a-b', '', 'a/b']) {
      it(`rejects the name ${JSON.stringify(name)}`, () => {
        const registry = new Registry();
        const error = expectError(() => registry.register(function f(): void {}, { namespace: 'ns', name }), 'INVALID_REGISTRATION');
        expect(error.message).to.include(name === '' ? 'no name' : JSON.stringify(name));
        expect(registry.has(`ns:${name}`)).to.equal(false);
        expect([...registry.entries()]).to.have.length(0);
      });
    }

    for (const namespace of ['a b', 'a:b', 'a..b', '.a', 'a.', 'ns!', 'a\nb']) {
      it(`rejects the namespace ${JSON.stringify(namespace)}`, () => {
        const registry = new Registry();
        const error = expectError(() => registry.register(function f(): void {}, { namespace }), 'INVALID_REGISTRATION');
        expect(error.message).to.include(JSON.stringify(namespace));
        expect([...registry.entries()]).to.have.length(0);
      });
    }

    it('treats an empty namespace as no namespace', () => {
      const registry = new Registry();
      function bare(): void {}
      registry.register(bare, { namespace: '' });
      expect(registry.nameOf(bare)).to.equal('bare');
    });

    it('rejects non-string names and namespaces', () => {
      const registry = new Registry();
      expectError(() => registry.register(function f(): void {}, loose({ namespace: 5 })), 'INVALID_REGISTRATION');
      expectError(() => registry.register(function f(): void {}, loose({ name: 5 })), 'INVALID_REGISTRATION');
      expectError(() => registry.register(function f(): void {}, loose({ namespace: ['a'] })), 'INVALID_REGISTRATION');
      expect([...registry.entries()]).to.have.length(0);
    });

    it('rejects unknown option keys and suggests the closest one', () => {
      const registry = new Registry();
      const error = expectError(() => registry.register(function f(): void {}, loose({ namspace: 'x' })), 'INVALID_REGISTRATION');
      expect(error.message).to.include('"namspace"');
      expect(error.message).to.include('did you mean "namespace"');
      const alias = expectError(() => registry.register(function f(): void {}, loose({ alias: ['x'] })), 'INVALID_REGISTRATION');
      expect(alias.message).to.include('did you mean "aliases"');
      const far = expectError(() => registry.register(function f(): void {}, loose({ zzzzzzzz: 1 })), 'INVALID_REGISTRATION');
      expect(far.message).not.to.include('did you mean');
      expect(far.message).to.include('namespace, name, params, options, aliases, runtime, track');
      expect([...registry.entries()]).to.have.length(0);
    });

    it('rejects options that are not an object', () => {
      const registry = new Registry();
      expectError(() => registry.register(function f(): void {}, loose(null)), 'INVALID_REGISTRATION');
      expectError(() => registry.register(function f(): void {}, loose('ns')), 'INVALID_REGISTRATION');
      expectError(() => registry.register(function f(): void {}, loose(['ns'])), 'INVALID_REGISTRATION');
      expect([...registry.entries()]).to.have.length(0);
    });

    it('rejects a non-function target', () => {
      const registry = new Registry();
      for (const value of [null, undefined, 5, 'f', {}, []]) {
        const error = expectError(() => registry.register(loose<Callable>(value)), 'INVALID_REGISTRATION');
        expect(error.message).to.include('only functions and classes');
      }
    });

    it('rejects badly typed params, options, aliases, runtime and track', () => {
      const registry = new Registry();
      const cases: unknown[] = [
        { params: 'lr' },
        { params: [1] },
        { params: ['lr lr'] },
        { options: 1 },
        { options: false },
        { aliases: 'Old' },
        { aliases: [1] },
        { aliases: ['bad name'] },
        { aliases: ['ns:'] },
        { runtime: 'params' },
        { runtime: [null] },
        { track: 'yes' },
      ];
      for (const options of cases) {
        const error = expectError(() => registry.register(function f(): void {}, loose(options)), 'INVALID_REGISTRATION');
        expect(error.target, JSON.stringify(options)).to.equal('f');
      }
      expect([...registry.entries()]).to.have.length(0);
    });
  });

  describe('duplicates', () => {
    it('throws DUPLICATE_TARGET for a different function under a taken name', () => {
      const registry = new Registry();
      function relu(x: number): number {
        return Math.max(0, x);
      }
      const other = { relu: function relu(x: number): number { return x > 0 ? x : 0.01 * x; } }.relu;
      registry.register(relu, { namespace: 'nn' });
      const error = expectError(() => registry.register(other, { namespace: 'nn' }), 'DUPLICATE_TARGET');
      expect(error.target).to.equal('nn:relu');
      expect(error.message).to.include('"nn:relu"');
      expect(registry.resolve('nn:relu')).to.equal(relu);
      expect(registry.nameOf(other)).to.equal(undefined);
    });

    it('throws DUPLICATE_TARGET for a class under a name taken by a function', () => {
      const registry = new Registry();
      function Thing(): void {}
      class Thing2 {}
      registry.register(Thing, { namespace: 'd' });
      expectError(() => registry.register(Thing2, { namespace: 'd', name: 'Thing' }), 'DUPLICATE_TARGET');
      expect(registry.resolve('d:Thing')).to.equal(Thing);
    });

    it('replaces a function whose source text is identical (hot reload)', () => {
      const registry = new Registry();
      const load = (): ((x: number) => number) => function relu(x: number): number {
        return Math.max(0, x);
      };
      const first = load();
      const second = load();
      expect(first).not.to.equal(second);
      registry.register(first, { namespace: 'hot' });
      expect(registry.register(second, { namespace: 'hot' })).to.equal(second);
      expect(registry.resolve('hot:relu')).to.equal(second);
      expect(registry.nameOf(second)).to.equal('hot:relu');
      expect([...registry.entries()]).to.have.length(1);
    });

    it('replaces a class whose source text is identical (hot reload)', () => {
      const registry = new Registry();
      const load = (): new (lr?: number) => { lr: number } => class Adam {
        constructor(readonly lr = 1e-3) {}
      };
      const first = load();
      const second = load();
      registry.register(first, { namespace: 'hot' });
      registry.register(second, { namespace: 'hot' });
      expect(registry.resolve('hot:Adam')).to.equal(second);
      const built = new Spec<{ lr: number }, true>('hot:Adam', { lr: 0.5 }, { registry, called: true }).instantiate();
      expect(built).to.be.instanceOf(second);
      expect(built).not.to.be.instanceOf(first);
    });

    it('replaces functions made by new Callable from the same text', () => {
      const registry = new Registry();
      const first = new Function('a', 'b = 2', 'return a + b;');
      const second = new Function('a', 'b = 2', 'return a + b;');
      registry.register(first, { namespace: 'dyn', name: 'add' });
      registry.register(second, { namespace: 'dyn', name: 'add' });
      expect(registry.resolve('dyn:add')).to.equal(second);
      const third = new Function('a', 'b = 3', 'return a + b;');
      expectError(() => registry.register(third, { namespace: 'dyn', name: 'add' }), 'DUPLICATE_TARGET');
      expect(registry.resolve('dyn:add')).to.equal(second);
    });

    it('takes the aliases of the replacing twin', () => {
      const registry = new Registry();
      const load = (): (() => void) => function twin(): void {};
      registry.register(load(), { namespace: 'hot', aliases: ['oldTwin'] });
      const second = load();
      registry.register(second, { namespace: 'hot', aliases: ['newerTwin'] });
      expect(registry.has('hot:oldTwin')).to.equal(false);
      expect(registry.resolve('hot:newerTwin')).to.equal(second);
    });

    it('does not replace native functions, which all have the same kind of source', () => {
      const registry = new Registry();
      registry.register(Math.max, { namespace: 'native', name: 'pick' });
      expectError(() => registry.register(Math.min, { namespace: 'native', name: 'pick' }), 'DUPLICATE_TARGET');
      expect(registry.resolve('native:pick')).to.equal(Math.max);
    });

    it('is a no-op to register the identical function again under the same name', () => {
      const registry = new Registry();
      function same(): void {}
      registry.register(same, { namespace: 's' });
      const before = registry.lookup(same);
      expect(registry.register(same, { namespace: 's' })).to.equal(same);
      expect(registry.lookup(same)).to.equal(before);
      expect([...registry.entries()]).to.have.length(1);
    });

    it('throws DUPLICATE_TARGET for the same function under a second name', () => {
      const registry = new Registry();
      function once(): void {}
      registry.register(once, { namespace: 'first' });
      const error = expectError(() => registry.register(once, { namespace: 'second' }), 'DUPLICATE_TARGET');
      expect(error.target).to.equal('second:once');
      expect(error.message).to.include('"first:once"');
      expect(error.message).to.include('aliases');
      expect(registry.has('second:once')).to.equal(false);
      expect(registry.nameOf(once)).to.equal('first:once');
    });
  });

  describe('aliases', () => {
    it('resolves short and qualified aliases to the canonical target', () => {
      const registry = new Registry();
      class AdamW {}
      registry.register(AdamW, { namespace: 'optim', aliases: ['OldAdamW', 'legacy.optim:AdamW', 'Nested.Name'] });
      for (const alias of ['optim:OldAdamW', 'legacy.optim:AdamW', 'optim:Nested.Name']) {
        expect(registry.has(alias), alias).to.equal(true);
        expect(registry.resolve(alias), alias).to.equal(AdamW);
        expect(registry.lookup(alias).name, alias).to.equal('optim:AdamW');
      }
      // A short alias is taken in the target's namespace, not as a bare name.
      expect(registry.has('OldAdamW')).to.equal(false);
      expect(registry.nameOf(AdamW)).to.equal('optim:AdamW');
    });

    it('takes a short alias as a bare name when the target has no namespace', () => {
      const registry = new Registry();
      function renamed(): void {}
      registry.register(renamed, { aliases: ['original'] });
      expect(registry.resolve('original')).to.equal(renamed);
      expect(registry.lookup(renamed).aliases).to.deep.equal(['original']);
    });

    it('makes a Spec of an alias carry the canonical name', () => {
      const registry = new Registry();
      function current(x = 1): number {
        return x;
      }
      registry.register(current, { namespace: 'al', aliases: ['previous'] });
      expect(new Spec('al:previous', { x: 2 }, { registry }).target).to.equal('al:current');
    });

    it('throws DUPLICATE_TARGET for an alias taken by another target', () => {
      const registry = new Registry();
      function ant(): void {}
      function bee(): void {}
      registry.register(ant, { namespace: 'ns', aliases: ['shared'] });
      const error = expectError(() => registry.register(bee, { namespace: 'ns', aliases: ['shared'] }), 'DUPLICATE_TARGET');
      expect(error.message).to.include('"ns:shared"');
      expect(error.message).to.include('"ns:ant"');
      expect(error.target).to.equal('ns:bee');
      // Nothing of the failed registration stays.
      expect(registry.has('ns:bee')).to.equal(false);
      expect(registry.nameOf(bee)).to.equal(undefined);
      expect(registry.resolve('ns:shared')).to.equal(ant);
    });

    it('throws DUPLICATE_TARGET for an alias equal to another canonical name', () => {
      const registry = new Registry();
      function ant(): void {}
      function bee(): void {}
      registry.register(ant, { namespace: 'ns' });
      expectError(() => registry.register(bee, { namespace: 'ns', aliases: ['ant'] }), 'DUPLICATE_TARGET');
      expect(registry.resolve('ns:ant')).to.equal(ant);
      expect(registry.has('ns:bee')).to.equal(false);
    });

    it('lets a target list its own canonical name or an alias twice', () => {
      const registry = new Registry();
      function self(): void {}
      registry.register(self, { namespace: 'ns', aliases: ['self', 'old', 'ns:old'] });
      expect(registry.resolve('ns:old')).to.equal(self);
      expect([...registry.entries()]).to.have.length(1);
    });
  });

  describe('unknown targets', () => {
    it('throws UNKNOWN_TARGET suggesting the closest name', () => {
      const registry = new Registry();
      class Adam {}
      class AdamW {}
      registry.register(Adam, { namespace: 'optim' });
      registry.register(AdamW, { namespace: 'optim' });
      const error = expectError(() => registry.resolve('optim:Adma'), 'UNKNOWN_TARGET');
      expect(error.target).to.equal('optim:Adma');
      expect(error.message).to.include('"optim:Adma"');
      expect(error.message).to.include('did you mean "optim:Adam"');
      expectError(() => registry.lookup('optim:adamw'), 'UNKNOWN_TARGET');
      expect(expectError(() => registry.lookup('optim:adamw'), 'UNKNOWN_TARGET').message).to.include('did you mean "optim:AdamW"');
    });

    it('suggests aliases too', () => {
      const registry = new Registry();
      class Renamed {}
      registry.register(Renamed, { namespace: 'm', aliases: ['LegacyModel'] });
      const error = expectError(() => registry.resolve('m:LegacyModle'), 'UNKNOWN_TARGET');
      expect(error.message).to.include('did you mean "m:LegacyModel"');
    });

    it('suggests nothing when no name is close', () => {
      const registry = new Registry();
      registry.register(function relu(): void {}, { namespace: 'nn' });
      const error = expectError(() => registry.resolve('optim:SomethingElse'), 'UNKNOWN_TARGET');
      expect(error.message).not.to.include('did you mean');
      expectError(() => new Registry().resolve('x'), 'UNKNOWN_TARGET');
    });

    it('puts the given path on the error', () => {
      const registry = new Registry();
      const error = expectError(() => registry.lookup('nope', 'model.layers[2].act'), 'UNKNOWN_TARGET', 'model.layers[2].act');
      expect(error.message).to.include('at model.layers[2].act');
    });

    it('throws UNKNOWN_TARGET for an unregistered function, naming it', () => {
      const registry = new Registry();
      function stranger(): void {}
      class Outsider {}
      expect(registry.nameOf(stranger)).to.equal(undefined);
      expect(expectError(() => registry.lookup(stranger), 'UNKNOWN_TARGET').message).to.include('function stranger');
      expect(expectError(() => registry.lookup(Outsider), 'UNKNOWN_TARGET').message).to.include('class Outsider');
    });

    it('throws UNKNOWN_TARGET, not a TypeError, for a target that is neither a name nor a function', () => {
      const registry = new Registry();
      for (const value of [null, undefined, 5, {}, Symbol('s')]) {
        expectError(() => registry.resolve(loose<string>(value)), 'UNKNOWN_TARGET');
        expectError(() => registry.lookup(loose<string>(value), 'a.b'), 'UNKNOWN_TARGET', 'a.b');
        expect(registry.has(loose<string>(value))).to.equal(false);
      }
    });

    it('finds nothing under Object.prototype names and does not crash', () => {
      const registry = new Registry();
      registry.register(function real(): void {}, { namespace: 'p' });
      for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype']) {
        expect(registry.has(name), name).to.equal(false);
        expectError(() => registry.resolve(name), 'UNKNOWN_TARGET');
        expectError(() => new Spec(name, {}, { registry }), 'UNKNOWN_TARGET');
      }
    });

    it('registers and resolves targets named like Object.prototype members', () => {
      const registry = new Registry();
      function ctor(): void {}
      function proto(): void {}
      registry.register(ctor, { name: 'constructor' });
      registry.register(proto, { name: '__proto__' });
      expect(registry.resolve('constructor')).to.equal(ctor);
      expect(registry.resolve('__proto__')).to.equal(proto);
      expect(registry.has('toString')).to.equal(false);
      expect([...registry.entries()].map(([name]) => name)).to.deep.equal(['constructor', '__proto__']);
      expect(Object.getPrototypeOf({})).to.equal(Object.prototype);
    });
  });

  describe('registry.configurable and registry.partial', () => {
    it('registers by call in every form and returns the function', () => {
      const registry = new Registry();
      function one(): void {}
      function two(): void {}
      function three(): void {}
      expect(registry.configurable(one)).to.equal(one);
      expect(registry.configurable('ns', two)).to.equal(two);
      expect(registry.configurable({ namespace: 'ns', name: 'Three' }, three)).to.equal(three);
      expect([...registry.entries()].map(([name]) => name)).to.deep.equal(['one', 'ns:two', 'ns:Three']);
      expect(defaultRegistry.nameOf(one)).to.equal(undefined);
    });

    it('decorates a class', () => {
      const registry = new Registry();
      @registry.configurable('reg.dec')
      class Decorated {
        constructor(readonly a = 1) {}
      }
      expect(registry.resolve('reg.dec:Decorated')).to.equal(Decorated);
      expect(registry.lookup(Decorated).track).to.equal(true);
      expect(defaultRegistry.nameOf(Decorated)).to.equal(undefined);
    });

    it('makes partials resolved in this registry', () => {
      const registry = new Registry();
      function add(a: number, b: number): number {
        return a + b;
      }
      registry.configurable('math', add);
      const addTwo = registry.partial(add, { b: 2 });
      expect(addTwo(1)).to.equal(3);
      expect(addTwo.target).to.equal('math:add');
      expect(addTwo.func).to.equal(add);
      expect(addTwo.kwargs).to.deep.equal({ b: 2 });
      expect(registry.partial('math:add', {}, 5)(6)).to.equal(11);
      expectError(() => registry.partial(add, { c: 1 }), 'UNKNOWN_PARAMETER', 'c');
      expectError(() => new Registry().partial(add, { b: 1 }), 'UNKNOWN_TARGET');
    });
  });

  describe('defaultRegistry', () => {
    it('is kept under Symbol.for("config-spec.defaultRegistry") on globalThis', () => {
      const stored = (globalThis as unknown as Record<symbol, unknown>)[Symbol.for('config-spec.defaultRegistry')];
      expect(stored).to.equal(defaultRegistry);
      expect(stored).to.be.instanceOf(Registry);
    });

    it('cannot be replaced or deleted', () => {
      const key = Symbol.for('config-spec.defaultRegistry');
      const descriptor = Object.getOwnPropertyDescriptor(globalThis, key);
      expect(descriptor?.writable).to.equal(false);
      expect(descriptor?.configurable).to.equal(false);
      expect(descriptor?.enumerable).to.equal(false);
    });

    it('is what the top-level configurable fills', () => {
      function inDefault(): void {}
      expect(configurable('h1.registry.test', inDefault)).to.equal(inDefault);
      expect(defaultRegistry.nameOf(inDefault)).to.equal('h1.registry.test:inDefault');
      expect(defaultRegistry.resolve('h1.registry.test:inDefault')).to.equal(inDefault);
      expect(new Spec(inDefault).target).to.equal('h1.registry.test:inDefault');
    });
  });

  describe('names that survive bundlers', () => {
    it('refuses a one- or two-character name in minified source (what minifiers make) unless { name } is given', () => {
      const registry = new Registry();
      // What a minifier leaves of `class Adam` and `function relu`: the text as esbuild --minify writes it.
      const G = new Function('return class G{constructor(e,n=.001){this.p=e,this.l=n}}')() as new (...args: unknown[]) => unknown;
      const ab = new Function('return function ab(e){return Math.max(0,e)}')() as (x: number) => number;
      for (const fn of [G, ab]) {
        const error = expectError(() => registry.register(fn, { namespace: 'optim' }), 'INVALID_REGISTRATION');
        expect(error.message).to.include(`"${fn.name}" looks like a minified name`);
        expect(error.message).to.include('{ name');
        expect(error.target).to.equal(`optim:${fn.name}`);
      }
      expect(registry.has('optim:G')).to.equal(false);
      registry.register(G, { namespace: 'optim', name: 'Adam' });
      expect(registry.nameOf(G)).to.equal('optim:Adam');
    });

    it('accepts a one- or two-character name in written source (class Id, function f)', () => {
      const registry = new Registry();
      class Id {
        constructor(readonly value = 1) {}
      }
      function f(x: number): number {
        return x;
      }
      const g = new Function('return function g(x) { return x; }')() as (x: number) => number;
      for (const fn of [Id, f, g]) registry.register(fn, { namespace: 'short' });
      expect(registry.nameOf(Id)).to.equal('short:Id');
      expect(registry.nameOf(f)).to.equal('short:f');
      expect(registry.nameOf(g)).to.equal('short:g');
    });

    it('refuses a name that differs from the one in the function\'s own source (esbuild keepNames: relu2 named "relu")', () => {
      const registry = new Registry();
      const relu2 = function relu2(x: number): number {
        return Math.max(0, x);
      };
      Object.defineProperty(relu2, 'name', { value: 'relu', configurable: true });
      const error = expectError(() => registry.configurable('nn', relu2), 'INVALID_REGISTRATION');
      expect(error.message).to.include('"relu" differs from "relu2"');
      expect(registry.has('nn:relu')).to.equal(false);
      expect(registry.configurable({ namespace: 'nn', name: 'relu' }, relu2)).to.equal(relu2);
      expect(registry.nameOf(relu2)).to.equal('nn:relu');
    });

    it('refuses a name the source continues: the quick check of `class <name>` stops only where the name ends', () => {
      // The name checks skip their Unicode expression when the source plainly starts with the
      // name; an identifier character after it (ASCII or not) means the source names another.
      const registry = new Registry();
      const cases: [string, string, string][] = [
        ['return function relu$2(x) { return x; }', 'relu', 'relu$2'],
        ['return class Model_v2 { constructor(a) {} }', 'Model', 'Model_v2'],
        ['return class Modelé { constructor(a) {} }', 'Model', 'Modelé'],
      ];
      for (const [source, name, own] of cases) {
        const fn = new Function(source)() as Callable;
        Object.defineProperty(fn, 'name', { value: name, configurable: true });
        const error = expectError(() => registry.configurable('nn', fn), 'INVALID_REGISTRATION');
        expect(error.message).to.include(`"${name}" differs from "${own}"`);
      }
      // Where the name ends at a non-identifier character, it is the source's own name.
      const plain = new Function('return class Model{constructor(a) {}}')() as Callable;
      registry.configurable('nn', plain);
      expect(registry.nameOf(plain)).to.equal('nn:Model');
    });

    it('accepts a name only Function.name gives (arrow functions, anonymous classes)', () => {
      const registry = new Registry();
      const relu = (x: number): number => Math.max(0, x);
      const Model = class {};
      registry.configurable('nn', relu);
      registry.configurable('nn', Model);
      expect(registry.nameOf(relu)).to.equal('nn:relu');
      expect(registry.nameOf(Model)).to.equal('nn:Model');
    });

    it('checks the class of a static method too', () => {
      const registry = new Registry();
      const Q = new Function('return class Q{static create(){return new Q}}')() as (new () => unknown) & { create: () => unknown };
      const error = expectError(() => registry.add(Q.create, {}, { kind: 'static-method', owner: Q, key: 'create' }), 'INVALID_REGISTRATION');
      expect(error.message).to.include('"Q" looks like a minified name');
      registry.add(Q.create, { name: 'Queue.create' }, { kind: 'static-method', owner: Q, key: 'create' });
      expect(registry.nameOf(Q.create)).to.equal('Queue.create');
    });
  });

  describe('explicit runtime names', () => {
    it('are checked against explicit params at registration, with the closest name', () => {
      const registry = new Registry();
      function minified(): void {}
      const error = expectError(() => registry.register(minified, { namespace: 'optim', params: ['params', 'lr?'], runtime: ['parmas'] }), 'INVALID_REGISTRATION');
      expect(error.message).to.include('"parmas"');
      expect(error.message).to.include('did you mean "params"');
      expect(registry.has('optim:minified')).to.equal(false);
      registry.register(minified, { namespace: 'optim', params: ['params', 'lr?'], runtime: ['params'] });
      expect(registry.lookup(minified).runtime).to.deep.equal(['params']);
    });
  });

  describe('regressions', () => {
    it('options naming no parameter is refused at registration when params are explicit', () => {
      const registry = new Registry();
      function f(): void {}
      const error = expectError(() => registry.register(f, { namespace: 'x', params: ['a', 'b'], options: 'opts' }), 'INVALID_REGISTRATION');
      expect(error.message).to.include('"opts"');
      expectError(() => registry.register(f, { namespace: 'x', params: ['a', '...rest'], options: true }), 'INVALID_REGISTRATION');
      expect(registry.nameOf(f)).to.equal(undefined);
    });

    it('register() refuses the internal registration keys (kind, owner, key, decorated) as options', () => {
      const registry = new Registry();
      function f(): void {}
      for (const key of ['kind', 'owner', 'key', 'decorated']) {
        const error = expectError(() => registry.register(f, { namespace: 'x', [key]: 'class' }), 'INVALID_REGISTRATION');
        expect(error.message).to.include(`"${key}"`);
      }
      expect(registry.nameOf(f)).to.equal(undefined);
    });

    it('rejects a canonical name that is already an alias of another target', () => {
      const registry = new Registry();
      function Renamed(): void {}
      function Old(): void {}
      registry.register(Renamed, { namespace: 'x', aliases: ['Old'] });
      const error = expectError(() => registry.register(Old, { namespace: 'x' }), 'DUPLICATE_TARGET');
      expect(error.target).to.equal('x:Old');
      expect(error.message).to.include('"x:Renamed"');
      expect(registry.resolve('x:Old')).to.equal(Renamed);
      expect(registry.nameOf(Old)).to.equal(undefined);
    });

    it('keeps the old aliases when a hot-reload twin fails on a taken alias', () => {
      const registry = new Registry();
      const load = (): (() => void) => function hot(): void {};
      const first = load();
      registry.register(first, { namespace: 'h', aliases: ['hotOld'] });
      registry.register(function other(): void {}, { namespace: 'h', aliases: ['taken'] });
      expectError(() => registry.register(load(), { namespace: 'h', aliases: ['taken'] }), 'DUPLICATE_TARGET');
      expect(registry.resolve('h:hotOld')).to.equal(first);
      expect(registry.resolve('h:hot')).to.equal(first);
    });

    it('reports null registration options as INVALID_REGISTRATION, not a TypeError', () => {
      const registry = new Registry();
      expectError(() => registry.register(function f(): void {}, loose(null)), 'INVALID_REGISTRATION');
    });

    it('reports resolve(null) as UNKNOWN_TARGET, not a TypeError', () => {
      expectError(() => new Registry().resolve(loose<string>(null)), 'UNKNOWN_TARGET');
      expectError(() => new Registry().lookup(loose<string>(undefined)), 'UNKNOWN_TARGET');
    });
  });

  it('canonicalName and registeredEntry: a name or alias gives the canonical name and the record; anything else undefined, never an error', () => {
    const own = new Registry();
    function adamw(lr = 0.001): number {
      return lr;
    }
    own.configurable({ namespace: 'optim', aliases: ['AdamW'] }, adamw);
    const entry = own.lookup('optim:adamw');
    expect(registeredEntry(own, 'optim:AdamW')).to.equal(entry);
    expect(canonicalName(own, 'optim:AdamW')).to.equal('optim:adamw');
    expect(canonicalName(own, 'optim:adamw')).to.equal('optim:adamw');
    for (const unknown of ['optim:nope', '', 3, undefined, null, { target: 'optim:adamw' }]) {
      expect(registeredEntry(own, unknown)).to.equal(undefined);
      expect(canonicalName(own, unknown)).to.equal(undefined);
    }
  });
});
