// What `new Spec(...)` is typed as: called specs build to the target's result, partial ones to a
// function returning it, and keyword arguments are checked where TypeScript can know the names.
import { configurable, Spec, type Built, type SpecDict } from '../../src/index.js';
import { expectTrue, make, type Equal } from './support.js';

interface Param {
  value: number;
}

@configurable('optim')
class Adam {
  constructor(
    public params: Param[],
    public lr = 1e-3,
    public betas: [number, number] = [0.9, 0.999],
  ) {}
}

// A destructured options object: its keys are the only keyword names, and TypeScript knows them.
@configurable('models')
class Model {
  readonly size: number;
  constructor({ width, depth }: { width: number; depth: number }) {
    this.size = width * depth;
  }
}

// The same options, optional and with defaults.
@configurable('models')
class Layer {
  constructor(
    readonly options: { units?: number; activation?: (x: number) => number; name?: string } = {},
  ) {}
}

@configurable('models')
class Trainer {
  constructor({ model, optimizer, layers, steps }: { model: Model; optimizer: (params: Param[]) => Adam; layers: Layer[]; steps: number }) {
    void model;
    void optimizer;
    void layers;
    void steps;
  }
}

@configurable('util')
class Clock {
  readonly now = 0;
}

const relu = configurable('nn', function relu(x: number): number {
  return Math.max(0, x);
});

function createModel(numLayers: number, activation: (x: number) => number): { numLayers: number; activation: (x: number) => number } {
  return { numLayers, activation };
}
configurable('models', createModel);

function makeModel({ width = 1, depth = 1 }: { width?: number; depth?: number } = {}): Model {
  return new Model({ width, depth });
}
configurable('models', makeModel);

// --- Called specs build to exactly the target's result -------------------------------------------

expectTrue<Equal<ReturnType<Spec<Adam, true>['instantiate']>, Adam>>();
const adamCalled = new Spec(Adam, { lr: 1e-3 }).call();
expectTrue<Equal<ReturnType<typeof adamCalled.instantiate>, Adam>>();
const adam = new Spec(Adam, { lr: 1e-3 }).call().instantiate();
expectTrue<Equal<typeof adam, Adam>>();
expectTrue<Equal<typeof adamCalled.called, true>>();
const adamCalledOption = new Spec(Adam, { lr: 1e-3 }, { called: true }).instantiate();
expectTrue<Equal<typeof adamCalledOption, Adam>>();
const model = new Spec(Model, { width: 3, depth: 2 }).call().instantiate();
expectTrue<Equal<typeof model, Model>>();
const clock = new Spec(Clock).call().instantiate();
expectTrue<Equal<typeof clock, Clock>>();

// Functions build to their return type.
const built = new Spec(createModel, { numLayers: 3, activation: new Spec(relu) }).call().instantiate();
expectTrue<Equal<typeof built, { numLayers: number; activation: (x: number) => number }>>();
const fromFactory = new Spec(makeModel, { width: 4 }).call().instantiate();
expectTrue<Equal<typeof fromFactory, Model>>();
const squared = new Spec(relu, {}, { args: [3], called: true }).instantiate();
expectTrue<Equal<typeof squared, number>>();

// --- Partial specs build to a function returning the result --------------------------------------

const adamPartial = new Spec(Adam, { lr: 1e-3 }).instantiate();
expectTrue<Equal<typeof adamPartial, (...args: unknown[]) => Adam>>();
expectTrue<Equal<typeof adamPartial, Built<Adam, false>>>();
expectTrue<Equal<ReturnType<typeof adamPartial>, Adam>>();
const fromPartial = new Spec(Adam).partial({ lr: 0.1 }).instantiate();
expectTrue<Equal<typeof fromPartial, (...args: unknown[]) => Adam>>();
const optimizer: Adam = fromPartial([make<Param>()]);
void optimizer;
const modelPartial = new Spec(Model, { width: 3 }).partial({ depth: 2 }).instantiate();
expectTrue<Equal<ReturnType<typeof modelPartial>, Model>>();
const factoryPartial = new Spec(makeModel).instantiate();
expectTrue<Equal<typeof factoryPartial, (...args: unknown[]) => Model>>();

// A partial is not the result, and the result is not a function.
// @ts-expect-error -- a partial spec builds to a function, not to an Adam
const notAdam: Adam = new Spec(Adam).instantiate();
// @ts-expect-error -- a called spec builds to an Adam, not to a function
const notPartial: () => Adam = new Spec(Adam).call().instantiate();
void notAdam;
void notPartial;

// `called` known only at run time: either.
const maybeCalled = new Spec(Adam, {}, { called: make<boolean>() }).instantiate();
expectTrue<Equal<typeof maybeCalled, Adam | ((...args: unknown[]) => Adam)>>();

// --- The spec's own type ---------------------------------------------------------------------------

const spec = new Spec(Model, { width: 3 });
expectTrue<Equal<typeof spec.called, false>>();
expectTrue<Equal<typeof spec.target, string>>();
const annotated: Spec<Model> = spec;
const annotatedCalled: Spec<Model, true> = spec.call({ depth: 2 });
const anySpec: Spec<unknown, boolean> = annotatedCalled;
void annotated;
void anySpec;
// @ts-expect-error -- a partial spec is not a called one
const wrongCalled: Spec<Model, true> = spec;
// @ts-expect-error -- a spec of Model does not build an Adam
const wrongResult: Spec<Adam> = spec;
void wrongCalled;
void wrongResult;

// A registered name: untyped unless told.
const byName = new Spec('optim:Adam', { lr: 1e-3, anything: 'goes' });
expectTrue<Equal<typeof byName, Spec<unknown>>>();
const byNameTyped = new Spec<Adam, true>('optim:Adam', { lr: 1e-3 }, { called: true }).instantiate();
expectTrue<Equal<typeof byNameTyped, Adam>>();

// Specs read from dicts and instances.
// The README's `Spec.fromInstance(model).instantiate()` is the instance's type, without a cast.
const fromInstance = Spec.fromInstance(adam);
expectTrue<Equal<typeof fromInstance, Spec<Adam, true>>>();
expectTrue<Equal<ReturnType<typeof fromInstance.instantiate>, Adam>>();
const rebuilt: Adam = Spec.fromInstance(adam).instantiate();
void rebuilt;
// A class with `runtime` parameters gives a partial spec, which the caller states.
const fromRuntimeInstance = Spec.fromInstance<Adam, false>(adam);
expectTrue<Equal<ReturnType<typeof fromRuntimeInstance.instantiate>, (...args: unknown[]) => Adam>>();
expectTrue<Equal<ReturnType<typeof spec.toDict>, SpecDict>>();

// --- Keyword names: checked where TypeScript knows them --------------------------------------------

// A destructured options object: its keys are known.
// @ts-expect-error -- "widht" is not an option of Model
new Spec(Model, { widht: 3 });
// @ts-expect-error -- a misspelt key next to a correct one
new Spec(Model, { width: 3, depht: 2 });
// @ts-expect-error -- a misspelt key in .partial()
new Spec(Model).partial({ widht: 3 });
// @ts-expect-error -- a misspelt key in .call()
new Spec(Model, { width: 3 }).call({ detph: 2 });
// @ts-expect-error -- optional options are checked the same way
new Spec(Layer, { unit: 3 });
// @ts-expect-error -- and those of a factory function
new Spec(makeModel, { widht: 3 });
// Correct keys, any subset (the rest may come later, or from defaults).
new Spec(Model, { width: 3 });
new Spec(Model, {}).partial({ width: 3 }).call({ depth: 2 });
new Spec(Layer);
new Spec(Layer, { units: 3, name: undefined });
new Spec(makeModel, { width: 3, depth: 2 });

// The whole options object bound by its parameter's name (any name: TypeScript does not know it).
new Spec(Layer, { options: { units: 3 } });
new Spec(Layer, { options: { units: 3, activation: new Spec(relu) } });
new Spec(relu, { x: new Spec(relu, { x: 2 }).call() });
// @ts-expect-error -- neither an option key nor a whole options object
new Spec(Layer, { options: 3 });

// Several positional parameters: TypeScript does not know their names, so any name is accepted
// here and checked when the spec is created (UNKNOWN_PARAMETER).
new Spec(Adam, { lr: 1e-3, betas: [0.9, 0.99] });
new Spec(Adam, { lrr: 1e-3 });
new Spec(createModel, { numLayers: 3 });

// No parameters: no keywords.
new Spec(Clock);
new Spec(Clock, {});
// @ts-expect-error -- Clock takes no keyword arguments
new Spec(Clock, { now: 1 });

// --- Keyword values: checked where TypeScript knows the parameter ---------------------------------

// @ts-expect-error -- width is a number
new Spec(Model, { width: 'wide' });
// @ts-expect-error -- a spec that builds an Adam is not a number
new Spec(Model, { width: new Spec(Adam).call() });
// @ts-expect-error -- a partial spec builds a function, not a Model
new Spec(Trainer, { model: new Spec(Model) });
// @ts-expect-error -- a single non-object parameter: every keyword binds it, so it must be a number
new Spec(relu, { x: 'three' });
// @ts-expect-error -- activation is a function, not a string
new Spec(Layer, { activation: 'relu' });
new Spec(relu, { x: 3 });

// Values that build into the right type: specs, partial specs of functions, spec dicts, and
// containers of them.
new Spec(Trainer, {
  model: new Spec(Model, { width: 3, depth: 2 }).call(),
  optimizer: new Spec(Adam, { lr: 1e-3 }),
  layers: [new Spec(Layer, { units: 4, activation: new Spec(relu) }).call(), new Layer()],
  steps: 1000,
});
new Spec(Trainer, { model: { target: 'models:Model', width: 3, depth: 2, __dense_spec__: true } });
new Spec(Trainer, { model: new Model({ width: 1, depth: 1 }), optimizer: (params: Param[]) => new Adam(params) });
// @ts-expect-error -- an array element that builds the wrong type
new Spec(Trainer, { layers: [new Spec(Model).call()] });

// Keyword arguments built at run time (untyped) still fit targets whose names TypeScript cannot know.
const dynamic: Record<string, unknown> = { lr: 0.1 };
new Spec(Adam, dynamic);
new Spec(Adam).partial(dynamic).call(dynamic);
new Spec('optim:Adam', dynamic);
new Spec(Model, dynamic);
// An explicit result type skips the keyword check (P is then unknown).
new Spec<Model>(Model, { anything: 'goes' });

// Issue 14: a sole non-destructured options parameter (TF.js's `dense(args)`) takes its keys flat in
// the types, as at run time (test/third-party.test.ts builds the same calls).
interface DenseArgs {
  units: number;
  activation?: string;
}
function dense(args: DenseArgs): DenseArgs {
  return args;
}
configurable('tf.layers', dense);
const denseBuilt = new Spec(dense, { units: 3, activation: 'relu' }).call().instantiate();
expectTrue<Equal<typeof denseBuilt, DenseArgs>>();
new Spec(dense, { args: { units: 3 } });
// @ts-expect-error -- "unitz" is not a key of DenseArgs
new Spec(dense, { unitz: 3 });
// @ts-expect-error -- units must be a number (or build into one)
new Spec(dense, { units: 'three' });
