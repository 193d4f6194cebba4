/**
 * `freePort` (tests/support/free-port.ts) gives ports the kernel does not hand out by itself, so an outgoing connection
 * or another process's `listen(0)` cannot take one between the call and the caller's listen.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, kernelPortRange } from '../../support/free-port';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

const listen = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });

describe('freePort', () => {
  it("gives ports below the kernel's own range, each once, each free to listen on", async () => {
    const range = kernelPortRange();
    const ports = [];
    for (let i = 0; i < 50; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(1_024);
      expect(p).toBeLessThan(range.from);
    }
    for (const p of ports.slice(0, 5)) servers.push(await listen(p));
  });
});
