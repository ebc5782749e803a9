import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { JsonObject, StateSnapshot } from '../agent/state-snapshot.js';
import { FileFormatError } from '../errors.js';
import { writeFileAtomic } from '../experiment/atomic-write.js';
import type { Layer } from '../nn/layer.js';
import { isNetworkSnapshotJson, networkSnapshot } from './network-snapshot.js';
import { encodeWeights } from './weights-format.js';
import { loadWeightsSync } from './weights-io.js';

/** Suffix of the architecture file that {@link saveModel} writes next to a weights prefix. */
export const MODEL_FILE_SUFFIX = '.model.json';

/**
 * Saves a built model under a weights prefix: the weights as `saveWeights` writes them
 * (`<prefix>.json` + `<prefix>.bin`) plus its architecture in `<prefix>.model.json` (the JSON of
 * a `networkSnapshot`), so the prefix loads back as a model (`loadPretrainedModel(prefix)`) and
 * serves as a `pretrained.from`. Files are written atomically, the architecture last.
 *
 * @example
 * ```ts
 * saveModel('models/mnist-cnn', classifier.network);
 * const copy = loadPretrainedModel('models/mnist-cnn');
 * ```
 */
export function saveModel(prefix: string, model: Layer): { readonly modelPath: string; readonly manifestPath: string; readonly binPath: string } {
  const snapshot = networkSnapshot(model);
  const binPath = `${prefix}.bin`;
  const manifestPath = `${prefix}.json`;
  const modelPath = `${prefix}${MODEL_FILE_SUFFIX}`;
  const { manifest, data } = encodeWeights(snapshot.tensors, basename(binPath));
  writeFileAtomic(binPath, data);
  writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);
  writeFileAtomic(modelPath, `${JSON.stringify({ ...snapshot.json, weights: basename(manifestPath) }, null, 1)}\n`);
  return { modelPath, manifestPath, binPath };
}

/**
 * Reads what {@link saveModel} wrote under `prefix` as a network snapshot (architecture JSON +
 * weights), or null when there is no `<prefix>.model.json`. Throws a FileFormatError naming the
 * file when it exists but is malformed.
 *
 * @example
 * ```ts
 * const snapshot = readModelFile('models/mnist-cnn');   // { json: { format, config, inputShape }, tensors }
 * ```
 */
export function readModelFile(prefix: string): StateSnapshot | null {
  const modelPath = `${prefix}${MODEL_FILE_SUFFIX}`;
  if (!existsSync(modelPath)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(modelPath, 'utf8'));
  } catch (error) {
    throw new FileFormatError(`${modelPath}: not valid JSON (${(error as Error).message})`);
  }
  if (!isNetworkSnapshotJson(json as JsonObject)) {
    throw new FileFormatError(`${modelPath}: expected a model file { format: 'neuroloop.network', config, inputShape, weights }`);
  }
  const weights = (json as JsonObject)['weights'];
  if (typeof weights !== 'string' || weights === '' || /[\\/]/.test(weights)) {
    throw new FileFormatError(`${modelPath}: field "weights" should name the weights manifest next to it, got ${JSON.stringify(weights)}`);
  }
  return { json: json as JsonObject, tensors: loadWeightsSync(join(dirname(modelPath), weights)) };
}
