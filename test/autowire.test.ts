/**
 * `autowire(tree)` (issue 14, item 1): the autowired parts written into the dict, first use in full and
 * later ones as references, so the saved config rebuilds the same graph without autowiring.
 */
import { expect } from 'chai';
import { asdict, autowire, Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { cyclicServices } from './support/cyclic-services.js';
import { expectError } from './support/errors.js';

function services() {
  const registry = new Registry();
  @registry.configurable('svc')
  class Settings {
    constructor(readonly url = 'mem://') {}
  }
  @registry.configurable({ namespace: 'svc', inject: { settings: Settings } })
  class Database {
    constructor(readonly settings: Settings) {}
  }
  @registry.configurable({ namespace: 'svc', inject: { db: Database } })
  class UserService {
    constructor(readonly db: Database, readonly pageSize = 20) {}
  }
  @registry.configurable({ namespace: 'svc', inject: { db: Database } })
  class AuditLog {
    constructor(readonly db: Database) {}
  }
  return { registry, Settings, Database, UserService, AuditLog };
}

describe(`autowire (${decoratorMode})`, () => {
  it('writes the autowired parts into the dict: the first use in full, later ones as __ref__', () => {
    const { registry } = services();
    const config = {
      users: { target: 'svc:UserService', called: true, pageSize: 5, __dense_spec__: true },
      audit: { target: 'svc:AuditLog', called: true, __dense_spec__: true },
    };
    const before = JSON.stringify(config);
    const wired: unknown = autowire(config, { registry });
    expect(JSON.stringify(config)).to.equal(before);
    expect(wired).to.deep.equal({
      users: {
        target: 'svc:UserService',
        called: true,
        pageSize: 5,
        db: { target: 'svc:Database', called: true, settings: { target: 'svc:Settings', called: true, __dense_spec__: true }, __dense_spec__: true },
        __dense_spec__: true,
      },
      audit: { target: 'svc:AuditLog', called: true, db: { __ref__: 'users.db' }, __dense_spec__: true },
    });
  });

  it('the written config rebuilds without autowiring, sharing one instance as instantiate does', () => {
    const { registry } = services();
    const other = new Registry();
    @other.configurable('svc')
    class Settings {
      constructor(readonly url = 'mem://') {}
    }
    // The same names, registered without inject: only the written config can wire them.
    @other.configurable('svc')
    class Database {
      constructor(readonly settings: Settings) {}
    }
    @other.configurable('svc')
    class UserService {
      constructor(readonly db: Database, readonly pageSize = 20) {}
    }
    @other.configurable('svc')
    class AuditLog {
      constructor(readonly db: Database) {}
    }
    void [UserService, AuditLog];
    const wired: unknown = autowire({ users: new Spec('svc:UserService', { pageSize: 5 }, { registry, called: true }), audit: new Spec('svc:AuditLog', {}, { registry, called: true }) }, { registry });
    const built = Spec.instantiate<{ users: { db: Database; pageSize: number }; audit: { db: Database } }>(wired, { registry: other });
    expect(built.users.db).to.equal(built.audit.db);
    expect(built.users.db.settings.url).to.equal('mem://');
  });

  it('keeps explicit values, and leaves partial specs as they are', () => {
    const { registry, Settings, Database, UserService } = services();
    const db = new Spec(Database, { settings: new Spec(Settings, { url: 'pg://' }, { registry, called: true }) }, { registry, called: true });
    const config = asdict({ a: new Spec(UserService, { db }, { registry, called: true }), b: new Spec(UserService, {}, { registry }) }, { registry });
    expect(autowire(config, { registry })).to.deep.equal(config);
  });

  it('a circular dependency is CYCLE with the path', () => {
    const registry = cyclicServices();
    expectError(() => autowire({ target: 'cyc:Alpha', called: true, __dense_spec__: true }, { registry }), 'CYCLE', 'b.a.b');
  });
});
