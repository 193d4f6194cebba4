/**
 * `npm run headless -- --verify-earnings`: asks the node running on this data folder to check its awards against
 * the directory's signed record now (the whole log read again), prints what the Earnings page says, and exits 0 when
 * everything matches, 1 when something differs, 2 when the check could not be made (or stopped before the log's end). It talks to the running host
 * over its dashboard bridge with the folder's dashboard token, so the one process that owns the node does the work.
 */
import { join } from 'node:path';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, type AwardDifference, type VerificationInfo } from '@shared/contract';
import { quoteForeignText } from '@shared/text/foreign-text';
import { formatCredits } from '@shared/words/credits-words';
import { allMatch, CHECK_WORDS, differenceSentences, logWarnings, stoppedSentence, verificationSentence, waitingSentence } from '@shared/words/verification-words';
import { keptDashboardPort } from './dashboard-link';
import { SERVICE_TOKEN_FILE_NAME } from './service-plan';
import { readTokenFile } from './token-file';

/** Differing tasks printed at most (the Earnings page and the CSV have them all). */
const SHOWN = 20;
/** A whole log of a busy directory takes a while to read again. */
const VERIFY_TIMEOUT_MS = 15 * 60_000;

export interface VerifyOutcome {
  code: 0 | 1 | 2;
  text: string;
}

/** What the check says, as lines for a terminal. */
export function verificationReport(v: VerificationInfo, rows: readonly AwardDifference[], total: number, locale?: string): VerifyOutcome {
  const lines = [verificationSentence(v, locale)];
  const stopped = stoppedSentence(v, locale);
  if (stopped) lines.push(stopped);
  const waiting = waitingSentence(v, locale);
  if (waiting) lines.push(waiting);
  for (const w of logWarnings(v, locale)) lines.push(`Warning: ${w}`);
  lines.push(...differenceSentences(v, locale));
  for (const r of rows.slice(0, SHOWN)) {
    const amounts = [r.claimed !== null ? `claimed ${formatCredits(Number(r.claimed), locale)}` : null, r.signed !== null ? `signed ${formatCredits(Number(r.signed), locale)}` : null].filter(Boolean).join(', ');
    lines.push(`  ${quoteForeignText(r.taskId, 80)} — ${CHECK_WORDS[r.check].label}${amounts ? ` (${amounts})` : ''}: ${CHECK_WORDS[r.check].why}`);
  }
  if (total > SHOWN) lines.push(`  … and ${total - SHOWN} more: the Earnings page and the CSV export list them all.`);
  // What differs is certain even in a check that stopped early; "all match" is not until the log was read to its end.
  const code = v.state !== 'done' ? 2 : !allMatch(v) ? 1 : v.stopped ? 2 : 0;
  return { code, text: `${lines.join('\n')}\n` };
}

/** Runs the check through the host on `dataDir`'s dashboard (its kept port, or `port`) and says what it found. */
export async function verifyEarnings(dataDir: string, port?: number | null): Promise<VerifyOutcome> {
  const p = port ?? keptDashboardPort(dataDir);
  let token: string;
  try {
    token = readTokenFile(join(dataDir, SERVICE_TOKEN_FILE_NAME));
  } catch {
    return { code: 2, text: 'No IICP Provider has run on this data folder yet (it has no dashboard token). Start it with npm run headless first.\n' };
  }
  if (p === null) return { code: 2, text: 'IICP Provider is not running on this data folder. Start it with npm run headless, then run this again.\n' };
  let bridge: BridgeClient;
  try {
    bridge = await BridgeClient.open(`ws://127.0.0.1:${p}${BRIDGE_PATH}`, token);
  } catch {
    return { code: 2, text: 'IICP Provider is not running on this data folder (its dashboard does not answer). Start it with npm run headless, then run this again.\n' };
  }
  try {
    const v = (await bridge.call('verifyEarnings', {}, VERIFY_TIMEOUT_MS)) as VerificationInfo;
    const list = (await bridge.call('listAwardDifferences', { limit: SHOWN }, 30_000)) as { rows: AwardDifference[]; total: number };
    return verificationReport(v, list.rows, list.total);
  } catch (err) {
    return { code: 2, text: `The check could not be made: ${err instanceof Error ? err.message : String(err)}\n` };
  } finally {
    bridge.close();
  }
}

/** The smallest client of the host's bridge: one request at a time, answered by id. */
class BridgeClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: { ok: boolean; value?: unknown; error?: { message: string } }) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (e) => {
      let m: { type?: string; id?: number; result?: { ok: boolean; value?: unknown; error?: { message: string } } };
      try {
        m = JSON.parse(String(e.data)) as typeof m;
      } catch {
        return;
      }
      if (m.type !== 'result' || typeof m.id !== 'number' || !m.result) return;
      this.waiting.get(m.id)?.(m.result);
      this.waiting.delete(m.id);
    });
    ws.addEventListener('close', () => {
      for (const w of this.waiting.values()) w({ ok: false, error: { message: 'the node closed the connection' } });
      this.waiting.clear();
    });
  }

  static open(url: string, token: string): Promise<BridgeClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, [BRIDGE_PROTOCOL, `token.${token}`]);
      const timer = setTimeout(() => {
        ws.close();
        reject(new Error('timed out'));
      }, 10_000);
      ws.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(new BridgeClient(ws));
      });
      ws.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new Error('no answer'));
      });
    });
  }

  call(command: string, request: unknown, timeoutMs: number): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('the node did not answer in time'));
      }, timeoutMs);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        if (r.ok) resolve(r.value);
        else reject(new Error(r.error?.message ?? 'the node refused'));
      });
      this.ws.send(JSON.stringify({ id, command, request }));
    });
  }

  close(): void {
    this.ws.close();
  }
}
