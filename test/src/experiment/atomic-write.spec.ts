import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempPathFor, writeFileAtomic } from '../../../src/experiment/atomic-write.js';

describe('writeFileAtomic', () => {
  it('writes text and bytes, replacing an existing file, and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-atomic-'));
    const path = join(dir, 'a.json');
    writeFileSync(path, 'old');
    writeFileAtomic(path, 'new content');
    expect(readFileSync(path, 'utf8')).toBe('new content');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]), { fsync: false });
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('keeps the old content and cleans up when the write fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-atomic-'));
    const path = join(dir, 'missing-dir', 'a.json');
    expect(() => writeFileAtomic(path, 'x')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names temp files as hidden, unique siblings', () => {
    const a = tempPathFor('/runs/x/summary.json');
    const b = tempPathFor('/runs/x/summary.json');
    expect(a).toMatch(/^\/runs\/x\/\.summary\.json\.tmp-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});
