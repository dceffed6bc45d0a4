// The `processes` model: a pool of k child processes (through ctx.launcher), one task at a time each.
import { processPool } from '../pools/process-pool.ts';
import type { ModelRunner } from '../types.ts';
import { runPooledTrial } from './pooled-trial.ts';

export const runProcesses: ModelRunner = (ctx) =>
  runPooledTrial(ctx, {
    name: 'processes',
    create: (c, init) => processPool(c.concurrency, init, c.launcher),
    // Each child has its own memory: the pool's footprint is the sum of their peaks.
    peakRss: (membersMaxRss) => membersMaxRss || undefined,
  });
