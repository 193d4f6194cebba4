/** Die deutschen Wörter von fleet: dieselben ids wie en/fleet.ts, keine fehlt. */
import type { messages as en } from '../en/fleet';

export const messages: Record<keyof typeof en, string> = {
  'fleet.state.online': 'In Betrieb',
  'fleet.state.down': 'Ausgefallen',
  'fleet.state.asleep': 'Ruht wie geplant',
  'fleet.state.paused': 'Pausiert',
  'fleet.state.stopped': 'Von seinem Besitzer beendet',
  'fleet.state.unknown': 'Noch keine Rückmeldung',

  'fleet.words.selfPaused': 'Dieser Computer: ausgeschaltet.',
  'fleet.words.selfOutside': 'Dieser Computer: läuft, außerhalb der Zeitfenster seiner Verfügbarkeit.',
  'fleet.words.selfRunning': 'Dieser Computer: läuft.',
  'fleet.words.settling': 'Antwortet wieder; als zurück gemeldet wird er, sobald er {duration} lang geantwortet hat.',
  'fleet.words.outside': 'Läuft, außerhalb der Zeitfenster seiner Verfügbarkeit.',
  'fleet.words.answers': 'Läuft: Er antwortet.',
  'fleet.words.heartbeats': 'Läuft: Das Verzeichnis empfängt seine Lebenszeichen.',
  'fleet.words.down':
    'Keine Rückmeldung, obwohl er laut den Zeitfenstern seiner Verfügbarkeit eingeschaltet sein sollte.',
  'fleet.words.downNoWindows':
    'Keine Rückmeldung, obwohl er ohne Zeitfenster für seine Verfügbarkeit immer eingeschaltet sein sollte.',
  'fleet.words.asleep': 'Keine Rückmeldung, außerhalb der Zeitfenster seiner Verfügbarkeit: wie geplant.',
  'fleet.words.paused': 'Von seinem Besitzer ausgeschaltet.',
  'fleet.words.stopped': 'Sein Knoten wurde auf dem Computer selbst beendet: wie geplant.',
  'fleet.words.unknown':
    'Noch keine Rückmeldung, und sein Zeitplan ist unbekannt: Bis er bekannt ist, wird nichts über ihn gesagt.',
  'fleet.duration.seconds': '{count, plural, one {# Sekunde} other {# Sekunden}}',
  'fleet.duration.minutes': '{count, plural, one {# Minute} other {# Minuten}}',

  'fleet.count.directory':
    '{count, plural, one {# erledigte Aufgabe} other {# erledigte Aufgaben}} laut Zählung des Verzeichnisses',
  'fleet.count.own': '{count, plural, one {# Aufgabe} other {# Aufgaben}} laut eigener Zählung dieses Rechners',

  'fleet.notice.downTitle': '„{name}“ ist ausgefallen',
  'fleet.notice.someDownTitle': 'Einer Ihrer Rechner ist ausgefallen',
  'fleet.notice.downBody':
    'Er antwortet nicht mehr, obwohl er zu dieser Zeit laufen soll. Die Seite „Rechner“ zeigt, was über ihn bekannt ist.',
  'fleet.notice.backTitle': '„{name}“ ist wieder da',
  'fleet.notice.someBackTitle': 'Einer Ihrer Rechner ist wieder da',
  'fleet.notice.backBody': 'Er antwortet wieder.',
  'fleet.notice.backSince': 'Er antwortet seit {duration}.',
  'fleet.notice.backDowns':
    'Er ist in {span} {count, plural, one {einmal} other {# Mal}} ausgefallen. Er antwortet seit {duration}.',
  'fleet.problem.directoryStatus': 'Das Verzeichnis hat zu ihm keine Auskunft gegeben (HTTP {status}).',
  'fleet.problem.directoryUnreadable':
    'Das Verzeichnis hat zu ihm in einer Form geantwortet, die sich nicht lesen lässt.',
  'fleet.problem.directoryUnreachable': 'Das Verzeichnis ist nicht erreichbar.',
  'fleet.problem.notListed': 'Das Verzeichnis führt ihn nicht (nie registriert oder entfernt).',
  'fleet.problem.noAddress': 'Seine Adresse ist unbekannt, deshalb lässt er sich nicht selbst fragen.',
  'fleet.problem.relayOnly':
    'Er ist nur über ein Relay erreichbar, das ausschließlich Aufgaben weiterleitet: Es bleibt nur die Auskunft des Verzeichnisses.',
  'fleet.problem.notSealed':
    'Seine Antwort ist keine mit Ihrer Betreiberidentität versiegelte Antwort auf die Frage dieses Computers.',
  'fleet.problem.noAnswer': 'Er antwortet nicht.',
  'fleet.problem.olderVersion':
    'Er beantwortet die Fragen Ihrer Rechner nicht: Vielleicht läuft dort eine ältere Version von IICP Provider, oder die Adresse führt inzwischen woandershin.',
  'fleet.problem.machineStatus': 'Er hat mit HTTP {status} geantwortet.',
  'fleet.problem.olderStatus': 'Er hat mit einem älteren Stand geantwortet, als er schon einmal gemeldet hatte.',
  'fleet.summary.line': 'Ihre Rechner: {online} von {total} in Betrieb',
  'fleet.summary.downSince': '„{name}“ ist seit {since} ausgefallen',

  'fleet.page.title': 'Ihre Rechner',
  'fleet.page.subtitle':
    'Alle Computer, die unter Ihrer Betreiberidentität einen Knoten betreiben, so wie dieser Computer sie kennt: welche arbeiten, welche wie geplant ruhen und welche ausgefallen sind.',
  'fleet.page.failed': 'Ihre Rechner konnten nicht gelesen werden: {error}',
  'fleet.page.reading': 'Ihre Rechner werden gelesen …',
  'fleet.page.stale': 'Was hier steht, ist vielleicht nicht mehr aktuell: {error}',

  'fleet.none.title': 'Keine Betreiberidentität',
  'fleet.none.body': 'Dieser Computer hat keine Betreiberidentität und kennt deshalb keine weiteren Rechner.',
  'fleet.none.how':
    '{purpose} Erstellen Sie in den Einstellungen unter „Ihre Betreiberidentität“ eine oder importieren Sie dort die Identität, die Sie auf einem anderen Computer verwenden; danach erscheinen Ihre Rechner hier.',
  'fleet.none.open': 'Einstellungen öffnen, um eine zu erstellen oder zu importieren',

  'fleet.card.title': 'Rechner unter Ihrer Betreiberidentität',
  'fleet.card.online': '{online} von {total} in Betrieb.',
  'fleet.card.empty': 'Hier ist noch kein Rechner bekannt.',
  'fleet.card.list': 'Ihre Rechner',
  'fleet.card.note':
    'Ein Rechner gilt als ausgefallen, wenn er sich nicht meldet, obwohl er laut seinem eigenen Zeitplan eingeschaltet sein sollte; außerhalb seines Zeitplans ruht er wie geplant. Dieser Computer sieht in Abständen von {span} wieder nach.',
  'fleet.wallet.counts':
    'Das Verzeichnis zählt {count, plural, one {# Rechner} other {# Rechner}} unter Ihrer Betreiberidentität.',
  'fleet.wallet.known': '{known, plural, one {# davon ist hier bekannt.} other {# davon sind hier bekannt.}}',
  'fleet.wallet.how':
    'Ein Rechner erscheint hier, sobald er sich registriert, oder wenn Sie die Identitätsdatei importieren, die nach seinem Hinzukommen exportiert wurde.',

  'fleet.machine.thisComputer': 'Dieser Computer',
  'fleet.machine.unnamed': 'Rechner ohne Namen',
  'fleet.machine.rename': 'Diesen Computer umbenennen',
  'fleet.machine.forget': 'Vergessen …',
  'fleet.machine.forgetName': '{name} vergessen',
  'fleet.machine.renamed':
    'Der neue Name ist gespeichert. Ihre anderen Rechner übernehmen ihn, wenn sie das nächste Mal nachsehen.',
  'fleet.machine.down': '<b>Ausgefallen</b>',
  'fleet.machine.downSince': '<b>Ausgefallen</b> seit <time>{since}</time>',

  'fleet.fact.models': 'Modelle',
  'fleet.fact.slots': 'Plätze',
  'fleet.fact.reputation': 'Reputationswert',
  'fleet.fact.today': 'Heute',
  'fleet.fact.lastSeen': 'Zuletzt gemeldet',
  'fleet.fact.availability': 'Verfügbarkeit jetzt',
  'fleet.fact.ownerFirst': 'Eigenbedarf zuerst',
  'fleet.fact.never': 'Nie',
  'fleet.fact.notKnown': 'Unbekannt',
  'fleet.fact.schedule': 'Sein Zeitfenster jetzt: {describe} ({zone})',

  'fleet.models.none': 'Keine angegeben',
  'fleet.models.more': '+{count} weitere',
  'fleet.slots.busy': '{busy} belegt',
  'fleet.slots.busyOf': '{busy} von {total} belegt',
  'fleet.slots.paused': 'Keine: pausiert',
  'fleet.slots.outside': 'Keine: außerhalb der Zeitfenster seiner Verfügbarkeit',
  'fleet.reputation.notRead': 'Noch nicht aus dem Verzeichnis gelesen',
  'fleet.reputation.value': '{score} · {tasks}',
  'fleet.today.tasksCredits': '{tasks} · {credits} {count, plural, one {Credit} other {Credits}}',
  'fleet.ownerFirst.serving': 'Arbeitet für das Netzwerk',
  'fleet.ownerFirst.yielding': 'Überlässt die GPU ihrem Besitzer',
  'fleet.ownerFirst.cooling': 'Wartet nach der Nutzung durch den Besitzer',
  'fleet.ownerFirst.paused': 'Arbeitet nicht: pausiert',
  'fleet.ownerFirst.outside': 'Arbeitet nicht: außerhalb der Zeitfenster seiner Verfügbarkeit',

  'fleet.window.switchedOff': 'Ausgeschaltet',
  'fleet.window.on': 'Innerhalb der Zeitfenster seiner Verfügbarkeit',
  'fleet.window.onUntil': 'Innerhalb der Zeitfenster seiner Verfügbarkeit bis {until}',
  'fleet.window.off': 'Außerhalb der Zeitfenster seiner Verfügbarkeit',
  'fleet.window.offUntil': 'Außerhalb der Zeitfenster seiner Verfügbarkeit bis {until}',

  'fleet.source.directory': 'Verzeichnis',
  'fleet.source.machine': 'Der Rechner selbst',
  'fleet.source.read': '{label}: gelesen <time></time>',
  'fleet.source.notRead': '{label}: noch nicht gelesen',
  'fleet.source.problem': '{label}: {problem}',

  'fleet.rename.form': 'Diesen Computer umbenennen',
  'fleet.rename.label': 'Name dieses Computers',
  'fleet.rename.save': 'Speichern',
  'fleet.rename.saving': 'Wird gespeichert …',
  'fleet.rename.hint':
    'So führen Ihre anderen Rechner diesen auf. Höchstens {max} Zeichen, und nicht der Name eines Ihrer anderen Rechner.',
  'fleet.rename.refused': 'Der Name wurde nicht gespeichert: {message}',

  'fleet.forget.title': 'Diesen Rechner vergessen?',
  'fleet.forget.confirm': 'Ja, vergessen',
  'fleet.forget.busy': 'Wird vergessen …',
  'fleet.forget.failed': 'Der Rechner wurde nicht vergessen: {message}',
  'fleet.forget.leaves':
    '<name></name> verschwindet aus der Liste dieses Computers, und dieser Computer meldet Ihnen nicht mehr, wenn er ausfällt.',
  'fleet.forget.nothing':
    'Auf dem Rechner selbst ändert sich nichts. Er kommt wieder auf die Liste, wenn dieser Computer ihm erneut begegnet: in den Antworten des Verzeichnisses oder in der Liste eines Ihrer anderen Rechner.',

  'fleet.notify.title': 'Benachrichtigungen',
  'fleet.notify.when':
    'Fällt einer Ihrer Rechner innerhalb eines Zeitfensters seiner Verfügbarkeit aus, zeigt dieser Computer eine Desktop-Benachrichtigung, und sein Tray-Menü listet die ausgefallenen Rechner auf; ein Rechner, der außerhalb seines Zeitfensters ruht, löst nichts aus.',
  'fleet.notify.switch':
    'Die Desktop-Benachrichtigung lässt sich in den <link>Einstellungen</link> unter „Benachrichtigungen“ ausschalten.',
  'fleet.notify.webhook': 'Benachrichtigung per Webhook',
  'fleet.notify.tells': 'Was dieser Computer den anderen mitteilt',
  'fleet.notify.share': 'Meinen anderen Rechnern mitteilen, wenn dieser mir die GPU überlässt (Eigenbedarf zuerst)',
  'fleet.notify.shareHint': 'Sie zeigen dann an, warum dieser Computer nicht arbeitet, statt zu raten.',

  'fleet.webhook.set': 'Ein Webhook ist eingerichtet; seine Adresse wird geheim gehalten und nicht wieder angezeigt.',
  'fleet.webhook.none': 'Es ist kein Webhook eingerichtet.',
  'fleet.webhook.pending':
    '{count, plural, one {# Nachricht wartet} other {# Nachrichten warten}} darauf, zugestellt zu werden.',
  'fleet.webhook.enter': 'Geben Sie die Adresse ein, zum Beispiel https://ntfy.sh/ihr-thema.',
  'fleet.webhook.tooLong': 'Die Adresse ist zu lang: Verwenden Sie höchstens 512 Zeichen.',
  'fleet.webhook.notHttp': 'Die Adresse muss mit http:// oder https:// beginnen.',
  'fleet.webhook.credentials': 'Die Adresse darf weder Benutzernamen noch Passwort enthalten.',
  'fleet.webhook.form': 'Webhook-Adresse',
  'fleet.webhook.last': 'Letzte Zustellung, <time></time>:',
  'fleet.webhook.delivered': 'Zugestellt',
  'fleet.webhook.failed': 'Fehlgeschlagen',
  'fleet.webhook.label': 'Webhook-Adresse',
  'fleet.webhook.labelNew': 'Neue Webhook-Adresse',
  'fleet.webhook.hint':
    'Optional. Jeder Alarm geht zusätzlich als kurzer Klartext-POST an diese Adresse, wie ntfy es erwartet. Ein Token gehört in den Pfad, nie ein Benutzername oder Passwort.',
  'fleet.webhook.save': 'Speichern',
  'fleet.webhook.saving': 'Wird gespeichert …',
  'fleet.webhook.remove': 'Webhook entfernen',
  'fleet.webhook.removing': 'Wird entfernt …',
  'fleet.webhook.notRemoved': 'Der Webhook wurde nicht entfernt: {message}',
  'fleet.webhook.notSaved': 'Die Adresse wurde nicht gespeichert: {message}',
  'fleet.webhook.removed': 'Entfernt. Alarme gehen an keinen Webhook mehr.',
  'fleet.webhook.saved': 'Gespeichert. Alarme zu Ihren Rechnern gehen ab jetzt an diese Adresse.',

  'fleet.name.empty': 'Geben Sie einen Namen ein.',
  'fleet.name.tooLong': 'Verwenden Sie höchstens {max} Zeichen.',
  'fleet.name.needsLetter': 'Verwenden Sie mindestens einen Buchstaben oder eine Ziffer.',
  'fleet.name.control': 'Entfernen Sie Zeilenumbrüche und andere Steuerzeichen.',
  'fleet.name.taken': 'Einer Ihrer anderen Rechner trägt bereits diesen Namen. Wählen Sie einen anderen.',
  'fleet.identity.purpose':
    'Eine Betreiberidentität gilt für alle Ihre Computer: Das Verzeichnis sammelt ihre Credits in einer Betreiber-Wallet und zeigt für sie Ihren Anzeigenamen.',
  'fleet.identity.otherComputers':
    'Um sie auf einem anderen Computer zu verwenden, exportieren Sie sie hier und importieren die Datei dort.',
  'fleet.identity.wrongPassphrase':
    'Diese Passphrase öffnet die Datei nicht. Geben Sie die Passphrase ein, mit der sie exportiert wurde.',
  'fleet.identity.invalidFile':
    'Dies ist keine Datei mit einer Betreiberidentität. Wählen Sie die Datei, die Sie aus der App exportiert haben.',
  'fleet.identity.passphraseShort': 'Verwenden Sie mindestens {min} Zeichen.',
  'fleet.identity.passphraseDiffer': 'Die beiden Passphrasen stimmen nicht überein. Geben Sie sie noch einmal ein.',
  'fleet.identity.fileEmpty': 'Diese Datei ist leer. Wählen Sie die Datei, die Sie aus der App exportiert haben.',
  'fleet.identity.fileTooLarge': 'Diese Datei ist zu groß für eine Datei mit einer Betreiberidentität.',
  'fleet.identity.computers': '{count, plural, one {# Computer} other {# Computer}}',
  'fleet.operator.nameTaken':
    'Ein anderer Betreiber verwendet Ihren Anzeigenamen bereits im IICP-Verzeichnis, deshalb hat das Verzeichnis die Registrierung dieses Knotens abgelehnt. Wählen Sie in den Einstellungen unter „Ihre Betreiberidentität“ einen anderen Anzeigenamen; der Knoten registriert sich danach von selbst neu.',
  'fleet.operator.nameTakenRotated':
    'Das IICP-Verzeichnis hat die Registrierung dieses Knotens abgelehnt: Es ordnet Ihren Anzeigenamen noch Ihrem bisherigen Schlüssel zu und weiß nicht, dass er ersetzt wurde. Wählen Sie in den Einstellungen unter „Ihre Betreiberidentität“ einen anderen Anzeigenamen; der Knoten registriert sich danach von selbst neu.',
  'fleet.operator.revoked':
    'Laut IICP-Verzeichnis wurde Ihre Betreiberidentität dort ersetzt oder widerrufen, deshalb lehnt es die Registrierung dieses Knotens damit ab. Erstellen Sie in den Einstellungen unter „Ihre Betreiberidentität“ eine neue Identität oder importieren Sie Ihre aktuelle von einem anderen Computer.',
  'fleet.operator.unverified':
    'Das IICP-Verzeichnis hat diesen Knoten registriert, Ihre Betreiberidentität aber nicht bestätigt; der Knoten zählt deshalb nicht zu Ihrer Betreiber-Wallet. Prüfen Sie, ob Datum und Uhrzeit dieses Computers stimmen; der Knoten versucht es bei der nächsten Registrierung erneut.',
  'fleet.operator.unreadable':
    'Die auf diesem Computer gespeicherte Betreiberidentität lässt sich nicht lesen, deshalb registriert sich dieser Knoten ohne sie. Importieren Sie sie in den Einstellungen unter „Ihre Betreiberidentität“ erneut aus einer Exportdatei, oder legen Sie eine neue an.',
  'fleet.operator.state.unknown': 'Noch nicht vom Verzeichnis bestätigt',
  'fleet.operator.state.bound': 'Vom Verzeichnis bestätigt',
  'fleet.operator.state.unverified': 'Nicht vom Verzeichnis bestätigt',
  'fleet.operator.state.nameTaken': 'Betreibername im Verzeichnis vergeben',
  'fleet.operator.state.revoked': 'Im Verzeichnis ersetzt oder widerrufen',
  'fleet.operator.rotation.unreachable':
    'Das IICP-Verzeichnis war nicht erreichbar, um Ihre Betreiberidentität auf einen neuen Schlüssel umzustellen; der aktuelle Schlüssel bleibt. Versuchen Sie es erneut, sobald das Verzeichnis erreichbar ist.',
  'fleet.operator.rotation.inactive':
    'Das IICP-Verzeichnis nimmt diesen Betreiberschlüssel nicht mehr an: Er wurde dort bereits ersetzt oder widerrufen und lässt sich deshalb nicht auf einen neuen Schlüssel umstellen. Importieren Sie in den Einstellungen unter „Ihre Betreiberidentität“ Ihre aktuelle Identität von dem Computer, der ihn ersetzt hat, oder legen Sie eine neue an.',
  'fleet.operator.rotation.clock':
    'Das IICP-Verzeichnis hat den neuen Schlüssel abgelehnt, weil die Uhr dieses Computers um mehr als fünf Minuten abweicht; der aktuelle Schlüssel bleibt. Stellen Sie Datum und Uhrzeit richtig ein und versuchen Sie es dann erneut.',
  'fleet.operator.rotation.busy':
    'Das IICP-Verzeichnis begrenzt gerade Anfragen zum Schlüsselwechsel; der aktuelle Schlüssel bleibt. Versuchen Sie es in ein paar Minuten erneut.',
  'fleet.operator.rotation.refused':
    'Das IICP-Verzeichnis hat es abgelehnt, Ihre Betreiberidentität auf einen neuen Schlüssel umzustellen; der aktuelle Schlüssel bleibt. Versuchen Sie es später erneut.',
  'fleet.operator.rotation.unreadable':
    'Beim Umstellen Ihrer Betreiberidentität auf einen neuen Schlüssel kam vom IICP-Verzeichnis eine Antwort, die die App nicht lesen kann; der aktuelle Schlüssel bleibt.',
  'fleet.webhook.words.delivered': 'Zugestellt.',
  'fleet.webhook.words.badAddress': 'Die Webhook-Adresse ist keine http://- oder https://-Adresse.',
  'fleet.webhook.words.redirect':
    'Der Webhook hat mit einer Weiterleitung geantwortet (HTTP {status}), der der Knoten nicht folgt: Prüfen Sie die Adresse.',
  'fleet.webhook.words.refusedRights':
    'Der Webhook hat die Nachricht abgelehnt (HTTP {status}): Prüfen Sie die Adresse und ihre Zugriffsrechte.',
  'fleet.webhook.words.refused': 'Der Webhook hat die Nachricht abgelehnt (HTTP {status}): Prüfen Sie die Adresse.',
  'fleet.webhook.words.placeThisComputer':
    'Die Webhook-Adresse führt zurück auf diesen Computer: Der Knoten ruft sie nicht auf.',
  'fleet.webhook.words.placePrivate':
    'Die Webhook-Adresse führt in ein privates Netzwerk: Der Knoten ruft sie nicht auf.',
  'fleet.webhook.words.placeNotPublic':
    'Die Webhook-Adresse führt zu einer Adresse, die nicht im Internet liegt: Der Knoten ruft sie nicht auf.',
  'fleet.webhook.words.seconds': '{count} s',
  'fleet.webhook.words.minutes': '{count} Min.',
  'fleet.webhook.words.retryWait': 'Der Webhook hat um eine Pause gebeten (HTTP 429); neuer Versuch in {delay}.',
  'fleet.webhook.words.retryStatus': 'Der Webhook hat mit HTTP {status} geantwortet; neuer Versuch in {delay}.',
  'fleet.webhook.words.retryNetwork': 'Der Webhook war nicht erreichbar; neuer Versuch in {delay}.',
  'fleet.webhook.words.retryTimeout':
    'Der Webhook hat nicht innerhalb von {timeout} geantwortet; neuer Versuch in {delay}.',
  'fleet.webhook.words.gaveUpWait':
    'Nach {count, plural, one {# Versuch} other {# Versuchen}} aufgegeben: Der Webhook hat um eine Pause gebeten (HTTP 429).',
  'fleet.webhook.words.gaveUpStatus':
    'Nach {count, plural, one {# Versuch} other {# Versuchen}} aufgegeben: Der Webhook hat mit HTTP {status} geantwortet.',
  'fleet.webhook.words.gaveUpNetwork':
    'Nach {count, plural, one {# Versuch} other {# Versuchen}} aufgegeben: Der Webhook war nicht erreichbar.',
  'fleet.webhook.words.gaveUpTimeout':
    'Nach {count, plural, one {# Versuch} other {# Versuchen}} aufgegeben: Der Webhook hat nicht geantwortet.',
};
