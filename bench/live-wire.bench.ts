// The live spans' cost in the engine's process while a window watches, side by side in one
// run: a 100,000-task trial reported as the engine reports it (a tasks event per 2,000 finished
// spans), each event queued and serialized as the browser-mode event stream does (JSON).
//  - objects (before): each event's newest spans made into Span objects, merged, serialized;
//  - columns (now): the transports' batcher, which copies them into one number array per field.
// Main-thread ms (the thread that hands tasks to the pools, inside the trial's wall) and bytes.
import { LIVE_SPAN_WINDOW, newestOf, spansOfLive, withLiveSpans } from '../src-shared/live-spans.ts';
import type { ProgressEvent, Span } from '../src-shared/result.ts';
import { SpanTable } from '../src-shared/span-table.ts';
import { createProgressBatcher } from '../src-main/service/progress-batcher.ts';

const TASKS = 100_000;
const PER_EVENT = 2000;
const ROUNDS = 5;

// Spans of an 8-thread trial with the fields a threads trial measures (runMs and waitMs sampled 1 in 32).
const table = new SpanTable(TASKS);
for (let i = 0; i < TASKS; i++) {
  table.append({ task: i, worker: i % 8, startMs: i * 0.0123, endMs: i * 0.0123 + 0.2 });
  const row = i;
  table.set('thread', row, 1000 + (i % 8));
  table.set('cpu', row, i % 2);
  table.set('handoffInMs', row, 0.011);
  table.set('handoffOutMs', row, 0.019);
  if (i % 32 === 0) {
    table.set('runMs', row, 0.15);
    table.set('waitMs', row, 0.01);
  }
}
const progress = { trialsDone: 0, trialsTotal: 1, fraction: 0, etaMs: null };
const event = (from: number) => {
  const rows = table.batch(from, from + PER_EVENT);
  return withLiveSpans({ type: 'tasks' as const, runId: 'r', index: 0, warmup: false, done: from + PER_EVENT, total: TASKS, progress }, (n) => rows.newest(n));
};

function objects(): { ms: number; bytes: number } {
  let bytes = 0;
  const t0 = performance.now();
  let pending: Span[] = [];
  for (let from = 0; from < TASKS; from += PER_EVENT) {
    const e = event(from);
    // As the batcher did: the event's spans as objects, merged with what waits, then sent.
    pending = newestOf([...pending, ...e.spans], LIVE_SPAN_WINDOW);
    const { spans: _, ...fields } = e;
    bytes += JSON.stringify([{ ...fields, spans: pending }] satisfies ProgressEvent[]).length;
    pending = [];
  }
  return { ms: performance.now() - t0, bytes };
}

function columns(): { ms: number; bytes: number; spans: number } {
  let bytes = 0;
  let spans = 0;
  const batcher = createProgressBatcher((events) => {
    const json = JSON.stringify(events);
    bytes += json.length;
    for (const e of events) if (e.type === 'tasks') spans += e.spans.count;
  });
  const t0 = performance.now();
  for (let from = 0; from < TASKS; from += PER_EVENT) {
    batcher.push(event(from));
    batcher.flush();
  }
  const ms = performance.now() - t0;
  batcher.close();
  return { ms, bytes, spans };
}

// The window must get the same spans either way.
const sent: Span[] = [];
const probe = createProgressBatcher((events) => {
  for (const e of JSON.parse(JSON.stringify(events))) if (e.type === 'tasks') sent.push(...spansOfLive(e.spans));
});
for (let from = 0; from < TASKS; from += PER_EVENT) {
  probe.push(event(from));
  probe.flush();
}
probe.close();
if (JSON.stringify(sent) !== JSON.stringify(table.toSpans())) throw new Error('the columns did not carry the trial\'s spans as they are');

const rows = Array.from({ length: ROUNDS }, () => ({ before: objects(), now: columns() }));
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`a watched ${TASKS.toLocaleString('en-US')}-task trial, a tasks event per ${PER_EVENT.toLocaleString('en-US')} spans, ${ROUNDS} rounds:`);
console.log(`  span objects (before): ms ${fmt(rows.map((r) => r.before.ms))}; ${(rows[0].before.bytes / 2 ** 20).toFixed(1)} MB of JSON`);
console.log(`  columns (now):         ms ${fmt(rows.map((r) => r.now.ms))}; ${(rows[0].now.bytes / 2 ** 20).toFixed(1)} MB of JSON`);
const ratios = rows.map((r) => r.before.ms / r.now.ms).sort((a, b) => a - b);
console.log(`  ratio before / now: median ${ratios[ratios.length >> 1].toFixed(1)}× time, ${(rows[0].before.bytes / rows[0].now.bytes).toFixed(1)}× bytes (same spans reach the window, checked)`);
