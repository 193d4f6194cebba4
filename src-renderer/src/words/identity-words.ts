/**
 * The operator identity in plain words, for the Settings card, the setup wizard's step and the Earnings page's
 * operator wallet: what it is for, the directory's state, and the problems of a name, a passphrase or a file. No React.
 * The engine's own sentences about the identity (OperatorInfo.problem) are shown as the engine wrote them.
 */
import { OPERATOR_FILE_MAX_CHARS, OPERATOR_PASSPHRASE_MIN, OperatorDisplayName, type ContractErrorBody, type OperatorDirectoryState } from '@shared/contract';
import type { ZodType } from 'zod';
import { formatCount, type Tone } from '../format';

/** What an operator identity is for, in one sentence. */
export const IDENTITY_PURPOSE =
  'One operator identity serves all your computers: the directory pools their credits in one operator wallet and shows your display name for them.';

/** Where the identity goes: the same file, imported on each of the person's other computers. */
export const IDENTITY_OTHER_COMPUTERS = 'To use it on another computer, export it here and import the file there.';

/** The colour of the directory's answer about the binding (its words are OPERATOR_DIRECTORY_LABELS, shared). */
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

/** Why a name cannot be used, from the contract's own rule (a display name unless told); null when it can. */
export function nameProblem(value: string, rule: ZodType = OperatorDisplayName): string | null {
  const parsed = rule.safeParse(value);
  return parsed.success ? null : asSentence(parsed.error.issues[0]?.message ?? 'enter a name');
}

/** Words for an issue the engine may name, by its code; anything else is said in the engine's words. */
const ISSUE_WORDS: Record<string, string> = {
  wrong_passphrase: 'This passphrase does not open the file. Type the passphrase it was exported with.',
  invalid_file: 'This is not an operator identity file. Choose the file you exported from the app.',
  name_taken: 'Another of your machines already has this name. Choose another one.',
};

/** The engine's problem with one field of a refused request, in words; null when it named none there. */
export function issueAt(error: ContractErrorBody, path: string): string | null {
  const issue = error.issues?.find((i) => i.path === path || i.path.startsWith(`${path}.`));
  if (!issue) return null;
  return (issue.code && Object.hasOwn(ISSUE_WORDS, issue.code) ? ISSUE_WORDS[issue.code] : undefined) ?? asSentence(issue.message);
}

/** A refusal that names none of `paths`: said whole, under the form. */
export function otherProblem(error: ContractErrorBody, paths: readonly string[]): string | null {
  return paths.some((p) => issueAt(error, p) !== null) ? null : error.message;
}

/** The two passphrases of an export, judged before anything is sent. */
export function passphraseProblems(first: string, second: string): { first?: string; second?: string } {
  if (first.length < OPERATOR_PASSPHRASE_MIN) return { first: `Use at least ${OPERATOR_PASSPHRASE_MIN} characters.` };
  if (first !== second) return { second: 'The two passphrases are not the same. Type it again.' };
  return {};
}

/** Why a chosen file cannot be an export, before it is sent; null when it may be one. */
export function fileProblem(text: string): string | null {
  if (text.trim() === '') return 'This file is empty. Choose the file you exported from the app.';
  if (text.length > OPERATOR_FILE_MAX_CHARS) return 'This file is too large to be an operator identity file.';
  return null;
}

/** "1 computer", "3 computers", in the person's locale. */
export function computers(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'computer' : 'computers'}`;
}
