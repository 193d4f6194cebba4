import { request } from 'node:http';

/** The most of an answer the page's box reads. */
const MAX_TRY_BYTES = 1024 * 1024;

export interface TryAnswer {
  text: string;
  model: string | null;
  taskId: string | null;
}

export class TryRefused extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'TryRefused';
  }
}

/**
 * One chat message through the gateway's own port with the page's key, exactly as an app would send it: the box
 * shows what an app would get, and a broken gateway shows there first.
 */
export function tryThroughGateway(o: { port: number; key: string; model: string; prompt: string }): Promise<TryAnswer> {
  const body = JSON.stringify({ model: o.model, messages: [{ role: 'user', content: o.prompt }], max_tokens: 256 });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: o.port,
        path: '/v1/chat/completions',
        method: 'POST',
        headers: {
          Host: `127.0.0.1:${o.port}`,
          Authorization: `Bearer ${o.key}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (c: Buffer) => {
          total += c.length;
          if (total > MAX_TRY_BYTES) req.destroy(new TryRefused('The answer was too long to show here.', 'too_large'));
          else chunks.push(c);
        });
        res.on('end', () => {
          let json: Record<string, unknown>;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            return reject(new TryRefused('The gateway sent an answer that is not JSON.', 'bad_answer'));
          }
          const taskId = typeof res.headers['x-iicp-task-id'] === 'string' ? res.headers['x-iicp-task-id'] : null;
          if (res.statusCode !== 200) {
            const e = (json.error ?? {}) as Record<string, unknown>;
            return reject(
              new TryRefused(
                typeof e.message === 'string' ? e.message : `The gateway answered HTTP ${res.statusCode}.`,
                typeof e.code === 'string' ? e.code : 'failed',
              ),
            );
          }
          const choice = Array.isArray(json.choices)
            ? (json.choices[0] as Record<string, unknown> | undefined)
            : undefined;
          const message = choice?.message as Record<string, unknown> | undefined;
          resolve({
            text: typeof message?.content === 'string' ? message.content : '',
            model: typeof json.model === 'string' ? json.model : null,
            taskId,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
