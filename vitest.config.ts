import { defineConfig } from 'vitest/config';
import { pathAliases } from './scripts/path-aliases';

const aliases = pathAliases(import.meta.dirname);

const SERIAL = [
  'tests/security/**/*.test.ts',
  'tests/faults/**/*.test.ts',
  'tests/install/**/*.test.ts',
  'tests/integration/router/**/*.test.ts',
  // Each bench loads the machine: its smoke run goes alone.
  'tests/bench/**/*.test.ts',
];
/**
 * A test beside unit tests in the folder of the module it covers, that starts a server, a process, a thread or a node.
 */
const IT = ['tests/**/*.it.test.ts'];

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    // The JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest-report.json' }]],
    // German is loaded on demand in the page; every test process has it from the start.
    setupFiles: ['tests/support/every-language.ts'],
    projects: [
      {
        extends: true,
        test: {
          // One module at a time, in this process: no server, node, child process or engine thread, so the whole
          // project takes seconds. Its folders mirror the source (tests/unit/server for src-main/engine/server).
          // Two files at a time: one per core.
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          exclude: [...IT],
          environment: 'node',
          testTimeout: 30_000,
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          // Tests that start a server, a stand-in directory or relay, a child process, an engine thread or a whole
          // node: they wait on sockets, processes and threads far more than they compute, so two files at a time keep
          // both cores busy, where Vitest's default on a two-core machine (cores - 1) runs one at a time.
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', ...IT],
          exclude: [...SERIAL],
          environment: 'node',
          globalSetup: ['tests/support/thread-bundle-setup.ts'],
          testTimeout: 30_000,
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          // Tests that measure memory, event-loop holds or throughput, kill processes, install packages, or build
          // network namespaces with fixed names: each file runs alone so that no other file skews or collides with it.
          name: 'serial',
          include: [...SERIAL],
          environment: 'node',
          globalSetup: ['tests/support/thread-bundle-setup.ts'],
          testTimeout: 30_000,
          fileParallelism: false,
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
