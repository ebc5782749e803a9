import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { loadWeights, loadWeightsSync, saveWeights, weightsPaths, weightsPathsSync } from '../../../src/transfer/weights-io.js';

describe('loadWeightsSync', () => {
  it('reads what saveWeights wrote, exactly as loadWeights does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-weights-sync-'));
    const weights = { 'a/kernel': Tensor.from([[1.5, -2], [0.25, 3]]), 'a/bias': Tensor.from([Math.PI, -0]) };
    await saveWeights(join(dir, 'model'), weights);
    const sync = loadWeightsSync(join(dir, 'model'));
    expect(sync).toEqual(await loadWeights(join(dir, 'model')));
    expect(sync['a/bias']!.data).toEqual(Float32Array.of(Math.PI, -0));
    expect(loadWeightsSync(join(dir, 'model.json'))['a/kernel']!.shape).toEqual([2, 2]);
  });

  it('resolves targets like weightsPaths and names missing or bad files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-weights-sync-'));
    mkdirSync(join(dir, 'folder'));
    for (const target of [join(dir, 'folder'), join(dir, 'prefix'), join(dir, 'm.json'), `${join(dir, 'new')}/`]) {
      expect(weightsPathsSync(target)).toEqual(await weightsPaths(target));
    }
    expect(() => loadWeightsSync(join(dir, 'absent'))).toThrow(FileFormatError);
    expect(() => loadWeightsSync(join(dir, 'absent'))).toThrow(/absent.json: weights manifest not found/);
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => loadWeightsSync(join(dir, 'bad'))).toThrow(/bad.json: not valid JSON/);
  });
});
