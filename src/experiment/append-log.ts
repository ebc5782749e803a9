import { closeSync, existsSync, fsyncSync, openSync, statSync, truncateSync, writeSync } from 'node:fs';

/**
 * An append-only text log (`events.jsonl`, `timing.jsonl`) that knows its length in bytes, so a
 * checkpoint can record where the log stood and a resume can cut it back to exactly that point.
 * Lines are buffered and written whole; `sync()` flushes them to disk (done before each
 * checkpoint is written, so a checkpoint never points past the end of its log).
 *
 * @example
 * ```ts
 * const log = AppendLog.open('runs/a/events.jsonl');
 * log.append('{"type":"done","step":10,"reason":"budget"}');
 * log.sync();            // bytes on disk
 * log.bytes;             // offset to store in the checkpoint
 * log.close();
 * ```
 */
export class AppendLog {
  private pending: string[] = [];
  private pendingBytes = 0;
  private fd: number;
  private length: number;

  private constructor(
    readonly path: string,
    fd: number,
    length: number,
    private readonly flushAt: number,
  ) {
    this.fd = fd;
    this.length = length;
  }

  /**
   * Opens `path` for appending. With `truncateTo`, the file is first cut to that many bytes
   * (resuming from a checkpoint); otherwise it is created empty (a fresh run).
   */
  static open(path: string, options: { truncateTo?: number; flushAt?: number } = {}): AppendLog {
    if (options.truncateTo !== undefined) {
      if (!existsSync(path)) openSync(path, 'w');
      truncateSync(path, options.truncateTo);
    }
    const fd = openSync(path, options.truncateTo !== undefined ? 'a' : 'w');
    return new AppendLog(path, fd, options.truncateTo ?? 0, options.flushAt ?? 1 << 16);
  }

  /** Bytes in the log, buffered lines included. */
  get bytes(): number {
    return this.length + this.pendingBytes;
  }

  /** Adds one line (without its newline). */
  append(line: string): void {
    const text = `${line}\n`;
    this.pending.push(text);
    this.pendingBytes += Buffer.byteLength(text);
    if (this.pendingBytes >= this.flushAt) this.flush();
  }

  /** Writes buffered lines to the file (the OS may still hold them in its cache). */
  flush(): void {
    if (this.pending.length === 0 || this.fd === -1) return;
    const buffer = Buffer.from(this.pending.join(''), 'utf8');
    let written = 0;
    while (written < buffer.length) written += writeSync(this.fd, buffer, written, buffer.length - written);
    this.length += buffer.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Flushes buffered lines and forces them to disk. */
  sync(): void {
    this.flush();
    if (this.fd !== -1) fsyncSync(this.fd);
  }

  /** Syncs and closes; later calls do nothing. */
  close(): void {
    if (this.fd === -1) return;
    this.sync();
    closeSync(this.fd);
    this.fd = -1;
  }

  /** The size of a log file on disk (0 when it does not exist). */
  static sizeOf(path: string): number {
    return existsSync(path) ? statSync(path).size : 0;
  }
}
