import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ProgressSink, compact, formatDuration } from '../../../plugins/sinks/progress-sink.js';
import { ManualClock } from '../../../src/loop/clock.js';
import { attachSink } from '../../../src/experiment/attach-sink.js';
import type { LoopEvent } from '../../../src/loop/events.js';

class FakeStream {
  text = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns = 200,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('ProgressSink', () => {
  it('redraws one line in place with return, loss, speed and ETA', () => {
    const clock = new ManualClock();
    const stream = new FakeStream(true);
    const sink = new ProgressSink({ total: 1000, stream, clock, enabled: true });
    sink.handle({ type: 'episode', step: 100, episode: 1, envIndex: 0, return: 10, length: 100 });
    clock.advance(1);
    sink.handle({ type: 'update', step: 250, updates: 1, metrics: { loss: 0.1234, epsilon: 0.5 } });
    expect(sink.line()).toBe('[#####...............]  25% 250/1k steps | ep 1 return 10.0 (avg 10.0) | loss 0.123 | 250/s | ETA 0:03');
    sink.close();
    expect(stream.text.startsWith('\r[')).toBe(true);
    expect(stream.text.endsWith('\n')).toBe(true);
    expect(stream.text.split('\n')).toHaveLength(2);
  });

  it('throttles redraws', () => {
    const clock = new ManualClock();
    const stream = new FakeStream(true);
    const sink = new ProgressSink({ total: 100, stream, clock, enabled: true, intervalMs: 100 });
    for (let step = 1; step <= 10; step++) {
      sink.handle({ type: 'update', step, updates: step, metrics: {} });
      clock.advance(0.02);
    }
    expect(stream.text.split('\r').length - 1).toBe(2);
  });

  it('is silent off a TTY, and when disabled', () => {
    const events: LoopEvent[] = [{ type: 'episode', step: 5, episode: 1, envIndex: 0, return: 1, length: 5 }, { type: 'done', step: 5, reason: 'budget' }];
    const pipe = new FakeStream(false);
    attachSink(from(events), new ProgressSink({ total: 5, stream: pipe }));
    const quiet = new FakeStream(true);
    attachSink(from(events), new ProgressSink({ total: 5, stream: quiet, enabled: false }));
    expect(pipe.text).toBe('');
    expect(quiet.text).toBe('');
  });

  it('cuts the line to the terminal width', () => {
    const stream = new FakeStream(true, 30);
    const sink = new ProgressSink({ total: 10, stream, clock: new ManualClock(), enabled: true });
    sink.handle({ type: 'done', step: 10, reason: 'budget' });
    expect(stream.text).toBe('\r[####################] 100% 1\x1b[K');
  });
});

describe('formatting helpers', () => {
  it('compacts counts and durations', () => {
    expect([compact(950), compact(1234), compact(12345), compact(4.5e6), compact(2.25)]).toEqual(['950', '1.2k', '12k', '4.5M', '2.3']);
    expect([formatDuration(7), formatDuration(185), formatDuration(3723), formatDuration(Infinity)]).toEqual(['0:07', '3:05', '1:02:03', '?']);
  });
});
