import { defineConfig } from 'vitest/config';
import { pathAliases } from './scripts/path-aliases';

const aliases = pathAliases(import.meta.dirname);

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    // The JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest-report.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/faults/**/*.test.ts', 'tests/security/**/*.test.ts', 'tests/install/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          // React components rendered into a simulated DOM (happy-dom) and driven as a person would: by role, label
          // and text, with a stand-in `window.provider`. Fast, no browser and no build.
          name: 'components',
          include: ['tests/components/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['tests/components/support/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // `expect.poll` waits for what a page shows after an action; Vitest's default of 1 s is shorter than a
          // re-render takes in Chromium on a loaded two-core machine. The wait still ends as soon as the page agrees.
          expect: { poll: { timeout: 10_000 } },
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // The packaged app driven by Playwright's _electron (release workflow); skipped, with the reason, where
          // there is neither a packaged app nor an Electron binary.
          name: 'desktop',
          include: ['tests/desktop/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
