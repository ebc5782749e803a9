/**
 * Entry point of a sweep worker thread: runs one experiment from the resolved config in
 * `workerData.config` and posts back `{ summary, dir }` (or `{ error }`). Plugins reach the
 * worker only through the config's `plugins` paths (Plugin objects cannot cross threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Experiment } from './experiment.js';

interface SweepWorkerData {
  readonly config: unknown;
  readonly force: boolean;
  readonly cwd: string;
}

const data = workerData as SweepWorkerData;
try {
  const experiment = await Experiment.create(data.config as never, { quiet: true, force: data.force, cwd: data.cwd });
  const summary = await experiment.run();
  parentPort!.postMessage({ summary, dir: experiment.folder.dir });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) } });
}
