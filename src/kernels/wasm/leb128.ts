/**
 * LEB128 encoders for the WebAssembly binary format: every index, size and `i32.const`
 * immediate in a module is written this way.
 *
 * @example
 * ```ts
 * Leb128.unsigned(624485); // [0xe5, 0x8e, 0x26]
 * Leb128.signed(-123456);  // [0xc0, 0xbb, 0x78]
 * ```
 */
export const Leb128 = {
  unsigned: encodeUnsigned,
  signed: encodeSigned,
} as const;

/** Unsigned LEB128 of an integer in [0, 2^32). */
function encodeUnsigned(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`Leb128.unsigned: expected an integer in [0, 2^32), got ${value}`);
  }
  const out: number[] = [];
  let v = value;
  do {
    // Division instead of >>> keeps values at or above 2^31 exact.
    const byte = v % 128;
    v = Math.floor(v / 128);
    out.push(v !== 0 ? byte | 0x80 : byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of an integer in [-2^31, 2^31), the range of an `i32.const` immediate. */
function encodeSigned(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new RangeError(`Leb128.signed: expected an integer in [-2^31, 2^31), got ${value}`);
  }
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    // Done once the remaining bits are all copies of the sign bit already in this byte.
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}
