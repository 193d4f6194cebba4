/**
 * The person's machines as this computer sees them, looked at once per heartbeat interval: each other machine's
 * directory view and its answer to a sealed question, the state that follows (machine-verdict.ts), and an alert when
 * one goes down inside its availability window — once, with one "back" when it has settled (alert-fold.ts). What this
 * computer answers about itself to the others is made here too. The list of machines travels with the operator
 * identity; what was seen of each (its newest status and counter, whether an alert is open) is kept in the database,
 * so a restart neither forgets a machine's schedule, takes an older status, nor repeats an alert.
 */
import { randomBytes } from 'node:crypto';
import { FLEET_MAX_MACHINES, type EventLevel, type FleetInfo, type FleetSummary } from '@shared/contract';
import { nameKey } from '@shared/text/name-rule';
import type { MachineOutage } from '@shared/words/fleet-words';
import type { EngineEventName } from '@shared/words/event-words';
import { mergeMachines, metMachine, namedNode, rebaseMachines, sameMachines, type MachineRef } from '../identity';
import type { FleetReply } from '../server';
import { foldAlert, SETTLE_LOOKS } from './alert-fold';
import { openRequest, readEnvelope } from './fleet-wire';
import { DiscoveryClient } from '../directory';
import { discoverSiblings } from './machine-reads';
import { goodbyeTargets, sayGoodbye } from './goodbye';
import { heard, machineState } from './machine-verdict';
import type { MachineStatus } from './machine-status';
import type { FleetAccess, FleetShelf, Seen, SelfFacts } from './fleet-types';
import { fleetInfo, fleetSummary, type FleetReportDeps } from './fleet-report';
import { LookLoop } from './look-loop';
import { lookAtMachine, type MachineLookDeps } from './machine-look';
import { newer, savingLogged, SeenMachines } from './seen-machines';
import { firstRunRename, settledName } from './first-run-name';
import { NewestQuestions } from './newest-questions';
import { OwnStatus } from './own-status';

export type { FleetAccess, SelfFacts };

export interface FleetServiceOptions {
  selfNodeId: string;
  /** The identity's part, with the machine list (identity/my-machines.ts reads it). */
  access: () => FleetAccess | null;
  saveMachines: (fingerprint: string, machines: MachineRef[]) => void;
  /** Puts a machine on the list by its node id (identity/my-machines.ts `add`); false when it was there already. */
  addMachine: (nodeId: string) => boolean;
  self: () => SelfFacts;
  directoryUrl: () => string;
  directoryFetch?: typeof fetch;
  /** The node's one discovery client, whose answers every page shares; a service alone makes its own. */
  discovery?: DiscoveryClient;
  /** Other machines are addresses the directory named: each connection is judged by the address rules. */
  machineFetch: typeof fetch;
  /** The heartbeat interval the directory set: machines are looked at as often. */
  intervalMs: () => number;
  shelf: FleetShelf;
  walletNodes: () => number | null;
  /** Whether this computer shares its owner-first state with the others. */
  shareOwnerFirst: () => boolean;
  webhook: () => FleetInfo['webhook'];
  /** A machine went down inside its window, or came back and settled after that (with what the outage was). */
  alert: (kind: 'machine_down' | 'machine_back', machine: MachineRef, outage?: MachineOutage) => void;
  /** Gives this computer another name (its settings' display name). */
  renameSelf: (name: string) => void;
  now: () => number;
  /** How often the directory's discovery is read for machines not known yet (default 5 min). */
  discoverEveryMs?: number;
  /** How long a machine must answer again before its "back" is told (default `SETTLE_LOOKS` looks, alert-fold.ts). */
  settleMs?: number;
  intents: () => readonly string[];
  onChange: () => void;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  /** One name per machine (identity/machine-names.ts): the lists, the alerts and the log read a machine's name here. */
  nameOf?: (nodeId: string) => string | null;
}

const MIN_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 60_000;
/** Without an operator identity a request is opened with a key nobody has: the refusal reads and costs the same. */
const NO_KEY = randomBytes(32);

/**
 * The room's front: composes what was seen of each machine (seen-machines.ts), when the looks run (look-loop.ts), one
 * machine's look (machine-look.ts) and the pages' reports (fleet-report.ts); it keeps the list of machines itself.
 */
export class FleetService {
  private readonly seen: SeenMachines;
  private readonly loop: LookLoop;
  private lastDiscover = 0;
  private readonly own: OwnStatus;
  private readonly questions: NewestQuestions;
  private readonly discovery: DiscoveryClient;
  private readonly lookDeps: MachineLookDeps;
  private readonly reportDeps: FleetReportDeps;
  /** When the discovery answer siblings were last looked for in was fetched (ms), or null. */
  private discoveredAt: number | null = null;

  constructor(private readonly o: FleetServiceOptions) {
    this.own = new OwnStatus(o);
    this.questions = new NewestQuestions(o.shelf);
    this.discovery =
      o.discovery ?? new DiscoveryClient({ directoryUrl: o.directoryUrl, fetchImpl: o.directoryFetch, now: o.now });
    this.seen = new SeenMachines(o.shelf, o.log);
    this.loop = new LookLoop(
      () => this.look(),
      () => this.interval(),
      o.log,
    );
    const roster = (access: FleetAccess): MachineRef[] => this.roster(access);
    this.lookDeps = { ...o, own: this.own, roster };
    this.reportDeps = { ...o, seen: this.seen, roster, nameOf: (m) => this.nameOf(m), settleMs: () => this.settleMs() };
  }

  start(): void {
    if (this.loop.isRunning) return;
    this.seen.restore();
    this.loop.start();
  }

  /** Stops the looks and says goodbye to the other machines (goodbye.ts), in about a second at most. */
  async stop(): Promise<void> {
    const wasRunning = this.loop.isRunning;
    // No status is sealed once the loop stops (`request` refuses), so the goodbye's number is the newest given out.
    const looking = this.loop.stop();
    if (wasRunning) await this.sayGoodbye();
    await looking;
  }

  /** Look at every machine now (after an import, a rename, or when the page asks); right after a look under way. */
  lookNow(): void {
    this.loop.now();
  }

  /**
   * A request on `POST /iicp/fleet` (fleet-wire.ts): a sibling's question gets this computer's status sealed as its
   * answer, a hello is taken; anything else, a question played back among them, is refused alike with or without an
   * operator identity.
   */
  request(body: string): FleetReply {
    // What the request says it is, judged first without the key: a stranger's bytes cost no read of the identity (nor
    // of the database, while machines from an earlier version wait to be taken in), only their own bounded size.
    const envelope = readEnvelope(body, this.o.selfNodeId);
    if (envelope === null) return null;
    const access = this.o.access();
    const req = openRequest(envelope, access?.key ?? NO_KEY, this.o.selfNodeId);
    if (!req || !access || !this.loop.isRunning) return null;
    if (req.kind === 'hello') return this.hello(req.status, access) ? 'hello' : null;
    if (req.kind === 'bye') return this.goodbye(req.from, req.seq, access) ? 'goodbye' : null;
    // A question not newer than the newest answered from its machine is a recording: refused, whatever came between.
    try {
      if (!this.questions.take(req.from, req.seq)) return null;
    } catch (err) {
      this.o.log('warn', 'fleet_save_failed', err instanceof Error ? err.message : String(err));
      return null;
    }
    const answer = this.own.seal(access.key, 'status', req.nonce, this.roster(access));
    return answer === null ? null : { answer };
  }

  /**
   * Another machine of the operator said hello (it knows this one, this one may not know it): met, with what it said
   * of itself, when that is newer than anything seen of it before.
   */
  private hello(status: MachineStatus, access: FleetAccess): boolean {
    const s = this.seen.orBlank(status.nodeId);
    if (!newer(s, status)) return false;
    s.looks.status = status;
    s.looks.saidGoodbye = false;
    s.seq = status.seq;
    s.machineAt = this.o.now();
    this.seen.set(status.nodeId, s);
    const known = this.roster(access);
    if (!known.some((m) => m.nodeId === status.nodeId)) {
      if (known.length >= FLEET_MAX_MACHINES) return true;
      const listed = mergeMachines(known, [{ nodeId: status.nodeId, name: status.name }]);
      const name = settledName({ nodeId: status.nodeId, name: status.name }, listed);
      this.o.log('info', 'fleet_machine_met', namedNode(status.nodeId, name));
      this.saveMachines(access, mergeMachines(known, [{ nodeId: status.nodeId, name }]));
      this.lookNow();
    }
    this.seen.keep();
    return true;
  }

  /**
   * A machine on the list said goodbye as its node stopped: stopped by its owner from now on, with no alert, until it
   * answers again. Taken only when its number is newer than every status and goodbye seen of it, so one played back
   * is refused, and from a machine the list does not hold never.
   */
  private goodbye(from: string, seq: number, access: FleetAccess): boolean {
    const m = this.roster(access).find((x) => x.nodeId === from);
    const s = this.seen.get(from);
    if (!m || !s || (s.seq !== null && seq <= s.seq)) return false;
    s.seq = seq;
    s.looks.saidGoodbye = true;
    s.looks.answered = false;
    this.judge(m, s, this.o.now());
    this.seen.keep();
    this.o.onChange();
    return true;
  }

  /** Says goodbye to each other machine whose endpoint this computer asks; nothing without an identity. */
  private async sayGoodbye(): Promise<void> {
    const access = this.o.access();
    const others = access ? this.roster(access).filter((m) => m.nodeId !== this.o.selfNodeId) : [];
    const targets = goodbyeTargets(others, (id) => this.seen.get(id)?.view?.endpoint ?? null);
    const seq = access && targets.length > 0 ? this.own.nextSeq() : null;
    const { selfNodeId, machineFetch } = this.o;
    if (access && seq !== null) await sayGoodbye({ selfNodeId, key: access.key, seq, machineFetch }, targets);
  }

  /** Keeps one of the fleet's own choices (owner-first sharing); the next status sealed carries it. */
  shelfSet(key: string, value: unknown): void {
    this.o.shelf.set(key, value);
    this.own.changed();
  }

  /** Whether another known machine already has `name`, as a reader would see it (text/name-rule.ts). */
  nameTaken(name: string): boolean {
    const key = nameKey(name);
    return (this.o.access()?.machines ?? []).some((m) => m.nodeId !== this.o.selfNodeId && nameKey(m.name) === key);
  }

  /** Puts another computer on the list by its node id; it is looked at at once. False when it was listed already. */
  add(nodeId: string): boolean {
    if (!this.o.addMachine(nodeId)) return false;
    this.lookNow();
    return true;
  }

  forget(nodeId: string): void {
    const access = this.o.access();
    if (access)
      this.o.saveMachines(
        access.fingerprint,
        access.machines.filter((m) => m.nodeId !== nodeId),
      );
    this.seen.delete(nodeId);
    this.seen.keep();
  }

  /** A machine's one name, as every page, the CLI and the log show it (the list's name when no resolver is given). */
  nameOf(m: { nodeId: string; name?: string }): string {
    return this.o.nameOf?.(m.nodeId) ?? m.name ?? metMachine(m.nodeId).name;
  }

  summary(): FleetSummary | null {
    return fleetSummary(this.reportDeps);
  }

  info(): FleetInfo {
    return fleetInfo(this.reportDeps, {
      walletNodes: this.o.walletNodes(),
      intervalMs: this.interval(),
      webhook: this.o.webhook(),
      shareOwnerFirst: this.o.shareOwnerFirst(),
      discoveredAt: this.discoveredAt === null ? null : new Date(this.discoveredAt).toISOString(),
    });
  }

  // ---------------------------------------------------------------------------------------------------

  private interval(): number {
    return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, this.o.intervalMs()));
  }

  private settleMs(): number {
    return this.o.settleMs ?? SETTLE_LOOKS * this.interval();
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
      const met = await discoverSiblings(this.discovery, access.fingerprint, this.o.intents());
      if (met) this.discoveredAt = met.at;
      const fresh = (met?.ids ?? []).filter((id) => !known.some((m) => m.nodeId === id)).map(metMachine);
      for (const m of fresh) this.o.log('info', 'fleet_machine_met', namedNode(m.nodeId, m.name));
      known = mergeMachines(known, fresh);
    }
    const others = known.filter((m) => m.nodeId !== this.o.selfNodeId);
    const missesBefore = new Map(others.map((m) => [m.nodeId, this.seen.get(m.nodeId)?.looks.misses ?? 0]));
    await Promise.all(others.map((m) => this.lookAt(m.nodeId, access)));
    if (!this.loop.isRunning) return;
    const at = this.o.now();
    // A look during this computer's own outage shows every machine silent: nothing is concluded from it, and its
    // silences do not count toward the two in a row that make a machine not heard.
    const connected =
      others.length === 0 ||
      others.some((m) => this.seen.get(m.nodeId)?.looks.directoryAnswered || this.seen.get(m.nodeId)?.looks.answered);
    if (!connected) for (const [id, misses] of missesBefore) this.seen.get(id)!.looks.misses = misses;
    for (const m of others) {
      const s = this.seen.get(m.nodeId);
      if (!s || !connected) continue;
      this.judge(m, s, at);
    }
    const before = new Set(known.map((m) => m.nodeId));
    known = this.learn(known);
    known = known.map((m) => (before.has(m.nodeId) ? m : { nodeId: m.nodeId, name: settledName(m, known) }));
    for (const m of known)
      if (!before.has(m.nodeId)) this.o.log('info', 'fleet_machine_met', namedNode(m.nodeId, m.name));
    this.ensureOwnName(known);
    const current = this.o.access() ?? access;
    known = rebaseMachines(known, access.machines, current.machines);
    if (!sameMachines(known, current.machines)) this.saveMachines(current, known);
    this.seen.keep();
    this.o.onChange();
  }

  private async lookAt(nodeId: string, access: FleetAccess): Promise<void> {
    const s = this.seen.orBlank(nodeId);
    await lookAtMachine(this.lookDeps, s, nodeId, access);
    this.seen.set(nodeId, s);
  }
  private judge(m: MachineRef, s: Seen, now: number): void {
    s.state = machineState(s.looks, s.state, this.interval(), now);
    const tell = foldAlert(s, s.state, heard(s.looks, this.interval(), now) === true, now, this.settleMs());
    if (tell?.kind === 'machine_down') this.o.alert('machine_down', { ...m, name: this.nameOf(m) });
    else if (tell) this.o.alert('machine_back', { ...m, name: this.nameOf(m) }, tell.outage);
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

  /** A computer that still has the first-run name, and met an earlier machine of that name, takes the next number. */
  private ensureOwnName(known: MachineRef[]): void {
    const name = firstRunRename(this.o.selfNodeId, this.o.self().name, known);
    if (name === null) return;
    this.o.renameSelf(name);
    this.own.changed();
  }

  /** Keeps a new list of machines with the identity; a failure is logged (the next look tries again). */
  private saveMachines(access: FleetAccess, machines: MachineRef[]): void {
    savingLogged(this.o.log, () => this.o.saveMachines(access.fingerprint, machines));
  }
}
