import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinDataSources, createBuiltinDataSources } from '../../../src/data/builtin-data-sources.js';
import { CIFAR10_RECORD_BYTES } from '../../../src/data/cifar10.js';
import type { CharCorpus } from '../../../src/data/char-corpus.js';
import { MnistCache } from '../../../src/data/mnist-digits.js';
import { ConfigError, FileFormatError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

const specs = createBuiltinDataSources({ mnistCache: new MnistCache() });
const spec = (id: string) => specs.find((s) => s.id === id)!;

describe('builtinDataSources', () => {
  it('lists the five built-in ids with descriptions', () => {
    expect(builtinDataSources.map((s) => s.id)).toEqual(['mnist', 'ring-8', 'grid-25', 'cifar-10', 'char-corpus']);
    for (const s of builtinDataSources) expect(s.description.length).toBeGreaterThan(10);
    expect(Object.isFrozen(builtinDataSources)).toBe(true);
  });

  it('creates each source from plain options', () => {
    const digits = spec('mnist').create({ flatten: true, normalize: '-1,1' });
    expect(digits.train.inputShape).toEqual([784]);
    expect(digits.train.size).toBe(8000);
    expect(spec('mnist').create(undefined).train.inputShape).toEqual([28, 28, 1]);

    const ring = spec('ring-8').create({ trainSize: 50 }, new Rng(1));
    expect(ring.id).toBe('ring-8');
    expect(ring.train.size).toBe(50);
    expect(spec('grid-25').create({}).train.numClasses).toBe(25);

    const text = spec('char-corpus').create({ text: 'the quick brown fox jumps over the lazy dog', seqLength: 5, validationFraction: 0.25 }) as CharCorpus;
    expect(text.seqLength).toBe(5);
    expect(text.vocabulary.size).toBe(27); // 26 letters and the space
    expect(spec('char-corpus').create({}).train.inputShape).toEqual([64]);
  });

  it('creates cifar-10 from a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neuroloop-builtin-cifar-'));
    try {
      writeFileSync(join(dir, 'data_batch_1.bin'), new Uint8Array(2 * CIFAR10_RECORD_BYTES));
      writeFileSync(join(dir, 'test_batch.bin'), new Uint8Array(CIFAR10_RECORD_BYTES));
      const cifar = spec('cifar-10').create({ dir, trainBatches: 1, normalize: '-1,1' });
      expect(cifar.train.size).toBe(2);
      expect(cifar.train.batch([0]).inputs.data[0]).toBe(-1);
      expect(() => spec('cifar-10').create({ dir })).toThrow(FileFormatError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad options with the data id and the option named', () => {
    const fails = (id: string, options: unknown, pattern: RegExp) => {
      expect(() => spec(id).create(options)).toThrow(ConfigError);
      expect(() => spec(id).create(options)).toThrow(pattern);
    };
    fails('mnist', { normalize: '0,255' }, /data source "mnist": option "normalize": .*"0,1".*\(got "0,255"\)/);
    fails('mnist', { flaten: true }, /data source "mnist": unknown option "flaten"; known options: flatten, normalize, splitSeed, testSize/);
    fails('ring-8', { trainSize: 2.5 }, /data source "ring-8": option "trainSize"/);
    fails('grid-25', { seed: -1 }, /data source "grid-25": option "seed"/);
    fails('cifar-10', {}, /data source "cifar-10": option "dir" is required/);
    fails('cifar-10', { dir: '/x', trainBatches: 7 }, /option "trainBatches"/);
    fails('char-corpus', { seqLength: 0 }, /data source "char-corpus": option "seqLength"/);
    fails('char-corpus', { validationFraction: 1 }, /option "validationFraction"/);
    fails('mnist', 'big', /data source "mnist": options must be an object/);
  });
});

