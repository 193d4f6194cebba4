/**
 * HTTP/1.1 over a bare TCP socket, for what node:http refuses to send (duplicate Content-Length, CR/LF in
 * header values, absolute request targets, smuggling attempts) and for reading every response a server
 * writes on a connection, in order, including ones a client library would not expect.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers keep every value. */
  headers: Record<string, string[]>;
  body: Buffer;
}

export interface RawExchange {
  responses: RawResponse[];
  /** The server ended or closed the connection (as opposed to us giving up). */
  closedByServer: boolean;
  /** We gave up waiting (`timeoutMs`) and destroyed the socket. */
  timedOut: boolean;
  /** Bytes after the last complete response that do not form one (garbage or a cut-off answer). */
  leftover: Buffer;
  /** A socket error (ECONNRESET, EPIPE …), if any. */
  error: string | null;
  durationMs: number;
}

export interface RawOptions {
  /** After at least `minResponses` complete responses, stop once nothing has arrived for this long. */
  idleMs?: number;
  minResponses?: number;
  /** Give up after this long in any case. */
  timeoutMs?: number;
  /**
   * With no answer yet after this long, half-close our side (an incomplete request then gets its error). Not for a
   * complete request: Node's server drops a request it is still working on when the client half-closes.
   */
  halfCloseAfterMs?: number;
  /** The first request was HEAD: its response has no body whatever its Content-Length says. */
  headFirst?: boolean;
  localAddress?: string;
  /** Chunks written one after another (`pauseMs` apart); a single Buffer is written at once. */
  pauseMs?: number;
}

/** Parses as many complete responses from `buf` as there are; returns them and the rest. */
export function parseResponses(buf: Buffer, headFirst = false): { responses: RawResponse[]; rest: Buffer } {
  const responses: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const head = buf.subarray(at, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(head[0] ?? '');
    if (!m) break;
    const headers: Record<string, string[]> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      (headers[name] ??= []).push(line.slice(colon + 1).trim());
    }
    const status = Number(m[1]);
    let p = end + 4;
    let body: Buffer;
    const noBody =
      (headFirst && responses.length === 0) || status === 204 || status === 304 || (status >= 100 && status < 200);
    if (noBody) {
      body = Buffer.alloc(0);
    } else if ((headers['transfer-encoding']?.[0] ?? '').toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      let complete = false;
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', p);
        if (lineEnd < 0) break;
        const size = parseInt(buf.subarray(p, lineEnd).toString('latin1'), 16);
        if (!Number.isFinite(size)) break;
        if (size === 0) {
          // The last chunk: "0\r\n", optional trailer lines, then an empty line.
          const trailerEnd = buf.indexOf('\r\n\r\n', lineEnd);
          if (trailerEnd < 0) break;
          p = trailerEnd + 4;
          complete = true;
          break;
        }
        if (lineEnd + 2 + size + 2 > buf.length) break;
        parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        p = lineEnd + 2 + size + 2;
      }
      if (!complete) break;
      body = Buffer.concat(parts);
    } else if (headers['content-length']) {
      const len = Number(headers['content-length'][0]);
      if (!Number.isSafeInteger(len) || p + len > buf.length) break;
      body = buf.subarray(p, p + len);
      p += len;
    } else {
      // Close-delimited: the rest of the stream (only complete once the server has closed).
      body = buf.subarray(p);
      p = buf.length;
    }
    responses.push({ status, headers, body: Buffer.from(body) });
    at = p;
  }
  return { responses, rest: buf.subarray(at) };
}

/** Writes `data` on a fresh connection and collects every response until the server closes or goes quiet. */
export function rawExchange(port: number, data: Buffer | Buffer[], opts: RawOptions = {}): Promise<RawExchange> {
  const idleMs = opts.idleMs ?? 150;
  const minResponses = opts.minResponses ?? 1;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | null = null;
    let closedByServer = false;
    let timedOut = false;
    let done = false;
    let idleTimer: NodeJS.Timeout | null = null;
    let halfTimer: NodeJS.Timeout | null = null;
    const socket: Socket = connect({
      host: '127.0.0.1',
      port,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(overall);
      if (idleTimer) clearTimeout(idleTimer);
      if (halfTimer) clearTimeout(halfTimer);
      socket.destroy();
      const all = Buffer.concat(chunks);
      let { responses, rest } = parseResponses(all, opts.headFirst);
      // A HEAD request line the server could not parse is answered with a body (it never saw "HEAD").
      if (opts.headFirst && rest.length > 0) {
        const plain = parseResponses(all, false);
        if (plain.rest.length === 0) ({ responses, rest } = plain);
      }
      resolve({ responses, closedByServer, timedOut, leftover: rest, error, durationMs: Date.now() - started });
    };
    const overall = setTimeout(() => {
      timedOut = true;
      finish();
    }, timeoutMs);
    const armIdle = () => {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        // Interim answers (100 Continue) do not count: the final one is still to come.
        if (
          parseResponses(Buffer.concat(chunks), opts.headFirst).responses.filter((x) => x.status >= 200).length >=
          minResponses
        )
          finish();
        else armIdle();
      }, idleMs);
    };
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      armIdle();
    });
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('close', () => {
      closedByServer = closedByServer || !done;
      finish();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
    });
    socket.once('connect', () => {
      const list = Array.isArray(data) ? data : [data];
      const writeNext = (i: number) => {
        if (i >= list.length || done || socket.destroyed) return;
        socket.write(list[i]!);
        if (opts.pauseMs) setTimeout(() => writeNext(i + 1), opts.pauseMs);
        else writeNext(i + 1);
      };
      writeNext(0);
      armIdle();
      if (opts.halfCloseAfterMs !== undefined) {
        halfTimer = setTimeout(() => {
          if (chunks.length === 0 && !socket.destroyed) socket.end();
        }, opts.halfCloseAfterMs);
      }
    });
  });
}

/** A request head from lines; `\r\n` is added after each line and once more at the end. */
export function head(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n\r\n`;
}
