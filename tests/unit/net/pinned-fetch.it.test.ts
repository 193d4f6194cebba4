/**
 * Calls to addresses someone else named: a name is judged on what it resolves to, on the connection itself, and the
 * connection goes only to an address judged. The resolver is injected, so a public-looking name can lead to loopback
 * here without touching /etc/hosts.
 */
import type { LookupAddress } from 'node:dns';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { addressRefusalOf, type AddressRefused } from '@engine/net/address-place';
import {
  allowedAddresses,
  createPinnedFetch,
  guardedLookup,
  type HostResolver,
  type PinnedFetch,
} from '@engine/net/pinned-fetch';
import { serveOnLoopback } from '../../support/http-server';

const NAME = 'relay.public-relays.net';
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
});

/** A loopback server that counts what reaches it and answers with the Host it was asked for. */
async function server(): Promise<{ port: number; hits: string[] }> {
  const hits: string[] = [];
  const s = await serveOnLoopback((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(req.headers.host ?? '');
  });
  cleanups.push(s.close);
  return { port: s.port, hits };
}

/** A resolver from a table, counting the questions; a function value answers differently on each call. */
function resolver(table: Record<string, string[] | (() => string[])>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const r = async (host: string): Promise<LookupAddress[]> => {
    asked.push(host);
    const v = table[host];
    if (v === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return (typeof v === 'function' ? v() : v).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(r, { asked });
}

function pinned(o: Parameters<typeof createPinnedFetch>[0]): PinnedFetch {
  const p = createPinnedFetch({ interfaces: () => ({}), ...o });
  cleanups.push(() => p.close());
  return p;
}

async function refusal(call: Promise<unknown>): Promise<AddressRefused | null> {
  try {
    await call;
    return null;
  } catch (err) {
    return addressRefusalOf(err);
  }
}

describe('a public-looking name that resolves to this computer', () => {
  it('without the allowance: refused on the connection, nothing reaches the server', async () => {
    const s = await server();
    const resolve = resolver({ [NAME]: ['127.0.0.1'] });
    const p = pinned({ allowPrivate: false, resolve });
    const r = await refusal(p.fetch(`http://${NAME}:${s.port}/v1/relay/bind`, { method: 'POST', body: '{}' }));
    expect(r).toMatchObject({
      place: 'this_computer',
      host: NAME,
      address: '127.0.0.1',
      words: 'points back at this computer',
    });
    expect(resolve.asked).toEqual([NAME]);
    expect(s.hits).toEqual([]);
  });

  it('with the allowance: called, at the address judged, with the name as Host', async () => {
    const s = await server();
    const p = pinned({ allowPrivate: true, resolve: resolver({ [NAME]: ['127.0.0.1'] }) });
    const res = await p.fetch(`http://${NAME}:${s.port}/iicp/health`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`${NAME}:${s.port}`);
    expect(s.hits).toEqual(['GET /iicp/health']);
  });

  it('an address written as an IP is judged before anything is sent, without asking the resolver', async () => {
    const s = await server();
    const resolve = resolver({});
    const p = pinned({ allowPrivate: false, resolve });
    expect(await refusal(p.fetch(`http://127.0.0.1:${s.port}/`))).toMatchObject({ place: 'this_computer' });
    expect(await refusal(p.fetch(`http://[::ffff:127.0.0.1]:${s.port}/`))).toMatchObject({ place: 'this_computer' });
    expect(await refusal(p.fetch('http://10.0.0.7:9/'))).toMatchObject({ place: 'private' });
    expect(resolve.asked).toEqual([]);
    expect(s.hits).toEqual([]);
  });

  it("even with the allowance, never this node's own port on this computer", async () => {
    const s = await server();
    const other = await server();
    const p = pinned({
      allowPrivate: true,
      ownPorts: () => [s.port, null],
      resolve: resolver({ [NAME]: ['127.0.0.1'] }),
    });
    expect(await refusal(p.fetch(`http://${NAME}:${s.port}/`))).toMatchObject({ place: 'this_computer' });
    expect(await refusal(p.fetch(`http://127.0.0.1:${s.port}/`))).toMatchObject({ place: 'this_computer' });
    expect(s.hits).toEqual([]);
    expect((await p.fetch(`http://${NAME}:${other.port}/`)).status).toBe(200);
  });

  it('a name that answers public first and loopback the next time (DNS rebinding): the look ahead passes, the connection is refused', async () => {
    const s = await server();
    let n = 0;
    const resolve = resolver({ [NAME]: () => (++n === 1 ? ['3fff::1'] : ['127.0.0.1']) });
    const p = pinned({ allowPrivate: false, resolve });
    const url = `http://${NAME}:${s.port}/v1/relay/bind`;
    expect(await p.vet(url)).toBeNull();
    expect(await refusal(p.fetch(url, { method: 'POST', body: '{}' }))).toMatchObject({
      place: 'this_computer',
      address: '127.0.0.1',
    });
    expect(resolve.asked).toEqual([NAME, NAME]);
    expect(s.hits).toEqual([]);
    // And the look ahead says so once the name leads here.
    expect(await p.vet(url)).toMatchObject({ place: 'this_computer' });
  });

  it('the look ahead: a literal refusal, a name refused, and nothing to say for a name that does not resolve', async () => {
    const p = pinned({ allowPrivate: false, resolve: resolver({ [NAME]: ['192.168.0.4'] }) });
    expect(await p.vet('http://127.0.0.1:9000')).toMatchObject({ place: 'this_computer' });
    expect(await p.vet(`http://${NAME}:9000`)).toMatchObject({
      place: 'private',
      words: 'points into a private network',
    });
    expect(await p.vet('http://unknown.public-relays.net')).toBeNull();
    expect(await p.vet('not a url')).toBeNull();
  });

  it('takes an address only, not a Request', async () => {
    const p = pinned({ allowPrivate: true, resolve: resolver({}) });
    await expect(p.fetch(new Request('http://example.org/'))).rejects.toThrow(TypeError);
  });
});

describe('the lookup handed to net.connect', () => {
  const rules = { allowPrivate: false };
  const mixed = resolver({ [NAME]: ['127.0.0.1', '10.0.0.1', '8.8.8.8', '2a00:1450::1', 'fe80::1'] });

  it('hands back only the addresses judged, in both ways net asks (one address, or all of them)', async () => {
    const lookup = guardedLookup(rules, mixed);
    const all = await new Promise((resolve, reject) =>
      lookup(NAME, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    expect(all).toEqual([
      { address: '8.8.8.8', family: 4 },
      { address: '2a00:1450::1', family: 6 },
    ]);
    const one = await new Promise((resolve, reject) =>
      lookup(NAME, {}, (err, address, family) => (err ? reject(err) : resolve([address, family]))),
    );
    expect(one).toEqual(['8.8.8.8', 4]);
    const v6 = await new Promise((resolve, reject) =>
      lookup(NAME, { family: 6 }, (err, address, family) => (err ? reject(err) : resolve([address, family]))),
    );
    expect(v6).toEqual(['2a00:1450::1', 6]);
  });

  it('refuses a name with no allowed address, naming the first refused one', async () => {
    await expect(allowedAddresses(NAME, rules, resolver({ [NAME]: ['10.0.0.1', '127.0.0.1'] }))).rejects.toMatchObject({
      place: 'private',
      address: '10.0.0.1',
    });
    await expect(allowedAddresses(NAME, rules, resolver({ [NAME]: [] }))).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it.each([true, false])(
    'a real connection with autoSelectFamily=%s goes to the judged address, or fails with the refusal',
    async (autoSelectFamily) => {
      const s = await server();
      const resolve = resolver({ [NAME]: ['127.0.0.1'] });
      const attempt = (allowPrivate: boolean) =>
        new Promise<string>((resolvePromise) => {
          const socket = connect({
            host: NAME,
            port: s.port,
            autoSelectFamily,
            lookup: guardedLookup({ allowPrivate }, resolve),
          });
          socket.once('connect', () => {
            resolvePromise(`connected to ${socket.remoteAddress}`);
            socket.destroy();
          });
          socket.once('error', (err) => resolvePromise(addressRefusalOf(err)?.words ?? String(err)));
        });
      expect(await attempt(true)).toBe('connected to 127.0.0.1');
      expect(await attempt(false)).toBe('points back at this computer');
    },
  );
});
