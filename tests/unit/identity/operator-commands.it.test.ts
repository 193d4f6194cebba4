/**
 * The operator commands through the engine's own handlers and dispatcher: they answer before the node ever started
 * and while it is stopped (the setup wizard makes the identity), fill `NodeSnapshot.operator` in either case, keep the
 * identity in the data folder's secrets, and a change while the node runs makes the directory link register again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '@shared/contract/dispatch';
import { OPERATOR_ROTATION_WORDS } from '../../support/operator-english';
import { ProviderNode } from '@engine/node/provider-node';
import { ScriptedMapper } from '../../support/scripted-mapper';
import { tempDir } from '../../support/tmp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The directory as far as these commands reach it: it never bound this identity (IICP-E044), or it is unreachable. */
const neverBound: typeof fetch = async () =>
  new Response(
    JSON.stringify({ error: { code: 'IICP-E044', message: 'unknown operator (register a delegated node first)' } }),
    { status: 404, headers: { 'Content-Type': 'application/json' } },
  );

function makeNode(dataDir?: string, fetchImpl: typeof fetch = neverBound) {
  let dir = dataDir;
  if (!dir) {
    const t = tempDir('iicp-operator-');
    cleanups.push(t.cleanup);
    dir = t.dir;
  }
  const nat = { interfaces: () => ({}), createMapper: () => new ScriptedMapper() };
  const node = new ProviderNode({
    dataDir: dir,
    host: 'headless',
    taskHost: '127.0.0.1',
    taskPort: 0,
    appVersion: '1.2.3',
    fetchImpl,
    tuning: { snapshotIntervalMs: 0, nat },
  });
  cleanups.push(() => node.stop());
  const dispatch = createDispatcher(node.commandHandlers());
  return { node, dir, dispatch };
}

const PASS = 'a long passphrase';

describe('the operator commands', () => {
  it('make, rename and rotate an identity on a node that never started; the snapshot shows it', async () => {
    const { node, dispatch } = makeNode();
    expect(node.state).toBe('stopped');
    expect(await dispatch('getOperator', {})).toMatchObject({ ok: true, value: { state: 'none' } });
    const made = await dispatch('createOperator', { displayName: ' Ada ' });
    expect(made).toMatchObject({ ok: true, value: { state: 'active', displayName: 'Ada', directory: 'unknown' } });
    expect(node.getSnapshot().operator).toMatchObject({ state: 'active', displayName: 'Ada' });
    expect(await dispatch('renameOperator', { displayName: 'Ada Lovelace' })).toMatchObject({
      ok: true,
      value: { displayName: 'Ada Lovelace' },
    });
    const rotated = await dispatch('rotateOperator', { confirm: true });
    expect(rotated).toMatchObject({ ok: true, value: { displayName: 'Ada Lovelace', rotatedAt: expect.any(String) } });
    expect(await dispatch('createOperator', { displayName: 'Bea' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(await dispatch('rotateOperator', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('a new key needs the directory to answer: when it cannot be reached, the key stays and the words say why', async () => {
    const unreachable: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const { dispatch } = makeNode(undefined, unreachable);
    const made = await dispatch('createOperator', { displayName: 'Ada' });
    const before = made.ok ? (made.value as { fingerprint: string }).fingerprint : '';
    expect(await dispatch('rotateOperator', { confirm: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', message: OPERATOR_ROTATION_WORDS.unreachable },
    });
    expect(await dispatch('getOperator', {})).toMatchObject({
      ok: true,
      value: { fingerprint: before, rotatedAt: null },
    });
  });

  it('carry the identity to another computer: same fingerprint; wrong passphrase and foreign files say so', async () => {
    const a = makeNode();
    const made = await a.dispatch('createOperator', { displayName: 'Ada' });
    const fingerprint = made.ok ? (made.value as { fingerprint: string }).fingerprint : '';
    const exported = await a.dispatch('exportOperator', { passphrase: PASS });
    expect(exported).toMatchObject({ ok: true, value: { filename: `iicp-operator-${fingerprint}.json` } });
    const file = exported.ok ? (exported.value as { text: string }).text : '';
    expect(await a.dispatch('exportOperator', { passphrase: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ path: 'passphrase' }] },
    });

    const b = makeNode();
    expect(await b.dispatch('importOperator', { file, passphrase: 'not it at all' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ path: 'passphrase', code: 'wrong_passphrase' }] },
    });
    expect(await b.dispatch('importOperator', { file: 'hello', passphrase: PASS })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ path: 'file', code: 'invalid_file' }] },
    });
    expect(await b.dispatch('importOperator', { file, passphrase: PASS })).toMatchObject({
      ok: true,
      value: { state: 'active', fingerprint, displayName: 'Ada' },
    });
    expect(b.node.getSnapshot().operator.fingerprint).toBe(fingerprint);

    // A third computer with an identity of its own: only with replace.
    const c = makeNode();
    await c.dispatch('createOperator', { displayName: 'Cy' });
    expect(await c.dispatch('importOperator', { file, passphrase: PASS })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(await c.dispatch('importOperator', { file, passphrase: PASS, replace: true })).toMatchObject({
      ok: true,
      value: { fingerprint },
    });
  });

  it('work while the node runs, keep the identity across a restart, and make the link register again', async () => {
    const { node, dir, dispatch } = makeNode();
    await node.start();
    const reregister = vi.spyOn(node.runtime!.link, 'operatorChanged');
    const made = await dispatch('createOperator', { displayName: 'Ada' });
    expect(made.ok).toBe(true);
    expect(reregister).toHaveBeenCalledTimes(1);
    expect(node.getSnapshot().operator).toMatchObject({ state: 'active', displayName: 'Ada', storedEncrypted: false });
    await dispatch('renameOperator', { displayName: 'Ada L' });
    expect(reregister).toHaveBeenCalledTimes(2);
    const fingerprint = node.getSnapshot().operator.fingerprint;
    await node.stop();
    // Stopped: read from the data folder's secrets, where the running node wrote it.
    expect(node.getSnapshot().operator).toMatchObject({ state: 'active', fingerprint, displayName: 'Ada L' });
    const again = makeNode(dir);
    expect(again.node.getSnapshot().operator).toMatchObject({ fingerprint, displayName: 'Ada L' });
    await again.node.start();
    expect(again.node.getSnapshot().operator.fingerprint).toBe(fingerprint);
    const events = again.node.commands.listEvents(50).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['operator_created', 'operator_renamed']));
  });
});
