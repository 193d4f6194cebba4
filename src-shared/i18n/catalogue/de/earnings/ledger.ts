/** Die deutschen Wörter von earnings/ledger: dieselben ids wie en/earnings/ledger.ts, keine fehlt. */
import type { messages as en } from '../../en/earnings/ledger';

export const messages: Record<keyof typeof en, string> = {
  'earnings.receipt.noneLabel': 'Erledigt, keine Forderung',
  'earnings.receipt.none':
    'Ihr Knoten hat die Aufgabe beantwortet, aber keine Credits dafür gefordert: Die Antwort enthielt keine Tokenzahl, oder der Knoten hatte noch keinen Schlüssel vom Verzeichnis (er war nicht registriert).',
  'earnings.receipt.claimedLabel': 'Gefordert',
  'earnings.receipt.claimed':
    'Ihr Knoten hat eine Quittung für die Aufgabe geschrieben und sendet sie an das Verzeichnis, mit neuen Versuchen, bis die Quittung verfällt. Bis das Verzeichnis antwortet, zählt sie als ausstehend.',
  'earnings.receipt.awardedLabel': 'Gutgeschrieben',
  'earnings.receipt.awarded': 'Das Verzeichnis hat die Quittung angenommen und die Credits Ihrem Guthaben hinzugefügt.',
  'earnings.receipt.rejectedLabel': 'Abgelehnt',
  'earnings.receipt.rejected':
    'Das Verzeichnis hat die Quittung abgelehnt und den Grund genannt (zum Beispiel eine Forderung über Ihrer Preisobergrenze oder eine Quittung, die es schon kannte). Sie bringt keine Credits.',
  'earnings.receipt.expiredLabel': 'Verfallen',
  'earnings.receipt.expired':
    'Das Verzeichnis war nicht erreichbar oder hat die Quittung nicht angenommen, bevor ihre Zeit ablief. Sie bringt keine Credits.',
  'earnings.receipt.served':
    'Ihr Knoten hat eine Aufgabe aus dem Netzwerk beantwortet. Jede erledigte Aufgabe steht im Aufgabenverlauf, mit oder ohne Forderung.',
  'earnings.receipt.failedLabel': 'Fehlgeschlagen',
  'earnings.receipt.failed':
    'Die Aufgabe ist auf Ihrem LLM-Server fehlgeschlagen, daher gab es keine Credits zu fordern.',

  'earnings.ledger.title': 'Aufgabenverlauf',
  'earnings.ledger.allStates': 'Alle Zustände',
  'earnings.ledger.allModels': 'Alle Modelle',
  'earnings.ledger.claimedPending': 'Gefordert (ausstehend)',
  'earnings.ledger.servedLabel': 'Erledigt:',
  'earnings.ledger.stateLabel': '{state}:',
  'earnings.ledger.corrupt': 'Die für diese Aufgabe gespeicherte Quittung konnte nicht gelesen werden.',
  'earnings.ledger.code': 'Das Verzeichnis nannte den Code <code></code>.',
  'earnings.ledger.signedRecord': 'Signiertes Protokoll: {check}',
  'earnings.ledger.awardedTitle': '{amount} Credits gutgeschrieben',
  'earnings.ledger.claimedWaiting': '{amount} Credits gefordert, Antwort des Verzeichnisses steht aus',
  'earnings.ledger.claimedLost': '{amount} Credits gefordert, nicht gutgeschrieben',
  'earnings.ledger.took': 'Dauer',
  'earnings.ledger.state': 'Zustand',
  'earnings.ledger.statesTip': 'Was die Zustände bedeuten',
  'earnings.ledger.noModel': 'kein Modell',
  'earnings.ledger.task': 'Aufgabe {id}',
  'earnings.ledger.loadFailed': 'Der Aufgabenverlauf konnte nicht gelesen werden: {error}',
  'earnings.ledger.reading': 'Aufgabenverlauf wird gelesen …',
  'earnings.ledger.noMatch': 'Keine Aufgabe passt zum Filter.',
  'earnings.ledger.empty':
    'Noch keine Aufgaben. Jede Aufgabe, die Ihr Knoten erledigt, steht hier mit dem, was sie eingebracht hat.',
  'earnings.ledger.shown': '{count, plural, one {# Aufgabe} other {# Aufgaben}} angezeigt, die neueste zuerst.',
  'earnings.ledger.shownFiltered':
    '{count, plural, one {# Aufgabe} other {# Aufgaben}} angezeigt, die neueste zuerst, passend zum Filter.',
  'earnings.ledger.older': 'Ältere Aufgaben anzeigen',
  'earnings.ledger.noOlderMatch': 'Keine ältere Aufgabe passt zum Filter.',
  'earnings.ledger.first': 'Das ist die erste Aufgabe, die Ihr Knoten erledigt hat.',

  'earnings.export.separator': 'Spalten getrennt durch',
  'earnings.export.commas': 'Kommas (,)',
  'earnings.export.semicolons': 'Semikolons (;)',
  'earnings.export.commasHint': 'Für Tabellenprogramme, die eineinhalb als 1.5 schreiben.',
  'earnings.export.semicolonsHint': 'Für Tabellenprogramme, die eineinhalb als 1,5 schreiben.',
  'earnings.export.busy': 'Wird exportiert …',
  'earnings.export.these': 'Diese als CSV exportieren',
  'earnings.export.all': 'Als CSV exportieren',
  'earnings.export.done': '{count, plural, one {# Aufgabe} other {# Aufgaben}} exportiert als <file></file>.',
  'earnings.export.empty': 'Keine Aufgabe passt zum Filter: Es gibt nichts zu exportieren.',
  'earnings.export.failed': 'Der Export ist fehlgeschlagen: {message}',
  'earnings.export.copy': 'Falls keine Datei gespeichert wurde, markieren und kopieren Sie den Text:',
  'earnings.ledger.ms': '{ms} ms',
};
