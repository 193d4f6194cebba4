/**
 * The two reads of another machine at each look: the directory's public view of it (`GET /v1/node/{id}`, the only
 * public view with its endpoint and heartbeat that works for a dormant node too), and what the machine publishes
 * about itself when asked at `{endpoint}/iicp/fleet`. Both answers are foreign: capped, checked, and a failure is a
 * word, never a throw. Machines met in the directory's discovery answers (the node's one discovery client) under the
 * operator's fingerprint are read here too.
 */
import { z } from 'zod';
import { callDirectory, type DiscoveryClient } from '../directory';
import { readBodyCapped } from '../net';
import { askFor, FLEET_ANSWER_MAX_BYTES, helloBody, readAnswer } from './fleet-wire';
import type { MachineStatus } from './machine-status';
import { said, type Said } from '@shared/i18n/said';
import { isSoundModelName } from '@shared/text/model-name-rule';

const TIMEOUT_MS = 5_000;

export interface DirectoryView {
  found: boolean;
  endpoint: string | null;
  lastSeen: number | null;
  available: boolean | null;
  activeJobs: number | null;
  reputation: { score: number; completedTasks: number } | null;
  models: string[];
}

export type Read<T> = { ok: true; value: T } | { ok: false; problem: Said };

const NodeView = z
  .object({
    endpoint: z.string().max(2048).nullable().optional(),
    available: z.boolean().optional(),
    active_jobs: z.number().int().min(0).max(1_000_000).optional(),
    last_seen: z.string().max(64).nullable().optional(),
    reputation_score: z.number().min(0).max(1).optional(),
    completed_tasks_count: z.number().int().min(0).optional(),
    capabilities: z.array(z.unknown()).max(256).optional(),
  })
  .passthrough();

function modelsOf(caps: unknown[] | undefined): string[] {
  const out = new Set<string>();
  for (const c of caps ?? []) {
    if (!c || typeof c !== 'object') continue;
    const cap = c as Record<string, unknown>;
    const list = Array.isArray(cap.models) ? cap.models : [cap.model];
    // The one rule every name read from a directory is held to: a name that fails is not listed, never cleaned.
    for (const m of list) if (isSoundModelName(m)) out.add(m);
    if (out.size >= 256) break;
  }
  return [...out];
}

/** The directory's view of `nodeId`; a 404 is an answer too (the directory does not know the node). */
export async function readDirectoryView(
  baseUrl: string,
  nodeId: string,
  fetchImpl?: typeof fetch,
): Promise<Read<DirectoryView>> {
  try {
    const r = await callDirectory(
      baseUrl,
      { method: 'GET', route: `/v1/node/${encodeURIComponent(nodeId)}`, timeoutMs: TIMEOUT_MS },
      fetchImpl,
    );
    if (!r.ok) {
      if (r.failure.status === 404)
        return {
          ok: true,
          value: {
            found: false,
            endpoint: null,
            lastSeen: null,
            available: null,
            activeJobs: null,
            reputation: null,
            models: [],
          },
        };
      return { ok: false, problem: said('fleet.problem.directoryStatus', { status: r.failure.status }) };
    }
    const p = NodeView.safeParse(r.body);
    if (!p.success) return { ok: false, problem: said('fleet.problem.directoryUnreadable') };
    const v = p.data;
    const seen = v.last_seen ? Date.parse(v.last_seen) : Number.NaN;
    const endpoint = v.endpoint && /^https?:\/\//i.test(v.endpoint) ? v.endpoint.replace(/\/+$/, '') : null;
    return {
      ok: true,
      value: {
        found: true,
        endpoint,
        lastSeen: Number.isFinite(seen) ? seen : null,
        available: v.available ?? null,
        activeJobs: v.active_jobs ?? null,
        reputation:
          v.reputation_score === undefined
            ? null
            : { score: v.reputation_score, completedTasks: v.completed_tasks_count ?? 0 },
        models: modelsOf(v.capabilities),
      },
    };
  } catch {
    return { ok: false, problem: said('fleet.problem.directoryUnreachable') };
  }
}

/**
 * A relay's address leads to the relay, which forwards tasks only: such a machine cannot be asked about itself, and
 * the directory's word is all there is.
 */
export const askable = (endpoint: string): boolean => !/\/v1\/relay-for\//.test(endpoint);

/** Why a machine is not asked itself: no address is known, or its address is a relay's. */
export const notAskable = (endpoint: string | null): Said =>
  said(endpoint === null ? 'fleet.problem.noAddress' : 'fleet.problem.relayOnly');

/** The directory answered, and does not know the machine. */
export const NOT_LISTED: Said = said('fleet.problem.notListed');

/** An answer older than one the machine gave before: a machine gone back in time is not taken. */
export const OLDER_STATUS: Said = said('fleet.problem.olderStatus');

/** Who asks: this computer's node id, the fleet key, and the next number of its counter for the question. */
export interface Asker {
  id: string;
  key: Buffer;
  seq: number;
}

/**
 * What the machine at `endpoint` says about itself now: a question numbered by the asker's counter, with a fresh
 * one-time code (fleet-wire.ts), whose answer must carry it. An answer that does not (one recorded earlier and played
 * back, by whoever holds the address now) is no answer.
 */
export async function readMachine(
  endpoint: string,
  nodeId: string,
  asker: Asker,
  fetchImpl: typeof fetch,
): Promise<Read<MachineStatus>> {
  const { key } = asker;
  const ask = askFor(key, asker.id, nodeId, asker.seq);
  try {
    const res = await fetchImpl(`${endpoint}/iicp/fleet`, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: ask.body,
    });
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: false, problem: refusalWords(res.status) };
    }
    const body = await readBodyCapped(res, FLEET_ANSWER_MAX_BYTES);
    const status = readAnswer(body.toString('utf8'), key, nodeId, ask.nonce);
    return status ? { ok: true, value: status } : { ok: false, problem: said('fleet.problem.notSealed') };
  } catch {
    return { ok: false, problem: said('fleet.problem.noAnswer') };
  }
}

/** Why a machine gave no status, by its answer's status code. */
function refusalWords(status: number): Said {
  // An older version reads a question as a hello it cannot open, and a version older still has no such route.
  if (status === 403 || status === 404 || status === 405) return said('fleet.problem.olderVersion');
  return said('fleet.problem.machineStatus', { status });
}

/**
 * The node ids the directory's discovery lists under the operator's fingerprint (it shows it for verified operators),
 * from the node's one discovery client; null when no intent's list could be had, and the answers' newest time.
 */
export async function discoverSiblings(
  discovery: DiscoveryClient,
  fingerprint: string,
  intents: readonly string[],
): Promise<{ ids: string[]; at: number } | null> {
  const found = new Set<string>();
  let at: number | null = null;
  for (const intent of intents) {
    const r = await discovery.discover({ intent });
    // The next look asks again.
    if (r.failure || !r.answer) continue;
    at = Math.max(at ?? 0, r.answer.at);
    for (const n of r.answer.nodes) if (n.nodeId !== null && n.operator === fingerprint) found.add(n.nodeId);
  }
  return at === null ? null : { ids: [...found], at };
}

/**
 * Tells the machine at `endpoint` about this one (its status sealed as a hello), so it meets this machine without
 * discovery.
 */
export async function sayHello(
  endpoint: string,
  selfId: string,
  sealed: string,
  fetchImpl: typeof fetch,
): Promise<boolean> {
  try {
    const res = await fetchImpl(`${endpoint}/iicp/fleet`, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { 'Content-Type': 'application/json' },
      body: helloBody(selfId, sealed),
    });
    await res.body?.cancel().catch(() => undefined);
    return res.status === 204;
  } catch {
    return false;
  }
}
