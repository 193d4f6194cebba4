/**
 * What `--gateway` adds to the host's output: one line with the gateway's address once it listens (or why it does
 * not), taken from the snapshots the host receives anyway, and the path of the first app key's file when it was made.
 */
import type { NodeSnapshot } from '@shared/contract';
import type { Dispatch } from '@shared/contract/dispatch';
import { ensureGatewayKeyFile } from './gateway-key-file';

/** The engine as the host sees it: the supervisor, or the node itself when it runs in this process. */
export interface SnapshotSource {
  getSnapshot(): NodeSnapshot | null;
  onSnapshot(listener: (snapshot: NodeSnapshot) => void): () => void;
}

export interface GatewayReportOutput {
  print(line: string): void;
  warn(line: string): void;
}

/** The line for the gateway as a snapshot shows it; null while it neither listens nor said why not. */
export function gatewayLine(gateway: NodeSnapshot['gateway'] | undefined): string | null {
  if (gateway?.baseUrl) return `Gateway: ${gateway.baseUrl}`;
  if (gateway?.problem) return `Gateway: not listening: ${gateway.problem}`;
  return null;
}

/** Prints the gateway's line once, from the first snapshot that has one; returns what stops waiting for it. */
export function announceGateway(engine: SnapshotSource, print: (line: string) => void): () => void {
  let done = false;
  let off: (() => void) | null = null;
  const look = (snapshot: NodeSnapshot | null) => {
    if (done || !snapshot) return;
    const line = gatewayLine(snapshot.gateway);
    if (line === null) return;
    done = true;
    off?.();
    print(line);
  };
  off = engine.onSnapshot(look);
  look(engine.getSnapshot());
  if (done) off();
  return () => off?.();
}

/**
 * The gateway's line once it is known, and its first app key in the data folder (the path printed, never the key).
 * A key that cannot be made is a warning: the node and its gateway run on, and a key can be made on the dashboard.
 */
export function reportGateway(engine: SnapshotSource, dispatch: Dispatch, dataDir: string, out: GatewayReportOutput): { stop(): void; keyFile: Promise<void> } {
  const stop = announceGateway(engine, (line) => out.print(line));
  const keyFile = ensureGatewayKeyFile(dataDir, dispatch).then(
    (file) => {
      if (file.made) out.print(`Gateway key: ${file.path}`);
    },
    (err: unknown) => out.warn(err instanceof Error ? err.message : String(err)),
  );
  return { stop, keyFile };
}
