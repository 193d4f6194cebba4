import { afterEach, describe, expect, it } from 'vitest';
import type { NetworkInterfaceInfo } from 'node:os';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { Reachability } from '@engine/nat/reachability';
import type { ReachabilityTuning } from '@engine/nat/reachability-tuning';
import type { PortMapperProtocol } from '@engine/nat/port-mapper';
import { eventually } from '../../support/eventually';
import { stepWords } from '../../support/step-words';
import { done, fail, grant, ip, ScriptedMapper } from '../../support/scripted-mapper';

const PORT = 9484;

function iface(address: string, family: 'IPv4' | 'IPv6' = 'IPv4', internal = false): NetworkInterfaceInfo {
  return {
    address,
    family,
    internal,
    netmask: '',
    mac: '00:00:00:00:00:00',
    cidr: null,
    ...(family === 'IPv6' ? { scopeid: 0 } : {}),
  } as NetworkInterfaceInfo;
}

interface Setup {
  settings?: Partial<Settings>;
  interfaces?: Record<string, NetworkInterfaceInfo[]>;
  mappers?: Partial<Record<PortMapperProtocol, ScriptedMapper>>;
  tuning?: ReachabilityTuning;
  allowPrivateEndpoint?: boolean;
}

const running: Reachability[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

function setup(o: Setup = {}) {
  let settings: Settings = { ...DEFAULT_SETTINGS, ...o.settings };
  const created: PortMapperProtocol[] = [];
  const endpoints: string[] = [];
  const logs: string[] = [];
  const reach = new Reachability({
    port: () => PORT,
    settings: () => settings,
    allowPrivateEndpoint: o.allowPrivateEndpoint,
    log: (_level, event, details) => logs.push(`${event} ${details}`),
    onChange: () => undefined,
    onEndpoint: (reason) => endpoints.push(reason),
    tuning: {
      interfaces: () =>
        o.interfaces ?? {
          eth0: [iface('192.168.1.20'), iface('fe80::1', 'IPv6')],
          lo: [iface('127.0.0.1', 'IPv4', true)],
        },
      createMapper: (p) => {
        created.push(p);
        // A protocol the test did not script is a router that does not answer it.
        return o.mappers?.[p] ?? new ScriptedMapper(p);
      },
      probeTimeoutMs: 200,
      ...o.tuning,
    },
  });
  running.push(reach);
  return {
    reach,
    created,
    endpoints,
    logs,
    setSettings: (patch: Partial<Settings>) => {
      settings = { ...settings, ...patch };
      reach.settingsChanged();
    },
  };
}

/** A router that answers `protocol`, reports `external` and grants the mapping (any number of renewals). */
function router(protocol: PortMapperProtocol, external = '100.128.7.9') {
  const m = new ScriptedMapper(protocol);
  m.script.probe.push(ip(external), ip(external), ip(external), ip(external));
  for (let i = 0; i < 4; i++) m.script.install.push(grant(external));
  for (let i = 0; i < 50; i++) m.script.renew.push((x) => grant(external)(x));
  for (let i = 0; i < 4; i++) m.script.remove.push(done);
  return m;
}

describe('reachability ladder', () => {
  it('uses the public URL from the settings first and never asks the router', async () => {
    const { reach, created } = setup({
      settings: { publicEndpoint: 'https://node.example.org/' },
      mappers: { upnp: router('upnp') },
    });
    await reach.start(true);
    expect(reach.endpoint).toMatchObject({
      url: 'https://node.example.org',
      method: 'public_url',
      transportMethod: 'direct',
      exposureMode: 'ipv4_public_direct',
      tier: 0,
    });
    expect(reach.usable).toBe(true);
    expect(created).toEqual([]);
  });

  it('recognises a tunnel URL as an external tunnel', async () => {
    const { reach } = setup({ settings: { publicEndpoint: 'https://calm-river-1234.trycloudflare.com' } });
    await reach.start(true);
    expect(reach.endpoint).toMatchObject({
      transportMethod: 'external_tunnel',
      exposureMode: 'tunnel_required',
      tier: 1,
    });
  });

  it('ignores a public URL on a private address, says so, and goes on down the ladder', async () => {
    const { reach } = setup({ settings: { publicEndpoint: 'http://192.168.1.20:9484', portMapping: 'off' } });
    await reach.start(true);
    expect(reach.endpoint).toBeNull();
    const v = reach.view();
    expect(v.ignoredPublicUrl).toBe('http://192.168.1.20:9484');
    expect(stepWords(v.steps).join('\n')).toMatch(/points to a private or local address/);
  });

  it('takes a public IPv4 address on an interface before asking the router', async () => {
    const { reach, created } = setup({
      interfaces: { eth0: [iface('81.2.69.160')] },
      mappers: { upnp: router('upnp') },
    });
    await reach.start(true);
    expect(reach.endpoint).toMatchObject({
      url: `http://81.2.69.160:${PORT}`,
      method: 'public_ipv4',
      transportMethod: 'direct',
    });
    expect(created).toEqual([]);
  });

  it('waits for a mapper that starts slowly before it starts the discovery clock', async () => {
    // A mapper whose thread loads for longer than discovery may take (a busy computer), then answers at once.
    let loading: Promise<void> | null = null;
    const load = () => (loading ??= new Promise<void>((resolve) => setTimeout(resolve, 400)));
    const upnp = router('upnp');
    upnp.script.probe.unshift(() => load().then(() => ({ externalIp: '100.128.7.9' })));
    const slow = Object.assign(upnp, { ready: load });
    const { reach } = setup({ mappers: { upnp: slow }, tuning: { probeTimeoutMs: 200 } });
    await reach.start(true);
    expect(reach.endpoint).toMatchObject({ url: `http://100.128.7.9:${PORT}`, method: 'upnp' });
  });

  it('maps only the task port through UPnP and advertises the router address', async () => {
    const upnp = router('upnp');
    const { reach, logs } = setup({ mappers: { upnp } });
    await reach.start(true);
    expect(reach.endpoint).toMatchObject({
      url: `http://100.128.7.9:${PORT}`,
      method: 'upnp',
      transportMethod: 'upnp_mapped',
      exposureMode: 'ipv4_public_direct',
      tier: 1,
    });
    expect(reach.usable).toBe(true);
    const installs = upnp.calls.filter((c) => c.method === 'install');
    expect(installs).toEqual([{ method: 'install', ports: { internalPort: PORT, externalPort: PORT } }]);
    const v = reach.view();
    expect(v).toMatchObject({ routerExternalIp: '100.128.7.9', localAddress: '192.168.1.20', natWarning: null });
    expect(v.mapping).toMatchObject({
      protocol: 'upnp',
      state: 'mapped',
      externalAddress: `100.128.7.9:${PORT}`,
      internalPort: PORT,
      leaseSeconds: 120,
    });
    expect(logs.some((l) => l.startsWith('nat_mapped protocol=upnp'))).toBe(true);
  });

  it('falls back to NAT-PMP when no UPnP device answers (auto)', async () => {
    const { reach, created } = setup({ mappers: { natpmp: router('natpmp') } });
    await reach.start(true);
    expect(created.sort()).toEqual(['natpmp', 'upnp']);
    expect(reach.endpoint).toMatchObject({ method: 'natpmp', transportMethod: 'upnp_mapped' });
    expect(stepWords(reach.view().steps).join('\n')).toMatch(/No UPnP answer/);
  });

  it('asks only the chosen protocol when one is set', async () => {
    const { reach, created } = setup({
      settings: { portMapping: 'natpmp' },
      mappers: { upnp: router('upnp'), natpmp: router('natpmp') },
    });
    await reach.start(true);
    expect(created).toEqual(['natpmp']);
    expect(reach.endpoint?.method).toBe('natpmp');
  });

  it('switches port mapping off for a while after three checks in a row whose router answers broke, and says so', async () => {
    const device = new ScriptedMapper('upnp');
    for (let i = 0; i < 3; i++)
      device.script.probe.push(
        fail(
          'transport',
          "UPnP: asking for the external address failed: the router's answer was larger than 262144 bytes",
        ),
      );
    let now = 1_000_000;
    const { reach, created, logs } = setup({
      settings: { portMapping: 'upnp' },
      mappers: { upnp: device },
      tuning: { mappingOffForMs: 60_000 },
    });
    (reach as unknown as { now: () => number }).now = () => now;
    await reach.start(true);
    await reach.recheck('test');
    expect(logs.filter((l) => l.startsWith('port_mapping_helper_off'))).toEqual([]);
    await reach.recheck('test');
    expect(logs.filter((l) => l.startsWith('port_mapping_helper_off'))).toEqual([
      "port_mapping_helper_off failures=3 off_ms=60000 UPnP: asking for the external address failed: the router's answer was larger than 262144 bytes",
    ]);
    // Resting: the router is not asked; the check says why.
    await reach.recheck('test');
    expect(created).toHaveLength(3);
    expect(stepWords(reach.view().steps).join('\n')).toMatch(
      /Port mapping is switched off for 1 more minute: the router's answers kept failing\./,
    );
    // Once the rest is over it asks again.
    now += 61_000;
    await reach.recheck('test');
    expect(created).toHaveLength(4);
  });

  it('a quiet network (no router answers) never switches port mapping off', async () => {
    const quiet = new ScriptedMapper('upnp');
    for (let i = 0; i < 4; i++)
      quiet.script.probe.push(fail('unavailable', 'no UPnP router answered with an external address'));
    const { reach, created, logs } = setup({ settings: { portMapping: 'upnp' }, mappers: { upnp: quiet } });
    await reach.start(true);
    for (let i = 0; i < 3; i++) await reach.recheck('test');
    expect(created).toHaveLength(4);
    expect(logs.some((l) => l.startsWith('port_mapping_helper_off'))).toBe(false);
  });

  it('never asks the router when port mapping is off', async () => {
    const { reach, created } = setup({ settings: { portMapping: 'off' } });
    await reach.start(true);
    expect(created).toEqual([]);
    expect(reach.endpoint).toBeNull();
    expect(stepWords(reach.view().steps).join('\n')).toMatch(/switched off in the settings/);
  });

  it.each([
    ['100.72.14.3', /carrier-grade NAT/],
    ['192.168.0.2', /second router/],
  ])('detects a router behind another NAT (external %s) and installs nothing', async (external, words) => {
    const upnp = router('upnp', external);
    const { reach } = setup({ mappers: { upnp } });
    await reach.start(true);
    expect(upnp.count('install')).toBe(0);
    expect(reach.endpoint).toBeNull();
    expect(english.said(reach.view().natWarning!)).toMatch(words);
  });

  it('uses a global IPv6 address when the router cannot map the port, and is honest about the firewall', async () => {
    const upnp = new ScriptedMapper('upnp');
    upnp.script.probe.push(ip('100.128.7.9'), ip('100.128.7.9'));
    upnp.script.install.push(fail('refused'));
    const { reach } = setup({
      interfaces: { eth0: [iface('192.168.1.20'), iface('2a01:4f8:1:2::5', 'IPv6'), iface('2001:db8::1', 'IPv6')] },
      mappers: { upnp },
    });
    await reach.start(true);
    expect(reach.endpoint).toMatchObject({
      url: `http://[2a01:4f8:1:2::5]:${PORT}`,
      method: 'ipv6',
      transportMethod: 'direct',
      exposureMode: 'ipv6_direct_firewall_required',
    });
    expect(stepWords(reach.view().steps).join('\n')).toMatch(/would not open port/);
  });

  it('finds nothing and says so when no rung works', async () => {
    const { reach } = setup();
    await reach.start(true);
    expect(reach.endpoint).toBeNull();
    expect(reach.usable).toBe(false);
    expect(stepWords(reach.view().steps).at(-1)).toMatch(/No way in from the internet was found/);
  });

  it('tells the directory only the kind of its last step, never an address of this network', async () => {
    const { reach } = setup({ mappers: { upnp: router('upnp', '192.168.178.1') } });
    await reach.start(true);
    // The steps name this computer's LAN address and the router's; the REGISTER payload carries the last one.
    const words = stepWords(reach.view().steps);
    expect(words.some((w) => w.includes('192.168.1.20') || w.includes('192.168.178.1'))).toBe(true);
    for (let i = 0; i < 3; i++) {
      const tail = reach.lastStep();
      expect(tail).toBe(reach.view().steps.at(-1)!.words.id);
      expect(tail).toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
      reach.recheck('test');
      await eventually(() => expect(reach.view().checking).toBe(false));
    }
  });
});

describe('reachability over time', () => {
  it('holds no mapping while availability is off, and maps (and republishes) when it is switched on', async () => {
    const upnp = router('upnp');
    const { reach, endpoints } = setup({ mappers: { upnp } });
    await reach.start(false);
    expect(upnp.count('install')).toBe(0);
    expect(stepWords(reach.view().steps).join('\n')).toMatch(/Availability is off/);

    await reach.resume();
    expect(reach.endpoint?.method).toBe('upnp');
    expect(upnp.count('install')).toBe(1);
    expect(endpoints).toEqual(['endpoint changed']);

    await reach.suspend();
    expect(upnp.count('remove')).toBe(1);
    expect(reach.usable).toBe(false);
    expect(reach.view().mapping).toBeNull();

    await reach.resume();
    expect(upnp.count('install')).toBe(2);
    expect(reach.usable).toBe(true);
    // Same address as before, but the directory must check it again.
    expect(endpoints).toEqual(['endpoint changed', 'port mapping restored']);
  });

  it('after three failed renewals stops claiming the address, re-maps when the router is back, and republishes', async () => {
    const upnp = new ScriptedMapper('upnp');
    upnp.script.probe.push(ip('100.128.7.9'), ip('100.128.7.9'));
    upnp.script.install.push(grant('100.128.7.9'));
    upnp.script.renew.push(fail('timeout'), fail('timeout'), fail('timeout'));
    upnp.script.install.push(fail('timeout'), grant('100.128.7.9'));
    for (let i = 0; i < 50; i++) upnp.script.renew.push((x) => grant('100.128.7.9')(x));
    upnp.script.remove.push(done);
    const { reach, endpoints, logs } = setup({
      mappers: { upnp },
      tuning: { renewIntervalMs: 30, retryDelayMs: 10, reinstallInitialDelayMs: 40, reinstallMaxDelayMs: 80 },
    });
    await reach.start(true);
    expect(endpoints).toEqual(['endpoint changed']);
    await eventually(() => expect(reach.view().mapping?.state).toBe('revoked'));
    expect(reach.usable).toBe(false);
    expect(logs.some((l) => l.startsWith('nat_mapping_lost'))).toBe(true);
    await eventually(() => expect(endpoints).toEqual(['endpoint changed', 'port mapping restored']));
    expect(reach.usable).toBe(true);
    expect(reach.endpoint?.url).toBe(`http://100.128.7.9:${PORT}`);
  });

  it('publishes a new router address reported at renewal', async () => {
    const upnp = new ScriptedMapper('upnp');
    upnp.script.probe.push(ip('100.128.7.9'), ip('100.128.7.9'));
    upnp.script.install.push(grant('100.128.7.9'));
    upnp.script.renew.push((x) => grant('100.128.8.1')(x));
    for (let i = 0; i < 50; i++) upnp.script.renew.push((x) => grant('100.128.8.1')(x));
    upnp.script.remove.push(done);
    const { reach, endpoints } = setup({ mappers: { upnp }, tuning: { renewIntervalMs: 20 } });
    await reach.start(true);
    await eventually(() => expect(reach.endpoint?.url).toBe(`http://100.128.8.1:${PORT}`));
    expect(endpoints).toEqual(['endpoint changed', 'the router reports a new public address']);
  });

  it('looks again when the public URL setting changes', async () => {
    const { reach, endpoints, setSettings } = setup({ settings: { portMapping: 'off' } });
    await reach.start(true);
    expect(reach.endpoint).toBeNull();
    setSettings({ publicEndpoint: 'https://node.example.org' });
    await eventually(() => expect(reach.endpoint?.url).toBe('https://node.example.org'));
    expect(endpoints).toEqual(['endpoint changed']);
  });

  it('removes the mapping on stop', async () => {
    const upnp = router('upnp');
    const { reach } = setup({ mappers: { upnp } });
    await reach.start(true);
    await reach.stop();
    expect(upnp.count('remove')).toBe(1);
    expect(upnp.closeCount).toBeGreaterThanOrEqual(1);
  });

  it('a stop during router discovery returns at once and leaves nothing behind', async () => {
    const silent = new ScriptedMapper('upnp');
    silent.script.probe.push(() => new Promise(() => undefined)); // a router that never answers
    const { reach } = setup({ mappers: { upnp: silent }, tuning: { probeTimeoutMs: 60_000 } });
    const starting = reach.start(true);
    await eventually(() => expect(silent.count('probe')).toBe(1));
    // The probe never answers and its timeout is a minute, far past the test's time limit: returning at all is "at
    // once".
    await reach.stop();
    await starting;
    expect(silent.count('install')).toBe(0);
    expect(silent.closeCount).toBe(1);
    expect(reach.endpoint).toBeNull();
  });
});
