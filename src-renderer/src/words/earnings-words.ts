/**
 * Credits, receipt states and directory words for the Earnings page (the Pricing page uses its credits too). No React.
 */
import type { LedgerRow, ReceiptState } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import type { MessageId } from '@shared/i18n/catalogue';
import { formatCredits as creditsIn, formatSignedCredits } from '@shared/words/credits-words';
import { MINUS } from '@shared/text/minus-sign';
import { formatCount, formatExact, formatNumber, formatTimestamp, personLocale, type Tone } from '../format';

/** Credits as the dashboard and the tray write them (one writer for both), in the person's locale. */
export const formatCredits = (n: number): string => creditsIn(n, personLocale());

/** Credits with a sign when they are not zero (a net, a difference): "+1.5", "−0.077", the one signed writer. */
export const signedCredits = (n: number): string => formatSignedCredits(n, personLocale());

/** An unsigned exact decimal the wallet moved, with the sign of its direction: "+0.006" in, "−0.006" out. */
export const signedDecimal = (decimal: string, out: boolean): string => `${out ? MINUS : '+'}${formatExact(decimal)}`;

/** The exact amount (six decimals, what receipts carry), for tooltips. */
export const exactCredits = (n: number): string => formatNumber(n, 6);

/** An exact decimal the ledger or the directory sent as text ("0.006"), in the person's locale, never rounded. */
export const exactDecimal = (decimal: string): string => formatExact(decimal);

/** A multiplier or weight as written in a setting: up to four decimals. */
export const formatMultiplier = (n: number): string => formatNumber(n, 4);

export const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

const RECEIPT_TONES: Record<ReceiptState, Tone> = {
  none: 'neutral',
  claimed: 'neutral',
  awarded: 'ok',
  rejected: 'bad',
  expired: 'warn',
};
const RECEIPT_IDS = {
  none: { label: 'earnings.receipt.noneLabel', explanation: 'earnings.receipt.none' },
  claimed: { label: 'earnings.receipt.claimedLabel', explanation: 'earnings.receipt.claimed' },
  awarded: { label: 'earnings.receipt.awardedLabel', explanation: 'earnings.receipt.awarded' },
  rejected: { label: 'earnings.receipt.rejectedLabel', explanation: 'earnings.receipt.rejected' },
  expired: { label: 'earnings.receipt.expiredLabel', explanation: 'earnings.receipt.expired' },
} as const satisfies Record<ReceiptState, { label: MessageId; explanation: MessageId }>;

/** One step's words, read in the page's language each time they are shown (the language can change). */
function receiptWords(state: ReceiptState): { label: string; tone: Tone; explanation: string } {
  const ids = RECEIPT_IDS[state];
  return {
    get label() {
      return sayNow()(ids.label);
    },
    tone: RECEIPT_TONES[state],
    get explanation() {
      return sayNow()(ids.explanation);
    },
  };
}

/** What each step of a task's claim on credits means; the tooltips and the job history use these words. */
export const RECEIPT_WORDS: Record<ReceiptState, { label: string; tone: Tone; explanation: string }> = {
  none: receiptWords('none'),
  claimed: receiptWords('claimed'),
  awarded: receiptWords('awarded'),
  rejected: receiptWords('rejected'),
  expired: receiptWords('expired'),
};

/** What "Served" means, in the page's language. */
export const servedExplanation = (): string => sayNow()('earnings.receipt.served');

/** The receipt filter's choices, in the order a claim moves through them. */
export const RECEIPT_FILTER_ORDER: readonly ReceiptState[] = ['claimed', 'awarded', 'rejected', 'expired', 'none'];

/** A row's state in one badge: a failed task never got as far as a claim, so it says that instead. */
export function rowState(row: Pick<LedgerRow, 'outcome' | 'receipt'>): {
  label: string;
  tone: Tone;
  explanation: string;
} {
  if (row.outcome === 'error' && row.receipt === 'none') {
    const t = sayNow();
    return { label: t('earnings.receipt.failedLabel'), tone: 'bad', explanation: t('earnings.receipt.failed') };
  }
  return RECEIPT_WORDS[row.receipt];
}

/** The directory's reason for a transaction, in words; unknown reasons come back as they are. */
export function transactionReason(reason: string, type: string): string | null {
  const t = sayNow();
  if (reason === 'task_completion' || reason === 'cip_award') return t('earnings.transactions.taskServed');
  if (reason === 'free_allocation') return t('earnings.transactions.grant');
  if (reason === 'ttl_expire') return t('earnings.transactions.expired');
  if (reason.startsWith('task_spend')) return t('earnings.transactions.spent');
  if (reason === '') return type === 'debit' ? t('earnings.transactions.debit') : t('earnings.transactions.credit');
  // Any other reason is the directory's own text: shown quoted, never as our words.
  return null;
}

/** A calendar day "2026-11-21" as a date without any zone shift (the engine already chose the zone). */
export function dayDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
}

const DAY_STYLES = {
  short: { timeZone: 'UTC', day: 'numeric', month: 'short' },
  weekday: { timeZone: 'UTC', weekday: 'short', day: 'numeric' },
  long: { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(style: keyof typeof DAY_STYLES): Intl.DateTimeFormat {
  const locale = personLocale();
  const key = `${style}|${locale ?? ''}`;
  let f = dayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, DAY_STYLES[style]);
    dayFormats.set(key, f);
  }
  return f;
}

/**
 * A day in words, in the person's locale: "21 Nov" (short), "Sat 21" (weekday, for a week's bars), "Sat, 21 Nov 2026"
 * (long).
 */
export function formatDay(day: string, style: keyof typeof DAY_STYLES): string {
  const date = dayDate(day);
  if (style !== 'weekday') return dayFormat(style).format(date);
  // Weekday first whatever the locale's order, so a week of bars reads "Mon 16, Tue 17, …".
  const parts = dayFormat('weekday').formatToParts(date);
  const weekday = parts.find((p) => p.type === 'weekday')?.value ?? '';
  const dayNumber = parts.find((p) => p.type === 'day')?.value ?? '';
  return `${weekday} ${dayNumber}`.trim();
}

/**
 * The word for today in the person's locale ("Today", "Heute"), for today's place in a list of dates written in that
 * locale, so the list reads in one language.
 */
export function todayWord(): string {
  const locale = personLocale();
  const word = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'day');
  return word.charAt(0).toLocaleUpperCase(locale) + word.slice(1);
}

/** A task's or a transaction's time in a table row: written as every list's rows are (`formatTimestamp`). */
export const formatRowTime = (iso: string): string => formatTimestamp(iso);

/** The engine already says which parts of the sync failed, and why, in one sentence. */
export function syncErrorWords(raw: string): string {
  return raw.trim();
}
