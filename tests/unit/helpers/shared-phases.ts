// What the Node and Python shared-state tests share: one mode's figures from a trial, and
// "repeat until an update is lost", bounded in time (a race is likely, never certain).
import type { SharedPhase } from '../../../src-shared/result.ts';
import type { SharedMode } from '../../../src-shared/shared-state.ts';
import type { TrialOutcome } from '../../../src-main/engine/types.ts';

export function phase(outcome: TrialOutcome, mode: SharedMode): SharedPhase {
  const p = outcome.shared?.find((x) => x.mode === mode);
  if (!p) throw new Error(`no ${mode} phase in ${JSON.stringify(outcome.shared)}`);
  return p;
}

/** Runs trials until one loses an update or the time is up; how many did, of how many. */
export async function untilLost(run: () => Promise<SharedPhase>, budgetMs: number): Promise<{ losing: number; trials: number }> {
  const deadline = Date.now() + budgetMs;
  let trials = 0;
  let losing = 0;
  while (Date.now() < deadline && losing === 0) {
    const p = await run();
    trials++;
    if (p.lost! > 0) losing++;
  }
  return { losing, trials };
}
