/**
 * The ladder after the router: IPv6 with a pinhole → a tunnel already running → a quick tunnel (only
 * when allowed) → a relay (unless switched off) → an IPv6 address nobody could open → nothing. Each rung is a
 * scripted stand-in here; the real ones have their own specs.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { FallbackRungs } from '@engine/nat/fallback-rungs';
import type { LocalAddresses } from '@engine/nat/local-addresses';
import type { PinholeRung } from '@engine/nat/pinhole-rung';
import type { TunnelRung } from '@engine/nat/tunnel-rung';
import type { RelayBinding } from '@engine/relay/relay-status';
import type { RelayWorker } from '@engine/relay/relay-worker';

const V6 = '2a01:4f8:1:2::5';
const local = (v6 = true): LocalAddresses => ({ publicIpv4: [], globalIpv6: v6 ? [V6] : [], lanIpv4: '192.168.1.20' });

interface Script {
  pinhole?: 'pinhole' | 'firewall_off' | null;
  existing?: string | null;
  quick?: string | null;
  relay?: string | null;
  settings?: Partial<Settings>;
}

function setup(s: Script) {
  const tried: string[] = [];
  const steps: string[] = [];
  let pinholeOpen = false;
  const pinhole: PinholeRung = {
    open: async () => {
      tried.push('pinhole');
      pinholeOpen = !!s.pinhole;
      return s.pinhole ?? null;
    },
    get usable() {
      return pinholeOpen;
    },
    view: () => null,
    healthState: () => ({ active: pinholeOpen }),
    close: async () => {
      pinholeOpen = false;
    },
  };
  const tunnels: TunnelRung = {
    findExisting: async () => {
      tried.push('existing');
      return s.existing ?? null;
    },
    quickAvailable: () => true,
    startQuick: async () => {
      tried.push('quick');
      return s.quick ?? null;
    },
    usable: true,
    view: () => null,
    stop: async () => undefined,
  };
  const createRelay = () => {
    tried.push('relay');
    const binding: RelayBinding | null = s.relay
      ? {
          endpoint: s.relay,
          metadata: { relay_for: 'me', relay_host: 'relay.example', relay_port: 9484 },
          boundAt: 0,
          relay: { nodeId: 'r', url: 'http://relay.example:9484', load: 0, reputation: 1, probation: false },
        }
      : null;
    return {
      connect: async () => binding,
      stop: async () => undefined,
      usable: !!binding,
      status: {
        state: binding ? 'bound' : 'no_relay',
        lastError: binding ? null : 'The directory lists no relay for this kind of task right now.',
      },
    } as unknown as RelayWorker;
  };
  const rungs = new FallbackRungs({
    port: () => 9484,
    settings: () => ({ ...DEFAULT_SETTINGS, ...s.settings }),
    createRelay,
    tunnels,
    pinhole,
    step: (l) => steps.push(english.said(l)),
    onChange: () => undefined,
    onEndpoint: () => undefined,
    onLost: () => undefined,
  });
  return { rungs, tried, steps };
}

const never = () => false;

describe('the rungs after the router', () => {
  it('IPv6 with a pinhole comes first and is advertised as such', async () => {
    const { rungs, tried } = setup({ pinhole: 'pinhole', existing: 'https://x.ngrok.app' });
    const found = await rungs.find(local(), false, never);
    expect(found).toMatchObject({
      url: `http://[${V6}]:9484`,
      method: 'ipv6',
      transportMethod: 'direct',
      exposureMode: 'ipv6_direct_pinhole_available',
    });
    expect(tried).toEqual(['pinhole']);
    expect(rungs.usable).toBe(true);
  });

  it('a tunnel already running beats a quick tunnel and a relay', async () => {
    const { rungs, tried } = setup({
      existing: 'https://node.ngrok.app',
      quick: 'https://q.trycloudflare.com',
      relay: 'http://relay.example:9484/v1/relay-for/me',
      settings: { quickTunnel: true },
    });
    const found = await rungs.find(local(), false, never);
    expect(found).toMatchObject({
      url: 'https://node.ngrok.app',
      method: 'tunnel',
      transportMethod: 'external_tunnel',
      exposureMode: 'tunnel_required',
    });
    expect(tried).toEqual(['pinhole', 'existing']);
  });

  it('a quick tunnel is started only when the person allowed it', async () => {
    const off = setup({ quick: 'https://q.trycloudflare.com', relay: 'http://relay.example:9484/v1/relay-for/me' });
    expect((await off.rungs.find(local(false), false, never))?.method).toBe('relay');
    expect(off.tried).toEqual(['existing', 'relay']);
    expect(off.steps.join(' ')).toMatch(/quick tunnel could be used if you allow it/);
    const on = setup({ quick: 'https://q.trycloudflare.com', settings: { quickTunnel: true } });
    expect(await on.rungs.find(local(false), false, never)).toMatchObject({
      method: 'quick_tunnel',
      transportMethod: 'external_tunnel',
      exposureMode: 'tunnel_required',
      tier: 3,
    });
  });

  it('the relay is the last working rung, with its own metadata for the directory', async () => {
    const { rungs } = setup({ relay: 'http://relay.example:9484/v1/relay-for/me' });
    const found = await rungs.find(local(false), false, never);
    expect(found).toMatchObject({
      url: 'http://relay.example:9484/v1/relay-for/me',
      method: 'relay',
      transportMethod: 'turn_relay',
      exposureMode: 'relay_required',
      tier: 3,
    });
    expect(found!.metadata).toEqual({ relay_for: 'me', relay_host: 'relay.example', relay_port: 9484 });
  });

  it('switched off, the relay is not asked; an unopened IPv6 address is the last resort, said as such', async () => {
    const { rungs, tried, steps } = setup({
      relay: 'http://relay.example:9484/v1/relay-for/me',
      settings: { relayFallback: false },
    });
    const found = await rungs.find(local(), false, never);
    expect(tried).toEqual(['pinhole', 'existing']);
    expect(found).toMatchObject({ method: 'ipv6', exposureMode: 'ipv6_direct_firewall_required' });
    expect(steps.join(' ')).toMatch(/relay is switched off/);
    expect(steps.join(' ')).toMatch(/could not be opened from here/);
  });

  it('a node that is paused opens nothing anywhere', async () => {
    const { rungs, tried } = setup({
      pinhole: 'pinhole',
      quick: 'https://q.trycloudflare.com',
      relay: 'http://r/v1/relay-for/me',
      settings: { quickTunnel: true },
    });
    await rungs.find(local(false), true, never);
    expect(tried).toEqual(['existing']);
  });

  it('nothing works: nothing is advertised, and the relay says why', async () => {
    const { rungs, steps } = setup({});
    expect(await rungs.find(local(false), false, never)).toBeNull();
    expect(steps.join(' ')).toMatch(/lists no relay/);
  });
});
