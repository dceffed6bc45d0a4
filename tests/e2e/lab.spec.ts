// The lab as a user meets it, in order, against the real engine and a fresh database:
// design a CPU-bound experiment (and get a bad value refused), run it to 100%, read the
// verdict and the charts, find it in History, run a second one and compare them, export
// JSON and import it back, cancel a long run. Every view is photographed in both themes.
import { expect, test, type Page } from '@playwright/test';
import type { RunPage } from '../../src-shared/contract.ts';
import { api, collectErrors, open, paintedPixels, shoot } from './lab-page.ts';

test.describe.configure({ mode: 'serial' });

const FIRST = 'e2e primes A';
const SECOND = 'e2e primes B';
let page: Page;
let errors: string[];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  errors = collectErrors(page);
});

test.afterAll(async () => {
  await page.close();
});

async function designCpuRun(name: string): Promise<void> {
  await page.locator('[data-tab=design]').click();
  await page.locator('[data-workload=primes]').click();
  await page.locator('input[name=name]').fill(name);
  await page.locator('input[name=tasks]').fill('8');
  await page.locator('input[name=repetitions]').fill('3');
  await page.locator('input[name=warmup]').fill('0');
}

async function runToCompletion(): Promise<void> {
  await page.locator('[data-action=run]').click();
  await expect(page).toHaveURL(/#\/live$/);
  await expect(page.locator('[data-view=live]')).toBeVisible();
  await expect(page.locator('[data-run-status]')).toHaveText('completed', { timeout: 120_000 });
  await expect(page.locator('[data-progress]')).toHaveText('100%');
  // Finished: the figures are final, no longer "Partial".
  await expect(page.locator('[data-partial]')).toHaveCount(0);
}

test('empty views say what to do next', async () => {
  await open(page, '#/history');
  await expect(page.getByText('No saved runs yet')).toBeVisible();
  await shoot(page, 'history-empty');
  await open(page, '#/live');
  await expect(page.getByText('No run in progress')).toBeVisible();
  await shoot(page, 'live-idle');
  await open(page, '#/results');
  await expect(page.getByText('No run open')).toBeVisible();
  await open(page, '#/compare');
  await expect(page.getByText('Pick runs to compare')).toBeVisible();
  await shoot(page, 'compare-empty');
});

test('the views are reachable from the keyboard, with a visible focus ring', async () => {
  await open(page, '#/design');
  const tab = page.locator('[data-tab=history]');
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await tab.evaluate((el) => el.ownerDocument.activeElement === el)) break;
  }
  await expect(tab).toBeFocused();
  await expect(tab).toHaveCSS('outline-style', 'solid');
  await shoot(page, 'keyboard-focus');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-view=history]')).toBeVisible();
});

test('design a CPU-bound experiment, refuse a bad value, run it to 100% and read the results', async () => {
  await open(page, '#/design');
  await expect(page.locator('[data-preset]').first()).toBeVisible();
  await designCpuRun(FIRST);

  // The schema's own message, inline, and Run disabled until it is fixed.
  await page.locator('input[name=tasks]').fill('0');
  await expect(page.locator('[data-error=tasks]')).toHaveText('must be an integer from 1 to 1000000');
  await expect(page.locator('[data-action=run]')).toBeDisabled();
  await shoot(page, 'design-invalid');
  await page.locator('input[name=tasks]').fill('8');
  await expect(page.locator('[data-error=tasks]')).toHaveCount(0);

  // Calibrate 3 ms tasks on this machine: the size is fixed into the spec.
  await page.locator('input[name=taskMs]').fill('3');
  await page.locator('[data-action=calibrate]').click();
  await expect(page.locator('[data-calibration]')).toContainText('ms per task on this machine');
  await expect(page.locator('input[name=n]')).toBeVisible();

  // Levels 1 and 2 only: 2 logical cores here, and the run must stay short.
  for (const k of [4, 8]) {
    const chip = page.locator(`[data-level="${k}"]`);
    if ((await chip.count()) && (await chip.getAttribute('aria-pressed')) === 'true') await chip.click();
  }
  await expect(page.locator('[data-estimate]')).toContainText('≈');
  await expect(page.locator('[data-action=run]')).toBeEnabled();
  await shoot(page, 'design');

  await runToCompletion();
  await shoot(page, 'live-completed');

  await page.locator('[data-action=open-results]').click();
  await expect(page.locator('[data-view=results][data-ready=true]')).toBeVisible();
  await expect(page.locator('[data-run-name]')).toHaveText(FIRST);
  const headline = page.locator('[data-verdict=headline]');
  await expect(headline).toContainText('CPU-bound:');
  await expect(headline).toContainText('threads');
  await expect(headline).toContainText('async');
  for (const chart of ['speedup', 'wall', 'startup', 'utilization', 'event-loop']) {
    await expect(page.locator(`canvas[data-chart=${chart}]`)).toHaveAttribute('data-drawn', 'true');
    expect(await paintedPixels(page, `canvas[data-chart=${chart}]`), `${chart} chart has marks on it`).toBeGreaterThan(500);
  }
  const timeline = page.locator('canvas[data-chart=timeline]');
  await expect(timeline).toHaveAttribute('data-drawn', 'true');
  expect(Number(await timeline.getAttribute('data-rects'))).toBeGreaterThan(0);
  await shoot(page, 'results');

  // Exports: a chart as PNG, the run as CSV, the shown trial as a trace.
  for (const [button, ext] of [
    [page.getByRole('button', { name: 'Save Speedup vs k as PNG' }), /\.png$/],
    [page.locator('[data-export=csv]'), /\.csv$/],
    [page.locator('[data-export=trace]'), /\.json$/],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(ext);
    expect((await download.failure()) ?? 'ok').toBe('ok');
  }

  // The timeline zooms from the keyboard and shows another trial on request.
  await timeline.focus();
  await page.keyboard.press('+');
  await expect(page.getByRole('button', { name: 'Fit' })).toBeEnabled();
  await expect(timeline).toHaveAttribute('data-loading', 'false');
  // Panned past the margin of the window it holds: it asks for the new one and draws it.
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(timeline).toHaveAttribute('data-loading', 'false');
  expect(Number(await timeline.getAttribute('data-rects'))).toBeGreaterThan(0);
  const select = page.locator('[data-trial-select]');
  await select.selectOption({ index: 0 });
  await expect(page).toHaveURL(/\?trial=0$/);

  // Where each task's time went: a threads trial draws its spans in three shades with a
  // legend, and a span's tooltip gives the three states' numbers.
  const threadsTrial = page.locator('[data-trial-select] option', { hasText: 'Worker threads, k = 2' }).first();
  await select.selectOption((await threadsTrial.getAttribute('value'))!);
  await expect(page.locator('[data-legend=states]')).toContainText('waiting for a core');
  await expect(page.locator('[data-legend=states]')).toContainText('blocked');
  const box = (await timeline.boundingBox())!;
  const tip = page.locator('[data-timeline-tip]');
  let tipText = '';
  // Along worker 0's lane (below the 26 px axis) until the pointer is over a task.
  for (let f = 0.02; f < 1 && !tipText.includes('running'); f += 0.04) {
    await page.mouse.move(box.x + 72 + (box.width - 80) * f, box.y + 26 + 6);
    if (await tip.count()) tipText = await tip.innerText();
  }
  const duration = '[\\d.,]+ (ns|µs|ms|s)';
  expect(tipText).toMatch(new RegExp(`running ${duration} · waiting for a core ${duration} · blocked ${duration}`));
  expect(tipText).toMatch(new RegExp(`hand-off ${duration}`));
  await shoot(page, 'results-timeline-states');
  await page.mouse.move(0, 0);
  const bar = page.locator('[data-states-bar]');
  await expect(bar).toContainText('running');
  await expect(bar.locator('[data-processors]')).toHaveText(/^\d+\.\d\d$/);

  // Per cell: processors used as a number, and a speedup interval on every concurrent cell of 3 trials.
  const summary = page.locator('[data-table=summary]');
  await expect(summary.locator('th', { hasText: 'Processors' })).toBeVisible();
  for (const cell of await summary.locator('[data-col=processors]').all()) await expect(cell).toHaveText(/^\d+\.\d\d$/);
  const threadsRow = summary.locator('tr', { hasText: 'Worker threads' }).first();
  await expect(threadsRow.locator('[data-col=speedup-ci]')).toHaveText(/^\d+(\.\d)?–\d+(\.\d)?×$/);
  await expect(threadsRow.locator('[data-col=states]')).toHaveText(/^\d+\/\d+\/\d+%$/);
  // k = 1, 2 only: the fit says why there is none rather than fitting two points.
  await expect(page.locator('[data-scaling-fits]')).toContainText('at least 4 levels of k');
  // A diagnosis, where one fired, carries its next step and its evidence.
  const nexts = page.locator('[data-next]');
  await expect(page.locator('[data-evidence]')).toHaveCount(await nexts.count());
});

test('find the run in History, search it and tag it', async () => {
  await page.locator('[data-tab=history]').click();
  const row = page.locator('tr', { hasText: FIRST });
  await expect(row).toBeVisible();
  await expect(row.locator('.badge')).toHaveText('completed');
  await page.locator('input[name=search]').fill('no such run');
  await expect(page.getByText('No run matches these filters')).toBeVisible();
  await page.locator('input[name=search]').fill('primes A');
  await expect(row).toBeVisible();

  await row.locator('[data-action=edit]').click();
  await page.locator('input[name=edit-tags]').fill('baseline, e2e');
  await page.locator('textarea[name=edit-notes]').fill('first run of the e2e suite');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(row.locator('.tag')).toHaveText(['baseline', 'e2e']);
  await page.locator('input[name=search]').fill('');
});

test('run a second experiment and compare the two', async () => {
  await designCpuRun(SECOND);
  await runToCompletion();

  await page.locator('[data-tab=history]').click();
  for (const name of [FIRST, SECOND]) await page.locator('tr', { hasText: name }).locator('input[type=checkbox]').check();
  await page.locator('[data-action=compare]').click();
  await expect(page.locator('[data-view=compare]')).toBeVisible();
  await expect(page.locator('[data-compare-run]')).toHaveCount(2);
  const rows = page.locator('[data-table=delta] tbody tr');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(5);
  await expect(page.locator('[data-table=delta]')).toContainText(/significant|not enough repetitions/);
  await expect(page.locator('canvas[data-chart=compare-speedup]')).toHaveAttribute('data-drawn', 'true');
  await page.locator('[data-tab=history]').click();
  await shoot(page, 'history');
  await page.goBack();
  await expect(page.locator('[data-view=compare]')).toBeVisible();
  await expect(page.locator('canvas[data-chart=compare-speedup]')).toHaveAttribute('data-drawn', 'true');
  await shoot(page, 'compare');
  // Each run lists the diagnoses its own numbers fired, or says none did.
  await expect(page.locator('[data-compare-run] [data-compare-diagnoses]')).toHaveCount(2);

  // The oldest run is the reference by default; the user can pick the other.
  const cards = page.locator('[data-compare-run]');
  await expect(cards.first()).toContainText(FIRST);
  await expect(cards.first().locator('[data-reference]')).toBeVisible();
  await cards.nth(1).locator('[data-action=make-reference]').click();
  await expect(page.locator('[data-compare-run]').first()).toContainText(SECOND);
  await expect(page.locator('[data-compare-run]').first().locator('[data-reference]')).toBeVisible();
});

test('History fits a 900 px window: Status, Edit and Delete without scrolling sideways', async () => {
  await page.setViewportSize({ width: 900, height: 800 });
  try {
    await page.locator('[data-tab=history]').click();
    const row = page.locator('tr', { hasText: FIRST });
    await expect(row).toBeVisible();
    const wrap = page.locator('.table-wrap').first();
    const { scrollWidth, clientWidth } = await wrap.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth, 'the history table scrolls sideways at 900 px').toBeLessThanOrEqual(clientWidth);
    for (const target of [row.locator('.badge'), row.locator('[data-action=edit]'), row.locator('[data-action=delete]')]) {
      const box = await target.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(900);
    }
    await shoot(page, 'history-900px');
  } finally {
    await page.setViewportSize({ width: 1400, height: 900 });
  }
});

test('History keeps its columns as its rows change, every row one height', async () => {
  await page.locator('[data-tab=history]').click();
  const table = page.locator('[data-table=history]');
  const rows = table.locator('tbody tr[data-run-id]');
  await expect(rows).toHaveCount(2);
  // The list is drawn by arithmetic on one row height: each row must be exactly that tall.
  const rowHeight = Number(await table.getAttribute('data-row-height'));
  expect(rowHeight).toBeGreaterThan(0);
  for (const h of await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height))) expect(h).toBe(rowHeight);
  const widths = () => table.locator('thead th').evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().width));
  const before = await widths();
  // One run, then none (a row across the whole table): the columns stay as they were.
  await page.locator('input[name=search]').fill(FIRST);
  await expect(rows).toHaveCount(1);
  expect(await widths()).toEqual(before);
  await page.locator('input[name=search]').fill('no such run');
  await expect(page.getByText('No run matches these filters')).toBeVisible();
  expect(await widths()).toEqual(before);
  await page.locator('input[name=search]').fill('');
  await expect(rows).toHaveCount(2);
});

test('a Results tab opened fresh shows the newest run', async ({ browser }) => {
  const fresh = await browser.newPage();
  try {
    await open(fresh, '#/results');
    await expect(fresh.locator('[data-view=results][data-ready=true]')).toBeVisible();
    await expect(fresh.locator('[data-run-name]')).toHaveText(SECOND);
  } finally {
    await fresh.close();
  }
});

test('export a run as JSON, delete it, and import it back', async ({}, testInfo) => {
  await page.locator('[data-tab=history]').click();
  await page.locator('tr', { hasText: FIRST }).getByRole('link', { name: FIRST }).click();
  await expect(page.locator('[data-view=results][data-ready=true]')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export=json]').click()]);
  const file = testInfo.outputPath('export.json');
  await download.saveAs(file);
  expect(download.suggestedFilename()).toMatch(/\.json$/);

  await page.locator('[data-tab=history]').click();
  const row = page.locator('tr', { hasText: FIRST });
  await row.locator('[data-action=delete]').click();
  await expect(page.getByText('Delete this run?')).toBeVisible();
  await shoot(page, 'history-delete-dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);

  await page.locator('[data-import-input]').setInputFiles(file);
  await expect(page.getByText('1 run imported')).toBeVisible();
  await expect(page.locator('tr', { hasText: FIRST })).toBeVisible();
});

test('cancel a long run and see it marked cancelled', async () => {
  await page.locator('[data-tab=design]').click();
  await page.locator('[data-workload=sleep]').click();
  await page.locator('input[name=ms]').fill('50');
  await page.locator('input[name=name]').fill('e2e long sleep');
  await page.locator('input[name=tasks]').fill('400');
  await page.locator('input[name=repetitions]').fill('5');
  await page.locator('[data-action=run]').click();
  await expect(page.locator('[data-run-status]')).toHaveText('running');
  // Wait for spans on the live timeline, then photograph a run in flight.
  await expect(page.locator('canvas[data-chart=timeline]')).toHaveAttribute('data-drawn', 'true', { timeout: 60_000 });
  await expect(page.locator('canvas[data-chart=utilization]')).toHaveAttribute('data-drawn', 'true');
  await shoot(page, 'live-running');
  await page.locator('[data-action=cancel]').click();
  await expect(page.locator('[data-run-status]')).toHaveText('cancelled');
  await expect(page.getByText(/Run cancelled/)).toBeVisible();

  await page.locator('[data-tab=history]').click();
  const row = page.locator('tr', { hasText: 'e2e long sleep' });
  await expect(row.locator('.badge')).toHaveText('cancelled');

  // Compared with a CPU run, it is flagged as not comparable, with the reasons.
  await page.locator('tbody input[type=checkbox]:checked').evaluateAll((boxes) => boxes.forEach((b) => (b as HTMLInputElement).click()));
  await page.locator('tr', { hasText: SECOND }).locator('input[type=checkbox]').check();
  await row.locator('input[type=checkbox]').check();
  await page.locator('[data-action=compare]').click();
  const warnings = page.locator('[data-compare-warnings]');
  await expect(warnings).toContainText('may not be comparable');
  await expect(warnings).toContainText('another workload (sleep, not primes)');
  await expect(warnings).toContainText('is cancelled');
  await shoot(page, 'compare-not-comparable');
});

test('run a shared-counter experiment and read who lost updates, cell by cell', async () => {
  await open(page, '#/design');
  await page.locator('[data-workload=shared]').click();
  await page.locator('input[name=name]').fill('e2e shared counter');
  await page.locator('input[name=ops]').fill('20000');
  await page.locator('input[name=tasks]').fill('2');
  await page.locator('input[name=repetitions]').fill('1');
  await page.locator('input[name=warmup]').fill('0');
  await page.locator('[data-shared-mode=yield-inside] input').check();
  for (const m of ['sequential', 'async', 'threads', 'processes', 'py-sequential', 'py-asyncio', 'py-threading', 'py-multiprocessing']) {
    const box = page.locator(`[data-model=${m}] input`);
    if (await box.isDisabled()) continue;
    if ((await box.isChecked()) !== ['async', 'threads', 'py-threading'].includes(m)) await box.click();
  }
  for (const chip of await page.locator('[data-level]').all()) {
    const k = Number(await chip.getAttribute('data-level'));
    if ((await chip.getAttribute('aria-pressed') === 'true') !== (k === 2)) await chip.click();
  }
  await expect(page.locator('[data-action=run]')).toBeEnabled();
  await shoot(page, 'design-shared');
  await runToCompletion();

  await page.locator('[data-action=open-results]').click();
  await expect(page.locator('[data-view=results][data-ready=true]')).toBeVisible();
  const cards = page.locator('[data-lost-updates]');
  await expect(cards).toBeVisible();
  // Invariants only, whatever the timing: async loses none unsafe, the guarded modes none anywhere.
  await expect(cards.locator('[data-cell="async@2"] [data-mode=unsafe]')).toContainText('none lost — tasks switch only at await');
  await expect(cards.locator('[data-cell="async@2"] [data-mode=yield-inside]')).toHaveAttribute('data-rule', 'lost-updates');
  await expect(cards.locator('[data-cell="async@2"] [data-mode=yield-inside]')).toContainText(/updates lost \(/);
  for (const cell of ['threads@2', 'py-threading@2']) {
    await expect(cards.locator(`[data-cell="${cell}"] [data-mode=locked]`)).toContainText(/none lost, .*× (slower than|its time)/);
    await expect(cards.locator(`[data-cell="${cell}"] [data-mode=yield-inside]`)).toContainText('not run — threads have no await');
  }
  await expect(cards.locator('[data-cell="py-threading@2"] [data-mode=atomic]')).toContainText('not run — Python has no atomic integer update');
  await expect(cards.locator('[data-cell="threads@2"]')).toContainText('State: a SharedArrayBuffer all worker threads see');
  await cards.scrollIntoViewIfNeeded();
  await shoot(page, 'results-shared');
});

test('History follows the scroll through hundreds of runs, drawing only the rows near the view', async () => {
  // 300 copies of a saved run, named to be filtered on, imported through the API and deleted after.
  const { runs } = await api<RunPage>('listRuns', { limit: 1 });
  const doc = JSON.parse((await api<{ content: string }>('exportRuns', { runIds: [runs[0].runId], format: 'json' })).content) as { runs: Record<string, unknown>[] };
  const N = 300;
  const ids = Array.from({ length: N }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const copies = ids.map((runId, i) => ({ ...doc.runs[0], runId, name: `e2e scroll ${i}`, startedAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString() }));
  await api('importRuns', JSON.stringify({ ...doc, runs: copies }));
  try {
    await page.locator('[data-tab=history]').click();
    await page.locator('input[name=search]').fill('e2e scroll');
    await expect(page.locator('[data-view=history]')).toHaveAttribute('data-total', String(N));
    const table = page.locator('[data-table=history]');
    const rowHeight = Number(await table.getAttribute('data-row-height'));
    const drawn = table.locator('tbody tr[data-index]');
    // Newest first: row i is copy N - 1 - i.
    await expect(table.locator('tbody tr[data-index="0"]')).toHaveAttribute('data-run-id', ids[N - 1]);
    expect(await drawn.count()).toBeLessThan(60);
    // One scroll, nothing else: the rows at the new place are drawn, and they are the right runs.
    const listTop = await table.locator('tbody tr[data-index="0"]').evaluate((tr) => tr.getBoundingClientRect().top + window.scrollY);
    await page.evaluate((y) => window.scrollTo(0, y), listTop + 200 * rowHeight);
    const row = table.locator('tbody tr[data-index="200"]');
    await expect(row).toHaveAttribute('data-run-id', ids[N - 1 - 200]);
    await expect(row).toBeInViewport();
    await expect(row.getByRole('link', { name: 'e2e scroll 99', exact: true })).toBeVisible();
    // The header stays in view under the app bar, naming the columns 200 rows down.
    await expect(table.locator('thead th', { hasText: 'Best speedup' })).toBeInViewport();
    expect(await drawn.count()).toBeLessThan(60);
    await expect(table.locator('tbody tr[data-index="0"]')).toHaveCount(0);
    // A jump of a screen or more draws only the rows in view; once it settles, the rows just
    // above and below come back (there to cover small scrolls).
    await expect(table.locator('tbody tr[data-index="197"]')).toHaveAttribute('data-run-id', ids[N - 1 - 197]);
    // Rows drawn as date and name only while flicked are whole again.
    await expect(table.locator('tbody tr[data-passing]')).toHaveCount(0);
    // And back to the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(table.locator('tbody tr[data-index="0"]')).toHaveAttribute('data-run-id', ids[N - 1]);
  } finally {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('input[name=search]').fill('');
    for (const id of ids) await api('deleteRun', id);
  }
});

test('the page logged no errors', async () => {
  expect(errors).toEqual([]);
});
