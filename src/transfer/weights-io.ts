import { readFileSync, statSync } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileFormatError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { decodeWeights, encodeWeights, parseWeightsManifest, type NamedWeights } from './weights-format.js';

/** The two files of a saved set of weights. */
export interface WeightsPaths {
  readonly manifestPath: string;
  readonly binPath: string;
}

/**
 * The files for `target`: a folder (existing, or written with a trailing slash) holds
 * `weights.json` + `weights.bin`; any other path is a prefix (`runs/a/model` -> `model.json` +
 * `model.bin`); a path ending in `.json` names the manifest itself.
 */
export async function weightsPaths(target: string): Promise<WeightsPaths> {
  let prefix = target;
  if (/[\\/]$/.test(target) || (await isDirectory(target))) prefix = join(target, 'weights');
  else if (target.endsWith('.json')) prefix = target.slice(0, -'.json'.length);
  return { manifestPath: `${prefix}.json`, binPath: `${prefix}.bin` };
}

/**
 * Saves named weights as a JSON manifest plus one little-endian float32 .bin (see
 * `WeightsManifest`). Each file is written to a temporary name, flushed, then renamed, the .bin
 * first and the manifest last, so a crash never leaves a half-written file under the final names.
 *
 * @example
 * ```ts
 * await saveWeights('runs/cartpole/final', model.namedParams());   // final.json + final.bin
 * ```
 */
export async function saveWeights(target: string, weights: NamedWeights): Promise<WeightsPaths> {
  const paths = await weightsPaths(target);
  const { manifest, data } = encodeWeights(weights, basename(paths.binPath));
  await writeAtomically(paths.binPath, data);
  await writeAtomically(paths.manifestPath, new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`));
  return paths;
}

/**
 * Loads weights saved by {@link saveWeights}: tensors by name, in manifest order. Throws a
 * FileFormatError naming the file and the weight for a missing file, bad JSON, an unknown format
 * or version, a shape that does not match its byte length, or a truncated .bin.
 *
 * @example
 * ```ts
 * const weights = await loadWeights('runs/cartpole/final');
 * loadInto(model, weights);
 * ```
 */
export async function loadWeights(target: string): Promise<Record<string, Tensor>> {
  const { manifestPath } = await weightsPaths(target);
  const text = await readOrFail(manifestPath, 'weights manifest');
  const manifest = parseWeightsManifest(new TextDecoder().decode(text), manifestPath);
  const binPath = join(dirname(manifestPath), manifest.file);
  const data = await readOrFail(binPath, `weights data (named by ${manifestPath})`);
  return decodeWeights(manifest, data, { manifestPath, binPath });
}

/**
 * The synchronous form of {@link weightsPaths}, for code that runs while a model is being built
 * (agent factories are synchronous).
 */
export function weightsPathsSync(target: string): WeightsPaths {
  let prefix = target;
  if (/[\\/]$/.test(target) || isDirectorySync(target)) prefix = join(target, 'weights');
  else if (target.endsWith('.json')) prefix = target.slice(0, -'.json'.length);
  return { manifestPath: `${prefix}.json`, binPath: `${prefix}.bin` };
}

/**
 * The synchronous form of {@link loadWeights}, with the same checks and errors. Agent factories
 * are synchronous, so loading pretrained weights while one builds its network needs it.
 *
 * @example
 * ```ts
 * loadInto(model, loadWeightsSync('pretrained/encoder'), { strict: false });
 * ```
 */
export function loadWeightsSync(target: string): Record<string, Tensor> {
  const { manifestPath } = weightsPathsSync(target);
  const text = readOrFailSync(manifestPath, 'weights manifest');
  const manifest = parseWeightsManifest(new TextDecoder().decode(text), manifestPath);
  const binPath = join(dirname(manifestPath), manifest.file);
  const data = readOrFailSync(binPath, `weights data (named by ${manifestPath})`);
  return decodeWeights(manifest, data, { manifestPath, binPath });
}

function readOrFailSync(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileFormatError(`${path}: ${what} not found`);
    throw new FileFormatError(`${path}: cannot read ${what} (${(e as Error).message})`);
  }
}

function isDirectorySync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  // One temp name per process: concurrent saves to the same target from one process are not supported.
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

async function readOrFail(path: string, what: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileFormatError(`${path}: ${what} not found`);
    throw new FileFormatError(`${path}: cannot read ${what} (${(e as Error).message})`);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
