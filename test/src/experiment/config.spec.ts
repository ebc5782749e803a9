import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { parseConfig } from '../../../src/experiment/config.js';

const minimal = { env: { id: 'toy/GridWorld-v0' }, agent: { id: 'q-learning' }, train: { steps: 100 } };

/** The lines of the ConfigError thrown for `value` (without the header line). */
function problems(value: unknown): string[] {
  try {
    parseConfig(value, { source: 'exp.json' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const [header, ...lines] = (error as Error).message.split('\n');
    expect(header).toContain('exp.json');
    return lines.map((l) => l.trim());
  }
  throw new Error('expected parseConfig to throw');
}

describe('parseConfig', () => {
  it('fills in every default', () => {
    const config = parseConfig(minimal, { source: '/configs/exp.json' });
    expect(config).toEqual({
      name: 'experiment',
      seed: 0,
      backend: 'js',
      env: { id: 'toy/GridWorld-v0', kwargs: {} },
      agent: { id: 'q-learning', options: {} },
      train: { steps: 100 },
      eval: { episodes: 10 },
      checkpoint: {},
      stop: {},
      sinks: [],
      plugins: [],
      out: 'runs/experiment/seed-0',
    });
  });

  it('accepts JSON text and keeps given values', () => {
    const text = JSON.stringify({ ...minimal, name: 'grid', seed: 7, eval: { every: 50, episodes: 3 }, out: 'x/y' });
    const config = parseConfig(text);
    expect(config.seed).toBe(7);
    expect(config.eval).toEqual({ every: 50, episodes: 3 });
    expect(config.out).toBe('x/y');
  });

  it('derives the default out folder from name and seed', () => {
    expect(parseConfig({ ...minimal, name: 'grid', seed: 3 }).out).toBe('runs/grid/seed-3');
  });

  it('resolves relative plugin paths against the config file, keeps package names', () => {
    const config = parseConfig({ ...minimal, plugins: ['./my-env.ts', '../shared/p.js', 'neuroloop-extra', '/abs/p.js'] }, { source: '/home/u/exp/c.json' });
    expect(config.plugins).toEqual(['/home/u/exp/my-env.ts', '/home/u/shared/p.js', 'neuroloop-extra', '/abs/p.js']);
  });

  it('names a negative step count with the value', () => {
    expect(problems({ ...minimal, train: { steps: -5 } })).toEqual(['train.steps: expected a positive integer (environment steps), got -5']);
  });

  it('rejects fractional and non-numeric integers', () => {
    expect(problems({ ...minimal, train: { steps: 1.5 } })).toEqual(['train.steps: expected a positive integer (environment steps), got 1.5']);
    expect(problems({ ...minimal, seed: 'abc' })).toEqual(['seed: expected a non-negative integer seed, got "abc"']);
    expect(problems({ ...minimal, eval: { every: 0 } })).toEqual(['eval.every: expected a positive integer (steps between evaluations), got 0']);
  });

  it('names unknown keys at every level and lists the allowed ones', () => {
    expect(problems({ ...minimal, agent: { id: 'q', lr: 0.1 }, trian: {} })).toEqual([
      'agent.lr: unknown key (allowed: id, options)',
      'trian: unknown key (allowed: name, seed, backend, env, data, agent, train, eval, checkpoint, stop, sinks, plugins, out, neuroloopVersion)',
    ]);
  });

  it('takes sinks by id with options, checking their shape', () => {
    expect(parseConfig({ ...minimal, sinks: [{ id: 'early-stopping', options: { patience: 3 } }, { id: 'csv' }] }).sinks).toEqual([
      { id: 'early-stopping', options: { patience: 3 } },
      { id: 'csv', options: {} },
    ]);
    expect(problems({ ...minimal, sinks: [{ id: '' }, { id: 'x', opts: {} }] })).toEqual([
      'sinks[0].id: expected a sink id such as "csv" or "early-stopping" (a non-empty string), got ""',
      'sinks[1].opts: unknown key (allowed: id, options)',
    ]);
    expect(problems({ ...minimal, sinks: 'csv' })).toEqual(['sinks: expected an array of { id, options }, got "csv"']);
  });

  it('lists every problem at once', () => {
    const lines = problems({ env: { id: '' }, agent: 'q', train: { steps: 0 }, backend: 5, plugins: [3] });
    expect(lines).toEqual([
      'backend: expected a kernel backend name such as "js", "gpu" or "auto", got 5',
      'env.id: expected an env id such as "CartPole-v1" (a non-empty string), got ""',
      'agent: expected an object { id, options }, got "q"',
      'train.steps: expected a positive integer (environment steps), got 0',
      'plugins[0]: expected a module path, got 3',
    ]);
  });

  it('reports a missing required section', () => {
    expect(problems({ env: { id: 'x-v0' }, train: { steps: 1 } })).toEqual(['agent: expected an object { id, options }, got nothing (the field is required)']);
  });

  it('wants exactly one of env and data', () => {
    expect(problems({ agent: { id: 'q' }, train: { steps: 1 } })).toEqual(['(config): expected an "env" section (RL) or a "data" section (learners), got neither']);
    expect(problems({ ...minimal, data: { id: 'ring-8' } })).toEqual(['(config): expected exactly one of "env" (RL) or "data" (learners), got both']);
  });

  it('matches the training budget to the kind of run', () => {
    expect(problems({ env: { id: 'x-v0' }, agent: { id: 'q' }, train: { epochs: 2 } })).toEqual([
      'train.steps: expected a positive integer (environment steps) for an env run, got nothing',
      'train.epochs: expected no epochs in an env run (epochs are for data runs; use train.steps)',
    ]);
    expect(problems({ data: { id: 'ring-8' }, agent: { id: 'gan' }, train: { steps: 2 }, stop: { meanReturn: 1 } })).toEqual([
      'train.epochs: expected a positive integer (passes over the data) for a data run, got nothing',
      'train.steps: expected no steps in a data run (steps are for env runs; use train.epochs)',
      'stop.meanReturn: expected no meanReturn in a data run (data runs have no episode returns; use stop.metric with atLeast or atMost)',
    ]);
    const learner = parseConfig({ data: { id: 'ring-8', options: { n: 3 } }, agent: { id: 'gan' }, train: { epochs: 2 } });
    expect(learner.data).toEqual({ id: 'ring-8', options: { n: 3 } });
    expect(learner.train).toEqual({ epochs: 2, batchSize: 64 });
  });

  it('checks the stop rule of each kind of run', () => {
    expect(problems({ ...minimal, stop: { metric: 'accuracy', atLeast: 0.9 } })).toEqual([
      'stop.metric: expected no metric in an env run (env runs stop on stop.meanReturn)',
      'stop.atLeast: expected no atLeast in an env run (env runs stop on stop.meanReturn)',
    ]);
    const data = { data: { id: 'mnist' }, agent: { id: 'classifier' }, train: { epochs: 1 } };
    expect(problems({ ...data, stop: { metric: 'accuracy', atLeast: 0.9, atMost: 1 }, eval: { every: 10 } })).toEqual(['stop: expected exactly one of atLeast or atMost with stop.metric']);
    expect(problems({ ...data, stop: { atLeast: 0.9 }, eval: { every: 10 } })).toEqual(['stop.metric: expected the eval metric that atLeast / atMost applies to, got nothing']);
    expect(problems({ ...data, stop: { metric: 'accuracy', atLeast: 0.9 } })).toEqual(['eval.every: expected a positive integer: stop.metric is judged on periodic evaluations, got nothing']);
    expect(parseConfig({ ...data, stop: { metric: 'accuracy', atLeast: 0.9 }, eval: { every: 10 } }).stop).toEqual({ metric: 'accuracy', atLeast: 0.9 });
  });

  it('rejects non-object kwargs and non-JSON text', () => {
    expect(problems({ ...minimal, env: { id: 'x-v0', kwargs: [1] } })).toEqual(['env.kwargs: expected env kwargs as a JSON object, got an array of 1']);
    expect(() => parseConfig('{"seed": 1,', { source: 'bad.json' })).toThrow(/bad\.json: not valid JSON/);
    expect(problems([])).toEqual(['(config): expected a JSON object, got an array of 0']);
  });

  it('rejects run names that are not safe folder names', () => {
    expect(problems({ ...minimal, name: '../up' })).toEqual(['name: expected a run name (letters, digits, ".", "_", "-"), got "../up"']);
  });
});
