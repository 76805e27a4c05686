/**
 * The escaping rule: a string that came from a config (a target name, a key, a `__ref__` path, a
 * tagged type, a parser's snippet of the text) is never written to a terminal as it is. Control
 * characters (C0 with ESC, BEL and CR; DEL; C1, which some terminals read as CSI), the Unicode line
 * and paragraph separators and the bidirectional overrides are shown as escapes, the way
 * `JSON.stringify` and `util.inspect` show them: `\u001b`, `\r`, `\t`. Every formatter of the CLI
 * and every error message goes through this one module, so a new output path cannot forget it.
 */

// C0 controls, DEL and C1, the line/paragraph separators, and the bidi embedding/override/isolate
// marks (which reorder what a terminal shows: "Trojan source").
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_ANY = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// The same without the C0 controls, which JSON.stringify escapes itself.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_JSON_ANY = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function escapeChar(char: string): string {
  return SHORT[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` safe to print on one line of a terminal: every control character (line feeds included),
 * DEL, C1, U+2028/U+2029 and bidi controls as `\n`, `\r`, `\t` or `\uXXXX`; everything else as is.
 */
export function printable(text: string): string {
  // A test first: most text has nothing to escape, and replace with a callback costs stack frames
  // (errors are made at the depth limit, where the stack is nearly used up).
  return UNSAFE_ANY.test(text) ? text.replace(UNSAFE, escapeChar) : text;
}

/** As {@link printable}, but keeps line feeds: for multi-line text the library itself laid out (stack traces). */
export function printableLines(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, escapeChar);
}

// As UNSAFE_BUT_NEWLINE, also keeping tabs: the layout of a config file.
const UNSAFE_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

/**
 * As {@link printableLines}, but keeps tabs and CRLF line ends too: for a config file's own text
 * printed back (`config-spec set` on YAML or JSONC), whose layout is the point. A lone CR (which
 * would move the cursor back over the line) is still escaped.
 */
export function printableFile(text: string): string {
  return text.replace(UNSAFE_BUT_LAYOUT, escapeChar);
}

/**
 * `text` as a JSON string literal that is also safe to print: `JSON.stringify(text)` with DEL, C1,
 * U+2028/U+2029 and bidi controls escaped as well (still valid JSON, `JSON.parse` reads it back).
 */
export function quote(text: string): string {
  const json = JSON.stringify(text);
  return UNSAFE_IN_JSON_ANY.test(json) ? json.replace(UNSAFE_IN_JSON, escapeChar) : json;
}

/**
 * `JSON.stringify(value, null, space)`, safe to print: the characters {@link quote} escapes can only
 * stand inside string literals, so escaping them in the whole text keeps it valid, equal JSON.
 * `undefined` for what `JSON.stringify` has no text for (`undefined`, a function, a symbol).
 */
export function printableJson(value: unknown, space?: number): string | undefined {
  const text = JSON.stringify(value, null, space) as string | undefined;
  return text?.replace(UNSAFE_IN_JSON, escapeChar);
}
