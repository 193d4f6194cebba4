/**
 * What both hostile benches measure a node with, from outside its process: a well-behaved consumer's task (as the
 * official SDK sends one), a fresh connection to /iicp/health (as the directory's probes come), and percentiles.
 */
import { request, type Agent } from 'node:http';

export const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A short interactive chat task with a fresh task id. */
export function goodTask(seq: number): string {
  return JSON.stringify({
    task_id: `good-${process.pid}-${seq}-${Date.now()}`,
    intent: 'urn:iicp:intent:llm:chat:v1',
    payload: { messages: [{ role: 'user', content: 'hello there friend' }], max_tokens: 8 },
    constraints: { qos: 'interactive' },
  });
}

export function post(agent: Agent, port: number, body: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolveAnswer) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/task',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
      },
    );
    req.on('error', () => resolveAnswer({ status: 0, ms: performance.now() - t0 }));
    req.end(body);
  });
}

export function health(port: number): Promise<{ ok: boolean; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolveAnswer) => {
    const req = request({ host: '127.0.0.1', port, path: '/iicp/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolveAnswer({ ok: res.statusCode === 200, ms: performance.now() - t0 }));
    });
    req.on('error', () => resolveAnswer({ ok: false, ms: performance.now() - t0 }));
    req.end();
  });
}
