/**
 * Where a task's time goes through the node, leg by leg, from `node:http`'s diagnostics channels — an experiment
 * beside the backend bench (not run by `npm run bench`):
 *
 *   node --import tsx tests/bench/backend/timeline.ts [flavour=llamacpp] [generation ms=50] [tasks=250]
 *
 * The client, the node and a fake backend (Nagle off, so only the node's own work shows) share this process, so
 * every leg is timed on one clock: client → node, the node's work before its backend call, the backend, the node's
 * work after it, node → client. Tasks alternate with a direct call, one at a time; the first 50 of each are
 * dropped. Comparing a 0 ms and a 50 ms generation shows how much slower the same code runs in a process that
 * slept meanwhile.
 */
import { randomUUID } from 'node:crypto';
import dc from 'node:diagnostics_channel';
import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { startFakeBackend, type Flavour } from '../../support/backends';
import { startNode } from '../../support/node-harness';

const flavour = (process.argv[2] ?? 'llamacpp') as Flavour;
const latencyMs = Number(process.argv[3] ?? 50);
const tasks = Math.max(60, Number(process.argv[4] ?? 250));
const SKIP = 50;

let events: [string, number][] = [];
let recording = false;
let nodePort = 0;
const mark = (name: string) => {
  if (recording) events.push([name, performance.now()]);
};
const toNode = (r: ClientRequest) => String(r.getHeader('host') ?? '').endsWith(`:${nodePort}`);
dc.subscribe('http.server.request.start', (m) =>
  mark((m as { socket: Socket }).socket.localPort === nodePort ? 'node in' : 'backend in'),
);
dc.subscribe('http.server.response.finish', (m) =>
  mark((m as { socket: Socket }).socket.localPort === nodePort ? 'node out' : 'backend out'),
);
dc.subscribe('http.client.request.start', (m) =>
  mark(toNode((m as { request: ClientRequest }).request) ? 'client sends' : 'node calls backend'),
);
dc.subscribe('http.client.response.finish', (m) =>
  mark(toNode((m as { request: ClientRequest }).request) ? 'client has header' : 'node has answer'),
);

function post(url: string, body: string, agent: Agent | false): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const backend = await startFakeBackend({ flavour, models: ['m'], latencyMs, nagle: false });
const node = await startNode(
  {
    backendUrl: backend.url,
    maxConcurrent: 17 /* 16 at once from one client: one source never holds every slot */,
    directoryUrl: 'http://127.0.0.1:9',
  },
  { tuning: { snapshotIntervalMs: 250 } },
);
nodePort = node.port;
const consumer = new Agent({ keepAlive: true, maxSockets: 1 });
const messages = [{ role: 'user', content: 'hello there' }];
const chat = JSON.stringify({ model: 'm', messages, max_tokens: 16 });
const legs = new Map<string, number[]>();
const direct: number[] = [];
const via: number[] = [];
for (let i = 0; i < tasks; i++) {
  const d = await post(`${backend.url}/v1/chat/completions`, chat, false);
  events = [];
  recording = true;
  const n = await post(
    `${node.base}/v1/task`,
    JSON.stringify({ task_id: randomUUID(), intent: 'urn:iicp:intent:llm:chat:v1', payload: { model: 'm', messages } }),
    consumer,
  );
  recording = false;
  if (i < SKIP) continue;
  direct.push(d);
  via.push(n);
  for (let k = 1; k < events.length; k++) {
    const leg = `${events[k - 1]![0]} → ${events[k]![0]}`;
    legs.set(leg, [...(legs.get(leg) ?? []), events[k]![1] - events[k - 1]![1]]);
  }
}
console.log(
  `${flavour}, generation ${latencyMs} ms, ${via.length} tasks: direct p50 ${p50(direct).toFixed(2)} ms, through the node p50 ${p50(via).toFixed(2)} ms (+${(p50(via) - p50(direct)).toFixed(2)})`,
);
for (const [leg, xs] of legs)
  if (xs.length >= via.length / 2) console.log(`  ${leg.padEnd(40)} p50 ${p50(xs).toFixed(3)} ms`);
consumer.destroy();
await node.stop();
await backend.close();
process.exit(0);
