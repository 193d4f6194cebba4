/**
 * How each of the person's other machines is reached without the directory: its task endpoint, its IICP-CX key (key
 * and key id), its price multiplier and, per intent, its models, its largest answer and its stream transport when it
 * advertises one, with when the directory listed it so. Taken from the discovery answers the node already has (the
 * fleet's look asks discovery; no extra ask), kept in the database so a restart with the directory down still knows
 * them, and checked again as foreign input when read back. The gateway asks these machines while the directory
 * cannot be reached (gateway/routing/known-machines.ts).
 */
import { z } from 'zod';
import { FLEET_MAX_MACHINES } from '@shared/contract';
import type { DiscoveryClient } from '../directory';
import { offeredNodes, type KnownMachine } from '../gateway';

/** Where it is kept in the store's engine state. */
export const REACH_KEY = 'fleet.reach';
const MAX_INTENTS = 16;
const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,35}$/;

const IntentReach = z
  .object({
    models: z.array(z.string().min(1).max(255)).max(256),
    maxTokens: z.number().int().min(1).max(100_000_000).nullable(),
    stream: z
      .object({ host: z.string().min(1).max(255), port: z.number().int().min(1).max(65_535) })
      .strict()
      .nullable(),
    /** When the directory last listed the machine for this intent (ms). */
    at: z.number().int().min(0),
  })
  .strict();

const Reach = z
  .object({
    endpoint: z
      .string()
      .max(2048)
      .regex(/^https?:\/\/\S+$/i),
    cx: z.object({ key: z.string().min(1).max(128), keyId: z.string().min(1).max(64) }).strict(),
    multiplier: z.number().min(0).max(1_000_000),
    operator: z.string().max(64).nullable(),
    intents: z.record(z.string().min(1).max(128), IntentReach).refine((r) => Object.keys(r).length <= MAX_INTENTS),
    /** When the directory last listed the machine at all (ms): its endpoint and key are of that answer. */
    seenAt: z.number().int().min(0),
  })
  .strict();

type Reach = z.infer<typeof Reach>;

interface ReachShelf {
  get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T;
  set(key: string, value: unknown): void;
}

export interface MachineReachOptions {
  shelf: ReachShelf;
  /** The node's one discovery client: its last answers are read, never a new ask. */
  discovery?: DiscoveryClient;
  intents: () => readonly string[];
  /** The node ids of the person's other machines (this computer not among them). */
  others: () => readonly string[];
  log?: (problem: string) => void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The kept machines, each checked alone: one that does not read is dropped, the others stay. */
export function readReach(v: unknown): Map<string, Reach> {
  const out = new Map<string, Reach>();
  if (!isRecord(v)) return out;
  for (const [id, entry] of Object.entries(v)) {
    if (out.size >= FLEET_MAX_MACHINES) break;
    const p = Reach.safeParse(entry);
    if (NODE_ID.test(id) && p.success) out.set(id, p.data);
  }
  return out;
}

/** The person's other machines as last seen in the directory's discovery answers, kept across restarts. */
export class MachineReach {
  private kept: Map<string, Reach> | null = null;

  constructor(private readonly o: MachineReachOptions) {}

  /** Takes in what the discovery answers at hand say of the person's machines, and keeps it when anything changed. */
  learn(): void {
    const kept = this.load();
    const others = new Set(this.o.others());
    let changed = false;
    for (const id of kept.keys()) {
      if (others.has(id)) continue;
      // A machine taken off the list is no longer asked for free.
      kept.delete(id);
      changed = true;
    }
    for (const intent of this.o.intents()) {
      const answer = this.o.discovery?.last({ intent })?.answer;
      if (!answer) continue;
      for (const n of offeredNodes(answer.nodes, intent)) {
        if (!others.has(n.nodeId)) continue;
        const before = kept.get(n.nodeId);
        if (before && before.intents[intent] && before.intents[intent].at >= answer.at) continue;
        const newest = !before || answer.at >= before.seenAt;
        const base = newest
          ? { endpoint: n.endpoint, cx: n.cx, multiplier: n.multiplier, operator: n.operator, seenAt: answer.at }
          : before;
        const intents = {
          ...before?.intents,
          [intent]: {
            models: n.models.slice(0, 256),
            maxTokens: n.maxTokens,
            stream: n.nativeTransport,
            at: answer.at,
          },
        };
        const next = Reach.safeParse({ ...base, intents });
        if (!next.success) continue;
        kept.set(n.nodeId, next.data);
        changed = true;
      }
    }
    if (changed) this.save(kept);
  }

  /** Each known machine once per intent it was listed for, as the gateway sends a sealed task to it. */
  known(): KnownMachine[] {
    const others = new Set(this.o.others());
    const out: KnownMachine[] = [];
    for (const [nodeId, r] of this.load()) {
      if (!others.has(nodeId)) continue;
      for (const [intent, i] of Object.entries(r.intents)) {
        out.push({
          nodeId,
          intent,
          seenAt: i.at,
          endpoint: r.endpoint,
          cx: r.cx,
          models: i.models,
          multiplier: r.multiplier,
          maxTokens: i.maxTokens,
          operator: r.operator,
          nativeTransport: i.stream,
        });
      }
    }
    return out;
  }

  private load(): Map<string, Reach> {
    this.kept ??= readReach(this.o.shelf.get<unknown>(REACH_KEY, {}, isRecord));
    return this.kept;
  }

  private save(kept: Map<string, Reach>): void {
    try {
      this.o.shelf.set(REACH_KEY, Object.fromEntries(kept));
    } catch (err) {
      // Kept in memory all the same; the next look writes it again.
      this.o.log?.(err instanceof Error ? err.message : String(err));
    }
  }
}
