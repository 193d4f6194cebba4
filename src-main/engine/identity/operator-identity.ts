/**
 * The person's operator identity on this computer: one Ed25519 key pair with a display name, which every node they
 * run signs into its REGISTER so the directory counts them as one operator (one pooled wallet, one name).
 *
 * All of it lives in the secret store as one JSON text (the key's seed, the name, when it was made and when its key
 * was last replaced), so it can be read, made or imported before setup and while the node is stopped; nothing of it is
 * in the database. The private key leaves the engine only inside an export file sealed with the person's passphrase.
 * What the directory said about it is held here in memory and belongs to one key and name: a change of either
 * forgets it until the next REGISTER answers.
 */
import type { OperatorDirectoryState, OperatorInfo } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { OPERATOR_PASSPHRASE_MIN, OperatorDisplayName } from '@shared/contract/operator';
import { said } from '@shared/i18n/said';
import { operatorProblemSaid } from '@shared/words/operator-words';
import type { OperatorLinkHooks, OperatorRegistration } from './operator-delegation';
import { openOperatorFile, operatorFileName, readOperatorFile, sealOperatorFile } from './operator-file';
import { fleetKey, generateOperatorKey, operatorIntegrityHash } from './operator-key';
import { FLEET_MAX_MACHINES } from '@shared/contract/fleet';
import { mergeMachines, sameMachines, type MachineRef } from './machine-list';
import type { OperatorIdentityOptions } from './operator-identity-options';
import { encodeIdentity, loadedFrom, OPERATOR_SECRET, type Identity, type Loaded } from './stored-identity';

const sameAs = (id: Identity, sent: Pick<OperatorRegistration, 'publicKey' | 'displayName'>) =>
  id.key.publicKey === sent.publicKey && id.displayName === sent.displayName;

export class OperatorIdentity {
  /** The last secret text read and what it held: the snapshot asks often, the secret rarely changes. */
  private cache: { raw: string | null; loaded: Loaded } | null = null;
  /** What the directory said, and about which key and name. */
  private directory: { publicKey: string; displayName: string; state: OperatorDirectoryState } | null = null;
  private readonly now: () => Date;
  /** The fleet key of the identity in use (derived once per key). */
  private fleet: { fingerprint: string; key: Buffer } | null = null;
  /** What the directory link uses: the REGISTER's operator part, and where its answers go. */
  readonly linkHooks: OperatorLinkHooks = {
    registration: () => this.registration(),
    answered: (sent, state) => this.answered(sent, state),
  };

  constructor(private readonly o: OperatorIdentityOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** The public parts and the directory's last word, for the snapshot and the commands. Never throws. */
  info(): OperatorInfo {
    const loaded = this.load();
    const storedEncrypted = this.encrypted();
    if (loaded.kind !== 'active') {
      const problem = loaded.kind === 'unreadable' ? said('fleet.operator.unreadable') : null;
      return {
        state: 'none',
        fingerprint: null,
        publicKey: null,
        displayName: null,
        createdAt: null,
        rotatedAt: null,
        storedEncrypted,
        directory: 'unknown',
        problem,
      };
    }
    const id = loaded.id;
    const directory = this.directory && sameAs(id, this.directory) ? this.directory.state : 'unknown';
    return {
      state: 'active',
      fingerprint: id.key.fingerprint,
      publicKey: id.key.publicKey,
      displayName: id.displayName,
      createdAt: id.createdAt,
      rotatedAt: id.rotatedAt,
      storedEncrypted,
      directory,
      problem: operatorProblemSaid(directory, id.rotatedAt !== null),
    };
  }

  /** What the next REGISTER carries, or null without a (readable) identity. */
  registration(): OperatorRegistration | null {
    const loaded = this.load();
    if (loaded.kind !== 'active') return null;
    const { key, displayName, createdAt, integrityHash } = loaded.id;
    return {
      publicKey: key.publicKey,
      displayName,
      createdAt,
      integrityHash: integrityHash ?? operatorIntegrityHash(key.publicKey, createdAt),
      sign: (m) => key.sign(m),
    };
  }

  /** The directory's answer about `sent`; dropped when the identity has changed since it was sent. */
  answered(sent: Pick<OperatorRegistration, 'publicKey' | 'displayName'>, state: OperatorDirectoryState): void {
    const loaded = this.load();
    if (loaded.kind !== 'active' || !sameAs(loaded.id, sent)) return;
    const before = this.directory && sameAs(loaded.id, this.directory) ? this.directory.state : 'unknown';
    // "Registered, but its binding could not be read" ends a refusal and leaves a confirmation as it was.
    if (state === 'unknown' && (before === 'bound' || before === 'unverified')) return;
    this.directory = { publicKey: sent.publicKey, displayName: sent.displayName, state };
    if (before === state) return;
    const details = `fingerprint=${loaded.id.key.fingerprint}`;
    if (state === 'bound') this.o.log('info', 'operator_bound', details);
    else if (state === 'unverified') this.o.log('warn', 'operator_unverified', details);
    this.o.stateChanged();
  }

  /** A new identity; refused while one exists (it would be lost: rotate, rename or import instead). */
  create(displayName: string): OperatorInfo {
    const name = checkName(displayName);
    if (this.load().kind === 'active') {
      throw new ContractError('invalid_state', said('refusal.operator.exists'));
    }
    const key = generateOperatorKey();
    this.save({
      key,
      displayName: name,
      createdAt: this.now().toISOString(),
      rotatedAt: null,
      integrityHash: null,
      machines: [],
    });
    this.o.log('info', 'operator_created', `fingerprint=${key.fingerprint}`);
    return this.info();
  }

  /** A new display name; the next REGISTER carries it. */
  rename(displayName: string): OperatorInfo {
    const name = checkName(displayName);
    const id = this.requireIdentity();
    if (id.displayName === name) return this.info();
    this.save({ ...id, displayName: name });
    this.o.log('info', 'operator_renamed', `fingerprint=${id.key.fingerprint}`);
    return this.info();
  }

  /**
   * A new key pair under the same display name; the old private key is overwritten and never signs again. The
   * directory is asked first to move the identity to the new key (the nodes bound to it, the name, the history), so
   * it refuses the old key from then on; when it cannot, nothing changes here. A directory that never bound the old
   * key has nothing to move: to it the new key is a new operator, so the identity counts as made now (keeping the old
   * time would attest that this key existed since then, which it did not).
   */
  async rotate(): Promise<OperatorInfo> {
    const id = this.requireIdentity();
    const key = generateOperatorKey();
    const moved = this.o.rotateAtDirectory
      ? await this.o.rotateAtDirectory(id.key, key)
      : ({ kind: 'not_bound' } as const);
    if (this.requireIdentity().key.publicKey !== id.key.publicKey) {
      throw new ContractError('invalid_state', said('refusal.operator.changedWhileRotating'));
    }
    const at = this.now().toISOString();
    if (moved.kind === 'rotated') {
      this.save({
        ...id,
        key,
        rotatedAt: at,
        integrityHash: id.integrityHash ?? operatorIntegrityHash(id.key.publicKey, id.createdAt),
      });
    } else {
      this.save({
        key,
        displayName: id.displayName,
        createdAt: at,
        rotatedAt: at,
        integrityHash: null,
        machines: id.machines,
      });
    }
    const where = moved.kind === 'rotated' ? `directory linked_nodes=${moved.linkedNodes}` : 'local';
    this.o.log('info', 'operator_rotated', `from=${id.key.fingerprint} to=${key.fingerprint} ${where}`);
    return this.info();
  }

  /** The identity sealed with `passphrase`, as a file to import on another computer. */
  async exportFile(passphrase: string): Promise<{ filename: string; text: string }> {
    if (typeof passphrase !== 'string' || [...passphrase].length < OPERATOR_PASSPHRASE_MIN) {
      throw new ContractError('invalid_request', said('refusal.operator.passphraseShort'), [
        {
          path: 'passphrase',
          message: said('fleet.identity.passphraseShort', { min: OPERATOR_PASSPHRASE_MIN }),
          code: 'too_small',
        },
      ]);
    }
    const id = this.requireIdentity();
    const self = this.o.selfMachine?.() ?? null;
    const machines = self ? mergeMachines(id.machines, [self]) : id.machines;
    const text = await sealOperatorFile(
      {
        seed: id.key.seed(),
        displayName: id.displayName,
        createdAt: id.createdAt,
        rotatedAt: id.rotatedAt,
        integrityHash: id.integrityHash,
        machines,
        fingerprint: id.key.fingerprint,
      },
      passphrase,
    );
    this.o.log('info', 'operator_exported', `fingerprint=${id.key.fingerprint}`);
    return { filename: operatorFileName(id.key.fingerprint), text };
  }

  /**
   * Takes the identity of an export file. Replacing a different identity on this computer needs `replace` (its key
   * is then gone from here), checked before the passphrase is worked on and again before anything is written.
   */
  async importFile(file: string, passphrase: string, replace: boolean): Promise<OperatorInfo> {
    const sealed = readOperatorFile(file);
    this.refuseReplacing(sealed.fingerprint, replace);
    const opened = await openOperatorFile(sealed, passphrase);
    const replaced = this.refuseReplacing(opened.key.fingerprint, replace);
    // The same identity imported again keeps the machines met since; another one brings only its own.
    const before = this.load();
    const known =
      before.kind === 'active' && before.id.key.fingerprint === opened.key.fingerprint ? before.id.machines : [];
    const machines = mergeMachines(known, opened.machines);
    this.save({
      key: opened.key,
      displayName: opened.displayName,
      createdAt: opened.createdAt,
      rotatedAt: opened.rotatedAt,
      integrityHash: opened.integrityHash,
      machines,
    });
    opened.seed.fill(0);
    this.o.log('info', 'operator_imported', `fingerprint=${opened.key.fingerprint} replaced=${replaced}`);
    return this.info();
  }

  /**
   * The fleet's view of the identity: its fingerprint, the key its machines seal their status with, and the machines.
   */
  fleetAccess(): { fingerprint: string; key: Buffer; machines: MachineRef[] } | null {
    const loaded = this.load();
    if (loaded.kind !== 'active') return null;
    const id = loaded.id;
    if (this.fleet?.fingerprint !== id.key.fingerprint)
      this.fleet = { fingerprint: id.key.fingerprint, key: fleetKey(id.key.seed()) };
    return { fingerprint: id.key.fingerprint, key: this.fleet.key, machines: id.machines };
  }

  /**
   * Keeps a new list of the operator's machines with the identity. Nothing the directory sees changes, so no new
   * REGISTER follows; a list for an identity replaced meanwhile is dropped.
   */
  saveMachines(fingerprint: string, machines: MachineRef[]): void {
    const loaded = this.load();
    if (
      loaded.kind !== 'active' ||
      loaded.id.key.fingerprint !== fingerprint ||
      sameMachines(loaded.id.machines, machines)
    )
      return;
    const id = { ...loaded.id, machines: machines.slice(0, FLEET_MAX_MACHINES) };
    const raw = encodeIdentity(id);
    try {
      this.o.secrets().update({ [OPERATOR_SECRET]: raw });
    } catch (err) {
      throw new ContractError(
        'store_error',
        said('refusal.operator.machinesNotSaved', { detail: err instanceof Error ? err.message : String(err) }),
      );
    }
    this.cache = { raw, loaded: { kind: 'active', id } };
  }

  // ---------------------------------------------------------------------------------------------------

  /** Throws unless importing `fingerprint` is allowed; true when it replaces another identity. */
  private refuseReplacing(fingerprint: string, replace: boolean): boolean {
    const loaded = this.load();
    if (loaded.kind !== 'active' || loaded.id.key.fingerprint === fingerprint) return false;
    if (!replace) {
      throw new ContractError(
        'invalid_state',
        said('refusal.operator.replaceOther', { fingerprint: loaded.id.key.fingerprint }),
      );
    }
    return true;
  }

  private requireIdentity(): Identity {
    const loaded = this.load();
    if (loaded.kind !== 'active') throw new ContractError('invalid_state', said('refusal.operator.none'));
    return loaded.id;
  }

  private load(): Loaded {
    let raw: string | null;
    try {
      raw = this.o.secrets().get(OPERATOR_SECRET);
    } catch {
      // The secret store itself cannot be read; the node says why elsewhere (it cannot start either).
      return { kind: 'unreadable' };
    }
    if (this.cache && this.cache.raw === raw) return this.cache.loaded;
    const loaded = loadedFrom(raw);
    this.cache = { raw, loaded };
    return loaded;
  }

  private save(id: Identity): void {
    const raw = encodeIdentity(id);
    try {
      this.o.secrets().update({ [OPERATOR_SECRET]: raw });
    } catch (err) {
      throw new ContractError(
        'store_error',
        said('refusal.operator.notSaved', { detail: err instanceof Error ? err.message : String(err) }),
      );
    }
    this.cache = { raw, loaded: { kind: 'active', id } };
    this.directory = null;
    this.o.identityChanged();
  }

  private encrypted(): boolean {
    try {
      return this.o.secrets().encryptedAtRest;
    } catch {
      return false;
    }
  }
}

function checkName(displayName: string): string {
  const r = OperatorDisplayName.safeParse(displayName);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  // The field's problem is the validator's own (its code lets a form say it in its words).
  throw new ContractError('invalid_request', said('refusal.operator.badName'), [
    {
      path: 'displayName',
      message: issue?.message ?? said('refusal.operator.otherName'),
      code: issue?.code ?? 'custom',
    },
  ]);
}
