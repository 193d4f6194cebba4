/**
 * A whole node registered with the test directory, which signs its event log with a real Ed25519 key, for the tests
 * of the earnings check: tasks served and awarded, then a check asked for. The node's own timer passes are pushed past
 * the test, so each step's check is the one the test asks for.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { AwardCheck, AwardDifference, VerificationInfo } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from './backends';
import { generateGenesisKey, startTestDirectory, type TestDirectory } from './directory';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from './node-harness';

export interface VerifiedNode {
  directory: TestDirectory;
  backend: FakeBackend;
  h: NodeHarness;
  nodeId: string;
  commands(): ReturnType<NodeHarness['node']['commandHandlers']>;
  /** Serves a task and waits until the directory awarded its claim; its task id. */
  served(): Promise<string>;
  /** "Verify now", which must finish (`done`). */
  verify(): Promise<VerificationInfo>;
  /** The differing claims of the last check. */
  differences(): Promise<AwardDifference[]>;
  /** The last check's verdict on one task, when it differs. */
  checkOf(taskId: string): Promise<AwardCheck | undefined>;
  close(): Promise<void>;
}

export async function startVerifiedNode(): Promise<VerifiedNode> {
  const directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 1000,
    genesisEd25519SecretKey: generateGenesisKey().secretKeyHex,
  });
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  const h = await startPublicNode(
    { directory: directory.url, backend: backend.url },
    {},
    { tuning: { earnings: { retryBaseMs: 200, syncIntervalMs: 60_000, verifyFirstDelayMs: 3_600_000 } } },
  );
  const nodeId = h.node.getSnapshot().node.nodeId!;
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
  const commands = () => h.node.commandHandlers();
  const differences = async () => (await commands().listAwardDifferences({ limit: 500, offset: 0 })).rows;
  return {
    directory,
    backend,
    h,
    nodeId,
    commands,
    async served() {
      const taskId = randomUUID();
      const res = await http(`${h.base}/v1/task`, { body: chatTask(taskId) });
      expect(res.status).toBe(200);
      await eventually(
        async () =>
          expect((await commands().listLedger({ limit: 50 })).find((r) => r.taskId === taskId)?.receipt).toBe(
            'awarded',
          ),
        5000,
      );
      return taskId;
    },
    async verify() {
      const v = await commands().verifyEarnings({});
      expect(v.error ?? v.state).toBe('done');
      return v;
    },
    differences,
    async checkOf(taskId) {
      return (await differences()).find((r) => r.taskId === taskId)?.check;
    },
    async close() {
      await h.stop();
      await backend.close();
      await directory.close();
    },
  };
}
