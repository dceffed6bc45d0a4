// A LabApi in memory for the store tests: the stores cannot tell it from the real
// backend, and a test drives the progress stream by hand with emit().
import type {
  ApiError, ApiResult, CalibrateRequest, Comparison, ExportRequest, LabApi, ModelAvailability, Preset, RunFilter, RunListItem, RunPatch,
  StartRunOptions, StudyPreset, StudyExportRequest, ActiveStudy,
  SpanBlocks, SpanWindow, SpanWindowRequest,
} from '../../../src-shared/contract.ts';
import { planStudy, type StudyPlan } from '../../../src-shared/study.ts';
import type { StudyListItem, StudyResult } from '../../../src-shared/study-result.ts';
import type { CodeCheckRequest, CodeCheckResult, CodeTryRequest, CodeTryResult } from '../../../src-shared/code-workload.ts';
import { validateExperiment } from '../../../src-shared/experiment.ts';
import type { MachineCapacity } from '../../../src-shared/resources.ts';
import { figuresOf, type MachineInfo, type ProgressEvent, type PythonInfo, type RunOverview, type RunResult, type Span, type SummaryRow, type TrialResult } from '../../../src-shared/result.ts';
import type { ModelName } from '../../../src-shared/models.ts';
import { validSpec } from '../helpers/specs.ts';

export const MACHINE: MachineInfo = {
  fingerprint: 'f00d', hostname: 'lab-host', cpuModel: 'Test CPU @ 3 GHz', logicalCores: 4, memoryBytes: 8 * 2 ** 30,
  os: 'Linux', platform: 'linux', arch: 'x64', kernel: '6.1.0', node: '24.0.0',
};

export function spans(n: number, workers: number, taskMs = 2): Span[] {
  return Array.from({ length: n }, (_, i) => {
    const w = i % workers;
    const start = Math.floor(i / workers) * taskMs;
    return { task: i, worker: w, startMs: start, endMs: start + taskMs - 0.1 };
  });
}

export function trial(index: number, model: ModelName, k: number, wallMs: number, extra: Partial<TrialResult> = {}): TrialResult {
  return {
    index, model, concurrency: k, repetition: 0, status: 'ok', wallMs, startupMs: 1, cpuMs: wallMs, offsetMs: index * 100,
    spans: spans(8, k), ...extra,
  };
}

export function row(model: ModelName, k: number, speedup: number | null, extra: Partial<SummaryRow> = {}): SummaryRow {
  const median = speedup ? 100 / speedup : 100;
  return {
    model, runtime: model.startsWith('py-') ? 'python' : 'node', concurrency: k, trials: 5, failed: 0,
    wallMs: { median, mean: median, ci95: { low: median * 0.98, high: median * 1.02 }, min: median, max: median, stdev: 1 },
    startupMs: { median: 1 }, cpuMs: { median }, speedup, cpuShare: 1, idealSpeedup: Math.min(k, 4), efficiency: speedup === null ? null : speedup / Math.min(k, 4),
    throughput: 10, latencyMs: { p50: 1, p95: 2 }, noisy: false, ...extra,
  };
}

export function makeRun(runId: string, extra: Partial<RunResult> = {}): RunResult {
  const experiment = validSpec({ workload: { kind: 'primes', n: 1000 }, tasks: 8, models: ['sequential', 'threads'], concurrency: [1, 2] });
  return {
    version: 1, runId, name: `run ${runId}`, experiment, machine: MACHINE, status: 'completed',
    startedAt: '2026-01-02T03:04:05.000Z', endedAt: '2026-01-02T03:04:09.000Z',
    trials: [trial(0, 'sequential', 1, 40), trial(1, 'threads', 1, 41), trial(2, 'threads', 2, 21)],
    summary: [row('sequential', 1, 1), row('threads', 1, 0.98), row('threads', 2, 1.9)],
    utilization: [], ...extra,
  };
}

function listItem(r: RunResult): RunListItem {
  return {
    runId: r.runId, name: r.name, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, workload: r.experiment.workload.kind,
    tasks: r.experiment.tasks, models: r.experiment.models, concurrency: r.experiment.concurrency,
    machine: { fingerprint: r.machine.fingerprint, hostname: r.machine.hostname, cpuModel: r.machine.cpuModel, logicalCores: r.machine.logicalCores },
    bestSpeedup: Math.max(...r.summary.map((s) => s.speedup ?? 0)), trialCount: r.trials.length, tags: r.tags ?? [], notes: r.notes ?? '',
  };
}

type Call = { method: string; args: unknown[] };

export class FakeLab implements LabApi {
  calls: Call[] = [];
  runs = new Map<string, RunResult>();
  listeners = new Set<(events: ProgressEvent[]) => void>();
  activeRun: string | null = null;
  /** Set to make the next call of a method answer with this error. */
  failNext: Partial<Record<string, { code: ApiError['code']; message: string; issues?: { path: string; message: string }[] }>> = {};
  models: ModelAvailability[] = [
    { model: 'sequential', available: true }, { model: 'async', available: true }, { model: 'threads', available: true },
    { model: 'processes', available: true },
    { model: 'py-sequential', available: false, reason: 'python3 not found on PATH: install Python 3.10+' },
  ];
  interpreters: PythonInfo[] = [
    { executable: '/usr/bin/python3.11', version: '3.11.7', implementation: 'CPython', gilEnabled: null, freeThreaded: false },
    { executable: '/usr/bin/python3.13t', version: '3.13.1', implementation: 'CPython', gilEnabled: false, freeThreaded: true },
  ];
  presets: Preset[] = [
    { name: 'io-bound', title: 'IO-bound', description: 'sleeps', spec: { workload: { kind: 'sleep', ms: 5 }, tasks: 16, models: ['sequential', 'async'], concurrency: [1, 4] } },
  ];

  private answer<T>(method: string, args: unknown[], value: () => T): Promise<ApiResult<T>> {
    this.calls.push({ method, args });
    const fail = this.failNext[method];
    if (fail) {
      delete this.failNext[method];
      return Promise.resolve({ ok: false, ...fail });
    }
    return Promise.resolve({ ok: true, value: value() });
  }

  called(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  emit(...events: ProgressEvent[]): void {
    for (const l of this.listeners) l(events);
  }

  getMachine() { return this.answer('getMachine', [], () => MACHINE); }
  /** Plenty free unless a test says otherwise. */
  capacity: MachineCapacity = { logicalCores: 8, freeMemoryBytes: 16 * 1024 ** 3, freeDiskBytes: 100 * 1024 ** 3, tempDir: '/tmp' };
  getCapacity() { return this.answer('getCapacity', [], () => this.capacity); }
  listPresets() { return this.answer('listPresets', [], () => this.presets); }
  listModels() { return this.answer('listModels', [], () => this.models); }
  listInterpreters() { return this.answer('listInterpreters', [], () => this.interpreters); }
  calibrate(req: CalibrateRequest) { return this.answer('calibrate', [req], () => ({ params: { n: 123_456 }, measuredMs: req.taskMs * 1.02 })); }
  /** What checkCode and tryCode answer; tests set them. */
  codeCheck: CodeCheckResult = { ok: true, problems: [], has: { task: true, taskAsync: false, setup: false } };
  codeTry: CodeTryResult = { outcome: 'ok', ms: 12.5, result: '42' };
  checkCode(req: CodeCheckRequest) { return this.answer('checkCode', [req], () => this.codeCheck); }
  tryCode(req: CodeTryRequest) { return this.answer('tryCode', [req], () => this.codeTry); }
  validateSpec(spec: unknown): Promise<ApiResult<never>> {
    this.calls.push({ method: 'validateSpec', args: [spec] });
    const v = validateExperiment(spec);
    return Promise.resolve(v.ok ? { ok: true, value: v.value as never } : { ok: false, code: 'invalid-input', message: 'invalid spec', issues: v.issues });
  }
  startRun(spec: unknown, options?: StartRunOptions) {
    return this.answer('startRun', options ? [spec, options] : [spec], () => {
      this.activeRun = `run-${this.called('startRun').length}`;
      return { runId: this.activeRun };
    });
  }
  cancelRun(runId: string) { return this.answer('cancelRun', [runId], () => ({ cancelled: true })); }
  getActiveRun() {
    return this.answer('getActiveRun', [], () => (this.activeRun ? { runId: this.activeRun, name: 'active', startedAt: '2026-01-01T00:00:00.000Z' } : null));
  }
  onProgress(listener: (events: ProgressEvent[]) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  listRuns(filter?: RunFilter) {
    return this.answer('listRuns', [filter], () => {
      let all = [...this.runs.values()].map(listItem);
      if (filter?.text) all = all.filter((r) => r.name.includes(filter.text!));
      if (filter?.tag) all = all.filter((r) => r.tags.includes(filter.tag!));
      return { runs: all.slice(filter?.offset ?? 0, (filter?.offset ?? 0) + (filter?.limit ?? 50)), total: all.length };
    });
  }
  /** The run without its spans, as the backend answers (the timeline asks getTrialSpans for them). */
  getRun(runId: string): Promise<ApiResult<RunOverview>> {
    const r = this.runs.get(runId);
    if (!r) {
      this.calls.push({ method: 'getRun', args: [runId] });
      return Promise.resolve({ ok: false, code: 'not-found', message: `no run ${runId}` });
    }
    return this.answer('getRun', [runId], () => ({ ...r, trials: r.trials.map(figuresOf) }));
  }
  /** The trial's spans in the window, one block per span (the real backend merges narrow ones). */
  getTrialSpans(req: SpanWindowRequest): Promise<ApiResult<SpanWindow>> {
    const trial = this.runs.get(req.runId)?.trials.find((t) => t.index === req.trialIndex);
    if (!trial) {
      this.calls.push({ method: 'getTrialSpans', args: [req] });
      return Promise.resolve({ ok: false, code: 'not-found', message: `no trial ${req.trialIndex} in run ${req.runId}` });
    }
    return this.answer('getTrialSpans', [req], () => {
      const lanes = Math.max(0, ...trial.spans.map((s) => s.worker + 1));
      const blocks: SpanBlocks[] = Array.from({ length: lanes }, () => ({ startMs: [], endMs: [], count: [], task: [] }));
      const inWindow = trial.spans.filter((s) => s.endMs >= req.startMs && s.startMs <= req.endMs).sort((a, b) => a.startMs - b.startMs);
      for (const s of inWindow) {
        const b = blocks[s.worker];
        b.startMs.push(s.startMs);
        b.endMs.push(s.endMs);
        b.count.push(1);
        b.task.push(s.task);
      }
      return {
        runId: req.runId, trialIndex: req.trialIndex, startMs: req.startMs, endMs: req.endMs,
        resolutionMs: (req.endMs - req.startMs) / req.pixels, totalSpans: trial.spans.length, lanes,
        minStartMs: Math.min(...trial.spans.map((s) => s.startMs)), maxEndMs: Math.max(...trial.spans.map((s) => s.endMs)),
        spansInWindow: inWindow.length, blocks,
      };
    });
  }
  updateRun(runId: string, patch: RunPatch) {
    return this.answer('updateRun', [runId, patch], () => {
      const r = { ...this.runs.get(runId)!, ...patch };
      this.runs.set(runId, r);
      return listItem(r);
    });
  }
  deleteRun(runId: string) { return this.answer('deleteRun', [runId], () => ({ deleted: this.runs.delete(runId) })); }
  compareRuns(runIds: string[]) {
    return this.answer('compareRuns', [runIds], (): Comparison => ({
      runs: runIds.map((id) => { const r = this.runs.get(id)!; return { runId: id, name: r.name, startedAt: r.startedAt, machine: r.machine, experiment: r.experiment, summary: r.summary }; }),
      cells: [], machineDiff: {}, warnings: [],
    }));
  }
  exportRuns(req: ExportRequest) {
    return this.answer('exportRuns', [req], () => ({ fileName: `x.${req.format}`, mimeType: 'application/json', content: '{}' }));
  }
  importRuns(content: string) { return this.answer('importRuns', [content], () => ({ imported: [content.slice(0, 4)], skipped: [] })); }

  // Studies (issue 13): kept in memory; a test puts them in `studies`.
  studies = new Map<string, StudyResult>();
  listStudyPresets() { return this.answer('listStudyPresets', [], (): StudyPreset[] => []); }
  validateStudy(study: unknown) {
    const plan = planStudy(study);
    if (!plan.ok) return Promise.resolve<ApiResult<StudyPlan>>({ ok: false, code: 'invalid-input', message: plan.issues.map((i) => `${i.path}: ${i.message}`).join('\n'), issues: plan.issues });
    return this.answer('validateStudy', [study], () => plan.value);
  }
  startStudy(study: unknown, options?: StartRunOptions) { return this.answer('startStudy', [study, options], () => ({ studyId: 'study-1' })); }
  cancelStudy(studyId: string) { return this.answer('cancelStudy', [studyId], () => ({ cancelled: false })); }
  getActiveStudy() { return this.answer('getActiveStudy', [], (): ActiveStudy | null => null); }
  listStudies() {
    return this.answer('listStudies', [], (): StudyListItem[] =>
      [...this.studies.values()].map((st) => ({
        studyId: st.studyId, name: st.name, axis: st.axis, status: st.status, startedAt: st.startedAt, values: st.members.length,
        runs: st.members.filter((m) => m.runId).length, runIds: st.members.flatMap((m) => (m.runId ? [m.runId] : [])), hostname: st.machine?.hostname ?? null, tags: st.tags,
      })),
    );
  }
  getStudy(studyId: string) {
    const st = this.studies.get(studyId);
    if (!st) return Promise.resolve<ApiResult<StudyResult>>({ ok: false, code: 'not-found', message: `no study with id ${studyId}` });
    return this.answer('getStudy', [studyId], () => st);
  }
  updateStudy(studyId: string, patch: RunPatch) {
    const st = this.studies.get(studyId);
    if (!st) return Promise.resolve<ApiResult<StudyResult>>({ ok: false, code: 'not-found', message: `no study with id ${studyId}` });
    return this.answer('updateStudy', [studyId, patch], () => Object.assign(st, patch.name ? { name: patch.name } : {}, patch.tags ? { tags: patch.tags } : {}));
  }
  deleteStudy(studyId: string) { return this.answer('deleteStudy', [studyId], () => ({ deleted: this.studies.delete(studyId), runs: 0 })); }
  exportStudy(req: StudyExportRequest) { return this.answer('exportStudy', [req], () => ({ fileName: `study.${req.format}`, mimeType: 'text/plain', content: '' })); }
}
