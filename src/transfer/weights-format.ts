import { FileFormatError, formatShape } from '../errors.js';
import type { Param } from '../nn/param.js';
import { shapeSize } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** The `format` field of a weights manifest. */
export const WEIGHTS_FORMAT = 'neuroloop-weights';
/** The manifest version this code writes and reads. */
export const WEIGHTS_VERSION = 1;

/** One tensor in a weights file: where its little-endian float32 bytes are. */
export interface WeightEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  /** Byte offset in the .bin file; weights are stored back to back in manifest order. */
  readonly offset: number;
  readonly byteLength: number;
}

/**
 * The JSON half of a weights file. The binary half (`file`, next to the manifest) holds the
 * values of every weight as little-endian float32, back to back in the order listed.
 *
 * ```json
 * { "format": "neuroloop-weights", "version": 1, "file": "model.bin", "byteLength": 1032,
 *   "weights": [{ "name": "dense_1/kernel", "shape": [4, 64], "dtype": "float32", "offset": 0, "byteLength": 1024 }, ...] }
 * ```
 */
export interface WeightsManifest {
  readonly format: typeof WEIGHTS_FORMAT;
  readonly version: typeof WEIGHTS_VERSION;
  /** File name of the .bin, relative to the manifest's folder. */
  readonly file: string;
  /** Total size of the .bin in bytes. */
  readonly byteLength: number;
  readonly weights: readonly WeightEntry[];
}

/** Tensors (or params, whose values are taken) by name. */
export type NamedWeights = Readonly<Record<string, Tensor | Param>>;

// Float32Array uses the host byte order; the file is little-endian. On little-endian hosts (all
// of Node's usual platforms) bytes are copied as they are; elsewhere each value goes through a DataView.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The manifest and the binary contents for `weights`, in insertion order.
 *
 * @example
 * ```ts
 * const { manifest, data } = encodeWeights(model.namedParams(), 'model.bin');
 * ```
 */
export function encodeWeights(weights: NamedWeights, file: string): { manifest: WeightsManifest; data: Uint8Array } {
  const entries: WeightEntry[] = [];
  const tensors: Tensor[] = [];
  let offset = 0;
  for (const [name, w] of Object.entries(weights)) {
    if (name === '') throw new FileFormatError(`encodeWeights: a weight has an empty name`);
    const tensor = w instanceof Tensor ? w : w.value;
    const byteLength = tensor.size * 4;
    entries.push({ name, shape: [...tensor.shape], dtype: 'float32', offset, byteLength });
    tensors.push(tensor);
    offset += byteLength;
  }
  const data = new Uint8Array(offset);
  entries.forEach((entry, i) => writeFloat32(data, entry.offset, tensors[i]!.data));
  return { manifest: { format: WEIGHTS_FORMAT, version: WEIGHTS_VERSION, file, byteLength: offset, weights: entries }, data };
}

/** Where a manifest and its .bin came from, for error messages. */
export interface WeightsSource {
  readonly manifestPath: string;
  readonly binPath: string;
}

/**
 * Parses and validates a manifest (JSON text or object). Throws a FileFormatError naming the
 * manifest file and the offending field or weight with the expected and actual values.
 */
export function parseWeightsManifest(text: string | unknown, manifestPath: string): WeightsManifest {
  let json: unknown = text;
  if (typeof text === 'string') {
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new FileFormatError(`${manifestPath}: not valid JSON (${(e as Error).message})`);
    }
  }
  const fail = (what: string): never => {
    throw new FileFormatError(`${manifestPath}: ${what}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('expected a JSON object with format, version and weights');
  const m = json as Record<string, unknown>;
  if (m['format'] !== WEIGHTS_FORMAT) fail(`format is ${JSON.stringify(m['format'])}, expected '${WEIGHTS_FORMAT}'`);
  if (m['version'] !== WEIGHTS_VERSION) fail(`version ${JSON.stringify(m['version'])} is not supported (expected ${WEIGHTS_VERSION})`);
  if (typeof m['file'] !== 'string' || m['file'] === '' || /[\\/]/.test(m['file'])) fail(`file must be the .bin's file name, got ${JSON.stringify(m['file'])}`);
  if (!Array.isArray(m['weights'])) return fail('weights must be an array');
  const seen = new Set<string>();
  let offset = 0;
  const weights = (m['weights'] as unknown[]).map((raw, i): WeightEntry => {
    const w = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const name = w['name'];
    if (typeof name !== 'string' || name === '') fail(`weights[${i}] needs a non-empty string name`);
    const label = `weight '${name as string}'`;
    if (seen.has(name as string)) fail(`${label} appears twice`);
    seen.add(name as string);
    const shape = w['shape'];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      fail(`${label}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
    }
    if (w['dtype'] !== 'float32') fail(`${label}: dtype ${JSON.stringify(w['dtype'])} is not supported (expected 'float32')`);
    const expectedBytes = shapeSize(shape as number[]) * 4;
    if (w['byteLength'] !== expectedBytes) {
      fail(`${label}: byteLength ${JSON.stringify(w['byteLength'])} does not match shape ${formatShape(shape as number[])} (expected ${expectedBytes} bytes)`);
    }
    if (w['offset'] !== offset) fail(`${label}: offset ${JSON.stringify(w['offset'])}, expected ${offset} (weights are stored back to back in manifest order)`);
    offset += expectedBytes;
    return { name: name as string, shape: [...(shape as number[])], dtype: 'float32', offset: offset - expectedBytes, byteLength: expectedBytes };
  });
  if (m['byteLength'] !== offset) fail(`byteLength ${JSON.stringify(m['byteLength'])} does not match its weights (expected ${offset} bytes)`);
  return { format: WEIGHTS_FORMAT, version: WEIGHTS_VERSION, file: m['file'] as string, byteLength: offset, weights };
}

/**
 * Tensors by name from a validated manifest and the .bin contents. Throws a FileFormatError
 * naming the .bin when its size differs from the manifest's (truncated or padded file).
 */
export function decodeWeights(manifest: WeightsManifest, data: Uint8Array, source: WeightsSource): Record<string, Tensor> {
  if (data.byteLength !== manifest.byteLength) {
    const last = manifest.weights.find((w) => w.offset + w.byteLength > data.byteLength);
    const detail = last === undefined ? '' : `; weight '${last.name}' needs bytes [${last.offset}, ${last.offset + last.byteLength})`;
    const kind = data.byteLength < manifest.byteLength ? 'truncated' : 'longer than described';
    throw new FileFormatError(
      `${source.binPath}: ${kind}: has ${data.byteLength} bytes, ${source.manifestPath} describes ${manifest.byteLength}${detail}`,
    );
  }
  const out: Record<string, Tensor> = {};
  for (const w of manifest.weights) out[w.name] = new Tensor(w.shape, readFloat32(data, w.offset, w.byteLength / 4));
  return out;
}

function writeFloat32(out: Uint8Array, offset: number, values: Float32Array): void {
  if (HOST_IS_LITTLE_ENDIAN) {
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < values.length; i++) view.setFloat32(offset + 4 * i, values[i]!, true);
}

function readFloat32(data: Uint8Array, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (HOST_IS_LITTLE_ENDIAN) {
    // Copy rather than view: the offset into a Node Buffer's pool need not be 4-byte aligned.
    new Uint8Array(out.buffer).set(data.subarray(offset, offset + 4 * count));
    return out;
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, true);
  return out;
}
