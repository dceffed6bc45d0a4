// The CLI's way in: a run in the foreground through the service, saved into the history
// or (for --no-save) run by a service that has no database at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabService } from '../../../src-main/service/index.ts';
import type { EngineEvent } from '../../../src-shared/result.ts';
import { openLab, TINY, type LabFixture } from './lab-fixture.ts';

let lab: LabFixture;
beforeAll(() => {
  lab = openLab();
});
afterAll(async () => {
  await lab.cleanup();
});

describe('runToEnd', () => {
  it('runs to the end, hands each event to the caller, and saves the run', async () => {
    const seen: EngineEvent['type'][] = [];
    const answer = await lab.service.runToEnd(TINY, { onEvent: (e) => seen.push(e.type) });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const { result, dbPath, saveFailure } = answer.value;
    expect(result.status).toBe('completed');
    expect(result.trials).toHaveLength(3);
    expect(dbPath).toBe(lab.dbFile);
    expect(saveFailure).toBeUndefined();
    expect(seen[0]).toBe('run-started');
    expect(seen.at(-1)).toBe('run-finished');
    // Each measured trial comes once with its spans, for the caller to keep (the --json file).
    expect(seen.filter((t) => t === 'trial-data')).toHaveLength(3);
    expect(await lab.service.getRun(result.runId)).toMatchObject({ ok: true, value: { runId: result.runId, status: 'completed' } });
  });

  it('runs without a database when asked not to save, and says there is no history to read', async () => {
    const bare = createLabService({});
    try {
      const answer = await bare.runToEnd(TINY, { save: false });
      expect(answer).toMatchObject({ ok: true, value: { result: { status: 'completed' } } });
      if (answer.ok) expect(answer.value.dbPath).toBeUndefined();
      expect(await bare.runToEnd(TINY)).toMatchObject({ ok: false, code: 'unavailable', message: 'no history database is open' });
      expect(await bare.listRuns()).toMatchObject({ ok: false, code: 'unavailable' });
    } finally {
      await bare.close();
    }
  });

  it('refuses a bad spec with field issues before anything starts', async () => {
    const answer = await lab.service.runToEnd({ ...TINY, tasks: 0 });
    expect(answer).toMatchObject({ ok: false, code: 'invalid-input', issues: [{ path: 'tasks' }] });
  });

  it('cancels when the caller aborts: the finished trials are kept', async () => {
    const controller = new AbortController();
    const answer = await lab.service.runToEnd(
      { ...TINY, workload: { kind: 'sleep', ms: 30 }, tasks: 10, concurrency: [1, 2, 4] },
      { signal: controller.signal, onEvent: (e) => e.type === 'trial-finished' && controller.abort() },
    );
    expect(answer).toMatchObject({ ok: true, value: { result: { status: 'cancelled' } } });
    if (answer.ok) expect(await lab.service.getRun(answer.value.result.runId)).toMatchObject({ ok: true, value: { status: 'cancelled' } });
  });
});
