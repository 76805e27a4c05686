/**
 * Paths into a config tree, as the user sees the JSON: identifier keys joined by `.`, array indices
 * as `[n]`, other keys as `["…"]` (JSON-quoted); the root is `""`. Example: `model.layers[2].act`.
 *
 * Walkers carry a {@link PathNode} chain instead of a string, so a path costs one small object per
 * level and is only formatted when an error (or a reference) needs it.
 */

import { quote } from './printable.js';

/** One step of a path: a parent chain plus an object key or an array index. */
export interface PathNode {
  readonly parent: PathNode | undefined;
  readonly key: string | number;
}

/** The root of every tree. */
export const ROOT: PathNode | undefined = undefined;

/** The path one step below `parent`. */
export function child(parent: PathNode | undefined, key: string | number): PathNode {
  return { parent, key };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends one key or index to a formatted path. */
export function appendPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${String(key)}]`;
  if (IDENTIFIER.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${quote(key)}]`;
}

/** Formats a path chain: `model.layers[2].act`. */
export function formatPath(node: PathNode | undefined): string {
  const keys: (string | number)[] = [];
  for (let at = node; at !== undefined; at = at.parent) keys.push(at.key);
  let path = '';
  for (let i = keys.length - 1; i >= 0; i--) path = appendPath(path, keys[i] as string | number);
  return path;
}

/**
 * Splits a formatted path into its keys; the inverse of {@link formatPath}. Returns `undefined`
 * when the text is not a path of this grammar.
 */
export function parsePath(text: string): (string | number)[] | undefined {
  const keys: (string | number)[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      const close = findClose(text, i);
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close);
      if (/^(0|[1-9][0-9]*)$/.test(inner)) keys.push(Number(inner));
      else {
        let key: unknown;
        try {
          key = JSON.parse(inner);
        } catch {
          return undefined;
        }
        if (typeof key !== 'string') return undefined;
        keys.push(key);
      }
      i = close + 1;
      continue;
    }
    if (text[i] === '.') {
      if (keys.length === 0) return undefined;
      i++;
    } else if (keys.length > 0) return undefined;
    const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i));
    if (match === null) return undefined;
    keys.push(match[0]);
    i += match[0].length;
  }
  return keys;
}

// The `]` closing the bracket at `open`, skipping over a JSON string inside it.
function findClose(text: string, open: number): number {
  let i = open + 1;
  if (text[i] === '"') {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  }
  while (i < text.length && text[i] !== ']') i++;
  return i < text.length ? i : -1;
}
