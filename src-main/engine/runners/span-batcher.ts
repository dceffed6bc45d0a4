// Finished spans go out in batches at most every 50 ms, whatever the task rate:
// a no-op task must not cost a message or a callback of its own.
import type { Span } from '../../../src-shared/result.ts';

const BATCH_MS = 50;

export class SpanBatcher {
  private readonly emit: (spans: Span[]) => void;
  private buffer: Span[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(emit: (spans: Span[]) => void) {
    this.emit = emit;
  }

  push(span: Span): void {
    this.buffer.push(span);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const spans = this.buffer;
    this.buffer = [];
    this.emit(spans);
  }
}
