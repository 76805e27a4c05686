import { expect } from 'chai';
import { ConfigSpecError, isConfigSpecError, Registry, Spec, type ErrorCode } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { caught as catchError } from './support/errors.js';

const ERROR_BRAND = Symbol.for('config-spec.error');

// An error as another copy of the package would make it: a different class, the same registered brand.
function fakeError(code: ErrorCode): Error & { code: ErrorCode; path: string } {
  class OtherConfigSpecError extends Error {
    code = code;
    path = 'a.b';
  }
  Object.defineProperty(OtherConfigSpecError.prototype, ERROR_BRAND, { value: true });
  return new OtherConfigSpecError('from another copy');
}

describe(`errors (${decoratorMode})`, () => {
  describe('ConfigSpecError', () => {
    it('carries code, path, target, detail and cause', () => {
      const cause = new Error('boom');
      const error = new ConfigSpecError('INSTANTIATION_FAILED', 'building failed', { path: 'model.layers[2].act', target: 'nn:relu', cause });
      expect(error.code).to.equal('INSTANTIATION_FAILED');
      expect(error.path).to.equal('model.layers[2].act');
      expect(error.target).to.equal('nn:relu');
      expect(error.detail).to.equal('building failed');
      expect(error.cause).to.equal(cause);
    });

    it('formats the message as "CODE at PATH (TARGET): detail; cause: message"', () => {
      const error = new ConfigSpecError('INSTANTIATION_FAILED', 'building failed', { path: 'model.layers[2].act', target: 'nn:relu', cause: new Error('boom') });
      expect(error.message).to.equal('INSTANTIATION_FAILED at model.layers[2].act (nn:relu): building failed; cause: boom');
      expect(error.message).to.contain('INSTANTIATION_FAILED').and.contain('model.layers[2].act').and.contain('nn:relu').and.contain('boom');
    });

    it('says "at the root" for the empty path and leaves out a missing target and cause', () => {
      const error = new ConfigSpecError('CYCLE', 'this value contains itself');
      expect(error.message).to.equal('CYCLE at the root: this value contains itself');
      expect(error.path).to.equal('');
      expect(error.target).to.equal(undefined);
      expect(error.cause).to.equal(undefined);
      expect(Object.hasOwn(error, 'cause')).to.equal(false);
    });

    it('path "" given explicitly is the root too', () => {
      const error = new ConfigSpecError('UNKNOWN_TARGET', 'nope', { path: '', target: 'x:Y' });
      expect(error.message).to.equal('UNKNOWN_TARGET at the root (x:Y): nope');
    });

    it('describes non-Error causes', () => {
      expect(new ConfigSpecError('INSTANTIATION_FAILED', 'd', { cause: 'oops' }).message).to.equal('INSTANTIATION_FAILED at the root: d; cause: oops');
      expect(new ConfigSpecError('INSTANTIATION_FAILED', 'd', { cause: 42 }).message).to.equal('INSTANTIATION_FAILED at the root: d; cause: 42');
      expect(new ConfigSpecError('INSTANTIATION_FAILED', 'd', { cause: null }).message).to.equal('INSTANTIATION_FAILED at the root: d; cause: null');
      expect(new ConfigSpecError('INSTANTIATION_FAILED', 'd', { cause: Symbol('s') }).message).to.equal('INSTANTIATION_FAILED at the root: d; cause: Symbol(s)');
    });

    it('does not throw on a cause that cannot be turned into a string', () => {
      const bare = Object.create(null) as object;
      const error = new ConfigSpecError('INSTANTIATION_FAILED', 'd', { cause: bare });
      expect(error.message).to.equal('INSTANTIATION_FAILED at the root: d; cause: [object Object]');
      expect(error.cause).to.equal(bare);
      const hostile = { toString(): string { throw new Error('no'); } };
      expect(new ConfigSpecError('INSTANTIATION_FAILED', 'd', { cause: hostile }).message).to.equal('INSTANTIATION_FAILED at the root: d; cause: [object Object]');
    });

    it('is an Error named ConfigSpecError with a stack', () => {
      const error = new ConfigSpecError('TOO_DEEP', 'deep');
      expect(error).to.be.instanceOf(Error);
      expect(error).to.be.instanceOf(ConfigSpecError);
      expect(error.name).to.equal('ConfigSpecError');
      expect(String(error)).to.equal('ConfigSpecError: TOO_DEEP at the root: deep');
      expect(error.stack).to.be.a('string').that.contains('ConfigSpecError');
      expect(Object.keys(error)).to.not.include('name');
    });

    it('is recognised when thrown by the library', () => {
      const registry = new Registry();
      const error = catchError(() => new Spec('nope:Nothing', {}, { registry }));
      expect(error).to.be.instanceOf(ConfigSpecError);
      expect(isConfigSpecError(error)).to.equal(true);
      expect(isConfigSpecError(error, 'UNKNOWN_TARGET')).to.equal(true);
      expect(isConfigSpecError(error, 'UNKNOWN_PARAMETER')).to.equal(false);
    });
  });

  describe('structured fields', () => {
    const registry = new Registry();
    @registry.configurable('optim')
    class Adam {
      constructor(public params: unknown, public lr = 1e-3) {}
    }

    it('are own properties only when given', () => {
      const error = new ConfigSpecError('UNKNOWN_TARGET', 'x');
      expect(Object.keys(error)).not.to.include.members(['expected', 'received', 'suggestion', 'validNames', 'missing', 'issues']);
      expect(error.suggestion).to.equal(undefined);
      const full = new ConfigSpecError('INVALID_VALUE', 'x', { expected: 'number', received: 'string', suggestion: 's', validNames: ['a'], missing: ['m'], issues: [{ message: 'i' }] });
      expect([full.expected, full.received, full.suggestion, full.validNames, full.missing, full.issues]).to.deep.equal(['number', 'string', 's', ['a'], ['m'], [{ message: 'i' }]]);
    });

    it('UNKNOWN_TARGET: suggestion', () => {
      const error = catchError(() => new Spec('optim:Adma', {}, { registry })) as ConfigSpecError;
      expect(error.suggestion).to.equal('optim:Adam');
      expect((catchError(() => new Spec('zzz:zzz', {}, { registry })) as ConfigSpecError).suggestion).to.equal(undefined);
    });

    it('UNKNOWN_PARAMETER: suggestion and validNames, kept when the error is placed at a path', () => {
      const error = catchError(() => Spec.fromDict({ opt: { target: 'optim:Adam', lrr: 1, __dense_spec__: true } }, { registry })) as ConfigSpecError;
      expect(error.path).to.equal('opt.lrr');
      expect(error.suggestion).to.equal('lr');
      expect(error.validNames).to.deep.equal(['params', 'lr']);
    });

    it('MISSING_PARAMETER: missing', () => {
      const error = catchError(() => new Spec(Adam, {}, { registry, called: true }).instantiate()) as ConfigSpecError;
      expect(error.code).to.equal('MISSING_PARAMETER');
      expect(error.missing).to.deep.equal(['params']);
    });

    it('INVALID_REGISTRATION placed at a path keeps its fields (atPath)', () => {
      const own = new Registry();
      function scaled(x = 1): number {
        return x;
      }
      own.configurable({ schema: { y: { '~standard': { version: 1, vendor: 'v', validate: (value: unknown) => ({ value }) } } } }, scaled);
      const error = catchError(() => Spec.fromDict({ a: { target: 'scaled', x: 1, __dense_spec__: true } }, { registry: own })) as ConfigSpecError;
      expect([error.code, error.path]).to.deep.equal(['INVALID_REGISTRATION', 'a']);
    });
  });

  describe('instanceof across copies of the package', () => {
    it('accepts an error of another class carrying the registered brand', () => {
      const fake = fakeError('CYCLE');
      expect(fake instanceof ConfigSpecError).to.equal(true);
      expect(isConfigSpecError(fake)).to.equal(true);
      expect(isConfigSpecError(fake, 'CYCLE')).to.equal(true);
      expect(isConfigSpecError(fake, 'TOO_DEEP')).to.equal(false);
    });

    it('rejects values without the brand, or with a brand that is not true', () => {
      const values: unknown[] = [new Error('x'), new TypeError('x'), {}, [], null, undefined, 0, '', 'CYCLE', Symbol('x'), () => 1, { code: 'CYCLE', path: '' }];
      for (const value of values) {
        expect(value instanceof ConfigSpecError, String(value)).to.equal(false);
        expect(isConfigSpecError(value), String(value)).to.equal(false);
        expect(isConfigSpecError(value, 'CYCLE'), String(value)).to.equal(false);
      }
      const wrongBrand = { [ERROR_BRAND]: 1, code: 'CYCLE' };
      expect(wrongBrand instanceof ConfigSpecError).to.equal(false);
      const localSymbol = { [Symbol('config-spec.error')]: true, code: 'CYCLE' };
      expect(isConfigSpecError(localSymbol)).to.equal(false);
    });

    it('puts the brand on the prototype, not as an enumerable own key', () => {
      const error = new ConfigSpecError('CYCLE', 'x');
      expect(Object.getOwnPropertySymbols(error)).to.not.include(ERROR_BRAND);
      expect((ConfigSpecError.prototype as unknown as Record<symbol, unknown>)[ERROR_BRAND]).to.equal(true);
      expect(Object.prototype.propertyIsEnumerable.call(ConfigSpecError.prototype, ERROR_BRAND)).to.equal(false);
    });

    it('isConfigSpecError narrows the type', () => {
      const value: unknown = new ConfigSpecError('MISSING_PARAMETER', 'x', { path: 'a' });
      if (isConfigSpecError(value, 'MISSING_PARAMETER')) {
        const code: ErrorCode = value.code;
        expect(code).to.equal('MISSING_PARAMETER');
        expect(value.path).to.equal('a');
      } else {
        expect.fail('not recognised');
      }
    });
  });
});
