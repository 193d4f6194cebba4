import { randomUUID } from 'node:crypto';
import type { NodeCheckItem, NodeCheckReport, ReachabilityMethod } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { sealRequest } from '../cx';
import type { RegistryListing } from '../directory';
import { BodyTooLargeError, networkErrorWords, readBodyCapped } from '../net';
import { probePublicHealth } from './public-health';

export interface NodeCheckInput {
  endpoint: { url: string; method: ReachabilityMethod } | null;
  /** The node's CX key advertisement: the check task is sealed to it, like a consumer's. */
  cx: { key: string; key_id: string };
  intent: string;
  model: string | null;
  /** The check's task id is told to the node first, so it is served but never booked or claimed as earnings. */
  expectTask: (taskId: string) => void;
  /** The directory's registry entry for the node (`/v1/registry/nodes/{id}`), read now; null when unreadable. */
  readListing: () => Promise<RegistryListing | null>;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

const PATH_WORDS: Record<ReachabilityMethod, string> = {
  public_url: 'your public URL',
  public_ipv4: "this computer's public address",
  upnp: "the router's port mapping",
  natpmp: "the router's port mapping",
  ipv6: 'the IPv6 address',
  tunnel: 'the tunnel',
  quick_tunnel: 'the quick tunnel',
  relay: 'the relay',
};

/** A router that cannot loop a connection back inside the home makes a check from here fail while the internet gets in. */
const HAIRPIN: ReadonlySet<ReachabilityMethod> = new Set(['upnp', 'natpmp', 'public_ipv4', 'ipv6']);

/**
 * The test task asks for at most 8 tokens, so its sealed answer is a few kilobytes. Whatever is on the way (a relay,
 * a tunnel's edge) can send anything; no more than this is read of it.
 */
export const MAX_CHECK_ANSWER_BYTES = 256 * 1024;

/**
 * "Check my node": the node's public endpoint is called from here as a consumer would — its health, then a real,
 * small, end-to-end encrypted task — and the directory's own observation of the route is read. The report says in
 * words which path works and which does not; nothing is claimed that was not observed.
 */
export async function checkNode(i: NodeCheckInput): Promise<NodeCheckReport> {
  const now = i.now ?? Date.now;
  const fetchImpl = i.fetchImpl ?? fetch;
  const timeoutMs = i.timeoutMs ?? 20_000;
  const items: NodeCheckItem[] = [];
  const ep = i.endpoint;
  if (!ep) {
    items.push({ id: 'task', outcome: 'failed', words: 'There is no public address to check: the node has no way in from the internet yet.', ms: null });
  } else {
    const route: Route = { fetchImpl, url: ep.url, path: PATH_WORDS[ep.method], timeoutMs, now };
    items.push(await checkHealth(route));
    items.push(await checkTask(route, i));
    const hairpin = HAIRPIN.has(ep.method) && items.every((x) => x.outcome === 'failed');
    if (hairpin) {
      items.push({
        id: 'loopback',
        outcome: 'unknown',
        words: 'Many routers cannot connect from inside the home to their own public address, so a failure from here does not prove the internet cannot get in; the directory\'s observation below is what counts.',
        ms: null,
      });
    }
  }
  const directory = await checkDirectory(i, ep?.url ?? null);
  items.push(directory.item);
  const failed = items.filter((x) => x.outcome === 'failed').length;
  const ok = items.filter((x) => x.outcome === 'ok').length;
  // "Works" only when every path checked worked and the directory confirmed it; an open question is not a yes.
  const open = items.filter((x) => x.outcome === 'unknown' && x.id !== 'loopback').length;
  const outcome: NodeCheckReport['outcome'] = failed === 0 && open === 0 && ok > 0 ? 'ok' : ok === 0 ? 'failed' : 'partial';
  return {
    at: new Date(now()).toISOString(),
    endpoint: ep?.url ?? null,
    method: ep?.method ?? null,
    outcome,
    summary: summaryOf(outcome, ep, items, directory.fact),
    items,
  };
}

/** The public endpoint under check, the path to it in words, and how the calls to it are made. */
interface Route {
  fetchImpl: typeof fetch;
  url: string;
  path: string;
  timeoutMs: number;
  now: () => number;
}

async function checkHealth({ fetchImpl, url, path, timeoutMs, now }: Route): Promise<NodeCheckItem> {
  const started = now();
  const r = await probePublicHealth(url, fetchImpl, Math.min(timeoutMs, 10_000));
  if (r.ok) {
    const ms = now() - started;
    return { id: 'health', outcome: 'ok', words: `The node answered its health check through ${path} in ${ms} ms.`, ms };
  }
  return { id: 'health', outcome: 'failed', words: `The health check could not get through ${path}: ${r.why}.`, ms: null };
}

async function checkTask({ fetchImpl, url, path, timeoutMs, now }: Route, i: NodeCheckInput): Promise<NodeCheckItem> {
  if (!i.model) return { id: 'task', outcome: 'unknown', words: 'No model is offered right now, so no test task was sent.', ms: null };
  const taskId = `check-${randomUUID()}`;
  const sealed = sealRequest({ key: i.cx.key, keyId: i.cx.key_id }, taskId, i.intent, {
    model: i.model,
    messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
    max_tokens: 8,
  });
  i.expectTask(taskId);
  const body = { task_id: taskId, intent: i.intent, iicp_conf: sealed.envelope, cx_response_encryption: 'required', nonce: randomUUID(), constraints: { timeout_ms: timeoutMs, max_tokens: 8, model: i.model } };
  const started = now();
  try {
    const res = await fetchImpl(`${url}/v1/task`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const ms = now() - started;
    let text: string;
    try {
      text = (await readBodyCapped(res, MAX_CHECK_ANSWER_BYTES)).toString('utf8');
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      return {
        id: 'task',
        outcome: 'failed',
        words: `The answer to the test task through ${path} was larger than ${MAX_CHECK_ANSWER_BYTES / 1024} KiB, far more than a one-word reply, so it was not read.`,
        ms: null,
      };
    }
    let json: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
    } catch {
      json = null;
    }
    const opened = json?.iicp_conf_resp !== undefined ? sealed.openResponse(json.iicp_conf_resp) : null;
    if (res.ok && opened && typeof opened === 'object' && (opened as Record<string, unknown>).status === 'success') {
      return { id: 'task', outcome: 'ok', words: `An encrypted test task went through ${path} and came back answered by your model in ${ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`}.`, ms };
    }
    const err = json?.error && typeof json.error === 'object' ? (json.error as Record<string, unknown>) : null;
    const code = typeof err?.code === 'string' ? err.code : null;
    if (res.status === 429) return { id: 'task', outcome: 'ok', words: `A test task reached the node through ${path}; every slot was busy, so it was turned away politely (429).`, ms };
    if (res.status === 503) return { id: 'task', outcome: 'failed', words: `A test task reached the node through ${path}, but the node could not serve it now (the LLM server may be down or the node paused).`, ms };
    if (res.ok) return { id: 'task', outcome: 'failed', words: `The answer through ${path} could not be opened; something on the way changed it.`, ms };
    // The code is what the far end wrote (a relay or tunnel may have written it): quoted, not made our words.
    const said = cleanForeignText(code, 64);
    return { id: 'task', outcome: 'failed', words: `A test task through ${path} got HTTP ${res.status}${said ? ', with the error code:' : '.'}`, ms, ...(said ? { quoted: said } : {}) };
  } catch (err) {
    return { id: 'task', outcome: 'failed', words: `A test task could not get through ${path}: ${why(err)}.`, ms: null };
  }
}

/** What the directory's row says, as one fact: the summary is told from it, never from the row's outcome alone. */
type DirectoryFact = 'reached' | 'not_reached' | 'not_listed' | 'not_probed' | 'not_asked';

async function checkDirectory(i: NodeCheckInput, url: string | null): Promise<{ item: NodeCheckItem; fact: DirectoryFact }> {
  const listing = await i.readListing().catch(() => null);
  if (!listing) return { fact: 'not_asked', item: { id: 'directory', outcome: 'unknown', words: 'The directory could not be asked what it observed.', ms: null } };
  if (!listing.listed) {
    return { fact: 'not_listed', item: { id: 'directory', outcome: 'failed', words: 'The directory does not list this node right now (it is not registered, or not available).', ms: null } };
  }
  // Evidence the node knows is told in its words; any other is the directory's own text, quoted after ours.
  const raw = cleanForeignText(listing.routeEvidence, 100);
  const known = Object.hasOwn(EVIDENCE_WORDS, raw) ? EVIDENCE_WORDS[raw]! : null;
  const tail = known ? ` (evidence: ${known}).` : raw ? '. The evidence it gives:' : '.';
  const quoted = !known && raw ? { quoted: raw } : {};
  if (listing.observedReachable === true) return { fact: 'reached', item: { id: 'directory', outcome: 'ok', words: `The directory reports that it reached this node${tail}`, ms: null, ...quoted } };
  if (listing.observedReachable === false) {
    return {
      fact: 'not_reached',
      item: { id: 'directory', outcome: 'failed', words: `The directory reports that it could not reach this node${url ? ` at ${url}` : ''}${tail}`, ms: null, ...quoted },
    };
  }
  return { fact: 'not_probed', item: { id: 'directory', outcome: 'unknown', words: 'The directory lists the node but has not probed it yet; it checks every few minutes.', ms: null } };
}

const EVIDENCE_WORDS: Record<string, string> = {
  directory_observed_ipv4: 'the directory connected over IPv4',
  directory_observed_ipv6: 'the directory connected over IPv6',
  external_probe_ipv6: 'an outside probe connected over IPv6',
  directory_observed: 'the directory connected',
  self_attested: 'only the node says so',
  missing: 'none yet',
};

/** The directory's part of the summary, in the same words as its row. */
const DIRECTORY_CLAUSE: Record<DirectoryFact, string> = {
  reached: 'the directory reports that it reached the node',
  not_reached: 'the directory reports that it could not reach the node',
  not_listed: 'the directory does not list the node right now',
  not_probed: 'the directory has not confirmed it yet',
  not_asked: 'the directory could not be asked what it observed',
};

/**
 * The report's one sentence, told only from what its rows say: what the check from this computer found (the task,
 * else the health check), then the directory's own fact. A row's outcome alone is not enough: the directory's row
 * fails both when it could not reach the node and when it does not list it, and those are different things to say.
 */
function summaryOf(outcome: NodeCheckReport['outcome'], ep: NodeCheckInput['endpoint'], items: NodeCheckItem[], dir: DirectoryFact): string {
  if (!ep) return 'Not reachable from the internet: there is no public address yet.';
  const path = PATH_WORDS[ep.method];
  const task = items.find((x) => x.id === 'task')?.outcome;
  const health = items.find((x) => x.id === 'health')?.outcome;
  const directory = DIRECTORY_CLAUSE[dir];
  if (outcome === 'ok') return `Your node works through ${path}: a test task was answered and the directory reached it.`;
  if (task === 'ok') {
    if (dir === 'not_probed') return `Your node works through ${path}; ${directory}.`;
    if (dir === 'reached') return `A test task works through ${path} and ${directory}, but the health check did not get through.`;
    return `A test task works through ${path}, but ${directory}.`;
  }
  if (health === 'ok') {
    const taskWords = task === 'failed' ? 'but the test task failed' : 'and no test task was sent';
    return `Your node answered its health check through ${path}, ${taskWords}; ${directory}.`;
  }
  if (dir === 'reached') return `The directory reaches your node through ${path}; a check from this computer could not (routers often cannot loop back).`;
  return `A check from this computer could not reach your node through ${path}, and ${directory}. See each step below.`;
}

function why(err: unknown): string {
  return networkErrorWords(err) ?? 'it failed';
}
