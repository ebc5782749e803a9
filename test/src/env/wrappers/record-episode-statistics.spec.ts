import { describe, expect, it } from 'vitest';
import { RecordEpisodeStatistics } from '../../../../src/env/wrappers/record-episode-statistics.js';
import { TimeLimit } from '../../../../src/env/wrappers/time-limit.js';
import { WalkEnv } from '../test-envs.js';

describe('RecordEpisodeStatistics', () => {
  it('puts return and length in the info of the last step only', () => {
    const env = new RecordEpisodeStatistics(new WalkEnv(2));
    env.reset();
    const first = env.step(1);
    expect(first.info['episode']).toBeUndefined();
    expect(env.currentReturn).toBe(1);
    const last = env.step(1);
    expect(last.info['episode']).toEqual({ return: 2, length: 2 });
    expect(last.info['position']).toBe(2);
    expect(env.episodeCount).toBe(1);
  });

  it('counts truncated episodes and keeps a bounded queue', () => {
    const env = new RecordEpisodeStatistics(new TimeLimit(new WalkEnv(100), 2), 2);
    for (let e = 0; e < 3; e++) {
      env.reset();
      env.step(e % 2);
      env.step(1);
    }
    expect(env.returnQueue).toEqual([2, 1]);
    expect(env.lengthQueue).toEqual([2, 2]);
    expect(env.episodeCount).toBe(3);
  });

  it('resets the running sums on reset', () => {
    const env = new RecordEpisodeStatistics(new WalkEnv(10));
    env.reset();
    env.step(1);
    env.reset();
    expect([env.currentReturn, env.currentLength]).toEqual([0, 0]);
  });
});
