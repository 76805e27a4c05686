import { expect } from 'chai';
import { asdict, configurable, partial as partialOf, Registry, Spec } from '../src/index.js';
import { decoratorMode } from './support/mode.js';
import { thrown } from './support/errors.js';

// The examples of the Python seed library's README (config_spec by Dibya Ghosh, made for the Octo
// robot-foundation-model codebase: github.com/dibyaghosh/config_spec, README.md and the docstrings
// of config_spec/config_spec.py), ported to TypeScript one by one. Python → TypeScript:
//   Spec(f, lr=1e-3)                  → new Spec(f, { lr: 1e-3 })
//   dict(spec) / spec.to_dict()       → spec.toDict() / asdict(spec)
//   Spec.instantiate_from_dict(d)     → Spec.instantiateFromDict(d)
//   spec.partial(a=1) / spec(a=1)     → spec.partial({ a: 1 }) / spec.call({ a: 1 })
//   functools.partial(f, a=1)         → partial(f, { a: 1 })
//   "torch.optim:Adam" (import path)  → "torch.optim:Adam" (a registered name: nothing is imported)

const registry = new Registry();
const opts = { registry };

type Param = number;

// --- stand-ins for torch.optim, torch.nn.functional and the user's model module -----------------

@registry.configurable('torch.optim')
class Adam {
  constructor(
    public params: Param[],
    public lr = 1e-3,
    public betas: [number, number] = [0.9, 0.999],
  ) {}
}

@registry.configurable('torch.optim')
class AdamW {
  constructor(
    public params: Param[],
    public lr = 1e-3,
    public beta1 = 0.9,
    public beta2 = 0.999,
    public weight_decay = 1e-2,
  ) {}
}

const relu = registry.configurable('torch.nn.functional', function relu(x: number): number {
  return Math.max(0, x);
});
const gelu = registry.configurable('torch.nn.functional', function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
});

interface Model {
  num_layers: number;
  activations: (x: number) => number;
  parameters(): Param[];
}

let modelsCreated = 0;
function create_model(num_layers: number, activations: (x: number) => number = relu): Model {
  modelsCreated++;
  const params = Array.from({ length: num_layers }, (_, i) => i + 1);
  return { num_layers, activations, parameters: () => params };
}
registry.configurable('model', create_model);

/** The seed's docstring example function. */
function my_function(arg1: number, arg2: number): { arg1: number; arg2: number } {
  return { arg1, arg2 };
}
registry.configurable('my_module', my_function);

describe(`seed README examples, ported (${decoratorMode})`, () => {
  describe('"What and Why?": the config replaces hand-wired construction', () => {
    // config = asdict({
    //     'tx': Spec(torch.optim.Adam, lr=1e-3),
    //     'model': Spec(create_model, num_layers=3, activations=Spec(torch.nn.functional.relu)),
    // })
    const makeConfig = (): { tx: Record<string, unknown>; model: Record<string, unknown> & { activations: Record<string, unknown> } } =>
      asdict(
        {
          tx: new Spec(Adam, { lr: 1e-3 }, opts),
          model: new Spec(create_model, { num_layers: 3, activations: new Spec(relu, {}, opts) }, opts),
        },
        opts,
      );

    it('asdict gives a fully JSON-serializable dict naming every choice', () => {
      const config = makeConfig();
      expect(config).to.deep.equal({
        tx: { target: 'torch.optim:Adam', lr: 1e-3, __dense_spec__: true },
        model: {
          target: 'model:create_model',
          num_layers: 3,
          activations: { target: 'torch.nn.functional:relu', __dense_spec__: true },
          __dense_spec__: true,
        },
      });
      expect(JSON.parse(JSON.stringify(config))).to.deep.equal(config);
      expect(JSON.stringify(config)).to.equal(
        '{"tx":{"target":"torch.optim:Adam","lr":0.001,"__dense_spec__":true},' +
          '"model":{"target":"model:create_model","num_layers":3,"activations":{"target":"torch.nn.functional:relu","__dense_spec__":true},"__dense_spec__":true}}',
      );
    });

    it('model = Spec.instantiate_from_dict(config["model"])(); tx = …(config["tx"])(model.parameters())', () => {
      const config = makeConfig();
      const model = Spec.instantiateFromDict<() => Model>(config.model, opts)();
      expect(model.num_layers).to.equal(3);
      expect(model.activations).to.equal(relu);
      // "instantiate returns a functools.partial object": here a partial function
      const txFactory = Spec.instantiateFromDict<(params: Param[]) => Adam>(config.tx, opts);
      expect(txFactory).to.be.a('function');
      const tx = txFactory(model.parameters());
      expect(tx).to.be.instanceOf(Adam);
      expect(tx.params).to.deep.equal([1, 2, 3]);
      expect(tx.lr).to.equal(1e-3);
      expect(tx.betas).to.deep.equal([0.9, 0.999]);
    });

    it('"How to modify things?": edit lr, swap Adam for AdamW, add beta1, swap relu for gelu', () => {
      const config = makeConfig();
      const before = JSON.stringify(makeConfig());
      config.tx.lr = 1e-4;
      config.tx.target = 'torch.optim:AdamW';
      config.tx.beta1 = 0.9; // "Add new kwargs easy!"
      config.model.activations.target = 'torch.nn.functional:gelu';

      const model = Spec.instantiateFromDict<() => Model>(config.model, opts)();
      expect(model.activations).to.equal(gelu);
      const tx = Spec.instantiateFromDict<(params: Param[]) => AdamW>(config.tx, opts)(model.parameters());
      expect(tx).to.be.instanceOf(AdamW);
      expect(tx).to.deep.include({ params: [1, 2, 3], lr: 1e-4, beta1: 0.9, beta2: 0.999, weight_decay: 1e-2 });
      // the edited config is still plain JSON, and reading it back gives the edited specs (written
      // back in the canonical key order: the added keyword before the marker)
      const rewritten = asdict<typeof config>(Spec.fromDict(config, opts), opts);
      expect(rewritten).to.deep.equal(config);
      expect(Object.keys(rewritten.tx)).to.deep.equal(['target', 'lr', 'beta1', '__dense_spec__']);
      expect(JSON.stringify(config)).not.to.equal(before);
    });

    it('an edit the new target does not accept is caught when read, at its key, with the valid names', () => {
      const config = makeConfig();
      config.tx.beta1 = 0.8; // Adam has betas, not beta1
      const error = thrown(() => Spec.instantiateFromDict(config, opts));
      expect(error.code).to.equal('UNKNOWN_PARAMETER');
      expect(error.path).to.equal('tx.beta1');
      expect(error.message).to.contain('betas');
    });

    it('a target edited to a name that is not registered is refused (no import by name)', () => {
      const config = makeConfig();
      config.model.activations.target = 'torch.nn.functional:gelu_typo';
      const error = thrown(() => Spec.instantiateFromDict(config, opts));
      expect(error.code).to.equal('UNKNOWN_TARGET');
      expect(error.path).to.equal('model.activations');
      expect(error.message).to.contain('torch.nn.functional:gelu');
    });
  });

  describe('"Basic Usage": a spec and its dict', () => {
    // >>> spec = Spec(torch.optim.Adam, lr=1e-3)
    // <Spec: functools.partial(torch.optim.adam:Adam, lr=0.0001)>
    it('spec = Spec(torch.optim.Adam, lr=1e-3) shows as a partial', () => {
      const spec = new Spec(Adam, { lr: 1e-3 }, opts);
      expect(spec.target).to.equal('torch.optim:Adam');
      expect(spec.called).to.equal(false);
      expect(spec.kwargs).to.deep.equal({ lr: 1e-3 });
      expect(spec.args).to.deep.equal([]);
      expect(spec.toString()).to.equal('<Spec: partial(torch.optim:Adam, lr=0.001)>');
    });

    // >>> d = dict(spec)
    // {'target': "torch.optim.adam:Adam", 'lr': 1e-3, '__dense_spec__': True}
    it('d = dict(spec) is the dense dict: target, flattened keywords, marker last', () => {
      const spec = new Spec(Adam, { lr: 1e-3 }, opts);
      const d = spec.toDict();
      expect(d).to.deep.equal({ target: 'torch.optim:Adam', lr: 1e-3, __dense_spec__: true });
      expect(Object.keys(d)).to.deep.equal(['target', 'lr', '__dense_spec__']);
      expect(asdict(spec, opts)).to.deep.equal(d);
      expect(JSON.stringify(spec)).to.equal(JSON.stringify(d));
    });

    // >>> spec.instantiate() == Spec.instantiate_from_dict(d) == functools.partial(torch.optim.Adam, lr=1e-3)
    it('spec.instantiate() == Spec.instantiate_from_dict(d) == functools.partial(Adam, lr=1e-3)', () => {
      const spec = new Spec(Adam, { lr: 1e-3 }, opts);
      const d = spec.toDict();
      const fromSpec = spec.instantiate() as (params: Param[]) => Adam;
      const fromDict = Spec.instantiateFromDict<(params: Param[]) => Adam>(d, opts);
      const byHand = registry.partial(Adam, { lr: 1e-3 });
      for (const p of [fromSpec, fromDict, byHand] as unknown as { target: string; func: unknown; kwargs: unknown; args: unknown }[]) {
        expect(p.target).to.equal('torch.optim:Adam');
        expect(p.func).to.equal(Adam);
        expect(p.kwargs).to.deep.equal({ lr: 1e-3 });
        expect(p.args).to.deep.equal([]);
      }
      for (const make of [fromSpec, fromDict, byHand as unknown as (params: Param[]) => Adam]) {
        const adam = make([7, 8]);
        expect(adam).to.be.instanceOf(Adam);
        expect(adam).to.deep.include({ params: [7, 8], lr: 1e-3 });
      }
      expect(asdict(fromSpec, opts)).to.deep.equal(d);
      expect(asdict(fromDict, opts)).to.deep.equal(d);
      expect(asdict(byHand, opts)).to.deep.equal(d);
    });

    // "You can create a spec either by using the Spec class, or just directly creating a dictionary
    // with (at least) a target key and a marker key."
    it('a hand-written dict with a target and the marker is a spec', () => {
      const d = { target: 'torch.optim:Adam', lr: 1e-3, __dense_spec__: true };
      const spec = Spec.fromDict<Spec>(d, opts);
      expect(spec).to.be.instanceOf(Spec);
      expect(spec.toDict()).to.deep.equal(d);
      const adam = Spec.instantiateFromDict<(p: Param[]) => Adam>(d, opts)([1]);
      expect(adam.lr).to.equal(1e-3);
      // the minimal dict: a target and the marker
      expect(Spec.instantiateFromDict({ target: 'torch.nn.functional:relu', __dense_spec__: true }, opts)).to.equal(relu);
    });

    it('a dict with a target but without the marker (or with the later "__config_spec__" marker) is plain data', () => {
      const plain = { target: 'torch.optim:Adam', lr: 1e-3 };
      expect(Spec.instantiateFromDict(plain, opts)).to.deep.equal(plain);
      const otherMarker = { target: 'torch.optim:Adam', lr: 1e-3, __config_spec__: true };
      expect(Spec.instantiateFromDict(otherMarker, opts)).to.deep.equal(otherMarker);
      expect(Spec.fromDict(otherMarker, opts)).to.deep.equal(otherMarker);
    });
  });

  describe('"Basic Usage": partials in a config, saved to JSON, loaded later', () => {
    // config = {
    //     'model': functools.partial(create_model, num_layers=3),
    //     'optimizer': functools.partial(torch.optim.Adam, lr=1e-3),
    //     'num_steps': 1000,
    //     'batch_size': 32,
    // } # But this isn't serializable!
    // config = asdict(config)
    // json.dump(config, f) … config = json.load(f)
    // config = Spec.instantiate_from_dict(config)
    const original = (): Record<string, unknown> => ({
      model: registry.partial(create_model, { num_layers: 3 }),
      optimizer: registry.partial(Adam, { lr: 1e-3 }),
      num_steps: 1000,
      batch_size: 32,
    });

    it('the config of partials is not JSON as it is, and asdict makes it JSON', () => {
      const config = original();
      expect(JSON.stringify(config)).not.to.contain('torch.optim:Adam');
      expect(asdict(config, opts)).to.deep.equal({
        model: { target: 'model:create_model', num_layers: 3, __dense_spec__: true },
        optimizer: { target: 'torch.optim:Adam', lr: 1e-3, __dense_spec__: true },
        num_steps: 1000,
        batch_size: 32,
      });
    });

    it('written to JSON text and read back, instantiate_from_dict gives the partials and the plain values', () => {
      const file = JSON.stringify(asdict(original(), opts)); // json.dump
      const created = modelsCreated;
      const loaded = Spec.instantiateFromDict<{
        model: (...rest: unknown[]) => Model;
        optimizer: (params: Param[]) => Adam;
        num_steps: number;
        batch_size: number;
      }>(JSON.parse(file), opts); // json.load + instantiate_from_dict
      expect(modelsCreated).to.equal(created); // partials: nothing built yet
      expect(loaded.num_steps).to.equal(1000);
      expect(loaded.batch_size).to.equal(32);
      const model = loaded.model();
      expect(model.num_layers).to.equal(3);
      expect(model.activations).to.equal(relu); // the default
      const withGelu = loaded.model(gelu); // the first unbound position
      expect(withGelu.activations).to.equal(gelu);
      const tx = loaded.optimizer(model.parameters());
      expect(tx).to.be.instanceOf(Adam);
      expect(tx).to.deep.include({ params: [1, 2, 3], lr: 1e-3 });
      // and the loaded partials write back to the same file
      expect(JSON.stringify(asdict(loaded, opts))).to.equal(file);
    });

    it('the same with the top-level configurable/partial/asdict and the default registry', () => {
      // a namespace of its own: the default registry is shared by every test file of this process
      const make_layers = configurable('h4.seed_readme', function make_layers(num_layers: number, width = 8): number[] {
        return new Array<number>(num_layers).fill(width);
      });
      const config = asdict({ layers: partialOf(make_layers, { num_layers: 3 }), num_steps: 1000 });
      expect(config).to.deep.equal({ layers: { target: 'h4.seed_readme:make_layers', num_layers: 3, __dense_spec__: true }, num_steps: 1000 });
      const loaded = Spec.instantiateFromDict<{ layers: (width?: number) => number[] }>(JSON.parse(JSON.stringify(config)));
      expect(loaded.layers()).to.deep.equal([8, 8, 8]);
      expect(loaded.layers(4)).to.deep.equal([4, 4, 4]);
    });
  });

  describe('the seed module docstring examples', () => {
    // Spec.create(my_function)(arg1=1, arg2=2).instantiate() == my_function(arg1=1, arg2=2)
    it('a called spec builds to the call', () => {
      const spec = new Spec(my_function, {}, opts).call({ arg1: 1, arg2: 2 });
      expect(spec.called).to.equal(true);
      expect(spec.instantiate()).to.deep.equal(my_function(1, 2));
      expect(spec.toDict()).to.deep.equal({ target: 'my_module:my_function', called: true, arg1: 1, arg2: 2, __dense_spec__: true });
      expect(spec.toString()).to.equal('<Spec: my_module:my_function(arg1=1, arg2=2)>');
    });

    // Spec.create(my_function).partial(arg1=1, arg2=2).instantiate() == partial(my_function, arg1=1, arg2=2)
    it('a partial spec builds to a partial', () => {
      const built = new Spec(my_function, {}, opts).partial({ arg1: 1, arg2: 2 }).instantiate();
      expect(built()).to.deep.equal({ arg1: 1, arg2: 2 });
      expect(asdict(built, opts)).to.deep.equal(asdict(registry.partial(my_function, { arg1: 1, arg2: 2 }), opts));
    });

    // Spec.create(my_function).partial(arg1=1, arg2=2) == Spec.create(my_function, arg1=1, arg2=2)
    it('.partial() equals giving the keywords at creation', () => {
      const a = new Spec(my_function, {}, opts).partial({ arg1: 1, arg2: 2 });
      const b = new Spec(my_function, { arg1: 1, arg2: 2 }, opts);
      expect(a.toDict()).to.deep.equal(b.toDict());
      expect(a.kwargs).to.deep.equal(b.kwargs);
    });

    // spec = Spec.create("my_module:my_function", arg1=1, arg2=2)
    it('a spec can be made from the target name', () => {
      const spec = new Spec('my_module:my_function', { arg1: 1, arg2: 2 }, opts);
      expect(spec.target).to.equal('my_module:my_function');
      expect(spec.call().instantiate()).to.deep.equal({ arg1: 1, arg2: 2 });
    });

    // partial adds args and kwargs (functional, not in-place); kwargs merge over, args append
    it('.partial() is functional: the original spec is unchanged; keywords merge over, positions append', () => {
      const base = new Spec(my_function, { arg2: 2 }, opts);
      const more = base.partial({ arg2: 3 });
      expect(base.kwargs).to.deep.equal({ arg2: 2 });
      expect(more.kwargs).to.deep.equal({ arg2: 3 });
      const positional = new Spec(my_function, {}, opts).partial({}, 1).partial({}, 2);
      expect(positional.args).to.deep.equal([1, 2]);
      expect(positional.call().instantiate()).to.deep.equal({ arg1: 1, arg2: 2 });
    });

    // "Cannot call partial on a spec that has already been called"
    it('.partial() or .call() on a called spec is refused', () => {
      const called = new Spec(my_function, { arg1: 1, arg2: 2 }, opts).call();
      for (const run of [() => called.partial({ arg1: 5 }), () => called.call()]) {
        const error = thrown(run);
        expect(error.code).to.equal('INVALID_OVERRIDE');
        expect(error.path).to.equal('');
        expect(error.message).to.contain('my_module:my_function');
      }
    });

    // Spec.from_dict recurses through nested lists / dicts, converting every spec dict to a Spec
    it('from_dict converts spec dicts anywhere in nested lists and dicts', () => {
      const tree = { a: [1, { target: 'my_module:my_function', arg1: 1, __dense_spec__: true }], b: { c: { target: 'torch.optim:Adam', __dense_spec__: true } } };
      const read = Spec.fromDict<{ a: [number, Spec]; b: { c: Spec } }>(tree, opts);
      expect(read.a[0]).to.equal(1);
      expect(read.a[1]).to.be.instanceOf(Spec);
      expect(read.a[1].target).to.equal('my_module:my_function');
      expect(read.b.c.target).to.equal('torch.optim:Adam');
      expect(asdict(read, opts)).to.deep.equal(tree);
    });

    // asdict(o): o is a partial, a Spec, or nested lists / dicts containing them
    it('asdict converts partials, specs and registered functions inside nested containers', () => {
      const tree = [{ opt: registry.partial(AdamW, { lr: 3e-4 }) }, new Spec(relu, {}, opts), gelu, 'text'];
      expect(asdict(tree, opts)).to.deep.equal([
        { opt: { target: 'torch.optim:AdamW', lr: 3e-4, __dense_spec__: true } },
        { target: 'torch.nn.functional:relu', __dense_spec__: true },
        { target: 'torch.nn.functional:gelu', __dense_spec__: true },
        'text',
      ]);
    });
  });
});
