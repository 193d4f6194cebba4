import type { NodeSnapshot } from '@shared/contract';
import { describeServers } from '../backends';
import { describeLink, type DirectoryLink } from '../directory';
import type { EarningsService } from '../earnings';
import type { NodeIdentity, SecretStore } from '../identity';
import { freeServersGpuMemory, type FreedMemory } from '../owner';
import { earningsInfo, type RequestFeed, type RunningRequests } from '../requests';
import { listenNear, type Admission } from '../server';
import { assembleNode, type NodeParts } from './assemble';
import type { NodeServicesOptions } from './options';
import { reachabilityInfo, requestsStanding, runningRequests } from './running-figures';
import type { SettingsChange } from './settings-change';
import { reactToSettings } from './settings-reactions';

export type { NodeRuntimeOptions, NodeServicesOptions } from './options';

const PORT_TRIES = 64;

/**
 * Everything a running node does besides its lifecycle, as one object for ProviderNode: made on start (the parts are
 * wired in node/assemble.ts), torn down on stop. Each method hands the request to the part that does the work.
 */
export class NodeServices {
  readonly identity: NodeIdentity;
  readonly admission: Admission;
  readonly link: DirectoryLink;
  readonly earnings: EarningsService;
  /** Every answer of the task port (src-main/engine/requests). */
  readonly requests: RequestFeed;
  /** The running rooms: the node's commands reach them directly (node-commands.ts). */
  readonly parts: NodeParts;
  private boundPort: number | null = null;
  /** The local day of the figures last shown: when the clock passes midnight, a new snapshot is due. */
  private shownDay = '';
  private stopped = false;

  /** Takes the node lock first (see assembleNode): throws `InstanceLockError` or `SecretStoreError`. */
  constructor(private readonly o: NodeServicesOptions) {
    this.parts = assembleNode(o, () => this.boundPort);
    ({
      identity: this.identity,
      admission: this.admission,
      link: this.link,
      earnings: this.earnings,
      requests: this.requests,
    } = this.parts);
  }

  /**
   * Lock, listen, then look at the backend and for a way in from the internet, then register: the directory
   * dials `/iicp/health` through the advertised address before it answers, so the router mapping comes first.
   */
  async start(): Promise<void> {
    const n = this.parts;
    try {
      this.boundPort = await this.listen();
      n.log('info', 'serve_start', `port=${this.boundPort}`);
      // Online at once; both looks run in the background (a hanging server or a silent router must not
      // delay the launch), and the directory link starts once we know what to advertise.
      void Promise.all([n.looks.refresh(3000), n.reach.start(this.o.offered())]).then(() => {
        if (this.stopped) return;
        n.link.start();
        n.looks.linkRunning();
        n.earnings.start();
        n.fleet.start();
        this.o.onChange();
      });
      // The gateway does not wait for the node's own way in: it only calls out, and a laptop that serves nothing uses
      // it too.
      void n.gateway.listener.start().catch((err: unknown) => {
        n.log('warn', 'gateway_start_failed', err instanceof Error ? err.message : String(err));
      });
      this.o.onChange();
    } catch (err) {
      await n.server.close(0).catch(() => undefined);
      await n.codec.close();
      n.lock.release();
      throw err;
    }
  }

  async stop(): Promise<void> {
    const n = this.parts;
    this.stopped = true;
    await n.fleet.stop();
    n.fleetWebhook.stop();
    await n.gateway.listener.stop();
    n.looks.stop();
    n.demand.stop();
    await n.link.stop();
    await n.server.close();
    // After draining: the last tasks' ledger rows and the feed's last answers are written, and tasks that came in
    // through the router finish before the mapping goes.
    n.requests.stop();
    await n.earnings.stop();
    await n.codec.close();
    await n.reach.stop();
    await n.closeNamedCalls();
    n.releaseUrlCredentials();
    await n.nodeLog.close();
    n.lock.release();
  }

  /** The person switched availability: a router mapping is only held while the node is offered. */
  offeredChanged(): void {
    void (this.o.offered() ? this.parts.reach.resume() : this.parts.reach.suspend());
  }

  /** After sleep: heartbeat now (the directory may have marked the node dormant) and check the mapping. */
  wake(): void {
    this.parts.link.heartbeatNow();
    void this.parts.reach.refresh();
  }

  get taskPort(): number | null {
    return this.boundPort;
  }

  /** Settings changed: each part that reads a changed field follows it (settings-reactions.ts). */
  settingsChanged(change: SettingsChange): void {
    reactToSettings(change, this.parts, () => this.stopped);
  }

  capacityChanged(): void {
    this.parts.admission.capacityChanged();
  }

  /** The owner's need of the GPU began or ended: the directory hears at once, not at the next beat. */
  heartbeatNow(): void {
    if (!this.stopped) this.parts.link.heartbeatNow();
  }

  /** The owner's grace is over: the tasks still running are cut. Returns how many. */
  cutForOwner(): number {
    return this.parts.handler.pipeline.yieldToOwner();
  }

  /** The owner's need began: streamed tasks end now (they cannot wait out the grace). Returns how many. */
  cutStreamsForOwner(): number {
    return this.parts.handler.pipeline.yieldStreams();
  }

  /**
   * Asks each LLM server on this computer to free the GPU's memory (where it can be asked). A server on another
   * machine of the LAN uses that machine's GPU, not the owner's here, and is left alone.
   */
  freeGpuMemory(): Promise<FreedMemory> {
    return freeServersGpuMemory(this.parts.offer.servers.list(), this.parts.serverKey);
  }

  /** The secret store of this run: the operator identity reads and writes through it while the node runs. */
  get secrets(): SecretStore {
    return this.o.secrets;
  }

  /** The person's operator identity changed: register again now, so the directory gets the new delegation. */
  operatorChanged(): void {
    if (this.stopped) return;
    this.parts.link.operatorChanged();
    this.parts.fleet.lookNow();
  }

  snapshotParts(): Pick<
    NodeSnapshot,
    | 'directory'
    | 'backend'
    | 'reachability'
    | 'capacity'
    | 'today'
    | 'recentTasks'
    | 'requests'
    | 'earnings'
    | 'gateway'
    | 'fleet'
  > & { nodeId: string; displayName: string | null } {
    const n = this.parts;
    const s = this.o.settings();
    const obs = n.offer.observation;
    this.shownDay = n.earnings.day();
    const earnings = this.standing();
    return {
      nodeId: this.identity.nodeId,
      // The Dashboard names this computer as every other page does (identity/machine-names.ts).
      displayName: n.machineNameOf(this.identity.nodeId),
      directory: describeLink(n.link.status, s.directoryUrl, this.o.secrets.get('membership_credential') !== null),
      backend: {
        status: obs.status,
        url: s.backendUrl,
        flavour: obs.flavour,
        models: n.offer.capabilities().models,
        message: obs.message,
        servers: describeServers(n.offer.servers, (id) => n.serverKey(id) !== null),
        pull: n.demand.pull,
      },
      reachability: this.reachabilityInfo(),
      capacity: {
        maxConcurrent: s.maxConcurrent,
        effectiveMaxConcurrent: this.o.capacity(),
        activeJobs: n.admission.activeJobs,
      },
      // One count of the day for the status line, the Workload card, the tray, Requests and Earnings: the ledger's.
      today: { jobs: earnings.today.jobs, credits: earnings.today.awarded },
      earnings,
      recentTasks: n.outcomes.recent(),
      gateway: n.gateway.page.summary(),
      fleet: n.fleet.summary(),
      requests: this.requestsStanding(earnings.today.jobs),
    };
  }

  /** The earnings as the Earnings page and "Why am I not getting tasks?" read them, with the freshest reputation. */
  standing(): NodeSnapshot['earnings'] {
    return earningsInfo(this.parts.earnings, this.parts.link.status);
  }

  /** The requests feed's figures and advice, with `served` the day's count of served tasks. */
  requestsStanding(served: number): NodeSnapshot['requests'] {
    return requestsStanding(this.parts, this.o, served);
  }

  /** What the requests' commands reach: the feed, the demand, and what "Why am I not getting tasks?" reads. */
  runningRequests(): RunningRequests {
    return runningRequests(this, this.o);
  }

  /** Whether the local day changed since the figures were last shown (the policy tick asks, to roll them over). */
  dayTurned(): boolean {
    return this.parts.earnings.day() !== this.shownDay;
  }

  /** The Network page's verdict on the way in, as the snapshot and "Why am I not getting tasks?" show it. */
  reachabilityInfo(): NodeSnapshot['reachability'] {
    return reachabilityInfo(this.parts, this.o, this.boundPort);
  }

  private listen(): Promise<number> {
    // With a fixed public URL the port is part of it: do not wander off to another one.
    return listenNear(
      this.parts.server,
      this.o.taskPort ?? this.o.settings().taskPort,
      this.o.settings().publicEndpoint ? 1 : PORT_TRIES,
    );
  }
}
