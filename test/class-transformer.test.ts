import { expect } from 'chai';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registerValueClass, type ValueClass } from '../src/class-transformer.js';
import { asdict, ConfigSpecError, defaultRegistry, Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

const registry = new Registry();

// class-transformer's decorators are legacy-only; applied by calling them, they work in both modes.
class Point {
  x: number;
  y: number;
  constructor(x = 0, y = 0) {
    this.x = x;
    this.y = y;
  }
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

class Line {
  start: Point = new Point();
  end: Point = new Point();
  color = 'black';
  secret = 'default-secret';
  length(): number {
    return Math.hypot(this.end.x - this.start.x, this.end.y - this.start.y);
  }
}
Type(() => Point)(Line.prototype, 'start');
Type(() => Point)(Line.prototype, 'end');
Expose({ name: 'colour' })(Line.prototype, 'color');
Exclude()(Line.prototype, 'secret');

class Event {
  at: Date = new Date(0);
  title = '';
}
Type(() => Date)(Event.prototype, 'at');

registerValueClass(Point, { name: 'geo:Point', registry });
registerValueClass(Line, { name: 'geo:Line', registry });
registerValueClass(Event, { registry });

function draw(line: unknown = undefined, width = 1, points: unknown[] = []): { line: unknown; width: number; points: unknown[] } {
  return { line, width, points };
}
registry.configurable('ct', draw);

function makeLine(x1: number, y1: number, x2: number, y2: number, color = 'red'): Line {
  const line = new Line();
  line.start = new Point(x1, y1);
  line.end = new Point(x2, y2);
  line.color = color;
  line.secret = 'top-secret';
  return line;
}

const LINE_DATA = { start: { x: 0, y: 0 }, end: { x: 3, y: 4 }, colour: 'red' };
const LINE_TAG = { __value__: 'geo:Line', data: LINE_DATA };

function expectLine(value: unknown): Line {
  expect(value).to.be.instanceOf(Line);
  const line = value as Line;
  expect(line.start).to.be.instanceOf(Point);
  expect(line.end).to.be.instanceOf(Point);
  expect(line.start).to.deep.include({ x: 0, y: 0 });
  expect(line.end).to.deep.include({ x: 3, y: 4 });
  expect(line.color).to.equal('red');
  expect(line.length()).to.equal(5);
  return line;
}

describe('class-transformer integration (config-spec/class-transformer)', () => {
  describe('writing via instanceToPlain', () => {
    it('writes a value class as {"__value__": name, "data": instanceToPlain(value)}', () => {
      const dict = asdict(new Spec(draw, { line: makeLine(0, 0, 3, 4) }, { registry }), { registry });
      expect(dict).to.deep.equal({ target: 'ct:draw', line: LINE_TAG, __dense_spec__: true });
      expect(JSON.parse(JSON.stringify(dict))).to.deep.equal(dict);
    });

    it('honours @Expose renames and @Exclude, and turns nested @Type classes into plain objects', () => {
      const data = asdict<Record<string, unknown>>(makeLine(0, 0, 3, 4), { registry }).data as Record<string, unknown>;
      expect(data).to.have.property('colour', 'red');
      expect(data).not.to.have.property('color');
      expect(data).not.to.have.property('secret');
      expect(Object.getPrototypeOf(data.start)).to.equal(Object.prototype);
      expect(data.start).to.deep.equal({ x: 0, y: 0 });
    });

    it('uses the class name when no name is given', () => {
      const event = new Event();
      event.title = 'launch';
      event.at = new Date('2024-01-02T03:04:05.000Z');
      expect(asdict(event, { registry })).to.deep.equal({
        __value__: 'Event',
        data: { at: { __value__: 'Date', data: '2024-01-02T03:04:05.000Z' }, title: 'launch' },
      });
    });

    it('writes value classes inside arrays, nested containers and positional args', () => {
      const spec = new Spec(draw, { points: [new Point(1, 2), { nested: [new Point(3, 4)] }] }, { args: [makeLine(0, 0, 3, 4)], registry });
      expect(asdict(spec, { registry })).to.deep.equal({
        target: 'ct:draw',
        args: [LINE_TAG],
        points: [{ __value__: 'geo:Point', data: { x: 1, y: 2 } }, { nested: [{ __value__: 'geo:Point', data: { x: 3, y: 4 } }] }],
        __dense_spec__: true,
      });
    });

    it('does not mutate the instance it writes', () => {
      const line = makeLine(0, 0, 3, 4);
      asdict({ line }, { registry });
      expect(line.secret).to.equal('top-secret');
      expect(line.color).to.equal('red');
      expect(line.start).to.be.instanceOf(Point);
      expect(Object.keys(line)).to.deep.equal(['start', 'end', 'color', 'secret']);
    });
  });

  describe('reading via plainToInstance', () => {
    const dict = { target: 'ct:draw', line: LINE_TAG, width: 2, __dense_spec__: true };

    it('Spec.fromDict gives an instance of the class, nested @Type classes included', () => {
      const spec = Spec.fromDict<Spec>(dict, { registry });
      expect(spec).to.be.instanceOf(Spec);
      const line = expectLine(spec.kwargs.line);
      expect(line.secret).to.equal('default-secret');
    });

    it('@Exclude also applies when reading: a value in the data is ignored', () => {
      const withSecret = { __value__: 'geo:Line', data: { ...LINE_DATA, secret: 'injected' } };
      const line = expectLine(Spec.fromDict({ v: withSecret }, { registry }).v);
      expect(line.secret).to.equal('default-secret');
    });

    it('@Expose names are read back into the property (the JS name in the data is not used)', () => {
      const line = Spec.fromDict<Line>({ __value__: 'geo:Line', data: { color: 'blue' } }, { registry });
      expect(line).to.be.instanceOf(Line);
      expect(line.color).not.to.equal('blue');
      const renamed = Spec.fromDict<Line>({ __value__: 'geo:Line', data: { colour: 'blue' } }, { registry });
      expect(renamed.color).to.equal('blue');
    });

    it('Spec.instantiate and instantiateFromDict pass the instance to the target', () => {
      for (const build of [Spec.instantiate, Spec.instantiateFromDict]) {
        const built = build<ReturnType<typeof draw>>({ ...dict, called: true }, { registry });
        expectLine(built.line);
        expect(built.width).to.equal(2);
      }
    });

    it('reads value classes inside arrays, nested containers and positional args', () => {
      const tree = {
        target: 'ct:draw',
        args: [LINE_TAG],
        points: [{ __value__: 'geo:Point', data: { x: 1, y: 2 } }, { nested: [{ __value__: 'geo:Point', data: { x: 3, y: 4 } }] }],
        called: true,
        __dense_spec__: true,
      };
      const built = Spec.instantiate<ReturnType<typeof draw>[]>([tree], { registry })[0];
      expect(built).to.not.equal(undefined);
      expectLine(built?.line);
      const [first, second] = built?.points as [Point, { nested: [Point] }];
      expect(first).to.be.instanceOf(Point);
      expect(first.norm()).to.equal(Math.hypot(1, 2));
      expect(second.nested[0]).to.be.instanceOf(Point);
      expect(second.nested[0]).to.deep.include({ x: 3, y: 4 });
    });

    it('reads a tagged Date inside the data back as a Date', () => {
      const event = Spec.fromDict<Event>({ __value__: 'Event', data: { at: { __value__: 'Date', data: '2024-01-02T03:04:05.000Z' }, title: 't' } }, { registry });
      expect(event).to.be.instanceOf(Event);
      expect(event.at).to.be.instanceOf(Date);
      expect(event.at.toISOString()).to.equal('2024-01-02T03:04:05.000Z');
    });

    it('round-trips: asdict(fromDict(d)) equals d, and the input dict is not mutated', () => {
      const input = { target: 'ct:draw', args: [LINE_TAG], points: [{ __value__: 'geo:Point', data: { x: 1, y: 2 } }], __dense_spec__: true };
      const before = JSON.stringify(input);
      expect(asdict(Spec.fromDict(input, { registry }), { registry })).to.deep.equal(input);
      Spec.instantiate({ ...input, called: true }, { registry });
      expect(JSON.stringify(input)).to.equal(before);
    });

    it('instantiating a Spec holding an instance passes that same instance through', () => {
      const line = makeLine(0, 0, 3, 4);
      const built = new Spec(draw, { line }, { called: true, registry }).instantiate({ registry });
      expect(built.line).to.equal(line);
    });

    it('data that is not an object → INVALID_SPEC_DICT at the tagged value, naming the type', () => {
      for (const data of [5, 'x', null, [1, 2], true]) {
        const error = expectError(() => Spec.fromDict({ p: [{ __value__: 'geo:Point', data }] }, { registry }), 'INVALID_SPEC_DICT', 'p[0]');
        expect(error.target).to.equal('geo:Point');
        expect(error.message).to.contain('geo:Point');
      }
    });

    it('a tag without data → INVALID_SPEC_DICT', () => {
      expectError(() => Spec.fromDict({ p: { __value__: 'geo:Point' } }, { registry }), 'INVALID_SPEC_DICT', 'p');
    });

    it('a plainToInstance that throws → INVALID_SPEC_DICT with the cause', () => {
      class Strict {
        n = 0;
      }
      Transform(() => {
        throw new Error('bad n');
      }, { toClassOnly: true })(Strict.prototype, 'n');
      const local = new Registry();
      registerValueClass(Strict, { registry: local });
      const error = expectError(() => Spec.fromDict({ s: { __value__: 'Strict', data: { n: 1 } } }, { registry: local }), 'INVALID_SPEC_DICT', 's');
      expect((error.cause as Error).message).to.equal('bad n');
      expect(error.message).to.contain('bad n');
    });
  });

  describe('registration', () => {
    it('returns the class itself, unchanged', () => {
      class Returned {
        a = 1;
      }
      const local = new Registry();
      expect(registerValueClass(Returned, { registry: local })).to.equal(Returned);
      expect(Object.keys(Returned)).to.deep.equal([]);
      expect(new Returned()).to.deep.equal({ a: 1 });
    });

    it('a class registered in a custom registry is known only with that registry', () => {
      class Vec {
        v = [1, 2];
      }
      const local = new Registry();
      registerValueClass(Vec, { name: 'h7ct:Vec', registry: local });
      expect(asdict({ vec: new Vec() }, { registry: local })).to.deep.equal({ vec: { __value__: 'h7ct:Vec', data: { v: [1, 2] } } });
      expect(Spec.fromDict({ vec: { __value__: 'h7ct:Vec', data: { v: [3] } } }, { registry: local }).vec).to.be.instanceOf(Vec);
      expectError(() => asdict({ vec: new Vec() }), 'NOT_SERIALIZABLE', 'vec');
      expectError(() => asdict({ vec: new Vec() }, { registry }), 'NOT_SERIALIZABLE', 'vec');
      const unknown = expectError(() => Spec.fromDict({ vec: { __value__: 'h7ct:Vec', data: {} } }), 'INVALID_SPEC_DICT', 'vec.__value__');
      expect(unknown.message).to.contain('h7ct:Vec');
    });

    it('by default registers in defaultRegistry, whose value types apply with every registry', () => {
      class Money {
        amount = 0;
        currency = 'EUR';
      }
      registerValueClass(Money, { name: 'h7ct:Money' });
      expect(defaultRegistry.values.get('h7ct:Money')).to.not.equal(undefined);
      const money = Object.assign(new Money(), { amount: 5 });
      const tag = { __value__: 'h7ct:Money', data: { amount: 5, currency: 'EUR' } };
      expect(asdict([money])).to.deep.equal([tag]);
      expect(asdict([money], { registry: new Registry() })).to.deep.equal([tag]);
      const read = Spec.fromDict<Money[]>([tag], { registry: new Registry() })[0];
      expect(read).to.be.instanceOf(Money);
      expect(read).to.deep.include({ amount: 5, currency: 'EUR' });
    });

    it('passes toPlain / toInstance options to class-transformer (groups)', () => {
      class Account {
        id = 0;
        password = '';
      }
      Expose({ groups: ['private'] })(Account.prototype, 'password');
      const local = new Registry();
      registerValueClass(Account, { registry: local, toPlain: { groups: ['public'] }, toInstance: { groups: ['private'] } });
      const account = Object.assign(new Account(), { id: 7, password: 'hunter2' });
      expect(asdict(account, { registry: local })).to.deep.equal({ __value__: 'Account', data: { id: 7 } });
      const read = Spec.fromDict<Account>({ __value__: 'Account', data: { id: 8, password: 'pw' } }, { registry: local });
      expect(read).to.be.instanceOf(Account);
      expect(read).to.deep.include({ id: 8, password: 'pw' });
    });

    it('a name taken by another value type → DUPLICATE_TARGET naming it', () => {
      class OtherPoint {
        x = 0;
      }
      const error = expectError(() => registerValueClass(OtherPoint, { name: 'geo:Point', registry }), 'DUPLICATE_TARGET', '');
      expect(error.target).to.equal('geo:Point');
      expect(error.message).to.contain('geo:Point');
      // the original registration still applies
      expect(asdict(new Point(1, 1), { registry })).to.deep.equal({ __value__: 'geo:Point', data: { x: 1, y: 1 } });
      // a name taken by a codec registered with registerValue is a duplicate too
      const local = new Registry();
      local.registerValue('Taken', { is: () => false, encode: () => null, decode: () => null });
      expectError(() => registerValueClass(OtherPoint, { name: 'Taken', registry: local }), 'DUPLICATE_TARGET', '');
    });

    it('the same class under the same name with the same options again is a no-op; other options → DUPLICATE_TARGET', () => {
      class Again {
        a = 1;
      }
      const local = new Registry();
      const toPlain = { exposeDefaultValues: true };
      registerValueClass(Again, { registry: local, toPlain });
      expect(registerValueClass(Again, { registry: local, toPlain })).to.equal(Again);
      expect(asdict(new Again(), { registry: local })).to.deep.equal({ __value__: 'Again', data: { a: 1 } });
      expectError(() => registerValueClass(Again, { registry: local }), 'DUPLICATE_TARGET', '');
      expectError(() => registerValueClass(Again, { registry: local, toPlain: { exposeDefaultValues: true } }), 'DUPLICATE_TARGET', '');
    });

    it('bad registrations → INVALID_REGISTRATION', () => {
      const local = new Registry();
      const anonymous = ((): ValueClass => class {})();
      expect(anonymous.name).to.equal('');
      const cases: [string, () => unknown][] = [
        ['not a class', () => registerValueClass(42 as unknown as ValueClass, { registry: local })],
        ['an arrow function', () => registerValueClass((() => ({})) as unknown as ValueClass, { registry: local })],
        ['anonymous class', () => registerValueClass(anonymous, { registry: local })],
        ['invalid name', () => registerValueClass(Point, { name: 'a b', registry: local })],
        ['non-string name', () => registerValueClass(Point, { name: 5 as unknown as string, registry: local })],
        ['built-in type name', () => registerValueClass(Point, { name: 'Date', registry: local })],
        ['reserved undefined name', () => registerValueClass(Point, { name: 'undefined', registry: local })],
        ['registry is not a Registry', () => registerValueClass(Point, { registry: {} as unknown as Registry })],
        ['options is not an object', () => registerValueClass(Point, 'geo:Point' as unknown as { name: string })],
      ];
      for (const [what, fn] of cases) {
        const error = expectError(fn, 'INVALID_REGISTRATION', '');
        expect(error, what).to.be.instanceOf(ConfigSpecError);
      }
      expect([...local.values.names()]).to.deep.equal([]);
      const anon = expectError(() => registerValueClass(anonymous, { registry: local }), 'INVALID_REGISTRATION', '');
      expect(anon.message).to.contain('name');
    });

    it('only exact instances are written with the class; an unregistered subclass → NOT_SERIALIZABLE, a registered one keeps its own name', () => {
      class Point3 extends Point {
        z = 0;
      }
      const local = new Registry();
      registerValueClass(Point, { name: 'geo:Point', registry: local });
      const p3 = Object.assign(new Point3(1, 2), { z: 3 });
      expectError(() => asdict({ p: p3 }, { registry: local }), 'NOT_SERIALIZABLE', 'p');
      registerValueClass(Point3, { name: 'geo:Point3', registry: local });
      const dict = asdict({ p: p3, q: new Point(4, 5) }, { registry: local });
      expect(dict).to.deep.equal({
        p: { __value__: 'geo:Point3', data: { x: 1, y: 2, z: 3 } },
        q: { __value__: 'geo:Point', data: { x: 4, y: 5 } },
      });
      const read = Spec.fromDict<{ p: Point3; q: Point }>(dict, { registry: local });
      expect(read.p).to.be.instanceOf(Point3);
      expect(read.p).to.deep.include({ x: 1, y: 2, z: 3 });
      expect(read.q).to.be.instanceOf(Point);
      expect(read.q).not.to.be.instanceOf(Point3);
    });

    it('an instanceToPlain that throws → NOT_SERIALIZABLE at the value, with the cause', () => {
      class Faulty {
        n = 1;
      }
      Transform(() => {
        throw new Error('cannot write n');
      }, { toPlainOnly: true })(Faulty.prototype, 'n');
      const local = new Registry();
      registerValueClass(Faulty, { registry: local });
      const error = expectError(() => asdict({ list: [new Faulty()] }, { registry: local }), 'NOT_SERIALIZABLE', 'list[0]');
      expect(error.target).to.equal('Faulty');
      expect((error.cause as Error).message).to.equal('cannot write n');
    });

    it('a self-referencing value class → NOT_SERIALIZABLE (class-transformer overflows), never a raw RangeError', () => {
      class Node {
        next: Node | undefined = undefined;
      }
      const local = new Registry();
      registerValueClass(Node, { registry: local });
      const node = new Node();
      node.next = node;
      let caught: unknown;
      try {
        asdict({ node }, { registry: local });
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(ConfigSpecError);
      expect((caught as ConfigSpecError).code).to.equal('NOT_SERIALIZABLE');
      expect((caught as ConfigSpecError).path).to.equal('node');
      expect((caught as ConfigSpecError).cause).to.be.instanceOf(RangeError);
    });
  });

  describe('the core does not depend on class-transformer', () => {
    // build/<mode>/test/class-transformer.test.js → build/<mode>/src
    const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
    const nodeModules = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
    const importsIntegration = /(['"])(class-transformer|\.\/class-transformer\.js)\1/;
    let scratch: string | undefined;

    after(() => {
      if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    });

    it(`no compiled core module (${decoratorMode} build) imports class-transformer or the integration`, () => {
      const modules = readdirSync(srcDir).filter((file) => file.endsWith('.js'));
      expect(modules).to.include('index.js');
      expect(modules).to.include('class-transformer.js');
      const core = modules.filter((file) => file !== 'class-transformer.js');
      expect(core.length).to.be.greaterThan(10);
      for (const file of core) {
        expect(readFileSync(join(srcDir, file), 'utf8'), file).not.to.match(importsIntegration);
      }
      // the pattern does find the import where there is one
      expect(readFileSync(join(srcDir, 'class-transformer.js'), 'utf8')).to.match(importsIntegration);
    });

    it('a child process without class-transformer installed loads and uses the core; the integration fails with how to enable it', function () {
      this.timeout(30000);
      scratch = mkdtempSync(join(tmpdir(), 'config-spec-no-ct-'));
      cpSync(srcDir, join(scratch, 'src'), { recursive: true });
      writeFileSync(join(scratch, 'package.json'), JSON.stringify({ type: 'module' }));
      mkdirSync(join(scratch, 'node_modules'));
      for (const dep of ['acorn', 'reflect-metadata']) symlinkSync(join(nodeModules, dep), join(scratch, 'node_modules', dep), 'dir');
      const indexUrl = pathToFileURL(join(scratch, 'src', 'index.js')).href;
      const integrationUrl = pathToFileURL(join(scratch, 'src', 'class-transformer.js')).href;
      const script = `
        const out = {};
        const core = await import(${JSON.stringify(indexUrl)});
        const registry = new core.Registry();
        function scale(x = 1, factor = 2) { return x * factor; }
        registry.configurable('child', scale);
        out.dict = core.asdict(new core.Spec(scale, { x: 3 }, { registry }), { registry });
        out.built = core.Spec.instantiateFromDict({ ...out.dict, called: true }, { registry });
        out.spec = String(core.Spec.fromDict(out.dict, { registry }));
        try { await import('class-transformer'); out.direct = 'loaded'; } catch (e) { out.direct = e.code; }
        try {
          await import(${JSON.stringify(integrationUrl)});
          out.integration = 'loaded';
        } catch (e) {
          out.integration = { isConfigSpecError: core.isConfigSpecError(e), instanceOf: e instanceof core.ConfigSpecError,
            code: e.code, path: e.path, target: e.target, message: e.message, causeCode: e.cause && e.cause.code };
        }
        console.log(JSON.stringify(out));
      `;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch, encoding: 'utf8', timeout: 25000 });
      expect(child.status, child.stderr).to.equal(0);
      const out = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      expect(out.dict).to.deep.equal({ target: 'child:scale', x: 3, __dense_spec__: true });
      expect(out.built).to.equal(6);
      expect(out.spec).to.equal('<Spec: partial(child:scale, x=3)>');
      // the environment really lacks class-transformer
      expect(out.direct).to.equal('ERR_MODULE_NOT_FOUND');
      expect(out.integration).to.deep.include({
        isConfigSpecError: true,
        instanceOf: true,
        code: 'INVALID_REGISTRATION',
        path: '',
        target: 'class-transformer',
        causeCode: 'ERR_MODULE_NOT_FOUND',
      });
      expect((out.integration as { message: string }).message).to.contain('npm install class-transformer');
    });
  });
});
