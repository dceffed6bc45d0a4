// The store's public face: the service, the CLI and the Electron shell import from here.
export { LabStore, PATCH_LIMITS } from './lab-store.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export { resolveDbPath, freshPathBeside, DB_ENV } from './paths.ts';
export { createRecorder, type RecorderOptions } from './recorder.ts';
export type { RunStart, RunEnd } from './run-writer.ts';
export { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument } from './export-json.ts';
