export { createLabService, type LabService, type LabServiceOptions } from './lab-service.ts';
export { createProgressBatcher, type ProgressBatcher } from './progress-batcher.ts';
export { dispatchCall } from './dispatch.ts';
