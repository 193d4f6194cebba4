import { english, inEnglish } from '@shared/i18n/say';
import { readdirSync, statSync } from 'node:fs';
import { arch, release } from 'node:os';
import { join } from 'node:path';
import {
  API_VERSION,
  type DetectionResult,
  type DiagnosticsBundle,
  type EngineEvent,
  type EventLevel,
} from '@shared/contract';
import type { CommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import { eventWords } from '@shared/words/event-words';
import { SECRET_NAMES } from '../identity';
import { isoSeconds } from '../logging';
import { MAX_HEALTH_BODY_BYTES } from '../nat';
import { readBodyCapped } from '../net';
import { attempt, errorText, type DiagnosticsSources } from './diagnostics-sources';
import { nodeRedactor } from './node-redactor';

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

const fileStamp = (d: Date) => isoSeconds(d).replace(/:/g, '');

/**
 * The diagnostics bundle (one JSON file a person can preview and attach to a support request) and the "Save logs"
 * export. Both are masked by `Redactor` (node-redactor.ts) with the secrets known at the moment they are made.
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
    const masked = nodeRedactor(this.s, snap, settings, detection, health).value({
      ...raw,
      versions: null,
      redaction: null,
    });
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
    const red = nodeRedactor(
      this.s,
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
