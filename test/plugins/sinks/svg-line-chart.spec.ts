import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTick, niceAxis, renderLineChart } from '../../../plugins/sinks/svg-line-chart.js';

describe('niceAxis', () => {
  it('widens a range to 1-2-5 steps', () => {
    expect(niceAxis(3, 97)).toEqual({ min: 0, max: 100, step: 20, ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceAxis(0.1, 0.35).ticks).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceAxis(0, 0).ticks).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('always covers the data with between 2 and 12 evenly spaced ticks', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.double({ min: -1e7, max: 1e7, noNaN: true }), (a, b) => {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        const axis = niceAxis(lo, hi);
        expect(axis.min).toBeLessThanOrEqual(lo);
        expect(axis.max).toBeGreaterThanOrEqual(hi);
        expect(axis.ticks.length).toBeGreaterThanOrEqual(2);
        expect(axis.ticks.length).toBeLessThanOrEqual(12);
        const mantissa = axis.step / 10 ** Math.floor(Math.log10(axis.step));
        expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
      }),
    );
  });
});

describe('formatTick', () => {
  it('prints thousands, millions and decimals readably', () => {
    expect(formatTick(20000, 5000)).toBe('20k');
    expect(formatTick(2500000, 500000)).toBe('2.5M');
    expect(formatTick(0.3, 0.05)).toBe('0.30');
    expect(formatTick(1500, 500)).toBe('1500');
    expect(formatTick(-0, 1)).toBe('0');
    // One unit per axis: 5000 on an axis reaching 20k reads 5k, 2500 reads 2.5k.
    expect(niceAxis(0, 20000).ticks.map((t) => formatTick(t, 5000, 20000))).toEqual(['0', '5k', '10k', '15k', '20k']);
    expect(formatTick(2500, 500, 12000)).toBe('2.5k');
  });
});

describe('renderLineChart', () => {
  const series = [{ name: 'eval <return>', points: [{ x: 0, y: 10, low: 5, high: 15 }, { x: 100, y: 50, low: 40, high: 60 }] }];

  it('is deterministic and well-formed', () => {
    const svg = renderLineChart(series, { title: 'a & b', xLabel: 'steps', yLabel: 'return', target: { y: 45, label: 'target' } });
    expect(renderLineChart(series, { title: 'a & b', xLabel: 'steps', yLabel: 'return', target: { y: 45, label: 'target' } })).toBe(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('a &amp; b');
    expect(svg).toContain('eval &lt;return&gt;');
    expect(svg).not.toMatch(/<return>|NaN|undefined/);
    expect(svg).toContain('stroke-dasharray');
  });

  it('maps the data corners to the plot corners', () => {
    const svg = renderLineChart([{ name: 's', points: [{ x: 0, y: 0 }, { x: 100, y: 100 }] }]);
    // plot area: x 68..616, y 48..348 (640x400 minus margins)
    expect(svg).toContain('<polyline points="68.00,348.00 616.00,48.00"');
    expect(svg).toMatch(/<polygon|<polyline/);
  });

  it('draws the band between low and high', () => {
    const svg = renderLineChart([{ name: 's', points: [{ x: 0, y: 1, low: 0, high: 2 }, { x: 10, y: 1, low: 0, high: 2 }] }]);
    expect(svg).toMatch(/<polygon points="68\.00,48\.00 616\.00,48\.00 616\.00,348\.00 68\.00,348\.00"/);
  });

  it('says so when there is no data', () => {
    expect(renderLineChart([])).toContain('no data yet');
  });
});
