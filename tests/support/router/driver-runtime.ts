/**
 * The driver side of the JSON-lines protocol (see protocol.ts). Used by lan-driver.ts and wan-driver.ts, which run
 * as `ip netns exec <ns> node --import tsx <driver>.ts` and therefore share nothing but stdio with the test.
 */
import { get } from 'node:http';
import { createInterface } from 'node:readline';
import { format } from 'node:util';
import type { CommandMap, DriverReply, DriverRequest, HttpResult } from './protocol';

export type Handlers<C extends CommandMap<C>> = {
  [K in keyof C]: (args: C[K]['args']) => C[K]['result'] | Promise<C[K]['result']>;
};

export interface DriverRuntime {
  emit(event: string, data: unknown): void;
}

/** An error whose `code` travels to the test (e.g. ECONNREFUSED, or a PortMapperError kind). */
export class DriverError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Reads requests from stdin, answers on stdout, and exits (after `cleanup`) when stdin closes. stdout belongs to
 * the protocol: console.log/info/debug are redirected to stderr so engine logging cannot corrupt it.
 */
export function serveDriver<C extends CommandMap<C>>(
  name: string,
  handlers: Handlers<C>,
  cleanup: () => Promise<void>,
): DriverRuntime {
  const toStderr = (...a: unknown[]): void => {
    process.stderr.write(`[${name}] ${format(...a)}\n`);
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;

  const write = (obj: unknown): void => {
    process.stdout.write(`${JSON.stringify(obj)}\n`);
  };
  let exiting = false;
  const exit = (code: number): void => {
    if (exiting) return;
    exiting = true;
    const hard = setTimeout(() => process.exit(code), 10_000);
    hard.unref();
    void cleanup()
      .catch((err: unknown) => toStderr('cleanup failed:', err))
      .finally(() => process.exit(code));
  };

  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let req: DriverRequest;
    try {
      req = JSON.parse(line) as DriverRequest;
    } catch {
      toStderr('unparsable request line:', line);
      return;
    }
    const handler = (handlers as Record<string, ((args: unknown) => unknown) | undefined>)[req.cmd];
    if (req.cmd === 'exit') {
      write({ id: req.id, ok: true, result: null } satisfies DriverReply);
      exit(0);
      return;
    }
    if (!handler) {
      write({
        id: req.id,
        ok: false,
        error: `unknown command ${req.cmd}`,
        code: 'unknown_command',
      } satisfies DriverReply);
      return;
    }
    void (async () => {
      try {
        const result = await handler(req.args ?? {});
        write({ id: req.id, ok: true, result: result ?? null } satisfies DriverReply);
      } catch (err) {
        const e = err as { message?: string; code?: unknown; kind?: unknown };
        const code = typeof e.code === 'string' ? e.code : typeof e.kind === 'string' ? e.kind : undefined;
        write({
          id: req.id,
          ok: false,
          error: e.message ?? String(err),
          ...(code ? { code } : {}),
        } satisfies DriverReply);
      }
    })();
  });
  rl.on('close', () => exit(0));
  process.on('SIGTERM', () => exit(0));
  process.on('uncaughtException', (err) => toStderr('uncaught exception:', err));
  process.on('unhandledRejection', (err) => toStderr('unhandled rejection:', err));

  const runtime: DriverRuntime = { emit: (event, data) => write({ event, data }) };
  // Tells the client the driver is up (tsx startup takes a moment).
  setImmediate(() => runtime.emit('ready', { pid: process.pid }));
  return runtime;
}

/** GET with a fresh connection and a hard timeout; rejects with the errno code (ECONNREFUSED, ETIMEDOUT, ...). */
export function httpGet(url: string, timeoutMs = 5_000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    let done = false;
    const req = get(url, { agent: false, headers: { accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => finish(err));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = null;
        }
        finish(null, { status: res.statusCode ?? 0, text, json });
      });
    });
    const timer = setTimeout(() => {
      finish(new DriverError(`GET ${url} timed out after ${timeoutMs} ms`, 'ETIMEDOUT'));
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish(new DriverError(`GET ${url} failed: ${err.code ?? err.message}`, err.code ?? 'EHTTP')),
    );
    function finish(err: Error | null, value?: HttpResult): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value!);
    }
  });
}
