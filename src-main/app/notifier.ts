/**
 * Desktop notifications for the engine's notices: one per new notice whose switch (Settings → Notifications) is
 * on; clicking it opens the window on the notice's page.
 */
import type { Notification } from 'electron';
import type { Notice, NoticeRoute, Settings } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { NOTICE_SWITCH } from '@engine/notices';

export interface NotifierEngine {
  onNotice(listener: (notice: Notice) => void): () => void;
  getSettings(): Settings;
}

/** Notifications still on screen or in the tray's list, at most. */
const KEEP = 20;

/** Starts showing notices; returns the function that stops it. */
export function startNotifier(
  NotificationCtor: typeof Notification,
  engine: NotifierEngine,
  open: (route: NoticeRoute) => void,
): () => void {
  // A notification the garbage collector took no longer reports its click, so each is held until clicked or closed.
  const live = new Set<Notification>();
  const unsubscribe = engine.onNotice((notice) => {
    try {
      if (!engine.getSettings().notifications[NOTICE_SWITCH[notice.kind]]) return;
      if (!NotificationCtor.isSupported()) return;
      // In the host's words now: the Settings language, else the system's.
      const say = sayNow();
      const shown = new NotificationCtor({ title: say.said(notice.title), body: say.said(notice.body) });
      shown.on('click', () => {
        live.delete(shown);
        open(notice.route);
      });
      shown.on('close', () => live.delete(shown));
      live.add(shown);
      if (live.size > KEEP) live.delete(live.values().next().value!);
      shown.show();
    } catch (err) {
      // A desktop without a notification service must not take the node down; the Dashboard lists the notice.
      console.warn(`[app] could not show a notification: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return () => {
    unsubscribe();
    live.clear();
  };
}
