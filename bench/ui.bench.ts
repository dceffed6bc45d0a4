// The UI's speed in Chromium (issue 5), on the built renderer with a made-up run:
// (1) time to first draw of a 100,000-span timeline on the raw canvas (layout + draw),
//     beside Chart.js floating bars drawing the same spans, and one zoom redraw;
// (2) time from opening the Results view to every chart and the timeline drawn
//     (fetching and parsing the run included);
// (3) the Live run view while a (simulated) backend reports 10,000 tasks a second:
//     frame intervals and main-thread long tasks.
// Medians of interleaved rounds, each in a fresh page.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { validateExperiment } from '../src-shared/experiment.ts';
import type { MachineInfo, RunResult, Span, TrialResult } from '../src-shared/result.ts';
import { median } from '../src-shared/stats.ts';
import { summarize } from '../src-shared/summary.ts';

const root = join(import.meta.dirname, '..');
const rendererDir = join(root, 'out/renderer');
const SPANS = 100_000;
const WORKERS = 8;
const ROUNDS = 5;

function report(section: string, what: string, value: string): void {
  console.log(`${section.padEnd(4)} ${what.padEnd(60)} ${value}`);
}

/** A deterministic run shaped like a real one: a sequential baseline and 8 threads, 100,000 short tasks each. */
function madeUpRun(): RunResult {
  const v = validateExperiment({ name: 'bench: 100,000 tasks', workload: { kind: 'primes', n: 2000 }, tasks: SPANS, models: ['threads'], concurrency: [WORKERS], repetitions: 1, warmup: 0 });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const spansOf = (workers: number): Span[] => {
    const clock = new Array<number>(workers).fill(0);
    const out: Span[] = [];
    for (let task = 0; task < SPANS; task++) {
      let w = 0;
      for (let i = 1; i < workers; i++) if (clock[i] < clock[w]) w = i;
      const start = clock[w] + 0.002 + rand() * 0.01;
      const end = start + 0.1 + rand() * 0.3;
      clock[w] = end;
      out.push({ task, worker: w, startMs: +start.toFixed(3), endMs: +end.toFixed(3), pid: 1000, thread: w + 1, cpu: w % 2 });
    }
    return out;
  };
  const trial = (index: number, model: 'sequential' | 'threads', k: number): TrialResult => {
    const spans = spansOf(k);
    const wallMs = Math.max(...spans.map((s) => s.endMs));
    return { index, model, concurrency: k, repetition: 0, status: 'ok', wallMs, startupMs: k * 12, cpuMs: wallMs * k, offsetMs: index * 30_000, spans };
  };
  const trials = [trial(0, 'sequential', 1), trial(1, 'threads', WORKERS)];
  const machine: MachineInfo = {
    fingerprint: 'bench', hostname: 'bench', cpuModel: 'made up', logicalCores: WORKERS, memoryBytes: 16 * 2 ** 30,
    os: 'Linux', platform: 'linux', arch: 'x64', kernel: '6', node: process.versions.node,
  };
  const utilization = Array.from({ length: 400 }, (_, i) => ({ tMs: i * 100, cores: Array.from({ length: WORKERS }, () => 0.6 + rand() * 0.4) }));
  return {
    version: 1, runId: 'bench-run', name: v.value.name!, experiment: v.value, machine, status: 'completed',
    startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:01:00.000Z', trials, summary: summarize(trials, WORKERS), utilization,
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/** The built renderer, the made-up run and Chart.js' UMD build for the floating-bars page. */
function serve(runJson: string): Promise<Server> {
  const chartUmd = readFileSync(join(root, 'node_modules/chart.js/dist/chart.umd.min.js'));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/bench/run.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(runJson);
    if (path === '/bench/chart.umd.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(chartUmd);
    if (path === '/bench/bars.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><body style="margin:0"><div style="width:1200px;height:420px"><canvas id="c"></canvas></div><script src="/bench/chart.umd.js"></script></body>');
    const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(rendererDir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** window.lab for the page: the run comes over HTTP and through JSON.parse, as from the real backend. */
function fakeLab(): void {
  const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
  const no = () => Promise.resolve({ ok: false as const, code: 'unavailable' as const, message: 'not in the bench' });
  (window as unknown as { lab: unknown }).lab = {
    getMachine: () => ok({ fingerprint: 'bench', hostname: 'bench', cpuModel: 'made up', logicalCores: 8, memoryBytes: 2 ** 34, os: 'Linux', platform: 'linux', arch: 'x64', kernel: '6', node: '24' }),
    listPresets: () => ok([]), listModels: () => ok([]), calibrate: no, validateSpec: no, startRun: no, cancelRun: no,
    getActiveRun: () => ok(null), onProgress: () => () => {},
    listRuns: () => ok({ runs: [], total: 0 }),
    getRun: async () => ({ ok: true, value: JSON.parse(await (await fetch('/bench/run.json')).text()) }),
    updateRun: no, deleteRun: no, compareRuns: no, exportRuns: no, importRuns: no,
  };
}

async function resultsRound(browser: Browser, origin: string): Promise<{ view: number; build: number; draw: number; zoom: number; rects: number }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(fakeLab);
  await page.goto(`${origin}/#/history`);
  await page.locator('[data-view=history]').waitFor();
  await page.evaluate(() => (location.hash = '#/results/bench-run'));
  await page.locator('[data-view=results][data-ready=true]').waitFor({ timeout: 120_000 });
  const view = await page.evaluate(() => performance.getEntriesByName('lab:results-first-draw')[0].duration);
  const canvas = page.locator('canvas[data-chart=timeline]');
  const spans = Number(await canvas.getAttribute('data-spans'));
  if (spans !== SPANS) throw new Error(`the timeline shows ${spans} spans, not ${SPANS}`);
  const build = Number(await canvas.getAttribute('data-build-ms'));
  const draw = Number(await canvas.getAttribute('data-draw-ms'));
  const rects = Number(await canvas.getAttribute('data-rects'));
  // One zoom step from the keyboard, timed from the key to the drawn frame.
  await canvas.focus();
  const zoom = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const el = document.querySelector<HTMLCanvasElement>('canvas[data-chart=timeline]')!;
        const t0 = performance.now();
        new MutationObserver((_, obs) => {
          obs.disconnect();
          resolve(performance.now() - t0);
        }).observe(el, { attributes: true, attributeFilter: ['data-draw-ms'] });
        el.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
      }),
  );
  await page.close();
  return { view, build, draw, zoom, rects };
}

async function chartJsRound(browser: Browser, origin: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${origin}/bench/bars.html`);
  const ms = await page.evaluate(async () => {
    const run = await (await fetch('/bench/run.json')).json();
    const trial = run.trials[1];
    const C = (window as unknown as { Chart: new (el: HTMLCanvasElement, cfg: unknown) => unknown }).Chart;
    const t0 = performance.now();
    new C(document.getElementById('c') as HTMLCanvasElement, {
      type: 'bar',
      data: {
        labels: Array.from({ length: 8 }, (_, i) => `worker ${i}`),
        datasets: [{ data: trial.spans.map((s: { worker: number; startMs: number; endMs: number }) => ({ y: `worker ${s.worker}`, x: [s.startMs, s.endMs] })), backgroundColor: '#3b82f6' }],
      },
      options: { indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false, parsing: { xAxisKey: 'x', yAxisKey: 'y' }, scales: { x: { type: 'linear' } }, plugins: { legend: { display: false }, tooltip: { enabled: false } } },
    });
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    return performance.now() - t0;
  });
  await page.close();
  return ms;
}

/** window.lab whose progress stream reports `perSecond` finished tasks, in ~30 batches a second as the transports do. */
function streamingLab(perSecond: number): void {
  const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
  const no = () => Promise.resolve({ ok: false as const, code: 'unavailable' as const, message: 'not in the bench' });
  const machine = { fingerprint: 'bench', hostname: 'bench', cpuModel: 'made up', logicalCores: 8, memoryBytes: 2 ** 34, os: 'Linux', platform: 'linux', arch: 'x64', kernel: '6', node: '24' };
  const experiment = { workload: { kind: 'sleep', ms: 1 }, tasks: 1_000_000, models: ['async'], concurrency: [64], repetitions: 1, warmup: 0, order: 'interleaved', timeoutMs: 60000 };
  const progress = (f: number) => ({ trialsDone: 0, trialsTotal: 2, fraction: f, etaMs: 60_000 });
  (window as unknown as { lab: unknown }).lab = {
    getMachine: () => ok(machine), listPresets: () => ok([]), listModels: () => ok([]), calibrate: no, validateSpec: no, startRun: no, cancelRun: no,
    getActiveRun: () => ok(null), listRuns: () => ok({ runs: [], total: 0 }), getRun: no, updateRun: no, deleteRun: no, compareRuns: no, exportRuns: no, importRuns: no,
    onProgress(listener: (events: unknown[]) => void) {
      const runId = 'live';
      listener([
        { type: 'run-started', runId, name: 'bench: live', experiment, machine, totalTrials: 2, startedAt: new Date().toISOString() },
        { type: 'trial-started', runId, index: 0, warmup: false, model: 'async', concurrency: 64, repetition: 0, offsetMs: 0, progress: progress(0) },
      ]);
      const t0 = performance.now();
      let task = 0;
      const batch = Math.round(perSecond / 30);
      const timer = setInterval(() => {
        const now = performance.now() - t0;
        const spans = Array.from({ length: batch }, () => {
          const w = task % 64;
          return { task: task++, worker: w, startMs: now - 2 + (w % 7) * 0.1, endMs: now - 1 + (w % 5) * 0.1 };
        });
        const events: unknown[] = [{ type: 'tasks', runId, index: 0, warmup: false, done: task, total: 1_000_000, spans, progress: progress(task / 1_000_000) }];
        if (task % (batch * 3) < batch) events.push({ type: 'utilization', runId, sample: { tMs: now, cores: Array.from({ length: 8 }, (_, i) => 0.5 + ((task + i) % 50) / 100) } });
        listener(events);
      }, 33);
      return () => clearInterval(timer);
    },
  };
}

async function liveRound(browser: Browser, origin: string, perSecond: number): Promise<{ p50: number; p95: number; max: number; longTasks: number; spans: number }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(streamingLab, perSecond);
  await page.goto(`${origin}/#/live`);
  await page.locator('canvas[data-chart=timeline][data-drawn=true]').waitFor();
  await page.waitForTimeout(1000);
  const r = await page.evaluate(
    () =>
      new Promise<{ p50: number; p95: number; max: number; longTasks: number }>((resolve) => {
        let longTasks = 0;
        const obs = new PerformanceObserver((list) => (longTasks += list.getEntries().length));
        obs.observe({ type: 'longtask' });
        const gaps: number[] = [];
        let last = performance.now();
        const end = last + 3000;
        const tick = (t: number) => {
          gaps.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(tick);
          else {
            obs.disconnect();
            gaps.sort((a, b) => a - b);
            const q = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))];
            resolve({ p50: q(0.5), p95: q(0.95), max: gaps[gaps.length - 1], longTasks });
          }
        };
        requestAnimationFrame(tick);
      }),
  );
  const spans = Number(await page.locator('canvas[data-chart=timeline]').getAttribute('data-spans'));
  await page.close();
  return { ...r, spans };
}

async function main(): Promise<void> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.log('out/renderer is missing: building it (npx electron-vite build)…');
    const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the build failed: run `npm run build` and look at its output');
  }
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
  if (!executablePath) {
    console.log('skipped: no Chromium found (/usr/bin/chromium)');
    return;
  }
  const runJson = JSON.stringify(madeUpRun());
  const server = await serve(runJson);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    console.log(`made-up run: ${(runJson.length / 2 ** 20).toFixed(1)} MiB of JSON, 2 trials × ${SPANS.toLocaleString('en-US')} spans; ${ROUNDS} rounds, medians\n`);
    const ours: Awaited<ReturnType<typeof resultsRound>>[] = [];
    const bars: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      ours.push(await resultsRound(browser, origin));
      // Chart.js takes seconds a round: fewer rounds, interleaved with ours.
      if (i < 3) bars.push(await chartJsRound(browser, origin));
    }
    const m = (f: (r: (typeof ours)[number]) => number) => median(ours.map(f));
    const first = m((r) => r.build + r.draw);
    report('(1)', `timeline first draw, ${SPANS.toLocaleString('en-US')} spans (raw canvas)`, `${first.toFixed(1)} ms  (layout ${m((r) => r.build).toFixed(1)} + draw ${m((r) => r.draw).toFixed(1)}; ${m((r) => r.rects).toFixed(0)} rects)`);
    report('(1)', `same spans as Chart.js floating bars`, `${median(bars).toFixed(0)} ms`);
    report('(1)', 'raw canvas vs Chart.js', `${(median(bars) / first).toFixed(0)}× faster`);
    report('(1)', 'timeline redraw after one zoom step (key to drawn)', `${m((r) => r.zoom).toFixed(1)} ms`);
    report('(2)', 'Results view: open to every chart and the timeline drawn', `${m((r) => r.view).toFixed(0)} ms  (run fetched and parsed included)`);
    const RATE = 10_000;
    const live: Awaited<ReturnType<typeof liveRound>>[] = [];
    for (let i = 0; i < 3; i++) live.push(await liveRound(browser, origin, RATE));
    const l = (f: (r: (typeof live)[number]) => number) => median(live.map(f));
    report('(3)', `Live run at ${RATE.toLocaleString('en-US')} tasks/s: frame interval p50 / p95 / max`, `${l((r) => r.p50).toFixed(1)} / ${l((r) => r.p95).toFixed(1)} / ${l((r) => r.max).toFixed(0)} ms`);
    report('(3)', 'Live run: main-thread long tasks (> 50 ms) in 3 s', `${l((r) => r.longTasks)}  (timeline window ${l((r) => r.spans).toLocaleString('en-US')} spans)`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
