/** The masked diagnostics bundle a person can preview and save. */
import type { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import type { AvailabilityInfo } from './availability';
import type { EarningsInfo } from './earnings';
import type { ReachabilityInfo } from './network';
import type { EngineEvent, LifecycleState, NodeSnapshot, TaskSummary } from './node';
import { Empty } from './schema-parts';
import type { InEnglish } from '../i18n/say';
import type { Settings } from './settings';
import type { DetectionResult } from './setup';

/** A part of the bundle that could not be read says why instead. */
export type DiagnosticsPart<T> = T | { error: string };

/**
 * What `getDiagnostics` returns as JSON text: enough to tell why a node does not serve, without anything that
 * identifies the person or unlocks the node. Every string has been masked (see `redaction`): secrets by value,
 * tokens and keys by shape, e-mail addresses, IP addresses (only their kind stays), URL user parts and queries,
 * and home-folder paths.
 */
export interface DiagnosticsBundle {
  kind: 'iicp-provider-diagnostics';
  schema: 1;
  generatedAt: string;
  /** What was masked, in plain words. */
  redaction: string;
  versions: {
    app: string;
    apiVersion: number;
    host: 'electron' | 'headless';
    node: string;
    electron: string | null;
    chrome: string | null;
    v8: string;
    platform: string;
    arch: string;
    osRelease: string;
  };
  node: {
    nodeId: string | null;
    state: LifecycleState;
    stateSince: string;
    stateReason: string | null;
    available: boolean;
    pausedUntil: string | null;
    setupCompleted: boolean;
    capacity: NodeSnapshot['capacity'];
    today: NodeSnapshot['today'];
    recentTasks: TaskSummary[];
  };
  dataDir: string;
  logFiles: DiagnosticsPart<{ name: string; bytes: number }[]>;
  settings: DiagnosticsPart<Settings>;
  fixedSettings: (keyof Settings)[];
  limitations: string[];
  /** Where the secrets live and which are set; never their values. */
  secrets: DiagnosticsPart<{ store: string; encryptedAtRest: boolean; present: Record<string, boolean> }>;
  /** The node's own `GET /iicp/health` answer, fetched on this computer. */
  health: DiagnosticsPart<{ status: number; body: unknown }>;
  /** The reachability ladder's result with its detection steps (NAT, router mapping), its sentences in English. */
  reachability: InEnglish<ReachabilityInfo>;
  /** The running backend watch, its sentences in English, and a fresh detection of local LLM servers. */
  backend: { monitor: InEnglish<NodeSnapshot['backend']>; detection: DiagnosticsPart<InEnglish<DetectionResult>> };
  /** The directory link, its sentence in English for whoever reads the bundle. */
  directory: Omit<NodeSnapshot['directory'], 'message'> & { message: string | null };
  /** The availability as the page has it, its sentence in English for whoever reads the bundle. */
  availability: Omit<AvailabilityInfo, 'message'> & { message: string | null };
  earnings: EarningsInfo;
  /** The newest events, newest first. */
  recentEvents: DiagnosticsPart<EngineEvent[]>;
}

/** Request schemas of the diagnostics commands (validated in main before the engine sees them). */
export const diagnosticsCommands = {
  /** The diagnostics bundle as the exact JSON text to preview and save (masked; see `DiagnosticsBundle`). */
  getDiagnostics: Empty,
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each diagnostics command can answer with (besides `internal`). */
export const diagnosticsErrors = {
  getDiagnostics: ['invalid_request'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
