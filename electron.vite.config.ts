import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { ENGINE_ENTRIES } from './scripts/engine-entries';
import { pathAliases } from './scripts/path-aliases';

// Where the bundles go: `out/` unless IICP_BUILD_OUT_DIR says otherwise (a test builds beside the suite's own
// build, so the running tests never see a half-emptied out/).
const OUT = resolve(import.meta.dirname, process.env.IICP_BUILD_OUT_DIR ?? 'out');

// The app loads every bundle from disk, never over a network, so Vite's advice about chunks over 500 kB (meant for
// web pages) does not apply; the renderer's real budget is its gzipped initial JS, held by
// tests/unit/renderer/bundle-size.test.ts. Above this a chunk would still be worth a look.
const CHUNK_WARNING_KB = 1024;

// Rolldown reports plugins that took long; on a busy machine that is every build, and it is advice for plugin
// authors, not for the person starting the app.
const checks = { bundlerTimings: false };

const aliases = pathAliases(import.meta.dirname);

const LAUNCH_BUNDLED = ['zod', 'intl-messageformat'];

// Three bundles: the main process (Electron shell and the headless host share the engine), the sandboxed
// preload (must be a single CommonJS file: sandboxed preloads cannot load modules), and the renderer.
export default defineConfig({
  main: {
    resolve: { alias: aliases },
    build: {
      outDir: resolve(OUT, 'main'),
      chunkSizeWarningLimit: CHUNK_WARNING_KB,
      // Dependencies stay in node_modules, loaded as they are, except those every process loads at launch and that
      // come as many small modules: bundled, each is one file to read and compile instead of dozens (zod alone took
      // about 75 ms of a launch to load).
      externalizeDeps: { exclude: LAUNCH_BUNDLED },
      rollupOptions: {
        checks,
        input: {
          app: resolve(import.meta.dirname, 'src-main/app/index.ts'),
          headless: resolve(import.meta.dirname, 'src-main/headless/index.ts'),
          // The engine's process and its worker threads, each named as the engine looks for it.
          ...Object.fromEntries(
            Object.entries(ENGINE_ENTRIES).map(([name, path]) => [name, resolve(import.meta.dirname, path)]),
          ),
        },
        // Shared chunks beside the entries, so `new URL('./codec-worker.js', import.meta.url)` finds the worker
        // from whichever file the pool's code lands in.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    resolve: { alias: aliases },
    build: {
      outDir: resolve(OUT, 'preload'),
      externalizeDeps: false,
      rollupOptions: {
        checks,
        input: { index: resolve(import.meta.dirname, 'src-preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    plugins: [react()],
    resolve: { alias: aliases },
    build: {
      outDir: resolve(OUT, 'renderer'),
      chunkSizeWarningLimit: CHUNK_WARNING_KB,
      minify: true,
      rollupOptions: {
        checks,
        input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') },
        // The libraries (React, zod, FormatJS…) in a chunk of their own: the page's own code and words change with
        // every release, the libraries rarely, and neither grows past the warning above on the other's account.
        output: { codeSplitting: { groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/ }] } },
      },
    },
  },
});
