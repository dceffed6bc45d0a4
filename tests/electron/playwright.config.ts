// Playwright `_electron` tests of the desktop shell, on the built app (npm run build first;
// scripts/test.sh does). Where Electron's binary is missing they are skipped, with the reason.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // One Electron at a time: the tests share the machine's cores with what they measure.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  outputDir: '../../test-results/electron',
});
