import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src-shared/result.ts';
import { createRunProgress } from '../../../src-main/cli/progress-bar.ts';

class Capture extends Writable {
  text = '';
  _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

describe('progress without a terminal', () => {
  it('writes plain lines, one at a time however fast events come', () => {
    const out = new Capture();
    const view = createRunProgress(out, false);
    view.onEvent({ type: 'run-started', totalTrials: 10 } as ProgressEvent);
    view.onEvent({ type: 'trial-started', index: 0, warmup: false, model: 'threads', concurrency: 4, repetition: 1, progress: { trialsDone: 0, trialsTotal: 10, fraction: 0, etaMs: null } } as ProgressEvent);
    for (let i = 0; i < 500; i++) {
      view.onEvent({ type: 'tasks', progress: { trialsDone: 0, trialsTotal: 10, fraction: i / 5000, etaMs: 4200 } } as ProgressEvent);
    }
    view.stop();
    expect(out.text.split('\n').filter(Boolean)).toEqual([
      'started: 10 trials',
      '[  0%] trial 1/10 threads k=4 rep 2 · ETA …',
    ]);
    expect(out.text).not.toMatch(/\x1b\[/);
  });
});
