import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEventLine, parseEventLine } from '../../../src/experiment/event-line.js';
import { FileFormatError } from '../../../src/errors.js';
import type { LoopEvent } from '../../../src/loop/events.js';

describe('formatEventLine', () => {
  it('puts type and step first and sorts the other keys, nested ones too', () => {
    const a = formatEventLine({ metrics: { z: 1, a: 2 }, updates: 3, step: 10, type: 'update' });
    const b = formatEventLine({ type: 'update', step: 10, updates: 3, metrics: { a: 2, z: 1 } });
    expect(a).toBe('{"type":"update","step":10,"metrics":{"a":2,"z":1},"updates":3}');
    expect(b).toBe(a);
  });

  it('drops undefined fields and keeps non-finite numbers as strings', () => {
    const line = formatEventLine({ type: 'eval', step: 5, meanReturn: Number.NaN, stdReturn: undefined, metrics: { loss: Number.POSITIVE_INFINITY } });
    expect(line).toBe('{"type":"eval","step":5,"meanReturn":"NaN","metrics":{"loss":"Infinity"}}');
    const back = parseEventLine(line, 'x:1') as Extract<LoopEvent, { type: 'eval' }>;
    expect(back.meanReturn).toBeNaN();
    expect(back.metrics?.['loss']).toBe(Number.POSITIVE_INFINITY);
  });

  it('round-trips any episode event exactly', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.nat(), (step, episode, ret, length) => {
        const event: LoopEvent = { type: 'episode', step, episode, envIndex: 0, return: ret, length };
        const back = parseEventLine(formatEventLine(event), 'x:1');
        expect(back).toEqual({ ...event, return: Object.is(ret, -0) ? 0 : ret });
      }),
    );
  });
});

describe('parseEventLine', () => {
  it('names the place of a bad line', () => {
    expect(() => parseEventLine('{"type":', 'events.jsonl:3')).toThrow(FileFormatError);
    expect(() => parseEventLine('{"type":', 'events.jsonl:3')).toThrow(/events\.jsonl:3: not a JSON line/);
    expect(() => parseEventLine('{"step":1}', 'events.jsonl:4')).toThrow(/events\.jsonl:4: expected an event with a string "type"/);
    expect(() => parseEventLine('[1]', 'e:1')).toThrow(/expected a JSON object per line/);
  });
});
