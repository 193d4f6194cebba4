/**
 * The directory's note on an award, in plain words: the ledger keeps what the directory answered as it came
 * (`attribution: legacy_unattributed`, `excluded: self_query_excluded`), and the job history and the CSV export say
 * it so a person can read it. One writer for both, so they say the same.
 */
import { plainCode } from '../text/foreign-code';
import { cleanForeignText } from '../text/foreign-text';
import { sayNow } from '../i18n/current';
import type { MessageId } from '../i18n/catalogue';

/**
 * Who asked for the task, as the production directory files an award (`attribution` in its answer to
 * `POST /v1/credits/award`).
 */
const ATTRIBUTION_WORDS: Record<string, MessageId> = {
  legacy_unattributed: 'earnings.awardNote.unattributed',
  attributed_cross_operator: 'earnings.awardNote.crossOperator',
  attributed_cross_node_unverified_operator: 'earnings.awardNote.unverifiedOperator',
};

/**
 * The words for an awarded receipt's note; null for a note that is not the directory's word on an award (a
 * rejection's code and message, an expiry), which stays as it is. A value the directory may add later is quoted.
 */
export function awardNoteWords(note: string | null): string | null {
  if (note === null) return null;
  const t = sayNow();
  const attribution = /^attribution: ?(.*)$/s.exec(note);
  if (attribution) {
    const value = attribution[1]!.trim();
    const known = Object.hasOwn(ATTRIBUTION_WORDS, value) ? ATTRIBUTION_WORDS[value] : undefined;
    // A value the directory may add later is its word, not ours: quoted, cleaned.
    return known ? t(known) : t('earnings.awardNote.filedAs', { value: cleanForeignText(value, 64) });
  }
  // Why the directory paid nothing for a served task (`excluded` in its answer).
  if (/^excluded:/.test(note)) return t('earnings.awardNote.excluded');
  return null;
}

/**
 * The directory's code in a rejected receipt's note, for the page to quote beside our words; null when there is none
 * to show. The ledger keeps the note as it came (`IICP-E027: <the directory's message>`, for the CSV export); the page
 * shows only a plain code, never the message, and never the node's own codes (`http_<status>`, `corrupt`).
 */
export function rejectionCode(note: string | null): string | null {
  if (note === null) return null;
  const end = note.indexOf(': ');
  const code = plainCode(end > 0 ? note.slice(0, end) : note);
  return code === null || /^http_\d{3}$/.test(code) || code === 'corrupt' ? null : code;
}
