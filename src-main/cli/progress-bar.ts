// Shows a run's progress: a live bar with ETA and the current trial on a terminal
// (cli-progress), one plain line every second or so when writing to a pipe or file.
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Progress, ProgressEvent } from '../../src-shared/result.ts';
import { formatEta } from '../../src-shared/format.ts';

/** A pipe or a CI log wants a line now and then, not a redraw per event. */
const PLAIN_INTERVAL_MS = 1000;
const SCALE = 1000;

export interface RunProgressView {
  onEvent(e: ProgressEvent): void;
  /** Ends the bar (leaving its last state on screen) before the summary is written. */
  stop(): void;
}

function describeTrial(e: Extract<ProgressEvent, { type: 'trial-started' }>): string {
  const what = `${e.model} k=${e.concurrency}`;
  return e.warmup ? `${what} (warm-up ${e.repetition + 1})` : `${what} rep ${e.repetition + 1}`;
}

export function createRunProgress(stream: Writable, isTTY: boolean): RunProgressView {
  return isTTY ? new TerminalBar(stream) : new PlainLines(stream);
}

class TerminalBar implements RunProgressView {
  readonly #bar: cliProgress.SingleBar;
  #started = false;
  #current = 'starting';
  #progress: Progress | undefined;

  constructor(stream: Writable) {
    this.#bar = new cliProgress.SingleBar(
      {
        stream,
        format: ' {bar} {pct}% | ETA {etaText} | trial {trials} | {current}',
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        // The engine's ETA knows each cell's cost; the bar's own would average over very different trials.
        etaBuffer: 1,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  onEvent(e: ProgressEvent): void {
    if (e.type === 'run-started') {
      this.#bar.start(SCALE, 0, this.#payload());
      this.#started = true;
      return;
    }
    if (!this.#started) return;
    if (e.type === 'trial-started') this.#current = describeTrial(e);
    if ('progress' in e) this.#progress = e.progress;
    if (e.type === 'run-finished') this.#current = e.status;
    this.#bar.update(Math.round((this.#progress?.fraction ?? 0) * SCALE), this.#payload());
  }

  #payload() {
    const p = this.#progress;
    return {
      pct: String(Math.floor((p?.fraction ?? 0) * 100)).padStart(3),
      etaText: formatEta(p?.etaMs ?? null),
      trials: p ? `${Math.min(p.trialsDone + 1, p.trialsTotal)}/${p.trialsTotal}` : '…',
      current: this.#current,
    };
  }

  stop(): void {
    if (this.#started) this.#bar.stop();
    this.#started = false;
  }
}

class PlainLines implements RunProgressView {
  readonly #out: Writable;
  #last = -Infinity;
  #current = '';

  constructor(out: Writable) {
    this.#out = out;
  }

  onEvent(e: ProgressEvent): void {
    if (e.type === 'run-started') {
      this.#out.write(`started: ${e.totalTrials} trials\n`);
      return;
    }
    if (e.type === 'trial-started') this.#current = describeTrial(e);
    if (!('progress' in e)) return;
    const now = performance.now();
    if (now - this.#last < PLAIN_INTERVAL_MS) return;
    this.#last = now;
    const p = e.progress;
    const pct = String(Math.floor(p.fraction * 100)).padStart(3);
    this.#out.write(`[${pct}%] trial ${Math.min(p.trialsDone + 1, p.trialsTotal)}/${p.trialsTotal} ${this.#current} · ETA ${formatEta(p.etaMs)}\n`);
  }

  stop(): void {}
}
