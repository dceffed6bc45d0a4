import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src-shared/result.ts';
import { decodeSpans, encodeSpans } from '../../../src-main/store/span-codec.ts';

const roundTrip = (spans: Span[]) => decodeSpans(encodeSpans(spans));

describe('span codec', () => {
  it('round-trips µs-exact times compactly', () => {
    const spans: Span[] = Array.from({ length: 1000 }, (_, task) => ({
      task,
      worker: task % 8,
      // As the engine's clock gives them: Math.round(µs) / 1000.
      startMs: (task * 125) / 1000,
      endMs: (task * 125 + 3001) / 1000,
      pid: 1234,
      thread: 1 + (task % 8),
      cpu: task % 4,
    }));
    const blob = encodeSpans(spans);
    expect(decodeSpans(blob)).toEqual(spans);
    // task u16, worker u8, start and end u32 µs, pid constant, thread u8, cpu u8
    expect(blob.byteLength).toBeLessThan(1000 * 14);
  });

  it('keeps times that are not whole µs bit for bit', () => {
    const spans: Span[] = [
      { task: 0, worker: 0, startMs: Math.PI, endMs: Math.E * 10 },
      { task: 1, worker: 0, startMs: 1e-9, endMs: 123456789.123456 },
      { task: 2, worker: 1, startMs: -0.5, endMs: 0.1 + 0.2 },
    ];
    expect(roundTrip(spans)).toEqual(spans);
  });

  it('keeps a field missing on some spans missing, and present on others', () => {
    const spans: Span[] = [
      { task: 0, worker: 0, startMs: 0, endMs: 1, pid: 10, cpu: 0 },
      { task: 1, worker: 1, startMs: 1, endMs: 2, thread: 5 },
      { task: 2, worker: 2, startMs: 2, endMs: 3, pid: 11, thread: 6, cpu: 3 },
    ];
    const back = roundTrip(spans);
    expect(back).toEqual(spans);
    expect(back[0]).not.toHaveProperty('thread');
    expect(back[1]).not.toHaveProperty('pid');
    expect(back[1]).not.toHaveProperty('cpu');
  });

  it('keeps ids too large for 32 bits (64-bit native thread ids)', () => {
    const spans: Span[] = [
      { task: 0, worker: 0, startMs: 0, endMs: 1, thread: 2 ** 40 + 3 },
      { task: 70000, worker: 511, startMs: 1, endMs: 2, thread: 7, pid: 4_000_000 },
    ];
    expect(roundTrip(spans)).toEqual(spans);
  });

  it('reads columns at any byte offset: an odd span count, and a blob inside a larger buffer', () => {
    // 7 spans: each 1-byte column leaves the next one at an odd offset, and a copy of the
    // blob 3 bytes into a bigger buffer (as a driver may hand one over) moves every column.
    const spans: Span[] = Array.from({ length: 7 }, (_, task) => ({
      task: task * 300, // u16
      worker: task % 3, // u8
      startMs: task * 70_000.001, // u32 µs
      endMs: task * 70_000.001 + 0.5,
      cpu: task % 2 === 0 ? task : undefined, // u8 with gaps
      runMs: task % 3 === 0 ? undefined : task * 1.234, // u16 µs with gaps
    })).map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as Span);
    const blob = encodeSpans(spans);
    const host = new Uint8Array(blob.byteLength + 5);
    host.set(blob, 3);
    expect(decodeSpans(blob)).toEqual(spans);
    expect(decodeSpans(host.subarray(3, 3 + blob.byteLength))).toEqual(spans);
  });

  it('round-trips no spans and a single span', () => {
    expect(roundTrip([])).toEqual([]);
    const one: Span[] = [{ task: 0, worker: 0, startMs: 0.001, endMs: 0.002 }];
    expect(roundTrip(one)).toEqual(one);
  });

  it('refuses data it did not write', () => {
    expect(() => decodeSpans(new Uint8Array([9, 0, 0, 0, 1, 0, 0, 0]))).toThrow(/unknown span encoding/);
    const blob = encodeSpans([{ task: 0, worker: 0, startMs: 0, endMs: 1 }]);
    expect(() => decodeSpans(blob.subarray(0, blob.byteLength - 1))).toThrow();
  });

  it('round-trips wait states and hand-offs, absent on the spans that were not sampled', () => {
    const spans: Span[] = Array.from({ length: 100 }, (_, task) => ({
      task,
      worker: task % 2,
      startMs: task / 10,
      endMs: task / 10 + 0.05,
      ...(task % 32 === 0 ? { runMs: 0.031, waitMs: 0.012 } : {}),
      handoffInMs: 0.008 + task / 1000,
      handoffOutMs: 0.011,
    }));
    const back = roundTrip(spans);
    expect(back).toEqual(spans);
    expect(back[1]).not.toHaveProperty('runMs');
  });

  it('still reads version 1 data, written before wait states existed', () => {
    // task 0..1 (u8), worker constant 0, start/end µs (u8), pid/thread/cpu absent.
    const v1 = new Uint8Array([
      1, 0, 0, 0, 2, 0, 0, 0,
      0x01, ...f64(0), 0, 1,
      0x00, ...f64(0),
      0x11, ...f64(0), 0, 5,
      0x11, ...f64(3), 0, 5,
      0xff, 0xff, 0xff,
    ]);
    expect(decodeSpans(v1)).toEqual([
      { task: 0, worker: 0, startMs: 0, endMs: 0.003 },
      { task: 1, worker: 0, startMs: 0.005, endMs: 0.008 },
    ]);
  });

  it('skips a column whose field id this build does not know', () => {
    const blob = encodeSpans([{ task: 0, worker: 0, startMs: 0, endMs: 1 }]);
    // Append a column with id 200 (mode u8, base 0, one byte), as a newer build might.
    const extra = new Uint8Array([200, 0x01, ...f64(0), 7]);
    const newer = new Uint8Array(blob.byteLength + extra.byteLength);
    newer.set(blob);
    newer.set(extra, blob.byteLength);
    newer[1] += 1;
    expect(decodeSpans(newer)).toEqual([{ task: 0, worker: 0, startMs: 0, endMs: 1 }]);
  });
});

function f64(x: number): number[] {
  return [...new Uint8Array(new Float64Array([x]).buffer)];
}

describe('span codec from the engine span table', () => {
  it('encodes a table sized beyond its rows as exactly the blob of its spans', async () => {
    const { SpanTable } = await import('../../../src-shared/span-table.ts');
    const { encodeColumns } = await import('../../../src-main/store/span-codec.ts');
    const spans: Span[] = Array.from({ length: 700 }, (_, task) => ({
      task,
      worker: task % 4,
      startMs: (task * 40) / 1000,
      endMs: (task * 40 + 33) / 1000,
      thread: 10 + (task % 4),
      ...(task % 32 === 0 ? { runMs: 0.031, waitMs: 0.002 } : {}),
      ...(task % 2 === 0 ? { handoffInMs: 0.004 } : {}),
    }));
    const table = new SpanTable(1000);
    for (const s of spans) table.append(s);
    const blob = encodeColumns(table.columns());
    expect(decodeSpans(blob)).toEqual(spans);
    expect(blob).toEqual(encodeSpans(spans));
  });
});
