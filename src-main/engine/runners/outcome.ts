// Outcomes for trials that end before any task ran, and the wording of a member's exit.
import { readFileSync, writeFileSync } from 'node:fs';
import { SpanTable } from '../../../src-shared/span-table.ts';
import type { TrialOutcome } from '../types.ts';

export function endedEarly(status: 'failed' | 'timeout' | 'cancelled', error?: string, startupMs = 0): TrialOutcome {
  return { status, wallMs: 0, startupMs, cpuMs: 0, spans: new SpanTable(0), ...(error ? { error } : {}) };
}

/**
 * Starts a reading of this process's peak RSS over one trial, for the models whose workers
 * are threads of it; the returned function reads it (bytes), or gives undefined where no
 * such reading exists. The process's lifetime peak (getrusage) would carry an earlier,
 * bigger trial's peak into every later one, so it is never used: on Linux, writing 5 to
 * /proc/self/clear_refs starts the peak (VmHWM in /proc/self/status) afresh at the current
 * RSS; elsewhere the trial reports no peak rather than a wrong one.
 */
export function startPeakRss(): () => number | undefined {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    return () => undefined;
  }
  return () => {
    try {
      const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
      return kb === undefined ? undefined : Number(kb) * 1024;
    } catch {
      return undefined;
    }
  };
}

export function usToMs(us: number): number {
  return Math.round(us) / 1e3;
}
