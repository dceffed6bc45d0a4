// Outcomes for trials that end before any task ran, and the wording of a member's exit.
import { SpanTable } from '../../../src-shared/span-table.ts';
import type { TrialOutcome } from '../types.ts';

export function endedEarly(status: 'failed' | 'timeout' | 'cancelled', error?: string, startupMs = 0): TrialOutcome {
  return { status, wallMs: 0, startupMs, cpuMs: 0, spans: new SpanTable(0), ...(error ? { error } : {}) };
}

/** Peak RSS of this process (and so of every thread in it), in bytes. */
export function processPeakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export function usToMs(us: number): number {
  return Math.round(us) / 1e3;
}
