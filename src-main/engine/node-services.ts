import { join } from 'node:path';
import type { BackendFlavour, DetectionResult, EventLevel, NodeCheckReport, NodeSnapshot, ReachabilityInfo, ServerModels, Settings, TaskDiagnosis, TaskSummary } from '@shared/contract';
import { BackendMonitor, type BackendObservation } from './backend-monitor';
import { buildCapabilities, OpenAiCompatBackend, type BuildOptions, type BuiltCapabilities, type ModelFacts } from './backends';
import { INTENT_CHAT } from './backends/intents';
import { detectBackends } from './backends/detect';
import { backendRoot } from './backends/urls';
import { serverModelsOf } from './backends/server-models';
import { STABILITY_OK } from './backends/stability';
import { cxPublicKeyAdvert } from './cx';
import { DirectoryLink, type HeartbeatState, type RegistrationSource } from './directory/directory-link';
import { MetricsBatcher } from './directory/metrics-batch';
import type { BackendKind } from './directory/register-payload';
import { InstanceLock } from './identity/instance-lock';
import { loadOrCreateCxKey, loadOrCreateNodeId, type NodeIdentity } from './identity/node-identity';
import type { SecretStore } from './identity/secret-store';
import { NodeLog } from './logging/node-log';
import { Reachability, type ReachabilityTuning } from './nat/reachability';
import { checkNode } from './nat/node-check';
import { rungWords } from './nat/rung-words';
import { createTunnelRung, type TunnelRungOptions } from './nat/tunnel-rung';
import { ReachProof } from './nat/tunnels/reach-proof';
import { createPinholeRung, type PinholeRung, type PinholeRungOptions } from './nat/pinhole-rung';
import { readListing } from './earnings/directory-sync';
import { forwardToOwnPort } from './relay/local-forward';
import { RelayWorker, type RelayWorkerOptions, type RelayWorkerTimings } from './relay/relay-worker';
import { EarningsService } from './earnings/earnings-service';
import { Admission } from './server/admission';
import { CodecPool } from './server/codec-pool';
import type { ByteBudget } from './server/byte-budget';
import { RELAYED_SOURCE, RelayedTaskMark } from './server/relayed-task';
import { NodeMetrics } from './server/node-metrics';
import { TaskHandler, type Advertised, type AnsweredRequest, type FinishedTask, type Stability } from './server/task-handler';
import { systemTimeZone } from './availability/schedule';
import { RequestFeed } from './requests/request-feed';
import { RequestStore } from './requests/request-store';
import { DIAGNOSE_TIMEOUT_MS, diagnoseTasks } from './requests/why-no-tasks';
import { InFlight } from './net/in-flight';
import { decodeUrlCredentials, useUrlCredentials, type UrlCredentials } from './net/url-credentials';
import { TaskServer } from './server/task-server';
import type { Store } from './store';
import type { EngineEventName } from '@shared/words/event-words';

const RECENT_TASKS = 20;
const PORT_TRIES = 64;

/** How a host runs the node's network side; shared by ProviderNode's options and passed on unchanged. */
export interface NodeRuntimeOptions {
  /** A backend API key given for this run only (IICP_BACKEND_API_KEY); never persisted. */
  backendApiKey?: string | null;
  /** Address the task server binds (default `::`, dual stack). */
  taskHost?: string;
  /** Task port for this run, overriding the setting; 0 = any free port (tests). */
  taskPort?: number;
  /** Register loopback/private endpoints (tests, LAN-only directories); never for real use. */
  allowPrivateEndpoint?: boolean;
  fetchImpl?: typeof fetch;
  /** How "Check my node" and tunnel watchdogs call public URLs (tests route tunnel host names to stand-ins). */
  publicFetch?: typeof fetch;
  directoryStartupRetryDelaysMs?: number[];
  directoryBackoffBaseMs?: number;
  /** Replaces the well-known local servers detection probes (tests run fakes on free ports). */
  detectWellKnown?: readonly { url: string; label: BackendFlavour }[];
  /** Router port-mapping timings and seams (tests shorten the lease and renewal interval). */
  nat?: ReachabilityTuning;
  /** Receipt and directory-sync timings (tests shorten them). */
  earnings?: { receiptTtlMs?: number; syncIntervalMs?: number; listingIntervalMs?: number; retryBaseMs?: number; now?: () => number };
  /** Where tunnels are looked for and how a quick tunnel runs (tests isolate the environment and shorten timings). */
  tunnels?: Partial<Pick<TunnelRungOptions, 'env' | 'ngrokApiUrl' | 'runTailscale' | 'timings'>>;
  /** The IPv6 pinhole rung's client and timings (tests script the router). */
  pinhole?: Partial<Pick<PinholeRungOptions, 'createClient' | 'task'>>;
  /** Relay worker timings (tests shorten the back-off). */
  relay?: Partial<RelayWorkerTimings>;
  /** Task-port limits (tests shorten or shrink them). */
  taskLimits?: { overShareGraceMs?: number; maxConnectionsPerSource?: number; bodyBudgetBytes?: number; bodyGraceMs?: number };
}

export interface NodeServicesOptions extends NodeRuntimeOptions {
  dataDir: string;
  appVersion: string;
  store: Store;
  secrets: SecretStore;
  settings: () => Settings;
  /** Capacity the availability state allows right now (0 while paused). */
  capacity: () => number;
  /** Whether the person offers the node right now (the switch and, later, windows). */
  offered: () => boolean;
  log: (level: EventLevel, event: EngineEventName, details: string, persist?: boolean) => void;
  onChange: () => void;
  /** The backend stopped (message) or started (null) answering: the node is degraded meanwhile. */
  onBackendProblem?: (message: string | null) => void;
  /** The ledger cannot be written (message) or can again (null): the node is degraded meanwhile. */
  onStoreProblem?: (message: string | null) => void;
  /** "Tasks at once" is fixed for this run by the host (flag or environment): advice then does not point to Settings. */
  maxConcurrentFixed?: boolean;
}

/**
 * Everything a running node does besides its lifecycle: identity and lock, the task server, the backend
 * watch, and the directory link. Created on start, torn down on stop.
 */
export class NodeServices {
  readonly identity: NodeIdentity;
  private readonly lock: InstanceLock;
  private readonly nodeLog: NodeLog;
  readonly admission: Admission;
  private readonly metrics: NodeMetrics;
  private readonly batcher = new MetricsBatcher();
  private readonly monitor: BackendMonitor;
  private readonly server: TaskServer;
  private readonly codec: CodecPool;
  /** Marks tasks the relay worker hands to the task port, so they are judged as relayed. */
  private readonly relayMark = new RelayedTaskMark();
  /** The relay worker of the current way in, if it is a relay: told when what the node offers changes. */
  private relayWorker: RelayWorker | null = null;
  /** Settles after the first look at the LLM server: until then nothing is known of the models to offer. */
  private readonly firstLook: Promise<void>;
  private firstLookDone: () => void = () => undefined;
  /** The directory link was started (after the first look at the LLM server and for a way in). */
  private linkStarted = false;
  private readonly bodyBudget: ByteBudget;
  readonly link: DirectoryLink;
  private readonly reach: Reachability;
  private readonly pinhole: PinholeRung;
  readonly earnings: EarningsService;
  private backend: OpenAiCompatBackend | null = null;
  private backendKey = '';
  /** Newest first; `ts` is made from `at` when a snapshot asks (per task, an ISO string showed up in profiles). */
  private readonly recentTasks: (Omit<TaskSummary, 'ts'> & { at: number })[] = [];
  /** The local day of the figures last shown: when the clock passes midnight, a new snapshot is due. */
  private shownDay = '';
  private boundPort: number | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private capsCache: { facts: readonly ModelFacts[]; settings: Settings; built: BuiltCapabilities } | null = null;
  private advertisedCache: { built: BuiltCapabilities; models: readonly string[]; value: Advertised } | null = null;
  private buildCache: { built: BuiltCapabilities; advertised: Advertised; flavour: BackendFlavour | null; value: BuildOptions } | null = null;
  private stopped = false;
  private readonly releaseUrlCredentials: () => void;
  /** A heartbeat failed since the last accepted one (receipts waited meanwhile). */
  private directoryFailing = false;
  private checkRunning = false;
  private lastCheck: NodeCheckReport | null = null;
  /** Task ids of "Check my node" tasks in flight: served like any task, never booked as earnings. */
  private readonly checkTasks = new Set<string>();
  /** Check tasks that finished and whose answer the requests feed is about to hear of (it leaves them out). */
  private readonly checkAnswered = new Set<string>();
  private readonly diagnosing = new InFlight<TaskDiagnosis>();
  /** Every answer of the task port (src-main/engine/requests). */
  readonly requests: RequestFeed;

  /**
   * Takes the node lock before anything else touches the node's secrets or logs: a second process on the
   * same node must fail here, having changed nothing. Throws `InstanceLockError` or `SecretStoreError`.
   */
  constructor(private readonly o: NodeServicesOptions) {
    const nodeId = loadOrCreateNodeId(o.store.state);
    this.lock = new InstanceLock(join(o.dataDir, 'run'), nodeId);
    this.lock.acquire();
    try {
      this.identity = { nodeId, cx: loadOrCreateCxKey(o.secrets) };
    } catch (err) {
      this.lock.release();
      throw err;
    }
    // Credentials the service installer took out of the backend / directory URL go back onto the calls to them.
    this.releaseUrlCredentials = useUrlCredentials(
      [decodeUrlCredentials(o.secrets.get('backend_url_credentials')), decodeUrlCredentials(o.secrets.get('directory_url_credentials'))].filter(
        (c): c is UrlCredentials => c !== null,
      ),
    );
    this.nodeLog = new NodeLog(join(o.dataDir, 'logs'), this.identity.nodeId, () => [
      o.secrets.get('node_token'),
      o.secrets.get('node_hmac_key'),
      o.secrets.get('cx_private_key'),
      this.apiKey(),
    ]);
    this.admission = new Admission(() => o.capacity(), o.onChange, { overShareGraceMs: o.taskLimits?.overShareGraceMs });
    this.metrics = new NodeMetrics(() => this.advertised().intents);
    this.firstLook = new Promise<void>((resolve) => (this.firstLookDone = resolve));
    this.monitor = new BackendMonitor({
      url: () => o.settings().backendUrl,
      apiKey: () => this.apiKey(),
      selectedModel: () => this.selectedBackendModel(),
      // A task found the server gone, or a quick look found it back: say so now, not at the next heartbeat.
      onChange: () => this.backendObserved(),
    });
    this.codec = new CodecPool(this.identity.cx);
    const handler = new TaskHandler({
      nodeId: () => this.identity.nodeId,
      ready: () => this.monitor.observation.status !== 'checking',
      advertised: () => this.advertised(),
      backend: () => this.currentBackend(),
      codec: this.codec,
      records: { hasTask: (id) => this.earnings.hasTask(id), hasNonce: (nonce, since) => this.earnings.hasNonce(nonce, since) },
      stability: () => (this.monitor.observation.stability ?? STABILITY_OK) as Stability,
      backendDown: () => (this.monitor.observation.status === 'unreachable' ? (this.monitor.observation.message ?? 'The local LLM server is not responding.') : null),
      backendSeen: { answered: () => this.monitor.taskAnswered(), failed: (code) => this.monitor.taskFailed(code), refused: (status) => this.monitor.taskRefused(status) },
      admission: this.admission,
      metrics: this.metrics,
      onFinished: (t) => this.finished(t),
      onAnswered: (a) => this.answered(a),
      claimsReceipts: () => this.earnings.canClaim(),
      trustedProxies: () => o.settings().trustedProxies,
      relayed: { matches: (req) => this.relayMark.matches(req), plaintextAllowed: () => o.settings().relayPlaintext },
      bodyBudgetBytes: o.taskLimits?.bodyBudgetBytes,
      bodyGraceMs: o.taskLimits?.bodyGraceMs,
    });
    // The task server answers the one-time codes the tunnel rung sends through an address before using it.
    const reachProof = new ReachProof();
    this.bodyBudget = handler.bodyBudget;
    this.server = new TaskServer({
      host: o.taskHost ?? '::',
      handler,
      health: () => this.health(),
      reachProof,
      metrics: this.metrics,
      maxConnectionsPerSource: o.taskLimits?.maxConnectionsPerSource,
      isTrustedProxy: (address) => handler.isTrustedProxy(address),
    });
    this.pinhole = createPinholeRung({ interfaces: o.nat?.interfaces, onChange: o.onChange, log: (level, event, details) => this.log(level, event, details), ...o.pinhole });
    this.reach = new Reachability({
      port: () => this.boundPort,
      settings: o.settings,
      allowPrivateEndpoint: o.allowPrivateEndpoint,
      tuning: o.nat,
      log: (level, event, details) => this.log(level, event, details),
      onChange: o.onChange,
      onEndpoint: (reason) => this.link.requestReregister(reason),
      // Tell the directory at once that the node cannot be reached, instead of at the next beat.
      onLost: () => this.link.heartbeatNow(),
      createRelay: (events) => this.createRelay(events),
      pinhole: this.pinhole,
      tunnels: createTunnelRung({
        stateDir: join(o.dataDir, 'state'),
        ...o.tunnels,
        reachProof,
        fetchImpl: o.publicFetch,
        log: (level, event, details) => this.log(level, event, details),
        onChange: o.onChange,
      }),
    });
    this.earnings = new EarningsService({
      store: o.store,
      secrets: o.secrets,
      nodeId: this.identity.nodeId,
      baseUrl: () => o.settings().directoryUrl,
      settings: o.settings,
      models: () => this.advertised().models,
      parameterCount: (name) => this.capabilities().offered.get(name)?.parameterCount ?? null,
      log: (level, event, details, persist) => this.log(level, event, details, persist),
      onChange: o.onChange,
      onStoreProblem: o.onStoreProblem,
      fetchImpl: o.fetchImpl,
      ...o.earnings,
    });
    this.requests = new RequestFeed({
      store: new RequestStore(o.store.db),
      timeZone: systemTimeZone(),
      // The earnings' clock: the feed's refusals and the ledger's served tasks turn to a new day together.
      now: o.earnings?.now,
      slots: { capacity: () => o.capacity(), maxConcurrent: () => o.settings().maxConcurrent, activeJobs: () => this.admission.activeJobs },
      onChange: o.onChange,
    });
    this.link = new DirectoryLink({
      baseUrl: () => o.settings().directoryUrl,
      nodeId: this.identity.nodeId,
      secrets: o.secrets,
      registration: () => this.registration(),
      membership: () => o.secrets.get('membership_credential'),
      heartbeatState: () => this.heartbeatState(),
      metrics: this.batcher,
      log: (level, event, details, persist) => this.log(level, event, details, persist),
      onChange: o.onChange,
      onHeartbeatAccepted: (sent) => {
        this.earnings.heartbeatAccepted(sent.pricing);
        if (this.directoryFailing) {
          this.directoryFailing = false;
          this.earnings.directoryBack();
        }
      },
      onRegistered: (sentPricing) => {
        this.earnings.registered(sentPricing);
        // The directory may have accepted another model list than the one the relay was bound with.
        this.relayWorker?.modelsChanged();
      },
      fetchImpl: o.fetchImpl,
      startupRetryDelaysMs: o.directoryStartupRetryDelaysMs,
      backoffBaseMs: o.directoryBackoffBaseMs,
    });
  }

  /**
   * Lock, listen, then look at the backend and for a way in from the internet, then register: the directory
   * dials `/iicp/health` through the advertised address before it answers, so the router mapping comes first.
   */
  async start(): Promise<void> {
    try {
      this.boundPort = await this.listen();
      this.log('info', 'serve_start', `port=${this.boundPort}`);
      // Online at once; both looks run in the background (a hanging server or a silent router must not
      // delay the launch), and the directory link starts once we know what to advertise.
      void Promise.all([this.refreshBackend(3000), this.reach.start(this.o.offered())]).then(() => {
        if (this.stopped) return;
        this.link.start();
        this.linkStarted = true;
        this.earnings.start();
        this.o.onChange();
        this.schedulePoll();
      });
      this.o.onChange();
    } catch (err) {
      await this.server.close(0).catch(() => undefined);
      await this.codec.close();
      this.lock.release();
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.monitor.stop();
    await this.link.stop();
    await this.server.close();
    // After draining: the last tasks' ledger rows and the feed's last answers are written, and tasks that came in
    // through the router finish before the mapping goes.
    this.requests.stop();
    await this.earnings.stop();
    await this.codec.close();
    await this.reach.stop();
    this.releaseUrlCredentials();
    this.nodeLog.flush();
    this.lock.release();
  }

  /** The person switched availability: a router mapping is only held while the node is offered. */
  offeredChanged(): void {
    void (this.o.offered() ? this.reach.resume() : this.reach.suspend());
  }

  /** After sleep: heartbeat now (the directory may have marked the node dormant) and check the mapping. */
  wake(): void {
    this.link.heartbeatNow();
    void this.reach.refresh();
  }

  /** "Check my node": one at a time, in the background; the snapshot carries the report. */
  checkNode(): void {
    if (this.checkRunning || this.stopped) return;
    this.checkRunning = true;
    this.o.onChange();
    const ep = this.reach.endpoint;
    const adv = this.advertised();
    const intent = primaryIntent(adv);
    const model = this.capabilities().capabilities.find((c) => c.intent === intent)?.models.find((m) => adv.models.includes(m)) ?? null;
    void checkNode({
      endpoint: ep ? { url: ep.url, method: ep.method } : null,
      cx: cxPublicKeyAdvert(this.identity.cx),
      intent,
      model,
      expectTask: (id) => {
        this.checkTasks.add(id);
        // A check task that never arrived (the way in failed) is forgotten once it could no longer come.
        setTimeout(() => this.checkTasks.delete(id), 5 * 60_000).unref?.();
      },
      readListing: () => readListing({ baseUrl: this.o.settings().directoryUrl, nodeId: this.identity.nodeId, now: Date.now(), fetchImpl: this.o.fetchImpl }),
      fetchImpl: this.o.publicFetch ?? this.o.fetchImpl,
    })
      .then((report) => {
        this.lastCheck = report;
        this.log(report.outcome === 'ok' ? 'info' : 'warn', 'node_check', `outcome=${report.outcome} method=${report.method ?? 'none'}`);
      })
      .finally(() => {
        this.checkRunning = false;
        this.o.onChange();
      });
  }

  /** The status card's "Check now": look at the LLM server and talk to the directory without waiting for the timers. */
  checkAgain(): void {
    void this.monitor.refresh().then(() => this.o.onChange(), () => undefined);
    this.link.tryNow();
  }

  /** Look for a way in again now (the Network page's "Check again"). */
  recheckReachability(): void {
    void this.reach.recheck('asked from the Network page');
  }

  get taskPort(): number | null {
    return this.boundPort;
  }

  /** Settings changed: rebuild what depends on them and re-register if what we advertise moved. */
  settingsChanged(): void {
    this.backend = null;
    this.admission.capacityChanged();
    this.reach.settingsChanged();
    this.earnings.settingsChanged();
    void this.refreshBackend().then(() => {
      this.checkDrift();
      // A node that could not register (no server, no models, a refused key) registers as soon as a change fixes it,
      // not at the next 30 s look.
      if (!this.stopped && this.link.status.registeredAt === null && this.registration().ok) this.link.requestReregister('settings changed');
    });
  }

  capacityChanged(): void {
    this.admission.capacityChanged();
  }

  /**
   * One look at the backend, and the verdict passed on: a server that stopped answering makes the node
   * degraded (tasks get 503 with Retry-After) until a later look finds it back.
   */
  private async refreshBackend(timeoutMs?: number): Promise<void> {
    await this.monitor.refresh(timeoutMs);
    this.backendObserved();
  }

  /** The verdict of the latest look passed on (the dashboard shows what it found). */
  private backendObserved(): void {
    if (this.stopped) return;
    const obs = this.monitor.observation;
    this.o.onBackendProblem?.(obs.status === 'unreachable' ? (obs.message ?? 'The local LLM server is not responding.') : null);
    if (obs.status !== 'checking') this.firstLookDone();
    this.relayWorker?.modelsChanged();
    // A server described only now (it was slow, or loading, at the first look) makes the node registrable: at once,
    // not at the next 30 s look.
    if (this.linkStarted && this.link.status.link === 'not_configured' && this.registration().ok) this.link.requestReregister('now registrable');
    this.checkDrift();
    this.o.onChange();
  }

  /** The backend's id of the chosen default model (settings may hold its public name or, from older versions, the id). */
  private selectedBackendModel(): string | null {
    const chosen = this.o.settings().defaultModel;
    if (!chosen) return null;
    return this.monitor.observation.facts.find((f) => f.name === chosen || f.id === chosen)?.id ?? chosen;
  }

  /** Settings' model picker: a fresh look at the configured server, then everything it lists with what each model is. */
  async serverModels(): Promise<ServerModels> {
    await this.refreshBackend();
    return serverModelsOf(this.monitor.observation, this.o.settings().backendUrl);
  }

  /** Wizard detection: the usual local servers, the configured one, and the URLs the person added. */
  async detect(extraUrls: readonly string[], apiKeys: readonly { url: string; apiKey: string }[]): Promise<DetectionResult> {
    const configured = this.o.settings().backendUrl;
    const keys: Record<string, string> = {};
    const stored = this.apiKey();
    if (configured && stored) keys[backendRoot(configured)] = stored;
    for (const k of apiKeys) keys[backendRoot(k.url)] = k.apiKey;
    return detectBackends({
      extraUrls: configured ? [configured, ...extraUrls] : extraUrls,
      apiKeys: keys,
      ...(this.o.detectWellKnown ? { wellKnown: this.o.detectWellKnown } : {}),
    });
  }

  /** A restricted trust domain's membership (C-11): stored with the secrets; the directory link tries again now. */
  setMembership(credential: string | null): void {
    this.o.secrets.update({ membership_credential: credential });
    this.link.membershipChanged();
  }

  setBackendApiKey(key: string | null): void {
    this.o.secrets.update({ backend_api_key: key });
    this.backend = null;
  }

  /** Explicit removal from the network; remembered so a restart does not silently register again. */
  async removeFromDirectory(): Promise<{ ok: boolean; message: string }> {
    const r = await this.link.deregister();
    if (r.ok) this.o.store.state.set('removedFromDirectory', true);
    return r;
  }

  /** The person switched the node on again after a removal: join as a new registration. */
  rejoinIfRemoved(): void {
    if (!this.o.store.state.get('removedFromDirectory', false, (v): v is boolean => typeof v === 'boolean')) return;
    this.o.store.state.set('removedFromDirectory', false);
    this.link.start();
    this.link.requestReregister('rejoined');
  }

  /**
   * Looks at the backend every 30 s whatever the directory does: the dashboard stays current, and a node
   * that could not register (no models yet) registers as soon as the backend offers some.
   */
  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => {
      void this.refreshBackend().then(() => {
        if (this.stopped) return;
        this.checkDrift();
        if (this.link.status.link === 'not_configured' && this.registration().ok) this.link.requestReregister('now registrable');
        this.o.onChange();
        this.schedulePoll();
      });
    }, 30_000);
    this.pollTimer.unref?.();
  }

  recordDirectoryFailure(): void {
    this.metrics.heartbeatFailure('network');
  }

  snapshotParts(): Pick<NodeSnapshot, 'directory' | 'backend' | 'reachability' | 'capacity' | 'today' | 'recentTasks' | 'requests' | 'earnings'> & { nodeId: string } {
    const s = this.o.settings();
    const dir = this.link.status;
    const obs = this.monitor.observation;
    this.shownDay = this.earnings.day();
    const earnings = this.earningsInfo();
    return {
      nodeId: this.identity.nodeId,
      directory: {
        link: dir.link,
        url: s.directoryUrl,
        lastHeartbeatAt: dir.lastHeartbeatAt ? new Date(dir.lastHeartbeatAt).toISOString() : null,
        registeredAt: dir.registeredAt ? new Date(dir.registeredAt).toISOString() : null,
        nextAttemptAt: dir.nextAttemptAt ? new Date(dir.nextAttemptAt).toISOString() : null,
        message: dir.message,
        membership: this.o.secrets.get('membership_credential') !== null,
      },
      backend: { status: obs.status, url: s.backendUrl, flavour: obs.flavour, models: this.capabilities().models, message: obs.message },
      reachability: this.reachabilityInfo(),
      capacity: { maxConcurrent: s.maxConcurrent, effectiveMaxConcurrent: this.o.capacity(), activeJobs: this.admission.activeJobs },
      // One count of the day for the status line, the Workload card, the tray, Requests and Earnings: the ledger's.
      today: { jobs: earnings.today.jobs, credits: earnings.today.awarded },
      earnings,
      recentTasks: this.recentTasks.map((r) => ({ taskId: r.taskId, ts: new Date(r.at).toISOString(), intent: r.intent, model: r.model, outcome: r.outcome, latencyMs: r.latencyMs, tokens: r.tokens })),
      requests: this.requestsInfo(earnings.today.jobs),
    };
  }

  /** Whether the local day changed since the figures were last shown (the policy tick asks, to roll them over). */
  dayTurned(): boolean {
    return this.earnings.day() !== this.shownDay;
  }

  // ---------------------------------------------------------------------------------------------------

  /** What the Network page shows: the ladder's result judged against what the directory saw. */
  private reachabilityInfo(): ReachabilityInfo {
    const v = this.reach.view();
    const dir = this.link.status;
    const ep = v.endpoint;
    const port = this.boundPort ?? this.o.settings().taskPort;
    const mapped = ep?.method === 'upnp' || ep?.method === 'natpmp';
    let status: ReachabilityInfo['status'];
    let verified = false;
    let verifiedAt: string | null = null;
    let message: string;
    if (v.checking) {
      status = 'checking';
      message = 'Looking for a way in from the internet…';
    } else if (!ep) {
      status = 'local_only';
      const where = v.localAddress ? `this computer (${v.localAddress})` : 'this computer';
      message =
        v.natWarning ??
        `No way in from the internet was found. Forward TCP port ${port} on your router to ${where}, or set a public URL (for example a tunnel). The node serves locally meanwhile.`;
      if (v.ignoredPublicUrl) message = `The public URL ${v.ignoredPublicUrl} is a private or local address, so the internet cannot reach it. ${message}`;
    } else if (!v.usable) {
      status = 'not_reachable';
      message = v.suspended
        ? ep.method === 'relay'
          ? 'Availability is off, so the node left its relay; it looks for one again when you switch Available on.'
          : 'Availability is off, so the port mapping was removed from the router; it is added again when you switch Available on.'
        : ep.method === 'relay'
          ? 'The relay carrying tasks to this node was lost. The node is looking for another one and tells the directory it is unavailable meanwhile.'
          : ep.method === 'quick_tunnel' || ep.method === 'tunnel'
            ? 'The tunnel stopped answering. The node is rebuilding it and tells the directory it is unavailable meanwhile.'
            : ep.method === 'ipv6'
              ? 'The router no longer holds the IPv6 firewall opening for this node; the node keeps asking for it again.'
              : `The router stopped confirming the port mapping (it may have restarted). The node keeps asking for port ${port} again.`;
    } else if (dir.unreachableEndpoint === ep.url) {
      status = 'not_reachable';
      message = mapped
        ? `The router mapped the port, but the directory could not reach this node at ${ep.url}. A firewall, or a second router or your provider's NAT in front of this one, may be blocking incoming connections.`
        : `The directory could not reach this node at ${ep.url}. Forward TCP port ${port} on your router to this computer${v.localAddress ? ` (${v.localAddress})` : ''}, or check the public URL.`;
    } else {
      status = mapped ? 'mapped' : ep.method === 'relay' ? 'relayed' : ep.method === 'tunnel' || ep.method === 'quick_tunnel' ? 'tunnel' : 'public';
      // A 201 is no proof (production may skip its dial-back, brief §0.1 C-10): only what the directory says it
      // observed counts, read after a registration of this address — the router may have rebooted since an older one.
      const listing = this.earnings.listing();
      const current = dir.link === 'registered' && dir.acceptedEndpoint === ep.url && (dir.registeredAt ?? 0) >= v.endpointSince;
      const fresh = current && listing !== null && listing.asOf >= (dir.registeredAt ?? 0);
      verified = fresh && listing.observedReachable === true;
      verifiedAt = verified && listing ? new Date(listing.asOf).toISOString() : null;
      if (verified) message = 'The directory reached this node at its public address.';
      else if (fresh && listing?.observedReachable === false) {
        message = `Registered, but the directory reports that it could not reach this node at ${ep.url}. Check the port forwarding, the firewall or the public URL.`;
      } else if (current) message = 'Registered, not yet confirmed reachable: the directory has not reported reaching this address yet.';
      else message = 'Not confirmed yet: the directory is told about this address when the node registers.';
    }
    const relay = v.fallback.relay;
    const tunnel = v.fallback.tunnel;
    const pinhole = v.fallback.pinhole;
    const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
    return {
      status,
      rungWords: v.checking ? null : rungWords(ep),
      verified,
      verifiedAt,
      method: ep?.method ?? null,
      endpoint: ep?.url ?? null,
      message,
      relay: relay
        ? {
            state: relay.state,
            relayNodeId: relay.binding?.relay.nodeId ?? null,
            relayHost: relay.binding ? new URL(relay.binding.relay.url).host : null,
            probation: relay.binding?.relay.probation ?? null,
            reputation: relay.binding?.relay.reputation ?? null,
            boundAt: iso(relay.binding?.boundAt),
            nextAttemptAt: iso(relay.nextAttemptAt),
            lastError: relay.lastError,
            calls: relay.calls,
            refusedPlaintext: relay.refusedPlaintext,
          }
        : null,
      tunnel: tunnel ? { ...tunnel, nextAttemptAt: iso(tunnel.nextAttemptAt) } : null,
      pinhole,
      check: { running: this.checkRunning, last: this.lastCheck },
      taskPort: this.boundPort,
      localAddress: v.localAddress,
      routerExternalIp: v.routerExternalIp,
      natWarning: v.natWarning,
      mapping: v.mapping,
      transportMethod: ep?.transportMethod ?? null,
      exposureMode: ep?.exposureMode ?? null,
      steps: v.steps,
    };
  }

  /** The relay rung's worker: tasks it pulls go through this node's own task port, marked as relayed. */
  private createRelay(events: Pick<RelayWorkerOptions, 'onBound' | 'onLost'>): RelayWorker {
    const worker = new RelayWorker({
      nodeId: this.identity.nodeId,
      directoryUrl: () => this.o.settings().directoryUrl,
      nodeToken: () => this.o.secrets.get('node_token'),
      directoryHeaders: () => {
        const m = this.o.secrets.get('membership_credential');
        return m ? { 'X-IICP-Membership': m } : undefined;
      },
      intent: () => primaryIntent(this.advertised()),
      models: () => [...this.advertised().models],
      modelsKnown: () => this.firstLook,
      forward: (task) => forwardToOwnPort(this.o.taskHost ?? '::', this.boundPort, task, this.relayMark.header),
      decodeCall: (raw) => this.codec.relayCall(raw),
      canAdmit: () => this.admission.hasRoomFor(RELAYED_SOURCE),
      budget: this.bodyBudget,
      allowPrivateRelays: this.o.allowPrivateEndpoint === true,
      ownPorts: () => [this.boundPort],
      fetchImpl: this.o.fetchImpl,
      timings: this.o.relay,
      log: (level, event, details) => this.log(level, event, details),
      onChange: this.o.onChange,
      ...events,
    });
    this.relayWorker = worker;
    return worker;
  }

  private apiKey(): string | null {
    return this.o.backendApiKey ?? this.o.secrets.get('backend_api_key');
  }

  private log(level: EventLevel, event: EngineEventName, details: string, persist = true): void {
    this.nodeLog.write(event, details);
    if (event === 'heartbeat_fail') {
      this.metrics.heartbeatFailure(details.includes('status=') ? 'http_5xx' : 'network');
      this.directoryFailing = true;
    }
    this.o.log(level, event, details, persist);
  }

  private async listen(): Promise<number> {
    const base = this.o.taskPort ?? this.o.settings().taskPort;
    // With a fixed public URL the port is part of it: do not wander off to another one.
    const tries = this.o.settings().publicEndpoint || base === 0 ? 1 : PORT_TRIES;
    let last: unknown;
    for (let i = 0; i < tries && base + i <= 65535; i++) {
      try {
        return await this.server.listen(base + i);
      } catch (err) {
        last = err;
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      }
    }
    throw Object.assign(new Error(`The task port ${base} is in use by another program.`), { cause: last });
  }

  /** Rebuilt only when its inputs change: the task path asks for it several times per request. */
  private capabilities(): BuiltCapabilities {
    const s = this.o.settings();
    const facts = this.monitor.observation.facts;
    const c = this.capsCache;
    if (c && c.facts === facts && c.settings === s) return c.built;
    const built = buildCapabilities({ facts, defaultModel: s.defaultModel, excludedModels: s.excludedModels, maxTokens: s.maxTokens, offerCompletion: s.offerCompletion });
    this.capsCache = { facts, settings: s, built };
    return built;
  }

  /** What tasks may use: what the directory accepted, or — never registered — what we would advertise. */
  private advertised(): Advertised {
    const built = this.capabilities();
    const models = this.link.status.registeredAt !== null ? this.link.status.acceptedModels : built.models;
    const a = this.advertisedCache;
    if (a && a.built === built && a.models === models) return a.value;
    const intents = new Set(built.capabilities.filter((cap) => cap.models.some((m) => models.includes(m))).map((cap) => cap.intent));
    const value = { intents, models, maxTokens: this.o.settings().maxTokens };
    this.advertisedCache = { built, models, value };
    return value;
  }

  private currentBackend(): OpenAiCompatBackend | null {
    const s = this.o.settings();
    if (!s.backendUrl) return null;
    const key = `${s.backendUrl}|${this.apiKey() ? 'k' : ''}`;
    if (!this.backend || key !== this.backendKey) {
      this.backendKey = key;
      this.backend = new OpenAiCompatBackend({
        url: s.backendUrl,
        apiKey: this.apiKey(),
        build: () => this.buildOptions(),
        fetchImpl: this.o.fetchImpl,
      });
    }
    return this.backend;
  }

  /**
   * What a task's backend request is built from: the advertised models by public name with their backend ids and
   * limits, and the default (the chosen model, else the first offered). Plain data, rebuilt only when it changes.
   */
  private buildOptions(): BuildOptions {
    const built = this.capabilities();
    const advertised = this.advertised();
    const flavour = this.monitor.observation.flavour;
    const c = this.buildCache;
    if (c && c.built === built && c.advertised === advertised && c.flavour === flavour) return c.value;
    const models: BuildOptions['models'] = Object.create(null) as BuildOptions['models'];
    for (const name of advertised.models) {
      const m = built.offered.get(name);
      if (m) (models as Record<string, unknown>)[name] = { id: m.id, maxTokens: m.maxTokens, tools: m.tools };
    }
    const value: BuildOptions = { defaultModel: built.models[0] ?? null, models, flavour };
    this.buildCache = { built, advertised, flavour, value };
    return value;
  }

  private registration(): ReturnType<RegistrationSource> {
    const s = this.o.settings();
    if (this.o.store.state.get('removedFromDirectory', false, (v): v is boolean => typeof v === 'boolean')) {
      return { ok: false, park: true, reason: 'Removed from the network. Switch Available on to join again as a new node.' };
    }
    const ep = this.reach.endpoint;
    if (!ep) {
      return { ok: false, park: true, reason: this.reach.view().checking ? 'Not registered yet: looking for a way in from the internet.' : 'Not registered: this node has no public address yet (see the Network page).' };
    }
    const obs = this.monitor.observation;
    if (!s.backendUrl) return { ok: false, reason: 'Not registered: choose a local LLM server first.' };
    const built = this.capabilities();
    if (!servesTasks(obs) || built.models.length === 0) {
      return { ok: false, reason: 'Not registered: the local LLM server offers no models right now.' };
    }
    return {
      ok: true,
      input: {
        nodeId: this.identity.nodeId,
        endpoint: ep.url,
        region: s.region,
        capabilities: built.capabilities,
        maxConcurrent: s.maxConcurrent,
        tokensPerMin: s.tokensPerMin,
        transportMethod: ep.transportMethod,
        exposureMode: ep.exposureMode,
        // A relay's own metadata (relay_for, relay_host, relay_port) is what the directory routes by (brief §9.5).
        transportMetadata: ep.metadata ?? { tier: ep.tier, detection_log_tail: [this.reach.lastStep() ?? ''].filter(Boolean) },
        pricing: this.earnings.declaration(),
        cxPublicKey: cxPublicKeyAdvert(this.identity.cx),
        backend: (obs.flavour ?? 'custom') as BackendKind,
        appVersion: this.o.appVersion,
      },
    };
  }

  /** Called before every heartbeat: refresh what the backend offers, then report it (brief §6.3). */
  private async heartbeatState(): Promise<HeartbeatState> {
    await this.refreshBackend();
    this.checkDrift();
    this.o.onChange();
    const obs = this.monitor.observation;
    const cap = this.o.capacity();
    const active = this.admission.activeJobs;
    const s = this.o.settings();
    const state: HeartbeatState = {
      load: active / Math.max(1, s.maxConcurrent),
      activeJobs: active,
      // `available` says "offering work" (the switch, the windows, a backend that answers, a way in from the
      // internet), never "a slot is free right now": busy is what `load`/`active_jobs` say. A one-slot node that
      // reported its busy slot as unavailable vanished from discovery for a whole heartbeat interval each time; a
      // full node stays listed and answers 429 with Retry-After, which consumers act on.
      available: this.o.offered() && cap > 0 && servesTasks(obs) && this.reach.usable,
    };
    if (servesTasks(obs)) state.healthModels = this.capabilities().models.slice().sort();
    if (s.backendUrl && obs.stability) state.backendStability = { ...obs.stability };
    const pricing = this.earnings.heartbeatPricing();
    if (pricing) state.pricing = pricing;
    return state;
  }

  /** A non-empty live model set that differs from what the directory holds → re-register (§2.7). */
  private checkDrift(): void {
    const dir = this.link.status;
    if (dir.registeredAt === null) return;
    const live = this.capabilities().models;
    if (live.length === 0) return;
    const accepted = new Set(dir.acceptedModels);
    if (live.length !== accepted.size || live.some((m) => !accepted.has(m))) this.link.requestReregister('models changed');
  }

  private health(): Record<string, unknown> {
    const s = this.o.settings();
    const adv = this.advertised();
    const stab = this.monitor.observation.stability ?? STABILITY_OK;
    const cap = this.o.capacity();
    const active = this.admission.activeJobs;
    const pub: Record<string, unknown> = { backend_state: stab.backend_state, reason_class: stab.reason_class };
    if (stab.backend_state === 'draining') {
      pub.retry_after_s = stab.retry_after_s;
      pub.drain_until = stab.drain_until;
    }
    return {
      status: this.monitor.observation.status === 'unreachable' ? 'degraded' : 'ok',
      node_id: this.identity.nodeId,
      region: s.region,
      load: active / Math.max(1, s.maxConcurrent),
      active_jobs: active,
      max_concurrent: s.maxConcurrent,
      effective_max_concurrent: cap,
      available: active < cap && servesTasks(this.monitor.observation),
      model: adv.models[0] ?? '',
      models: [...adv.models],
      intent: primaryIntent(adv),
      pinhole_state: this.pinhole.healthState(),
      backend_stability: pub,
    };
  }

  private finished(t: FinishedTask): void | Promise<void> {
    // The node's own check is no work for the network: neither booked, nor claimed, nor counted for the directory.
    if (this.checkTasks.delete(t.taskId)) {
      this.checkAnswered.add(t.taskId);
      return;
    }
    const recorded = this.earnings.recordTask(t);
    const at = Date.now();
    if (t.outcome !== 'rejected') this.batcher.record(t.outcome === 'ok', t.latencyMs);
    this.recentTasks.unshift({ taskId: t.taskId, at, intent: t.intent, model: t.model, outcome: t.outcome, latencyMs: t.latencyMs, tokens: t.tokensUsed });
    if (this.recentTasks.length > RECENT_TASKS) this.recentTasks.length = RECENT_TASKS;
    this.o.onChange();
    return recorded;
  }

  /** The task port answered: into the requests feed, except the node's own check (no work for the network). */
  private answered(a: AnsweredRequest): void {
    if (a.taskId !== null && this.checkAnswered.size > 0 && this.checkAnswered.delete(a.taskId)) return;
    this.requests.record(a);
  }

  /**
   * Today's answers with advice against the current settings. `served` is the ledger's count of the day, the number
   * every other screen shows: the feed writes its counters every half second, so a crash could lose its last few.
   */
  private requestsInfo(served: number): NodeSnapshot['requests'] {
    const s = this.o.settings();
    const info = this.requests.info({ maxConcurrent: s.maxConcurrent, maxConcurrentFixed: this.o.maxConcurrentFixed ?? false, privateModels: s.excludedModels });
    return { ...info, served };
  }

  /** The Earnings page's figures and standing; "Why am I not getting tasks?" judges the same standing. */
  private earningsInfo(): NodeSnapshot['earnings'] {
    const books = this.earnings.info();
    // Every heartbeat answer carries the reputation score, usually fresher than the node page read with the books;
    // a read of the books asked for since (the "why no tasks" check) is newer, and then it counts. Both are dated
    // by when they were asked: a heartbeat answer that arrives after the read may still be the older figure.
    const dir = this.link.status;
    const booksNewer = books.reputationScore !== null && (this.earnings.standingReadAt() ?? 0) > (dir.reputationAsOf ?? 0);
    return { ...books, reputationScore: booksNewer ? books.reputationScore : (dir.reputationScore ?? books.reputationScore) };
  }

  /** "Why am I not getting tasks?": the checks of requests/why-no-tasks.ts against what the node knows now (one at a time). */
  diagnoseTasks(): Promise<TaskDiagnosis> {
    return this.diagnosing.run('', () => this.diagnoseNow());
  }

  private async diagnoseNow(): Promise<TaskDiagnosis> {
    // Standing and price are judged as the Earnings and Pricing pages show them, read afresh first (in bounded
    // time) so those pages show what the check found.
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([
      this.earnings.syncNow().catch(() => undefined),
      new Promise<void>((resolve) => {
        waited = setTimeout(resolve, DIAGNOSE_TIMEOUT_MS);
        waited.unref?.();
      }),
    ]);
    clearTimeout(waited);
    const dir = this.link.status;
    const adv = this.advertised();
    const standing = this.earningsInfo();
    return diagnoseTasks({
      directoryUrl: this.o.settings().directoryUrl,
      nodeId: this.identity.nodeId,
      membership: this.o.secrets.get('membership_credential'),
      link: dir.link,
      linkMessage: dir.message,
      reachability: this.reachabilityInfo().status,
      intent: adv.intents.size > 0 ? primaryIntent(adv) : null,
      pricing: this.earnings.pricing(),
      standing,
      requests: this.requestsInfo(standing.today.jobs),
      fetchImpl: this.o.fetchImpl,
    });
  }
}

/** The intent the node stands for where one is named (health, a relay bind, its own check): chat when offered. */
function primaryIntent(adv: Advertised): string {
  return adv.intents.has(INTENT_CHAT) || adv.intents.size === 0 ? INTENT_CHAT : [...adv.intents][0]!;
}

/**
 * Whether tasks go to the LLM server: it is healthy, or it answered the last look too slowly but was described before
 * (a slow server still serves; a task it answers proves it).
 */
function servesTasks(obs: Readonly<BackendObservation>): boolean {
  return obs.status === 'healthy' || (obs.status === 'slow' && obs.facts.length > 0);
}
