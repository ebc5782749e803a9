import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { charCorpus } from '../../../src/data/char-corpus.js';
import { CharVocabulary } from '../../../src/data/char-vocabulary.js';
import { defaultCorpusText, packageRoot } from '../../../src/data/default-corpus.js';
import { ConfigError, FileFormatError } from '../../../src/errors.js';

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('CharVocabulary', () => {
  it('is the sorted unique characters, by code point', () => {
    const vocab = CharVocabulary.fromText('hello, World');
    expect(vocab.chars).toEqual([' ', ',', 'W', 'd', 'e', 'h', 'l', 'o', 'r']);
    expect(vocab.size).toBe(9);
    expect(Array.from(vocab.encode('hold'))).toEqual([5, 7, 6, 3]);
    expect(vocab.decode([2, 7, 8, 6, 3])).toBe('World');
  });

  it('treats an astral character as one token', () => {
    const vocab = CharVocabulary.fromText('a😀b');
    expect(vocab.chars).toEqual(['a', 'b', '😀']);
    expect(Array.from(vocab.encode('😀a'))).toEqual([2, 0]);
  });

  it('names the unknown character or id', () => {
    const vocab = CharVocabulary.fromText('abc');
    expect(() => vocab.encode('abz')).toThrow(/character "z" at position 2 is not in the vocabulary of 3 characters/);
    expect(() => vocab.decode([0, 3])).toThrow(/id 3 at position 1 is out of range; expected an integer in \[0, 3\)/);
    expect(() => new CharVocabulary(['a', 'a'])).toThrow(ConfigError);
  });

  it('decode(encode(text)) is the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (text) => {
        const vocab = CharVocabulary.fromText(text);
        expect(vocab.decode(vocab.encode(text))).toBe(text);
        for (let i = 1; i < vocab.size; i++) expect(vocab.chars[i]!.codePointAt(0)!).toBeGreaterThan(vocab.chars[i - 1]!.codePointAt(0)!);
      }),
      { numRuns: 100 },
    );
  });
});

describe('charCorpus', () => {
  it('windows: inputs t..t+L-1, targets t+1..t+L, starts every stride', () => {
    const corpus = charCorpus('abcdefghij', { seqLength: 3, validationFraction: 0 });
    expect(corpus.id).toBe('char-corpus');
    expect(corpus.vocabulary.size).toBe(10);
    expect(corpus.train.size).toBe(3);
    expect(corpus.train.inputShape).toEqual([3]);
    expect(corpus.train.numClasses).toBe(10);
    expect(corpus.validation).toBeUndefined();
    const b = corpus.train.batch([2, 0]);
    expect(b.inputs.shape).toEqual([2, 3]);
    expect(Array.from(b.inputs.data)).toEqual([6, 7, 8, 0, 1, 2]);
    expect(Array.from(b.labels!)).toEqual([7, 8, 9, 1, 2, 3]);
    expect(b.targets!.shape).toEqual([2, 3]);
    expect(Array.from(b.targets!.data)).toEqual([7, 8, 9, 1, 2, 3]);
    expect(corpus.decode(b.inputs.data.subarray(0, 3))).toBe('ghi');
    expect(corpus.decode(b.labels!.subarray(0, 3))).toBe('hij');
    expect(charCorpus('abcdefghij', { seqLength: 3, validationFraction: 0, stride: 1 }).train.size).toBe(7);
  });

  it('holds out the end of the text, so validation characters never reach training', () => {
    const text = 'abcdefghijklmnopqrst'; // 20 distinct characters: id = position
    const corpus = charCorpus(text, { seqLength: 2, validationFraction: 0.25, stride: 1 });
    // train: positions 0..14 (15 chars, windows start 0..12); validation: positions 15..19 (starts 15..17).
    expect(corpus.train.size).toBe(13);
    expect(corpus.validation!.size).toBe(3);
    expect(corpus.test).toBe(corpus.validation);
    const train = corpus.train.batch(all(13));
    expect(Math.max(...train.inputs.data, ...train.labels!)).toBe(14);
    const validation = corpus.validation!.batch(all(3));
    expect(Array.from(validation.inputs.data)).toEqual([15, 16, 16, 17, 17, 18]);
    expect(Array.from(validation.labels!)).toEqual([16, 17, 17, 18, 18, 19]);
    // The vocabulary covers the whole text, validation included.
    expect(corpus.encode('t')[0]).toBe(19);
  });

  it('targets are the inputs shifted by one (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 60 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), (text, seqLength, stride) => {
        fc.pre(text.length >= seqLength + 1);
        const corpus = charCorpus(text, { seqLength, validationFraction: 0, stride });
        const ids = corpus.encode(text);
        expect(corpus.train.size).toBe(Math.floor((ids.length - 1 - seqLength) / stride) + 1);
        const b = corpus.train.batch(all(corpus.train.size));
        for (let k = 0; k < corpus.train.size; k++) {
          for (let t = 0; t < seqLength; t++) {
            expect(b.inputs.data[k * seqLength + t]).toBe(ids[k * stride + t]);
            expect(b.labels![k * seqLength + t]).toBe(ids[k * stride + t + 1]);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rejects bad options and splits too short for one sequence', () => {
    expect(() => charCorpus('abcdef', { seqLength: 0 })).toThrow(/seqLength must be a positive integer/);
    expect(() => charCorpus('abcdef', { seqLength: 2, validationFraction: 1 })).toThrow(/validationFraction must be in \[0, 1\)/);
    expect(() => charCorpus('abcdef', { seqLength: 2, stride: 0 })).toThrow(/stride/);
    expect(() => charCorpus('abc', { seqLength: 3, validationFraction: 0 })).toThrow(/char-corpus\/train: the split has 3 characters, fewer than seqLength \+ 1 = 4/);
    expect(() => charCorpus('abcdefghij', { seqLength: 3, validationFraction: 0.2 })).toThrow(/char-corpus\/validation: the split has 2 characters/);
  });
});

describe('default corpus', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'neuroloop-corpus-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('is the repository README followed by the doc comments of src/, deterministically', () => {
    const root = packageRoot();
    const text = defaultCorpusText(root);
    expect(text.startsWith('# neuroloop')).toBe(true);
    // A doc comment from src/data/data-source.ts, with the leading " * " stripped.
    expect(text).toContain('A finite, indexable set of examples (one split of a data source).');
    expect(defaultCorpusText(root)).toBe(text);
    const corpus = charCorpus(text, { seqLength: 64 });
    expect(corpus.train.size).toBeGreaterThan(100);
    expect(corpus.vocabulary.chars).toContain('e');
  });

  it('reads comments in sorted path order, and falls back to dist/src/*.d.ts', () => {
    const root = join(tmp, 'pkg');
    mkdirSync(join(root, 'dist', 'src', 'b'), { recursive: true });
    writeFileSync(join(root, 'README.md'), '# pkg\n');
    writeFileSync(join(root, 'dist', 'src', 'b', 'x.d.ts'), '/** second */\nexport declare const x: number;\n');
    writeFileSync(join(root, 'dist', 'src', 'a.d.ts'), '/**\n * first\n *   indented\n */\nexport {};\n/* not a doc comment */\n');
    writeFileSync(join(root, 'dist', 'src', 'a.js'), '/** ignored */');
    expect(defaultCorpusText(root)).toBe('# pkg\n\nfirst\n  indented\n\nsecond\n');
  });

  it('fails clearly without README.md or without any doc comment', () => {
    const noReadme = join(tmp, 'no-readme');
    mkdirSync(noReadme);
    expect(() => defaultCorpusText(noReadme)).toThrow(FileFormatError);
    expect(() => defaultCorpusText(noReadme)).toThrow(/needs .*no-readme.README\.md, which is missing/);
    const noDocs = join(tmp, 'no-docs');
    mkdirSync(join(noDocs, 'src'), { recursive: true });
    writeFileSync(join(noDocs, 'README.md'), 'hi');
    writeFileSync(join(noDocs, 'src', 'a.ts'), '// plain\n');
    expect(() => defaultCorpusText(noDocs)).toThrow(/found no TSDoc comments/);
  });
});
