/**
 * The person's machines as this computer sees them, looked at once per heartbeat interval: each other machine's
 * directory view and its own sealed status, the state that follows (machine-verdict.ts), and an alert when one goes
 * down inside its availability window — once, with one "back" when it is heard again. What this computer publishes
 * about itself for the others is made here too. The list of machines travels with the operator identity; what was seen
 * of each (its last status, whether an alert is open) is kept in the database, so a restart neither forgets a
 * machine's schedule nor repeats an alert.
 */
import type { EventLevel, FleetInfo, FleetSummary } from '@shared/contract';
import { DEFAULT_SETTINGS, FLEET_MAX_MACHINES } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import { mergeMachines, sameMachines, type MachineRef } from '../identity/machine-list';
import { sealStatus } from './fleet-seal';
import { askable, discoverSiblings, readDirectoryView, readHello, readMachine, sayHello } from './machine-reads';
import { heard, machineState } from './machine-verdict';
import type { MachineStatus } from './machine-status';
import { machineView, selfView } from './fleet-view';
import type { FleetAccess, Seen, SelfFacts } from './fleet-types';

export type { FleetAccess, SelfFacts };

interface Shelf {
  get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T;
  set(key: string, value: unknown): void;
}

export interface FleetServiceOptions {
  selfNodeId: string;
  access: () => FleetAccess | null;
  saveMachines: (fingerprint: string, machines: MachineRef[]) => void;
  self: () => SelfFacts;
  directoryUrl: () => string;
  directoryFetch?: typeof fetch;
  /** Other machines are addresses the directory named: each connection is judged by the address rules. */
  machineFetch: typeof fetch;
  /** The heartbeat interval the directory set: machines are looked at as often. */
  intervalMs: () => number;
  shelf: Shelf;
  walletNodes: () => number | null;
  /** Whether this computer shares its owner-first state with the others. */
  shareOwnerFirst: () => boolean;
  webhook: () => FleetInfo['webhook'];
  /** A machine went down inside its window, or came back after that. */
  alert: (kind: 'machine_down' | 'machine_back', machine: MachineRef) => void;
  /** Gives this computer another name (its settings' display name). */
  renameSelf: (name: string) => void;
  now: () => number;
  /** How often the directory's discovery is read for machines not known yet (default 5 min). */
  discoverEveryMs?: number;
  intents: () => readonly string[];
  onChange: () => void;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
}

const SHELF_KEY = 'fleet.seen';
const MIN_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 60_000;
const PUBLISH_FRESH_MS = 1_000;
const isRecord = (v: unknown): v is Record<string, Seen> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class FleetService {
  private seen = new Map<string, Seen>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private looking: Promise<void> | null = null;
  private again = false;
  private lastDiscover = 0;
  private published: { at: number; text: string } | null = null;

  constructor(private readonly o: FleetServiceOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const kept = this.o.shelf.get(SHELF_KEY, {}, isRecord);
    for (const [id, s] of Object.entries(kept).slice(0, FLEET_MAX_MACHINES)) {
      if (!s || typeof s !== 'object' || !s.looks) continue;
      // What a machine did in an earlier run says nothing of whether it answers now.
      this.seen.set(id, { ...s, looks: { ...s.looks, answered: false, misses: 0, askedDirectly: false, directoryAnswered: false } });
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.looking;
  }

  /** Look at every machine now (after an import, a rename, or when the page asks); right after a look under way. */
  lookNow(): void {
    if (!this.running) return;
    if (this.looking) this.again = true;
    else this.schedule(0);
  }

  /** The sealed status `GET /iicp/fleet` answers, or null without an identity. Made at most once a second. */
  publishedStatus(): string | null {
    const access = this.o.access();
    if (!access) return null;
    const now = this.o.now();
    if (this.published && now - this.published.at < PUBLISH_FRESH_MS) return this.published.text;
    const { lastHeartbeatAt: _, reputation: __, ...facts } = this.o.self();
    const status: MachineStatus = { v: 1, nodeId: this.o.selfNodeId, at: now, ...facts, ownerFirst: this.o.shareOwnerFirst() ? facts.ownerFirst : null, machines: this.roster(access) };
    this.published = { at: now, text: sealStatus(access.key, this.o.selfNodeId, status) };
    return this.published.text;
  }

  /**
   * Another machine of the operator said hello (it knows this one, this one may not know it): met, with what it said
   * of itself. False for anything that does not open with the operator's key.
   */
  hello(body: string): boolean {
    const access = this.o.access();
    if (!access || !this.running) return false;
    const status = readHello(body, access.key);
    if (!status || status.nodeId === this.o.selfNodeId) return false;
    const s = this.seen.get(status.nodeId) ?? blankSeen();
    s.looks.status = status;
    s.machineAt = this.o.now();
    this.seen.set(status.nodeId, s);
    const known = this.roster(access);
    if (!known.some((m) => m.nodeId === status.nodeId)) {
      if (known.length >= FLEET_MAX_MACHINES) return true;
      this.o.log('info', 'fleet_machine_met', `node=${status.nodeId}`);
      this.saveMachines(access, mergeMachines(known, [{ nodeId: status.nodeId, name: status.name }]));
      this.lookNow();
    }
    return true;
  }

  /** Keeps one of the fleet's own choices (owner-first sharing); the next status published carries it. */
  shelfSet(key: string, value: unknown): void {
    this.o.shelf.set(key, value);
    this.published = null;
  }

  /** Whether another known machine already has `name` (names compare without case or surrounding spaces). */
  nameTaken(name: string): boolean {
    const access = this.o.access();
    const key = name.trim().toLowerCase();
    return (access?.machines ?? []).some((m) => m.nodeId !== this.o.selfNodeId && m.name.trim().toLowerCase() === key);
  }

  forget(nodeId: string): void {
    const access = this.o.access();
    if (!access) return;
    this.o.saveMachines(access.fingerprint, access.machines.filter((m) => m.nodeId !== nodeId));
    this.seen.delete(nodeId);
    this.keep();
  }

  summary(): FleetSummary | null {
    const access = this.o.access();
    if (!access) return null;
    const others = this.roster(access).filter((m) => m.nodeId !== this.o.selfNodeId);
    const down = others.flatMap((m) => {
      const s = this.seen.get(m.nodeId);
      return s?.state === 'down' && s.alertSince !== null ? [{ nodeId: m.nodeId, name: m.name, since: new Date(s.alertSince).toISOString() }] : [];
    });
    const online = others.filter((m) => this.seen.get(m.nodeId)?.state === 'online').length + 1;
    return { machines: others.length + 1, online, down };
  }

  info(): FleetInfo {
    const access = this.o.access();
    const base = { walletNodes: this.o.walletNodes(), intervalMs: this.interval(), webhook: this.o.webhook(), shareOwnerFirst: this.o.shareOwnerFirst() };
    if (!access) return { state: 'none', machines: [], ...base };
    const list = this.roster(access);
    const self = list.find((m) => m.nodeId === this.o.selfNodeId)!;
    const others = list.filter((m) => m !== self).sort((a, b) => a.name.localeCompare(b.name));
    const now = this.o.now();
    return { state: 'active', machines: [selfView(self, this.o.self(), now), ...others.map((m) => machineView(m, this.seen.get(m.nodeId), now))], ...base };
  }

  // ---------------------------------------------------------------------------------------------------

  private interval(): number {
    return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, this.o.intervalMs()));
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.looking = this.look()
        .catch((err: unknown) => this.o.log('warn', 'fleet_look_failed', err instanceof Error ? err.message : String(err)))
        .finally(() => {
          this.looking = null;
          const soon = this.again;
          this.again = false;
          if (this.running) this.schedule(soon ? 0 : this.interval());
        });
    }, ms);
    this.timer.unref?.();
  }

  /** The known machines with this computer under its current name, first seen first. */
  private roster(access: FleetAccess): MachineRef[] {
    return mergeMachines(access.machines, [{ nodeId: this.o.selfNodeId, name: this.o.self().name }]);
  }

  private async look(): Promise<void> {
    const access = this.o.access();
    if (!access) return;
    const now = this.o.now();
    let known = this.roster(access);
    if (now - this.lastDiscover >= (this.o.discoverEveryMs ?? 300_000)) {
      this.lastDiscover = now;
      const ids = await discoverSiblings(this.o.directoryUrl(), access.fingerprint, this.o.intents(), this.o.directoryFetch);
      const fresh = (ids ?? []).filter((id) => !known.some((m) => m.nodeId === id)).map((id) => ({ nodeId: id, name: `Machine ${id.slice(0, 8)}` }));
      for (const m of fresh) this.o.log('info', 'fleet_machine_met', `node=${m.nodeId}`);
      known = mergeMachines(known, fresh);
    }
    const others = known.filter((m) => m.nodeId !== this.o.selfNodeId);
    const missesBefore = new Map(others.map((m) => [m.nodeId, this.seen.get(m.nodeId)?.looks.misses ?? 0]));
    await Promise.all(others.map((m) => this.lookAt(m.nodeId, access.key)));
    if (!this.running) return;
    const at = this.o.now();
    // A look during this computer's own outage shows every machine silent: nothing is concluded from it, and its
    // silences do not count toward the two in a row that make a machine not heard.
    const connected = others.length === 0 || others.some((m) => this.seen.get(m.nodeId)?.looks.directoryAnswered || this.seen.get(m.nodeId)?.looks.answered);
    if (!connected) for (const [id, misses] of missesBefore) this.seen.get(id)!.looks.misses = misses;
    for (const m of others) {
      const s = this.seen.get(m.nodeId);
      if (!s || !connected) continue;
      this.judge(m, s, at);
    }
    const before = new Set(known.map((m) => m.nodeId));
    known = this.learn(known);
    for (const m of known) if (!before.has(m.nodeId)) this.o.log('info', 'fleet_machine_met', `node=${m.nodeId}`);
    this.ensureOwnName(known);
    if (!sameMachines(known, access.machines)) this.saveMachines(access, known);
    this.keep();
    this.o.onChange();
  }

  private async lookAt(nodeId: string, key: Buffer): Promise<void> {
    const s = this.seen.get(nodeId) ?? blankSeen();
    const view = await readDirectoryView(this.o.directoryUrl(), nodeId, this.o.directoryFetch);
    const now = this.o.now();
    s.looks.directoryAnswered = view.ok;
    if (view.ok) {
      s.view = view.value;
      s.looks.directory = { found: view.value.found, lastSeen: view.value.lastSeen };
      s.directoryAt = now;
      s.directoryProblem = view.value.found ? null : 'The directory does not list it (never registered, or removed).';
    } else s.directoryProblem = view.problem;
    const endpoint = s.view?.endpoint ?? null;
    if (endpoint === null || !askable(endpoint)) {
      s.looks.answered = false;
      s.machineProblem = endpoint === null ? 'Its address is not known, so it cannot be asked itself.' : 'It is reached through a relay, which passes tasks only: the directory is all there is.';
    } else {
      const read = await readMachine(endpoint, nodeId, key, this.o.machineFetch);
      s.looks.answered = read.ok;
      // A machine that does not list this one has not met it yet: this one says hello.
      if (read.ok && !read.value.machines.some((m) => m.nodeId === this.o.selfNodeId)) {
        const sealed = this.publishedStatus();
        if (sealed !== null) await sayHello(endpoint, this.o.selfNodeId, sealed, this.o.machineFetch);
      }
      if (read.ok) {
        s.looks.status = read.value;
        s.looks.misses = 0;
        s.looks.askedDirectly = true;
        s.machineAt = this.o.now();
        s.machineProblem = null;
      } else {
        s.looks.misses += 1;
        s.machineProblem = read.problem;
      }
    }
    this.seen.set(nodeId, s);
  }

  private judge(m: MachineRef, s: Seen, now: number): void {
    s.state = machineState(s.looks, s.state, this.interval(), now);
    const heardNow = heard(s.looks, this.interval(), now) === true;
    if (s.state === 'down' && !s.alerted) {
      s.alerted = true;
      s.alertSince = now;
      this.o.alert('machine_down', m);
    } else if (heardNow && s.alerted) {
      s.alerted = false;
      this.o.alert('machine_back', m);
    }
    if (s.state !== 'down') s.alertSince = null;
  }

  /** Names a machine gives itself win; machines another one knows are met. */
  private learn(known: MachineRef[]): MachineRef[] {
    let out = known;
    for (const m of known) {
      const st = this.seen.get(m.nodeId)?.looks.status;
      if (!st) continue;
      if (st.name !== m.name) out = out.map((x) => (x.nodeId === m.nodeId ? { ...x, name: st.name } : x));
      const met = st.machines.filter((x) => x.nodeId !== this.o.selfNodeId && !out.some((k) => k.nodeId === x.nodeId));
      out = mergeMachines(out, met);
    }
    return out;
  }

  /**
   * Two computers never both keep the first-run name. A computer still called that, which met an earlier machine (one
   * listed before it) of the same name, takes the next free number: the one that came later renames, so the person's
   * first machine keeps its name. Two that took the same number meanwhile (they met the first one at the same time)
   * settle by node id, the greater one moving on; a name the person chose is never changed.
   */
  private ensureOwnName(known: MachineRef[]): void {
    const base = DEFAULT_SETTINGS.displayName.toLowerCase();
    const own = this.o.self().name.trim().toLowerCase();
    const numbered = own.startsWith(`${base} `) && /^\d+$/.test(own.slice(base.length + 1));
    if (own !== base && !numbered) return;
    const self = this.o.selfNodeId;
    const same = (m: MachineRef, name: string) => m.nodeId !== self && m.name.trim().toLowerCase() === name.toLowerCase();
    const index = known.findIndex((m) => m.nodeId === self);
    const clash = own === base ? known.slice(0, Math.max(0, index)).some((m) => same(m, own)) : known.some((m) => same(m, own) && m.nodeId < self);
    if (!clash) return;
    for (let k = 2; k <= FLEET_MAX_MACHINES + 1; k++) {
      const name = `${DEFAULT_SETTINGS.displayName} ${k}`;
      if (!known.some((m) => same(m, name))) {
        this.o.renameSelf(name);
        this.published = null;
        return;
      }
    }
  }

  /** Keeps a new list of machines with the identity; a failure is logged (the next look tries again). */
  private saveMachines(access: FleetAccess, machines: MachineRef[]): void {
    this.saving(() => this.o.saveMachines(access.fingerprint, machines));
  }

  /** Keeps what was seen of each machine in the database. */
  private keep(): void {
    this.saving(() => this.o.shelf.set(SHELF_KEY, Object.fromEntries(this.seen)));
  }

  private saving(write: () => void): void {
    try {
      write();
    } catch (err) {
      this.o.log('warn', 'fleet_save_failed', err instanceof Error ? err.message : String(err));
    }
  }
}

function blankSeen(): Seen {
  return {
    looks: { answered: false, misses: 0, askedDirectly: false, directory: null, directoryAnswered: false, status: null },
    state: 'unknown',
    alerted: false,
    alertSince: null,
    directoryAt: null,
    directoryProblem: null,
    view: null,
    machineAt: null,
    machineProblem: null,
  };
}
