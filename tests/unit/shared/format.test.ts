// One rule per kind of number, for the CLI, the views and the verdicts alike.
import { describe, expect, it } from 'vitest';
import {
  formatBrief,
  formatBytes,
  formatChange,
  formatCi,
  formatCiHalfWidth,
  formatDate,
  formatDuration,
  formatEta,
  formatMs,
  formatPct,
  formatRate,
  formatSpeedup,
} from '../../../src-shared/format.ts';

describe('format', () => {
  it('writes one operation’s cost in ns or µs, and longer ones as a measured duration', () => {
    expect(formatBrief(0.0000472)).toBe('47 ns');
    expect(formatBrief(0.000999)).toBe('999 ns');
    expect(formatBrief(0.002)).toBe('2.0 µs');
    expect(formatBrief(0.0143)).toBe('14.3 µs');
    expect(formatBrief(0.25)).toBe('250 µs');
    expect(formatBrief(2.5)).toBe('2.5 ms');
    expect(formatBrief(null)).toBe('—');
  });

  it('writes a measured duration with the digits that matter, seconds past one second', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(0.123)).toBe('0.12 ms');
    // A task of a few µs is not "0.00 ms".
    expect(formatMs(0.0042)).toBe('4.2 µs');
    expect(formatMs(0.0004)).toBe('400 ns');
    expect(formatMs(0.01)).toBe('0.01 ms');
    expect(formatMs(4.56)).toBe('4.6 ms');
    expect(formatMs(42.4)).toBe('42 ms');
    expect(formatMs(999)).toBe('999 ms');
    expect(formatMs(1500)).toBe('1.50 s');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatMs(125_000)).toBe('2 min 05 s');
    expect(formatMs(Number.NaN)).toBe('—');
    expect(formatMs(null)).toBe('—');
  });

  it('writes an estimate to the second, and "…" while there is none', () => {
    expect(formatDuration(44_600)).toBe('45 s');
    expect(formatDuration(3_780_000)).toBe('1 h 03 min');
    expect(formatEta(null)).toBe('…');
    expect(formatEta(61_000)).toBe('1 min 01 s');
  });

  it('writes ratios, shares, changes and rates', () => {
    expect(formatSpeedup(1.849)).toBe('1.8×');
    expect(formatSpeedup(12.4)).toBe('12×');
    expect(formatPct(0.256)).toBe('26%');
    expect(formatChange(-4)).toBe('−4.0%');
    expect(formatChange(12.34)).toBe('+12.3%');
    expect(formatChange(0)).toBe('±0.0%');
    expect(formatRate(2.54)).toBe('2.5');
    expect(formatRate(1234.4)).toBe('1,234');
  });

  it('writes sizes in binary units and dates to the minute, local time', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(16 * 1024 ** 3)).toBe('16 GiB');
    const d = new Date(2026, 4, 1, 14, 3, 59);
    expect(formatDate(d.toISOString())).toBe('2026-05-01 14:03');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('gives no interval for one trial ("—"), never a zero-width one', () => {
    const wallMs = { ci95: { low: 135, high: 135 } } as never;
    expect(formatCi({ trials: 1, wallMs })).toBe('—');
    expect(formatCiHalfWidth({ trials: 1, wallMs })).toBe('—');
    const three = { ci95: { low: -4, high: 140 } } as never;
    // Below zero is no wall: the interval's lower end is not shown as "0 ms".
    expect(formatCi({ trials: 3, wallMs: three })).toBe('up to 140 ms');
    expect(formatCi({ trials: 3, wallMs: { ci95: { low: 120, high: 140 } } as never })).toBe('120 ms – 140 ms');
    expect(formatCiHalfWidth({ trials: 3, wallMs: three })).toBe('72 ms');
  });
});
