// The code workload through the service: a syntax error or a missing entry point is
// refused at its line with nothing started; a run keeps its source and SHA-256, which
// survive export and import (a changed source is refused); compare warns when two runs
// ran different code; a backend that refuses code says why.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import type { RunOverview } from '../../../src-shared/result.ts';
import { createLabService } from '../../../src-main/service/lab-service.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { finished, openLab, type LabFixture } from './lab-fixture.ts';

const labs: LabFixture[] = [];
function lab(): LabFixture {
  const l = openLab();
  labs.push(l);
  return l;
}
afterEach(async () => {
  for (const l of labs.splice(0)) await l.cleanup();
});

function codeSpec(source: string, more: Partial<ExperimentInput> = {}): ExperimentInput {
  return { name: 'mine', workload: { kind: 'code', language: 'python', source }, tasks: 3, models: ['py-threading'], concurrency: [2], repetitions: 1, warmup: 0, ...more };
}

async function runToEnd(l: LabFixture, spec: ExperimentInput): Promise<RunOverview> {
  let runId: string | undefined;
  const end = finished(l.service, () => runId);
  const started = await l.service.startRun(spec);
  if (!started.ok) throw new Error(started.message);
  runId = started.value.runId;
  expect((await end).status).toBe('completed');
  const run = await l.service.getRun(runId);
  if (!run.ok) throw new Error(run.message);
  return run.value;
}

describe('starting a code run', () => {
  it('refuses a syntax error with its line and column, and starts nothing', async () => {
    const l = lab();
    const answer = await l.service.startRun(codeSpec('def task(i):\n    return (i\n'));
    expect(answer).toMatchObject({ ok: false, code: 'invalid-input' });
    if (answer.ok) return;
    expect(answer.issues).toEqual([{ path: 'workload.source', message: expect.stringMatching(/^task\.py:2:12: SyntaxError: '\(' was never closed$/) }]);
    expect(l.events).toEqual([]);
    expect(await l.service.listRuns()).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('refuses py-asyncio when the code has no task_async, naming the model', async () => {
    const answer = await lab().service.startRun(codeSpec('def task(i):\n    return i\n', { models: ['py-threading', 'py-asyncio'] }));
    expect(answer).toMatchObject({
      ok: false,
      code: 'invalid-input',
      issues: [{ path: 'models[1]', message: 'py-asyncio runs async def task_async(i), and task.py has none' }],
    });
  });
});

describe('a code run in history', () => {
  it('keeps the source and its SHA-256 through export and import, and refuses a changed source', async () => {
    const source = 'def task(i):\n    return sum(x * x for x in range(100))\n';
    const a = lab();
    const run = await runToEnd(a, codeSpec(source));
    expect(run.experiment.workload).toEqual({
      kind: 'code',
      language: 'python',
      source,
      sha256: createHash('sha256').update(source).digest('hex'),
    });
    const exported = await a.service.exportRuns({ runIds: [run.runId], format: 'json' });
    if (!exported.ok) throw new Error(exported.message);

    const b = lab();
    expect(await b.service.importRuns(exported.value.content)).toMatchObject({ ok: true, value: { imported: [run.runId] } });
    const back = await b.service.getRun(run.runId);
    expect(back.ok && back.value.experiment.workload).toEqual(run.experiment.workload);

    const c = lab();
    const tampered = exported.value.content.replace('range(100)', 'range(101)');
    expect(tampered).not.toBe(exported.value.content);
    const refused = await c.service.importRuns(tampered);
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.message).toMatch(/workload\.sha256: does not match the source/);
  });

  it('compare warns when two runs ran different code, and not when they ran the same', async () => {
    const l = lab();
    const one = await runToEnd(l, codeSpec('def task(i):\n    return i\n'));
    const same = await runToEnd(l, codeSpec('def task(i):\n    return i\n'));
    const other = await runToEnd(l, codeSpec('def task(i):\n    return i * 2\n'));
    const cmp = await l.service.compareRuns([one.runId, same.runId, other.runId]);
    if (!cmp.ok) throw new Error(cmp.message);
    const codeWarnings = cmp.value.warnings.filter((w) => /different code/.test(w));
    expect(codeWarnings).toHaveLength(1);
    expect(codeWarnings[0]).toContain(other.runId.slice(0, 8));
    expect(codeWarnings[0]).toMatch(/task\.py with SHA-256 [0-9a-f]{12}…, not task\.py with SHA-256 [0-9a-f]{12}…/);
  });
});

describe('a backend that refuses code', () => {
  it('says why on check, try and start, and runs nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-refuse-test-'));
    const store = LabStore.open(join(dir, 'lab.db'));
    const why = 'this server listens beyond loopback: start it with --allow-code to run code';
    const service = createLabService({ store, codeRefused: why });
    try {
      const req = { language: 'python' as const, source: 'def task(i):\n    return i\n' };
      expect(await service.checkCode(req)).toEqual({ ok: false, code: 'unavailable', message: why });
      expect(await service.tryCode(req)).toEqual({ ok: false, code: 'unavailable', message: why });
      expect(await service.startRun(codeSpec(req.source))).toEqual({ ok: false, code: 'unavailable', message: why });
      // Built-in workloads still run.
      expect(await service.validateSpec(codeSpec(req.source))).toMatchObject({ ok: true });
    } finally {
      await service.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
