import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RandomAgent } from '../../../agents/random/random-agent.js';
import { ImmediateScheduler } from '../../../src/loop/immediate-scheduler.js';
import { interact } from '../../../src/loop/interact.js';
import { Rng } from '../../../src/random/rng.js';
import { SlipperyCorridor } from './fixtures.js';

describe('ImmediateScheduler', () => {
  it('runs tasks in later macrotasks, in order, and repeats a task that reschedules itself', async () => {
    const scheduler = new ImmediateScheduler();
    const log: string[] = [];
    scheduler.schedule(function work(count) {
      log.push(`work ${count}`);
      if (count! < 2) this.schedule(count! + 1);
    }, 0, 0);
    log.push('sync');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(['sync', 'work 0', 'work 1', 'work 2']);
  });

  it('lets timers and I/O run between loop chunks (unlike microtask scheduling)', async () => {
    const env = new SlipperyCorridor();
    let stepsWhenTimerFired = -1;
    setTimeout(() => (stepsWhenTimerFired = env.steps), 0);
    await lastValueFrom(interact(env, new RandomAgent(env, new Rng(0)), { budget: { steps: 20_000 }, chunkSize: 100 }).pipe(toArray()));
    expect(stepsWhenTimerFired).toBeGreaterThanOrEqual(0);
    expect(stepsWhenTimerFired).toBeLessThan(20_000);
  });

  it('cancels a pending task on unsubscribe, and honours delays', async () => {
    const scheduler = new ImmediateScheduler();
    const log: string[] = [];
    scheduler.schedule(() => log.push('cancelled')).unsubscribe();
    scheduler.schedule(() => log.push('late'), 15);
    scheduler.schedule(() => log.push('soon'));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(log).toEqual(['soon', 'late']);
  });
});
