/**
 * Autowiring while building (issue 14, item 1): a called spec's required parameters that nothing binds,
 * typed as registered targets (`inject` in both decorator modes, `design:paramtypes` in the legacy
 * one), are built from their targets' defaults, one shared instance per target per instantiate call.
 */
import { expect } from 'chai';
import { Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { cyclicServices } from './support/cyclic-services.js';
import { expectError } from './support/errors.js';

function services() {
  const registry = new Registry();
  let made = 0;
  @registry.configurable('svc')
  class Settings {
    constructor(readonly url = 'mem://') {}
  }
  @registry.configurable({ namespace: 'svc', inject: { settings: Settings } })
  class Database {
    readonly id = ++made;
    constructor(readonly settings: Settings) {}
  }
  @registry.configurable('svc')
  class Cache {
    constructor(readonly size = 8) {}
  }
  @registry.configurable({ namespace: 'svc', inject: { db: Database, cache: 'svc:Cache' } })
  class UserService {
    constructor(readonly db: Database, readonly cache: Cache, readonly pageSize = 20) {}
  }
  @registry.configurable({ namespace: 'svc', inject: { db: Database } })
  class AuditLog {
    constructor(readonly db: Database) {}
  }
  return { registry, Settings, Database, Cache, UserService, AuditLog };
}

describe(`autowiring (${decoratorMode})`, () => {
  it('builds unset required parameters typed by inject from their defaults, recursively', () => {
    const { registry, Database, Cache, UserService } = services();
    const service = new Spec(UserService, { pageSize: 5 }, { registry }).call().instantiate();
    expect(service.pageSize).to.equal(5);
    expect(service.db).to.be.instanceOf(Database);
    expect(service.db.settings.url).to.equal('mem://');
    expect(service.cache).to.be.instanceOf(Cache);
    expect(service.cache.size).to.equal(8);
  });

  it('shares one instance per target within one instantiate call, a new one per call', () => {
    const { registry, UserService, AuditLog } = services();
    const tree = { users: new Spec(UserService, {}, { registry, called: true }), audit: new Spec(AuditLog, {}, { registry, called: true }) };
    const first = Spec.instantiate<{ users: InstanceType<typeof UserService>; audit: InstanceType<typeof AuditLog> }>(tree);
    expect(first.users.db).to.equal(first.audit.db);
    const second = Spec.instantiate<{ users: InstanceType<typeof UserService> }>(tree);
    expect(second.users.db).not.to.equal(first.users.db);
  });

  it('an explicit value in the config always wins, by keyword or by position', () => {
    const { registry, Database, Settings, UserService } = services();
    const mine = new Database(new Settings('pg://'));
    const byKeyword = new Spec(UserService, { db: mine }, { registry, called: true }).instantiate();
    expect(byKeyword.db).to.equal(mine);
    const fromDict = Spec.instantiate<InstanceType<typeof UserService>>({ target: 'svc:UserService', called: true, db: { target: 'svc:Database', called: true, settings: { target: 'svc:Settings', called: true, url: 'x://', __dense_spec__: true }, __dense_spec__: true }, __dense_spec__: true }, { registry });
    expect(fromDict.db.settings.url).to.equal('x://');
    const byPosition = new Spec(UserService, {}, { registry, called: true, args: [mine] }).instantiate();
    expect(byPosition.db).to.equal(mine);
  });

  it('partial specs are not autowired: their call supplies the arguments', () => {
    const { registry, UserService } = services();
    const make = new Spec(UserService, {}, { registry }).instantiate();
    expectError(() => make(), 'MISSING_PARAMETER');
  });

  it('a dependency cycle is CYCLE with the chain and the path', () => {
    const registry = cyclicServices();
    const error = expectError(() => Spec.instantiate({ root: { target: 'cyc:Alpha', called: true, __dense_spec__: true } }, { registry }), 'CYCLE', 'root.b.a.b');
    expect(error.message).to.contain('cyc:Beta → cyc:Alpha → cyc:Beta');
  });

  it('a target that needs itself is a CYCLE', () => {
    const registry = new Registry();
    @registry.configurable({ namespace: 'cyc', inject: { next: 'cyc:Node' } })
    class Node {
      constructor(readonly next: Node) {}
    }
    expectError(() => new Spec(Node, {}, { registry, called: true }).instantiate(), 'CYCLE', 'next.next');
  });

  it('a bad inject: not an object or a bad type at registration; a key that is no parameter or an unregistered type when used', () => {
    const registry = new Registry();
    expectError(() => registry.configurable({ inject: 'Database' as never }, function withBadInject() {}), 'INVALID_REGISTRATION');
    expectError(() => registry.configurable({ inject: { db: 5 as never } }, function withNumberInject() {}), 'INVALID_REGISTRATION');
    registry.configurable({ name: 'noSuchParam', inject: { dbb: 'svc:Db' } }, function noSuchParam(db: unknown) { return db; });
    const error = expectError(() => Spec.instantiate({ x: { target: 'noSuchParam', called: true, __dense_spec__: true } }, { registry }), 'INVALID_REGISTRATION', 'x');
    expect(error.message).to.contain('"dbb"');
    registry.configurable({ name: 'unregisteredType', inject: { db: class Db {} } }, function unregisteredType(db: unknown) { return db; });
    expectError(() => Spec.instantiate({ x: { target: 'unregisteredType', called: true, __dense_spec__: true } }, { registry }), 'UNKNOWN_TARGET', 'x');
  });

  it('a factory function named in inject is called with its defaults', () => {
    const registry = new Registry();
    registry.configurable({ namespace: 'db', name: 'connect' }, function connect(url = 'mem://') {
      return { url };
    });
    registry.configurable({ namespace: 'db', name: 'query', inject: { conn: 'db:connect' } }, function query(conn: { url: string }, sql = 'select 1') {
      return `${conn.url} ${sql}`;
    });
    expect(Spec.instantiate({ target: 'db:query', called: true, __dense_spec__: true }, { registry })).to.equal('mem:// select 1');
  });

  describe('from design:paramtypes', () => {
    function typed() {
      const registry = new Registry();
      @registry.configurable('meta')
      class Pool {
        constructor(readonly size = 4) {}
      }
      @registry.configurable('meta')
      class Repo {
        constructor(readonly pool: Pool, readonly label: string, readonly limit: number) {}
      }
      class Unregistered {}
      @registry.configurable('meta')
      class Holder {
        constructor(readonly thing: Unregistered) {}
      }
      return { registry, Pool, Repo, Holder };
    }

    if (decoratorMode === 'legacy') {
      it('a registered class type is autowired; primitives and unregistered classes never are', () => {
        const { registry, Pool, Repo, Holder } = typed();
        const repo = new Spec(Repo, { label: 'users', limit: 3 }, { registry, called: true }).instantiate();
        expect(repo.pool).to.be.instanceOf(Pool);
        const error = expectError(() => new Spec(Repo, {}, { registry, called: true }).instantiate(), 'MISSING_PARAMETER');
        expect(error.message).to.contain('"label", "limit"').and.not.to.contain('pool');
        expectError(() => new Spec(Holder, {}, { registry, called: true }).instantiate(), 'MISSING_PARAMETER');
      });
    } else {
      it('without design:paramtypes (TC39 decorators) nothing is autowired but what inject names', () => {
        const { registry, Repo } = typed();
        const error = expectError(() => new Spec(Repo, { label: 'users', limit: 3 }, { registry, called: true }).instantiate(), 'MISSING_PARAMETER');
        expect(error.message).to.contain('"pool"');
      });
    }
  });
});

describe(`autowiring is checked before anything is built (${decoratorMode})`, () => {
  it('an autowired target outside allow is TARGET_NOT_ALLOWED, and nothing ran', () => {
    const registry = new Registry();
    let ran = 0;
    @registry.configurable('secret')
    class Key {
      constructor() {
        ran++;
      }
    }
    @registry.configurable({ namespace: 'app', inject: { key: Key } })
    class Vault {
      constructor(readonly key: Key) {
        ran++;
      }
    }
    void Vault;
    expectError(() => Spec.instantiate({ first: { target: 'app:Vault', called: true, __dense_spec__: true } }, { registry, allow: ['app'] }), 'TARGET_NOT_ALLOWED', 'first.key');
    expect(ran).to.equal(0);
  });

  it('an autowired target with a required parameter of its own that cannot be wired is MISSING_PARAMETER before any target runs', () => {
    const registry = new Registry();
    let ran = 0;
    registry.configurable({ namespace: 'db', name: 'connect' }, function connect(url: string) {
      ran++;
      return url;
    });
    registry.configurable({ namespace: 'db', name: 'first' }, function first() {
      return ran++;
    });
    registry.configurable({ namespace: 'db', name: 'use', inject: { conn: 'db:connect' } }, function use(conn: string) {
      return conn;
    });
    const error = expectError(() => Spec.instantiate([{ target: 'db:first', called: true, __dense_spec__: true }, { target: 'db:use', called: true, __dense_spec__: true }], { registry }), 'MISSING_PARAMETER', '[1].conn');
    expect(error.message).to.contain('"url"');
    expect(ran).to.equal(0);
  });

  it('a cycle is found by the check phase, before anything runs', () => {
    const registry = new Registry();
    let ran = 0;
    registry.configurable({ namespace: 'cyc', name: 'first' }, function first() {
      return ran++;
    });
    registry.configurable({ namespace: 'cyc', name: 'ping', inject: { other: 'cyc:pong' } }, function ping(other: unknown) {
      return other;
    });
    registry.configurable({ namespace: 'cyc', name: 'pong', inject: { other: 'cyc:ping' } }, function pong(other: unknown) {
      return other;
    });
    const error = expectError(() => Spec.instantiate([{ target: 'cyc:first', called: true, __dense_spec__: true }, { target: 'cyc:ping', called: true, __dense_spec__: true }], { registry }), 'CYCLE', '[1].other.other.other');
    expect(error.message).to.contain('cyc:pong → cyc:ping → cyc:pong');
    expect(ran).to.equal(0);
  });
});
