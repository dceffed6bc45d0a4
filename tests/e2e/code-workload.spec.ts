// The "Your code" card in Chromium against the real backend: CodeMirror edits the source,
// a syntax error is shown inline at its line, Try once runs task(0) in a worker and shows
// its result, and a short run of the user's Python function completes.
import { expect, test, type Page } from '@playwright/test';
import { api, collectErrors, open, shoot } from './lab-page.ts';

test.describe.configure({ mode: 'serial' });

const RUN_NAME = 'e2e my code';
let page: Page;
let errors: string[];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  errors = collectErrors(page);
});

// The specs share one server and database, and lab.spec.ts starts from an empty history:
// leave none of this file's runs behind.
test.afterAll(async () => {
  await page.close();
  const { runs } = await api<{ runs: { runId: string; name: string }[] }>('listRuns', { text: RUN_NAME });
  for (const run of runs.filter((r) => r.name === RUN_NAME)) await api('deleteRun', run.runId);
});

test('write a Python function in the editor, see a syntax error inline, try it once, and run it', async () => {
  await open(page, '#/design');
  await page.locator('[data-workload=code]').click();
  const editor = page.locator('[data-code-card] .cm-content');
  await expect(editor).toBeVisible();
  // The default example compiles.
  await expect(page.locator('[data-code-ok]')).toContainText('Python compiles');

  // Break it: the check finds the error at its line, and CodeMirror underlines it.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText('def task(i):\n    return (i\n');
  await expect(page.locator('[data-code-problems]')).toContainText("task.py:2:12: SyntaxError: '(' was never closed");
  await expect(page.locator('[data-code-card] .cm-lintRange-error')).toHaveCount(1);

  // Fix it, and try it once.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText('def task(i):\n    return sum(x * x for x in range(100_000))\n');
  await expect(page.locator('[data-code-ok]')).toBeVisible();
  await page.locator('[data-action=try-once]').click();
  await expect(page.locator('[data-try-result]')).toContainText('returned 333328333350000');
  await shoot(page, 'design-code');

  // A short run of it: Python models only, one level.
  await page.locator('input[name=name]').fill(RUN_NAME);
  await page.locator('input[name=tasks]').fill('4');
  await page.locator('input[name=repetitions]').fill('1');
  await page.locator('input[name=warmup]').fill('0');
  await page.locator('[data-action=run]').click();
  await expect(page).toHaveURL(/#\/live$/);
  await expect(page.locator('[data-run-status]')).toHaveText('completed', { timeout: 150_000 });
});

test('a thrown exception in Try once names its line', async () => {
  await open(page, '#/design');
  await page.locator('[data-workload=code]').click();
  const editor = page.locator('[data-code-card] .cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText('def task(i):\n    raise ValueError("no")\n');
  await expect(page.locator('[data-code-ok]')).toBeVisible();
  await page.locator('[data-action=try-once]').click();
  await expect(page.locator('[data-try-result]')).toContainText('task(0) raised: ValueError: no (task.py, line 2)');
});

test('the page logged no errors', async () => {
  expect(errors).toEqual([]);
});
