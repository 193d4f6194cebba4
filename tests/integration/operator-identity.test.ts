/**
 * One operator across two computers, against the PHP-faithful test directory: the identity made on node A, exported
 * and imported on node B, shows the same fingerprint on both; the directory verifies both nodes' delegations with
 * the operator's key and pools them in one operator wallet (node_count 2, the two nodes' books summed); and another
 * operator asking for the same display name is refused with IICP-E051, said in plain words, until it renames.
 */
import { inEnglish } from '../support/said-english';
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { said } from '@shared/i18n/said';
import { OPERATOR_NAME_TAKEN, OPERATOR_ROTATION_WORDS } from '../support/operator-english';
import { callDirectory } from '@engine/directory/http';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

const PASS = 'a long passphrase for the test';
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

let directory: TestDirectory;
let backend: FakeBackend;
const nodes: NodeHarness[] = [];

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
});

afterAll(async () => {
  for (const n of nodes.splice(0)) await n.stop();
  await backend?.close();
  await directory?.close();
});

async function startOne(): Promise<NodeHarness> {
  const h = await startPublicNode(
    { directory: directory.url, backend: backend.url },
    {},
    { tuning: { earnings: { retryBaseMs: 200, syncIntervalMs: 60_000 } } },
  );
  nodes.push(h);
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
  return h;
}

const nodeIdOf = (h: NodeHarness) => h.node.getSnapshot().node.nodeId!;

/** The node's own `/v1/credits/summary`, read with its token as the node reads it. */
async function summary(h: NodeHarness): Promise<Record<string, unknown>> {
  const nodeId = nodeIdOf(h);
  const res = await callDirectory(directory.url, {
    method: 'GET',
    route: '/v1/credits/summary',
    token: h.secrets.get('node_token'),
    nodeId,
    query: { node_id: nodeId },
  });
  if (!res.ok) throw new Error(`summary refused: ${res.failure.code}`);
  return res.body;
}

/** The last REGISTER the directory took from the node, with what it made of the operator delegation. */
const lastAccepted = (nodeId: string) =>
  directory.state.registrations
    .filter((r) => r.status === 201 && (r.body as { node_id?: string }).node_id === nodeId)
    .at(-1)!;

function verifiesWith(pub: string, del: Record<string, unknown>): boolean {
  const bytes = Buffer.from(
    `{"node_id":${JSON.stringify(del.node_id)},"not_after":${String(del.not_after)},"operator_pub":${JSON.stringify(del.operator_pub)}}`,
  );
  const key = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(pub, 'base64')]),
    format: 'der',
    type: 'spki',
  });
  return verify(null, bytes, key, Buffer.from(String(del.sig), 'base64'));
}

async function serveOne(h: NodeHarness): Promise<string> {
  const taskId = randomUUID();
  const res = await http(`${h.base}/v1/task`, { body: chatTask(taskId) });
  expect(res.status).toBe(200);
  return taskId;
}

describe('one operator on two computers', () => {
  let a: NodeHarness;
  let b: NodeHarness;
  let fingerprint: string;
  let publicKey: string;

  it('made on A, exported, imported on B: the same fingerprint on both, and both bound at the directory', async () => {
    a = await startOne();
    b = await startOne();
    const made = await a.node.commandHandlers().createOperator({ displayName: 'Ada Rigs' });
    fingerprint = made.fingerprint!;
    publicKey = made.publicKey!;
    const file = await a.node.commandHandlers().exportOperator({ passphrase: PASS });
    const imported = await b.node
      .commandHandlers()
      .importOperator({ file: file.text, passphrase: PASS, replace: false });
    expect(imported).toMatchObject({
      state: 'active',
      fingerprint,
      publicKey,
      displayName: 'Ada Rigs',
      createdAt: made.createdAt,
    });
    // The change reaches the directory at once (a new REGISTER), and the node page confirms the binding.
    for (const h of [a, b])
      await eventually(
        () => expect(h.node.getSnapshot().operator).toMatchObject({ fingerprint, directory: 'bound', problem: null }),
        10_000,
      );
  });

  it('the directory verified both delegations, each with the operator key, for its own node', () => {
    for (const h of [a, b]) {
      const nodeId = nodeIdOf(h);
      const reg = lastAccepted(nodeId);
      expect(reg.operator).toMatchObject({ verified: true, reason: 'ok' });
      const del = (reg.body as { operator_delegation: Record<string, unknown> }).operator_delegation;
      expect(del).toMatchObject({ node_id: nodeId, operator_pub: publicKey });
      expect(verifiesWith(publicKey, del)).toBe(true);
      expect(directory.state.nodes[nodeId]).toMatchObject({ operatorVerified: true, operatorPubkey: publicKey });
    }
    expect(directory.state.operators[publicKey]).toMatchObject({
      displayName: 'Ada Rigs',
      identityStatus: 'active',
      integrityMismatches: 0,
    });
  });

  it("pools both nodes in one operator wallet: node_count 2, the two nodes' books summed", async () => {
    const [ta, tb] = [await serveOne(a), await serveOne(b)];
    const awarded = (taskId: string) =>
      directory.state.awards.some(
        (x) => (x.body as { task_id?: string }).task_id === taskId && x.outcome === 'accepted',
      );
    await eventually(() => expect([awarded(ta), awarded(tb)]).toEqual([true, true]), 10_000);
    const [sa, sb] = [await summary(a), await summary(b)];
    for (const s of [sa, sb]) {
      expect(s.operator_wallet).toMatchObject({ node_count: 2, operator_fingerprint: fingerprint, reconciles: true });
      const w = s.operator_wallet as Record<string, number>;
      expect(w.total_balance).toBeCloseTo((sa.balance as number) + (sb.balance as number), 4);
      expect(w.total_earned).toBeCloseTo((sa.total_earned as number) + (sb.total_earned as number), 4);
      expect(w.tx_count).toBe((sa.tx_count as number) + (sb.tx_count as number));
    }
    expect((sa.total_earned as number) > 0 && (sb.total_earned as number) > 0).toBe(true);
  });

  it('another operator asking for the same name is refused (IICP-E051) in plain words, until it renames', async () => {
    const c = await startOne();
    // The directory compares names without case and with spaces folded.
    await c.node.commandHandlers().createOperator({ displayName: 'ada  rigs' });
    await eventually(() => {
      const d = c.node.getSnapshot().directory;
      expect(d.link).toBe('rejected');
      expect(inEnglish(d.message)).toBe(OPERATOR_NAME_TAKEN);
    }, 10_000);
    expect(c.node.getSnapshot().operator).toMatchObject({
      directory: 'name_taken',
      problem: said('fleet.operator.nameTaken'),
    });
    expect(directory.state.registrations.at(-1)).toMatchObject({ status: 422, operator: { refused: 'IICP-E051' } });
    await c.node.commandHandlers().renameOperator({ displayName: 'Cy Rigs' });
    await eventually(
      () => expect(c.node.getSnapshot().operator).toMatchObject({ directory: 'bound', problem: null }),
      10_000,
    );
    expect(c.node.getSnapshot().directory.link).toBe('registered');
    // A's and B's wallet did not change members.
    expect((await summary(a)).operator_wallet).toMatchObject({ node_count: 2 });
  });

  it('a new key on A moves the identity at the directory: both nodes, the name and the wallet go with it; B, on the old key, is told to import', async () => {
    const before = a.node.getSnapshot().operator;
    const rotated = await a.node.commandHandlers().rotateOperator({ confirm: true });
    expect(rotated.fingerprint).not.toBe(fingerprint);
    // The directory moved the identity: the old key is retired, the new one holds the name, the creation time and
    // the integrity pin made with the first key, and both nodes.
    const old = directory.state.operators[publicKey]!;
    const next = directory.state.operators[rotated.publicKey!]!;
    expect(old.identityStatus).toBe('rotated');
    expect(next).toMatchObject({
      identityStatus: 'active',
      displayName: 'Ada Rigs',
      attestedCreatedAt: before.createdAt,
      operatorIntegrityHash: old.operatorIntegrityHash,
    });
    for (const h of [a, b])
      expect(directory.state.nodes[nodeIdOf(h)]).toMatchObject({
        operatorPubkey: rotated.publicKey,
        operatorVerified: true,
      });
    // A keeps its creation time, registers again with the new key and presents the pinned hash: no mismatch, no E051.
    expect(rotated).toMatchObject({ displayName: 'Ada Rigs', createdAt: before.createdAt });
    expect(rotated.rotatedAt).not.toBeNull();
    await eventually(
      () =>
        expect(a.node.getSnapshot().operator).toMatchObject({
          fingerprint: rotated.fingerprint,
          directory: 'bound',
          problem: null,
        }),
      10_000,
    );
    const reg = lastAccepted(nodeIdOf(a));
    expect((reg.body as { operator_delegation: Record<string, unknown> }).operator_delegation).toMatchObject({
      operator_pub: rotated.publicKey,
    });
    expect(next.integrityMismatches).toBe(0);
    expect((await summary(a)).operator_wallet).toMatchObject({
      node_count: 2,
      operator_fingerprint: rotated.fingerprint,
    });
    // B still holds the old key: its next REGISTER (here after a rename) is refused (IICP-E063), with words on what to
    // do.
    await b.node.commandHandlers().renameOperator({ displayName: 'Ada Rigs at home' });
    await eventually(
      () =>
        expect(b.node.getSnapshot().operator).toMatchObject({
          directory: 'revoked',
          problem: said('fleet.operator.revoked'),
        }),
      10_000,
    );
    // Importing A's identity again puts B back under the operator.
    const file = await a.node.commandHandlers().exportOperator({ passphrase: PASS });
    await b.node.commandHandlers().importOperator({ file: file.text, passphrase: PASS, replace: true });
    await eventually(
      () =>
        expect(b.node.getSnapshot().operator).toMatchObject({
          fingerprint: rotated.fingerprint,
          directory: 'bound',
          problem: null,
        }),
      10_000,
    );
    expect(directory.state.operators[rotated.publicKey!]!.integrityMismatches).toBe(0);
  });

  it('a directory that cannot be asked leaves the key as it was, with words on why', async () => {
    const current = a.node.getSnapshot().operator;
    directory.fail({ status: 503, routes: ['public'] });
    try {
      await expect(a.node.commandHandlers().rotateOperator({ confirm: true })).rejects.toMatchObject({
        body: { code: 'invalid_state', message: OPERATOR_ROTATION_WORDS.unreachable },
      });
    } finally {
      directory.fail(null);
    }
    expect(a.node.getSnapshot().operator.fingerprint).toBe(current.fingerprint);
    // The directory retires a key once: the old one cannot be moved again.
    expect(directory.state.operators[publicKey]!.identityStatus).toBe('rotated');
  });
});
