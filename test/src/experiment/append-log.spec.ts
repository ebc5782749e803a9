import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppendLog } from '../../../src/experiment/append-log.js';

describe('AppendLog', () => {
  it('counts bytes (multi-byte text included) and flushes whole lines', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nl-log-')), 'e.jsonl');
    const log = AppendLog.open(path, { flushAt: 1 << 20 });
    log.append('{"a":1}');
    log.append('"é"');
    expect(log.bytes).toBe(8 + 5);
    expect(readFileSync(path, 'utf8')).toBe('');
    log.sync();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n"é"\n');
    log.close();
    expect(AppendLog.sizeOf(path)).toBe(13);
  });

  it('flushes by itself once the buffer passes flushAt', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nl-log-')), 'e.jsonl');
    const log = AppendLog.open(path, { flushAt: 10 });
    log.append('12345');
    expect(AppendLog.sizeOf(path)).toBe(0);
    log.append('67890');
    expect(AppendLog.sizeOf(path)).toBe(12);
    log.close();
  });

  it('resumes by cutting the file back to a recorded length', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nl-log-')), 'e.jsonl');
    const log = AppendLog.open(path);
    log.append('one');
    log.sync();
    const mark = log.bytes;
    log.append('two');
    log.append('thr'); // a crash could leave a partial line: the cut removes it too
    log.close();
    const resumed = AppendLog.open(path, { truncateTo: mark });
    expect(resumed.bytes).toBe(mark);
    resumed.append('TWO');
    resumed.close();
    expect(readFileSync(path, 'utf8')).toBe('one\nTWO\n');
  });
});
