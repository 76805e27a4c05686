import { expect } from 'chai';
import { inspect } from 'node:util';
import { describeValue, INSPECT_CUSTOM } from '../src/describe-value.js';

// The core renders values without node:util; where Node's own rendering is well defined, the two agree.
const NODE = { depth: 2, breakLength: Infinity, compact: true } as const;

class Point {
  constructor(readonly x: number, readonly y: number) {}
}

describe('describe-value', () => {
  const same: [string, unknown][] = [
    ['a string with quotes and a newline', "it's \"x\"\n"],
    ['strings quoted as Node chooses', ['plain', "it's", 'it\'s "x"', 'it\'s "x" `y`', '\u0000\u001b\\', '\u007f\ud800', '\\u001b\\"', '\u0085']],
    ['numbers', [1, -0, NaN, Infinity, 1.5e-7]],
    ['bigint, boolean, null, undefined, symbol', [10n, true, null, undefined, Symbol('s')]],
    ['an empty array and object', [[], {}]],
    ['a nested object with odd keys', { a: 1, 'b c': [1, 2], nested: { deep: { deeper: { deepest: 1 } } } }],
    ['functions and classes', [function relu(): void {}, Point, (): void => {}]],
    ['a Map and a Set', [new Map([['k', 1]]), new Set([1, 'two'])]],
    ['a Date and a RegExp', [new Date(0), /a+/gi]],
    ['a class instance', new Point(1, 2)],
    ['a typed array', new Float32Array([1, 2])],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
  ];
  for (const [what, value] of same) {
    it(`renders ${what} as util.inspect does`, () => {
      expect(describeValue(value)).to.equal(inspect(value, NODE));
    });
  }

  it('renders a cycle as [Circular] and deep nesting abbreviated, in bounded space', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).to.equal('{ a: 1, self: [Circular] }');
    expect(describeValue([[[[1]]]])).to.equal('[ [ [ [Array] ] ] ]');
    expect(describeValue({ a: { b: { c: { d: 1 } } } })).to.equal('{ a: { b: { c: [Object] } } }');
  });

  it('cuts containers after 100 entries', () => {
    const text = describeValue(Array.from({ length: 150 }, (_, i) => i));
    expect(text).to.match(/, 99, \.\.\. 50 more items \]$/);
  });

  it('uses an object\'s own rendering under Symbol.for("nodejs.util.inspect.custom")', () => {
    const custom = { [INSPECT_CUSTOM]: (): string => '<custom>' };
    expect(describeValue([custom])).to.equal('[ <custom> ]');
    expect(INSPECT_CUSTOM).to.equal(inspect.custom);
  });

  it('escapes what printable.ts escapes (bidi controls, line separators), as util.inspect does not', () => {
    expect(describeValue('a\u202eb\u2028c')).to.equal("'a\\u202eb\\u2028c'");
  });

  it('renders errors, invalid dates and anonymous functions', () => {
    expect(describeValue(new TypeError('bad'))).to.equal('[TypeError: bad]');
    expect(describeValue(new Date(NaN))).to.equal('Invalid Date');
    expect(describeValue([function (): void {}, class {}].map((f) => f))).to.equal('[ [Function (anonymous)], [class (anonymous)] ]');
  });
});
