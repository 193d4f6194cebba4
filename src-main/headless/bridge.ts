import type { WebSocket } from 'ws';
import { API_VERSION, BridgeRequestSchema, type BridgeMessage, type EventName } from '@shared/contract';
import type { Dispatch } from '@shared/contract/dispatch';

const MAX_IN_FLIGHT = 32;
/** Past this much unsent data a client is not keeping up; snapshots are level state, so skipping is safe. */
const MAX_BUFFERED = 1 << 20;

export interface BridgeSource {
  dispatch: Dispatch;
  subscribe(event: EventName, listener: (data: unknown) => void): () => void;
}

/** Serves one authenticated bridge connection: commands in, results and events out. */
export function serveBridgeConnection(ws: WebSocket, source: BridgeSource): void {
  let inFlight = 0;
  const send = (msg: BridgeMessage, droppable = false) => {
    if (ws.readyState !== ws.OPEN) return;
    if (droppable && ws.bufferedAmount > MAX_BUFFERED) return;
    ws.send(JSON.stringify(msg));
  };
  send({ type: 'hello', apiVersion: API_VERSION });

  const unsubscribers = (['snapshot', 'engineEvent'] as const).map((event) =>
    source.subscribe(event, (data) => send({ type: 'event', event, data }, true)),
  );
  ws.on('close', () => unsubscribers.forEach((u) => u()));
  ws.on('error', () => ws.terminate());

  ws.on('message', (raw, isBinary) => {
    const reject = (id: number, message: string) =>
      send({ type: 'result', id, result: { ok: false, error: { code: 'invalid_request', message } } });
    if (isBinary) return reject(-1, 'Frames must be JSON text.');
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString());
    } catch {
      return reject(-1, 'The frame is not valid JSON.');
    }
    const req = BridgeRequestSchema.safeParse(parsed);
    if (!req.success) return reject(-1, 'A request needs exactly { id, command, request }.');
    if (inFlight >= MAX_IN_FLIGHT) return reject(req.data.id, 'Too many requests in flight on this connection.');
    inFlight += 1;
    void source
      .dispatch(req.data.command, req.data.request)
      .then((result) => send({ type: 'result', id: req.data.id, result }))
      .finally(() => {
        inFlight -= 1;
      });
  });
}
