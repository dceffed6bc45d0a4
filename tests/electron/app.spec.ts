// The desktop app end to end: launch the built app, check the page is sandboxed behind the
// bridge, run a small experiment through it, and find the run in History.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { LAB_METHODS, type LabApi } from '../../src-shared/contract.ts';
import { electronBinary, electronSkipReason, repoRoot } from './electron-binary.ts';

const executablePath = electronBinary();
test.skip(!executablePath, electronSkipReason());

/** The page's globals these tests read (the Node test project has no DOM types). */
type PageGlobals = { lab: LabApi; require?: unknown; process?: unknown; location: { hash: string }; open(url: string): unknown };

let app: ElectronApplication;
let page: Page;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-electron-test-'));
  app = await electron.launch({
    executablePath,
    args: [repoRoot],
    cwd: repoRoot,
    env: { ...process.env, CONCURRENCY_LAB_DB: join(dir, 'lab.db') } as Record<string, string>,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the page is served from app:// with no Node, only the lab bridge', async () => {
  expect(page.url()).toMatch(/^app:\/\/lab\//);
  const globals = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    return { require: typeof w.require, process: typeof w.process, lab: Object.keys(w.lab).sort() };
  });
  expect(globals.require).toBe('undefined');
  expect(globals.process).toBe('undefined');
  expect(globals.lab).toEqual([...LAB_METHODS, 'onProgress'].sort());
});

test('new windows are denied', async () => {
  const before = app.windows().length;
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).open('about:blank');
  });
  expect(app.windows().length).toBe(before);
});

test('runs a small experiment and shows it in History', async () => {
  const name = `electron e2e ${Date.now()}`;
  const status = await page.evaluate(async (runName) => {
    const lab = (globalThis as unknown as PageGlobals).lab;
    let runId = '';
    const done = new Promise<string>((resolve) => {
      const stop = lab.onProgress((events) => {
        for (const e of events) {
          if (e.type === 'run-finished' && e.runId === runId) {
            stop();
            resolve(e.status);
          }
        }
      });
    });
    const started = await lab.startRun({
      name: runName,
      workload: { kind: 'sleep', ms: 1 },
      tasks: 4,
      models: ['threads', 'processes'],
      concurrency: [1, 2],
      repetitions: 1,
      warmup: 0,
    });
    if (!started.ok) return `not started: ${started.message}`;
    runId = started.value.runId;
    return done;
  }, name);
  expect(status).toBe('completed');

  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).location.hash = '#/history';
  });
  await expect(page.getByText(name).first()).toBeVisible();
});
