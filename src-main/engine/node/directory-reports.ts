/**
 * What the node tells others about itself: the REGISTER it can send (or why it cannot yet), the state every heartbeat
 * carries, and the answer of its own `/iicp/health`. Each reads the running parts as they are now.
 */
import { said } from '@shared/i18n/said';
import { cxPublicKeyAdvert, SEALED_STREAM_FEATURE } from '../cx';
import type { BackendFlavour } from '@shared/contract';
import type { BackendKind, HeartbeatState, RegistrationSource } from '../directory';
import type { EarningsService } from '../earnings';
import type { NodeIdentity } from '../identity';
import { nativeEndpoint, type PinholeRung, type Reachability } from '../nat';
import { primaryIntent, withStreamProfile, type Admission, type ServingOffer } from '../server';
import { STABILITY_OK } from '../backends';
import type { Store } from '../store';
import type { NodeServicesOptions } from './options';

/** The host's own parts come as the node was given them; the rest are the node's running parts. */
export interface ReportSources extends Pick<
  NodeServicesOptions,
  'appVersion' | 'store' | 'settings' | 'capacity' | 'offered' | 'setUp'
> {
  identity: NodeIdentity;
  offer: ServingOffer;
  reach: Reachability;
  pinhole: PinholeRung;
  earnings: EarningsService;
  admission: Admission;
  /** The node is looking at every server once more after setup, before its first registration (`BackendLooks`). */
  beforeFirstJoin?: () => boolean;
}

/** Whether the person removed the node from the network (it then stays out until switched on again). */
export function removedFromDirectory(store: Store): boolean {
  return store.state.get('removedFromDirectory', false, (v): v is boolean => typeof v === 'boolean');
}

/** The REGISTER the node would send now, or why it cannot (`park`: nothing to do until something changes). */
export function registrationFor(r: ReportSources): ReturnType<RegistrationSource> {
  const s = r.settings();
  if (removedFromDirectory(r.store)) {
    return { ok: false, park: true, reason: said('network.link.removed') };
  }
  const ep = r.reach.endpoint;
  if (!ep) {
    return {
      ok: false,
      park: true,
      reason: r.reach.view().checking
        ? said('network.link.notRegisteredYet', { why: said('network.link.why.lookingForWayIn') })
        : said('network.link.notRegistered', { why: said('network.link.why.noPublicAddress') }),
    };
  }
  const obs = r.offer.observation;
  if (!s.backendUrl)
    return { ok: false, reason: said('network.link.notRegistered', { why: said('network.link.why.noLlmServer') }) };
  // The wizard saves its main server, then each other one: registering in between would offer only the first
  // server's models, and register again a moment later. The node joins once setup is done (`BackendLooks.setUpNow`).
  if (r.setUp && !r.setUp())
    return { ok: false, reason: said('network.link.notRegisteredYet', { why: said('network.link.why.setupNotDone') }) };
  if (r.beforeFirstJoin?.())
    return {
      ok: false,
      reason: said('network.link.notRegisteredYet', { why: said('network.link.why.lookingAtServers') }),
    };
  const built = r.offer.capabilities();
  if (!r.offer.serving || built.models.length === 0) {
    return { ok: false, reason: said('network.link.notRegistered', { why: said('network.link.why.noModels') }) };
  }
  // Streaming is offered only where the native transport reaches the task port (never through a relay or a tunnel),
  // and then all three together: the address, the profile on the intents that stream, and sealed streams for CX.
  const native = nativeEndpoint(ep);
  const cx = cxPublicKeyAdvert(r.identity.cx);
  return {
    ok: true,
    input: {
      nodeId: r.identity.nodeId,
      endpoint: ep.url,
      region: s.region,
      capabilities: native ? withStreamProfile(built.capabilities) : built.capabilities,
      maxConcurrent: s.maxConcurrent,
      tokensPerMin: s.tokensPerMin,
      transportMethod: ep.transportMethod,
      exposureMode: ep.exposureMode,
      // A relay's own metadata (relay_for, relay_host, relay_port) is what the directory routes by.
      transportMetadata: ep.metadata ?? {
        tier: ep.tier,
        detection_log_tail: [r.reach.lastStep() ?? ''].filter(Boolean),
      },
      ...(native ? { transportEndpoint: native } : {}),
      pricing: r.earnings.declaration(),
      cxPublicKey: native ? { ...cx, features: [...cx.features, SEALED_STREAM_FEATURE] } : cx,
      backend: backendKind(obs.flavour),
      appVersion: r.appVersion,
    },
  };
}

/** The directory's word for the server: its own names only the LLM servers have; any other is `custom`. */
export function backendKind(flavour: BackendFlavour | null): BackendKind {
  switch (flavour) {
    case 'ollama':
    case 'lmstudio':
    case 'vllm':
    case 'llamacpp':
      return flavour;
    default:
      return 'custom';
  }
}

/** What a heartbeat reports, from a fresh look at the backend. */
export function heartbeatStateFor(r: ReportSources): HeartbeatState {
  const obs = r.offer.observation;
  const cap = r.capacity();
  const active = r.admission.activeJobs;
  const s = r.settings();
  const state: HeartbeatState = {
    load: active / Math.max(1, s.maxConcurrent),
    activeJobs: active,
    // `available` says "offering work" (the switch, the windows, a backend that answers, a way in from the
    // internet), never "a slot is free right now": busy is what `load`/`active_jobs` say. A one-slot node that
    // reported its busy slot as unavailable vanished from discovery for a whole heartbeat interval each time; a
    // full node stays listed and answers 429 with Retry-After, which consumers act on.
    available: r.offered() && cap > 0 && r.offer.serving && r.reach.usable,
  };
  if (r.offer.serving) state.healthModels = r.offer.capabilities().models.slice().sort();
  if (s.backendUrl && obs.stability) state.backendStability = { ...obs.stability };
  const pricing = r.earnings.heartbeatPricing();
  if (pricing) state.pricing = pricing;
  return state;
}

/** The node's `GET /iicp/health` answer. */
export function healthAnswer(r: ReportSources): Record<string, unknown> {
  const s = r.settings();
  const adv = r.offer.advertised();
  const stab = r.offer.observation.stability ?? STABILITY_OK;
  const cap = r.capacity();
  const active = r.admission.activeJobs;
  const pub: Record<string, unknown> = { backend_state: stab.backend_state, reason_class: stab.reason_class };
  if (stab.backend_state === 'draining') {
    pub.retry_after_s = stab.retry_after_s;
    pub.drain_until = stab.drain_until;
  }
  return {
    status: r.offer.observation.status === 'unreachable' ? 'degraded' : 'ok',
    node_id: r.identity.nodeId,
    region: s.region,
    load: active / Math.max(1, s.maxConcurrent),
    active_jobs: active,
    max_concurrent: s.maxConcurrent,
    effective_max_concurrent: cap,
    available: active < cap && r.offer.serving,
    model: adv.models[0] ?? '',
    models: [...adv.models],
    intent: primaryIntent(adv),
    pinhole_state: r.pinhole.healthState(),
    backend_stability: pub,
  };
}
