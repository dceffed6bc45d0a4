// A test's own experiment spec, validated as the engine and service would: the test
// stops at once, with the schema's issues, when it wrote a spec the schema refuses.
import { validateExperiment, type ExperimentInput, type ExperimentSpec } from '../../../src-shared/experiment.ts';

export function validSpec(input: ExperimentInput): ExperimentSpec {
  const v = validateExperiment(input);
  if (!v.ok) throw new Error(`a test spec the schema refuses: ${JSON.stringify(v.issues)}`);
  return v.value;
}
