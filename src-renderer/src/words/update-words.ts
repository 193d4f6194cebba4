/**
 * The app's self-update in people's words, for the Settings page: where the update stands, and when the app last
 * looked. `time` turns a moment into what the page shows ("14:02"); tests pass a fixed one.
 */
import type { UpdateStatus } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { daysAhead, formatClock, formatDateClock } from '@shared/text/wall-clock';
import { formatPercent, personLocale } from '../locale';

/** One sentence for the update's state. `runningTasks` is what the node serves now (the snapshot's capacity). */
export function updateStateWords(u: UpdateStatus, runningTasks: number): string {
  const t = sayNow();
  // The version is known once the app has found it; before that the sentence says "the new version".
  const version = { known: u.available ? 'yes' : 'no', version: u.available?.version ?? '' };
  switch (u.state) {
    case 'idle':
      return u.lastCheckAt === null
        ? t('settings.updates.neverLooked')
        : t('settings.updates.upToDate', { version: u.currentVersion });
    case 'checking':
      return t('settings.updates.checking');
    case 'downloading':
      return t('settings.updates.downloading', { ...version, percent: formatPercent((u.downloadPercent ?? 0) / 100) });
    case 'downloaded':
      return t('settings.updates.downloaded', version);
    case 'waiting_for_tasks':
      return runningTasks > 0
        ? t('settings.updates.waiting', { ...version, count: runningTasks })
        : t('settings.updates.installing', version);
    case 'installing':
      return t('settings.updates.installing', version);
    case 'error':
      return u.message ? t.said(u.message) : t('settings.updates.failed');
  }
}

/** "Last checked 14:02", or "Not checked yet". */
export function lastCheckWords(lastCheckAt: string | null, time: (iso: string) => string): string {
  const t = sayNow();
  return lastCheckAt === null
    ? t('settings.updates.notChecked')
    : t('settings.updates.lastChecked', { time: time(lastCheckAt) });
}

/** "Next check 20:02" while automatic checks run; null when nothing is scheduled. */
export function nextCheckWords(u: UpdateStatus, time: (iso: string) => string): string | null {
  return u.autoCheck && u.nextCheckAt !== null
    ? sayNow()('settings.updates.nextCheck', { time: time(u.nextCheckAt) })
    : null;
}

/** A check's time as the page shows it: the time alone today ("14:02"), with the day otherwise. */
export function checkTime(iso: string, now: Date = new Date(), locale: string | undefined = personLocale()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return daysAhead(ms, now.getTime()) === 0 ? formatClock(ms, { locale }) : formatDateClock(ms, { locale });
}
