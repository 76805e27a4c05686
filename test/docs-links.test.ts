import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorsOf, brokenLinks, linksOf } from './support/doc-links.js';
import { repoRoot } from './support/dist.js';

// The README is a map of the guides in docs/: a guide moved or a heading renamed must not leave a
// link pointing nowhere.

const root = repoRoot();
const guides = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).sort();

describe('docs: the README and the guides link to what exists', () => {
  it('the README links every guide in docs/', () => {
    expect(guides.length).to.be.greaterThan(5);
    const links = linksOf(readFileSync(join(root, 'README.md'), 'utf8'));
    for (const guide of guides) expect(links, guide).to.include(`docs/${guide}`);
  });

  it('every relative link of the README and of each guide names a file and heading that exist', () => {
    const files = ['README.md', ...guides.map((guide) => `docs/${guide}`)];
    // Non-vacuity: the pages do link to each other's headings.
    const anchored = files.flatMap((file) => linksOf(readFileSync(join(root, file), 'utf8'))).filter((link) => link.includes('.md#'));
    expect(anchored.length).to.be.greaterThan(10);
    expect(files.flatMap((file) => brokenLinks(root, file))).to.deep.equal([]);
  });

  it('finds a link to a missing file, a missing heading, and reads headings as GitHub anchors them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-spec-links-'));
    writeFileSync(join(dir, 'a.md'), '# Other formats: Python configs, YAML, JSONC\n\n## Notes\n\n## Notes\n\n```\n## not a heading\n```\n');
    writeFileSync(join(dir, 'b.md'), '[ok](a.md#other-formats-python-configs-yaml-jsonc) [ok](a.md#notes-1) [bad](a.md#not-a-heading) [gone](c.md) `[code](c.md)` [web](https://example.com)\n');
    expect([...anchorsOf(readFileSync(join(dir, 'a.md'), 'utf8'))]).to.deep.equal(['other-formats-python-configs-yaml-jsonc', 'notes', 'notes-1']);
    expect(brokenLinks(dir, 'b.md')).to.deep.equal(['b.md: a.md#not-a-heading: no heading #not-a-heading in a.md', 'b.md: c.md: no file c.md']);
  });
});
