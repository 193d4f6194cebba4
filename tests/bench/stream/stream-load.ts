/**
 * The stream bench's load: `c` workers, each sending one streamed request after another for a fixed time, and for
 * each one the time to its first chunk of text and to its end. Over HTTP (the backend directly, or the gateway) with
 * one kept-alive connection per worker, reading OpenAI's server-sent events (or, `buffered`, one JSON answer); to the
 * node over its native port with the native client, one connection per worker. An answer counts as good only when
 * its text is the whole answer.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { NativeClient } from '@engine/native';

export type StreamTarget =
  | { kind: 'http'; url: string; headers: Record<string, string>; body: string; buffered: boolean }
  | { kind: 'native'; host: string; port: number; intent: string; payload: Uint8Array };

export interface StreamSlice {
  /** Times to the first chunk of text, ms, of the good answers after the warm-up. */
  firstChunk: number[];
  /** Times to the end, ms. */
  total: number[];
  good: number;
  /** Good answers that began in the warm-up (not timed, but their CPU is in the slice's). */
  warmupGood: number;
  bad: number;
  firstProblem: string | null;
  durationMs: number;
}

interface One {
  firstMs: number;
  totalMs: number;
  text: string;
}

function textOfChunk(event: string): string {
  if (!event.startsWith('data: ') || event === 'data: [DONE]') return '';
  const chunk = JSON.parse(event.slice(6)) as { choices?: { delta?: { content?: string | null } }[] };
  return chunk.choices?.[0]?.delta?.content ?? '';
}

function httpOnce(agent: Agent, t: Extract<StreamTarget, { kind: 'http' }>): Promise<One> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstMs = Number.NaN;
    let text = '';
    let buffered = '';
    const req = request(
      t.url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(t.body), ...t.headers },
      },
      (res) => {
        res.setEncoding('utf8');
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`HTTP ${res.statusCode}`));
        }
        res.on('data', (s: string) => {
          buffered += s;
          if (t.buffered) return;
          let at: number;
          while ((at = buffered.indexOf('\n\n')) >= 0) {
            const piece = textOfChunk(buffered.slice(0, at));
            buffered = buffered.slice(at + 2);
            if (piece && Number.isNaN(firstMs)) firstMs = performance.now() - t0;
            text += piece;
          }
        });
        res.on('end', () => {
          const totalMs = performance.now() - t0;
          if (t.buffered) {
            const body = JSON.parse(buffered) as { choices?: { message?: { content?: string } }[] };
            text = body.choices?.[0]?.message?.content ?? '';
            firstMs = totalMs;
          }
          resolve({ firstMs, totalMs, text });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(t.body);
  });
}

async function nativeOnce(client: NativeClient, t: Extract<StreamTarget, { kind: 'native' }>): Promise<One> {
  const t0 = performance.now();
  let firstMs = Number.NaN;
  let text = '';
  for await (const f of client.stream({ intent: t.intent, payload: t.payload, taskId: randomUUID() })) {
    if (f.status !== 'partial') {
      if (f.status !== 'success') throw new Error(`terminal ${String(f.status)}: ${JSON.stringify(f.error)}`);
      continue;
    }
    const r = f.result;
    const piece =
      typeof r === 'string'
        ? r
        : r instanceof Map && typeof r.get('content') === 'string'
          ? (r.get('content') as string)
          : '';
    if (piece && Number.isNaN(firstMs)) firstMs = performance.now() - t0;
    text += piece;
  }
  return { firstMs, totalMs: performance.now() - t0, text };
}

/**
 * Runs `c` workers for `warmupMs + durationMs` (each sends one request at least); only answers begun after the warm-up
 * are timed.
 */
export async function runStreamLoad(
  t: StreamTarget,
  c: number,
  warmupMs: number,
  durationMs: number,
  answer: string,
): Promise<StreamSlice> {
  const out: StreamSlice = {
    firstChunk: [],
    total: [],
    good: 0,
    warmupGood: 0,
    bad: 0,
    firstProblem: null,
    durationMs,
  };
  // The native connections are opened before the clock starts, as the HTTP ones are kept alive across a slice.
  const natives =
    t.kind === 'native'
      ? await Promise.all(Array.from({ length: c }, () => NativeClient.open({ host: t.host, port: t.port })))
      : [];
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  const agent = new Agent({ keepAlive: true, maxSockets: c });
  const worker = async (native: NativeClient | undefined): Promise<void> => {
    try {
      do {
        const began = performance.now();
        try {
          const one =
            native && t.kind === 'native'
              ? await nativeOnce(native, t)
              : await httpOnce(agent, t as Extract<StreamTarget, { kind: 'http' }>);
          if (one.text !== answer || Number.isNaN(one.firstMs))
            throw new Error(`a wrong answer: ${JSON.stringify(one.text.slice(0, 80))}`);
          if (began < measureFrom) {
            out.warmupGood++;
            continue;
          }
          out.good++;
          out.firstChunk.push(one.firstMs);
          out.total.push(one.totalMs);
        } catch (err) {
          out.bad++;
          out.firstProblem ??= err instanceof Error ? err.message : String(err);
          return;
        }
      } while (performance.now() < end);
    } finally {
      native?.close();
    }
  };
  await Promise.all(Array.from({ length: c }, (_, i) => worker(natives[i])));
  agent.destroy();
  return out;
}
