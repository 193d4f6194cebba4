/**
 * Every event the engine logs, with what it means in one plain sentence. The event names are a stable vocabulary
 * for the log files (brief §10.2) and third-party parsers; people read the sentence, and the name and details only
 * behind "Details". The log helpers take an `EngineEventName`, so an event without a sentence does not compile, and
 * tests/unit/logging/event-words.test.ts scans the sources for any that slip past the types.
 *
 * Pure and free of dependencies beyond the contract's types: the engine, the Electron glue and the renderer share it.
 */
import type { EngineEvent, Settings } from '../contract';
import { errorTextWords } from './error-words';
import { isPlainForPeople } from '../text/plain-text';
import { daysAhead, formatClock, formatDateClock, formatDayClock } from '../text/wall-clock';

export const ENGINE_EVENT_NAMES = [
  // the node itself
  'engine_start',
  'engine_restarted',
  'engine_stop',
  'data_folder_not_private',
  'settings_invalid',
  'settings_changed',
  'setup_completed',
  'start_at_login',
  'problem',
  'problem_cleared',
  'availability_on',
  'availability_off',
  'schedule_changed',
  'schedule_invalid',
  'serve_start',
  // the IICP directory
  'register_ok',
  'register_fail',
  'reregister_ok',
  'reregister_fail',
  'heartbeat_ok',
  'heartbeat_fail',
  'token_refused',
  'deregister_ok',
  'deregister_fail',
  'secrets_not_saved',
  'directory_turn_failed',
  'directory_loop_crashed',
  // earnings
  'earnings_sync_failed',
  'earnings_sync_not_saved',
  'ledger_write_failed',
  'pricing_accepted',
  'receipt_awarded',
  'receipt_outbox_failed',
  'receipt_expired',
  'receipt_without_querying_node',
  'receipt_hourly_cap',
  'receipt_replayed',
  'receipt_rejected',
  'receipt_refused_by_ledger',
  // a way in from the internet
  'reachability',
  'reachability_failed',
  'node_check',
  'nat_mapped',
  'nat_address_changed',
  'nat_mapping_lost',
  'nat_renew_failed',
  'nat_mapping_restored',
  'nat_unmapped',
  'pinhole_helper_off',
  'port_mapping_helper_off',
  'quick_tunnel_starting',
  'quick_tunnel_up',
  'quick_tunnel_rate_limited',
  'quick_tunnel_health_failed',
  'quick_tunnel_down',
  'quick_tunnel_failed',
  'quick_tunnel_dead',
  'quick_tunnel_waiting',
  'quick_tunnel_stopped',
  'tunnel_not_ours',
  'relay_bound',
  'relay_bind_failed',
  'relay_lost',
  'relay_plaintext_refused',
  'relay_result_failed',
] as const;

export type EngineEventName = (typeof ENGINE_EVENT_NAMES)[number];

/** How the event reads for the person: something that went right, something to know, or something wrong. */
export type EventTone = 'good' | 'neutral' | 'bad';

export interface EventWords {
  sentence: string;
  tone?: EventTone;
}

/** What the sentences are made from: the event's free-text details, with its `key=value` parts picked out. */
class Details {
  private readonly pairs = new Map<string, string>();

  /** `at`: when the event happened (ms), so a time in it can be told as that day's or a later one. */
  constructor(
    readonly raw: string,
    readonly at: number = Date.now(),
  ) {
    for (const m of raw.matchAll(/(?:^|\s)([a-z_]+)=(\S*)/g)) if (!this.pairs.has(m[1]!)) this.pairs.set(m[1]!, m[2]!);
  }

  get(key: string): string | undefined {
    return this.pairs.get(key);
  }

  num(key: string): number | undefined {
    const v = this.pairs.get(key);
    const n = v === undefined || v === '' ? NaN : Number(v);
    return Number.isFinite(n) ? n : undefined;
  }

  /** The raw text if a person can read it as it is. */
  plain(text = this.raw): string | null {
    const t = text.trim();
    return t && isPlainForPeople(t) ? t : null;
  }

  /** Plain words for the error in the details (`ECONNREFUSED 127.0.0.1:9` → "nothing answered at that address"). */
  why(): string | null {
    return errorTextWords(this.raw);
  }

  /** Why, from an error code in the details or from their free text (after any `key=value` parts) if it is plain. */
  reason(): string | null {
    return this.why() ?? this.plain(this.raw.replace(/^(?:\s*[a-z_]+=\S*)+\s*/, ''));
  }
}

interface Entry {
  /** The kind of event in a few words: the Logs page's event filter. */
  label: string;
  /** The sentence for one event of this kind; it may throw on odd details (a generic sentence is used then). */
  say(d: Details): string | EventWords;
}

const good = (sentence: string): EventWords => ({ sentence, tone: 'good' });
const bad = (sentence: string): EventWords => ({ sentence, tone: 'bad' });
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** " (why)" after a clause; ": why" when the words carry brackets of their own. */
const inParens = (words: string | null) => (!words ? '' : /[()]/.test(words) ? `: ${words.replace(/\.$/, '')}` : ` (${words.replace(/\.$/, '')})`);
const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const withStop = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/** A wait in words: "30 seconds", "about a minute", "5 minutes". */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 50) return count(Math.max(1, s), 'second');
  if (s < 90) return 'about a minute';
  const min = Math.round(s / 60);
  if (min < 90) return count(min, 'minute');
  return count(Math.round(min / 60), 'hour');
}

/**
 * A time the event names, on the person's local clock: "14:05" (or "2:05 PM") on the event's own day, with the
 * weekday or the date on a later one. Never "tomorrow": an event is read long after it happened.
 */
function clock(iso: string | undefined, at: number): string | null {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return null;
  const days = daysAhead(t, at);
  if (days === 0) return formatClock(t);
  return days > 0 && days < 6 ? formatDayClock(t) : formatDateClock(t);
}

/** Time zone names use underscores (America/New_York); people write spaces. */
const zoneWords = (zone: string) => zone.replace(/_/g, ' ');

/** A `seconds()` wait of the tunnel code ("20 s", "2 min") in words. */
function waitWords(text: string | undefined): string | null {
  const m = text?.match(/(\d+(?:\.\d+)?)\s*(s|min)\b/);
  if (!m) return null;
  return duration(Number(m[1]) * (m[2] === 'min' ? 60_000 : 1000));
}

const SETTING_LABELS: Partial<Record<keyof Settings, string>> = {
  displayName: 'display name',
  region: 'region',
  directoryUrl: 'directory address',
  taskPort: 'task port',
  publicEndpoint: 'public address',
  portMapping: 'router port mapping',
  quickTunnel: 'quick tunnel',
  relayFallback: 'relay',
  relayPlaintext: 'unencrypted tasks through a relay',
  trustedProxies: 'trusted reverse proxies',
  maxConcurrent: 'tasks at once',
  backendUrl: 'local LLM server',
  defaultModel: 'default model',
  excludedModels: 'models kept private',
  maxTokens: 'largest answer',
  offerCompletion: 'plain text completion',
  tokensPerMin: 'tokens per minute',
  onlyOnMains: 'only on mains power',
  idleMinutes: 'only when idle',
  creditCostMultiplier: 'price',
  pricingModel: 'pricing model',
  theme: 'theme',
};

/** Setting names as the Settings page calls them ("maxConcurrent" → "tasks at once"). */
function settingList(names: string): string | null {
  const words = names
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((n) => SETTING_LABELS[n as keyof Settings] ?? humanise(n).toLowerCase());
  return words.length ? words.join(', ') : null;
}

const METHOD_WORDS: Record<string, string> = {
  public_url: 'the public address you set',
  public_ipv4: "this computer's own public address",
  upnp: 'a port your router opened',
  natpmp: 'a port your router opened',
  ipv6: 'IPv6',
  tunnel: 'your tunnel',
  quick_tunnel: 'a Cloudflare quick tunnel',
  relay: 'a relay',
};

const PROTOCOL_WORDS: Record<string, string> = { upnp: 'UPnP', natpmp: 'NAT-PMP' };
const PRICING_WORDS: Record<string, string> = { per_token: 'per token', per_request: 'per request', flat: 'as a flat rate' };

/** What went wrong between the node and the directory, from the details the directory link logs. */
type DirectoryTrouble =
  | { kind: 'network'; words: string | null }
  | { kind: 'slow_down'; waitMs: number | undefined }
  | { kind: 'server' | 'forgot' | 'ownership' | 'liveness' | 'private_address' | 'refused' | 'no_token' }
  | { kind: 'membership'; has: boolean }
  | { kind: 'not_saved'; words: string | null };

function directoryTrouble(d: Details): DirectoryTrouble {
  if (d.raw.startsWith('no node_token')) return { kind: 'no_token' };
  if (d.raw.startsWith('secrets not saved')) return { kind: 'not_saved', words: d.why() };
  const status = d.num('status');
  const code = d.get('code') ?? '';
  if (status === undefined) return { kind: 'network', words: d.why() };
  if (code === 'restricted_domain_denied') return { kind: 'membership', has: d.get('membership') === 'refused' };
  if (status === 429) return { kind: 'slow_down', waitMs: d.num('retry_after_ms') };
  if (status >= 500) return { kind: 'server' };
  if (code === 'IICP-E049' || code === 'IICP-E050') return { kind: 'ownership' };
  if (/IICP-E036|liveness_failed/.test(d.raw)) return { kind: 'liveness' };
  if (/IICP-E035/.test(d.raw)) return { kind: 'private_address' };
  if (status === 401 || status === 404 || status === 410) return { kind: 'forgot' };
  return { kind: 'refused' };
}

/** The sentence for a failed REGISTER (`again`: a re-registration while the node holds credentials). */
function registerFailed(d: Details, again: boolean): string {
  const t = directoryTrouble(d);
  const what = again ? 'register again' : 'register';
  switch (t.kind) {
    case 'network':
      return `Could not reach the IICP directory to ${what}${inParens(t.words)}; the node tries again.`;
    case 'slow_down':
      return `The IICP directory asked the node to slow down; it tries to ${what} ${t.waitMs ? `in ${duration(t.waitMs)}` : 'a little later'}.`;
    case 'server':
      return `The IICP directory had a problem of its own and could not take the registration; the node tries again.`;
    case 'membership':
      return membershipWords(t.has);
    case 'ownership':
      return 'The IICP directory asked for proof that this computer owns the node, because the saved sign-in was not accepted.';
    case 'liveness':
      return 'The IICP directory could not reach this node from the internet, so it did not take the registration. Check the port forwarding or the public address.';
    case 'private_address':
      return 'The IICP directory refused the address: it is private or local, so the internet cannot reach it.';
    case 'forgot':
      return `The IICP directory did not accept the node's sign-in; the node tries to ${what} with a fresh one.`;
    case 'no_token':
      return 'The IICP directory accepted the registration but sent no sign-in token; the node tries again.';
    case 'not_saved':
      return `The node could not save its new directory sign-in${inParens(t.words ?? 'the data folder is read-only or full')}; it tries again.`;
    case 'refused':
      return 'The IICP directory refused the registration; the Dashboard says why.';
  }
}

function membershipWords(has: boolean): string {
  return has
    ? "This directory admits members only and did not accept the node's membership; enter a new one in Settings."
    : 'This directory admits members only, and the node has no membership yet; enter one in Settings.';
}

function heartbeatFailed(d: Details): string {
  if (d.raw.includes('re-register')) {
    return d.num('status') === 401
      ? "The IICP directory no longer knew this node's token, so it signed in again."
      : 'The IICP directory no longer knew this node, so it registered again.';
  }
  const t = directoryTrouble(d);
  switch (t.kind) {
    case 'network':
      return `Could not reach the IICP directory${inParens(t.words)}; the node keeps serving and tries again.`;
    case 'slow_down':
      return `The IICP directory asked the node to slow down; it checks in again ${t.waitMs ? `in ${duration(t.waitMs)}` : 'a little later'}.`;
    case 'server':
      return 'The IICP directory had a problem of its own when the node checked in; the node keeps serving and tries again.';
    case 'membership':
      return membershipWords(t.has);
    case 'liveness':
      return 'The IICP directory could not reach this node from the internet when it checked in.';
    default:
      return 'The IICP directory refused the node\'s check-in; the node tries again.';
  }
}

function deregisterFailed(d: Details): string {
  const t = directoryTrouble(d);
  if (t.kind === 'network') return `Could not reach the IICP directory to remove this node${inParens(t.words)}; the node is still registered.`;
  if (t.kind === 'forgot') return "The IICP directory did not take the removal with the node's current sign-in; the node signs in again and retries.";
  return 'The IICP directory did not remove this node; it is still registered.';
}

function availabilityOff(d: Details): string {
  const cause = d.get('cause');
  const until = clock(d.get('until'), d.at);
  if (cause === 'removed') return 'The node was removed from the network and no longer takes tasks.';
  if (cause === 'manual') return until ? `You paused the node until ${until}.` : 'You switched Available off: the node takes no new tasks.';
  return until ? `The node is paused until ${until}.` : 'The node is switched off and takes no new tasks.';
}

function availabilityOn(d: Details): string {
  const cause = d.get('cause');
  if (cause === 'pause_expired') return 'The pause is over: the node takes tasks again.';
  if (cause === 'manual') return 'You switched Available on: the node takes tasks again.';
  return 'The node takes tasks again.';
}

function problemWords(d: Details): string {
  const colon = d.raw.indexOf(':');
  const key = colon > 0 ? d.raw.slice(0, colon).trim() : d.raw.trim();
  const message = colon > 0 ? d.plain(d.raw.slice(colon + 1)) : null;
  if (message) return withStop(message);
  if (key === 'backend') return 'The local LLM server is not answering; the node takes no tasks until it is back.';
  if (key === 'store') return `The task ledger cannot be written${inParens(d.why())}; served tasks are kept in memory until it can.`;
  return 'Something needs your attention; the Dashboard says what.';
}

function problemCleared(d: Details): string {
  const key = d.raw.trim();
  if (key === 'backend') return 'The local LLM server answers again.';
  if (key === 'store') return 'The task ledger can be written again.';
  return 'A problem cleared up.';
}

function scheduleInvalid(d: Details): string {
  const skipped = d.raw.match(/windows skipped: (\d+)/);
  if (skipped) {
    const n = Number(skipped[1]);
    return `Your availability schedule has ${count(n, 'time window')} that ${n === 1 ? 'is' : 'are'} not valid; ${n === 1 ? 'it is' : 'they are'} ignored.`;
  }
  const zone = d.raw.match(/unknown time zone (\S+); using (\S+)/);
  if (zone) return `This computer does not know your schedule's time zone ${zoneWords(zone[1]!)}; it uses ${zoneWords(zone[2]!)} instead.`;
  return 'Part of your availability schedule was not valid and is ignored.';
}

function scheduleChanged(d: Details): string {
  const windows = d.num('windows');
  const zone = d.get('zone');
  const where = zone ? `, ${zoneWords(zone)} time` : '';
  if (windows === 0) return 'Your availability schedule changed: the node is offered at all times.';
  if (windows === undefined) return 'Your availability schedule changed.';
  return `Your availability schedule changed: ${count(windows, 'time window')}${where}.`;
}

function nodeCheck(d: Details): EventWords {
  const via = METHOD_WORDS[d.get('method') ?? ''];
  const through = via ? ` through ${via}` : '';
  switch (d.get('outcome')) {
    case 'ok':
      return good(`Check my node: the node is reachable from the internet${through}.`);
    case 'partial':
      return { sentence: `Check my node: the node is partly reachable${through}; the Network page shows what did not work.`, tone: 'neutral' };
    default:
      return bad(`Check my node: the node could not be reached from the internet${through}.`);
  }
}

/** "receipt" is the protocol's word; people know it as a claim for credits. */
const CATALOGUE: { readonly [K in EngineEventName]: Entry } = {
  engine_start: {
    label: 'Node started',
    say: (d) => {
      const version = d.get('version');
      const where = d.get('host') === 'headless' ? ' without a window (headless)' : '';
      return `The node started${where}${version && /^[\w.+-]+$/.test(version) ? `, app version ${version}` : ''}.`;
    },
  },
  // The details are the host's own plain sentence (why it replaced the engine's process).
  engine_restarted: {
    label: 'Node restarted',
    say: (d) => (d.raw && isPlainForPeople(d.raw) ? d.raw : 'The node was restarted after it stopped unexpectedly.'),
  },
  engine_stop: { label: 'Node stopped', say: () => 'The node stopped.' },
  data_folder_not_private: {
    label: 'Data folder not private',
    say: () => "The data folder could not be made private to you, so other people using this computer may be able to read the node's files.",
  },
  settings_invalid: {
    label: 'Settings reset',
    say: (d) => {
      const list = settingList(d.raw.replace(/^.*?:\s*/, ''));
      return list ? `Some saved settings were not valid and went back to their defaults: ${list}.` : 'Some saved settings were not valid and went back to their defaults.';
    },
  },
  settings_changed: {
    label: 'Settings changed',
    say: (d) => {
      const list = settingList(d.get('fields') ?? '');
      return list ? `Settings changed: ${list}.` : 'Settings changed.';
    },
  },
  setup_completed: {
    label: 'Setup finished',
    say: (d) => good(d.get('start_at_login') === 'true' ? 'Setup finished; the app starts when you log in.' : 'Setup finished.'),
  },
  start_at_login: {
    label: 'Start at login',
    say: (d) => (d.get('enabled') === 'true' ? 'The app now starts when you log in.' : 'The app no longer starts when you log in.'),
  },
  problem: { label: 'Problem', say: (d) => bad(problemWords(d)) },
  problem_cleared: { label: 'Problem cleared', say: (d) => good(problemCleared(d)) },
  availability_on: { label: 'Available switched on', say: (d) => good(availabilityOn(d)) },
  availability_off: { label: 'Available switched off', say: availabilityOff },
  schedule_changed: { label: 'Schedule changed', say: scheduleChanged },
  schedule_invalid: { label: 'Schedule not valid', say: scheduleInvalid },
  serve_start: {
    label: 'Taking tasks',
    say: (d) => {
      const port = d.num('port');
      return port ? `The node takes tasks on port ${port}.` : 'The node takes tasks.';
    },
  },

  register_ok: {
    label: 'Registered',
    say: (d) => {
      const models = d.num('models');
      return good(`Registered with the IICP directory${models !== undefined ? `, offering ${count(models, 'model')}` : ''}.`);
    },
  },
  register_fail: { label: 'Registration failed', say: (d) => bad(registerFailed(d, false)) },
  reregister_ok: {
    label: 'Registered again',
    say: (d) => {
      const models = d.num('models');
      return good(`Registered again with the IICP directory${models !== undefined ? `, offering ${count(models, 'model')}` : ''}.`);
    },
  },
  reregister_fail: { label: 'Registering again failed', say: (d) => bad(registerFailed(d, true)) },
  heartbeat_ok: { label: 'Checked in', say: () => good('The node checked in with the IICP directory.') },
  heartbeat_fail: { label: 'Check-in failed', say: (d) => bad(heartbeatFailed(d)) },
  token_refused: {
    label: 'Sign-in refused',
    say: () => bad('The IICP directory keeps refusing the sign-in it has just issued; the node tries again after a pause.'),
  },
  deregister_ok: { label: 'Removed from the directory', say: () => 'This node was removed from the IICP directory.' },
  deregister_fail: { label: 'Removal failed', say: (d) => bad(deregisterFailed(d)) },
  secrets_not_saved: {
    label: 'Sign-in not saved',
    say: (d) => bad(`The node could not save its directory sign-in${inParens(d.why() ?? 'the data folder is read-only or full')}.`),
  },
  directory_turn_failed: {
    label: 'Directory error',
    say: () => bad('Talking to the IICP directory failed because of an error in this app; the node tries again.'),
  },
  directory_loop_crashed: {
    label: 'Directory link stopped',
    say: () => bad('The link to the IICP directory stopped because of an error in this app; restart the app to bring it back.'),
  },

  earnings_sync_failed: {
    label: 'Earnings not fetched',
    say: (d) =>
      /not registered/i.test(d.raw)
        ? 'Could not fetch your earnings: the node is not registered with the directory yet.'
        : `Could not fetch your earnings from the directory${inParens(d.why())}; it tries again in a few minutes.`,
  },
  earnings_sync_not_saved: {
    label: 'Earnings not saved',
    say: (d) => bad(`The earnings fetched from the directory could not be saved on this computer${inParens(d.why())}.`),
  },
  ledger_write_failed: {
    label: 'Ledger not written',
    say: (d) => bad(`Served tasks could not be written to the ledger${inParens(d.why())}; they are kept in memory until it works again.`),
  },
  pricing_accepted: {
    label: 'Price accepted',
    say: (d) => {
      const m = d.num('multiplier');
      const how = PRICING_WORDS[d.get('model') ?? ''];
      const rate = m === undefined ? 'your price' : m === 1 ? 'your price, the base rate' : `your price, ${m} × the base rate`;
      return good(`The directory accepted ${rate}${how ? `, charged ${how}` : ''}.`);
    },
  },
  receipt_awarded: {
    label: 'Credits received',
    say: (d) => {
      const n = d.num('awarded');
      return good(n === undefined ? 'The directory credited you for a served task.' : `The directory credited you ${count(n, 'credit')} for a served task.`);
    },
  },
  receipt_outbox_failed: {
    label: 'Claims not sent',
    say: (d) => bad(`Credit claims could not be sent because of a problem on this computer${inParens(d.why())}; the node tries again.`),
  },
  receipt_expired: {
    label: 'Claim expired',
    say: () => bad('A credit claim expired before the directory accepted it, so that task earns nothing.'),
  },
  receipt_without_querying_node: {
    label: 'Claim sent without the asking node',
    say: () => "The directory does not know the node that asked for a task, so the credit claim was sent again without naming it.",
  },
  receipt_hourly_cap: {
    label: 'Hourly credit limit',
    say: (d) => {
      const at = clock(d.get('retry_at'), d.at);
      return `The directory's limit of 1000 credits per hour was reached; the credit claim is sent again ${at ? `at ${at}` : 'next hour'}.`;
    },
  },
  receipt_replayed: {
    label: 'Claim already accepted',
    say: () => 'The directory already had this credit claim: an earlier attempt got through.',
  },
  receipt_rejected: {
    label: 'Claim rejected',
    say: () => bad('The directory rejected a credit claim, so that task earns nothing; the Earnings page says why.'),
  },
  receipt_refused_by_ledger: {
    label: 'Duplicate claim',
    say: () => bad('A second credit claim for the same task was refused by the ledger and is not sent.'),
  },

  reachability: {
    label: 'Way in found',
    say: (d) => {
      if (d.raw.trim() === 'none') return bad('No way in from the internet was found; for now the node serves only this computer.');
      const via = METHOD_WORDS[d.get('method') ?? ''];
      return good(via ? `Found a way in from the internet: ${via}.` : 'Found a way in from the internet.');
    },
  },
  reachability_failed: {
    label: 'Looking for a way in failed',
    say: () => bad('Looking for a way in from the internet failed because of an error in this app; the node tries again later.'),
  },
  node_check: { label: 'Check my node', say: nodeCheck },
  nat_mapped: {
    label: 'Router port opened',
    say: (d) => {
      const protocol = PROTOCOL_WORDS[d.get('protocol') ?? ''];
      return good(`Your router opened a port for this node${protocol ? ` (${protocol})` : ''}.`);
    },
  },
  nat_address_changed: {
    label: "Router's address changed",
    say: () => "Your router's public address changed; the node tells the directory its new address.",
  },
  nat_mapping_lost: {
    label: 'Router port lost',
    say: () => bad('Your router stopped keeping the port open for this node; the node asks it again.'),
  },
  nat_renew_failed: {
    label: 'Router port not renewed',
    say: (d) => bad(`Your router did not renew the port it opened for this node${inParens(d.reason())}; the node tries again shortly.`),
  },
  nat_mapping_restored: { label: 'Router port reopened', say: () => good('Your router opened the port for this node again.') },
  nat_unmapped: { label: 'Router port closed', say: () => 'The port your router opened for this node was closed.' },
  pinhole_helper_off: {
    label: 'IPv6 firewall helper paused',
    say: (d) => {
      const ms = d.num('off_ms');
      return bad(`The router's answers to the IPv6 firewall helper kept failing, so the helper is switched off${ms ? ` for ${duration(ms)}` : ' for a while'}; the node keeps serving without it.`);
    },
  },
  port_mapping_helper_off: {
    label: 'Router port mapping paused',
    say: (d) => {
      const ms = d.num('off_ms');
      return bad(`The router's answers to the port-mapping search kept failing, so port mapping is switched off${ms ? ` for ${duration(ms)}` : ' for a while'}; the node keeps serving without it.`);
    },
  },
  quick_tunnel_starting: {
    label: 'Quick tunnel starting',
    say: (d) => {
      const attempt = Number(d.raw.match(/attempt (\d+)/)?.[1]);
      return `Starting a Cloudflare quick tunnel${attempt > 1 ? ` (attempt ${attempt})` : ''}.`;
    },
  },
  quick_tunnel_up: { label: 'Quick tunnel up', say: () => good('A Cloudflare quick tunnel now leads to this node.') },
  quick_tunnel_rate_limited: {
    label: 'Quick tunnels slowed down',
    say: () => bad('Cloudflare asked this network to slow down creating quick tunnels; the node waits before the next one.'),
  },
  quick_tunnel_health_failed: {
    label: 'Quick tunnel not answering',
    say: (d) => {
      const why = d.why() ?? d.plain(d.raw.replace(/\s*\(\d+ in a row\)\s*$/, ''));
      return bad(`The quick tunnel did not answer its check${why ? `: ${withStop(why)}` : '.'}`);
    },
  },
  quick_tunnel_down: {
    label: 'Quick tunnel down',
    say: (d) => bad(`The quick tunnel stopped working${inParens(d.reason())}; the node builds a new one.`),
  },
  quick_tunnel_failed: {
    label: 'Quick tunnel failed',
    say: () => bad('A Cloudflare quick tunnel could not be created; the node tries again.'),
  },
  quick_tunnel_dead: {
    label: 'Quick tunnel gave up for now',
    say: (d) => {
      const wait = waitWords(d.raw.match(/next try in (.+)$/)?.[1]);
      return bad(`Several quick tunnel attempts in a row failed; the next try is ${wait ? `in ${wait}` : 'later'}.`);
    },
  },
  quick_tunnel_waiting: {
    label: 'Quick tunnel waiting',
    say: (d) => {
      const [reason, rest] = d.raw.split(/,\s*/, 2);
      const wait = waitWords(rest);
      const when = wait ? ` ${wait}` : ' a moment';
      if (reason === 'cooldown') return `Waiting${when} before the next quick tunnel: Cloudflare asked this network to slow down.`;
      if (reason === 'lease') return `Waiting${when}: another program on this computer is creating a quick tunnel.`;
      return `Waiting${when} before the next quick tunnel, to stay within Cloudflare's limits.`;
    },
  },
  quick_tunnel_stopped: { label: 'Quick tunnel stopped', say: () => 'The quick tunnel was stopped.' },
  tunnel_not_ours: {
    label: 'Tunnel address not used',
    say: () => bad('A tunnel address named by another program on this computer was not used: a request sent through it did not reach this node.'),
  },
  relay_bound: { label: 'Relay connected', say: () => good('Connected to a relay: consumers reach this node through it.') },
  relay_bind_failed: {
    label: 'Relay refused',
    say: (d) => bad(`A relay could not take this node${inParens(d.reason())}; the node tries another one.`),
  },
  relay_lost: {
    label: 'Relay lost',
    say: (d) => bad(`The connection to the relay was lost${inParens(d.reason())}; the node looks for another relay.`),
  },
  relay_plaintext_refused: {
    label: 'Unencrypted task refused',
    say: () => 'An unencrypted task came through the relay and was refused, as your settings ask.',
  },
  relay_result_failed: {
    label: 'Answer not sent back',
    say: (d) => bad(`An answer could not be sent back through the relay${inParens(d.reason())}.`),
  },
};

/** Names an older version logged: their rows stay in the database, and read as well as they did then. */
const RETIRED: Readonly<Record<string, Entry>> = {
  receipt_not_saved: {
    label: 'Claim not saved',
    say: (d) => bad(`A credit claim could not be saved on this computer${inParens(d.why())}.`),
  },
};

const entryFor = (name: string): Entry | undefined =>
  Object.hasOwn(CATALOGUE, name) ? CATALOGUE[name as EngineEventName] : Object.hasOwn(RETIRED, name) ? RETIRED[name] : undefined;

export function isEngineEventName(name: string): name is EngineEventName {
  return Object.hasOwn(CATALOGUE, name);
}

/** "some_old_event" → "Some old event": for names this version does not know (rows an older version wrote). */
function humanise(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\W]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? sentenceCase(words) : 'Event';
}

/** The kind of event in a few words, for choosing it in a filter. */
export function eventLabel(name: string): string {
  return entryFor(name)?.label ?? humanise(name);
}

/**
 * One plain sentence for an event, from its name, level and details. Never throws and never returns developer
 * vocabulary: an unknown (retired) name or details in an unexpected shape get a general sentence instead.
 */
export function eventWords(e: Pick<EngineEvent, 'event' | 'level' | 'details'> & { ts?: string }): EventWords {
  const fallbackTone: EventTone = e.level === 'info' ? 'neutral' : 'bad';
  const entry = entryFor(e.event);
  if (entry) {
    try {
      const at = e.ts ? Date.parse(e.ts) : NaN;
      const said = entry.say(new Details(typeof e.details === 'string' ? e.details : '', Number.isFinite(at) ? at : Date.now()));
      const words = typeof said === 'string' ? { sentence: said } : said;
      if (words.sentence && isPlainForPeople(words.sentence)) return { sentence: words.sentence, tone: words.tone ?? fallbackTone };
    } catch {
      // odd details: the general sentence below
    }
  }
  const kind = entry?.label ?? humanise(String(e.event ?? ''));
  const info = entry ? `${kind}; the details say more.` : `${kind}.`;
  const sentence = e.level === 'error' ? `${kind}: something went wrong.` : e.level === 'warn' ? `${kind}: something needs attention.` : info;
  return { sentence, tone: fallbackTone };
}
