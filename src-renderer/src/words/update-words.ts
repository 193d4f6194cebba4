/**
 * The app's self-update in people's words, for the Settings page: where the update stands, and when the app last
 * looked. `time` turns a moment into what the page shows ("14:02"); tests pass a fixed one.
 */
import type { UpdateStatus } from '@shared/contract';
import { daysAhead, formatClock, formatDateClock } from '@shared/text/wall-clock';
import { formatCount, formatPercent, personLocale } from '../locale';

const tasks = (n: number) => (n === 1 ? '1 running task' : `${formatCount(n)} running tasks`);

/** One sentence for the update's state. `runningTasks` is what the node serves now (the snapshot's capacity). */
export function updateStateWords(u: UpdateStatus, runningTasks: number): string {
  const version = u.available?.version ?? 'the new version';
  const Version = u.available ? `Version ${u.available.version}` : 'The new version';
  switch (u.state) {
    case 'idle':
      return u.lastCheckAt === null ? 'The app has not looked for updates yet.' : `Up to date: ${u.currentVersion} is the latest version.`;
    case 'checking':
      return 'Looking for updates…';
    case 'downloading':
      return `Downloading version ${version}: ${formatPercent((u.downloadPercent ?? 0) / 100)}`;
    case 'downloaded':
      return `${Version} is ready to install.`;
    case 'waiting_for_tasks':
      return runningTasks > 0
        ? `Waiting for ${tasks(runningTasks)} to finish, then ${version} is installed and the app restarts.`
        : `Installing ${version}: the app restarts in a moment.`;
    case 'installing':
      return `Installing ${version}: the app restarts in a moment.`;
    case 'error':
      return u.message ?? 'Something went wrong with the update.';
  }
}

/** "Last checked 14:02", or "Not checked yet". */
export function lastCheckWords(lastCheckAt: string | null, time: (iso: string) => string): string {
  return lastCheckAt === null ? 'Not checked yet' : `Last checked ${time(lastCheckAt)}`;
}

/** "Next check 20:02" while automatic checks run; null when nothing is scheduled. */
export function nextCheckWords(u: UpdateStatus, time: (iso: string) => string): string | null {
  return u.autoCheck && u.nextCheckAt !== null ? `Next check ${time(u.nextCheckAt)}` : null;
}

/** A check's time as the page shows it: the time alone today ("14:02"), with the day otherwise. */
export function checkTime(iso: string, now: Date = new Date(), locale: string | undefined = personLocale()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return daysAhead(ms, now.getTime()) === 0 ? formatClock(ms, { locale }) : formatDateClock(ms, { locale });
}
