/**
 * Activations: plain functions registered by name (`nn:relu`, …), so a config swaps one for
 * another with `model.activation.target=nn:relu`. Backprop needs each one's derivative, which rides
 * along as a property: `configurable(ns, fn)` returns `fn` itself, property included.
 */
import { configurable } from 'config-spec';

export interface Activation {
  (x: number): number;
  readonly derivative: (x: number) => number;
}

// x is the run-time input, not a setting: a config never holds it. Each target is named explicitly:
// a bundler may rename a function (esbuild turns this `function relu` into `relu2`), and a config's
// target names must not depend on the build.
const nn = (name: string) => ({ namespace: 'nn', name, runtime: ['x'] });

function withDerivative(fn: (x: number) => number, derivative: (x: number) => number): Activation {
  return Object.assign(fn, { derivative });
}

export const relu = configurable(
  nn('relu'),
  withDerivative(function relu(x: number): number {
    return x > 0 ? x : 0;
  }, (x) => (x > 0 ? 1 : 0)),
);

export const tanh = configurable(
  nn('tanh'),
  withDerivative(function tanh(x: number): number {
    return Math.tanh(x);
  }, (x) => 1 - Math.tanh(x) ** 2),
);

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
export const sigmoid = configurable(
  nn('sigmoid'),
  withDerivative(function sigmoid(x: number): number {
    return logistic(x);
  }, (x) => logistic(x) * (1 - logistic(x))),
);

// GELU, tanh approximation (as in GPT-2 and BERT).
const C = Math.sqrt(2 / Math.PI);
export const gelu = configurable(
  nn('gelu'),
  withDerivative(function gelu(x: number): number {
    return 0.5 * x * (1 + Math.tanh(C * (x + 0.044715 * x ** 3)));
  }, (x) => {
    const t = Math.tanh(C * (x + 0.044715 * x ** 3));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * C * (1 + 3 * 0.044715 * x * x);
  }),
);
