// A study for the terminal: the classic table with its marks, or the break-even and
// CPU-share findings with their curves, from the same analysis the exports and the
// Study view use (src-shared/study-analysis.ts).
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import { formatDuration, formatEta, formatMs, formatPct } from '../../src-shared/format.ts';
import { MODEL_INFO } from '../../src-shared/models.ts';
import type { ProgressEvent } from '../../src-shared/result.ts';
import type { StudyAnalysis } from '../../src-shared/study-analysis.ts';
import { formatEstimate, MARK_TEXT, studyHeading } from '../../src-shared/study-report.ts';
import type { StudyListItem, StudyProgress, StudyResult } from '../../src-shared/study-result.ts';
import { renderTable } from './table.ts';
import { wrap } from './verdict-text.ts';

const num = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

export function renderStudy(study: StudyResult, analysis: StudyAnalysis): string {
  const out = [studyHeading(study), ''];
  if (study.error) out.push(`error: ${study.error}`, '');
  if (analysis.axis === 'workload') {
    const t = analysis.table;
    out.push(`The classic table, measured — CPU-bound: ${t.cpuLabel ?? '(none)'}; IO-bound: ${t.ioLabel ?? '(none)'}; medians [95% CI]`, '');
    const mark = (m: keyof typeof MARK_TEXT) => MARK_TEXT[m].split(' ')[0];
    out.push(
      renderTable(
        [
          { header: 'model' },
          { header: 'k', align: 'right' },
          { header: 'processors (CPU)', align: 'right' },
          { header: '' },
          { header: 'speedup CPU', align: 'right' },
          { header: '' },
          { header: 'speedup IO', align: 'right' },
          { header: '' },
          { header: 'start-up', align: 'right' },
          { header: '' },
        ],
        t.rows.map((r) => [
          MODEL_INFO[r.model].label,
          String(r.concurrency),
          formatEstimate(r.processors.measured),
          mark(r.processors.mark),
          formatEstimate(r.cpuSpeedup.measured, '×'),
          mark(r.cpuSpeedup.mark),
          formatEstimate(r.ioSpeedup.measured, '×'),
          mark(r.ioSpeedup.mark),
          formatEstimate(r.startupMs.measured, ' ms'),
          mark(r.startupMs.mark),
        ]),
      ),
      '',
      '✓ agrees with the classic table, ✗ disagrees, ? unclear (the interval straddles the line), — not judged (not measured, or nothing to judge it against). The claims:',
    );
    for (const r of t.rows) {
      out.push(`  ${MODEL_INFO[r.model].label}: switching ${r.switching}; processors ${r.processors.claim}; CPU-bound ${r.cpuSpeedup.claim}; IO-bound ${r.ioSpeedup.claim}; start-up ${r.startupMs.claim}.`);
      for (const [what, j] of [['processors', r.processors], ['CPU-bound', r.cpuSpeedup], ['IO-bound', r.ioSpeedup], ['start-up', r.startupMs]] as const) {
        if (j.mark === 'disagrees' || j.mark === 'unclear') out.push(wrap(`${MARK_TEXT[j.mark]} (${what}): ${j.why}`, 76, '    '));
      }
    }
  } else {
    const findings = analysis.axis === 'taskMs' ? analysis.breakEven.map((b) => `${b.sentence} ${b.explanation}`) : analysis.findings.map((f) => f.sentence);
    for (const f of findings) out.push(wrap(`• ${f}`, 78, '  '));
    out.push('');
    const show = analysis.axis === 'taskMs' ? formatMs : (x: number) => formatPct(x);
    const rows = analysis.curves.flatMap((c) =>
      c.points.map((p) => [
        MODEL_INFO[c.model].label,
        String(c.concurrency),
        show(p.requested),
        p.measured === null ? '—' : show(p.measured),
        `${num(p.y)}×`,
        p.low != null && p.high != null ? `${num(p.low)}–${num(p.high)}` : '—',
        p.ideal === null ? '—' : `${num(p.ideal)}×`,
        p.noisy ? 'noisy' : '',
      ]),
    );
    const axis = analysis.axis === 'taskMs' ? 'task' : 'CPU share';
    out.push(
      renderTable(
        [
          { header: 'model' },
          { header: 'k', align: 'right' },
          { header: `${axis} asked`, align: 'right' },
          { header: 'measured', align: 'right' },
          { header: 'speedup', align: 'right' },
          { header: '95% CI', align: 'right' },
          { header: 'ideal', align: 'right' },
          { header: '' },
        ],
        rows,
      ),
    );
  }
  out.push('', 'runs:');
  for (const m of study.members) out.push(`  ${m.label.padEnd(16)} ${m.runId ? `${m.runId} (${m.status})` : 'not run'}${m.bounded ? ` — task count at its ${m.bounded === 'fewest' ? 'lower' : 'upper'} limit` : ''}`);
  return out.join('\n');
}

export function renderStudyList(studies: StudyListItem[]): string {
  if (studies.length === 0) return 'no studies saved yet (run one: concurrency-lab study run --preset classic-table-node)';
  return renderTable(
    [{ header: 'id' }, { header: 'started' }, { header: 'axis' }, { header: 'runs', align: 'right' }, { header: 'status' }, { header: 'name' }],
    studies.map((s) => [s.studyId.slice(0, 8), s.startedAt.replace('T', ' ').slice(0, 16), s.axis, `${s.runs}/${s.values}`, s.status, s.name + (s.tags.length ? ` [${s.tags.join(', ')}]` : '')]),
  );
}

/** One bar over the whole study on a terminal; a line per run, and every few seconds, on a pipe. */
export function createStudyProgress(stream: Writable, isTTY: boolean): { onEvent(e: ProgressEvent): void; stop(): void } {
  const describe = (e: StudyProgress) => (e.current ? `${e.current.label} (run ${Math.min(e.runsDone + 1, e.runsTotal)}/${e.runsTotal})` : e.finished ?? 'starting');
  if (isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: ' {bar} {pct}% | ETA {etaText} | {current}', barsize: 30, hideCursor: true, clearOnComplete: false, etaBuffer: 1, fps: 10 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onEvent(e) {
        if (e.type !== 'study-progress') return;
        const payload = { pct: String(Math.floor(e.fraction * 100)).padStart(3), etaText: formatEta(e.etaMs), current: describe(e) };
        if (!started) {
          bar.start(1000, 0, payload);
          started = true;
        }
        bar.update(Math.round(e.fraction * 1000), payload);
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let last = -Infinity;
  let lastLabel: string | undefined;
  return {
    onEvent(e) {
      if (e.type !== 'study-progress') return;
      const now = performance.now();
      const label = e.current?.label;
      if (label === lastLabel && now - last < 2000 && !e.finished) return;
      last = now;
      lastLabel = label;
      stream.write(`[${String(Math.floor(e.fraction * 100)).padStart(3)}%] ${describe(e)} · ETA ${formatEta(e.etaMs)}\n`);
    },
    stop() {},
  };
}

export function describeTook(ms: number): string {
  return ms < 60_000 ? formatMs(ms) : formatDuration(ms);
}
