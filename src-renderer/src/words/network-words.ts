/** The Network page's pure parts: reachability in plain words, the router mapping, the detection steps. No React. */
import type { PortMappingInfo, PortMappingMode, ReachabilityInfo, ReachabilityMethod, ReachabilityStatus } from '@shared/contract';
import type { Tone } from '../format';

/** The headline for each status: what a person needs to know first. */
export const STATUS_HEADLINES: Record<ReachabilityStatus, string> = {
  unknown: 'Not checked yet',
  checking: 'Checking…',
  public: 'Reachable from the internet',
  mapped: "Reachable only through the router's port mapping",
  tunnel: 'Reachable through a tunnel',
  relayed: 'Reachable through a relay',
  not_reachable: 'Not reachable from the internet',
  local_only: 'Not reachable from the internet',
};

export type Verification = 'confirmed' | 'pending' | 'none';

/** The statuses that claim the internet can reach the node: only these can be confirmed by the directory. */
const CLAIMS: ReadonlySet<ReachabilityStatus> = new Set(['public', 'mapped', 'tunnel', 'relayed']);

/**
 * Whether the directory has backed the status up. Only `public` and `mapped` make a claim; the other
 * statuses have nothing for the directory to confirm.
 */
export function verificationOf(r: Pick<ReachabilityInfo, 'status' | 'verified'>): Verification {
  if (!CLAIMS.has(r.status)) return 'none';
  return r.verified ? 'confirmed' : 'pending';
}

export const VERIFICATION_WORDS: Record<Exclude<Verification, 'none'>, string> = {
  confirmed: 'Confirmed by the directory: it reports reaching this node',
  pending: 'Not yet confirmed reachable: only the directory\'s own observation counts, and it has not reported one',
};

/** The colour of the status: green only once the directory has confirmed the claim. */
export function statusTone(r: Pick<ReachabilityInfo, 'status' | 'verified'>): Tone {
  switch (r.status) {
    case 'public':
    case 'mapped':
    case 'tunnel':
    case 'relayed':
      return r.verified ? 'ok' : 'neutral';
    case 'not_reachable':
    case 'local_only':
      return 'warn';
    default:
      return 'neutral';
  }
}

/** The small line above the headline: an unconfirmed claim must not read as a fact. */
export function statusEyebrow(r: Pick<ReachabilityInfo, 'status' | 'verified'>): string {
  if (r.status === 'checking') return 'Looking for a way in from the internet';
  if (verificationOf(r) === 'pending') return 'Your node expects to be';
  return 'Your node is';
}

export const METHOD_WORDS: Record<ReachabilityMethod, string> = {
  public_url: 'Your public URL',
  public_ipv4: 'Public IPv4 on this computer',
  upnp: 'UPnP port mapping on your router',
  natpmp: 'NAT-PMP port mapping on your router',
  ipv6: 'Global IPv6 address',
  tunnel: 'A tunnel you run (ngrok, Tailscale Funnel, …)',
  quick_tunnel: 'Cloudflare quick tunnel',
  relay: 'A relay node',
};

export const PROTOCOL_WORDS: Record<PortMappingInfo['protocol'], string> = {
  upnp: 'UPnP',
  natpmp: 'NAT-PMP',
};

export const MAPPING_STATE_WORDS: Record<PortMappingInfo['state'], { label: string; tone: Tone }> = {
  idle: { label: 'Not started', tone: 'neutral' },
  probing: { label: 'Looking for the router', tone: 'neutral' },
  installing: { label: 'Asking the router to open the port', tone: 'neutral' },
  mapped: { label: 'Port open on the router', tone: 'ok' },
  renewing: { label: 'Renewing the lease', tone: 'ok' },
  retrying: { label: 'Failed, trying again', tone: 'warn' },
  revoked: { label: 'The router dropped the mapping', tone: 'bad' },
  failed: { label: 'The router did not open the port', tone: 'bad' },
  stopping: { label: 'Closing the port', tone: 'neutral' },
  stopped: { label: 'Closed', tone: 'neutral' },
};

export const PORT_MAPPING_WORDS: Record<PortMappingMode, string> = {
  auto: 'Automatic (UPnP, then NAT-PMP)',
  upnp: 'UPnP only',
  natpmp: 'NAT-PMP only',
  off: 'Off',
};

/** True when the internet cannot reach the node, so the page shows what to do. */
export const needsHelp = (status: ReachabilityStatus): boolean => status === 'not_reachable' || status === 'local_only';

/**
 * Seconds of the lease left now, counted down from the snapshot: the engine reports the remainder when it
 * published, and the page keeps counting between publications. A host clock slightly ahead of this one
 * (emittedAt in the future) counts as no time passed.
 */
export function leaseLeftNow(mapping: Pick<PortMappingInfo, 'leaseRemainingSeconds'>, emittedAt: string, nowMs: number): number | null {
  if (mapping.leaseRemainingSeconds === null) return null;
  const emitted = new Date(emittedAt).getTime();
  const elapsed = Number.isNaN(emitted) ? 0 : Math.max(0, (nowMs - emitted) / 1000);
  return Math.max(0, mapping.leaseRemainingSeconds - elapsed);
}

export interface DetectionStep {
  /** ISO time, or null when the line carries none. */
  at: string | null;
  text: string;
}

const STEP_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)[\s:—–-]*(.*)$/s;

/** "2025-05-01T10:00:00.000Z UPnP: no router answered" → its time and its words. */
export function parseStep(line: string): DetectionStep {
  const m = STEP_TIME.exec(line.trim());
  if (!m || Number.isNaN(new Date(m[1]!).getTime())) return { at: null, text: line.trim() };
  return { at: m[1]!, text: m[2]!.trim() || line.trim() };
}

/** How consumers connect, as the node told the directory (its `transport_method`), in words. */
const TRANSPORT_WORDS: Readonly<Record<string, string>> = {
  direct: "consumers connect directly to the node's address",
  upnp_mapped: "consumers connect through a port your router opened for the node",
  stun_hole_punch: 'consumers connect through a hole punched in your router',
  turn_relay: 'consumers reach the node through a relay',
  external_tunnel: 'consumers reach the node through a tunnel',
  unknown: 'how consumers connect is not known',
};

/** What the address is (its `exposure_mode`), in words. */
const EXPOSURE_WORDS: Readonly<Record<string, string>> = {
  outbound_only: 'the node only makes connections out',
  ipv4_public_direct: 'at a public IPv4 address',
  ipv4_cgnat_blocked: "your provider's shared address blocks incoming connections",
  ipv6_direct_firewall_required: 'at a public IPv6 address, if the firewall lets them in',
  ipv6_direct_pinhole_available: 'at a public IPv6 address the router opened for the node',
  relay_required: 'only through a relay',
  tunnel_required: 'only through a tunnel',
  dual_stack_available: 'at public IPv4 and IPv6 addresses',
};

/**
 * What the node told the directory about its way in, as one sentence; the values as sent stay for the curious, apart
 * and labelled. A value this version does not know is not put into the sentence.
 */
export function advertisedWords(r: Pick<ReachabilityInfo, 'transportMethod' | 'exposureMode'>): string {
  if (r.transportMethod === null && r.exposureMode === null) return 'Nothing told to the directory yet.';
  const how = r.transportMethod !== null && Object.hasOwn(TRANSPORT_WORDS, r.transportMethod) ? TRANSPORT_WORDS[r.transportMethod]! : null;
  const where = r.exposureMode !== null && Object.hasOwn(EXPOSURE_WORDS, r.exposureMode) ? EXPOSURE_WORDS[r.exposureMode]! : null;
  // "Through a relay, only through a relay" says one thing twice: the address part goes when the way in said it.
  const covered = (r.transportMethod === 'turn_relay' && r.exposureMode === 'relay_required') || (r.transportMethod === 'external_tunnel' && r.exposureMode === 'tunnel_required');
  const parts = [how, covered ? null : where].filter((x): x is string => x !== null);
  if (parts.length === 0) return 'Told the directory how consumers connect, in values this version has no words for (see the values as sent).';
  return `Told the directory: ${parts.join(', ')}.`;
}

/**
 * What the way in means for apps that stream, when it means something: a relay and a tunnel carry each answer whole
 * over HTTP, so the node cannot pass its words on as they are made. Null for a way in that streams, or none yet.
 */
export function streamingWords(r: Pick<ReachabilityInfo, 'method' | 'transportMethod'>): string | null {
  if (r.method === 'relay' || r.transportMethod === 'turn_relay') return 'Through the relay, answers arrive whole; apps that stream wait for the full answer.';
  if (r.method === 'tunnel' || r.method === 'quick_tunnel' || r.transportMethod === 'external_tunnel') {
    return 'Through a tunnel, answers arrive whole; apps that stream wait for the full answer.';
  }
  return null;
}
