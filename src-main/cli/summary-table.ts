// The table a finished run ends with: one line per (model, k) cell, in the order the
// cells ran, then the trials that went wrong.
import { cellsOf } from '../../src-shared/experiment.ts';
import type { RunResult, SummaryRow, TrialResult } from '../../src-shared/result.ts';
import { MODEL_INFO } from '../../src-shared/models.ts';
import { scalingFits } from '../../src-shared/scaling.ts';
import { beyondIdealReason, IDEAL_SPEEDUP_RULE, MIN_TRUSTED_TRIALS, NO_INTERVAL, NOISY_RELATIVE_HALF_WIDTH } from '../../src-shared/summary.ts';
import {
  formatCiHalfWidth,
  formatMs,
  formatPct,
  formatProcessors,
  formatRate,
  formatSpeedup,
  formatSpeedupInterval,
  formatStateShares,
} from '../../src-shared/format.ts';
import { renderTable } from './table.ts';

const MAX_ERRORS_SHOWN = 20;

function formatShares(shares: SummaryRow['stateShares']): string {
  return shares ? `${formatStateShares(shares)}${shares.scope === 'loop' ? '*' : ''}` : '—';
}

/** One line per concurrent model: its USL fit (σ, κ, the peak) or why there is none. */
export function renderScaling(result: { trials: readonly Omit<TrialResult, 'spans'>[] }): string[] {
  const lines: string[] = [];
  for (const { model, usl, amdahl } of scalingFits(result.trials)) {
    if (!usl.ok) {
      lines.push(`scaling of ${model}: no fit (${usl.reason}).`);
      continue;
    }
    const f = usl.fit;
    const peak =
      f.peakK === null ? 'no peak: more workers never slow it down' : `adding workers beyond ${f.peakK.toFixed(f.peakK < 10 ? 1 : 0)} slows this run down`;
    const serial = amdahl.ok ? `; Amdahl serial fraction ${amdahl.fit.sigma.toFixed(3)} ± ${amdahl.fit.sigmaSe.toFixed(3)}` : '';
    lines.push(
      `scaling of ${model} (USL, ${f.points} trials at ${f.levels} levels of k): σ = ${f.sigma.toFixed(3)} ± ${f.sigmaSe.toFixed(3)}, ` +
        `κ = ${f.kappa.toFixed(4)} ± ${f.kappaSe.toFixed(4)}; ${peak}${serial}.`,
    );
  }
  return lines.length ? ['', ...lines] : [];
}

/** Takes a run with or without its spans (the engine's result keeps none). */
export type SummaryInput = Pick<RunResult, 'experiment' | 'summary' | 'machine'> & { trials: readonly Omit<TrialResult, 'spans'>[] };

export function renderSummary(result: SummaryInput): string {
  const columns = [
    { header: 'model' },
    { header: 'k', align: 'right' as const },
    { header: 'median wall ± 95% CI', align: 'right' as const },
    { header: 'speedup', align: 'right' as const },
    { header: 'speedup 95% CI', align: 'right' as const },
    { header: 'processors', align: 'right' as const },
    { header: 'run/wait/blocked', align: 'right' as const },
    { header: 'efficiency', align: 'right' as const },
    { header: 'start-up', align: 'right' as const },
    { header: 'tasks/s', align: 'right' as const },
    { header: 'ok', align: 'right' as const },
    { header: 'failed', align: 'right' as const },
    { header: 'note' },
  ];
  const rows: string[][] = [];
  for (const cell of cellsOf(result.experiment)) {
    const row = result.summary.find((r) => r.model === cell.model && r.concurrency === cell.concurrency);
    const trials = result.trials.filter((t) => t.model === cell.model && t.concurrency === cell.concurrency);
    if (trials.length === 0) continue;
    if (!row) {
      const failed = trials.filter((t) => t.status === 'failed' || t.status === 'timeout').length;
      rows.push([cell.model, String(cell.concurrency), '—', '—', '—', '—', '—', '—', '—', '—', '0', String(failed), failed ? 'no trial finished' : 'cancelled']);
      continue;
    }
    const beyond = beyondIdealReason(row);
    rows.push([
      row.model,
      String(row.concurrency),
      // One trial has no spread: "—", not a zero-width interval.
      `${formatMs(row.wallMs.median)} ± ${formatCiHalfWidth(row)}`,
      formatSpeedup(row.speedup),
      formatSpeedupInterval(row.speedupCi95),
      formatProcessors(row.processorsUsed),
      formatShares(row.stateShares),
      formatPct(row.efficiency),
      formatMs(row.startupMs.median),
      formatRate(row.throughput),
      String(row.trials),
      String(row.failed),
      [row.noisy ? 'noisy' : '', beyond ?? ''].filter(Boolean).join('; '),
    ]);
  }
  const cores = result.machine.logicalCores;
  const shares = [...new Set(result.summary.map((r) => r.cpuShare).filter((f): f is number => f !== null))];
  const lines = [
    renderTable(columns, rows),
    '',
    'speedup: median wall of the sequential baseline / median wall of the cell; efficiency: speedup / ideal speedup,',
    `  ${IDEAL_SPEEDUP_RULE}; here c = ${cores}${shares.length ? `, f = ${shares.map((f) => f.toFixed(2)).join(' / ')}` : ''}.`,
    `noisy: fewer than ${MIN_TRUSTED_TRIALS} ok trials, or a 95% CI wider than ±${formatPct(NOISY_RELATIVE_HALF_WIDTH)} of the mean; ± —: ${NO_INTERVAL}.`,
    'start-up (measured apart from the wall):',
    ...[...new Set(result.summary.map((r) => r.model))].map((m) => `  ${m}: ${MODEL_INFO[m].startup}`),
    'speedup 95% CI: bootstrap over the repetitions of the cell and its baseline (—: the baseline itself, or one trial in the cell or its baseline:',
    '  one value has no spread to resample); processors: CPU time of all workers / wall.',
    'run/wait/blocked: shares of task time on a core / waiting for one / blocked (IO, sleeps, locks, the GIL); * = the event loop\'s thread.',
    ...renderScaling(result),
  ];

  const bad = result.trials.filter((t) => t.status === 'failed' || t.status === 'timeout');
  if (bad.length) {
    lines.push('', `Trials that failed (${bad.length}):`);
    for (const t of bad.slice(0, MAX_ERRORS_SHOWN)) {
      lines.push(`  #${t.index} ${t.model} k=${t.concurrency} rep ${t.repetition + 1}: ${t.status}: ${t.error ?? 'no message'}`);
    }
    if (bad.length > MAX_ERRORS_SHOWN) lines.push(`  … and ${bad.length - MAX_ERRORS_SHOWN} more (see --json)`);
  }
  return lines.join('\n');
}
