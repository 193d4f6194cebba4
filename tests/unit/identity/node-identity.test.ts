/**
 * The node's lasting identity: its UUID (database) and IICP-CX key (secret store) are created once and
 * reused on every start, because the directory ties reputation to the node id and checks a changed CX key
 * against the node token (IICP-E049).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cxPublicKeyAdvert, exportCxPrivateRaw } from '@engine/cx';
import { loadOrCreateIdentity } from '@engine/identity/node-identity';
import { FileSecretStore, MemorySecretStore } from '@engine/identity/secret-store';
import { databasePath } from '@engine/files/paths';
import { Store } from '@engine/store';
import { tempDir } from '../../support/tmp';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('node identity', () => {
  let dir: string;
  let cleanup: () => void;
  const stores: Store[] = [];

  /** What one start of the app does: open the data folder's database and secrets file. */
  const boot = () => {
    const store = Store.open(databasePath(dir));
    stores.push(store);
    const secrets = new FileSecretStore(join(dir, 'secrets.json'));
    return { identity: loadOrCreateIdentity(store.state, secrets), secrets, store };
  };

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-identity-'));
  });
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    cleanup();
  });

  it('creates a UUID v4 node id on first start and keeps it across restarts of the same data folder', () => {
    const first = boot().identity;
    expect(first.nodeId).toMatch(UUID_V4);
    stores.pop()!.close();
    expect(boot().identity.nodeId).toBe(first.nodeId);
  });

  it('another data folder is another node', () => {
    const first = boot().identity;
    const other = tempDir('iicp-identity-other-');
    try {
      const store = Store.open(databasePath(other.dir));
      stores.push(store);
      const id = loadOrCreateIdentity(store.state, new FileSecretStore(join(other.dir, 'secrets.json')));
      expect(id.nodeId).not.toBe(first.nodeId);
    } finally {
      stores.pop()!.close();
      other.cleanup();
    }
  });

  it('keeps the CX private key in the secret store and reuses it (same key id) on the next start', () => {
    const { identity: first, secrets } = boot();
    expect(secrets.get('cx_private_key')).toBe(exportCxPrivateRaw(first.cx).toString('base64url'));
    stores.pop()!.close();
    const second = boot().identity;
    expect(cxPublicKeyAdvert(second.cx).key_id).toBe(cxPublicKeyAdvert(first.cx).key_id);
    expect(cxPublicKeyAdvert(second.cx).key).toBe(cxPublicKeyAdvert(first.cx).key);
  });

  it('does not keep the CX key in the database', () => {
    const { identity, store } = boot();
    const raw = exportCxPrivateRaw(identity.cx).toString('base64url');
    const rows = store.db.prepare<[], { value: string }>('SELECT value FROM engine_state').all();
    expect(rows.some((r) => r.value.includes(raw))).toBe(false);
  });

  // A damaged key cannot decrypt anything, so keeping it would leave the node unable to serve IICP-CX
  // tasks for good. A new key is re-advertised at the next registration, where the saved node token
  // proves the node still owns its id (E049); without a token the directory decides, as for a new node.
  it.each([
    ['not base64 of 32 bytes', 'dGhpcyBpcyBub3QgYSBrZXk'],
    ['an empty value', ''],
    ['garbage', '!!!***'],
  ])('replaces a damaged stored key (%s) with a new one, and stores that', (_label, damaged) => {
    const secrets = new MemorySecretStore();
    secrets.update({ cx_private_key: damaged });
    const store = Store.open(databasePath(dir));
    stores.push(store);
    const identity = loadOrCreateIdentity(store.state, secrets);
    const stored = secrets.get('cx_private_key');
    expect(stored).not.toBe(damaged);
    expect(stored).toBe(exportCxPrivateRaw(identity.cx).toString('base64url'));
    // …and the replacement is what the next start uses.
    expect(loadOrCreateIdentity(store.state, secrets).cx.keyId).toBe(identity.cx.keyId);
  });

  it('keeps the other secrets when it replaces a damaged key', () => {
    const secrets = new MemorySecretStore();
    secrets.update({ cx_private_key: 'broken', node_token: 'tok_keep_me_please' });
    const store = Store.open(databasePath(dir));
    stores.push(store);
    loadOrCreateIdentity(store.state, secrets);
    expect(secrets.get('node_token')).toBe('tok_keep_me_please');
  });

  it('honours an override node id for the run, without persisting it', () => {
    const persisted = boot().identity.nodeId;
    const store = stores[0]!;
    const override = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const overridden = loadOrCreateIdentity(store.state, new MemorySecretStore(), override);
    expect(overridden.nodeId).toBe(override);
    expect(loadOrCreateIdentity(store.state, new MemorySecretStore()).nodeId).toBe(persisted);
  });

  it('replaces a stored node id that is not a UUID v4', () => {
    const store = Store.open(databasePath(dir));
    stores.push(store);
    store.state.set('nodeId', 'not-a-uuid');
    const identity = loadOrCreateIdentity(store.state, new MemorySecretStore());
    expect(identity.nodeId).toMatch(UUID_V4);
    expect(loadOrCreateIdentity(store.state, new MemorySecretStore()).nodeId).toBe(identity.nodeId);
  });
});
