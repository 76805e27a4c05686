/**
 * The spec dicts of the Python family, next to ours, and `convertConfig` between them:
 *
 * - `'config-spec'`: ours, `{"target": "ns:Name", …, "__dense_spec__": true}`;
 * - `'config_spec'`: Python config_spec 0.0.4/0.0.5, `{"_target_": "mod:Name", "_return_type_": "called",
 *   "_recursive_": false, …}` (partial unless `_return_type_` says called), and 0.0.3's
 *   `{"target": "mod:Name", …, "__config_spec__": true}`;
 * - `'hydra'`: `{"_target_": "mod.Name", "_partial_": true, "_args_": […], "_recursive_": false,
 *   "_convert_": "all"}` (called unless `_partial_` is true);
 * - `'octo'`: Octo's `ModuleSpec` (and config_spec 0.0.1), exactly `{module, name, args, kwargs}`, a partial.
 *
 * Conversion copies plain data and never mutates its input; names are resolved in a registry, so a
 * Python module path must be registered (or aliased) under the name the file uses.
 */
import { isDunder, isEscapedKeyword, MARKER, protoKeyError, RECURSIVE, RESERVED_KEYS } from './dict-keys.js';
import { describeBriefly } from './describe-value.js';
import { classifyData, notPlainData } from './node-kind.js';
import { ConfigSpecError } from './errors.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { REF_KEY } from './refs.js';
import { canonicalName, defaultRegistry, type Registry } from './registry.js';
import { closest } from './suggest.js';
import { Ancestors, guardWalk, isPlainObject } from './tree.js';
import { VALUE_KEY } from './values.js';

/** A spec dict format: ours (`'config-spec'`) or one of the Python family's. */
export type ConfigFormat = 'config-spec' | 'config_spec' | 'hydra' | 'octo';

/** The formats {@link convertConfig} reads and writes, in the order they are described. */
export const CONFIG_FORMATS: readonly ConfigFormat[] = Object.freeze(['config-spec', 'config_spec', 'hydra', 'octo']);

/** Options of {@link convertConfig}. */
export interface ConvertOptions {
  /** The format of the input; `'auto'` (the default) tells each dict's format by its keys. */
  readonly from?: ConfigFormat | 'auto';
  /** The format to write; default `'config-spec'`. */
  readonly to?: ConfigFormat;
  /** Where target names are resolved; default `defaultRegistry`. */
  readonly registry?: Registry;
}

/** One spec read from any format: a canonical target name and its arguments, already converted. */
interface Call {
  readonly target: string;
  readonly args: unknown[];
  readonly kwargs: Record<string, unknown>;
  readonly called: boolean;
  readonly recursive: boolean;
}

// How a dict of each format is told apart. Exported through specFormatsOf for the CLI's warnings.
const CONFIG_SPEC_03_MARKER = '__config_spec__';
const OCTO_KEYS: ReadonlySet<string> = new Set(['module', 'name', 'args', 'kwargs']);
const HYDRA_KEYS: ReadonlySet<string> = new Set(['_target_', '_partial_', '_args_', '_recursive_', '_convert_']);
const CONFIG_SPEC_FIELDS: ReadonlySet<string> = new Set(['_target_', 'args', 'kwargs', '_return_type_', '_recursive_']);
const CONFIG_SPEC_03_FIELDS: ReadonlySet<string> = new Set(['target', 'args', 'kwargs', 'called']);

/** A format whose spec dicts have a marker key and our field names (ours, config_spec 0.0.3). */
interface MarkedDialect {
  readonly marker: string;
  /** The keys that are not keywords. */
  readonly fields: ReadonlySet<string>;
  /** The key of the recursive flag (ours only; it also keeps every other `__x__` key out of the keywords). */
  readonly recursive?: string;
}
const OURS: MarkedDialect = { marker: MARKER, fields: RESERVED_KEYS, recursive: RECURSIVE };
const CONFIG_SPEC_03: MarkedDialect = { marker: CONFIG_SPEC_03_MARKER, fields: new Set([...CONFIG_SPEC_03_FIELDS, CONFIG_SPEC_03_MARKER]) };
const PYTHON_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The one-line description of each reading, used when a dict has two. */
const READING: Readonly<Record<ConfigFormat, string>> = {
  'config-spec': 'config-spec (__dense_spec__)',
  config_spec: 'Python config_spec (_target_ "module:Name")',
  hydra: 'Hydra (_target_ "module.Name")',
  octo: "Octo's ModuleSpec (module, name, args, kwargs)",
};

/**
 * The formats whose spec dict `dict` could be, by its keys alone (no registry needed): none for
 * plain data, one normally, two when the dict is ambiguous. For tools that inspect a config.
 */
export function specFormatsOf(dict: Record<string, unknown>): ConfigFormat[] {
  const formats: ConfigFormat[] = [];
  if (Object.hasOwn(dict, MARKER)) formats.push('config-spec');
  const target = Object.hasOwn(dict, '_target_') ? dict._target_ : undefined;
  if (Object.hasOwn(dict, CONFIG_SPEC_03_MARKER)) formats.push('config_spec');
  else if (target !== undefined) {
    // config_spec writes "module:Name" and `_return_type_`; Hydra dotted names and `_partial_`,
    // `_args_`, `_convert_`. A dict with signs of both has two readings.
    const colon = typeof target === 'string' && target.includes(':');
    const hydraKeys = Object.hasOwn(dict, '_partial_') || Object.hasOwn(dict, '_args_') || Object.hasOwn(dict, '_convert_');
    if (colon || Object.hasOwn(dict, '_return_type_')) formats.push('config_spec');
    if (!colon || hydraKeys) formats.push('hydra');
  }
  if (isOctoShape(dict)) formats.push('octo');
  return formats;
}

function isOctoShape(dict: Record<string, unknown>): boolean {
  const keys = Object.keys(dict);
  return keys.length === 4 && keys.every((key) => OCTO_KEYS.has(key));
}

/**
 * Converts a config tree from one spec dict format to another: every spec dict of format `from`
 * becomes the same call in format `to` (target names resolved in the registry and written in their
 * canonical form), everything else is copied as plain data. The input is never mutated. Tagged
 * values (`{"__value__": …}`) are copied; the Python formats hold only tagged numbers (non-finite
 * ones, which {@link stringifyConfig} can write as Python's bare `NaN`/`Infinity`).
 * @param tree plain data, as read from JSON or YAML
 * @throws ConfigSpecError `INVALID_SPEC_DICT` for a malformed spec dict, or (with `from: 'auto'`) a
 *   dict that reads as two formats; `UNKNOWN_TARGET` for a name that resolves to no registered target
 *   (with the closest one); `NOT_SERIALIZABLE` for what format `to` cannot hold (a value that is not
 *   plain data, a tagged value other than a number, a reference, a keyword or a name it has no way to
 *   write); `CYCLE`, `TOO_DEEP`
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unnecessary-type-parameters -- JSON-like data, any unless narrowed, as JSON.parse (DESIGN §2)
export function convertConfig<T = any>(tree: unknown, options: ConvertOptions = {}): T {
  const from = options.from ?? 'auto';
  const to = options.to ?? 'config-spec';
  if (from !== 'auto' && !CONFIG_FORMATS.includes(from)) throw badFormat('from', from);
  if (!CONFIG_FORMATS.includes(to)) throw badFormat('to', to);
  const converter = new Converter(from, to, options.registry ?? defaultRegistry);
  return guardWalk(() => converter.convert(tree, ROOT, false), converter.ancestors, 'INVALID_SPEC_DICT') as T;
}

function badFormat(option: string, value: unknown): ConfigSpecError {
  const text = typeof value === 'string' ? value : describeBriefly(value);
  return new ConfigSpecError('INVALID_SPEC_DICT', `${option}: ${JSON.stringify(text)} is not a format; formats: ${CONFIG_FORMATS.join(', ')}${option === 'from' ? ', auto' : ''}${typeof value === 'string' ? suggestion(value, CONFIG_FORMATS) : ''}`);
}

function suggestion(name: string, names: Iterable<string>): string {
  const match = closest(name, names);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}

class Converter {
  readonly ancestors = new Ancestors();
  // Each container met → its copy (per verbosity), so a node shared in the input is converted once.
  readonly #done = [new Map<object, unknown>(), new Map<object, unknown>()] as const;

  constructor(readonly from: ConfigFormat | 'auto', readonly to: ConfigFormat, readonly registry: Registry) {}

  /** `verbose`: inside a non-recursive config_spec spec, where Python writes specs in full. */
  convert(value: unknown, path: PathNode | undefined, verbose: boolean): unknown {
    const kind = classifyData(value);
    switch (kind) {
      case 'scalar':
        return value;
      case 'number':
        return Number.isFinite(value) ? value : { [VALUE_KEY]: 'number', data: String(value) };
      case 'other':
        throw new ConfigSpecError('NOT_SERIALIZABLE', `${notPlainData(value, describeBriefly)} is not plain data; convertConfig reads parsed JSON or YAML`, { path: formatPath(path) });
      default:
        break;
    }
    const container = value as object;
    const done = this.#done[verbose ? 1 : 0];
    const seen = done.get(container);
    if (seen !== undefined) return seen;
    this.ancestors.enter(container, path);
    let out: unknown;
    if (kind === 'array') {
      // A loop, not .map(): one stack frame per level of nesting.
      const items: unknown[] = [];
      for (const item of value as unknown[]) items.push(this.convert(item, child(path, items.length), verbose));
      out = items;
    } else out = this.#convertObject(value as Record<string, unknown>, path, verbose);
    this.ancestors.leave();
    done.set(container, out);
    return out;
  }

  #convertObject(dict: Record<string, unknown>, path: PathNode | undefined, verbose: boolean): unknown {
    const format = this.#formatOf(dict, path);
    if (format !== undefined) return this.#write(this.#read(format, dict, path, verbose), path, verbose);
    if (Object.hasOwn(dict, VALUE_KEY)) return this.#copyTagged(dict, path);
    if (Object.hasOwn(dict, REF_KEY) && !(this.from === 'config-spec' && this.to === 'config-spec')) {
      throw new ConfigSpecError('NOT_SERIALIZABLE', this.from === 'config-spec' || this.from === 'auto'
        ? `a reference ("${REF_KEY}") cannot be converted: the ${this.to} format has no shared specs and the paths differ; write the spec out in place`
        : `a plain dict with "${REF_KEY}" would read as a reference in config-spec's format`, { path: formatPath(path) });
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(dict)) {
      if (key === '__proto__') throw protoKeyError('INVALID_SPEC_DICT', formatPath(child(path, key)));
      out[key] = this.convert(dict[key], child(path, key), verbose);
    }
    // Plain data must stay plain data in the format it is written to.
    const readings = specFormatsOf(out).filter((format) => format === this.to);
    if (readings.length > 0) {
      throw new ConfigSpecError('NOT_SERIALIZABLE', `this plain dict would read as a spec in the ${this.to} format (${READING[this.to]}); that format cannot write it as data`, { path: formatPath(path) });
    }
    return out;
  }

  // Which format's spec dict this is, if any; with 'auto', refuses a dict with two readings.
  #formatOf(dict: Record<string, unknown>, path: PathNode | undefined): ConfigFormat | undefined {
    if (this.from !== 'auto') {
      switch (this.from) {
        case 'config-spec':
          return Object.hasOwn(dict, MARKER) ? 'config-spec' : undefined;
        case 'config_spec':
          return Object.hasOwn(dict, '_target_') || Object.hasOwn(dict, CONFIG_SPEC_03_MARKER) ? 'config_spec' : undefined;
        case 'hydra':
          return Object.hasOwn(dict, '_target_') ? 'hydra' : undefined;
        case 'octo':
          return isOctoShape(dict) ? 'octo' : undefined;
      }
    }
    const formats = specFormatsOf(dict);
    if (formats.length > 1) {
      const readings = formats.map((format) => READING[format]).join(' and as ');
      throw new ConfigSpecError('INVALID_SPEC_DICT', `this dict reads both as ${readings}; pass from: '${formats[0] as string}' or from: '${formats[1] as string}' (or remove the other format's keys)`, { path: formatPath(path) });
    }
    return formats[0];
  }

  #read(format: ConfigFormat, dict: Record<string, unknown>, path: PathNode | undefined, verbose: boolean): Call {
    switch (format) {
      case 'config-spec':
        return this.#readMarked(OURS, dict, path, verbose);
      case 'config_spec':
        return Object.hasOwn(dict, CONFIG_SPEC_03_MARKER) ? this.#readMarked(CONFIG_SPEC_03, dict, path, verbose) : this.#readConfigSpec(dict, path, verbose);
      case 'hydra':
        return this.#readHydra(dict, path, verbose);
      case 'octo':
        return this.#readOcto(dict, path, verbose);
    }
  }

  // Ours and config_spec 0.0.3's: a marker that must be true; target, args, called and keywords
  // flattened; the others under kwargs. Ours adds `__recursive__` and keeps `__x__` keys for itself.
  #readMarked(dialect: MarkedDialect, dict: Record<string, unknown>, path: PathNode | undefined, verbose: boolean): Call {
    const { marker } = dialect;
    if (dict[marker] !== true) throw invalid(`"${marker}" must be true`, path, marker, dict[marker]);
    const fields = new Fields(this, dict, path, verbose);
    const target = fields.string('target');
    const args = fields.array('args');
    const called = fields.boolean('called', false);
    const recursive = dialect.recursive === undefined ? true : fields.boolean(dialect.recursive, true);
    for (const key of Object.keys(dict)) {
      if (dialect.fields.has(key)) continue;
      if (dialect.recursive !== undefined && isDunder(key)) throw invalid(`"${key}" is not a key of a spec dict; a keyword with this name goes under "kwargs"`, path, key);
      fields.keyword(key, dict[key], child(path, key));
    }
    fields.escapedKeywords('kwargs');
    return fields.call({ target: this.registry.lookup(target, formatPath(child(path, 'target'))).name, args, called, recursive });
  }

  #readConfigSpec(dict: Record<string, unknown>, path: PathNode | undefined, verbose: boolean): Call {
    const fields = new Fields(this, dict, path, verbose);
    const target = fields.string('_target_');
    const args = fields.array('args');
    const returnType = Object.hasOwn(dict, '_return_type_') ? dict._return_type_ : 'partial';
    if (returnType !== 'partial' && returnType !== 'called') throw invalid('"_return_type_" must be "partial" or "called"', path, '_return_type_', returnType);
    const recursive = fields.boolean('_recursive_', true);
    for (const key of Object.keys(dict)) if (!CONFIG_SPEC_FIELDS.has(key)) fields.keyword(key, dict[key], child(path, key));
    fields.escapedKeywords('kwargs');
    // config_spec turns "a.b.C" into "a.b:C" itself; any other split is tried as for Hydra.
    const name = target.includes(':') ? this.registry.lookup(target, formatPath(child(path, '_target_'))).name : this.#resolveDotted(target, child(path, '_target_'));
    return fields.call({ target: name, args, called: returnType === 'called', recursive });
  }

  #readHydra(dict: Record<string, unknown>, path: PathNode | undefined, verbose: boolean): Call {
    const fields = new Fields(this, dict, path, verbose);
    const target = fields.string('_target_');
    const args = fields.array('_args_');
    const partial = fields.boolean('_partial_', false);
    const recursive = fields.boolean('_recursive_', true);
    // `_convert_` decides how OmegaConf containers reach a Python target; JavaScript has no such
    // containers, so it is checked and dropped.
    if (Object.hasOwn(dict, '_convert_') && typeof dict._convert_ !== 'string') throw invalid('"_convert_" must be a string (none, partial, object or all)', path, '_convert_', dict._convert_);
    for (const key of Object.keys(dict)) if (!HYDRA_KEYS.has(key)) fields.keyword(key, dict[key], child(path, key));
    const name = this.#resolveDotted(target, child(path, '_target_'));
    return fields.call({ target: name, args, called: !partial, recursive, argsKey: '_args_' });
  }

  #readOcto(dict: Record<string, unknown>, path: PathNode | undefined, verbose: boolean): Call {
    const fields = new Fields(this, dict, path, verbose);
    const module = fields.string('module');
    const name = fields.string('name');
    const args = fields.array('args');
    if (!isPlainObject(dict.kwargs)) throw invalid('"kwargs" must be an object of keyword arguments', path, 'kwargs', dict.kwargs);
    fields.escapedKeywords('kwargs');
    return fields.call({ target: this.#resolveDotted(`${module}.${name}`, child(path, 'module')), args, called: false, recursive: true });
  }

  /**
   * A Python dotted path (`a.b.C`, `a.b.C.method`) → the registered target: each split point is tried
   * from the right (`a.b:C`, then `a:b.C`), then the whole name (an alias registered as `a.b.C`).
   */
  #resolveDotted(dotted: string, path: PathNode | undefined): string {
    if (dotted.includes(':')) return this.registry.lookup(dotted, formatPath(path)).name;
    const parts = dotted.split('.');
    const tried: string[] = [];
    for (let split = parts.length - 1; split >= 1; split--) {
      const name = `${parts.slice(0, split).join('.')}:${parts.slice(split).join('.')}`;
      const found = canonicalName(this.registry, name);
      if (found !== undefined) return found;
      tried.push(name);
    }
    const whole = canonicalName(this.registry, dotted);
    if (whole !== undefined) return whole;
    tried.push(dotted);
    const dottedNames = new Map<string, string>();
    for (const [name, entry] of this.registry.entries()) {
      dottedNames.set(name.replace(':', '.'), name);
      for (const alias of entry.aliases) dottedNames.set(alias.replace(':', '.'), alias);
    }
    const match = closest(dotted, dottedNames.keys());
    const hint = match === undefined ? '' : `; did you mean "${match}" (registered as "${dottedNames.get(match) as string}")?`;
    throw new ConfigSpecError('UNKNOWN_TARGET', `no target is registered as "${dotted}" (tried ${tried.map((name) => `"${name}"`).join(', ')})${hint}`, { path: formatPath(path), target: dotted });
  }

  #copyTagged(tag: Record<string, unknown>, path: PathNode | undefined): unknown {
    if (this.to !== 'config-spec' && tag[VALUE_KEY] !== 'number') {
      throw new ConfigSpecError('NOT_SERIALIZABLE', `a tagged ${typeof tag[VALUE_KEY] === 'string' ? `"${tag[VALUE_KEY]}"` : 'value'} cannot be written in the ${this.to} format, which holds only JSON data (and non-finite numbers)`, { path: formatPath(path) });
    }
    // Copied as data: the tag's own reader checks it when the config is read.
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(tag)) {
      if (key === '__proto__') throw protoKeyError('INVALID_SPEC_DICT', formatPath(child(path, key)));
      out[key] = this.#copyData(tag[key], child(path, key));
    }
    return out;
  }

  // A tag's data: JSON copied as it is (no spec detection inside).
  #copyData(value: unknown, path: PathNode | undefined): unknown {
    if (typeof value !== 'object' || value === null) return this.convert(value, path, false);
    this.ancestors.enter(value, path);
    let out: unknown;
    if (Array.isArray(value)) out = value.map((item, i) => this.#copyData(item, child(path, i)));
    else if (isPlainObject(value)) {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        if (key === '__proto__') throw protoKeyError('INVALID_SPEC_DICT', formatPath(child(path, key)));
        copy[key] = this.#copyData(value[key], child(path, key));
      }
      out = copy;
    } else out = this.convert(value, path, false);
    this.ancestors.leave();
    return out;
  }

  #write(call: Call, path: PathNode | undefined, verbose: boolean): Record<string, unknown> {
    switch (this.to) {
      case 'config-spec':
        return writeOurs(call);
      case 'config_spec':
        return writeConfigSpec(call, pythonName(call.target, this.registry, path, this.to), verbose);
      case 'hydra':
        return writeHydra(call, pythonName(call.target, this.registry, path, this.to), path);
      case 'octo':
        return writeOcto(call, pythonName(call.target, this.registry, path, this.to), path);
    }
  }
}

/** What {@link Fields.call} is told: the call read from a spec dict, its arguments not yet converted. */
interface ReadCall {
  /** The canonical target name. */
  readonly target: string;
  readonly args: unknown[] | undefined;
  readonly called: boolean;
  readonly recursive: boolean;
  /** The key the format writes positional arguments under (`args`, Hydra's `_args_`), for their paths. */
  readonly argsKey?: string;
}

/** Reads the fields of one spec dict, converting its arguments on the way. */
class Fields {
  readonly args: unknown[] = [];
  readonly kwargs: Record<string, unknown> = {};
  readonly #paths = new Map<string, PathNode>();

  /** `verbose`: the spec sits under a non-recursive config_spec spec. */
  constructor(readonly converter: Converter, readonly dict: Record<string, unknown>, readonly path: PathNode | undefined, readonly verbose: boolean) {}

  string(key: string): string {
    const value = this.dict[key];
    if (!Object.hasOwn(this.dict, key)) throw invalid(`a spec dict needs "${key}"`, this.path, undefined);
    if (typeof value !== 'string') throw invalid(`"${key}" must be a string`, this.path, key, value);
    return value;
  }

  array(key: string): unknown[] | undefined {
    if (!Object.hasOwn(this.dict, key)) return undefined;
    const value = this.dict[key];
    if (!Array.isArray(value)) throw invalid(`"${key}" must be an array of positional arguments`, this.path, key, value);
    return value as unknown[];
  }

  boolean(key: string, otherwise: boolean): boolean {
    if (!Object.hasOwn(this.dict, key)) return otherwise;
    const value = this.dict[key];
    if (typeof value !== 'boolean') throw invalid(`"${key}" must be a boolean`, this.path, key, value);
    return value;
  }

  keyword(name: string, value: unknown, at: PathNode): void {
    if (name === '__proto__') throw protoKeyError('INVALID_SPEC_DICT', formatPath(at), { as: 'keyword' });
    if (Object.hasOwn(this.kwargs, name)) throw invalid(`keyword "${name}" is given twice, flattened and under "kwargs"`, at, undefined);
    this.kwargs[name] = value;
    this.#paths.set(name, at);
  }

  escapedKeywords(key: string): void {
    if (!Object.hasOwn(this.dict, key)) return;
    const value = this.dict[key];
    if (!isPlainObject(value)) throw invalid(`"${key}" must be an object of keyword arguments`, this.path, key, value);
    const at = child(this.path, key);
    for (const name of Object.keys(value)) this.keyword(name, value[name], child(at, name));
  }

  /** The call, its arguments converted in order (positional first, as references count them). */
  call(read: ReadCall): Call {
    const { target, called, recursive } = read;
    // config_spec 0.0.5 writes everything under a non-recursive spec in its verbose form.
    const verbose = this.converter.to === 'config_spec' && (this.verbose || !recursive);
    const convertedArgs = (read.args ?? []).map((item, i) => this.converter.convert(item, child(child(this.path, read.argsKey ?? 'args'), i), verbose));
    const kwargs: Record<string, unknown> = {};
    for (const name of Object.keys(this.kwargs)) kwargs[name] = this.converter.convert(this.kwargs[name], this.#paths.get(name), verbose);
    return { target, args: convertedArgs, kwargs, called, recursive };
  }
}

function invalid(message: string, path: PathNode | undefined, key: string | undefined, value?: unknown): ConfigSpecError {
  const got = key === undefined || value === undefined ? '' : `, got ${describeBriefly(value)}`;
  return new ConfigSpecError('INVALID_SPEC_DICT', `${message}${got}`, { path: formatPath(key === undefined ? path : child(path, key)) });
}

function writeOurs(call: Call): Record<string, unknown> {
  const out: Record<string, unknown> = { target: call.target };
  if (call.args.length > 0) out.args = call.args;
  if (call.called) out.called = true;
  let escaped: Record<string, unknown> | undefined;
  for (const name of Object.keys(call.kwargs)) {
    if (isEscapedKeyword(name)) (escaped ??= {})[name] = call.kwargs[name];
    else out[name] = call.kwargs[name];
  }
  if (escaped !== undefined) out.kwargs = escaped;
  if (!call.recursive) out[RECURSIVE] = false;
  out[MARKER] = true;
  return out;
}

/** The module and name a Python library imports for `target`: `module:Name`. */
interface PythonName {
  readonly module: string;
  readonly name: string;
}

// The canonical name when it is a Python import path, else the first alias that is one.
function pythonName(target: string, registry: Registry, path: PathNode | undefined, format: ConfigFormat): PythonName {
  const entry = registry.lookup(target);
  for (const candidate of [entry.name, ...entry.aliases]) {
    const colon = candidate.indexOf(':');
    if (colon < 0) continue;
    const module = candidate.slice(0, colon);
    const name = candidate.slice(colon + 1);
    if (PYTHON_PATH.test(module) && PYTHON_PATH.test(name)) return { module, name };
  }
  throw new ConfigSpecError('NOT_SERIALIZABLE', `"${target}" is not a Python import path "module:Name", which the ${format} format needs; register the target under its Python module as namespace, or add an alias such as "torch.optim.adam:Adam"`, { path: formatPath(path), target });
}

function writeConfigSpec(call: Call, python: PythonName, verbose: boolean): Record<string, unknown> {
  const target = `${python.module}:${python.name}`;
  const returnType = call.called ? 'called' : 'partial';
  // config_spec 0.0.5 writes the specs under a non-recursive one with dataclasses.asdict: every field.
  if (verbose) return { _target_: target, args: call.args, kwargs: call.kwargs, _return_type_: returnType, _recursive_: call.recursive };
  // The dense form, in the order Python's _densify_spec_dict leaves the keys.
  const out: Record<string, unknown> = { _target_: target };
  if (call.args.length > 0) out.args = call.args;
  if (call.called) out._return_type_ = 'called';
  if (!call.recursive) out._recursive_ = false;
  let escaped: Record<string, unknown> | undefined;
  for (const name of Object.keys(call.kwargs)) {
    if (CONFIG_SPEC_FIELDS.has(name)) (escaped ??= {})[name] = call.kwargs[name];
    else out[name] = call.kwargs[name];
  }
  if (escaped !== undefined) out.kwargs = escaped;
  return out;
}

function writeHydra(call: Call, python: PythonName, path: PathNode | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { _target_: `${python.module}.${python.name}` };
  if (!call.called) out._partial_ = true;
  if (call.args.length > 0) out._args_ = call.args;
  for (const name of Object.keys(call.kwargs)) {
    if (HYDRA_KEYS.has(name)) throw new ConfigSpecError('NOT_SERIALIZABLE', `Hydra has no way to pass a keyword named "${name}" (it is one of its own keys)`, { path: formatPath(child(path, name)), target: call.target });
    out[name] = call.kwargs[name];
  }
  if (!call.recursive) out._recursive_ = false;
  return out;
}

function writeOcto(call: Call, python: PythonName, path: PathNode | undefined): Record<string, unknown> {
  const refuse = (why: string): ConfigSpecError => new ConfigSpecError('NOT_SERIALIZABLE', `Octo's ModuleSpec ${why}`, { path: formatPath(path), target: call.target });
  if (call.called) throw refuse('is always a partial: a called spec cannot be written');
  if (!call.recursive) throw refuse('has no recursive flag: a non-recursive spec cannot be written');
  if (python.name.includes('.')) throw refuse(`imports getattr(module, name): "${python.name}" cannot be found that way`);
  return { module: python.module, name: python.name, args: call.args, kwargs: call.kwargs };
}
