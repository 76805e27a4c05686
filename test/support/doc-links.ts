/**
 * The links of the README and the guides in docs/: every relative link must name a file of the
 * repository and, when it has one, an anchor (a heading) of that file, as GitHub makes them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text's headings (outside code fences), a repeated one suffixed `-1`, `-2`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.*)$/.exec(line);
    if (heading === null) continue;
    const base = headingAnchor(heading[1] as string);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${String(count)}`);
  }
  return anchors;
}

/** The link targets of a Markdown text (outside code fences and inline code): `[label](target)`. */
export function linksOf(markdown: string): string[] {
  const links: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/\]\(([^)\s]+)\)/g)) links.push(match[1] as string);
  }
  return links;
}

/**
 * What is wrong with the relative links of the Markdown file `file` (a path under `root`): one line
 * per link to a missing file or anchor. Links with a scheme (`https:`) are not followed.
 */
export function brokenLinks(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const problems: string[] = [];
  for (const link of linksOf(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue;
    const hash = link.indexOf('#');
    const path = hash < 0 ? link : link.slice(0, hash);
    const anchor = hash < 0 ? undefined : link.slice(hash + 1);
    const target = path === '' ? join(root, file) : join(root, dirname(file), path);
    if (!existsSync(target)) {
      problems.push(`${file}: ${link}: no file ${relative(root, target)}`);
      continue;
    }
    if (anchor !== undefined && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) {
      problems.push(`${file}: ${link}: no heading #${anchor} in ${relative(root, target)}`);
    }
  }
  return problems;
}
