/**
 * The message port between host and engine, whichever way the engine process was started: Node's `fork` IPC channel
 * under the headless host, Electron's `utilityProcess` port in the desktop app. Sending never throws: a message to a
 * process that is gone is dropped, and the supervisor learns of the exit from the process itself.
 */
export interface Channel<Out, In> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): () => void;
}

/** The minimum of Electron's `process.parentPort` (a utility process's end) this module needs. */
export interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off?(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

/**
 * The engine's end: Electron's `process.parentPort` in a utility process, else the `fork` IPC channel. Null when the
 * process was started by neither (run by hand).
 */
export function parentChannel<Out, In>(
  proc: NodeJS.Process & { parentPort?: ParentPortLike } = process,
): Channel<Out, In> | null {
  const port = proc.parentPort;
  if (port) {
    return {
      send(message) {
        try {
          port.postMessage(message);
        } catch {
          // the host is gone; this process is about to be stopped
        }
      },
      onMessage(listener) {
        const relay = (event: { data: unknown }) => listener(event.data as In);
        port.on('message', relay);
        return () => port.off?.('message', relay);
      },
    };
  }
  if (typeof proc.send !== 'function') return null;
  return {
    send(message) {
      if (!proc.connected) return;
      try {
        proc.send!(message as object, undefined, undefined, () => undefined);
      } catch {
        // the host is gone
      }
    },
    onMessage(listener) {
      const relay = (message: unknown) => listener(message as In);
      proc.on('message', relay);
      return () => proc.off('message', relay);
    },
  };
}
