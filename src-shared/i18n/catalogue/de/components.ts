/** Die deutschen Wörter von components: dieselben ids wie en/components.ts, keine fehlt. */
import type { messages as en } from '../en/components';

export const messages: Record<keyof typeof en, string> = {
  'components.connecting': 'Verbindung zum Knoten wird hergestellt …',
  'components.check.checking': 'Wird geprüft …',
  'components.command.working': 'Wird ausgeführt …',
  'components.switch.on': 'Ein',
  'components.switch.off': 'Aus',
  'components.level.info': 'Hinweis',
  'components.level.warn': 'Warnung',
  'components.level.error': 'Fehler',
  'components.repeat.span': '{count, plural, one {Einmal} other {# Mal}} aufgetreten, von {from} bis {to}.',
  'components.fixed.note': 'Für diesen Lauf über die Befehlszeile oder die Umgebung des Hosts festgelegt.',

  'components.nodeId.copy': 'Kopieren',
  'components.nodeId.copied': 'Kopiert',
  'components.nodeId.what': 'Knoten-ID',
  'components.nodeId.blocked':
    'Das Kopieren wurde blockiert; drücken Sie Strg+C (⌘C auf einem Mac), um die markierte ID zu kopieren.',
  'components.nodeId.done': 'Knoten-ID kopiert.',

  'components.settings.loadFailed': 'Die Einstellungen konnten nicht geladen werden: {message}',
  'components.settings.loading': 'Einstellungen werden geladen …',
  'components.waiting.loadFailed': 'Der Zustand des Knotens konnte nicht geladen werden: {message}',
  'components.waiting.trying': 'Wird versucht …',
  'components.waiting.first': 'Warten auf die erste Statusmeldung des Knotens …',

  'components.form.saving': 'Wird gespeichert …',
  'components.form.saved': 'Gespeichert.',
  'components.form.undo': 'Änderungen verwerfen',
  'components.form.unsaved': 'Ungespeicherte Änderungen',
  'components.form.nothing': 'Nichts zu speichern.',
  'components.form.nothingSaved': 'Nichts wurde gespeichert: {message}',

  'components.regions.failed': 'Das Verzeichnis konnte nicht gefragt werden, welche Regionen seine Knoten nutzen.',
  'components.serverModels.noNode': 'Der Knoten läuft nicht, daher kann Ihr LLM-Server nicht gefragt werden.',
  'components.serverModels.failed': 'Ihr LLM-Server konnte nicht nach seinen Modellen gefragt werden.',

  'components.address.empty': 'Geben Sie die Adresse des Servers ein, zum Beispiel http://192.168.1.20:11434.',
  'components.address.notWeb': 'Das ist keine Webadresse. So sieht eine aus: http://192.168.1.20:11434.',
  'components.address.scheme': 'Die Adresse muss mit http:// oder https:// beginnen.',
  'components.address.credentials':
    'Lassen Sie Benutzername und Passwort aus der Adresse weg; nutzen Sie dafür das Feld für den API-Schlüssel.',
  'components.address.query': 'Die Adresse darf weder ? noch # enthalten.',
  'components.address.tooLong': 'Die Adresse ist zu lang (höchstens {max} Zeichen).',
  'components.address.fullScheme':
    'Geben Sie die vollständige Adresse Ihres Knotens ein, die mit http:// oder https:// beginnt, etwa https://mein-knoten.example.net, oder lassen Sie das Feld leer.',
  'components.address.full':
    'Geben Sie die vollständige Adresse Ihres Knotens ein, etwa https://mein-knoten.example.net, oder lassen Sie das Feld leer.',
  'components.address.host': 'Nach http:// fehlt ein Hostname oder eine IP-Adresse.',

  'components.operator.name': 'Name des Betreibers',
  'components.import.label': 'Eine Betreiberidentität importieren',
  'components.import.file': 'Identitätsdatei',
  'components.import.chosen': 'Gewählt: {name}',
  'components.import.fileHint': 'Die Datei, die Sie auf Ihrem anderen Computer exportiert haben.',
  'components.import.unreadable': 'Diese Datei konnte nicht gelesen werden. Wählen Sie sie erneut.',
  'components.import.chooseFile': 'Wählen Sie die Datei, die Sie aus der App exportiert haben.',
  'components.import.typePassphrase': 'Geben Sie die Passphrase ein, mit der die Datei exportiert wurde.',
  'components.import.passphrase': 'Passphrase der Datei',
  'components.import.replaceTitle': 'Ihre Betreiberidentität auf diesem Computer ersetzen?',
  'components.import.replaceYes': 'Ja, ersetzen',
  'components.import.keep': 'Die bisherige behalten',
  'components.import.importing': 'Wird importiert …',
  'components.import.replaceWhat':
    'Dieser Computer verwendet dann die Identität aus der Datei. Exportieren Sie die bisherige vorher, falls Sie sie noch einmal brauchen könnten.',
  'components.import.replaceWhatOf':
    'Dieser Computer verwendet dann die Identität aus der Datei statt <code>{current}</code>. Exportieren Sie die bisherige vorher, falls Sie sie noch einmal brauchen könnten.',
  'components.model.chat': 'Chat',
  'components.model.embedding': 'Einbettung',
  'components.model.transcribe': 'Transkription',
  'components.model.speech': 'Sprachausgabe',
  'components.model.moderate': 'Moderation',
  'components.model.image': 'Bildeingabe',
  'components.model.audio': 'Audioeingabe',
  'components.model.loaded': 'geladen',
  'components.model.noPreference': 'Keine Vorgabe (das erste Chat-Modell des Servers)',
  'components.model.none': 'Keines: Es wird kein Chat-Modell angeboten',
  'components.model.notListed': '{model} (vom Server derzeit nicht gelistet)',
  'components.model.notChat': '{model} (kein Chat-Modell)',
  'components.model.notOffered': '{model} (nicht angeboten)',
  'components.picker.legend': 'Im Netzwerk angebotene Modelle',
  'components.picker.notListed': 'derzeit nicht gelistet',
  'components.picker.empty': 'Keine Modelle vorhanden.',
  'components.picker.count':
    '{offered} von {listed, plural, one {# Modell} other {# Modellen}} angeboten; nicht angehakte Modelle bleiben privat.',
  'components.picker.default': 'Standard-Chat-Modell',
  'components.picker.defaultHint':
    'Beantwortet Chat-Aufgaben, die kein Modell nennen. Nur Chat-Modelle können der Standard sein.',
  'components.import.submit': 'Importieren',
  'components.import.note': 'Die Datei bleibt auf diesem Computer; die Passphrase dient nur zum Öffnen.',
  'components.energy.title': 'Strom und seine Kosten',
  'components.energy.period':
    '{days, plural, one {Letzter Tag} other {Letzte {dayCount} Tage}}: {energy} für {tasks, plural, one {{taskCount} Aufgabe} other {{taskCount} Aufgaben}}.',
  'components.energy.noPrice':
    'Um die Kosten zu sehen, geben Sie Ihren Strompreis in den <link>Einstellungen</link> ein.',
  'components.energy.noValue': 'Credits haben in der aktuellen Phase des Netzwerks keinen Tauschwert.',
  'components.energy.todayNone': 'Heute: noch keine Aufgaben bearbeitet.',
  'components.energy.todayUnknown':
    'Heute: {tasks, plural, one {{taskCount} Aufgabe} other {{taskCount} Aufgaben}}, {credits, plural, one {{creditCount} Credit} other {{creditCount} Credits}}; wie viel Strom sie gebraucht haben, ist nicht bekannt.',
  'components.energy.today':
    'Heute: {energy} für {tasks, plural, one {{taskCount} Aufgabe} other {{taskCount} Aufgaben}}, {credits, plural, one {{creditCount} Credit} other {{creditCount} Credits}}.',
  'components.energy.powerMeter': 'dem Strommesser',
  'components.energy.measured':
    'Gemessen mit {meters}: Jede Aufgabe bekommt ihren Anteil am Strom, während sie Tokens erzeugt.',
  'components.energy.measuredAboveIdle':
    'Gemessen mit {meters}: Jede Aufgabe bekommt, während sie Tokens erzeugt, ihren Anteil am Strom über den Leerlauf von {idle} hinaus.',
  'components.energy.typical':
    'Geschätzt aus den {watts}, die Sie für Ihre GPU angegeben haben: Auf diesem Computer meldet nichts seinen Stromverbrauch.',
  'components.energy.none':
    'Auf diesem Computer meldet nichts seinen Stromverbrauch. Geben Sie für eine Schätzung die typische Leistung Ihrer GPU in Watt in den Einstellungen an.',
};
