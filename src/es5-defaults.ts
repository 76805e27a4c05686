/**
 * Optional parameters of code compiled to ES5 (or written that way), which has no default values in
 * the parameter list: TypeScript's `if (beta1 === void 0) { beta1 = 0.9; }`, hand-written
 * `x === undefined` / `typeof x === 'undefined'` / `x == null` tests, and `arguments.length` checks.
 * A parameter the function body tests for being absent is read as optional. Kept apart from the
 * parameter reader: it only looks at the body text, for names the reader found required.
 */

// Cheap prefilter: a body without any of these cannot test for an absent argument.
const MARKERS = /void 0|undefined|== ?null|arguments\.length/;

/**
 * The indexes (of `names`, the required plain parameters by position; `undefined` for others) that
 * the function source `text` tests for being absent.
 */
export function es5OptionalIndexes(text: string, names: readonly (string | undefined)[]): ReadonlySet<number> {
  if (!MARKERS.test(text)) return NONE;
  const optional = new Set<number>();
  names.forEach((name, i) => {
    if (name !== undefined && testsAbsent(text, name)) optional.add(i);
  });
  const from = argumentsLengthBound(text);
  if (from !== undefined) for (let i = from; i < names.length; i++) if (names[i] !== undefined) optional.add(i);
  return optional;
}

// What most functions give: nothing (shared, so the common case allocates nothing).
const NONE: ReadonlySet<number> = new Set();

function testsAbsent(text: string, name: string): boolean {
  const n = name.replace(/\$/g, '\\$');
  // Not preceded by `.` or a name character: `this.x === void 0` tests a property, not the parameter.
  const id = `(?<![.\\w$])${n}(?![\\w$])`;
  const absent = '(?:void 0|undefined)';
  return new RegExp(`${id}\\s*===?\\s*${absent}(?![\\w$])|(?<![\\w$])${absent}\\s*===?\\s*${id}|typeof\\s+${id}\\s*===?\\s*(['"])undefined\\1|${id}\\s*==\\s*null(?![\\w$])`).test(text);
}

// `arguments.length < 2` (so the second parameter may be absent) and its variants: the lowest
// parameter index such a test leaves absent.
function argumentsLengthBound(text: string): number | undefined {
  let lowest: number | undefined;
  for (const match of text.matchAll(/arguments\.length\s*(<=|>=|===?|!==?|<|>)\s*(\d+)/g)) {
    const n = Number(match[2]);
    const op = match[1];
    // `< n` and `>= n`: at most n - 1 given; `<= n`, `> n`, `=== n`, `!== n`: n given, n + 1 absent.
    const index = op === '<' || op === '>=' ? n - 1 : n;
    if (index >= 0 && (lowest === undefined || index < lowest)) lowest = index;
  }
  return lowest;
}
