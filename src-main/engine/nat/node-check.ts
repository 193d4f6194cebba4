import { randomUUID } from 'node:crypto';
import type { NodeCheckItem, NodeCheckReport, ReachabilityMethod } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { said, type Said } from '@shared/i18n/said';
import { cleanForeignText } from '@shared/text/foreign-text';
import { sealRequest } from '../cx';
import type { RegistryListing } from '../directory';
import { BodyTooLargeError, networkErrorSaid, readBodyCapped } from '../net';
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

const PATH_WORDS: Record<ReachabilityMethod, MessageId> = {
  public_url: 'network.check.path.publicUrl',
  public_ipv4: 'network.check.path.publicIpv4',
  upnp: 'network.check.path.mapping',
  natpmp: 'network.check.path.mapping',
  ipv6: 'network.check.path.ipv6',
  tunnel: 'network.check.path.tunnel',
  quick_tunnel: 'network.check.path.quickTunnel',
  relay: 'network.check.path.relay',
};

/**
 * A router that cannot loop a connection back inside the home makes a check from here fail while the internet gets in.
 */
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
    items.push({ id: 'task', outcome: 'failed', words: said('network.check.item.noAddress'), ms: null });
  } else {
    const route: Route = { fetchImpl, url: ep.url, path: said(PATH_WORDS[ep.method]), timeoutMs, now };
    items.push(await checkHealth(route));
    items.push(await checkTask(route, i));
    const hairpin = HAIRPIN.has(ep.method) && items.every((x) => x.outcome === 'failed');
    if (hairpin) {
      items.push({
        id: 'loopback',
        outcome: 'unknown',
        words: said('network.check.item.loopback'),
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
  const outcome: NodeCheckReport['outcome'] =
    failed === 0 && open === 0 && ok > 0 ? 'ok' : ok === 0 ? 'failed' : 'partial';
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
  path: Said;
  timeoutMs: number;
  now: () => number;
}

async function checkHealth({ fetchImpl, url, path, timeoutMs, now }: Route): Promise<NodeCheckItem> {
  const started = now();
  const r = await probePublicHealth(url, fetchImpl, Math.min(timeoutMs, 10_000));
  if (r.ok) {
    const ms = now() - started;
    return { id: 'health', outcome: 'ok', words: said('network.check.item.healthOk', { path, ms: String(ms) }), ms };
  }
  return {
    id: 'health',
    outcome: 'failed',
    words: said('network.check.item.healthFailed', { path, why: r.reason }),
    ms: null,
  };
}

async function checkTask({ fetchImpl, url, path, timeoutMs, now }: Route, i: NodeCheckInput): Promise<NodeCheckItem> {
  if (!i.model) return { id: 'task', outcome: 'unknown', words: said('network.check.item.noModel'), ms: null };
  const taskId = `check-${randomUUID()}`;
  const sealed = sealRequest({ key: i.cx.key, keyId: i.cx.key_id }, taskId, i.intent, {
    model: i.model,
    messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
    max_tokens: 8,
  });
  i.expectTask(taskId);
  const body = {
    task_id: taskId,
    intent: i.intent,
    iicp_conf: sealed.envelope,
    cx_response_encryption: 'required',
    nonce: randomUUID(),
    constraints: { timeout_ms: timeoutMs, max_tokens: 8, model: i.model },
  };
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
        words: said('network.check.item.tooLarge', { path, kib: String(MAX_CHECK_ANSWER_BYTES / 1024) }),
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
      return {
        id: 'task',
        outcome: 'ok',
        words:
          ms < 1000
            ? said('network.check.item.taskOkMs', { path, ms: String(ms) })
            : said('network.check.item.taskOkSeconds', { path, seconds: ms / 1000 }),
        ms,
      };
    }
    const err = json?.error && typeof json.error === 'object' ? (json.error as Record<string, unknown>) : null;
    const code = typeof err?.code === 'string' ? err.code : null;
    if (res.status === 429)
      return { id: 'task', outcome: 'ok', words: said('network.check.item.taskBusy', { path }), ms };
    if (res.status === 503)
      return { id: 'task', outcome: 'failed', words: said('network.check.item.taskUnserved', { path }), ms };
    if (res.ok) return { id: 'task', outcome: 'failed', words: said('network.check.item.taskUnopened', { path }), ms };
    // The code is what the far end wrote (a relay or tunnel may have written it): quoted, not made our words.
    const theirs = cleanForeignText(code, 64);
    const status = String(res.status);
    const words = theirs
      ? said('network.check.item.taskHttpCode', { path, status })
      : said('network.check.item.taskHttp', { path, status });
    return { id: 'task', outcome: 'failed', words, ms, ...(theirs ? { quoted: theirs } : {}) };
  } catch (err) {
    return {
      id: 'task',
      outcome: 'failed',
      words: said('network.check.item.taskFailed', { path, why: why(err) }),
      ms: null,
    };
  }
}

/** What the directory's row says, as one fact: the summary is told from it, never from the row's outcome alone. */
type DirectoryFact = 'reached' | 'not_reached' | 'not_listed' | 'not_probed' | 'not_asked';

async function checkDirectory(
  i: NodeCheckInput,
  url: string | null,
): Promise<{ item: NodeCheckItem; fact: DirectoryFact }> {
  const listing = await i.readListing().catch(() => null);
  if (!listing)
    return {
      fact: 'not_asked',
      item: { id: 'directory', outcome: 'unknown', words: said('network.check.item.directoryNotAsked'), ms: null },
    };
  if (!listing.listed) {
    return {
      fact: 'not_listed',
      item: { id: 'directory', outcome: 'failed', words: said('network.check.item.directoryNotListed'), ms: null },
    };
  }
  // Evidence the node knows is told in its words; any other is the directory's own text, quoted after ours.
  const raw = cleanForeignText(listing.routeEvidence, 100);
  const known = Object.hasOwn(EVIDENCE_WORDS, raw) ? said(EVIDENCE_WORDS[raw]!) : null;
  const quoted = !known && raw ? { quoted: raw } : {};
  // The sentence ends with the evidence in our words, or points to the directory's own text quoted after it.
  const ending = (
    plain: MessageId,
    withKnown: MessageId,
    withQuoted: MessageId,
    values: Record<string, string> = {},
  ): Said =>
    known ? said(withKnown, { ...values, evidence: known }) : raw ? said(withQuoted, values) : said(plain, values);
  if (listing.observedReachable === true) {
    const words = ending(
      'network.check.item.reached',
      'network.check.item.reachedEvidence',
      'network.check.item.reachedQuoted',
    );
    return { fact: 'reached', item: { id: 'directory', outcome: 'ok', words, ms: null, ...quoted } };
  }
  if (listing.observedReachable === false) {
    const words = url
      ? ending(
          'network.check.item.unreachedAt',
          'network.check.item.unreachedAtEvidence',
          'network.check.item.unreachedAtQuoted',
          { url },
        )
      : ending(
          'network.check.item.unreached',
          'network.check.item.unreachedEvidence',
          'network.check.item.unreachedQuoted',
        );
    return { fact: 'not_reached', item: { id: 'directory', outcome: 'failed', words, ms: null, ...quoted } };
  }
  return {
    fact: 'not_probed',
    item: { id: 'directory', outcome: 'unknown', words: said('network.check.item.notProbed'), ms: null },
  };
}

const EVIDENCE_WORDS: Record<string, MessageId> = {
  directory_observed_ipv4: 'network.check.evidence.ipv4',
  directory_observed_ipv6: 'network.check.evidence.ipv6',
  external_probe_ipv6: 'network.check.evidence.outsideIpv6',
  directory_observed: 'network.check.evidence.connected',
  self_attested: 'network.check.evidence.selfAttested',
  missing: 'network.check.evidence.none',
};

/** The directory's part of the summary, in the same words as its row. */
const DIRECTORY_CLAUSE: Record<DirectoryFact, MessageId> = {
  reached: 'network.check.clause.reached',
  not_reached: 'network.check.clause.notReached',
  not_listed: 'network.check.clause.notListed',
  not_probed: 'network.check.clause.notProbed',
  not_asked: 'network.check.clause.notAsked',
};

/**
 * The report's one sentence, told only from what its rows say: what the check from this computer found (the task,
 * else the health check), then the directory's own fact. A row's outcome alone is not enough: the directory's row
 * fails both when it could not reach the node and when it does not list it, and those are different things to say.
 */
function summaryOf(
  outcome: NodeCheckReport['outcome'],
  ep: NodeCheckInput['endpoint'],
  items: NodeCheckItem[],
  dir: DirectoryFact,
): Said {
  if (!ep) return said('network.check.summary.noAddress');
  const path = said(PATH_WORDS[ep.method]);
  const task = items.find((x) => x.id === 'task')?.outcome;
  const health = items.find((x) => x.id === 'health')?.outcome;
  const directory = said(DIRECTORY_CLAUSE[dir]);
  if (outcome === 'ok') return said('network.check.summary.works', { path });
  if (task === 'ok') {
    if (dir === 'not_probed') return said('network.check.summary.worksUnconfirmed', { path, directory });
    if (dir === 'reached') return said('network.check.summary.taskNoHealth', { path, directory });
    return said('network.check.summary.taskOnly', { path, directory });
  }
  if (health === 'ok') {
    return task === 'failed'
      ? said('network.check.summary.healthTaskFailed', { path, directory })
      : said('network.check.summary.healthNoTask', { path, directory });
  }
  if (dir === 'reached') return said('network.check.summary.directoryOnly', { path });
  return said('network.check.summary.nothing', { path, directory });
}

function why(err: unknown): Said {
  return networkErrorSaid(err) ?? said('network.check.why.failed');
}
