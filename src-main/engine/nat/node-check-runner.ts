/**
 * "Check my node": a real task sent to the node's public address, with the directory's own observation beside it.
 * One runs at a time, in the background; its task is served like any other but never booked as earnings, never
 * counted for the directory and never listed among the requests.
 */
import type { NodeCheckReport, ReachabilityInfo, Settings } from '@shared/contract';
import { cxPublicKeyAdvert } from '../cx';
import { askDirectoryProbe, ProbeGate, probeLogLevel, readListing } from '../directory';
import type { NodeIdentity } from '../identity';
import { checkNode } from './node-check';
import type { Reachability } from './reachability';
import type { NodeLogger } from '../logging';
import { primaryIntent, type ServingOffer } from '../server';

/** A check task that never arrived (the way in failed) is forgotten once it could no longer come. */
const CHECK_TASK_WAIT_MS = 5 * 60_000;

export interface NodeCheckRunnerOptions {
  identity: NodeIdentity;
  settings: () => Settings;
  reach: Reachability;
  offer: ServingOffer;
  log: NodeLogger;
  onChange: () => void;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** The least time between two of the directory's dials (default 15 s). */
  probeGapMs?: number;
  /** How public URLs are called (tests route tunnel host names to stand-ins). */
  publicFetch?: typeof fetch;
}

export class NodeCheckRunner {
  /**
   * The directory's instant check, asked with every "Check my node" and from the wizard, within the node's own limit.
   */
  private readonly probeGate: ProbeGate;
  private running = false;
  private last: NodeCheckReport | null = null;
  /** Task ids of check tasks in flight. */
  private readonly tasks = new Set<string>();
  /** Check tasks that finished and whose answer the requests feed is about to hear of (it leaves them out). */
  private readonly answered = new Set<string>();

  constructor(private readonly o: NodeCheckRunnerOptions) {
    const now = o.now ?? Date.now;
    this.probeGate = new ProbeGate(
      () => askDirectoryProbe(o.settings().directoryUrl, o.reach.endpoint?.url ?? null, now, o.fetchImpl),
      now,
      {
        ...(o.probeGapMs === undefined ? {} : { minGapMs: o.probeGapMs }),
        directory: () => o.settings().directoryUrl,
        // Logged once per answer: the wizard and the Network page ask often, and are mostly given the last answer
        // again.
        onAnswer: (answer) =>
          this.o.log(
            probeLogLevel(answer),
            'directory_probe',
            `outcome=${answer.outcome}${answer.quoted ? ` error=${answer.quoted}` : ''}`,
          ),
      },
    );
  }

  get status(): ReachabilityInfo['check'] {
    return { running: this.running, last: this.last, probe: this.probeGate.latest };
  }

  /**
   * Asks the directory to dial the node now (or gives its last answer, if asked a moment ago); the snapshot shows it.
   */
  probe(): Promise<void> {
    return this.probeGate.probe().then(() => this.o.onChange());
  }

  /** Starts a check unless one runs; the snapshot carries the report. */
  run(): void {
    if (this.running) return;
    this.running = true;
    this.o.onChange();
    // The directory's own dial answers within seconds; the snapshot shows it while the slower task check goes on.
    void this.probe();
    const ep = this.o.reach.endpoint;
    const adv = this.o.offer.advertised();
    const intent = primaryIntent(adv);
    const model =
      this.o.offer
        .capabilities()
        .capabilities.find((c) => c.intent === intent)
        ?.models.find((m) => adv.models.includes(m)) ?? null;
    void checkNode({
      endpoint: ep ? { url: ep.url, method: ep.method } : null,
      cx: cxPublicKeyAdvert(this.o.identity.cx),
      intent,
      model,
      expectTask: (id) => {
        this.tasks.add(id);
        setTimeout(() => this.tasks.delete(id), CHECK_TASK_WAIT_MS).unref?.();
      },
      readListing: () =>
        readListing({
          baseUrl: this.o.settings().directoryUrl,
          nodeId: this.o.identity.nodeId,
          now: Date.now(),
          fetchImpl: this.o.fetchImpl,
        }),
      fetchImpl: this.o.publicFetch ?? this.o.fetchImpl,
    })
      .then((report) => {
        this.last = report;
        this.o.log(
          report.outcome === 'ok' ? 'info' : 'warn',
          'node_check',
          `outcome=${report.outcome} method=${report.method ?? 'none'}`,
        );
      })
      .finally(() => {
        this.running = false;
        this.o.onChange();
      });
  }

  /** A task finished: true when it was the check's own (the caller then books nothing). */
  finishedOwn(taskId: string): boolean {
    if (!this.tasks.delete(taskId)) return false;
    this.answered.add(taskId);
    return true;
  }

  /** Whether `taskId` is the check's own task, finished and about to be answered (left out of the bookkeeping). */
  isOwnFinished(taskId: string): boolean {
    return this.answered.has(taskId);
  }

  /** The task port answered: true when it answered the check's own task (left out of the requests feed). */
  answeredOwn(taskId: string | null): boolean {
    return taskId !== null && this.answered.size > 0 && this.answered.delete(taskId);
  }
}
