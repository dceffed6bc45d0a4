// One trial on a pool (threads or processes): start the pool apart from the
// trial's clock, run the tasks, collect CPU and memory, end every member.
import type { InitMessage, TaskPool } from '../pools/task-pool.ts';
import { errorMessage } from '../pools/protocol.ts';
import { msBetween } from '../clock.ts';
import type { CounterReading, TrialContext, TrialOutcome } from '../types.ts';
import { readCount, sharedStateBuffer } from '../workloads/shared.ts';
import { endedEarly, usToMs } from './outcome.ts';
import { TableBatcher } from './span-batcher.ts';
import { SpanTable } from '../../../src-shared/span-table.ts';

export interface PoolKind {
  name: 'threads' | 'processes';
  create(ctx: TrialContext, init: InitMessage): TaskPool;
  /** Peak RSS of the trial, given the sum of what members reported about themselves. */
  peakRss(membersMaxRss: number): number | undefined;
}

export async function runPooledTrial(ctx: TrialContext, kind: PoolKind): Promise<TrialOutcome> {
  if (ctx.signal.aborted) return endedEarly('cancelled');

  // Shared workload: worker threads all get this trial's one buffer; processes cannot share
  // it (it would arrive as a copy), so each makes its own and reports its own count.
  const sharedState = ctx.workload.kind === 'shared' && kind.name === 'threads' ? sharedStateBuffer() : undefined;
  let pool: TaskPool;
  try {
    pool = kind.create(ctx, {
      type: 'init',
      workload: ctx.workload,
      env: { httpUrl: ctx.httpUrl, tmpDir: ctx.tmpDir, codePath: ctx.codePath, ...(sharedState ? { sharedState } : {}) },
      ...(ctx.fault ? { fault: ctx.fault } : {}),
      ...(ctx.measureWaits === false ? { measureWaits: false } : {}),
    });
  } catch (error) {
    return endedEarly('failed', `the ${kind.name} pool could not be created: ${errorMessage(error)}`);
  }
  try {
    const started = await pool.start(ctx.signal, ctx.timeoutMs);
    if (started.status !== 'ok') {
      await pool.close(false);
      return endedEarly(started.status, 'error' in started ? started.error : undefined, pool.startupMs);
    }
    // The trial's spans, as columns from the first task on; the live view gets small batches of them.
    const spans = new SpanTable(ctx.tasks);
    const batcher = new TableBatcher(spans, (batch) => ctx.onSpans(batch));
    const run = await pool.run(ctx.tasks, {
      signal: ctx.signal,
      timeoutMs: ctx.timeoutMs,
      spans,
      onSpan: () => batcher.added(),
    });
    batcher.flush();
    // A cancelled trial must end within a second: no waiting for usage figures.
    const usage = await pool.close(run.end.status !== 'cancelled');
    const peakRssBytes = kind.peakRss(usage.maxRssBytes);
    const counter = ctx.workload.kind !== 'shared' || run.end.status !== 'ok' ? undefined : readCounter(sharedState, usage.counts);
    if (counter === null) {
      return { ...endedEarly('failed', 'a process did not report its count of the shared workload'), wallMs: msBetween(run.t0, run.tEnd), startupMs: pool.startupMs, spans: run.spans };
    }
    return {
      status: run.end.status,
      wallMs: msBetween(run.t0, run.tEnd),
      startupMs: pool.startupMs,
      cpuMs: usToMs(usage.cpuUs),
      ...(peakRssBytes ? { peakRssBytes } : {}),
      ...('error' in run.end ? { error: run.end.error } : {}),
      ...(counter ? { counter } : {}),
      ...(usage.switches ? { contextSwitches: usage.switches } : {}),
      spans: run.spans,
    };
  } catch (error) {
    await pool.close(false).catch(() => {});
    return endedEarly('failed', `the ${kind.name} runner failed: ${errorMessage(error)}`);
  }
}

/** Threads: the one buffer they shared. Processes: each one's own count (null if one did not answer). */
function readCounter(sharedState: SharedArrayBuffer | undefined, counts: (number | undefined)[]): CounterReading | null {
  if (sharedState) return { observed: readCount(sharedState) };
  if (counts.some((c) => c === undefined)) return null;
  return { observed: null, perProcess: counts as number[] };
}
