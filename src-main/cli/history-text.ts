// How the history commands print: the run list, one run with its summary table and
// verdicts, and a comparison. Pure functions of the service's answers.
import type { CompareTest, Comparison, RunListItem, RunPage } from '../../src-shared/contract.ts';
import { explainRun, type ExplainContext } from '../../src-shared/explain-run.ts';
import { formatBytes, formatChange, formatDate, formatMs, formatSpeedup } from '../../src-shared/format.ts';
import type { RunOverview, RunResult } from '../../src-shared/result.ts';
import { renderLostUpdates } from './lost-updates-text.ts';
import { renderSummary } from './summary-table.ts';
import { renderTable } from './table.ts';
import { renderVerdicts } from './verdict-text.ts';

export function shortId(id: string): string {
  return id.slice(0, 8);
}

export function duration(run: { startedAt: string; endedAt?: string }): string {
  if (!run.endedAt) return '';
  const ms = Date.parse(run.endedAt) - Date.parse(run.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ` (${formatMs(ms)})` : '';
}

export function renderRunList(page: RunPage, offset: number): string {
  if (page.runs.length === 0) return page.total === 0 ? 'No runs match.' : `No runs past ${offset} (there are ${page.total}).`;
  const rows = page.runs.map((r: RunListItem) => [
    shortId(r.runId),
    formatDate(r.startedAt),
    r.name,
    `${r.workload} ×${r.tasks}`,
    r.models.join(','),
    r.concurrency.join(','),
    `${r.machine.hostname} (${r.machine.logicalCores})`,
    formatSpeedup(r.bestSpeedup),
    String(r.trialCount),
    r.status,
    r.tags.join(', '),
  ]);
  const table = renderTable(
    [
      { header: 'id' },
      { header: 'started' },
      { header: 'name' },
      { header: 'workload' },
      { header: 'models' },
      { header: 'k' },
      { header: 'machine (cores)' },
      { header: 'best', align: 'right' },
      { header: 'trials', align: 'right' },
      { header: 'status' },
      { header: 'tags' },
    ],
    rows,
  );
  const last = offset + page.runs.length;
  const more = last < page.total ? ` (next page: --offset ${last})` : '';
  return `${table}\n\nruns ${offset + 1}–${last} of ${page.total}${more}`;
}

export function renderRun(run: RunOverview | RunResult, context: ExplainContext = {}): string {
  const e = run.experiment;
  const m = run.machine;
  const workload = Object.entries(e.workload)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const lines = [
    `${run.name}`,
    `  id        ${run.runId}`,
    `  status    ${run.status}${run.error ? `: ${withoutStatus(run.error, run.status)}` : ''}`,
    `  started   ${formatDate(run.startedAt)}${duration(run)}`,
    `  workload  ${e.workload.kind} ${workload}, ${e.tasks} tasks per trial`,
    `  models    ${e.models.join(', ')} at k = ${e.concurrency.join(', ')}; ${e.repetitions} repetitions, ${e.warmup} warm-up, ${e.order}`,
    `  machine   ${m.hostname}: ${m.cpuModel}, ${m.logicalCores} logical cores, ${formatBytes(m.memoryBytes)}, ${m.os}, Node ${m.node}` +
      (m.python ? `, ${m.python.implementation} ${m.python.version}` : ''),
  ];
  if (run.tags?.length) lines.push(`  tags      ${run.tags.join(', ')}`);
  if (run.notes) lines.push(`  notes     ${run.notes.replaceAll('\n', '\n            ')}`);
  lines.push(`  trials    ${run.trials.length}`, '');
  lines.push(run.trials.length ? renderSummary(run) : 'No trial finished.');
  const verdicts = explainRun(run, context);
  if (verdicts.length) lines.push('', renderVerdicts(verdicts));
  const lost = renderLostUpdates(run);
  if (lost) lines.push('', lost);
  return lines.join('\n');
}

/** Older histories stored "interrupted: …" as the error of an interrupted run; the status line already says it. */
function withoutStatus(error: string, status: string): string {
  return error.startsWith(`${status}: `) ? error.slice(status.length + 2) : error;
}

function pValue(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** The last column of a compare row: what the test says, or why there is none. */
function verdict(t: CompareTest | null, median: number | null, first: number | null): string {
  if (t === null) return median === null ? 'missing' : first === null ? 'not in A' : '';
  if (t.significant) return t.note ? `significant ${t.note}` : 'significant';
  return t.note ?? 'within noise';
}

export function renderComparison(c: Comparison): string {
  const letter = (i: number) => String.fromCharCode(65 + i);
  const names = c.runs.map(
    (r, i) => `${letter(i)} = ${shortId(r.runId)} "${r.name}" (${formatDate(r.startedAt)}, ${r.machine.hostname})`,
  );
  const columns: { header: string; align?: 'left' | 'right' }[] = [
    { header: 'model' },
    { header: 'k', align: 'right' },
    { header: 'A median', align: 'right' },
  ];
  for (let i = 1; i < c.runs.length; i++) {
    const L = letter(i);
    columns.push(
      { header: `${L} median`, align: 'right' },
      { header: `${L} vs A`, align: 'right' },
      { header: 'Welch p', align: 'right' },
      { header: 'M-W p', align: 'right' },
      { header: `${L} faster in`, align: 'right' },
      { header: '' },
    );
  }
  const rows = c.cells.map((cell) => {
    const row = [cell.model, String(cell.concurrency), cell.medians[0] === null ? '—' : formatMs(cell.medians[0])];
    for (let i = 1; i < c.runs.length; i++) {
      const t = cell.tests[i];
      row.push(
        cell.medians[i] === null ? '—' : formatMs(cell.medians[i]!),
        formatChange(cell.changePct[i]),
        pValue(t?.welchP ?? null),
        pValue(t?.mannWhitneyP ?? null),
        t?.fasterInPct == null ? '—' : `${Math.round(t.fasterInPct)}% of pairs`,
        verdict(t, cell.medians[i], cell.medians[0]),
      );
    }
    return row;
  });
  const lines = [
    ...names,
    '',
    renderTable(columns, rows),
    '',
    'significant: p < 0.05 by Welch’s t-test or Mann–Whitney U on the ok repetitions.',
  ];
  const diff = Object.entries(c.machineDiff);
  if (diff.length) {
    lines.push('', 'Machines differ:');
    for (const [field, values] of diff) {
      lines.push(`  ${field}: ${values.map((v, i) => `${letter(i)} ${v ?? '—'}`).join(', ')}`);
    }
  }
  if (c.warnings.length) {
    lines.push('', 'Warnings:');
    for (const w of c.warnings) lines.push(`  ! ${w}`);
  }
  return lines.join('\n');
}
