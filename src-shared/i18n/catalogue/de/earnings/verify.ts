/** Die deutschen Wörter von earnings/verify: dieselben ids wie en/earnings/verify.ts, keine fehlt. */
import type { messages as en } from '../../en/earnings/verify';

export const messages: Record<keyof typeof en, string> = {
  'earnings.trust.failed': 'Dem neuen Schlüssel konnte nicht vertraut werden: {message}',
  'earnings.trust.open': 'Dem neuen Schlüssel vertrauen',
  'earnings.trust.title': 'Dem neuen Schlüssel des Verzeichnisses vertrauen?',
  'earnings.trust.yes': 'Ja, dem neuen Schlüssel vertrauen',
  'earnings.trust.busy': 'Wird übernommen …',
  'earnings.trust.only':
    'Tun Sie das nur, wenn die Betreiber des Verzeichnisses einen neuen Schlüssel angekündigt haben, am besten mit diesem Fingerabdruck: <code></code>.',
  'earnings.trust.then':
    'Mit dem neuen Schlüssel signierte Gutschriften gelten dann als geprüft, der bisher vertraute Schlüssel dieses Knotens (<code></code>) nicht mehr.',
  'earnings.differences.task': 'Aufgabe',
  'earnings.differences.time': 'Zeit',
  'earnings.differences.claimed': 'Beansprucht',
  'earnings.differences.signed': 'Signierte Gutschrift',
  'earnings.differences.what': 'Was abweicht',
  'earnings.differences.notClaimed': 'nicht beansprucht',
  'earnings.differences.none': 'keine',
  'earnings.differences.failed': 'Die abweichenden Aufgaben ließen sich nicht lesen: {error}',
  'earnings.differences.title': 'Abweichende Aufgaben',
  'earnings.differences.loading': 'Die abweichenden Aufgaben werden gelesen …',
  'earnings.differences.empty': 'Keine Aufgabe weicht vom signierten Protokoll ab.',
  'earnings.differences.shown':
    '{shown} von {total, plural, one {{totalCount} Aufgabe} other {{totalCount} Aufgaben}} angezeigt, neueste zuerst.',
  'earnings.differences.more': '{count} weitere anzeigen',
  'earnings.verify.starting': 'Die Prüfung startet …',
  'earnings.verify.progress':
    'Erneute Prüfung: bisher {events, plural, one {{eventCount} Ereignis} other {{eventCount} Ereignisse}} gelesen.',
  'earnings.verify.title': 'Geprüft am signierten Protokoll des Verzeichnisses',
  'earnings.verify.checkedAt': 'Geprüft um <time>{at}</time>.',
  'earnings.verify.lastFailed': 'Die letzte Prüfung konnte nicht abgeschlossen werden: {error}.',
  'earnings.verify.lastFailedNoAnswer':
    'Die letzte Prüfung konnte nicht abgeschlossen werden: Das Verzeichnis hat nicht geantwortet.',
  'earnings.verify.recordProblems': 'Das signierte Protokoll des Verzeichnisses hat Probleme',
  'earnings.verify.couldNotStart': 'Die Prüfung konnte nicht starten: {error}',
  'earnings.verify.reading': 'Das Protokoll wird gelesen …',
  'earnings.verify.now': 'Jetzt prüfen',
  'earnings.verify.readInAll':
    'Insgesamt {events, plural, one {{eventCount} Ereignis} other {{eventCount} Ereignisse}} des Protokolls gelesen.',
  'earnings.verify.key': 'Schlüssel des Verzeichnisses <code>{fingerprint}</code>, vertraut seit {since}.',
  'earnings.awardNote.unattributed':
    'Gutgeschrieben für eine Anfrage, die keinen Knoten des Netzwerks als Absender nannte.',
  'earnings.awardNote.crossOperator':
    'Gutgeschrieben für eine Anfrage von einem Knoten eines anderen verifizierten Betreibers.',
  'earnings.awardNote.unverifiedOperator':
    'Gutgeschrieben für eine Anfrage von einem anderen Knoten, dessen Betreiber nicht verifiziert ist.',
  'earnings.awardNote.filedAs': 'Gutgeschrieben; das Verzeichnis führt es als „{value}“.',
  'earnings.awardNote.excluded':
    'Nicht bezahlt: Die Anfrage kam von diesem Knoten oder einem anderen Ihrer eigenen Rechner, und dafür zahlt das Verzeichnis nicht.',
  'earnings.verifyWords.label.verified': 'Geprüft',
  'earnings.verifyWords.why.verified':
    'Das signierte Protokoll des Verzeichnisses führt diese Gutschrift mit gültiger Signatur.',
  'earnings.verifyWords.label.notAwardedYet': 'Noch nicht gutgeschrieben',
  'earnings.verifyWords.why.notAwardedYet': 'Das Verzeichnis hat auf diese Forderung noch nicht geantwortet.',
  'earnings.verifyWords.label.awardedLess': 'Weniger gutgeschrieben',
  'earnings.verifyWords.why.awardedLess': 'Das signierte Protokoll zahlt weniger, als der Knoten gefordert hat.',
  'earnings.verifyWords.label.awardedMore': 'Mehr gutgeschrieben',
  'earnings.verifyWords.why.awardedMore': 'Das signierte Protokoll zahlt mehr, als der Knoten gefordert hat.',
  'earnings.verifyWords.label.notInLog': 'Nicht im signierten Protokoll',
  'earnings.verifyWords.why.notInLog':
    'Das Verzeichnis hat angegeben, diese Aufgabe gutgeschrieben zu haben, doch sein signiertes Protokoll enthält keine solche Gutschrift.',
  'earnings.verifyWords.label.signatureInvalid': 'Signatur ungültig',
  'earnings.verifyWords.why.signatureInvalid':
    'Die Gutschrift steht im Protokoll, doch ihre Signatur passt nicht zum Schlüssel des Verzeichnisses.',
  'earnings.verifyWords.label.chainBroken': 'Kette unterbrochen',
  'earnings.verifyWords.why.chainBroken':
    'Die Gutschrift verweist nicht auf das Ereignis davor, das Protokoll wurde also um sie herum verändert.',
  'earnings.verifyWords.label.keyChanged': 'Schlüssel geändert',
  'earnings.verifyWords.why.keyChanged':
    'Die Gutschrift ist mit einem neuen Schlüssel des Verzeichnisses signiert, den Sie noch nicht angenommen haben.',
  'earnings.verifyWords.label.otherNode': 'Einem anderen Knoten gutgeschrieben',
  'earnings.verifyWords.why.otherNode':
    'Die signierte Gutschrift für die Aufgabe dieses Knotens nennt einen anderen Knoten.',
  'earnings.verifyWords.label.neverClaimed': 'Nie gefordert',
  'earnings.verifyWords.why.neverClaimed':
    'Das signierte Protokoll zeigt eine Gutschrift an diesen Knoten für eine Aufgabe, die er nie bearbeitet hat.',
  'earnings.verifyWords.label.paidTwice': 'Vom Verzeichnis doppelt bezahlt',
  'earnings.verifyWords.why.paidTwice':
    'Das signierte Protokoll bezahlt diese Aufgabe ein zweites Mal; nur die erste Gutschrift zählt.',
  'earnings.verifyWords.label.repeatedSeq': 'Wiederholte Folgenummer',
  'earnings.verifyWords.why.repeatedSeq':
    'Das signierte Protokoll führt diese Gutschrift unter einer bereits vergebenen Folgenummer, daher wird sie nicht gezählt.',
  'earnings.verifyWords.credits': '{value, plural, one {{amount} Credit} other {{amount} Credits}}',
  'earnings.verifyWords.off':
    'Gutschriften lassen sich mit dem signierten Protokoll des Verzeichnisses abgleichen, sobald der Knoten registriert ist.',
  'earnings.verifyWords.never':
    'Die Gutschriften wurden noch nicht mit dem signierten Protokoll des Verzeichnisses abgeglichen.',
  'earnings.verifyWords.reading':
    'Das signierte Protokoll des Verzeichnisses wird geprüft: bisher {count, plural, one {{shown} Ereignis} other {{shown} Ereignisse}}.',
  'earnings.verifyWords.failed': 'Das signierte Protokoll des Verzeichnisses konnte nicht geprüft werden: {error}.',
  'earnings.verifyWords.failedNoAnswer':
    'Das signierte Protokoll des Verzeichnisses konnte nicht geprüft werden: Das Verzeichnis hat nicht geantwortet.',
  'earnings.verifyWords.failure.keyUnreadable': 'der Schlüssel des Verzeichnisses konnte nicht gelesen werden',
  'earnings.verifyWords.failure.keyInvalid': 'der Schlüssel des Verzeichnisses ist für den Knoten nicht verwendbar',
  'earnings.verifyWords.failure.logUnreadable': 'das signierte Protokoll konnte nicht vom Verzeichnis gelesen werden',
  'earnings.verifyWords.failure.logInvalid':
    'das Verzeichnis hat das signierte Protokoll in einer Form gesendet, die der Knoten nicht lesen kann',
  'earnings.verifyWords.failure.onThisComputer':
    'die Prüfung ist auf diesem Computer fehlgeschlagen (die Seite „Protokoll“ nennt den Grund)',
  'earnings.verifyWords.failure.nodeStopped': 'der Knoten wurde beendet',
  'earnings.verifyWords.partialAllMatch':
    '{checked} von {total, plural, one {{totalShown} Gutschrift} other {{totalShown} Gutschriften}} mit dem signierten Protokoll des Verzeichnisses abgeglichen: {credits}, alles stimmt.',
  'earnings.verifyWords.partialDiffer':
    '{checked} von {total, plural, one {{totalShown} Gutschrift} other {{totalShown} Gutschriften}} mit dem signierten Protokoll des Verzeichnisses abgeglichen: {verified, plural, one {{verifiedShown} Gutschrift} other {{verifiedShown} Gutschriften}} geprüft ({credits}); {differing, plural, one {{differingShown} Aufgabe weicht ab} other {{differingShown} Aufgaben weichen ab}}.',
  'earnings.verifyWords.partialProblems':
    '{checked} von {total, plural, one {{totalShown} Gutschrift} other {{totalShown} Gutschriften}} mit dem signierten Protokoll des Verzeichnisses abgeglichen: {verified, plural, one {{verifiedShown} Gutschrift} other {{verifiedShown} Gutschriften}} geprüft ({credits}); das Protokoll selbst ist fehlerhaft.',
  'earnings.verifyWords.allMatch':
    'Mit dem signierten Protokoll des Verzeichnisses abgeglichen: {verified, plural, one {{verifiedShown} Gutschrift} other {{verifiedShown} Gutschriften}}, {credits} – alles stimmt.',
  'earnings.verifyWords.differ':
    'Mit dem signierten Protokoll des Verzeichnisses abgeglichen: {verified, plural, one {{verifiedShown} Gutschrift} other {{verifiedShown} Gutschriften}}, {credits}; {differing, plural, one {{differingShown} Aufgabe weicht ab} other {{differingShown} Aufgaben weichen ab}}.',
  'earnings.verifyWords.problems':
    'Mit dem signierten Protokoll des Verzeichnisses abgeglichen: {verified, plural, one {{verifiedShown} Gutschrift} other {{verifiedShown} Gutschriften}}, {credits}; das Protokoll selbst ist fehlerhaft.',
  'earnings.verifyWords.unchecked':
    '{count, plural, one {{shown} neuere Gutschrift ist} other {{shown} neuere Gutschriften sind}} noch nicht geprüft ({credits}); die nächste Prüfung bezieht sie ein.',
  'earnings.verifyWords.difference':
    '{count, plural, one {{shown} Aufgabe} other {{shown} Aufgaben}}: {kind} ({credits}).',
  'earnings.verifyWords.waiting':
    '{count, plural, one {{shown} Forderung ist} other {{shown} Forderungen sind}} noch nicht gutgeschrieben ({credits}).',
  'earnings.verifyWords.stoppedNoProgress':
    'Das Protokoll des Verzeichnisses nahm kein Ende: Diese Prüfung hat nach {pages, plural, one {{shown} Seite} other {{shown} Seiten}} aufgehört, da Seite um Seite keine Gutschrift dieses Knotens enthielt; die nächste Prüfung macht dort weiter.',
  'earnings.verifyWords.stoppedLimit':
    'Diese Prüfung hat so viel vom Protokoll des Verzeichnisses gelesen, wie eine Prüfung darf ({pages, plural, one {{shown} Seite} other {{shown} Seiten}}); die nächste Prüfung macht dort weiter.',
  'earnings.verifyWords.keyChanged':
    'Das Verzeichnis signiert jetzt mit einem anderen Schlüssel ({newKey}) als dem, dem dieser Knoten vertraut hat ({oldKey}); damit signierte Gutschriften zählen erst, wenn Sie ihn annehmen.',
  'earnings.verifyWords.rewritten':
    'Das signierte Protokoll des Verzeichnisses hat sich geändert, nachdem dieser Knoten es geprüft hatte: Bereits geprüfte Ereignisse sind jetzt anders.',
  'earnings.verifyWords.chainBroken':
    'Die Kette des signierten Protokolls ist an {count, plural, one {{shown} Stelle} other {{shown} Stellen}} unterbrochen: Ereignisse wurden entfernt, umgestellt oder verändert.',
  'earnings.verifyWords.badSignatures':
    '{count, plural, one {{shown} Ereignis hat} other {{shown} Ereignisse haben}} im Protokoll des Verzeichnisses eine ungültige Signatur.',
  'earnings.verifyWords.noticeTitle':
    'Ihre Einnahmen stimmen nicht mit dem signierten Protokoll des Verzeichnisses überein',
};
