// The versioned export document: the result format of docs/architecture.md, wrapped so that an
// import can tell our files (and their version) from anything else. Each run carries its
// verdicts for a reader of the file; they are derived, so an import drops and recomputes them.
import type { ExportPayload } from '../../src-shared/contract.ts';
import { withVerdicts, type Verdict } from '../../src-shared/explain-run.ts';
import type { RunResult } from '../../src-shared/result.ts';
import { exportBaseName } from './export-names.ts';

export const EXPORT_FORMAT = 'concurrency-lab';
export const EXPORT_VERSION = 1;

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  runs: (RunResult & { verdicts: Verdict[] })[];
}

export function exportJson(runs: RunResult[], now: Date = new Date()): ExportPayload {
  const doc: ExportDocument = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString(), runs: runs.map(withVerdicts) };
  return {
    fileName: `${exportBaseName(runs)}.json`,
    mimeType: 'application/json',
    content: `${JSON.stringify(doc, null, 2)}\n`,
  };
}
