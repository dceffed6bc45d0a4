// Studies as a user meets them, against the real engine and the shared e2e database: write
// a small break-even study, watch its one progress bar, read the crossovers and the chart,
// run a second one and compare the two, run a classic-table study and read its marks, find
// the runs grouped in History, then delete every study (and with them their runs), so the
// database is left as it was found.
import { expect, test, type Page } from '@playwright/test';
import { api, collectErrors, open, paintedPixels, shoot } from './lab-page.ts';

test.describe.configure({ mode: 'serial' });

let page: Page;
let errors: string[];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  errors = collectErrors(page);
});

test.afterAll(async () => {
  // Whatever a failed test left behind: the specs share one database.
  for (const s of await api<{ studyId: string }[]>('listStudies')) await api('deleteStudy', s.studyId).catch(() => undefined);
  await page.close();
});

const sweep = (name: string, values: number[]) => ({
  name,
  base: { workload: { kind: 'sleep', ms: 1 }, models: ['async'], concurrency: [4], repetitions: 2, warmup: 0 },
  vary: { axis: 'taskMs', values, totalMs: 32 },
});

/** Opens "Or write a study" (a hash change keeps the page, and the section may be open already). */
async function writeOwn(): Promise<void> {
  const section = page.locator('details', { has: page.locator('textarea[name=study-json]') });
  if (!(await section.evaluate((d) => (d as HTMLDetailsElement).open))) await section.locator('summary').click();
}

async function runStudy(study: object): Promise<void> {
  await open(page, '#/study');
  await writeOwn();
  await page.locator('textarea[name=study-json]').fill(JSON.stringify(study));
  await page.locator('[data-action=start-own]').click();
  await expect(page.locator('[data-study-progress]')).toBeVisible();
  await expect(page.locator('[data-study-progress]')).toHaveCount(0, { timeout: 120_000 });
}

test('an empty Studies view offers the presets and says what a study is', async () => {
  await open(page, '#/study');
  await expect(page.getByText('No studies yet')).toBeVisible();
  await expect(page.locator('select[name=study-preset] option')).toHaveCount(5);
  await expect(page.locator('select[name=study-preset]')).toContainText('The classic table, measured in Node');
});

test('a bad study is refused with its field named, and nothing starts', async () => {
  await open(page, '#/study');
  await writeOwn();
  await page.locator('textarea[name=study-json]').fill(JSON.stringify({ ...sweep('bad', [0.5, 0.5]), vary: { axis: 'taskMs', values: [0.01, 1], totalMs: 32 } }));
  await page.locator('[data-action=start-own]').click();
  await expect(page.getByText('vary.values[0]: must be a number from 0.1 to 10000')).toBeVisible();
  await expect(page.locator('[data-study-progress]')).toHaveCount(0);
});

test('run a break-even study, read its crossover and chart, and compare it with a second', async () => {
  await runStudy(sweep('e2e break-even A', [0.5, 2, 8]));
  await page.locator('[data-study-id] a', { hasText: 'e2e break-even A' }).click();
  await expect(page.locator('[data-study-status]')).toHaveText('completed');
  await expect(page.locator('[data-findings] li')).toHaveCount(1);
  await expect(page.locator('[data-findings] li').first()).toContainText('Async (event loop) (k = 4):');
  const chart = page.locator('canvas[data-chart=break-even]');
  await expect(chart).toHaveAttribute('data-drawn', 'true');
  expect(await paintedPixels(page, 'canvas[data-chart=break-even]')).toBeGreaterThan(2000);
  await shoot(page, 'study-break-even');

  await runStudy(sweep('e2e break-even B', [0.5, 4]));
  for (const name of ['e2e break-even A', 'e2e break-even B']) {
    await page.locator('[data-study-id]', { hasText: name }).locator('input[type=checkbox]').check();
  }
  await page.locator('[data-action=compare-studies]').click();
  await expect(page.locator('[data-study]')).toHaveCount(2);
  await expect(page.locator('canvas[data-chart=break-even]')).toHaveAttribute('data-drawn', 'true');
  await shoot(page, 'study-compare');
});

test('run a classic-table study and read each claim against its measurement', async () => {
  await runStudy({
    name: 'e2e classic table',
    base: { tasks: 4, models: ['async'], concurrency: [2], repetitions: 2, warmup: 0 },
    vary: { axis: 'workload', values: [{ kind: 'primes', taskMs: 2 }, { kind: 'sleep', ms: 2 }] },
  });
  await page.locator('[data-study-id] a', { hasText: 'e2e classic table' }).click();
  const row = page.locator('[data-classic-table] tr[data-model=async]');
  await expect(row).toContainText('cooperative: the task decides when to give up control');
  await expect(row.locator('td[data-mark]')).toHaveCount(4);
  await expect(row.locator('td[data-mark]').first()).toContainText('claim: 1');
  await shoot(page, 'study-classic-table');
});

test('History groups the runs under their studies; deleting a study deletes its runs', async () => {
  await open(page, '#/history');
  await expect(page.locator('[data-history-studies]')).toContainText('e2e classic table');
  await expect(page.locator('[data-study-chip]').first()).toBeVisible();
  const runIds = (await api<{ runIds: string[] }[]>('listStudies')).flatMap((s) => s.runIds);
  expect(runIds.length).toBe(3 + 2 + 2);
  await open(page, '#/study');
  for (const name of ['e2e break-even A', 'e2e break-even B', 'e2e classic table']) {
    await page.locator('[data-study-id] a', { hasText: name }).click();
    await page.locator('[data-action=delete-study]').first().click();
    await page.getByRole('button', { name: 'Delete study and runs' }).click();
    await expect(page.getByText(`Deleted the study “${name}”`)).toBeVisible();
  }
  await expect(page.getByText('No studies yet')).toBeVisible();
  // Their runs went with them (other specs' runs, if any, stay).
  const left = await api<{ runs: { runId: string }[] }>('listRuns', { limit: 1000 });
  expect(left.runs.filter((r) => runIds.includes(r.runId))).toEqual([]);
});

test('the page logged no errors', async () => {
  expect(errors).toEqual([]);
});
