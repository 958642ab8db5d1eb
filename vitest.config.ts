import { defineConfig } from 'vitest/config';

// Node-side tests: the local MTProto server, the app core (login flow, adapter, vault, router,
// browser bridge). Browser tests are Playwright's (playwright.config.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'server/test/**/*.test.ts'],
    exclude: ['node_modules/**', 'test/e2e/**', 'test/electron/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests start real servers on loopback; a test file runs its cases in order.
    sequence: { concurrent: false },
    // Real servers, real crypto and real sockets on a shared two-core runner: one second try, so a
    // starved timer doesn't fail CI, while every test that needed it is named by `npm test`.
    retry: 1,
  },
});
