import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { glibcSquare } from '../../../envs/classic-control/glibc-pow.js';
import { glibcCos, glibcSin } from '../../../envs/classic-control/glibc-trig.js';

// Arguments and results of glibc 2.36 (x86-64, FMA build) as CPython/NumPy return them; most
// arguments were chosen where V8's Math.sin / Math.cos / x * x give a different double.
const fixture = JSON.parse(readFileSync(new URL('./fixtures/glibc-libm.json', import.meta.url), 'utf8')) as Record<'sin' | 'cos' | 'square', [number, number][]>;

describe('glibc-compatible libm', () => {
  it.each([
    ['sin', glibcSin],
    ['cos', glibcCos],
    ['square', glibcSquare],
  ] as const)('%s reproduces glibc bit for bit', (name, fn) => {
    const cases = fixture[name];
    expect(cases.length).toBeGreaterThan(300);
    const wrong = cases.filter(([x, y]) => !Object.is(fn(x), y));
    expect(wrong).toEqual([]);
  });

  it('differs from the V8 built-ins on the fixture (so the fixture tests something)', () => {
    expect(fixture.sin.filter(([x, y]) => Math.sin(x) !== y).length).toBeGreaterThan(100);
    expect(fixture.square.filter(([x, y]) => x * x !== y).length).toBeGreaterThan(50);
  });

  it('handles special values like glibc', () => {
    expect(glibcSin(0)).toBe(0);
    expect(Object.is(glibcSin(-0), -0)).toBe(true);
    expect(glibcCos(0)).toBe(1);
    expect(glibcSin(1e-9)).toBe(1e-9);
    expect(glibcSin(NaN)).toBeNaN();
    expect(glibcCos(Infinity)).toBeNaN();
    expect(glibcSquare(-3)).toBe(9);
    expect(glibcSquare(0.5)).toBe(0.25);
    expect(glibcSquare(0)).toBe(0);
    expect(glibcSquare(1e200)).toBe(Infinity);
  });

  it('stays within one ulp of Math.sin / Math.cos on a sweep (sanity)', () => {
    for (let i = 0; i < 2000; i++) {
      const x = (i - 1000) * 0.0137;
      expect(Math.abs(glibcSin(x) - Math.sin(x))).toBeLessThanOrEqual(2.3e-16);
      expect(Math.abs(glibcCos(x) - Math.cos(x))).toBeLessThanOrEqual(2.3e-16);
    }
  });
});
