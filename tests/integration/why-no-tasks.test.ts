/**
 * "Why am I not getting tasks?" against the PHP-faithful test directory: a registered, reachable, listed node in good
 * standing passes every check; each way of being held back (the directory could not reach it, it is missing from
 * discover, it is on probation, it turns tasks away) is named first; a directory that went away makes the checks
 * that needed it say so, and the command never fails.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { englishDiagnosis } from '../unit/requests/english-diagnosis';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

let directory: TestDirectory;
let backend: FakeBackend;
let h: NodeHarness;
let nodeId: string;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, activeProbeIntervalMs: null });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  h = await startPublicNode({ directory: directory.url, backend: backend.url });
  nodeId = h.node.getSnapshot().node.nodeId!;
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
});

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
});

/** A node the directory has reached, with a history that ended its probation. */
function established(): void {
  const record = directory.state.nodes[nodeId]!;
  record.reputation.completedTasks = 250;
  record.reputation.score = 0.72;
  record.available = true;
  record.status = 'active';
  record.dormantSince = null;
  record.lastSeen = Date.now();
  directory.observeReachability(nodeId, true);
}

const diagnose = async () => englishDiagnosis(await Promise.resolve(h.node.commandHandlers().diagnoseTasks({})));
const byId = (d: Awaited<ReturnType<typeof diagnose>>) => Object.fromEntries(d.checks.map((c) => [c.id, c]));

// Each test changes the directory at once and asks within the discovery window the pages share: the check is the
// person's own question, so it asks the directory now and tells the network as it is, not as the last test left it.
beforeEach(() => {
  established();
});

describe('why am I not getting tasks', () => {
  it('a registered node the directory reached, listed, priced at the base rate, out of probation: every check passes, in order', async () => {
    const d = await diagnose();
    expect(d.checks.map((c) => c.id)).toEqual([
      'registered',
      'reachable',
      'discoverable',
      'price',
      'standing',
      'demand',
      'refusals',
    ]);
    // The only node on this directory: whether consumers ask for its models has nothing to be compared with.
    expect(d.checks.map((c) => c.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'unknown', 'ok']);
    expect(d.holdingBack).toBeNull();
    const c = byId(d);
    expect(c.registered!.words).toBe('Registered with the directory.');
    expect(c.reachable!.words).toBe('The directory reached your node from the internet.');
    expect(c.discoverable!.words).toMatch(
      /^Consumers looking for chat tasks find your node \(place 1 of 1 listed\)\.$/,
    );
    expect(c.price!.words).toBe('You charge 1\u00a0× the network’s base rate. Confirmed by the directory.');
    expect(c.standing!.words).toBe('Reputation 0.72 after 250 completed tasks.');
    // The same standing the Earnings page shows: the check read the books afresh for both.
    const e = h.node.getSnapshot().earnings;
    expect([e.reputationScore, e.probation, e.completedTasks]).toEqual([0.72, false, 250]);
    expect(c.refusals!.words).toBe('No task was turned away today.');
  });

  it('says first that the directory could not reach the node, with the Network page to fix it', async () => {
    directory.observeReachability(nodeId, false);
    const d = await diagnose();
    expect(d.holdingBack).toBe('reachable');
    expect(byId(d).reachable).toEqual({
      id: 'reachable',
      outcome: 'problem',
      words:
        'The directory tried to reach your node from the internet and could not, so it does not send consumers there.',
      action: { label: 'Open Network', route: 'network' },
    });
  });

  it('says so when consumers looking for its intent do not find it (the directory has not heard from it)', async () => {
    directory.state.nodes[nodeId]!.lastSeen = Date.now() - 120_000;
    const d = await diagnose();
    expect(d.holdingBack).toBe('discoverable');
    expect(byId(d).discoverable).toMatchObject({
      outcome: 'problem',
      words:
        'Consumers looking for chat tasks do not find your node: the directory has not heard from it for more than 90 seconds.',
    });
  });

  it('says so when the directory holds it as not available', async () => {
    directory.state.nodes[nodeId]!.available = false;
    const d = await diagnose();
    // Not available: the registry does not show it either, so reachability is not known.
    expect(byId(d).reachable!.outcome).toBe('unknown');
    expect(d.holdingBack).toBe('discoverable');
    expect(byId(d).discoverable!.words).toMatch(/holds it as not available/);
  });

  it('names probation for a new node', async () => {
    directory.state.nodes[nodeId]!.reputation.completedTasks = 7;
    const d = await diagnose();
    expect(d.holdingBack).toBe('standing');
    expect(byId(d).standing).toEqual({
      id: 'standing',
      outcome: 'problem',
      words:
        'Your node is new: until it has completed 100 tasks (it has 7), the directory sends it no consumer who asks for interactive answers, and that is what chat asks for by default in the IICP SDKs. This ends by itself as it serves tasks.',
      action: null,
    });
  });

  it('names refusals it could do something about', async () => {
    h.node.commands.pause();
    const res = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
    h.node.commands.resume();
    expect(res.status).toBe(429);
    established();
    const d = await diagnose();
    expect(d.holdingBack).toBe('refusals');
    expect(byId(d).refusals).toEqual({
      id: 'refusals',
      outcome: 'problem',
      words: '1 arrived while the node was paused or outside your availability windows.',
      action: { label: 'Open Availability', route: 'availability' },
    });
  });

  it('with the directory gone, says which checks could not be made and still answers', async () => {
    await directory.close();
    try {
      const d = await diagnose();
      const c = byId(d);
      for (const id of ['reachable', 'discoverable'] as const) {
        expect(c[id]!.outcome).toBe('unknown');
        expect(c[id]!.words).toMatch(/^The directory could not be asked \(.+\)\.$/);
      }
      // Standing and price are what the Earnings and Pricing pages last knew, as they show them.
      expect(c.standing!.words).toBe('Reputation 0.72 after 250 completed tasks.');
      expect(c.price!.outcome).toBe('ok');
    } finally {
      await directory.restart();
    }
  });
});
