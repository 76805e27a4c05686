import { expect } from 'chai';
import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { Registry, Spec } from '../src/index.js';
import { child, ROOT } from '../src/path.js';
import { classifyData, classifyNode, inspectNode, isLeaf, isRef, isSpecDict, isSpecNode, isTagged, notPlainData, type DataKind, type NodeKind } from '../src/node-kind.js';
import { isPlainObject } from '../src/tree.js';
import { decoratorMode } from './support/mode.js';
import { expectError } from './support/errors.js';

const registry = new Registry();
function relu(slope = 0): number {
  return slope;
}
registry.configurable('nk', relu);
const aSpec = Spec.fromDict<Spec<number>>({ target: 'nk:relu', __dense_spec__: true }, { registry });

// The decision every walker made by hand before the classifier, in the order they made it: the
// classifier must agree with it on every value.
function decidedByHand(value: unknown, lenient: boolean): NodeKind {
  if (isLeaf(value)) return 'leaf';
  if (value instanceof Spec) return 'spec';
  if (Array.isArray(value)) return 'array';
  if (!isPlainObject(value)) return 'other';
  if (lenient ? isSpecNode(value) : isSpecDict(value, ROOT)) return 'spec-dict';
  if (isRef(value)) return 'ref';
  if (isTagged(value)) return 'tagged';
  return 'object';
}

describe(`node-kind (${decoratorMode})`, () => {
  describe('classifyNode', () => {
    it('tells every kind of node apart', () => {
      const cases: [unknown, NodeKind][] = [
        [1, 'leaf'],
        ['text', 'leaf'],
        [null, 'leaf'],
        [undefined, 'leaf'],
        [10n, 'leaf'],
        [relu, 'leaf'],
        [aSpec, 'spec'],
        [{ target: 'nk:relu', __dense_spec__: true }, 'spec-dict'],
        [{ __ref__: 'a' }, 'ref'],
        [{ __value__: 'Set', data: [] }, 'tagged'],
        [[1, 2], 'array'],
        [{ a: 1 }, 'object'],
        [Object.create(null) as object, 'object'],
        [new Map(), 'other'],
        [new Date(0), 'other'],
      ];
      for (const [value, kind] of cases) {
        expect(classifyNode(value, ROOT), kind).to.equal(kind);
        expect(inspectNode(value), kind).to.equal(kind);
      }
    });

    it('gives a spec dict precedence over a ref and a tag in the same object, and a ref over a tag', () => {
      expect(classifyNode({ __dense_spec__: true, __ref__: 'a', __value__: 'Set' }, ROOT)).to.equal('spec-dict');
      expect(classifyNode({ __ref__: 'a', __value__: 'Set' }, ROOT)).to.equal('ref');
    });

    it('counts only own marker keys, never inherited ones', () => {
      const inherited = Object.create({ __dense_spec__: true, __ref__: 'a', __value__: 'Set' }) as object;
      // Not plain (its prototype is an object of the user's): another object.
      expect(classifyNode(inherited, ROOT)).to.equal('other');
      const onPlainProto = Object.create(Object.create(null) as object) as object;
      expect(classifyNode(onPlainProto, ROOT)).to.equal('other');
    });

    it('treats plain objects and arrays of another realm as plain', () => {
      expect(classifyNode(runInNewContext('({ a: 1 })'), ROOT)).to.equal('object');
      expect(classifyNode(runInNewContext('({ __dense_spec__: true, target: "nk:relu" })'), ROOT)).to.equal('spec-dict');
      expect(classifyNode(runInNewContext('[1]'), ROOT)).to.equal('array');
    });

    it('keeps a subclass of Array an array, as Array.isArray does', () => {
      class Row extends Array<number> {}
      expect(classifyNode(new Row(), ROOT)).to.equal('array');
    });

    it('throws INVALID_SPEC_DICT at the marker for a marker that is not true', () => {
      const error = expectError(() => classifyNode({ __dense_spec__: 'yes', target: 'nk:relu' }, child(child(ROOT, 'model'), 0)), 'INVALID_SPEC_DICT', 'model[0].__dense_spec__');
      expect(error.message).to.include('"__dense_spec__" must be true, got "yes"');
      expectError(() => classifyNode({ __dense_spec__: false }, ROOT), 'INVALID_SPEC_DICT', '__dense_spec__');
      expectError(() => classifyNode({ __dense_spec__: null, __ref__: 'a' }, ROOT), 'INVALID_SPEC_DICT', '__dense_spec__');
    });
  });

  describe('inspectNode', () => {
    it('never throws for a marker that is not true: the object is what its other keys make it', () => {
      expect(inspectNode({ __dense_spec__: 'yes', target: 'nk:relu' })).to.equal('object');
      expect(inspectNode({ __dense_spec__: false, __ref__: 'a' })).to.equal('ref');
      expect(inspectNode({ __dense_spec__: 1, __value__: 'Set' })).to.equal('tagged');
    });
  });

  it('agrees with the checks the walkers made by hand, on any value', () => {
    const key = fc.constantFrom('a', 'target', '__dense_spec__', '__ref__', '__value__', 'data');
    const leaf = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const node = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object'), fc.constant(aSpec), fc.constant(new Map())),
      array: fc.array(tie('value'), { maxLength: 3 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    })).value;
    fc.assert(
      fc.property(node, (value) => {
        let strict: NodeKind | Error;
        let expected: NodeKind | Error;
        try {
          strict = classifyNode(value, ROOT);
        } catch (error) {
          strict = error as Error;
        }
        try {
          expected = decidedByHand(value, false);
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) expect((strict as Error).message).to.equal(expected.message);
        else expect(strict).to.equal(expected);
        expect(inspectNode(value)).to.equal(decidedByHand(value, true));
      }),
      { numRuns: 500 },
    );
  });

  describe('classifyData (the walks over plain data: config text, convertConfig)', () => {
    it('tells scalars, numbers, arrays and plain objects from what is not plain data', () => {
      const cases: [unknown, DataKind][] = [
        ['s', 'scalar'], [true, 'scalar'], [null, 'scalar'],
        [1, 'number'], [NaN, 'number'], [-0, 'number'],
        [[], 'array'], [{}, 'object'], [Object.create(null) as object, 'object'], [runInNewContext('({})'), 'object'],
        [undefined, 'other'], [1n, 'other'], [relu, 'other'], [Symbol('s'), 'other'], [new Date(0), 'other'], [aSpec, 'other'],
      ];
      for (const [value, kind] of cases) expect(classifyData(value), kind).to.equal(kind);
    });

    it('names what is not plain data by its class tag, else as the caller describes it', () => {
      expect(notPlainData(new Map())).to.equal('[object Map]');
      expect(notPlainData(undefined)).to.equal('undefined');
      expect(notPlainData(1n, (v) => `bigint ${String(v)}`)).to.equal('bigint 1');
    });
  });
});
