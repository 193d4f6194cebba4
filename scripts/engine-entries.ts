/**
 * The engine's bundles: its own process and each worker thread it starts, by the name the built file gets. The engine
 * finds a thread's module beside its own bundle by that name (`threadModuleUrl`, `new URL('./codec-worker.js', …)`),
 * so the app's build (electron.vite.config.ts) and the tests that bundle the engine (tests/support/engine-bundle.ts)
 * read this one list. Paths are relative to the project folder.
 */
export const ENGINE_ENTRIES: Readonly<Record<string, string>> = {
  // The engine's own process: forked by the headless host, a utilityProcess of the desktop app.
  engine: 'src-main/engine-process/index.ts',
  // The task codec's worker thread (src-main/engine/server/codec-pool.ts loads it beside the bundle).
  'codec-worker': 'src-main/engine/server/codec-worker.ts',
  // The XML reader of LAN devices' answers (src-main/engine/nat/pinhole/xml-reader.ts loads it the same way).
  'pinhole-xml-worker': 'src-main/engine/nat/pinhole/xml-worker.ts',
  // The router port-mapping library's thread (src-main/engine/nat/nat-api-thread.ts loads it the same way).
  'nat-api-worker': 'src-main/engine/nat/nat-api-worker.ts',
  // The database's checkpoint thread (src-main/engine/store/checkpointer.ts loads it the same way).
  'checkpoint-worker': 'src-main/engine/store/checkpoint-worker.ts',
  // The ledger's thread: folds and the receipt poster (src-main/engine/earnings/ledger-thread.ts loads it).
  'ledger-worker': 'src-main/engine/earnings/ledger-worker.ts',
  // The owner watcher's thread: the GPU tools and running programs (src-main/engine/owner/owner-thread.ts).
  'owner-worker': 'src-main/engine/owner/owner-worker.ts',
  // The check of the directory's signed event log (src-main/engine/verification/verify-runner.ts).
  'verify-worker': 'src-main/engine/verification/verify-worker.ts',
  // The gateway's codec thread: large app requests and node answers (engine/gateway/listener/gateway-codec.ts).
  'gateway-codec-worker': 'src-main/engine/gateway/listener/gateway-codec-worker.ts',
};
