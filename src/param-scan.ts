/**
 * The reader of parameter lists from function source text (Function.prototype.toString): the names,
 * shapes, defaults and object-pattern keys of a function's, arrow function's or method's parameters,
 * and of a class's own constructor. It is the library's only source reader: the published bundle
 * carries no JavaScript parser (acorn cost ~2 ms of every import, issue 12), and
 * test/param-scan.test.ts holds it to acorn's reading on real and generated code.
 *
 * It never guesses. It reads every form Function.prototype.toString gives (`function`, `async`,
 * generators, arrow functions, methods with any key — names, strings, numbers, `[computed]`,
 * `#private`, `get`/`set`/`async`/`*` — and classes, with any heritage and any members before the
 * constructor), with Unicode and escaped names, and tokenizes all of the text it passes over exactly:
 * strings, templates, comments, numbers, and regular expressions told from divisions by the token
 * before the `/` (after an expression's end a division, after an operator or `return`-like keyword a
 * regular expression; a `)` is followed by a regular expression only when it ends an `if`/`while`/
 * `for`/`with` head, and a `}` only when it ends a block statement or an arrow function's body). Outside
 * strings, templates, comments and regular expressions every bracket is a real bracket, so the nesting
 * it follows is the nesting a parser sees.
 *
 * Where the text alone does not decide, it gives up with the reason (the caller reports
 * SIGNATURE_UNAVAILABLE asking for explicit `params`): a `/` after the `}` of a function or class body,
 * an object literal after `:` or `return` and the like (a function or class expression is followed by a
 * division, a declaration by a regular expression), after `++`/`--`, or after `yield`, `await` or `of`
 * (keywords in some places, names in others); HTML-like comments (`<!--`, `-->`); decorators (`@`, not
 * run natively by Node); and in a class body, a field whose initializer calls a function named
 * `constructor` at its top level. Text that is not JavaScript (unterminated or unbalanced) is unreadable too.
 * @internal
 */

/**
 * What a default value is when it is nothing but a literal: `1e-3`, `-1` → number; `'x'` or a
 * template → string; `true` → boolean; `[…]` → array; `{…}` → object. A value's type is inferred
 * from it (see value-types.ts); any other default (`null`, a name, a call, `1 + 2`) gives none.
 */
export type DefaultKind = 'number' | 'string' | 'boolean' | 'array' | 'object';

/** One parameter as acorn's AST would describe it (see signature.ts). */
export interface ScannedParameter {
  /** The name of a plain parameter or of a rest parameter's identifier; `undefined` for patterns. */
  readonly name: string | undefined;
  readonly shape: 'plain' | 'rest' | 'object' | 'array';
  readonly hasDefault: boolean;
  /** The keys an object pattern names; `undefined` when it has a `...rest` (or is no object pattern). */
  readonly keys: string[] | undefined;
  /** The kind of literal its default value is, when it is one. */
  readonly defaultKind: DefaultKind | undefined;
}

/** A function's parameters, or a class's own constructor's (`undefined` when it has none). */
export type ScannedSource =
  | { readonly kind: 'function'; readonly params: ScannedParameter[] }
  | { readonly kind: 'class'; readonly params: ScannedParameter[] | undefined };

/** Where and why the scanner gave up: the text is in a form it does not read exactly. */
export interface Unreadable {
  readonly kind: 'unreadable';
  /** What could not be read, e.g. `a "/" after "++" (a regular expression or a division)`. */
  readonly reason: string;
  /** The offset in the text where it gave up. */
  readonly offset: number;
}

/**
 * The parameters of the function whose source (Function.prototype.toString) is `text`, or where and
 * why the text is not in a form this scanner reads exactly (see the module comment).
 */
export function scanParameters(text: string): ScannedSource | Unreadable {
  const quick = quickScan(text);
  if (quick !== undefined) return quick;
  try {
    return new Scanner(text).source();
  } catch (error) {
    if (error instanceof Unsure) return { kind: 'unreadable', reason: error.reason, offset: error.offset };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The quick reader: a handful of sticky regular expressions for the plainest forms (a class whose
// body starts with its constructor, `function`, arrow and method heads; parameters that are names,
// flat object patterns and rest names; defaults that are literals, names or flat `[…]`/`{…}`). It
// runs first because the scanner below mostly runs cold, in a fresh process registering its classes,
// where its character loops cost ~20 µs a class and a native regular expression match a fraction of
// that (issue 10). Anything else, including every comment, string escape, bracket inside a default
// and non-ASCII character, makes it answer `undefined`, and the scanner reads the text as before.

// White space as the scanner skips it (no comments: the reader gives up on `/`).
const WS = '[\\t\\n\\v\\f\\r ]*';
const NAME = '[A-Za-z_$][A-Za-z0-9_$]*';
const NOT_NAME_PART = '(?![A-Za-z0-9_$])';
// Inside a flat `[…]` or `{…}`: no brackets, strings, templates, `/` (comments, regular expressions),
// escapes, `<` / `>` (HTML-like comments, arrows), `@` or `#`.
const FLAT = '[^{}()\\[\\]\'"`/\\\\<>@#]*';
// `class [Name] [extends a.b.c] { constructor(`: only right after the body's `{` is `constructor(`
// certainly the constructor. A heritage of `class`, `function` or `new` would bring braces of its own.
const QUICK_CLASS = new RegExp(
  `class${NOT_NAME_PART}(?:${WS}(?!extends${NOT_NAME_PART})${NAME})?(?:${WS}extends${WS}(?!(?:class|function|new)${NOT_NAME_PART})${NAME}(?:${WS}\\.${WS}${NAME})*)?${WS}\\{${WS}constructor${WS}\\(`,
  'y',
);
// `[async] function [*] [name](`, `[async] (`, `name(` (a method): everything up to the `(`.
const QUICK_FUNCTION = new RegExp(`(?:async${WS})?(?:function${WS}(?:\\*${WS})?)?(?:${NAME}${WS})?\\(`, 'y');
// A default value the reader understands: a number, a string without escapes, a template without
// substitutions, `true`/`false`/another name or dotted name, a flat array or object literal.
const QUICK_DEFAULT = `[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|'[^'\\\\\\n\\r]*'|"[^"\\\\\\n\\r]*"|\`[^\`\\\\$]*\`|${NAME}(?:${WS}\\.${WS}${NAME})*|\\[${FLAT}\\]|\\{${FLAT}\\}`;
// The `)` that ends the list (after `(` or a trailing comma), or one parameter and the `,` or `)`
// after it: `...name`, `name`, or a flat object pattern; a default. One match per parameter.
const QUICK_PARAM = new RegExp(`${WS}(?:(\\))|(?:\\.\\.\\.${WS}(${NAME})|(${NAME})|\\{(${FLAT})\\})${WS}(?:=${WS}(${QUICK_DEFAULT})${WS})?([,)]))`, 'y');
// One property of a flat object pattern: `key`, `key = value`, `key: name`, `key: name = value`, `...name`.
const QUICK_PROPERTY = new RegExp(`^${WS}(?:\\.\\.\\.${WS}${NAME}|(${NAME})(?:${WS}:${WS}${NAME})?(?:${WS}=[^]*)?)${WS}$`);
const ONLY_WS = new RegExp(`^${WS}$`);

function quickScan(text: string): ScannedSource | undefined {
  if (text.startsWith('class') && !isNamePart(text.charCodeAt(5))) {
    QUICK_CLASS.lastIndex = 0;
    if (!QUICK_CLASS.test(text)) return undefined;
    const params = quickParams(text, QUICK_CLASS.lastIndex);
    return params === undefined ? undefined : { kind: 'class', params };
  }
  QUICK_FUNCTION.lastIndex = 0;
  if (!QUICK_FUNCTION.test(text)) return undefined;
  const params = quickParams(text, QUICK_FUNCTION.lastIndex);
  return params === undefined ? undefined : { kind: 'function', params };
}

// The parameters after the `(` at `pos`, up to the `)`; `undefined` where the quick reader gives up.
function quickParams(text: string, pos: number): ScannedParameter[] | undefined {
  const params: ScannedParameter[] = [];
  for (;;) {
    QUICK_PARAM.lastIndex = pos;
    const match = QUICK_PARAM.exec(text);
    if (match === null) return undefined;
    // `()`, or a trailing comma before `)`.
    if (match[1] !== undefined) return params;
    pos = QUICK_PARAM.lastIndex;
    // Indexed, not destructured: array destructuring runs the iterator protocol, which cold code
    // pays for (a fifth of the reader's time, measured without the optimizing compiler).
    const rest = match[2];
    const name = match[3];
    const pattern = match[4];
    const value = match[5];
    const end = match[6];
    const hasDefault = value !== undefined;
    const defaultKind = value === undefined ? undefined : quickDefaultKind(value);
    if (rest !== undefined) {
      if (hasDefault || end !== ')') return undefined;
      params.push({ name: rest, shape: 'rest', hasDefault: false, keys: undefined, defaultKind: undefined });
      return params;
    }
    if (name !== undefined) {
      params.push({ name, shape: 'plain', hasDefault, keys: undefined, defaultKind });
    } else {
      const keys = quickPatternKeys(pattern ?? '');
      if (keys === null) return undefined;
      params.push({ name: undefined, shape: 'object', hasDefault, keys, defaultKind });
    }
    if (end === ')') return params;
  }
}

// The keys of a flat object pattern's text (between its braces); `undefined` with a `...rest`;
// `null` where the quick reader gives up (a key that is not a name).
function quickPatternKeys(body: string): string[] | undefined | null {
  const keys: string[] = [];
  let known = true;
  const parts = body.split(',');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    // `{}`, or a trailing comma.
    if (i === parts.length - 1 && ONLY_WS.test(part)) break;
    const match = QUICK_PROPERTY.exec(part);
    if (match === null) return null;
    const key = match[1];
    if (key === undefined) known = false;
    else keys.push(key);
  }
  return known ? keys : undefined;
}

function quickDefaultKind(value: string): DefaultKind | undefined {
  const c = value.charCodeAt(0);
  if (isDigit(c) || c === 43 || c === 45 || c === 46) return 'number';
  if (c === 39 || c === 34 || c === 96) return 'string';
  if (c === 91) return 'array';
  if (c === 123) return 'object';
  return value === 'true' || value === 'false' ? 'boolean' : undefined;
}

// Thrown (and caught in scanParameters) where the scanner cannot be sure: why, and where.
class Unsure extends Error {
  readonly reason: string;
  readonly offset: number;

  constructor(reason: string, offset: number) {
    super(reason);
    this.reason = reason;
    this.offset = offset;
  }
}

type TokenType = 'name' | 'string' | 'number' | 'template' | 'private' | 'regex' | 'punct' | 'eof';

interface Token {
  readonly type: TokenType;
  /** The name or string value (escapes decoded), the number as written, or the punctuator. */
  readonly value: string;
  /** A name or string written with `\` escapes: a name so written is never a keyword. */
  readonly escaped: boolean;
  /** A name right after `.` (or `?.`): a property name, never a keyword. */
  readonly member: boolean;
}

const EOF: Token = { type: 'eof', value: '', escaped: false, member: false };
// Stands for the `${` that opens a template's substitution, as the token before what follows it.
const SUBSTITUTION: Token = { type: 'punct', value: '${', escaped: false, member: false };

/**
 * What an open bracket is, on the scanner's bracket stack: `(` (`control` after `if`, `while`, `for`,
 * `with`: the `)` then ends a statement head), `[`, `${` in a template, and for `{`: an object literal
 * (`object`), a block statement (`block`), an arrow function's body (`arrow`), or something else
 * (`brace`: a function or class body, a block after a label or `case`, …) whose end says nothing
 * about what a `/` after it is.
 */
type Bracket = 'paren' | 'control' | 'bracket' | 'template' | 'object' | 'block' | 'arrow' | 'brace';

const OPENERS: Readonly<Record<string, string>> = { paren: '(', control: '(', bracket: '[', template: '{', object: '{', block: '{', arrow: '{', brace: '{' };

// Keywords after which a `/` starts a regular expression (an expression, or after ASI a statement, follows).
const REGEX_AFTER: ReadonlySet<string> = new Set(['return', 'typeof', 'instanceof', 'in', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'extends', 'break', 'continue', 'debugger']);
// Names that are keywords in some contexts and identifiers in others: `yield /re/` or `yield / 2`.
const UNSURE_AFTER: ReadonlySet<string> = new Set(['yield', 'await', 'of']);
// Keywords after which a `{` opens an object literal.
const OBJECT_AFTER: ReadonlySet<string> = new Set(['typeof', 'instanceof', 'in', 'new', 'delete', 'void', 'throw', 'case', 'extends']);
// Keywords after which a `{` opens a block.
const BLOCK_AFTER: ReadonlySet<string> = new Set(['else', 'do', 'try', 'finally']);
const CONTROL: ReadonlySet<string> = new Set(['if', 'while', 'for', 'with']);

// The rest of an ASCII name and a run of ASCII white space, as sticky regular expressions: the
// scanner mostly runs cold (a fresh process registering its classes), where a native regular
// expression match is several times faster than a character loop in the interpreter.
const NAME_REST = /[A-Za-z0-9_$]*/y;
const SPACES = /[\t\n\v\f\r ]*/y;
// A whole name as JavaScript defines it (Unicode ID_Start / ID_Continue, `$`, `_`, ZWNJ, ZWJ, and
// `\u` escapes), for names that are not plain ASCII.
const UNICODE_ESCAPE = '\\\\u(?:\\{[0-9a-fA-F]+\\}|[0-9a-fA-F]{4})';
const UNICODE_NAME = new RegExp(`(?:[\\p{ID_Start}$_]|${UNICODE_ESCAPE})(?:[\\p{ID_Continue}$\\u200c\\u200d]|${UNICODE_ESCAPE})*`, 'uy');
const NAME_ESCAPES = new RegExp(UNICODE_ESCAPE.replace('\\{[0-9a-fA-F]+\\}', '\\{([0-9a-fA-F]+)\\}').replace('[0-9a-fA-F]{4}', '([0-9a-fA-F]{4})'), 'g');
// A numeric literal, exactly: hexadecimal, octal, binary (each maybe a BigInt), legacy octal
// (`017`: no fraction, so `017.x` is a property), legacy decimal (`089.5`), decimal (maybe a BigInt).
const NUMBER = /0[xX][0-9a-fA-F_]+n?|0[oO][0-7_]+n?|0[bB][01_]+n?|0[0-7]+(?![0-9_])|0[0-9]*[89][0-9]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|(?:[0-9][0-9_]*(?:n|\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9][0-9_]*)?/y;
// A string literal's escapes: `\u{…}`, `\uXXXX`, `\xXX`, legacy octal, a line continuation, one character.
const STRING_ESCAPES = /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-3][0-7]{0,2}|[4-7][0-7]?)|(\r\n|[\n\r\u2028\u2029])|([^]))/g;
const SINGLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// White space and line terminators beyond ASCII, as JavaScript defines them (Zs, LS, PS, BOM).
function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function decodeString(raw: string): string {
  return raw.replace(STRING_ESCAPES, (_all, braced?: string, hex4?: string, hex2?: string, octal?: string, continuation?: string, single?: string) => {
    const code = braced ?? hex4 ?? hex2;
    if (code !== undefined) return String.fromCodePoint(parseInt(code, 16));
    if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8));
    if (continuation !== undefined) return '';
    return SINGLE_ESCAPES[single as string] ?? (single as string);
  });
}

// A numeric key as acorn's AST gives it (`String(value)`): `0x10` → "16", `1_000` → "1000", `1n` → "1".
function numericKey(text: string): string {
  const digits = text.replace(/_/g, '');
  if (digits.endsWith('n')) return String(BigInt(digits.slice(0, -1)));
  if (/^0[0-7]+$/.test(digits)) return String(parseInt(digits, 8));
  return String(Number(digits));
}

function isPunct(token: Token, value: string): boolean {
  return token.type === 'punct' && token.value === value;
}

// A keyword as written (not escaped, not a property name).
function isWord(token: Token, word: string): boolean {
  return token.type === 'name' && token.value === word && !token.escaped && !token.member;
}

// What can follow `get`, `set`, `*` or `async` as a method's key.
function isKeyStart(token: Token): boolean {
  return token.type === 'name' || token.type === 'string' || token.type === 'number' || token.type === 'private' || isPunct(token, '[');
}

class Scanner {
  readonly #text: string;
  #pos = 0;
  #peeked: Token | undefined;
  // The last three tokens read, and what the last one closed when it is `)`, `]` or `}`: what a `/`,
  // `{` or `constructor` after them is depends on them.
  #last: Token | undefined;
  #beforeLast: Token | undefined;
  #third: Token | undefined;
  #closed: Bracket | undefined;
  readonly #stack: Bracket[] = [];

  constructor(text: string) {
    this.#text = text;
  }

  source(): ScannedSource {
    const first = this.#next();
    // `class(x) {}` is a method named class.
    if (isWord(first, 'class') && !isPunct(this.#peek(), '(')) return this.#classSource();
    return { kind: 'function', params: this.#functionParams(first) };
  }

  // `function* name(`, `async function (`, `(a) =>`, `a =>`, `async (a) =>`, `name(` (a method),
  // `async *name(`, `get name(`, `"key"(`, `5(`, `[key](`, `#name(`: everything up to and
  // including the parameters.
  #functionParams(first: Token): ScannedParameter[] {
    let token = first;
    if (isWord(token, 'async')) {
      const after = this.#peek();
      // `async(a) {}` (a method named async) and `async (a) => a` read the same parameters; `async => 1`
      // is an arrow function's parameter.
      if (!isPunct(after, '(') && !isPunct(after, '=>')) token = this.#next();
    }
    if (isWord(token, 'function')) {
      token = this.#next();
      if (isPunct(token, '*')) token = this.#next();
      if (token.type === 'name') token = this.#next();
      return this.#paramsAfter(token);
    }
    if (isPunct(token, '(')) return this.#params();
    if (isPunct(token, '*')) return this.#methodAfterKey(this.#next());
    if ((isWord(token, 'get') || isWord(token, 'set')) && isKeyStart(this.#peek())) return this.#methodAfterKey(this.#next());
    if (token.type === 'name' && isPunct(this.#peek(), '=>')) return [{ name: token.value, shape: 'plain', hasDefault: false, keys: undefined, defaultKind: undefined }];
    return this.#methodAfterKey(token);
  }

  // A method's key has been read (`[` of a computed one): its parameters follow.
  #methodAfterKey(key: Token): ScannedParameter[] {
    if (isPunct(key, '[')) this.#skipLevel(false);
    else if (!isKeyStart(key)) this.#unsure('a function head this reader does not know');
    return this.#paramsAfter(this.#next());
  }

  #paramsAfter(open: Token): ScannedParameter[] {
    if (!isPunct(open, '(')) this.#unsure('a function head this reader does not know');
    return this.#params();
  }

  // After `class`: `[Name] [extends Heritage] { members }`, the parameters of its own constructor.
  #classSource(): ScannedSource {
    let token = this.#next();
    if (token.type === 'name' && !isWord(token, 'extends')) token = this.#next();
    if (isWord(token, 'extends')) token = this.#heritage();
    if (!isPunct(token, '{')) this.#unsure('a class head this reader does not know');
    const depth = this.#stack.length;
    for (;;) {
      token = this.#next();
      if (token.type === 'eof') this.#unsure('an unterminated class body');
      if (this.#stack.length < depth) return { kind: 'class', params: undefined };
      if (this.#stack.length === depth && this.#isConstructorKey(token) && isPunct(this.#peek(), '(')) {
        this.#next();
        const params = this.#params();
        if (isPunct(this.#next(), '{')) return { kind: 'class', params };
        this.#unsure('a call of a function named constructor in a class field');
      }
    }
  }

  // A `constructor` directly in a class body (not in a member's initializer, body or computed key)
  // and followed by `(` is the constructor, unless `static` (a static method named constructor:
  // `static constructor(`, `static get constructor(`, `static async constructor(`) or `function`/`*`
  // (a generator, or a function expression named constructor in a field's initializer) stand before
  // it. Anywhere else the grammar leaves no other reading of `constructor(…) {`: `get`, `set` or
  // `async` before it without `static` would make the constructor an accessor or async (an error),
  // so there they end a field's initializer (`x = get` + line break), which ends by ASI.
  #isConstructorKey(token: Token): boolean {
    if (token.value !== 'constructor' || !(token.type === 'string' || (token.type === 'name' && !token.member))) return false;
    const before = this.#beforeLast;
    if (before === undefined) return true;
    if (isWord(before, 'static') || isWord(before, 'function') || isPunct(before, '*')) return false;
    const modifier = isWord(before, 'get') || isWord(before, 'set') || isWord(before, 'async');
    return !(modifier && this.#third !== undefined && isWord(this.#third, 'static'));
  }

  // After `extends`: a left-hand-side expression (names, `.`, calls, `[…]`, `new`, literals, object
  // literals, class and function expressions), returning the `{` that opens the class body: the
  // first `{` where an expression cannot start.
  #heritage(): Token {
    let expression = true;
    for (;;) {
      const token = this.#next();
      if (token.type === 'punct') {
        if (token.value === '{' && !expression) return token;
        if (token.value === '{' || token.value === '(' || token.value === '[') {
          this.#skipLevel(false);
          expression = false;
          continue;
        }
        if (token.value === '.' || (token.value === '?' && isPunct(this.#peek(), '.'))) continue;
        this.#unsure('a class heritage this reader does not know');
      }
      if (token.type === 'eof' || token.type === 'private') this.#unsure('a class heritage this reader does not know');
      if (expression && isWord(token, 'class')) this.#skipClass();
      else if (expression && isWord(token, 'function')) this.#skipFunction();
      else if (expression && isWord(token, 'async') && isWord(this.#peek(), 'function')) {
        this.#next();
        this.#skipFunction();
      } else if (isWord(token, 'new')) {
        expression = true;
        continue;
      }
      expression = false;
    }
  }

  // After `class` in an expression: up to and including its body's `}`.
  #skipClass(): void {
    let token = this.#next();
    if (token.type === 'name' && !isWord(token, 'extends')) token = this.#next();
    if (isWord(token, 'extends')) token = this.#heritage();
    if (!isPunct(token, '{')) this.#unsure('a class expression this reader does not know');
    this.#skipLevel(false);
  }

  // After `function` in an expression: up to and including its body's `}`.
  #skipFunction(): void {
    let token = this.#next();
    if (isPunct(token, '*')) token = this.#next();
    if (token.type === 'name') token = this.#next();
    if (!isPunct(token, '(')) this.#unsure('a function expression this reader does not know');
    this.#skipLevel(false);
    if (!isPunct(this.#next(), '{')) this.#unsure('a function expression this reader does not know');
    this.#skipLevel(false);
  }

  // After `(`: the parameters up to and including `)`.
  #params(): ScannedParameter[] {
    const params: ScannedParameter[] = [];
    for (;;) {
      let token = this.#next();
      if (isPunct(token, ')')) return params;
      if (isPunct(token, '...')) {
        token = this.#next();
        let name: string | undefined;
        if (token.type === 'name') name = token.value;
        else if (isPunct(token, '[') || isPunct(token, '{')) this.#skipLevel(false);
        else this.#unsure('a rest parameter this reader does not know');
        if (!isPunct(this.#next(), ')')) this.#unsure('a rest parameter this reader does not know');
        params.push({ name, shape: 'rest', hasDefault: false, keys: undefined, defaultKind: undefined });
        return params;
      }
      let param: { name: string | undefined; shape: ScannedParameter['shape']; hasDefault: boolean; keys: string[] | undefined; defaultKind: DefaultKind | undefined };
      if (token.type === 'name') param = { name: token.value, shape: 'plain', hasDefault: false, keys: undefined, defaultKind: undefined };
      else if (isPunct(token, '{')) param = { name: undefined, shape: 'object', hasDefault: false, keys: this.#objectPatternKeys(), defaultKind: undefined };
      else if (isPunct(token, '[')) {
        this.#skipLevel(false);
        param = { name: undefined, shape: 'array', hasDefault: false, keys: undefined, defaultKind: undefined };
      } else {
        this.#unsure('a parameter this reader does not know');
      }
      token = this.#next();
      if (isPunct(token, '=')) {
        param.hasDefault = true;
        [token, param.defaultKind] = this.#defaultValue();
      }
      if (!isPunct(token, ',') && !isPunct(token, ')')) this.#unsure('a parameter this reader does not know');
      params.push(param);
      if (token.value === ')') return params;
    }
  }

  // After an object pattern's `{`: the keys it names as acorn's AST gives them (`undefined` with a
  // rest or computed key), up to and including its `}`.
  #objectPatternKeys(): string[] | undefined {
    const keys: string[] = [];
    let known = true;
    for (;;) {
      let token = this.#next();
      if (isPunct(token, '}')) return known ? keys : undefined;
      if (isPunct(token, '...')) {
        known = false;
        if (this.#next().type !== 'name') this.#unsure('an object pattern this reader does not know');
        token = this.#next();
      } else {
        if (token.type === 'name' || token.type === 'string') keys.push(token.value);
        else if (token.type === 'number') keys.push(numericKey(token.value));
        else if (isPunct(token, '[')) {
          known = false;
          this.#skipLevel(false);
        } else {
          this.#unsure('an object pattern this reader does not know');
        }
        token = this.#next();
        if (isPunct(token, ':')) {
          const value = this.#next();
          if (isPunct(value, '{') || isPunct(value, '[')) this.#skipLevel(false);
          else if (value.type !== 'name') this.#unsure('an object pattern this reader does not know');
          token = this.#next();
        }
        if (isPunct(token, '=')) token = this.#skipLevel(true);
      }
      if (!isPunct(token, ',') && !isPunct(token, '}')) this.#unsure('an object pattern this reader does not know');
      if (token.value === '}') return known ? keys : undefined;
    }
  }

  // After a parameter's `=`: the `,` or `)` that ends its default, and the kind of literal the default
  // is when it is nothing but one (the same as acorn's AST gives, see test/support/acorn-params.ts).
  #defaultValue(): [Token, DefaultKind | undefined] {
    let token = this.#next();
    let kind: DefaultKind | undefined;
    // A parenthesized literal, `(1)`, counts as an expression (acorn reads with preserveParens).
    if (isPunct(token, '-') || isPunct(token, '+')) {
      token = this.#next();
      if (token.type === 'number' && !token.value.endsWith('n')) {
        kind = 'number';
        token = this.#next();
      }
    } else if (token.type === 'number') {
      kind = token.value.endsWith('n') ? undefined : 'number';
      token = this.#next();
    } else if (token.type === 'string' || token.type === 'template') {
      kind = 'string';
      token = this.#next();
    } else if (isWord(token, 'true') || isWord(token, 'false')) {
      kind = 'boolean';
      token = this.#next();
    } else if (isPunct(token, '[') || isPunct(token, '{')) {
      kind = token.value === '[' ? 'array' : 'object';
      this.#skipLevel(false);
      token = this.#next();
    }
    if (isPunct(token, ',') || isPunct(token, ')')) return [token, kind];
    // More follows: an expression, not a bare literal. Finish the token in hand, then the rest.
    if (token.type === 'eof') this.#unsure('an unterminated parameter list');
    if (isPunct(token, '(') || isPunct(token, '[') || isPunct(token, '{')) this.#skipLevel(false);
    return [this.#skipLevel(true), undefined];
  }

  // After an open bracket (read last, nothing peeked): every token up to and including its closing
  // bracket, returned; with `orComma` (a default value) also a `,` directly inside it.
  #skipLevel(orComma: boolean): Token {
    const depth = this.#stack.length;
    for (;;) {
      const token = this.#next();
      if (token.type === 'eof') this.#unsure('an unterminated bracket');
      if (this.#stack.length < depth) return token;
      if (orComma && this.#stack.length === depth && isPunct(token, ',')) return token;
    }
  }

  #unsure(reason: string, offset = this.#pos): never {
    throw new Unsure(reason, offset);
  }

  #peek(): Token {
    this.#peeked ??= this.#read();
    return this.#peeked;
  }

  #next(): Token {
    const token = this.#peeked ?? this.#read();
    this.#peeked = undefined;
    return token;
  }

  #read(): Token {
    this.#skipTrivia();
    if (this.#pos >= this.#text.length) return EOF;
    const token = this.#token();
    this.#third = this.#beforeLast;
    this.#beforeLast = this.#last;
    this.#last = token;
    return token;
  }

  // The token at #pos (after trivia); #last is still the token before it.
  #token(): Token {
    const text = this.#text;
    const start = this.#pos;
    const c = text.charCodeAt(start);
    const member = this.#last !== undefined && isPunct(this.#last, '.');
    if (isNameStart(c)) {
      NAME_REST.lastIndex = start + 1;
      NAME_REST.test(text);
      const end = NAME_REST.lastIndex;
      // A name continued by an escape or a non-ASCII letter is read whole below.
      if (end >= text.length || (text.charCodeAt(end) !== 92 && text.charCodeAt(end) <= 127)) {
        this.#pos = end;
        return { type: 'name', value: text.slice(start, end), escaped: false, member };
      }
    }
    if (isNameStart(c) || c === 92 || c > 127) return this.#unicodeName(start, member);
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(start + 1)))) {
      NUMBER.lastIndex = start;
      NUMBER.test(text);
      const end = NUMBER.lastIndex;
      const d = text.charCodeAt(end);
      // A number cannot be followed directly by a name or a digit.
      if (end < text.length && (isNamePart(d) || d === 92 || d > 127)) this.#unsure('a numeric literal this reader does not know', start);
      this.#pos = end;
      return { type: 'number', value: text.slice(start, end), escaped: false, member: false };
    }
    if (c === 39 || c === 34) return this.#string(c);
    if (c === 96) return this.#template();
    if (c === 35) {
      const name = this.#unicodeNameAt(start + 1);
      if (name === undefined) this.#unsure('a "#" that starts no private name', start);
      return { type: 'private', value: name.value, escaped: name.escaped, member: false };
    }
    if (c === 47) return this.#slashIsRegex() ? this.#regex() : this.#punct('/', 1);
    if (c === 64) this.#unsure('a decorator', start);
    if (text.startsWith('<!--', start) || text.startsWith('-->', start)) this.#unsure('an HTML-like comment (<!-- or -->)', start);
    if (c === 46 && text.startsWith('...', start)) return this.#punct('...', 3);
    if (c === 61 && text.charCodeAt(start + 1) === 62) return this.#punct('=>', 2);
    if ((c === 43 || c === 45) && text.charCodeAt(start + 1) === c) return this.#punct(c === 43 ? '++' : '--', 2);
    if (c === 40) {
      const last = this.#last;
      const before = this.#beforeLast;
      // `if (`, `while (`, `for (`, `with (`, `for await (`.
      const control = last !== undefined && ((last.type === 'name' && !last.member && !last.escaped && CONTROL.has(last.value)) || (isWord(last, 'await') && before !== undefined && isWord(before, 'for')));
      this.#stack.push(control ? 'control' : 'paren');
    } else if (c === 91) {
      this.#stack.push('bracket');
    } else if (c === 123) {
      this.#stack.push(this.#braceKind());
    } else if (c === 41 || c === 93 || c === 125) {
      const open = this.#stack.pop();
      if (open === undefined || OPENERS[open] !== String.fromCharCode(c - (c === 41 ? 1 : 2))) this.#unsure('unbalanced brackets', start);
      this.#closed = open;
    } else if (c <= 32 || c >= 127) {
      this.#unsure('a character that is not JavaScript', start);
    }
    return this.#punct(text[start] as string, 1);
  }

  #punct(value: string, length: number): Token {
    this.#pos += length;
    return { type: 'punct', value, escaped: false, member: false };
  }

  // A name that is not plain ASCII: Unicode letters, or `\u` escapes (decoded).
  #unicodeName(start: number, member: boolean): Token {
    const name = this.#unicodeNameAt(start);
    if (name === undefined) this.#unsure('a character that is not JavaScript', start);
    return { type: 'name', value: name.value, escaped: name.escaped, member };
  }

  #unicodeNameAt(start: number): { value: string; escaped: boolean } | undefined {
    const text = this.#text;
    UNICODE_NAME.lastIndex = start;
    if (!UNICODE_NAME.test(text)) return undefined;
    const end = UNICODE_NAME.lastIndex;
    if (text.charCodeAt(end) === 92) this.#unsure('an escape that is not JavaScript', end);
    this.#pos = end;
    const raw = text.slice(start, end);
    const escaped = raw.includes('\\');
    return { value: escaped ? raw.replace(NAME_ESCAPES, (_all, braced?: string, hex4?: string) => String.fromCodePoint(parseInt(braced ?? hex4 ?? '', 16))) : raw, escaped };
  }

  // Whether a `/` that starts no comment starts a regular expression (else it is a division), from
  // the token before it: after an expression's end, a division; after an operator or a keyword that
  // precedes an expression, a regular expression. Where that token does not tell, the scanner gives up.
  #slashIsRegex(): boolean {
    const last = this.#last;
    if (last === undefined) this.#unsure('a "/" at the start');
    switch (last.type) {
      case 'name':
        if (last.member || last.escaped) return false;
        if (UNSURE_AFTER.has(last.value)) this.#unsure(`a "/" after "${last.value}" (a regular expression or a division)`);
        return REGEX_AFTER.has(last.value);
      case 'punct':
        switch (last.value) {
          case ')':
            return this.#closed === 'control';
          case ']':
            return false;
          case '}':
            if (this.#closed === 'object') return false;
            if (this.#closed === 'block' || this.#closed === 'arrow') return true;
            return this.#unsure('a "/" after the "}" of a function or class body (a regular expression or a division)');
          case '++':
          case '--':
            return this.#unsure(`a "/" after "${last.value}" (a regular expression or a division)`);
          default:
            return true;
        }
      default:
        // A number, string, template, regular expression or private name ends an expression.
        return false;
    }
  }

  // What a `{` opens, from the token before it (see Bracket).
  #braceKind(): Bracket {
    const last = this.#last;
    if (last === undefined) return 'brace';
    if (last.type === 'name') {
      if (last.member || last.escaped) return 'brace';
      if (OBJECT_AFTER.has(last.value)) return 'object';
      return BLOCK_AFTER.has(last.value) ? 'block' : 'brace';
    }
    if (last.type !== 'punct') return 'brace';
    switch (last.value) {
      case ')':
        return this.#closed === 'control' ? 'block' : 'brace';
      case ']':
      case ':':
      case '++':
      case '--':
        return 'brace';
      case '}':
      case '{':
        // Only a block can follow a block or start one (an object literal or class body cannot).
        return 'block';
      case ';':
        // Inside `for (…;…;…)` an expression follows; elsewhere a statement.
        return this.#stack[this.#stack.length - 1] === 'control' ? 'object' : 'block';
      case '=>':
        return 'arrow';
      default:
        // An operator, `(`, `[`, `,`, `=`, `?`, `...`, `${`: an expression starts here.
        return 'object';
    }
  }

  // At the `/` that starts a regular expression: the whole literal, with its flags.
  #regex(): Token {
    const text = this.#text;
    const start = this.#pos;
    let i = start + 1;
    let inClass = false;
    for (;;) {
      if (i >= text.length) this.#unsure('an unterminated regular expression', start);
      const c = text.charCodeAt(i);
      if (isLineTerminator(c)) this.#unsure('an unterminated regular expression', start);
      if (c === 92) {
        if (isLineTerminator(text.charCodeAt(i + 1))) this.#unsure('an unterminated regular expression', start);
        i += 2;
        continue;
      }
      if (c === 91) inClass = true;
      else if (c === 93) inClass = false;
      else if (c === 47 && !inClass) break;
      i++;
    }
    NAME_REST.lastIndex = i + 1;
    NAME_REST.test(text);
    const end = NAME_REST.lastIndex;
    if (end < text.length && (text.charCodeAt(end) === 92 || text.charCodeAt(end) > 127)) this.#unsure('regular expression flags this reader does not know', end);
    this.#pos = end;
    return { type: 'regex', value: text.slice(start, end), escaped: false, member: false };
  }

  #string(quote: number): Token {
    const text = this.#text;
    const start = this.#pos + 1;
    let escaped = false;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === quote) {
        this.#pos = i + 1;
        const raw = text.slice(start, i);
        return { type: 'string', value: escaped ? decodeString(raw) : raw, escaped, member: false };
      }
      if (c === 92) {
        escaped = true;
        // A line continuation `\` CR LF is one escape.
        if (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10) i++;
        i++;
      } else if (c === 10 || c === 13) {
        break;
      }
    }
    return this.#unsure('an unterminated string', start - 1);
  }

  // At a template's opening backtick: up to and including its closing one. Its substitutions are
  // read as tokens (each opens a `${` level); the template is then one token, as if they were not there.
  #template(): Token {
    const text = this.#text;
    const start = this.#pos;
    const last = this.#last;
    const beforeLast = this.#beforeLast;
    const third = this.#third;
    this.#pos++;
    while (this.#pos < text.length) {
      const c = text.charCodeAt(this.#pos);
      if (c === 96) {
        this.#pos++;
        this.#last = last;
        this.#beforeLast = beforeLast;
        this.#third = third;
        return { type: 'template', value: '', escaped: false, member: false };
      }
      if (c === 92) this.#pos += 2;
      else if (c === 36 && text.charCodeAt(this.#pos + 1) === 123) {
        this.#pos += 2;
        this.#stack.push('template');
        this.#last = SUBSTITUTION;
        this.#skipLevel(false);
      } else {
        this.#pos++;
      }
    }
    return this.#unsure('an unterminated template', start);
  }

  #skipTrivia(): void {
    const text = this.#text;
    while (this.#pos < text.length) {
      const c = text.charCodeAt(this.#pos);
      if (c === 32 || (c >= 9 && c <= 13)) {
        SPACES.lastIndex = this.#pos + 1;
        SPACES.test(text);
        this.#pos = SPACES.lastIndex;
      } else if (c > 127 && isUnicodeSpace(c)) {
        this.#pos++;
      } else if (c === 47 && text.charCodeAt(this.#pos + 1) === 47) {
        let i = this.#pos + 2;
        while (i < text.length && !isLineTerminator(text.charCodeAt(i))) i++;
        this.#pos = i;
      } else if (c === 47 && text.charCodeAt(this.#pos + 1) === 42) {
        const end = text.indexOf('*/', this.#pos + 2);
        if (end < 0) this.#unsure('an unterminated comment');
        this.#pos = end + 2;
      } else {
        return;
      }
    }
  }
}
