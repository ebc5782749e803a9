import type { DataSource } from '../../src/data/data-source.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { imageGridPng } from './image-grid.js';
import { modeCoverage } from './mode-coverage.js';
import { scatterSvg } from './scatter-svg.js';
import { toyDistributionOf } from './toy-distribution-of.js';

/** Samples rendered for people: a PNG image grid, an SVG scatter plot, text, or JSON. */
export interface RenderedSamples {
  /** The file format, also the extension the file should get. */
  readonly format: 'png' | 'svg' | 'txt' | 'json';
  readonly data: Uint8Array | string;
  /** One line saying what was rendered (and any score computed on the way). */
  readonly summary: string;
}

/** Options of a learner's `renderSamples` (what `neuroloop sample` passes). */
export interface RenderSamplesOptions {
  /** The run's data source: gives 2-D plots their mode centers and score. */
  readonly source?: DataSource;
  /** Text models: softmax temperature. */
  readonly temperature?: number;
  /** Text models: characters per sample. */
  readonly length?: number;
  /** Text models: the text to continue. */
  readonly prompt?: string;
}

/**
 * Renders generated examples by their shape: 2-D points `[n, 2]` as an SVG scatter plot (with the
 * toy mixture's centers and its mode-coverage score when `source` is ring-8 / grid-25), images
 * `[n, h, w, c]` (or square flat vectors `[n, s²]`) as a PNG grid (`columns` per row), anything
 * else as JSON.
 *
 * @example
 * ```ts
 * const { format, data } = renderTensorSamples(gan.sample(64, rng), { range: '-1,1' });
 * writeFileSync(`samples.${format}`, data);
 * ```
 */
export function renderTensorSamples(
  samples: Tensor,
  options: { readonly range?: '0,1' | '-1,1'; readonly source?: DataSource; readonly columns?: number } = {},
): RenderedSamples {
  const n = samples.shape[0] ?? 0;
  if (samples.rank === 2 && samples.shape[1] === 2) {
    const toy = options.source === undefined ? undefined : toyDistributionOf(options.source);
    if (toy === undefined) return { format: 'svg', data: scatterSvg(samples, { title: `${n} samples` }), summary: `${n} 2-D samples` };
    const score = modeCoverage(samples, toy);
    const line = `${n} samples of ${toy.id}: ${score.modesCovered}/${score.numModes} modes, ${(100 * score.highQualityFraction).toFixed(1)}% high quality`;
    return { format: 'svg', data: scatterSvg(samples, { centers: toy.centers, centerRadius: 3 * toy.sigma, title: line }), summary: line };
  }
  const side = samples.rank === 2 ? Math.round(Math.sqrt(samples.shape[1]!)) : 0;
  const images = samples.rank === 4 ? samples : side * side === samples.shape[1] && side > 1 ? samples.reshape([n, side, side, 1]) : null;
  if (images !== null && n > 0 && (images.shape[3] === 1 || images.shape[3] === 3)) {
    return { format: 'png', data: imageGridPng(images, { range: options.range ?? '0,1', ...(options.columns === undefined ? {} : { columns: options.columns }) }), summary: `${n} images ${images.shape.slice(1, 3).join('x')}` };
  }
  return { format: 'json', data: `${JSON.stringify({ shape: samples.shape, data: Array.from(samples.data) })}\n`, summary: `${n} samples of shape [${samples.shape.slice(1).join(', ')}]` };
}
