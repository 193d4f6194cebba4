import WebSocket from 'ws';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, type BridgeMessage, type NodeSnapshot, type Result } from '@shared/contract';

/** A minimal Node client of the headless bridge, as a second dashboard or a script would use it. */
export class TestBridgeClient {
  readonly snapshots: NodeSnapshot[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as BridgeMessage;
      if (msg.type === 'event' && msg.event === 'snapshot') this.snapshots.push(msg.data as NodeSnapshot);
      if (msg.type === 'result') {
        this.pending.get(msg.id)?.(msg.result);
        this.pending.delete(msg.id);
      }
    });
  }

  static connect(port: number, token: string, headers: Record<string, string> = {}): Promise<TestBridgeClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${BRIDGE_PATH}`, [BRIDGE_PROTOCOL, `token.${token}`], {
        headers,
      });
      const client = new TestBridgeClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })),
      );
      ws.once('error', reject);
    });
  }

  call(command: string, request: unknown = {}): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, command, request }));
    });
  }

  /** Resolves with the first snapshot (already received or future) that satisfies `pred`. */
  async waitForSnapshot(pred: (s: NodeSnapshot) => boolean, timeoutMs = 5000): Promise<NodeSnapshot> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.snapshots.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error('timed out waiting for a matching snapshot');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.ws.close();
  }
}
