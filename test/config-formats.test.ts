import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertConfig, parseConfigText, Registry, Spec, specFormatsOf, type ConfigFormat } from '../src/index.js';
import { expectError } from './support/errors.js';
import { describeBuilt, describeOctoBuilt, Head, pythonModels } from './support/python-models.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'test', 'fixtures', 'python-configs'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find test/fixtures/python-configs');
    dir = up;
  }
  return dir;
}

const FIXTURES = join(repoRoot(), 'test', 'fixtures', 'python-configs');

/** A file written by the Python libraries (see the folder's README), parsed. */
async function pythonFile(name: string): Promise<unknown> {
  return parseConfigText<unknown>(readFileSync(join(FIXTURES, name), 'utf8'), { file: name });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

// Hydra's `_convert_` is read and dropped (JavaScript has no OmegaConf containers), so a written file
// equals Python's without it.
function withoutConvert(tree: unknown): unknown {
  if (Array.isArray(tree)) return tree.map(withoutConvert);
  if (typeof tree !== 'object' || tree === null) return tree;
  return Object.fromEntries(Object.entries(tree).filter(([key]) => key !== '_convert_').map(([key, value]) => [key, withoutConvert(value)]));
}

const options = { registry: pythonModels };

describe('convertConfig', () => {
  describe('configs written by the Python libraries (test/fixtures/python-configs)', () => {
    const cases = ['optimizer', 'nested_model', 'called_positional', 'positional_args', 'bare_function'];
    const folders: readonly (readonly [string, ConfigFormat, string])[] = [
      ['config_spec-0.0.5', 'config_spec', 'json'],
      ['config_spec-0.0.3', 'config_spec', 'json'],
      ['hydra-1.3.5', 'hydra', 'json'],
      ['hydra-1.3.5', 'hydra', 'yaml'],
      ['octo-modulespec', 'octo', 'json'],
    ];
    for (const name of cases) {
      it(`${name}: every format's file converts to the same config-spec dict, with from: 'auto' and with its own format`, async () => {
        const found = folders.filter(([folder, , ext]) => existsSync(join(FIXTURES, folder, `${name}.${ext}`)));
        expect(found.length).to.be.greaterThan(0);
        const ours = await Promise.all(found.map(async ([folder, format, ext]) => {
          const tree = await pythonFile(join(folder, `${name}.${ext}`));
          const auto = convertConfig<unknown>(tree, options);
          expect(convertConfig(tree, { ...options, from: format })).to.deep.equal(auto);
          return auto;
        }));
        for (const other of ours.slice(1)) expect(other).to.deep.equal(ours[0]);
        // Octo has only partials; config_spec's and Hydra's agree on called/partial.
        expect(Spec.fromDict(ours[0], options)).to.be.instanceOf(Spec);
      });
    }

    it('the training config: config_spec 0.0.5, 0.0.3, Hydra YAML and Hydra JSON convert to one config-spec tree', async () => {
      const trees = await Promise.all(['config_spec-0.0.5/training.json', 'config_spec-0.0.3/training.json', 'hydra-1.3.5/training.yaml', 'hydra-1.3.5/training.json'].map(pythonFile));
      const ours = trees.map((tree) => convertConfig<unknown>(tree, options));
      for (const other of ours.slice(1)) expect(other).to.deep.equal(ours[0]);
      const config = ours[0] as Record<string, Record<string, unknown>>;
      expect(config.trainer?.max_grad_norm).to.deep.equal({ __value__: 'number', data: 'Infinity' });
      expect(config.op?.kwargs).to.deep.equal({ target: 'conv', args: [3, 3], kwargs: { padding: 'same' } });
      expect(config.lr_schedule?.called).to.equal(true);
      expect(config.optimizer?.called).to.equal(undefined);
    });

    it('the training config: TypeScript twins of the Python targets build what config_spec and Hydra built', async () => {
      const expected = await pythonFile('built/training.config_spec.json');
      expect(await pythonFile('built/training.hydra.json')).to.deep.equal(expected);
      for (const file of ['config_spec-0.0.5/training.json', 'config_spec-0.0.3/training.json', 'hydra-1.3.5/training.yaml', 'hydra-1.3.5/training.json']) {
        const built = Spec.instantiateFromDict<Record<string, unknown>>(convertConfig(await pythonFile(file), options), options);
        expect(describeBuilt(built), file).to.deep.equal(expected);
      }
    });

    it("the training config: Octo's partials build what Octo's ModuleSpec built", async () => {
      const built = Spec.instantiateFromDict<Record<string, unknown>>(convertConfig(await pythonFile('octo-modulespec/training.json'), options), options);
      expect(describeOctoBuilt(built)).to.deep.equal(await pythonFile('built/training.octo.json'));
    });

    const written: readonly (readonly [ConfigFormat, string, ((tree: unknown) => unknown)?])[] = [
      ['config_spec', 'config_spec-0.0.5/training.json'],
      ['config_spec', 'config_spec-0.0.5/non_recursive.json'],
      ['config_spec', 'config_spec-0.0.5/called_positional.json'],
      ['config_spec', 'config_spec-0.0.5/nested_model.json'],
      ['hydra', 'hydra-1.3.5/training.yaml', withoutConvert],
      ['hydra', 'hydra-1.3.5/non_recursive.yaml'],
      ['hydra', 'hydra-1.3.5/optimizer.yaml'],
      ['hydra', 'hydra-1.3.5/called_positional.json'],
      ['octo', 'octo-modulespec/training.json'],
      ['octo', 'octo-modulespec/nested_model.json'],
    ];
    for (const [format, file, adjust] of written) {
      it(`TypeScript writes ${file} as the Python library did (key order aside)`, async () => {
        const python = await pythonFile(file);
        const ours = convertConfig(python, options);
        const back = convertConfig(ours, { ...options, from: 'config-spec', to: format });
        expect(back).to.deep.equal(adjust === undefined ? python : adjust(python));
      });
    }

    it('config_spec writes the specs under a non-recursive one in their verbose form, as 0.0.5 does', async () => {
      const ours = convertConfig(await pythonFile('hydra-1.3.5/non_recursive.yaml'), options);
      expect(ours).to.deep.equal({ target: 'models:Head', called: true, encoder_spec: { target: 'models:Encoder', features: [8, 16], __dense_spec__: true }, out_dim: 7, __recursive__: false, __dense_spec__: true });
      const head = Spec.instantiateFromDict<Head>(ours, options);
      expect(head.encoder_spec).to.deep.equal({ target: 'models:Encoder', features: [8, 16], __dense_spec__: true });
      // Python's called Head: its partial Encoder in full, args and kwargs and all.
      expect(convertConfig(ours, { ...options, from: 'config-spec', to: 'config_spec' })).to.deep.equal({
        _target_: 'models:Head', _return_type_: 'called', _recursive_: false, out_dim: 7,
        encoder_spec: { _target_: 'models:Encoder', args: [], kwargs: { features: [8, 16] }, _return_type_: 'partial', _recursive_: true },
      });
    });
  });

  describe('reading', () => {
    it('never mutates its input and copies plain data', () => {
      const input = deepFreeze({ a: { _target_: 'models.relu', _partial_: true }, data: { x: [1, { y: 2 }] } });
      const out = convertConfig<Record<string, Record<string, unknown>>>(input, options);
      expect(out.data).to.deep.equal(input.data);
      expect(out.data).not.to.equal(input.data);
      expect(out.data?.x).not.to.equal(input.data.x);
    });

    it('Hydra: called by default, _partial_ makes a partial, _args_ positional, _recursive_, _convert_ dropped', () => {
      expect(convertConfig({ _target_: 'models.cosine_schedule', _args_: [1, 2], _recursive_: false, _convert_: 'all', alpha: 0.5 }, options)).to.deep.equal({
        target: 'models:cosine_schedule', args: [1, 2], called: true, alpha: 0.5, __recursive__: false, __dense_spec__: true,
      });
      expect(convertConfig({ _target_: 'models.relu', _partial_: true }, options)).to.deep.equal({ target: 'models:relu', __dense_spec__: true });
    });

    it("Hydra: keywords named like ours' reserved keys go under kwargs; `args` is a keyword in Hydra", () => {
      expect(convertConfig({ _target_: 'models.make_op', target: 't', args: [1], called: true, __x__: 1 }, { ...options, from: 'hydra' })).to.deep.equal({
        target: 'models:make_op', called: true, kwargs: { target: 't', args: [1], called: true, __x__: 1 }, __dense_spec__: true,
      });
    });

    it('Hydra: a dotted name is tried at each split point from the right, then whole (an alias)', () => {
      const registry = new Registry();
      class C {
        static make(): C {
          return new C();
        }
      }
      registry.register(C, { namespace: 'a.b', name: 'C' });
      registry.register(C.make.bind(C), { namespace: 'a.b', name: 'C.make', params: [] });
      const fn = (): number => 1;
      registry.register(fn, { namespace: 'x', name: 'y.z' });
      registry.register((): number => 2, { name: 'solo', aliases: ['p.q.R'] });
      registry.register((): number => 3, { namespace: 'torch.optim', name: 'Adam', aliases: ['torch.optim.adam:Adam'] });
      const target = (name: string): unknown => convertConfig<{ target: string }>({ _target_: name }, { registry }).target;
      expect(target('a.b.C')).to.equal('a.b:C');
      expect(target('a.b.C.make')).to.equal('a.b:C.make');
      expect(target('x.y.z')).to.equal('x:y.z');
      expect(target('p.q.R')).to.equal('solo');
      expect(target('torch.optim.adam.Adam')).to.equal('torch.optim:Adam');
      expect(target('torch.optim.Adam')).to.equal('torch.optim:Adam');
    });

    it('config_spec 0.0.5: _return_type_, _recursive_, escaped keywords under kwargs, the verbose form, a dotted target', () => {
      expect(convertConfig({ _target_: 'models:make_op', _return_type_: 'called', scale: 2, kwargs: { target: 't', args: [1], kwargs: {} } }, options)).to.deep.equal({
        target: 'models:make_op', called: true, scale: 2, kwargs: { target: 't', args: [1], kwargs: {} }, __dense_spec__: true,
      });
      expect(convertConfig({ _target_: 'models:relu', args: [], kwargs: {}, _return_type_: 'partial', _recursive_: true }, options)).to.deep.equal({ target: 'models:relu', __dense_spec__: true });
      expect(convertConfig({ _target_: 'models.relu', _return_type_: 'partial' }, { ...options, from: 'config_spec' })).to.deep.equal({ target: 'models:relu', __dense_spec__: true });
    });

    it('config_spec 0.0.3: target, called, kwargs and the __config_spec__ marker', () => {
      expect(convertConfig({ target: 'models:make_op', called: true, scale: 1, kwargs: { target: 'x' }, __config_spec__: true }, options)).to.deep.equal({
        target: 'models:make_op', called: true, scale: 1, kwargs: { target: 'x' }, __dense_spec__: true,
      });
      expectError(() => convertConfig({ target: 'models:relu', __config_spec__: 1 }, options), 'INVALID_SPEC_DICT', '__config_spec__');
    });

    it('config-spec to config-spec: keeps references and tagged values, refuses a bad marker', () => {
      const tree = { a: { target: 'models:relu', __dense_spec__: true }, b: { __ref__: 'a' }, c: { __value__: 'bigint', data: '1' } };
      expect(convertConfig(tree, { ...options, from: 'config-spec' })).to.deep.equal(tree);
      expectError(() => convertConfig({ target: 'models:relu', __dense_spec__: 'yes' }, options), 'INVALID_SPEC_DICT', '__dense_spec__');
      expectError(() => convertConfig({ target: 'models:relu', __bad__: 1, __dense_spec__: true }, options), 'INVALID_SPEC_DICT', '__bad__');
    });

    it("Octo: exactly module, name, args, kwargs, nested ones converted; anything else is data", () => {
      const octo = { module: 'models', name: 'create_model', args: [2], kwargs: { activation: { module: 'models', name: 'gelu', args: [], kwargs: {} } } };
      expect(convertConfig(octo, options)).to.deep.equal({ target: 'models:create_model', args: [2], activation: { target: 'models:gelu', __dense_spec__: true }, __dense_spec__: true });
      const data = { module: 'models', name: 'x', args: [] };
      expect(convertConfig(data, options)).to.deep.equal(data);
      expectError(() => convertConfig({ module: 'models', name: 'gelu', args: {}, kwargs: {} }, { ...options, from: 'octo' }), 'INVALID_SPEC_DICT', 'args');
      expectError(() => convertConfig({ module: 'models', name: 'gelu', args: [], kwargs: [] }, { ...options, from: 'octo' }), 'INVALID_SPEC_DICT', 'kwargs');
    });

    it('an explicit `from` reads only that format; other formats\' dicts are data', () => {
      const hydra = { _target_: 'models.relu' };
      expect(convertConfig({ x: hydra }, { ...options, from: 'octo' })).to.deep.equal({ x: hydra });
      expect(convertConfig({ x: hydra }, { ...options, from: 'config-spec' })).to.deep.equal({ x: hydra });
    });

    it("'auto' refuses a dict with two readings, naming both", () => {
      for (const dict of [
        { _target_: 'models:relu', _partial_: true },
        { _target_: 'models.relu', _return_type_: 'called' },
        { target: 'models:relu', __dense_spec__: true, __config_spec__: true },
      ]) {
        const error = expectError(() => convertConfig({ at: [dict] }, options), 'INVALID_SPEC_DICT', 'at[0]');
        expect(error.message).to.match(/reads both as .* and as /);
      }
      expect(specFormatsOf({ _target_: 'models:relu', _partial_: true })).to.deep.equal(['config_spec', 'hydra']);
      expect(specFormatsOf({ plain: 1 })).to.deep.equal([]);
    });

    it('UNKNOWN_TARGET with the path and the closest registered name', () => {
      const hydra = expectError(() => convertConfig({ model: { _target_: 'models.creat_model' } }, options), 'UNKNOWN_TARGET', 'model._target_');
      expect(hydra.message).to.contain('did you mean "models.create_model" (registered as "models:create_model")');
      const cs = expectError(() => convertConfig({ m: { _target_: 'models:creat_model' } }, options), 'UNKNOWN_TARGET', 'm._target_');
      expect(cs.message).to.contain('models:create_model');
      expectError(() => convertConfig({ module: 'nowhere', name: 'x', args: [], kwargs: {} }, options), 'UNKNOWN_TARGET', 'module');
      expectError(() => convertConfig({ target: 'models:nope', __dense_spec__: true }, options), 'UNKNOWN_TARGET', 'target');
      expectError(() => convertConfig({ _target_: 'zzz' }, { registry: new Registry() }), 'UNKNOWN_TARGET', '_target_');
    });

    it('malformed fields are INVALID_SPEC_DICT at their path', () => {
      const cases: readonly (readonly [unknown, string])[] = [
        [{ _target_: 5 }, '_target_'],
        [{ _target_: 'models.relu', _partial_: 'yes' }, '_partial_'],
        [{ _target_: 'models.relu', _args_: 1 }, '_args_'],
        [{ _target_: 'models.relu', _convert_: 1 }, '_convert_'],
        [{ _target_: 'models:relu', _return_type_: 'now' }, '_return_type_'],
        [{ _target_: 'models:relu', kwargs: [] }, 'kwargs'],
        [{ _target_: 'models:relu', x: 1, kwargs: { x: 2 } }, 'kwargs.x'],
        [{ __dense_spec__: true }, ''],
        [JSON.parse('{"_target_": "models.relu", "__proto__": 1}'), '__proto__'],
        [JSON.parse('{"data": {"__proto__": 1}}'), 'data.__proto__'],
      ];
      for (const [tree, path] of cases) expectError(() => convertConfig(tree, { ...options, from: 'auto' }), 'INVALID_SPEC_DICT', path);
      expectError(() => convertConfig({ _target_: 5 }, { ...options, from: 'hydra' }), 'INVALID_SPEC_DICT', '_target_');
    });

    it('bad format names are errors with the closest one', () => {
      const error = expectError(() => convertConfig({}, { from: 'hydro' as ConfigFormat }), 'INVALID_SPEC_DICT');
      expect(error.message).to.contain('did you mean "hydra"');
      expectError(() => convertConfig({}, { to: 'json' as ConfigFormat }), 'INVALID_SPEC_DICT');
      expectError(() => convertConfig({}, { to: 5 as unknown as ConfigFormat }), 'INVALID_SPEC_DICT');
    });

    it('non-finite numbers become tagged numbers; values that are not plain data are refused', () => {
      expect(convertConfig({ a: [NaN, -Infinity] })).to.deep.equal({ a: [{ __value__: 'number', data: 'NaN' }, { __value__: 'number', data: '-Infinity' }] });
      expectError(() => convertConfig({ a: [1n] }), 'NOT_SERIALIZABLE', 'a[0]');
      expectError(() => convertConfig({ a: new Map() }), 'NOT_SERIALIZABLE', 'a');
      expectError(() => convertConfig({ a: () => 1 }), 'NOT_SERIALIZABLE', 'a');
    });

    it('converts a node shared many times once (a deep DAG stays linear), and reports cycles', () => {
      let node: unknown = { _target_: 'models.relu', _partial_: true };
      for (let i = 0; i < 60; i++) node = { left: node, right: node };
      const out = convertConfig<{ left: unknown; right: unknown }>(node, options);
      expect(out.left).to.equal(out.right);
      const cycle: Record<string, unknown> = {};
      cycle.self = [cycle];
      expectError(() => convertConfig(cycle), 'CYCLE', 'self[0]');
    });
  });

  describe('writing', () => {
    const ours = { target: 'models:cosine_schedule', args: [1], called: true, alpha: { __value__: 'number', data: 'NaN' }, __dense_spec__: true };

    it('writes each format, with tagged numbers kept for stringifyConfig', () => {
      expect(convertConfig(ours, { ...options, to: 'hydra' })).to.deep.equal({ _target_: 'models.cosine_schedule', _args_: [1], alpha: { __value__: 'number', data: 'NaN' } });
      expect(convertConfig(ours, { ...options, to: 'config_spec' })).to.deep.equal({ _target_: 'models:cosine_schedule', args: [1], _return_type_: 'called', alpha: { __value__: 'number', data: 'NaN' } });
      expect(convertConfig({ ...ours, called: false }, { ...options, to: 'octo' })).to.deep.equal({ module: 'models', name: 'cosine_schedule', args: [1], kwargs: { alpha: { __value__: 'number', data: 'NaN' } } });
    });

    it('config_spec: keywords named like its fields go under kwargs', () => {
      const op = { target: 'models:make_op', kwargs: { target: 't', args: [], kwargs: {} }, _recursive_: 1, __dense_spec__: true };
      expect(convertConfig(op, { ...options, to: 'config_spec' })).to.deep.equal({ _target_: 'models:make_op', target: 't', kwargs: { args: [], kwargs: {}, _recursive_: 1 } });
    });

    it('NOT_SERIALIZABLE for what a format cannot hold, with the path', () => {
      const to = (format: ConfigFormat) => ({ ...options, from: 'config-spec' as const, to: format });
      expectError(() => convertConfig({ a: { __value__: 'Date', data: null } }, to('hydra')), 'NOT_SERIALIZABLE', 'a');
      expectError(() => convertConfig({ a: { target: 'models:relu', __dense_spec__: true }, b: { __ref__: 'a' } }, to('config_spec')), 'NOT_SERIALIZABLE', 'b');
      expectError(() => convertConfig({ a: { target: 'models:make_op', kwargs: { _partial_: 1 }, __dense_spec__: true } }, to('hydra')), 'NOT_SERIALIZABLE', 'a._partial_');
      expectError(() => convertConfig({ a: { ...ours } }, to('octo')), 'NOT_SERIALIZABLE', 'a');
      expectError(() => convertConfig({ a: { target: 'models:relu', __recursive__: false, __dense_spec__: true } }, to('octo')), 'NOT_SERIALIZABLE', 'a');
      // Plain data that the target format would read as a spec.
      expectError(() => convertConfig({ a: { _target_: 'x' } }, to('hydra')), 'NOT_SERIALIZABLE', 'a');
      expectError(() => convertConfig({ a: { module: 'm', name: 'n', args: [], kwargs: {} } }, { ...options, from: 'hydra', to: 'octo' }), 'NOT_SERIALIZABLE', 'a');
      expectError(() => convertConfig({ a: { __ref__: 'x' } }, { ...options, from: 'hydra' }), 'NOT_SERIALIZABLE', 'a');
    });

    it('a target name that is not a Python import path: its first alias that is one, else NOT_SERIALIZABLE', () => {
      const registry = new Registry();
      registry.register((): number => 1, { name: 'adam', aliases: ['torch.optim.adam:Adam'] });
      registry.register((): number => 2, { name: 'lonely' });
      registry.register((): number => 3, { namespace: 'my-ns', name: 'f' });
      class K {
        static build(): number {
          return 4;
        }
      }
      registry.register(K.build.bind(K), { namespace: 'models', name: 'K.build', params: [] });
      expect(convertConfig({ target: 'adam', __dense_spec__: true }, { registry, to: 'hydra' })).to.deep.equal({ _target_: 'torch.optim.adam.Adam', _partial_: true });
      expectError(() => convertConfig({ x: { target: 'lonely', __dense_spec__: true } }, { registry, to: 'config_spec' }), 'NOT_SERIALIZABLE', 'x');
      expectError(() => convertConfig({ target: 'my-ns:f', __dense_spec__: true }, { registry, to: 'hydra' }), 'NOT_SERIALIZABLE');
      expect(convertConfig({ target: 'models:K.build', __dense_spec__: true }, { registry, to: 'hydra' })).to.deep.equal({ _target_: 'models.K.build', _partial_: true });
      expectError(() => convertConfig({ target: 'models:K.build', __dense_spec__: true }, { registry, to: 'octo' }), 'NOT_SERIALIZABLE');
    });

    it('round trip: config-spec → each format → config-spec gives the same tree', async () => {
      const tree = convertConfig(await pythonFile('config_spec-0.0.5/training.json'), options);
      for (const format of ['config_spec', 'hydra'] as const) {
        expect(convertConfig(convertConfig(tree, { ...options, to: format }), { ...options, from: format })).to.deep.equal(tree);
      }
    });
  });
});
