// The Node models, by name, as the orchestrator calls them.
import type { NodeModel } from '../../../src-shared/models.ts';
import type { ModelRunner } from '../types.ts';
import { runAsync } from './async.ts';
import { runProcesses } from './processes.ts';
import { runSequential } from './sequential.ts';
import { runThreads } from './threads.ts';

export const NODE_RUNNERS: Record<NodeModel, ModelRunner> = {
  sequential: runSequential,
  async: runAsync,
  threads: runThreads,
  processes: runProcesses,
};
