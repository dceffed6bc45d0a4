// Trials as CSV (RFC 4180), one row per trial, for spreadsheets, pandas and R. A trial of
// the shared workload has one row per mode (the trial's own columns repeated), so lost
// updates and each mode's wall sit in columns of their own: tidy data, one observation a row.
import type { ExportPayload } from '../../src-shared/contract.ts';
import type { RunOverview, RunResult } from '../../src-shared/result.ts';
import { processorsUsed } from '../../src-shared/wait-states.ts';
import { exportBaseName } from './export-names.ts';

const SHARED_COLUMNS = ['sharedMode', 'expected', 'observed', 'lost', 'modeWallMs', 'switchIntervalMs', 'sharedNote'] as const;

export const CSV_COLUMNS = [
  'runId', 'name', 'trial', 'model', 'k', 'repetition', 'status',
  'wallMs', 'startupMs', 'cpuMs', 'peakRssBytes', 'error',
  // Every row has every column (empty where a trial has no such figure).
  ...SHARED_COLUMNS,
  // Wait states (issue 12): appended, so readers of the columns above are unaffected.
  'processorsUsed', 'statesOf', 'runningMs', 'waitingMs', 'blockedMs', 'measuredSpans',
  'handoffMedianMs', 'handoffP95Ms', 'voluntarySwitches', 'involuntarySwitches',
] as const;

export function exportCsv(runs: readonly (RunResult | RunOverview)[]): ExportPayload {
  const lines = [CSV_COLUMNS.join(',')];
  for (const run of runs) {
    for (const t of run.trials) {
      const trial = [
        run.runId, run.name, t.index, t.model, t.concurrency, t.repetition, t.status,
        t.wallMs, t.startupMs, t.cpuMs, t.peakRssBytes, t.error,
      ];
      const modes: (string | number | undefined)[][] = t.shared?.length
        ? t.shared.map((p) => [
            p.mode, p.expected, p.observed ?? undefined, p.lost ?? undefined, p.unavailable ? undefined : p.wallMs, p.switchIntervalMs,
            p.unavailable ?? (p.perProcess ? `no shared memory; each process counted its own: ${p.perProcess.join(' ')}` : undefined),
          ])
        : [SHARED_COLUMNS.map(() => undefined)];
      const waits = [
        processorsUsed(t) ?? undefined, t.states?.scope, t.states?.runningMs, t.states?.waitingMs ?? undefined,
        t.states?.blockedMs, t.states?.measuredSpans, t.states?.handoffMs?.median, t.states?.handoffMs?.p95,
        t.states?.contextSwitches?.voluntary, t.states?.contextSwitches?.involuntary,
      ];
      for (const mode of modes) lines.push([...trial, ...mode, ...waits].map(csvField).join(','));
    }
  }
  return {
    fileName: `${exportBaseName(runs)}.csv`,
    mimeType: 'text/csv',
    content: `${lines.join('\r\n')}\r\n`,
  };
}

/** Quoted when it holds a comma, quote or line break; a missing or NaN value is an empty field. */
export function csvField(value: string | number | undefined): string {
  if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
