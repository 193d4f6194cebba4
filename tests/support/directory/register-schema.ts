/**
 * REGISTER body rules of PHP `RegisterController` (top-level fields and capability objects), plus the checks PHP runs
 * right after `validate()` (`prepareValidatedPayload`). Each post-check throws a single-field
 * ValidationException in PHP, so they run in order and stop at the first failure.
 */
import { z } from 'zod';
import { any, bool, date, int, isPlainObject, list, map, num, obj, parseDate, str, url, type Fields } from './laravel';

export const NODE_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/;
const INTENT = /^urn:iicp:intent:(?:[a-z][a-z0-9_]*|x\.[a-z][a-z0-9-]*):[a-z][a-z0-9_-]*:v[1-9][0-9]*$/;
const REGION = /^[a-zA-Z][a-zA-Z0-9\-_]*$/;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,31}$/;
const IMPLEMENTATION_NAME = /^[A-Za-z0-9@][A-Za-z0-9._/@+-]{0,63}$/;
const HOUR_MINUTE = /^([01]\d|2[0-3]):[0-5]\d$/;

const MODALITIES = ['text', 'image', 'audio', 'video'] as const;
export const TRANSPORT_METHODS = [
  'direct',
  'upnp_mapped',
  'stun_hole_punch',
  'turn_relay',
  'external_tunnel',
  'unknown',
];
export const NAT_TYPES = ['full_cone', 'restricted_cone', 'port_restricted', 'symmetric', 'unknown'];
export const EXPOSURE_MODES = [
  'outbound_only',
  'ipv4_public_direct',
  'ipv4_cgnat_blocked',
  'ipv6_direct_firewall_required',
  'ipv6_direct_pinhole_available',
  'relay_required',
  'tunnel_required',
  'dual_stack_available',
];
export const BACKENDS = ['ollama', 'lmstudio', 'vllm', 'llamacpp', 'meshllm', 'anthropic', 'custom'];
export const PRICING_MODELS = ['per_token', 'per_request', 'flat'];
const PROVENANCE_SOURCES = [
  'heuristic_fallback',
  'operator_assertion',
  'provider_metadata',
  'runtime_introspection',
  'conformance_probe',
];
const LIMIT_UNITS = ['tokens', 'items', 'bytes', 'milliseconds', 'dimensions'];

const CapabilitySchema = z.object(
  {
    intent: str({ required: true, regex: INTENT }),
    version: str({ min: 1, max: 32 }),
    phase: int({ min: 1 }),
    variant_id: str({ max: 64, regex: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/ }),
    models: list(str({ max: 255 }), { max: 64, distinct: true }),
    max_tokens: int({ min: 1 }),
    quantization: str({ nullable: true, max: 32 }),
    inference_engine: str({ nullable: true, max: 32 }),
    input_modalities: list(str({ in: MODALITIES }), { nullable: true }),
    output_modalities: list(str({ in: MODALITIES }), { max: 16, distinct: true }),
    features: list(str({ max: 255 }), { max: 64, distinct: true }),
    execution_capabilities: list(str({ max: 255 }), { max: 64, distinct: true }),
    limits: map({ max: 32 }),
    claim_provenance: obj(
      {
        source: str({ required: true, in: PROVENANCE_SOURCES }),
        observed_at: date({}),
        valid_until: date({}),
        evidence_ref: str({ max: 255 }),
      },
      {},
    ),
    extensions: map({ max: 32 }),
    supported_profiles: list(str({ max: 160, regex: /^urn:iicp:profile:[a-z0-9][a-z0-9._:-]*$/ }), {
      max: 16,
      distinct: true,
    }),
  },
  { error: () => 'The :attribute field must be an array.' },
);

const PricingSchema = obj(
  {
    credit_cost_multiplier: num({ min: 0, max: 1000 }),
    pricing_model: str({ in: PRICING_MODELS }),
    declaration_signature: str({ nullable: true, max: 128 }),
    effective_from: date({ nullable: true }),
    effective_until: date({ nullable: true }),
  },
  {},
).superRefine((p, ctx) => {
  const from = parseDate(p?.effective_from);
  const until = parseDate(p?.effective_until);
  if (from !== null && until !== null && !(until > from)) {
    ctx.addIssue({
      code: 'custom',
      path: ['effective_until'],
      message: 'The :attribute field must be a date after pricing.effective_from.',
    });
  }
});

export const RegisterSchema = z.object({
  // http/https and routability are enforced by the controller (RoutableEndpoint), see register.ts.
  endpoint: url({ required: true, max: 255 }),
  transport_endpoint: url({ nullable: true, max: 255, schemes: ['iicp', 'iicpsec'] }),
  region: str({ required: true, max: 64, regex: REGION }),
  node_id: str({ max: 36, regex: NODE_ID_PATTERN }),
  current_node_token: str({ nullable: true, max: 64 }),
  public_key: str({ nullable: true }),
  capabilities: list(CapabilitySchema, { required: true, min: 1 }),
  // Its `required_with` member rules are checked by `delegationFieldErrors` (operator-identity.ts).
  operator_delegation: any(),
  // eslint-disable-next-line no-control-regex -- PHP's own rule: display names must not carry control characters.
  operator_display_name: str({ nullable: true, max: 64, regex: /^[^\x00-\x1f\x7f]*$/ }),
  operator_created_at: str({ nullable: true, max: 40 }),
  operator_integrity_hash: str({ nullable: true, size: 64, regex: /^[0-9a-f]{64}$/ }),
  limits: obj(
    {
      max_concurrent: int({ required: true, min: 1, max: 256 }),
      tokens_per_min: int({ required: true, min: 1 }),
    },
    { required: true },
  ),
  relay_capable: bool({}),
  backend: str({ nullable: true, in: BACKENDS }),
  policy: obj(
    {
      allow_remote_inference: bool({}),
      allow_tool_execution: bool({}),
      allow_file_access: bool({}),
      pricing_credits_per_1000: num({ nullable: true, min: 0, max: 1000 }),
    },
    {},
  ),
  // Signed-manifest verification is not reproduced; the object is stored as sent.
  policy_manifest: map({ nullable: true }),
  availability: list(
    obj(
      {
        start: str({
          required: true,
          regex: HOUR_MINUTE,
          regexMessage: 'The :attribute field must match the format H:i.',
        }),
        end: str({
          required: true,
          regex: HOUR_MINUTE,
          regexMessage: 'The :attribute field must match the format H:i.',
        }),
        share: num({ min: 0, max: 1 }),
      },
      { required: true },
    ),
    {},
  ),
  listing: obj(
    {
      public_listing: bool({}),
      operator_url: url({ nullable: true, max: 256 }),
      operator_contact: str({ nullable: true, max: 256 }),
    },
    {},
  ),
  node_hmac_key: str({ nullable: true, max: 128 }),
  pricing: PricingSchema,
  transport_method: str({ nullable: true, in: TRANSPORT_METHODS }),
  nat_type: str({ nullable: true, in: NAT_TYPES }),
  transport_metadata: map({ nullable: true }),
  transport_candidates: map({ nullable: true }),
  relay_endpoint: str({ nullable: true, max: 255 }),
  sdk_language: str({ nullable: true, max: 32, regex: /^[a-z0-9_-]+$/ }),
  implementation_name: str({ nullable: true, max: 64, regex: IMPLEMENTATION_NAME }),
  implementation_version: str({ nullable: true, max: 32, regex: VERSION }),
  sdk_compatibility_version: str({ nullable: true, max: 32, regex: VERSION }),
  sdk_version: str({ nullable: true, max: 32, regex: VERSION }),
  supported_receipt_profiles: list(str({ in: ['consumer_cosignature_v1'] }), { max: 4 }),
  auto_update_enabled: bool({ nullable: true }),
  auto_update_interval_s: int({ nullable: true, min: 300, max: 86400 }),
  sdk_latest_seen: str({ nullable: true, max: 32 }),
  sdk_update_last_checked_at: date({ nullable: true }),
  sdk_update_error_class: str({ nullable: true, max: 64 }),
  exposure_mode: str({ nullable: true, in: EXPOSURE_MODES }),
  cx_public_key: obj(
    {
      algorithm: str({ required: true, in: ['X25519'] }),
      encoding: str({ required: true, in: ['base64url'] }),
      key: str({ required: true, max: 128 }),
      key_id: str({ required: true, max: 32 }),
      not_after: date({ nullable: true }),
      hybrid_pq: any(),
      features: list(str({ max: 64 }), { max: 16 }),
    },
    { nullable: true },
  ),
});

export type RegisterInput = z.infer<typeof RegisterSchema>;
export type CapabilityInput = z.infer<typeof CapabilitySchema>;

/** PHP `sortCapability` + `json_encode`: object keys sorted recursively, list order kept. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const isNumeric = (v: unknown): boolean =>
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

function validLimit(name: string, limit: unknown): boolean {
  return (
    /^[a-z][a-z0-9_]{0,63}$/.test(name) &&
    isPlainObject(limit) &&
    Object.keys(limit).length === 2 &&
    'value' in limit &&
    'unit' in limit &&
    isNumeric(limit.value) &&
    Number(limit.value) >= 0 &&
    typeof limit.unit === 'string' &&
    LIMIT_UNITS.includes(limit.unit)
  );
}

function validExtension(name: string, ext: unknown): boolean {
  return (
    /^[a-z0-9][a-z0-9._:-]{2,127}$/.test(name) &&
    name.includes('.') &&
    isPlainObject(ext) &&
    Object.keys(ext).length === 2 &&
    typeof ext.required === 'boolean' &&
    'value' in ext
  );
}

/** A JSON list used as a map has integer keys, which never match the name patterns. */
function entriesOf(v: unknown): [string, unknown][] {
  if (isPlainObject(v)) return Object.entries(v);
  return Array.isArray(v) ? v.map((x, i) => [String(i), x]) : [];
}

/** `normalizeSdkVersions` then `validateCapabilities`; returns the first failure like PHP. */
export function postValidate(data: RegisterInput): Fields | null {
  const preferred = data.sdk_compatibility_version ?? null;
  const legacy = data.sdk_version ?? null;
  if (preferred !== null && legacy !== null && preferred !== legacy) {
    return { sdk_compatibility_version: ['Must match sdk_version when both fields are supplied.'] };
  }
  const seenObjects = new Set<string>();
  const seenVariants = new Set<string>();
  for (const [idx, cap] of data.capabilities.entries()) {
    const canonical = canonicalJson(cap);
    if (seenObjects.has(canonical)) {
      return { [`capabilities.${idx}`]: ['Exact duplicate capability variants are not allowed.'] };
    }
    seenObjects.add(canonical);
    if (cap.variant_id !== undefined) {
      const identity = `${cap.intent}\u0000${cap.variant_id}`;
      if (seenVariants.has(identity)) {
        return { [`capabilities.${idx}.variant_id`]: ['variant_id must be unique for this intent.'] };
      }
      seenVariants.add(identity);
    }
    if (!entriesOf(cap.limits).every(([n, l]) => validLimit(n, l))) {
      return { [`capabilities.${idx}.limits`]: ['Invalid typed capability limit.'] };
    }
    if (!entriesOf(cap.extensions).every(([n, e]) => validExtension(n, e))) {
      return { [`capabilities.${idx}.extensions`]: ['Invalid namespaced capability extension.'] };
    }
  }
  return null;
}
