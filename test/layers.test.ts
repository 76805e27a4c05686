import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/dist.js';
import { importCycles, importsOf, layerProblems, readLayerTable, type Layer } from './support/layers.js';

// Issue 10, item 1 (DESIGN §9, Layers): src/ is layered as the README's Layout table says, and no
// module imports, by value or by type, from a module above it; there is no import cycle.

const root = repoRoot();
const src = join(root, 'src');

function sourceGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(src).filter((name) => name.endsWith('.ts')).sort()) {
    graph.set(file.slice(0, -3), importsOf(file, readFileSync(join(src, file), 'utf8')));
  }
  return graph;
}

describe('layers: the one-way rule of src/', () => {
  const layers = readLayerTable(readFileSync(join(root, 'README.md'), 'utf8'));

  it('the README has a layer table, lowest first, with every module of src/ in one layer', () => {
    expect(layers.map((layer) => layer.rank)).to.deep.equal(layers.map((_, i) => i + 1));
    expect(layers.length).to.be.greaterThan(4);
    const listed = layers.flatMap((layer) => layer.modules).sort();
    expect(listed).to.deep.equal([...sourceGraph().keys()].sort());
  });

  it('no module of src/ imports (values or types) from a layer above its own, and no import cycle', () => {
    const graph = sourceGraph();
    // Non-vacuity: the graph is the real one (the modules every build goes through import each other).
    expect(graph.get('spec')).to.include('registry');
    expect(graph.get('registry')).to.include('registration');
    expect(layerProblems(graph, layers)).to.deep.equal([]);
  });

  it('Spec and Registry are exported from the module that attaches their upper methods', () => {
    // The entry point must reach them through methods.ts, which installs spec.instantiate() & co.
    expect(importsOf('index.ts', readFileSync(join(src, 'index.ts'), 'utf8'))).to.include('methods');
    expect(readFileSync(join(src, 'index.ts'), 'utf8')).to.match(/export \{ Registry, Spec \} from '\.\/methods\.js';/);
  });
});

describe('layers: the checker itself', () => {
  const table: Layer[] = [
    { rank: 1, name: 'base', modules: ['a', 'b'] },
    { rank: 2, name: 'top', modules: ['c'] },
  ];

  it('finds every kind of import: value, type, re-export, import() and module augmentation', () => {
    const text = [
      "import { x } from './a.js';",
      "import type { Y } from './b.js';",
      "export { z } from './c.js';",
      "export * from './d.js';",
      "type T = import('./e.js').T;",
      "const later = import('./f.js');",
      "declare module './g.js' { interface G { g: number } }",
      "import { parse } from 'acorn';",
    ].join('\n');
    expect(importsOf('x.ts', text).sort()).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('reports an upward import, even a type-only one', () => {
    const graph = new Map(Object.entries({ a: ['c'], b: [], c: ['a'] }));
    expect(layerProblems(graph, table)).to.include('a.ts (layer 1) imports c.ts from layer 2, above it');
  });

  it('reports a cycle inside one layer', () => {
    const graph = new Map(Object.entries({ a: ['b'], b: ['a'], c: ['a'] }));
    expect(importCycles(graph)).to.deep.equal([['a', 'b']]);
    expect(layerProblems(graph, table)).to.deep.equal(['import cycle among a.ts, b.ts']);
  });

  it('reports modules missing from the table, listed twice, or listed but absent', () => {
    const graph = new Map(Object.entries({ a: [], b: [], x: [] }));
    const twice: Layer[] = [...table, { rank: 3, name: 'more', modules: ['a'] }];
    expect(layerProblems(graph, twice)).to.have.members([
      'a.ts is listed in two layers',
      'c.ts is in the layer table but not in src/',
      'x.ts is in no layer of the README\'s Layout table',
    ]);
  });

  it('reads the layer rows of the README format', () => {
    const readme = '# x\n\n## Layout\n\n| layer | modules | concept |\n| --- | --- | --- |\n| 1. base | `a.ts`, `b.ts` | … |\n| 1. base | `c.ts` | … |\n| 2. top | `d.ts` | … |\n\n## Next\n| 3. no | `e.ts` | |\n';
    expect(readLayerTable(readme)).to.deep.equal([
      { rank: 1, name: 'base', modules: ['a', 'b', 'c'] },
      { rank: 2, name: 'top', modules: ['d'] },
    ]);
  });
});
