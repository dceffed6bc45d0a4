// Numbers, durations, dates and sizes as the lab prints them, in the views, the CLI and
// the verdicts alike: one rule each, so 1500 ms reads "1.50 s" on every screen.

import type { SummaryRow } from './result.ts';
import { hasInterval } from './summary.ts';

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return INT.format(n);
}

/** Tasks per second: whole numbers from 100 up, one decimal below (a slow IO cell does 2.5/s). */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  return perSecond >= 100 ? formatCount(perSecond) : perSecond.toFixed(1);
}

/** A measured duration: µs precision where it matters, seconds past one second. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const a = Math.abs(ms);
  if (a === 0) return '0 ms';
  // Under 0.01 ms two decimals read "0.00 ms", a zero that was not measured: µs or ns instead.
  if (a < 0.01) return formatBrief(ms);
  if (a < 1) return `${ms.toFixed(2)} ms`;
  if (a < 10) return `${ms.toFixed(1)} ms`;
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 60_000) return `${(ms / 1000).toFixed(a < 10_000 ? 2 : 1)} s`;
  return formatDuration(ms);
}

/** A duration too short for milliseconds (one operation's cost): "38 ns", "1.4 µs", then as formatMs. */
export function formatBrief(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const ns = Math.abs(ms) * 1e6;
  if (ns < 1000) return `${Math.round(ms * 1e6)} ns`;
  if (ns < 1e6) return `${(ms * 1e3).toPrecision(ns < 1e4 ? 2 : 3)} µs`;
  return formatMs(ms);
}

/** A time left or elapsed, to the second: "45 s", "2 min 05 s", "1 h 03 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** An estimate or ETA: like formatDuration, with "…" while there is none yet. */
export function formatEta(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '…' : formatDuration(ms);
}

/** A ratio against a baseline: one decimal (the lab's noise floor is ±10%), none from 10×. */
export function formatSpeedup(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
}

export function formatPct(fraction: number | null | undefined, digits = 0): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A change against a reference: "+12.3%" / "−4.0%" (a real minus sign, so columns line up). */
export function formatChange(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return '—';
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${Math.abs(pct).toFixed(1)}%`;
}

export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 || v >= 10 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** Local date and time without seconds, in a sortable shape: "2026-05-01 14:03". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * A cell's 95% CI of the mean wall, "low – high"; "—" for one trial, which has no interval.
 * A t-interval of few, spread trials can reach below zero, which no wall can: then only
 * its upper end says something ("up to 140 ms"), never a lower end of "0 ms".
 */
export function formatCi(row: Pick<SummaryRow, 'trials' | 'wallMs'>): string {
  if (!hasInterval(row)) return '—';
  if (row.wallMs.ci95.low <= 0) return `up to ${formatMs(row.wallMs.ci95.high)}`;
  return `${formatMs(row.wallMs.ci95.low)} – ${formatMs(row.wallMs.ci95.high)}`;
}

/** The CI's half-width, as after "±"; "—" for one trial, never a zero-width "0 ms". */
export function formatCiHalfWidth(row: Pick<SummaryRow, 'trials' | 'wallMs'>): string {
  if (!hasInterval(row)) return '—';
  return formatMs((row.wallMs.ci95.high - row.wallMs.ci95.low) / 2);
}

/** A speedup's 95% interval: "1.8–2.1×", digits as formatSpeedup; "—" without one. */
export function formatSpeedupInterval(ci: { low: number; high: number } | null | undefined): string {
  if (!ci || !Number.isFinite(ci.low) || !Number.isFinite(ci.high)) return '—';
  const f = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));
  return `${f(ci.low)}–${f(ci.high)}×`;
}

/** Processors used (CPU time ÷ wall): two decimals, so 1.02 and 1.2 read apart. */
export function formatProcessors(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p >= 10 ? p.toFixed(1) : p.toFixed(2);
}

/** Shares running / waiting for a core / blocked as "62/30/8%" ("?" where waiting was not measured). */
export function formatStateShares(s: { running: number; waiting: number | null; blocked: number } | null | undefined): string {
  if (!s) return '—';
  const pct = (x: number | null) => (x === null ? '?' : String(Math.round(x * 100)));
  return `${pct(s.running)}/${pct(s.waiting)}/${pct(s.blocked)}%`;
}
