/**
 * The operator's machines travel with the identity: kept in its secret, carried in its export file together with the
 * computer that exported it, merged when the same identity is imported again, and replaced when another one is. A
 * new list of machines changes nothing the directory sees, so it never asks for a new REGISTER.
 */
import { describe, expect, it } from 'vitest';
import { OperatorIdentity } from '@engine/identity/operator-identity';
import type { MachineRef } from '@engine/identity/machine-list';
import { fleetKey } from '@engine/identity/operator-key';
import { MemorySecretStore, type SecretStore } from '@engine/identity/secret-store';

const PASS = 'a long passphrase';

/** One computer: its secret store, its own node (what an export carries of it), and counted callbacks. */
function computer(self: MachineRef | null, secrets: SecretStore = new MemorySecretStore()) {
  const calls = { identity: 0, state: 0, writes: 0 };
  const counted: SecretStore = {
    get description() {
      return secrets.description;
    },
    get encryptedAtRest() {
      return secrets.encryptedAtRest;
    },
    get: (name) => secrets.get(name),
    update: (changes) => {
      calls.writes++;
      secrets.update(changes);
    },
  };
  const op = new OperatorIdentity({
    secrets: () => counted,
    now: () => new Date('2026-05-01T10:00:00.000Z'),
    log: () => undefined,
    identityChanged: () => calls.identity++,
    stateChanged: () => calls.state++,
    selfMachine: () => self,
  });
  return { op, secrets, calls };
}

const ATTIC = { nodeId: 'node-attic-01', name: 'Attic' };
const CELLAR = { nodeId: 'node-cellar-02', name: 'Cellar' };
const DEN = { nodeId: 'node-den-03', name: 'Den' };

describe("the operator identity's machines", () => {
  it('keeps a new list without asking for a new REGISTER, and keeps it across a restart', () => {
    const a = computer(ATTIC);
    const fp = a.op.create('Ada').fingerprint!;
    expect(a.op.fleetAccess()?.machines).toEqual([]);
    const before = { ...a.calls };
    a.op.saveMachines(fp, [ATTIC, CELLAR]);
    expect(a.calls.identity).toBe(before.identity);
    expect(a.calls.state).toBe(before.state);
    expect(a.calls.writes).toBe(before.writes + 1);
    expect(a.op.fleetAccess()?.machines).toEqual([ATTIC, CELLAR]);
    // The same list again writes nothing.
    a.op.saveMachines(fp, [ATTIC, CELLAR]);
    expect(a.calls.writes).toBe(before.writes + 1);
    // Another engine on the same secret store (a restart) has them.
    expect(computer(ATTIC, a.secrets).op.fleetAccess()?.machines).toEqual([ATTIC, CELLAR]);
  });

  it('drops a list for another identity than the one kept now', () => {
    const a = computer(ATTIC);
    a.op.create('Ada');
    const writes = a.calls.writes;
    a.op.saveMachines('abcdefabcdef', [CELLAR]);
    expect(a.calls.writes).toBe(writes);
    expect(a.op.fleetAccess()?.machines).toEqual([]);
  });

  it('gives the fleet the same key on every computer that holds the identity, derived from its seed', async () => {
    const a = computer(ATTIC);
    const fp = a.op.create('Ada').fingerprint!;
    const b = computer(CELLAR);
    await b.op.importFile((await a.op.exportFile(PASS)).text, PASS, false);
    const ka = a.op.fleetAccess()!;
    const kb = b.op.fleetAccess()!;
    expect(ka.fingerprint).toBe(fp);
    expect(kb.fingerprint).toBe(fp);
    expect(kb.key.equals(ka.key)).toBe(true);
    expect(ka.key).toHaveLength(32);
    // Another identity seals with another key.
    const c = computer(DEN);
    c.op.create('Bea');
    expect(c.op.fleetAccess()!.key.equals(ka.key)).toBe(false);
    expect(ka.key.equals(fleetKey(Buffer.alloc(32)))).toBe(false);
  });

  it('export carries the machines and the exporting computer; import on another computer takes them', async () => {
    const a = computer(ATTIC);
    const fp = a.op.create('Ada').fingerprint!;
    // The exporting computer is in its own list under an old name: the export carries its name now.
    a.op.saveMachines(fp, [{ ...ATTIC, name: 'Old name' }, CELLAR]);
    const { text } = await a.op.exportFile(PASS);
    const b = computer(DEN);
    const identityBefore = b.calls.identity;
    await b.op.importFile(text, PASS, false);
    expect(b.calls.identity).toBe(identityBefore + 1);
    expect(b.op.fleetAccess()).toMatchObject({ fingerprint: fp, machines: [ATTIC, CELLAR] });
    // The exporting computer's own list is as it was.
    expect(a.op.fleetAccess()?.machines).toEqual([{ ...ATTIC, name: 'Old name' }, CELLAR]);
  });

  it('export without a node of its own (before setup) carries the list as it is', async () => {
    const a = computer(null);
    const fp = a.op.create('Ada').fingerprint!;
    a.op.saveMachines(fp, [CELLAR]);
    const b = computer(DEN);
    await b.op.importFile((await a.op.exportFile(PASS)).text, PASS, false);
    expect(b.op.fleetAccess()?.machines).toEqual([CELLAR]);
  });

  it('importing the same identity again keeps the machines met since, and takes the names the file brings', async () => {
    const a = computer(ATTIC);
    const fp = a.op.create('Ada').fingerprint!;
    a.op.saveMachines(fp, [CELLAR]);
    const first = (await a.op.exportFile(PASS)).text;
    const b = computer(DEN);
    await b.op.importFile(first, PASS, false);
    b.op.saveMachines(fp, [...b.op.fleetAccess()!.machines, DEN]);
    expect(b.op.fleetAccess()?.machines).toEqual([CELLAR, ATTIC, DEN]);
    // Meanwhile the cellar machine was renamed on the first computer.
    a.op.saveMachines(fp, [{ ...CELLAR, name: 'Cellar rig' }]);
    await b.op.importFile((await a.op.exportFile(PASS)).text, PASS, false);
    expect(b.op.fleetAccess()?.machines).toEqual([{ ...CELLAR, name: 'Cellar rig' }, ATTIC, DEN]);
  });

  it('importing another identity brings only its own machines', async () => {
    const b = computer(DEN);
    const old = b.op.create('Bea').fingerprint!;
    b.op.saveMachines(old, [DEN, { nodeId: 'node-old-09', name: 'Old' }]);
    const a = computer(ATTIC);
    const fp = a.op.create('Ada').fingerprint!;
    a.op.saveMachines(fp, [CELLAR]);
    await b.op.importFile((await a.op.exportFile(PASS)).text, PASS, true);
    expect(b.op.fleetAccess()).toMatchObject({ fingerprint: fp, machines: [CELLAR, ATTIC] });
  });

  it('a rotation without a directory keeps the machines', async () => {
    const a = computer(ATTIC);
    const fp = a.op.create('Ada').fingerprint!;
    a.op.saveMachines(fp, [ATTIC, CELLAR]);
    const rotated = await a.op.rotate();
    expect(rotated.fingerprint).not.toBe(fp);
    expect(a.op.fleetAccess()).toMatchObject({ fingerprint: rotated.fingerprint, machines: [ATTIC, CELLAR] });
  });

  it('a damaged list of machines in the secret costs the list, never the identity', () => {
    const a = computer(ATTIC);
    const fp = a.op.create('Ada').fingerprint!;
    a.op.saveMachines(fp, [CELLAR]);
    const stored = JSON.parse(a.secrets.get('operator_identity')!) as Record<string, unknown>;
    expect(stored.machines).toEqual([CELLAR]);
    a.secrets.update({ operator_identity: JSON.stringify({ ...stored, machines: [{ nodeId: 'bad id', name: 1 }] }) });
    const again = computer(ATTIC, a.secrets);
    expect(again.op.info()).toMatchObject({ state: 'active', fingerprint: fp });
    expect(again.op.fleetAccess()).toMatchObject({ fingerprint: fp, machines: [] });
  });
});
