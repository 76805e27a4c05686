/** Assertions on thrown errors, shared by every test file. */
import { expect } from 'chai';
import { ConfigSpecError, Spec, type ErrorCode, type InstantiateOptions } from '../../src/index.js';

/** The ConfigSpecError `fn` throws; fails the test if it throws nothing or anything else. */
export function thrown(fn: () => unknown): ConfigSpecError {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ConfigSpecError)) throw new Error(`expected a ConfigSpecError, got ${String(error)}`);
    return error;
  }
  throw new Error('expected a ConfigSpecError, nothing was thrown');
}

/** The ConfigSpecError `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: unknown): Promise<ConfigSpecError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigSpecError) return error;
    throw new Error(`expected a ConfigSpecError, got ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

/** The ConfigSpecError `fn` throws, checked to carry `code` and `path` (the root by default). */
export function expectError(fn: () => unknown, code: ErrorCode, path = ''): ConfigSpecError {
  const error = thrown(fn);
  expect(error.code, error.message).to.equal(code);
  expect(error.path, error.message).to.equal(path);
  return error;
}

/** Whatever `fn` throws (for tests of foreign errors); fails the test if it throws nothing. */
export function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** Both readers (`Spec.fromDict`, `Spec.instantiate`) fail on `tree` with `code` at `path`; the input is unchanged. */
export function expectReadError(tree: unknown, code: ErrorCode, path: string, options: InstantiateOptions = {}): ConfigSpecError {
  const before = JSON.stringify(tree);
  const error = expectError(() => Spec.fromDict(tree, options), code, path);
  expectError(() => Spec.instantiate(tree, options), code, path);
  expect(JSON.stringify(tree)).to.equal(before);
  return error;
}
