import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../../src/errors.js';
import { listCheckpoints, readCheckpoint, writeCheckpoint, type Checkpoint } from '../../../src/experiment/checkpoint-io.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { loadWeights } from '../../../src/transfer/weights-io.js';

function sample(): Checkpoint {
  return {
    step: 40,
    meta: { eventsBytes: 123 },
    state: {
      json: { agent: { epsilon: 0.25, rng: { s: [1, 2, 3, 4], key: [5, 6, 7, 8], spareNormal: null } } },
      tensors: {
        'agent.qTable': new Tensor([2, 3], Float32Array.from([0.1, -2, 3.5, 1e-30, -0, 7])),
        empty: new Tensor([0], new Float32Array(0)),
        scalar: new Tensor([], Float32Array.from([Math.PI])),
      },
    },
  };
}

describe('checkpoint files', () => {
  it('round-trips json state and float32 tensors bit for bit', async () => {
    const run = mkdtempSync(join(tmpdir(), 'nl-ckpt-'));
    const dir = join(run, 'checkpoints', 'step-40');
    writeCheckpoint(dir, sample());
    const back = readCheckpoint(dir);
    expect(back.step).toBe(40);
    expect(back.meta).toEqual({ eventsBytes: 123 });
    expect(back.state.json).toEqual(sample().state.json);
    for (const [name, tensor] of Object.entries(sample().state.tensors)) {
      expect(back.state.tensors[name]!.shape).toEqual(tensor.shape);
      expect(new Uint32Array(back.state.tensors[name]!.data.buffer)).toEqual(new Uint32Array(tensor.data.buffer));
    }
    // little-endian layout, in manifest order, readable as a weights file
    const bin = readFileSync(join(dir, 'tensors.bin'));
    expect(bin.length).toBe(4 * 7);
    expect(bin.readFloatLE(4)).toBe(-2);
    const loaded = await loadWeights(join(dir, 'tensors'));
    expect(Object.keys(loaded)).toEqual(['agent.qTable', 'empty', 'scalar']);
    expect(Array.from(loaded['agent.qTable']!.data)).toEqual(Array.from(sample().state.tensors['agent.qTable']!.data));
    expect(readdirSync(join(run, 'checkpoints'))).toEqual(['step-40']);
  });

  it('lists checkpoints by step, skipping incomplete folders', () => {
    const run = mkdtempSync(join(tmpdir(), 'nl-ckpt-'));
    for (const step of [100, 20, 3]) writeCheckpoint(join(run, 'checkpoints', `step-${step}`), { ...sample(), step });
    writeFileSync(join(run, 'checkpoints', 'notes.txt'), '');
    expect(listCheckpoints(run).map((c) => c.step)).toEqual([3, 20, 100]);
    expect(listCheckpoints(join(run, 'nope'))).toEqual([]);
  });

  it('names the file and field of a corrupt checkpoint', () => {
    const run = mkdtempSync(join(tmpdir(), 'nl-ckpt-'));
    const dir = join(run, 'step-40');
    writeCheckpoint(dir, sample());
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    const corrupt = (patch: Record<string, unknown>) => writeFileSync(manifestPath, JSON.stringify({ ...manifest, ...patch }));

    corrupt({ version: 99 });
    expect(() => readCheckpoint(dir)).toThrow(FileFormatError);
    expect(() => readCheckpoint(dir)).toThrow(/manifest\.json: field "version" should be 1.*got 99/);
    corrupt({ step: -1 });
    expect(() => readCheckpoint(dir)).toThrow(/field "step" should be a non-negative integer, got -1/);
    corrupt({ tensors: '../x.json' });
    expect(() => readCheckpoint(dir)).toThrow(/field "tensors" should be the file name of the tensors manifest, got "\.\.\/x\.json"/);
    corrupt({});
    writeFileSync(join(dir, 'tensors.bin'), Buffer.alloc(12));
    expect(() => readCheckpoint(dir)).toThrow(/tensors\.bin: truncated: has 12 bytes, .*tensors\.json describes 28/);
    writeFileSync(manifestPath, '{');
    expect(() => readCheckpoint(dir)).toThrow(/manifest\.json: not valid JSON/);
    expect(() => readCheckpoint(join(run, 'missing'))).toThrow(/missing[\\/]manifest\.json: checkpoint manifest not found/);
  });
});
