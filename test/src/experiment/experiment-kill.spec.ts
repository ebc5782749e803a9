import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCheckpoints } from '../../../src/experiment/checkpoint-io.js';
import { Experiment } from '../../../src/experiment/experiment.js';
import { RunFolder } from '../../../src/experiment/run-folder.js';
import { readRunCheckpoint } from '../../../src/experiment/run-recorder.js';

const config = (out: string) => ({
  name: 'killed',
  seed: 21,
  env: { id: 'toy/GridWorld-v0', kwargs: { slippery: true } },
  agent: { id: 'q-learning', options: { explorationSteps: 3000 } },
  train: { steps: 6000 },
  eval: { every: 1000, episodes: 5 },
  checkpoint: { every: 1000 },
  out,
});

/** Starts the child run and resolves once it reports being blocked mid-run (or rejects if it ends). */
function startChild(configPath: string, blockAfter: number): Promise<ReturnType<typeof spawn>> {
  const script = join(import.meta.dirname, 'fixtures', 'run-until-killed.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, configPath, String(blockAfter)], { cwd: join(import.meta.dirname, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('blocked at')) resolve(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before it could be killed: ${out} ${err}`)));
  });
}

describe('resume after SIGKILL', () => {
  it('a run killed mid-run and resumed ends byte-identical to an uninterrupted one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nl-kill-'));
    const killedDir = join(root, 'killed');
    const configPath = join(root, 'config.json');
    writeFileSync(configPath, JSON.stringify(config(killedDir)));

    // ~100 bytes of events per step: 900 steps past the checkpoint pass the log's 64 KiB buffer.
    const child = await startChild(configPath, 900);
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // The crash left events past the last checkpoint (and no summary): they must be cut.
    const folder = RunFolder.open(killedDir);
    expect(folder.readSummary()).toBeNull();
    const last = listCheckpoints(killedDir).at(-1)!;
    const { meta } = readRunCheckpoint(folder, last.step);
    expect(statSync(folder.eventsPath).size).toBeGreaterThan(meta.eventsBytes);
    // As if the kill had cut a line in half.
    appendFileSync(folder.eventsPath, '{"type":"upd');

    const resumed = await Experiment.resume(killedDir, { quiet: true });
    expect(resumed.previousEvents.at(-1)).toEqual({ type: 'checkpoint', step: last.step, path: `checkpoints/step-${last.step}` });
    await resumed.run();

    const whole = await Experiment.create(config(join(root, 'whole')), { quiet: true });
    await whole.run();
    const read = (dir: string, file: string) => readFileSync(join(dir, file));
    expect(read(killedDir, 'events.jsonl').equals(read(whole.folder.dir, 'events.jsonl'))).toBe(true);
    for (const step of [1000, 3000, 6000]) {
      expect(read(killedDir, `checkpoints/step-${step}/tensors.bin`).equals(read(whole.folder.dir, `checkpoints/step-${step}/tensors.bin`))).toBe(true);
    }
  });
});
