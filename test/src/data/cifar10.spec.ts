import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CIFAR10_CLASS_NAMES, CIFAR10_RECORD_BYTES, decodeCifar10Records, loadCifar10 } from '../../../src/data/cifar10.js';
import { epochBatches } from '../../../src/data/epoch-batches.js';
import { ConfigError, FileFormatError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

/** A known pixel byte for image `id`, channel c, row y, column x. */
const pixel = (id: number, c: number, y: number, x: number) => (id * 37 + c * 85 + y * 7 + x * 3) % 256;

/** Records in the official layout: label byte, then R plane, G plane, B plane (row-major 32x32). */
function records(ids: readonly number[], label: (id: number) => number = (id) => id % 10): Uint8Array {
  const bytes = new Uint8Array(ids.length * CIFAR10_RECORD_BYTES);
  ids.forEach((id, r) => {
    const start = r * CIFAR10_RECORD_BYTES;
    bytes[start] = label(id);
    for (let c = 0; c < 3; c++) for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) bytes[start + 1 + c * 1024 + y * 32 + x] = pixel(id, c, y, x);
  });
  return bytes;
}

const root = mkdtempSync(join(tmpdir(), 'neuroloop-cifar-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dir = '';
let folders = 0;

/** A fresh folder with train file k holding images 10k, 10k+1, 10k+2 and a test file with 100, 101. */
function writeDataset(): string {
  dir = join(root, `set-${folders++}`);
  mkdirSync(dir);
  for (let k = 1; k <= 5; k++) writeFileSync(join(dir, `data_batch_${k}.bin`), records([10 * k, 10 * k + 1, 10 * k + 2]));
  writeFileSync(join(dir, 'test_batch.bin'), records([100, 101]));
  return dir;
}

describe('decodeCifar10Records', () => {
  it('transposes channel-major records to NHWC', () => {
    const { size, pixels, labels } = decodeCifar10Records(records([4, 9]), 'x.bin');
    expect(size).toBe(2);
    expect(Array.from(labels)).toEqual([4, 9]);
    for (const [i, id] of [[0, 4], [1, 9]] as const) {
      for (const [y, x] of [[0, 0], [0, 31], [5, 17], [31, 31]] as const) {
        for (let c = 0; c < 3; c++) expect(pixels[((i * 32 + y) * 32 + x) * 3 + c]).toBe(pixel(id, c, y, x));
      }
    }
  });

  it('a hand-built record: R plane 1s, G plane 2s, B plane 3s gives [1, 2, 3] per pixel', () => {
    const bytes = new Uint8Array(CIFAR10_RECORD_BYTES);
    bytes[0] = 7;
    bytes.fill(1, 1, 1025);
    bytes.fill(2, 1025, 2049);
    bytes.fill(3, 2049);
    const { pixels } = decodeCifar10Records(bytes, 'one.bin');
    expect(Array.from(pixels.subarray(0, 6))).toEqual([1, 2, 3, 1, 2, 3]);
    expect(Array.from(pixels.subarray(3069))).toEqual([1, 2, 3]);
  });

  it('names the file and record of a truncated file', () => {
    const bytes = new Uint8Array(2 * CIFAR10_RECORD_BYTES + 100);
    expect(() => decodeCifar10Records(bytes, 'data_batch_3.bin')).toThrow(FileFormatError);
    expect(() => decodeCifar10Records(bytes, 'data_batch_3.bin')).toThrow(
      /data_batch_3\.bin is 6246 bytes, not a multiple of the 3073-byte record .*record 2 \(0-based\) is truncated, holding 100 bytes/,
    );
    expect(() => decodeCifar10Records(new Uint8Array(0), 'empty.bin')).toThrow(/empty\.bin is empty/);
  });

  it('names the file, record and offset of a label byte above 9', () => {
    const bytes = records([1, 2, 3], (id) => (id === 2 ? 12 : 0));
    expect(() => decodeCifar10Records(bytes, 'test_batch.bin')).toThrow(/test_batch\.bin record 1 \(0-based, byte offset 3073\) has label byte 12; expected 0-9/);
  });
});

describe('loadCifar10', () => {
  beforeEach(() => {
    writeDataset();
  });

  it('loads all five training files in order and the test file, NHWC float32 in [0, 1]', () => {
    const source = loadCifar10(dir);
    expect(source.id).toBe('cifar-10');
    expect(source.train.size).toBe(15);
    expect(source.test!.size).toBe(2);
    expect(source.train.inputShape).toEqual([32, 32, 3]);
    expect(source.classNames).toEqual(CIFAR10_CLASS_NAMES);
    const b = source.train.batch([4, 14]); // images 21 (file 2) and 52 (file 5)
    expect(b.inputs.shape).toEqual([2, 32, 32, 3]);
    expect(Array.from(b.labels!)).toEqual([1, 2]);
    expect(b.inputs.get(0, 3, 8, 2)).toBe(Math.fround(pixel(21, 2, 3, 8) / 255));
    expect(b.inputs.get(1, 31, 0, 0)).toBe(Math.fround(pixel(52, 0, 31, 0) / 255));
    expect(source.test!.batch([1]).inputs.get(0, 0, 0, 1)).toBe(Math.fround(pixel(101, 1, 0, 0) / 255));
  });

  it('scales to [-1, 1] and loads only trainBatches files', () => {
    const source = loadCifar10(dir, { normalize: '-1,1', trainBatches: 2 });
    expect(source.train.size).toBe(6);
    const b = source.train.batch([5]); // image 22
    for (const [y, x, c] of [[0, 0, 0], [10, 20, 1], [31, 31, 2]] as const) {
      expect(b.inputs.get(0, y, x, c)).toBe(Math.fround(pixel(22, c, y, x) / 127.5 - 1));
    }
    expect(() => loadCifar10(dir, { trainBatches: 6 })).toThrow(ConfigError);
  });

  it('batches exactly through epochBatches', () => {
    const source = loadCifar10(dir, { trainBatches: 1 });
    const batches = [...epochBatches(source.train, 2, new Rng(0), { shuffle: false })];
    expect(batches.map((b) => b.inputs.shape[0])).toEqual([2, 1]);
    expect(Array.from(batches[1]!.labels!)).toEqual([2]);
    expect(batches[1]!.inputs.get(0, 1, 2, 0)).toBe(Math.fround(pixel(12, 0, 1, 2) / 255));
  });

  it('reads class names from batches.meta.txt when present', () => {
    const names = Array.from({ length: 10 }, (_, i) => `class-${i}`);
    writeFileSync(join(dir, 'batches.meta.txt'), `${names.join('\n')}\n\n`);
    expect(loadCifar10(dir, { trainBatches: 1 }).classNames).toEqual(names);
    writeFileSync(join(dir, 'batches.meta.txt'), 'cat\ndog\n');
    expect(() => loadCifar10(dir, { trainBatches: 1 })).toThrow(/batches\.meta\.txt lists 2 class names; expected 10/);
  });

  it('says which files it expected where, and what it found, when some are missing', () => {
    rmSync(join(dir, 'data_batch_4.bin'));
    rmSync(join(dir, 'test_batch.bin'));
    writeFileSync(join(dir, 'readme.html'), '');
    let message = '';
    try {
      loadCifar10(dir);
    } catch (e) {
      expect(e).toBeInstanceOf(FileFormatError);
      message = (e as Error).message;
    }
    expect(message).toContain('missing data_batch_4.bin, test_batch.bin');
    expect(message).toContain(`expected data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin in ${dir}`);
    expect(message).toContain('found data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_5.bin, readme.html');
    // Asking for fewer training files does not excuse a missing test file.
    expect(() => loadCifar10(dir, { trainBatches: 3 })).toThrow(/missing test_batch\.bin/);
  });

  it('reports a missing folder, an empty folder, and points into cifar-10-batches-bin', () => {
    expect(() => loadCifar10(join(root, 'nope'))).toThrow(/folder .*nope does not exist/);
    const empty = join(root, `empty-${folders++}`);
    mkdirSync(join(empty, 'cifar-10-batches-bin'), { recursive: true });
    expect(() => loadCifar10(empty)).toThrow(/found cifar-10-batches-bin; pass .*cifar-10-batches-bin instead/);
    const bare = join(root, `bare-${folders++}`);
    mkdirSync(bare);
    expect(() => loadCifar10(bare)).toThrow(/the folder is empty/);
  });

  it('names the truncated training file', () => {
    writeFileSync(join(dir, 'data_batch_2.bin'), records([1, 2]).subarray(0, CIFAR10_RECORD_BYTES + 5));
    expect(() => loadCifar10(dir)).toThrow(/data_batch_2\.bin is 3078 bytes.*record 1 \(0-based\) is truncated, holding 5 bytes/);
  });
});
