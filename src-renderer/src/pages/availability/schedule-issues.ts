/** The host's answer to a refused schedule, sorted by where each problem belongs. No React. */
import type { AvailabilityWindow, ContractErrorBody } from '@shared/contract';
import { localScheduleWords, windowWords } from '../../lib/schedule-words';
import { sayNow } from '@shared/i18n/current';

export interface ScheduleIssues {
  /** Per window index (paths `windows.3`, `windows.3.days`, …). */
  windows: Map<number, string[]>;
  timeZone: string | null;
  /** Everything, in the order given, as a person reads it (window problems name their window). */
  all: string[];
}

export function sortIssues(error: ContractErrorBody, windows: readonly AvailabilityWindow[]): ScheduleIssues {
  const t = sayNow();
  const byWindow = new Map<number, string[]>();
  let timeZone: string | null = null;
  const all: string[] = [];
  for (const raw of error.issues ?? []) {
    // The engine names windows and times its own fixed way; shown in the person's locale like the rest of the page.
    const issue = { ...raw, message: localScheduleWords(raw.message) };
    const m = /^windows\.(\d+)(?:\.|$)/.exec(issue.path);
    if (m) {
      const index = Number(m[1]);
      byWindow.set(index, [...(byWindow.get(index) ?? []), issue.message]);
      const w = windows[index];
      // The engine's overlap message names both windows; other messages get the window they are about.
      const named = w && raw.message.includes(`${w.start}–${w.end}`);
      const words = w ? windowWords(w) : null;
      all.push(words && !named ? `${words.days} ${words.times}: ${issue.message}` : issue.message);
    } else if (issue.path === 'timeZone') {
      timeZone ??= issue.message;
      all.push(t('availability.issues.timeZone', { message: issue.message }));
    } else if (issue.path === 'outsideShare') {
      all.push(t('availability.issues.outside', { message: issue.message }));
    } else {
      all.push(
        issue.path === '(root)' || issue.path === '' || issue.path === 'windows'
          ? issue.message
          : `${issue.path}: ${issue.message}`,
      );
    }
  }
  if (all.length === 0) all.push(localScheduleWords(error.message));
  return { windows: byWindow, timeZone, all };
}
