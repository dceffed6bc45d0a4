// The `threads` model: a pool of k worker_threads, one task at a time each.
import { threadPool } from '../pools/thread-pool.ts';
import type { ModelRunner } from '../types.ts';
import { startPeakRss } from './outcome.ts';
import { runPooledTrial } from './pooled-trial.ts';

export const runThreads: ModelRunner = (ctx) => {
  // Threads share this process's memory: its peak over the trial (pool start-up included) is the trial's.
  const peakRss = startPeakRss();
  return runPooledTrial(ctx, {
    name: 'threads',
    create: (c, init) => threadPool(c.concurrency, init),
    peakRss,
  });
};
