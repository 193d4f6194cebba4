/**
 * The operator identity in plain words, for the Settings card, the setup wizard's step and the Earnings page's
 * operator wallet: what it is for, the directory's state, and the problems of a name, a passphrase or a file. No React.
 * The engine's own sentences about the identity (OperatorInfo.problem) come as sentences the page says with `t.said`.
 */
import {
  OPERATOR_FILE_MAX_CHARS,
  OPERATOR_PASSPHRASE_MIN,
  OperatorDisplayName,
  type ContractErrorBody,
  type OperatorDirectoryState,
} from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { sayNow } from '@shared/i18n/current';
import { NAME_NEEDS_LETTER } from '@shared/text/name-rule';
import type { ZodIssue, ZodType } from 'zod';
import { formatCount, type Tone } from '../format';

/** What an operator identity is for, in one sentence, in the page's language. */
export const identityPurpose = (): string => sayNow()('fleet.identity.purpose');

/** Where the identity goes: the same file, imported on each of the person's other computers. */
export const identityOtherComputers = (): string => sayNow()('fleet.identity.otherComputers');

/** The colour of the directory's answer about the binding (its words are `operatorDirectoryLabel`, shared). */
export const DIRECTORY_STATE_TONE: Record<OperatorDirectoryState, Tone> = {
  unknown: 'neutral',
  bound: 'ok',
  unverified: 'warn',
  name_taken: 'bad',
  revoked: 'bad',
};

/** A validator's or the engine's fragment ("enter a name") as a sentence ("Enter a name."). */
export function asSentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  const head = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(head) ? head : `${head}.`;
}

/** The words for the name rule's issue: its length, its characters, or a name that shows nothing. */
function nameIssueWords(issue: ZodIssue | undefined): string {
  const t = sayNow();
  if (!issue || issue.code === 'too_small') return t('fleet.name.empty');
  if (issue.code === 'too_big') return t('fleet.name.tooLong', { max: formatCount(Number(issue.maximum)) });
  return t(issue.message === NAME_NEEDS_LETTER ? 'fleet.name.needsLetter' : 'fleet.name.control');
}

/** Why a name cannot be used, from the contract's own rule (a display name unless told); null when it can. */
export function nameProblem(value: string, rule: ZodType = OperatorDisplayName): string | null {
  const parsed = rule.safeParse(value);
  return parsed.success ? null : nameIssueWords(parsed.error.issues[0]);
}

/** Words for an issue the engine may name, by its code; anything else is said in the engine's words. */
const ISSUE_WORDS: Record<string, MessageId> = {
  wrong_passphrase: 'fleet.identity.wrongPassphrase',
  invalid_file: 'fleet.identity.invalidFile',
  name_taken: 'fleet.name.taken',
};

/** The engine's problem with one field of a refused request, in words; null when it named none there. */
export function issueAt(error: ContractErrorBody, path: string): string | null {
  const issue = error.issues?.find((i) => i.path === path || i.path.startsWith(`${path}.`));
  if (!issue) return null;
  const id = issue.code && Object.hasOwn(ISSUE_WORDS, issue.code) ? ISSUE_WORDS[issue.code] : undefined;
  return id ? sayNow()(id) : asSentence(issue.message);
}

/** A refusal that names none of `paths`: said whole, under the form. */
export function otherProblem(error: ContractErrorBody, paths: readonly string[]): string | null {
  return paths.some((p) => issueAt(error, p) !== null) ? null : error.message;
}

/** The two passphrases of an export, judged before anything is sent. */
export function passphraseProblems(first: string, second: string): { first?: string; second?: string } {
  const t = sayNow();
  if (first.length < OPERATOR_PASSPHRASE_MIN)
    return { first: t('fleet.identity.passphraseShort', { min: formatCount(OPERATOR_PASSPHRASE_MIN) }) };
  if (first !== second) return { second: t('fleet.identity.passphraseDiffer') };
  return {};
}

/** Why a chosen file cannot be an export, before it is sent; null when it may be one. */
export function fileProblem(text: string): string | null {
  const t = sayNow();
  if (text.trim() === '') return t('fleet.identity.fileEmpty');
  if (text.length > OPERATOR_FILE_MAX_CHARS) return t('fleet.identity.fileTooLarge');
  return null;
}

/** "1 computer", "3 computers", in the person's locale. */
export function computers(n: number): string {
  return sayNow()('fleet.identity.computers', { count: n });
}
