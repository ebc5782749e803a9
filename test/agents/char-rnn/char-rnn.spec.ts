import { describe, expect, it } from 'vitest';
import { CharRnn, charRnnRegistration } from '../../../agents/char-rnn/char-rnn.js';
import type { CharRnnOptions } from '../../../agents/char-rnn/char-rnn-options.js';
import { AgentRegistryImpl } from '../../../src/agent/agent-registry.js';
import { charCorpus } from '../../../src/data/char-corpus.js';
import { ConfigError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

const TEXT = 'abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc';
const TINY: Partial<CharRnnOptions> = { embeddingDim: 4, units: 12, learningRate: 3e-2, sampleLength: 12 };

describe('CharRnn', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: learns a periodic text far below the uniform ${Math.log2(3).toFixed(2)} bits per character`, () => {
      const corpus = charCorpus(TEXT, { seqLength: 6, validationFraction: 0.25 });
      const model = new CharRnn(corpus.vocabulary, new Rng(0), { ...TINY, cell });
      const before = model.evaluate(corpus, new Rng(1))['bpc']!;
      expect(before).toBeGreaterThan(1.3);
      const rng = new Rng(2);
      for (let step = 0; step < 60; step++) {
        const metrics = model.trainStep(corpus.train.batch(rng.permutation(corpus.train.size).subarray(0, 4)));
        expect(metrics['bpc']).toBeCloseTo(metrics['loss']! / Math.LN2, 10);
      }
      expect(model.evaluate(corpus, new Rng(1))['bpc']).toBeLessThan(0.3);
      // A model that learned "abc" repeats it, whatever the sampling noise at a low temperature.
      const [text] = model.generate(1, new Rng(3), { prompt: 'ab', temperature: 0.3, length: 9 });
      expect(text).toBe('cabcabcab');
    });
  }

  it('samples [n, sampleLength] ids deterministically for an Rng and resumes from getState', () => {
    const corpus = charCorpus(TEXT, { seqLength: 6 });
    const model = new CharRnn(corpus.vocabulary, new Rng(4), TINY);
    const ids = model.sample(3, new Rng(5));
    expect(ids.shape).toEqual([3, 12]);
    expect(ids.data.every((id) => Number.isInteger(id) && id >= 0 && id < 3)).toBe(true);
    expect(model.sample(3, new Rng(5)).data).toEqual(ids.data);
    const batches = [0, 1, 2].map((i) => corpus.train.batch([i, i + 3]));
    model.trainStep(batches[0]!);
    const copy = new CharRnn(corpus.vocabulary, new Rng(6), TINY);
    copy.setState(model.getState());
    for (const batch of batches.slice(1)) expect(copy.trainStep(batch)).toEqual(model.trainStep(batch));
    const other = new CharRnn(charCorpus('xyzxyzxyzxyzxyz', { seqLength: 4, validationFraction: 0 }).vocabulary, new Rng(0), TINY);
    expect(() => other.setState(model.getState())).toThrow(/another vocabulary/);
  });

  it('refuses prompts outside the vocabulary, bad options and non-text data', () => {
    const corpus = charCorpus(TEXT, { seqLength: 6 });
    expect(() => new CharRnn(corpus.vocabulary, new Rng(0), { ...TINY, prompt: 'xyz' })).toThrow(/not in the vocabulary/);
    expect(() => new CharRnn(corpus.vocabulary, new Rng(0), { cell: 'rnn' as 'lstm' })).toThrow(ConfigError);
    const registry = new AgentRegistryImpl();
    registry.register(charRnnRegistration);
    expect(() => registry.makeLearner('char-rnn', { rng: new Rng(0), data: { id: 'ring-8', train: corpus.train } })).toThrow(/character corpus/);
    expect(registry.makeLearner('char-rnn', { rng: new Rng(0), data: corpus, options: TINY }).sample!(1, new Rng(0)).shape).toEqual([1, 12]);
  });
});
