import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/experiment/atomic-write.js';
import type { LoopEvent } from '../../src/loop/events.js';
import type { Sink } from '../../src/loop/sink.js';

/** One CSV table: fixed leading columns, then metric columns discovered as they appear. */
class CsvTable {
  private columns: string[];
  private fd = -1;

  constructor(
    private readonly path: string,
    fixed: readonly string[],
  ) {
    this.columns = [...fixed];
  }

  write(row: Readonly<Record<string, number | string | undefined>>): void {
    const added = Object.keys(row).filter((k) => !this.columns.includes(k) && row[k] !== undefined).sort();
    if (this.fd === -1) {
      this.columns.push(...added);
      this.fd = openSync(this.path, 'w');
      this.append(this.columns.map(csvCell).join(','));
    } else if (added.length > 0) {
      this.widen(added);
    }
    this.append(this.columns.map((c) => csvCell(row[c])).join(','));
  }

  close(): void {
    if (this.fd !== -1) closeSync(this.fd);
    this.fd = -1;
  }

  private append(line: string): void {
    writeSync(this.fd, `${line}\n`);
  }

  /** A metric first seen mid-run gets a new column: the file is rewritten with empty cells above. */
  private widen(added: readonly string[]): void {
    closeSync(this.fd);
    const lines = readFileSync(this.path, 'utf8').split('\n').filter((l) => l.length > 0);
    this.columns.push(...added);
    const pad = ','.repeat(added.length);
    const rewritten = [this.columns.map(csvCell).join(','), ...lines.slice(1).map((l) => l + pad)];
    writeFileAtomic(this.path, `${rewritten.join('\n')}\n`, { fsync: false });
    this.fd = openSync(this.path, 'a');
  }
}

function csvCell(value: number | string | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes episode, update and eval events as rows of three CSV files in `dir`: `episodes.csv`
 * (step, episode, envIndex, return, length), `updates.csv` (step, updates, one column per
 * metric) and `evals.csv` (step, meanReturn, stdReturn, episodes, one column per metric); `fit`
 * runs add an `epoch` column. Files are created when their first row arrives; metric columns
 * are sorted by name.
 *
 * @example
 * ```ts
 * attachSink(experiment.events$, new CsvSink('runs/a'));
 * // runs/a/episodes.csv: step,episode,envIndex,return,length\n 12,1,0,12,12 ...
 * ```
 */
export class CsvSink implements Sink {
  private readonly episodes: CsvTable;
  private readonly updates: CsvTable;
  private readonly evals: CsvTable;

  constructor(readonly dir: string) {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    this.episodes = new CsvTable(join(dir, 'episodes.csv'), ['step', 'episode', 'envIndex', 'return', 'length']);
    this.updates = new CsvTable(join(dir, 'updates.csv'), ['step', 'updates']);
    this.evals = new CsvTable(join(dir, 'evals.csv'), ['step', 'meanReturn', 'stdReturn', 'episodes']);
  }

  handle(event: LoopEvent): void {
    switch (event.type) {
      case 'episode':
        this.episodes.write({ step: event.step, episode: event.episode, envIndex: event.envIndex, return: event.return, length: event.length });
        break;
      case 'update':
        this.updates.write({ step: event.step, updates: event.updates, epoch: event.epoch, ...prefixed(event.metrics) });
        break;
      case 'eval':
        this.evals.write({ step: event.step, meanReturn: event.meanReturn, stdReturn: event.stdReturn, episodes: event.episodes, epoch: event.epoch, ...prefixed(event.metrics ?? {}) });
        break;
      default:
        break;
    }
  }

  close(): void {
    this.episodes.close();
    this.updates.close();
    this.evals.close();
  }
}

/** Metric names that clash with a fixed column get a `metric.` prefix. */
function prefixed(metrics: Readonly<Record<string, number>>): Record<string, number> {
  const fixed = new Set(['step', 'updates', 'epoch', 'episode', 'envIndex', 'return', 'length', 'meanReturn', 'stdReturn', 'episodes']);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(metrics)) out[fixed.has(k) ? `metric.${k}` : k] = v;
  return out;
}
