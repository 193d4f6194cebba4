import { request } from 'node:http';
import { hostHeader, type LanUrl } from './lan-url';

export interface LanHttpRequest {
  url: LanUrl;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Bound on the whole exchange (connect, send, read). */
  timeoutMs: number;
  /** Bodies past this are refused (a LAN device must not make the app buffer without limit). */
  maxBytes: number;
  /** Source address to send from; routers check that pinhole requests come from the address being opened. */
  localAddress?: string;
}

export interface LanHttpResponse {
  status: number;
  body: string;
}

/** Errors keep the errno code (ECONNREFUSED, EADDRNOTAVAIL, ETIMEDOUT) so callers can word them. */
export class LanHttpError extends Error {
  override readonly name = 'LanHttpError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** One HTTP/1.1 exchange on a fresh connection (no keep-alive: these calls are minutes apart). */
export function lanHttp(req: LanHttpRequest): Promise<LanHttpResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string> = { host: hostHeader(req.url), connection: 'close', ...req.headers };
    if (body) headers['content-length'] = String(body.length);
    const r = request(
      {
        host: req.url.host,
        port: req.url.port,
        path: req.url.path,
        method: req.method,
        headers,
        agent: false,
        localAddress: req.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let total = 0;
        const declared = Number(res.headers['content-length'] ?? Number.NaN);
        if (Number.isFinite(declared) && declared > req.maxBytes) {
          finish(new LanHttpError(`the answer is larger than ${req.maxBytes} bytes`, 'ETOOBIG'));
          return;
        }
        res.on('data', (c: Buffer) => {
          total += c.length;
          if (total > req.maxBytes) {
            finish(new LanHttpError(`the answer is larger than ${req.maxBytes} bytes`, 'ETOOBIG'));
            return;
          }
          chunks.push(c);
        });
        res.on('error', (err: NodeJS.ErrnoException) => finish(new LanHttpError(err.message, err.code ?? 'EHTTP')));
        res.on('end', () =>
          finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    const timer = setTimeout(
      () => finish(new LanHttpError(`no answer within ${req.timeoutMs} ms`, 'ETIMEDOUT')),
      req.timeoutMs,
    );
    r.on('error', (err: NodeJS.ErrnoException) => finish(new LanHttpError(err.message, err.code ?? 'EHTTP')));
    r.end(body);

    function finish(err: Error | null, value?: LanHttpResponse): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Whatever is still open (a slow or oversized answer) is torn down; the result is decided.
      r.destroy();
      if (err) reject(err);
      else resolve(value!);
    }
  });
}
