// Adds up every runner's results into the one closing line CI reads:
// "N passed, N failed, N skipped". A runner whose report is missing counts as a failure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
let skipped = 0;

const steps = join(dir, 'steps.txt');
if (existsSync(steps)) {
  for (const line of readFileSync(steps, 'utf8').split('\n').filter(Boolean)) {
    if (line.endsWith(' passed')) passed++;
    else failed++;
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch {
    return null;
  }
}

const vitest = readJson('vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
} else {
  console.error('no Vitest report: counted as a failure');
  failed++;
}

// The Python runner's unittest suite (scripts/test.sh writes what unittest reported).
const python = readJson('python.json');
if (python) {
  passed += python.run - python.failed - python.skipped;
  failed += python.failed;
  skipped += python.skipped;
  if (python.reason) console.log(`tests/unit/python (unittest): skipped: ${python.reason}`);
} else {
  console.error('no Python unittest report: counted as a failure');
  failed++;
}

for (const [file, config] of [['e2e.json', 'tests/e2e'], ['electron.json', 'tests/electron']]) {
  if (!existsSync(join(config, 'playwright.config.ts'))) continue;
  const report = readJson(file);
  if (!report) {
    console.error(`no Playwright report for ${config}: counted as a failure`);
    failed++;
    continue;
  }
  // A skip must say why (e.g. no Electron binary here): print each reason once.
  const reasons = new Set();
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        for (const a of t.annotations ?? []) if (a.type === 'skip') reasons.add(a.description ?? 'no reason given');
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  for (const reason of reasons) console.log(`${config}: skipped: ${reason}`);
  passed += report.stats.expected + report.stats.flaky;
  failed += report.stats.unexpected;
  skipped += report.stats.skipped;
  for (const err of report.errors ?? []) console.error(`${config}: ${err.message}`);
  if ((report.errors ?? []).length) failed++;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
