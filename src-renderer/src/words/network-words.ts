/** The Network page's pure parts: reachability in plain words, the router mapping, the detection steps. No React. */
import type {
  PortMappingInfo,
  PortMappingMode,
  ReachabilityInfo,
  ReachabilityMethod,
  ReachabilityStatus,
} from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { sayNow } from '@shared/i18n/current';
import type { Tone } from '../format';

/**
 * A table of words read in the language of the moment: each key is a catalogue message, said when it is read, so a
 * table kept at module level still follows a change of language.
 */
function spoken<K extends string>(ids: Readonly<Record<K, MessageId>>): Readonly<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const key of Object.keys(ids) as K[])
    Object.defineProperty(out, key, { get: () => sayNow()(ids[key]), enumerable: true });
  return out;
}

/** The headline for each status: what a person needs to know first. */
export const STATUS_HEADLINES: Readonly<Record<ReachabilityStatus, string>> = spoken({
  unknown: 'network.status.unknown',
  checking: 'network.status.checking',
  public: 'network.status.public',
  mapped: 'network.status.mapped',
  tunnel: 'network.status.tunnel',
  relayed: 'network.status.relayed',
  not_reachable: 'network.status.notReachable',
  local_only: 'network.status.notReachable',
});

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

export const VERIFICATION_WORDS: Readonly<Record<Exclude<Verification, 'none'>, string>> = spoken({
  confirmed: 'network.verification.confirmed',
  pending: 'network.verification.pending',
});

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
  const say = sayNow();
  if (r.status === 'checking') return say('network.eyebrow.looking');
  if (verificationOf(r) === 'pending') return say('network.eyebrow.expects');
  return say('network.eyebrow.is');
}

export const METHOD_WORDS: Readonly<Record<ReachabilityMethod, string>> = spoken({
  public_url: 'network.method.publicUrl',
  public_ipv4: 'network.method.publicIpv4',
  upnp: 'network.method.upnp',
  natpmp: 'network.method.natpmp',
  ipv6: 'network.method.ipv6',
  tunnel: 'network.method.tunnel',
  quick_tunnel: 'network.method.quickTunnel',
  relay: 'network.method.relay',
});

export const PROTOCOL_WORDS: Record<PortMappingInfo['protocol'], string> = {
  // not-shown: protocol names, the same in every language
  upnp: 'UPnP',
  // not-shown: protocol names, the same in every language
  natpmp: 'NAT-PMP',
};

const MAPPING_TONES: Record<PortMappingInfo['state'], Tone> = {
  idle: 'neutral',
  probing: 'neutral',
  installing: 'neutral',
  mapped: 'ok',
  renewing: 'ok',
  retrying: 'warn',
  revoked: 'bad',
  failed: 'bad',
  stopping: 'neutral',
  stopped: 'neutral',
};
const MAPPING_LABELS = spoken<PortMappingInfo['state']>({
  idle: 'network.mapping.idle',
  probing: 'network.mapping.probing',
  installing: 'network.mapping.installing',
  mapped: 'network.mapping.mapped',
  renewing: 'network.mapping.renewing',
  retrying: 'network.mapping.retrying',
  revoked: 'network.mapping.revoked',
  failed: 'network.mapping.failed',
  stopping: 'network.mapping.stopping',
  stopped: 'network.mapping.stopped',
});

export const MAPPING_STATE_WORDS: Readonly<
  Record<PortMappingInfo['state'], { readonly label: string; readonly tone: Tone }>
> = Object.fromEntries(
  (Object.keys(MAPPING_TONES) as PortMappingInfo['state'][]).map((k) => [
    k,
    {
      get label() {
        return MAPPING_LABELS[k];
      },
      tone: MAPPING_TONES[k],
    },
  ]),
) as Record<PortMappingInfo['state'], { readonly label: string; readonly tone: Tone }>;

export const PORT_MAPPING_WORDS: Readonly<Record<PortMappingMode, string>> = spoken({
  auto: 'network.portMapping.auto',
  upnp: 'network.portMapping.upnp',
  natpmp: 'network.portMapping.natpmp',
  off: 'network.portMapping.off',
});

/** True when the internet cannot reach the node, so the page shows what to do. */
export const needsHelp = (status: ReachabilityStatus): boolean => status === 'not_reachable' || status === 'local_only';

/**
 * Seconds of the lease left now, counted down from the snapshot: the engine reports the remainder when it
 * published, and the page keeps counting between publications. A host clock slightly ahead of this one
 * (emittedAt in the future) counts as no time passed.
 */
export function leaseLeftNow(
  mapping: Pick<PortMappingInfo, 'leaseRemainingSeconds'>,
  emittedAt: string,
  nowMs: number,
): number | null {
  if (mapping.leaseRemainingSeconds === null) return null;
  const emitted = new Date(emittedAt).getTime();
  const elapsed = Number.isNaN(emitted) ? 0 : Math.max(0, (nowMs - emitted) / 1000);
  return Math.max(0, mapping.leaseRemainingSeconds - elapsed);
}

/** How consumers connect, as the node told the directory (its `transport_method`), in words. */
const TRANSPORT_WORDS: Readonly<Record<string, MessageId>> = {
  direct: 'network.transport.direct',
  upnp_mapped: 'network.transport.upnpMapped',
  stun_hole_punch: 'network.transport.holePunch',
  turn_relay: 'network.transport.relay',
  external_tunnel: 'network.transport.tunnel',
  unknown: 'network.transport.unknown',
};

/** What the address is (its `exposure_mode`), in words. */
const EXPOSURE_WORDS: Readonly<Record<string, MessageId>> = {
  outbound_only: 'network.exposure.outboundOnly',
  ipv4_public_direct: 'network.exposure.ipv4Public',
  ipv4_cgnat_blocked: 'network.exposure.cgnat',
  ipv6_direct_firewall_required: 'network.exposure.ipv6Firewall',
  ipv6_direct_pinhole_available: 'network.exposure.ipv6Pinhole',
  relay_required: 'network.exposure.relay',
  tunnel_required: 'network.exposure.tunnel',
  dual_stack_available: 'network.exposure.dualStack',
};

/**
 * What the node told the directory about its way in, as one sentence; the values as sent stay for the curious, apart
 * and labelled. A value this version does not know is not put into the sentence.
 */
export function advertisedWords(r: Pick<ReachabilityInfo, 'transportMethod' | 'exposureMode'>): string {
  const say = sayNow();
  if (r.transportMethod === null && r.exposureMode === null) return say('network.advertised.nothing');
  const how =
    r.transportMethod !== null && Object.hasOwn(TRANSPORT_WORDS, r.transportMethod)
      ? say(TRANSPORT_WORDS[r.transportMethod]!)
      : null;
  const where =
    r.exposureMode !== null && Object.hasOwn(EXPOSURE_WORDS, r.exposureMode)
      ? say(EXPOSURE_WORDS[r.exposureMode]!)
      : null;
  // "Through a relay, only through a relay" says one thing twice: the address part goes when the way in said it.
  const covered =
    (r.transportMethod === 'turn_relay' && r.exposureMode === 'relay_required') ||
    (r.transportMethod === 'external_tunnel' && r.exposureMode === 'tunnel_required');
  const shown = covered ? null : where;
  if (how === null && shown === null) return say('network.advertised.unknownValues');
  if (how !== null && shown !== null) return say('network.advertised.both', { how, where: shown });
  return say('network.advertised.one', { what: how ?? shown ?? '' });
}

/**
 * What the way in means for apps that stream, when it means something: a relay and a tunnel carry each answer whole
 * over HTTP, so the node cannot pass its words on as they are made. Null for a way in that streams, or none yet.
 */
export function streamingWords(r: Pick<ReachabilityInfo, 'method' | 'transportMethod'>): string | null {
  if (r.method === 'relay' || r.transportMethod === 'turn_relay') return sayNow()('network.streaming.relay');
  if (r.method === 'tunnel' || r.method === 'quick_tunnel' || r.transportMethod === 'external_tunnel')
    return sayNow()('network.streaming.tunnel');
  return null;
}
