/**
 * A command-line run asks the host already running on a data folder, over its dashboard bridge with the folder's
 * dashboard token, so the one process that owns the node answers (`--verify-earnings`, `--fleet`).
 */
import { join } from 'node:path';
import { BRIDGE_PATH, BRIDGE_PROTOCOL } from '@shared/contract';
import { keptDashboardPort } from './dashboard-link';
import { SERVICE_TOKEN_FILE_NAME } from './service-plan';
import { readTokenFile } from './token-file';

export type HostAnswer<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Runs `ask` with a bridge to the host on `dataDir` (its kept port, or `port`); a host that cannot be asked is a sentence. */
export async function withRunningHost<T>(dataDir: string, port: number | null, ask: (bridge: BridgeClient) => Promise<T>): Promise<HostAnswer<T>> {
  const p = port ?? keptDashboardPort(dataDir);
  let token: string;
  try {
    token = readTokenFile(join(dataDir, SERVICE_TOKEN_FILE_NAME));
  } catch {
    return { ok: false, problem: 'No IICP Provider has run on this data folder yet (it has no dashboard token). Start it with npm run headless first.\n' };
  }
  if (p === null) return { ok: false, problem: 'IICP Provider is not running on this data folder. Start it with npm run headless, then run this again.\n' };
  let bridge: BridgeClient;
  try {
    bridge = await BridgeClient.open(`ws://127.0.0.1:${p}${BRIDGE_PATH}`, token);
  } catch {
    return { ok: false, problem: 'IICP Provider is not running on this data folder (its dashboard does not answer). Start it with npm run headless, then run this again.\n' };
  }
  try {
    return { ok: true, value: await ask(bridge) };
  } catch (err) {
    return { ok: false, problem: `The node could not be asked: ${err instanceof Error ? err.message : String(err)}\n` };
  } finally {
    bridge.close();
  }
}

/** The smallest client of the host's bridge: one request at a time, answered by id. */
export class BridgeClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: { ok: boolean; value?: unknown; error?: { message: string } }) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (e) => {
      let m: { type?: string; id?: number; result?: { ok: boolean; value?: unknown; error?: { message: string } } };
      try {
        m = JSON.parse(String(e.data)) as typeof m;
      } catch {
        return;
      }
      if (m.type !== 'result' || typeof m.id !== 'number' || !m.result) return;
      this.waiting.get(m.id)?.(m.result);
      this.waiting.delete(m.id);
    });
    ws.addEventListener('close', () => {
      for (const w of this.waiting.values()) w({ ok: false, error: { message: 'the node closed the connection' } });
      this.waiting.clear();
    });
  }

  static open(url: string, token: string): Promise<BridgeClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, [BRIDGE_PROTOCOL, `token.${token}`]);
      const timer = setTimeout(() => {
        ws.close();
        reject(new Error('timed out'));
      }, 10_000);
      ws.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(new BridgeClient(ws));
      });
      ws.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new Error('no answer'));
      });
    });
  }

  call(command: string, request: unknown, timeoutMs: number): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('the node did not answer in time'));
      }, timeoutMs);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        if (r.ok) resolve(r.value);
        else reject(new Error(r.error?.message ?? 'the node refused'));
      });
      this.ws.send(JSON.stringify({ id, command, request }));
    });
  }

  close(): void {
    this.ws.close();
  }
}
