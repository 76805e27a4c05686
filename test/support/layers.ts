/**
 * The one-way rule of src/ (README, Layout): every module belongs to one layer of the README's layer
 * table, and imports (values and types alike) only from its own layer or those below it, with no cycle
 * anywhere. The checks are functions of plain data, so the test can also prove that they catch a cycle
 * and an upward import.
 */
import ts from 'typescript';

/** Module name (file name without `.ts`) → the names of the `src/` modules it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * The `src/` modules one source file names: `import` and `import type`, `export … from`, `import('…')`
 * (a call or a type), and `declare module '…'` augmentations. Only relative specifiers (`./x.js`) are
 * modules of src/; packages are not.
 */
export function importsOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = new Set<string>();
  const add = (specifier: ts.Node | undefined): void => {
    if (specifier === undefined || !ts.isStringLiteral(specifier)) return;
    const match = /^\.\/([a-z0-9-]+)\.js$/.exec(specifier.text);
    if (match !== null) found.add(match[1] as string);
    else if (specifier.text.startsWith('.')) throw new Error(`${fileName}: unexpected relative import "${specifier.text}"`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isModuleDeclaration(node)) add(node.name);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found];
}

/** One row group of the layer table: the layer's rank (1 = lowest), its name and its modules. */
export interface Layer {
  readonly rank: number;
  readonly name: string;
  readonly modules: readonly string[];
}

/**
 * The layer table of the README's "Layout" section: rows `| 3. registry | \`registry.ts\`, … | … |`,
 * several rows may share a layer.
 */
export function readLayerTable(readme: string): Layer[] {
  const start = readme.indexOf('\n## Layout');
  if (start < 0) throw new Error('the README has no "## Layout" section');
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const layers = new Map<number, { name: string; modules: string[] }>();
  for (const line of section.split('\n')) {
    const row = /^\|\s*(\d+)\.\s*([a-z-]+)\s*\|([^|]*)\|/.exec(line);
    if (row === null) continue;
    const rank = Number(row[1]);
    const name = row[2] as string;
    const layer = layers.get(rank) ?? { name, modules: [] };
    if (layer.name !== name) throw new Error(`layer ${String(rank)} is called both "${layer.name}" and "${name}"`);
    for (const module of (row[3] as string).matchAll(/`([a-z0-9-]+)\.ts`/g)) layer.modules.push(module[1] as string);
    layers.set(rank, layer);
  }
  return [...layers].map(([rank, { name, modules }]) => ({ rank, name, modules })).sort((a, b) => a.rank - b.rank);
}

/** Every cycle of the graph, as its strongly connected components of more than one module (or a self-import). */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (module: string): void => {
    index.set(module, counter);
    low.set(module, counter);
    counter++;
    stack.push(module);
    onStack.add(module);
    for (const next of graph.get(module) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        connect(next);
        low.set(module, Math.min(low.get(module) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(module, Math.min(low.get(module) as number, index.get(next) as number));
      }
    }
    if (low.get(module) === index.get(module)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== module);
      if (component.length > 1 || (graph.get(module) ?? []).includes(module)) cycles.push(component.sort());
    }
  };
  for (const module of graph.keys()) if (!index.has(module)) connect(module);
  return cycles;
}

/**
 * What breaks the one-way rule: modules the table does not list (or lists twice, or lists but do not
 * exist), imports of a module in a higher layer, and import cycles. Empty when the rule holds.
 */
export function layerProblems(graph: ImportGraph, layers: readonly Layer[]): string[] {
  const problems: string[] = [];
  const rankOf = new Map<string, number>();
  for (const layer of layers) {
    for (const module of layer.modules) {
      if (rankOf.has(module)) problems.push(`${module}.ts is listed in two layers`);
      rankOf.set(module, layer.rank);
      if (!graph.has(module)) problems.push(`${module}.ts is in the layer table but not in src/`);
    }
  }
  for (const [module, imports] of graph) {
    const rank = rankOf.get(module);
    if (rank === undefined) {
      problems.push(`${module}.ts is in no layer of the README's Layout table`);
      continue;
    }
    for (const imported of imports) {
      const importedRank = rankOf.get(imported);
      if (importedRank !== undefined && importedRank > rank) {
        problems.push(`${module}.ts (layer ${String(rank)}) imports ${imported}.ts from layer ${String(importedRank)}, above it`);
      }
    }
  }
  for (const cycle of importCycles(graph)) problems.push(`import cycle among ${cycle.map((m) => `${m}.ts`).join(', ')}`);
  return problems;
}
