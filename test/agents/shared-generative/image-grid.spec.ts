import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { imageGridPng } from '../../../agents/shared-generative/image-grid.js';
import { renderTensorSamples } from '../../../agents/shared-generative/render-samples.js';
import { scatterSvg } from '../../../agents/shared-generative/scatter-svg.js';
import { RING_8, ring8 } from '../../../src/data/toy-2d.js';
import { ShapeError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const pixel = (png: PNG, x: number, y: number): number[] => Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4));

describe('imageGridPng', () => {
  it('lays images out row by row with padding, scaling and the pixel range', () => {
    // Three 1x2 grey images in [-1, 1]: (-1, 1), (0, 1), (1, -1).
    const images = new Tensor([3, 1, 2, 1], Float32Array.of(-1, 1, 0, 1, 1, -1));
    const png = PNG.sync.read(Buffer.from(imageGridPng(images, { columns: 2, range: '-1,1', padding: 1, scale: 1 })));
    expect([png.width, png.height]).toEqual([2 * 3 + 1, 2 * 2 + 1]);
    expect(pixel(png, 0, 0)).toEqual([64, 64, 64, 255]); // padding
    expect(pixel(png, 1, 1)).toEqual([0, 0, 0, 255]); // image 0, value -1
    expect(pixel(png, 2, 1)).toEqual([255, 255, 255, 255]); // image 0, value 1
    expect(pixel(png, 4, 1)).toEqual([128, 128, 128, 255]); // image 1, value 0
    expect(pixel(png, 1, 3)).toEqual([255, 255, 255, 255]); // image 2 starts the second row
    expect(pixel(png, 5, 3)).toEqual([64, 64, 64, 255]); // no fourth image
  });

  it('draws RGB images and clamps values outside the range', () => {
    const png = PNG.sync.read(Buffer.from(imageGridPng(new Tensor([1, 1, 1, 3], Float32Array.of(2, 0.5, -3)), { padding: 0, scale: 3 })));
    expect([png.width, png.height]).toEqual([3, 3]);
    expect(pixel(png, 2, 2)).toEqual([255, 128, 0, 255]);
    expect(() => imageGridPng(new Tensor([2, 4]))).toThrow(ShapeError);
  });
});

describe('scatterSvg and renderTensorSamples', () => {
  it('plots one circle per finite point plus the centers', () => {
    const svg = scatterSvg(Tensor.from([[0, 0], [1, 1], [Number.NaN, 0]]), { centers: [[0.5, 0.5]], title: 'a < b' });
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).toContain('a &lt; b');
  });

  it('renders 2-D samples as SVG with the coverage score, images as PNG, the rest as JSON', () => {
    const exact = new Tensor([8, 2], Float32Array.from(RING_8.centers.flat()));
    const svg = renderTensorSamples(exact, { source: ring8({ trainSize: 8 }) });
    expect(svg.format).toBe('svg');
    expect(svg.summary).toBe('8 samples of ring-8: 8/8 modes, 100.0% high quality');
    expect(renderTensorSamples(new Tensor([2, 16])).format).toBe('png');
    expect(renderTensorSamples(new Tensor([2, 3])).format).toBe('json');
  });
});
