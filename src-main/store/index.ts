// The store's public face: the service, the CLI and the Electron shell import from here.
export { LabStore, PATCH_LIMITS, type StoreHealth } from './lab-store.ts';
export { estimateRunBytes } from './space-estimate.ts';
export { exportCsv } from './export-csv.ts';
export { exportJson } from './export-json.ts';
export { exportTrace } from './export-trace.ts';
export { FileSink } from './json-writer.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export { resolveDbPath, freshPathBeside, DB_ENV } from './paths.ts';
export { createRecorder, type Recorder, type RecorderOptions, type SaveFailure } from './recorder.ts';
export type { RunStart, RunEnd } from './run-writer.ts';
export { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument } from './export-json.ts';
export { exportStudy, STUDY_EXPORT_FORMAT } from './export-study.ts';
export type { StudyStart } from './study-records.ts';
