// Every method of the contract, through the real browser-mode server and the renderer's
// loopback client, against the real engine and a real temporary database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_METHODS, type LabApi, type LabMethod } from '../../../src-shared/contract.ts';
import type { ProgressEvent, RunResult } from '../../../src-shared/result.ts';
import { startServer, type RunningServer } from '../../../src-main/server/index.ts';
import { createLoopbackClient } from '../../../src-renderer/backend/loopback-client.ts';
import { finished, openLab, TINY, type LabFixture } from '../service/lab-fixture.ts';

let lab: LabFixture;
let server: RunningServer;
let client: LabApi;
const heard: ProgressEvent[][] = [];
let stopListening: () => void;
const covered = new Set<LabMethod>();

function unwrap<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result.value;
}

/** Runs TINY through the client, returning the saved run with its spans (read from the history itself: getRun has none). */
async function runTiny(name: string): Promise<RunResult> {
  let runId: string | undefined;
  const end = finished(client, () => runId);
  runId = unwrap(await client.startRun({ ...TINY, name })).runId;
  expect((await end).status).toBe('completed');
  const overview = unwrap(await client.getRun(runId));
  const run = lab.store.getRun(runId);
  expect(overview.trials.map((t) => t.spanCount)).toEqual(run.trials.map((t) => t.spans.length));
  return run;
}

beforeAll(async () => {
  lab = openLab();
  server = await startServer({ service: lab.service });
  // Node has no EventSource: the client reads the event stream with fetch.
  client = createLoopbackClient(server.origin, server.token, { EventSource: null });
  stopListening = client.onProgress((batch) => heard.push(batch));
  while (server.eventStreams === 0) await new Promise((r) => setTimeout(r, 10));
});

afterAll(async () => {
  stopListening();
  await server.close();
  await lab.cleanup();
  // Every request method was called at least once through the client.
  expect([...covered].sort()).toEqual([...LAB_METHODS].sort());
});

describe('the contract over loopback HTTP', () => {
  it('getMachine, listPresets, listModels describe this machine', async () => {
    covered.add('getMachine').add('listPresets').add('listModels');
    const machine = unwrap(await client.getMachine());
    expect(machine.logicalCores).toBeGreaterThan(0);
    expect(machine.fingerprint).toMatch(/\S/);
    const presets = unwrap(await client.listPresets());
    expect(presets.length).toBeGreaterThan(0);
    expect(presets[0]).toHaveProperty('spec');
    const models = unwrap(await client.listModels());
    expect(models.find((m) => m.model === 'threads')).toMatchObject({ available: true });
  });

  it('getCapacity says what memory and disk are free now', async () => {
    covered.add('getCapacity');
    const capacity = unwrap(await client.getCapacity());
    expect(capacity.freeMemoryBytes).toBeGreaterThan(0);
    expect(capacity.freeDiskBytes).toBeGreaterThan(0);
    expect(capacity.tempDir).toMatch(/\S/);
  });

  it('listInterpreters describes each working Python, the one the machine reports first', async () => {
    covered.add('listInterpreters');
    const interpreters = unwrap(await client.listInterpreters());
    expect(interpreters.length).toBeGreaterThan(0);
    for (const info of interpreters) {
      expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(info.executable).toMatch(/\S/);
      expect(info.gilEnabled === null || typeof info.gilEnabled === 'boolean').toBe(true);
      expect(typeof info.freeThreaded).toBe('boolean');
    }
    expect(new Set(interpreters.map((i) => i.executable)).size).toBe(interpreters.length);
    const machine = unwrap(await client.getMachine());
    expect(interpreters[0]).toEqual(machine.python);
  });

  it('calibrate sizes a CPU workload', async () => {
    covered.add('calibrate');
    const calibration = unwrap(await client.calibrate({ kind: 'primes', taskMs: 1 }));
    expect(calibration.params.n).toBeGreaterThan(1);
    expect(await client.calibrate({ kind: 'primes', taskMs: 0 })).toMatchObject({ ok: false, code: 'invalid-input' });
  });

  it('validateSpec fills defaults, or names the bad field', async () => {
    covered.add('validateSpec');
    expect(unwrap(await client.validateSpec(TINY))).toMatchObject({ tasks: 4, order: 'interleaved' });
    const bad = await client.validateSpec({ ...TINY, tasks: 0 });
    expect(bad).toMatchObject({ ok: false, code: 'invalid-input', issues: [{ path: 'tasks', message: 'must be an integer from 1 to 1000000' }] });
  });

  it('checkCode finds a syntax error at its line; tryCode runs task(0) in a worker', async () => {
    covered.add('checkCode').add('tryCode');
    const checked = unwrap(await client.checkCode({ language: 'javascript', source: 'export default function task(i) {\n  return i +;\n}\n' }));
    expect(checked).toMatchObject({ ok: false, problems: [{ line: 2, column: 13 }] });
    const tried = unwrap(await client.tryCode({ language: 'javascript', source: 'export default (i) => [i, 1, 2];\n' }));
    expect(tried).toMatchObject({ outcome: 'ok', result: '[ 0, 1, 2 ]' });
    expect(await client.tryCode({ language: 'cobol', source: 'x' } as never)).toMatchObject({ ok: false, code: 'invalid-input', issues: [{ path: 'language' }] });
  });

  it('startRun, getActiveRun and onProgress: a run streams batched events and is saved', async () => {
    covered.add('startRun').add('getActiveRun');
    heard.length = 0;
    let runId: string | undefined;
    const end = finished(client, () => runId);
    runId = unwrap(await client.startRun(TINY)).runId;
    const active = unwrap(await client.getActiveRun());
    // Either still going or already done: never another run.
    if (active) expect(active.runId).toBe(runId);
    expect((await end).status).toBe('completed');
    expect(unwrap(await client.getActiveRun())).toBeNull();

    const events = heard.flat().filter((e) => e.runId === runId);
    expect(events[0].type).toBe('run-started');
    expect(events.at(-1)!.type).toBe('run-finished');
    expect(events.filter((e) => e.type === 'trial-finished')).toHaveLength(3);
    const streamedSpans = events.flatMap((e) => (e.type === 'tasks' ? e.spans : []));
    expect(streamedSpans).toHaveLength(12); // 3 trials × 4 tasks, none lost by batching
    expect(heard.every((batch) => Array.isArray(batch) && batch.length > 0)).toBe(true);

    const run = unwrap(await client.getRun(runId));
    expect(run.status).toBe('completed');
    expect(run.trials).toHaveLength(3);
    expect(run.summary.length).toBeGreaterThan(0);
  });

  it('cancelRun stops a running experiment and busy refuses a second one', async () => {
    covered.add('cancelRun');
    let runId: string | undefined;
    const end = finished(client, () => runId);
    runId = unwrap(await client.startRun({ ...TINY, name: 'to cancel', workload: { kind: 'sleep', ms: 200 }, tasks: 40 })).runId;
    expect(await client.startRun(TINY)).toMatchObject({ ok: false, code: 'busy' });
    expect(unwrap(await client.cancelRun(runId))).toEqual({ cancelled: true });
    expect((await end).status).toBe('cancelled');
    expect(unwrap(await client.getRun(runId)).status).toBe('cancelled');
  });

  it('listRuns, getRun, updateRun, deleteRun: the history', async () => {
    covered.add('listRuns').add('getRun').add('updateRun').add('deleteRun');
    const run = await runTiny('history one');
    const page = unwrap(await client.listRuns({ text: 'history one' }));
    expect(page.runs.map((r) => r.runId)).toEqual([run.runId]);
    expect(unwrap(await client.listRuns()).total).toBeGreaterThanOrEqual(3);

    const updated = unwrap(await client.updateRun(run.runId, { name: 'renamed', tags: ['baseline'], notes: 'quiet machine' }));
    expect(updated).toMatchObject({ name: 'renamed', tags: ['baseline'], notes: 'quiet machine' });
    expect(unwrap(await client.listRuns({ tag: 'baseline' })).runs.map((r) => r.runId)).toEqual([run.runId]);

    expect(unwrap(await client.deleteRun(run.runId))).toEqual({ deleted: true });
    expect(await client.getRun(run.runId)).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('getTrialSpans: the spans of a trial in a time window, over the wire', async () => {
    covered.add('getTrialSpans');
    const run = await runTiny('window');
    const trial = run.trials.find((t) => t.concurrency === 2)!;
    const end = Math.max(...trial.spans.map((s) => s.endMs));
    const all = unwrap(await client.getTrialSpans({ runId: run.runId, trialIndex: trial.index, startMs: 0, endMs: end + 1, pixels: 1_000_000 / 20 }));
    expect(all).toMatchObject({ trialIndex: trial.index, totalSpans: trial.spans.length, spansInWindow: trial.spans.length, lanes: 2 });
    expect(all.blocks.flatMap((b) => b.count).reduce((a, b) => a + b, 0)).toBe(trial.spans.length);
    expect(await client.getTrialSpans({ runId: run.runId, trialIndex: trial.index, startMs: 5, endMs: 5, pixels: 10 })).toMatchObject({
      ok: false,
      code: 'invalid-input',
      message: expect.stringContaining('endMs: must be after startMs'),
    });
    expect(await client.getTrialSpans({ runId: run.runId, trialIndex: 99, startMs: 0, endMs: 1, pixels: 10 })).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('compareRuns compares two runs cell by cell', async () => {
    covered.add('compareRuns');
    const a = await runTiny('compare a');
    const b = await runTiny('compare b');
    const comparison = unwrap(await client.compareRuns([a.runId, b.runId]));
    expect(comparison.runs.map((r) => r.runId)).toEqual([a.runId, b.runId]);
    expect(comparison.cells.map((c) => `${c.model}@${c.concurrency}`).sort()).toEqual(['sequential@1', 'threads@1', 'threads@2']);
    expect(await client.compareRuns([a.runId])).toMatchObject({ ok: false, code: 'invalid-input' });
  });

  it('exportRuns and importRuns: JSON, CSV and trace, and a round trip', async () => {
    covered.add('exportRuns').add('importRuns');
    const run = await runTiny('exchange');
    const json = unwrap(await client.exportRuns({ runIds: [run.runId], format: 'json' }));
    expect(json.mimeType).toMatch(/json/);
    const csv = unwrap(await client.exportRuns({ runIds: [run.runId], format: 'csv' }));
    expect(csv.content.trim().split('\n')).toHaveLength(1 + 3);
    const trace = unwrap(await client.exportRuns({ runIds: [run.runId], format: 'trace', trialIndex: 1 }));
    // The trial's tasks, one complete event each, on the shared clock of the run as the history keeps it.
    const traced = JSON.parse(trace.content) as { traceEvents: { ph: string; args: { task?: number } }[]; otherData: { run: string; trial: number } };
    const tasks = traced.traceEvents.filter((e) => e.ph === 'X');
    const trial = run.trials.find((t) => t.index === 1)!;
    expect(tasks.map((e) => e.args.task).sort((x, y) => x! - y!)).toEqual(trial.spans.map((s) => s.task).sort((x, y) => x - y));
    expect(tasks).toHaveLength(TINY.tasks);
    expect(traced.otherData).toMatchObject({ run: run.runId, trial: 1 });

    expect(unwrap(await client.importRuns(json.content))).toEqual({ imported: [], skipped: [run.runId] });
    unwrap(await client.deleteRun(run.runId));
    expect(unwrap(await client.importRuns(json.content))).toEqual({ imported: [run.runId], skipped: [] });
    unwrap(await client.getRun(run.runId));
    expect(lab.store.getRun(run.runId).trials.map((t) => t.spans)).toEqual(run.trials.map((t) => t.spans));
    expect(await client.importRuns('{"format": "concurrency-lab"')).toMatchObject({ ok: false, code: 'import-failed' });
  });

  it('studies: presets, validate, start with study progress on the stream, show, rename, export, cancel, delete', async () => {
    covered.add('listStudyPresets').add('validateStudy').add('startStudy').add('getActiveStudy').add('listStudies');
    covered.add('getStudy').add('updateStudy').add('exportStudy').add('cancelStudy').add('deleteStudy');
    expect(unwrap(await client.listStudyPresets()).map((p) => p.name)).toContain('classic-table-node');
    const study = { name: 'loopback study', base: { tasks: 4, models: ['async'], concurrency: [2], repetitions: 1, warmup: 0 }, vary: { axis: 'workload', values: [{ kind: 'sleep', ms: 1 }, { kind: 'sleep', ms: 2 }] } };
    expect(unwrap(await client.validateStudy(study)).members.map((m) => m.label)).toEqual(['sleep 1 ms', 'sleep 2 ms']);
    expect(await client.validateStudy({ ...study, vary: { axis: 'taskMs' } })).toMatchObject({ ok: false, code: 'invalid-input', issues: [{ path: 'vary.values' }, { path: 'vary.totalMs' }] });
    heard.length = 0;
    const { studyId } = unwrap(await client.startStudy(study));
    const active = unwrap(await client.getActiveStudy());
    if (active) expect(active.studyId).toBe(studyId);
    while (!heard.flat().some((e) => e.type === 'study-progress' && e.finished)) await new Promise((r) => setTimeout(r, 20));
    expect(heard.flat().filter((e) => e.type === 'run-started')).toHaveLength(2);
    expect(unwrap(await client.listStudies()).map((s) => s.studyId)).toContain(studyId);
    const saved = unwrap(await client.getStudy(studyId));
    expect(saved.members.map((m) => m.status)).toEqual(['completed', 'completed']);
    expect(unwrap(await client.updateStudy(studyId, { name: 'renamed study' })).name).toBe('renamed study');
    expect(unwrap(await client.exportStudy({ studyId, format: 'md' })).content).toMatch(/^# renamed study\n/);
    expect(unwrap(await client.cancelStudy(studyId))).toEqual({ cancelled: false });
    expect(unwrap(await client.deleteStudy(studyId))).toEqual({ deleted: true, runs: 2 });
    expect(await client.getStudy(studyId)).toMatchObject({ ok: false, code: 'not-found' });
  });
});
