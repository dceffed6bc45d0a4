// The engine's public API: what the service, the CLI and the Electron shell call.
export { runExperiment, type EngineRunResult, type RunOptions } from './run-experiment.ts';
export { calibrate } from './resolve-sizes.ts';
export { getMachineInfo, listModels } from './machine.ts';
export { listPresets, getPreset } from './presets.ts';
export { summarize } from '../../src-shared/summary.ts';
export { getCapacity } from './capacity.ts';
export { listStudyPresets, getStudyPreset, type StudyPresetFile } from './study-presets.ts';
