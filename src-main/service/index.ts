// The service's public face: every front end (Electron shell, browser-mode server, CLI)
// imports the backend from here, never the engine or the store below it.
export {
  createLabService,
  toApiError,
  type CheckedRun,
  type FinishedRun,
  type LabService,
  type LabServiceOptions,
  type RunCheckOptions,
  type RunCheckStage,
  type RunRefused,
  type RunToEndOptions,
} from './lab-service.ts';
export { createProgressBatcher, type BatcherOptions, type ProgressBatcher } from './progress-batcher.ts';
export { checkCall, dispatchCall, isLabMethod, malformed } from './dispatch.ts';
export {
  damagedHistoryReport,
  describeHistory,
  freshHistoryPath,
  historyError,
  historyPath,
  openFreshHistory,
  openHistory,
  type History,
  type HistoryLocation,
  type HistoryOpened,
} from './history.ts';
/** How the processes model starts its children: the Electron shell supplies utilityProcess. */
export type { ChildHandle, ProcessLauncher } from '../engine/types.ts';
/** A finished run as runToEnd returns it (its trials may be streamed out, without spans). */
export type { EngineRunResult } from '../engine/index.ts';
/** JSON written in pieces (byte for byte JSON.stringify's text): the CLI's --json file streams its trials through it. */
export { FileSink, JsonPiece, LazyArray, writeJson, type TextSink } from '../store/json-writer.ts';
