import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyStillComing, DrainAllowance, drainThenClose, readBody, type BodyTerms } from '../../net';
import { errorBody, LIMITS, MAX_FORM_BYTES, type GatewayApi } from '../api-shapes';
import { presentedKey, KEYLESS_APP_NAME, KEYLESS_KEY_ID } from '../keys';
import { GATEWAY_ROUTES, type GatewayHandlers, type Route } from './gateway-routes';
import { retryHeaders, servedHeaders, type Served } from './served';
import type { StreamSink } from './stream-sink';
import { GATEWAY_SIGNATURE, GATEWAY_SIGNATURE_HEADER } from './port-holder';

/** A request body larger than this is refused unread: a long chat with a few images fits well inside it. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Requests handled at once; past it an app is told to come back (the network is slower than any local app). */
export const MAX_IN_FLIGHT = 64;
/** A request's whole time on the network when the app does not say (`X-IICP-Timeout-Ms`). */
export const DEFAULT_TIMEOUT_MS = 120_000;

const BASE_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

/** The names a loopback listener is reached by; any other Host is a web page's DNS rebinding, refused. */
function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
}

function timeoutOf(req: IncomingMessage): number {
  const raw = req.headers['x-iicp-timeout-ms'];
  const n = typeof raw === 'string' && /^\d{1,7}$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isFinite(n) ? Math.min(300_000, Math.max(1000, n)) : DEFAULT_TIMEOUT_MS;
}

/**
 * How a body may be shaped, judged on its bytes as they arrive: `JSON.parse` of four million nested arrays (4 MB)
 * holds the event loop for most of a second and takes over 100 MiB before any reader could refuse it. As deep as
 * the request readers take, and as many values as a node takes in a whole task.
 */
const BODY_TERMS: BodyTerms = { maxBytes: MAX_BODY_BYTES, shape: { maxDepth: LIMITS.depth, maxValues: 100_000 } };
/** An audio upload is a form, not JSON: its bytes are capped as they come but never scanned as JSON. */
const FORM_TERMS: BodyTerms = { ...BODY_TERMS, maxBytes: MAX_FORM_BYTES, scanFrom: MAX_FORM_BYTES };

/**
 * The gateway's listener: on 127.0.0.1 only. Each request is checked in the order that costs least first — the
 * Host name (a web page reaching loopback through its own DNS name is refused), the browser Origin (only those the
 * person allowed), the app key, then the body's size — so nothing from an app without a key is ever parsed.
 */
export class GatewayServer {
  private server: Server | null = null;
  private inFlight = 0;
  private readonly drain = new DrainAllowance();
  private boundPort = 0;

  constructor(private readonly h: GatewayHandlers) {}

  get port(): number | null {
    return this.server ? this.boundPort : null;
  }

  /** Listens on 127.0.0.1:`port` (0 = any free port); rejects with the socket's error (EADDRINUSE …). */
  async listen(port: number): Promise<number> {
    const server = createServer(
      { requestTimeout: 30_000, headersTimeout: 10_000, maxHeaderSize: 16 * 1024 },
      (req, res) =>
        // Whatever goes wrong inside, the app gets an answer and the engine goes on: a rejection here would end it.
        this.handle(req, res).catch(() =>
          this.send(
            res,
            500,
            errorBody('openai', 500, 'internal_error', 'The gateway failed to handle this request.'),
            {},
          ),
        ),
    );
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined);
    server.on('clientError', (_err, socket) => socket.destroy());
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    return this.boundPort;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeIdleConnections();
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      // Requests on their way get a moment; an app waiting on a slow node is cut after it.
      setTimeout(() => s.closeAllConnections(), 2000).unref();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // On every answer, before any check: another copy of the app that finds this port taken can tell it is ours.
    res.setHeader(GATEWAY_SIGNATURE_HEADER, GATEWAY_SIGNATURE);
    const path = (req.url ?? '/').split('?')[0]!;
    const entry = Object.hasOwn(GATEWAY_ROUTES, path) ? GATEWAY_ROUTES[path]! : null;
    const api = entry?.api ?? 'openai';
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      this.send(res, status, errorBody(api, status, code, message), {
        ...retryHeaders(status, code),
        ...headers,
        ...this.closing(req, false),
      });
    if (!hostAllowed(req.headers.host, this.boundPort))
      return fail(403, 'host_not_allowed', 'This gateway answers only at 127.0.0.1 or localhost.', {
        Connection: 'close',
      });
    const origin = req.headers.origin;
    let cors: Record<string, string> = {};
    if (origin !== undefined) {
      if (!this.h.allowedOrigins().includes(origin))
        return fail(
          403,
          'origin_not_allowed',
          'Web pages may not use this gateway unless you allow their origin on the Use the network page.',
          { Connection: 'close' },
        );
      cors = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers':
            'Authorization, Content-Type, X-Api-Key, Anthropic-Version, X-IICP-Timeout-Ms',
          'Access-Control-Max-Age': '600',
        });
        res.end();
        return;
      }
    }
    // The key before the path: a caller without one learns nothing of which paths exist. No key at all (a malformed
    // one is a wrong key, not none) lets an Ollama app in for free answers when the person allows it, and lets Open
    // WebUI's speech settings, which ask without one, read the two speech lists: they name only what this computer and
    // the person's own machines run, read no body and spend nothing.
    const presented = presentedKey(req.headersDistinct);
    const keylessList = entry?.route.kind === 'audio' && presented.kind === 'none';
    const freeOnly =
      keylessList || (entry?.api === 'ollama' && presented.kind === 'none' && this.h.keylessOllama?.() === true);
    const key = freeOnly
      ? { id: KEYLESS_KEY_ID, name: KEYLESS_APP_NAME }
      : presented.kind === 'key'
        ? this.h.checkKey(presented.key)
        : null;
    if (!key)
      return fail(
        401,
        'invalid_api_key',
        'A valid app key is needed: make one on the Use the network page and send it as "Authorization: Bearer <key>".',
        { ...cors, 'WWW-Authenticate': 'Bearer' },
      );
    if (!entry) return fail(404, 'not_found', 'There is no such path on this gateway.', cors);
    if (req.method !== entry.route.method)
      return fail(405, 'method_not_allowed', `Use ${entry.route.method} for this path.`, {
        ...cors,
        Allow: entry.route.method,
      });
    if (this.inFlight >= MAX_IN_FLIGHT)
      return fail(429, 'busy', 'The gateway is handling many requests; try again in a moment.', {
        ...cors,
        'Retry-After': '1',
      });
    const admitted = entry.route.kind === 'ask' || entry.route.kind === 'speech' ? this.h.admit?.(key.id) : undefined;
    if (admitted && !admitted.ok)
      return fail(429, 'rate_limited', admitted.message, { ...cors, 'Retry-After': String(admitted.retryAfterS) });
    this.inFlight += 1;
    try {
      await this.answer(req, res, { route: entry.route, api, cors, appKeyId: key.id, freeOnly });
    } finally {
      this.inFlight -= 1;
    }
  }

  private async answer(
    req: IncomingMessage,
    res: ServerResponse,
    r: { route: Route; api: GatewayApi; cors: Record<string, string>; appKeyId: string; freeOnly: boolean },
  ): Promise<void> {
    const { route, api, cors } = r;
    // An upload too large is about its file (OpenAI's `param`), so an app can say which part to make smaller.
    const param = route.kind === 'speech' && route.route === 'openai.transcription' ? 'file' : undefined;
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      this.send(res, status, errorBody(api, status, code, message, status === 413 ? param : undefined), {
        ...cors,
        ...retryHeaders(status, code),
        ...headers,
      });
    if (route.kind === 'audio') {
      if (!this.h.audioLists) return fail(404, 'not_found', 'There is no such path on this gateway.');
      return this.send(res, 200, await this.h.audioLists(route.what, r.freeOnly), cors);
    }
    if (route.kind === 'fixed') return this.send(res, 200, route.body, cors);
    if (route.kind === 'list') return this.send(res, 200, route.list(await this.h.models(r.freeOnly)), cors);
    if (route.kind === 'running')
      return this.send(res, 200, (await this.h.running?.(r.freeOnly)) ?? { models: [] }, cors);
    const form = route.kind === 'speech' && route.route === 'openai.transcription';
    const read = await readBody(req, form ? FORM_TERMS : BODY_TERMS);
    if (read.kind === 'gone') return;
    if (read.kind === 'refused') {
      if (read.problem === 'too_deep')
        return fail(
          400,
          'invalid_request',
          `The request body is nested deeper than ${LIMITS.depth} levels.`,
          this.closing(req, true),
        );
      if (read.problem === 'too_many_values')
        return fail(
          400,
          'invalid_request',
          `The request body holds more than ${BODY_TERMS.shape.maxValues} values.`,
          this.closing(req, true),
        );
      return fail(
        413,
        'payload_too_large',
        `The request is larger than ${(form ? MAX_FORM_BYTES : MAX_BODY_BYTES) / (1024 * 1024)} MiB.`,
        this.closing(req, true),
      );
    }
    if (route.kind === 'show') {
      const shown = this.h.show
        ? await this.h.show(read.raw, r.freeOnly)
        : { status: 404, body: errorBody(api, 404, 'not_found', 'There is no such path on this gateway.') };
      return this.send(res, shown.status, shown.body, cors);
    }
    if (route.kind === 'speech' && !this.h.speech)
      return fail(404, 'not_found', 'There is no such path on this gateway.');
    const cancel = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) cancel.abort();
    });
    let served: Served;
    if (route.kind === 'speech') {
      served = await this.h.speech!(
        route.route,
        { contentType: req.headers['content-type'], body: read.raw },
        { timeoutMs: timeoutOf(req), signal: cancel.signal, appKeyId: r.appKeyId },
      );
    } else {
      const shaped = await this.h.shape(route.route, read.raw);
      if (!shaped.ok) return fail(shaped.status, shaped.code, shaped.message);
      const asked = shaped.ask;
      const sink = asked.stream ? this.sinkFor(res, cors) : undefined;
      served = await this.h.serve(asked, {
        timeoutMs: asked.timeoutMs ?? timeoutOf(req),
        signal: cancel.signal,
        sink,
        appKeyId: r.appKeyId,
        freeOnly: r.freeOnly,
      });
    }
    if (served.written) return void res.end();
    if (cancel.signal.aborted) return;
    const told = { ...cors, ...servedHeaders(served) };
    if (!served.ok || !served.answer)
      return this.send(res, served.status, errorBody(api, served.status, served.code, served.message, served.param), {
        ...told,
        ...retryHeaders(served.status, served.code),
      });
    const { contentType, chunks } = served.answer;
    if (contentType === null) return this.sendText(res, 200, { text: chunks.join(''), type: 'application/json' }, told);
    res.writeHead(200, { ...BASE_HEADERS, ...told, 'Content-Type': contentType });
    for (const chunk of chunks) res.write(chunk);
    res.end();
  }

  /** Where a streamed answer is written as it comes: the headers with the first piece, then each piece at once. */
  private sinkFor(res: ServerResponse, cors: Record<string, string>): StreamSink {
    return {
      begin: (contentType, ids) => {
        res.writeHead(200, { ...BASE_HEADERS, ...cors, ...servedHeaders(ids), 'Content-Type': contentType });
      },
      // A slow app slows the node: the next piece is read once this one is taken (or the app is gone).
      write: (text) =>
        new Promise<void>((resolve) => {
          if (res.destroyed || res.write(text)) return resolve();
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        }),
    };
  }

  /**
   * A refusal while much of the body is still to come, or after part of it was read, closes the connection once the
   * rest is discarded, within bounds (net/drain-then-close.ts): a client that writes its whole body before it reads
   * (httpx, under the OpenAI Python SDK) then reads the JSON answer instead of a reset.
   */
  private closing(req: IncomingMessage, readStarted: boolean): Record<string, string> {
    if (req.complete || !(readStarted || bodyStillComing(req))) return {};
    return drainThenClose(req, req.socket.remoteAddress ?? 'local', this.drain);
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    this.sendText(
      res,
      status,
      typeof body === 'string'
        ? { text: body, type: 'text/plain; charset=utf-8' }
        : { text: JSON.stringify(body), type: 'application/json' },
      headers,
    );
  }

  /** A body already serialised (an answer rendered off the event loop is sent as it came). */
  private sendText(
    res: ServerResponse,
    status: number,
    body: { text: string; type: string },
    headers: Record<string, string>,
  ): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    const { text } = body;
    res.writeHead(status, {
      ...BASE_HEADERS,
      ...headers,
      'Content-Type': body.type,
      'Content-Length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }
}
