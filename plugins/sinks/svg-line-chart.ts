/**
 * A small, dependency-free SVG line-chart renderer for learning curves. Output is a pure function
 * of the input (coordinates printed with two decimals, no ids or timestamps), so the same run
 * gives the same `curve.svg` bytes.
 *
 * Why not vega-lite: it pulls in dozens of packages and a headless renderer to draw one line with
 * axes; this file is ~200 lines and has no dependencies.
 */

/** One point; `low`/`high` draw a shaded band (e.g. mean ± std of eval returns). */
export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  readonly low?: number;
  readonly high?: number;
}

/** One named line. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

/** Layout and labels of {@link renderLineChart}. */
export interface LineChartOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Pixels; default 640 x 400. */
  readonly width?: number;
  readonly height?: number;
  /** A horizontal dashed reference line, e.g. the `stop.meanReturn` target. */
  readonly target?: { readonly y: number; readonly label: string };
}

/** Colour-blind-safe palette (Okabe & Ito, 2008). */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];

const MARGIN = { top: 48, right: 24, bottom: 52, left: 68 };

/**
 * Renders line series as an SVG document: axes with "nice" ticks (1, 2, 5 × 10^k), tick labels,
 * axis labels, a title, a legend, and optional shaded bands and a target line.
 *
 * @example
 * ```ts
 * const svg = renderLineChart([{ name: 'eval return', points: [{ x: 0, y: 9 }, { x: 1000, y: 120 }] }],
 *   { title: 'CartPole-v1', xLabel: 'steps', yLabel: 'mean return' });
 * writeFileSync('curve.svg', svg);
 * ```
 */
export function renderLineChart(series: readonly ChartSeries[], options: LineChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const points = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xs = points.map((p) => p.x);
  const ys = points.flatMap((p) => [p.y, p.low ?? p.y, p.high ?? p.y]).filter(Number.isFinite);
  if (options.target && Number.isFinite(options.target.y)) ys.push(options.target.y);
  const xAxis = niceAxis(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1);
  const yAxis = niceAxis(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1);
  const sx = (x: number) => MARGIN.left + ((x - xAxis.min) / (xAxis.max - xAxis.min)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((y - yAxis.min) / (yAxis.max - yAxis.min)) * plotH;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (options.title) out.push(`<text x="${fmt(width / 2)}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`);

  // Grid and ticks.
  const xScale = Math.max(...xAxis.ticks.map(Math.abs));
  const yScale = Math.max(...yAxis.ticks.map(Math.abs));
  for (const t of yAxis.ticks) {
    const y = fmt(sy(t));
    out.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${formatTick(t, yAxis.step, yScale)}</text>`);
  }
  for (const t of xAxis.ticks) {
    const x = fmt(sx(t));
    out.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + plotH}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${formatTick(t, xAxis.step, xScale)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333333"/>`);
  if (options.xLabel) out.push(`<text x="${fmt(MARGIN.left + plotW / 2)}" y="${height - 12}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  if (options.yLabel) {
    const cy = fmt(MARGIN.top + plotH / 2);
    out.push(`<text x="16" y="${cy}" text-anchor="middle" transform="rotate(-90 16 ${cy})">${escapeXml(options.yLabel)}</text>`);
  }
  if (options.target && Number.isFinite(options.target.y)) {
    const y = fmt(sy(options.target.y));
    out.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#666666" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${MARGIN.left + plotW - 4}" y="${fmt(sy(options.target.y) - 5)}" text-anchor="end" fill="#666666">${escapeXml(options.target.label)}</text>`);
  }

  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const valid = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    const banded = valid.filter((p) => p.low !== undefined && p.high !== undefined && Number.isFinite(p.low) && Number.isFinite(p.high));
    if (banded.length > 1) {
      const upper = banded.map((p) => `${fmt(sx(p.x))},${fmt(sy(p.high!))}`);
      const lower = banded.map((p) => `${fmt(sx(p.x))},${fmt(sy(p.low!))}`).reverse();
      out.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.15" stroke="none"/>`);
    }
    if (valid.length > 1) out.push(`<polyline points="${valid.map((p) => `${fmt(sx(p.x))},${fmt(sy(p.y))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of valid.length <= 50 ? valid : []) out.push(`<circle cx="${fmt(sx(p.x))}" cy="${fmt(sy(p.y))}" r="2.5" fill="${color}"/>`);
  });
  if (points.length === 0) {
    out.push(`<text x="${fmt(MARGIN.left + plotW / 2)}" y="${fmt(MARGIN.top + plotH / 2)}" text-anchor="middle" fill="#888888">no data yet</text>`);
  }

  // Legend: one row under the title, left to right.
  let lx = MARGIN.left;
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    out.push(`<line x1="${lx}" y1="36" x2="${lx + 18}" y2="36" stroke="${color}" stroke-width="3"/>`);
    out.push(`<text x="${lx + 24}" y="36" dominant-baseline="middle">${escapeXml(s.name)}</text>`);
    lx += 24 + 7 * s.name.length + 20;
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** An axis range widened to whole "nice" steps, with its ticks. */
export interface NiceAxis {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly ticks: readonly number[];
}

/**
 * Extends [lo, hi] outward to multiples of a step of 1, 2 or 5 × 10^k chosen to give about
 * `count` intervals (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
 *
 * @example
 * ```ts
 * niceAxis(3, 97); // { min: 0, max: 100, step: 20, ticks: [0, 20, 40, 60, 80, 100] }
 * ```
 */
export function niceAxis(lo: number, hi: number, count = 5): NiceAxis {
  if (hi < lo) [lo, hi] = [hi, lo];
  // A (near-)flat range gets padding: steps below ~1e-12 of the values' scale would only show
  // rounding noise (and underflow for denormals).
  const scale = Math.max(1, Math.abs(lo), Math.abs(hi));
  if (hi - lo < scale * 1e-12) {
    const pad = Math.abs(lo) < 1e-12 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / count);
  let min = Math.floor(lo / step) * step;
  let max = Math.ceil(hi / step) * step;
  // lo / step can round to zero for tiny values; never cut off data.
  if (min > lo) min -= step;
  if (max < hi) max += step;
  const ticks: number[] = [];
  const n = Math.round((max - min) / step);
  // Ticks from integer multiples (not repeated addition), rounded to the step's decimals, so
  // labels never read 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let i = 0; i <= n; i++) ticks.push(Number((min + i * step).toFixed(Math.min(decimals, 20))));
  return { min: ticks[0]!, max: ticks[ticks.length - 1]!, step, ticks };
}

function niceStep(raw: number): number {
  const exponent = Math.floor(Math.log10(raw));
  const base = 10 ** exponent;
  const fraction = raw / base;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return Number((nice * base).toPrecision(12));
}

/**
 * Tick label. Axes reaching 10,000 (`scale`, the largest |tick|) label every tick in thousands
 * (`k`), and from 10^6 in millions (`M`), so one axis never mixes `5000` and `10k`; otherwise
 * the step's decimals.
 */
export function formatTick(value: number, step: number, scale: number = Math.abs(value)): string {
  if (value === 0) return '0';
  for (const [unit, suffix, from] of [[1e6, 'M', 1e6], [1e3, 'k', 1e4]] as const) {
    if (scale >= from && step >= unit / 10) {
      const decimals = Math.max(0, Math.round(Math.log10(unit)) - Math.floor(Math.log10(step)));
      return `${trim((value / unit).toFixed(decimals))}${suffix}`;
    }
  }
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const text = value.toFixed(Math.min(decimals, 20));
  return text === '-0' ? '0' : text;
}

function trim(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function fmt(value: number): string {
  return value.toFixed(2);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
