/**
 * The node's looks at its LLM server and what follows from each: a server that stopped answering makes the node
 * degraded until a later look finds it back; a model list that moved, or a node that became registrable, is told to
 * the directory at once. It looks every 30 s whatever the directory does, so the dashboard stays current.
 */
import { said, type Said } from '@shared/i18n/said';
import type { DirectoryLink, HeartbeatState } from '../directory';
import type { RelayWorker } from '../relay';
import { heartbeatStateFor, registrationFor, type ReportSources } from './directory-reports';
import type { ServingOffer } from '../server';

const POLL_MS = 30_000;
/** How long the first registration after setup waits for a server that is slow to list its models. */
export const SETUP_LOOK_MS = 5000;

export interface BackendLooksOptions {
  offer: ServingOffer;
  reports: ReportSources;
  link: () => DirectoryLink;
  /** The relay worker of the current way in, if it is a relay: it re-binds with the models the node offers now. */
  relay: () => RelayWorker | null;
  /** The backend stopped (message) or started (null) answering. */
  onBackendProblem?: (message: Said | null) => void;
  onChange: () => void;
}

export class BackendLooks {
  /** Settles after the first look at the LLM server: until then nothing is known of the models to offer. */
  readonly firstLook: Promise<void>;
  private firstLookDone: () => void = () => undefined;
  /** The directory link was started (after the first look at the LLM server and for a way in). */
  private linkStarted = false;
  private lookingBeforeJoin = false;
  private stopped = false;
  private pollTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: BackendLooksOptions) {
    this.firstLook = new Promise<void>((resolve) => (this.firstLookDone = resolve));
  }

  /** One look at the backend, and the verdict passed on. */
  async refresh(timeoutMs?: number): Promise<void> {
    await this.o.offer.refresh(timeoutMs);
    this.observed();
  }

  /** The verdict of the latest look passed on (the dashboard shows what it found). */
  observed(): void {
    if (this.stopped) return;
    const obs = this.o.offer.observation;
    this.o.onBackendProblem?.(
      obs.status === 'unreachable'
        ? obs.message
          ? said('status.reason.backend', { words: obs.message })
          : said('status.reason.backendSilent')
        : null,
    );
    if (obs.status !== 'checking') this.firstLookDone();
    this.o.relay()?.modelsChanged();
    // A server described only now (it was slow, or loading, at the first look) makes the node registrable: at once,
    // not at the next 30 s look.
    if (this.linkStarted) this.registerIfNowPossible();
    this.checkDrift();
    this.o.onChange();
  }

  /** The directory link runs from now on; the looks every 30 s begin. */
  linkRunning(): void {
    this.linkStarted = true;
    this.schedulePoll();
  }

  /**
   * Setup is done, so the node may join: every server it will use is looked at once more (each within `SETUP_LOOK_MS`),
   * so the first registration offers all their models rather than those of the first server to answer. Until that
   * look ends the node holds its registration (`beforeFirstJoin`): the page saves the servers and ends setup back to
   * back, so a look started by the first save may end after setup is done, while the other servers are still unseen.
   * A look already in flight is shared and may have a shorter budget, so the servers are looked at again while one is
   * still undescribed and time is left.
   */
  async setUpNow(): Promise<void> {
    this.lookingBeforeJoin = true;
    try {
      const until = Date.now() + SETUP_LOOK_MS;
      do await this.refresh(Math.max(1, until - Date.now()));
      while (!this.stopped && this.someServerUndescribed() && Date.now() < until);
    } finally {
      this.lookingBeforeJoin = false;
    }
    if (!this.stopped && this.linkStarted) this.registerIfNowPossible();
  }

  /** The look of `setUpNow` is running: the node does not register before it ends. */
  get beforeFirstJoin(): boolean {
    return this.lookingBeforeJoin;
  }

  /** Called before every heartbeat: refresh what the backend offers, then report it. */
  async heartbeatState(): Promise<HeartbeatState> {
    await this.refresh();
    this.checkDrift();
    this.o.onChange();
    return heartbeatStateFor(this.o.reports);
  }

  /** A non-empty live model set that differs from what the directory holds → re-register. */
  checkDrift(): void {
    const link = this.o.link();
    const dir = link.status;
    if (dir.registeredAt === null) return;
    const live = this.o.offer.capabilities().models;
    if (live.length === 0) return;
    const accepted = new Set(dir.acceptedModels);
    if (live.length !== accepted.size || live.some((m) => !accepted.has(m))) link.requestReregister('models changed');
  }

  stop(): void {
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.o.offer.stop();
  }

  /** A server not yet seen, or too slow to have listed its models, whose models a registration now would leave out. */
  private someServerUndescribed(): boolean {
    return this.o.offer.servers.list().some((s) => {
      const obs = s.monitor.observation;
      return obs.status === 'checking' || (obs.status === 'slow' && obs.facts.length === 0);
    });
  }

  private registerIfNowPossible(): void {
    const link = this.o.link();
    if (link.status.link === 'not_configured' && registrationFor(this.o.reports).ok)
      link.requestReregister('now registrable');
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => {
      void this.refresh().then(() => {
        if (this.stopped) return;
        this.checkDrift();
        this.registerIfNowPossible();
        this.o.onChange();
        this.schedulePoll();
      });
    }, POLL_MS);
    this.pollTimer.unref?.();
  }
}
