import { InvalidArgumentError } from 'commander';

/** Commander parser for a non-negative integer option (`--seed 3`). */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`);
  return n;
}

/** Commander parser for a positive integer option (`--episodes 10`). */
export function positiveInt(value: string): number {
  const n = nonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError('expected a positive integer, got 0');
  return n;
}

/** Commander parser for `--seeds 1,2,3` (also `1-5`). */
export function seedList(value: string): number[] {
  const seeds: number[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const [lo, hi] = [Number(range[1]), Number(range[2])];
      if (hi < lo || hi - lo > 10_000) throw new InvalidArgumentError(`expected a range low-high with low <= high, got "${part}"`);
      for (let s = lo; s <= hi; s++) seeds.push(s);
    } else {
      seeds.push(nonNegativeInt(part));
    }
  }
  if (seeds.length === 0) throw new InvalidArgumentError(`expected seeds such as 1,2,3 or 1-5, got "${value}"`);
  return seeds;
}

/** Commander collector for a repeatable option (`--plugin a --plugin b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
