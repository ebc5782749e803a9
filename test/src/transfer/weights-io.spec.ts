import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFormatError } from '../../../src/errors.js';
import { Dense, Sequential } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { loadWeights, saveWeights, weightsPaths } from '../../../src/transfer/weights-io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neuroloop-weights-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function model(): Sequential {
  const m = new Sequential([new Dense(3, { activation: 'relu' }), new Dense(2)]);
  m.build([4], new Rng(5));
  return m;
}

describe('saveWeights / loadWeights', () => {
  it('round-trips named params bit-exactly, in order', async () => {
    const m = model();
    const paths = await saveWeights(join(dir, 'model'), m.namedParams());
    expect(paths).toEqual({ manifestPath: join(dir, 'model.json'), binPath: join(dir, 'model.bin') });
    const loaded = await loadWeights(join(dir, 'model'));
    expect(Object.keys(loaded)).toEqual(Object.keys(m.namedParams()));
    for (const [name, p] of Object.entries(m.namedParams())) {
      expect(loaded[name]!.shape).toEqual(p.shape);
      expect(loaded[name]!.data).toEqual(p.value.data);
    }
  });

  it('writes the documented manifest and a little-endian float32 .bin', async () => {
    await saveWeights(join(dir, 'w'), { a: Tensor.from([[1, -2]]), b: Tensor.scalar(0.5) });
    const manifest = JSON.parse(await readFile(join(dir, 'w.json'), 'utf8'));
    expect(manifest).toEqual({
      format: 'neuroloop-weights',
      version: 1,
      file: 'w.bin',
      byteLength: 12,
      weights: [
        { name: 'a', shape: [1, 2], dtype: 'float32', offset: 0, byteLength: 8 },
        { name: 'b', shape: [], dtype: 'float32', offset: 8, byteLength: 4 },
      ],
    });
    const bytes = await readFile(join(dir, 'w.bin'));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect([view.getFloat32(0, true), view.getFloat32(4, true), view.getFloat32(8, true)]).toEqual([1, -2, 0.5]);
  });

  it('accepts a folder (weights.json + weights.bin) or the manifest path, and leaves no temp files', async () => {
    await saveWeights(dir, { x: Tensor.from([1]) });
    expect((await readdir(dir)).sort()).toEqual(['weights.bin', 'weights.json']);
    expect((await loadWeights(join(dir, 'weights.json')))['x']!.toArray()).toEqual([1]);
    expect(await weightsPaths(join(dir, 'sub') + '/')).toEqual({ manifestPath: join(dir, 'sub', 'weights.json'), binPath: join(dir, 'sub', 'weights.bin') });
  });

  it('overwrites an existing save', async () => {
    await saveWeights(join(dir, 'm'), { x: Tensor.from([1]) });
    await saveWeights(join(dir, 'm'), { x: Tensor.from([2, 3]) });
    expect((await loadWeights(join(dir, 'm')))['x']!.toArray()).toEqual([2, 3]);
  });
});

describe('malformed weight files give FileFormatErrors naming the file and the weight', () => {
  async function saved(): Promise<{ manifestPath: string; binPath: string; manifest: Record<string, unknown> }> {
    const paths = await saveWeights(join(dir, 'm'), { 'dense_1/kernel': Tensor.zeros([4, 3]), 'dense_1/bias': Tensor.zeros([3]) });
    return { ...paths, manifest: JSON.parse(await readFile(paths.manifestPath, 'utf8')) };
  }

  async function expectLoadError(pattern: RegExp): Promise<void> {
    const error = await loadWeights(join(dir, 'm')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect((error as Error).message).toMatch(pattern);
  }

  it('a missing manifest', async () => {
    await expectLoadError(/m\.json: weights manifest not found/);
  });

  it('a missing .bin', async () => {
    const { binPath } = await saved();
    await rm(binPath);
    await expectLoadError(/m\.bin: weights data \(named by .*m\.json\) not found/);
  });

  it('bad JSON', async () => {
    const { manifestPath } = await saved();
    await writeFile(manifestPath, '{ "format": "neuroloop-weights", ');
    await expectLoadError(/m\.json: not valid JSON/);
  });

  it('a truncated .bin', async () => {
    const { binPath } = await saved();
    const bytes = await readFile(binPath);
    await writeFile(binPath, bytes.subarray(0, 50));
    await expectLoadError(/m\.bin: truncated: has 50 bytes, .*m\.json describes 60; weight 'dense_1\/bias' needs bytes \[48, 60\)/);
  });

  it('a .bin longer than described', async () => {
    const { binPath } = await saved();
    await writeFile(binPath, Buffer.concat([await readFile(binPath), Buffer.alloc(4)]));
    await expectLoadError(/m\.bin: longer than described: has 64 bytes/);
  });

  it('a shape that does not match the byte length', async () => {
    const { manifestPath, manifest } = await saved();
    (manifest['weights'] as Array<Record<string, unknown>>)[0]!['shape'] = [4, 4];
    await writeFile(manifestPath, JSON.stringify(manifest));
    await expectLoadError(/weight 'dense_1\/kernel': byteLength 48 does not match shape \[4, 4\] \(expected 64 bytes\)/);
  });

  it('a wrong format, version, dtype, duplicate name or offset', async () => {
    const { manifestPath, manifest } = await saved();
    const variants: Array<[(m: Record<string, unknown>) => void, RegExp]> = [
      [(m) => (m['format'] = 'tfjs'), /format is "tfjs", expected 'neuroloop-weights'/],
      [(m) => (m['version'] = 2), /version 2 is not supported \(expected 1\)/],
      [(m) => ((m['weights'] as Array<Record<string, unknown>>)[1]!['dtype'] = 'float16'), /weight 'dense_1\/bias': dtype "float16" is not supported/],
      [(m) => ((m['weights'] as Array<Record<string, unknown>>)[1]!['name'] = 'dense_1/kernel'), /weight 'dense_1\/kernel' appears twice/],
      [(m) => ((m['weights'] as Array<Record<string, unknown>>)[1]!['offset'] = 40), /weight 'dense_1\/bias': offset 40, expected 48/],
      [(m) => (m['weights'] = {}), /weights must be an array/],
    ];
    for (const [mutate, pattern] of variants) {
      const copy = structuredClone(manifest);
      mutate(copy);
      await writeFile(manifestPath, JSON.stringify(copy));
      await expectLoadError(pattern);
    }
  });

  it('a manifest path that is a folder is read as folder/weights.json', async () => {
    await mkdir(join(dir, 'empty'));
    const error = await loadWeights(join(dir, 'empty')).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/empty\/weights\.json: weights manifest not found/);
  });
});
