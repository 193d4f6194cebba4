import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three bundles: the main process (Electron shell and the headless host share the engine), the sandboxed
// preload (must be a single CommonJS file: sandboxed preloads cannot load modules), and the renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          app: resolve(import.meta.dirname, 'src-main/app/index.ts'),
          headless: resolve(import.meta.dirname, 'src-main/headless/index.ts'),
          // The engine's own process: forked by the headless host, a utilityProcess of the desktop app.
          engine: resolve(import.meta.dirname, 'src-main/engine-process/index.ts'),
          // The task codec's worker thread (src-main/engine/server/codec-pool.ts loads it beside the bundle).
          'codec-worker': resolve(import.meta.dirname, 'src-main/engine/server/codec-worker.ts'),
          // The XML reader of LAN devices' answers (src-main/engine/nat/pinhole/xml-reader.ts loads it the same way).
          'pinhole-xml-worker': resolve(import.meta.dirname, 'src-main/engine/nat/pinhole/xml-worker.ts'),
          // The router port-mapping library's thread (src-main/engine/nat/nat-api-thread.ts loads it the same way).
          'nat-api-worker': resolve(import.meta.dirname, 'src-main/engine/nat/nat-api-worker.ts'),
        },
        // Shared chunks beside the entries, so `new URL('./codec-worker.js', import.meta.url)` finds the worker
        // from whichever file the pool's code lands in.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
});
