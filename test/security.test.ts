import { expect } from 'chai';
import { inspect } from 'node:util';
import { asdict, configurable, defaultRegistry, partial, Registry, Spec, type Callable } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { expectError, thrown } from './support/errors.js';

const registry = new Registry();
const opts = { registry };

function wrap(inner: unknown = null): { inner: unknown } {
  return { inner };
}
registry.configurable('sec', wrap);

/** A target whose one parameter is an options object taking any key. */
function configure(options: Record<string, unknown>): Record<string, unknown> {
  return options;
}
registry.configurable({ namespace: 'sec', options: true }, configure);

@registry.configurable('sec')
class Box {
  constructor(
    public id: unknown,
    { size = 1, color = 'red' }: { size?: number; color?: string } = {},
  ) {
    this.size = size;
    this.color = color;
  }
  size: number;
  color: string;
}

type Tree = Record<string, unknown>;

/** Runs `fn`, which must throw a ConfigSpecError (never a TypeError/RangeError); returns it. */
const objectProtoNames = Object.getOwnPropertyNames(Object.prototype).sort();
const objectProtoSymbols = Object.getOwnPropertySymbols(Object.prototype).length;
const arrayProtoNames = Object.getOwnPropertyNames(Array.prototype).sort();
const functionProtoNames = Object.getOwnPropertyNames(Function.prototype).sort();

/** Nothing reached a shared prototype. */
function expectNoPollution(): void {
  expect(({} as Tree).polluted, '({}).polluted').to.equal(undefined);
  expect(([] as unknown as Tree).polluted, '([]).polluted').to.equal(undefined);
  expect((wrap as unknown as Tree).polluted, 'fn.polluted').to.equal(undefined);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(objectProtoNames);
  expect(Object.getOwnPropertySymbols(Object.prototype).length).to.equal(objectProtoSymbols);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).to.deep.equal(arrayProtoNames);
  expect(Object.getOwnPropertyNames(Function.prototype).sort()).to.deep.equal(functionProtoNames);
  expect(Object.getPrototypeOf({})).to.equal(Object.prototype);
}

const POLLUTE = '{"polluted": "yes"}';

describe(`security (${decoratorMode})`, () => {
  afterEach(expectNoPollution);

  describe('__proto__ keys in JSON.parse input', () => {
    // [name, JSON text, path of the bad key when read, path when built if different]
    const cases: [string, string, string, string?][] = [
      ['at the root of plain data', `{"__proto__": ${POLLUTE}}`, '__proto__'],
      ['nested in plain data', `{"a": {"b": {"__proto__": ${POLLUTE}}}}`, 'a.b.__proto__'],
      ['inside an array', `{"list": [1, {"__proto__": ${POLLUTE}}]}`, 'list[1].__proto__'],
      ['as a flattened keyword of a spec dict', `{"m": {"target": "sec:wrap", "__proto__": ${POLLUTE}, "__dense_spec__": true}}`, 'm.__proto__'],
      ['under the kwargs escape of a spec dict', `{"target": "sec:wrap", "kwargs": {"__proto__": ${POLLUTE}}, "__dense_spec__": true}`, 'kwargs.__proto__'],
      ['inside a keyword value of a spec dict', `{"target": "sec:wrap", "inner": {"x": {"__proto__": ${POLLUTE}}}, "__dense_spec__": true}`, 'inner.x.__proto__'],
      ['inside a positional argument', `{"target": "sec:wrap", "args": [{"__proto__": ${POLLUTE}}], "__dense_spec__": true}`, 'args[0].__proto__'],
      // A keyword that needs no escape, written under kwargs anyway: every reader reports it where the
      // JSON has it (issue 3: error paths follow the JSON exactly).
      ['inside a kwargs-escaped value', `{"target": "sec:wrap", "kwargs": {"inner": [{"__proto__": ${POLLUTE}}]}, "__dense_spec__": true}`, 'kwargs.inner[0].__proto__'],
      ['inside a reserved-name keyword under kwargs', `{"target": "sec:configure", "kwargs": {"target": [{"__proto__": ${POLLUTE}}]}, "__dense_spec__": true}`, 'kwargs.target[0].__proto__'],
      ['in a nested spec dict', `{"target": "sec:wrap", "inner": {"target": "sec:wrap", "__proto__": ${POLLUTE}, "__dense_spec__": true}, "__dense_spec__": true}`, 'inner.__proto__'],
      ['deep in a nested spec dict', `{"a": [{"target": "sec:wrap", "inner": {"target": "sec:Box", "args": [{"__proto__": ${POLLUTE}}], "__dense_spec__": true}, "__dense_spec__": true}]}`, 'a[0].inner.args[0].__proto__'],
      ['with a non-object value', '{"a": {"__proto__": 1}}', 'a.__proto__'],
      ['with a null value', '{"a": {"__proto__": null}}', 'a.__proto__'],
    ];

    for (const [name, text, path, builtPath = path] of cases) {
      describe(name, () => {
        it('JSON.parse made it an own key (the premise)', () => {
          const parsed = JSON.parse(text) as unknown;
          expect(JSON.stringify(parsed)).to.contain('"__proto__"');
        });

        it(`Spec.fromDict → INVALID_SPEC_DICT at ${path}`, () => {
          const error = expectError(() => Spec.fromDict(JSON.parse(text), opts), 'INVALID_SPEC_DICT', path);
          expect(error.message).to.contain('__proto__');
        });

        it(`Spec.instantiate → INVALID_SPEC_DICT at ${builtPath}`, () => {
          expectError(() => Spec.instantiate(JSON.parse(text), opts), 'INVALID_SPEC_DICT', builtPath);
          expectError(() => Spec.instantiateFromDict(JSON.parse(text), opts), 'INVALID_SPEC_DICT', builtPath);
        });

        it(`asdict → NOT_SERIALIZABLE at ${path}`, () => {
          expectError(() => asdict(JSON.parse(text), opts), 'NOT_SERIALIZABLE', path);
        });

        it('the input is left as it was', () => {
          const input = JSON.parse(text) as unknown;
          const before = JSON.stringify(input);
          thrown(() => Spec.fromDict(input, opts));
          thrown(() => Spec.instantiate(input, opts));
          thrown(() => asdict(input, opts));
          expect(JSON.stringify(input)).to.equal(before);
        });
      });
    }

    it('new Spec with a __proto__ keyword → UNKNOWN_PARAMETER at kwargs.__proto__, naming the target', () => {
      const error = expectError(() => new Spec(wrap, JSON.parse(`{"__proto__": ${POLLUTE}}`) as Tree, opts), 'UNKNOWN_PARAMETER', 'kwargs.__proto__');
      expect(error.target).to.equal('sec:wrap');
    });

    it('new Spec with __proto__ next to valid keywords → UNKNOWN_PARAMETER', () => {
      expectError(() => new Spec(wrap, JSON.parse(`{"inner": 1, "__proto__": ${POLLUTE}}`) as Tree, opts), 'UNKNOWN_PARAMETER', 'kwargs.__proto__');
    });

    it('.partial() and .call() with a __proto__ keyword → UNKNOWN_PARAMETER', () => {
      const spec = new Spec(wrap, {}, opts);
      expectError(() => spec.partial(JSON.parse(`{"__proto__": ${POLLUTE}}`) as Tree), 'UNKNOWN_PARAMETER', 'kwargs.__proto__');
      expectError(() => spec.call(JSON.parse(`{"__proto__": ${POLLUTE}}`) as Tree), 'UNKNOWN_PARAMETER', 'kwargs.__proto__');
    });

    it('partial() with a __proto__ keyword → UNKNOWN_PARAMETER', () => {
      expectError(() => registry.partial(wrap, JSON.parse(`{"__proto__": ${POLLUTE}}`) as Tree), 'UNKNOWN_PARAMETER', 'kwargs.__proto__');
    });

    it('a __proto__ key made with a computed property is rejected the same way', () => {
      const tree = { a: { ['__proto__']: { polluted: 'yes' } } };
      expect(Object.hasOwn(tree.a, '__proto__')).to.equal(true);
      expectError(() => Spec.fromDict(tree, opts), 'INVALID_SPEC_DICT', 'a.__proto__');
      expectError(() => asdict(tree, opts), 'NOT_SERIALIZABLE', 'a.__proto__');
    });

    it('a __proto__ own key on an Object.create(null) container is rejected too', () => {
      const bare = Object.create(null) as Tree;
      bare.__proto__ = { polluted: 'yes' };
      expect(Object.hasOwn(bare, '__proto__')).to.equal(true);
      expectError(() => Spec.fromDict({ bare }, opts), 'INVALID_SPEC_DICT', 'bare.__proto__');
      expectError(() => Spec.instantiate({ bare }, opts), 'INVALID_SPEC_DICT', 'bare.__proto__');
      expectError(() => asdict({ bare }, opts), 'NOT_SERIALIZABLE', 'bare.__proto__');
    });

    it('a call-time options object with an own __proto__ key stays data (merged, no prototype change)', () => {
      const built = Spec.instantiate<(o?: unknown) => Tree>({ target: 'sec:configure', a: 1, __dense_spec__: true }, opts);
      const out = built(JSON.parse(`{"__proto__": ${POLLUTE}, "b": 2}`));
      expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
      expect(out.a).to.equal(1);
      expect(out.b).to.equal(2);
      expect(out.polluted).to.equal(undefined);
    });
  });

  describe('constructor and prototype keys', () => {
    it('are plain own data keys in plain data, for fromDict, instantiate and asdict', () => {
      const text = '{"constructor": {"prototype": {"polluted": "yes"}}, "prototype": {"polluted": "yes"}, "nested": [{"constructor": 1, "toString": 2, "hasOwnProperty": 3, "valueOf": 4}]}';
      for (const walk of [(t: unknown) => Spec.fromDict(t, opts), (t: unknown) => Spec.instantiate(t, opts), (t: unknown) => asdict(t, opts)]) {
        const input = JSON.parse(text) as unknown;
        const out = walk(input) as Tree;
        expect(out).not.to.equal(input);
        expect(out).to.deep.equal(JSON.parse(text));
        expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
        expect(Object.keys(out)).to.deep.equal(['constructor', 'prototype', 'nested']);
        const first = (out.nested as Tree[])[0] as Tree;
        expect(Object.hasOwn(first, 'toString')).to.equal(true);
        expect(JSON.stringify(input)).to.equal(JSON.stringify(JSON.parse(text)));
      }
    });

    it('inside a keyword value of a spec dict they stay data and reach the target as data', () => {
      const text = '{"target": "sec:wrap", "inner": {"constructor": {"prototype": {"polluted": "yes"}}}, "called": true, "__dense_spec__": true}';
      const built = Spec.instantiate<{ inner: Tree }>(JSON.parse(text), opts);
      expect(Object.keys(built.inner)).to.deep.equal(['constructor']);
      expect(built.inner.constructor).to.deep.equal({ prototype: { polluted: 'yes' } });
      expect(asdict(Spec.fromDict(JSON.parse(text), opts), opts)).to.deep.equal(JSON.parse(text));
    });

    it('"__defineGetter__" (a __x__ name) flattened → INVALID_SPEC_DICT; as a keyword → UNKNOWN_PARAMETER under kwargs', () => {
      const text = '{"m": {"target": "sec:wrap", "__defineGetter__": 1, "__dense_spec__": true}}';
      expectError(() => Spec.fromDict(JSON.parse(text), opts), 'INVALID_SPEC_DICT', 'm.__defineGetter__');
      expectError(() => Spec.instantiate(JSON.parse(text), opts), 'INVALID_SPEC_DICT', 'm.__defineGetter__');
      expectError(() => new Spec(wrap, { __defineGetter__: 1 }, opts), 'UNKNOWN_PARAMETER', 'kwargs.__defineGetter__');
    });

    for (const key of ['constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
      it(`"${key}" as a flattened keyword of a target without it → UNKNOWN_PARAMETER at ${key}`, () => {
        const text = `{"m": {"target": "sec:wrap", "${key}": {"prototype": {"polluted": "yes"}}, "__dense_spec__": true}}`;
        const error = expectError(() => Spec.fromDict(JSON.parse(text), opts), 'UNKNOWN_PARAMETER', `m.${key}`);
        expect(error.message).to.contain('inner');
        expect(error.target).to.equal('sec:wrap');
        expectError(() => Spec.instantiate(JSON.parse(text), opts), 'UNKNOWN_PARAMETER', `m.${key}`);
        // a spec dict that is just data to asdict: written as it is
        expect(asdict(JSON.parse(text), opts)).to.deep.equal(JSON.parse(text));
      });

      it(`"${key}" as a keyword of new Spec → UNKNOWN_PARAMETER`, () => {
        expectError(() => new Spec(wrap, { [key]: 1 }, opts), 'UNKNOWN_PARAMETER', key);
        expectError(() => new Spec(Box, { [key]: 1 }, { registry, args: [1] }), 'UNKNOWN_PARAMETER', key);
      });
    }

    it('"constructor" under the kwargs escape → UNKNOWN_PARAMETER naming it', () => {
      const text = '{"target": "sec:wrap", "kwargs": {"constructor": 1}, "__dense_spec__": true}';
      const error = thrown(() => Spec.fromDict(JSON.parse(text), opts));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.match(/(^|\.)constructor$/);
      expect(error.message).to.contain('"constructor"');
    });

    it('an options object taking any key gets constructor/prototype/toString as own data keys', () => {
      const text = '{"target": "sec:configure", "constructor": {"prototype": {"polluted": "yes"}}, "prototype": 3, "toString": 1, "hasOwnProperty": 2, "called": true, "__dense_spec__": true}';
      const out = Spec.instantiate<Tree>(JSON.parse(text), opts);
      expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
      expect(Object.keys(out)).to.deep.equal(['constructor', 'prototype', 'toString', 'hasOwnProperty']);
      expect(out.toString).to.equal(1);
      const spec = Spec.fromDict<Spec>(JSON.parse(text), opts);
      expect(asdict(spec, opts)).to.deep.equal(JSON.parse(text));
    });

    it('a destructured options object only takes its own keys, not inherited names', () => {
      for (const key of ['constructor', 'toString', '__proto__']) {
        const error = thrown(() => new Spec(Box, { [key]: 1 }, { registry, args: [1] }));
        expect(error.code).to.equal('UNKNOWN_PARAMETER');
      }
      const box = new Spec(Box, { size: 2 }, { registry, args: [1], called: true }).instantiate();
      expect(box.size).to.equal(2);
    });
  });

  describe('only registered targets are ever called', () => {
    const hostile = ['globalThis.eval', 'process.exit', 'constructor', 'toString', '__proto__', 'Function', 'eval', 'require', 'import', 'hasOwnProperty', 'valueOf', 'Object.prototype', 'sec:wrap.constructor', 'sec:__proto__', 'sec:constructor', 'node:child_process:exec', 'child_process:execSync', 'fs:rmSync', 'sec:wrap.call', 'sec:wrap.apply', 'sec:wrap.bind', 'sec:Box.prototype.constructor'];

    let calls: string[] = [];
    const originalExit = process.exit;
    const originalEval = globalThis.eval;
    beforeEach(() => {
      calls = [];
      process.exit = ((code?: number) => {
        calls.push(`exit(${String(code)})`);
        throw new Error('process.exit was called');
      });
      globalThis.eval = ((x: unknown) => {
        calls.push(`eval(${String(x)})`);
        return undefined;
      }) as typeof eval;
    });
    afterEach(() => {
      process.exit = originalExit;
      globalThis.eval = originalEval;
      expect(calls).to.deep.equal([]);
    });

    for (const target of hostile) {
      it(`target "${target}" → UNKNOWN_TARGET in fromDict, instantiate and new Spec; nothing runs`, () => {
        const dict = { target, called: true, args: ['process.exit(1)'], __dense_spec__: true };
        let error = expectError(() => Spec.instantiate({ cfg: dict }, opts), 'UNKNOWN_TARGET', 'cfg');
        expect(error.target).to.equal(target);
        error = expectError(() => Spec.fromDict({ cfg: [dict] }, opts), 'UNKNOWN_TARGET', 'cfg[0]');
        expect(error.message).to.contain(JSON.stringify(target));
        expectError(() => Spec.instantiate(dict, opts), 'UNKNOWN_TARGET', '');
        // the default registry does not know these either
        expectError(() => Spec.instantiate(dict), 'UNKNOWN_TARGET', '');
        expectError(() => new Spec(target, {}, opts), 'UNKNOWN_TARGET', '');
        expectError(() => registry.resolve(target), 'UNKNOWN_TARGET', '');
        expect(registry.has(target)).to.equal(false);
        expect(defaultRegistry.has(target)).to.equal(false);
      });
    }

    it('a partial (not called) hostile target is refused too, before anything is built', () => {
      expectError(() => Spec.instantiate({ target: 'process.exit', __dense_spec__: true }, opts), 'UNKNOWN_TARGET', '');
    });

    it('a hostile target nested under a valid one is refused and the valid one is not called', () => {
      let built = 0;
      const counted = registry.configurable('sec.count', function counted(x: unknown) {
        built++;
        return x;
      });
      const tree = { target: 'sec.count:counted', called: true, x: { target: 'globalThis.eval', args: ['1'], called: true, __dense_spec__: true }, __dense_spec__: true };
      expectError(() => Spec.instantiate(tree, opts), 'UNKNOWN_TARGET', 'x');
      expect(built).to.equal(0);
      void counted;
    });

    it('an unregistered function passed as a target → UNKNOWN_TARGET, never called', () => {
      let ran = false;
      const sneaky = (): void => {
        ran = true;
      };
      expectError(() => new Spec(sneaky, {}, opts), 'UNKNOWN_TARGET', '');
      expectError(() => registry.partial(sneaky), 'UNKNOWN_TARGET', '');
      expect(ran).to.equal(false);
    });

    it('a name registered only in another registry is unknown here', () => {
      const other = new Registry();
      other.configurable('elsewhere', function secret() {
        return 1;
      });
      expectError(() => Spec.instantiate({ target: 'elsewhere:secret', called: true, __dense_spec__: true }, opts), 'UNKNOWN_TARGET', '');
      expect(Spec.instantiate({ target: 'elsewhere:secret', called: true, __dense_spec__: true }, { registry: other })).to.equal(1);
    });

    it('names that are Object.prototype members can be registered and looked up safely (Map lookups)', () => {
      const iso = new Registry();
      const made: string[] = [];
      for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        iso.configurable({ name }, function () {
          made.push(name);
          return name;
        });
      }
      for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        expect(iso.has(name)).to.equal(true);
        expect(Spec.instantiate({ target: name, called: true, __dense_spec__: true }, { registry: iso })).to.equal(name);
      }
      expect(made).to.deep.equal(['constructor', 'toString', '__proto__', 'hasOwnProperty']);
      expect(registry.has('constructor')).to.equal(false);
    });

    it('the allow list is checked against the canonical name', () => {
      expectError(() => Spec.instantiate({ target: 'sec:wrap', called: true, __dense_spec__: true }, { registry, allow: ['other'] }), 'TARGET_NOT_ALLOWED', '');
      expect(Spec.instantiate({ target: 'sec:wrap', called: true, __dense_spec__: true }, { registry, allow: ['sec'] })).to.deep.equal({ inner: null });
    });
  });

  describe('a polluted environment does not turn data into specs', () => {
    it('an inherited __dense_spec__/target on Object.prototype is ignored (own keys only)', () => {
      const proto = Object.prototype as unknown as Tree;
      proto.__dense_spec__ = true;
      proto.target = 'sec:wrap';
      try {
        const tree = { a: { inner: 1 }, b: [{}] };
        expect(Spec.fromDict(tree, opts)).to.deep.equal({ a: { inner: 1 }, b: [{}] });
        expect(Spec.instantiate(tree, opts)).to.deep.equal({ a: { inner: 1 }, b: [{}] });
        expect(asdict(tree, opts)).to.deep.equal({ a: { inner: 1 }, b: [{}] });
      } finally {
        delete proto.__dense_spec__;
        delete proto.target;
      }
    });
  });

  describe('garbage input is a ConfigSpecError, never a TypeError', () => {
    it('primitives, null and empty containers as trees are returned as they are', () => {
      for (const value of [0, -1.5, 'str', '', null, true, false, [], {}, [null, 'a', 1]]) {
        expect(Spec.fromDict(value, opts)).to.deep.equal(value);
        expect(Spec.instantiate(value, opts)).to.deep.equal(value);
        expect(asdict(value, opts)).to.deep.equal(value);
      }
      expect(Spec.fromDict(undefined, opts)).to.equal(undefined);
      expect(Spec.instantiate(undefined, opts)).to.equal(undefined);
    });

    it('values without a JSON form → NOT_SERIALIZABLE in asdict, with the path', () => {
      expectError(() => asdict(Symbol('s'), opts), 'NOT_SERIALIZABLE', '');
      expectError(() => asdict({ a: [1, Symbol('s')] }, opts), 'NOT_SERIALIZABLE', 'a[1]');
      expectError(() => asdict({ f: () => 1 }, opts), 'NOT_SERIALIZABLE', 'f');
      expectError(() => asdict({ e: [new Error('x')] }, opts), 'NOT_SERIALIZABLE', 'e[0]');
    });

    it('values JSON cannot hold exactly are tagged, not refused (issue 3)', () => {
      expect(asdict(undefined, opts)).to.deep.equal({ __value__: 'undefined' });
      expect(asdict({ n: Number.NaN }, opts)).to.deep.equal({ n: { __value__: 'number', data: 'NaN' } });
    });

    describe('spec dicts with every wrong field type → INVALID_SPEC_DICT at the field', () => {
      const wrong: Record<string, unknown[]> = {
        target: [1, null, [], {}, true, 1.5],
        args: ['x', {}, null, 1, true],
        called: ['true', 1, 0, null, {}, []],
        kwargs: [[], null, 'x', 1, true],
        __recursive__: ['false', 0, null, {}],
        __dense_spec__: ['true', 1, false, null, {}, []],
      };
      for (const [field, values] of Object.entries(wrong)) {
        for (const value of values) {
          it(`${field}: ${JSON.stringify(value)}`, () => {
            const dict: Tree = { target: 'sec:wrap', __dense_spec__: true, [field]: value };
            const text = JSON.stringify({ cfg: [dict] });
            expectError(() => Spec.fromDict(JSON.parse(text), opts), 'INVALID_SPEC_DICT', `cfg[0].${field}`);
            expectError(() => Spec.instantiate(JSON.parse(text), opts), 'INVALID_SPEC_DICT', `cfg[0].${field}`);
          });
        }
      }

      it('a missing target → INVALID_SPEC_DICT at the dict', () => {
        expectError(() => Spec.fromDict({ m: { inner: 1, __dense_spec__: true } }, opts), 'INVALID_SPEC_DICT', 'm');
      });

      it('a kwargs holding a spec dict marker → INVALID_SPEC_DICT or UNKNOWN_PARAMETER, never silently read', () => {
        const error = thrown(() => Spec.fromDict({ m: { target: 'sec:wrap', kwargs: { __dense_spec__: true, target: 'sec:wrap' }, __dense_spec__: true } }, opts));
        expect(['INVALID_SPEC_DICT', 'UNKNOWN_PARAMETER']).to.include(error.code);
        expect(error.path.startsWith('m.kwargs')).to.equal(true);
      });

      it('an unknown __x__ key → INVALID_SPEC_DICT at it', () => {
        expectError(() => Spec.fromDict({ m: { target: 'sec:wrap', __x__: 1, __dense_spec__: true } }, opts), 'INVALID_SPEC_DICT', 'm.__x__');
      });

      it('a position bound twice → INVALID_SPEC_DICT at the keyword', () => {
        expectError(() => Spec.fromDict({ m: { target: 'sec:wrap', args: [1], inner: 2, __dense_spec__: true } }, opts), 'INVALID_SPEC_DICT', 'm.inner');
      });

      it('a keyword given flattened and under kwargs → INVALID_SPEC_DICT at kwargs.name', () => {
        expectError(() => Spec.fromDict({ m: { target: 'sec:wrap', inner: 1, kwargs: { inner: 2 }, __dense_spec__: true } }, opts), 'INVALID_SPEC_DICT', 'm.kwargs.inner');
      });

      it('an empty or malformed target string → UNKNOWN_TARGET at the dict, suggesting the closest name', () => {
        expectError(() => Spec.fromDict({ m: { target: '', __dense_spec__: true } }, opts), 'UNKNOWN_TARGET', 'm');
        const error = expectError(() => Spec.fromDict({ m: { target: ' sec:wrap', __dense_spec__: true } }, opts), 'UNKNOWN_TARGET', 'm');
        expect(error.message).to.contain('"sec:wrap"');
      });
    });

    describe('new Spec with garbage arguments', () => {
      for (const target of [null, undefined, 5, {}, [], true, Symbol('t')]) {
        it(`target ${inspect(target)} → UNKNOWN_TARGET`, () => {
          expectError(() => new Spec(target as string, {}, opts), 'UNKNOWN_TARGET', '');
        });
      }

      for (const kwargs of [[], null, 'x', 5, true, () => 1]) {
        it(`kwargs ${String(kwargs)} → INVALID_SPEC_DICT`, () => {
          expectError(() => new Spec(wrap, kwargs as unknown as Tree, opts), 'INVALID_SPEC_DICT', '');
        });
      }

      for (const args of ['x', {}, 5, true]) {
        it(`options.args ${JSON.stringify(args)} → INVALID_SPEC_DICT`, () => {
          expectError(() => new Spec(wrap, {}, { registry, args: args as unknown as unknown[] }), 'INVALID_SPEC_DICT', '');
        });
      }

      it('options.called / options.recursive that are not booleans → INVALID_SPEC_DICT', () => {
        expectError(() => new Spec(wrap, {}, { registry, called: 'yes' as unknown as boolean }), 'INVALID_SPEC_DICT', '');
        expectError(() => new Spec(wrap, {}, { registry, recursive: 1 as unknown as boolean }), 'INVALID_SPEC_DICT', '');
      });

      for (const options of [null, 'x', 5, []]) {
        it(`options ${JSON.stringify(options)} → INVALID_SPEC_DICT`, () => {
          expectError(() => new Spec(wrap, {}, options as unknown as object), 'INVALID_SPEC_DICT', '');
        });
      }

      for (const bad of [5, {}, null, 'registry']) {
        it(`options.registry ${JSON.stringify(bad)} → INVALID_SPEC_DICT (not a TypeError)`, () => {
          expectError(() => new Spec(wrap, {}, { registry: bad as unknown as Registry }), 'INVALID_SPEC_DICT', '');
        });
      }

      it('.partial()/.call() with non-object keyword arguments → INVALID_OVERRIDE', () => {
        const spec = new Spec(wrap, {}, opts);
        for (const bad of [5, null, [], 'x']) {
          expectError(() => spec.partial(bad as unknown as Tree), 'INVALID_OVERRIDE', '');
          expectError(() => spec.call(bad as unknown as Tree), 'INVALID_OVERRIDE', '');
        }
      });

      it('partial() with a garbage target or keywords → ConfigSpecError', () => {
        expectError(() => partial(null as unknown as string), 'UNKNOWN_TARGET', '');
        expectError(() => partial(5 as unknown as string), 'UNKNOWN_TARGET', '');
        expectError(() => registry.partial(wrap, null as unknown as Tree), 'INVALID_SPEC_DICT', '');
      });
    });

    describe('garbage options of the tree functions → INVALID_OVERRIDE, not a TypeError', () => {
      const runs: [string, (o: unknown) => unknown][] = [
        ['Spec.fromDict', (o) => Spec.fromDict({ target: 'sec:wrap', __dense_spec__: true }, o as object)],
        ['Spec.instantiate', (o) => Spec.instantiate({ target: 'sec:wrap', __dense_spec__: true }, o as object)],
        ['Spec.instantiateFromDict', (o) => Spec.instantiateFromDict({ target: 'sec:wrap', __dense_spec__: true }, o as object)],
        ['asdict', (o) => asdict(wrap, o as object)],
        ['spec.instantiate', (o) => new Spec(wrap, {}, opts).instantiate(o as object)],
      ];
      for (const [name, run] of runs) {
        for (const bad of [null, 5, 'x', [], { registry: 5 }, { registry: {} }, { registry: null }, { registry: 'sec' }]) {
          it(`${name}(…, ${JSON.stringify(bad)})`, () => {
            expectError(() => run(bad), 'INVALID_OVERRIDE', '');
          });
        }
      }

      it('instantiate with a bad allow or recursive option → INVALID_OVERRIDE', () => {
        const dict = { target: 'sec:wrap', __dense_spec__: true };
        expectError(() => Spec.instantiate(dict, { registry, allow: 'sec' as unknown as string[] }), 'INVALID_OVERRIDE', '');
        expectError(() => Spec.instantiate(dict, { registry, allow: [5] as unknown as string[] }), 'INVALID_OVERRIDE', '');
        expectError(() => Spec.instantiate(dict, { registry, recursive: 'no' as unknown as boolean }), 'INVALID_OVERRIDE', '');
      });

      it('a registry of another copy of the package (same methods) is accepted', () => {
        const lookalike = {
          lookup: registry.lookup.bind(registry),
          nameOf: registry.nameOf.bind(registry),
          signatureOf: registry.signatureOf.bind(registry),
          has: registry.has.bind(registry),
          resolve: registry.resolve.bind(registry),
        } as unknown as Registry;
        expect(Spec.instantiate({ target: 'sec:wrap', called: true, __dense_spec__: true }, { registry: lookalike })).to.deep.equal({ inner: null });
      });
    });

    describe('configurable with garbage → INVALID_REGISTRATION', () => {
      const fn = function namedForGarbage(): void {};
      const cases: [string, () => unknown][] = [
        ['configurable(null)', () => registry.configurable(null as unknown as string)],
        ['configurable(5)', () => registry.configurable(5 as unknown as string)],
        ['configurable([])', () => registry.configurable([] as unknown as string)],
        ['configurable("ns", 5)', () => registry.configurable('ns', 5 as unknown as Callable)],
        ['configurable("ns", null)', () => registry.configurable('ns', null as unknown as Callable)],
        ['configurable({}, symbol)', () => registry.configurable({}, Symbol('s') as unknown as Callable)],
        ['configurable(null, fn)', () => registry.configurable(null as unknown as string, fn)],
        ['configurable(5, fn)', () => registry.configurable(5 as unknown as string, fn)],
        ['configurable([], fn)', () => registry.configurable([] as unknown as string, fn)],
        ['namespace: 5', () => registry.configurable({ namespace: 5 as unknown as string }, fn)],
        ['namespace with spaces', () => registry.configurable('bad ns!', fn)],
        ['name: ""', () => registry.configurable({ name: '' }, fn)],
        ['name: 5', () => registry.configurable({ name: 5 as unknown as string }, fn)],
        ['name with a space', () => registry.configurable({ name: 'a b' }, fn)],
        ['params: "x"', () => registry.configurable({ params: 'x' as unknown as string[] }, fn)],
        ['params: [1]', () => registry.configurable({ params: [1] as unknown as string[] }, fn)],
        ['rest not last', () => registry.configurable({ params: ['...a', 'b'] }, fn)],
        ['aliases: "x"', () => registry.configurable({ aliases: 'x' as unknown as string[] }, fn)],
        ['aliases: [1]', () => registry.configurable({ aliases: [1] as unknown as string[] }, fn)],
        ['runtime: [1]', () => registry.configurable({ runtime: [1] as unknown as string[] }, fn)],
        ['track: "yes"', () => registry.configurable({ track: 'yes' as unknown as boolean }, fn)],
        ['options: 5', () => registry.configurable({ options: 5 as unknown as true }, fn)],
        ['unknown option', () => registry.configurable({ unknown: 1 } as unknown as object, fn)],
        ['a __proto__ option from JSON', () => registry.configurable(JSON.parse(`{"__proto__": ${POLLUTE}}`) as object, fn)],
        ['an anonymous function', () => registry.configurable((() => () => 1)())],
        ['decorator on a number', () => (registry.configurable('ns') as unknown as (v: unknown) => unknown)(5)],
        ['decorator on null', () => (registry.configurable('ns') as unknown as (v: unknown) => unknown)(null)],
        ['legacy decorator on an instance member', () => (registry.configurable('ns') as unknown as (v: unknown, k: string, d: unknown) => unknown)({}, 'k', undefined)],
        ['standard decorator on a field', () => (registry.configurable('ns') as unknown as (v: unknown, c: unknown) => unknown)(fn, { kind: 'field', name: 'x' })],
        ['register(5)', () => registry.register(5 as unknown as Callable)],
        ['register(fn, null)', () => registry.register(fn, null as unknown as object)],
        ['register(fn, 5)', () => registry.register(fn, 5 as unknown as object)],
        ['top-level configurable(null, fn)', () => configurable(null as unknown as string, fn)],
      ];
      for (const [name, run] of cases) {
        it(name, () => {
          expectError(run, 'INVALID_REGISTRATION', '');
          expect(registry.nameOf(fn)).to.equal(undefined);
        });
      }

      it('registry lookups with garbage names → UNKNOWN_TARGET or a plain answer', () => {
        expectError(() => registry.resolve(5 as unknown as string), 'UNKNOWN_TARGET', '');
        expectError(() => registry.resolve(null as unknown as string), 'UNKNOWN_TARGET', '');
        expect(registry.has(5 as unknown as string)).to.equal(false);
        expect(registry.nameOf(5 as unknown as Callable)).to.equal(undefined);
      });
    });
  });

  describe('regressions', () => {
    it('a non-Registry registry option is a ConfigSpecError, not a TypeError (registry.lookup is not a function)', () => {
      expectError(() => Spec.fromDict({ target: 'sec:wrap', __dense_spec__: true }, { registry: {} as unknown as Registry }), 'INVALID_OVERRIDE', '');
      expectError(() => new Spec(wrap, {}, { registry: 5 as unknown as Registry }), 'INVALID_SPEC_DICT', '');
    });

    it('null options to Spec.fromDict/instantiate/asdict are a ConfigSpecError, not a TypeError', () => {
      expectError(() => Spec.fromDict({}, null as unknown as object), 'INVALID_OVERRIDE', '');
      expectError(() => Spec.instantiate({}, null as unknown as object), 'INVALID_OVERRIDE', '');
      expectError(() => asdict({}, null as unknown as object), 'INVALID_OVERRIDE', '');
    });
  });
});
