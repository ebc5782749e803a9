import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ConfigError, FileFormatError } from '../../errors.js';

/**
 * Kernel families the auto backend routes separately, each measured by its own size:
 * matmul by m·n·k, elementwise (unary, binary, clip) by output elements, reduce (reduce, argMax),
 * softmax (softmax, logSoftmax), transpose and gather by input / output elements, and the
 * window kernels (im2col, col2im, pool2d, pool2dGrad) by the elements of their larger tensor.
 * Convolutions are im2col / col2im plus a matmul, each part routed by its own family.
 */
export type KernelFamily = 'matmul' | 'elementwise' | 'reduce' | 'softmax' | 'transpose' | 'gather' | 'window';

/** All families, in a fixed order (tables, calibration). */
export const KERNEL_FAMILIES: readonly KernelFamily[] = Object.freeze(['matmul', 'elementwise', 'reduce', 'softmax', 'transpose', 'gather', 'window'] as const);

/** From size `from` upward (until the next crossover), the family runs on `backend`. */
export interface Crossover {
  readonly from: number;
  readonly backend: string;
}

/**
 * Routing table: per family, crossovers sorted by `from`. Sizes below the first crossover, and
 * families without an entry, go to the auto backend's default backend (js).
 */
export type AutoThresholds = { readonly [F in KernelFamily]?: readonly Crossover[] };

const FORMAT = 'neuroloop-auto-thresholds';
const VERSION = 1;

/**
 * Checks a thresholds object (families known, crossovers sorted with finite non-negative sizes,
 * backends among `backendNames`) and returns a normalized copy; throws a `ConfigError` naming
 * the bad field, prefixed by `where`.
 *
 * @example
 * ```ts
 * const t = validateThresholds({ matmul: [{ from: 1e6, backend: 'gpu' }] }, ['js', 'gpu']);
 * ```
 */
export function validateThresholds(value: unknown, backendNames: readonly string[], where = 'thresholds'): AutoThresholds {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${where}: expected an object mapping kernel families (${KERNEL_FAMILIES.join(', ')}) to crossover lists`);
  }
  const out: Partial<Record<KernelFamily, Crossover[]>> = {};
  for (const [family, list] of Object.entries(value as Record<string, unknown>)) {
    if (!(KERNEL_FAMILIES as readonly string[]).includes(family)) {
      throw new ConfigError(`${where}: unknown kernel family '${family}'; expected one of ${KERNEL_FAMILIES.join(', ')}`);
    }
    if (!Array.isArray(list)) throw new ConfigError(`${where}.${family}: expected an array of { from, backend }`);
    const crossovers: Crossover[] = [];
    list.forEach((entry: unknown, i: number) => {
      const field = `${where}.${family}[${i}]`;
      const e = entry as { from?: unknown; backend?: unknown } | null;
      if (typeof e !== 'object' || e === null) throw new ConfigError(`${field}: expected { from: number, backend: string }`);
      if (typeof e.from !== 'number' || !Number.isFinite(e.from) || e.from < 0) {
        throw new ConfigError(`${field}.from: expected a finite size >= 0, got ${JSON.stringify(e.from)}`);
      }
      if (typeof e.backend !== 'string' || !backendNames.includes(e.backend)) {
        throw new ConfigError(`${field}.backend: expected one of the candidate backends (${backendNames.join(', ')}), got ${JSON.stringify(e.backend)}`);
      }
      if (i > 0 && e.from <= crossovers[i - 1]!.from) {
        throw new ConfigError(`${field}.from: crossovers must be sorted by strictly increasing 'from' (${e.from} after ${crossovers[i - 1]!.from})`);
      }
      crossovers.push({ from: e.from, backend: e.backend });
    });
    out[family as KernelFamily] = crossovers;
  }
  return out;
}

/**
 * Writes thresholds as JSON, atomically (temp file + rename).
 *
 * @example
 * ```ts
 * writeThresholdsFile('thresholds.json', { matmul: [{ from: 1e6, backend: 'gpu' }] });
 * ```
 */
export function writeThresholdsFile(path: string, thresholds: AutoThresholds): void {
  const text = JSON.stringify({ format: FORMAT, version: VERSION, thresholds }, null, 2) + '\n';
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/**
 * Reads a thresholds file written by {@link writeThresholdsFile}; throws a `FileFormatError`
 * naming the path when it is missing, not JSON, of another format, or invalid for `backendNames`.
 *
 * @example
 * ```ts
 * const t = readThresholdsFile('thresholds.json', ['js', 'gpu']);
 * ```
 */
export function readThresholdsFile(path: string, backendNames: readonly string[]): AutoThresholds {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FileFormatError(`${path}: cannot read the auto-backend thresholds file (${(e as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(`${path}: the auto-backend thresholds file is not valid JSON (${(e as Error).message})`);
  }
  const doc = parsed as { format?: unknown; version?: unknown; thresholds?: unknown } | null;
  if (typeof doc !== 'object' || doc === null || doc.format !== FORMAT || doc.version !== VERSION) {
    throw new FileFormatError(
      `${path}: not an auto-backend thresholds file; expected {"format": "${FORMAT}", "version": ${VERSION}, "thresholds": {...}}`,
    );
  }
  try {
    return validateThresholds(doc.thresholds, backendNames, `${path}: thresholds`);
  } catch (e) {
    throw new FileFormatError((e as Error).message);
  }
}
