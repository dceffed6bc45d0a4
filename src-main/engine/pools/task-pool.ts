// The parent side of a pool: starts k members (threads or processes, behind
// ChildHandle), hands each one task at a time and the next when it reports back,
// and turns every fault (a task's error, a member's exit, a timeout, an abort)
// into an end of the run instead of an exception.
import { SpanTable } from '../../../src-shared/span-table.ts';
import { msBetween, nowNs } from '../clock.ts';
import type { ChildHandle } from '../types.ts';
import type { FromWorker, TaskDone, ToWorker } from './protocol.ts';

export type InitMessage = Extract<ToWorker, { type: 'init' }>;

export interface PoolOptions {
  size: number;
  init: InitMessage;
  spawn(index: number): ChildHandle;
  /** How members are named in error messages. */
  label: 'thread' | 'process';
}

export type PoolEnd = { status: 'ok' } | { status: 'failed' | 'timeout'; error: string } | { status: 'cancelled' };

export interface PoolRunOptions {
  signal: AbortSignal;
  /** A task running longer than this ends the run with status 'timeout'. */
  timeoutMs: number;
  /** Where the run's spans go (default: a table of its own, returned in PoolRun.spans). */
  spans?: SpanTable;
  /** Called after each finished task's span is added to the table (row: its index there). */
  onSpan?(row: number): void;
}

export interface PoolRun {
  end: PoolEnd;
  /** First dispatch, on the shared clock. */
  t0: bigint;
  /** Last completion as the parent received it, or the moment the run stopped. */
  tEnd: bigint;
  /** One row per finished task, in the order they reported back: kept as columns, never as objects. */
  spans: SpanTable;
}

export interface PoolUsage {
  /** CPU time of the members that reported it, from their ready handshake to the end. */
  cpuUs: number;
  /** Sum of the members' own peak RSS (meaningful for processes; threads share their process's). */
  maxRssBytes: number;
  /** Shared workload: each member's counter as it reported it, by member index (undefined: no answer). */
  counts: (number | undefined)[];
  /** Context switches of the members' task threads, summed; undefined when any member could not say. */
  switches?: { voluntary: number; involuntary: number };
}

interface Member {
  index: number;
  handle?: ChildHandle;
  pid?: number;
  thread?: number;
  ready: boolean;
  /** The task it is running, -1 when idle. */
  task: number;
  sentNs: bigint;
  gone: boolean;
  usage?: { cpuUs: number; maxRssBytes: number; count?: number; switches?: { voluntary: number; involuntary: number } };
}

/** Starting a pool waits at least this long for every ready handshake, whatever the task timeout. */
const MIN_START_CAP_MS = 30_000;
const STATS_CAP_MS = 1_000;
const EXIT_CAP_MS = 2_000;

const ABORTED: PoolEnd = { status: 'cancelled' };

export class TaskPool {
  readonly size: number;
  /** Spawn of the first member to the last ready handshake. */
  startupMs = 0;
  private readonly options: PoolOptions;
  private readonly members: Member[] = [];
  private closing = false;
  /** Ends the phase in progress (start or run); undefined between phases. */
  private finish: ((end: PoolEnd) => void) | undefined;
  /** A fault that came between phases, reported by the next one. */
  private pending: PoolEnd | undefined;
  private readyCount = 0;
  private onReadyAll: (() => void) | undefined;
  private onUsage: (() => void) | undefined;
  private onGone: (() => void) | undefined;
  private onDone: ((member: Member, done: TaskDone) => void) | undefined;

  constructor(options: PoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError('size must be a positive integer');
    this.options = options;
    this.size = options.size;
  }

  /** Spawns every member and resolves when all are ready ({ status: 'ok' }) or the start failed. */
  start(signal: AbortSignal, timeoutMs: number): Promise<PoolEnd> {
    return this.phase(signal, Math.max(timeoutMs, MIN_START_CAP_MS), 'the pool did not start', (end) => {
      const spawnedNs = nowNs();
      this.onReadyAll = () => {
        this.startupMs = msBetween(spawnedNs, nowNs());
        end({ status: 'ok' });
      };
      for (let index = 0; index < this.size && !this.pending; index++) {
        const member: Member = { index, ready: false, task: -1, sentNs: 0n, gone: false };
        this.members.push(member);
        try {
          member.handle = this.options.spawn(index);
        } catch (error) {
          member.gone = true;
          end({ status: 'failed', error: `${this.options.label} worker ${index} could not be started: ${(error as Error).message}` });
          return;
        }
        member.pid = member.handle.pid;
        member.handle.onMessage((message) => this.receive(member, message as FromWorker));
        member.handle.onExit((code, sig, error) => this.exited(member, code, sig, error));
        member.handle.send(this.options.init);
      }
    });
  }

  /** Runs tasks 0..tasks-1, each member one at a time, until all are done or the run ends early. */
  async run(tasks: number, options: PoolRunOptions): Promise<PoolRun> {
    const spans = options.spans ?? new SpanTable(tasks);
    const t0 = nowNs();
    let tEnd = t0;
    let next = 0;
    let done = 0;
    const timeoutNs = BigInt(Math.round(options.timeoutMs * 1e6));
    let watchdog: ReturnType<typeof setInterval> | undefined;
    const end = await this.phase(options.signal, Infinity, '', (finish) => {
      const dispatch = (member: Member) => {
        member.task = next++;
        member.sentNs = nowNs();
        member.handle!.send(member.task);
      };
      this.onDone = (member, [task, startNs, endNs, cpu, runUs, waitUs]) => {
        const receivedNs = nowNs();
        member.task = -1;
        const row = spans.add(task, member.index, msBetween(t0, startNs), msBetween(t0, endNs));
        spans.set('pid', row, member.pid);
        spans.set('thread', row, member.thread);
        if (cpu >= 0) spans.set('cpu', row, cpu);
        if (runUs >= 0) spans.set('runMs', row, runUs / 1e3);
        if (waitUs >= 0) spans.set('waitMs', row, waitUs / 1e3);
        // The two hand-offs the parent pays per task: its message there, and the answer back.
        spans.set('handoffInMs', row, msBetween(member.sentNs, startNs));
        spans.set('handoffOutMs', row, msBetween(endNs, receivedNs));
        options.onSpan?.(row);
        if (++done === tasks) {
          tEnd = nowNs();
          finish({ status: 'ok' });
        } else if (next < tasks) dispatch(member);
      };
      if (tasks <= 0) return finish({ status: 'ok' });
      for (let i = 0; i < this.size && next < tasks; i++) dispatch(this.members[i]);
      // One timer for the whole pool, not one per task: dispatch stays cheap.
      watchdog = setInterval(() => {
        const now = nowNs();
        for (const m of this.members) {
          if (m.task >= 0 && now - m.sentNs > timeoutNs) {
            finish({
              status: 'timeout',
              error: `task ${m.task} ran over the ${options.timeoutMs} ms timeout on ${this.describe(m)}`,
            });
            return;
          }
        }
      }, Math.min(250, Math.max(5, options.timeoutMs / 10)));
    });
    clearInterval(watchdog);
    this.onDone = undefined;
    if (end.status !== 'ok') tEnd = nowNs();
    return { end, t0, tEnd, spans };
  }

  /**
   * Ends every member and resolves once all are gone. With `usage`, first asks the
   * idle, live members for their CPU time and peak RSS (a busy one cannot answer).
   */
  async close(usage: boolean): Promise<PoolUsage> {
    this.closing = true;
    this.finish?.(ABORTED);
    const live = () => this.members.filter((m) => !m.gone && m.handle);
    if (usage) {
      const asked = live().filter((m) => m.ready && m.task < 0);
      if (asked.length > 0) {
        await this.until(STATS_CAP_MS, (resolve) => {
          this.onUsage = () => {
            if (asked.every((m) => m.usage || m.gone)) resolve();
          };
          for (const m of asked) m.handle!.send({ type: 'stats' });
        });
      }
    }
    await this.until(EXIT_CAP_MS, (resolve) => {
      this.onGone = () => {
        if (live().length === 0) resolve();
      };
      this.onGone();
      for (const m of live()) m.handle!.kill();
    });
    let cpuUs = 0;
    let maxRssBytes = 0;
    let switches: PoolUsage['switches'] = { voluntary: 0, involuntary: 0 };
    for (const m of this.members) {
      cpuUs += m.usage?.cpuUs ?? 0;
      maxRssBytes += m.usage?.maxRssBytes ?? 0;
      const s = m.usage?.switches;
      if (s && switches) switches = { voluntary: switches.voluntary + s.voluntary, involuntary: switches.involuntary + s.involuntary };
      else switches = undefined;
    }
    return { cpuUs, maxRssBytes, counts: this.members.map((m) => m.usage?.count), ...(switches ? { switches } : {}) };
  }

  private receive(member: Member, message: FromWorker): void {
    if (Array.isArray(message)) {
      this.onDone?.(member, message);
      return;
    }
    switch (message.type) {
      case 'ready':
        member.ready = true;
        member.pid = message.pid;
        member.thread = message.thread;
        if (++this.readyCount === this.size) this.onReadyAll?.();
        return;
      case 'error':
        member.task = -1;
        this.fail({
          status: 'failed',
          error:
            message.task < 0
              ? `${this.describe(member)} could not start: ${message.message}`
              : `task ${message.task} failed on ${this.describe(member)}: ${message.message}`,
        });
        return;
      case 'stats':
        member.usage = {
          cpuUs: message.cpuUs,
          maxRssBytes: message.maxRssBytes,
          count: message.count,
          ...(message.switches ? { switches: message.switches } : {}),
        };
        this.onUsage?.();
        return;
      case 'calibrated':
        return;
    }
  }

  private exited(member: Member, code: number | null, signal: string | null, error?: Error): void {
    member.gone = true;
    if (this.closing) {
      this.onUsage?.();
      this.onGone?.();
      return;
    }
    const how = signal ? `was killed by signal ${signal}` : `exited with code ${code}`;
    const when = member.task >= 0 ? ` while running task ${member.task}` : member.ready ? '' : ' before it was ready';
    const why = error?.message ? `: ${error.message}` : '';
    this.fail({ status: 'failed', error: `${this.describe(member)} ${how}${when}${why}` });
  }

  private describe(member: Member): string {
    const where = this.options.label === 'process' ? `pid ${member.pid ?? '?'}` : `thread ${member.thread ?? '?'}`;
    return `${this.options.label} worker ${member.index} (${where})`;
  }

  private fail(end: PoolEnd): void {
    if (this.finish) this.finish(end);
    else this.pending ??= end;
  }

  /** One phase: resolves with the first end reported by `body`, a fault, an abort or the cap. */
  private phase(signal: AbortSignal, capMs: number, capMessage: string, body: (end: (e: PoolEnd) => void) => void): Promise<PoolEnd> {
    return new Promise<PoolEnd>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => end(ABORTED);
      const end = (e: PoolEnd) => {
        if (this.finish !== end) return;
        this.finish = undefined;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(e);
      };
      this.finish = end;
      if (this.pending) return end(this.pending);
      if (signal.aborted) return end(ABORTED);
      signal.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(capMs)) {
        timer = setTimeout(() => end({ status: 'timeout', error: `${capMessage} within ${capMs} ms` }), capMs);
      }
      body(end);
      if (this.pending) end(this.pending);
    });
  }

  /** Resolves when `body` calls back, or after capMs at the latest. */
  private until(capMs: number, body: (resolve: () => void) => void): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, capMs);
      body(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
