import { describe, expect, it } from 'vitest';
import { generateGenesisKey, startTestDirectory, type TestDirectoryOptions } from '../../../support/directory';
import { eventually } from '../../../support/eventually';
import { startTestRelay } from '../../../support/relay';
import { call, CHAT, dig, onCleanup, relay } from './helpers';

async function testDirectory(opts: TestDirectoryOptions = {}) {
  const dir = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, ...opts });
  onCleanup(() => dir.close());
  return dir;
}

const discoverRelays = async (dirUrl: string) =>
  dig<{ node_id: string; endpoint: string; relay_capable: boolean }[]>(
    (await call(`${dirUrl}/v1/discover?intent=${encodeURIComponent(CHAT)}&relay_capable=true`, 'GET')).json,
    'nodes',
  );

describe('registerWith(): the relay announces itself like a relay-capable node', () => {
  it('REGISTERs (the directory dials its /iicp/health) and is listed by discover?relay_capable=true', async () => {
    const dir = await testDirectory({ livenessProbe: true });
    const { relay: r } = await relay({ nodeId: 'relay-a' });
    const reg = await r.registerWith(dir.url);
    expect(reg).toMatchObject({ directoryUrl: dir.url, nodeId: 'relay-a', nodeToken: expect.any(String) });
    expect(dir.state.probes).toEqual([
      expect.objectContaining({ url: `${r.url}/iicp/health`, purpose: 'registration', ok: true }),
    ]);
    expect(dir.state.nodes['relay-a']).toMatchObject({ endpoint: r.url, relayCapable: true });
    expect(await discoverRelays(dir.url)).toEqual([
      expect.objectContaining({ node_id: 'relay-a', endpoint: r.url, relay_capable: true }),
    ]);
  });

  it('advertises the chat capability and region it was given, also on its own /iicp/health', async () => {
    const dir = await testDirectory();
    const { relay: r, api } = await relay({ nodeId: 'relay-b' });
    await r.registerWith(dir.url, { region: 'us-east', model: 'relay-model' });
    expect(dir.state.nodes['relay-b']?.capabilities).toEqual([
      expect.objectContaining({ intent: CHAT, models: ['relay-model'], max_tokens: 8192 }),
    ]);
    expect(dir.state.nodes['relay-b']?.region).toBe('us-east');
    expect((await api('GET', '/iicp/health')).json).toMatchObject({ region: 'us-east', model: 'relay-model' });
  });

  it('heartbeats on its interval with Bearer auth, and re-registers when the directory forgets its token', async () => {
    const dir = await testDirectory();
    const { relay: r } = await relay({ nodeId: 'relay-c' });
    await r.registerWith(dir.url, { heartbeatIntervalMs: 50 });
    await eventually(() =>
      expect(
        dir.state.heartbeats.filter((h) => h.nodeId === 'relay-c' && h.status === 200).length,
      ).toBeGreaterThanOrEqual(2),
    );
    dir.revokeToken('relay-c');
    await eventually(() => expect(dir.state.registrations.filter((x) => x.status === 201)).toHaveLength(2));
    const after = dir.state.heartbeats.length;
    await eventually(() =>
      expect(dir.state.heartbeats.slice(after).some((h) => h.nodeId === 'relay-c' && h.status === 200)).toBe(true),
    );
  });

  it('close() deregisters; kill() just stops (the directory lets it go dormant)', async () => {
    const dir = await testDirectory();
    const gentle = await startTestRelay({ nodeId: 'relay-gentle' });
    await gentle.registerWith(dir.url);
    await gentle.close();
    expect(dir.state.deregistrations).toEqual([expect.objectContaining({ nodeId: 'relay-gentle', status: 200 })]);
    expect(await discoverRelays(dir.url)).toEqual([]);

    const crash = await startTestRelay({ nodeId: 'relay-crash' });
    onCleanup(() => crash.close());
    await crash.registerWith(dir.url);
    await crash.kill();
    expect(dir.state.deregistrations).toHaveLength(1);
    expect((await discoverRelays(dir.url)).map((n) => n.node_id)).toEqual(['relay-crash']);
  });

  it('restart() re-registers a relay that was registered', async () => {
    const dir = await testDirectory();
    const { relay: r } = await relay({ nodeId: 'relay-d' });
    await r.registerWith(dir.url);
    await r.kill();
    await r.restart();
    expect(dir.state.registrations.filter((x) => x.status === 201)).toHaveLength(2);
  });

  it('refuses to register when the directory does', async () => {
    const dir = await testDirectory({ routabilityCheck: true });
    const { relay: r } = await relay();
    await expect(r.registerWith(dir.url)).rejects.toThrow(/relay REGISTER refused: 422/);
  });
});

describe('tickets end to end: test directory → worker → test relay', () => {
  it('a worker binds with a ticket the directory issued for this relay; the relay fetched the key itself', async () => {
    const key = generateGenesisKey();
    const dir = await testDirectory({ genesisEd25519SecretKey: key.secretKeyHex });
    const { bind } = await relay({ nodeId: 'relay-e', requireBindTicket: true, directoryUrl: dir.url });
    const worker = await call(`${dir.url}/v1/register`, 'POST', {
      body: {
        node_id: 'worker-e',
        endpoint: 'http://127.0.0.1:9',
        region: 'eu-central',
        capabilities: [{ intent: CHAT, models: ['m'], max_tokens: 1024 }],
        limits: { max_concurrent: 1, tokens_per_min: 1000 },
      },
    });
    const ticketFor = async (relayNodeId: string) => {
      const res = await call(`${dir.url}/v1/relay/ticket`, 'POST', {
        token: dig<string>(worker.json, 'node_token'),
        headers: { 'x-node-id': 'worker-e' },
        body: { relay_node_id: relayNodeId },
      });
      expect(res.status).toBe(201);
      return dig<string>(res.json, 'ticket');
    };
    expect(dig((await bind('worker-e', { bind_ticket: await ticketFor('another-relay') })).json, 'error.code')).toBe(
      'IICP-E040',
    );
    expect((await bind('worker-e', { bind_ticket: await ticketFor('relay-e') })).status).toBe(200);
  });

  it('will not start against a directory without a signing key', async () => {
    const dir = await testDirectory();
    await expect(startTestRelay({ directoryUrl: dir.url })).rejects.toThrow(/directory key unavailable: 503/);
  });
});
