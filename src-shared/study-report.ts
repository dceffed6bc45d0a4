// A study as Markdown (for a report or an issue) and as CSV (for a spreadsheet): the
// classic table with its marks, or the curves with their crossovers. The CLI's `study
// show` and `study export`, and the Study view's export, all print these.
import type { Estimate, Judged, Mark } from './classic-table.ts';
import { formatMs, formatPct } from './format.ts';
import { MODEL_INFO } from './models.ts';
import type { StudyAnalysis } from './study-analysis.ts';
import type { StudyResult } from './study-result.ts';

export const MARK_TEXT: Record<Mark, string> = {
  agrees: '✓ agrees',
  disagrees: '✗ disagrees',
  unclear: '? unclear',
  // Not measured, or nothing to judge it against (start-up with no other kind of model).
  'not-measured': '— not judged',
};

const num = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

export function formatEstimate(e: Estimate | null, unit = ''): string {
  if (!e) return '—';
  return e.interval ? `${num(e.value)}${unit} [${num(e.interval.low)}–${num(e.interval.high)}]` : `${num(e.value)}${unit} [—]`;
}

/** Markdown cells may not hold a pipe or a line break. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function judgedCell(j: Judged, unit: string): string {
  return `${formatEstimate(j.measured, unit)} ${MARK_TEXT[j.mark]}`;
}

export function studyHeading(study: StudyResult): string {
  const ran = study.members.filter((m) => m.runId !== null).length;
  const where = study.machine ? `${study.machine.cpuModel}, ${study.machine.logicalCores} cores (${study.machine.hostname})` : 'no run yet';
  return `${study.name} — ${study.axis} study, ${ran} of ${study.members.length} values run, ${study.status}; ${where}`;
}

export function studyMarkdown(study: StudyResult, analysis: StudyAnalysis): string {
  const lines = [`# ${cell(study.name)}`, '', studyHeading(study), ''];
  if (analysis.axis === 'workload') {
    const t = analysis.table;
    lines.push(
      `The classic table, measured: CPU-bound work = ${t.cpuLabel ?? '(none)'}, IO-bound work = ${t.ioLabel ?? '(none)'}; ` +
        'figures are medians with their 95% intervals in brackets.',
      '',
      '| model | k | who decides when to switch | processors used (CPU-bound) | claim | speedup, CPU-bound | claim | speedup, IO-bound | claim | start-up | claim |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const r of t.rows) {
      lines.push(
        `| ${MODEL_INFO[r.model].label} | ${r.concurrency} | ${cell(r.switching)} | ${judgedCell(r.processors, '')} | ${cell(r.processors.claim)} | ` +
          `${judgedCell(r.cpuSpeedup, '×')} | ${cell(r.cpuSpeedup.claim)} | ${judgedCell(r.ioSpeedup, '×')} | ${cell(r.ioSpeedup.claim)} | ` +
          `${judgedCell(r.startupMs, ' ms')} | ${cell(r.startupMs.claim)} |`,
      );
    }
    const notes = t.rows.flatMap((r) =>
      ([['processors', r.processors], ['CPU-bound speedup', r.cpuSpeedup], ['IO-bound speedup', r.ioSpeedup], ['start-up', r.startupMs]] as const)
        .filter(([, j]) => j.mark === 'disagrees' || j.mark === 'unclear')
        .map(([what, j]) => `- ${MODEL_INFO[r.model].label}, ${what}: ${MARK_TEXT[j.mark]} — ${j.why}`),
    );
    if (notes.length) lines.push('', ...notes);
  } else if (analysis.axis === 'taskMs') {
    lines.push('## Break-even', '');
    for (const b of analysis.breakEven) lines.push(`- ${b.sentence} ${b.explanation}`);
    lines.push('', '| model | k | task (asked) | task (baseline measured) | speedup | 95% CI | ideal |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const c of analysis.curves) {
      for (const p of c.points) {
        const ci = p.low != null && p.high != null ? `${num(p.low)}–${num(p.high)}` : '—';
        lines.push(`| ${MODEL_INFO[c.model].label} | ${c.concurrency} | ${formatMs(p.requested)} | ${formatMs(p.measured)} | ${num(p.y)}× | ${ci} | ${p.ideal === null ? '—' : `${num(p.ideal)}×`} |`);
      }
    }
  } else {
    lines.push('## CPU share', '');
    for (const f of analysis.findings) lines.push(`- ${f.sentence}`);
    lines.push('', '| model | k | CPU share (asked) | CPU share (baseline measured) | speedup | 95% CI | ideal |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const c of analysis.curves) {
      for (const p of c.points) {
        const ci = p.low != null && p.high != null ? `${num(p.low)}–${num(p.high)}` : '—';
        lines.push(`| ${MODEL_INFO[c.model].label} | ${c.concurrency} | ${formatPct(p.requested)} | ${formatPct(p.measured)} | ${num(p.y)}× | ${ci} | ${p.ideal === null ? '—' : `${num(p.ideal)}×`} |`);
      }
    }
  }
  lines.push('', '## Runs', '');
  for (const m of study.members) lines.push(`- ${cell(m.label)}: ${m.runId ? `run ${m.runId} (${m.status})` : 'not run'}${m.bounded ? ` (task count at the ${m.bounded === 'fewest' ? 'lower' : 'upper'} limit: total work differs)` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** RFC 4180: quote a field holding a comma, a quote or a line break. */
function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (fields: (string | number | null | undefined)[]) => fields.map(csvField).join(',');

export function studyCsv(study: StudyResult, analysis: StudyAnalysis): string {
  const lines: string[] = [];
  if (analysis.axis === 'workload') {
    const judged = ['processors', 'cpu_speedup', 'io_speedup', 'startup_ms'] as const;
    lines.push(csvLine(['study_id', 'model', 'k', 'switching', ...judged.flatMap((j) => [`${j}_claim`, j, `${j}_low`, `${j}_high`, `${j}_mark`])]));
    for (const r of analysis.table.rows) {
      const cols = [r.processors, r.cpuSpeedup, r.ioSpeedup, r.startupMs].flatMap((j) => [
        j.claim,
        j.measured?.value,
        j.measured?.interval?.low,
        j.measured?.interval?.high,
        j.mark,
      ]);
      lines.push(csvLine([study.studyId, r.model, r.concurrency, r.switching, ...cols]));
    }
  } else {
    const x = analysis.axis === 'taskMs' ? 'task_ms' : 'cpu_share';
    lines.push(csvLine(['study_id', 'run_id', 'model', 'k', `${x}_asked`, `${x}_measured`, 'speedup', 'speedup_low', 'speedup_high', 'ideal', 'handoff_ms', 'startup_ms', 'processors_used', 'noisy']));
    for (const c of analysis.curves) {
      for (const p of c.points) {
        lines.push(csvLine([study.studyId, p.runId, c.model, c.concurrency, p.requested, p.measured, p.y, p.low, p.high, p.ideal, p.handoffMs, p.startupMs, p.processors, p.noisy ? 1 : 0]));
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
