import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, FileFormatError } from '../errors.js';
import { ByteImageDataset } from './byte-image-dataset.js';
import type { DataSource } from './data-source.js';
import type { PixelRange } from './pixel-range.js';

/** CIFAR-10's classes in label order (as in the official `batches.meta.txt`). */
export const CIFAR10_CLASS_NAMES: readonly string[] = Object.freeze([
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
]);

const SIDE = 32;
const PLANE = SIDE * SIDE; // 1024 values per colour channel
const IMAGE_BYTES = 3 * PLANE; // 3072
/** Bytes per record of the binary format: 1 label byte + 3,072 pixel bytes. */
export const CIFAR10_RECORD_BYTES = 1 + IMAGE_BYTES;
const TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
const TEST_FILE = 'test_batch.bin';
const META_FILE = 'batches.meta.txt';
const SOURCE_HINT = 'the binary version of CIFAR-10 (cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html, folder cifar-10-batches-bin)';

/** Options of {@link loadCifar10}. */
export interface Cifar10Options {
  /** Pixel range (default `'0,1'`). */
  readonly normalize?: PixelRange;
  /** How many of the five training files to load, 1-5 (default 5: 50,000 images). */
  readonly trainBatches?: number;
}

/** The images and labels of one CIFAR-10 binary file, pixels already in NHWC order. */
export interface Cifar10Records {
  readonly size: number;
  /** `[size, 32, 32, 3]` row-major bytes. */
  readonly pixels: Uint8Array;
  readonly labels: Int32Array;
}

/**
 * CIFAR-10 from its official binary files in `dir`: `data_batch_1.bin` ... `data_batch_5.bin`
 * (train, 10,000 images each) and `test_batch.bin` (test). Images come out NHWC `[32, 32, 3]`
 * float32; labels 0-9; `classNames` from `batches.meta.txt` when present, else the standard names.
 * The dataset cannot be downloaded here: a missing or malformed file throws a
 * {@link FileFormatError} that names the file (and record) and what was expected.
 *
 * @example
 * ```ts
 * const cifar = loadCifar10('/data/cifar-10-batches-bin', { normalize: '-1,1', trainBatches: 1 });
 * cifar.train.size;        // 10000
 * cifar.train.inputShape;  // [32, 32, 3]
 * ```
 */
export function loadCifar10(dir: string, options: Cifar10Options = {}): DataSource {
  const { normalize = '0,1', trainBatches = 5 } = options;
  if (!Number.isInteger(trainBatches) || trainBatches < 1 || trainBatches > 5) {
    throw new ConfigError(`CIFAR-10: trainBatches must be an integer from 1 to 5, got ${String(trainBatches)}`);
  }
  const folder = resolve(dir);
  const trainFiles = TRAIN_FILES.slice(0, trainBatches);
  checkFilesPresent(folder, [...trainFiles, TEST_FILE]);
  const train = concatRecords(trainFiles.map((file) => decodeCifar10File(join(folder, file))));
  const test = decodeCifar10File(join(folder, TEST_FILE));
  const classNames = readClassNames(join(folder, META_FILE));
  const dataset = (records: Cifar10Records, name: string): ByteImageDataset =>
    new ByteImageDataset({ pixels: records.pixels, inputShape: [SIDE, SIDE, 3], labels: records.labels, numClasses: 10, range: normalize, name });
  return { id: 'cifar-10', train: dataset(train, 'cifar-10/train'), test: dataset(test, 'cifar-10/test'), classNames };
}

/**
 * Reads one CIFAR-10 binary file (see {@link decodeCifar10Records}).
 *
 * @example
 * ```ts
 * const { size, pixels, labels } = decodeCifar10File('/data/cifar-10-batches-bin/test_batch.bin');
 * ```
 */
export function decodeCifar10File(path: string): Cifar10Records {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new FileFormatError(`CIFAR-10: cannot read ${path} (${(e as Error).message}); expected a file of ${SOURCE_HINT}`);
  }
  return decodeCifar10Records(bytes, path);
}

/**
 * Decodes records of the CIFAR-10 binary format: each is 1 label byte (0-9) then 3,072 pixel
 * bytes, channel-major (the 1,024 red values, then green, then blue; each plane row-major, rows
 * of 32). The pixels are transposed to NHWC (`[32, 32, 3]` per image), the layout of every
 * neuroloop image tensor. `file` is named in error messages.
 *
 * @example
 * ```ts
 * const { pixels } = decodeCifar10Records(bytes, 'data_batch_1.bin');
 * // pixel (row y, column x, channel c) of image i: pixels[((i * 32 + y) * 32 + x) * 3 + c]
 * ```
 */
export function decodeCifar10Records(bytes: Uint8Array, file: string): Cifar10Records {
  if (bytes.length === 0) {
    throw new FileFormatError(`CIFAR-10: ${file} is empty; expected records of ${CIFAR10_RECORD_BYTES} bytes (1 label + ${IMAGE_BYTES} pixels)`);
  }
  if (bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    const whole = Math.floor(bytes.length / CIFAR10_RECORD_BYTES);
    throw new FileFormatError(
      `CIFAR-10: ${file} is ${bytes.length} bytes, not a multiple of the ${CIFAR10_RECORD_BYTES}-byte record (1 label + ${IMAGE_BYTES} pixels): ` +
        `record ${whole} (0-based) is truncated, holding ${bytes.length % CIFAR10_RECORD_BYTES} bytes; the file is truncated or not CIFAR-10 binary`,
    );
  }
  const size = bytes.length / CIFAR10_RECORD_BYTES;
  const pixels = new Uint8Array(size * IMAGE_BYTES);
  const labels = new Int32Array(size);
  for (let record = 0; record < size; record++) {
    const start = record * CIFAR10_RECORD_BYTES;
    const label = bytes[start]!;
    if (label > 9) {
      throw new FileFormatError(
        `CIFAR-10: ${file} record ${record} (0-based, byte offset ${start}) has label byte ${label}; expected 0-9. ` +
          'The file may be misaligned, or be CIFAR-100 (which has 2 label bytes per record)',
      );
    }
    labels[record] = label;
    const planes = start + 1;
    const out = record * IMAGE_BYTES;
    for (let p = 0; p < PLANE; p++) {
      const o = out + p * 3;
      pixels[o] = bytes[planes + p]!;
      pixels[o + 1] = bytes[planes + PLANE + p]!;
      pixels[o + 2] = bytes[planes + 2 * PLANE + p]!;
    }
  }
  return { size, pixels, labels };
}

function checkFilesPresent(folder: string, expected: readonly string[]): void {
  const expectation = `expected ${expected.join(', ')} in ${folder}: ${SOURCE_HINT}`;
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new FileFormatError(`CIFAR-10: folder ${folder} does not exist or is not a folder; ${expectation}`);
  }
  const found = readdirSync(folder).sort();
  const missing = expected.filter((file) => !found.includes(file));
  if (missing.length === 0) return;
  const shown = found.length === 0 ? 'the folder is empty' : `found ${found.slice(0, 20).join(', ')}${found.length > 20 ? `, ... (${found.length} entries)` : ''}`;
  const nested = found.includes('cifar-10-batches-bin') ? `; pass ${join(folder, 'cifar-10-batches-bin')} instead` : '';
  throw new FileFormatError(`CIFAR-10: missing ${missing.join(', ')}; ${expectation}; ${shown}${nested}`);
}

function concatRecords(parts: readonly Cifar10Records[]): Cifar10Records {
  if (parts.length === 1) return parts[0]!;
  const size = parts.reduce((sum, part) => sum + part.size, 0);
  const pixels = new Uint8Array(size * IMAGE_BYTES);
  const labels = new Int32Array(size);
  let offset = 0;
  for (const part of parts) {
    pixels.set(part.pixels, offset * IMAGE_BYTES);
    labels.set(part.labels, offset);
    offset += part.size;
  }
  return { size, pixels, labels };
}

/** Class names from `batches.meta.txt` (one per line, blank lines ignored), else the standard ones. */
function readClassNames(path: string): readonly string[] {
  if (!existsSync(path)) return CIFAR10_CLASS_NAMES;
  const names = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (names.length !== 10) {
    throw new FileFormatError(`CIFAR-10: ${path} lists ${names.length} class names; expected 10, one per line`);
  }
  return Object.freeze(names);
}
