// The checks a run passes before it starts, as the service answers them to an in-process
// front end (the CLI): each refusal says which check refused it, a code file is found
// relative to the folder the caller names, and nothing starts or is written meanwhile.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLabService } from '../../../src-main/service/index.ts';
import { openLab, TINY } from './lab-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-check-run-'));
mkdirSync(join(dir, 'project'));
writeFileSync(join(dir, 'project', 'work.js'), 'export default async function task(i) {\n  return i;\n}\n');
writeFileSync(join(dir, 'project', 'sync.js'), 'export default function task(i) {\n  return i;\n}\n');
writeFileSync(join(dir, 'project', 'broken.js'), 'export default function task(i) {\n  return (i;\n}\n');
const service = createLabService({});
afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

const code = (file: string, models = ['sequential', 'async']) => ({ ...TINY, workload: { kind: 'code', language: 'javascript', file }, models });

describe('checkRun', () => {
  it('reads a relative code file from the folder given, and says whether task(i) is async', async () => {
    const answer = await service.checkRun(code('work.js'), { baseDir: join(dir, 'project') });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    if (!answer.ok) return;
    expect(answer.value.spec.workload).toMatchObject({ kind: 'code', file: 'work.js', source: expect.stringContaining('async function task') });
    expect(answer.value.taskIsAsync).toBe(true);
    const sync = await service.checkRun(code('sync.js'), { baseDir: join(dir, 'project') });
    expect(sync).toMatchObject({ ok: true, value: { taskIsAsync: false } });
  });

  it('without the folder, the same relative file is not found: the code check refuses it', async () => {
    expect(await service.checkRun(code('work.js'))).toMatchObject({ ok: false, code: 'invalid-input', stage: 'code', issues: [{ path: 'workload.file' }] });
  });

  it('names the check that refused: the spec, the machine, the interpreter, the code', async () => {
    expect(await service.checkRun({ ...TINY, tasks: 0 })).toMatchObject({ ok: false, code: 'invalid-input', stage: 'spec', issues: [{ path: 'tasks' }] });
    const years = { ...TINY, workload: { kind: 'primes', taskMs: 10_000 }, tasks: 100_000, repetitions: 100 };
    expect(await service.checkRun(years, { confirmed: true })).toMatchObject({ ok: false, code: 'invalid-input', stage: 'machine', issues: [{ path: 'tasks' }] });
    const large = { ...TINY, workload: { kind: 'sleep', ms: 1000 }, tasks: 1000, models: ['sequential'], concurrency: [1] };
    expect(await service.checkRun(large)).toMatchObject({ ok: false, code: 'needs-confirmation', stage: 'machine' });
    expect(await service.checkRun(large, { confirmed: true })).toMatchObject({ ok: true });
    const python = { ...TINY, models: ['py-threading'] };
    expect(await service.checkRun(python, { executable: '/nonexistent/python3' })).toMatchObject({
      ok: false,
      code: 'unavailable',
      stage: 'interpreter',
      issues: [{ path: 'models', message: expect.stringMatching(/^py-threading unavailable: /) }],
    });
    expect(await service.checkRun(code('broken.js'), { baseDir: join(dir, 'project') })).toMatchObject({ ok: false, stage: 'code', issues: [{ path: 'workload.file', message: expect.stringMatching(/broken\.js:2/) }] });
  });

  it('puts the interpreter asked for over the spec\'s own', async () => {
    const spec = { ...TINY, models: ['sequential'], python: { executable: '/from/the/spec' } };
    expect(await service.checkRun(spec, { executable: '/from/the/flag' })).toMatchObject({ ok: true, value: { spec: { python: { executable: '/from/the/flag' } } } });
  });
});

describe('runToEnd', () => {
  it('a history that cannot take the run refuses it at the history check, before it starts', async () => {
    const lab = openLab();
    try {
      lab.store.close();
      let started = false;
      const answer = await lab.service.runToEnd(TINY, { onStart: () => (started = true) });
      expect(answer).toMatchObject({ ok: false, stage: 'history' });
      expect(started).toBe(false);
    } finally {
      await lab.cleanup().catch(() => {});
    }
  });

  it('says when it starts, with the spec as it will run', async () => {
    const seen: string[] = [];
    const answer = await service.runToEnd(code('sync.js', ['sequential']), {
      save: false,
      baseDir: join(dir, 'project'),
      onStart: ({ runId, spec }) => seen.push(`start ${runId} ${spec.workload.kind === 'code' ? spec.workload.sha256?.length : ''}`),
      onEvent: (e) => seen.push(e.type),
    });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    if (!answer.ok) return;
    expect(seen[0]).toBe(`start ${answer.value.result.runId} 64`);
    expect(seen[1]).toBe('run-started');
  });

  it('the contract\'s startRun answers a plain ApiError, without the stage', async () => {
    const lab = openLab();
    try {
      const answer = await lab.service.startRun({ ...TINY, tasks: 0 });
      expect(answer).toMatchObject({ ok: false, code: 'invalid-input' });
      expect(answer).not.toHaveProperty('stage');
    } finally {
      await lab.cleanup();
    }
  });
});
