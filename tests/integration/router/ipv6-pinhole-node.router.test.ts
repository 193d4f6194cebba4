/**
 * The IPv6 rung of a real node on a real router: miniupnpd with IGDv2 and WANIPv6FirewallControl in the
 * IPv6 lab (tests/support/router/igd6-netns.sh), whose firewall refuses inbound IPv6 unless a pinhole accepts it. The
 * node in the LAN namespace has no public IPv4 and port mapping off, so its ladder reaches the IPv6 rung: it asks the
 * router for a pinhole, registers `http://[<its global address>]:<port>` as `ipv6_direct_pinhole_available`, and the
 * directory "on the internet" dials it back over IPv6 through the pinhole. `/iicp/health` reports the pinhole, and
 * stopping the node closes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { eventually } from '../../support/eventually';
import { spawnLanDriver, spawnWanDriver, type LanDriver, type WanDriver } from '../../support/router/driver-client';
import { LAN6_HOST, PinholeLab, pinholeLabPreflight } from '../../support/router/igd6';
import type { SnapshotLite } from '../../support/router/protocol';
import { stepWords } from '../../support/step-words';

const pre = pinholeLabPreflight();
if (!pre.ok) console.warn(`[router tests] ipv6-pinhole-node.router.test.ts SKIPPED — ${pre.reason}`);
const TITLE = 'a ProviderNode with IPv6 behind a router that opens pinholes';
const WAN_PEER = '100.128.99.2';
const PORT = 47201;

describe.skipIf(!pre.ok)(pre.ok ? TITLE : `${TITLE} — SKIPPED: ${pre.reason}`, () => {
  const lab = PinholeLab.create('pn');
  let lan: LanDriver | undefined;
  let wan: WanDriver | undefined;
  let backendUrl = '';
  let directoryUrl = '';

  beforeAll(async () => {
    await lab.up();
    [lan, wan] = await Promise.all([spawnLanDriver(lab.ns.lan), spawnWanDriver(lab.ns.wan)]);
    backendUrl = (await lan.call('backendStart', { flavour: 'ollama' })).url;
    directoryUrl = (
      await wan.call('dirStart', {
        host: WAN_PEER,
        heartbeatIntervalMs: 1_500,
        routabilityCheck: true,
        livenessProbe: true,
      })
    ).url;
  }, 60_000);

  afterAll(async () => {
    await lan?.call('nodeStop', {}).catch(() => undefined);
    await Promise.all([lan?.kill(), wan?.kill()]);
    await lab.down();
  }, 30_000);

  it('opens a pinhole, registers its IPv6 address, is dialled back through it, and closes it on stop', async () => {
    const L = lan!;
    const W = wan!;
    const since = L.events.length;
    const res = await L.call('nodeStart', {
      settings: {
        backendUrl,
        directoryUrl,
        portMapping: 'off',
        relayFallback: false,
        displayName: 'ipv6 test',
        region: 'test',
      },
      taskHost: '::',
      taskPort: PORT,
    });
    const nodeId = res.nodeId!;
    const endpoint = `http://[${LAN6_HOST}]:${PORT}`;
    let s: SnapshotLite;
    try {
      s = await L.waitForEvent<SnapshotLite>(
        'snapshot',
        (x) => x.reachability.endpoint === endpoint && x.directory.link === 'registered',
        45_000,
        since,
      );
    } catch {
      const last = await L.call('nodeSnapshot', {});
      throw new Error(
        `not registered over IPv6: ${JSON.stringify({ r: last.reachability.status, d: last.directory, steps: stepWords(last.reachability.steps.slice(-15)) }, null, 1)}\n${lab.miniupnpdLog(20)}`,
      );
    }
    expect(s.reachability).toMatchObject({
      method: 'ipv6',
      transportMethod: 'direct',
      exposureMode: 'ipv6_direct_pinhole_available',
    });
    expect(s.reachability.pinhole).toMatchObject({ address: LAN6_HOST, port: PORT, leaseSeconds: 3600 });
    expect(english.said(s.reachability.rungWords!)).toMatch(/router opened its firewall/);
    // The router holds exactly one opening, for this address and port.
    const rules = await lab.pinholeRules();
    expect(rules.map((r) => [r.address, r.port])).toEqual([[LAN6_HOST, PORT]]);
    // The directory's dial-back came over IPv6 through the pinhole (REGISTER would have been refused otherwise).
    const dir = await W.call('dirState', {});
    expect(dir.nodes.find((n) => n.nodeId === nodeId)).toMatchObject({
      endpoint,
      exposureMode: 'ipv6_direct_pinhole_available',
    });
    const health = await W.call('fetch', { url: `${endpoint}/iicp/health`, timeoutMs: 5_000 });
    expect(health.json.pinhole_state).toMatchObject({ active: true, lease_seconds: 3600 });

    await L.call('nodeStop', {});
    await eventually(async () => expect(await lab.pinholeRules()).toEqual([]), 10_000);
  }, 90_000);
});
