/**
 * The Network page and "Check my node" for the ladder's rungs, in Chromium:
 *
 *  a. a real node (the built headless host) with no way in; a relay is started "on the internet" and registered with
 *     the test directory; "Check again" puts the node on the relay rung. The page says what the rung means in one
 *     sentence, names the relay, and "Check my node" reports — in words — that an encrypted task got through the relay,
 *     that the directory has not probed yet, and, after the directory's probe, that everything works. The Dashboard
 *     shows the same report. Light and dark, 1280×800 and 800×600, screenshots as artifacts.
 *  b. every rung's sentence, as the engine words it, on the page (handcrafted snapshots through a stand-in
 *     `window.provider`), one screenshot per rung.
 */
import { english } from '@shared/i18n/say';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot, ReachabilityInfo, Settings } from '@shared/contract';
import { advert, type Advertisement } from '@engine/nat/advertisement';
import { rungWords } from '@engine/nat/rung-words';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { checkLayoutAndShoot, fullShot, WIDE } from '../support/page-layout';
import { startTestRelay, type TestRelay } from '../support/relay';
import { installStubProvider } from '../support/stub-provider';

let node: E2eNode;
let relay: TestRelay;

beforeAll(async () => {
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-rungs-',
    backend: { flavour: 'ollama', models: ['qwen2.5:7b'] },
    // Loopback relay endpoints: no routability rule; the directory still dials the relay path back before it answers.
    directory: {
      routabilityCheck: false,
      livenessProbe: true,
      heartbeatIntervalMs: 1_000,
      activeProbeIntervalMs: null,
    },
    env: { IICP_ALLOW_PRIVATE_ENDPOINT: '1' },
  });
  relay = await startTestRelay({ pollTimeoutMs: 5_000 });
  await relay.registerWith(node.directory!.url, { heartbeatIntervalMs: 1_000 });
}, 90_000);

afterAll(async () => {
  await relay?.close();
  await node?.stop();
}, 30_000);

async function snapshotWhere(pred: (s: NodeSnapshot) => boolean, timeoutMs = 30_000): Promise<NodeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await node.callOk<NodeSnapshot>('getSnapshot');
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out; last reachability: ${JSON.stringify(s.reachability)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The dashboard with its token (in the URL), then the Network page by its link, as a person gets there. */
async function openNetwork(colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await node.browser.newPage({ viewport: WIDE, colorScheme });
  await page.goto(node.host.url);
  await page.getByRole('link', { name: 'Network', exact: true }).click();
  await page.getByTestId('network-status').waitFor({ timeout: 15_000 });
  return page;
}

async function runCheck(page: Page, previousAt: string | null): Promise<void> {
  await page.getByTestId('node-check').click();
  await expect
    .poll(async () => (await node.callOk<NodeSnapshot>('getSnapshot')).reachability.check.last?.at ?? null, {
      timeout: 30_000,
    })
    .not.toBe(previousAt);
  await page.getByTestId('node-check-report').waitFor({ timeout: 10_000 });
}

describe('a node on the relay rung, in the browser', () => {
  it('says what the relay means, names it, and "Check my node" reports each path in words', async () => {
    const page = await openNetwork('light');
    try {
      const status = page.getByTestId('network-status');
      await status.waitFor({ timeout: 15_000 });
      await snapshotWhere((s) => s.reachability.status === 'local_only');
      // The relay came after the first look: looking again finds it.
      await page.getByTestId('network-recheck').click();
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('relayed');
      const s = await snapshotWhere((x) => x.directory.link === 'registered');
      expect(s.reachability.endpoint).toBe(`${relay.url}/v1/relay-for/${s.node.nodeId}`);

      expect((await page.getByTestId('network-rung').textContent())!.trim()).toBe(
        'Reachable through a relay. Tasks are end-to-end encrypted, so the relay cannot read them; answers take a little longer.',
      );
      expect(await status.textContent()).toContain('Reachable through a relay');
      expect((await page.getByTestId('network-method').textContent())!.trim()).toBe('A relay node');
      // The relay carries each answer whole: said once, in the way-in section.
      expect((await page.getByTestId('network-streaming').textContent())!.trim()).toBe(
        'Through the relay, answers arrive whole; apps that stream wait for the full answer.',
      );
      expect(await page.getByTestId('network-relay-state').textContent()).toContain(
        'Connected: tasks arrive through it',
      );
      expect((await page.getByTestId('network-relay-host').textContent())!.trim()).toBe(new URL(relay.url).host);
      expect(await page.getByTestId('network-relayFallback').isChecked()).toBe(true);
      expect(await page.getByTestId('network-relayPlaintext').isChecked()).toBe(false);

      // Check my node: the task works through the relay; the directory has not probed yet, and that is said, not
      // guessed.
      await runCheck(page, null);
      const report = page.getByTestId('node-check-report');
      expect(await report.getAttribute('data-outcome')).toBe('partial');
      expect(await page.getByTestId('node-check-task').getAttribute('data-outcome')).toBe('ok');
      expect(await page.getByTestId('node-check-task').textContent()).toContain(
        'An encrypted test task went through the relay',
      );
      expect(await page.getByTestId('node-check-health').getAttribute('data-outcome')).toBe('ok');
      expect(await page.getByTestId('node-check-directory').textContent()).toContain('has not probed it yet');
      expect(await report.textContent()).toContain('the directory has not confirmed it yet');
      await checkLayoutAndShoot(page, 'network-relay-check-pending');

      // The directory probes (production does every 5 minutes): confirmed, and the check says it all works.
      await node.directory!.probeNow();
      const before = (await node.callOk<NodeSnapshot>('getSnapshot')).reachability.check.last!.at;
      await runCheck(page, before);
      await expect.poll(() => report.getAttribute('data-outcome'), { timeout: 10_000 }).toBe('ok');
      expect(await page.getByTestId('node-check-directory').textContent()).toContain(
        'The directory reports that it reached this node',
      );
      expect(await report.textContent()).toContain('Your node works through the relay');
      await expect
        .poll(() => page.getByTestId('network-verification').textContent(), { timeout: 30_000 })
        .toContain('Confirmed by the directory');
      await checkLayoutAndShoot(page, 'network-relay-check-ok');

      // The Dashboard carries the same report and button.
      await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
      await page.getByTestId('node-check-report').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('node-check-report').getAttribute('data-outcome')).toBe('ok');
      await fullShot(page, 'dashboard-node-check.png');
    } finally {
      await page.close();
    }
  });

  it('reads the same in the dark theme', async () => {
    const page = await openNetwork('dark');
    try {
      await page.getByTestId('network-rung').waitFor({ timeout: 15_000 });
      await page.getByTestId('node-check-report').waitFor({ timeout: 10_000 });
      await checkLayoutAndShoot(page, 'network-relay-dark');
    } finally {
      await page.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Every rung's sentence, from handcrafted snapshots
// ---------------------------------------------------------------------------------------------------

const RUNGS: { name: string; status: ReachabilityInfo['status']; ad: Advertisement | null }[] = [
  {
    name: 'public-url',
    status: 'public',
    ad: advert({ url: 'https://node.example.org', method: 'public_url', transportMethod: 'direct', tier: 0 }),
  },
  {
    name: 'public-ipv4',
    status: 'public',
    ad: advert({
      url: 'http://81.2.69.160:9484',
      method: 'public_ipv4',
      transportMethod: 'direct',
      tier: 0,
      address: '81.2.69.160',
    }),
  },
  {
    name: 'upnp',
    status: 'mapped',
    ad: advert({ url: 'http://81.2.69.160:9484', method: 'upnp', transportMethod: 'upnp_mapped', tier: 1 }),
  },
  {
    name: 'ipv6-pinhole',
    status: 'public',
    ad: advert({
      url: 'http://[2a01:4f8:1:2::5]:9484',
      method: 'ipv6',
      transportMethod: 'direct',
      tier: 1,
      address: '2a01:4f8:1:2::5',
      pinhole: true,
    }),
  },
  {
    name: 'ipv6-unopened',
    status: 'public',
    ad: advert({
      url: 'http://[2a01:4f8:1:2::5]:9484',
      method: 'ipv6',
      transportMethod: 'direct',
      tier: 1,
      address: '2a01:4f8:1:2::5',
    }),
  },
  {
    name: 'tunnel',
    status: 'tunnel',
    ad: advert({ url: 'https://a1b2.ngrok-free.app', method: 'tunnel', transportMethod: 'external_tunnel', tier: 1 }),
  },
  {
    name: 'quick-tunnel',
    status: 'tunnel',
    ad: advert({
      url: 'https://calm-river-1234.trycloudflare.com',
      method: 'quick_tunnel',
      transportMethod: 'external_tunnel',
      tier: 3,
    }),
  },
  {
    name: 'relay',
    status: 'relayed',
    ad: advert({
      url: 'http://relay.example.net:9484/v1/relay-for/n1',
      method: 'relay',
      transportMethod: 'turn_relay',
      tier: 3,
    }),
  },
  { name: 'nothing', status: 'local_only', ad: null },
];

function reachabilityFor(r: (typeof RUNGS)[number]): ReachabilityInfo {
  return {
    status: r.status,
    rungWords: rungWords(r.ad),
    verified: false,
    verifiedAt: null,
    method: r.ad?.method ?? null,
    endpoint: r.ad?.url ?? null,
    message: null,
    taskPort: 9484,
    localAddress: '192.168.1.20',
    routerExternalIp: null,
    natWarning: null,
    mapping: null,
    relay: null,
    tunnel: null,
    pinhole: null,
    check: { running: false, last: null, probe: null },
    transportMethod: r.ad?.transportMethod ?? null,
    exposureMode: r.ad?.exposureMode ?? null,
    steps: [],
  };
}

describe('each rung in words (handcrafted snapshots through a stand-in window.provider)', () => {
  it.each(RUNGS)('$name', async (rung) => {
    const real = await node.callOk<NodeSnapshot>('getSnapshot');
    const settings = await node.callOk<Settings>('getSettings');
    const snap: NodeSnapshot = { ...real, emittedAt: new Date().toISOString(), reachability: reachabilityFor(rung) };
    const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
    try {
      await installStubProvider(page, snap, settings);
      await page.goto(`${node.host.url.split('#')[0]}#/network`);
      const words = page.getByTestId('network-rung');
      await words.waitFor({ timeout: 15_000 });
      expect((await words.textContent())!.trim()).toBe(english.said(rungWords(rung.ad)!));
      expect(await page.getByTestId('network-status').getAttribute('data-status')).toBe(rung.status);
      // Only a relay or a tunnel stops answers from streaming, and only then does the page say so.
      const streaming = page.getByTestId('network-streaming');
      if (rung.ad?.method === 'relay')
        expect((await streaming.textContent())!.trim()).toBe(
          'Through the relay, answers arrive whole; apps that stream wait for the full answer.',
        );
      else if (rung.ad?.transportMethod === 'external_tunnel')
        expect((await streaming.textContent())!.trim()).toBe(
          'Through a tunnel, answers arrive whole; apps that stream wait for the full answer.',
        );
      else expect(await streaming.count()).toBe(0);
      await fullShot(page, `network-rung-${rung.name}.png`);
    } finally {
      await page.close();
    }
  });
});
