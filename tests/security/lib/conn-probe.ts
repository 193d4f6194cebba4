/**
 * Bare TCP connections whose life is observed: when they opened, what the server wrote, when the server
 * closed them. Used to hold connections open the way slow or idle clients do.
 */
import { connect, type Socket } from 'node:net';
import { parseResponses, type RawResponse } from './raw-http';

export interface ConnProbe {
  socket: Socket;
  openedAt: number;
  closedAt: number | null;
  /** When the server's first bytes arrived. */
  firstDataAt: number | null;
  data: Buffer[];
  error: string | null;
  responses(): RawResponse[];
}

export function openProbe(port: number, localAddress?: string): Promise<ConnProbe> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ...(localAddress ? { localAddress } : {}) });
    const p: ConnProbe = {
      socket,
      openedAt: 0,
      closedAt: null,
      firstDataAt: null,
      data: [],
      error: null,
      responses: () => parseResponses(Buffer.concat(p.data)).responses,
    };
    // A listener on 'data' keeps the socket reading, so the server's FIN is seen as soon as it comes.
    socket.on('data', (d: Buffer) => {
      p.firstDataAt ??= Date.now();
      p.data.push(d);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      p.error = err.code ?? err.message;
    });
    socket.on('close', () => {
      p.closedAt ??= Date.now();
    });
    socket.once('connect', () => {
      p.openedAt = Date.now();
      resolve(p);
    });
    socket.once('error', reject);
  });
}

/**
 * Opens `n` connections in batches (the listen backlog is 511: a burst past it leaves connections the
 * client thinks are open but the server never accepted, which would say nothing about the server).
 */
export async function openMany(n: number, port: number, localAddress?: string, batch = 50): Promise<ConnProbe[]> {
  const out: ConnProbe[] = [];
  for (let i = 0; i < n; i += batch) {
    out.push(
      ...(await Promise.all(Array.from({ length: Math.min(batch, n - i) }, () => openProbe(port, localAddress)))),
    );
  }
  return out;
}

/** 127.0.0.2 when this host lets a client bind it (Linux routes all of 127/8 to loopback), else undefined. */
export async function secondLoopbackAddress(port: number): Promise<string | undefined> {
  try {
    const p = await openProbe(port, '127.0.0.2');
    p.socket.destroy();
    return '127.0.0.2';
  } catch {
    return undefined;
  }
}

export async function waitFor(pred: () => boolean, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return pred();
}
