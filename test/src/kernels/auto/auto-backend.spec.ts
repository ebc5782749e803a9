import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AutoBackend } from '../../../../src/kernels/auto/auto-backend.js';
import { calibrate, type CalibrationMeasurement } from '../../../../src/kernels/auto/calibrate.js';
import { JsBackend } from '../../../../src/kernels/js/js-backend.js';
import type { KernelBackend, MatmulOptions } from '../../../../src/kernels/kernel-backend.js';
import { Tensor } from '../../../../src/tensor/tensor.js';

/** A js backend that records which kernels it ran and can charge a fake clock per element. */
class RecordingBackend extends JsBackend {
  readonly calls: string[] = [];
  constructor(
    label: string,
    private readonly clock?: { now: number; costPerCall: number; costPerUnit: number },
  ) {
    super();
    (this as { name: string }).name = label;
  }
  override matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor {
    this.calls.push('matmul');
    const out = super.matmul(a, b, options);
    this.charge(out.size * a.shape[1]!);
    return out;
  }
  override binary(...args: Parameters<JsBackend['binary']>): Tensor {
    this.calls.push('binary');
    const out = super.binary(...args);
    this.charge(out.size);
    return out;
  }
  override reduce(...args: Parameters<JsBackend['reduce']>): Tensor {
    this.calls.push('reduce');
    this.charge(args[1].size);
    return super.reduce(...args);
  }
  override concat(...args: Parameters<JsBackend['concat']>): Tensor {
    this.calls.push('concat');
    return super.concat(...args);
  }
  override dispose(): void {
    this.calls.push('dispose');
  }
  private charge(units: number): void {
    if (this.clock) this.clock.now += this.clock.costPerCall + this.clock.costPerUnit * units;
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'neuroloop-auto-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('AutoBackend routing', () => {
  it('routes by family and size at the crossovers, defaulting to js', () => {
    const js = new RecordingBackend('js');
    const big = new RecordingBackend('big');
    const auto = new AutoBackend({ backends: { js, big }, thresholds: { matmul: [{ from: 2 * 3 * 4, backend: 'big' }], elementwise: [{ from: 10, backend: 'big' }] } });
    expect(auto.route('matmul', 23)).toBe(js);
    expect(auto.route('matmul', 24)).toBe(big);
    expect(auto.route('reduce', 1e9)).toBe(js);
    auto.matmul(new Tensor([2, 3]), new Tensor([3, 4]));
    auto.matmul(new Tensor([2, 3]), new Tensor([3, 3]));
    auto.binary('add', new Tensor([2, 5]), new Tensor([5]));
    auto.binary('add', new Tensor([3, 3]), new Tensor([3]));
    auto.reduce('sum', new Tensor([100]));
    auto.concat([new Tensor([100]), new Tensor([100])], 0);
    expect(big.calls).toEqual(['matmul', 'binary']);
    expect(js.calls).toEqual(['matmul', 'binary', 'reduce', 'concat']);
  });

  it('supports several crossovers among several backends', () => {
    const js = new RecordingBackend('js');
    const mid = new RecordingBackend('mid');
    const big = new RecordingBackend('big');
    const auto = new AutoBackend({ backends: { js, mid, big }, thresholds: { softmax: [{ from: 10, backend: 'mid' }, { from: 100, backend: 'big' }] } });
    expect([5, 10, 99, 100, 1e6].map((s) => auto.route('softmax', s).name)).toEqual(['js', 'mid', 'mid', 'big', 'big']);
  });

  it('defaults to js, sending only large matmuls to a gpu.js backend on a real GPU', () => {
    const js = new RecordingBackend('js');
    const gl = new RecordingBackend('gpu:headlessgl');
    const auto = new AutoBackend({ backends: { js, gpu: gl } });
    expect(auto.route('matmul', 255 ** 3)).toBe(js);
    expect(auto.route('matmul', 256 ** 3)).toBe(gl);
    expect(auto.route('elementwise', 1e8)).toBe(js);
    // gpu.js on the CPU (webasm, cpu) loses to js when measured, so it gets no default route.
    expect(new AutoBackend({ backends: { js, gpu: new RecordingBackend('gpu:webasm') } }).thresholds).toEqual({});
    expect(new AutoBackend({ backends: { js } }).thresholds).toEqual({});
  });

  it('rejects thresholds naming unknown backends or families, or unsorted crossovers', () => {
    const backends = { js: new JsBackend() };
    expect(() => new AutoBackend({ backends, thresholds: { matmul: [{ from: 1, backend: 'gpu' }] } })).toThrow(
      "AutoBackend thresholds.matmul[0].backend: expected one of the candidate backends (js), got \"gpu\"",
    );
    expect(() => new AutoBackend({ backends, thresholds: { convolution: [] } as never })).toThrow("unknown kernel family 'convolution'");
    expect(() => new AutoBackend({ backends, thresholds: { matmul: [{ from: 5, backend: 'js' }, { from: 5, backend: 'js' }] } })).toThrow('strictly increasing');
    expect(() => new AutoBackend({ backends: {} })).toThrow('at least one backend');
  });

  it('disposes its candidates unless told it does not own them', () => {
    const js = new RecordingBackend('js');
    new AutoBackend({ backends: { js }, ownsBackends: false }).dispose();
    expect(js.calls).toEqual([]);
    new AutoBackend({ backends: { js } }).dispose();
    expect(js.calls).toEqual(['dispose']);
  });
});

describe('AutoBackend thresholds files', () => {
  const backends = { js: new JsBackend(), gpu: new JsBackend() };

  it('round-trips thresholds through JSON', () => {
    const path = join(tmp, 'roundtrip.json');
    const thresholds = { matmul: [{ from: 4096, backend: 'gpu' }], softmax: [{ from: 10, backend: 'gpu' }, { from: 1e6, backend: 'js' }] };
    new AutoBackend({ backends, thresholds }).saveThresholds(path);
    const loaded = new AutoBackend({ backends, thresholds: {} });
    loaded.loadThresholds(path);
    expect(loaded.thresholds).toEqual(thresholds);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('neuroloop-auto-thresholds');
  });

  it.each([
    ['missing file', null, 'cannot read the auto-backend thresholds file'],
    ['not JSON', '{ matmul: ', 'is not valid JSON'],
    ['another format', '{"thresholds": {}}', 'not an auto-backend thresholds file'],
    ['bad size', '{"format": "neuroloop-auto-thresholds", "version": 1, "thresholds": {"matmul": [{"from": -1, "backend": "gpu"}]}}', 'thresholds.matmul[0].from: expected a finite size >= 0'],
    ['unknown backend', '{"format": "neuroloop-auto-thresholds", "version": 1, "thresholds": {"reduce": [{"from": 1, "backend": "tpu"}]}}', 'thresholds.reduce[0].backend'],
  ])('rejects a %s with a FileFormatError naming the path', (label, content, message) => {
    const path = join(tmp, `bad-${label.replace(/ /g, '-')}.json`);
    if (content !== null) writeFileSync(path, content);
    const auto = new AutoBackend({ backends });
    expect(() => auto.loadThresholds(path)).toThrow(expect.objectContaining({ name: 'FileFormatError', message: expect.stringContaining(path) }));
    expect(() => auto.loadThresholds(path)).toThrow(message);
  });
});

describe('calibrate', () => {
  it('finds the crossover where the per-call overhead of a throughput backend pays off', () => {
    // Fake clock: "js" costs 1 ms per million units, "fast" 50 µs per call + 0.1 ms per million units.
    const clock = { now: 0, costPerCall: 0, costPerUnit: 1e-6 };
    const fastClock = { get now() { return clock.now; }, set now(v: number) { clock.now = v; }, costPerCall: 0.05, costPerUnit: 1e-7 };
    const js = new RecordingBackend('js', clock);
    const fast = new RecordingBackend('fast', fastClock);
    const seen: CalibrationMeasurement[] = [];
    const thresholds = calibrate({ js, fast }, {
      clock: () => clock.now,
      families: ['matmul', 'elementwise', 'reduce'],
      runs: 3,
      onMeasurement: (m) => seen.push(m),
    });
    // Crossover at ~55 560 units: matmul sweeps n^3 for n in 8, 32, 64, ... -> 64^3; rows x 64 sweeps -> 65 536.
    expect(thresholds).toEqual({
      matmul: [{ from: 64 ** 3, backend: 'fast' }],
      elementwise: [{ from: 1024 * 64, backend: 'fast' }],
      reduce: [{ from: 1024 * 64, backend: 'fast' }],
    });
    const point = seen.find((m) => m.family === 'matmul' && m.size === 8 ** 3 && m.backend === 'fast');
    expect(point?.medianMs).toBeCloseTo(0.05 + 1e-7 * 8 ** 3, 9);
  });

  it('needs two consecutive wins to move a crossover (a single-size win is noise)', () => {
    const clock = { now: 0 };
    /** Costs 1 ms per call, or 0.1 ms at the sizes in `fastAt`. */
    const backendFastAt = (label: string, fastAt: number[]): JsBackend => {
      const backend = new (class extends JsBackend {
        override binary(...args: Parameters<JsBackend['binary']>): Tensor {
          const out = super.binary(...args);
          clock.now += fastAt.includes(out.size) ? 0.1 : 1;
          return out;
        }
      })();
      (backend as { name: string }).name = label;
      return backend;
    };
    const options = { clock: () => clock.now, families: ['elementwise'] as const, runs: 1 };
    // elementwise sweeps 4, 64, 1024 and 8192 rows of 64.
    expect(calibrate({ js: backendFastAt('js', []), fluke: backendFastAt('fluke', [64 * 64]) }, options)).toEqual({});
    expect(calibrate({ js: backendFastAt('js', []), fast: backendFastAt('fast', [64 * 64, 1024 * 64, 8192 * 64]) }, options)).toEqual({
      elementwise: [{ from: 64 * 64, backend: 'fast' }],
    });
    expect(calibrate({ js: backendFastAt('js', []), late: backendFastAt('late', [8192 * 64]) }, options)).toEqual({});
  });

  it('stops measuring when the time budget is spent', () => {
    const clock = { now: 0, costPerCall: 1000, costPerUnit: 0 };
    const js = new RecordingBackend('js', clock);
    const thresholds = calibrate({ js }, { clock: () => clock.now, budgetMs: 5000, runs: 1 });
    expect(thresholds).toEqual({});
    // 4 calls per point (3 warm-up + 1 sample) at 1 s each: the budget allows 2 points, then stops.
    expect(js.calls.length).toBe(8);
  });

  it('AutoBackend.calibrate on real backends returns valid thresholds quickly', () => {
    const auto = new AutoBackend({ backends: { js: new JsBackend(), other: new JsBackend() } });
    const thresholds = AutoBackend.calibrate(auto.backends, { families: ['elementwise'], runs: 1, budgetMs: 2000 });
    auto.setThresholds(thresholds);
    expect(auto.thresholds).toEqual(thresholds);
  });
});

describe('KernelBackend contract of RecordingBackend helpers', () => {
  it('is a KernelBackend', () => {
    const backend: KernelBackend = new RecordingBackend('js');
    expect(backend.matmul(Tensor.from([[2]]), Tensor.from([[3]])).item()).toBe(6);
  });
});
