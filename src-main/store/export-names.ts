// File names for exports: readable, safe on every filesystem, and unique per run.
import type { RunResult } from '../../src-shared/result.ts';

export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'run';
}

/** `cpu-bound-3f2a9c1e` for one run, `concurrency-lab-3-runs` for several. */
export function exportBaseName(runs: readonly Pick<RunResult, 'name' | 'runId'>[]): string {
  if (runs.length === 1) return `${slug(runs[0].name)}-${runs[0].runId.slice(0, 8)}`;
  return `concurrency-lab-${runs.length}-runs`;
}
