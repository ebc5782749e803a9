import { FileFormatError } from '../errors.js';
import type { LoopEvent } from '../loop/events.js';

/**
 * Formats a loop event as one JSON line for `events.jsonl`, byte-identical run to run: `type`
 * first, `step` second, every other key (nested ones too) in sorted order, whatever order the
 * producer built the object in. Numbers print as JavaScript's shortest round-trip form, which is
 * a pure function of the value; NaN and infinities (which JSON lacks) print as the strings
 * "NaN", "Infinity", "-Infinity" rather than being lost as null.
 *
 * @example
 * ```ts
 * formatEventLine({ type: 'episode', step: 9, episode: 1, envIndex: 0, return: 9, length: 9 });
 * // '{"type":"episode","step":9,"envIndex":0,"episode":1,"length":9,"return":9}'
 * ```
 */
export function formatEventLine(event: LoopEvent | object): string {
  const record = event as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => k !== 'type' && k !== 'step' && record[k] !== undefined).sort();
  const head = ['type', 'step'].filter((k) => record[k] !== undefined);
  return `{${[...head, ...keys].map((k) => `${JSON.stringify(k)}:${formatValue(record[k])}`).join(',')}}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${formatValue(record[k])}`).join(',')}}`;
}

const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/** Fields that hold numbers; their "NaN"/"Infinity" strings are turned back into numbers. */
const NUMERIC_FIELDS = new Set(['step', 'episode', 'envIndex', 'return', 'length', 'updates', 'meanReturn', 'stdReturn', 'episodes', 'reward', 'epoch', 'seconds', 'stepsPerSecond']);

/**
 * Parses one line written by {@link formatEventLine}. `where` (e.g. `events.jsonl:12`) is named in
 * the error if the line is not a JSON object with a string `type` and a numeric `step`.
 *
 * @example
 * ```ts
 * parseEventLine('{"type":"done","step":100,"reason":"budget"}', 'events.jsonl:7');
 * ```
 */
export function parseEventLine(line: string, where: string): LoopEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new FileFormatError(`${where}: not a JSON line (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FileFormatError(`${where}: expected a JSON object per line`);
  const record = value as Record<string, unknown>;
  if (typeof record['type'] !== 'string' || typeof record['step'] !== 'number') {
    throw new FileFormatError(`${where}: expected an event with a string "type" and a numeric "step"`);
  }
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (NUMERIC_FIELDS.has(key) && typeof field === 'string' && field in NON_FINITE) record[key] = NON_FINITE[field];
  }
  const metrics = record['metrics'];
  if (metrics !== null && typeof metrics === 'object') {
    const m = metrics as Record<string, unknown>;
    for (const key of Object.keys(m)) if (typeof m[key] === 'string' && (m[key] as string) in NON_FINITE) m[key] = NON_FINITE[m[key] as string];
  }
  return record as unknown as LoopEvent;
}
