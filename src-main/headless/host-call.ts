/**
 * A command-line run asks the host already running on a data folder, over its dashboard bridge, so the one process
 * that owns the node answers (`--verify-earnings`, `--fleet`, the operator commands). The dashboard token is the one
 * this run was given (IICP_UI_TOKEN or --ui-token-file, as the host was), else the data folder's kept one.
 */
import { join } from 'node:path';
import { liveLockOwners } from '@engine/identity';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, type ContractErrorBody } from '@shared/contract';
import { keptDashboardPort } from './dashboard-link';
import { SERVICE_TOKEN_FILE_NAME } from './service-plan';
import { readTokenFile } from './token-file';

export type HostAnswer<T> = { ok: true; value: T } | { ok: false; problem: string };

/** How to reach the host: its dashboard port (else the kept one) and token (else the kept one). */
export interface HostReach {
  port?: number | null;
  token?: string | null;
}

/** The processes other than this one that hold the node lock of `dataDir`: a host (or the desktop app) serving it. */
export function hostsOnFolder(dataDir: string): number[] {
  return liveLockOwners(join(dataDir, 'run')).filter((pid) => pid !== process.pid);
}

/** What to do when a host runs but cannot be asked. */
const USE_DASHBOARD = 'Use its dashboard, or stop it and run this again.';

/** Runs `ask` with a bridge to the host on `dataDir`; a host that cannot be asked is a sentence. */
export async function withRunningHost<T>(
  dataDir: string,
  reach: HostReach,
  ask: (bridge: BridgeClient) => Promise<T>,
): Promise<HostAnswer<T>> {
  const running = hostsOnFolder(dataDir);
  const who =
    running.length > 0 ? `IICP Provider is running on this data folder (process ${running.join(', ')})` : null;
  const p = reach.port || keptDashboardPort(dataDir);
  let token = reach.token ?? null;
  if (token === null) {
    try {
      token = readTokenFile(join(dataDir, SERVICE_TOKEN_FILE_NAME));
    } catch {
      if (who) {
        return {
          ok: false,
          problem: `${who}, but its dashboard token is not in the data folder: the host was given it in IICP_UI_TOKEN or with --ui-token-file. Give this command the same token the same way.\n`,
        };
      }
      return {
        ok: false,
        problem:
          'No IICP Provider has run on this data folder yet (it has no dashboard token). Start it with npm run headless first.\n',
      };
    }
  }
  if (p === null) {
    if (who)
      return {
        ok: false,
        problem: `${who}, but its dashboard port is not known here: give it with --ui-port. ${USE_DASHBOARD}\n`,
      };
    return {
      ok: false,
      problem:
        'IICP Provider is not running on this data folder. Start it with npm run headless, then run this again.\n',
    };
  }
  let bridge: BridgeClient;
  try {
    bridge = await BridgeClient.open(`ws://127.0.0.1:${p}${BRIDGE_PATH}`, token);
  } catch {
    if (who) {
      return {
        ok: false,
        problem: `${who}, but its dashboard did not answer at port ${p} with this token. The desktop app has no such dashboard; a host given another token or port needs the same here. ${USE_DASHBOARD}\n`,
      };
    }
    return {
      ok: false,
      problem:
        'IICP Provider is not running on this data folder (its dashboard does not answer). Start it with npm run headless, then run this again.\n',
    };
  }
  try {
    return { ok: true, value: await ask(bridge) };
  } catch (err) {
    return { ok: false, problem: `The node could not be asked: ${err instanceof Error ? err.message : String(err)}\n` };
  } finally {
    bridge.close();
  }
}

/** A refusal of the node, with the contract's error code and field issues (a wrong passphrase is one of those). */
export class HostCallError extends Error {
  constructor(readonly body: ContractErrorBody) {
    super(body.message);
    this.name = 'HostCallError';
  }
}

type Answer = { ok: boolean; value?: unknown; error?: ContractErrorBody };

/** The smallest client of the host's bridge: one request at a time, answered by id. */
export class BridgeClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Answer) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (e) => {
      let m: { type?: string; id?: number; result?: Answer };
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
      for (const w of this.waiting.values())
        w({ ok: false, error: { code: 'engine_unavailable', message: 'the node closed the connection' } });
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

  /** The command's value; a refusal throws `HostCallError`, a silence past `timeoutMs` a plain Error. */
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
        else reject(new HostCallError(r.error ?? { code: 'internal', message: 'the node refused' }));
      });
      this.ws.send(JSON.stringify({ id, command, request }));
    });
  }

  close(): void {
    this.ws.close();
  }
}
