/**
 * The gateway in the host's output: a line each time it starts listening, stops, or cannot listen, however it was
 * switched (by `--gateway` or on the dashboard), taken from the snapshots the host receives anyway; and with
 * `--gateway`, the path of the first app key's file when it was made.
 */
import type { NodeSnapshot } from '@shared/contract';
import type { Dispatch } from '@shared/contract/dispatch';
import { english } from '@shared/i18n/say';
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

/** The line for the gateway as a snapshot shows it; null while it starts (neither listens nor said why not). */
export function gatewayLine(gateway: NodeSnapshot['gateway'] | undefined): string | null {
  if (gateway?.baseUrl) return `Gateway: ${gateway.baseUrl}`;
  if (gateway?.problem) return `Gateway: not listening: ${english.said(gateway.problem)}`;
  if (gateway && !gateway.enabled) return GATEWAY_OFF_LINE;
  return null;
}

export const GATEWAY_OFF_LINE = 'Gateway: off';

/**
 * Prints the gateway's line whenever it changes: where it listens once it does, why not when it cannot, and "off"
 * when a gateway that was on is switched off. A node whose gateway was never on prints nothing about it. Returns what
 * stops following it.
 */
export function announceGateway(engine: SnapshotSource, print: (line: string) => void): () => void {
  // Nothing said yet counts as off: a gateway that stays off is not news.
  let last: string = GATEWAY_OFF_LINE;
  const look = (snapshot: NodeSnapshot | null) => {
    if (!snapshot) return;
    const line = gatewayLine(snapshot.gateway);
    if (line === null || line === last) return;
    last = line;
    print(line);
  };
  const off = engine.onSnapshot(look);
  look(engine.getSnapshot());
  return off;
}

export interface GatewayReportOptions {
  /** With `--gateway`: make the first app key and keep it in the data folder's `gateway-key`. */
  keyFile: boolean;
}

/**
 * The gateway's line whenever it changes, and with `--gateway` its first app key in the data folder (the path
 * printed, never the key). A key that cannot be made is a warning: the node and its gateway run on, and a key can be
 * made on the dashboard.
 */
export function reportGateway(
  engine: SnapshotSource,
  dispatch: Dispatch,
  dataDir: string,
  out: GatewayReportOutput,
  options: GatewayReportOptions = { keyFile: true },
): { stop(): void; keyFile: Promise<void> } {
  const stop = announceGateway(engine, (line) => out.print(line));
  const keyFile = !options.keyFile
    ? Promise.resolve()
    : ensureGatewayKeyFile(dataDir, dispatch).then(
        (file) => {
          if (file.made) out.print(`Gateway key: ${file.path}`);
        },
        (err: unknown) => out.warn(err instanceof Error ? err.message : String(err)),
      );
  return { stop, keyFile };
}
