/**
 * Baseline of the load bench: the cheapest possible "node is full" server, in a child process of its own.
 * A keep-alive `node:http` server that reads each POST, `JSON.parse`s it and answers the node's exact
 * 429 (`IICP-E021` body, Retry-After) — no pipeline, no admission, no backend, no disk. The same paced
 * load against it gives the floor of what this machine and this generator can measure for a 429; the
 * node's 429 latency is printed next to it.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveChild } from '../lib/server-child';

export interface RejecterInfo {
  url: string;
}

const BODY = JSON.stringify({
  error: { code: 'IICP-E021', message: 'capacity_exceeded', qos_class: 'best_effort', retry_after_ms: 2000 },
});

serveChild<RejecterInfo>(async () => {
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        // answered the same way: the baseline measures the answer, not validation
      }
      res.writeHead(429, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(BODY),
        'Retry-After': '2',
        'Cache-Control': 'no-store',
      });
      res.end(BODY);
    });
  });
  server.maxConnections = 2048;
  server.listen(0, '127.0.0.1', 1024);
  await once(server, 'listening');
  return {
    info: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
});
