#!/usr/bin/env node
// `npm run screenshots`: the README's pictures, taken from real runs of the cpu-bound
// preset in browser mode, in Debian's Chromium: one watched in the Live view, one with no
// page open. On a 2-core machine the browser drawing the live charts competes with the
// run for the cores, and the Compare view shows what that costs.
// Needs `npm run build` first. Writes docs/screenshots/*.png.
// `npm run screenshots -- study` takes only the Studies view's picture (a break-even-node study).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'docs/screenshots');
const dir = mkdtempSync(join(tmpdir(), 'lab-shots-'));
const token = randomBytes(12).toString('hex');

const server = spawn(process.execPath, [join(root, 'bin/concurrency-lab.js'), 'serve', '--port', '0', '--token', token, '--db', join(dir, 'lab.db'), '--no-open'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise((resolve, reject) => {
  let text = '';
  server.stdout.on('data', (b) => {
    text += b;
    const m = /Concurrency Lab at (http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
    if (m) resolve(m[1]);
  });
  server.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${text}`)));
});

async function api(method, ...args) {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(args),
  });
  const body = await res.json();
  if (!body.ok) throw new Error(`${method}: ${body.message}`);
  return body.value;
}

async function waitForIdle() {
  while (await api('getActiveRun')) await new Promise((r) => setTimeout(r, 250));
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  mkdirSync(outDir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.emulateMedia({ colorScheme: 'light' });
  const show = async (hash, settleMs = 1500) => {
    await page.goto(`${base}/?token=${token}${hash}`);
    await page.waitForSelector('.app-bar');
    await page.waitForTimeout(settleMs);
  };
  const shot = (name, fullPage = false) => page.screenshot({ path: join(outDir, `${name}.png`), fullPage });

  const only = process.argv[2];
  if (only !== undefined && only !== 'study') throw new Error(`unknown section "${only}": give none (all) or "study"`);

  if (only === undefined) await runViews();
  // The Studies view on a real break-even study of Node's models (the preset, as a user runs it).
  const studyPreset = (await api('listStudyPresets')).find((p) => p.name === 'break-even-node');
  const { studyId } = await api('startStudy', studyPreset.study);
  while (await api('getActiveStudy')) await new Promise((r) => setTimeout(r, 500));
  await show(`#/study/${studyId}`, 2500);
  await shot('study', true);
  console.log(`screenshots written to ${outDir}`);

  async function runViews() {
  const preset = (await api('listPresets')).find((p) => p.name === 'cpu-bound');
  await show('#/design');
  await page.getByText(preset.title).first().click();
  await page.waitForTimeout(500);
  await shot('design');

  const first = await api('startRun', { ...preset.spec, name: 'CPU-bound, watched live' });
  await show('#/live', 1000);
  // A picture of the view at work: after the first measured trial (figures so far) and with
  // tasks in the timeline, not the warm-up's empty start (a fixed wait caught that once runs got faster).
  // (A trial on a pool spends much of its time starting the pool, with no tasks yet to draw.)
  await page.waitForFunction(
    () => !/The first figures appear|No spans yet/.test(document.body.innerText) && /tasks in this trial: ([4-9]|1\d)/.test(document.body.innerText),
    null,
    { timeout: 60_000, polling: 'raf' },
  );
  await shot('live');
  await waitForIdle();

  await page.goto('about:blank');
  // The same task size as the first run (its calibrated n), so the two compare cell by cell.
  const { workload } = (await api('getRun', first.runId)).experiment;
  const second = await api('startRun', { ...preset.spec, workload, name: 'CPU-bound, no page open' });
  await waitForIdle();

  await show(`#/results/${second.runId}`, 2500);
  await shot('results', true);
  await show('#/history');
  await shot('history');
  await show(`#/compare/${first.runId},${second.runId}`, 2500);
  await shot('compare', true);
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
