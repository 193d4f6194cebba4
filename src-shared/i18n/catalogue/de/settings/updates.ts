/** Die deutschen Wörter von settings/updates: dieselben ids wie en/settings/updates.ts, keine fehlt. */
import type { messages as en } from '../../en/settings/updates';

export const messages: Record<keyof typeof en, string> = {
  'settings.updates.title': 'App-Updates',
  'settings.updates.loading': 'Wird geladen …',
  'settings.updates.version': 'Version',
  'settings.updates.install': 'Installieren, sobald nichts läuft',
  'settings.updates.installBusy': 'Wird angefragt …',
  'settings.updates.check': 'Jetzt prüfen',
  'settings.updates.checkBusy': 'Wird gesucht …',
  'settings.updates.installNote':
    'Die Installation wartet, bis keine Aufgabe mehr läuft; dann schließt sich die App, installiert Version {version} und startet neu. Wenn Sie jetzt nicht installieren, geschieht es beim nächsten Beenden der App.',
  'settings.updates.auto': 'Automatisch nach Updates suchen',
  'settings.updates.autoHint':
    'Beim Start und alle 6 Stunden fragt die App bei GitHub nach einer neuen Version und lädt sie im Hintergrund herunter. Sie installiert nie ohne Ihre Zustimmung und nie, während eine Aufgabe läuft.',
  'settings.updates.saving': 'Wird gespeichert …',
  'settings.updates.notSaved': 'Die Auswahl konnte nicht gespeichert werden: {why}',
  'settings.updates.neverLooked': 'Die App hat noch nicht nach Updates gesucht.',
  'settings.updates.upToDate': 'Auf dem neuesten Stand: {version} ist die aktuelle Version.',
  'settings.updates.checking': 'Suche nach Updates …',
  'settings.updates.downloading':
    '{known, select, yes {Version {version}} other {Die neue Version}} wird heruntergeladen: {percent}',
  'settings.updates.downloaded':
    '{known, select, yes {Version {version}} other {Die neue Version}} ist bereit zur Installation.',
  'settings.updates.waiting':
    'Sobald {count, plural, one {die laufende Aufgabe} other {die # laufenden Aufgaben}} fertig {count, plural, one {ist} other {sind}}, wird {known, select, yes {{version}} other {die neue Version}} installiert und die App startet neu.',
  'settings.updates.installing':
    '{known, select, yes {{version}} other {Die neue Version}} wird installiert: Die App startet gleich neu.',
  'settings.updates.failed': 'Beim Update ist etwas schiefgegangen.',
  'settings.updates.notChecked': 'Noch nicht geprüft',
  'settings.updates.lastChecked': 'Zuletzt geprüft: {time}',
  'settings.updates.nextCheck': 'Nächste Prüfung: {time}',
  'settings.removeNode.intro':
    'Wenn Sie Ihren Knoten entfernen, wird sein Eintrag im IICP-Verzeichnis gelöscht – <b>samt der Reputation und dem Aufgabenverlauf, die er dort aufgebaut hat</b>. Das lässt sich nicht rückgängig machen: Tritt der Knoten später wieder bei, fängt er bei null an.',
  'settings.removeNode.note':
    'Die App zu beenden oder die Verfügbarkeit auszuschalten, bewirkt das nie – nutzen Sie das für eine Pause. Beim Entfernen bleiben Ihre Einstellungen und das Protokoll auf diesem Computer erhalten.',
  'settings.removeNode.open': 'Diesen Knoten aus dem Netzwerk entfernen …',
  'settings.removeNode.question': 'Diesen Knoten aus dem Netzwerk entfernen?',
  'settings.removeNode.consequence':
    'Seine Reputation und sein Verlauf im Verzeichnis werden endgültig gelöscht. Nutzer finden Ihren Knoten dann nicht mehr.',
  'settings.removeNode.busy': 'Wird entfernt …',
  'settings.removeNode.yes': 'Ja, entfernen und die Reputation löschen',
  'settings.removeNode.cancel': 'Abbrechen',
  'settings.removeNode.failed': 'Der Knoten konnte nicht entfernt werden: {why}',
  'settings.updates.why.development':
    'Dies ist eine Entwicklungsversion, die sich nicht selbst aktualisiert: Laden Sie die neue Version herunter und bauen Sie sie neu.',
  'settings.updates.why.notUpdatable':
    'Diese Kopie der App kann sich nicht selbst aktualisieren (etwa ein Paket, das Ihr System installiert hat): Installieren Sie neue Versionen auf demselben Weg wie diese.',
  'settings.updates.why.unsignedMac':
    'Diese Version ist nicht mit einer Apple Developer ID signiert, und macOS installiert Updates nur für signierte Apps: Laden Sie neue Versionen von der Release-Seite herunter.',
  'settings.updates.why.systemPackage':
    'Diese Kopie wurde als Systempaket (.deb) installiert: Aktualisieren Sie sie mit Ihrer Paketverwaltung oder mit dem neuen .deb von der Release-Seite.',
  'settings.updates.why.elsewhere': 'Updates übernimmt die App, die diesen Knoten ausführt.',
  'settings.updates.why.headless':
    'Dieser Knoten läuft ohne Oberfläche und aktualisiert sich nicht selbst: Aktualisieren Sie ihn auf demselben Weg, auf dem Sie ihn installiert haben (git pull und npm ci oder Ihre Paketverwaltung).',
  'settings.updates.latest': 'Sie haben die neueste Version.',
  'settings.updates.error.signature':
    'Das heruntergeladene Update hat die Signaturprüfung nicht bestanden und wurde deshalb nicht installiert.',
  'settings.updates.error.offline': 'Der Update-Server war nicht erreichbar. Ist dieser Computer online?',
  'settings.updates.error.disk': 'Es ist nicht genug freier Speicherplatz da, um das Update herunterzuladen.',
  'settings.updates.error.permission': 'Die App darf das Update nicht auf den Datenträger schreiben.',
  'settings.updates.error.notPublished':
    'Dort, wo Updates veröffentlicht werden, gibt es keine Version für dieses System.',
  'settings.updates.error.server':
    'GitHub, wo Updates veröffentlicht werden, hat nicht richtig geantwortet (HTTP {status}). Versuchen Sie es später noch einmal.',
  'settings.updates.error.check': 'Die Suche nach Updates ist fehlgeschlagen.',
  'settings.updates.error.download': 'Das Update konnte nicht heruntergeladen werden.',
  'settings.updates.error.install': 'Das Update konnte nicht installiert werden.',
};
