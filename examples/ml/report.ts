/**
 * report.svg: the learning curves (loss on the training and the held-out points, log scale) and the
 * model's decision boundary over the plane with the points on it. Plain SVG text written by hand: no
 * plotting dependency, and the same run always gives the same bytes (no timestamps, fixed rounding),
 * so the README's committed picture changes only when the run does.
 */
import type { Split } from './data.js';
import type { EvalPoint } from './train.js';

export interface ReportInput {
  /** Shown escaped: it may hold strings from a config file. */
  readonly title: string;
  /** Lines under the title, shown escaped too. */
  readonly subtitle: readonly string[];
  readonly history: readonly EvalPoint[];
  /** Steps where the run was resumed from a checkpoint, marked on the curves. */
  readonly resumedAt: readonly number[];
  readonly data: Split;
  /** The model's logit at a point. */
  readonly logit: (x: readonly number[]) => number;
}

const WIDTH = 900;
const HEIGHT = 456;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
const INK = '#1a202c';
const MUTED = '#718096';
const GRID = '#e2e8f0';
const CURVES = { train: '#2b6cb0', validation: '#dd6b20' };
const CLASSES = ['#3182ce', '#e53e3e'] as const; // class 0, class 1
const CELLS = 72; // decision-boundary grid resolution per side
const SHADES = 6; // probability levels per class: few enough for long runs of equal cells

/** The whole report as SVG text. */
export function reportSvg(input: ReportInput): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ${FONT}>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="24" y="30" font-size="17" font-weight="600" fill="${INK}">${escapeXml(input.title)}</text>`,
    ...input.subtitle.map((line, k) => `<text x="24" y="${50 + 17 * k}" font-size="12.5" fill="${MUTED}">${escapeXml(line)}</text>`),
    lossPanel(input, { x: 74, y: 110, width: 370, height: 280 }),
    boundaryPanel(input, { x: 520, y: 100, width: 320, height: 320 }),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function lossPanel(input: ReportInput, box: Box): string {
  const { history } = input;
  const out: string[] = [];
  const last = history.at(-1)?.step ?? 0;
  const losses = history.flatMap((p) => [p.train.loss, p.validation.loss]).filter((l) => l > 0);
  const low = Math.log10(Math.min(...losses, 1));
  const high = Math.log10(Math.max(...losses, 0.01));
  const [y0, y1] = [Math.floor(low * 2) / 2, Math.ceil(high * 2) / 2]; // half-decade bounds
  const sx = (step: number): number => box.x + (box.width * step) / Math.max(1, last);
  const sy = (loss: number): number => box.y + box.height * (1 - (Math.log10(Math.max(loss, 1e-12)) - y0) / (y1 - y0 || 1));

  out.push(`<text x="${box.x}" y="${box.y - 12}" font-size="13" font-weight="600" fill="${INK}">Loss (binary cross-entropy, log scale)</text>`);
  for (const tick of logTicks(y0, y1)) {
    const y = fmt(sy(tick));
    out.push(`<line x1="${box.x}" y1="${y}" x2="${box.x + box.width}" y2="${y}" stroke="${GRID}"/>`);
    out.push(`<text x="${box.x - 6}" y="${y}" dy="4" font-size="11" text-anchor="end" fill="${MUTED}">${tickLabel(tick)}</text>`);
  }
  for (const tick of niceTicks(last)) {
    const x = fmt(sx(tick));
    out.push(`<line x1="${x}" y1="${box.y + box.height}" x2="${x}" y2="${box.y + box.height + 4}" stroke="${MUTED}"/>`);
    out.push(`<text x="${x}" y="${box.y + box.height + 17}" font-size="11" text-anchor="middle" fill="${MUTED}">${tick}</text>`);
  }
  out.push(`<text x="${box.x + box.width / 2}" y="${box.y + box.height + 34}" font-size="11.5" text-anchor="middle" fill="${MUTED}">step</text>`);
  out.push(`<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="none" stroke="${MUTED}"/>`);
  for (const step of input.resumedAt) {
    const x = fmt(sx(step));
    out.push(`<line x1="${x}" y1="${box.y}" x2="${x}" y2="${box.y + box.height}" stroke="${MUTED}" stroke-dasharray="3 3"/>`);
    out.push(`<text x="${x}" y="${box.y + 13}" dx="4" font-size="11" fill="${MUTED}">resumed</text>`);
  }
  for (const set of ['train', 'validation'] as const) {
    const points = history.map((p) => `${fmt(sx(p.step))},${fmt(sy(p[set].loss))}`).join(' ');
    const dash = set === 'validation' ? ' stroke-dasharray="6 3"' : '';
    out.push(`<polyline points="${points}" fill="none" stroke="${CURVES[set]}" stroke-width="2"${dash}/>`);
  }
  // The legend, with the final figures of each set.
  const end = history.at(-1);
  (['train', 'validation'] as const).forEach((set, k) => {
    const y = box.y + 22 + k * 18;
    const x = box.x + box.width - 196;
    const dash = set === 'validation' ? ' stroke-dasharray="6 3"' : '';
    const figures = end === undefined ? '' : `  ${end[set].loss.toFixed(4)}, ${percent(end[set].accuracy)}`;
    out.push(`<line x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}" stroke="${CURVES[set]}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${x + 28}" y="${y}" dy="4" font-size="11.5" fill="${INK}">${set === 'train' ? 'train' : 'held out'}${figures}</text>`);
  });
  return out.join('\n');
}

function boundaryPanel(input: ReportInput, box: Box): string {
  const { data } = input;
  const all = [...data.train.x, ...data.validation.x];
  const extent = Math.max(...all.flatMap(([a, b]) => [Math.abs(a!), Math.abs(b!)]), 1) * 1.08;
  const sx = (x: number): number => box.x + (box.width * (x + extent)) / (2 * extent);
  const sy = (y: number): number => box.y + box.height * (1 - (y + extent) / (2 * extent));
  const at = (i: number): number => -extent + (2 * extent * i) / CELLS; // grid line i → plane coordinate
  const out: string[] = [];
  out.push(`<text x="${box.x}" y="${box.y - 2}" font-size="13" font-weight="600" fill="${INK}">Decision boundary</text>`);
  const top = box.y + 8;
  const panel = { ...box, y: top };
  const py = (y: number): number => sy(y) + 8;

  // The model's logit at the grid's corners: cell shading from their mean, the boundary from their signs.
  const logits = Array.from({ length: CELLS + 1 }, (_, j) => Array.from({ length: CELLS + 1 }, (_, i) => input.logit([at(i), at(j)])));
  const cell = box.width / CELLS;
  // One path per shade, one rectangle per run of equal shade along a row: a small file.
  const runs = new Map<number, string[]>();
  for (let j = 0; j < CELLS; j++) {
    let runStart = 0;
    for (let i = 1; i <= CELLS; i++) {
      const level = shade(logits, runStart, j);
      if (i < CELLS && shade(logits, i, j) === level) continue;
      if (level !== 0) {
        const w = fmt((i - runStart) * cell);
        const rect = `M${fmt(panel.x + runStart * cell)} ${fmt(py(at(j + 1)))}h${w}v${fmt(cell)}h-${w}z`;
        const list = runs.get(level);
        if (list === undefined) runs.set(level, [rect]);
        else list.push(rect);
      }
      runStart = i;
    }
  }
  for (const level of [...runs.keys()].sort((a, b) => a - b)) {
    const color = CLASSES[level > 0 ? 1 : 0];
    const opacity = fmt((0.3 * Math.abs(level)) / SHADES, 3);
    out.push(`<path d="${runs.get(level)!.join('')}" fill="${color}" fill-opacity="${opacity}" shape-rendering="crispEdges"/>`);
  }
  out.push(`<path d="${contour(logits, (i) => fmt(sx(at(i))), (j) => fmt(py(at(j))))}" fill="none" stroke="${INK}" stroke-width="1.5"/>`);
  out.push(`<rect x="${panel.x}" y="${panel.y}" width="${panel.width}" height="${panel.height}" fill="none" stroke="${MUTED}"/>`);
  // The points: training points filled, held-out points as rings.
  data.train.x.forEach(([a, b], k) => {
    out.push(`<circle cx="${fmt(sx(a!))}" cy="${fmt(py(b!))}" r="2.3" fill="${CLASSES[data.train.y[k]! > 0.5 ? 1 : 0]}" fill-opacity="0.8"/>`);
  });
  data.validation.x.forEach(([a, b], k) => {
    out.push(`<circle cx="${fmt(sx(a!))}" cy="${fmt(py(b!))}" r="3.4" fill="#ffffff" stroke="${CLASSES[data.validation.y[k]! > 0.5 ? 1 : 0]}" stroke-width="1.6"/>`);
  });
  const ly = panel.y + panel.height + 18;
  out.push(`<circle cx="${panel.x + 6}" cy="${ly - 4}" r="3" fill="${MUTED}"/><text x="${panel.x + 14}" y="${ly}" font-size="11.5" fill="${INK}">train</text>`);
  out.push(`<circle cx="${panel.x + 62}" cy="${ly - 4}" r="3.4" fill="#ffffff" stroke="${MUTED}" stroke-width="1.6"/><text x="${panel.x + 71}" y="${ly}" font-size="11.5" fill="${INK}">held out</text>`);
  out.push(`<line x1="${panel.x + 140}" y1="${ly - 4}" x2="${panel.x + 162}" y2="${ly - 4}" stroke="${INK}" stroke-width="1.5"/><text x="${panel.x + 168}" y="${ly}" font-size="11.5" fill="${INK}">p = 0.5</text>`);
  out.push(`<rect x="${panel.x + 226}" y="${ly - 9}" width="10" height="10" fill="${CLASSES[0]}"/><text x="${panel.x + 240}" y="${ly}" font-size="11.5" fill="${INK}">0</text>`);
  out.push(`<rect x="${panel.x + 256}" y="${ly - 9}" width="10" height="10" fill="${CLASSES[1]}"/><text x="${panel.x + 270}" y="${ly}" font-size="11.5" fill="${INK}">1</text>`);
  return out.join('\n');
}

/** The shade of cell (i, j): −SHADES…SHADES, by how sure the model is of class 0 or class 1 there. */
function shade(logits: readonly (readonly number[])[], i: number, j: number): number {
  const mean = (logits[j]![i]! + logits[j]![i + 1]! + logits[j + 1]![i]! + logits[j + 1]![i + 1]!) / 4;
  const p = 1 / (1 + Math.exp(-mean));
  return Math.round((p - 0.5) * 2 * SHADES);
}

/** The logit's zero line by marching squares: one segment per cell it crosses, as SVG path data. */
function contour(logits: readonly (readonly number[])[], x: (i: number) => string, y: (j: number) => string): string {
  const segments: string[] = [];
  for (let j = 0; j < CELLS; j++) {
    for (let i = 0; i < CELLS; i++) {
      // Corners counter-clockwise from (i, j); an edge is crossed where its ends differ in sign.
      const corners: [number, number][] = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const crossings: string[] = [];
      for (let c = 0; c < 4; c++) {
        const [ai, aj] = corners[c]!;
        const [bi, bj] = corners[(c + 1) % 4]!;
        const a = logits[aj]![ai]!;
        const b = logits[bj]![bi]!;
        if (a > 0 === b > 0) continue;
        const t = a / (a - b); // where the straight line between the two values is zero
        crossings.push(`${x(ai + t * (bi - ai))} ${y(aj + t * (bj - aj))}`);
      }
      // Two crossings: one segment; four (a saddle): two, pairing neighbouring edges.
      for (let s = 0; s + 1 < crossings.length; s += 2) segments.push(`M${crossings[s]!}L${crossings[s + 1]!}`);
    }
  }
  return segments.join('');
}

/** Log-axis ticks: 1, 2 and 5 times each power of ten between 10^low and 10^high. */
function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(low); e <= Math.ceil(high); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      const l = Math.log10(v);
      if (l >= low - 1e-9 && l <= high + 1e-9) ticks.push(v);
    }
  }
  return ticks;
}

function tickLabel(v: number): string {
  return Number(v.toPrecision(1)).toString();
}

/** About five round ticks from 0 to `max`. */
function niceTicks(max: number): number[] {
  if (max <= 0) return [0];
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) ticks.push(Math.round(t));
  return ticks;
}

const fmt = (v: number, digits = 1): string => Number(v.toFixed(digits)).toString();
const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Text made safe inside an SVG element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
