import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateExperiment } from '../../../src-shared/experiment.ts';
import { explainRun, type Verdict } from '../../../src-shared/explain-run.ts';
import { RESULT_VERSION, type RunResult } from '../../../src-shared/result.ts';
import { runCli } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-cli-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run', () => {
  it('runs a tiny spec, prints the summary table and writes the full result with --json', async () => {
    const spec = join(dir, 'tiny.json');
    writeFileSync(spec, JSON.stringify({ name: 'tiny', workload: { kind: 'sleep', ms: 1 }, tasks: 3, models: ['async', 'threads'], concurrency: [1, 2], repetitions: 1, warmup: 0 }));
    const out = join(dir, 'result.json');
    const r = await runCli(['run', spec, '--no-save', '--json', out]);
    expect(r.code, r.stderr).toBe(0);

    expect(r.stdout).toMatch(/^tiny: 5 trials \(0 warm-up\)/);
    expect(r.stdout).toMatch(/model\s+k\s+median wall ± 95% CI\s+speedup\s+speedup 95% CI\s+processors\s+run\/wait\/blocked\s+efficiency/);
    for (const row of [/^sequential\s+1\s/m, /^async\s+1\s/m, /^async\s+2\s/m, /^threads\s+1\s/m, /^threads\s+2\s/m]) expect(r.stdout).toMatch(row);
    expect(r.stdout).toMatch(/Completed in/);
    expect(r.stdout).not.toMatch(/Saved as run/);

    // Written trial by trial as the run went, it is still the document JSON.stringify makes,
    // byte for byte, and the spool beside it is gone.
    const text = readFileSync(out, 'utf8');
    const result = JSON.parse(text) as RunResult & { verdicts: Verdict[] };
    expect(text).toBe(`${JSON.stringify(result, null, 2)}
`);
    expect(readdirSync(dir).filter((f) => f.startsWith('result.json'))).toEqual(['result.json']);
    // The verdicts: in the file as explainRun makes them from the figures, and on screen after the table.
    const { verdicts, ...rest } = result;
    expect(verdicts).toEqual(JSON.parse(JSON.stringify(explainRun(rest))));
    expect(verdicts.map((v) => v.id)).toContain('headline');
    expect(r.stdout.indexOf('Verdicts:')).toBeGreaterThan(r.stdout.indexOf('median wall'));
    expect(r.stdout).toMatch(/^ {2}[+-] IO-bound work$/m);

    expect(result.version).toBe(RESULT_VERSION);
    expect(result.status).toBe('completed');
    expect(result.name).toBe('tiny');
    expect(validateExperiment(result.experiment).ok).toBe(true);
    expect(result.trials).toHaveLength(5);
    for (const t of result.trials) {
      expect(t.status).toBe('ok');
      expect(t.spans.map((s) => s.task).sort()).toEqual([0, 1, 2]);
    }
    expect(result.summary).toHaveLength(5);
    expect(result.summary[0]).toMatchObject({ model: 'sequential', concurrency: 1, speedup: 1 });
    // Wait states, hand-offs and diagnoses travel in the JSON with their evidence.
    const pooled = result.trials.find((t) => t.model === 'threads' && t.concurrency === 2)!;
    expect(pooled.states!.handoffMs!.median).toBeGreaterThanOrEqual(0);
    expect(pooled.spans.every((s) => s.handoffInMs !== undefined && s.handoffOutMs !== undefined)).toBe(true);
    expect(result.summary.find((row) => row.model === 'threads')!.processorsUsed).toBeGreaterThan(0);
    // Diagnoses travel among the verdicts, each with its evidence and a next step.
    for (const v of verdicts.filter((x) => x.next !== undefined)) expect(Object.keys(v.evidence).length).toBeGreaterThan(0);
    expect(result.machine.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof result.startedAt).toBe('string');
    expect(typeof result.endedAt).toBe('string');
  });

  it('saves the run to the database unless --no-save', async () => {
    const spec = join(dir, 'save.json');
    writeFileSync(spec, JSON.stringify({ workload: { kind: 'sleep', ms: 1 }, tasks: 2, models: ['threads'], concurrency: [1], repetitions: 1, warmup: 0 }));
    const db = join(dir, 'lab.db');
    const r = await runCli(['run', spec, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const id = /Saved as run ([0-9a-f-]{36}) in (.*)$/m.exec(r.stdout);
    expect(id?.[2]).toBe(db);

    const { LabStore } = await import('../../../src-main/store/index.ts');
    const store = LabStore.open(db);
    try {
      const saved = store.getRun(id![1]);
      expect(saved.status).toBe('completed');
      expect(saved.trials).toHaveLength(2);
    } finally {
      store.close();
    }
  });

  it('exits 1 when a trial failed, showing its error', async () => {
    // A task longer than timeoutMs fails its trial: real work, no injected fault.
    const spec = join(dir, 'timeout.json');
    writeFileSync(spec, JSON.stringify({ workload: { kind: 'sleep', ms: 300 }, tasks: 1, models: ['async'], concurrency: [1], repetitions: 1, warmup: 0, timeoutMs: 20 }));
    const r = await runCli(['run', spec, '--no-save']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Trials that failed \(2\):/);
    expect(r.stdout).toMatch(/#0 sequential k=1 rep 1: timeout: /);
  });
});
