// The `threads` model: a pool of k worker_threads, one task at a time each.
import { threadPool } from '../pools/thread-pool.ts';
import type { ModelRunner } from '../types.ts';
import { processPeakRss } from './outcome.ts';
import { runPooledTrial } from './pooled-trial.ts';

export const runThreads: ModelRunner = (ctx) =>
  runPooledTrial(ctx, {
    name: 'threads',
    create: (c, init) => threadPool(c.concurrency, init),
    // Threads share this process's memory: its peak is the trial's.
    peakRss: () => processPeakRss(),
  });
