/**
 * Child process of the hostile bench: the flood — every hostile body of the attack campaign at once, each kind from its
 * own loopback addresses (127.0.0.2 and up), each with a bounded number of connections, for as long as it runs.
 *
 *   flood-process.ts <taskPort> [pauseMs]
 *
 * Kinds: `million` (3 MiB bodies of a million empty messages), `deep` (8 MiB bodies nested four million levels),
 * `unfinished` (32 connections each holding an 8 MiB body 64 KiB short of its end), `hog` (one source keeping every
 * slot busy with tasks asking for 4 000-token answers, timeout 120 s), `replay` (pipelined cheap 422s, each with a
 * fresh nonce), `oversize` (12 MiB bodies written whole before reading, as httpx does), `idle` (200 connections
 * that never send a byte). `counts` reports answers per kind and status.
 */
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { serveChild } from '../lib/server-child';

const port = Number(process.argv[2]);
/**
 * Between two attempts of one loop. Bounded, as any attacker is by its uplink: with these pauses the flood offers
 * about 100 MB/s (a 1 Gbit/s line) of hostile bodies; on loopback with no pause it would be limited only by the two
 * cores it shares with the node, and measure the machine rather than the node.
 */
const PAUSE_MS = Number(process.argv[3] ?? 200);
const CHAT = 'urn:iicp:intent:llm:chat:v1';
const counts: Record<string, Record<string, number>> = {};
let running = true;

function count(kind: string, what: string | number): void {
  const k = (counts[kind] ??= {});
  k[String(what)] = (k[String(what)] ?? 0) + 1;
}

function head(length: number): string {
  return `POST /v1/task HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
}

/** One exchange on a fresh connection: writes `parts` (respecting back-pressure), returns the status seen (0: none). */
function exchange(from: string, parts: Buffer[], o: { readFirst?: boolean; holdMs?: number } = {}): Promise<number> {
  return new Promise((resolve) => {
    const s: Socket = connect({ host: '127.0.0.1', port, localAddress: from, allowHalfOpen: true });
    let text = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve(m ? Number(m[1]) : 0);
    };
    const timer = setTimeout(finish, o.holdMs ?? 30_000);
    s.on('data', (d: Buffer) => {
      text += d.toString('latin1', 0, Math.min(d.length, 64));
      // A status line is all the flood wants; the httpx-like kind reads only once it has written everything.
      if (!o.readFirst && /^HTTP\/1\.1 \d{3}/.test(text) && o.holdMs === undefined) finish();
    });
    s.on('error', finish);
    s.on('close', finish);
    if (o.readFirst) s.pause();
    s.once('connect', () => {
      let i = 0;
      const pump = () => {
        while (i < parts.length && !done) if (!s.write(parts[i++]!)) return void s.once('drain', pump);
        if (o.readFirst) {
          s.resume();
          s.end();
        }
      };
      pump();
    });
  });
}

const split = (b: Buffer, size = 64 * 1024) =>
  Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const MILLION = Buffer.from(
  `{"task_id":"m","intent":"${CHAT}","payload":{"messages":[${Array(1_000_000).fill('{}').join(',')}]}}`,
);
const DEEP = Buffer.concat([
  Buffer.from(`{"task_id":"d","intent":"${CHAT}","payload":{"messages":[{"role":"user","content":`),
  Buffer.alloc(8 * 1024 * 1024 - 200, '['),
]);
const UNFINISHED_SIZE = 8 * 1024 * 1024;
const UNFINISHED = Buffer.concat([
  Buffer.from(`{"task_id":"u","intent":"${CHAT}","payload":{"messages":[{"role":"user","content":"`),
  Buffer.alloc(UNFINISHED_SIZE - 64 * 1024 - 100, 'u'),
]);
const OVERSIZE = Buffer.alloc(12 * 1024 * 1024, ' ');
const LONG_PROMPT = Array(4000).fill('word').join(' ');

/** Flood kinds to run (all by default; BENCH_HOSTILE_KINDS=million,deep,… narrows it to find what costs what). */
const KINDS = new Set(
  (process.env.BENCH_HOSTILE_KINDS ?? 'million,deep,unfinished,hog,replay,oversize,idle').split(','),
);

/** `n` loops of `step` until stopped (none if the kind is not asked for). */
function loops(kind: string, n: number, step: (i: number) => Promise<void>): Promise<void>[] {
  if (!KINDS.has(kind)) return [];
  return Array.from({ length: n }, async (_, i) => {
    while (running) await step(i);
  });
}

const idle: Socket[] = [];
let all: Promise<void>[] = [];

function start(): void {
  all = [
    ...loops('million', 2, async () => {
      count('million', await exchange('127.0.0.2', [Buffer.from(head(MILLION.length)), ...split(MILLION)]));
      await pause(PAUSE_MS);
    }),
    ...loops('deep', 2, async () => {
      count('deep', await exchange('127.0.0.3', [Buffer.from(head(DEEP.length)), ...split(DEEP)]));
      await pause(PAUSE_MS);
    }),
    // 32 held bodies over 8 addresses; each is re-opened when the node lets it go.
    ...loops('unfinished', 32, async (i) => {
      count(
        'unfinished',
        await exchange(`127.0.0.${4 + (i % 8)}`, [Buffer.from(head(UNFINISHED_SIZE)), ...split(UNFINISHED)], {
          holdMs: 20_000,
        }),
      );
      await pause(PAUSE_MS);
    }),
    ...loops('hog', 4, async () => {
      const body = Buffer.from(
        JSON.stringify({
          task_id: randomUUID(),
          intent: CHAT,
          payload: { messages: [{ role: 'user', content: LONG_PROMPT }], max_tokens: 4096 },
          constraints: { timeout_ms: 120_000 },
        }),
      );
      count('hog', await exchange('127.0.0.12', [Buffer.from(head(body.length)), body]));
      await pause(200);
    }),
    ...loops('replay', 1, async () => {
      // 1 000 pipelined requests with fresh nonces, each refused 422 (no payload).
      const reqs: Buffer[] = [];
      for (let i = 0; i < 1000; i++) {
        const b = `{"task_id":"${randomUUID()}","intent":"${CHAT}","nonce":"${randomUUID()}","payload":{}}`;
        reqs.push(Buffer.from(head(b.length) + b));
      }
      count('replay', await exchange('127.0.0.13', split(Buffer.concat(reqs)), { holdMs: 5_000 }));
      await pause(PAUSE_MS);
    }),
    ...loops('oversize', 1, async () => {
      count(
        'oversize',
        await exchange('127.0.0.14', [Buffer.from(head(OVERSIZE.length)), ...split(OVERSIZE)], { readFirst: true }),
      );
      await pause(PAUSE_MS);
    }),
  ];
  for (let i = 0; i < (KINDS.has('idle') ? 200 : 0); i++) {
    const s = connect({ host: '127.0.0.1', port, localAddress: `127.0.0.${15 + (i % 4)}` });
    s.on('error', () => undefined);
    s.on('close', () => count('idle', 'closed'));
    idle.push(s);
  }
}

serveChild<{ started: true }>(async () => ({
  info: { started: true },
  handlers: {
    start: () => {
      start();
      return true;
    },
    counts: () => counts,
  },
  close: async () => {
    running = false;
    for (const s of idle) s.destroy();
    await Promise.race([Promise.all(all), pause(5_000)]);
  },
}));
