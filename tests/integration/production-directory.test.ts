/**
 * A node's life against the test directory built to the production directory's rules, as read from its code: each
 * block starts a node and a directory with the production behaviour the item is about and checks the node copes —
 * the limits, the price the directory holds, the receipts it refuses for a reason the node can fix, the metric
 * batches it counts, "confirmed" only from its own observation, restricted trust domains, DELETE, and a busy
 * one-slot node staying in discovery.
 */
import { inEnglish } from '../support/said-english';
import { randomUUID } from 'node:crypto';
import { english } from '@shared/i18n/say';
import { afterEach, describe, expect, it } from 'vitest';
import type { PricingInfo } from '@shared/contract';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../support/backends';
import { startTestDirectory, type TestDirectory, type TestDirectoryOptions } from '../support/directory';
import { freePort } from '../support/free-port';
import { chatTask, eventually, http, startNode, type NodeHarness } from '../support/node-harness';
import type { ProviderNodeOptions } from '@engine/node/provider-node';
import type { Settings } from '@shared/contract';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Life {
  h: NodeHarness;
  dir: TestDirectory;
  backend: FakeBackend;
  nodeId: string;
}

async function life(
  o: {
    directory?: TestDirectoryOptions;
    backend?: Partial<FakeBackendOptions>;
    settings?: Partial<Settings>;
    node?: Partial<ProviderNodeOptions>;
    waitRegistered?: boolean;
  } = {},
): Promise<Life> {
  const dir = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 500,
    activeProbeIntervalMs: null,
    ...o.directory,
  });
  cleanups.push(() => dir.close());
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'], ...o.backend });
  cleanups.push(() => backend.close());
  const port = await freePort();
  const h = await startNode(
    { backendUrl: backend.url, directoryUrl: dir.url, publicEndpoint: `http://127.0.0.1:${port}`, ...o.settings },
    {
      taskPort: port,
      allowPrivateEndpoint: true,
      ...o.node,
      tuning: {
        directoryStartupRetryDelaysMs: [100, 200],
        directoryBackoffBaseMs: 100,
        earnings: { retryBaseMs: 100, syncIntervalMs: 60_000, listingIntervalMs: 150 },
        ...o.node?.tuning,
      },
    },
  );
  cleanups.push(() => h.stop());
  const nodeId = h.node.getSnapshot().node.nodeId!;
  if (o.waitRegistered !== false)
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 15_000);
  return { h, dir, backend, nodeId };
}

const beatsOf = (dir: TestDirectory, nodeId: string) => dir.state.heartbeats.filter((b) => b.nodeId === nodeId);
const pricing = (h: NodeHarness) => h.node.commandHandlers().getPricing({}) as Promise<PricingInfo>;

async function serve(
  h: NodeHarness,
  extra: Record<string, unknown> = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Record<string, unknown> }> {
  const r = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID(), extra) });
  return { status: r.status, json: r.json as Record<string, unknown>, headers: r.headers };
}

describe('the limits of REGISTER and HEARTBEAT (models per capability, model name length)', () => {
  it('70 models register (two capability objects of at most 64) and all of them are listed', async () => {
    const models = Array.from({ length: 70 }, (_, i) => `model-${String(i).padStart(2, '0')}:7b`);
    const { dir, nodeId } = await life({ backend: { models } });
    const reg = dir.state.registrations.find((r) => r.status === 201)!.body as {
      capabilities: { intent: string; models: string[] }[];
    };
    const chat = reg.capabilities.filter((c) => c.intent === CHAT);
    expect(chat.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...chat.map((c) => c.models.length))).toBeLessThanOrEqual(64);
    expect(new Set(chat.flatMap((c) => c.models)).size).toBe(70);
    const listed = (await http(`${dir.url}/v1/registry/nodes/${nodeId}`)).json as { models: string[] };
    expect(listed.models).toHaveLength(70);
  });

  it('a model named with 140 characters: heartbeats stay accepted and tasks naming its public name reach it', async () => {
    const long = `hf.co/some-org/${'a-very-long-quantised-model-name-'.repeat(4)}q4_K_M-gguf`.slice(0, 140);
    expect(long).toHaveLength(140);
    const { h, dir, backend, nodeId } = await life({ backend: { models: [long] } });
    const n = beatsOf(dir, nodeId).length;
    await eventually(() => expect(beatsOf(dir, nodeId).length).toBeGreaterThan(n + 2), 10_000);
    const beats = beatsOf(dir, nodeId).slice(n);
    expect(beats.every((b) => b.status === 200)).toBe(true);
    const health = (beats.at(-1)!.body as { health_models: string[] }).health_models;
    expect(health).toHaveLength(1);
    expect(health[0]!.length).toBeLessThanOrEqual(128);
    expect(health[0]!.startsWith(long.slice(0, 100))).toBe(true);
    // Still discoverable (the whole heartbeat would have been refused for the long name: dormant after 90 s).
    const found = (
      await http(`${dir.url}/v1/discover?intent=${encodeURIComponent(CHAT)}&model=${encodeURIComponent(health[0]!)}`)
    ).json as { nodes: { node_id: string }[] };
    expect(found.nodes.map((x) => x.node_id)).toContain(nodeId);
    const r = await serve(h, { payload: { model: health[0], messages: [{ role: 'user', content: 'hi' }] } });
    expect(r.status).toBe(200);
    expect((backend.calls.at(-1)!.body as { model: string }).model).toBe(long);
  });
});

describe('the price the directory holds (read from the registry, capped at REGISTER only)', () => {
  it('a 0.5B model declared at 1.0 is held at 0.15 after REGISTER and stays capped through heartbeats and changes', async () => {
    const { h, dir, nodeId } = await life({ backend: { models: ['qwen2.5:0.5b'] } });
    const held = () => dir.state.nodes[nodeId]!.pricing.credit_cost_multiplier;
    expect(held()).toBe(0.15);
    const n = beatsOf(dir, nodeId).length;
    await eventually(() => expect(beatsOf(dir, nodeId).length).toBeGreaterThan(n + 3), 10_000);
    // No heartbeat re-sent the declaration after the fresh 201 (production would apply 1.0 uncapped).
    expect(beatsOf(dir, nodeId).every((b) => (b.body as { pricing?: unknown }).pricing === undefined)).toBe(true);
    expect(held()).toBe(0.15);
    // What the node shows comes from the registry (production's /v1/node has no pricing).
    await h.node.commandHandlers().syncEarnings({});
    expect(await pricing(h)).toMatchObject({
      directoryMultiplier: 0.15,
      capped: true,
      ceiling: 0.15,
      directory: { listed: true, multiplier: 0.15 },
    });

    // A later change goes out with a heartbeat — below the cap as declared, above it capped by the node itself.
    h.node.commands.updateSettings({ creditCostMultiplier: 0.1 });
    await eventually(() => expect(held()).toBe(0.1), 10_000);
    h.node.commands.updateSettings({ creditCostMultiplier: 2 });
    await eventually(
      async () => expect(await pricing(h)).toMatchObject({ declarationAccepted: true, declared: { multiplier: 2 } }),
      10_000,
    );
    expect(held()).toBe(0.15);
    const sent = beatsOf(dir, nodeId).flatMap((b) => {
      const p = (b.body as { pricing?: { credit_cost_multiplier: number } }).pricing;
      return p ? [p.credit_cost_multiplier] : [];
    });
    expect(Math.max(...sent)).toBe(0.15);
  });

  it('while the node offers no work the registry does not list it: "not listed now", not an error', async () => {
    const { h } = await life();
    h.node.commands.pause();
    await eventually(async () => {
      await h.node.commandHandlers().syncEarnings({});
      expect((await pricing(h)).directory).toMatchObject({ listed: false });
    }, 10_000);
    expect(h.node.getSnapshot().earnings.syncError).toBeNull();
  });
});

describe('the hourly award cap', () => {
  it('a receipt over 1000 credits in the clock hour is kept and awarded in the next hour (clock moved)', async () => {
    // Both clocks start 20 minutes into a clock hour, whatever the hour is now: a task served in the first half
    // minute of an hour has a receipt that expires before the next hour's spread ends, and would be given up on.
    let offset = (((20 * 60_000 - (Date.now() % 3_600_000)) % 3_600_000) + 3_600_000) % 3_600_000;
    const now = () => Date.now() + offset;
    const { h, dir, nodeId } = await life({ directory: { now }, node: { tuning: { earnings: { now } } } });
    // 1000 credits were already awarded to this node in this clock hour.
    const hour = (t: number) => `${nodeId}:${new Date(t).toISOString().slice(0, 13).replace(/[-T]/g, '')}`;
    dir.state.hourlyAwards[hour(now())] = 1000;
    const task = await serve(h);
    expect(task.status).toBe(200);
    await eventually(
      () =>
        expect(
          dir.state.awards.filter((a) => a.outcome === 'rejected' && /rate limit/.test(a.message ?? '')),
        ).toHaveLength(1),
      10_000,
    );
    // The node has taken the answer in: the receipt waits for the next clock hour (not refused, not expired).
    await eventually(
      async () =>
        expect((await h.node.commandHandlers().listEvents({ limit: 50 })).map((e) => e.event)).toContain(
          'receipt_hourly_cap',
        ),
      10_000,
    );
    const row = async () => (await h.node.commandHandlers().listLedger({ limit: 5 }))[0]!;
    expect(await row()).toMatchObject({ receipt: 'claimed' });
    // The next clock hour (plus the node's spread of up to 30 s).
    offset += 3_600_000 - (now() % 3_600_000) + 31_000;
    await h.node.commandHandlers().syncEarnings({});
    await eventually(async () => expect(await row()).toMatchObject({ receipt: 'awarded' }), 10_000);
    expect(dir.state.awards.filter((a) => a.outcome === 'accepted')).toHaveLength(1);
  });
});

describe('metric batches (300 successes counted per heartbeat)', () => {
  it('at most 300 successes per heartbeat; the rest follow in the next ones, none lost', async () => {
    const { h, dir, nodeId } = await life({ settings: { maxConcurrent: 8 } });
    // The directory holds the heartbeats back for a while (throttled, retry in 5 min) while 320 tasks are served …
    dir.fail({
      status: 429,
      body: { error: { code: 'rate_limited', message: 'Too Many Attempts.', retry_after: 300 } },
      routes: ['heartbeat'],
      times: 1,
    });
    await eventually(() => expect(dir.state.heartbeats.at(-1)).toMatchObject({ status: 429, injected: true }), 5000);
    const n = beatsOf(dir, nodeId).length;
    for (let i = 0; i < 320; i += 8) await Promise.all(Array.from({ length: 8 }, () => serve(h)));
    // … then the node is woken (as after sleep) and reports them: 300 in one batch, 20 in the next.
    h.node.wake();
    const batches = () =>
      beatsOf(dir, nodeId)
        .slice(n)
        .filter((b) => b.status === 200)
        .map((b) => b.body as { metrics?: { tasks_success?: number }; metrics_batch_id?: string })
        .filter(
          (b, i, all) => b.metrics_batch_id && all.findIndex((x) => x.metrics_batch_id === b.metrics_batch_id) === i,
        );
    await eventually(() => expect(batches().map((b) => b.metrics?.tasks_success)).toEqual([300, 20]), 15_000);
    expect(dir.state.nodes[nodeId]!.reputation.completedTasks).toBe(320);
  });
});

describe('"confirmed" only from what the directory observed', () => {
  it("with the probe off a 201 is not a confirmation; the directory's own probe is", async () => {
    const { h, dir } = await life({ directory: { livenessProbe: false } });
    await eventually(() => {
      const r = h.node.getSnapshot().reachability;
      expect(r).toMatchObject({ status: 'public', verified: false });
      expect(r.message && english.said(r.message)).toMatch(/not yet confirmed reachable/);
    });
    await dir.probeNow();
    await eventually(
      () => expect(h.node.getSnapshot().reachability).toMatchObject({ verified: true, verifiedAt: expect.any(String) }),
      10_000,
    );
  });

  it('an observation that the node is unreachable is said as such', async () => {
    const { h, dir, nodeId } = await life();
    dir.observeReachability(nodeId, false);
    await eventually(() => {
      const r = h.node.getSnapshot().reachability;
      expect(r).toMatchObject({ verified: false });
      expect(r.message && english.said(r.message)).toMatch(/directory reports that it could not reach/);
    }, 10_000);
  });
});

describe('a restricted trust domain', () => {
  it('without a membership: its own state, no loop; with one: registered and heartbeating', async () => {
    const { h, dir, nodeId } = await life({ directory: { restrictedDomain: true }, waitRegistered: false });
    await eventually(
      () => expect(h.node.getSnapshot().directory).toMatchObject({ link: 'restricted', membership: false }),
      10_000,
    );
    expect(inEnglish(h.node.getSnapshot().directory.message)).toContain(nodeId);
    const tries = dir.state.registrations.length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(dir.state.registrations.length).toBe(tries);

    const credential = dir.issueMembership(nodeId);
    const snap = await h.node.commandHandlers().setMembership({ credential });
    expect(snap.directory.membership).toBe(true);
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 10_000);
    const n = beatsOf(dir, nodeId).length;
    await eventually(
      () => expect(beatsOf(dir, nodeId).filter((b) => b.status === 200).length).toBeGreaterThan(n),
      10_000,
    );
    // The credential is a secret: kept in the secret store, never in the snapshot.
    expect(h.secrets.get('membership_credential')).toBe(credential);
    expect(JSON.stringify(h.node.getSnapshot())).not.toContain(credential);

    dir.revokeMembership(nodeId);
    await eventually(() => {
      const d = h.node.getSnapshot().directory;
      expect(d.link).toBe('restricted');
      expect(inEnglish(d.message)).toMatch(/did not accept the node's membership/);
    }, 10_000);
  });
});

describe('leaving the directory', () => {
  it('a stale token: re-registered, then DELETE removes the node', async () => {
    const { h, dir, nodeId } = await life();
    dir.revokeToken(nodeId);
    const r = await h.node.commandHandlers().removeNode({ confirm: true });
    expect(r).toMatchObject({ removed: true });
    expect(dir.state.nodes[nodeId]).toBeUndefined();
    expect(dir.state.deregistrations.map((d) => d.status)).toEqual([401, 200]);
  });
});

describe('available means "offering work"', () => {
  it('a one-slot node with its slot busy stays in discovery and answers 429 with Retry-After', async () => {
    // The one task is held at the server until the checks are done, rather than for a fixed time that must outlast
    // them.
    const { h, dir, nodeId, backend } = await life({
      settings: { maxConcurrent: 1 },
      backend: { holdInference: true },
    });
    const slow = serve(h);
    await eventually(() => expect(h.node.getSnapshot().capacity.activeJobs).toBe(1));
    const n = beatsOf(dir, nodeId).length;
    await eventually(
      () =>
        expect(
          beatsOf(dir, nodeId)
            .slice(n)
            .some((b) => (b.body as { active_jobs: number }).active_jobs === 1),
        ).toBe(true),
      5000,
    );
    const busyBeat = beatsOf(dir, nodeId)
      .slice(n)
      .find((b) => (b.body as { active_jobs: number }).active_jobs === 1)!.body;
    expect(busyBeat).toMatchObject({ available: true, load: 1, active_jobs: 1 });
    const found = (await http(`${dir.url}/v1/discover?intent=${encodeURIComponent(CHAT)}`)).json as {
      nodes: { node_id: string; load: number }[];
    };
    expect(found.nodes).toEqual([expect.objectContaining({ node_id: nodeId, load: 1 })]);
    const refused = await serve(h);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    backend.set({ holdInference: false });
    expect((await slow).status).toBe(200);
  });
});
