import { describe, expect, it, vi } from 'vitest';
import type { NatAPIOptions } from '@silentbot1/nat-api';
import { NatApiMapper, type NatApiClient } from '../../../src-main/engine/nat/nat-api-mapper';
import { PortMapperError } from '../../../src-main/engine/nat/port-mapper';

function fakeClient(over: Partial<NatApiClient> = {}): NatApiClient {
  return {
    map: vi.fn(() => Promise.resolve(true)),
    unmap: vi.fn(() => Promise.resolve(true)),
    externalIp: vi.fn(() => Promise.resolve('203.0.113.5')),
    destroy: vi.fn(() => Promise.resolve(true)),
    ...over,
  };
}

function make(protocol: 'upnp' | 'natpmp', client: NatApiClient, timeoutMs = 10_000) {
  const created: NatAPIOptions[] = [];
  const mapper = new NatApiMapper(protocol, {
    timeoutMs,
    now: () => 1_000,
    createClient: (o) => {
      created.push(o);
      return client;
    },
  });
  return { mapper, created };
}

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof PortMapperError ? err.kind : 'other';
  }
}

describe('NatApiMapper', () => {
  it.each([
    ['upnp', { enableUPNP: true, enablePMP: false }],
    ['natpmp', { enableUPNP: false, enablePMP: true }],
  ] as const)('creates a %s-only client with the library renewal timer off', async (protocol, flags) => {
    const { mapper, created } = make(protocol, fakeClient());
    expect(created).toHaveLength(0);
    await mapper.probe();
    expect(created).toEqual([expect.objectContaining({ ...flags, autoUpdate: false })]);
  });

  it('maps exactly the requested TCP port and reports the mapping', async () => {
    const client = fakeClient();
    const { mapper } = make('upnp', client);
    const m = await mapper.install({ internalPort: 7443, externalPort: 7443, leaseSeconds: 1800 });
    expect(client.map).toHaveBeenCalledTimes(1);
    expect(client.map).toHaveBeenCalledWith(expect.objectContaining({ publicPort: 7443, privatePort: 7443, protocol: 'TCP', ttl: 1800 }));
    expect(m).toEqual({ protocol: 'upnp', externalIp: '203.0.113.5', externalPort: 7443, internalPort: 7443, leaseSeconds: 1800, installedAt: 1_000 });
    await mapper.remove(m);
    expect(client.unmap).toHaveBeenCalledWith({ publicPort: 7443, privatePort: 7443, protocol: 'TCP' });
  });

  it('maps library failures to typed kinds', async () => {
    const refusing = make('upnp', fakeClient({ map: () => Promise.resolve(false) })).mapper;
    expect(await kindOf(refusing.install({ internalPort: 7443, externalPort: 7443, leaseSeconds: 60 }))).toBe('refused');
    expect(await kindOf(refusing.install({ internalPort: 7443, externalPort: 0, leaseSeconds: 60 }))).toBe('refused');
    const silent = make('natpmp', fakeClient({ externalIp: () => Promise.resolve('') })).mapper;
    expect(await kindOf(silent.probe())).toBe('unavailable');
    const broken = make('upnp', fakeClient({ externalIp: () => Promise.reject(new Error('socket closed')) })).mapper;
    expect(await kindOf(broken.probe())).toBe('transport');
  });

  it('times out a call that never answers', async () => {
    vi.useFakeTimers();
    try {
      const { mapper } = make('upnp', fakeClient({ externalIp: () => new Promise(() => {}) }), 500);
      const p = kindOf(mapper.probe());
      await vi.advanceTimersByTimeAsync(500);
      expect(await p).toBe('timeout');
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes once and refuses work afterwards', async () => {
    const client = fakeClient();
    const { mapper } = make('upnp', client);
    await mapper.probe();
    await mapper.close();
    await mapper.close();
    expect(client.destroy).toHaveBeenCalledTimes(1);
    expect(await kindOf(mapper.probe())).toBe('unavailable');
  });
});
