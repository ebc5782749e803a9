import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { JsonObject, StateSnapshot } from '../agent/state-snapshot.js';
import { FileFormatError } from '../errors.js';
import { decodeWeights, encodeWeights, parseWeightsManifest } from '../transfer/weights-format.js';
import { fsyncDir, writeFileAtomic } from './atomic-write.js';

/** The format tag in every checkpoint manifest; bump the version on any layout change. */
export const CHECKPOINT_FORMAT = 'neuroloop.checkpoint';
export const CHECKPOINT_VERSION = 1;
const MANIFEST = 'manifest.json';
/** The tensors, in the weights format of `src/transfer` (`loadWeights('<dir>/tensors')` reads them). */
const TENSORS = 'tensors';

/** What one checkpoint holds. */
export interface Checkpoint {
  /** Env steps (or batches) done when it was taken. */
  readonly step: number;
  /** The state to resume from: JSON (agent state, Rng states, counters, loop position) + tensors. */
  readonly state: StateSnapshot;
  /** Bookkeeping of the run folder (e.g. the byte lengths of the logs at this point). */
  readonly meta: JsonObject;
}

/**
 * Writes a checkpoint folder `dir`: `manifest.json` (format, step, meta and the state's JSON)
 * and the state's tensors as a weights file (`tensors.json` + little-endian float32
 * `tensors.bin`, the format of `saveWeights`, so a checkpoint's weights load with
 * `loadWeights`). Atomic as a whole: the files go to a hidden sibling folder that is renamed
 * to `dir` once flushed, so a crash leaves either no checkpoint or a complete one. Synchronous,
 * because the loop takes checkpoints between two steps.
 *
 * @example
 * ```ts
 * writeCheckpoint('runs/a/checkpoints/step-1000', { step: 1000, state: snapshot, meta: {} });
 * ```
 */
export function writeCheckpoint(dir: string, checkpoint: Checkpoint): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const temp = join(parent, `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp);
  const { manifest: weights, data } = encodeWeights(checkpoint.state.tensors, `${TENSORS}.bin`);
  const manifest = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, step: checkpoint.step, meta: checkpoint.meta, state: checkpoint.state.json, tensors: `${TENSORS}.json` };
  writeFileAtomic(join(temp, `${TENSORS}.bin`), data);
  writeFileAtomic(join(temp, `${TENSORS}.json`), `${JSON.stringify(weights)}\n`);
  writeFileAtomic(join(temp, MANIFEST), `${JSON.stringify(manifest)}\n`);
  // A folder left by an earlier (forced or crashed) run with the same step is replaced whole.
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
  fsyncDir(parent);
}

/**
 * Reads and validates a checkpoint folder written by {@link writeCheckpoint}. Every problem
 * throws a `FileFormatError` naming the file and the field.
 *
 * @example
 * ```ts
 * const { step, state } = readCheckpoint('runs/a/checkpoints/step-1000');
 * ```
 */
export function readCheckpoint(dir: string): Checkpoint {
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) throw new FileFormatError(`${manifestPath}: checkpoint manifest not found`);
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new FileFormatError(`${manifestPath}: not valid JSON (${(error as Error).message})`);
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) throw new FileFormatError(`${manifestPath}: expected a JSON object`);
  const fail = (field: string, expected: string): never => {
    throw new FileFormatError(`${manifestPath}: field "${field}" ${expected}, got ${JSON.stringify(manifest[field]) ?? 'nothing'}`);
  };
  if (manifest['format'] !== CHECKPOINT_FORMAT) fail('format', `should be "${CHECKPOINT_FORMAT}"`);
  if (manifest['version'] !== CHECKPOINT_VERSION) fail('version', `should be ${CHECKPOINT_VERSION} (this neuroloop reads checkpoint version ${CHECKPOINT_VERSION} only)`);
  const step = manifest['step'];
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) fail('step', 'should be a non-negative integer');
  for (const field of ['meta', 'state']) {
    const v = manifest[field];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(field, 'should be a JSON object');
  }
  const tensorsFile = manifest['tensors'];
  if (typeof tensorsFile !== 'string' || tensorsFile === '' || /[\\/]/.test(tensorsFile)) fail('tensors', 'should be the file name of the tensors manifest');
  const weightsPath = join(dir, tensorsFile as string);
  if (!existsSync(weightsPath)) throw new FileFormatError(`${weightsPath}: tensors manifest not found (named by ${manifestPath})`);
  const weights = parseWeightsManifest(readFileSync(weightsPath, 'utf8'), weightsPath);
  const binPath = join(dir, weights.file);
  if (!existsSync(binPath)) throw new FileFormatError(`${binPath}: tensor data not found (named by ${weightsPath})`);
  const tensors = decodeWeights(weights, readFileSync(binPath), { manifestPath: weightsPath, binPath });
  return { step: step as number, meta: manifest['meta'] as JsonObject, state: { json: manifest['state'] as JsonObject, tensors } };
}

/** The checkpoints of a run folder (`checkpoints/step-<n>/` with a manifest), oldest first. */
export function listCheckpoints(runDir: string): { step: number; path: string }[] {
  const root = join(runDir, 'checkpoints');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => /^step-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && existsSync(join(root, m[0], MANIFEST)))
    .map((m) => ({ step: Number(m[1]), path: join(root, m[0]) }))
    .sort((a, b) => a.step - b.step);
}
