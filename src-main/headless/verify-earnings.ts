/**
 * `npm run headless -- --verify-earnings`: the node's awards checked against the directory's signed record now (the
 * whole log read again), what the Earnings page says printed, and an exit code for a script: 0 when everything
 * matches, 1 when something differs, 2 when the check could not be made (or stopped before the log's end).
 *
 * While a host runs on the data folder, it is asked over its dashboard bridge (with the token this run was given, as
 * the host was, else the folder's own), so the one process that owns the node does the work and keeps the outcome.
 * With none running, the data folder is checked here, by the same engine code, on a copy of its database
 * (stopped-node-check.ts): it works with the node stopped, as the reference CLI's `credits --verify` does.
 */
import type { AwardDifference, VerificationInfo } from '@shared/contract';
import { quoteForeignText } from '@shared/text/foreign-text';
import { formatCredits } from '@shared/words/credits-words';
import {
  allMatch,
  CHECK_WORDS,
  differenceSentences,
  logWarnings,
  stoppedSentence,
  verificationSentence,
  waitingSentence,
} from '@shared/words/verification-words';
import { hostsOnFolder, withRunningHost, type HostReach } from './host-call';

/** Differing tasks printed at most (the Earnings page and the CSV have them all). */
const SHOWN = 20;
/** A whole log of a busy directory takes a while to read again. */
const VERIFY_TIMEOUT_MS = 15 * 60_000;

export interface VerifyOutcome {
  code: 0 | 1 | 2;
  text: string;
}

/** What the check says, as lines for a terminal. */
export function verificationReport(
  v: VerificationInfo,
  rows: readonly AwardDifference[],
  total: number,
  locale?: string,
): VerifyOutcome {
  const lines = [verificationSentence(v, locale)];
  // A check that failed after an earlier one shows that earlier outcome: it must not read as this check's.
  if (v.state === 'failed' && v.asOf !== null)
    lines.unshift(
      `The directory’s signed record could not be checked now: ${v.error ?? 'it did not answer'}. The last check that was made said:`,
    );
  const stopped = stoppedSentence(v, locale);
  if (stopped) lines.push(stopped);
  const waiting = waitingSentence(v, locale);
  if (waiting) lines.push(waiting);
  for (const w of logWarnings(v, locale)) lines.push(`Warning: ${w}`);
  lines.push(...differenceSentences(v, locale));
  for (const r of rows.slice(0, SHOWN)) {
    const amounts = [
      r.claimed !== null ? `claimed ${formatCredits(Number(r.claimed), locale)}` : null,
      r.signed !== null ? `signed ${formatCredits(Number(r.signed), locale)}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  ${quoteForeignText(r.taskId, 80)} — ${CHECK_WORDS[r.check].label}${amounts ? ` (${amounts})` : ''}: ${CHECK_WORDS[r.check].why}`,
    );
  }
  if (total > SHOWN) lines.push(`  … and ${total - SHOWN} more: the Earnings page and the CSV export list them all.`);
  // What differs is certain even in a check that stopped early; "all match" is not until the log was read to its end.
  const code = v.state !== 'done' ? 2 : !allMatch(v) ? 1 : v.stopped ? 2 : 0;
  return { code, text: `${lines.join('\n')}\n` };
}

export interface VerifyEarningsOptions extends HostReach {
  /**
   * The directory given for this run (--directory-url, IICP_DIRECTORY_URL): with the node stopped, it wins over the
   * stored one.
   */
  directoryUrl?: string;
}

/** Checks the node of `dataDir` now, through its running host or, with none running, here, and says what it found. */
export async function verifyEarnings(dataDir: string, o: VerifyEarningsOptions = {}): Promise<VerifyOutcome> {
  if (hostsOnFolder(dataDir).length > 0) {
    const r = await withRunningHost(dataDir, o, async (bridge) => {
      const v = (await bridge.call('verifyEarnings', {}, VERIFY_TIMEOUT_MS)) as VerificationInfo;
      const list = (await bridge.call('listAwardDifferences', { limit: SHOWN }, 30_000)) as {
        rows: AwardDifference[];
        total: number;
      };
      return verificationReport(v, list.rows, list.total);
    });
    return r.ok ? r.value : { code: 2, text: r.problem };
  }
  // Loaded only here: it brings the database and the verifier into this process, which a host run never needs.
  const { checkStoppedNode } = await import('./stopped-node-check');
  const r = await checkStoppedNode(dataDir, { directoryUrl: o.directoryUrl, shown: SHOWN });
  if (!r.ok) return { code: 2, text: r.problem };
  const report = verificationReport(r.info, r.rows, r.total);
  const where = `IICP Provider is not running on this data folder, so its ledger was checked here, against the signed record of the directory at ${new URL(r.directoryUrl).origin}.`;
  return { code: report.code, text: `${where}\n${report.text}` };
}
