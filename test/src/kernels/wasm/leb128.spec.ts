import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Leb128 } from '../../../../src/kernels/wasm/leb128.js';

/** Decoders written straight from the spec, as the oracle. */
function decodeUnsigned(bytes: readonly number[]): number {
  let value = 0;
  let scale = 1;
  for (const byte of bytes) {
    value += (byte & 0x7f) * scale;
    scale *= 128;
  }
  return value;
}

function decodeSigned(bytes: readonly number[]): number {
  const magnitude = decodeUnsigned(bytes);
  const bits = 7 * bytes.length;
  const last = bytes[bytes.length - 1]!;
  return (last & 0x40) !== 0 ? magnitude - 2 ** bits : magnitude;
}

describe('Leb128', () => {
  it('encodes the spec examples', () => {
    expect(Leb128.unsigned(0)).toEqual([0x00]);
    expect(Leb128.unsigned(127)).toEqual([0x7f]);
    expect(Leb128.unsigned(128)).toEqual([0x80, 0x01]);
    expect(Leb128.unsigned(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(Leb128.unsigned(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(Leb128.signed(0)).toEqual([0x00]);
    expect(Leb128.signed(-1)).toEqual([0x7f]);
    expect(Leb128.signed(63)).toEqual([0x3f]);
    expect(Leb128.signed(64)).toEqual([0xc0, 0x00]);
    expect(Leb128.signed(-64)).toEqual([0x40]);
    expect(Leb128.signed(-65)).toEqual([0xbf, 0x7f]);
    expect(Leb128.signed(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(Leb128.signed(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('round-trips every u32 and i32 with continuation bits only on non-final bytes', () => {
    const wellFormed = (bytes: number[]): void => {
      expect(bytes.length).toBeLessThanOrEqual(5);
      bytes.forEach((b, i) => expect(b >= 0x80).toBe(i < bytes.length - 1));
    };
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
      const bytes = Leb128.unsigned(v);
      wellFormed(bytes);
      expect(decodeUnsigned(bytes)).toBe(v);
    }), { numRuns: 500 });
    fc.assert(fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (v) => {
      const bytes = Leb128.signed(v);
      wellFormed(bytes);
      expect(decodeSigned(bytes)).toBe(v);
    }), { numRuns: 500 });
  });

  it('rejects values outside 32 bits and non-integers', () => {
    expect(() => Leb128.unsigned(-1)).toThrow(RangeError);
    expect(() => Leb128.unsigned(2 ** 32)).toThrow('expected an integer in [0, 2^32), got 4294967296');
    expect(() => Leb128.signed(2 ** 31)).toThrow(RangeError);
    expect(() => Leb128.signed(0.5)).toThrow(RangeError);
  });
});
