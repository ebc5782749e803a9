import { describe, expect, it } from 'vitest';
import { SinkRegistryImpl, type SinkContext } from '../../../src/di/sink-registry.js';
import type { LoopEvent } from '../../../src/loop/events.js';

/** Stops the run on the first eval whose meanReturn reaches `target`: the shape of an early-stopping sink. */
function registry(): SinkRegistryImpl {
  const sinks = new SinkRegistryImpl();
  sinks.register<{ target: number }>({
    id: 'stop-at',
    defaults: { target: 1 },
    create: ({ options, stop }: SinkContext<{ target: number }>) => ({
      handle: (event: LoopEvent) => {
        if (event.type === 'eval' && event.meanReturn! >= options.target) stop(`meanReturn ${event.meanReturn} >= ${options.target}`);
      },
    }),
  });
  return sinks;
}

describe('SinkRegistryImpl.make: the context a sink is made with', () => {
  it("hands the sink the run's stop, with the sink's reason", () => {
    const reasons: string[] = [];
    const sink = registry().make('stop-at', { runDir: null, options: { target: 2 }, stop: (reason) => reasons.push(reason) });
    sink.handle({ type: 'eval', step: 10, meanReturn: 1.5 });
    sink.handle({ type: 'eval', step: 20, meanReturn: 2.5 });
    expect(reasons).toEqual(['meanReturn 2.5 >= 2']);
  });

  it('a sink made without a run to stop says so when it tries', () => {
    const sink = registry().make('stop-at', { runDir: null });
    expect(() => sink.handle({ type: 'eval', step: 10, meanReturn: 3 })).toThrow(
      "sink 'stop-at' asked to stop the run (meanReturn 3 >= 1), but it was made without a run to stop: pass stop to SinkRegistry.make",
    );
  });
});
