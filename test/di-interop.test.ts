/**
 * DI containers resolving `@configurable()` classes (issue 14, item 2): the tracking subclass carries
 * the class's own reflect metadata, so inversify and tsyringe build it in either decorator order, and
 * `asdict` of what the container built gives its config.
 *
 * Parameter decorators (`@inject(...)` on a constructor parameter) exist only under legacy decorators,
 * and TypeScript rejects their syntax under TC39 decorators; this one source is compiled in both modes,
 * so they are applied as the functions they are (`decorate(inject(X), Cls, 0)`; the same calls the
 * compiled legacy syntax makes). Tests that rely on `design:paramtypes` run in the legacy build only.
 */
import 'reflect-metadata';
import { expect } from 'chai';
import { Container, decorate, inject, injectable } from 'inversify';
import * as tsyringe from 'tsyringe';
import { asdict, Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';

const needsMetadata = '[legacy build only: relies on design:paramtypes, which only emitDecoratorMetadata emits]';
const legacyIt = decoratorMode === 'legacy' ? it : (title: string) => it.skip(`${title} ${needsMetadata}`);

type Ctor = abstract new (...args: never) => unknown;
/** Applies legacy class decorators bottom-up, as `@a @b class X` does. */
function applyClassDecorators<C extends Ctor>(cls: C, ...decorators: ((target: C) => unknown)[]): C {
  let out = cls;
  for (const decorator of decorators.reverse()) out = (decorator(out) as C | undefined) ?? out;
  return out;
}

describe(`DI container interop (${decoratorMode})`, () => {
  describe('inversify', () => {
    for (const order of ['@injectable() above @configurable()', '@configurable() above @injectable()'] as const) {
      it(`resolves a @configurable() class, ${order}, and asdict of the result gives its config`, () => {
        const registry = new Registry();
        class RawCache {
          constructor(readonly capacity = 16) {}
        }
        class RawService {
          constructor(readonly cache: RawCache, readonly label = 'svc') {}
        }
        // The parameter's token is own metadata of the class as written, put there before the class
        // decorators run: the order the compiled legacy syntax applies them in.
        decorate(inject(RawCache), RawService, 0);
        const configurable = registry.configurable('svc') as (c: Ctor) => Ctor;
        const injectableFirst = order.startsWith('@injectable');
        const Cache = applyClassDecorators(RawCache, ...(injectableFirst ? [injectable(), configurable] : [configurable, injectable()]));
        // The token names RawCache: bind it to the tracked class, as a user would bind an interface.
        const Service = applyClassDecorators(RawService, ...(injectableFirst ? [injectable(), configurable] : [configurable, injectable()]));
        const container = new Container();
        container.bind(RawCache).to(Cache);
        container.bind(Service).toSelf();
        const service = container.get<RawService>(Service);
        expect(service).to.be.instanceOf(RawService);
        expect(service.cache).to.be.instanceOf(Cache);
        expect(service.cache.capacity).to.equal(16);
        const config: unknown = asdict(service, { registry });
        expect(config).to.deep.equal({
          target: 'svc:RawService',
          called: true,
          cache: { target: 'svc:RawCache', called: true, __dense_spec__: true },
          __dense_spec__: true,
        });
        const rebuilt = Spec.instantiate<RawService>(config, { registry });
        expect(rebuilt.cache.capacity).to.equal(16);
      });
    }

    legacyIt('resolves decorated classes by design:paramtypes, in decorator syntax, either order', () => {
      const registry = new Registry();
      @injectable()
      @registry.configurable('svc')
      class Database {
        readonly url = 'mem://';
      }
      @registry.configurable('svc')
      @injectable()
      class Repo {
        constructor(readonly db: Database) {}
      }
      const container = new Container();
      container.bind(Database).toSelf();
      container.bind(Repo).toSelf();
      const repo = container.get(Repo);
      expect(repo.db).to.be.instanceOf(Database);
      expect(asdict(repo, { registry })).to.deep.equal({ target: 'svc:Repo', called: true, db: { target: 'svc:Database', called: true, __dense_spec__: true }, __dense_spec__: true });
    });

    it('copies every own metadata key of the class onto its tracking subclass', () => {
      const registry = new Registry();
      class Raw {}
      Reflect.defineMetadata('custom:key', { a: 1 }, Raw);
      Reflect.defineMetadata('design:paramtypes', [], Raw);
      const Marked = applyClassDecorators(Raw, registry.configurable() as (c: Ctor) => Ctor);
      expect(Marked).not.to.equal(Raw);
      const original = Object.getPrototypeOf(Marked) as object;
      expect(Reflect.getOwnMetadataKeys(original)).to.include('custom:key');
      expect(Reflect.getOwnMetadataKeys(Marked)).to.include.members(Reflect.getOwnMetadataKeys(original));
      expect(Reflect.getOwnMetadata('custom:key', Marked)).to.deep.equal({ a: 1 });
    });
  });

  describe('tsyringe', () => {
    it('resolves a @configurable() class with @injectable() above it, injection tokens included, and asdict gives its config', () => {
      const registry = new Registry();
      class RawPool {
        readonly size = 4;
      }
      class RawRepo {
        constructor(readonly pool: RawPool, readonly name: string) {}
      }
      // tsyringe reads tokens with getOwnMetadata: without the copy the wrapper would have none.
      tsyringe.inject(RawPool)(RawRepo, undefined, 0);
      tsyringe.inject('repo:name')(RawRepo, undefined, 1);
      const configurable = registry.configurable('svc') as (c: Ctor) => Ctor;
      const Pool = applyClassDecorators(RawPool, tsyringe.injectable() as (c: Ctor) => void, configurable);
      const Repo = applyClassDecorators<typeof RawRepo>(RawRepo, tsyringe.injectable(), configurable);
      const container = tsyringe.container.createChildContainer();
      container.register(RawPool, { useClass: Pool });
      container.register('repo:name', { useValue: 'users' });
      const repo = container.resolve(Repo);
      expect(repo.pool).to.be.instanceOf(Pool);
      expect(repo.name).to.equal('users');
      expect(asdict(repo, { registry })).to.deep.equal({ target: 'svc:RawRepo', called: true, pool: { target: 'svc:RawPool', called: true, __dense_spec__: true }, name: 'users', __dense_spec__: true });
    });

    legacyIt('resolves by design:paramtypes in decorator syntax; with @configurable() on top, after injectable() is applied to the class it returned', () => {
      const registry = new Registry();
      @tsyringe.injectable()
      @registry.configurable('svc')
      class Clock {}
      @registry.configurable('svc')
      @tsyringe.injectable()
      class Scheduler {
        constructor(readonly clock: Clock) {}
      }
      const container = tsyringe.container.createChildContainer();
      // tsyringe keeps what @injectable() learnt in a private map keyed by the class it was given,
      // which is not the tracking subclass: config-spec cannot reach it (README, Dependency injection).
      expect(() => container.resolve(Scheduler)).to.throw(/TypeInfo not known for "Scheduler"/);
      tsyringe.injectable()(Scheduler);
      const scheduler = container.resolve(Scheduler);
      expect(scheduler.clock).to.be.instanceOf(Clock);
      expect(asdict(scheduler, { registry })).to.deep.equal({ target: 'svc:Scheduler', called: true, clock: { target: 'svc:Clock', called: true, __dense_spec__: true }, __dense_spec__: true });
    });
  });
});
