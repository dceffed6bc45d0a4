// A shared-workload run's findings as the terminal shows them after the verdicts: one
// line per cell and mode, marked by what it found (x lost, + none lost, - not run or nothing shared).
import { describeShared, type SharedRule } from '../../src-shared/lost-updates.ts';
import type { RunResult } from '../../src-shared/result.ts';
import { wrap } from './verdict-text.ts';

const MARK: Record<SharedRule, string> = {
  'lost-updates': 'x',
  'none-lost-cooperative': '+',
  'none-lost-guarded': '+',
  'none-lost-by-luck': '!',
  'no-shared-memory': '-',
  'mode-unavailable': '-',
};
const WIDTH = 96;

export function renderLostUpdates(run: Pick<RunResult, 'machine'> & { trials: readonly Omit<RunResult['trials'][number], 'spans'>[] }): string {
  const findings = describeShared(run.trials, { pythonGil: run.machine.python?.gilEnabled });
  if (findings.length === 0) return '';
  const lines = ['Lost updates (shared state, counted in every trial):'];
  for (const f of findings) lines.push(`  ${MARK[f.rule]} ${wrap(f.text, WIDTH - 4, '    ').trimStart()}`);
  return lines.join('\n');
}
