/* eslint-disable @typescript-eslint/no-unused-vars -- parameters are what these tests read. */
import { expect } from 'chai';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { asdict, ConfigSpecError, configurable, defaultRegistry, Registry, Spec, type ErrorCode, type PartialFunction, type Signature, type Callable } from '../src/index.js';
import { trackedRecord, unwrap, wrapperOf } from '../src/tracking.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

const RECORD = Symbol.for('config-spec.record');
const TRACKER = Symbol.for('config-spec.tracker');

const registry = new Registry();

/** The construction arguments an instance recorded, or `undefined`. */
function recordOf(value: object): unknown {
  return (value as Record<symbol, unknown>)[RECORD];
}

function signature(target: Callable, from: Registry = registry): Signature {
  return from.signatureOf(from.lookup(target));
}

function names(sig: Signature): (string | undefined)[] {
  return sig.params.map((p) => p.name);
}

@registry.configurable('trk')
class Adam {
  static VERSION = 2;
  static defaults(): { lr: number } {
    return { lr: 1e-3 };
  }
  constructor(readonly params: number[], readonly lr: number = 1e-3, readonly betas: [number, number] = [0.9, 0.999]) {}
  step(): number {
    return this.lr;
  }
  @registry.configurable('trk')
  static fromThis(lr: number): Adam {
    return new this([0], lr);
  }
  @registry.configurable('trk')
  static fromName(lr: number): Adam {
    return new Adam([1], lr);
  }
}

/** Adam's undecorated twin. */
class AdamTwin {
  static VERSION = 2;
  static defaults(): { lr: number } {
    return { lr: 1e-3 };
  }
  constructor(readonly params: number[], readonly lr: number = 1e-3, readonly betas: [number, number] = [0.9, 0.999]) {}
  step(): number {
    return this.lr;
  }
  static fromThis(lr: number): AdamTwin {
    return new this([0], lr);
  }
  static fromName(lr: number): AdamTwin {
    return new AdamTwin([1], lr);
  }
}

@registry.configurable('trk')
class Base {
  constructor(readonly a: number, readonly b: string = 'b') {}
}

@registry.configurable('trk')
class Derived extends Base {
  constructor(readonly c: string, a = 1) {
    super(a, 'fixed');
  }
}

@registry.configurable('trk')
class Child extends Base {}

class Undecorated extends Base {}

class UndecoratedWithCtor extends Base {
  constructor() {
    super(7);
  }
}

@registry.configurable('trk')
class GrandChild extends Undecorated {}

@registry.configurable({ namespace: 'trk', track: false })
class UntrackedSub extends Base {}

describe(`tracking (${decoratorMode})`, () => {
  describe('the decorated class', () => {
    it('is replaced by a tracking wrapper: a subclass of the class as written', () => {
      const written = unwrap(Adam);
      expect(written).to.not.equal(Adam);
      expect(Object.getPrototypeOf(Adam)).to.equal(written);
      expect(Object.getPrototypeOf(Adam.prototype)).to.equal(written.prototype);
      expect(wrapperOf(written)).to.equal(Adam);
      expect(wrapperOf(Adam)).to.equal(Adam);
      expect(unwrap(AdamTwin)).to.equal(AdamTwin);
      expect(wrapperOf(AdamTwin)).to.equal(AdamTwin);
      const entry = registry.lookup('trk:Adam');
      expect(entry.fn).to.equal(Adam);
      expect(entry.source).to.equal(written);
      expect(entry.track).to.equal(true);
      // The class as written names the same target.
      expect(registry.lookup(written)).to.equal(entry);
      expect(registry.nameOf(written)).to.equal('trk:Adam');
    });

    it('keeps name, length, instanceof, methods and the constructor property', () => {
      expect(Adam.name).to.equal('Adam');
      expect(Adam.length).to.equal(AdamTwin.length);
      expect(Adam.length).to.equal(1);
      const adam = new Adam([1], 0.5);
      expect(adam).to.be.instanceOf(Adam);
      expect(adam).to.be.instanceOf(unwrap(Adam));
      expect(adam.constructor).to.equal(Adam);
      expect(adam.step()).to.equal(0.5);
      expect(Object.getPrototypeOf(adam)).to.equal(Adam.prototype);
      expect(Object.prototype.toString.call(adam)).to.equal(Object.prototype.toString.call(new AdamTwin([1])));
    });

    it('keeps static members reachable (inherited), but they are not own keys any more', () => {
      expect(Adam.VERSION).to.equal(2);
      expect(Adam.defaults()).to.deep.equal({ lr: 1e-3 });
      expect(Object.keys(Adam)).to.deep.equal([]);
      expect(Object.keys(unwrap(Adam)).sort()).to.deep.equal(Object.keys(AdamTwin).sort());
      expect('VERSION' in Adam).to.equal(true);
      // A static written through the wrapper shadows; the class as written is unchanged.
      const Mutable = Adam as unknown as { VERSION: number };
      Mutable.VERSION = 3;
      expect(Adam.VERSION).to.equal(3);
      expect((unwrap(Adam) as unknown as { VERSION: number }).VERSION).to.equal(2);
      delete (Mutable as { VERSION?: number }).VERSION;
      expect(Adam.VERSION).to.equal(2);
    });

    it('keeps the parameter names of the class as written', () => {
      const sig = signature(Adam);
      expect(names(sig)).to.deep.equal(['params', 'lr', 'betas']);
      expect(sig.params.map((p) => p.kind)).to.deep.equal(['required', 'optional', 'optional']);
      expect(names(signature(Derived))).to.deep.equal(['c', 'a']);
    });

    it('reads design:paramtypes from the class as written (legacy) and has none in standard mode', () => {
      const types = signature(Adam).params.map((p) => p.type);
      if (decoratorMode === 'legacy') {
        expect(types).to.deep.equal([Array, Number, Array]);
        // The metadata sits on the class as written, and a copy on the wrapper (for DI containers).
        const meta = Reflect as unknown as { getOwnMetadata(key: string, target: object): unknown };
        expect(meta.getOwnMetadata('design:paramtypes', unwrap(Adam))).to.deep.equal([Array, Number, Array]);
        expect(meta.getOwnMetadata('design:paramtypes', Adam)).to.deep.equal([Array, Number, Array]);
      } else {
        expect(types).to.deep.equal([undefined, undefined, undefined]);
      }
    });

    it('instantiates by name to the wrapper', () => {
      const built = new Spec(Adam, { lr: 0.1 }, { registry, called: true, args: [[1]] }).instantiate();
      expect(built).to.be.instanceOf(Adam);
      expect(built.constructor).to.equal(Adam);
      // Naming the class as written is the same target.
      const viaWritten = new Spec(unwrap(Adam) as typeof Adam, { params: [2] }, { registry, called: true }).instantiate();
      expect(viaWritten.constructor).to.equal(Adam);
      expect(recordOf(viaWritten)).to.deep.equal([[2]]);
    });
  });

  describe('what is recorded', () => {
    it('a plain new records the arguments as given, in order, by reference', () => {
      const params = [1, 2];
      const adam = new Adam(params, 0.5);
      expect(recordOf(adam)).to.deep.equal([[1, 2], 0.5]);
      expect((recordOf(adam) as unknown[])[0]).to.equal(params);
      expect(recordOf(new Adam(params))).to.deep.equal([[1, 2]]);
      // An explicit undefined is an argument too (the spec leaves it out, see instance-spec).
      expect(recordOf(new Adam(params, undefined, [0.8, 0.9]))).to.deep.equal([[1, 2], undefined, [0.8, 0.9]]);
      expect(recordOf(new AdamTwin(params))).to.equal(undefined);
    });

    it('a called spec records the bound arguments, trailing unbound ones left out', () => {
      const byName = new Spec(Adam, { params: [3], lr: 0.2 }, { registry, called: true }).instantiate();
      expect(recordOf(byName)).to.deep.equal([[3], 0.2]);
      const byPosition = new Spec(Adam, {}, { registry, called: true, args: [[3]] }).instantiate();
      expect(recordOf(byPosition)).to.deep.equal([[3]]);
      const skipping = new Spec(Adam, { params: [3], betas: [0.1, 0.2] }, { registry, called: true }).instantiate();
      expect(recordOf(skipping)).to.deep.equal([[3], undefined, [0.1, 0.2]]);
    });

    it('a partial called later records its bound and call-time arguments', () => {
      const make = new Spec(Adam, { lr: 0.3 }, { registry }).instantiate();
      const adam = make([4]);
      expect(adam).to.be.instanceOf(Adam);
      expect(recordOf(adam)).to.deep.equal([[4], 0.3]);
      const viaPartial = registry.partial(Adam, { lr: 0.4 })([5]);
      expect(recordOf(viaPartial)).to.deep.equal([[5], 0.4]);
    });

    it('new on a partial records too', () => {
      const Make = new Spec(Adam, { lr: 0.3 }, { registry }).instantiate() as PartialFunction<Adam>;
      const adam = new Make([6]);
      expect(adam).to.be.instanceOf(Adam);
      expect(recordOf(adam)).to.deep.equal([[6], 0.3]);
      const Partial = registry.partial(Adam, { lr: 0.4 });
      expect(recordOf(new Partial([7]))).to.deep.equal([[7], 0.4]);
    });

    it('a registered static method doing new this() makes a tracked instance', () => {
      const entry = registry.lookup(Adam.fromThis);
      expect(entry.name).to.equal('trk:Adam.fromThis');
      expect(wrapperOf(entry.owner as Callable)).to.equal(Adam);
      const built = new Spec(Adam.fromThis, { lr: 0.7 }, { registry, called: true }).instantiate();
      expect(built).to.be.instanceOf(Adam);
      expect(built.constructor).to.equal(Adam);
      expect(recordOf(built)).to.deep.equal([[0], 0.7]);
      // A partial of the static method, called later.
      const later = new Spec(Adam.fromThis, {}, { registry }).instantiate() as (lr: number) => Adam;
      expect(recordOf(later(0.8))).to.deep.equal([[0], 0.8]);
      // Called directly, this is the wrapper.
      expect(recordOf(Adam.fromThis(0.9))).to.deep.equal([[0], 0.9]);
    });

    it('a static method naming its class inside the body makes a tracked instance', () => {
      // The class binding inside the body is the decorated class in both decorator modes.
      const built = new Spec(Adam.fromName, { lr: 0.6 }, { registry, called: true }).instantiate();
      expect(built.constructor).to.equal(Adam);
      expect(recordOf(built)).to.deep.equal([[1], 0.6]);
      expect(recordOf(Adam.fromName(0.5))).to.deep.equal([[1], 0.5]);
    });

    it('instances made by the class as written (bypassing the wrapper) are not tracked', () => {
      const Written = unwrap(Adam) as typeof Adam;
      const direct = new Written([1]);
      expect(recordOf(direct)).to.equal(undefined);
      expect(trackedRecord(direct)).to.equal(undefined);
    });
  });

  describe('the record property', () => {
    it('is read under Symbol.for("config-spec.record"): a non-enumerable getter, no own key on the instance', () => {
      const adam = new Adam([1], 0.5);
      expect((adam as unknown as Record<symbol, unknown>)[RECORD]).to.deep.equal([[1], 0.5]);
      // Nothing is added to the instance's own keys, string or symbol.
      expect(Reflect.ownKeys(adam)).to.deep.equal(Reflect.ownKeys(new AdamTwin([1], 0.5)));
      expect(Object.getOwnPropertySymbols(adam)).to.deep.equal([]);
      const descriptor = Object.getOwnPropertyDescriptor(Adam.prototype, RECORD);
      expect(descriptor?.enumerable).to.equal(false);
      expect(descriptor?.get).to.be.a('function');
      expect(descriptor?.set).to.equal(undefined);
      expect(Symbol.keyFor(RECORD)).to.equal('config-spec.record');
      // Read on the prototype itself, or on anything else, the getter gives undefined.
      expect((Adam.prototype as unknown as Record<symbol, unknown>)[RECORD]).to.equal(undefined);
      expect(descriptor?.get?.call({})).to.equal(undefined);
      expect(descriptor?.get?.call(undefined)).to.equal(undefined);
    });

    it('cannot be overwritten by assignment', () => {
      const adam = new Adam([1], 0.5);
      expect(Reflect.set(adam, RECORD, ['forged'])).to.equal(false);
      expect(() => {
        (adam as unknown as Record<symbol, unknown>)[RECORD] = ['forged'];
      }).to.throw(TypeError);
      expect(recordOf(adam)).to.deep.equal([[1], 0.5]);
      expect(Spec.fromInstance(adam).kwargs).to.deep.equal({ params: [1], lr: 0.5 });
    });

    it('leaves Object.keys, JSON.stringify, spread and Object.assign as for an undecorated twin', () => {
      const adam = new Adam([1], 0.5);
      const twin = new AdamTwin([1], 0.5);
      expect(Object.keys(adam)).to.deep.equal(Object.keys(twin));
      expect(JSON.stringify(adam)).to.equal(JSON.stringify(twin));
      // eslint-disable-next-line @typescript-eslint/no-misused-spread -- what a spread copies is the point
      const spread = { ...adam };
      // eslint-disable-next-line @typescript-eslint/no-misused-spread -- as above
      expect(Reflect.ownKeys(spread)).to.deep.equal(Reflect.ownKeys({ ...twin }));
      expect(Object.getOwnPropertySymbols(Object.assign({}, adam))).to.deep.equal([]);
      expect(structuredClone(adam)).to.deep.equal(structuredClone(twin));
      const keys: string[] = [];
      for (const key in adam) keys.push(key);
      expect(keys).to.deep.equal(['params', 'lr', 'betas']);
    });

    it('lets chai deep-equal two instances made with the same arguments (and with different records)', () => {
      expect(new Adam([1], 0.5)).to.deep.equal(new Adam([1], 0.5));
      // The records differ ([p] and [p, undefined]) but they are not enumerable.
      expect(new Adam([1])).to.deep.equal(new Adam([1], undefined));
      expect(new Adam([1], 0.5)).to.not.deep.equal(new Adam([1], 0.6));
    });

    it('the tracker sits on the wrapper prototype under Symbol.for("config-spec.tracker")', () => {
      const adam = new Adam([1]);
      expect(Object.hasOwn(adam, TRACKER)).to.equal(false);
      expect(Object.getOwnPropertySymbols(Adam.prototype)).to.include(TRACKER);
      const tracker = (Adam.prototype as unknown as Record<symbol, { registry: unknown; entry: { name: string } }>)[TRACKER];
      expect(tracker?.registry).to.equal(registry);
      expect(tracker?.entry.name).to.equal('trk:Adam');
      expect(Object.getOwnPropertyDescriptor(Adam.prototype, TRACKER)?.enumerable).to.equal(false);
      expect(Symbol.keyFor(TRACKER)).to.equal('config-spec.tracker');
      const record = trackedRecord(adam);
      expect(record?.args).to.deep.equal([[1]]);
      expect(record?.tracker).to.equal(tracker);
    });

    it('is recognised by symbol alone, as a copy of the package would make it', () => {
      // An object made by "another copy": the same registered symbols, nothing else shared.
      const fake = Object.create(Adam.prototype) as object;
      Object.defineProperty(fake, Symbol.for('config-spec.record'), { value: [[9], 0.9] });
      expect(Spec.fromInstance(fake).toString()).to.equal('<Spec: trk:Adam(params=[ 9 ], lr=0.9)>');
      // A local symbol of the same description is not the record.
      const local = Object.create(Adam.prototype) as object;
      Object.defineProperty(local, Symbol('config-spec.record'), { value: [[9]] });
      expect(trackedRecord(local)).to.equal(undefined);
    });
  });

  describe('what is not tracked', () => {
    it('track: false leaves the class unreplaced and its instances untracked', () => {
      @registry.configurable({ namespace: 'trk', track: false })
      class Plain {
        constructor(readonly x: number) {}
      }
      const entry = registry.lookup(Plain);
      expect(entry).to.deep.include({ fn: Plain, source: Plain, track: false });
      expect(unwrap(Plain)).to.equal(Plain);
      expect(Object.keys(Plain)).to.deep.equal([]);
      const plain = new Plain(1);
      expect(Object.getOwnPropertySymbols(plain)).to.deep.equal([]);
      expect(trackedRecord(plain)).to.equal(undefined);
      const error = expectError(() => Spec.fromInstance(plain), 'NOT_SERIALIZABLE');
      expect(error.message).to.include('@configurable()');
      expectError(() => asdict({ plain }, { registry }), 'NOT_SERIALIZABLE', 'plain');
      // The class itself is still registered and written by name.
      expect(asdict(Plain, { registry })).to.deep.equal({ target: 'trk:Plain', __dense_spec__: true });
    });

    it("configurable('ns', Cls) returns the class unchanged and leaves it untracked", () => {
      class ThirdParty {
        static K = 1;
        constructor(readonly x: number) {}
      }
      expect(registry.configurable('trk', ThirdParty)).to.equal(ThirdParty);
      expect(registry.lookup(ThirdParty)).to.deep.include({ fn: ThirdParty, source: ThirdParty, track: false });
      expect(Object.keys(ThirdParty)).to.deep.equal(['K']);
      const built = new Spec(ThirdParty, { x: 2 }, { registry, called: true }).instantiate();
      expect(built).to.be.instanceOf(ThirdParty);
      expect(trackedRecord(built)).to.equal(undefined);
      expectError(() => Spec.fromInstance(built), 'NOT_SERIALIZABLE');
      expectError(() => asdict([built], { registry }), 'NOT_SERIALIZABLE', '[0]');
    });

    it('configurable({ track: true }, Cls) is INVALID_REGISTRATION: only the decorator can track', () => {
      class Wanted {}
      const error = expectError(() => registry.configurable({ namespace: 'trk', track: true }, Wanted), 'INVALID_REGISTRATION');
      expect(error.message).to.include('trk:Wanted');
      expect(registry.has('trk:Wanted')).to.equal(false);
    });

    it('a constructor that freezes, seals or prevents extensions of this does not crash, and stays untracked', () => {
      @registry.configurable('trk')
      class Frozen {
        constructor(readonly x: number) {
          Object.freeze(this);
        }
      }
      @registry.configurable('trk')
      class Sealed {
        constructor(readonly x: number) {
          Object.seal(this);
        }
      }
      @registry.configurable('trk')
      class Closed {
        constructor(readonly x: number) {
          Object.preventExtensions(this);
        }
      }
      for (const make of [() => new Frozen(1), () => new Sealed(1), () => new Closed(1)]) {
        const instance = make();
        expect(instance.x).to.equal(1);
        expect(Object.isExtensible(instance)).to.equal(false);
        expect(trackedRecord(instance)).to.equal(undefined);
        expectError(() => Spec.fromInstance(instance), 'NOT_SERIALIZABLE');
      }
      // Built from a spec: no INSTANTIATION_FAILED either.
      const built = new Spec(Frozen, { x: 2 }, { registry, called: true }).instantiate();
      expect(Object.isFrozen(built)).to.equal(true);
      expect(built.x).to.equal(2);
    });

    it('a constructor returning an instance made before (interning) keeps its first record', () => {
      const cache = new Map<string, unknown>();
      @registry.configurable('trk')
      class Interned {
        constructor(readonly key: string, readonly note = '') {
          const hit = cache.get(key);
          if (hit !== undefined) return hit as Interned;
          cache.set(key, this);
        }
      }
      const first = new Interned('a', 'first');
      const second = new Interned('a', 'second');
      expect(second).to.equal(first);
      expect(recordOf(second)).to.deep.equal(['a', 'first']);
      expect(new Spec(Interned, { key: 'a' }, { registry, called: true }).instantiate()).to.equal(first);
      expect(recordOf(new Interned('b'))).to.deep.equal(['b']);
    });

    it('an object whose prototype is a tracked instance is not tracked (the record is not inherited)', () => {
      const adam = new Adam([1], 0.5);
      const heir = Object.create(adam) as Adam;
      expect(heir.lr).to.equal(0.5);
      expect(heir).to.be.instanceOf(Adam);
      expect(recordOf(heir)).to.equal(undefined);
      expectError(() => Spec.fromInstance(heir), 'NOT_SERIALIZABLE');
    });

    it('a constructor returning another object: the returned object is what new gives', () => {
      const shared = { kind: 'shared' };
      @registry.configurable('trk')
      class Returns {
        constructor(readonly x: number) {
          return shared as unknown as Returns;
        }
      }
      const made = new Returns(1) as unknown;
      expect(made).to.equal(shared);
      // A plain object is not a tracked instance (no tracker), and is written as plain data.
      expect(trackedRecord(shared)).to.equal(undefined);
      expect(asdict(made, { registry })).to.deep.equal({ kind: 'shared' });
      expect(Object.keys(shared)).to.deep.equal(['kind']);
    });
  });

  describe('subclasses', () => {
    it('a decorated subclass of a decorated class records its own arguments under its own target', () => {
      expect(registry.nameOf(Derived)).to.equal('trk:Derived');
      expect(Object.getPrototypeOf(unwrap(Derived))).to.equal(Base);
      const derived = new Derived('x', 3);
      expect(derived).to.be.instanceOf(Derived);
      expect(derived).to.be.instanceOf(Base);
      expect(derived).to.deep.include({ a: 3, b: 'fixed', c: 'x' });
      expect(recordOf(derived)).to.deep.equal(['x', 3]);
      expect(trackedRecord<unknown, { name: string }>(derived)?.tracker.entry.name).to.equal('trk:Derived');
      expect(Spec.fromInstance(derived).toString()).to.equal("<Spec: trk:Derived(c='x', a=3)>");
      // The parent's own instances are unaffected.
      expect(recordOf(new Base(1))).to.deep.equal([1]);
    });

    it('a decorated subclass without its own constructor gets the parent parameter names', () => {
      expect(names(signature(Child))).to.deep.equal(['a', 'b']);
      const child = new Child(4, 'q');
      expect(recordOf(child)).to.deep.equal([4, 'q']);
      const spec = Spec.fromInstance(child);
      expect(spec.target).to.equal('trk:Child');
      expect(spec.kwargs).to.deep.equal({ a: 4, b: 'q' });
      const rebuilt = spec.instantiate();
      expect(rebuilt).to.be.instanceOf(Child);
      expect(rebuilt).to.deep.equal(child);
      if (decoratorMode === 'legacy') expect(signature(Child).params.map((p) => p.type)).to.deep.equal([Number, String]);
    });

    it('a decorated subclass of an undecorated subclass of a decorated class gets the names from up the chain', () => {
      expect(names(signature(GrandChild))).to.deep.equal(['a', 'b']);
      const grand = new GrandChild(5);
      expect(Spec.fromInstance(grand).toString()).to.equal('<Spec: trk:GrandChild(a=5)>');
    });

    it('an undecorated subclass of a decorated class is not tracked (it is not the parent)', () => {
      for (const instance of [new Undecorated(1), new UndecoratedWithCtor()]) {
        expect(instance).to.be.instanceOf(Base);
        expect(recordOf(instance)).to.equal(undefined);
        expect(trackedRecord(instance)).to.equal(undefined);
        expectError(() => Spec.fromInstance(instance), 'NOT_SERIALIZABLE');
        expectError(() => asdict({ m: { x: instance } }, { registry }), 'NOT_SERIALIZABLE', 'm.x');
      }
    });

    it('a decorated track: false subclass of a tracked class is not tracked (not written as its parent)', () => {
      const sub = new UntrackedSub(2);
      expect(recordOf(sub)).to.equal(undefined);
      expectError(() => Spec.fromInstance(sub), 'NOT_SERIALIZABLE');
    });
  });

  describe('regressions', () => {
    it('a decorated class registered by a call into another registry keeps its parameter names', () => {
      // An allow-list registry for untrusted configs: register the already-decorated class again.
      const safe = new Registry();
      expect(safe.register(Adam, { namespace: 'safe' })).to.equal(Adam);
      expect(names(signature(Adam, safe))).to.deep.equal(['params', 'lr', 'betas']);
      const built = new Spec(Adam, { lr: 0.1 }, { registry: safe }).instantiate()([1]);
      expect(built).to.deep.equal(new Adam([1], 0.1));
      if (decoratorMode === 'legacy') expect(signature(Adam, safe).params.map((p) => p.type)).to.deep.equal([Array, Number, Array]);
      // Its instances still belong to the registry that decorated the class.
      expect(trackedRecord<Registry, unknown>(built)?.tracker.registry).to.equal(registry);
      expect(Spec.fromInstance(built).target).to.equal('trk:Adam');
    });

    it('two different decorated classes registered by a call under one name are DUPLICATE_TARGET, not a hot-reload twin', () => {
      const other = new Registry();
      @other.configurable('one')
      class First {
        constructor(readonly x: number) {}
      }
      @other.configurable('two')
      class Second {
        constructor(readonly y: string) {}
      }
      const third = new Registry();
      third.register(First, { name: 'Same' });
      const error = expectError(() => third.register(Second, { name: 'Same' }), 'DUPLICATE_TARGET');
      expect(error.message).to.include('Same');
      expect(third.resolve('Same')).to.equal(First);
    });

    it('a class decorated into two registries keeps its parameter names in both', () => {
      const inner = new Registry();
      const outer = new Registry();
      @outer.configurable('out')
      @inner.configurable('in')
      class Twice {
        constructor(readonly alpha: number, readonly beta = 2) {}
      }
      expect(names(signature(Twice, outer))).to.deep.equal(['alpha', 'beta']);
      expect(names(signature(unwrap(Twice), inner))).to.deep.equal(['alpha', 'beta']);
      const twice = new Twice(1);
      expect(Spec.fromInstance(twice).toString()).to.equal('<Spec: out:Twice(alpha=1)>');
      expect(new Spec(Twice, { alpha: 3 }, { registry: outer, called: true }).instantiate()).to.deep.equal(new Twice(3));
    });

    it('an undecorated subclass (own constructor) of a decorated class is not taken for its parent when reading parameters', () => {
      // unwrap() used to find the parent's class through static inheritance.
      expect(unwrap(UndecoratedWithCtor)).to.equal(UndecoratedWithCtor);
      expect(unwrap(Undecorated)).to.equal(Undecorated);
      @registry.configurable('trk')
      class BelowCtor extends UndecoratedWithCtor {}
      expect(names(signature(BelowCtor))).to.deep.equal([]);
      const other = new Registry();
      other.register(UndecoratedWithCtor, { name: 'U' });
      expect(names(signature(UndecoratedWithCtor, other))).to.deep.equal([]);
    });
  });

  describe('another copy of the package', () => {
    const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
    const nodeModules = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
    let scratch: string | undefined;

    after(() => {
      if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    });

    it('shares the default registry and reads the records and trackers of the other copy', async function () {
      this.timeout(20000);
      scratch = mkdtempSync(join(tmpdir(), 'config-spec-tracking-copy-'));
      cpSync(srcDir, join(scratch, 'src'), { recursive: true });
      writeFileSync(join(scratch, 'package.json'), JSON.stringify({ type: 'module' }));
      mkdirSync(join(scratch, 'node_modules'));
      for (const dep of ['acorn', 'reflect-metadata']) symlinkSync(join(nodeModules, dep), join(scratch, 'node_modules', dep), 'dir');
      type Copy = typeof import('../src/index.js');
      const other = (await import(pathToFileURL(join(scratch, 'src', 'index.js')).href)) as Copy;
      expect(other.Spec).to.not.equal(Spec);
      expect(other.defaultRegistry).to.equal(defaultRegistry);
      const ns = `h5-copy.${decoratorMode}`;

      // A class decorated by the other copy, into the shared default registry (decorator called by hand).
      class Remote {
        constructor(readonly width: number, readonly depth = 1) {}
      }
      const RemoteW = (other.configurable(ns) as unknown as (cls: Callable) => typeof Remote)(Remote);
      expect(RemoteW).to.not.equal(Remote);
      const remote = new RemoteW(3);
      expect(recordOf(remote)).to.deep.equal([3]);
      expect(Object.getOwnPropertySymbols(remote)).to.deep.equal([]);
      expect(Spec.fromInstance(remote).toString()).to.equal(`<Spec: ${ns}:Remote(width=3)>`);
      const dict = asdict({ m: remote });
      expect(dict).to.deep.equal({ m: { target: `${ns}:Remote`, called: true, width: 3, __dense_spec__: true } });
      const rebuilt = Spec.instantiate<{ m: Remote }>(dict);
      expect(rebuilt.m).to.be.instanceOf(RemoteW);
      expect(other.asdict(rebuilt.m)).to.deep.equal(dict.m);

      // A class decorated by this copy, written by the other.
      class Local {
        constructor(readonly n: number) {}
      }
      const LocalW = (configurable(ns) as unknown as (cls: Callable) => typeof Local)(Local);
      expect(other.asdict(new LocalW(2))).to.deep.equal({ target: `${ns}:Local`, called: true, n: 2, __dense_spec__: true });
      expect(other.Spec.fromInstance(new LocalW(2)).toString()).to.equal(`<Spec: ${ns}:Local(n=2)>`);

      // An isolated registry of the other copy: its wrapper, its tracker, read by this copy.
      const isolated = new other.Registry();
      class Iso {
        constructor(readonly k: string) {}
      }
      const IsoW = (isolated.configurable('iso') as unknown as (cls: Callable) => typeof Iso)(Iso);
      const iso = new IsoW('v');
      const spec = Spec.fromInstance(iso);
      expect(spec.toString()).to.equal("<Spec: iso:Iso(k='v')>");
      expect(asdict(iso, { registry: isolated })).to.deep.equal({ target: 'iso:Iso', called: true, k: 'v', __dense_spec__: true });
      const back = spec.instantiate();
      expect(back).to.be.instanceOf(IsoW);
      expect(back.k).to.equal('v');

      // A class decorated by the other copy and again by this one (into another registry): the links
      // between wrappers and classes are shared, so this copy reads the class as written.
      const twice = new Registry();
      const Again = (twice.configurable('again') as unknown as (cls: Callable) => typeof Remote)(RemoteW);
      expect(unwrap(Again)).to.equal(Remote);
      expect(unwrap(RemoteW)).to.equal(Remote);
      expect(wrapperOf(Remote)).to.equal(RemoteW);
      expect(wrapperOf(RemoteW)).to.equal(Again);
      expect(names(signature(Again, twice))).to.deep.equal(['width', 'depth']);
      const again = new Spec(Again, { width: 4 }, { registry: twice, called: true }).instantiate();
      expect(again).to.be.instanceOf(Again).and.to.be.instanceOf(Remote);
      expect(again.width).to.equal(4);
    });
  });
});
