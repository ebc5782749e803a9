import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { runCli } from '../../../src/cli/run-cli.js';

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd };
  const code = await runCli(args, io);
  return { code, out, err };
}

// The built-in data sources as a plugin (a no-op once the default plugins register them).
const DATA_PLUGIN = fileURLToPath(new URL('../../../examples/transfer-data-plugin.ts', import.meta.url));

/** Runs `config` with the CLI in a fresh folder and returns the folder. */
async function trained(config: object): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'nl-sample-'));
  writeFileSync(join(dir, 'exp.json'), JSON.stringify({ ...config, plugins: [DATA_PLUGIN] }));
  const run = await cli(['run', 'exp.json', '--quiet'], dir);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  return dir;
}

const tinyGan = { latentDim: 2, generatorHidden: [8], discriminatorHidden: [8], generatorBatchNorm: false, evalSamples: 50 };

describe('neuroloop sample', () => {
  it('writes a scatter plot SVG of a 2-D GAN, with the mode-coverage score in its title', async () => {
    const dir = await trained({ name: 'ring', data: { id: 'ring-8', options: { trainSize: 64 } }, agent: { id: 'gan', options: tinyGan }, train: { epochs: 1, batchSize: 32 } });
    const { code, out } = await cli(['sample', 'runs/ring/seed-0', '--n', '100', '--out', 'ring.svg'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/^100 samples of ring-8: \d\/8 modes, [\d.]+% high quality \(step 2, seed \d+\)\nwrote .*ring\.svg\n$/);
    const svg = readFileSync(join(dir, 'ring.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    // 100 samples and 8 center rings.
    expect(svg.match(/<circle/g)).toHaveLength(108);
    const wrongExtension = await cli(['sample', 'runs/ring/seed-0', '--out', 'ring.png'], dir);
    expect(wrongExtension.code).toBe(2);
    expect(wrongExtension.err).toMatch(/samples are svg; name the file \*\.svg/);
  });

  it('writes a PNG grid for an image GAN, the same for the same seed', async () => {
    const dir = await trained({
      name: 'digits',
      data: { id: 'mnist', options: { testSize: 9968, normalize: '-1,1' } },
      agent: { id: 'gan', options: { ...tinyGan, dcganChannels: 8, scoreSamples: 16 } },
      train: { epochs: 1, batchSize: 16 },
    });
    expect((await cli(['sample', 'runs/digits/seed-0', '--n', '6', '--seed', '3'], dir)).code).toBe(0);
    const first = readFileSync(join(dir, 'runs/digits/seed-0/samples.png'));
    const png = PNG.sync.read(first);
    // 3 x 2 images of 28 x 28 pixels drawn at scale 2 with 2-pixel padding.
    expect([png.width, png.height]).toEqual([3 * 58 + 2, 2 * 58 + 2]);
    await cli(['sample', 'runs/digits/seed-0', '--n', '6', '--seed', '3', '--out', 'again.png'], dir);
    expect(readFileSync(join(dir, 'again.png')).equals(first)).toBe(true);
  });

  it('draws held-out digits over their VAE reconstructions with --reconstructions', async () => {
    const dir = await trained({
      name: 'vae',
      data: { id: 'mnist', options: { testSize: 9968 } },
      agent: { id: 'vae', options: { hidden: [8], latentDim: 2, evalBatchSize: 2000 } },
      train: { epochs: 1, batchSize: 16 },
    });
    const { code, out } = await cli(['sample', 'runs/vae/seed-0', '--n', '4', '--reconstructions'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/^4 held-out examples of mnist \(odd rows\) and their reconstructions \(even rows\)/);
    const png = PNG.sync.read(readFileSync(join(dir, 'runs/vae/seed-0/reconstructions.png')));
    // ceil(sqrt(8)) = 3 columns: rows original 1-3, reconstructions 1-3, original 4, reconstruction 4.
    expect([png.width, png.height]).toEqual([3 * 58 + 2, 4 * 58 + 2]);
    const gan = await cli(['sample', 'runs/vae/seed-0', '--n', '4'], dir);
    expect(gan.code).toBe(0);
  });

  it('writes text for a char-RNN and refuses learners that cannot sample', async () => {
    const text = 'the loop runs the agent; the agent learns. '.repeat(20);
    const dir = await trained({
      name: 'chars',
      data: { id: 'char-corpus', options: { text, seqLength: 16 } },
      agent: { id: 'char-rnn', options: { embeddingDim: 4, units: 8, sampleLength: 10 } },
      train: { epochs: 1, batchSize: 16 },
    });
    const { code } = await cli(['sample', 'runs/chars/seed-0', '--n', '2', '--prompt', 'the ', '--length', '12', '--out', 'text.txt'], dir);
    expect(code).toBe(0);
    const written = readFileSync(join(dir, 'text.txt'), 'utf8');
    expect(written.match(/^--- sample \d \(temperature 0\.8\) ---\nthe .{12}$/gms)).toHaveLength(2);

    const grid = await trained({ name: 'grid', env: { id: 'toy/GridWorld-v0' }, agent: { id: 'q-learning' }, train: { steps: 50 } });
    const refused = await cli(['sample', 'runs/grid/seed-0'], grid);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/not a generative learner/);
    const notAutoencoder = await cli(['sample', 'runs/chars/seed-0', '--reconstructions'], dir);
    expect(notAutoencoder.err).toMatch(/not an autoencoder/);
  });
});
