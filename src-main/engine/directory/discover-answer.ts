/**
 * A `GET /v1/discover` answer read once, defensively, for every reader of it: the gateway's offer, the person's other
 * machines, the relay election, "Why am I not getting tasks?", the demand card and the region list. The body is
 * already capped by the directory call (1 MiB); here the list is cut to its first 100 entries and each field of a node
 * is read on its own, so one bad field costs that field, never the answer. Model names (and quantizations) are held
 * here to the one model name rule the node's own advert is held to (`src-shared/text/model-name-rule.ts`): a name that
 * fails is left out as if not listed, so every reader (the demand card, the gateway's offer and model lists, the
 * machines, the regions) gets only names it may show, ask for and act on, and none gets a cleaned name the directory
 * never listed. Text shown as data, not matched (an operator's name), is cleaned by the reader that shows it.
 */
import { CONTEXT_TOKENS_MAX, NodeIdSchema } from '@shared/contract';
import { isSoundModelName, soundModelNames } from '@shared/text/model-name-rule';

/** The most nodes read of one answer (the directories list at most 50 per page; more is a directory misbehaving). */
export const DISCOVER_NODES_READ = 100;
/** A node advertising more models than this is not believed at all. */
const MAX_MODELS = 4096;
const MAX_CAPABILITIES = 256;
/** Profiles and features a node lists: more than this is not believed at all (the protocol defines a handful). */
const MAX_PROFILES = 16;
const MAX_FEATURES = 32;
/** A capability's `features`: the directory takes at most 64. */
const MAX_CAPABILITY_FEATURES = 64;

/** One node of a discover answer, each field null (or empty) when the directory left it out or wrote it wrong. */
export interface DiscoveredNode {
  /** Only in the form a node id has (plain ASCII, at most 36 characters), never text to display. */
  nodeId: string | null;
  /** Its registered endpoint as written (at most 2048 characters); which schemes count is the reader's to judge. */
  endpoint: string | null;
  /**
   * Its native transport (`transport_endpoint`, `iicp://host:port`) as written (at most 300 characters); null when
   * not advertised or not of that form. Where it leads is the caller's to judge when it connects.
   */
  transportEndpoint: string | null;
  /**
   * Its IICP-CX key, without which no sealed task goes there, and the key's `features` (at most 32, each ≤ 64
   * characters).
   */
  cx: { key: string; keyId: string; features: string[] } | null;
  /** Model names that pass the model name rule, as listed (each once). */
  models: string[];
  /**
   * Each advertised capability's intent (null: any), largest answer (`max_tokens`, null: not said),
   * `supported_profiles` (at most 16, each ≤ 128 characters; empty when not said or not a list of texts), and what
   * it says of its models: which they are (those that pass the model name rule; empty: not said), `features` (at
   * most 64, each ≤ 255 characters), the context (`limits.context_tokens.value`, 1 to 2^27), `quantization` (a name
   * of at most 64 characters that passes the rule) and `input_modalities`.
   */
  capabilities: DiscoveredCapability[];
  /** `pricing.credit_cost_multiplier`, 0 to 1e6. */
  price: number | null;
  /** The operator's fingerprint (12 lower-case hex characters), shown only for a verified operator. */
  operator: string | null;
  /** That operator's public display name as listed (at most 64 characters), raw: cleaned where it is shown. */
  operatorName: string | null;
  region: string | null;
  relayCapable: boolean;
  load: number | null;
  activeJobs: number | null;
  reputation: number | null;
  probation: boolean | null;
  /**
   * Every field that says who the node is, where, with which key, what it serves, for what price and for whom was in
   * the protocol's form where present. A node that is not is never sent a task: a number where a text belongs is a
   * directory misbehaving, and none of its node is trusted.
   */
  sound: boolean;
}

export interface DiscoveredCapability {
  intent: string | null;
  maxTokens: number | null;
  profiles: string[];
  models: string[];
  features: string[];
  contextTokens: number | null;
  quantization: string | null;
  modalities: string[];
}

/** The readable part of a discover answer: its nodes in the directory's order, a node listed twice only once. */
export interface DiscoverList {
  nodes: DiscoveredNode[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v.length > 0 && v.length <= max ? v : null;

/** A short list of short texts, or empty when it is not one (a list too long is not believed at all). */
function textList(v: unknown, maxItems: number, maxLength: number): string[] {
  if (!Array.isArray(v) || v.length > maxItems) return [];
  return v.map((x) => text(x, maxLength)).filter((x): x is string => x !== null);
}

function readCx(v: unknown): DiscoveredNode['cx'] {
  if (!isRecord(v)) return null;
  const key = text(v.key, 128);
  const keyId = text(v.key_id, 64);
  return key && keyId ? { key, keyId, features: textList(v.features, MAX_FEATURES, 64) } : null;
}

/** `iicp://host:port` with a port of 1–65535 and a host of plain name or address characters, else null. */
function readTransport(v: unknown): string | null {
  const t = text(v, 300);
  return t !== null && /^iicp:\/\/(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}\/?$/.test(t) ? t : null;
}

const positive = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/**
 * `limits.context_tokens.value` in tokens, as the production directory keeps typed limits, within the range the node
 * advertises its own models' context in (a context of 1e300 is no context).
 */
function contextOf(limits: unknown): number | null {
  const c = isRecord(limits) ? limits.context_tokens : undefined;
  const value = isRecord(c) && (c.unit === undefined || c.unit === 'tokens') ? positive(c.value) : null;
  return value !== null && value <= CONTEXT_TOKENS_MAX ? value : null;
}

/** The names of a listed `models`, those that pass the model name rule; a list too long is not believed at all. */
function modelsOf(v: unknown): string[] {
  return Array.isArray(v) && v.length <= MAX_MODELS ? soundModelNames(v) : [];
}

function readCapabilities(v: unknown[]): DiscoveredNode['capabilities'] {
  const out: DiscoveredNode['capabilities'] = [];
  for (const c of v) {
    // A capability for an intent that is not a text matches no intent: left out.
    if (!isRecord(c) || (c.intent !== undefined && typeof c.intent !== 'string')) continue;
    const t = c.max_tokens;
    out.push({
      intent: typeof c.intent === 'string' ? c.intent : null,
      maxTokens: positive(t),
      profiles: textList(c.supported_profiles, MAX_PROFILES, 128),
      models: modelsOf(c.models),
      features: textList(c.features, MAX_CAPABILITY_FEATURES, 255),
      contextTokens: contextOf(c.limits),
      quantization: isSoundModelName(c.quantization, 64) ? c.quantization : null,
      modalities: textList(c.input_modalities, 8, 16),
    });
  }
  return out;
}

/** The multiplier a node asks when its listing names none: the protocol's default, the base rate. */
export const DEFAULT_MULTIPLIER = 1;

/**
 * The price a listed node asks (a multiplier of the base rate), as every page reads it: its `pricing` block's, or the
 * protocol's default when the listing names none. One reading, so the gateway's "lowest price" and the demand card's
 * "your price among the others" never tell one list two ways.
 */
export function listedMultiplier(n: Pick<DiscoveredNode, 'price'>): number {
  return n.price ?? DEFAULT_MULTIPLIER;
}

/** The multiplier a `pricing` object holds, when it holds a sound one. */
function pricingMultiplier(v: unknown): number | null {
  return multiplier(isRecord(v) ? v.credit_cost_multiplier : undefined);
}

/** A multiplier as a listing may hold one: a finite number from 0 to a million; else null. */
function multiplier(m: unknown): number | null {
  return typeof m === 'number' && Number.isFinite(m) && m >= 0 && m <= 1e6 ? m : null;
}

/** One listed entry, or null when it is not an object at all. */
export function readDiscoveredNode(raw: unknown): DiscoveredNode | null {
  if (!isRecord(raw)) return null;
  const id = NodeIdSchema.safeParse(raw.node_id);
  const endpoint = text(raw.endpoint, 2048);
  const cx = readCx(raw.cx_public_key);
  const models = modelsOf(raw.models);
  const caps = Array.isArray(raw.capabilities) && raw.capabilities.length <= MAX_CAPABILITIES ? raw.capabilities : null;
  // The PHP directory lists the multiplier it holds at the top level; others in a `pricing` object. Either is read,
  // the object first; a top-level one that is neither a number nor null is unsound like any other malformed field.
  const inPricing = pricingMultiplier(raw.pricing);
  const topLevel = multiplier(raw.credit_cost_multiplier);
  const fp = raw.operator_fingerprint;
  const operator = typeof fp === 'string' && /^[0-9a-f]{12}$/.test(fp) ? fp : null;
  const given = (v: unknown) => v !== undefined;
  const sound =
    (!given(raw.endpoint) || endpoint !== null) &&
    (!given(raw.cx_public_key) || cx !== null) &&
    (!given(raw.models) || (Array.isArray(raw.models) && raw.models.length <= MAX_MODELS)) &&
    (!given(raw.capabilities) || caps !== null) &&
    (!given(raw.pricing) || inPricing !== null) &&
    (raw.credit_cost_multiplier == null || topLevel !== null) &&
    (!given(fp) || typeof fp === 'string');
  return {
    nodeId: id.success ? id.data : null,
    endpoint,
    transportEndpoint: readTransport(raw.transport_endpoint),
    cx,
    models,
    capabilities: caps ? readCapabilities(caps) : [],
    price: inPricing ?? topLevel,
    operator,
    operatorName: operator === null ? null : text(raw.operator_display_name, 64),
    region: text(raw.region, 64),
    relayCapable: raw.relay_capable === true,
    load: finite(raw.load),
    activeJobs:
      finite(raw.active_jobs) !== null && (raw.active_jobs as number) >= 0 ? (raw.active_jobs as number) : null,
    reputation: finite(raw.reputation_score),
    probation: typeof raw.probation === 'boolean' ? raw.probation : null,
    sound,
  };
}

/**
 * The nodes of a discover answer, or null when it holds no list of nodes (then it is not a discover answer). Entries
 * that are not objects are left out, and so is a second entry for an id already read.
 */
export function readDiscoverAnswer(body: unknown): DiscoverList | null {
  if (!isRecord(body) || !Array.isArray(body.nodes)) return null;
  const nodes: DiscoveredNode[] = [];
  const seen = new Set<string>();
  for (const raw of body.nodes.slice(0, DISCOVER_NODES_READ)) {
    const node = readDiscoveredNode(raw);
    if (!node) continue;
    if (node.nodeId !== null) {
      if (seen.has(node.nodeId)) continue;
      seen.add(node.nodeId);
    }
    nodes.push(node);
  }
  return { nodes };
}
