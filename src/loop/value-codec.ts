import { ConfigError } from '../errors.js';
import type { JsonObject, JsonValue } from '../agent/state-snapshot.js';

type TypedArrayName = 'Float32Array' | 'Float64Array' | 'Int32Array' | 'Int8Array' | 'Uint8Array' | 'Int16Array' | 'Uint16Array' | 'Uint32Array';

const TYPED_ARRAYS: Readonly<Record<TypedArrayName, { from(values: ArrayLike<number>): ArrayLike<number> }>> = {
  Float32Array,
  Float64Array,
  Int32Array,
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Uint32Array,
};

/**
 * Encodes an observation (a number, a typed array, or arrays/objects of those: every member of
 * a built-in space) as JSON that {@link decodeValue} turns back into an equal value of the same
 * types. Typed arrays become `{ "$typed": "Float32Array", "values": [...] }`; float32 values
 * round-trip exactly through JSON numbers, and -0 keeps its sign. Throws a `ConfigError` for NaN, infinities and
 * other values JSON cannot hold.
 *
 * @example
 * ```ts
 * const json = encodeValue(Float32Array.of(0.1, 2));
 * decodeValue(json);   // Float32Array [0.1, 2], bit for bit
 * ```
 */
export function encodeValue(value: unknown, where = 'value'): JsonValue {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ConfigError(`${where}: cannot encode the non-finite number ${value} as JSON`);
    // JSON.stringify writes -0 as 0; keep the sign (it can matter, e.g. in atan2 or 1/x).
    return Object.is(value, -0) ? { $typed: '-0' } : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name as TypedArrayName;
    if (!(name in TYPED_ARRAYS)) throw new ConfigError(`${where}: cannot encode a ${name}`);
    const values = Array.from(value as unknown as ArrayLike<number>, (v, i) => {
      encodeValue(v, `${where}[${i}]`);
      return Object.is(v, -0) ? '-0' : v;
    });
    return { $typed: name, values };
  }
  if (Array.isArray(value)) return value.map((v, i) => encodeValue(v, `${where}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, JsonValue> = {};
    for (const [key, v] of Object.entries(value)) out[key === '$typed' ? '$$typed' : key] = encodeValue(v, `${where}.${key}`);
    return out;
  }
  throw new ConfigError(`${where}: cannot encode ${typeof value} ${String(value)} as JSON`);
}

/** The inverse of {@link encodeValue}. */
export function decodeValue(json: JsonValue): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map((v) => decodeValue(v));
  const record = json as JsonObject;
  const typed = record.$typed;
  if (typed === '-0') return -0;
  if (typeof typed === 'string') {
    const ctor = TYPED_ARRAYS[typed as TypedArrayName];
    if (ctor === undefined || !Array.isArray(record.values)) throw new ConfigError(`decodeValue: malformed typed array ${JSON.stringify(json)}`);
    return ctor.from((record.values as (number | string)[]).map((v) => (v === '-0' ? -0 : (v as number))));
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(record)) out[key === '$$typed' ? '$typed' : key] = decodeValue(v);
  return out;
}
