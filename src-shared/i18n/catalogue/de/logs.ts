/** Die deutschen Wörter von logs: dieselben ids wie en/logs.ts, keine fehlt. */
import type { messages as en } from '../en/logs';

export const messages: Record<keyof typeof en, string> = {
  'logs.title': 'Protokoll',
  'logs.subtitle': 'Was Ihr Knoten getan hat und warum, das Neueste zuerst.',
  'logs.refresh': 'Aktualisieren',
  'logs.connecting': 'Verbindung zum Knoten wird hergestellt …',
  'logs.loading': 'Ereignisse werden geladen …',
  'logs.readFailed': 'Das Ereignisprotokoll konnte nicht gelesen werden: {error}',
  'logs.tryAgain': 'Erneut versuchen',
  'logs.events': 'Ereignisse',
  'logs.follow': 'Neuen Ereignissen folgen',
  'logs.following': 'Neue Ereignisse erscheinen oben, sobald sie geschehen.',
  'logs.paused': 'Angehalten.',
  'logs.pausedHeld':
    'Angehalten: {count} {held, plural, one {neues Ereignis} other {neue Ereignisse}} nicht angezeigt.',
  'logs.pausedHeldMatching':
    'Angehalten: {count} {held, plural, one {neues Ereignis} other {neue Ereignisse}} nicht angezeigt ({matching} passend).',
  'logs.showNew': '{held, plural, one {Anzeigen} other {Alle anzeigen}}',
  'logs.countMatching': '{shown} von {loaded} geladenen Ereignissen passen.',
  'logs.countMatchingMore':
    '{shown} von {loaded} geladenen Ereignissen passen. Laden Sie ältere Ereignisse, um weiter zurück zu suchen.',
  'logs.countLoaded': '{count} {loaded, plural, one {Ereignis} other {Ereignisse}} geladen.',
  'logs.empty': 'Das Protokoll ist leer.',
  'logs.noMatch': 'Kein geladenes Ereignis passt zum Filter.',
  'logs.loadOlder': 'Ältere Ereignisse laden',
  'logs.beginning': 'Hier beginnt das Protokoll.',
  'logs.diagnostics': 'Diagnose',

  'logs.filter.allLevels': 'Alle Stufen',
  'logs.filter.warnings': 'Warnungen und Fehler',
  'logs.filter.errors': 'Nur Fehler',
  'logs.filter.allEvents': 'Alle Ereignisse',
  'logs.filter.label': 'Ereignisse filtern',
  'logs.filter.level': 'Stufe',
  'logs.filter.kind': 'Art des Ereignisses',
  'logs.filter.contains': 'Enthält',
  'logs.filter.containsHint': 'Wörter, Ereignisname oder Details',

  'logs.table.time': 'Zeit',
  'logs.table.level': 'Stufe',
  'logs.table.what': 'Was geschah',

  'logs.details.summary': 'Details',
  'logs.details.event': 'Ereignis',
  'logs.details.details': 'Angaben',
  'logs.details.none': 'keine',

  'logs.save.saving': 'Wird gespeichert …',
  'logs.save.these': 'Diese Einträge speichern',
  'logs.save.all': 'Protokoll speichern',
  'logs.save.done':
    '{count} {lines, plural, one {Ereignis} other {Ereignisse}} als <file></file> gespeichert; Schlüssel, Tokens, Adressen, Ihr Benutzerordner, Ihr Benutzer- und Computername und die Programme, die Sie ausführen, sind unkenntlich gemacht.',
  'logs.save.failed': 'Das Protokoll konnte nicht gespeichert werden: {error}',

  'logs.diag.about':
    'Eine Diagnosedatei hilft anderen herauszufinden, warum Ihr Knoten nicht bedient: App- und Systemversionen, Einstellungen, die Zustandsantwort des Knotens, die Netzwerkprüfungen, die auf diesem Computer gefundenen LLM-Server, die Verbindung zum Verzeichnis, die Verfügbarkeit, die Summen der Einnahmen und die letzten Ereignisse. Schlüssel, Tokens, IP- und MAC-Adressen, E-Mail-Adressen, Ihr Benutzerordner, Ihr Benutzername, der Name dieses Computers und die Programme, die Sie ausführen, sind unkenntlich gemacht. Sie sehen die ganze Datei, bevor sie gespeichert wird, und nichts wird irgendwohin gesendet.',
  'logs.diag.preparing': 'Wird vorbereitet …',
  'logs.diag.again': 'Erneut vorbereiten',
  'logs.diag.prepare': 'Diagnose vorbereiten',
  'logs.diag.save': 'Datei speichern',
  'logs.diag.discard': 'Verwerfen',
  'logs.diag.checking': 'Knoten, Netzwerk und LLM-Server werden geprüft (einige Sekunden) …',
  'logs.diag.failed': 'Die Diagnose konnte nicht vorbereitet werden: {error}',
  'logs.diag.saved': 'Gespeichert als <file></file>.',
  'logs.diag.preview': '<file></file> ({size}): Genau dies wird gespeichert.',
  'logs.diag.previewLabel': 'Vorschau der Diagnosedatei',
};
