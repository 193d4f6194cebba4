/**
 * A dashboard tab left open while the headless host restarts (Chromium, a real host process): the page says it
 * reconnects by itself, and it does, because the host comes back on the same data folder with the same port and
 * token. When another program took the port meanwhile, the host says so and prints a new link; the old tab stays
 * disconnected, saying to open the new link, and that link works.
 */
import { createServer, type Server } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchChromium } from '../support/browser';
import { TestBridgeClient } from '../support/bridge-client';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/tmp';

let browser: Browser;
let data: ReturnType<typeof tempDir>;
const hosts: HeadlessProcess[] = [];

async function start(): Promise<HeadlessProcess> {
  const host = await startHeadlessProcess({ IICP_HOME: data.dir });
  hosts.push(host);
  return host;
}

/** Holds a port on 127.0.0.1 the way another program would. */
function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

beforeAll(async () => {
  data = tempDir('iicp-e2e-restart-');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const host of hosts) await host.stop();
  data?.cleanup();
});

describe('an open dashboard tab across host restarts (Chromium)', () => {
  it('reconnects by itself to a host restarted on the same data folder; says to open the new link when the port was taken', async () => {
    const first = await start();
    const setup = await TestBridgeClient.connect(first.port, first.token);
    expect(await setup.call('completeSetup', { startAtLogin: false })).toMatchObject({ ok: true });
    setup.close();

    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    try {
      await page.goto(first.url);
      const status = page.getByTestId('node-status');
      const state = page.getByTestId('node-state');
      const detail = page.getByTestId('status-detail');
      await expect.poll(() => state.textContent(), { timeout: 15_000 }).toBe('No LLM server chosen');

      // The host stops: the tab says so, and what will happen.
      expect(await first.stop()).toBe(0);
      await expect.poll(() => status.getAttribute('data-kind'), { timeout: 15_000 }).toBe('not_connected');
      expect(await detail.textContent()).toContain(
        'When you start it again with "npm run headless", this page reconnects by itself',
      );
      await page.screenshot({ path: artifactPath('e2e', 'restart-link-disconnected.png') });

      // Started again on the same data folder: the same link, and the old tab is back without being touched.
      const second = await start();
      expect(second.url).toBe(first.url);
      expect(second.output()).not.toMatch(/link has changed/);
      await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe('No LLM server chosen');
      expect(await status.getAttribute('data-kind')).not.toBe('not_connected');

      // Stopped again, and another program takes the port before the host is back.
      expect(await second.stop()).toBe(0);
      await expect.poll(() => status.getAttribute('data-kind'), { timeout: 15_000 }).toBe('not_connected');
      const squatter = await occupy(first.port);
      let third: HeadlessProcess;
      try {
        third = await start();
        expect(third.port).not.toBe(first.port);
        // Same token, new port; the host says why the link changed, before the link itself.
        expect(third.token).toBe(first.token);
        expect(third.output()).toContain(
          `The dashboard's port from last time (${first.port}) is taken by another program, so its link has changed: open the new one below`,
        );
        // The old tab cannot reach it, and says what to do: open the link the host printed.
        expect(await detail.textContent()).toContain('if the host prints a different link, open that one');
        expect(await status.getAttribute('data-kind')).toBe('not_connected');
        await page.screenshot({ path: artifactPath('e2e', 'restart-link-port-taken.png') });

        await page.goto(third.url);
        await expect
          .poll(() => page.getByTestId('node-state').textContent(), { timeout: 15_000 })
          .toBe('No LLM server chosen');
        expect(await third.stop()).toBe(0);
      } finally {
        await new Promise<void>((resolve) => squatter.close(() => resolve()));
      }

      // The next start takes the port it used last (the one it printed), not the taken one.
      const fourth = await start();
      expect(fourth.url).toBe(third.url);
      expect(fourth.output()).not.toMatch(/link has changed/);
    } finally {
      await page.close();
    }
  });
});
