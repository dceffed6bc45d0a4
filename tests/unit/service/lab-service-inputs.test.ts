// Every input is checked at the service edge with the shared schema: field-named issues as
// data, store errors mapped to their codes, never a throw across the contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLab, type LabFixture } from './lab-fixture.ts';

let lab: LabFixture;
beforeAll(() => {
  lab = openLab();
});
afterAll(async () => {
  await lab.cleanup();
});

describe('service inputs', () => {
  it('gives a bad spec field-named issues, the same from validateSpec and startRun', async () => {
    const bad = { workload: { kind: 'sleep', ms: 1 }, tasks: 4, models: ['threads'], concurrency: [0], tsks: 1 };
    const validated = await lab.service.validateSpec(bad);
    const started = await lab.service.startRun(bad);
    expect(validated).toEqual({
      ok: false,
      code: 'invalid-input',
      message: 'concurrency[0]: must be an integer from 1 to 512\ntsks: unknown field',
      issues: [
        { path: 'concurrency[0]', message: 'must be an integer from 1 to 512' },
        { path: 'tsks', message: 'unknown field' },
      ],
    });
    expect(started).toEqual(validated);
  });

  it('fills in the defaults of a good spec', async () => {
    const validated = await lab.service.validateSpec({ workload: { kind: 'sleep', ms: 1 }, tasks: 4, models: ['async'], concurrency: [2] });
    expect(validated.ok && validated.value).toMatchObject({ repetitions: 3, warmup: 1, order: 'interleaved' });
  });

  it.each([
    ['calibrate', 'kind', () => lab.service.calibrate({ kind: 'sleep', taskMs: 5 } as never)],
    ['calibrate', 'taskMs', () => lab.service.calibrate({ kind: 'primes', taskMs: -1 })],
    ['getRun', 'runId', () => lab.service.getRun(42 as never)],
    ['getRun', 'runId', () => lab.service.getRun('')],
    ['listRuns', 'limit', () => lab.service.listRuns({ limit: 0 })],
    ['listRuns', 'model', () => lab.service.listRuns({ model: 'fibers' } as never)],
    ['updateRun', 'name', () => lab.service.updateRun('x', { name: '  ' })],
    ['updateRun', 'colour', () => lab.service.updateRun('x', { colour: 'red' } as never)],
    ['compareRuns', 'runIds', () => lab.service.compareRuns(['only-one'])],
    ['exportRuns', 'format', () => lab.service.exportRuns({ runIds: ['a'], format: 'xml' } as never)],
    ['exportRuns', 'runIds', () => lab.service.exportRuns({ runIds: ['a', 'b'], format: 'trace' })],
    ['importRuns', 'content', () => lab.service.importRuns('')],
    ['cancelRun', 'runId', () => lab.service.cancelRun(undefined as never)],
  ])('%s refuses bad input naming %s', async (_method, field, call) => {
    const answer = await call();
    expect(answer).toMatchObject({ ok: false, code: 'invalid-input' });
    if (answer.ok) return;
    expect(answer.issues?.map((i) => i.path)).toContain(field);
    expect(answer.message).toContain(`${field}: `);
  });

  it('calibrates Python on the interpreter the request names, saying so when it is missing', async () => {
    const answer = await lab.service.calibrate({ kind: 'primes', taskMs: 2, runtime: 'python', executable: '/nonexistent/python3' });
    expect(answer).toMatchObject({ ok: false, code: 'unavailable' });
    if (!answer.ok) expect(answer.message).toContain('/nonexistent/python3');
  });

  it('maps the store not-found and import-failed errors to their codes', async () => {
    expect(await lab.service.getRun('no-such-run')).toMatchObject({ ok: false, code: 'not-found' });
    expect(await lab.service.updateRun('no-such-run', { name: 'x' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await lab.service.deleteRun('no-such-run')).toEqual({ ok: true, value: { deleted: false } });
    expect(await lab.service.importRuns('{"format": "concurrency-lab", "version": 1, "runs": [')).toMatchObject({ ok: false, code: 'import-failed' });
  });

  it('treats a missing filter as no filter', async () => {
    expect(await lab.service.listRuns()).toEqual({ ok: true, value: { runs: [], total: 0 } });
    expect(await lab.service.listRuns(null as never)).toEqual({ ok: true, value: { runs: [], total: 0 } });
  });
});
