/** The engine's own process and the app's self-update, which the host answers for. */
import type { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import { Empty } from './schema-parts';
import { said, type Said } from '../i18n/said';

/**
 * The engine runs in its own process, watched by the host: a crash or a freeze restarts it (`restarting`); too many
 * in a minute and the host stops trying (`failed`) until the person asks again (`restartEngine`).
 */
export interface EngineProcessInfo {
  state: 'running' | 'restarting' | 'failed';
  /** Unexpected stops since the host started. */
  restarts: number;
  /** Plain words: why it is restarting, or what stopped it and what to do; null while it runs normally. */
  message: string | null;
  /** When this state began (ISO). */
  since: string;
  /** The engine process's id while one runs (for the person's task manager and the diagnostics), else null. */
  pid: number | null;
}

export const UPDATE_STATES = [
  'idle',
  'checking',
  'downloading',
  'downloaded',
  'waiting_for_tasks',
  'installing',
  'error',
] as const;
export type UpdateState = (typeof UPDATE_STATES)[number];

/** The app's self-update, as the Settings page shows it. */
export interface UpdateStatus {
  /** False when this build cannot update itself (the headless host, a development build); `reason` says why. */
  supported: boolean;
  reason: Said | null;
  currentVersion: string;
  /** Whether the app looks for updates by itself (Settings' `checkForUpdates`). */
  autoCheck: boolean;
  state: UpdateState;
  lastCheckAt: string | null;
  nextCheckAt: string | null;
  /** A newer version the app found (downloaded in the background), or null. */
  available: { version: string; releaseDate: string | null } | null;
  /** 0–100 while downloading, else null. */
  downloadPercent: number | null;
  /** The person agreed to install: it happens as soon as no task is running, or at the next quit. */
  consented: boolean;
  /** The last check or the error, as a sentence the page says in its language, or null. */
  message: Said | null;
}

/**
 * What a snapshot says about the engine's process before a host fills it in: an engine in the host's own process runs.
 */
export function runningEngine(since: string, pid: number | null = null): EngineProcessInfo {
  return { state: 'running', restarts: 0, message: null, since, pid };
}

export const UPDATES_ELSEWHERE = said('settings.updates.why.elsewhere');
export const HEADLESS_UPDATES = said('settings.updates.why.headless');

/** A host that does not update itself, and why (`reason`). */
export function updatesNotSupported(currentVersion: string, autoCheck: boolean, reason: Said): UpdateStatus {
  return {
    supported: false,
    reason,
    currentVersion,
    autoCheck,
    state: 'idle',
    lastCheckAt: null,
    nextCheckAt: null,
    available: null,
    downloadPercent: null,
    consented: false,
    message: null,
  };
}

/** Request schemas of the updates commands (validated in main before the engine sees them). */
export const updatesCommands = {
  /** After the engine stopped restarting itself (it kept crashing): try once more now. Answered by the host. */
  restartEngine: Empty,
  /** The app's self-update status. Answered by the host. */
  getUpdateStatus: Empty,
  /** Look for a new version now (downloads it in the background when there is one). Answered by the host. */
  checkForUpdates: Empty,
  /** The person's consent: install the downloaded version once no task is running (or at the next quit). */
  installUpdate: Empty,
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each updates command can answer with (besides `internal`). */
export const updatesErrors = {
  restartEngine: ['invalid_request', 'invalid_state'],
  getUpdateStatus: ['invalid_request'],
  checkForUpdates: ['invalid_request', 'invalid_state'],
  installUpdate: ['invalid_request', 'invalid_state'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
