/** What the network asks for: models wanted and scarce, this node's price among the others, and pulling a model. */
import { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import type { Said } from '../i18n/said';

/** An Ollama model name as `ollama pull` takes it: letters, digits and `. _ : / -`, no `..`. */
export const PULL_MODEL_RULE = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;

export interface DemandInfo {
  /**
   * When the directory's list of nodes these figures come from was fetched (ISO): the node's one discovery answer, the
   * one the gateway, "Why am I not getting tasks?" and the Machines page tell. Null while there is none: then no figure
   * about other nodes is given, since it would be a verdict built on nothing.
   */
  discoveredAt: string | null;
  /**
   * Models consumers asked this node for that it does not offer, over the last 7 days, most asked first (the node's own
   * feed).
   */
  asked: { model: string; times: number }[];
  /**
   * Models only one or two other nodes serve, fewest first: `nodes` of other people, `own` of the person's other
   * machines (this computer counted in neither); `yours`: this node offers it too. Empty without a list.
   */
  scarce: { model: string; nodes: number; own: number; yours: boolean }[];
  /**
   * This node's models, each with how many other people's nodes (`others`) and how many of the person's other machines
   * (`own`) serve it. Empty without a list.
   */
  mine: { model: string; others: number; own: number }[];
  /**
   * The node's price (multiplier of the base rate) among the other nodes that serve chat, each read as the gateway
   * reads it (its own price, else the base rate); null only while there is no list.
   */
  price: { yours: number; others: number; median: number | null; cheaper: number; dearer: number } | null;
  /** How many other nodes the list names. */
  nodesSeen: number;
  /** Why there is no list, or why it is not newer (a sentence of the catalogue), or null. */
  problem: Said | null;
  /**
   * Speech and moderation models on the network, per intent: how many other people's nodes (`nodes`) and of the
   * person's other machines (`own`) serve each, as `scarce` counts them (this computer in neither), whether this node
   * offers it, and how often consumers asked this node for it over the last 7 days, most asked first. Empty without a
   * list for that intent; an intent whose list could not be read is left out rather than told as "nobody serves it".
   */
  speech: {
    kind: 'transcribe' | 'speech' | 'moderate';
    model: string;
    nodes: number;
    own: number;
    yours: boolean;
    asked: number;
  }[];
  /** The node's Ollama servers, where a model can be pulled with one click. */
  pullTo: { server: string; url: string }[];
}

/** A model being pulled onto an Ollama server, as its `/api/pull` stream reports it. */
export interface PullInfo {
  server: string;
  model: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** Ollama's own status line ("pulling manifest", "pulling 6a0746a1ec1a"), cleaned: shown as quoted data. */
  status: string | null;
  /** Bytes of all layers done so far (each layer at the most it reported), or null before Ollama said. */
  completed: number | null;
  /** Bytes of all layers known so far, or null before Ollama said a size. */
  total: number | null;
  /** How far the pull is, 0 to 0.99 while it runs, never lower than before; null while no size is known. */
  fraction: number | null;
  /** Our sentence for the state. */
  words: Said;
  startedAt: string;
}

/** Request schemas of the demand commands (validated in main before the engine sees them). */
export const demandCommands = {
  /**
   * What the network asks for, from the node's one list of nodes (a few seconds old at most); `refresh` asks the
   * directory anew.
   */
  getDemand: z.object({ refresh: z.boolean().default(false) }).strict(),
  /** Pulls `model` onto the Ollama server `server`: only ever on the person's click. */
  pullModel: z
    .object({
      server: z.string().min(1).max(16),
      model: z.string().regex(PULL_MODEL_RULE, 'must be an Ollama model name such as qwen2.5:7b'),
    })
    .strict(),
  /** Stops the pull under way (Ollama keeps what it downloaded for a later pull). */
  cancelPull: z.object({}).strict(),
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each demand command can answer with (besides `internal`). */
export const demandErrors = {
  getDemand: ['invalid_request', 'engine_unavailable'],
  pullModel: ['invalid_request', 'invalid_state', 'engine_unavailable'],
  cancelPull: ['invalid_request', 'engine_unavailable'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
