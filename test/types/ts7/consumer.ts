// A user's program against the published types of config-spec, compiled by TypeScript 7. It imports
// the package by name, so it checks dist/*.d.ts (with skipLibCheck off) exactly as users get them.
import {
  asdict,
  configurable,
  ConfigSpecError,
  isConfigSpecError,
  partial,
  registerValue,
  Registry,
  Spec,
  applyOverrides,
  configSchema,
  type Built,
  type ErrorCode,
  type PartialFunction,
} from 'config-spec';
import { registerValueClass } from 'config-spec/class-transformer';

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
function expectTrue<T extends true>(): T | undefined {
  return undefined;
}

interface Param {
  value: number;
}

@configurable('optim')
class Adam {
  constructor(
    public params: Param[],
    public lr = 1e-3,
  ) {}
}

@configurable('models')
class Model {
  readonly size: number;
  constructor({ width, depth }: { width: number; depth: number }) {
    this.size = width * depth;
  }
}

const relu = configurable('nn', function relu(x: number): number {
  return Math.max(0, x);
});

function createModel(numLayers: number, activation: (x: number) => number): Model {
  return new Model({ width: numLayers, depth: activation(1) });
}
configurable('models', createModel);

class Point {
  constructor(
    public x = 0,
    public y = 0,
  ) {}
}
registerValueClass(Point, { name: 'geo:Point' });

class Celsius {
  constructor(readonly degrees: number) {}
}
registerValue<Celsius>('units:Celsius', { is: (v) => v instanceof Celsius, encode: (c) => c.degrees, decode: (d) => new Celsius(d as number) });

const adam = new Spec(Adam, { lr: 1e-3 }).call({}, []).instantiate();
expectTrue<Equal<typeof adam, Adam>>();
const makeAdam = new Spec(Adam, { lr: 1e-3 }).instantiate();
expectTrue<Equal<typeof makeAdam, Built<Adam, false>>>();
expectTrue<Equal<ReturnType<typeof makeAdam>, Adam>>();
const model = new Spec(createModel, { numLayers: 3, activation: new Spec(relu) }).call().instantiate();
expectTrue<Equal<typeof model, Model>>();
const sgd: PartialFunction<Adam> = partial(Adam, { lr: 0.1 });
expectTrue<Equal<ReturnType<typeof sgd>, Adam>>();

new Spec(Model, { width: 3 }).call({ depth: 2 });
// @ts-expect-error -- "widht" is not an option of Model
new Spec(Model, { widht: 3 });
// @ts-expect-error -- width is a number
new Spec(Model, { width: '3' });

const config = asdict({ tx: new Spec(Adam, { lr: 1e-3 }), origin: new Point(1, 2), steps: 1000 });
config.tx.target = 'optim:Adam';
const { config: tree } = applyOverrides(config, ['tx.lr=0.01', 'steps=2000']);
const built = Spec.instantiateFromDict<{ tx: (params: Param[]) => Adam; steps: number }>(tree);
const tx: Adam = built.tx([]);
void tx;
const schema = configSchema({ registry: new Registry() });
void schema;

try {
  Spec.fromDict({ target: 'missing:Thing', __dense_spec__: true });
} catch (error) {
  if (isConfigSpecError(error)) {
    const code: ErrorCode = error.code;
    const path: string = error.path;
    void code;
    void path;
  }
  if (error instanceof ConfigSpecError) void error.cause;
}
