/**
 * Async targets (issue 14, item 3): `Spec.instantiateAsync` and its twins await a target's Promise
 * before the spec that uses it is built, run independent ones concurrently, and turn a rejection into
 * INSTANTIATION_FAILED with the path. The sync functions refuse a Promise result, and no rejection
 * escapes either of them unhandled.
 */
import { expect } from 'chai';
import { Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { expectError, rejection } from './support/errors.js';

/** A promise settled from outside, to control when an async target finishes. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Runs `fn` and fails if any rejection goes unhandled while it (and a few turns after it) runs. */
async function noUnhandledRejection(fn: () => Promise<void>): Promise<void> {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  try {
    await fn();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('unhandledRejection', listener);
  }
  expect(seen, 'unhandled rejections').to.deep.equal([]);
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(`async targets (${decoratorMode})`, () => {
  it('awaits an async factory before the spec that uses it is built', async () => {
    const registry = new Registry();
    registry.configurable({ namespace: 'db', name: 'createPool' }, async function createPool(url: string) {
      await tick();
      return { url, open: true };
    });
    registry.configurable({ namespace: 'db', name: 'repo' }, function repo(pool: { url: string; open: boolean }, table = 'users') {
      expect(pool).not.to.be.instanceOf(Promise);
      return `${pool.url}/${table}`;
    });
    const config = { target: 'db:repo', called: true, pool: { target: 'db:createPool', called: true, url: 'pg://x', __dense_spec__: true }, __dense_spec__: true };
    expect(await Spec.instantiateAsync(config, { registry })).to.equal('pg://x/users');
    expect(await Spec.instantiateFromDictAsync({ list: [config, 1] }, { registry })).to.deep.equal({ list: ['pg://x/users', 1] });
    const spec = new Spec<string, true>('db:repo', { pool: new Spec('db:createPool', { url: 'a://' }, { registry, called: true }) }, { registry, called: true });
    expect(await spec.instantiateAsync()).to.equal('a:///users');
  });

  it('runs independent async siblings concurrently, and builds a shared one once', async () => {
    const registry = new Registry();
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred<string>>>();
    let calls = 0;
    registry.configurable({ namespace: 'io', name: 'fetchPart' }, function fetchPart(name: string) {
      calls++;
      started.push(name);
      const gate = deferred<string>();
      gates.set(name, gate);
      return gate.promise;
    });
    registry.configurable({ namespace: 'io', name: 'join' }, function join(a: string, b: string, c: string) {
      return [a, b, c].join('+');
    });
    const shared = { target: 'io:fetchPart', called: true, name: 'shared', __dense_spec__: true };
    const config = {
      target: 'io:join',
      called: true,
      a: { target: 'io:fetchPart', called: true, name: 'a', __dense_spec__: true },
      b: shared,
      c: { __ref__: 'b' },
      __dense_spec__: true,
    };
    const result = Spec.instantiateAsync<string>(config, { registry });
    // Both were started before either finished: they are in flight at the same time.
    expect(started).to.deep.equal(['a', 'shared']);
    gates.get('shared')?.resolve('S');
    await tick();
    gates.get('a')?.resolve('A');
    expect(await result).to.equal('A+S+S');
    expect(calls).to.equal(2);
  });

  it('a rejection is INSTANTIATION_FAILED with the path and the reason as cause; dependents are not built', async () => {
    const registry = new Registry();
    let built = false;
    registry.configurable({ namespace: 'db', name: 'connect' }, function connect(url: string) {
      return Promise.reject(new Error(`cannot reach ${url}`));
    });
    registry.configurable({ namespace: 'db', name: 'client' }, function client(conn: unknown) {
      built = true;
      return conn;
    });
    await noUnhandledRejection(async () => {
      const error = await rejection(Spec.instantiateAsync({ app: { target: 'db:client', called: true, conn: { target: 'db:connect', called: true, url: 'pg://down', __dense_spec__: true }, __dense_spec__: true } }, { registry }));
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('app.conn');
      expect(error.target).to.equal('db:connect');
      expect((error.cause as Error).message).to.equal('cannot reach pg://down');
    });
    expect(built).to.equal(false);
  });

  it('a target throwing beside a pending async one rejects with its error, and the later rejection stays handled', async () => {
    const registry = new Registry();
    const gate = deferred<never>();
    registry.configurable({ namespace: 'x', name: 'slow' }, function slow() {
      return gate.promise;
    });
    registry.configurable({ namespace: 'x', name: 'breaks' }, function breaks(): never {
      throw new Error('sync boom');
    });
    await noUnhandledRejection(async () => {
      const error = await rejection(Spec.instantiateAsync({ first: { target: 'x:slow', called: true, __dense_spec__: true }, second: { target: 'x:breaks', called: true, __dense_spec__: true } }, { registry }));
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('second');
      gate.reject(new Error('late'));
    });
  });

  it('errors found before anything is built reject too (not thrown)', async () => {
    const result = Spec.instantiateAsync({ target: 'nope:Missing', __dense_spec__: true }, { registry: new Registry() });
    expect(result).to.be.instanceOf(Promise);
    expect((await rejection(result)).code).to.equal('UNKNOWN_TARGET');
  });

  it('a partial spec of an async target builds to a function; a plain Promise in the config is passed on as it is', async () => {
    const registry = new Registry();
    const load = registry.configurable({ namespace: 'io', name: 'load' }, async function load(path: string) {
      await tick();
      return `data of ${path}`;
    });
    const make = await Spec.instantiateAsync<(path: string) => Promise<string>>({ target: 'io:load', __dense_spec__: true }, { registry });
    expect(make).to.equal(load);
    const given = Promise.resolve(5);
    const out = await Spec.instantiateAsync<{ p: Promise<number> }>({ p: given }, { registry });
    expect(out.p).to.equal(given);
  });

  it('an async result inside a tagged value (a Map) is refused with its path', async () => {
    const registry = new Registry();
    registry.configurable({ namespace: 'io', name: 'later' }, async function later() {
      await tick();
      return 1;
    });
    const error = await rejection(Spec.instantiateAsync({ m: { __value__: 'Map', data: [['k', { target: 'io:later', called: true, __dense_spec__: true }]] } }, { registry }));
    expect(error.code).to.equal('INSTANTIATION_FAILED');
    expect(error.path).to.equal('m.data[0][1]');
  });

  it('autowires an async factory named in inject, awaited before use', async () => {
    const registry = new Registry();
    registry.configurable({ namespace: 'db', name: 'openPool' }, async function openPool(size = 2) {
      await tick();
      return { size };
    });
    registry.configurable({ namespace: 'db', name: 'service', inject: { pool: 'db:openPool' } }, function service(pool: { size: number }) {
      return pool.size;
    });
    expect(await Spec.instantiateAsync({ target: 'db:service', called: true, __dense_spec__: true }, { registry })).to.equal(2);
  });

  describe('the sync functions', () => {
    it('refuse a target that returns a Promise, naming the async twin, and leave no unhandled rejection', async () => {
      const registry = new Registry();
      registry.configurable({ namespace: 'db', name: 'failing' }, function failing() {
        return Promise.reject(new Error('down'));
      });
      await noUnhandledRejection(async () => {
        const error = expectError(() => Spec.instantiate({ c: { target: 'db:failing', called: true, __dense_spec__: true } }, { registry }), 'INSTANTIATION_FAILED', 'c');
        expect(error.message).to.contain('Spec.instantiateAsync');
        await tick();
      });
    });

    it('a result whose then getter throws is INSTANTIATION_FAILED with that cause', () => {
      const registry = new Registry();
      const boom = new Error('getter');
      registry.configurable({ namespace: 'x', name: 'odd' }, function odd() {
        return Object.defineProperty({}, 'then', {
          get() {
            throw boom;
          },
        });
      });
      const error = expectError(() => new Spec('x:odd', {}, { registry, called: true }).instantiate(), 'INSTANTIATION_FAILED');
      expect(error.cause).to.equal(boom);
    });
  });
});
