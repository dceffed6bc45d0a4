// Engine tests' trials: the shared test TrialContext with the real child_process launcher.
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import type { NodeModel } from '../../../src-shared/models.ts';
import { childProcessLauncher } from '../../../src-main/engine/launchers/child-process-launcher.ts';
import type { ProcessLauncher } from '../../../src-main/engine/types.ts';
import { buildTrial, type TestTrial, type TrialOverrides } from '../helpers/trials.ts';

export { spanProblems, type TestTrial } from '../helpers/trials.ts';

export function trialContext(model: NodeModel, workload: ExperimentInput['workload'], overrides: TrialOverrides = {}): TestTrial {
  return buildTrial(model, workload, overrides, { tmpPrefix: 'lab-engine-test-', launcher: childProcessLauncher });
}

/** childProcessLauncher, remembering the pid of every child it started. */
export function recordingLauncher(): ProcessLauncher & { pids: number[] } {
  const pids: number[] = [];
  return {
    kind: 'child_process',
    pids,
    launch(modulePath, options) {
      const handle = childProcessLauncher.launch(modulePath, options);
      if (handle.pid !== undefined) pids.push(handle.pid);
      return handle;
    },
  };
}
