/**
 * The Network page in the real mapped state, behind a real router: ../shared/tools/igd-netns.sh builds a LAN
 * namespace (the built headless host and Chromium), a router (miniupnpd: UPnP IGD + NAT-PMP, nftables NAT) and
 * "the internet" (the test directory with its routability check and liveness dial-back). A fake Ollama runs on the
 * LAN namespace's loopback (the lan driver). Per protocol (IICP_PORT_MAPPING=upnp / natpmp, a fixed task port):
 *
 *  - the page shows "mapped" and "Confirmed by the directory" only once the directory dialled the node through
 *    the router; the router address, the protocol, the external address and the lease are in words; no NAT
 *    warning; the steps tell what happened; no sideways overflow at 1280×800 and 800×600; full-page shots;
 *  - the router forwards exactly the task port (nft chain and `upnpc -l`), and the internet reaches /iicp/health;
 *  - SIGTERM stops the host cleanly and the router's mapping is gone.
 *
 * Skipped, with the reason, where network namespaces with a real miniupnpd cannot be built (like the router tests).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import type { PortMapperProtocol } from '@engine/nat/port-mapper';
import { BRIDGE_PATH, BRIDGE_PROTOCOL } from '@shared/contract/channels';
import { artifactPath, overflowingElements } from '../support/browser';
import { eventually } from '../support/eventually';
import {
  DriverCallError,
  spawnLanDriver,
  spawnWanDriver,
  type LanDriver,
  type WanDriver,
} from '../support/router/driver-client';
import { LAN_HOST, ROUTER_WAN_IP, RouterLab, routerPreflight, WAN_PEER } from '../support/router/igd';
import { launchChromiumInNetns, startHeadlessInNetns, type NetnsHeadless } from '../support/router/lan-host';
import { tempDir } from '../support/tmp';

const pre = routerPreflight();
if (!pre.ok) console.warn(`[router tests] network-router.test.ts SKIPPED — ${pre.reason}`);
const TITLE =
  'Network page of the headless host behind a real router (miniupnpd in network namespaces, Chromium in the LAN)';

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 800, height: 600 };
/** How long mapping + registration + the directory's dial-back through the router may take. */
const VERIFIED_WITHIN_MS = 25_000;

/** A bridge call made by the page itself: the dashboard listens on the LAN namespace's loopback only. */
async function bridgeCall<T>(page: Page, host: NetnsHeadless, command: string, request: unknown = {}): Promise<T> {
  const result = await page.evaluate(
    ({ url, protocols, command, request }) =>
      new Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>((resolve, reject) => {
        type Socket = {
          onopen: () => void;
          onerror: () => void;
          onmessage: (e: { data: string }) => void;
          send: (s: string) => void;
          close: () => void;
        };
        const WS = (globalThis as unknown as { WebSocket: new (url: string, protocols: string[]) => Socket }).WebSocket;
        const ws = new WS(url, protocols);
        ws.onerror = () => reject(new Error(`bridge socket ${url} failed`));
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, command, request }));
        ws.onmessage = (e) => {
          const msg = JSON.parse(e.data) as {
            type: string;
            id?: number;
            result?: { ok: boolean; value?: unknown; error?: { message: string } };
          };
          if (msg.type !== 'result' || msg.id !== 1) return;
          ws.close();
          resolve(msg.result!);
        };
      }),
    {
      url: `ws://127.0.0.1:${host.port}${BRIDGE_PATH}`,
      protocols: [BRIDGE_PROTOCOL, `token.${host.token}`],
      command,
      request,
    },
  );
  if (!result.ok) throw new Error(`${command}: ${result.error?.message ?? 'failed'}`);
  return result.value as T;
}

/** The shell scrolls inside <main>: the window is stretched to the column's height for the shot and put back. */
async function fullShot(page: Page, name: string): Promise<string> {
  const viewport = page.viewportSize()!;
  await page.locator('main').evaluate((m: { scrollTop: number }) => (m.scrollTop = 0));
  const height = await page.locator('main').evaluate((m: { scrollHeight: number }) => m.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
  const path = artifactPath('e2e', name);
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
  return path;
}

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').trim();

describe.skipIf(!pre.ok)(pre.ok ? TITLE : `${TITLE} — SKIPPED: ${pre.reason}`, () => {
  const lab = RouterLab.create('e2enet');
  let work: ReturnType<typeof tempDir> | undefined;
  let lan: LanDriver | undefined;
  let wan: WanDriver | undefined;
  let browser: Browser | undefined;
  let backendUrl = '';
  let backendPort = 0;
  let directoryUrl = '';
  const hosts: NetnsHeadless[] = [];
  const t0 = Date.now();
  const took = (what: string, since: number) =>
    console.info(`[network-router] ${what}: ${((Date.now() - since) / 1000).toFixed(1)} s`);

  beforeAll(async () => {
    work = tempDir('iicp-e2e-router-');
    const tLab = Date.now();
    await lab.up();
    took('lab up', tLab);
    const t = Date.now();
    // Each is kept as soon as it is there, so afterAll ends it even when another one failed to start.
    await Promise.all([
      spawnLanDriver(lab.ns.lan).then((l) => (lan = l)),
      spawnWanDriver(lab.ns.wan).then((w) => (wan = w)),
      launchChromiumInNetns(lab.ns.lan, work.dir).then((b) => (browser = b)),
    ]);
    const b = await lan!.call('backendStart', { flavour: 'ollama' });
    backendUrl = b.url;
    backendPort = b.port;
    const d = await wan!.call('dirStart', {
      host: WAN_PEER,
      heartbeatIntervalMs: 2_000,
      routabilityCheck: true,
      livenessProbe: true,
    });
    directoryUrl = d.url;
    took('drivers, backend, directory and Chromium', t);
  }, 60_000);

  afterAll(async () => {
    const t = Date.now();
    await browser?.close().catch(() => undefined);
    await Promise.all(hosts.map((h) => h.stop(5_000)));
    await Promise.all([lan?.kill(), wan?.kill()]);
    await lab.down();
    work?.cleanup();
    took('teardown', t);
    took('whole file', t0);
  }, 45_000);

  async function fromInternet(port: number): Promise<{ status: number } | { error: string }> {
    try {
      const r = await wan!.call('fetch', { url: `http://${ROUTER_WAN_IP}:${port}/iicp/health`, timeoutMs: 3_000 });
      return { status: r.status };
    } catch (err) {
      if (err instanceof DriverCallError) return { error: err.code ?? err.message };
      throw err;
    }
  }

  /** What the router forwards, from its nft chain and from `upnpc -l`. */
  async function forwarded() {
    const [nft, listed] = await Promise.all([lab.nftRedirects(), lab.upnpcList()]);
    const row = (r: { protocol: string; externalPort: number; internalIp: string; internalPort: number }) =>
      `${r.protocol} ${r.externalPort}->${r.internalIp}:${r.internalPort}`;
    return { nft: nft.map(row), listed: listed.map(row) };
  }

  describe.each([
    { protocol: 'upnp' as PortMapperProtocol, label: 'UPnP', method: 'UPnP port mapping on your router', port: 47101 },
    {
      protocol: 'natpmp' as PortMapperProtocol,
      label: 'NAT-PMP',
      method: 'NAT-PMP port mapping on your router',
      port: 47102,
    },
  ])('$label', ({ protocol, label, method, port }) => {
    const endpoint = `http://${ROUTER_WAN_IP}:${port}`;
    const external = `${ROUTER_WAN_IP}:${port}`;
    const onlyTaskPort = [`TCP ${port}->${LAN_HOST}:${port}`];
    let host: NetnsHeadless | undefined;
    let page: Page | undefined;
    let data: ReturnType<typeof tempDir> | undefined;

    afterAll(async () => {
      await page?.close().catch(() => undefined);
      await host?.stop(5_000);
      data?.cleanup();
    }, 20_000);

    it(`mapped over ${label} and confirmed by the directory through the router: the page says so, in words`, async () => {
      const tStart = Date.now();
      data = tempDir(`iicp-e2e-router-${protocol}-`);
      host = await startHeadlessInNetns(lab.ns.lan, {
        IICP_HOME: data.dir,
        IICP_DIRECTORY_URL: directoryUrl,
        IICP_BACKEND_URL: backendUrl,
        IICP_HOST: '0.0.0.0',
        IICP_PORT: String(port),
        IICP_PORT_MAPPING: protocol,
        IICP_REGION: 'test',
      });
      hosts.push(host);
      took(`${label}: host up`, tStart);

      page = await browser!.newPage({ viewport: WIDE, colorScheme: 'light' });
      await page.goto(host.url);
      // A fresh data folder opens the setup wizard; this test is about the Network page.
      await bridgeCall(page, host, 'completeSetup', { startAtLogin: false });
      await page.evaluate(
        () => ((globalThis as unknown as { location: { hash: string } }).location.hash = '#/network'),
      );
      const status = page.getByTestId('network-status');
      await status.waitFor({ timeout: 15_000 });

      // Mapped, and confirmed: the directory reached the node at the router's public address.
      try {
        await page
          .locator('[data-testid="network-status"][data-status="mapped"][data-verified="true"]')
          .waitFor({ timeout: VERIFIED_WITHIN_MS });
      } catch (err) {
        const snap = await bridgeCall<NodeSnapshot>(page, host, 'getSnapshot').catch((e: unknown) => String(e));
        (err as Error).message +=
          `\n--- page status: ${await status.getAttribute('data-status')} verified=${await status.getAttribute('data-verified')}` +
          `\n--- snapshot: ${JSON.stringify(typeof snap === 'string' ? snap : { reachability: snap.reachability, directory: snap.directory }, null, 1)}` +
          `\n--- host output:\n${host.output().slice(-3_000)}\n--- miniupnpd log:\n${lab.miniupnpdLog(20)}`;
        throw err;
      }
      took(`${label}: host start → mapped and verified on the page`, tStart);

      const statusText = (await status.textContent())!;
      expect(statusText).toContain("Reachable only through the router's port mapping");
      expect(statusText).toContain('Confirmed by the directory');
      expect(statusText).not.toContain('Not confirmed yet');

      expect(await text(page, 'network-endpoint')).toBe(endpoint);
      expect(await text(page, 'network-method')).toBe(method);
      expect(await text(page, 'network-local-address')).toBe(LAN_HOST);
      expect(await text(page, 'network-router-ip')).toBe(ROUTER_WAN_IP);
      expect(await page.getByTestId('network-nat-warning').count()).toBe(0);
      expect(await page.getByTestId('network-guidance').count()).toBe(0);

      const mapping = page.getByTestId('network-mapping');
      expect(await mapping.getAttribute('data-protocol')).toBe(protocol);
      expect(await text(page, 'mapping-protocol')).toBe(label);
      expect(['Port open on the router', 'Renewing the lease']).toContain(await text(page, 'mapping-state'));
      expect(await text(page, 'mapping-external')).toBe(external);
      // The lease the router granted, counting down: "59 min 58 s of 1 h" and the like.
      const lease = page.getByTestId('mapping-lease');
      const leaseText = ((await lease.textContent()) ?? '').trim();
      expect(leaseText).toMatch(/^(\d+ h )?(\d+ min )?\d+ s of \d+ (d|h|min|s)\b/);
      await expect.poll(() => lease.textContent(), { timeout: 5_000 }).not.toBe(leaseText);
      expect(await text(page, 'mapping-renewed')).not.toBe('');
      expect(await mapping.getByTestId('mapping-error').count()).toBe(0);

      // The steps, folded away until opened, tell what happened with the router.
      const steps = page.getByTestId('network-steps');
      await steps.locator('summary').click();
      const rows = steps.getByTestId('network-step');
      expect(await rows.count()).toBeGreaterThan(0);
      expect((await rows.allTextContents()).join('\n')).toContain(
        `Public ${external} now forwards to local port ${port}`,
      );

      // Ground truth: the router forwards exactly the task port (never the LLM server's), and the internet gets
      // through.
      const f = await forwarded();
      expect(f.nft).toEqual(onlyTaskPort);
      expect(f.listed).toEqual(onlyTaskPort);
      expect(await fromInternet(port)).toEqual({ status: 200 });
      expect(await fromInternet(backendPort)).toEqual({ error: 'ECONNREFUSED' });
      const d = await wan!.call('dirState', {});
      expect(d.nodes.find((n) => n.endpoint === endpoint)).toMatchObject({
        transportMethod: 'upnp_mapped',
        observedSourceIp: ROUTER_WAN_IP,
      });
      expect(d.probes.some((p) => p.url === `${endpoint}/iicp/health` && p.ok)).toBe(true);

      // Layout and shots, wide and narrow.
      expect(await overflowingElements(page)).toEqual([]);
      const wide = await fullShot(page, `network-router-${protocol}.png`);
      await page.setViewportSize(NARROW);
      expect(await overflowingElements(page)).toEqual([]);
      const narrow = await fullShot(page, `network-router-${protocol}-800.png`);
      await page.setViewportSize(WIDE);
      console.info(`[network-router] ${label}: screenshots ${wide}, ${narrow}`);
      took(`${label}: whole test`, tStart);
    }, 60_000);

    it(`SIGTERM stops the host cleanly and the ${label} mapping is gone from the router`, async () => {
      expect(host, 'the host did not start').toBeDefined();
      const t = Date.now();
      await page?.close();
      page = undefined;
      expect(await host!.stop()).toBe(0);
      took(`${label}: host stopped`, t);
      await eventually(async () => expect((await forwarded()).nft).toEqual([]), 5_000, 200);
      expect((await forwarded()).listed).toEqual([]);
      expect(await fromInternet(port)).toEqual({ error: 'ECONNREFUSED' });
    }, 30_000);
  });
});
