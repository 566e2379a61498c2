/**
 * The loss curves of a run as an SVG (and a PNG rendered from it by sharp): one panel per
 * loss term, training values (thin) with an exponential moving average (thick), and the
 * validation values as dots joined by a dashed line; where the run measured them, a last
 * panel with each loss term's gradient norm on a log scale (which term drives training).
 */
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { exists, liveMetrics, readJson, readMetrics, RUN_FILES, type RunRecord } from './run-folder';

type Row = Record<string, number | string>;

const PANEL_W = 640;
const PANEL_H = 180;
const MARGIN = { left: 64, right: 16, top: 26, bottom: 30 };
const TRAIN_COLOUR = '#1f77b4';
const VAL_COLOUR = '#d62728';

/** Round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function ema(values: number[], alpha = 0.1): number[] {
  let m = values[0];
  return values.map((v) => (m = alpha * v + (1 - alpha) * m));
}

function fmt(v: number): string {
  if (Number.isInteger(v)) return String(v); // step counts and whole-number ticks as they are
  return Math.abs(v) >= 1e5 || Math.abs(v) < 0.01 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

interface PanelOptions {
  /** Fixed y range (default: the data's). */
  yRange?: [number, number];
  colour?: string;
  /** Title markup (default: the term's name). */
  title?: string;
}

function panel(term: string, train: Row[], val: Row[], y0: number, opts: PanelOptions = {}): string {
  const colour = opts.colour ?? TRAIN_COLOUR;
  const xs = train.map((r) => Number(r.step));
  const ys = train.map((r) => Number(r[term]));
  const vPts = val.filter((r) => Number.isFinite(Number(r[term]))).map((r) => [Number(r.step), Number(r[term])] as const);
  const allY = [...ys, ...vPts.map((p) => p[1])].filter(Number.isFinite);
  const xMax = Math.max(1, ...xs, ...vPts.map((p) => p[0]));
  const xMin = Math.min(xMax - 1, ...xs, ...vPts.map((p) => p[0]));
  let [yMin, yMax] = opts.yRange ?? [Math.min(...allY), Math.max(...allY)];
  if (yMax === yMin) {
    yMin -= 0.5;
    yMax += 0.5;
  }
  const w = PANEL_W - MARGIN.left - MARGIN.right;
  const h = PANEL_H - MARGIN.top - MARGIN.bottom;
  const X = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * w;
  const Y = (y: number) => y0 + MARGIN.top + h - ((y - yMin) / (yMax - yMin)) * h;
  const line = (pts: Array<readonly [number, number]>) => pts.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ');
  const parts: string[] = [];
  parts.push(`<text x="${MARGIN.left}" y="${y0 + 16}" font-size="13" font-weight="bold">${opts.title ?? term}</text>`);
  parts.push(`<rect x="${MARGIN.left}" y="${y0 + MARGIN.top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  for (const t of niceTicks(yMin, yMax)) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + w}" y1="${Y(t).toFixed(1)}" y2="${Y(t).toFixed(1)}" stroke="#eee"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${(Y(t) + 4).toFixed(1)}" font-size="11" text-anchor="end">${fmt(t)}</text>`);
  }
  for (const t of niceTicks(xMin, xMax)) {
    parts.push(`<text x="${X(t).toFixed(1)}" y="${y0 + MARGIN.top + h + 16}" font-size="11" text-anchor="middle">${fmt(t)}</text>`);
  }
  const pts = xs.map((x, i) => [x, ys[i]] as const).filter((p) => Number.isFinite(p[1]));
  if (pts.length) {
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-opacity="0.35" stroke-width="1" points="${line(pts)}"/>`);
    const smooth = ema(pts.map((p) => p[1]));
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${line(pts.map((p, i) => [p[0], smooth[i]] as const))}"/>`);
  }
  if (vPts.length) {
    parts.push(`<polyline fill="none" stroke="${VAL_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3" points="${line(vPts)}"/>`);
    for (const p of vPts) parts.push(`<circle cx="${X(p[0]).toFixed(1)}" cy="${Y(p[1]).toFixed(1)}" r="3" fill="${VAL_COLOUR}"/>`);
  }
  return parts.join('\n');
}

const TERM_COLOURS = ['#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** log10 of each term's gradient norm against the step, one colour per term, one shared y range. */
function gradientPanel(rows: Row[], y0: number): string {
  const terms = Object.keys(rows[0]).filter((k) => k !== 'kind' && k !== 'step' && k !== 'time');
  const logRows: Row[] = rows.map((r) => ({ step: r.step, ...Object.fromEntries(terms.map((t) => [t, Math.log10(Math.max(Number(r[t]), 1e-30))])) }));
  const all = logRows.flatMap((r) => terms.map((t) => Number(r[t])));
  const yRange: [number, number] = [Math.min(...all), Math.max(...all)];
  const colour = (i: number) => TERM_COLOURS[i % TERM_COLOURS.length];
  const title = `log10 gradient norm per term: ${terms.map((t, i) => `<tspan fill="${colour(i)}">${t}</tspan>`).join(', ')}`;
  return terms
    .map((t, i) => {
      const svg = panel(t, logRows, [], y0, { yRange, colour: colour(i), title });
      // The axes and title once; the other terms add their lines only.
      return i === 0 ? svg : svg.split('\n').filter((l) => l.startsWith('<polyline')).join('\n');
    })
    .join('\n');
}

/** The SVG for a run's metrics rows; `title` goes on top. */
export function lossCurveSvg(rows: Row[], title: string): string {
  const train = rows.filter((r) => r.kind === 'train');
  const val = rows.filter((r) => r.kind === 'val');
  const skip = new Set(['kind', 'step', 'time', 'imagesPerSec', 'stepMs', 'waitMs', 'loadMs', 'tensors']);
  const terms = Object.keys(train[0] ?? {}).filter((k) => !skip.has(k) && typeof train[0][k] === 'number');
  const grad = rows.filter((r) => r.kind === 'grad');
  const panels = Math.max(1, terms.length) + (grad.length ? 1 : 0);
  const height = 40 + panels * PANEL_H + 20;
  const body = [...terms.map((t, i) => panel(t, train, val, 40 + i * PANEL_H)), ...(grad.length ? [gradientPanel(grad, 40 + terms.length * PANEL_H)] : [])].join('\n');
  const legend =
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + 20}" y1="${height - 12}" y2="${height - 12}" stroke="${TRAIN_COLOUR}" stroke-width="2"/>` +
    `<text x="${MARGIN.left + 26}" y="${height - 8}" font-size="11">training (moving average; thin: logged values)</text>` +
    `<circle cx="${MARGIN.left + 330}" cy="${height - 12}" r="3" fill="${VAL_COLOUR}"/><text x="${MARGIN.left + 338}" y="${height - 8}" font-size="11">validation (held-out images)</text>`;
  const esc = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PANEL_W}" height="${height}" viewBox="0 0 ${PANEL_W} ${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${PANEL_W / 2}" y="24" font-size="15" text-anchor="middle">${esc}</text>
${body || `<text x="${PANEL_W / 2}" y="100" font-size="13" text-anchor="middle">no training steps logged yet</text>`}
${legend}
</svg>
`;
}

/** Writes loss-curve.svg and loss-curve.png into the run folder from its metrics.jsonl. */
export async function writeLossCurve(dir: string): Promise<void> {
  const record = (await exists(path.join(dir, RUN_FILES.config))) ? await readJson<RunRecord>(path.join(dir, RUN_FILES.config)) : null;
  const rows = liveMetrics(await readMetrics(dir), record?.resumes ?? []);
  const svg = lossCurveSvg(rows, `Loss: ${path.basename(dir)}`);
  await writeFile(path.join(dir, RUN_FILES.plotSvg), svg);
  await sharp(Buffer.from(svg)).png().toFile(path.join(dir, RUN_FILES.plotPng));
}
