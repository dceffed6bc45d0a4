// What the service's schema accepts the store keeps: the history limits are declared once
// (src-shared/limits.ts), so a patch at the limit is saved whole and one past it is refused
// at the edge, naming the field, with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_LIMITS } from '../../../src-shared/limits.ts';
import { makeRun, recordRun } from '../store/fixtures/make-run.ts';
import { openLab, type LabFixture } from './lab-fixture.ts';

let lab: LabFixture;
const run = makeRun({ seed: 7, name: 'limits' });
beforeAll(() => {
  lab = openLab();
  recordRun(lab.store, run);
});
afterAll(async () => {
  await lab.cleanup();
});

const tags = (n: number, length: number) => Array.from({ length: n }, (_, i) => `${i}`.padStart(length, 't'));

describe('history limits, service edge and store alike', () => {
  it('keeps a patch at every limit whole', async () => {
    const patch = {
      name: 'n'.repeat(HISTORY_LIMITS.name),
      tags: tags(HISTORY_LIMITS.tags, HISTORY_LIMITS.tag),
      notes: 'x'.repeat(HISTORY_LIMITS.notes),
    };
    const saved = await lab.service.updateRun(run.runId, patch);
    expect(saved).toMatchObject({ ok: true, value: { name: patch.name, notes: patch.notes } });
    if (saved.ok) expect([...saved.value.tags].sort()).toEqual([...patch.tags].sort());
  });

  it.each([
    ['name', { name: 'n'.repeat(HISTORY_LIMITS.name + 1) }, `must be at most ${HISTORY_LIMITS.name} characters`],
    ['tags', { tags: tags(HISTORY_LIMITS.tags + 1, 3) }, `must have at most ${HISTORY_LIMITS.tags} tags`],
    ['tags[0]', { tags: ['t'.repeat(HISTORY_LIMITS.tag + 1)] }, `must be at most ${HISTORY_LIMITS.tag} characters`],
    ['notes', { notes: 'x'.repeat(HISTORY_LIMITS.notes + 1) }, `at most ${HISTORY_LIMITS.notes} characters`],
  ])('refuses %s one past its limit at the edge, with nothing written', async (path, patch, message) => {
    const before = await lab.service.getRun(run.runId);
    const answer = await lab.service.updateRun(run.runId, patch);
    expect(answer).toMatchObject({ ok: false, code: 'invalid-input' });
    if (!answer.ok) expect(answer.issues).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(await lab.service.getRun(run.runId)).toEqual(before);
  });

  it('pages the list up to the store page size and no further', async () => {
    expect(await lab.service.listRuns({ limit: HISTORY_LIMITS.listPage })).toMatchObject({ ok: true, value: { total: 1 } });
    const over = await lab.service.listRuns({ limit: HISTORY_LIMITS.listPage + 1 });
    expect(over).toMatchObject({ ok: false, code: 'invalid-input', issues: [{ path: 'limit', message: `must be an integer from 1 to ${HISTORY_LIMITS.listPage}` }] });
  });
});
