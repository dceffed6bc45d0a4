// Trials as CSV (RFC 4180), one row per trial, for spreadsheets, pandas and R.
import type { ExportPayload } from '../../src-shared/contract.ts';
import type { RunResult } from '../../src-shared/result.ts';
import { exportBaseName } from './export-names.ts';

export const CSV_COLUMNS = [
  'runId', 'name', 'trial', 'model', 'k', 'repetition', 'status',
  'wallMs', 'startupMs', 'cpuMs', 'peakRssBytes', 'error',
] as const;

export function exportCsv(runs: readonly RunResult[]): ExportPayload {
  const lines = [CSV_COLUMNS.join(',')];
  for (const run of runs) {
    for (const t of run.trials) {
      lines.push(
        [
          run.runId, run.name, t.index, t.model, t.concurrency, t.repetition, t.status,
          t.wallMs, t.startupMs, t.cpuMs, t.peakRssBytes, t.error,
        ]
          .map(csvField)
          .join(','),
      );
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
