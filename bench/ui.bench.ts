// The UI's speed in Chromium (issue 5), on the built renderer with a made-up run:
// (1) time to first draw of a 100,000-span trial's timeline on the raw canvas (the window
//     the backend sends, narrow spans merged per lane, laid out and drawn), beside Chart.js
//     floating bars drawing every span, and one zoom step (key to the redrawn frame, its
//     window's fetch included);
// (2) time from opening the Results view to every chart and the timeline drawn
//     (fetching and parsing the run's overview and the timeline's first window included);
// (3) the Live run view while a (simulated) backend reports 10,000 tasks a second:
//     frame intervals and main-thread long tasks;
// (4) what watching costs the run: the same small CPU-bound run on the real backend
//     (`serve`), once with a page on the Live view and once with the page on about:blank,
//     interleaved; median walls per cell, the ratio, and the CPU the browser used meanwhile.
// Medians of interleaved rounds, each in a fresh page. `node bench/ui.bench.ts 4` runs
// only the sections named.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { validateExperiment } from '../src-shared/experiment.ts';
import { figuresOf, type MachineInfo, type RunResult, type Span, type TrialResult } from '../src-shared/result.ts';
import type { ModelName } from '../src-shared/models.ts';
import { median } from '../src-shared/stats.ts';
import { summarize } from '../src-shared/summary.ts';
import { buildLanes, spanWindow } from '../src-main/store/span-window.ts';
import { decodeColumns, encodeSpans } from '../src-main/store/span-codec.ts';
import { focusTimeline, zoomStep } from './lib/zoom-step.ts';

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

/**
 * The built renderer, the made-up run (its overview, as getRun answers it, and every span for
 * the Chart.js page), each trial's windows cut as the backend's getTrialSpans cuts them, and
 * Chart.js' UMD build for the floating-bars page.
 */
function serve(run: RunResult): Promise<Server> {
  const chartUmd = readFileSync(join(root, 'node_modules/chart.js/dist/chart.umd.min.js'));
  const runJson = JSON.stringify(run);
  const overviewJson = JSON.stringify({ ...run, trials: run.trials.map(figuresOf) });
  const lanes = run.trials.map((t) => buildLanes(decodeColumns(encodeSpans(t.spans))));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/bench/run.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(runJson);
    if (path === '/bench/overview.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(overviewJson);
    if (path === '/bench/window') {
      let body = '';
      req.on('data', (b: Buffer) => (body += b));
      req.on('end', () => {
        const q = JSON.parse(body) as { trialIndex: number; startMs: number; endMs: number; pixels: number };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(spanWindow(lanes[q.trialIndex], { ...q, runId: run.runId })));
      });
      return;
    }
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
    getRun: async () => ({ ok: true, value: JSON.parse(await (await fetch('/bench/overview.json')).text()) }),
    getTrialSpans: async (q: unknown) => ({ ok: true, value: JSON.parse(await (await fetch('/bench/window', { method: 'POST', body: JSON.stringify(q) })).text()) }),
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
  // One zoom step from the keyboard, timed from the key to the frame drawn with its window.
  await focusTimeline(page);
  const zoom = await zoomStep(page, '+');
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

/** CPU seconds (user + system) used so far by the processes below `root`, less those below `except`, from /proc, by Chromium process type. */
function treeCpuSeconds(root: number, except: number): Map<string, number> {
  const ppid = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields are counted after the last ')'.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ppid.set(Number(name), Number(f[1]));
      ticks.set(Number(name), Number(f[11]) + Number(f[12]));
    } catch {
      // Gone between the listing and the read.
    }
  }
  const byType = new Map<string, number>();
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = ppid.get(p)) {
      if (p === except) break;
      if (p === root && pid !== root) {
        const type = processType(pid);
        byType.set(type, (byType.get(type) ?? 0) + t / 100); // USER_HZ is 100 on Linux
        break;
      }
    }
  }
  return byType;
}

/** Chromium's --type= of a process ("browser" for the one without), or "other". */
function processType(pid: number): string {
  try {
    // Zygote children rewrite their command line into one space-separated string: match, don't split.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!/chrom/i.test(cmdline)) return 'other';
    return /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
  } catch {
    return 'other';
  }
}

function cpuSince(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([type, s]) => [type, s - (before.get(type) ?? 0)]));
}

interface LabServer {
  pid: number;
  base: string;
  token: string;
  api<T>(method: string, ...args: unknown[]): Promise<T>;
  stop(): void;
}

/** The real backend: `concurrency-lab serve` on a temporary database, serving the built renderer. */
async function startLab(): Promise<LabServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-ui-bench-'));
  const token = randomBytes(12).toString('hex');
  const child = spawn(process.execPath, [join(root, 'bin/concurrency-lab.js'), 'serve', '--port', '0', '--token', token, '--db', join(dir, 'lab.db'), '--no-open'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (b: Buffer) => {
      text += b;
      const m = /Concurrency Lab at (http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${text}`)));
  });
  const api = async <T>(method: string, ...args: unknown[]): Promise<T> => {
    const res = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(args),
    });
    const body = (await res.json()) as { ok: boolean; value: T; message?: string };
    if (!body.ok) throw new Error(`${method}: ${body.message}`);
    return body.value;
  };
  return {
    pid: child.pid!, base, token, api,
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const WATCH_CELLS: { model: ModelName; k: number }[] = [{ model: 'threads', k: 2 }, { model: 'processes', k: 2 }];
const WATCH_ROUNDS = 4;

interface WatchSample {
  walls: Map<string, number[]>;
  browserCpuS: Map<string, number>;
  rendererTaskS: number;
  rendererScriptS: number;
  rendererLayoutS: number;
  runS: number;
}

/** One run of `spec` with the page where `watched` says; walls of every measured trial per cell, and the browser's CPU meanwhile. */
async function watchRound(lab: LabServer, page: Page, spec: object, watched: boolean): Promise<WatchSample> {
  if (watched) {
    await page.goto(`${lab.base}/?token=${lab.token}#/live`);
    await page.locator('[data-view=live]').waitFor();
  } else {
    await page.goto('about:blank');
  }
  await page.waitForTimeout(500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => {
    const all = (await cdp.send('Performance.getMetrics')).metrics;
    const get = (name: string) => all.find((m) => m.name === name)?.value ?? 0;
    return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration') + get('RecalcStyleDuration') };
  };
  const m0 = await metrics();
  // Chromium's processes are this process' children, as is the lab server (left out).
  const cpu0 = treeCpuSeconds(process.pid, lab.pid);
  const t0 = performance.now();
  const { runId } = await lab.api<{ runId: string }>('startRun', { ...spec, name: watched ? 'bench: watched' : 'bench: unwatched' });
  while (await lab.api('getActiveRun')) await new Promise((r) => setTimeout(r, 100));
  const runS = (performance.now() - t0) / 1000;
  const browserCpuS = cpuSince(cpu0, treeCpuSeconds(process.pid, lab.pid));
  const m1 = await metrics();
  await cdp.detach();
  const run = await lab.api<RunResult>('getRun', runId);
  if (run.status !== 'completed') throw new Error(`the ${watched ? 'watched' : 'unwatched'} run ended ${run.status}: ${run.error ?? ''}`);
  const walls = new Map<string, number[]>();
  for (const t of run.trials) {
    if (t.status !== 'ok') continue;
    const key = `${t.model} k=${t.concurrency}`;
    walls.set(key, [...(walls.get(key) ?? []), t.wallMs]);
  }
  return { walls, browserCpuS, rendererTaskS: m1.task - m0.task, rendererScriptS: m1.script - m0.script, rendererLayoutS: m1.layout - m0.layout, runS };
}

async function watchSection(browser: Browser): Promise<void> {
  const lab = await startLab();
  try {
    // A fixed task size, so every run does the same work: primes calibrated to ~10 ms once, as the cpu-bound preset does.
    const cal = await lab.api<{ params: Record<string, number> }>('calibrate', { kind: 'primes', taskMs: 10 });
    const spec = { workload: { kind: 'primes', n: cal.params.n }, tasks: 16, models: WATCH_CELLS.map((c) => c.model), concurrency: [2], repetitions: 5, warmup: 1, order: 'interleaved' };
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const rounds: Record<'watched' | 'unwatched', WatchSample[]> = { watched: [], unwatched: [] };
    for (let i = 0; i < WATCH_ROUNDS; i++) {
      // Alternate which goes first, so a drift in the machine's load falls on both alike.
      const order = i % 2 === 0 ? [true, false] : [false, true];
      for (const watched of order) rounds[watched ? 'watched' : 'unwatched'].push(await watchRound(lab, page, spec, watched));
    }
    await page.close();
    const wallsOf = (which: WatchSample[], key: string) => median(which.flatMap((r) => r.walls.get(key) ?? []));
    report('(4)', `CPU-bound run, primes n = ${cal.params.n} × 16 tasks, 5 reps, ${WATCH_ROUNDS} rounds`, 'median wall: watched / unwatched = ratio');
    for (const c of WATCH_CELLS) {
      const key = `${c.model} k=${c.k}`;
      const w = wallsOf(rounds.watched, key);
      const u = wallsOf(rounds.unwatched, key);
      report('(4)', `  ${key}`, `${w.toFixed(1)} / ${u.toFixed(1)} ms = ${(w / u).toFixed(2)}×`);
    }
    const per = (which: WatchSample[], f: (r: WatchSample) => number) => median(which.map((r) => f(r) / r.runS));
    const total = (r: WatchSample) => [...r.browserCpuS.values()].reduce((a, b) => a + b, 0);
    report('(4)', 'browser CPU during the run (all Chromium processes, cores)', `watched ${per(rounds.watched, total).toFixed(2)} / unwatched ${per(rounds.unwatched, total).toFixed(2)}`);
    const types = [...new Set(rounds.watched.flatMap((r) => [...r.browserCpuS.keys()]))].sort();
    const byType = (which: WatchSample[]) => types.map((t) => `${t} ${per(which, (r) => r.browserCpuS.get(t) ?? 0).toFixed(2)}`).join(', ');
    report('(4)', '  by process, watched', byType(rounds.watched));
    report('(4)', '  by process, unwatched', byType(rounds.unwatched));
    report('(4)', "page's main thread busy, watched (CDP metrics, s per s)", `${per(rounds.watched, (r) => r.rendererTaskS).toFixed(3)}  (script ${per(rounds.watched, (r) => r.rendererScriptS).toFixed(3)}, style + layout ${per(rounds.watched, (r) => r.rendererLayoutS).toFixed(3)}; unwatched ${per(rounds.unwatched, (r) => r.rendererTaskS).toFixed(3)})`);
    report('(4)', 'whole run (start to idle)', `watched ${median(rounds.watched.map((r) => r.runS)).toFixed(2)} s / unwatched ${median(rounds.unwatched.map((r) => r.runS)).toFixed(2)} s`);
  } finally {
    lab.stop();
  }
}

async function main(): Promise<void> {
  const sections = process.argv.slice(2).map(Number);
  const wants = (n: number) => sections.length === 0 || sections.includes(n);
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
  const run = madeUpRun();
  const runJson = JSON.stringify(run);
  const server = await serve(run);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    if (wants(1) || wants(2)) console.log(`made-up run: ${(runJson.length / 2 ** 20).toFixed(1)} MiB of JSON, 2 trials × ${SPANS.toLocaleString('en-US')} spans; ${ROUNDS} rounds, medians\n`);
    if (wants(1) || wants(2)) await resultsSections(browser, origin);
    if (wants(3)) await liveSection(browser, origin);
    if (wants(4)) await watchSection(browser);
  } finally {
    await browser.close();
    server.close();
  }
}

async function resultsSections(browser: Browser, origin: string): Promise<void> {
  const ours: Awaited<ReturnType<typeof resultsRound>>[] = [];
  const bars: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(await resultsRound(browser, origin));
    // Chart.js takes seconds a round: fewer rounds, interleaved with ours.
    if (i < 3) bars.push(await chartJsRound(browser, origin));
  }
  const m = (f: (r: (typeof ours)[number]) => number) => median(ours.map(f));
  const first = m((r) => r.build + r.draw);
  report('(1)', `timeline first draw, ${SPANS.toLocaleString('en-US')}-span trial (raw canvas)`, `${first.toFixed(1)} ms  (layout ${m((r) => r.build).toFixed(1)} + draw ${m((r) => r.draw).toFixed(1)} of its window; ${m((r) => r.rects).toFixed(0)} rects)`);
  report('(1)', `every span as Chart.js floating bars`, `${median(bars).toFixed(0)} ms`);
  report('(1)', 'raw canvas vs Chart.js', `${(median(bars) / first).toFixed(0)}× faster`);
  report('(1)', 'one zoom step (key to the frame drawn with its window)', `${m((r) => r.zoom).toFixed(1)} ms`);
  report('(2)', 'Results view: open to every chart and the timeline drawn', `${m((r) => r.view).toFixed(0)} ms  (overview and first window fetched included)`);
}

async function liveSection(browser: Browser, origin: string): Promise<void> {
  const RATE = 10_000;
  const live: Awaited<ReturnType<typeof liveRound>>[] = [];
  for (let i = 0; i < 3; i++) live.push(await liveRound(browser, origin, RATE));
  const l = (f: (r: (typeof live)[number]) => number) => median(live.map(f));
  report('(3)', `Live run at ${RATE.toLocaleString('en-US')} tasks/s: frame interval p50 / p95 / max`, `${l((r) => r.p50).toFixed(1)} / ${l((r) => r.p95).toFixed(1)} / ${l((r) => r.max).toFixed(0)} ms`);
  report('(3)', 'Live run: main-thread long tasks (> 50 ms) in 3 s', `${l((r) => r.longTasks)}  (timeline window ${l((r) => r.spans).toLocaleString('en-US')} spans)`);
}

await main();
