// `partial(fn, kwargs)` and `registry.partial`: typed like `new Spec(fn, kwargs)`, returning a
// PartialFunction that calls or constructs to the target's result.
import { configurable, partial, Registry, type PartialFunction } from '../../src/index.js';
import { expectTrue, make, type Equal } from './support.js';

@configurable('optim')
class Sgd {
  constructor(
    public params: number[],
    public lr = 0.1,
  ) {}
}

@configurable('models')
class Block {
  constructor(readonly options: { units: number; dropout?: number }) {}
}

function scale({ factor = 2 }: { factor?: number } = {}): (x: number) => number {
  return (x) => x * factor;
}
configurable('fn', scale);

const sgd = partial(Sgd, { lr: 0.01 });
expectTrue<Equal<typeof sgd, PartialFunction<Sgd>>>();
const called = sgd([1, 2]);
expectTrue<Equal<typeof called, Sgd>>();
const constructed = new sgd([1, 2]);
expectTrue<Equal<typeof constructed, Sgd>>();
expectTrue<Equal<typeof sgd.target, string>>();
expectTrue<Equal<typeof sgd.kwargs, Readonly<Record<string, unknown>>>>();

const scaler = partial(scale, { factor: 3 });
expectTrue<Equal<ReturnType<typeof scaler>, (x: number) => number>>();

const byName = partial('optim:Sgd', { lr: 0.01 });
expectTrue<Equal<typeof byName, PartialFunction>>();
const byNameTyped = partial<Sgd>('optim:Sgd', { lr: 0.01 });
expectTrue<Equal<ReturnType<typeof byNameTyped>, Sgd>>();

partial(Block, { units: 3 });
partial(Block, { options: { units: 3 } });
// @ts-expect-error -- "unit" is not an option of Block
partial(Block, { unit: 3 });
// @ts-expect-error -- units is a number
partial(Block, { units: '3' });
// @ts-expect-error -- "factr" is not an option of scale
partial(scale, { factr: 3 });

// A registry's own partial is typed the same way.
const registry = new Registry();
registry.configurable('models', Block);
const block = registry.partial(Block, { dropout: 0.1 });
expectTrue<Equal<ReturnType<typeof block>, Block>>();
// @ts-expect-error -- "dropot" is not an option of Block
registry.partial(Block, { dropot: 0.1 });

// Positional arguments are not checked against the parameters (they may be specs or be filled later).
partial(Sgd, {}, make<unknown>());
