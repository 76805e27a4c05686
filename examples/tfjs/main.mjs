// config-spec with TensorFlow.js 4.x, registered without decorating anything (see the README section
// "Registering code you cannot decorate"). It writes a model + optimizer config, reads it back as
// JSON, rebuilds both, trains a few steps, and round-trips a built layer through a registry codec
// over TF.js's own serialization.
//
//   npm run build                       # in the repository root: dist/, which this imports
//   cd examples/tfjs && npm install && npm start
//
// Plain JavaScript on purpose: TF.js is used from JavaScript as often as from TypeScript, and this
// shows what config-spec reads from compiled third-party code alone (no types, no metadata).
import * as tf from '@tensorflow/tfjs';
import { asdict, Registry, Spec } from '../../dist/index.js';

/** A registry with the TF.js targets this example uses. */
export function tfjsRegistry() {
  const registry = new Registry();
  // Layer factories: each takes one options object named `args`, which config-spec takes flat.
  for (const name of ['dense', 'dropout']) registry.configurable({ namespace: 'tf.layers', name }, tf.layers[name]);
  // tf.sequential(config): a sole options parameter named `config`.
  registry.configurable({ namespace: 'tf', name: 'sequential' }, tf.sequential);
  // tf.train.adam is an anonymous ES5 function: `if (beta1 === void 0) { beta1 = 0.9; }` reads as optional.
  registry.configurable({ namespace: 'tf.train', name: 'adam' }, tf.train.adam);
  // Built layers as values, through TF.js's own serialization (getConfig / fromConfig).
  registry.registerValue('tf:Layer', {
    is: (value) => value instanceof tf.layers.Layer,
    encode: (layer) => ({ className: layer.getClassName(), config: layer.getConfig() }),
    decode: ({ className, config }) => {
      const known = tf.serialization.SerializationMap.getMap().classNameMap[className];
      if (known === undefined) throw new Error(`TF.js has no layer class named ${className}`);
      const [cls, fromConfig] = known;
      return fromConfig(cls, config);
    },
  });
  return registry;
}

/** Runs the example; returns what it measured, so a test can check it. */
export async function run({ steps = 5, log = console.log } = {}) {
  const registry = tfjsRegistry();
  const dense = (kwargs) => new Spec(tf.layers.dense, kwargs, { registry, called: true });
  const config = asdict({
    model: new Spec(tf.sequential, { layers: [dense({ units: 8, inputShape: [2], activation: 'relu' }), dense({ units: 1, activation: 'sigmoid' })] }, { registry, called: true }),
    optimizer: new Spec(tf.train.adam, { learningRate: 0.05 }, { registry, called: true }),
  }, { registry });
  const text = JSON.stringify(config, null, 2);
  log(text);

  // Rebuilt from the JSON text alone.
  const { model, optimizer } = Spec.instantiate(JSON.parse(text), { registry });
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  // A separable toy problem: is x0 > x1?
  const xs = tf.randomUniform([256, 2], 0, 1, 'float32', 7);
  const ys = tf.tidy(() => xs.slice([0, 0], [-1, 1]).greater(xs.slice([0, 1], [-1, 1])).cast('float32'));
  const history = await model.fit(xs, ys, { epochs: steps, batchSize: 64, verbose: 0, shuffle: false });
  const losses = history.history.loss.map(Number);
  log(`loss over ${String(steps)} epochs: ${losses.map((l) => l.toFixed(4)).join(' → ')}`);

  // A built layer as a value: written with TF.js's serialization, read back as an equal layer.
  const layer = model.layers[0];
  const saved = asdict({ first: layer }, { registry });
  const restored = Spec.fromDict(saved, { registry }).first;
  log(`layer codec: ${JSON.stringify(saved.first.data.config.units)} units, restored as ${restored.getClassName()}`);
  tf.dispose([xs, ys]);
  return { config, losses, optimizerConfig: optimizer.getConfig(), restoredUnits: restored.getConfig().units, restoredClass: restored.getClassName() };
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
