/**
 * config-spec: turn constructor and function calls into plain JSON configs, and rebuild them by
 * registered name. The whole public API is exported here.
 * @module config-spec
 */
export { configurable, registerValue } from './api.js';
export { asdict } from './asdict.js';
export { autowire } from './autowire.js';
export { type Callable } from './callable.js';
export { type Configurable, type ConfigurableDecorator } from './decorators.js';
export { ConfigSpecError, isConfigSpecError, type ErrorCode, type ErrorDetails, type ValueIssue } from './errors.js';
export { partial, type PartialFunction } from './partial-function.js';
export { defaultRegistry } from './registry.js';
export { type ConfigurableOptions, type RegisteredTarget, type TargetKind } from './registration.js';
export { Registry, Spec } from './methods.js';
export {
  deletePath,
  getPath,
  hasPath,
  mergeConfig,
  setPath,
  type DroppedKeyword,
  type EditOptions,
  type EditResult,
} from './overrides.js';
export { applyOverrides, parseOverride, type OverrideOperation, type ParsedOverride } from './override-grammar.js';
export { type Parameter, type ParameterKind, type Signature } from './signature.js';
export { type DefaultKind } from './param-scan.js';
export { type StandardSchemaV1 } from './standard-schema.js';
export {
  isSpec,
  type Buildable,
  type Built,
  type InstantiateOptions,
  type Kwargs,
  type KwargsOf,
  type ParameterKwargs,
  type SpecDict,
  type SpecOptions,
  type Target,
  type TreeOptions,
} from './spec.js';
export { MAX_DEPTH } from './tree.js';
export { type ValueCodec } from './values.js';
export { configSchema, targetSchema, type JsonSchema, type SchemaOptions } from './schema.js';
export { CONFIG_FORMATS, convertConfig, specFormatsOf, type ConfigFormat, type ConvertOptions } from './config-formats.js';
export { parseConfigText, stringifyConfig, syntaxOfFile, type ConfigSyntax, type ParseTextOptions, type StringifyOptions } from './config-text.js';
export { type NonFiniteStyle } from './json-text.js';
