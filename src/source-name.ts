/**
 * Names a bundler or minifier may have changed. A registered name read from `Function.name` must not
 * depend on what a build tool did to it without the user knowing: esbuild renames `function relu`
 * to `relu2` when another `relu` shares its scope (and with `keepNames` then sets `Function.name`
 * back to `"relu"`), and minifiers shorten names to a letter or two. What can be compared is the
 * name `Function.name` reports and the name in the function's own source text.
 */
import type { Callable } from './callable.js';

// The name a function or class declaration/expression gives itself in its own text. Methods,
// arrow functions and anonymous expressions name nothing.
const OWN_NAME = /^(?:async\s*)?(?:function\s*\*?\s*|class\s+(?!extends\b))([\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*)/u;

/** `fn`'s source text, or `undefined` when reading it throws (a revoked Proxy). */
function sourceText(fn: Callable): string | undefined {
  try {
    return Function.prototype.toString.call(fn);
  } catch {
    return undefined;
  }
}

/**
 * True when `text` reads like a minifier's output: one line, and white space only between two word
 * characters (`class e extends t{constructor(n,r){`). Written code, and what tsc compiles, has line
 * breaks or white space beside punctuation (`) {`, `, `, `= `), even on one line.
 */
function textLooksMinified(text: string): boolean {
  return !text.includes('\n') && !/[^\w$\s]\s|\s[^\w$\s]/u.test(text);
}

/** The name in `fn`'s own source text (`function relu2(…)` → `"relu2"`), or `undefined` when it has none. */
export function sourceNameOf(fn: Callable): string | undefined {
  const text = sourceText(fn);
  return text === undefined ? undefined : OWN_NAME.exec(text)?.[1];
}

/**
 * Why a name taken from `fn.name` (or a decorator's context) cannot be trusted as a target name, or
 * `undefined` when it can: it is one or two characters long and `fn`'s source reads like a
 * minifier's (`class G{constructor(e,n){…}}`), or the source text of `fn` names it differently (a
 * bundler renamed it). A short name in written code (`class Id {`) is trusted.
 */
export function untrustedNameReason(name: string, fn: Callable): string | undefined {
  const text = sourceText(fn);
  if (name.length > 0 && name.length <= 2 && text !== undefined && textLooksMinified(text)) {
    return `"${name}" looks like a minified name (one or two characters, in minified source)`;
  }
  // The common case without the Unicode regular expression, which a fresh process registering many
  // classes would run cold for each (issue 10): the text starts `class <name>` or
  // `function <name>` with one space, and the name ends there (the next character is ASCII and no
  // identifier character). The expression reads exactly that text as naming `name`.
  if (text !== undefined && name.length > 0 && (startsWithName(text, 'class ', name) || startsWithName(text, 'function ', name))) return undefined;
  const own = text === undefined ? undefined : OWN_NAME.exec(text)?.[1];
  if (own !== undefined && own !== name) {
    return `its name "${name}" differs from "${own}" in its own source text, so a bundler or minifier renamed it`;
  }
  return undefined;
}

// True when `text` is `head` then `name`, then a character that ends an identifier: ASCII, not a
// letter, digit, `_` or `$` (a non-ASCII one may continue it; the regular expression decides).
function startsWithName(text: string, head: string, name: string): boolean {
  if (!text.startsWith(head) || !text.startsWith(name, head.length)) return false;
  const next = text.charCodeAt(head.length + name.length);
  return next < 128 && !((next >= 97 && next <= 122) || (next >= 65 && next <= 90) || (next >= 48 && next <= 57) || next === 95 || next === 36);
}

/**
 * True when parameter `names` read from `fn`'s source look like a minifier's: at least two, none
 * longer than two characters, in source text that reads like a minifier's. Used for a hint in
 * error messages, never to refuse anything.
 */
export function looksMinified(fn: Callable, names: readonly string[]): boolean {
  if (names.length < 2 || names.some((name) => name.length > 2)) return false;
  const text = sourceText(fn);
  return text !== undefined && textLooksMinified(text);
}
