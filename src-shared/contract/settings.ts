/** The settings a person can change, with their rules and defaults. */
import { FIRST_RUN_NAMES } from '../i18n/first-run-name';
import { LANGUAGE_CHOICES } from '../i18n/languages';
import { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import { PRICING_MODELS } from './earnings';
import { PORT_MAPPING_MODES } from './network';
import { DEFAULT_GATEWAY_SETTINGS, GatewaySettingsSchema } from './gateway';
import { Empty, httpUrl, PersonName } from './schema-parts';
import { countInvisibleChars } from '../text/foreign-text';

/** The production directory's rule for a region (a letter first, then letters, digits, `-`, `_`), at most 64. */
export const REGION_RULE = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The id of an LLM server added after the first (the first is `main`). */
export const SERVER_ID_RULE = /^[a-z0-9]{4,16}$/;
/** LLM servers besides the first one: eight in all behind one node. */
export const MAX_MORE_BACKENDS = 7;

/** One trusted proxy: an IP address or a range in CIDR form. */
const TRUSTED_PROXY = z
  .string()
  .trim()
  .pipe(
    z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
      error: 'must be an IP address (192.0.2.10) or a range (192.0.2.0/24)',
    }),
  );

/** A program's name as the computer lists it: one line of printable text. */
const PROGRAM_NAME = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .refine((s) => countInvisibleChars(s) === 0, 'must be a program name without control characters');

/** Settings the person can change. Every field has a default, so a fresh data directory is valid. */
export const SettingsSchema = z
  .object({
    /** This computer's name among the person's machines: the same rule as every name they give (name-rule.ts). */
    displayName: PersonName,
    /** The production directory's own rule: it refuses every REGISTER with any other region. */
    region: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(
        REGION_RULE,
        'must start with a letter, then letters, digits, - or _ (for example eu-west); the directory refuses anything else',
      ),
    directoryUrl: httpUrl,
    taskPort: z.number().int().min(1024).max(65535),
    publicEndpoint: httpUrl.nullable(),
    /** Ask the router to forward the task port (UPnP / NAT-PMP); `auto` tries UPnP, then NAT-PMP. */
    portMapping: z.enum(PORT_MAPPING_MODES),
    /**
     * Start a Cloudflare quick tunnel (cloudflared on PATH, never downloaded) when no direct way in works. Opt-in:
     * it makes an account-less tunnel through Cloudflare, whose URL changes with every start.
     */
    quickTunnel: z.boolean(),
    /** Serve through a relay node when nothing else works (the last rung; on by default). */
    relayFallback: z.boolean(),
    /** Accept unencrypted (non IICP-CX) tasks through a relay, which could read them; off by default. */
    relayPlaintext: z.boolean(),
    /**
     * Reverse proxies in front of the task port (addresses or ranges such as 10.0.0.0/8): only on their connections
     * does the node read the consumer's address from a forwarding header. Empty by default: nobody's headers count.
     */
    trustedProxies: z.array(TRUSTED_PROXY).max(32),
    maxConcurrent: z.number().int().min(1).max(64),
    /** The local LLM server (Ollama, LM Studio, vLLM, llama.cpp), e.g. http://127.0.0.1:11434. */
    backendUrl: httpUrl.nullable(),
    /**
     * More LLM servers behind the same node (another program on this computer, another box on the LAN): the node
     * offers the models of all of them and sends each task to one that has its model. Their keys are secrets.
     */
    moreBackends: z
      .array(
        z
          .object({ id: z.string().regex(SERVER_ID_RULE, 'must be 4 to 16 lowercase letters or digits'), url: httpUrl })
          .strict(),
      )
      .max(MAX_MORE_BACKENDS)
      .refine((list) => new Set(list.map((b) => b.id)).size === list.length, 'each server needs its own id'),
    /** Used when a task names no model; null = the first model the server lists. */
    defaultModel: z.string().trim().min(1).max(255).nullable(),
    /** Models on the server that are never offered to the network. */
    excludedModels: z.array(z.string().trim().min(1).max(255)).max(256),
    /** Largest `max_tokens` a task may ask for (advertised to the directory). */
    maxTokens: z.number().int().min(1).max(1_000_000),
    /** Offer plain text completion (`/v1/completions`) besides chat for chat models. */
    offerCompletion: z.boolean(),
    tokensPerMin: z.number().int().min(1).max(100_000_000),
    /** Offer the node only while the computer runs on mains power (desktop app only). */
    onlyOnMains: z.boolean(),
    /** Offer it only after this many minutes without keyboard or mouse input; null = always (desktop app only). */
    idleMinutes: z.number().int().min(1).max(240).nullable(),
    /** The owner comes first: when the node gives the GPU back, and for how long. */
    ownerFirst: z
      .object({
        /** Pause while another program uses the GPU (a game, a render). */
        gpuPrograms: z.boolean(),
        /** Pause while an app fills the screen (where the computer tells). */
        fullscreen: z.boolean(),
        /** Pause while any of these programs runs (names as the computer lists them). */
        programs: z.array(PROGRAM_NAME).max(64),
        /** How long running tasks may finish once you need the GPU. */
        graceSeconds: z.number().int().min(0).max(600),
        /** How long after your use ends the node waits before it serves again. */
        cooldownSeconds: z.number().int().min(0).max(3600),
        /** Ask the LLM server to free the GPU's memory while you use it (Ollama, LM Studio). */
        freeMemory: z.boolean(),
        /** Keep at least this much GPU memory free for you (GB); null = no floor. */
        vramFloorGb: z.number().min(0.5).max(1024).nullable(),
        /** Pause above this GPU power (watts) or temperature (°C); null = no limit. */
        maxPowerW: z.number().int().min(10).max(5000).nullable(),
        maxTemperatureC: z.number().int().min(40).max(120).nullable(),
      })
      .strict(),
    /** What serving costs in power: the electricity price, and the GPU's typical watts where nothing measures them. */
    energy: z
      .object({
        /** The person's price of a kWh, in `currency`; null = not entered (kWh are shown, no cost). */
        pricePerKwh: z.number().min(0).max(100).nullable(),
        /** ISO 4217 code ("EUR"). */
        currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as EUR'),
        /** Watts the computer draws above idle while it generates, used only where no power meter can be read. */
        typicalWatts: z.number().int().min(1).max(5000).nullable(),
      })
      .strict(),
    /**
     * Multiplier on the network's base credit rate. 0, or 0.001–1000 with at most 4 decimals: the
     * directory re-creates the signed bytes with PHP's float formatting, which agrees with ours only there.
     */
    creditCostMultiplier: z
      .number()
      .min(0)
      .max(1000)
      .refine((n) => n === 0 || n >= 0.001, 'must be 0 or at least 0.001')
      .refine((n) => Math.round(n * 1e4) / 1e4 === n, 'at most 4 decimals'),
    pricingModel: z.enum(PRICING_MODELS),
    theme: z.enum(['system', 'light', 'dark']),
    /** The language of every word the app shows: the system's (or browser's) own, or one chosen here. */
    language: z.enum(LANGUAGE_CHOICES).default('system'),
    /** Desktop notifications, one switch per kind of notice (the Dashboard lists every notice whatever they say). */
    notifications: z
      .object({
        offline: z.boolean(),
        backend: z.boolean(),
        reachability: z.boolean(),
        earnings: z.boolean(),
        fleet: z.boolean().default(true),
      })
      .strict(),
    /** Look for a new version at start and every 6 hours (desktop app only; installing always asks first). */
    checkForUpdates: z.boolean(),
    /** "Use the network": the local gateway for apps on this computer, off by default. */
    gateway: GatewaySettingsSchema,
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  // The wizard saves the name in the language it speaks (i18n/first-run-name.ts); until then it is the English one.
  displayName: FIRST_RUN_NAMES.en,
  region: 'unknown',
  directoryUrl: 'https://iicp.network/api',
  taskPort: 9484,
  publicEndpoint: null,
  portMapping: 'auto',
  quickTunnel: false,
  relayFallback: true,
  relayPlaintext: false,
  trustedProxies: [],
  maxConcurrent: 2,
  backendUrl: null,
  moreBackends: [],
  defaultModel: null,
  excludedModels: [],
  maxTokens: 8192,
  offerCompletion: true,
  tokensPerMin: 10000,
  onlyOnMains: false,
  idleMinutes: null,
  ownerFirst: Object.freeze({
    gpuPrograms: true,
    fullscreen: true,
    programs: [],
    graceSeconds: 10,
    cooldownSeconds: 120,
    freeMemory: true,
    vramFloorGb: null,
    maxPowerW: null,
    maxTemperatureC: null,
  }),
  energy: Object.freeze({ pricePerKwh: null, currency: 'EUR', typicalWatts: null }),
  creditCostMultiplier: 1,
  pricingModel: 'per_token',
  theme: 'system',
  language: 'system',
  notifications: Object.freeze({ offline: true, backend: true, reachability: true, earnings: true, fleet: true }),
  checkForUpdates: true,
  gateway: DEFAULT_GATEWAY_SETTINGS,
};

/**
 * A change of some settings: every field optional and none filled in. Zod fills a field's default even inside
 * `.partial()`, so a save of the gateway's limits would carry `language: 'system'`, set the language back and name it
 * as changed; a field's default belongs to stored settings, never to a change.
 */
const SettingsPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(SettingsSchema.shape).map(([field, schema]) => [
        field,
        (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional(),
      ]),
    ) as unknown as ReturnType<typeof SettingsSchema.partial>['shape'],
  )
  .strict();

/** Request schemas of the settings commands (validated in main before the engine sees them). */
export const settingsCommands = {
  getSettings: Empty,
  /** Change some settings; fields not given keep their value. */
  updateSettings: SettingsPatchSchema,
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each settings command can answer with (besides `internal`). */
export const settingsErrors = {
  getSettings: ['invalid_request', 'engine_unavailable'],
  updateSettings: ['invalid_request', 'engine_unavailable', 'store_error'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
