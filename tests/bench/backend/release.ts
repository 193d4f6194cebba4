/**
 * An experiment beside the backend bench (not run by `npm run bench`): what releases the body that llama-server
 * (Nagle on, header and body in two writes) holds back until the client acknowledges the header? Against the shared
 * fake llama.cpp, over raw sockets, it prints the median gap between an answer's header and the end of its body in
 * each case the comment above `STALL_MIN_MS` (src-main/engine/net/connection-verdicts.ts) names:
 *
 *   node --import tsx tests/bench/backend/release.ts [answers per case = 8]
 *
 * - a reused keep-alive connection, the next request sent at once (the stall), and the same with TCP_NODELAY on
 *   the client's side (no help: the held-back bytes are the server's);
 * - a connection's first request, sent at once or 100 ms after it was opened (pre-opened);
 * - a reused connection whose request asks the server to close after the answer (its FIN pushes the body out);
 * - a reused connection that rested 10 … 250 ms before its next request (the kernel leaves delayed-ACK ping-pong
 *   mode when a delayed ACK fires, and comes back to it when it sends within the ACK timeout of the last data).
 */
import { connect, type Socket } from 'node:net';
import { startFakeBackend } from '../../support/backends';

const N = Math.max(3, Number(process.argv[2] ?? 8));
const model = 'm.gguf';
const fake = await startFakeBackend({ flavour: 'llamacpp', models: [model], nagle: true, httpWorkers: Infinity });
const port = Number(new URL(fake.url).port);
const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(noDelay = false): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', noDelay }, () => resolve(s));
  });
}

/** One request on `s`; the gap (ms) between the end of the answer's header and the end of its body. */
function ask(s: Socket, close: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = '';
    let headAt = 0;
    const onData = (d: Buffer) => {
      got += d.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (headAt === 0) headAt = performance.now();
      const length = Number(/content-length: *(\d+)/i.exec(got.slice(0, end))?.[1] ?? Number.NaN);
      if (got.length - end - 4 < length) return;
      s.off('data', onData);
      resolve(performance.now() - headAt);
    };
    s.on('data', onData);
    s.once('error', reject);
    s.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${close ? 'Connection: close\r\n' : ''}\r\n${body}`,
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const show = (what: string, gaps: number[]) =>
  console.log(`${median(gaps).toFixed(2).padStart(8)} ms  ${what}  (${gaps.map((g) => g.toFixed(1)).join(' ')})`);

try {
  console.log(
    `median gap between an answer's header and the end of its body, ${N} answers per case (fake llama.cpp, Nagle on):`,
  );
  for (const noDelay of [false, true]) {
    const s = await open(noDelay);
    await ask(s, false);
    const gaps: number[] = [];
    for (let i = 0; i < N; i++) gaps.push(await ask(s, false));
    show(`reused keep-alive connection, next request at once${noDelay ? ', TCP_NODELAY on the client' : ''}`, gaps);
    s.destroy();
  }
  for (const wait of [0, 100]) {
    const gaps: number[] = [];
    for (let i = 0; i < N; i++) {
      const s = await open();
      if (wait) await sleep(wait);
      gaps.push(await ask(s, false));
      s.destroy();
    }
    show(
      wait
        ? `first request, ${wait} ms after the connection opened (keep-alive)`
        : 'first request on a new connection (keep-alive)',
      gaps,
    );
  }
  {
    const gaps: number[] = [];
    for (let i = 0; i < N; i++) {
      const s = await open();
      await ask(s, false);
      await ask(s, false);
      gaps.push(await ask(s, true));
      s.destroy();
    }
    show('third request on a reused connection, Connection: close', gaps);
  }
  for (const rest of [10, 30, 45, 60, 100, 250]) {
    const s = await open();
    await ask(s, false);
    await ask(s, false);
    const gaps: number[] = [];
    for (let i = 0; i < N; i++) {
      await sleep(rest);
      gaps.push(await ask(s, false));
    }
    show(`reused keep-alive connection, each request after ${rest} ms of rest`, gaps);
    s.destroy();
  }
} finally {
  await fake.close();
}
process.exit(0);
