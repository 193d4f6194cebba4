import type { DetectionStep } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { cleanForeignText } from '@shared/text/foreign-text';
import { networkErrorSaid, networkErrorWords } from '../net';
import type { RelayCandidate } from './relay-election';

export type RelayWorkerState = 'idle' | 'electing' | 'binding' | 'bound' | 'reconnecting' | 'no_relay' | 'stopped';

/** Where consumers reach the node while it is bound, and what the REGISTER payload says about it. */
export interface RelayBinding {
  relay: RelayCandidate;
  /** `{relay}/v1/relay-for/{node_id}`: the endpoint the node registers. */
  endpoint: string;
  metadata: Record<string, unknown>;
  boundAt: number;
}

export interface RelayWorkerStatus {
  state: RelayWorkerState;
  binding: RelayBinding | null;
  /** When the next attempt to find or bind a relay is due (ms), while reconnecting. */
  nextAttemptAt: number | null;
  lastError: Said | null;
  /** Calls the relay handed over since the node started, and how many were refused for being unencrypted. */
  calls: number;
  refusedPlaintext: number;
  steps: readonly DetectionStep[];
}

const MAX_STEPS = 40;

/**
 * What the relay worker shows: its state, the binding in force, the last error and the steps it took, each change
 * announced. Once stopped it stays stopped, whatever a loop still finishing reports.
 */
export class RelayProgress {
  state: RelayWorkerState = 'idle';
  binding: RelayBinding | null = null;
  lastError: Said | null = null;
  nextAttemptAt: number | null = null;
  steps: DetectionStep[] = [];

  constructor(
    private readonly now: () => number,
    private readonly onChange: () => void,
  ) {}

  set(state: RelayWorkerState): void {
    if (this.state === 'stopped' && state !== 'stopped') return;
    this.state = state;
    this.onChange();
  }

  step(words: Said): void {
    this.steps = [...this.steps, { at: new Date(this.now()).toISOString(), words }].slice(-MAX_STEPS);
    this.onChange();
  }

  /** A failure the person should read: the last error, and a step. */
  fail(words: Said): void {
    this.lastError = words;
    this.step(words);
  }
}

/** A node id short enough for a step. */
export function short(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** A failure in plain English words for the log: the network's own, else the error's message, cut short. */
export function plain(err: unknown): string {
  return networkErrorWords(err) ?? (err instanceof Error ? err.message.slice(0, 120) : 'failed');
}

/**
 * A failure as a sentence for the page: the network's own words, else the error's message quoted (it is not ours),
 * cut short.
 */
export function plainSaid(err: unknown): Said {
  const known = networkErrorSaid(err);
  if (known) return known;
  const detail = err instanceof Error ? cleanForeignText(err.message, 120) : '';
  return detail ? said('relay.error.detail', { detail }) : said('relay.error.failed');
}
