// What both speedup charts (one run, several runs) plot from summary rows: the levels of
// k that concurrent models ran at, and each model's speedup points in order of k.
import { isSequential, type ModelName } from '../../../src-shared/models.ts';
import type { SummaryRow } from '../../../src-shared/result.ts';

/** The levels of k of the concurrent models, ascending, each once. */
export function speedupLevels(rows: readonly SummaryRow[]): number[] {
  return [...new Set(rows.filter((r) => !isSequential(r.model)).map((r) => r.concurrency))].sort((a, b) => a - b);
}

/** A model's measured speedups as {x: k, y: speedup}, ascending in k. */
export function speedupPoints(rows: readonly SummaryRow[], model: ModelName): { x: number; y: number }[] {
  return rows
    .filter((r) => r.model === model && r.speedup !== null)
    .map((r) => ({ x: r.concurrency, y: r.speedup! }))
    .sort((a, b) => a.x - b.x);
}
