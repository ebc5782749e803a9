import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../src/agent/state-snapshot.js';
import { decodeDouble, encodeDouble, EnvStateReader, isStatefulEnv } from '../../../src/env/stateful-env.js';
import { WalkEnv } from './test-envs.js';

describe('encodeDouble / decodeDouble', () => {
  it('round-trip every double through JSON bit for bit (-0, NaN and infinities included)', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const back = decodeDouble(JSON.parse(JSON.stringify(encodeDouble(x))) as JsonValue, 'x');
        expect(Object.is(back, x)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect([-0, Number.NaN, Infinity, -Infinity, 1.5].map(encodeDouble)).toEqual(['-0', 'NaN', 'Infinity', '-Infinity', 1.5]);
  });

  it('reject anything else, naming where', () => {
    expect(() => decodeDouble('1.5', 'CartPole state.x')).toThrow("CartPole state.x: expected a number (or '-0', 'NaN', 'Infinity', '-Infinity'), got \"1.5\"");
    expect(() => decodeDouble(undefined, 'here')).toThrow('here: expected a number');
  });
});

describe('isStatefulEnv', () => {
  it('needs both methods and respects savesState: false', () => {
    const base = { getState: () => null, setState: () => undefined };
    expect(isStatefulEnv(base)).toBe(true);
    expect(isStatefulEnv({ ...base, savesState: true })).toBe(true);
    expect(isStatefulEnv({ ...base, savesState: false })).toBe(false);
    expect(isStatefulEnv({ getState: base.getState })).toBe(false);
    expect(isStatefulEnv(new WalkEnv())).toBe(false);
    expect(isStatefulEnv(null)).toBe(false);
  });
});

describe('EnvStateReader', () => {
  it('checks the kind tag and each field, naming the env and the field', () => {
    expect(() => new EnvStateReader([1], 'Walk', 'Walk')).toThrow("Walk.setState: expected a state object { kind: 'Walk', ... }, got [1]");
    expect(() => new EnvStateReader({ kind: 'Run' }, 'Walk', 'Walk')).toThrow(`Walk.setState: expected the state of a 'Walk', got one of "Run"`);
    const s = new EnvStateReader({ kind: 'Walk', n: 3, xs: [1, '-0'], flag: 'yes', mode: 'b' }, 'Walk', 'Walk');
    expect(s.integer('n', 0, 5)).toBe(3);
    expect(() => s.integer('n', 4, 5)).toThrow("Walk.setState: field 'n' must be an integer in [4, 5], got 3");
    expect(s.doubles('xs', 2).map((x) => Object.is(x, -0))).toEqual([false, true]);
    expect(() => s.doubles('xs', 3)).toThrow("field 'xs' must be an array of 3 numbers");
    expect(() => s.boolean('flag')).toThrow("field 'flag' must be true or false, got \"yes\"");
    expect(s.oneOf('mode', ['a', 'b'])).toBe('b');
    expect(() => s.oneOf('mode', ['a'])).toThrow(`field 'mode' must be one of "a", got "b"`);
    expect(() => s.double('missing')).toThrow("Walk.setState: field 'missing': expected a number");
  });
});
