/** POST/DELETE /v1/register: PHP `RegisterController` → `NodeRegistry::register`, `DeregisterController`. */
import { randomBytes, randomUUID } from 'node:crypto';
import { maybeAllocateFreeCredits } from './credits';
import { logCreditAllocation, logDeregister, logRegister } from './logged-events';
import { delegationFieldErrors, planOperatorBinding } from './operator-identity';
import { iso8601, json, objectError, stringError, validationError, type ParsedRequest, type Reply } from './http';
import { issueNodeJwt } from './jwt';
import { addField, validate, type Fields } from './laravel';
import { advertisedModels, hashEquals, resolvePricingBlock } from './pricing';
import { probeHealth } from './probe';
import { randomAlphanumeric } from './random';
import { postValidate, RegisterSchema, type RegisterInput } from './register-schema';
import { authenticatedAndAdmitted, restrictedGate } from './restricted-domain';
import { newReputation } from './reputation';
import {
  isDeclaredReachable,
  isNattedDeclaration,
  probeTargetIsSafe,
  routabilityMessages,
  splitUrl,
} from './routability';
import { findNode } from './state';
import type { DirectoryContext, NodeRecord, RegistrationOperatorOutcome, StoredPricing } from './types';

const RATE_WINDOW_MS = 60_000;
const MAX_ACTIVE_NODES_PER_SOURCE_IP = 20;

/** A restricted-domain refusal comes first: it neither counts toward E034 nor validates the body. */
export async function handleRegister(ctx: DirectoryContext, req: ParsedRequest): Promise<Reply> {
  const gate = restrictedGate(ctx, req, 'registration', null);
  const seen: { operator?: RegistrationOperatorOutcome } = {};
  const reply = gate.ok ? gate.decorate(await register(ctx, req, seen)) : gate.reply;
  ctx.state.registrations.push({
    at: ctx.now(),
    ip: req.ip,
    body: req.body,
    status: reply.status,
    response: reply.body,
    ...seen,
  });
  return reply;
}

/** Controller counter: every attempt counts, including rejected ones (PHP `Cache::increment`). */
function rateLimited(ctx: DirectoryContext, ip: string): Reply | null {
  const now = ctx.now();
  let window = ctx.state.registerRate[ip];
  if (!window || now >= window.resetAt)
    window = ctx.state.registerRate[ip] = { count: 0, resetAt: now + RATE_WINDOW_MS };
  window.count += 1;
  if (window.count <= ctx.rateLimitPerMinute) return null;
  return stringError(429, 'IICP-E034', 'TooManyRegistrationAttempts', { retry_after: 60 });
}

/** Laravel runs every rule of every field, so schema and RoutableEndpoint messages are reported together. */
function validateRegister(
  ctx: DirectoryContext,
  input: Record<string, unknown>,
): { fields: Fields; data?: RegisterInput } {
  const v = validate(RegisterSchema, input);
  const fields: Fields = v.ok ? {} : { ...v.fields };
  for (const [key, messages] of Object.entries(delegationFieldErrors(input)))
    for (const m of messages) addField(fields, key, m);
  const natted = isNattedDeclaration(input);
  const endpoint = input.endpoint;
  if (endpoint !== undefined && endpoint !== null && endpoint !== '') {
    if (ctx.routabilityCheck) {
      for (const m of routabilityMessages(endpoint, ['http', 'https'], natted)) addField(fields, 'endpoint', m);
    } else if (typeof endpoint === 'string' && !['http', 'https'].includes(splitUrl(endpoint)?.scheme ?? '')) {
      // PHP's testing env would let any URL scheme through; the stub keeps the production contract.
      if (!fields.endpoint) addField(fields, 'endpoint', 'The endpoint field must be a valid URL.');
    }
  }
  const transport = input.transport_endpoint;
  if (ctx.routabilityCheck && transport !== undefined && transport !== null) {
    for (const m of routabilityMessages(transport, ['iicp', 'iicpsec'], natted))
      addField(fields, 'transport_endpoint', m);
  }
  return v.ok ? { fields, data: v.data } : { fields };
}

async function register(
  ctx: DirectoryContext,
  req: ParsedRequest,
  seen: { operator?: RegistrationOperatorOutcome },
): Promise<Reply> {
  const limited = rateLimited(ctx, req.ip);
  if (limited) return limited;

  const checked = validateRegister(ctx, req.input);
  if (!checked.data || Object.keys(checked.fields).length > 0) return validationError(checked.fields);
  const data = foldTransportMetadata(checked.data);
  const post = postValidate(data);
  if (post) return validationError(post);

  const liveness = await assertLive(ctx, data);
  if (liveness.fields) return validationError(liveness.fields);

  // PHP `! empty()`: an empty string (or "0") means "mint one for me".
  const supplied = data.node_hmac_key;
  const hmacKey = supplied && supplied !== '0' ? supplied : randomBytes(32).toString('hex');
  const priced = resolvePricingBlock(data.pricing, hmacKey, advertisedModels(data.capabilities));
  if (!priced.ok) return validationError(priced.fields);

  const token = randomAlphanumeric(40);
  const proxyToken = randomAlphanumeric(40);
  const existing = data.node_id ? findNode(ctx.state, data.node_id) : undefined;
  if (existing) {
    const denied = await ownershipCheck(ctx, existing, data);
    if (denied) return denied;
  } else {
    const active = Object.values(ctx.state.nodes).filter((n) => n.observedSourceIp === req.ip && n.status === 'active');
    if (req.ip !== '0.0.0.0' && active.length >= MAX_ACTIVE_NODES_PER_SOURCE_IP) {
      return validationError({ registration_ip: ['Too many active nodes registered from this source IP (IICP-E052)'] });
    }
  }
  // PHP binds the operator inside the registration transaction: an E051/E063 refusal leaves no trace of the REGISTER.
  const nodeId = existing?.nodeId ?? data.node_id ?? randomUUID();
  const operator = planOperatorBinding(ctx, nodeId, req.input);
  if (operator.outcome) seen.operator = operator.outcome;
  if (operator.refusal) return operator.refusal;
  let node: NodeRecord;
  if (existing) {
    node = existing;
    applyReRegistration(ctx, node, data, req, { token, proxyToken, hmacKey });
  } else {
    node = createNode(ctx, nodeId, data, req, { token, proxyToken, hmacKey, pricing: priced.pricing });
    ctx.state.nodes[node.nodeId] = node;
  }
  operator.apply(node);
  logRegister(ctx, node, req.input);
  const granted = maybeAllocateFreeCredits(ctx, node.nodeId, req.ip);
  if (granted !== null) logCreditAllocation(ctx, node.nodeId, granted, 'free_allocation_on_register');

  const jwt = issueNodeJwt(ctx.jwtSecret, node.nodeId, ctx.now());
  return json(201, {
    node_id: node.nodeId,
    node_token: token,
    proxy_token: proxyToken,
    node_hmac_key: hmacKey,
    expires_at: null,
    jwt_token: jwt.token,
    jwt_expires_at: iso8601(jwt.expiresAtMs),
    directory: ctx.origin(),
    observed_source_ip: req.ip,
    recovered: existing !== undefined,
    lifetime_jobs: node.lifetimeJobs,
  });
}

/** `transport_candidates` / top-level `relay_endpoint` live inside `transport_metadata` in PHP. */
function foldTransportMetadata(data: RegisterInput): RegisterInput {
  const candidates = data.transport_candidates ?? null;
  const relay = data.relay_endpoint ?? null;
  if (candidates === null && relay === null) return data;
  const merged: Record<string, unknown> = { ...(data.transport_metadata ?? {}) };
  if (candidates !== null) merged.candidates = candidates;
  if (relay !== null) merged.relay_endpoint = relay;
  return { ...data, transport_metadata: merged, transport_candidates: undefined, relay_endpoint: undefined };
}

/**
 * The REGISTER dial-back. Like production's `NodeEndpointVerifier::assertReachable` it writes no observation:
 * `directory_observed_reachable` comes only from the active probe (`activeProbeIntervalMs`, see active-probe.ts).
 */
async function assertLive(ctx: DirectoryContext, data: RegisterInput): Promise<{ fields?: Fields }> {
  if (isDeclaredReachable(data) || !ctx.livenessProbe) return {};
  if (ctx.routabilityCheck && !(await probeTargetIsSafe(data.endpoint))) {
    return {
      fields: {
        endpoint: ['IICP-E035: endpoint host resolves to a non-routable / internal address, or is unresolvable.'],
      },
    };
  }
  const result = await probeHealth(data.endpoint);
  const at = ctx.now();
  ctx.state.probes.push({ at, url: result.url, purpose: 'registration', ok: result.ok, ...statusOrError(result) });
  if (result.ok) return {};
  const reason = result.status !== undefined ? `HTTP ${result.status}` : `cannot reach ${data.endpoint}`;
  return {
    fields: {
      endpoint: [
        `IICP-E036: endpoint unreachable from directory (${reason}). Verify port-forwarding / public_endpoint.`,
      ],
    },
  };
}

function statusOrError(r: { status?: number; error?: string }): { status?: number; error?: string } {
  return r.status !== undefined ? { status: r.status } : r.error !== undefined ? { error: r.error } : {};
}

/** `NodeRegistry::isEndpointAlive`: a skipped, unsafe or failing probe all mean "gone". */
async function endpointAlive(ctx: DirectoryContext, endpoint: string): Promise<boolean> {
  if (!ctx.livenessProbe) return false;
  if (ctx.routabilityCheck && !(await probeTargetIsSafe(endpoint))) return false;
  const result = await probeHealth(endpoint);
  ctx.state.probes.push({
    at: ctx.now(),
    url: result.url,
    purpose: 'e050_old_endpoint',
    ok: result.ok,
    ...statusOrError(result),
  });
  return result.ok;
}

const sameKey = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** IICP-E049 (CX key changed) then IICP-E050 (route changed) without ownership proof (non-strict, PHP's default). */
async function ownershipCheck(ctx: DirectoryContext, node: NodeRecord, data: RegisterInput): Promise<Reply | null> {
  const presented = data.current_node_token ?? null;
  const hasOwnership =
    presented !== null && presented !== '' && node.token !== null && hashEquals(node.token, presented);
  const incomingCx = data.cx_public_key ?? null;
  if (incomingCx !== null && !sameKey(incomingCx, node.cxPublicKey) && !hasOwnership) {
    return objectError(403, 'IICP-E049', 'cx_public_key update requires valid current_node_token');
  }
  const endpointChanged = data.endpoint !== node.endpoint;
  const transportChanged = (data.transport_endpoint ?? null) !== node.transportEndpoint;
  const storedRelay = node.transportMetadata?.relay_endpoint ?? null;
  const incomingRelay =
    data.transport_metadata !== undefined ? (data.transport_metadata?.relay_endpoint ?? null) : storedRelay;
  const routingChanged = endpointChanged || transportChanged || incomingRelay !== storedRelay;
  if (hasOwnership || !routingChanged || !endpointChanged) return null;
  if (!(await endpointAlive(ctx, node.endpoint))) return null;
  return objectError(
    403,
    'IICP-E050',
    'routing-field change requires current_node_token ownership or the previous endpoint to be unreachable',
  );
}

interface Credentials {
  token: string;
  proxyToken: string;
  hmacKey: string;
}

function storedCapabilities(data: RegisterInput): Record<string, unknown>[] {
  return data.capabilities.map((c) => ({ ...c, input_modalities: c.input_modalities ?? ['text'] }));
}

function autoUpdateFields(data: RegisterInput, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const out = { ...previous };
  for (const key of [
    'auto_update_enabled',
    'auto_update_interval_s',
    'sdk_latest_seen',
    'sdk_update_last_checked_at',
    'sdk_update_error_class',
  ] as const) {
    if (data[key] !== undefined && data[key] !== null) out[key] = data[key];
  }
  return out;
}

/** PHP lets `sdk_compatibility_version` and `sdk_version` stand in for each other. */
const effectiveSdkVersion = (data: RegisterInput): string | null =>
  data.sdk_compatibility_version ?? data.sdk_version ?? null;

function createNode(
  ctx: DirectoryContext,
  nodeId: string,
  data: RegisterInput,
  req: ParsedRequest,
  creds: Credentials & { pricing: StoredPricing },
): NodeRecord {
  const now = ctx.now();
  return {
    nodeId,
    endpoint: data.endpoint,
    transportEndpoint: data.transport_endpoint ?? null,
    region: data.region,
    token: creds.token,
    proxyToken: creds.proxyToken,
    hmacKey: creds.hmacKey,
    capabilities: storedCapabilities(data),
    limits: { max_concurrent: data.limits.max_concurrent, tokens_per_min: data.limits.tokens_per_min },
    pricing: creds.pricing,
    cxPublicKey: data.cx_public_key ?? null,
    transportMethod: data.transport_method ?? null,
    natType: data.nat_type ?? null,
    transportMetadata: data.transport_metadata ?? null,
    exposureMode: data.exposure_mode ?? null,
    backend: data.backend ?? null,
    sdkLanguage: data.sdk_language ?? null,
    sdkVersion: effectiveSdkVersion(data),
    implementationName: data.implementation_name ?? null,
    implementationVersion: data.implementation_version ?? null,
    relayCapable: data.relay_capable ?? false,
    policy: data.policy ?? null,
    gossipPublicKey: data.public_key ?? null,
    operatorPubkey: null,
    operatorVerified: false,
    publicReachable: true,
    reachabilityObservation: null,
    observedSourceIp: req.ip,
    registration: req.body,
    registrationCount: 1,
    createdAt: now,
    lastSeen: now,
    status: 'active',
    dormantSince: null,
    available: true,
    load: 0,
    activeJobs: 0,
    lastHeartbeat: null,
    challenge: null,
    challengesIssued: 0,
    challengeVerifiedCount: 0,
    challengeFailedCount: 0,
    livenessVerifiedAt: null,
    metricsApplied: [],
    batchIdsSeen: [],
    reputation: newReputation(),
    healthModels: undefined,
    backendStability: null,
    autoUpdate: autoUpdateFields(data),
    lifetimeJobs: 0,
  };
}

/** `applyReRegistrationUpdate`: pricing, CIP policy and relay_capable are fresh-registration only. */
function applyReRegistration(
  ctx: DirectoryContext,
  node: NodeRecord,
  data: RegisterInput,
  req: ParsedRequest,
  creds: Credentials,
): void {
  node.endpoint = data.endpoint;
  node.transportEndpoint = data.transport_endpoint ?? null;
  node.region = data.region;
  node.token = creds.token;
  node.proxyToken = creds.proxyToken;
  node.hmacKey = creds.hmacKey;
  node.limits = { max_concurrent: data.limits.max_concurrent, tokens_per_min: data.limits.tokens_per_min };
  node.available = true;
  node.status = 'active';
  node.dormantSince = null;
  node.lastSeen = ctx.now();
  node.observedSourceIp = req.ip;
  node.transportMethod = data.transport_method ?? node.transportMethod;
  node.natType = data.nat_type ?? node.natType;
  node.transportMetadata = data.transport_metadata ?? node.transportMetadata;
  node.publicReachable = true;
  node.sdkLanguage = data.sdk_language ?? node.sdkLanguage;
  node.sdkVersion = effectiveSdkVersion(data) ?? node.sdkVersion;
  node.implementationName = data.implementation_name ?? node.implementationName;
  node.implementationVersion = data.implementation_version ?? node.implementationVersion;
  node.autoUpdate = autoUpdateFields(data, node.autoUpdate);
  node.backend = data.backend ?? node.backend;
  node.exposureMode = data.exposure_mode ?? node.exposureMode;
  node.cxPublicKey = data.cx_public_key ?? node.cxPublicKey;
  node.gossipPublicKey = data.public_key ?? node.gossipPublicKey;
  node.capabilities = storedCapabilities(data);
  node.registration = req.body;
  node.registrationCount += 1;
  node.reputation.epoch = randomUUID();
}

/** NodeTokenAuth (401 `unauthorized`, e.g. for a rotated token), then `restricted-domain:registration`. */
export function handleDeregister(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const { reply, nodeId } = authenticatedAndAdmitted(ctx, req, 'registration', (node) => deregister(ctx, req, node));
  ctx.state.deregistrations.push({
    at: ctx.now(),
    nodeId,
    status: reply.status,
  });
  return reply;
}

/** Hard delete; the credit balance survives (RT-02) but the node's ledger rows cascade away. */
function deregister(ctx: DirectoryContext, req: ParsedRequest, node: NodeRecord): Reply {
  logDeregister(ctx, node);
  delete ctx.state.nodes[node.nodeId];
  ctx.state.transactions = ctx.state.transactions.filter((t) => t.node_id !== node.nodeId);
  const window = ctx.state.registerRate[req.ip];
  if (window && window.count > 0) window.count -= 1;
  return json(200, { deregistered: true });
}
