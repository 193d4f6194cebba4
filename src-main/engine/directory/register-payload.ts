import type { CxPublicKeyAdvert } from '../cx';
import type { Capability } from '../backends';
import { signDelegation, type OperatorRegistration } from '../identity';
import { pricingBlock, type PricingModel } from '../pricing';

/** The official SDK behaviour line this node matches on the wire (≥ 0.7.68 counts as "current"). */
export const SDK_COMPATIBILITY_VERSION = '0.7.106';
export const IMPLEMENTATION_NAME = 'iicp-provider-desktop';

export const EXPOSURE_MODES = [
  'outbound_only',
  'ipv4_public_direct',
  'ipv4_cgnat_blocked',
  'ipv6_direct_firewall_required',
  'ipv6_direct_pinhole_available',
  'relay_required',
  'tunnel_required',
  'dual_stack_available',
] as const;
export type ExposureMode = (typeof EXPOSURE_MODES)[number];
export type TransportMethod =
  'direct' | 'upnp_mapped' | 'stun_hole_punch' | 'turn_relay' | 'external_tunnel' | 'unknown';
export type BackendKind = 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp' | 'meshllm' | 'anthropic' | 'custom';

export interface RegisterInput {
  nodeId: string;
  endpoint: string;
  region: string;
  capabilities: Capability[];
  maxConcurrent: number;
  tokensPerMin: number;
  transportMethod: TransportMethod;
  exposureMode: ExposureMode;
  transportMetadata?: Record<string, unknown>;
  /**
   * The native transport (`iicp://host:port`) while a TCP connection to the endpoint reaches the task port; absent
   * (and so not sent) through a relay or a tunnel. The lifecycle profile on the capabilities and the sealed-stream
   * entry of the CX key come with it.
   */
  transportEndpoint?: string;
  cxPublicKey: CxPublicKeyAdvert;
  backend: BackendKind;
  appVersion: string;
  hmacKey: string;
  currentToken: string | null;
  /** Signed here with the HMAC key sent in the same body: the only key the directory can verify it with. */
  pricing?: { multiplier: number; model: PricingModel };
  /** The person's operator identity, when there is one: its delegation is signed here, afresh for this body. */
  operator?: OperatorRegistration;
}

/**
 * The REGISTER body: everything the production directory reads, with at least one model, our persisted HMAC key,
 * the newest token we hold and an operator delegation valid from `nowMs`. Built fresh for every attempt so a
 * re-registration never carries a stale token (the reference node re-posts the body it built at start, whose token
 * may be stale by then).
 */
export function buildRegisterPayload(input: RegisterInput, nowMs: number = Date.now()): Record<string, unknown> {
  const body: Record<string, unknown> = {
    endpoint: input.endpoint.replace(/\/+$/, ''),
    region: input.region,
    node_id: input.nodeId,
    capabilities: input.capabilities,
    limits: { max_concurrent: input.maxConcurrent, tokens_per_min: input.tokensPerMin },
    transport_method: input.transportMethod,
    nat_type: 'unknown',
    exposure_mode: input.exposureMode,
    cx_public_key: input.cxPublicKey,
    backend: input.backend,
    sdk_language: 'typescript',
    sdk_version: SDK_COMPATIBILITY_VERSION,
    sdk_compatibility_version: SDK_COMPATIBILITY_VERSION,
    implementation_name: IMPLEMENTATION_NAME,
    implementation_version: input.appVersion,
    auto_update_enabled: false,
    node_hmac_key: input.hmacKey,
  };
  if (input.transportMetadata) body.transport_metadata = input.transportMetadata;
  // Left out, not null, when there is none: the directory then clears what an earlier registration stored.
  if (input.transportEndpoint) body.transport_endpoint = input.transportEndpoint;
  if (input.currentToken) body.current_node_token = input.currentToken;
  if (input.pricing) body.pricing = pricingBlock(input.pricing.multiplier, input.pricing.model, input.hmacKey);
  if (input.operator) {
    // A delegation lives an hour; signed for this body, a re-registration never carries one that has run out (the
    // reference node signs once at start and keeps re-sending it).
    body.operator_delegation = signDelegation(input.operator, input.nodeId, nowMs);
    body.operator_display_name = input.operator.displayName;
    body.operator_created_at = input.operator.createdAt;
    body.operator_integrity_hash = input.operator.integrityHash;
  }
  return body;
}

/**
 * Exposure derivation for an endpoint we verified, first match wins. A tunnel is `tunnel_required` (the reference
 * node calls a quick tunnel `relay_required`; both keep the node listed, but this one says what it is).
 */
export function exposureFor(endpoint: string, method: TransportMethod, pinhole = false): ExposureMode {
  if (method === 'external_tunnel') return 'tunnel_required';
  if (method === 'turn_relay') return 'relay_required';
  const host = new URL(endpoint).hostname;
  if (!host.startsWith('[')) return 'ipv4_public_direct';
  return pinhole ? 'ipv6_direct_pinhole_available' : 'ipv6_direct_firewall_required';
}
