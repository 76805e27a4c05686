// acorn's reading of a function's parameters: the reference test/param-scan.test.ts holds the scanner
// (src/param-scan.ts) to. It was the library's fallback parser until issue 12 took acorn out of the
// published bundle (import time); acorn is a dev dependency now, used only here.
import { parse, type Node } from 'acorn';
import type { DefaultKind, ScannedParameter, ScannedSource } from '../../src/param-scan.js';

// Function.prototype.toString gives a class, a function, an arrow function or a method (`f(x) {}`,
// `async *f(x) {}`, `[key](x) {}`); each parses in one of these wrappers.
const WRAPPERS: readonly [string, string, (program: Node) => Node | undefined][] = [
  ['(', ')', (program) => statementExpression(program)],
  ['({', '})', (program) => objectMethod(program)],
  ['(class {', '})', (program) => classMethod(program)],
];

function parseFunctionSource(text: string): Node {
  let firstError: unknown;
  for (const [open, close, pick] of WRAPPERS) {
    try {
      // preserveParens: a parenthesized default, `(1)`, is an expression to the scanner too (no literal type).
      const program = parse(`${open}${text}\n${close}`, { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: true, preserveParens: true });
      const node = pick(program);
      if (node !== undefined) return node;
    } catch (error) {
      firstError ??= error;
    }
  }
  throw new Error('the source of this function could not be parsed', { cause: firstError });
}

type AnyNode = Node & Record<string, unknown>;

function onlyExpression(program: Node): AnyNode | undefined {
  const body = (program as AnyNode).body as AnyNode[];
  const expression = body.length === 1 ? (body[0]?.expression as AnyNode | undefined) : undefined;
  // The wrapper's own parentheses.
  return expression?.type === 'ParenthesizedExpression' ? (expression.expression as AnyNode) : expression;
}

function statementExpression(program: Node): Node | undefined {
  const expression = onlyExpression(program);
  const type = expression?.type;
  return type === 'FunctionExpression' || type === 'ArrowFunctionExpression' || type === 'ClassExpression' ? expression : undefined;
}

function objectMethod(program: Node): Node | undefined {
  const object = onlyExpression(program);
  const properties = object?.type === 'ObjectExpression' ? (object.properties as AnyNode[]) : [];
  return onlyFunction(properties);
}

function classMethod(program: Node): Node | undefined {
  const cls = onlyExpression(program);
  const members = cls?.type === 'ClassExpression' ? ((cls.body as AnyNode).body as AnyNode[]) : [];
  return onlyFunction(members);
}

function onlyFunction(members: AnyNode[]): Node | undefined {
  const value = members.length === 1 ? (members[0]?.value as AnyNode | undefined) : undefined;
  return value?.type === 'FunctionExpression' ? value : undefined;
}

function constructorOf(cls: Node): AnyNode[] | undefined {
  const members = ((cls as AnyNode).body as AnyNode).body as AnyNode[];
  const ctor = members.find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
  return ctor === undefined ? undefined : paramsOf(ctor.value as Node);
}

function paramsOf(fn: Node): AnyNode[] {
  return (fn as AnyNode).params as AnyNode[];
}

/**
 * The parameters of a function's source text as acorn reads them: the reference the scanner
 * (src/param-scan.ts) is tested against.
 * @throws Error when the text does not parse in any of the wrappers
 */
export function parseParameters(text: string): ScannedSource {
  const node = parseFunctionSource(text);
  if (node.type === 'ClassExpression' || node.type === 'ClassDeclaration') return { kind: 'class', params: constructorOf(node)?.map(parameterOf) };
  return { kind: 'function', params: paramsOf(node).map(parameterOf) };
}

function parameterOf(node: AnyNode): ScannedParameter {
  let pattern = node;
  let hasDefault = false;
  let defaultKind: DefaultKind | undefined;
  if (pattern.type === 'AssignmentPattern') {
    hasDefault = true;
    defaultKind = defaultKindOf(pattern.right as AnyNode);
    pattern = pattern.left as AnyNode;
  }
  if (pattern.type === 'RestElement') {
    const argument = pattern.argument as AnyNode;
    return { name: argument.type === 'Identifier' ? (argument.name as string) : undefined, shape: 'rest', hasDefault: false, keys: undefined, defaultKind: undefined };
  }
  if (pattern.type === 'Identifier') {
    return { name: pattern.name as string, shape: 'plain', hasDefault, keys: undefined, defaultKind };
  }
  if (pattern.type === 'ObjectPattern') {
    return { name: undefined, shape: 'object', hasDefault, keys: objectPatternKeys(pattern), defaultKind };
  }
  return { name: undefined, shape: 'array', hasDefault, keys: undefined, defaultKind };
}

// The kind of a default value that is a bare literal: what the scanner's #defaultValue reads.
function defaultKindOf(value: AnyNode): DefaultKind | undefined {
  switch (value.type) {
    case 'Literal': {
      const literal: unknown = value.value;
      return typeof literal === 'number' ? 'number' : typeof literal === 'string' ? 'string' : typeof literal === 'boolean' ? 'boolean' : undefined;
    }
    case 'UnaryExpression': {
      const argument = value.argument as AnyNode;
      return (value.operator === '-' || value.operator === '+') && argument.type === 'Literal' && typeof argument.value === 'number' ? 'number' : undefined;
    }
    case 'TemplateLiteral':
      return 'string';
    case 'ArrayExpression':
      return 'array';
    case 'ObjectExpression':
      return 'object';
    default:
      return undefined;
  }
}

function objectPatternKeys(pattern: AnyNode): string[] | undefined {
  const keys: string[] = [];
  for (const property of pattern.properties as AnyNode[]) {
    if (property.type === 'RestElement' || property.computed === true) return undefined;
    const key = property.key as AnyNode;
    if (key.type === 'Identifier') keys.push(key.name as string);
    else if (key.type === 'Literal') keys.push(String(key.value));
    else return undefined;
  }
  return keys;
}
