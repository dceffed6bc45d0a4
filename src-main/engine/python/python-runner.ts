// The ModelRunner for every py-* model: one runner.py process per trial, its
// messages turned into a TrialOutcome. Every fault (no interpreter, a crash, a hang,
// garbage on stdout, cancellation) becomes an outcome; nothing is left running.
import { codeFileName } from '../../../src-shared/code-workload.ts';
import type { PythonModel } from '../../../src-shared/models.ts';
import type { Span } from '../../../src-shared/result.ts';
import { SpanTable } from '../../../src-shared/span-table.ts';
import type { ModelRunner, TrialContext, TrialOutcome } from '../types.ts';
import { DEFAULT_EXECUTABLE, detectPython } from './detect.ts';
import { parseRunnerLine, type RunnerMessage, type RunnerSpan, type RunnerWorker } from './protocol.ts';
import { describeExit, startRunner, withStderr, type RunnerProcess } from './runner-process.ts';

/** The runner sends a heartbeat every 0.5 s: this much silence beyond timeoutMs means it is stuck. */
const SILENCE_GRACE_MS = 3000;
/** On cancel, the runner gets this long to flush its spans and leave before the group is killed. */
const CANCEL_GRACE_MS = 250;

/** Tests watch the runner's processes through these; the lab itself needs none. */
export interface TrialHooks {
  /** The runner's pid as the OS gave it, before it has said anything. */
  onSpawn?(pid: number): void;
  onReady?(info: { pid: number; version: string; startMethod: string | null }): void;
  onStarted?(info: { t0Ns: number; workers: RunnerWorker[] }): void;
}

function roundUs(ms: number): number {
  return Math.round(ms * 1e3) / 1e3;
}

function msSince(t0Ns: number, ns: number): number {
  return roundUs((ns - t0Ns) / 1e6);
}

function toSpan(s: RunnerSpan, t0Ns: number): Span {
  return {
    task: s.task,
    worker: s.worker,
    startMs: msSince(t0Ns, s.startNs),
    endMs: msSince(t0Ns, s.endNs),
    ...(s.pid !== undefined ? { pid: s.pid } : {}),
    ...(s.thread !== undefined ? { thread: s.thread } : {}),
    ...(s.cpu !== undefined ? { cpu: s.cpu } : {}),
    ...(s.runNs !== undefined ? { runMs: nsToMs(s.runNs) } : {}),
    ...(s.waitNs !== undefined ? { waitMs: nsToMs(s.waitNs) } : {}),
    ...(s.handoffInNs !== undefined ? { handoffInMs: nsToMs(s.handoffInNs) } : {}),
    ...(s.handoffOutNs !== undefined ? { handoffOutMs: nsToMs(s.handoffOutNs) } : {}),
  };
}

function nsToMs(ns: number): number {
  return roundUs(ns / 1e6);
}

function clip(line: string, max = 200): string {
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export const runPythonTrial: ModelRunner = (ctx) => runPythonTrialWith(ctx);

export async function runPythonTrialWith(ctx: TrialContext, hooks: TrialHooks = {}): Promise<TrialOutcome> {
  // Kept as columns as the runner's batches arrive; each batch's objects go on to the live view only.
  const spans = new SpanTable(ctx.tasks);
  const outcome = (status: TrialOutcome['status'], error?: string): TrialOutcome => ({
    status,
    wallMs: 0,
    startupMs: 0,
    cpuMs: 0,
    spans,
    ...(error !== undefined ? { error } : {}),
  });
  if (ctx.signal.aborted) return outcome('cancelled');

  const executable = ctx.spec.python?.executable ?? DEFAULT_EXECUTABLE;
  const detected = await detectPython(executable);
  if (!detected.ok) return outcome('failed', detected.reason);
  if (ctx.signal.aborted) return outcome('cancelled');

  return new Promise<TrialOutcome>((resolve) => {
    let t0Ns: number | undefined;
    let startupMs = 0;
    // The first verdict wins: a result, an error message, a protocol breach, silence or cancellation.
    let verdict: TrialOutcome | undefined;
    let silence: NodeJS.Timeout | undefined;
    let cancelTimer: NodeJS.Timeout | undefined;

    const wallSoFar = () => (t0Ns === undefined ? 0 : Math.max(0, msSince(t0Ns, Number(process.hrtime.bigint()))));
    const decide = (status: TrialOutcome['status'], error?: string) => {
      if (verdict) return;
      verdict = { ...outcome(status, error), wallMs: wallSoFar(), startupMs };
    };

    const silenceMs = ctx.timeoutMs + SILENCE_GRACE_MS;
    const armSilence = () => {
      clearTimeout(silence);
      silence = setTimeout(() => {
        decide('timeout', `the Python runner gave no sign of life for ${silenceMs} ms (timeoutMs ${ctx.timeoutMs} + ${SILENCE_GRACE_MS} ms): ended it`);
        runner.killGroup();
      }, silenceMs);
    };

    const onMessage = (message: RunnerMessage) => {
      switch (message.type) {
        case 'ready':
          hooks.onReady?.({ pid: message.pid, version: message.version, startMethod: message.startMethod });
          return;
        case 'started':
          t0Ns = message.t0Ns;
          startupMs = roundUs(message.startupNs / 1e6);
          hooks.onStarted?.({ t0Ns: message.t0Ns, workers: message.workers });
          return;
        case 'spans': {
          if (t0Ns === undefined) return protocolBreach('spans before the trial started');
          const from = spans.length;
          for (const s of message.spans) spans.append(toSpan(s, t0Ns!));
          ctx.onSpans(spans.batch(from));
          return;
        }
        case 'progress':
          return;
        case 'result':
          if (verdict) return;
          verdict = {
            status: 'ok',
            wallMs: roundUs(message.wallNs / 1e6),
            startupMs: roundUs(message.startupNs / 1e6),
            cpuMs: roundUs(message.cpuNs / 1e6),
            ...(message.peakRssBytes !== null ? { peakRssBytes: message.peakRssBytes } : {}),
            ...(message.shared
              ? { counter: { observed: message.shared.observed, switchIntervalMs: roundUs(message.shared.switchIntervalS * 1e3) } }
              : {}),
            ...(message.switches ? { contextSwitches: message.switches } : {}),
            ...(message.loop
              ? {
                  loop: {
                    runMs: nsToMs(message.loop.cpuNs),
                    waitMs: message.loop.waitNs === null ? null : nsToMs(message.loop.waitNs),
                    wallMs: nsToMs(message.loop.wallNs),
                  },
                }
              : {}),
            spans,
          };
          runner.closeInput();
          return;
        case 'error':
          decide(message.kind === 'timeout' ? 'timeout' : 'failed', message.message);
          return;
        case 'calibration':
        case 'checked':
        case 'tried':
          return protocolBreach(`a ${message.type} answer to a trial request`);
      }
    };

    const protocolBreach = (what: string) => {
      decide('failed', `the Python runner printed something that is not protocol: ${what}`);
      runner.killGroup();
    };

    const onLine = (line: string) => {
      const message = parseRunnerLine(line);
      if (verdict) {
        // Decided already: only the spans the runner flushes on its way out still count.
        if (message?.type === 'spans') onMessage(message);
        return;
      }
      armSilence();
      if (!message) return protocolBreach(clip(line));
      onMessage(message);
    };

    const onAbort = () => {
      decide('cancelled');
      // Closing stdin asks the runner to flush its last spans and end its pool; the group kill makes sure.
      runner.closeInput();
      cancelTimer = setTimeout(() => runner.killGroup(), CANCEL_GRACE_MS);
    };

    // The interpreter detection found (sys.executable), not a launcher in front of it such as
    // pyenv's shim: the one the machine info names, and no shim to pay for on every trial.
    const runner: RunnerProcess = startRunner(detected.info.executable, onLine);
    if (runner.pid !== undefined) hooks.onSpawn?.(runner.pid);
    armSilence();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    runner.send({
      mode: 'trial',
      model: ctx.model as PythonModel,
      concurrency: ctx.concurrency,
      tasks: ctx.tasks,
      workload: ctx.workload,
      timeoutMs: ctx.timeoutMs,
      httpUrl: ctx.httpUrl,
      tmpDir: ctx.tmpDir,
      startMethod: ctx.spec.python?.startMethod ?? null,
      switchIntervalS: ctx.spec.python?.switchIntervalMs !== undefined ? ctx.spec.python.switchIntervalMs / 1e3 : null,
      fault: ctx.fault ?? null,
      ...(ctx.workload.kind === 'code' ? { codePath: ctx.codePath ?? '', codeName: codeFileName(ctx.workload) } : {}),
      ...(ctx.measureWaits === false ? { measureWaits: false } : {}),
    });

    void runner.exited.then((exit) => {
      clearTimeout(silence);
      clearTimeout(cancelTimer);
      ctx.signal.removeEventListener('abort', onAbort);
      // Whatever ended the runner, anything still in its group goes too (nothing, normally).
      runner.killGroup();
      if (!verdict) {
        decide(
          'failed',
          exit.error
            ? `the Python runner could not be started (${executable}: ${exit.error.code ?? exit.error.message})`
            : `the Python runner ${describeExit(exit)} before the trial finished`,
        );
      }
      const done = verdict!;
      // Read only now, so the tail holds everything the runner wrote before it went.
      if (done.error !== undefined && done.status !== 'cancelled') done.error = withStderr(done.error, runner.stderrTail());
      resolve(done);
    });
  });
}
