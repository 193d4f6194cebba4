/**
 * Starts the engine's process as an Electron `utilityProcess` (a Node.js child that Electron manages: no
 * run-as-node needed, so that fuse stays off), behind the supervisor's `EngineProcess`.
 */
import type { utilityProcess } from 'electron';
import type { Channel } from '../supervisor/channel';
import type { HostMessage } from '../supervisor/protocol';
import type { EngineProcess, LaunchEngine } from '../supervisor/options';

export type UtilityProcessModule = Pick<typeof utilityProcess, 'fork'>;

export function utilityLauncher(
  utilityProcess: UtilityProcessModule,
  entry: string,
  platform: NodeJS.Platform = process.platform,
  log: (line: string) => void = (line) => console.error(`[app] ${line}`),
): LaunchEngine {
  return (): EngineProcess => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'IICP Provider engine', stdio: 'inherit' });
    // A fatal V8 error in the engine (out of memory): its exit follows and the supervisor restarts it. Unheard, the
    // event would be thrown in the app's own process. Only its kind and place: the report holds the environment.
    child.on('error', (type: string, location: string) =>
      log(`the node's process hit a fatal error (${type} at ${location})`),
    );
    let gone = false;
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.once('exit', (code: number) => {
        gone = true;
        // Electron passes the OS's wait status on POSIX (SIGKILL reads 9, exit(78) reads 19968): only 0 means one thing
        // everywhere, and the supervisor decides from the engine's own messages, not from this number.
        resolve({ code: code === 0 ? 0 : null, signal: null });
      });
    });
    const channel: Channel<HostMessage, unknown> = {
      send(message) {
        if (gone) return;
        try {
          child.postMessage(message);
        } catch {
          // it is going away; its exit says the rest
        }
      },
      onMessage(listener) {
        const relay = (message: unknown) => listener(message);
        child.on('message', relay);
        return () => child.off('message', relay);
      },
    };
    return {
      // Known once the process has spawned (before it can answer anything).
      get pid() {
        return child.pid ?? null;
      },
      channel,
      kill() {
        if (gone) return;
        // `kill()` sends SIGTERM on POSIX, which a frozen loop never handles: a hung engine needs SIGKILL.
        if (platform !== 'win32' && child.pid) {
          try {
            process.kill(child.pid, 'SIGKILL');
            return;
          } catch {
            // already gone
          }
        }
        child.kill();
      },
      exited,
    };
  };
}
