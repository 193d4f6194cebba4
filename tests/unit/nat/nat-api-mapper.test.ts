import { describe, expect, it, vi } from 'vitest';
import type { NatAPIOptions } from '@silentbot1/nat-api';
import { NatApiMapper, type NatApiClient } from '@engine/nat/nat-api-mapper';
import { PortMapperError } from '@engine/nat/port-mapper';

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
    expect(client.map).toHaveBeenCalledWith(
      expect.objectContaining({ publicPort: 7443, privatePort: 7443, protocol: 'TCP', ttl: 1800 }),
    );
    expect(m).toEqual({
      protocol: 'upnp',
      externalIp: '203.0.113.5',
      externalPort: 7443,
      internalPort: 7443,
      leaseSeconds: 1800,
      installedAt: 1_000,
    });
    await mapper.remove(m);
    expect(client.unmap).toHaveBeenCalledWith({ publicPort: 7443, privatePort: 7443, protocol: 'TCP' });
  });

  it('maps library failures to typed kinds', async () => {
    const refusing = make('upnp', fakeClient({ map: () => Promise.resolve(false) })).mapper;
    expect(await kindOf(refusing.install({ internalPort: 7443, externalPort: 7443, leaseSeconds: 60 }))).toBe(
      'refused',
    );
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

  it("starts the router's clock once its thread has loaded: a slow start is not a silent router", async () => {
    vi.useFakeTimers();
    try {
      // Like the worker thread: every call waits for the load, which here takes longer than a call may.
      const loaded = new Promise<void>((resolve) => setTimeout(resolve, 2_000));
      const client = fakeClient({ ready: () => loaded, externalIp: () => loaded.then(() => '203.0.113.5') });
      const { mapper } = make('upnp', client, 500);
      const probed = mapper.probe();
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await probed).toEqual({ externalIp: '203.0.113.5' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a thread that fails to start fails the call and is replaced by the next one', async () => {
    const broken = fakeClient({
      ready: () => Promise.reject(new Error('the port-mapping thread did not start within 20000 ms')),
    });
    const clients = [broken, fakeClient()];
    const mapper = new NatApiMapper('upnp', { createClient: () => clients.shift()! });
    expect(await kindOf(mapper.probe())).toBe('transport');
    expect(broken.destroy).toHaveBeenCalledTimes(1);
    expect(await mapper.probe()).toEqual({ externalIp: '203.0.113.5' });
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

describe('NatApiMapper after a failed exchange', () => {
  function makeSeq(protocol: 'upnp' | 'natpmp', clients: NatApiClient[]) {
    const created: NatApiClient[] = [];
    const mapper = new NatApiMapper(protocol, {
      timeoutMs: 200,
      createClient: () => {
        const c = clients[created.length] ?? clients[clients.length - 1]!;
        created.push(c);
        return c;
      },
    });
    return { mapper, created };
  }

  it('says "unavailable", not "refused", when the router does not answer at all (so no other port is tried)', async () => {
    const { mapper } = makeSeq('upnp', [
      fakeClient({
        map: () => Promise.resolve(false),
        externalIp: () => Promise.reject(new Error('no gateway found')),
      }),
    ]);
    expect(await kindOf(mapper.install({ internalPort: 7443, externalPort: 7443, leaseSeconds: 60 }))).toBe(
      'unavailable',
    );
  });

  it('asks once more for the same port when a router that answers missed the first request (back from a reboot)', async () => {
    const map = vi.fn().mockResolvedValueOnce(false).mockResolvedValue(true);
    const { mapper } = makeSeq('upnp', [fakeClient({ map })]);
    const m = await mapper.install({ internalPort: 7443, externalPort: 7443, leaseSeconds: 60 });
    expect(m.externalPort).toBe(7443);
    expect(map).toHaveBeenCalledTimes(2);
  });

  it('calls a port refused when the router that answers refuses it twice', async () => {
    const map = vi.fn(() => Promise.resolve(false));
    const { mapper } = makeSeq('upnp', [fakeClient({ map })]);
    expect(await kindOf(mapper.install({ internalPort: 7443, externalPort: 7443, leaseSeconds: 60 }))).toBe('refused');
    expect(map).toHaveBeenCalledTimes(2);
  });

  it('uses a fresh client after a timeout, and never unmaps the live mapping while closing the stuck one', async () => {
    const stuck = fakeClient({ map: () => new Promise(() => {}) });
    (stuck as unknown as { _openPorts: unknown[] })._openPorts = [
      { publicPort: 7443, privatePort: 7443, protocol: 'TCP' },
    ];
    const fresh = fakeClient();
    const { mapper, created } = makeSeq('natpmp', [stuck, fresh]);
    expect(await kindOf(mapper.install({ internalPort: 7443, externalPort: 7443, leaseSeconds: 60 }))).toBe('timeout');
    expect(stuck.destroy).toHaveBeenCalledTimes(1);
    expect((stuck as unknown as { _openPorts: unknown[] })._openPorts).toEqual([]);
    expect(await kindOf(mapper.install({ internalPort: 7443, externalPort: 7443, leaseSeconds: 60 }))).toBe('resolved');
    expect(created).toEqual([stuck, fresh]);
    expect(fresh.map).toHaveBeenCalledTimes(1);
  });

  it('keeps a client that works', async () => {
    const client = fakeClient();
    const { mapper, created } = makeSeq('upnp', [client]);
    await mapper.probe();
    await mapper.install({ internalPort: 7443, externalPort: 7443, leaseSeconds: 60 });
    await mapper.renew({
      protocol: 'upnp',
      externalIp: '203.0.113.5',
      externalPort: 7443,
      internalPort: 7443,
      leaseSeconds: 60,
      installedAt: 0,
    });
    expect(created).toHaveLength(1);
  });
});
