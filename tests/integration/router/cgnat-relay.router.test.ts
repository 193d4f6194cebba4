/**
 * The carrier-grade NAT case on a real router: ../shared/tools/igd-netns.sh with a 100.64/10 WAN pair
 * (the provider's CGNAT in front of the home router) and the router's UPnP / NAT-PMP daemon switched off. The node
 * in the LAN namespace finds no way in — no public address, no router answering, no tunnel — and ends on the relay
 * rung: it binds, over its own outgoing connection through the router's NAT, to a relay "on the internet" (the WAN
 * namespace, on a public-looking address next to the directory), registers the relay's path, and a consumer on the
 * internet gets an IICP-CX task answered through it while the relay sees only ciphertext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import {
  DriverCallError,
  spawnLanDriver,
  spawnWanDriver,
  type LanDriver,
  type WanDriver,
} from '../../support/router/driver-client';
import { RouterLab, routerPreflight } from '../../support/router/igd';
import type { SnapshotLite } from '../../support/router/protocol';
import { stepWords } from '../../support/step-words';

const pre = routerPreflight();
if (!pre.ok) console.warn(`[router tests] cgnat-relay.router.test.ts SKIPPED — ${pre.reason}`);
const TITLE = 'a ProviderNode behind carrier-grade NAT and a router without UPnP';

/** The router's WAN side is inside the provider's shared address space (RFC 6598). */
const CGNAT = { ip: '100.64.99.1', peer: '100.64.99.2' };
/** Where "the internet" (directory, relay, consumer) lives: an address the directory's routability rule accepts. */
const INTERNET = '100.128.99.2';
const PROMPT = 'a private question for the model';

describe.skipIf(!pre.ok)(pre.ok ? TITLE : `${TITLE} — SKIPPED: ${pre.reason}`, () => {
  const lab = RouterLab.create('cg', process.pid, CGNAT);
  let lan: LanDriver | undefined;
  let wan: WanDriver | undefined;
  let backendUrl = '';
  let directoryUrl = '';
  let relay: { url: string; port: number; nodeId: string } | null = null;

  beforeAll(async () => {
    await lab.up();
    // UPnP off: the router answers neither UPnP nor NAT-PMP.
    await lab.stopMiniupnpd();
    await lab.addInternetAddress(INTERNET);
    [lan, wan] = await Promise.all([spawnLanDriver(lab.ns.lan), spawnWanDriver(lab.ns.wan)]);
    backendUrl = (await lan.call('backendStart', { flavour: 'ollama' })).url;
    directoryUrl = (
      await wan.call('dirStart', {
        host: INTERNET,
        heartbeatIntervalMs: 1_500,
        routabilityCheck: true,
        livenessProbe: true,
      })
    ).url;
    relay = await wan.call('relayStart', { host: INTERNET, directoryUrl });
  }, 60_000);

  afterAll(async () => {
    await lan?.call('nodeStop', {}).catch(() => undefined);
    await Promise.all([lan?.kill(), wan?.kill()]);
    await lab.down();
  }, 30_000);

  it('ends on the relay rung, registers the relay path, and serves an encrypted task from the internet through it', async () => {
    const L = lan!;
    const W = wan!;
    const since = L.events.length;
    const res = await L.call('nodeStart', {
      settings: { backendUrl, directoryUrl, portMapping: 'auto', displayName: 'cgnat test', region: 'test' },
      taskHost: '0.0.0.0',
      taskPort: 47101,
      nat: { probeTimeoutMs: 3_000 },
    });
    const nodeId = res.nodeId!;
    const endpoint = `${relay!.url}/v1/relay-for/${nodeId}`;
    let last: SnapshotLite | undefined;
    try {
      last = await L.waitForEvent<SnapshotLite>(
        'snapshot',
        (s) => s.reachability.status === 'relayed' && s.directory.link === 'registered',
        45_000,
        since,
      );
    } catch {
      last = await L.call('nodeSnapshot', {});
      throw new Error(
        `the node did not end on the relay rung: ${JSON.stringify({ status: last.reachability.status, directory: last.directory, steps: stepWords(last.reachability.steps.slice(-12)) }, null, 1)}`,
      );
    }
    const r = last.reachability;
    expect(r).toMatchObject({
      method: 'relay',
      endpoint,
      transportMethod: 'turn_relay',
      exposureMode: 'relay_required',
    });
    expect(r.relay).toMatchObject({
      state: 'bound',
      relayNodeId: relay!.nodeId,
      relayHost: `${INTERNET}:${relay!.port}`,
    });
    // The ladder tried the router first and said why it did not help.
    const steps = stepWords(r.steps).join('\n');
    expect(steps).toMatch(/No public IPv4 address on this computer/);
    expect(steps).toMatch(/No UPnP answer from the router|No NAT-PMP answer from the router/);
    expect(english.said(r.rungWords!)).toMatch(/relay cannot read them/);

    // The directory holds the relay path, proven reachable by its own dial-back through the relay.
    const dir = await W.call('dirState', {});
    const registered = dir.nodes.find((n) => n.nodeId === nodeId)!;
    expect(registered).toMatchObject({ endpoint, transportMethod: 'turn_relay', exposureMode: 'relay_required' });
    // The relay saw the node connect from the router's CGNAT address: outbound only, through the NAT.
    expect((await W.call('relayState', {})).workers).toEqual([nodeId]);

    // A consumer on the internet: discover → the relay endpoint → an encrypted task answered by the model in the LAN.
    const found = await W.call('fetch', {
      url: `${directoryUrl}/v1/discover?intent=${encodeURIComponent('urn:iicp:intent:llm:chat:v1')}`,
      timeoutMs: 5_000,
    });
    const listed = (
      found.json as { nodes: { node_id: string; endpoint: string; cx_public_key: { key: string; key_id: string } }[] }
    ).nodes.find((n) => n.node_id === nodeId)!;
    expect(listed.endpoint).toBe(endpoint);
    const answer = await W.call('cxTask', { endpoint: listed.endpoint, cx: listed.cx_public_key, prompt: PROMPT });
    expect(answer.status).toBe(200);
    expect(answer.opened).toMatchObject({
      status: 'success',
      result: { choices: [{ message: { role: 'assistant' } }] },
    });
    expect(JSON.stringify((await W.call('relayState', {})).forwarded)).not.toContain(PROMPT);

    // Nothing on the router forwards to the node: no mapping was made.
    await expect(
      W.call('fetch', { url: `http://${CGNAT.ip}:47101/iicp/health`, timeoutMs: 2_000 }),
    ).rejects.toBeInstanceOf(DriverCallError);
  }, 90_000);
});
