// Results: a saved run loaded by id, its verdicts, the trial shown on the timeline,
// exports, and a stale answer never overwriting a newer one.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../src-shared/contract.ts';
import { figuresOf, type RunOverview } from '../../../src-shared/result.ts';
import { setBackend } from '../../../src-renderer/backend/index.ts';
import { useResultsStore } from '../../../src-renderer/src/stores/results.ts';
import { FakeLab, makeRun } from './fake-lab.ts';

let lab: FakeLab;

beforeEach(() => {
  lab = new FakeLab();
  lab.runs.set('a', makeRun('a'));
  lab.runs.set('b', makeRun('b', { status: 'cancelled' }));
  setBackend(lab);
  setActivePinia(createPinia());
});

describe('results store', () => {
  it('loads a run with its verdicts and picks the most parallel trial for the timeline', async () => {
    const res = useResultsStore();
    await res.load('a');
    expect(res.run?.runId).toBe('a');
    expect(res.verdicts.find((v) => v.id === 'headline')?.sentence).toContain('threads 1.9× faster than sequential with 2 workers');
    expect(res.trial?.index).toBe(2);
    res.selectTrial(0);
    expect(res.trial?.model).toBe('sequential');
    expect(res.spanCount).toBe(24);
  });

  it('says when a run does not exist', async () => {
    const res = useResultsStore();
    await res.load('nope');
    expect(res.run).toBeNull();
    expect(res.error).toMatch(/no run nope\. .*History/);
  });

  it('reads the spans of the shown trial a window at a time, or says why not', async () => {
    const res = useResultsStore();
    await res.load('a');
    const w = await res.trialSpans(2, 0, 1000, 800);
    expect(lab.called('getTrialSpans').at(-1)!.args[0]).toEqual({ runId: 'a', trialIndex: 2, startMs: 0, endMs: 1000, pixels: 800 });
    expect(typeof w === 'string' ? w : w.spansInWindow).toBe(lab.runs.get('a')!.trials[2].spans.length);
    expect(await res.trialSpans(99, 0, 1, 10)).toMatch(/no trial 99/);
  });

  it("asks for the shown trial's first window as soon as the run comes, and hands it to the timeline's first ask it shows", async () => {
    const res = useResultsStore();
    await res.load('a');
    // Before any timeline asked: the window around trial 2's wall (21 ms), half a view each side, at twice the page's detail.
    const primed = lab.called('getTrialSpans');
    expect(primed).toHaveLength(1);
    expect(primed[0].args[0]).toMatchObject({ runId: 'a', trialIndex: 2, startMs: 0, endMs: 31.5 });
    // The timeline's first ask, on a plot narrower than the page, is answered by it: no second request.
    const first = await res.trialSpans(2, 0, 31.5, 1200);
    expect(lab.called('getTrialSpans')).toHaveLength(1);
    expect(typeof first === 'string' ? first : first.trialIndex).toBe(2);
    // Taken once: the next ask goes to the backend, as does one for another trial.
    await res.trialSpans(2, 0, 31.5, 1200);
    expect(lab.called('getTrialSpans')).toHaveLength(2);
    await res.load('b');
    await res.trialSpans(0, 0, 60, 1200);
    expect(lab.called('getTrialSpans').at(-1)!.args[0]).toMatchObject({ runId: 'b', trialIndex: 0, pixels: 1200 });
  });

  it('keeps the newer run when an older answer arrives late', async () => {
    let release: (v: ApiResult<RunOverview>) => void = () => {};
    const original = lab.getRun.bind(lab);
    lab.getRun = (id: string) => (id === 'a' ? new Promise((r) => (release = r)) : original(id));
    const res = useResultsStore();
    const first = res.load('a');
    await res.load('b');
    const a = makeRun('a');
    release({ ok: true, value: { ...a, trials: a.trials.map(figuresOf) } });
    await first;
    expect(res.run?.runId).toBe('b');
    expect(res.verdicts[0].title).toBe('Run cancelled');
  });

  it('exports the run, and a trace of the trial on the timeline', async () => {
    const res = useResultsStore();
    await res.load('a');
    expect(await res.exportAs('json')).toMatchObject({ fileName: 'x.json' });
    await res.exportAs('trace');
    expect(lab.called('exportRuns').map((c) => c.args[0])).toEqual([
      { runIds: ['a'], format: 'json' },
      { runIds: ['a'], format: 'trace', trialIndex: 2 },
    ]);
    lab.failNext.exportRuns = { code: 'internal', message: 'no space' };
    expect(await res.exportAs('csv')).toBeNull();
    expect(res.exportError).toMatch(/no space/);
  });
});
