/** Die deutschen Wörter von earnings/books: dieselben ids wie en/earnings/books.ts, keine fehlt. */
import type { messages as en } from '../../en/earnings/books';

export const messages: Record<keyof typeof en, string> = {
  'earnings.books.title': 'Guthaben im Verzeichnis',
  'earnings.books.syncNow': 'Jetzt abgleichen',
  'earnings.books.syncing': 'Wird abgeglichen …',
  'earnings.books.upToDate': 'Auf dem neuesten Stand.',
  'earnings.books.syncFailed': 'Der Abgleich konnte nicht beginnen: {message}',
  'earnings.books.notKnown': 'Noch nicht bekannt',
  'earnings.books.notSynced': 'Noch nicht abgeglichen',
  'earnings.books.balance': 'Guthaben',
  'earnings.books.credited': 'Insgesamt gutgeschrieben',
  'earnings.books.creditedTip': 'Was „Insgesamt gutgeschrieben“ bedeutet',
  'earnings.books.creditedHelp':
    'Alles, was das Verzeichnis dem Guthaben Ihres Knotens hinzugefügt hat: die für seine Aufgaben gutgeschriebenen Credits und Zuteilungen wie das Testguthaben für einen neuen Knoten. Ausgaben werden nicht abgezogen.',
  'earnings.books.asOf':
    '<muted>Stand: </muted><time>{at}</time> <muted>(<ago></ago>), als Ihr Knoten sie zuletzt aus dem Verzeichnis gelesen hat.</muted>',
  'earnings.books.soon':
    'Der Knoten fragt diese Werte kurz nach der Registrierung beim Verzeichnis ab und danach alle paar Minuten.',
  'earnings.books.notRegistered':
    'Das Verzeichnis führt Ihr Guthaben, sobald Ihr Knoten registriert ist; wie es darum steht, zeigt das Dashboard.',
  'earnings.books.behind':
    'Gutschriften, die Ihr Knoten danach erhalten hat, sind in diesen Zahlen noch nicht enthalten; er liest sie in ein bis zwei Minuten erneut.',
  'earnings.books.syncErrorLead': 'Der letzte Abgleich ist fehlgeschlagen:',
  'earnings.books.lastValues':
    'Die Werte oben sind die letzten, die das Verzeichnis geliefert hat, zum angegebenen Zeitpunkt.',
  'earnings.books.noValues': 'Aus dem Verzeichnis wurden noch keine Werte gelesen.',
  'earnings.books.outbox':
    '{count, plural, one {# Quittung wartet darauf, vom Verzeichnis angenommen zu werden; ihre Credits sind noch nicht in diesem Guthaben.} other {# Quittungen warten darauf, vom Verzeichnis angenommen zu werden; ihre Credits sind noch nicht in diesem Guthaben.}}',

  'earnings.models.title': 'Nach Modell',
  'earnings.models.model': 'Modell',
  'earnings.models.tokensPerJoule': 'Tokens pro Joule',
  'earnings.models.share': 'Anteil',
  'earnings.models.empty': 'In den letzten {days} Tagen hat kein Modell eine Aufgabe erledigt.',
  'earnings.models.shareAwarded': 'Anteil an den im Zeitraum gutgeschriebenen Credits.',
  'earnings.models.shareTasks': 'Anteil an den im Zeitraum erledigten Aufgaben (noch nichts gutgeschrieben).',
  'earnings.models.energy': '{tokens} Tokens für {energy}',
  'earnings.models.noPower': 'Für dieses Modell wurde kein Stromverbrauch gemessen.',
  'earnings.units.audio': '{minutes} Min. Audio',
  'earnings.units.characters': '{count, plural, one {{shown} Zeichen} other {{shown} Zeichen}}',
  'earnings.units.items': '{count, plural, one {{shown} Text} other {{shown} Texte}}',

  'earnings.transactions.title': 'Buchungen im Verzeichnis',
  'earnings.transactions.time': 'Zeit',
  'earnings.transactions.what': 'Was',
  'earnings.transactions.credits': 'Credits',
  'earnings.transactions.none': 'Das Verzeichnis führt noch keine Buchungen für Ihren Knoten.',
  'earnings.transactions.notSynced':
    'Noch nicht abgeglichen: Das Verzeichnis führt sie, sobald Ihr Knoten registriert ist und abgeglichen hat.',
  'earnings.transactions.caption': 'Die neuesten Einträge des Verzeichnisses für Ihren Knoten, höchstens 20.',
  'earnings.transactions.captionAt':
    'Die neuesten Einträge des Verzeichnisses für Ihren Knoten, höchstens 20, gelesen um {time}.',
  'earnings.transactions.debit': 'Belastung',
  'earnings.transactions.credit': 'Gutschrift',
  'earnings.transactions.task': 'Aufgabe',

  'earnings.advice.ceiling':
    'Das Verzeichnis führt für diesen Knoten einen niedrigeren Preis, als die Quittung gefordert hat. Der Knoten fordert mit dem Preis des Verzeichnisses, sobald er ihn gelesen hat; prüfen Sie die Preise, wenn das wieder vorkommt.',
  'earnings.advice.signingKey':
    'Das Verzeichnis führt für diesen Knoten einen anderen Signaturschlüssel. Entfernen Sie den Knoten und treten Sie erneut bei (Einstellungen), damit er einen neuen Schlüssel erhält.',
  'earnings.advice.tooLate':
    'Die Quittung hat das Verzeichnis zu spät erreicht (es war lange nicht erreichbar, oder die Uhr dieses Computers geht falsch). Halten Sie den Knoten online und prüfen Sie die Uhr.',
  'earnings.advice.unknownConsumer':
    'Der Knoten des Nutzers ist dem Verzeichnis unbekannt; der Knoten fordert solche Aufgaben jetzt, ohne ihn zu nennen.',
  'earnings.advice.rateLimit':
    'Mehr als {credits} Credits in einer Stunde: Solche Quittungen werden in der nächsten Stunde erneut gesendet, solange sie gültig sind.',
  'earnings.advice.format': 'Das Verzeichnis hat das Format der Quittung nicht angenommen: Aktualisieren Sie die App.',

  'earnings.spent.title': 'Verdient und ausgegeben',
  'earnings.spent.net': 'Saldo',
  'earnings.spent.machine': 'Rechner',
  'earnings.spent.tasksSent': 'Gesendete Aufgaben',
  'earnings.spent.thisComputer': 'Dieser Computer',
  'earnings.spent.yourMachine': 'Ihr Rechner {id}',
  'earnings.spent.node': 'Knoten {id}',
  'earnings.spent.nodeOf': 'Ein Knoten von <name></name>',
  'earnings.spent.othersNodes': 'Knoten anderer Personen',
  'earnings.spent.earned':
    'Ihr Knoten hat in den letzten {days, plural, one {# Tag} other {# Tagen}} {amount} Credits verdient.',
  'earnings.spent.spent':
    'Ihre Apps haben {amount} Credits für {tasks, plural, one {# bezahlte Aufgabe} other {# bezahlte Aufgaben}} ausgegeben, die sie an das Netzwerk gesendet haben.',
  'earnings.spent.freeTasks':
    'Ihre eigenen Rechner haben {count, plural, one {# weitere Aufgabe} other {# weitere Aufgaben}} kostenlos beantwortet.',
  'earnings.spent.onlyFree':
    'Ihre Apps haben nichts ausgegeben: Ihre eigenen Rechner haben {count, plural, one {ihre # Aufgabe} other {ihre # Aufgaben}} kostenlos beantwortet.',
  'earnings.spent.none': 'Ihre Apps haben in diesen Tagen keine Aufgaben an das Netzwerk gesendet.',
  'earnings.spent.netLine': 'Saldo: {amount} Credits.',
  'earnings.spent.ownFree': 'Aufgaben, die Ihre eigenen Rechner beantwortet haben, kosten nichts.',
  'earnings.spent.perDay': 'Pro Tag',
  'earnings.spent.perMachine': 'Pro Rechner',
  'earnings.spent.note':
    'Ausgegeben ist, was das Verzeichnis berechnet hat, sobald seine Buchungen es zeigen. Bis dahin ist es das, was die Aufgabe voraussichtlich kostet.',
  'earnings.transactions.taskServed': 'Aufgabe erledigt',
  'earnings.transactions.grant': 'Testguthaben',
  'earnings.transactions.expired': 'Verfallen: 90 Tage lang keine Credits verdient',
  'earnings.transactions.spent': 'Für eine Aufgabe ausgegeben',
};
