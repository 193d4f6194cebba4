import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchChromium } from '../support/browser';
import { TestBridgeClient } from '../support/bridge-client';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/tmp';

let browser: Browser;
let host: HeadlessProcess;
let data: ReturnType<typeof tempDir>;

beforeAll(async () => {
  data = tempDir('iicp-e2e-');
  host = await startHeadlessProcess({ IICP_HOME: data.dir });
  // A fresh data folder opens the setup wizard; this test is about the dashboard, so setup counts as done.
  const setup = await TestBridgeClient.connect(host.port, host.token);
  expect(await setup.call('completeSetup', { startAtLogin: false })).toMatchObject({ ok: true });
  setup.close();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  const code = await host?.stop();
  data?.cleanup();
  // SIGTERM must stop the host cleanly.
  expect(code).toBe(0);
});

describe('headless dashboard (Chromium)', () => {
  it('shows the engine state and flips availability; a second bridge client sees the change', async () => {
    const second = await TestBridgeClient.connect(host.port, host.token);
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    try {
      await page.goto(host.url);
      const state = page.getByTestId('node-state');
      // Running, but with no LLM server chosen it serves nobody, and the sentence says so (never "online").
      await expect.poll(() => state.textContent(), { timeout: 15_000 }).toBe('No LLM server chosen');
      // The token left the address bar once it was read.
      expect(page.url()).not.toContain('token=');
      await page.screenshot({ path: artifactPath('e2e', 'dashboard-online.png') });

      const toggle = page.getByTestId('availability-switch');
      expect(await toggle.getAttribute('aria-checked')).toBe('true');
      await toggle.click();
      await expect.poll(() => state.textContent()).toMatch(/^Paused$/);
      expect(await toggle.getAttribute('aria-checked')).toBe('false');
      await second.waitForSnapshot((s) => s.state === 'paused' && !s.available);
      await page.screenshot({ path: artifactPath('e2e', 'dashboard-paused.png') });

      // And the other way round: a change made by the second client reaches the page.
      expect(await second.call('resume')).toMatchObject({ ok: true });
      await expect.poll(() => state.textContent()).toBe('No LLM server chosen');
      expect(await toggle.getAttribute('aria-checked')).toBe('true');

      // A reload keeps working (the token was kept for this tab) and shows the same state.
      await page.reload();
      await expect
        .poll(() => page.getByTestId('node-state').textContent(), { timeout: 15_000 })
        .toBe('No LLM server chosen');
    } finally {
      second.close();
      await page.close();
    }
  });

  it('without the token the page gets 401 and no data', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
    const page = await context.newPage();
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/')) statuses.push(r.status());
    });
    try {
      await page.goto(`http://127.0.0.1:${host.port}/`);
      await expect
        .poll(
          () =>
            page
              .getByText(/access token/i)
              .first()
              .isVisible(),
          { timeout: 15_000 },
        )
        .toBe(true);
      expect(await page.getByTestId('node-state').count()).toBe(0);
      expect(await page.getByTestId('snapshot-version').count()).toBe(0);
      const direct = await page.evaluate(async () => {
        const r = await fetch('/api/v1/session');
        return { status: r.status, body: await r.json() };
      });
      expect(direct).toEqual({
        status: 401,
        body: { error: { code: 'unauthorized', message: 'Access token missing or wrong.' } },
      });
      expect(statuses.every((s) => s === 401)).toBe(true);
      await page.screenshot({ path: artifactPath('e2e', 'dashboard-no-token.png') });

      // A wrong token fares no better.
      await page.goto(`http://127.0.0.1:${host.port}/#token=${'0'.repeat(48)}`);
      await expect
        .poll(
          () =>
            page
              .getByText(/access token/i)
              .first()
              .isVisible(),
          { timeout: 15_000 },
        )
        .toBe(true);
      expect(await page.getByTestId('node-state').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
