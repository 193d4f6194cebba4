/** Die deutschen Wörter von refusal: dieselben ids wie en/refusal.ts, keine fehlt. */
import type { messages as en } from '../en/refusal';

export const messages: Record<keyof typeof en, string> = {
  'refusal.dispatch.unknownCommand': 'Es gibt keinen Befehl namens {name}.',
  'refusal.dispatch.invalidRequest': 'Die Anfrage für {command} ist ungültig.',
  'refusal.dispatch.hostOnly': '{command} beantwortet nur die App, die den Knoten ausführt.',
  'refusal.dispatch.failed': '{command} ist unerwartet fehlgeschlagen.',

  'refusal.node.notRunning': 'Der Knoten läuft nicht.',
  'refusal.node.notRunningNow':
    'Der Knoten {state, select, starting {startet gerade} stopping {wird gerade beendet} stopped {ist gestoppt} other {ist im Zustand {state}}}. Versuchen Sie es erneut, sobald er läuft.',
  'refusal.node.cannotStart':
    'Der Knoten kann nicht starten, {state, select, starting {denn er startet bereits} online {denn er läuft bereits} paused {denn er läuft bereits (pausiert)} degraded {denn er läuft bereits (eingeschränkt)} stopping {solange er beendet wird} other {solange er im Zustand {state} ist}}.',
  'refusal.node.eventsUnreadable': 'Das Ereignisprotokoll konnte nicht gelesen werden: „{detail}“',
  'refusal.node.notWrittenThrough':
    'Die Änderung wurde gespeichert, konnte aber nicht auf den Datenträger geschrieben werden: „{detail}“',
  'refusal.store.ledgerUnreadable': 'Die Buchungen konnten nicht gelesen werden: „{detail}“',
  'refusal.settings.fixed': 'Einige Einstellungen legt der Host für diesen Lauf fest.',
  'refusal.settings.fixedField':
    'Für diesen Lauf durch eine Befehlszeilenoption oder Umgebungsvariable festgelegt. Ändern Sie es dort.',
  'refusal.settings.notSaved': 'Die Einstellungen konnten nicht gespeichert werden: „{detail}“',
  'refusal.setup.notSaved': 'Die Einrichtung konnte nicht gespeichert werden: „{detail}“',
  'refusal.setup.noLoginStart':
    'Dieser Host läuft ohne Oberfläche und kann die App nicht bei der Anmeldung starten. Richten Sie sie stattdessen als Dienst ein.',
  'refusal.setup.choiceNotSaved': 'Die Auswahl konnte nicht gespeichert werden: „{detail}“',

  'refusal.operator.changedWhileRotating':
    'Ihre Betreiberidentität wurde geändert, während ihr neuer Schlüssel erzeugt wurde. Sehen Sie sie sich noch einmal an und versuchen Sie es erneut, wenn Sie weiterhin einen neuen Schlüssel möchten.',
  'refusal.operator.passphraseShort': 'Die Passphrase ist zu kurz.',
  'refusal.operator.machinesNotSaved': 'Die Liste Ihrer Rechner konnte nicht gespeichert werden: „{detail}“',
  'refusal.operator.replaceOther':
    'Dieser Computer hat bereits eine andere Betreiberidentität (Fingerabdruck {fingerprint}). Der Import dieser Datei ersetzt sie. Ihr Schlüssel ist dann von diesem Computer verschwunden, sofern Sie ihn nicht exportiert haben. Bestätigen Sie, um sie zu ersetzen.',
  'refusal.operator.exists':
    'Dieser Computer hat bereits eine Betreiberidentität. Benennen Sie sie um, geben Sie ihr einen neuen Schlüssel oder importieren Sie stattdessen eine andere.',
  'refusal.operator.none':
    'Dieser Computer hat noch keine Betreiberidentität. Erstellen oder importieren Sie zuerst eine.',
  'refusal.operator.notSaved': 'Ihre Betreiberidentität konnte nicht gespeichert werden: „{detail}“',
  'refusal.operator.badName': 'Dieser Anzeigename kann nicht verwendet werden.',
  'refusal.operator.otherName': 'Geben Sie einen anderen Namen ein',
  'refusal.operator.fileUnreadable': 'Dies ist keine lesbare IICP-Datei mit einer Betreiberidentität: {why}.',
  'refusal.operator.fileNotExported':
    'Dies ist keine von IICP Provider exportierte Datei mit einer Betreiberidentität: {why}.',
  'refusal.operator.file.tooLarge': 'Sie ist größer, als eine exportierte Datei sein kann',
  'refusal.operator.file.notJson': 'Sie ist kein JSON',
  'refusal.operator.file.otherKind': 'Sie ist eine Datei anderer Art',
  'refusal.operator.file.otherVersion': 'Sie stammt aus einer anderen Version von IICP Provider',
  'refusal.operator.file.damaged': 'Ein Teil fehlt oder ist beschädigt',
  'refusal.operator.file.tooCostly':
    'Sie verlangt zum Öffnen mehr Speicher oder Rechenarbeit, als eine exportierte Datei je braucht',
  'refusal.operator.file.sealDamaged': 'Ihr versiegelter Teil ist beschädigt',
  'refusal.operator.file.changed': 'Sie wurde nach dem Export verändert',
  'refusal.operator.file.notIdentity': 'Ihr Inhalt ist keine Betreiberidentität',
  'refusal.operator.file.notOperatorKey': 'Ihr Schlüssel ist kein Betreiberschlüssel',
  'refusal.operator.file.otherFingerprint': 'Ihr Schlüssel passt nicht zu dem Fingerabdruck, den sie nennt',
  'refusal.operator.wrongPassphrase': 'Die Passphrase öffnet diese Datei mit der Betreiberidentität nicht.',
  'refusal.operator.wrongPassphraseField':
    'Diese Passphrase öffnet die Datei nicht. Geben Sie die Passphrase ein, die beim Export gewählt wurde.',

  'refusal.machines.notNodeId': 'Das ist keine Knoten-ID.',
  'refusal.machines.thisComputer': 'Dieser Computer gehört immer zu Ihren Rechnern.',
  'refusal.machines.noIdentity':
    'Dieser Computer hat noch keine Betreiberidentität. Erstellen oder importieren Sie zuerst eine: Ihre Rechner sind die Computer, die sie teilen.',
  'refusal.machines.listFull':
    'Ihre Liste fasst höchstens {count, plural, one {# Rechner} other {# Rechner}}. Entfernen Sie zuerst einen, den Sie nicht mehr verwenden.',
  'refusal.machines.forgetSelf': 'Dieser Computer kann nicht von seiner eigenen Liste entfernt werden.',
  'refusal.machines.webhookNotSaved': 'Die Webhook-Adresse konnte nicht gespeichert werden: „{detail}“',
  'refusal.machines.nameTaken': 'Einer Ihrer anderen Rechner hat bereits diesen Namen.',
  'refusal.machines.nameTakenField':
    'Einer Ihrer anderen Rechner hat diesen Namen. Wählen Sie einen, der sie unterscheidet.',

  'refusal.servers.notLocal':
    'Nur ein Server auf diesem Computer oder in Ihrem lokalen Netzwerk kann verwendet werden.',
  'refusal.servers.withHint': '{problem} {hint}',
  'refusal.servers.confirmElsewhere':
    'Um ihn zu verwenden, wählen Sie ihn in der Einrichtung (Einstellungen, Einrichtung erneut ausführen) oder fügen Sie ihn unter LLM-Server hinzu, wo Sie ihn bestätigen können.',
  'refusal.servers.keyNotSaved': 'Der API-Schlüssel konnte nicht gespeichert werden: „{detail}“',
  'refusal.servers.badAddress': 'Diese Adresse kann nicht verwendet werden: {problem}.',
  'refusal.servers.url.notUrl': 'Die Serveradresse ist keine gültige absolute URL',
  'refusal.servers.url.scheme': 'Die Serveradresse muss http oder https verwenden',
  'refusal.servers.url.credentials': 'Die Serveradresse darf keinen Benutzernamen und kein Passwort enthalten',
  'refusal.servers.url.query': 'Die Serveradresse darf keine Abfrage (?) und keinen Anker (#) enthalten',
  'refusal.servers.alreadyListed': 'Dieser Server ist bereits in der Liste.',
  'refusal.servers.alreadyListedField': 'Bereits in der Liste',
  'refusal.servers.tooMany':
    'Ein Knoten kann höchstens {count, plural, one {# LLM-Server} other {# LLM-Server}} haben.',
  'refusal.servers.noSuch': 'Diesen Server gibt es nicht in der Liste.',
  'refusal.servers.noSuchField': 'Kein solcher Server',
  'refusal.pull.busy':
    'Es wird bereits ein Modell heruntergeladen. Warten Sie, bis es fertig ist, oder brechen Sie es zuerst ab.',
  'refusal.pull.noServer': 'Diesen LLM-Server gibt es nicht.',
  'refusal.pull.notOllama': 'Nur ein Ollama-Server kann ein Modell mit einem Klick herunterladen.',

  'refusal.gateway.keyLimit':
    'Es können höchstens {count, plural, one {# App-Schlüssel} other {# App-Schlüssel}} zugleich bestehen. Widerrufen Sie zuerst einen, den Sie nicht mehr verwenden.',
  'refusal.gateway.noKey': 'Es gibt keinen App-Schlüssel mit dieser ID. Vielleicht wurde er bereits widerrufen.',
  'refusal.gateway.noKeyForLimits': 'Es gibt keinen App-Schlüssel mit dieser ID. Vielleicht wurde er widerrufen.',
  'refusal.gateway.off': 'Das Gateway ist ausgeschaltet. Schalten Sie es ein, um es auszuprobieren.',
  'refusal.gateway.tooLong': 'Die Antwort war zu lang, um sie hier zu zeigen.',
  'refusal.gateway.notJson': 'Das Gateway hat eine Antwort gesendet, die kein JSON ist.',
  'refusal.gateway.answered': 'Das Gateway hat abgelehnt: „{detail}“',
  'refusal.gateway.unreachable': 'Das Gateway war von dieser App aus nicht erreichbar.',

  'refusal.availability.scheduleNotSaved': 'Der Zeitplan konnte nicht gespeichert werden: „{detail}“',
  'refusal.availability.pauseOver': 'Das Ende einer Pause muss in der Zukunft liegen.',
  'refusal.availability.pauseTooLong':
    'Eine befristete Pause kann höchstens {days, plural, one {# Tag} other {# Tage}} dauern.',
  'refusal.schedule.unknownZone': '„{zone}“ ist keine bekannte Zeitzone.',
  'refusal.schedule.timeFormat': 'Zeiten werden als HH:MM angegeben, zum Beispiel 08:00.',
  'refusal.schedule.sameMinute': 'Das Zeitfenster {window} beginnt und endet in derselben Minute.',
  'refusal.schedule.dayTwice': 'Ein Tag ist doppelt aufgeführt.',
  'refusal.schedule.overlap':
    '{first} und {second} überschneiden sich bei {at}. Zeitfenster dürfen aneinandergrenzen, aber keine Minute teilen: Lassen Sie eines um {end} enden oder das andere später beginnen.',
  'refusal.availability.switchNotSaved': 'Der Schalter konnte nicht gespeichert werden: „{detail}“',

  'refusal.notices.notDismissed': 'Der Hinweis konnte nicht ausgeblendet werden: „{detail}“',
  'refusal.notices.none': 'Es gibt keinen Hinweis mit dieser ID. Vielleicht ist er schon verschwunden.',
  'refusal.earnings.noSuchKey':
    'Das Verzeichnis bietet derzeit keinen Schlüssel mit diesem Fingerabdruck an. Prüfen Sie erneut und vergleichen Sie den Fingerabdruck.',

  'refusal.host.noSeparateProcess':
    'Der Knoten läuft in diesem Programm. Es gibt keinen eigenen Prozess, der neu gestartet werden könnte.',
  'refusal.updates.notSelf': 'Diese App aktualisiert sich nicht selbst.',
  'refusal.updates.downloading':
    'Die neue Version wird noch heruntergeladen ({percent} %). Sie kann installiert werden, sobald sie bereit ist.',
  'refusal.updates.nothingDownloaded':
    'Es gibt kein heruntergeladenes Update zum Installieren. Suchen Sie zuerst nach Updates.',
  'refusal.engine.running': 'Der Knoten läuft. Es gibt nichts neu zu starten.',
  'refusal.engine.shuttingDown': 'Der Knoten wird gerade beendet.',
  'refusal.engine.starting': 'Der Knoten startet bereits.',
  'refusal.engine.failed': 'Der Knoten ist gestoppt und läuft nicht. Siehe Dashboard („Jetzt neu starten“).',
  'refusal.engine.restarting': 'Der Knoten startet nach einem Problem neu. Versuchen Sie es gleich noch einmal.',
};
