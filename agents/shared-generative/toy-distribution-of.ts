import type { DataSource } from '../../src/data/data-source.js';
import { GRID_25, RING_8, type Toy2dDistribution } from '../../src/data/toy-2d.js';

/**
 * The toy 2-D mixture a data source draws from (`ring-8`, `grid-25`), or undefined for any other
 * source: what decides whether a generative learner scores itself by mode coverage.
 *
 * @example
 * ```ts
 * const toy = toyDistributionOf(ring8());   // RING_8
 * if (toy !== undefined) modeCoverage(samples, toy);
 * ```
 */
export function toyDistributionOf(source: Pick<DataSource, 'id'>): Toy2dDistribution | undefined {
  return [RING_8, GRID_25].find((d) => d.id === source.id);
}
