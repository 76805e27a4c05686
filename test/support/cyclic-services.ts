/** A fixture of the autowiring tests: two targets that each autowire the other (`cyc:Alpha` ⇄ `cyc:Beta`). */
import { Registry } from '../../src/index.js';

/** A fresh registry holding `cyc:Alpha` (autowires `b: cyc:Beta`, by name) and `cyc:Beta` (`a: Alpha`, by class). */
export function cyclicServices(): Registry {
  const registry = new Registry();
  @registry.configurable({ namespace: 'cyc', inject: { b: 'cyc:Beta' } })
  class Alpha {
    constructor(readonly b: unknown) {}
  }
  @registry.configurable({ namespace: 'cyc', inject: { a: Alpha } })
  class Beta {
    constructor(readonly a: Alpha) {}
  }
  void Beta;
  return registry;
}
