import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '../../../src/loop/value-codec.js';

describe('encodeValue / decodeValue', () => {
  it('round-trips numbers, typed arrays and nested arrays/objects through JSON exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true })), fc.array(fc.integer({ min: -1000, max: 1000 })), fc.integer(), (floats, ints, n) => {
        const value = { box: Float32Array.from(floats), multi: Int32Array.from(ints), tuple: [n, Int8Array.of(1, 0), -0], $typed: 'user key' };
        const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value)))) as typeof value;
        expect(back.box).toBeInstanceOf(Float32Array);
        expect(back.box).toEqual(value.box);
        expect(back.multi).toEqual(value.multi);
        expect(back.tuple[1]).toBeInstanceOf(Int8Array);
        expect(back).toEqual(value);
        expect(Object.is(back.tuple[2], -0)).toBe(true);
        back.box.forEach((v, i) => expect(Object.is(v, value.box[i])).toBe(true));
      }),
    );
  });

  it('refuses values JSON cannot hold, naming where', () => {
    expect(() => encodeValue(Float32Array.of(1, Number.NaN), 'observation 0')).toThrow('observation 0[1]: cannot encode the non-finite number NaN as JSON');
    expect(() => encodeValue(new Map(), 'obs')).toThrow(/obs: cannot encode object/);
  });
});
