// The rest of the public API's types: `any` only where data comes from or goes to dicts (as
// JSON.parse), narrowed by a type parameter; registration returns what it was given.
import {
  asdict,
  ConfigSpecError,
  configurable,
  isConfigSpecError,
  isSpec,
  Registry,
  Spec,
  applyOverrides,
  type EditResult,
  type ErrorCode,
  type SpecDict,
} from '../../src/index.js';
import { expectTrue, make, type Equal } from './support.js';

// Registration returns the function or class unchanged, with its own type.
function lerp(a: number, b: number, t = 0.5): number {
  return a + (b - a) * t;
}
const registered = configurable('math', lerp);
expectTrue<Equal<typeof registered, typeof lerp>>();
const registeredWithOptions = configurable({ namespace: 'math', name: 'lerp2', params: ['a', 'b', 't?'] }, lerp);
expectTrue<Equal<typeof registeredWithOptions, typeof lerp>>();
const inRegistry = new Registry().configurable('math', lerp);
expectTrue<Equal<typeof inRegistry, typeof lerp>>();

// A decorated class keeps its type, statics and constructor under both decorator modes.
@configurable({ namespace: 'data', aliases: ['OldLoader'], runtime: ['source'] })
class Loader {
  static readonly kind = 'loader';
  constructor(
    readonly source: string[],
    readonly batch = 32,
  ) {}
  @configurable()
  static fromText(text: string): Loader {
    return new Loader(text.split('\n'));
  }
}
expectTrue<Equal<typeof Loader.kind, 'loader'>>();
expectTrue<Equal<ConstructorParameters<typeof Loader>, [source: string[], batch?: number]>>();
const fromStatic = new Spec(Loader.fromText, {}, { args: ['a\nb'], called: true }).instantiate();
expectTrue<Equal<typeof fromStatic, Loader>>();

// Data to and from dicts: `any` by default, narrowed by a type parameter.
const tree = { loader: new Spec(Loader, { batch: 8 }), steps: 10 };
const dict = asdict(tree);
expectTrue<Equal<typeof dict, any>>();
const typedDict = asdict<{ loader: SpecDict; steps: number }>(tree);
expectTrue<Equal<typeof typedDict.loader, SpecDict>>();
const read = Spec.fromDict(dict);
expectTrue<Equal<typeof read, any>>();
const readTyped = Spec.fromDict<{ loader: Spec<Loader> }>(dict);
expectTrue<Equal<typeof readTyped.loader, Spec<Loader>>>();
const builtTree = Spec.instantiate(tree);
expectTrue<Equal<typeof builtTree, any>>();
const builtTyped = Spec.instantiateFromDict<{ loader: (source: string[]) => Loader }>(dict);
expectTrue<Equal<ReturnType<typeof builtTyped.loader>, Loader>>();

// Specs are recognised by isSpec.
const value = make<unknown>();
if (isSpec(value)) expectTrue<Equal<typeof value, Spec<unknown, boolean>>>();

// Errors: a closed set of codes.
const error = make<unknown>();
if (isConfigSpecError(error, 'UNKNOWN_TARGET')) {
  expectTrue<Equal<typeof error.code, ErrorCode>>();
  expectTrue<Equal<typeof error.path, string>>();
}
expectTrue<Equal<typeof ConfigSpecError.prototype.code, ErrorCode>>();
// @ts-expect-error -- not an error code
new ConfigSpecError('NOT_A_CODE', 'message');

// Editing keeps the config's type.
const edited = applyOverrides({ steps: 10 }, ['steps=20']);
expectTrue<Equal<typeof edited, EditResult<{ steps: number }>>>();
