/** Die deutschen Wörter von shell: dieselben ids wie en/shell.ts, keine fehlt. */
import type { messages as en } from '../en/shell';

export const messages: Record<keyof typeof en, string> = {
  'shell.nav.label': 'Hauptmenü',
  'shell.nav.dashboard': 'Dashboard',
  'shell.nav.availability': 'Verfügbarkeit',
  'shell.nav.pricing': 'Preise',
  'shell.nav.earnings': 'Einnahmen',
  'shell.nav.fleet': 'Rechner',
  'shell.nav.gateway': 'Netzwerk nutzen',
  'shell.nav.network': 'Netzwerk',
  'shell.nav.logs': 'Protokoll',
  'shell.nav.settings': 'Einstellungen',
  // A soft hyphen: the word breaks in two where the sidebar is too narrow for it, else it shows whole.
  'shell.nav.setup': 'Einrichtungs\u00adassistent',
  'shell.nav.version': 'Version {version}',
  'shell.skip': 'Zum Inhalt springen',
  'shell.tabTitle': '{title} · IICP Provider',
  'shell.access.title': 'Zugriffstoken fehlt oder ist falsch',
  'shell.access.open':
    'Öffnen Sie den Link, den <code>npm run headless</code> im Terminal ausgibt, in dem Ihr Knoten läuft.',
  'shell.access.link':
    'Dieser Link endet auf <code>#token=…</code>. Sofern der Knoten nicht mit einem festen Token gestartet wurde, ändert sich der Link bei jedem Start des Knotens; ein alter Link oder ein altes Lesezeichen funktioniert dann nicht mehr.',
  'shell.connection.closed': 'Getrennt.',
  'shell.connection.reconnecting': 'Verbindung wird wiederhergestellt …',
  'shell.connection.last': 'Die Werte unten sind die zuletzt empfangenen.',
  'shell.connection.lastAt': 'Die Werte unten sind die zuletzt empfangenen, von {at}.',
  'shell.connection.retry': 'Jetzt erneut versuchen',
  'shell.incompatible.title': 'Diese Seite passt nicht zum laufenden Knoten',
  'shell.incompatible.versions':
    'Diese Seite spricht Version {page} der Schnittstelle der App, der Knoten aber Version {node}. Beide stammen aus verschiedenen Versionen von IICP Provider.',
  'shell.incompatible.reload':
    'Laden Sie die Seite neu, um die zum laufenden Knoten passende zu holen. Bleibt diese Meldung, installieren oder bauen Sie die App neu, damit beide Teile aus derselben Version stammen.',
};
