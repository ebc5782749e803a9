import { ShapeError, formatShape } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** Options of {@link scatterSvg}. */
export interface ScatterSvgOptions {
  /** Mode centers to mark (red rings), e.g. `RING_8.centers`. */
  readonly centers?: readonly (readonly [number, number])[];
  /** Radius of the center rings in data units (e.g. 3 sigma), drawn when given. */
  readonly centerRadius?: number;
  /** A caption above the plot. */
  readonly title?: string;
  /** Side of the square plot in pixels (default 480). */
  readonly size?: number;
}

/**
 * A scatter plot of 2-D points `[n, 2]` as SVG text, with equal scales on both axes; the view
 * fits the points and the centers. Non-finite points are skipped.
 *
 * @example
 * ```ts
 * writeFileSync('samples.svg', scatterSvg(gan.sample(2500, rng), { centers: RING_8.centers, centerRadius: 0.03 }));
 * ```
 */
export function scatterSvg(points: Tensor, options: ScatterSvgOptions = {}): string {
  if (points.rank !== 2 || points.shape[1] !== 2) throw new ShapeError(`scatterSvg: points must be [n, 2], got ${formatShape(points.shape)}`);
  const size = options.size ?? 480;
  const centers = options.centers ?? [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < points.shape[0]!; i++) {
    const [x, y] = [points.data[2 * i]!, points.data[2 * i + 1]!];
    if (Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  const allX = [...xs, ...centers.map((c) => c[0])];
  const allY = [...ys, ...centers.map((c) => c[1])];
  const [minX, maxX] = allX.length > 0 ? [Math.min(...allX), Math.max(...allX)] : [-1, 1];
  const [minY, maxY] = allY.length > 0 ? [Math.min(...allY), Math.max(...allY)] : [-1, 1];
  const span = Math.max(maxX - minX, maxY - minY, 1e-6) * 1.1;
  const [cx, cy] = [(minX + maxX) / 2, (minY + maxY) / 2];
  const top = options.title === undefined ? 0 : 24;
  const px = (x: number): string => (((x - cx) / span + 0.5) * size).toFixed(1);
  const py = (y: number): string => (top + (0.5 - (y - cy) / span) * size).toFixed(1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size + top}" viewBox="0 0 ${size} ${size + top}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  if (options.title !== undefined) parts.push(`<text x="8" y="17" font-family="sans-serif" font-size="14">${escapeXml(options.title)}</text>`);
  parts.push('<g fill="#1f77b4" fill-opacity="0.35">');
  for (let i = 0; i < xs.length; i++) parts.push(`<circle cx="${px(xs[i]!)}" cy="${py(ys[i]!)}" r="1.5"/>`);
  parts.push('</g>');
  if (centers.length > 0) {
    const r = Math.max(3, ((options.centerRadius ?? 0) / span) * size);
    parts.push('<g fill="none" stroke="#d62728" stroke-width="1">');
    for (const [x, y] of centers) parts.push(`<circle cx="${px(x)}" cy="${py(y)}" r="${r.toFixed(1)}"/>`);
    parts.push('</g>');
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
