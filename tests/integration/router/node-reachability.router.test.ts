/**
 * A real ProviderNode behind a real router: miniupnpd (UPnP IGD + NAT-PMP, nftables) in network
 * namespaces built by ../shared/tools/igd-netns.sh. The node and a fake LLM server run in the LAN namespace; the
 * test directory runs "on the internet" (WAN namespace) with its routability check and liveness dial-back on, so
 * "verified" means the directory really reached the node through the router's mapping. The router's nft chain and
 * `upnpc -l` are the ground truth for what is forwarded.
 *
 * Per protocol (portMapping 'upnp' / 'natpmp'): the node maps only its task port, registers
 * http://<router WAN IP>:<port> as upnp_mapped and is verified; the internet reaches /iicp/health; the mapping is
 * renewed; pausing removes it and resuming puts it back; a router reboot revokes it (heartbeats say
 * available:false) and the node re-installs it, re-registers and is verified again; stopping removes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortMapperProtocol } from '@engine/nat/port-mapper';
import { eventually } from '../../support/eventually';
import {
  DriverCallError,
  spawnLanDriver,
  spawnWanDriver,
  type LanDriver,
  type WanDriver,
} from '../../support/router/driver-client';
import { LAN_HOST, ROUTER_WAN_IP, RouterLab, routerPreflight, WAN_PEER } from '../../support/router/igd';
import type { DirectoryStateView, NatNodeTuning, SnapshotLite } from '../../support/router/protocol';
import { stepWords } from '../../support/step-words';

const pre = routerPreflight();
if (!pre.ok) console.warn(`[router tests] node-reachability.router.test.ts SKIPPED — ${pre.reason}`);
const TITLE = 'a ProviderNode behind a real router (miniupnpd in network namespaces)';

/**
 * Short timings so renewals, failures and re-installs happen within seconds. With the router gone a renewal fails
 * after at most ~3.6 s (UPnP: no SSDP answer to the mapping, then none to the "are you there?" question that tells
 * a silent router from a refusing one) or ~2 s (NAT-PMP): three failures in a row (renewal, quick retry, next
 * renewal) take 2 + 3.6 + 0.5 + 3.6 + 2 + 3.6 ≈ 15.5 s on a quiet machine. The router stays off until the node has
 * given up on it, however long a busy machine takes (up to REVOKE_WITHIN_MS).
 */
const NAT: NatNodeTuning = {
  leaseSeconds: 120,
  renewIntervalMs: 2_000,
  retryDelayMs: 500,
  reinstallInitialDelayMs: 1_000,
  reinstallMaxDelayMs: 2_000,
  probeTimeoutMs: 5_000,
};
/** Time the node may take to give up on a router that is off; the router stays off until then. */
const REVOKE_WITHIN_MS = 45_000;
const HEARTBEAT_MS = 1_500;

describe.skipIf(!pre.ok)(pre.ok ? TITLE : `${TITLE} — SKIPPED: ${pre.reason}`, () => {
  const lab = RouterLab.create('nr');
  let lan: LanDriver | undefined;
  let wan: WanDriver | undefined;
  let backendPort = 0;
  let backendUrl = '';
  let directoryUrl = '';

  beforeAll(async () => {
    await lab.up();
    [lan, wan] = await Promise.all([spawnLanDriver(lab.ns.lan), spawnWanDriver(lab.ns.wan)]);
    const b = await lan.call('backendStart', { flavour: 'ollama' });
    backendPort = b.port;
    backendUrl = b.url;
    const d = await wan.call('dirStart', {
      host: WAN_PEER,
      heartbeatIntervalMs: HEARTBEAT_MS,
      routabilityCheck: true,
      livenessProbe: true,
    });
    directoryUrl = d.url;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([lan?.kill(), wan?.kill()]);
    await lab.down();
  }, 30_000);

  const L = (): LanDriver => lan!;
  const W = (): WanDriver => wan!;
  const dirState = (): Promise<DirectoryStateView> => W().call('dirState', {});

  async function fromInternet(port: number): Promise<{ status: number } | { error: string }> {
    try {
      const r = await W().call('fetch', { url: `http://${ROUTER_WAN_IP}:${port}/iicp/health`, timeoutMs: 3_000 });
      return { status: r.status };
    } catch (err) {
      if (err instanceof DriverCallError) return { error: err.code ?? err.message };
      throw err;
    }
  }

  /** What the router forwards, from its nft chain and from `upnpc -l`, reduced to comparable rows. */
  async function forwarded() {
    const [nft, listed] = await Promise.all([lab.nftRedirects(), lab.upnpcList()]);
    return {
      nft: nft.map((r) => `${r.protocol} ${r.externalPort}->${r.internalIp}:${r.internalPort}`),
      listed: listed.map((r) => `${r.protocol} ${r.externalPort}->${r.internalIp}:${r.internalPort}`),
      leases: listed,
    };
  }

  function describeSnapshot(s: SnapshotLite | undefined): string {
    if (!s) return '(no snapshot yet)';
    const r = s.reachability;
    return JSON.stringify(
      {
        state: s.state,
        available: s.available,
        directory: s.directory,
        status: r.status,
        verified: r.verified,
        endpoint: r.endpoint,
        mapping: r.mapping,
        steps: stepWords(r.steps.slice(-12)),
      },
      null,
      1,
    );
  }

  describe.each([
    { protocol: 'upnp' as PortMapperProtocol, label: 'UPnP IGD', port: 47001 },
    { protocol: 'natpmp' as PortMapperProtocol, label: 'NAT-PMP', port: 47002 },
  ])('$label', ({ protocol, port }) => {
    const endpoint = `http://${ROUTER_WAN_IP}:${port}`;
    const onlyTaskPort = [`TCP ${port}->${LAN_HOST}:${port}`];
    let nodeId = '';
    let started = false;

    const latest = (): SnapshotLite | undefined => {
      const snaps = L().events.filter((e) => e.event === 'snapshot');
      return snaps[snaps.length - 1]?.data as SnapshotLite | undefined;
    };

    /**
     * Waits for a snapshot (already streamed since `since`, or future) matching `pred`; explains the last one on
     * timeout.
     */
    async function snapshotWhere(
      what: string,
      pred: (s: SnapshotLite) => boolean,
      timeoutMs: number,
      since = 0,
    ): Promise<SnapshotLite> {
      try {
        return await L().waitForEvent<SnapshotLite>('snapshot', pred, timeoutMs, since);
      } catch {
        throw new Error(
          `no snapshot where ${what} within ${timeoutMs} ms; the last one:\n${describeSnapshot(latest())}\n${L().tail(15)}`,
        );
      }
    }

    /** Runs `check`; when it fails, adds the node's last snapshot and the router log to the message. */
    async function explained<T>(check: () => Promise<T>): Promise<T> {
      try {
        return await check();
      } catch (err) {
        (err as Error).message +=
          `\n--- last snapshot:\n${describeSnapshot(latest())}\n--- miniupnpd log:\n${lab.miniupnpdLog(15)}`;
        throw err;
      }
    }

    afterAll(async () => {
      if (started)
        await L()
          .call('nodeStop', {})
          .catch(() => undefined);
    }, 20_000);

    it('maps only the task port, registers the router address as upnp_mapped, and the directory verifies it through the router', async () => {
      const since = L().events.length;
      const res = await L().call('nodeStart', {
        settings: {
          backendUrl,
          directoryUrl,
          portMapping: protocol,
          displayName: `router test ${protocol}`,
          region: 'test',
        },
        taskHost: '0.0.0.0',
        taskPort: port,
        nat: NAT,
      });
      started = true;
      nodeId = res.nodeId ?? '';
      expect(res.taskPort).toBe(port);

      const mapped = await snapshotWhere("status 'mapped'", (s) => s.reachability.status === 'mapped', 20_000, since);
      expect(mapped.reachability).toMatchObject({
        method: protocol,
        endpoint,
        routerExternalIp: ROUTER_WAN_IP,
        transportMethod: 'upnp_mapped',
        exposureMode: 'ipv4_public_direct',
      });
      expect(mapped.reachability.mapping).toMatchObject({
        protocol,
        state: 'mapped',
        externalAddress: `${ROUTER_WAN_IP}:${port}`,
        internalPort: port,
      });
      expect(mapped.reachability.localAddress).toBe(LAN_HOST);

      const verified = await snapshotWhere(
        'verified',
        (s) => s.reachability.status === 'mapped' && s.reachability.verified,
        20_000,
        since,
      );
      expect(verified.directory.link).toBe('registered');

      const d = await dirState();
      const node = d.nodes.find((n) => n.nodeId === nodeId);
      expect(node).toMatchObject({
        endpoint,
        transportMethod: 'upnp_mapped',
        natType: 'unknown',
        exposureMode: 'ipv4_public_direct',
        observedSourceIp: ROUTER_WAN_IP,
      });
      const accepted = d.registrations.filter((r) => r.status === 201);
      expect(accepted.at(-1)).toMatchObject({
        endpoint,
        transportMethod: 'upnp_mapped',
        natType: 'unknown',
        exposureMode: 'ipv4_public_direct',
      });
      // The directory's liveness dial-back went to the router's public address, and through the mapping.
      expect(d.probes.filter((p) => p.url === `${endpoint}/iicp/health`).some((p) => p.ok)).toBe(true);

      // Ground truth: the router forwards exactly the task port, never the LLM server's port.
      const f = await forwarded();
      expect(f.nft).toEqual(onlyTaskPort);
      expect(f.listed).toEqual(onlyTaskPort);
      expect(f.leases.some((m) => m.internalPort === backendPort || m.externalPort === backendPort)).toBe(false);
      expect(f.leases[0]!.leaseSeconds).toBeGreaterThan(NAT.leaseSeconds! - 10);
    }, 45_000);

    it('is reachable from the internet at the router address', async () => {
      expect(await fromInternet(port)).toEqual({ status: 200 });
      // The LLM server stays private: nothing answers for its port on the router.
      expect(await fromInternet(backendPort)).toEqual({ error: 'ECONNREFUSED' });
    });

    it('renews the mapping: lastRenewalAt advances and the router lease goes back up', async () => {
      const first = latest()!.reachability.mapping!;
      const expiry0 = lab.leases().find((l) => l.externalPort === port)!.expiresAt;
      // Watch the router's own countdown while the node renews (every 2 s).
      const seen: number[] = [];
      const deadline = Date.now() + 9_000;
      let wentBackUp = false;
      while (Date.now() < deadline && !wentBackUp) {
        const row = (await lab.upnpcList()).find((m) => m.externalPort === port);
        if (row) {
          if (seen.length && row.leaseSeconds > Math.min(...seen)) wentBackUp = true;
          seen.push(row.leaseSeconds);
        }
        await new Promise((r) => setTimeout(r, 400));
      }
      expect(wentBackUp, `router lease samples ${seen.join(', ')}`).toBe(true);
      const now = latest()!.reachability.mapping!;
      expect(Date.parse(now.lastRenewalAt!)).toBeGreaterThan(Date.parse(first.lastRenewalAt!));
      expect(now.consecutiveFailures).toBe(0);
      const expiry1 = lab.leases().find((l) => l.externalPort === port)!.expiresAt;
      expect(expiry1).toBeGreaterThan(expiry0);
      // Renewing refreshes the one rule; it never adds another.
      expect((await forwarded()).nft).toEqual(onlyTaskPort);
    }, 20_000);

    it('pausing removes the mapping from the router; resuming maps it again and re-registers', async () => {
      const regsBefore = (await dirState()).nodes.find((n) => n.nodeId === nodeId)!.registrationCount;
      const since = L().events.length;
      await L().call('nodePause', {});
      await eventually(async () => expect((await forwarded()).nft).toEqual([]), 10_000, 200);
      expect((await forwarded()).listed).toEqual([]);
      expect(await fromInternet(port)).toEqual({ error: 'ECONNREFUSED' });
      await snapshotWhere(
        "status 'not_reachable' while paused",
        (s) => s.reachability.status === 'not_reachable' && !s.available,
        5_000,
        since,
      );
      // A heartbeat composed just before the pause may arrive just after it.
      const beatsFrom = Date.now() + 500;
      await eventually(
        async () => {
          const beats = (await dirState()).heartbeats.filter(
            (b) => b.nodeId === nodeId && b.at >= beatsFrom && b.status === 200,
          );
          expect(beats.length).toBeGreaterThan(0);
          expect(beats.every((b) => b.available === false)).toBe(true);
        },
        8_000,
        250,
      );

      const resumed = L().events.length;
      await L().call('nodeResume', {});
      await eventually(async () => expect((await forwarded()).nft).toEqual(onlyTaskPort), 15_000, 250);
      await snapshotWhere(
        'mapped and verified again after resume',
        (s) => s.reachability.status === 'mapped' && s.reachability.verified && s.available,
        20_000,
        resumed,
      );
      await eventually(
        async () =>
          expect((await dirState()).nodes.find((n) => n.nodeId === nodeId)!.registrationCount).toBeGreaterThan(
            regsBefore,
          ),
        10_000,
        250,
      );
      expect(await fromInternet(port)).toEqual({ status: 200 });
    }, 60_000);

    it('a router reboot revokes the mapping (heartbeats say available:false); the node re-maps, re-registers and is verified again', async () => {
      const d0 = await dirState();
      const regs0 = d0.nodes.find((n) => n.nodeId === nodeId)!.registrationCount;
      const since = L().events.length;
      let powerOn!: () => void;
      const rebooting = lab.reboot({ back: new Promise<void>((resolve) => (powerOn = resolve)) });
      let afterRevoke: number;
      try {
        const revoked = await snapshotWhere(
          "mapping state 'revoked' and status 'not_reachable'",
          (s) => s.reachability.mapping?.state === 'revoked' && s.reachability.status === 'not_reachable',
          REVOKE_WITHIN_MS,
          since,
        );
        afterRevoke = L().events.length;
        expect(revoked.reachability.mapping!.externalAddress).toBeNull();
        expect(revoked.reachability.mapping!.consecutiveFailures).toBeGreaterThanOrEqual(3);
        // (+500 ms: a heartbeat composed just before the revoke may arrive just after it.)
        const revokedAt = Date.parse(revoked.emittedAt) + 500;
        // While the mapping is gone the node tells the directory it cannot take tasks.
        await eventually(
          async () => {
            const beats = (await dirState()).heartbeats.filter(
              (b) => b.nodeId === nodeId && b.at > revokedAt && b.status === 200,
            );
            expect(beats.length).toBeGreaterThan(0);
            expect(beats.every((b) => b.available === false)).toBe(true);
          },
          15_000,
          250,
        );
        expect((await dirState()).nodes.find((n) => n.nodeId === nodeId)!.available).toBe(false);
      } finally {
        powerOn();
        await rebooting;
      }

      // The router is back with an empty table; the node puts its mapping back: the task port again, nothing else.
      // (Two ways this goes wrong, see nat-api-mapper.router.test.ts: a router that is off looks like one refusing
      // the port, which sends the task to random other public ports; and nat-api's NAT-PMP client never sends
      // another request after one went unanswered, so a task that keeps its mapper never maps again.)
      await explained(() => eventually(async () => expect((await forwarded()).nft).toEqual(onlyTaskPort), 15_000, 250));
      expect((await forwarded()).listed).toEqual(onlyTaskPort);
      // The node re-registers ("publishes the new state") and is offered again.
      await explained(() =>
        eventually(
          async () => {
            const n = (await dirState()).nodes.find((x) => x.nodeId === nodeId)!;
            expect(n.registrationCount).toBeGreaterThan(regs0);
            expect(n).toMatchObject({ endpoint, transportMethod: 'upnp_mapped', available: true });
          },
          15_000,
          250,
        ),
      );
      const back = await snapshotWhere(
        'mapped at the task port, verified and available again after the reboot',
        (s) =>
          s.reachability.status === 'mapped' &&
          s.reachability.verified &&
          s.reachability.endpoint === endpoint &&
          s.reachability.mapping?.state === 'mapped' &&
          s.reachability.mapping.externalAddress === `${ROUTER_WAN_IP}:${port}` &&
          s.available,
        10_000,
        afterRevoke,
      );
      expect(back.reachability).toMatchObject({ method: protocol, transportMethod: 'upnp_mapped' });
      expect(await fromInternet(port)).toEqual({ status: 200 });
    }, 120_000);

    it('stopping the node removes the mapping from the router', async () => {
      await L().call('nodeStop', {});
      started = false;
      const f = await forwarded();
      expect(f.nft).toEqual([]);
      expect(f.listed).toEqual([]);
      expect(await fromInternet(port)).toEqual({ error: 'ECONNREFUSED' });
    }, 20_000);
  });
});
