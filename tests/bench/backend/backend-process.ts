/**
 * Child process of the backend bench: the shared fake llama.cpp (tests/support/backends), which is honest to
 * llama-server b4748 on the wire: Nagle on and header and body in separate writes (so a reused keep-alive
 * connection stalls ~40 ms per answer), `httpWorkers` connections served at once (3), an idle one held 5 s.
 *
 *   backend-process.ts <latencyMs> <httpWorkers: 0 = unlimited> <nagle: 1|0> [worker counts to offer, e.g. 6,18]
 *
 * Before it reports ready it checks that the server shows the stall (unless asked for the experiment without it).
 */
import { Agent, request } from 'node:http';
import { startFakeBackend, type FakeBackend } from '../../support/backends';
import { serveChild } from '../lib/server-child';

export interface BackendInfo {
  url: string;
  model: string;
  nagle: boolean;
  httpWorkers: number | null;
}

const latencyMs = Number(process.argv[2] ?? 50);
const workers = Number(process.argv[3] ?? 3);
const nagle = process.argv[4] !== '0';
/** The parent sets the server's HTTP workers per cell (`workers<n>`), as a server started for that many tasks. */
const workerCounts = (process.argv[5] ?? '')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);

/** The median gap between header and end of the answers on a reused keep-alive connection (a few small chats). */
async function reusedGapMs(url: string, body: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const gaps: number[] = [];
  try {
    for (let i = 0; i < 4; i++) {
      const g = await new Promise<{ gap: number; reused: boolean }>((resolve, reject) => {
        const req = request(
          `${url}/v1/chat/completions`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            const t = performance.now();
            res.resume();
            res.on('end', () => resolve({ gap: performance.now() - t, reused: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      if (g.reused) gaps.push(g.gap);
    }
  } finally {
    agent.destroy();
  }
  return gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0;
}

serveChild<BackendInfo>(async () => {
  const fake: FakeBackend = await startFakeBackend({
    flavour: 'llamacpp',
    nagle,
    httpWorkers: workers > 0 ? workers : Infinity,
    latencyMs: 0,
  });
  const model = 'Qwen2.5-7B-Instruct-Q4_K_M.gguf';
  const gap = await reusedGapMs(
    fake.url,
    JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
  );
  if (nagle && gap < 30)
    throw new Error(
      `the fake llama.cpp does not show the stall (reused-connection gap ${gap.toFixed(1)} ms): the bench would measure nothing`,
    );
  fake.set({ latencyMs });
  return {
    info: { url: fake.url, model, nagle, httpWorkers: workers > 0 ? workers : null },
    handlers: {
      counters: () => ({
        open: fake.openConnections,
        maxOpen: fake.maxOpenConnections,
        waiting: fake.waitingConnections,
      }),
      /** The reference cells: the same server without the stall (new connections get Nagle off, answers one write). */
      stallOff: () => fake.set({ nagle: false }),
      stallOn: () => fake.set({ nagle }),
      ...Object.fromEntries(workerCounts.map((n) => [`workers${n}`, () => fake.set({ httpWorkers: n })])),
    },
    close: () => fake.close(),
  };
});
