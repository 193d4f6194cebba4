/**
 * `npm run headless -- --verify-earnings`: asks the node running on this data folder to check its awards against
 * the directory's signed record now (the whole log read again), prints what the Earnings page says, and exits 0 when
 * everything matches, 1 when something differs, 2 when the check could not be made (or stopped before the log's end). It talks to the running host
 * over its dashboard bridge with the folder's dashboard token, so the one process that owns the node does the work.
 */
import type { AwardDifference, VerificationInfo } from '@shared/contract';
import { quoteForeignText } from '@shared/text/foreign-text';
import { formatCredits } from '@shared/words/credits-words';
import { allMatch, CHECK_WORDS, differenceSentences, logWarnings, stoppedSentence, verificationSentence, waitingSentence } from '@shared/words/verification-words';
import { withRunningHost } from './host-call';

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
  const r = await withRunningHost(dataDir, port ?? null, async (bridge) => {
    const v = (await bridge.call('verifyEarnings', {}, VERIFY_TIMEOUT_MS)) as VerificationInfo;
    const list = (await bridge.call('listAwardDifferences', { limit: SHOWN }, 30_000)) as { rows: AwardDifference[]; total: number };
    return verificationReport(v, list.rows, list.total);
  });
  return r.ok ? r.value : { code: 2, text: r.problem };
}
