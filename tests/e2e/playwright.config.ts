// End-to-end tests of the UI in Debian's Chromium against browser mode: the real
// engine and a temporary real database, served by `concurrency-lab serve` (global-setup.ts).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // Two cores shared with the engine under test: one browser, one test at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  outputDir: '../../test-results/e2e-artifacts',
  globalSetup: './global-setup.ts',
  reporter: 'list',
  use: {
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
