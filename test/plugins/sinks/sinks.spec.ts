import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CsvSink } from '../../../plugins/sinks/csv-sink.js';
import { CurveSink } from '../../../plugins/sinks/curve-sink.js';
import { EarlyStoppingSink } from '../../../plugins/sinks/early-stopping-sink.js';
import { JsonlSink } from '../../../plugins/sinks/jsonl-sink.js';
import { attachSink } from '../../../src/experiment/attach-sink.js';
import type { LoopEvent } from '../../../src/loop/events.js';

const events: LoopEvent[] = [
  { type: 'episode', step: 12, episode: 1, envIndex: 0, return: 12, length: 12 },
  { type: 'update', step: 12, updates: 1, metrics: { loss: 0.5, epsilon: 0.9 } },
  { type: 'eval', step: 20, meanReturn: 15, stdReturn: 2, episodes: 3 },
  { type: 'update', step: 24, updates: 2, metrics: { loss: 0.25, epsilon: 0.8, lr: 0.001 } },
  { type: 'episode', step: 30, episode: 2, envIndex: 0, return: -1.5, length: 18 },
  { type: 'eval', step: 40, meanReturn: 30, stdReturn: 0, episodes: 3 },
  { type: 'done', step: 40, reason: 'budget' },
];

describe('JsonlSink', () => {
  it('writes one stable line per event', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nl-sink-')), 'e.jsonl');
    attachSink(from(events), new JsonlSink(path));
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines).toHaveLength(events.length + 1);
    expect(lines[1]).toBe('{"type":"update","step":12,"metrics":{"epsilon":0.9,"loss":0.5},"updates":1}');
    expect(lines[6]).toBe('{"type":"done","step":40,"reason":"budget"}');
  });
});

describe('CsvSink', () => {
  it('writes episode, update and eval rows, widening for late metrics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-sink-'));
    attachSink(from(events), new CsvSink(dir));
    expect(readFileSync(join(dir, 'episodes.csv'), 'utf8')).toBe('step,episode,envIndex,return,length\n12,1,0,12,12\n30,2,0,-1.5,18\n');
    expect(readFileSync(join(dir, 'updates.csv'), 'utf8')).toBe('step,updates,epsilon,loss,lr\n12,1,0.9,0.5,\n24,2,0.8,0.25,0.001\n');
    expect(readFileSync(join(dir, 'evals.csv'), 'utf8')).toBe('step,meanReturn,stdReturn,episodes\n20,15,2,3\n40,30,0,3\n');
  });

  it('creates no file for a kind of event that never came', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-sink-'));
    attachSink(from(events.filter((e) => e.type === 'episode')), new CsvSink(dir));
    expect(existsSync(join(dir, 'updates.csv'))).toBe(false);
  });
});

describe('CurveSink', () => {
  it('plots eval returns with a band and the target', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nl-sink-')), 'curve.svg');
    const sink = new CurveSink(path, { title: 'grid', targetReturn: 25 });
    attachSink(from(events), sink);
    const svg = readFileSync(path, 'utf8');
    expect(svg).toBe(sink.render());
    expect(svg).toContain('eval mean return (± std)');
    expect(svg).toContain('target 25');
    expect(svg.match(/<circle /g)).toHaveLength(2);
  });

  it('plots each learner metric when evals carry no returns', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nl-sink-')), 'c.svg');
    const sink = new CurveSink(path, { xLabel: 'batches' });
    attachSink(from<LoopEvent[]>([
      { type: 'eval', step: 10, metrics: { accuracy: 0.5, loss: 1 } },
      { type: 'eval', step: 20, metrics: { accuracy: 0.9, loss: 0.3 } },
    ]), sink);
    const svg = sink.render();
    expect(svg).toContain('>accuracy</text>');
    expect(svg).toContain('>loss</text>');
    expect(svg.match(/<polyline /g)).toHaveLength(2);
  });
});

describe('EarlyStoppingSink', () => {
  const evalAt = (step: number, meanReturn: number): LoopEvent => ({ type: 'eval', step, meanReturn, stdReturn: 0, episodes: 1 });

  it('stops after `patience` evaluations without improvement', () => {
    const calls: string[] = [];
    const sink = new EarlyStoppingSink({ patience: 2, minDelta: 0.5, stop: (why) => calls.push(why) });
    for (const [step, r] of [[10, 1], [20, 3], [30, 3.4], [40, 2], [50, 9]] as const) sink.handle(evalAt(step, r));
    expect(calls).toEqual(['meanReturn did not improve for 2 evaluations (best 3 at step 20)']);
    expect(sink.best).toEqual({ value: 3, step: 20 });
  });

  it('stops once a minimised metric reaches its threshold, ignoring other events', () => {
    const calls: string[] = [];
    const sink = new EarlyStoppingSink({ metric: 'loss', mode: 'min', threshold: 0.1, stop: (why) => calls.push(why) });
    sink.handle({ type: 'update', step: 1, updates: 1, metrics: { loss: 0 } });
    sink.handle({ type: 'eval', step: 5, metrics: { loss: 0.3 } });
    expect(calls).toEqual([]);
    sink.handle({ type: 'eval', step: 10, metrics: { loss: 0.1 } });
    sink.handle({ type: 'eval', step: 15, metrics: { loss: 0.05 } });
    expect(calls).toEqual(['loss 0.1 reached 0.1 at step 10']);
  });

  it('needs a rule', () => {
    expect(() => new EarlyStoppingSink({ stop: () => {} })).toThrow(/set patience, threshold or both/);
    expect(() => new EarlyStoppingSink({ patience: 0, stop: () => {} })).toThrow(/patience must be a positive integer/);
  });
});
