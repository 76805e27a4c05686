/* eslint-disable @typescript-eslint/no-unused-vars -- parameters are what these tests read. */
import { expect } from 'chai';
import { ConfigSpecError, Registry, Spec, type ConfigurableOptions, type ErrorCode, type Signature, type Callable } from '../src/index.js';
import { expectError } from './support/errors.js';
import { loose } from './support/loose.js';

/** Registers `fn` in a fresh registry and returns its signature. */
function signatureOf(fn: Callable, options: ConfigurableOptions = {}, registry = new Registry()): Signature {
  registry.register(fn, { namespace: 'sig', ...options });
  return registry.signatureOf(registry.lookup(fn));
}

/** `name:kind` for each parameter, `?` marking a default: `['a:required', 'b:optional?']`. */
function shape(signature: Signature): string[] {
  return signature.params.map((p) => `${p.name ?? '_'}:${p.kind}${p.hasDefault ? '?' : ''}`);
}

describe('signature', () => {
  describe('classes', () => {
    it('reads the constructor parameters', () => {
      class Adam {
        constructor(params: number[], lr = 1e-3, betas: [number, number] = [0.9, 0.999]) {}
      }
      const signature = signatureOf(Adam);
      expect(shape(signature)).to.deep.equal(['params:required', 'lr:optional?', 'betas:optional?']);
      expect([...signature.byName]).to.deep.equal([['params', 0], ['lr', 1], ['betas', 2]]);
      expect(signature.optionsIndex).to.equal(-1);
      expect(signature.optionKeys).to.equal(undefined);
      expect(signature.restIndex).to.equal(-1);
    });

    it('reads TypeScript parameter properties', () => {
      class Props {
        constructor(public a: number, private readonly b = 'x', protected c?: boolean) {}
      }
      expect(shape(signatureOf(Props))).to.deep.equal(['a:required', 'b:optional?', 'c:required']);
    });

    it('gives no parameters to a class without a constructor or parent', () => {
      class Empty {
        method(a: number): number {
          return a;
        }
      }
      const signature = signatureOf(Empty);
      expect(signature.params).to.deep.equal([]);
      expect(signature.byName.size).to.equal(0);
    });

    it('takes the parent constructor when a class has none of its own', () => {
      class Base {
        constructor(a: number, b = 2) {}
      }
      class Child extends Base {}
      class GrandChild extends Child {
        extra = 1;
        method(z: number): number {
          return z;
        }
      }
      expect(shape(signatureOf(Child))).to.deep.equal(['a:required', 'b:optional?']);
      expect(shape(signatureOf(GrandChild))).to.deep.equal(['a:required', 'b:optional?']);
    });

    it('takes the nearest own constructor in an inheritance chain', () => {
      class Base {
        constructor(a: number) {}
      }
      class Middle extends Base {
        constructor(m: string, ...rest: number[]) {
          super(1);
        }
      }
      class Leaf extends Middle {}
      class Override extends Leaf {
        constructor(o: boolean) {
          super('x');
        }
      }
      expect(shape(signatureOf(Middle))).to.deep.equal(['m:required', 'rest:rest']);
      expect(shape(signatureOf(Leaf))).to.deep.equal(['m:required', 'rest:rest']);
      expect(shape(signatureOf(Override))).to.deep.equal(['o:required']);
    });

    it('reads a class with static blocks, private fields and methods', () => {
      class Counter {
        static #created = 0;
        static {
          Counter.#created = 0;
        }
        #secret: number;
        static create(x: number): Counter {
          return new Counter(x);
        }
        constructor(start: number, { step = 1, wrap }: { step?: number; wrap?: number } = {}) {
          this.#secret = start;
          Counter.#created += 1;
        }
        #hidden(q: number): number {
          return q + this.#secret;
        }
        get value(): number {
          return this.#hidden(0);
        }
      }
      const signature = signatureOf(Counter);
      expect(shape(signature)).to.deep.equal(['start:required', '_:options?']);
      expect(signature.optionsIndex).to.equal(1);
      expect([...(signature.optionKeys ?? [])]).to.deep.equal(['step', 'wrap']);
    });

    it('does not take a static method named constructor for the constructor', () => {
      const Tricky = new Function('return class Tricky { static constructor(wrong) {} constructor(right) {} }')() as Callable;
      expect(shape(signatureOf(Tricky))).to.deep.equal(['right:required']);
      const Only = new Function('return class Only { static constructor(wrong) {} }')() as Callable;
      expect(shape(signatureOf(Only))).to.deep.equal([]);
    });

    it('uses explicit params of a registered parent for a child without a constructor', () => {
      const registry = new Registry();
      class Opaque {
        constructor(...args: unknown[]) {}
      }
      registry.register(Opaque, { namespace: 'sig', params: ['a', 'b?'] });
      class Child extends Opaque {}
      class Unregistered extends Opaque {}
      class GrandChild extends Unregistered {}
      expect(shape(signatureOf(Child, {}, registry))).to.deep.equal(['a:required', 'b:optional?']);
      expect(shape(signatureOf(GrandChild, {}, registry))).to.deep.equal(['a:required', 'b:optional?']);
      // A child with its own constructor is parsed.
      class Own extends Opaque {
        constructor(c: number) {
          super();
        }
      }
      expect(shape(signatureOf(Own, {}, registry))).to.deep.equal(['c:required']);
    });

    it('binds keywords through an inherited signature', () => {
      const registry = new Registry();
      class Base {
        constructor(readonly a: number, readonly b = 2) {}
      }
      class Child extends Base {}
      registry.register(Child, { namespace: 'sig' });
      const built = new Spec(Child, { b: 5 }, { registry, args: [1], called: true }).instantiate();
      expect(built).to.be.instanceOf(Child);
      expect(built).to.deep.include({ a: 1, b: 5 });
      expectError(() => new Spec(Child, { c: 1 }, { registry }), 'UNKNOWN_PARAMETER', 'c');
    });
  });

  describe('functions', () => {
    it('reads a function declaration', () => {
      function declared(a: number, b: string, c = true): void {}
      expect(shape(signatureOf(declared))).to.deep.equal(['a:required', 'b:required', 'c:optional?']);
    });

    it('reads a function expression', () => {
      const expr = function (x: number, y?: number): void {};
      expect(expr.name).to.equal('expr');
      expect(shape(signatureOf(expr))).to.deep.equal(['x:required', 'y:required']);
    });

    it('reads arrow functions with and without parentheses', () => {
      const withParens = (a: number, b = 1): number => a + b;
      // prettier-ignore
      const noParens = (x => x) as (x: unknown) => unknown;
      const none = (): number => 1;
      expect(shape(signatureOf(withParens))).to.deep.equal(['a:required', 'b:optional?']);
      expect(shape(signatureOf(noParens, { name: 'noParens' }))).to.deep.equal(['x:required']);
      expect(shape(signatureOf(none))).to.deep.equal([]);
    });

    it('reads async functions and async arrows', () => {
      async function load(path: string, retries = 3): Promise<void> {}
      const fetchIt = async (url: string): Promise<string> => url;
      // prettier-ignore
      const bare = (async u => u) as (u: unknown) => Promise<unknown>;
      expect(shape(signatureOf(load))).to.deep.equal(['path:required', 'retries:optional?']);
      expect(shape(signatureOf(fetchIt))).to.deep.equal(['url:required']);
      expect(shape(signatureOf(bare, { name: 'bare' }))).to.deep.equal(['u:required']);
    });

    it('reads generators and async generators', () => {
      function* count(from: number, to = 10): Generator<number> {
        yield from;
      }
      async function* stream(source: string): AsyncGenerator<string> {
        yield source;
      }
      expect(shape(signatureOf(count))).to.deep.equal(['from:required', 'to:optional?']);
      expect(shape(signatureOf(stream))).to.deep.equal(['source:required']);
    });

    it('reads object methods, async, generator and computed ones', () => {
      const obj = {
        plain(a: number, b = 2): void {},
        async later(c: number): Promise<void> {},
        *gen(d: number): Generator<number> {
          yield d;
        },
        async *agen(e: number): AsyncGenerator<number> {
          yield e;
        },
        ['comp' + 'uted'](f: number): void {},
        get(g: number): void {},
        new(h: number): void {},
      };
      expect(shape(signatureOf(obj.plain))).to.deep.equal(['a:required', 'b:optional?']);
      expect(shape(signatureOf(obj.later))).to.deep.equal(['c:required']);
      expect(shape(signatureOf(obj.gen))).to.deep.equal(['d:required']);
      expect(shape(signatureOf(obj.agen))).to.deep.equal(['e:required']);
      expect(shape(signatureOf(loose<Callable>(obj.computed)))).to.deep.equal(['f:required']);
      expect(shape(signatureOf(obj.get))).to.deep.equal(['g:required']);
      expect(shape(signatureOf(obj.new))).to.deep.equal(['h:required']);
    });

    it('reads static methods of a class', () => {
      class Factory {
        static build(kind: string, size = 1): void {}
        static async load(path: string): Promise<void> {}
        static [Symbol.for('h1.sym')](s: number): void {}
      }
      const symbolMethod = (Factory as unknown as Record<symbol, Callable>)[Symbol.for('h1.sym')];
      expect(shape(signatureOf(Factory.build))).to.deep.equal(['kind:required', 'size:optional?']);
      expect(shape(signatureOf(Factory.load))).to.deep.equal(['path:required']);
      expect(shape(signatureOf(loose<Callable>(symbolMethod), { name: 'sym' }))).to.deep.equal(['s:required']);
    });

    it('reads functions made by new Callable', () => {
      const made = new Function('a', 'b = 2', '...more', 'return a;');
      expect(shape(signatureOf(made))).to.deep.equal(['a:required', 'b:optional?', 'more:rest']);
    });

    it('is not confused by comments, strings and nested functions in defaults', () => {
      const tricky = new Function('a /* ) , fake */', 'b = ")"', 'c = (x, y) => { return [x, y]; }', 'd = { e: [1, "}"] } // )\n', 'return a;');
      expect(shape(signatureOf(tricky))).to.deep.equal(['a:required', 'b:optional?', 'c:optional?', 'd:optional?']);
    });
  });

  describe('rest, destructuring and options', () => {
    it('marks a rest parameter and leaves it out of byName', () => {
      function collect(first: number, ...others: number[]): void {}
      const signature = signatureOf(collect);
      expect(shape(signature)).to.deep.equal(['first:required', 'others:rest']);
      expect(signature.restIndex).to.equal(1);
      expect([...signature.byName.keys()]).to.deep.equal(['first']);
      expect(signature.optionsIndex).to.equal(-1);
    });

    it('treats a destructuring rest parameter as an unnamed rest', () => {
      const fn = new Function('a', '...[b, c]', 'return a;');
      expect(shape(signatureOf(fn))).to.deep.equal(['a:required', '_:rest']);
    });

    it('makes a destructured last parameter the options object with its keys', () => {
      function make(id: string, { lr = 1e-3, momentum }: { lr?: number; momentum?: number } = {}): void {}
      const signature = signatureOf(make);
      expect(shape(signature)).to.deep.equal(['id:required', '_:options?']);
      expect(signature.optionsIndex).to.equal(1);
      expect(signature.optionKeys).to.be.instanceOf(Set);
      expect([...(signature.optionKeys ?? [])]).to.deep.equal(['lr', 'momentum']);
      expect([...signature.byName.keys()]).to.deep.equal(['id']);
    });

    it('makes a destructured last parameter without a default the options object', () => {
      function make(id: string, { lr }: { lr: number }): void {}
      const signature = signatureOf(make);
      expect(shape(signature)).to.deep.equal(['id:required', '_:options']);
      expect([...(signature.optionKeys ?? [])]).to.deep.equal(['lr']);
    });

    it('accepts any option key when the pattern has a ...rest', () => {
      function make(id: string, { lr, ...others }: { lr?: number; [key: string]: unknown } = {}): void {}
      const signature = signatureOf(make);
      expect(signature.optionsIndex).to.equal(1);
      expect(signature.optionKeys).to.equal(undefined);
    });

    it('accepts any option key when the pattern has a computed key', () => {
      const fn = new Function('id', '{ [id]: picked, other }', 'return picked;');
      const signature = signatureOf(fn);
      expect(signature.optionsIndex).to.equal(1);
      expect(signature.optionKeys).to.equal(undefined);
    });

    it('takes the outer key of renamed, nested, quoted and numeric pattern entries', () => {
      const fn = new Function('{ a: alias, b: { c }, "quoted-key": q, 1: num, d = 4 }', 'return alias;');
      const signature = signatureOf(fn);
      expect(signature.optionsIndex).to.equal(0);
      expect([...(signature.optionKeys ?? [])]).to.deep.equal(['a', 'b', 'quoted-key', '1', 'd']);
    });

    it('does not make a destructured parameter that is not last an options object', () => {
      function first({ a }: { a: number }, b: number): void {}
      const signature = signatureOf(first);
      expect(shape(signature)).to.deep.equal(['_:required', 'b:required']);
      expect(signature.optionsIndex).to.equal(-1);
      expect([...signature.byName.keys()]).to.deep.equal(['b']);
    });

    it('treats array patterns as unnamed positional parameters', () => {
      function pair([x, y]: [number, number], [z]: number[] = [0]): void {}
      const signature = signatureOf(pair);
      expect(shape(signature)).to.deep.equal(['_:required', '_:optional?']);
      expect(signature.optionsIndex).to.equal(-1);
      expect(signature.byName.size).to.equal(0);
    });

    it('binds an array pattern by position only', () => {
      const registry = new Registry();
      function pair([x, y]: [number, number], scale = 1): number {
        return (x + y) * scale;
      }
      registry.register(pair, { namespace: 'sig' });
      expect(new Spec(pair, { scale: 2 }, { registry, args: [[1, 2]], called: true }).instantiate()).to.equal(6);
      expectError(() => new Spec(pair, { x: 1 }, { registry }), 'UNKNOWN_PARAMETER', 'x');
    });

    it('makes the last parameter the options object with options: true', () => {
      function create(params: number[], opts: Record<string, unknown> = {}): void {}
      const signature = signatureOf(create, { options: true });
      expect(shape(signature)).to.deep.equal(['params:required', 'opts:options?']);
      expect(signature.optionsIndex).to.equal(1);
      expect(signature.optionKeys).to.equal(undefined);
      // The options parameter keeps its own name, so a keyword can bind the whole object.
      expect(signature.byName.get('opts')).to.equal(1);
    });

    it('keeps the keys of a destructured last parameter with options: true', () => {
      function create(a: number, { k }: { k?: number } = {}): void {}
      const signature = signatureOf(create, { options: true });
      expect([...(signature.optionKeys ?? [])]).to.deep.equal(['k']);
    });

    it('picks the options object by name with options: "name", even when it is not last', () => {
      function create(a: number, config: object, b = 1): void {}
      const signature = signatureOf(create, { options: 'config' });
      expect(shape(signature)).to.deep.equal(['a:required', 'config:options', 'b:optional?']);
      expect(signature.optionsIndex).to.equal(1);
      expect(signature.optionKeys).to.equal(undefined);
    });

    it('puts unknown keywords into the options object when binding', () => {
      const registry = new Registry();
      function create(a: number, config: Record<string, unknown> = {}): unknown {
        return { a, config };
      }
      registry.register(create, { namespace: 'sig', options: true });
      const built = new Spec(create, { a: 1, x: 2, y: 3 }, { registry, called: true }).instantiate();
      expect(built).to.deep.equal({ a: 1, config: { x: 2, y: 3 } });
    });

    it('accepts only the pattern keys as option keywords, suggesting the closest', () => {
      const registry = new Registry();
      function make(id: string, { lr = 1e-3, momentum = 0 }: { lr?: number; momentum?: number } = {}): unknown {
        return { id, lr, momentum };
      }
      registry.register(make, { namespace: 'sig' });
      expect(new Spec(make, { id: 'x', momentum: 0.9 }, { registry, called: true }).instantiate()).to.deep.equal({ id: 'x', lr: 1e-3, momentum: 0.9 });
      const error = expectError(() => new Spec(make, { momentm: 0.9 }, { registry }), 'UNKNOWN_PARAMETER', 'momentm');
      expect(error.message).to.include('did you mean "momentum"');
      expect(error.message).to.include('id, lr, momentum');
    });

    it('accepts any option keyword when the pattern has a ...rest', () => {
      const registry = new Registry();
      function make(id: string, { lr = 1, ...others }: { lr?: number; [key: string]: unknown } = {}): unknown {
        return { id, lr, others };
      }
      registry.register(make, { namespace: 'sig' });
      expect(new Spec(make, { anything: 2 }, { registry, args: ['i'], called: true }).instantiate()).to.deep.equal({ id: 'i', lr: 1, others: { anything: 2 } });
    });

    it('binds the whole options object by its own name and merges flattened keys over it', () => {
      const registry = new Registry();
      function create(a: number, opts: Record<string, unknown> = {}): unknown {
        return { a, opts };
      }
      registry.register(create, { namespace: 'sig', options: true });
      const whole = { x: 1, y: 1 };
      const built = new Spec(create, { opts: whole, y: 2 }, { registry, args: [0], called: true }).instantiate();
      expect(built).to.deep.equal({ a: 0, opts: { x: 1, y: 2 } });
      expect(whole).to.deep.equal({ x: 1, y: 1 });
    });

    it('rejects options naming no parameter with INVALID_REGISTRATION', () => {
      const registry = new Registry();
      function create(a: number, b: number): void {}
      registry.register(create, { namespace: 'sig', options: 'opts' });
      const entry = registry.lookup(create);
      const error = expectError(() => registry.signatureOf(entry), 'INVALID_REGISTRATION');
      expect(error.target).to.equal('sig:create');
      expect(error.message).to.include('"opts"');
      expect(error.message).to.include('a, b');
      // Using the target reports it as well, with the target named.
      const viaSpec = expectError(() => new Spec(create, {}, { registry }), 'INVALID_REGISTRATION');
      expect(viaSpec.target).to.equal('sig:create');
    });

    it('rejects options naming a rest or unnamed parameter', () => {
      function rest(a: number, ...opts: unknown[]): void {}
      expectError(() => signatureOf(rest, { options: 'opts' }), 'INVALID_REGISTRATION');
      function unnamed({ a }: { a: number }, b: number): void {}
      expectError(() => signatureOf(unnamed, { options: 'a' }), 'INVALID_REGISTRATION');
    });

    it('rejects options: true without a last non-rest parameter', () => {
      function none(): void {}
      function rest(...all: unknown[]): void {}
      expect(expectError(() => signatureOf(none, { options: true }), 'INVALID_REGISTRATION').target).to.equal('sig:none');
      expect(expectError(() => signatureOf(rest, { options: true }), 'INVALID_REGISTRATION').target).to.equal('sig:rest');
    });
  });

  describe('explicit params', () => {
    it('reads required, optional, rest and options entries', () => {
      function minified(...args: unknown[]): void {}
      const signature = signatureOf(minified, { params: ['lr', 'momentum?', '...rest'] });
      expect(shape(signature)).to.deep.equal(['lr:required', 'momentum:optional?', 'rest:rest']);
      expect(signature.restIndex).to.equal(2);
      expect([...signature.byName.keys()]).to.deep.equal(['lr', 'momentum']);
    });

    it('makes a trailing {} entry the options object accepting any key', () => {
      function minified(...args: unknown[]): void {}
      const signature = signatureOf(minified, { params: ['params', 'opts{}'] });
      expect(shape(signature)).to.deep.equal(['params:required', 'opts:options']);
      expect(signature.optionsIndex).to.equal(1);
      expect(signature.optionKeys).to.equal(undefined);
      const optional = signatureOf(minified, { params: ['params', 'opts?{}'] });
      expect(shape(optional)).to.deep.equal(['params:required', 'opts:options?']);
    });

    it('reads declared option keys, opts{width, depth, activation?}: only those keys are accepted', () => {
      function minified(...args: unknown[]): void {}
      const signature = signatureOf(minified, { params: ['id', 'opts{width, depth, activation?}'] });
      expect(shape(signature)).to.deep.equal(['id:required', 'opts:options']);
      expect(signature.optionsIndex).to.equal(1);
      expect([...(signature.optionKeys ?? [])]).to.deep.equal(['width', 'depth', 'activation']);
      expect(signature.requiredOptionKeys).to.deep.equal(['width', 'depth']);
      // Spaces and a trailing comma are allowed; an optional options object with keys too.
      const spaced = signatureOf(minified, { params: ['opts?{ a ,b?, }'] });
      expect(shape(spaced)).to.deep.equal(['opts:options?']);
      expect([...(spaced.optionKeys ?? [])]).to.deep.equal(['a', 'b']);
      expect(spaced.requiredOptionKeys).to.deep.equal(['a']);
    });

    it('has no required option keys when the keys come from source', () => {
      function destructured({ width, depth }: { width: number; depth: number }): void {}
      const signature = signatureOf(destructured);
      expect([...(signature.optionKeys ?? [])]).to.deep.equal(['width', 'depth']);
      expect(signature.requiredOptionKeys).to.deep.equal([]);
    });

    it('overrides what the source says', () => {
      function real(a: number, b: number): void {}
      expect(shape(signatureOf(real, { params: ['x', 'y?'] }))).to.deep.equal(['x:required', 'y:optional?']);
    });

    it('combines with options: "name"', () => {
      function minified(...args: unknown[]): void {}
      const signature = signatureOf(minified, { params: ['a', 'cfg', 'b?'], options: 'cfg' });
      expect(signature.optionsIndex).to.equal(1);
      expect(shape(signature)).to.deep.equal(['a:required', 'cfg:options', 'b:optional?']);
    });

    it('can be empty', () => {
      function minified(...args: unknown[]): void {}
      expect(signatureOf(minified, { params: [] }).params).to.deep.equal([]);
    });

    const invalid: [string, unknown[], string][] = [
      ['a duplicate', ['a', 'a'], 'twice'],
      ['a rest parameter not last', ['...rest', 'b'], '"...rest"'],
      ['an optional rest parameter', ['...rest?'], '"...rest?"'],
      ['a rest options object', ['...rest{}'], '"...rest{}"'],
      ['an options object not last', ['opts{}', 'b'], '"opts{}"'],
      ['a space', ['a b'], 'params[0] "a b"'],
      ['an empty entry', ['a', ''], 'params[1] ""'],
      ['a leading digit', ['1a'], 'params[0] "1a"'],
      ['a bare {}', ['{}'], 'params[0] "{}"'],
      ['a non-string', ['a', 5], 'params[1] 5'],
      ['a dotted name', ['a.b'], 'params[0] "a.b"'],
      ['? after {}', ['opts{}?'], 'params[0] "opts{}?"'],
      ['an option key with a space', ['opts{a b}'], 'params[0] "opts{a b}"'],
      ['an empty option key', ['opts{a,,b}'], 'params[0] "opts{a,,b}"'],
      ['a non-identifier option key', ['opts{a-b}'], 'params[0] "opts{a-b}"'],
      ['an option key twice', ['opts{a, a?}'], '"a" twice'],
      ['an option key equal to a parameter name', ['lr', 'opts{lr}'], 'also a parameter name'],
      ['option keys on a parameter not last', ['opts{a}', 'b'], '"opts{a}"'],
    ];
    for (const [what, params, mentions] of invalid) {
      it(`rejects ${what} with INVALID_REGISTRATION at registration`, () => {
        const registry = new Registry();
        function target(...args: unknown[]): void {}
        const error = expectError(() => registry.register(target, { namespace: 'sig', params: loose<string[]>(params) }), 'INVALID_REGISTRATION');
        expect(error.target).to.equal('sig:target');
        expect(error.message).to.include(mentions);
        expect(registry.has('sig:target')).to.equal(false);
      });
    }
  });

  describe('source the reader cannot read exactly', () => {
    it('is SIGNATURE_UNAVAILABLE saying what could not be read, never a guessed parameter list', () => {
      const registry = new Registry();
      // `of / 2`: `of` is a keyword in `for (x of …)` and a name here, so the `/` could start a
      // regular expression or be a division; the text alone does not say which.
      const odd = new Function('a = of / 2', 'b', 'return [a, b];') as (a?: number, b?: number) => number[];
      registry.register(odd, { namespace: 'odd', name: 'fn' });
      const error = expectError(() => new Spec(odd, { b: 1 }, { registry }), 'SIGNATURE_UNAVAILABLE');
      expect(error.target).to.equal('odd:fn');
      expect(error.message).to.include('"/" after "of"').and.include('of / 2').and.include('explicit params');
    });

    it('is read with explicit params instead', () => {
      const registry = new Registry();
      const odd = new Function('a = of / 2', 'b', 'return [a, b];') as (a?: number, b?: number) => number[];
      registry.register(odd, { namespace: 'odd', name: 'fn', params: ['a?', 'b'] });
      expect(new Spec(odd, { b: 1 }, { registry, args: [2], called: true }).instantiate()).to.deep.equal([2, 1]);
    });

    it('reads regular expressions, divisions and Unicode names exactly (acorn is no longer there to fall back on)', () => {
      const registry = new Registry();
      const fn = new Function('ratio = 1 / 2', 'pattern = /[,)]/g', 'größe = (ratio) / 3', 'return [ratio, pattern, größe];') as () => unknown[];
      registry.register(fn, { namespace: 'read', name: 'fn' });
      expect(registry.signatureOf(registry.lookup(fn)).params.map((p) => [p.name, p.kind])).to.deep.equal([['ratio', 'optional'], ['pattern', 'optional'], ['größe', 'optional']]);
    });
  });

  describe('native and bound functions', () => {
    it('throws SIGNATURE_UNAVAILABLE for a native function without params', () => {
      const registry = new Registry();
      registry.register(Math.max, { namespace: 'native' });
      const error = expectError(() => registry.signatureOf(registry.lookup(Math.max)), 'SIGNATURE_UNAVAILABLE');
      expect(error.target).to.equal('native:max');
      expect(error.message).to.include('explicit params');
    });

    it('only needs the signature when a keyword must be bound', () => {
      const registry = new Registry();
      registry.register(Math.max, { namespace: 'native' });
      expect(new Spec(Math.max, {}, { registry, args: [1, 5, 3], called: true }).instantiate()).to.equal(5);
      const partial = new Spec(Math.max, {}, { registry, args: [1] }).instantiate() as (...values: number[]) => number;
      expect(partial(7, 2)).to.equal(7);
      expect(new Spec(Math.max, {}, { registry }).instantiate()).to.equal(Math.max);
      const error = expectError(() => new Spec(Math.max, { value: 1 }, { registry }), 'SIGNATURE_UNAVAILABLE');
      expect(error.target).to.equal('native:max');
    });

    it('reports SIGNATURE_UNAVAILABLE at the path of a nested spec dict', () => {
      const registry = new Registry();
      registry.register(Math.max, { namespace: 'native' });
      const tree = { outer: [{ target: 'native:max', value: 1, __dense_spec__: true }] };
      const error = expectError(() => Spec.fromDict(tree, { registry }), 'SIGNATURE_UNAVAILABLE', 'outer[0]');
      expect(error.target).to.equal('native:max');
      const ok = Spec.fromDict({ outer: [{ target: 'native:max', args: [2, 9], called: true, __dense_spec__: true }] }, { registry });
      expect(Spec.instantiate(ok, { registry })).to.deep.equal({ outer: [9] });
    });

    it('throws SIGNATURE_UNAVAILABLE for a bound function, which binds positionally', () => {
      const registry = new Registry();
      function scale(factor: number, x: number): number {
        return factor * x;
      }
      const double = scale.bind(null, 2);
      registry.register(double, { namespace: 'bound', name: 'double' });
      expectError(() => registry.signatureOf(registry.lookup(double)), 'SIGNATURE_UNAVAILABLE');
      expect(new Spec(double, {}, { registry, args: [21], called: true }).instantiate()).to.equal(42);
      expectError(() => new Spec(double, { x: 1 }, { registry }), 'SIGNATURE_UNAVAILABLE');
    });

    it('binds keywords of native and bound functions registered with explicit params', () => {
      const registry = new Registry();
      function scale(factor: number, x: number): number {
        return factor * x;
      }
      const bound = scale.bind(null);
      registry.register(bound, { namespace: 'bound', name: 'scale', params: ['factor', 'x'] });
      expect(new Spec(bound, { x: 4, factor: 3 }, { registry, called: true }).instantiate()).to.equal(12);
      registry.register(Math.pow, { namespace: 'native', params: ['base', 'exponent'] });
      expect(new Spec(Math.pow, { exponent: 3 }, { registry, args: [2], called: true }).instantiate()).to.equal(8);
    });

    it('throws SIGNATURE_UNAVAILABLE for a subclass of a native class without a constructor', () => {
      const registry = new Registry();
      class Table extends Map<string, number> {}
      registry.register(Table, { namespace: 'native' });
      expectError(() => registry.signatureOf(registry.lookup(Table)), 'SIGNATURE_UNAVAILABLE');
      const table = new Spec(Table, {}, { registry, args: [[['k', 1]]], called: true }).instantiate();
      expect(table).to.be.instanceOf(Table);
      expect(table.get('k')).to.equal(1);
    });
  });

  describe('caching', () => {
    it('returns the same Signature object on the second call', () => {
      const registry = new Registry();
      function cached(a: number, b = 1): void {}
      registry.register(cached, { namespace: 'sig' });
      const entry = registry.lookup(cached);
      const first = registry.signatureOf(entry);
      expect(registry.signatureOf(entry)).to.equal(first);
      expect(registry.signatureOf(registry.lookup('sig:cached'))).to.equal(first);
    });

    it('keeps separate signatures for the same function registered with different options', () => {
      function shared(a: number, opts: object = {}): void {}
      const plain = signatureOf(shared);
      const withOptions = signatureOf(shared, { options: true });
      expect(plain.optionsIndex).to.equal(-1);
      expect(withOptions.optionsIndex).to.equal(1);
      expect(shape(signatureOf(shared))).to.deep.equal(['a:required', 'opts:optional?']);
    });

    it('caches a failure as a failure each time, not as an empty signature', () => {
      const registry = new Registry();
      registry.register(Math.min, { namespace: 'native' });
      const entry = registry.lookup(Math.min);
      expectError(() => registry.signatureOf(entry), 'SIGNATURE_UNAVAILABLE');
      expectError(() => registry.signatureOf(entry), 'SIGNATURE_UNAVAILABLE');
    });
  });

  describe('regressions', () => {
    it('does not carry a parent\'s explicit params from one registry into another', () => {
      // The parse of a class without a constructor was cached per class, including the explicit
      // params its parent had in the registry that asked first.
      class Opaque {
        constructor(...args: unknown[]) {}
      }
      class Child extends Opaque {}
      const withParams = new Registry();
      withParams.register(Opaque, { namespace: 'sig', params: ['x', 'y?'] });
      expect(shape(signatureOf(Child, {}, withParams))).to.deep.equal(['x:required', 'y:optional?']);
      expect(shape(signatureOf(Child, {}, new Registry()))).to.deep.equal(['args:rest']);
    });

    it('sees a parent\'s explicit params registered after the child was first parsed', () => {
      class Opaque {
        constructor(...args: unknown[]) {}
      }
      class Child extends Opaque {}
      expect(shape(signatureOf(Child))).to.deep.equal(['args:rest']);
      const later = new Registry();
      later.register(Opaque, { namespace: 'sig', params: ['a'] });
      expect(shape(signatureOf(Child, {}, later))).to.deep.equal(['a:required']);
    });
  });

  describe('types', () => {
    it('has no type for undecorated functions and classes', () => {
      function plain(a: number, b: string): void {}
      class Plain {
        constructor(a: number) {}
      }
      expect(signatureOf(plain).params.map((p) => p.type)).to.deep.equal([undefined, undefined]);
      expect(signatureOf(Plain).params.map((p) => p.type)).to.deep.equal([undefined]);
    });
  });
});
