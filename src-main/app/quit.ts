/**
 * Quitting always stops the engine first, whoever asks: the tray's Quit item, the OS (log-out, Cmd+Q,
 * SIGTERM, which Electron turns into `before-quit`) or a second request while the first is under way.
 */
import type { App } from 'electron';

export interface QuitController {
  /** True from the first quit request on: closing the window then really closes it. */
  readonly isQuitting: boolean;
  /** Stops the engine, then quits the app. Calling it again returns the same promise. */
  quit(): Promise<void>;
  /**
   * Stops the engine for a quit someone else carries out (installing an update): the windows may close from then on,
   * and the quit that follows goes ahead at once.
   */
  prepareToQuit(): Promise<void>;
  /** The `before-quit` listener: holds the quit until the engine has stopped. */
  onBeforeQuit(event: { preventDefault(): void }): void;
}

export function createQuitController(
  app: Pick<App, 'quit' | 'exit'>,
  engine: { stop(): Promise<void> },
): QuitController {
  let quitting = false;
  let engineStopped = false;
  let exiting = false;
  let stopping: Promise<void> | null = null;
  let quitRequest: Promise<void> | null = null;

  const stopEngine = (): Promise<void> =>
    (stopping ??= engine
      .stop()
      .catch((err: unknown) => {
        console.error(`[app] the engine did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
      })
      .then(() => {
        engineStopped = true;
      }));

  return {
    get isQuitting() {
      return quitting;
    },
    prepareToQuit() {
      quitting = true;
      return stopEngine();
    },
    quit() {
      quitRequest ??= (async () => {
        quitting = true;
        await stopEngine();
        if (!exiting) app.quit();
      })();
      return quitRequest;
    },
    onBeforeQuit(event) {
      quitting = true;
      if (engineStopped) return; // the engine is down: let Electron close the windows and exit
      event.preventDefault();
      if (exiting) return;
      exiting = true;
      void stopEngine().then(() => app.exit(0));
    },
  };
}
