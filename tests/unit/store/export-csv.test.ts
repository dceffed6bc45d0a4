import { afterAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { csvField } from '../../../src-main/store/export-csv.ts';
import { makeRun, recordRun, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A small RFC 4180 reader, to check the export parses back to the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

describe('CSV export', () => {
  it('writes one row per trial of every run, with the measured fields, quoted where needed', () => {
    const store = LabStore.open(tmp.file('csv.db'));
    const a = makeRun({ seed: 1, name: 'laptop, "quiet" run' });
    a.trials[1] = { ...a.trials[1], status: 'failed', error: 'line one\nline two, with "quotes"' };
    delete a.trials[2].peakRssBytes;
    const b = makeRun({ seed: 2, name: 'second' });
    recordRun(store, a);
    recordRun(store, b);
    const payload = store.exportRuns([a.runId, b.runId], 'csv');
    expect(payload.mimeType).toBe('text/csv');
    const rows = parseCsv(payload.content);
    expect(rows[0]).toEqual([
      'runId', 'name', 'trial', 'model', 'k', 'repetition', 'status', 'wallMs', 'startupMs', 'cpuMs', 'peakRssBytes', 'error',
      // The shared workload's columns, empty for any other (see shared-figures-kept.test.ts).
      'sharedMode', 'expected', 'observed', 'lost', 'modeWallMs', 'switchIntervalMs', 'sharedNote',
      'processorsUsed', 'statesOf', 'runningMs', 'waitingMs', 'blockedMs', 'measuredSpans',
      'handoffMedianMs', 'handoffP95Ms', 'voluntarySwitches', 'involuntarySwitches',
    ]);
    expect(rows).toHaveLength(1 + a.trials.length + b.trials.length);
    const t = a.trials[1];
    expect(rows[2]).toEqual([
      a.runId, 'laptop, "quiet" run', '1', t.model, String(t.concurrency), String(t.repetition), 'failed',
      String(t.wallMs), String(t.startupMs), String(t.cpuMs), String(t.peakRssBytes), 'line one\nline two, with "quotes"',
      '', '', '', '', '', '', '',
      String(t.cpuMs / t.wallMs), 'tasks', String(t.states!.runningMs), String(t.states!.waitingMs), String(t.states!.blockedMs),
      String(t.states!.measuredSpans), String(t.states!.handoffMs!.median), String(t.states!.handoffMs!.p95),
      String(t.states!.contextSwitches!.voluntary), String(t.states!.contextSwitches!.involuntary),
    ]);
    expect(rows[3][10]).toBe('');
    expect(rows.at(-1)![0]).toBe(b.runId);
    store.close();
  });

  it('quotes only what needs it and leaves missing numbers empty', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(NaN)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
  });
});
