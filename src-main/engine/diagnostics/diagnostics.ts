import { english, inEnglish } from '@shared/i18n/say';
import { readdirSync, statSync } from 'node:fs';
import { arch, release } from 'node:os';
import { join } from 'node:path';
import { isPathLike } from '../backends';
import {
  API_VERSION,
  DEFAULT_SETTINGS,
  type AppInfo,
  type DetectionResult,
  type DiagnosticsBundle,
  type EngineEvent,
  type EventLevel,
  type NodeSnapshot,
  type Settings,
} from '@shared/contract';
import type { CommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import { eventWords } from '@shared/words/event-words';
import { metMachine, SECRET_NAMES, type MachineRef, type SecretStore } from '../identity';
import { isoSeconds } from '../logging';
import { MAX_HEALTH_BODY_BYTES } from '../nat';
import { readBodyCapped } from '../net';
import { readMachineIdentity, type MachineIdentity } from './machine-identity';
import { escapeRegExp, type PrivateNameKind } from './private-names';
import { Redactor } from './redact';

/** What the diagnostics read from the running engine; every part may be missing or fail on its own. */
export interface DiagnosticsSources {
  appInfo(): AppInfo;
  snapshot(): NodeSnapshot;
  /** Throws while the engine is not running. */
  settings(): Settings;
  /** Newest first, as the event log pages; throws while the engine is not running. */
  events(limit: number, beforeId?: number): EngineEvent[];
  /** The running services, or null when the node is not running. */
  runtime(): {
    readonly taskPort: number | null;
    detect(extraUrls: readonly string[], apiKeys: readonly { url: string; apiKey: string }[]): Promise<DetectionResult>;
  } | null;
  /** Where the node's secrets live (their values are only used to mask them). */
  secretStore(): SecretStore | null;
  /** A backend API key given for this run only (IICP_BACKEND_API_KEY). */
  backendApiKey(): string | null;
  /** Names of programs this run has seen the owner use (what the owner-first watcher yielded to); masked by value. */
  programNames?(): readonly string[];
  /**
   * The person's machines on their list, by id and name (this computer's name is its settings' display name); masked by
   * value.
   */
  machines?(): readonly MachineRef[];
  /** This computer's user, name, home folder and addresses (default: read from the system each time). */
  machine?(): MachineIdentity;
  dataDir: string;
  now(): Date;
  /** The home folder, when it is not the machine's (tests). */
  home?: string;
  fetchImpl?: typeof fetch;
  /** Bounds the health call and the backend detection (default 4 s). */
  timeoutMs?: number;
}

export interface LogExportRequest {
  limit: number;
  level?: EventLevel;
  text?: string;
  event?: string;
}

const RECENT_EVENTS = 200;
/** Save logs looks this far back at most for matching events (the database keeps 50 000). */
const MAX_SCAN = 20_000;
const PAGE = 500;
const SEVERITY: Record<EventLevel, number> = { info: 0, warn: 1, error: 2 };

export const REDACTION_NOTE =
  "Masked before this file was made: the node token, HMAC key, IICP-CX private key and backend API key (by value), anything shaped like a token or key (JWTs, bearer tokens, key=value secrets, long hex or base64 strings), e-mail addresses, IP addresses (v4 and v6; only their kind is kept, e.g. <ipv4:private>) and MAC addresses, the user part and query of URLs, home-folder paths (~), and by value the names of the programs you run (your owner-first list and what the node gave the GPU back to), the names you gave your machines, your user name, this computer's name and its network addresses. A program's name is masked wherever it stands quoted, as a path segment or in a field that holds it; elsewhere only as a whole word of 6 characters or more (machine, user and computer names: 3 or more), so a program named after a short everyday word does not blot that word out everywhere.";

/** Fields of the bundle that hold nothing but a program's name: masked whole, however short the name. */
const NAME_FIELDS: Readonly<Record<string, PrivateNameKind>> = {
  'settings.ownerFirst.programs': 'program',
  'availability.owner.trigger.name': 'program',
};

/**
 * This computer's name until the person gives it one, numbered when an earlier machine has it
 * (fleet/first-run-name.ts).
 */
const FIRST_RUN_NAME = new RegExp(`^${escapeRegExp(DEFAULT_SETTINGS.displayName)}(?: \\d+)?$`);

const fileStamp = (d: Date) => isoSeconds(d).replace(/:/g, '');

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function attempt<T>(fn: () => T): T | { error: string } {
  try {
    return fn();
  } catch (err) {
    return { error: errorText(err) };
  }
}

/**
 * The diagnostics bundle (one JSON file a person can preview and attach to a support request) and the "Save logs"
 * export. Both are masked by `Redactor` with the secrets known at the moment they are made.
 */
export class Diagnostics {
  constructor(private readonly s: DiagnosticsSources) {}

  /** The bundle as the exact text that is shown in the preview and then saved. */
  async bundle(): Promise<{ filename: string; json: string }> {
    const at = this.s.now();
    const app = this.s.appInfo();
    const snap = this.s.snapshot();
    const settings = attempt(() => this.s.settings());
    const runtime = this.s.runtime();
    const [health, detection] = await Promise.all([this.health(runtime?.taskPort ?? null), this.detection(runtime)]);
    const events = attempt(() => this.s.events(RECENT_EVENTS));

    const raw: DiagnosticsBundle = {
      kind: 'iicp-provider-diagnostics',
      schema: 1,
      generatedAt: at.toISOString(),
      redaction: REDACTION_NOTE,
      versions: {
        app: app.appVersion,
        apiVersion: API_VERSION,
        host: app.host,
        node: process.versions.node,
        electron: process.versions.electron ?? null,
        chrome: process.versions.chrome ?? null,
        v8: process.versions.v8,
        platform: process.platform,
        arch: arch(),
        osRelease: release(),
      },
      node: {
        nodeId: snap.node.nodeId,
        state: snap.state,
        stateSince: snap.stateSince,
        stateReason: snap.stateReason === null ? null : english.said(snap.stateReason),
        available: snap.available,
        pausedUntil: snap.pausedUntil,
        setupCompleted: snap.setup.completed,
        capacity: snap.capacity,
        today: snap.today,
        recentTasks: snap.recentTasks,
      },
      dataDir: app.dataDir,
      logFiles: this.logFiles(),
      settings,
      fixedSettings: app.fixedSettings,
      limitations: app.limitations.map((l) => english.said(l)),
      secrets: this.secretsInfo(),
      health,
      reachability: inEnglish(snap.reachability),
      backend: { monitor: inEnglish(snap.backend), detection: inEnglish(detection) },
      directory: {
        ...snap.directory,
        message: snap.directory.message === null ? null : english.said(snap.directory.message),
      },
      availability: {
        ...snap.availability,
        message: snap.availability.message === null ? null : english.said(snap.availability.message),
      },
      earnings: snap.earnings,
      recentEvents: events,
    };
    // Version strings come from the runtime, not from the person, and look like IP addresses ("12.4.254.21"); the
    // note is our own fixed sentence.
    const masked = this.redactor(snap, settings, detection, health).value({ ...raw, versions: null, redaction: null });
    const json = `${JSON.stringify({ ...masked, redaction: raw.redaction, versions: raw.versions }, null, 2)}\n`;
    return { filename: `iicp-diagnostics-${fileStamp(at)}.json`, json };
  }

  /** Recent events as a plain text log (oldest first), with the Logs page's filters; masked like the bundle. */
  exportLogs(r: LogExportRequest): { filename: string; text: string; lines: number } {
    const at = this.s.now();
    const needle = r.text?.trim().toLowerCase() ?? '';
    const min = SEVERITY[r.level ?? 'info'];
    const picked: EngineEvent[] = [];
    let scanned = 0;
    let before: number | undefined;
    while (picked.length < r.limit && scanned < MAX_SCAN) {
      let page: EngineEvent[];
      try {
        page = this.s.events(PAGE, before);
      } catch (err) {
        if (err instanceof ContractError) throw err;
        throw new ContractError('store_error', said('refusal.node.eventsUnreadable', { detail: errorText(err) }));
      }
      scanned += page.length;
      for (const e of page) {
        if (SEVERITY[e.level] < min) continue;
        if (r.event && e.event !== r.event) continue;
        // The Logs page searches what it shows too (the sentence), so "Save these logs" saves what the page lists.
        if (
          needle &&
          !e.event.toLowerCase().includes(needle) &&
          !e.details.toLowerCase().includes(needle) &&
          !eventWords(e).sentence.toLowerCase().includes(needle)
        )
          continue;
        picked.push(e);
        if (picked.length >= r.limit) break;
      }
      const last = page[page.length - 1];
      if (page.length < PAGE || !last) break;
      before = last.id;
    }
    const snap = this.s.snapshot();
    const app = this.s.appInfo();
    const red = this.redactor(
      snap,
      attempt(() => this.s.settings()),
      null,
      null,
    );
    const filters = [
      r.level && r.level !== 'info' ? `level ≥ ${r.level}` : null,
      r.event ? `event = ${r.event}` : null,
      needle ? `contains "${r.text?.trim()}"` : null,
    ].filter(Boolean);
    const header = [
      `# IICP Provider ${app.appVersion} (${app.host}, ${process.platform}) — event log of node ${snap.node.nodeId ?? 'unknown'}`,
      `# Saved ${at.toISOString()}: ${picked.length} event${picked.length === 1 ? '' : 's'}, oldest first${filters.length ? `; filter: ${filters.join(', ')}` : ''}.`,
    ];
    // A row counting repeats says how many and until when, so the saved log loses none of them.
    const repeats = (e: EngineEvent) =>
      e.count && e.count > 1 ? ` (×${e.count}, the last at ${e.lastTs ?? e.ts})` : '';
    const body = picked
      .reverse()
      .map(
        (e) => `${e.ts} ${e.level.toUpperCase().padEnd(5)} ${e.event}${e.details ? ` ${e.details}` : ''}${repeats(e)}`,
      );
    // The note is our own sentence: masking it would only garble it where a name is also an ordinary word.
    const text = `${[...header.map((l) => red.text(l)), `# ${REDACTION_NOTE}`, ...body.map((l) => red.text(l))].join('\n')}\n`;
    return { filename: `iicp-logs-${fileStamp(at)}.txt`, text, lines: picked.length };
  }

  private redactor(
    snap: NodeSnapshot,
    settings: Settings | { error: string },
    detection: unknown,
    health: unknown,
  ): Redactor {
    const store = attempt(() => this.s.secretStore());
    const secrets: Record<string, string | null> = {};
    if (store && !('error' in store)) {
      for (const name of SECRET_NAMES) {
        try {
          secrets[name] = store.get(name);
        } catch {
          // An unreadable store: the shape rules still mask keys and tokens.
        }
      }
    }
    const runKey = this.s.backendApiKey();
    if (runKey) secrets.backend_api_key_for_this_run = runKey;
    // Harmless values that look like keys (a 36-character model name, the node id) are kept readable.
    const keep: string[] = [
      snap.node.nodeId ?? '',
      snap.appVersion,
      ...snap.backend.models,
      ...snap.recentTasks.map((t) => t.model ?? ''),
    ];
    if (!('error' in settings)) keep.push(settings.defaultModel ?? '', ...settings.excludedModels);
    const found = detection as DetectionResult | null;
    for (const c of found?.candidates ?? []) keep.push(...c.models.map((m) => m.name));
    const body = (health as { body?: { models?: unknown } } | null)?.body;
    if (Array.isArray(body?.models)) keep.push(...body.models.filter((m): m is string => typeof m === 'string'));
    const machine = attempt(() => (this.s.machine ?? readMachineIdentity)());
    const me: MachineIdentity = 'error' in machine ? { user: null, host: null, home: null, addresses: [] } : machine;
    // A model name that is a file path (an old setting, a server's own id) is masked like any other path.
    return new Redactor({
      secrets,
      home: this.s.home ?? me.home,
      keep: keep.filter((k) => !isPathLike(k)),
      names: {
        programs: this.programNames(snap, settings),
        machines: this.machineNames(settings),
        user: me.user,
        host: me.host,
      },
      addresses: me.addresses,
      fields: NAME_FIELDS,
    });
  }

  /**
   * Every program name known now: the owner-first list, what the watcher yields to now, and what it yielded to before.
   */
  private programNames(snap: NodeSnapshot, settings: Settings | { error: string }): string[] {
    const names: string[] = [];
    if (!('error' in settings)) names.push(...settings.ownerFirst.programs);
    const trigger = snap.availability.owner.trigger;
    if (trigger && 'name' in trigger && trigger.name) names.push(trigger.name);
    const seen = attempt(() => this.s.programNames?.() ?? []);
    if (!('error' in seen)) names.push(...seen);
    return names;
  }

  /**
   * The names the person gave their machines; names the app gave (the first-run name, a machine known by its id) say
   * nothing of them.
   */
  private machineNames(settings: Settings | { error: string }): string[] {
    const names = 'error' in settings ? [] : [settings.displayName];
    const listed = attempt(() => this.s.machines?.() ?? []);
    if (!('error' in listed))
      names.push(...listed.filter((m) => m.name !== metMachine(m.nodeId).name).map((m) => m.name));
    return names.filter((n) => !FIRST_RUN_NAME.test(n.trim()));
  }

  private secretsInfo(): DiagnosticsBundle['secrets'] {
    return attempt(() => {
      const store = this.s.secretStore();
      if (!store) return { error: 'no secret store' };
      const present: Record<string, boolean> = {};
      for (const name of SECRET_NAMES) present[name] = store.get(name) !== null;
      if (this.s.backendApiKey()) present.backend_api_key_for_this_run = true;
      return { store: store.description, encryptedAtRest: store.encryptedAtRest, present };
    });
  }

  private logFiles(): DiagnosticsBundle['logFiles'] {
    return attempt(() => {
      const dir = join(this.s.dataDir, 'logs');
      return readdirSync(dir)
        .sort()
        .map((name) => ({ name, bytes: statSync(join(dir, name)).size }));
    });
  }

  /** The node's own `/iicp/health` answer, as the directory and consumers get it. */
  private async health(port: number | null): Promise<DiagnosticsBundle['health']> {
    if (port === null) return { error: 'The task server is not listening (the node is not running).' };
    const fetchImpl = this.s.fetchImpl ?? fetch;
    let last = '';
    for (const host of ['127.0.0.1', '[::1]']) {
      try {
        const res = await fetchImpl(`http://${host}:${port}/iicp/health`, {
          signal: AbortSignal.timeout(this.s.timeoutMs ?? 4000),
          redirect: 'manual',
        });
        // Our own health answer is about a kilobyte; whatever else answers on that port is not read past this.
        const text = (await readBodyCapped(res, MAX_HEALTH_BODY_BYTES)).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        return { status: res.status, body };
      } catch (err) {
        last = errorText(err);
      }
    }
    return { error: `The task port did not answer on this computer: ${last}` };
  }

  /** A fresh look for local LLM servers (the usual ports and the configured one; about 3 s at most). */
  private async detection(
    runtime: ReturnType<DiagnosticsSources['runtime']>,
  ): Promise<DetectionResult | { error: string }> {
    if (!runtime) return { error: 'The node is not running.' };
    const limit = this.s.timeoutMs ?? 4000;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        runtime.detect([], []),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${limit} ms`)), limit);
        }),
      ]);
    } catch (err) {
      return { error: `Backend detection failed: ${errorText(err)}` };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The two commands, bound to one engine's sources. */
export function diagnosticsHandlers(
  sources: DiagnosticsSources,
): Pick<CommandHandlers, 'getDiagnostics' | 'exportLogs'> {
  const d = new Diagnostics(sources);
  return {
    getDiagnostics: () => d.bundle(),
    exportLogs: (r) => d.exportLogs(r),
  };
}
