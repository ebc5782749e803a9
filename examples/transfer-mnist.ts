/**
 * Transfer learning on MNIST, measured. For each seed:
 *
 * 1. pretrain the MNIST CNN (`classifier-mnist-cnn.json`'s layers) on digits 0-4 (a 5-way
 *    classifier, all of their ~4,000 training examples, `pretrainEpochs` epochs);
 * 2. fine-tune: a new 5-way classifier for digits 5-9 whose conv trunk comes from step 1
 *    (the `pretrained` option: `{ from: <run folder>, layers: 5, freeze: true }`), trained on
 *    only `labelled` (500) labelled examples of digits 5-9 for `fineTuneEpochs` epochs;
 * 3. scratch: the same network and the same 500 examples, from a random initialization.
 *
 * All runs use Adam at 1e-3. Steps 2 and 3 are scored on every test image of digits 5-9 (about
 * 1,000 of the 2,000 held-out digits). Everything runs as experiments
 * (run folders, checkpoints, summaries); the two MNIST subsets are data sources contributed by a
 * plugin, the way a user adds their own data.
 *
 * ```sh
 * npx tsx examples/transfer-mnist.ts                       # 5 seeds -> runs/transfer-mnist/
 * npx tsx examples/transfer-mnist.ts --seeds 0-1 --out /tmp/tm
 * npx tsx examples/transfer-mnist.ts --labelled 100 --reuse-pretrained     # fewer labels, same pretrained trunks
 * npx tsx examples/transfer-mnist.ts --trunk-lr-scale 0.1 --reuse-pretrained   # fine-tune the trunk at 0.1x lr
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LayerSpec } from '../agents/classifier/network-spec.js';
import type { DataSource } from '../src/data/data-source.js';
import { mnist } from '../src/data/mnist.js';
import { MnistCache } from '../src/data/mnist-digits.js';
import { filterByLabel, randomSubset } from '../src/data/subset.js';
import type { DataRegistration } from '../src/di/data-registry.js';
import { definePlugin, type Plugin } from '../src/di/plugin.js';
import type { ExperimentConfigInput } from '../src/experiment/config.js';
import { Experiment } from '../src/experiment/experiment.js';
import { RunFolder } from '../src/experiment/run-folder.js';
import { Rng } from '../src/random/rng.js';
import { formatRows, parseSeeds } from './transfer-table.js';

/**
 * The network: the MNIST CNN of `examples/classifier-mnist-cnn.json`. Its trunk, the layers up
 * to and including `flatten` (conv 16@3x3 - pool - conv 32@3x3 - pool - flatten), is what
 * transfers; the rest (dense 128 - dropout, then the classifier's 5-way `logits`) is the head.
 */
export const MNIST_CNN_LAYERS: readonly LayerSpec[] = (
  JSON.parse(readFileSync(join(import.meta.dirname, 'classifier-mnist-cnn.json'), 'utf8')) as { agent: { options: { layers: LayerSpec[] } } }
).agent.options.layers;
export const TRUNK: readonly LayerSpec[] = MNIST_CNN_LAYERS.slice(0, MNIST_CNN_LAYERS.findIndex((l) => l.type === 'flatten') + 1);

const LOW = [0, 1, 2, 3, 4];
const HIGH = [5, 6, 7, 8, 9];

/** Options of {@link transferMnist}. */
export interface TransferMnistOptions {
  readonly seeds: readonly number[];
  /** Folder of the run folders. */
  readonly out: string;
  /** Labelled examples of digits 5-9 for fine-tuning and for the scratch baseline. */
  readonly labelled: number;
  readonly pretrainEpochs: number;
  readonly fineTuneEpochs: number;
  /** Reuse a finished pretraining run found in `out` instead of training it again (same config, same result). */
  readonly reusePretrained?: boolean;
  /**
   * Fine-tune the transferred trunk instead of freezing it, at this multiple of the head's
   * learning rate (`paramGroups: [{ match: ['conv2d_*'], lrScale }]`). Default: frozen.
   */
  readonly trunkLrScale?: number;
}

/** One seed's test accuracies on digits 5-9. */
export interface TransferMnistRow {
  readonly seed: number;
  readonly pretrainAccuracy: number;
  readonly transfer: number;
  readonly scratch: number;
}

/**
 * The data plugin of the demo: `mnist-0-4` (digits 0-4, all of them) and `mnist-5-9` (digits
 * 5-9 relabelled 0-4; `labelled` training examples drawn with `subsetSeed`, every test image).
 */
export function digitsPlugin(): Plugin {
  const cache = new MnistCache();
  const digits = (): DataSource => mnist({ cache });
  const fewHigh: DataRegistration<{ labelled: number; subsetSeed: number }> = {
    id: 'mnist-5-9',
    description: 'MNIST digits 5-9 relabelled 0-4: a few labelled training examples, every test image',
    defaults: { labelled: 500, subsetSeed: 0 },
    create: ({ options }) => {
      const source = digits();
      const pool = filterByLabel(source.train, HIGH, { remap: true });
      return {
        id: 'mnist-5-9',
        train: randomSubset(pool, options.labelled, new Rng(options.subsetSeed).child('labelled')),
        test: filterByLabel(source.test!, HIGH, { remap: true }),
        classNames: HIGH.map(String),
      };
    },
  };
  return definePlugin({
    name: 'examples/mnist-digit-subsets',
    data: [
      {
        id: 'mnist-0-4',
        description: 'MNIST digits 0-4 (5 classes)',
        defaults: {},
        create: () => {
          const source = digits();
          return { id: 'mnist-0-4', train: filterByLabel(source.train, LOW, { remap: true }), test: filterByLabel(source.test!, LOW, { remap: true }) };
        },
      },
      fewHigh,
    ],
  });
}

async function run(config: ExperimentConfigInput, plugin: Plugin): Promise<number> {
  const experiment = await Experiment.create(config, { quiet: true, force: true, plugins: [plugin] });
  const summary = await experiment.run();
  return summary.finalEval.metrics!['accuracy']!;
}

/**
 * Runs the three experiments per seed and returns the accuracies (see the file's docs).
 *
 * @example
 * ```ts
 * const rows = await transferMnist({ seeds: [0, 1], out: 'runs/transfer-mnist', labelled: 500, pretrainEpochs: 3, fineTuneEpochs: 20 });
 * ```
 */
export async function transferMnist(options: TransferMnistOptions, log: (line: string) => void = () => {}): Promise<TransferMnistRow[]> {
  const plugin = digitsPlugin();
  const layers = MNIST_CNN_LAYERS;
  const rows: TransferMnistRow[] = [];
  for (const seed of options.seeds) {
    const pretrainDir = join(options.out, 'pretrain-0-4', `seed-${seed}`);
    const finished = options.reusePretrained === true && existsSync(join(pretrainDir, 'summary.json')) ? RunFolder.open(pretrainDir).readSummary() : null;
    const pretrainAccuracy = finished !== null ? finished.finalEval.metrics!['accuracy']! : await run(
      {
        name: 'pretrain-0-4',
        seed,
        data: { id: 'mnist-0-4' },
        agent: { id: 'classifier', options: { layers, confusionMatrix: false } },
        train: { epochs: options.pretrainEpochs, batchSize: 32 },
        out: pretrainDir,
      },
      plugin,
    );
    const fineTune = (pretrained: object | null, name: string, paramGroups: object[] = []): ExperimentConfigInput => ({
      name,
      seed,
      data: { id: 'mnist-5-9', options: { labelled: options.labelled, subsetSeed: seed } },
      agent: { id: 'classifier', options: { layers, pretrained, paramGroups, confusionMatrix: false } },
      train: { epochs: options.fineTuneEpochs, batchSize: 50 },
      out: join(options.out, name, `seed-${seed}`),
    });
    const frozen = options.trunkLrScale === undefined;
    const transfer = await run(
      frozen
        ? fineTune({ from: pretrainDir, layers: TRUNK.length, freeze: true }, `transfer-5-9-n${options.labelled}`)
        : fineTune({ from: pretrainDir, layers: TRUNK.length }, `fine-tune-5-9-n${options.labelled}`, [{ match: ['conv2d_*'], lrScale: options.trunkLrScale }]),
      plugin,
    );
    const scratch = await run(fineTune(null, `scratch-5-9-n${options.labelled}`), plugin);
    rows.push({ seed, pretrainAccuracy, transfer, scratch });
    log(`seed ${seed}: pretrain (0-4) ${pct(pretrainAccuracy)}, transfer ${pct(transfer)}, scratch ${pct(scratch)}`);
  }
  return rows;
}

/** The table printed at the end: test accuracies on digits 5-9, mean ± std over the seeds. */
export function formatTable(rows: readonly TransferMnistRow[], labelled: number, trunkLrScale?: number): string {
  return [
    `Digits 5-9 with ${labelled} labelled examples: test accuracy on every 5-9 test digit (${rows.length} seeds: ${rows.map((r) => r.seed).join(', ')})`,
    formatRows(
      [
        ['pretrained on 0-4 (scored on 0-4 test digits)', rows.map((r) => r.pretrainAccuracy)],
        [trunkLrScale === undefined ? 'transfer: frozen 0-4 conv trunk + new head' : `transfer: 0-4 conv trunk fine-tuned at ${trunkLrScale}x lr`, rows.map((r) => r.transfer)],
        [`scratch: same network, same ${labelled} examples`, rows.map((r) => r.scratch)],
        ['gain (transfer - scratch)', rows.map((r) => r.transfer - r.scratch)],
      ],
      pct,
    ),
  ].join('\n');
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
  };
  const options: TransferMnistOptions = {
    seeds: parseSeeds(arg('seeds', '0-4')),
    out: arg('out', 'runs/transfer-mnist'),
    labelled: Number(arg('labelled', '500')),
    pretrainEpochs: Number(arg('pretrain-epochs', '3')),
    fineTuneEpochs: Number(arg('fine-tune-epochs', '20')),
    reusePretrained: args.includes('--reuse-pretrained'),
    ...(args.includes('--trunk-lr-scale') ? { trunkLrScale: Number(arg('trunk-lr-scale', '0.1')) } : {}),
  };
  const rows = await transferMnist(options, (line) => console.log(line));
  console.log(`\n${formatTable(rows, options.labelled, options.trunkLrScale)}`);
}
