import { describe, expect, it } from 'vitest';
import { ByteImageDataset } from '../../../src/data/byte-image-dataset.js';
import { pixelLookupTable } from '../../../src/data/pixel-range.js';
import { ConfigError, ShapeError } from '../../../src/errors.js';

describe('pixelLookupTable', () => {
  it('maps bytes to the correctly rounded float32 of b/255 or b/127.5 - 1', () => {
    const unit = pixelLookupTable('0,1');
    const signed = pixelLookupTable('-1,1');
    expect(unit[0]).toBe(0);
    expect(unit[255]).toBe(1);
    expect(unit[51]).toBe(Math.fround(0.2));
    expect(signed[0]).toBe(-1);
    expect(signed[255]).toBe(1);
    expect(signed[51]).toBe(Math.fround(51 / 127.5 - 1));
    for (let b = 1; b < 256; b++) expect(unit[b]!).toBeGreaterThan(unit[b - 1]!);
  });

  it('rejects unknown ranges', () => {
    expect(() => pixelLookupTable('0,255' as never)).toThrow(ConfigError);
  });
});

describe('ByteImageDataset', () => {
  const pixels = Uint8Array.of(0, 255, 51, 102, 7, 8, 9, 10);
  const make = (range: '0,1' | '-1,1') =>
    new ByteImageDataset({ pixels, inputShape: [2, 2, 1], labels: Int32Array.of(3, 1), numClasses: 4, range, name: 'bytes' });

  it('decodes only the requested rows, NHWC shape kept', () => {
    const b = make('0,1').batch([1, 0]);
    expect(b.inputs.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(b.inputs.data)).toEqual([7, 8, 9, 10, 0, 255, 51, 102].map((v) => Math.fround(v / 255)));
    expect(Array.from(b.labels!)).toEqual([1, 3]);
  });

  it('scales to [-1, 1] on request', () => {
    const b = make('-1,1').batch([0]);
    expect(Array.from(b.inputs.data)).toEqual([-1, 1, Math.fround(51 / 127.5 - 1), Math.fround(102 / 127.5 - 1)]);
  });

  it('checks that pixels, shape and labels agree', () => {
    expect(() => new ByteImageDataset({ pixels, inputShape: [3], labels: Int32Array.of(0, 1), numClasses: 2, range: '0,1', name: 'bad' })).toThrow(ShapeError);
    expect(() => make('0,1').batch([2])).toThrow(/bytes: batch index 2/);
  });
});
