import { describe, expect, it } from 'vitest';
import { modeCoverage } from '../../../agents/shared-generative/mode-coverage.js';
import { GRID_25, RING_8, sampleToy2d } from '../../../src/data/toy-2d.js';
import { ShapeError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

describe('modeCoverage', () => {
  it('counts every mode and ~99% high quality on samples from the true distribution', () => {
    const rng = new Rng(0);
    for (const toy of [RING_8, GRID_25]) {
      const score = modeCoverage(sampleToy2d(toy, 2500, rng).inputs, toy);
      expect(score.modesCovered).toBe(toy.centers.length);
      expect(score.numModes).toBe(toy.centers.length);
      // 3 sigma in 2-D holds 1 - exp(-4.5) = 98.9% of a Gaussian's mass.
      expect(score.highQualityFraction).toBeGreaterThan(0.975);
      expect(score.highQualityFraction).toBeLessThan(0.997);
    }
  });

  it('reports one mode for a collapsed generator', () => {
    const samples = Tensor.from(Array.from({ length: 100 }, (_, i) => [Math.cos(Math.PI / 4) + i * 1e-4, Math.sin(Math.PI / 4)]));
    const score = modeCoverage(samples, RING_8);
    expect(score.modesCovered).toBe(1);
    expect(score.highQualityFraction).toBe(1);
    expect(score.countsPerMode).toEqual([0, 100, 0, 0, 0, 0, 0, 0]);
  });

  it('scores noise far from the modes as low quality and covering nothing', () => {
    // Points at radius 0.5 lie 0.5 from every ring mode: far outside 3 sigma = 0.03.
    const samples = Tensor.from(Array.from({ length: 64 }, (_, i) => [0.5 * Math.cos(i), 0.5 * Math.sin(i)]));
    const score = modeCoverage(samples, RING_8);
    expect(score).toMatchObject({ modesCovered: 0, highQualityFraction: 0, numSamples: 64 });
  });

  it('uses the 3-sigma radius exactly and assigns each sample to its nearest mode', () => {
    // grid-25: sigma 0.05, radius 0.15. (0.149, 0) is in mode 12's ball, (0.151, 0) is not.
    const score = modeCoverage(Tensor.from([[0.149, 0], [0.151, 0], [4, 3.9], [1, 1]]), GRID_25);
    expect(score.countsPerMode[12]).toBe(1);
    expect(score.countsPerMode[24]).toBe(1);
    expect(score.highQualityFraction).toBe(0.5);
    expect(score.modesCovered).toBe(2);
  });

  it('never counts NaN samples', () => {
    expect(modeCoverage(Tensor.from([[Number.NaN, 0]]), RING_8).highQualityFraction).toBe(0);
  });

  it('rejects samples that are not [n, 2]', () => {
    expect(() => modeCoverage(new Tensor([3, 3]), RING_8)).toThrow(ShapeError);
  });
});
