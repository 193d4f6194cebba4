/** Die deutschen Wörter von tray: dieselben ids wie en/tray.ts, keine fehlt. */
import type { messages as en } from '../en/tray';

export const messages: Record<keyof typeof en, string> = {
  'tray.status.busy': '{status} · {active} von {slots, plural, one {# Platz} other {# Plätzen}} belegt',
  'tray.today.tasks': 'Heute: {count} {tasks, plural, one {Aufgabe} other {Aufgaben}}',
  'tray.today.credits':
    'Heute: {count} {tasks, plural, one {Aufgabe} other {Aufgaben}} · {credits} {amount, plural, one {Credit} other {Credits}}',
  'tray.restart': 'Knoten neu starten',
  'tray.shareAnyway': 'Trotzdem 1 Stunde teilen',
  'tray.sharingUntil': 'Trotzdem geteilt bis {until}',
  'tray.stopSharing': '„Trotzdem teilen“ beenden',
  'tray.available': 'Verfügbar',
  'tray.pause': 'Pausieren',
  'tray.pause.hour': '1 Stunde',
  'tray.pause.tomorrow': 'Bis morgen ({time})',
  'tray.open': 'IICP Provider öffnen',
  'tray.quit': 'Beenden',
  'tray.tooltip': 'IICP Provider · {status}',
};
