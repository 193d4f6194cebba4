/** The check's sentences said in English, as the headless CLI and log files say them, so tests compare the words. */
import type { TaskCheck, TaskDiagnosis } from '@shared/contract';
import { english } from '@shared/i18n/say';

export type EnglishCheck = Omit<TaskCheck, 'words' | 'action'> & {
  words: string;
  action: { label: string; route: string } | null;
};

export const englishCheck = (c: TaskCheck): EnglishCheck => ({
  ...c,
  words: english.said(c.words),
  action: c.action ? { label: english.said(c.action.label), route: c.action.route } : null,
});

export const englishDiagnosis = (d: TaskDiagnosis): Omit<TaskDiagnosis, 'checks'> & { checks: EnglishCheck[] } => ({
  ...d,
  checks: d.checks.map(englishCheck),
});
