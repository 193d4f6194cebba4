/**
 * Entry point of the engine's own process (bundled to out/main/engine.js): started by the headless host with
 * Node's `fork` and by the desktop app as an Electron `utilityProcess`. Never imports `electron`.
 *
 * The engine is loaded only after the young generation is held small (supervisor/young-generation.ts): a static import
 * would be evaluated before this module's first line.
 */
import { parentChannel } from '../supervisor/channel';
import { holdYoungGeneration, letYoungGenerationGrow } from '../supervisor/young-generation';
import type { EngineMessage } from '../supervisor/protocol';

holdYoungGeneration();
const { runEngineProcess } = await import('./engine-process');
const channel = parentChannel<EngineMessage, unknown>();
if (!channel) {
  process.stderr.write(
    'iicp-provider: the engine process is started by the app or `npm run headless`, not on its own.\n',
  );
  process.exit(64);
}

runEngineProcess({
  channel,
  env: process.env,
  exit: (code) => process.exit(code),
  onHostGone: (listener) => {
    // A forked engine whose host died (even by SIGKILL) sees its channel close: it stops cleanly instead of serving on
    // alone.
    process.once('disconnect', listener);
  },
  onStopSignal: (listener) => {
    process.on('SIGTERM', listener);
    process.on('SIGINT', listener);
  },
  onFreezeSignal: (listener) => process.on('SIGUSR2', listener),
  onRunning: letYoungGenerationGrow,
});
