/**
 * Config text in the syntaxes configs are kept in: JSON (with Python's bare `NaN`/`Infinity`), JSONC
 * (comments, trailing commas) and YAML 1.2. JSON and JSONC are read by config-spec's own reader, so
 * they parse synchronously; YAML needs the `yaml` package, which is imported only when YAML is read or
 * written (a dynamic `import()`, so the core's import time and a browser bundle do not grow), and
 * therefore parses asynchronously: `parseConfigText` returns a Promise for YAML.
 */
import { protoKeyError } from './dict-keys.js';
import { ConfigSpecError, type ErrorCode } from './errors.js';
import { parseJsonText, stringifyJsonText, syntaxError, tagNumber, taggedNumber, type NonFiniteStyle } from './json-text.js';
import { child, formatPath, ROOT, type PathNode } from './path.js';
import { classifyData, notPlainData } from './node-kind.js';
import { Ancestors, guardWalk, setOwn } from './tree.js';

/** A syntax config text is written in. */
export type ConfigSyntax = 'json' | 'jsonc' | 'yaml';

/** Options of {@link parseConfigText}. */
export interface ParseTextOptions {
  /** The syntax; default: from `file`'s extension (`.json`, `.jsonc`, `.yaml`/`.yml`), else `'json'`. */
  readonly syntax?: ConfigSyntax;
  /** The file the text came from: names it in errors, and gives the syntax when `syntax` is not set. */
  readonly file?: string;
}

/** Options of {@link stringifyConfig}. */
export interface StringifyOptions {
  /** The syntax to write; default `'json'`. JSONC is written as JSON (which it contains). */
  readonly syntax?: ConfigSyntax;
  /**
   * How non-finite numbers (raw, or tagged `{"__value__": "number", …}`) are written: `'tagged'`
   * as config-spec's tagged numbers (valid JSON), or `'python'` as Python writes them: bare `NaN`,
   * `Infinity`, `-Infinity` in JSON, `.nan`, `.inf`, `-.inf` in YAML. Default: `'tagged'` for JSON,
   * `'python'` for YAML (whose own literals `parseConfigText` reads back as the same values).
   */
  readonly nonFinite?: NonFiniteStyle;
}

const SYNTAXES: readonly ConfigSyntax[] = ['json', 'jsonc', 'yaml'];

/**
 * The syntax of a file by its extension: `.json` → `'json'`, `.jsonc` → `'jsonc'`, `.yaml`/`.yml` →
 * `'yaml'`; `undefined` for any other name.
 */
export function syntaxOfFile(file: string): ConfigSyntax | undefined {
  const match = /\.(json|jsonc|yaml|yml)$/i.exec(file);
  if (match === null) return undefined;
  const extension = (match[1] as string).toLowerCase();
  return extension === 'yml' ? 'yaml' : (extension as ConfigSyntax);
}

function syntaxOf(options: ParseTextOptions | StringifyOptions, file: string | undefined): ConfigSyntax {
  const syntax = options.syntax ?? (file === undefined ? undefined : syntaxOfFile(file)) ?? 'json';
  if (!SYNTAXES.includes(syntax)) {
    throw new ConfigSpecError('INVALID_SPEC_DICT', `syntax ${JSON.stringify(syntax)} is not one of ${SYNTAXES.join(', ')}`);
  }
  return syntax;
}

/**
 * Parses config text into plain data. JSON also takes Python's bare `NaN`, `Infinity` and `-Infinity`
 * outside strings; JSONC also comments and trailing commas; YAML is YAML 1.2 with the core schema.
 * Non-finite numbers become tagged numbers (`{"__value__": "number", "data": "Infinity"}`), which
 * every reader of config-spec understands. Duplicate keys are errors in every syntax; a `__proto__`
 * key stays an own key (and is refused, as everywhere, when the tree is read as a config).
 *
 * Returns the tree for JSON and JSONC, and a Promise of it for YAML (whose parser is loaded on first
 * use); `await parseConfigText(…)` works for all three.
 * @throws ConfigSpecError `INVALID_SPEC_DICT` with `line` and `column` (and the file name in the
 *   message) for a syntax error, a duplicate key or a YAML value that is not plain data; `TOO_DEEP`
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unnecessary-type-parameters -- JSON-like data, any unless narrowed, as JSON.parse (DESIGN §2)
export function parseConfigText<T = any>(text: string, options: ParseTextOptions & { readonly syntax: 'json' | 'jsonc' }): T;
/** YAML: a Promise of the tree (the `yaml` package is loaded on first use). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export function parseConfigText<T = any>(text: string, options: ParseTextOptions & { readonly syntax: 'yaml' }): Promise<T>;
/** The syntax known only from the file name: the tree, or for YAML a Promise of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export function parseConfigText<T = any>(text: string, options?: ParseTextOptions): T | Promise<T>;
export function parseConfigText(text: string, options: ParseTextOptions = {}): unknown {
  // Checked although typed: JavaScript callers can pass anything.
  const given: unknown = text;
  if (typeof given !== 'string') throw new ConfigSpecError('INVALID_SPEC_DICT', `config text must be a string, not ${given === null ? 'null' : typeof given}`);
  const syntax = syntaxOf(options, options.file);
  if (syntax === 'yaml') return loadYaml().then((yaml) => parseYaml(yaml, text, options.file));
  return parseJsonText(text, { file: options.file, comments: syntax === 'jsonc' });
}

/**
 * Writes plain data as config text: JSON (and JSONC) indented by two spaces, or YAML (block style,
 * lists at their key's indentation, as PyYAML and OmegaConf write them). See
 * {@link StringifyOptions.nonFinite} for non-finite numbers.
 *
 * Returns the text for JSON and JSONC, and a Promise of it for YAML (whose writer is loaded on first use).
 * @throws ConfigSpecError `NOT_SERIALIZABLE` for a value that is not plain data or a `__proto__` key;
 *   `CYCLE`, `TOO_DEEP`
 */
export function stringifyConfig(tree: unknown, options: StringifyOptions & { readonly syntax?: 'json' | 'jsonc' }): string;
/** YAML: a Promise of the text. */
export function stringifyConfig(tree: unknown, options: StringifyOptions & { readonly syntax: 'yaml' }): Promise<string>;
/** The syntax known only at run time: the text, or for YAML a Promise of it. */
export function stringifyConfig(tree: unknown, options?: StringifyOptions): string | Promise<string>;
export function stringifyConfig(tree: unknown, options: StringifyOptions = {}): string | Promise<string> {
  const syntax = syntaxOf(options, undefined);
  const nonFinite: unknown = options.nonFinite ?? (syntax === 'yaml' ? 'python' : 'tagged');
  if (nonFinite !== 'tagged' && nonFinite !== 'python') {
    throw new ConfigSpecError('NOT_SERIALIZABLE', `nonFinite must be 'tagged' or 'python', not ${JSON.stringify(String(nonFinite))}`);
  }
  if (syntax !== 'yaml') return `${stringifyJsonText(tree, nonFinite)}\n`;
  // Checked (and non-finite numbers settled) before the writer is loaded: the same errors either way.
  const data = plainForYaml(tree, nonFinite);
  return loadYaml().then((yaml) => {
    const doc = new yaml.Document(data);
    // YAML 1.2 quotes what a 1.2 reader would misread; PyYAML and OmegaConf read YAML 1.1, where
    // `yes`, `off`, `~`, `1_000` or `1:30` are not strings: those are quoted too.
    yaml.visit(doc, {
      Scalar(_, node) {
        if (typeof node.value === 'string' && YAML_11_NOT_STRING.test(node.value)) node.type = 'QUOTE_DOUBLE';
      },
    });
    return doc.toString({ indentSeq: false, lineWidth: 0 });
  });
}

/**
 * Plain scalars a YAML 1.1 reader (PyYAML, OmegaConf) takes for a boolean, null or number (its bool,
 * null, int and float tags, sexagesimal forms included): strings like these are written quoted.
 * @internal
 */
export const YAML_11_NOT_STRING = /^(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE|~|null|Null|NULL|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

type YamlModule = typeof import('yaml');
let yamlModule: Promise<YamlModule> | undefined;

/**
 * The `yaml` package, imported on first use only. A plain dynamic `import()`: it works in Node and in
 * browsers and bundlers alike, where `createRequire` would not.
 */
export function loadYaml(): Promise<YamlModule> {
  return (yamlModule ??= import('yaml'));
}

function parseYaml(yaml: YamlModule, text: string, file: string | undefined): unknown {
  const doc = yaml.parseDocument(text, {
    version: '1.2',
    schema: 'core',
    uniqueKeys: true,
    merge: false,
    // `!!binary`, `!!timestamp`, `!!set` … are not in the core schema: an unresolved tag is an error.
    resolveKnownTags: false,
    prettyErrors: false,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    // The message names the problem; its offset gives the line and column (the cause would repeat it).
    throw syntaxError(`YAML: ${problem.message}`, text, problem.pos[0], { file });
  }
  // Keys must be scalars: a JavaScript object cannot keep a list or a map as a key.
  let complex: { readonly at: number } | undefined;
  yaml.visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !yaml.isScalar(pair.key)) {
        complex = { at: (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0 };
        return yaml.visit.BREAK;
      }
      return undefined;
    },
  });
  if (complex !== undefined) {
    throw syntaxError('a key must be a scalar (a string, number, boolean or null), not a list or a map', text, complex.at, { file });
  }
  // maxAliasCount keeps an alias bomb ("billion laughs") from growing without bound.
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigSpecError('INVALID_SPEC_DICT', `${file === undefined ? '' : `${file}: `}YAML aliases expand too far (more than 100 alias uses per node): refused as a resource exhaustion attack`, { cause: error });
  }
  return fromYamlData(data, file);
}

// The JavaScript value of a YAML document → plain data: non-finite numbers tagged, `__proto__` an own
// key, anything but JSON-like data refused. A node shared through an alias is converted once.
function fromYamlData(data: unknown, file: string | undefined): unknown {
  return copyPlainData(data, {
    code: 'INVALID_SPEC_DICT',
    number: (value) => (Number.isFinite(value) ? value : tagNumber(value)),
    notPlain: (value) => `${file === undefined ? '' : `${file}: `}a YAML value of type ${notPlainData(value)} is not plain data`,
    shared: 'once',
    protoKey: 'keep',
  });
}

// The tree as the YAML writer takes it: checked to be plain data, tagged numbers turned into numbers
// when written in python style (the writer prints .inf, -.inf and .nan).
function plainForYaml(tree: unknown, nonFinite: NonFiniteStyle): unknown {
  return copyPlainData(tree, {
    code: 'NOT_SERIALIZABLE',
    number: (value) => (nonFinite === 'tagged' && (!Number.isFinite(value) || Object.is(value, -0)) ? tagNumber(value) : value),
    notPlain: (value) => `${notPlainData(value)} is not plain data`,
    // Copied at each place: the writer would make a YAML alias of a node met twice.
    shared: 'each place',
    protoKey: 'refuse',
    object: nonFinite === 'python' ? taggedNumber : undefined,
  });
}

/** How {@link copyPlainData} copies. */
interface PlainCopy {
  /** The code of every error, and of anything thrown from inside the data. */
  readonly code: ErrorCode;
  /** A number as it is copied. */
  readonly number: (value: number) => unknown;
  /** The sentence for a value that is not plain data. */
  readonly notPlain: (value: unknown) => string;
  /** A node the input shares: copied `once` (the copies share it too), or at `each place`. */
  readonly shared: 'once' | 'each place';
  /** A `__proto__` key: kept as an own key, or refused. */
  readonly protoKey: 'keep' | 'refuse';
  /** What stands for a whole plain object instead of its copy, when it returns anything but `undefined`. */
  readonly object?: ((value: Record<string, unknown>) => unknown) | undefined;
}

// A copy of plain data (the two YAML walks): scalars kept, numbers as `how` says, containers copied
// with their keys as own data properties, anything else refused with its path.
function copyPlainData(tree: unknown, how: PlainCopy): unknown {
  const ancestors = new Ancestors();
  const done = how.shared === 'once' ? new Map<object, unknown>() : undefined;
  const convert = (value: unknown, path: PathNode | undefined): unknown => {
    const kind = classifyData(value);
    switch (kind) {
      case 'scalar':
        return value;
      case 'number':
        return how.number(value as number);
      case 'other':
        throw new ConfigSpecError(how.code, how.notPlain(value), { path: formatPath(path) });
      default:
        break;
    }
    const container = value as object;
    const seen = done?.get(container);
    if (seen !== undefined) return seen;
    ancestors.enter(container, path);
    let out: unknown;
    if (kind === 'array') out = (value as unknown[]).map((item: unknown, i) => convert(item, child(path, i)));
    else {
      const object = value as Record<string, unknown>;
      out = how.object?.(object);
      if (out === undefined) {
        const copy: Record<string, unknown> = {};
        for (const key of Object.keys(object)) {
          if (key === '__proto__' && how.protoKey === 'refuse') throw protoKeyError(how.code, formatPath(child(path, key)));
          setOwn(copy, key, convert(object[key], child(path, key)));
        }
        out = copy;
      }
    }
    ancestors.leave();
    done?.set(container, out);
    return out;
  };
  return guardWalk(() => convert(tree, ROOT), ancestors, how.code);
}
