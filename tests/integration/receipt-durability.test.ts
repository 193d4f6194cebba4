/**
 * A crash between serving and posting never loses or duplicates a receipt: a node serves tasks while
 * the directory's award route is down, is SIGKILLed, and on restart posts each receipt exactly once.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretStore } from '@engine/identity/secret-store';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { chatTask, eventually, http, startNode } from '../support/node-harness';
import { tempDir } from '../support/tmp';

let directory: TestDirectory;
let backend: FakeBackend;
const data = tempDir('iicp-receipts-');

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
});

afterAll(async () => {
  await backend?.close();
  await directory?.close();
  data.cleanup();
});

describe('receipts across a crash', () => {
  it('are posted exactly once after the node was killed before it could post them', async () => {
    const port = await freePort();
    // The award route is down: receipts stay in the outbox.
    directory.fail({ status: 503, body: { error: 'maintenance' }, routes: ['credits'] });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/support/serving-node-child.ts', data.dir, String(port), directory.url, backend.url],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`child never became ready:\n${stderr}`)), 20_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('ready')) {
          clearTimeout(t);
          resolve();
        }
      });
    });

    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      const res = await http(`http://127.0.0.1:${port}/v1/task`, { body: chatTask(id) });
      expect(res.status).toBe(200); // answered, so its receipt is on disk
      ids.push(id);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const accepted = (id: string) =>
      directory.state.awards.filter((a) => (a.body as { task_id?: string }).task_id === id && a.outcome === 'accepted')
        .length;
    expect(ids.map(accepted)).toEqual([0, 0, 0, 0, 0]);

    directory.fail(null);
    const again = await startNode(
      { directoryUrl: directory.url, backendUrl: backend.url, publicEndpoint: `http://127.0.0.1:${port}` },
      {
        taskPort: port,
        allowPrivateEndpoint: true,
        secretStore: new FileSecretStore(join(data.dir, 'secrets.json')),
        tuning: { earnings: { retryBaseMs: 200 } },
      },
      data.dir,
    );
    try {
      await eventually(() => expect(ids.map(accepted)).toEqual([1, 1, 1, 1, 1]), 15_000);
      // The answers are recorded together once the round is done (awaited): then the outbox is empty and nothing is
      // left that could be posted a second time.
      await eventually(async () => {
        const rows = await again.node.commandHandlers().listLedger({ limit: 50 });
        expect(rows.filter((r) => ids.includes(r.taskId)).map((r) => r.receipt)).toEqual([
          'awarded',
          'awarded',
          'awarded',
          'awarded',
          'awarded',
        ]);
        expect(again.node.getSnapshot().earnings.outbox).toBe(0);
      }, 10_000);
      expect(ids.map(accepted)).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await again.stop();
    }
  }, 60_000);

  it('a receipt whose first post was accepted but whose answer was lost is recorded as awarded, not claimed twice', async () => {
    const port = await freePort();
    const h = await startNode(
      { directoryUrl: directory.url, backendUrl: backend.url, publicEndpoint: `http://127.0.0.1:${port}` },
      // The first post fails (the route is down); the next comes 3 s later, after the "lost answer" post below.
      { taskPort: port, allowPrivateEndpoint: true, tuning: { earnings: { retryBaseMs: 3000 } } },
    );
    try {
      await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
      directory.fail({ status: 503, body: { error: 'maintenance' }, routes: ['credits'] });
      const id = randomUUID();
      expect((await http(`${h.base}/v1/task`, { body: chatTask(id) })).status).toBe(200);
      // Its first post met the outage (and was put off for 3 s)…
      await eventually(() =>
        expect(directory.state.awards.some((a) => a.injected && (a.body as { task_id?: string }).task_id === id)).toBe(
          true,
        ),
      );
      // …and the node recorded the refusal (awaited: the directory logs the post before it answers); read through the
      // node's own connection…
      const { body } = await eventually(() => {
        const row = h.node.database!.prepare('SELECT body, attempts FROM receipt_outbox WHERE task_id = ?').get(id) as
          { body: string; attempts: number } | undefined;
        expect(row?.attempts).toBeGreaterThanOrEqual(1);
        return row!;
      });
      // …so this is what the node would have posted just before a crash: the stored receipt, byte for byte.
      directory.fail(null);
      const first = await fetch(`${directory.url}/v1/credits/award`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${h.secrets.get('node_token')}` },
        body,
      });
      expect(first.status).toBe(200);
      await eventually(async () => {
        const rows = await h.node.commandHandlers().listLedger({ limit: 10 });
        expect(rows.find((r) => r.taskId === id)).toMatchObject({
          receipt: 'awarded',
          note: expect.stringMatching(/accepted earlier/),
        });
      }, 10_000);
      const accepted = directory.state.awards.filter(
        (a) => (a.body as { task_id?: string }).task_id === id && a.outcome === 'accepted',
      );
      expect(accepted).toHaveLength(1);
    } finally {
      await h.stop();
    }
  }, 30_000);
});
