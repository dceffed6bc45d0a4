import { afterAll, describe, expect, it } from 'vitest';
import { validateExperiment } from '../../../src-shared/experiment.ts';
import { withSpanObjects, type EngineEvent, type TrialResult } from '../../../src-shared/result.ts';
import { runExperiment } from '../../../src-main/engine/index.ts';
import { LabStore, createRecorder } from '../../../src-main/store/index.ts';
import { tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('the recorder on a real run of the engine', () => {
  it('keeps exactly the result the engine returns, and its export imports back', async () => {
    const spec = validateExperiment({
      name: 'tiny sleep',
      workload: { kind: 'sleep', ms: 1 },
      tasks: 4,
      models: ['async', 'threads'],
      concurrency: [2],
      repetitions: 1,
      warmup: 1,
    });
    if (!spec.ok) throw new Error(JSON.stringify(spec.issues));
    const store = LabStore.open(tmp.file('real.db'));
    const events: EngineEvent['type'][] = [];
    const handed: TrialResult[] = [];
    const record = createRecorder(store);
    const result = await runExperiment(spec.value, {
      onEvent: (e) => {
        events.push(e.type);
        if (e.type === 'trial-data') handed.push(withSpanObjects(e.trial));
        record(e);
      },
    });
    expect(result.error).toBeUndefined();
    expect(events).toContain('trial-finished');
    // Saved as the engine kept it (figures), with the spans it handed on.
    expect(store.getRunOverview(result.runId)).toEqual({ ...result, tags: [], notes: '' });
    const saved = store.getRun(result.runId);
    const { trials: _, ...rest } = result;
    expect(saved).toEqual({ ...rest, trials: handed, tags: [], notes: '' });
    expect(store.listRuns().runs[0]).toMatchObject({ runId: result.runId, status: result.status, trialCount: result.trials.length });
    // The engine's own result passes the import schema, exported or bare.
    const other = LabStore.open(tmp.file('other.db'));
    expect(other.importRuns(store.exportRuns([result.runId], 'json').content).imported).toEqual([result.runId]);
    expect(other.getRun(result.runId)).toEqual(saved);
    const bare = LabStore.open(tmp.file('bare.db'));
    expect(bare.importRuns(JSON.stringify({ ...rest, trials: handed })).imported).toEqual([result.runId]);
    other.close();
    bare.close();
    store.close();
  });
});
