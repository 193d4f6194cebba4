import { parseCredits } from '../pricing';
import type { SignedLogRepository, SpendRepository } from '../store';
import type { Cursor } from './signed-log-state';
import type { SignedEvent } from './signed-event';

/** A `CREDIT_AWARD` event of the signed log, as the check reads it. */
export interface Award {
  ev: SignedEvent;
  signature: 'valid' | 'invalid' | 'new_key';
  linked: boolean;
  taskId: string;
  amountU: number;
  responseHash: string | null;
  /** The node that asked for the task and paid for it (signed, unlike the event's node id); null when not said. */
  queryingNodeId: string | null;
  /** What the directory debited the querying node for it (micro-credits), or null when not said. */
  spentU: number | null;
}

/**
 * The awards of a page that concern this node, kept for the comparison at the end of a pass (award-checks.ts): those
 * that pay one of its tasks or name it, the signed word on a spend of this computer's apps, and the repeats.
 */
export class AwardKeeping {
  constructor(
    /** The signed log's rows, the core's own repository. */
    private readonly log: SignedLogRepository,
    /** The spent book: a signed award that names this node as the one that paid is the signed word on that spend. */
    private readonly spend: SpendRepository,
    private readonly nodeId: string,
  ) {}

  /** This page's tasks of this node that `awards` name, by task id. */
  private tasksOf(awards: readonly Award[]): Map<string, { id: number; hash: string | null }> {
    const mine = new Map<string, { id: number; hash: string | null }>();
    if (awards.length === 0) return mine;
    for (const r of this.log.tasksByTaskId(awards.map((a) => a.taskId)))
      mine.set(r.task_id, { id: r.id, hash: r.response_hash });
    return mine;
  }

  /** The ledger row an award pays (task id and response hash), or null; and whether it concerns this node at all. */
  private payee(
    a: Award,
    tasks: Map<string, { id: number; hash: string | null }>,
  ): { ledgerId: number | null; concerns: boolean } {
    const task = tasks.get(a.taskId);
    // Bound by what the node signed (task id and response hash); a row from before hashes were kept needs its node id.
    const pays =
      task !== undefined && (task.hash !== null ? task.hash === a.responseHash : a.ev.nodeId === this.nodeId);
    return { ledgerId: pays ? task!.id : null, concerns: pays || a.ev.nodeId === this.nodeId };
  }

  /**
   * The page's awards that pay one of this node's tasks (task id and response hash), or name this node, kept; returns
   * how many paid a task no award had paid before — a check's progress — and how many spent-book rows they marked.
   */
  keepAwards(c: Cursor, awards: readonly Award[]): { paid: number; spent: number } {
    const tasks = this.tasksOf(awards);
    let paid = 0;
    let spent = 0;
    for (const a of awards) {
      // This computer's apps asked for the task (through the local gateway): the award is the signed record of the
      // spend. Only a trusted key's word counts; the first such award is kept.
      if (
        a.signature === 'valid' &&
        a.queryingNodeId === this.nodeId &&
        this.spend.markSpendEvent(a.taskId, a.ev.seq, a.spentU)
      )
        spent += 1;
      const { ledgerId, concerns } = this.payee(a, tasks);
      if (!concerns) continue;
      if (c.mode === 'full') {
        const before = this.log.storedAwardAt(a.ev.seq);
        if (before && (before.event_id !== a.ev.eventId || before.sig !== a.ev.sig || before.amount_u !== a.amountU))
          c.rewritten = true;
      }
      if (ledgerId !== null) {
        const first = this.log.firstPaidSeqOf(ledgerId);
        if (first === null || first >= a.ev.seq) paid += 1;
      }
      this.log.keepAward({
        seq: a.ev.seq,
        eventId: a.ev.eventId,
        taskId: a.taskId,
        nodeId: a.ev.nodeId,
        responseHash: a.responseHash,
        amountU: a.amountU,
        tsMs: a.ev.tsMs,
        sig: a.ev.sig,
        signature: a.signature,
        linked: a.linked,
        ledgerId,
      });
    }
    return { paid, spent };
  }

  /** Awards at a sequence number already used that concern this node, unless they are the very event read there. */
  keepRepeats(repeats: readonly Award[]): void {
    const tasks = this.tasksOf(repeats);
    for (const a of repeats) {
      if (!this.payee(a, tasks).concerns) continue;
      const there = this.log.storedAwardAt(a.ev.seq);
      if (there && there.event_id === a.ev.eventId && there.sig === a.ev.sig) continue;
      this.log.keepRepeat({
        seq: a.ev.seq,
        eventId: a.ev.eventId,
        taskId: a.taskId,
        tsMs: a.ev.tsMs,
        amountU: a.amountU,
      });
    }
  }
}

/** The award an event is, when it is a `CREDIT_AWARD` with a task id and an amount. */
export function awardOf(ev: SignedEvent, signature: Award['signature'], linked: boolean): Award | null {
  if (ev.eventType !== 'CREDIT_AWARD' || Array.isArray(ev.payload)) return null;
  const p = ev.payload;
  const amountU = parseCredits(p.amount);
  if (typeof p.task_id !== 'string' || p.task_id.length === 0 || p.task_id.length > 255 || amountU === null)
    return null;
  const responseHash =
    typeof p.response_hash === 'string' && /^[0-9a-f]{64}$/.test(p.response_hash) ? p.response_hash : null;
  const queryingNodeId =
    typeof p.querying_node_id === 'string' && p.querying_node_id.length > 0 ? p.querying_node_id : null;
  const spentU = queryingNodeId === null ? null : parseCredits(p.spent);
  return { ev, signature, linked, taskId: p.task_id, amountU, responseHash, queryingNodeId, spentU };
}
