import { expect } from 'chai';
import { asdict, configurable, Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';

const registry = new Registry();

@registry.configurable('optim')
class Adam {
  constructor(public params: number[], public lr = 1e-3, public betas: [number, number] = [0.9, 0.999]) {}
}
@registry.configurable('optim')
class AdamW {
  constructor(public params: number[], public lr = 1e-3, public beta1 = 0.9, public beta2 = 0.999) {}
}
const relu = registry.configurable('nn', function relu(x: number) { return Math.max(0, x); });
function createModel(numLayers: number, activation: (x: number) => number) { return { numLayers, activation, params: [1, 2] }; }
registry.configurable('models', createModel);

describe(`smoke (${decoratorMode})`, () => {
  it('runs the design example', () => {
    const config = asdict({
      tx: new Spec(Adam, { lr: 1e-3 }, { registry }),
      model: new Spec(createModel, { numLayers: 3, activation: new Spec(relu, {}, { registry }) }, { registry }),
      steps: 1000,
    }, { registry });
    expect(JSON.stringify(config)).to.equal('{"tx":{"target":"optim:Adam","lr":0.001,"__dense_spec__":true},"model":{"target":"models:createModel","numLayers":3,"activation":{"target":"nn:relu","__dense_spec__":true},"__dense_spec__":true},"steps":1000}');
    config.tx.target = 'optim:AdamW';
    config.tx.beta1 = 0.8;
    const model = Spec.instantiateFromDict(config.model, { registry })();
    expect(model.numLayers).to.equal(3);
    expect(model.activation).to.equal(relu);
    const tx = Spec.instantiateFromDict(config.tx, { registry })(model.params);
    expect(tx).to.be.instanceOf(AdamW);
    expect(tx).to.deep.include({ params: [1, 2], lr: 0.001, beta1: 0.8, beta2: 0.999 });
    void configurable;
  });
});
