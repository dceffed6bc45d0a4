// Python tests' trials: the shared test TrialContext with a launcher that refuses Node
// children, and the path of a fixture script.
import { fileURLToPath } from 'node:url';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import type { PythonModel } from '../../../src-shared/models.ts';
import type { ProcessLauncher } from '../../../src-main/engine/types.ts';
import { buildTrial, type TestTrial, type TrialOverrides } from '../helpers/trials.ts';

export { spanProblems } from '../helpers/trials.ts';

export const PY_MODELS: PythonModel[] = ['py-sequential', 'py-asyncio', 'py-threading', 'py-multiprocessing'];

// Python trials never launch Node children; a launcher that says so if one ever tries.
const noLauncher: ProcessLauncher = {
  kind: 'child_process',
  launch() {
    throw new Error('a Python trial must not launch Node children');
  },
};

export type PyTrial = TestTrial;

export function pyTrial(
  model: PythonModel,
  workload: ExperimentInput['workload'],
  overrides: TrialOverrides & { python?: ExperimentInput['python'] } = {},
): PyTrial {
  const { python, ...rest } = overrides;
  return buildTrial(model, workload, rest, { tmpPrefix: 'lab-python-test-', launcher: noLauncher, python });
}

export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}
