/**
 * What this computer says of itself to the operator's other machines: its facts (read afresh at most once a second,
 * however many questions come), numbered by its counter (status-counter.ts), sealed as the answer to a question or as
 * a hello. The counter numbers this computer's questions too, so a sibling can refuse one played back.
 */
import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { MachineRef } from '../identity';
import { seal, type SealPurpose } from './fleet-seal';
import type { FleetShelf, SelfFacts } from './fleet-types';
import type { MachineStatus } from './machine-status';
import { StatusCounter } from './status-counter';

/** What this computer says of itself is read afresh at most once a second, however many questions come. */
const FACTS_FRESH_MS = 1_000;

export interface OwnStatusOptions {
  selfNodeId: string;
  self: () => SelfFacts;
  /** Whether this computer shares its owner-first state with the others. */
  shareOwnerFirst: () => boolean;
  shelf: FleetShelf;
  now: () => number;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
}

export class OwnStatus {
  private facts: { at: number; value: SelfFacts } | null = null;
  private readonly counter: StatusCounter;

  constructor(private readonly o: OwnStatusOptions) {
    this.counter = new StatusCounter(o.shelf, o.now);
  }

  /** The facts are read afresh for the next status (a choice or the name changed). */
  changed(): void {
    this.facts = null;
  }

  /** The next number of the counter, for a status or a question; null (logged) when its floor cannot be kept. */
  nextSeq(): number | null {
    try {
      return this.counter.next();
    } catch (err) {
      this.o.log('warn', 'fleet_save_failed', err instanceof Error ? err.message : String(err));
      return null;
    }
  }

  /**
   * This computer's status with the `machines` it knows, sealed under `key` as `purpose` with the next number: the
   * answer to the question with `nonce`, or a hello (no nonce). Null when the counter's floor cannot be kept, or the
   * status cannot be sealed.
   */
  seal(
    key: Buffer,
    purpose: Extract<SealPurpose, 'status' | 'hello'>,
    nonce: string | null,
    machines: MachineRef[],
  ): string | null {
    const now = this.o.now();
    if (!this.facts || now - this.facts.at >= FACTS_FRESH_MS || now < this.facts.at)
      this.facts = { at: now, value: this.o.self() };
    const { lastHeartbeatAt: _, reputation: __, ...facts } = this.facts.value;
    const seq = this.nextSeq();
    if (seq === null) return null;
    const status: MachineStatus = {
      v: 2,
      nodeId: this.o.selfNodeId,
      seq,
      nonce,
      at: now,
      ...facts,
      ownerFirst: this.o.shareOwnerFirst() ? facts.ownerFirst : null,
      machines,
    };
    // A model list too long for the largest message of its kind (a hello's is smaller) is cut until it fits: the
    // directory lists every model anyway, and a sibling met by a hello asks for the whole status at its next look.
    for (let models = status.models.length; ; models = Math.floor(models / 2)) {
      const sealed = seal(key, purpose, this.o.selfNodeId, { ...status, models: status.models.slice(0, models) });
      if (sealed !== null || models === 0) return sealed;
    }
  }
}
