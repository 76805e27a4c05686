// The README Quickstart in a browser app: the package's types without Node's (see tsconfig.json).
import { asdict, configurable, isConfigSpecError, Spec } from 'config-spec';

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
function expectTrue<T extends true>(): T | undefined {
  return undefined;
}

interface Param {
  value: number;
}

@configurable({ namespace: 'optim', runtime: ['params'] })
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

function relu(x: number): number {
  return Math.max(0, x);
}
configurable('nn', relu);

const config = asdict({ tx: new Spec(Adam, { lr: 1e-3 }), steps: 1000 });
config.tx.target = 'optim:Adam';
const makeTx = Spec.instantiateFromDict<(params: Param[]) => Adam>(config.tx);
const tx: Adam = makeTx([{ value: 1 }]);

// The README's `Spec.fromInstance(model).instantiate()` is a Model, without a cast.
const model = new Model({ width: 2, depth: 3 });
const rebuilt = Spec.fromInstance(model).instantiate();
expectTrue<Equal<typeof rebuilt, Model>>();
// A class with runtime parameters: the caller says the spec is a partial.
const txAgain = Spec.fromInstance<Adam, false>(tx).instantiate();
expectTrue<Equal<typeof txAgain, (...args: unknown[]) => Adam>>();

// Browser APIs and the library together: a config shown in the page.
const pre: HTMLPreElement = document.createElement('pre');
pre.textContent = JSON.stringify(asdict(model));
try {
  new Spec(Model, { width: 1, depth: 1 }).call().instantiate();
} catch (error) {
  if (isConfigSpecError(error, 'INSTANTIATION_FAILED')) pre.textContent = error.message;
}
void relu;
