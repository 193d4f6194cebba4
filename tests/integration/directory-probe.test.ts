/**
 * "Check my node" asks the directory to dial the node at once (`GET /v1/probe`) and shows its answer within seconds,
 * beside the slower task check: the PHP-faithful stand-in really dials the address the node registered, so a node that
 * listens there is reachable and one whose address leads nowhere is not.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { english } from '@shared/i18n/say';
import { freePort } from '../support/free-port';
import { eventually, startNode, startPublicNode, type NodeHarness } from '../support/node-harness';

/** Well within the 10 s the answer may take: the directory's own dial gives up after 5 s. */
const SHOWN_WITHIN_MS = 10_000;

let directory: TestDirectory;
let backend: FakeBackend;
const nodes: NodeHarness[] = [];

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
});

afterAll(async () => {
  for (const h of nodes) await h.stop();
  await backend?.close();
  await directory?.close();
});

describe('the directory’s instant check in "Check my node"', () => {
  it('a node that listens at its address: reachable, with the time the dial took, shown within seconds', async () => {
    const h = await startPublicNode({ directory: directory.url, backend: backend.url });
    nodes.push(h);
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
    const started = performance.now();
    await h.node.commandHandlers().checkNode({});
    await eventually(
      () => expect(h.node.getSnapshot().reachability.check.probe?.outcome).toBe('reachable'),
      SHOWN_WITHIN_MS,
    );
    expect(performance.now() - started).toBeLessThan(SHOWN_WITHIN_MS);
    const probe = h.node.getSnapshot().reachability.check.probe!;
    expect(english.said(probe.words)).toBe('The directory reached your node just now.');
    expect(probe.latencyMs).toBeGreaterThanOrEqual(0);
    // The directory really dialled the registered address with HEAD /iicp/health.
    const port = Number(new URL(h.node.getSnapshot().reachability.endpoint!).port);
    expect(directory.state.dialProbes.at(-1)).toMatchObject({ host: '127.0.0.1', port, status: 200 });
  });

  it('a node whose address leads nowhere: unreachable, in words, with the directory’s code quoted', async () => {
    // A port that takes connections and closes them at once, like a router forwarding to nobody.
    const port = await freePort();
    const nowhere: Server = createServer((s) => s.destroy());
    await new Promise<void>((r) => nowhere.listen(port, '127.0.0.1', r));
    const taskPort = await freePort();
    const h = await startNode(
      { backendUrl: backend.url, directoryUrl: directory.url, publicEndpoint: `http://127.0.0.1:${port}` },
      {
        taskPort,
        allowPrivateEndpoint: true,
        tuning: { directoryStartupRetryDelaysMs: [200, 400], directoryBackoffBaseMs: 200 },
      },
    );
    nodes.push(h);
    try {
      await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
      await h.node.commandHandlers().probeNode({});
      await eventually(
        () => expect(h.node.getSnapshot().reachability.check.probe?.outcome).toBe('unreachable'),
        SHOWN_WITHIN_MS,
      );
      const probe = h.node.getSnapshot().reachability.check.probe!;
      expect(english.said(probe.words)).toMatch(/could not reach your node/);
      expect(probe.quoted).toBe('connection_refused');
    } finally {
      nowhere.close();
    }
  });

  it('asked again soon, the node gives the last answer with its time instead of asking the directory again', async () => {
    // A node whose least time between dials is long enough that this test runs well within it, however slow the
    // machine.
    const h = await startPublicNode(
      { directory: directory.url, backend: backend.url },
      {},
      { tuning: { probeGapMs: 3_600_000 } },
    );
    nodes.push(h);
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
    await h.node.commandHandlers().probeNode({});
    await eventually(
      () => expect(h.node.getSnapshot().reachability.check.probe?.outcome).toBe('reachable'),
      SHOWN_WITHIN_MS,
    );
    const first = h.node.getSnapshot().reachability.check.probe!;
    const asked = directory.state.dialProbes.length;
    await h.node.commandHandlers().probeNode({});
    await h.node.commandHandlers().probeNode({});
    await h.node.commandHandlers().checkNode({});
    await eventually(() => expect(h.node.getSnapshot().reachability.check.running).toBe(false), 30_000);
    expect(h.node.getSnapshot().reachability.check.probe).toEqual(first);
    expect(directory.state.dialProbes.length).toBe(asked);
  });
});
