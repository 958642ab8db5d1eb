// Browser tests: the built renderer in Debian's Chromium against browser mode and the local
// server (test/e2e), and the Electron app where its binary exists (test/electron).
// `npm test` runs them inside a throwaway Secret Service; by hand:
//   node scripts/with-secret-service.mjs npx playwright test
import { defineConfig } from '@playwright/test';

export default defineConfig({
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results/playwright',
  // Every test signs in against the same keychain service, so tests run one at a time; the
  // machine has two cores and each test runs Chromium, the app core and the server.
  workers: 1,
  fullyParallel: false,
  // One second try on a starved runner; `npm test` names every test that needed it.
  retries: 1,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    headless: true,
    viewport: { width: 1000, height: 700 },
    actionTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'browser-mode', testDir: 'test/e2e', testMatch: '**/*.spec.ts' },
    { name: 'electron', testDir: 'test/electron', testMatch: '**/*.spec.ts' },
  ],
});
