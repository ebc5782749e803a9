import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * Flush the file (and the folder entry) to disk before returning. On by default: a checkpoint
   * that a crash can lose after it was reported written is worse than a slower write.
   */
  readonly fsync?: boolean;
}

/**
 * Writes a file so that readers (and a crash) see either the old content or the new one, never a
 * half-written file: the data goes to a temporary file in the same folder (same file system, so
 * the rename is atomic), is flushed, and is renamed over the target.
 *
 * @example
 * ```ts
 * writeFileAtomic('runs/a/summary.json', JSON.stringify(summary, null, 2) + '\n');
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const fsync = options.fsync ?? true;
  const temp = tempPathFor(path);
  let fd = -1;
  try {
    fd = openSync(temp, 'wx');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    if (fsync) fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== -1) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  if (fsync) fsyncDir(dirname(path));
}

/**
 * A temporary sibling name for `path`: hidden, unique per call, recognisable (`.name.tmp-xxxx`)
 * so leftovers of a crash can be told apart from real files.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
}

/**
 * Flushes a folder's entries (a rename inside it) to disk. Some platforms (Windows) cannot open a
 * folder for fsync; there the rename's durability is left to the OS.
 */
export function fsyncDir(path: string): void {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported on this platform (EISDIR / EPERM on Windows): nothing more can be done.
  } finally {
    if (fd !== -1) closeSync(fd);
  }
}
