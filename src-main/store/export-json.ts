// The versioned export document: the result format of docs/architecture.md, wrapped so that an
// import can tell our files (and their version) from anything else. Each run carries its
// verdicts for a reader of the file; they are derived, so an import drops and recomputes them.
// Written piece by piece (json-writer.ts), one trial's spans read at a time.
import type { ExportPayload } from '../../src-shared/contract.ts';
import { withVerdicts, type Verdict } from '../../src-shared/explain-run.ts';
import type { RunResult } from '../../src-shared/result.ts';
import { exportBaseName } from './export-names.ts';
import { StringSink, writeJson, type LazyArray, type TextSink } from './json-writer.ts';

export const EXPORT_FORMAT = 'concurrency-lab';
export const EXPORT_VERSION = 1;

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  runs: (RunResult & { verdicts: Verdict[] })[];
}

/** A run (with its verdicts) whose trials, spans and all, are read when written. */
export type LazyRun = Omit<RunResult, 'trials'> & {
  trials: LazyArray<RunResult['trials'][number]> | RunResult['trials'];
  verdicts: Verdict[];
};

/** The document as `JSON.stringify(doc, null, 2)` plus a newline, written to `sink`. */
export function writeExportDocument(sink: TextSink, runs: LazyRun[], now: Date = new Date()): void {
  writeJson(sink, { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString(), runs }, '  ');
  sink.write('\n');
}

/** Runs already in memory (a run the history could not take) as the export document, in one string. */
export function exportJson(runs: RunResult[], now: Date = new Date()): ExportPayload {
  const sink = new StringSink();
  writeExportDocument(sink, runs.map(withVerdicts), now);
  return { fileName: `${exportBaseName(runs)}.json`, mimeType: 'application/json', content: sink.toString() };
}
