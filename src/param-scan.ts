/**
 * A fast reader of parameter lists from function source text, so that registering and using many
 * classes does not parse every class in full with acorn (0.1–0.3 ms a class in a fresh process,
 * most of the time registering 1,000 classes took). It reads the common forms: functions, arrow
 * functions, methods, and a class's own constructor, with plain, default, rest, object-pattern and
 * array-pattern parameters.
 *
 * It never guesses. Anything it does not fully understand makes it give up, and the caller parses
 * the source with acorn as before: a `/` that does not start a comment (a regular expression or a
 * division, which cannot be told apart without a parser), non-ASCII text outside strings and
 * comments, escapes in names, computed or numeric keys in a pattern, HTML-like comments, or a
 * `constructor` that does not stand where a class member starts. Outside strings, templates,
 * comments and regular expressions every bracket is a real bracket, so once those are skipped
 * exactly, the nesting it follows is the nesting acorn would see.
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

/**
 * The parameters of the function whose source (Function.prototype.toString) is `text`, or
 * `undefined` when the text is not in a form this scanner reads exactly.
 */
export function scanParameters(text: string): ScannedSource | undefined {
  const quick = quickScan(text);
  if (quick !== undefined) return quick;
  try {
    return new Scanner(text).source();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
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

// Thrown (and caught above) wherever the scanner cannot be sure; made once, it costs no stack trace.
const GIVE_UP = new Error('the parameter scanner gives up');

type TokenType = 'name' | 'string' | 'number' | 'template' | 'private' | 'punct' | 'eof';

interface Token {
  readonly type: TokenType;
  /** The name, the string's value, or the punctuator. */
  readonly value: string;
  /** A string literal with a `\` escape (its value is then not known). */
  readonly escaped: boolean;
}

const EOF: Token = { type: 'eof', value: '', escaped: false };

// The rest of a name (isNamePart) and a run of white space (#skipTrivia), as sticky regular
// expressions: the scanner mostly runs cold (a fresh process registering its classes), where a
// native regular expression match is several times faster than a character loop in the interpreter.
const NAME_REST = /[A-Za-z0-9_$]*/y;
const SPACES = /[\t\n\v\f\r ]*/y;
const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

class Scanner {
  readonly #text: string;
  #pos = 0;
  #peeked: Token | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  source(): ScannedSource {
    const first = this.#peek();
    if (first.type === 'name' && first.value === 'class') return this.#classSource();
    return { kind: 'function', params: this.#functionParams() };
  }

  // `function* name(`, `async function (`, `(a) =>`, `a =>`, `async (a) =>`, `name(` (a method),
  // `async *name(`, `get name(`, `"key"(`, `5(`: everything up to and including the parameters.
  #functionParams(): ScannedParameter[] {
    let token = this.#next();
    if (token.type === 'name' && token.value === 'async') {
      const after = this.#peek();
      // `async(a) {}` (a method named async) and `async (a) => a` read the same parameters.
      if (!(after.type === 'punct' && after.value === '(')) token = this.#next();
    }
    if (token.type === 'name' && token.value === 'function') {
      token = this.#next();
      if (token.type === 'punct' && token.value === '*') token = this.#next();
      if (token.type === 'name') token = this.#next();
      return this.#paramsAfter(token);
    }
    if (token.type === 'punct' && token.value === '*') return this.#methodAfterKey(this.#next());
    if (token.type === 'punct' && token.value === '(') return this.#params();
    if (token.type === 'name') {
      const after = this.#peek();
      if (after.type === 'punct' && after.value === '=>') return [{ name: token.value, shape: 'plain', hasDefault: false, keys: undefined, defaultKind: undefined }];
      if ((token.value === 'get' || token.value === 'set') && (after.type === 'name' || after.type === 'string')) return this.#methodAfterKey(this.#next());
      return this.#paramsAfter(this.#next());
    }
    if ((token.type === 'string' || token.type === 'number') && !token.escaped) return this.#paramsAfter(this.#next());
    throw GIVE_UP;
  }

  // A method's key has been read as `key`: its parameters follow.
  #methodAfterKey(key: Token): ScannedParameter[] {
    if (key.type !== 'name' && !(key.type === 'string' && !key.escaped)) throw GIVE_UP;
    return this.#paramsAfter(this.#next());
  }

  #paramsAfter(open: Token): ScannedParameter[] {
    if (open.type !== 'punct' || open.value !== '(') throw GIVE_UP;
    return this.#params();
  }

  // `class [Name] [extends Heritage] { members }`: the parameters of its own constructor.
  #classSource(): ScannedSource {
    this.#next();
    let token = this.#next();
    if (token.type === 'name' && token.value !== 'extends') token = this.#next();
    if (token.type === 'name' && token.value === 'extends') token = this.#skipHeritage();
    if (token.type !== 'punct' || token.value !== '{') throw GIVE_UP;
    // Where the previous member-level token leaves us: only right after `{`, `;` or a closed block
    // can a member start, so only there is `constructor(` certainly the constructor.
    let boundary = true;
    for (;;) {
      token = this.#next();
      if (token.type === 'eof') throw GIVE_UP;
      if (token.type === 'punct') {
        const closer = CLOSERS[token.value];
        if (closer !== undefined) {
          this.#skipTo(closer, false);
          boundary = token.value === '{';
          continue;
        }
        if (token.value === '}') return { kind: 'class', params: undefined };
        if (token.value === ')' || token.value === ']') throw GIVE_UP;
        boundary = token.value === ';';
        continue;
      }
      if ((token.type === 'name' || (token.type === 'string' && !token.escaped)) && token.value === 'constructor') {
        const after = this.#next();
        if (!boundary || after.type !== 'punct' || after.value !== '(') throw GIVE_UP;
        return { kind: 'class', params: this.#params() };
      }
      boundary = false;
    }
  }

  // After `extends`: a heritage of names, dots and call arguments (`mixin(A, B).Base`), returning
  // the `{` that opens the class body. Anything else (`class {}`, `new {…}`, `{}.x`, `a[b]`) gives up: its own
  // braces could pass for the body.
  #skipHeritage(): Token {
    let wantName = true;
    for (;;) {
      const token = this.#next();
      if (wantName) {
        // `class`, `function` and `new` (`new { constructor(x) {} }`) bring braces of their own.
        if (token.type === 'name' && token.value !== 'class' && token.value !== 'function' && token.value !== 'new') wantName = false;
        else if (token.type === 'punct' && token.value === '(') {
          this.#skipTo(')', false);
          wantName = false;
        } else {
          throw GIVE_UP;
        }
      } else if (token.type === 'punct' && token.value === '.') {
        wantName = true;
      } else if (token.type === 'punct' && token.value === '(') {
        this.#skipTo(')', false);
      } else if (token.type === 'punct' && token.value === '{') {
        return token;
      } else {
        throw GIVE_UP;
      }
    }
  }

  // After `(`: the parameters up to and including `)`.
  #params(): ScannedParameter[] {
    const params: ScannedParameter[] = [];
    for (;;) {
      let token = this.#next();
      if (token.type === 'punct' && token.value === ')') return params;
      if (token.type === 'punct' && token.value === '...') {
        token = this.#next();
        let name: string | undefined;
        if (token.type === 'name') name = token.value;
        else if (token.type === 'punct' && (token.value === '[' || token.value === '{')) this.#skipTo(CLOSERS[token.value] as string, false);
        else throw GIVE_UP;
        token = this.#next();
        if (token.type !== 'punct' || token.value !== ')') throw GIVE_UP;
        params.push({ name, shape: 'rest', hasDefault: false, keys: undefined, defaultKind: undefined });
        return params;
      }
      let param: { name: string | undefined; shape: ScannedParameter['shape']; hasDefault: boolean; keys: string[] | undefined; defaultKind: DefaultKind | undefined };
      if (token.type === 'name') param = { name: token.value, shape: 'plain', hasDefault: false, keys: undefined, defaultKind: undefined };
      else if (token.type === 'punct' && token.value === '{') param = { name: undefined, shape: 'object', hasDefault: false, keys: this.#objectPatternKeys(), defaultKind: undefined };
      else if (token.type === 'punct' && token.value === '[') {
        this.#skipTo(']', false);
        param = { name: undefined, shape: 'array', hasDefault: false, keys: undefined, defaultKind: undefined };
      } else {
        throw GIVE_UP;
      }
      token = this.#next();
      if (token.type === 'punct' && token.value === '=') {
        param.hasDefault = true;
        [token, param.defaultKind] = this.#defaultValue();
      }
      if (token.type !== 'punct' || (token.value !== ',' && token.value !== ')')) throw GIVE_UP;
      params.push(param);
      if (token.value === ')') return params;
    }
  }

  // After an object pattern's `{`: the keys it names (`undefined` with a rest or computed key), up
  // to and including its `}`.
  #objectPatternKeys(): string[] | undefined {
    const keys: string[] = [];
    let known = true;
    for (;;) {
      let token = this.#next();
      if (token.type === 'punct' && token.value === '}') return known ? keys : undefined;
      if (token.type === 'punct' && token.value === '...') {
        known = false;
        if (this.#next().type !== 'name') throw GIVE_UP;
        token = this.#next();
      } else {
        if (token.type === 'name' || (token.type === 'string' && !token.escaped)) keys.push(token.value);
        else if (token.type === 'punct' && token.value === '[') {
          known = false;
          this.#skipTo(']', false);
        } else {
          throw GIVE_UP;
        }
        token = this.#next();
        if (token.type === 'punct' && token.value === ':') {
          const value = this.#next();
          if (value.type === 'punct' && (value.value === '{' || value.value === '[')) this.#skipTo(CLOSERS[value.value] as string, false);
          else if (value.type !== 'name') throw GIVE_UP;
          token = this.#next();
        }
        if (token.type === 'punct' && token.value === '=') token = this.#skipTo('}', true);
      }
      if (token.type !== 'punct' || (token.value !== ',' && token.value !== '}')) throw GIVE_UP;
      if (token.value === '}') return known ? keys : undefined;
    }
  }

  // After a parameter's `=`: the `,` or `)` that ends its default, and the kind of literal the default
  // is when it is nothing but one (the same as acorn's AST gives, see signature.ts's defaultKindOf).
  #defaultValue(): [Token, DefaultKind | undefined] {
    let token = this.#next();
    let kind: DefaultKind | undefined;
    // A parenthesized literal, `(1)`, counts as an expression (signature.ts parses with preserveParens).
    if (token.type === 'punct' && (token.value === '-' || token.value === '+')) {
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
    } else if (token.type === 'name' && (token.value === 'true' || token.value === 'false')) {
      kind = 'boolean';
      token = this.#next();
    } else if (token.type === 'punct' && (token.value === '[' || token.value === '{')) {
      kind = token.value === '[' ? 'array' : 'object';
      this.#skipTo(CLOSERS[token.value] as string, false);
      token = this.#next();
    }
    if (token.type === 'punct' && (token.value === ',' || token.value === ')')) return [token, kind];
    // More follows: an expression, not a bare literal. Finish the token in hand, then the rest.
    if (token.type === 'eof') throw GIVE_UP;
    if (token.type === 'punct') {
      const closer = CLOSERS[token.value];
      if (closer !== undefined) this.#skipTo(closer, false);
      else if (token.value === ']' || token.value === '}') throw GIVE_UP;
    }
    return [this.#skipTo(')', true), undefined];
  }

  // Every token up to the `close` that ends this level, returned; with `orComma` (a default value)
  // also the `,` that ends it. Brackets opened on the way are skipped whole.
  #skipTo(close: string, orComma: boolean): Token {
    for (;;) {
      const token = this.#next();
      if (token.type === 'eof') throw GIVE_UP;
      if (token.type !== 'punct') continue;
      const closer = CLOSERS[token.value];
      if (closer !== undefined) this.#skipTo(closer, false);
      else if (token.value === close || (orComma && token.value === ',')) return token;
      else if (token.value === ')' || token.value === ']' || token.value === '}') throw GIVE_UP;
    }
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
    const text = this.#text;
    this.#skipTrivia();
    const start = this.#pos;
    if (start >= text.length) return EOF;
    const c = text.charCodeAt(start);
    if (isNameStart(c)) {
      NAME_REST.lastIndex = start + 1;
      NAME_REST.test(text);
      const end = NAME_REST.lastIndex;
      // A name continued by an escape or a non-ASCII letter.
      if (end < text.length && (text.charCodeAt(end) === 92 || text.charCodeAt(end) > 127)) throw GIVE_UP;
      this.#pos = end;
      return { type: 'name', value: text.slice(start, end), escaped: false };
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(start + 1)))) {
      let end = start + 1;
      // An exponent's sign belongs to the number (`1e-3`), except in a hexadecimal one (`0xe-1`).
      const hex = c === 48 && (text.charCodeAt(start + 1) | 32) === 120;
      for (;;) {
        const d = text.charCodeAt(end);
        if (end < text.length && (isNamePart(d) || d === 46)) end++;
        else if ((d === 43 || d === 45) && !hex && (text.charCodeAt(end - 1) | 32) === 101) end++;
        else break;
      }
      this.#pos = end;
      return { type: 'number', value: text.slice(start, end), escaped: false };
    }
    if (c === 39 || c === 34) return this.#string(c);
    if (c === 96) {
      this.#pos = start + 1;
      this.#template();
      return { type: 'template', value: '', escaped: false };
    }
    if (c === 35) {
      this.#pos = start + 1;
      const name = this.#read();
      if (name.type !== 'name' || this.#pos - name.value.length !== start + 1) throw GIVE_UP;
      return { type: 'private', value: name.value, escaped: false };
    }
    // Regular expressions and divisions (comments are trivia), decorators, escapes (`\u0063onstructor`
    // is `constructor`), HTML-like comments.
    if (c === 47 || c === 64 || c === 92 || text.startsWith('<!--', start) || text.startsWith('-->', start)) throw GIVE_UP;
    if (c === 46 && text.startsWith('...', start)) {
      this.#pos = start + 3;
      return { type: 'punct', value: '...', escaped: false };
    }
    if (c === 61 && text.charCodeAt(start + 1) === 62) {
      this.#pos = start + 2;
      return { type: 'punct', value: '=>', escaped: false };
    }
    if (c > 32 && c < 127) {
      this.#pos = start + 1;
      return { type: 'punct', value: text[start] as string, escaped: false };
    }
    throw GIVE_UP;
  }

  #string(quote: number): Token {
    const text = this.#text;
    const start = this.#pos + 1;
    let escaped = false;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === quote) {
        this.#pos = i + 1;
        return { type: 'string', value: text.slice(start, i), escaped };
      }
      if (c === 92) {
        escaped = true;
        // A line continuation `\` CR LF is one escape.
        if (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10) i++;
        i++;
      } else if (c === 10 || c === 13) {
        throw GIVE_UP;
      }
    }
    throw GIVE_UP;
  }

  // After a template's opening backtick: up to and including its closing one.
  #template(): void {
    const text = this.#text;
    while (this.#pos < text.length) {
      const c = text.charCodeAt(this.#pos);
      if (c === 96) {
        this.#pos++;
        return;
      }
      if (c === 92) this.#pos += 2;
      else if (c === 36 && text.charCodeAt(this.#pos + 1) === 123) {
        this.#pos += 2;
        this.#skipTo('}', false);
      } else {
        this.#pos++;
      }
    }
    throw GIVE_UP;
  }

  #skipTrivia(): void {
    const text = this.#text;
    while (this.#pos < text.length) {
      const c = text.charCodeAt(this.#pos);
      if (c === 32 || (c >= 9 && c <= 13)) {
        SPACES.lastIndex = this.#pos + 1;
        SPACES.test(text);
        this.#pos = SPACES.lastIndex;
      } else if (c === 47 && text.charCodeAt(this.#pos + 1) === 47) {
        let i = this.#pos + 2;
        for (; i < text.length; i++) {
          const d = text.charCodeAt(i);
          if (d === 10 || d === 13) break;
          // A line comment ends at these too, and what follows would be code.
          if (d === 0x2028 || d === 0x2029) throw GIVE_UP;
        }
        this.#pos = i;
      } else if (c === 47 && text.charCodeAt(this.#pos + 1) === 42) {
        const end = text.indexOf('*/', this.#pos + 2);
        if (end < 0) throw GIVE_UP;
        this.#pos = end + 2;
      } else {
        return;
      }
    }
  }
}
