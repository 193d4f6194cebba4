/** Die deutschen Wörter von earnings: dieselben ids wie en/earnings.ts, keine fehlt. */
import type { messages as en } from '../en/earnings';

export const messages: Record<keyof typeof en, string> = {
  'earnings.page.title': 'Einnahmen',
  'earnings.page.subtitle': 'Die Credits, die Ihr Knoten für erledigte Aufgaben verdient, und wo jede Forderung steht.',

  'earnings.range.legend': 'Zeitraum',
  'earnings.range.days': '{days} Tage',

  'earnings.totals.title': 'Letzte {days} Tage',
  'earnings.totals.served': '{tasks, plural, one {# Aufgabe} other {# Aufgaben}} erledigt',
  'earnings.totals.failed': ', {count} fehlgeschlagen',
  'earnings.totals.tokens': '{tokens, plural, one {# Token} other {# Tokens}}',
  'earnings.totals.today':
    'heute bisher: {tasks, plural, one {# Aufgabe} other {# Aufgaben}}, {awarded} gutgeschrieben',
  'earnings.totals.todayPending': ', {pending} ausstehend',
  'earnings.totals.awarded': 'Gutgeschrieben',
  'earnings.totals.pending': 'Ausstehend',
  'earnings.totals.pendingTip':
    '{claimed} Zwischen der Aufgabe und der Antwort des Verzeichnisses stehen die Credits hier.',
  'earnings.totals.rejected': 'Abgelehnt',
  'earnings.totals.expired': 'Verfallen',
  'earnings.totals.tipLabel': 'Was „{label}“ bedeutet',
  'earnings.totals.credits': 'Credits',
  'earnings.totals.receipts': '{count, plural, one {Quittung} other {Quittungen}}',
  'earnings.totals.onTheWay': '{count, plural, one {# Quittung} other {# Quittungen}} gerade unterwegs',
  'earnings.totals.rejectReasons': 'Warum das Verzeichnis Quittungen abgelehnt hat',
  'earnings.totals.noReason': 'Kein Grund angegeben',
  'earnings.totals.loadFailed': 'Ihre Einnahmen konnten nicht gelesen werden: {error}',
  'earnings.totals.reading': 'Ihre Einnahmen werden gelesen …',
  'earnings.totals.lastRead': 'Angezeigt werden die zuletzt gelesenen Zahlen: {error}',
  'earnings.totals.creditMeaning':
    'Eine Quittung fordert 1 Credit je {tokens} Tokens, die eine Aufgabe verbraucht hat – Anfrage und Antwort zusammen; bei einem Preis unter dem Grundtarif oder einem sehr kleinen Modell ist es weniger (siehe Preise).',

  'earnings.chart.title': 'Credits pro Tag',
  'earnings.chart.legend': 'Legende',
  'earnings.chart.awarded': 'Gutgeschrieben',
  'earnings.chart.pending': 'Ausstehend',
  'earnings.chart.daysUtc': 'Gezählt werden die Tage Ihres Knotens: von Mitternacht bis Mitternacht in UTC.',
  'earnings.chart.daysZone':
    'Gezählt werden die Tage Ihres Knotens: von Mitternacht bis Mitternacht nach der Zeit von {zone} ({offset}).',
  'earnings.chart.summary':
    'Credits pro Tag in den letzten {days} Tagen, gutgeschriebene und ausstehende übereinander: insgesamt {total}. Die Zahlen stehen in der Tabelle unter dem Diagramm.',
  'earnings.chart.summaryBest':
    'Credits pro Tag in den letzten {days} Tagen, gutgeschriebene und ausstehende übereinander: insgesamt {total}, die meisten am {best}. Die Zahlen stehen in der Tabelle unter dem Diagramm.',
  'earnings.chart.loading': 'Wird geladen.',
  'earnings.chart.noCredits': 'Aufgaben erledigt, aber in diesen Tagen keine Credits gefordert.',
  'earnings.chart.noTasks': 'In diesen Tagen noch keine Aufgaben.',
  'earnings.chart.showNumbers': 'Zahlen anzeigen ({days, plural, one {# Tag} other {# Tage}} mit Aufgaben)',
  'earnings.chart.today': '{today} ({day})',
  'earnings.chart.day': 'Tag',
  'earnings.chart.tasks': 'Aufgaben',
  'earnings.chart.tokens': 'Tokens',
  'earnings.chart.barAwarded': '{amount} Credits gutgeschrieben',
  'earnings.chart.barPending': '{amount} ausstehend',
  'earnings.chart.barTasks': '{tasks, plural, one {# Aufgabe} other {# Aufgaben}}',
  'earnings.chart.bar': '{day}: {parts}',

  'earnings.standing.title': 'Ansehen im Netzwerk',
  'earnings.standing.score': 'Reputationswert',
  'earnings.standing.scoreTip': 'Was der Reputationswert bedeutet',
  'earnings.standing.scoreHelp':
    'Das Verzeichnis bewertet jeden Knoten mit einem Wert von 0 bis 1. Ein neuer Knoten beginnt bei {start}; gut und schnell erledigte Aufgaben heben den Wert (um höchstens {rise} pro Stunde), Fehlschläge senken ihn. Nutzer bevorzugen Knoten mit höherem Wert.',
  'earnings.standing.notReported': 'Noch nicht gemeldet',
  'earnings.standing.ofOne': 'von 1',
  'earnings.standing.onProbation': 'In der Probezeit',
  'earnings.standing.probationText':
    'Neue Knoten bleiben in der Probezeit, bis das Verzeichnis {count} erledigte Aufgaben gezählt hat. Bis dahin werden Nutzer, die schnelle, interaktive Antworten wünschen, nicht an Ihren Knoten vermittelt; alles andere läuft wie gewohnt.',
  'earnings.standing.pastProbation': 'Probezeit bestanden',
  'earnings.standing.pastProbationText':
    'Das Verzeichnis hat mindestens {count} erledigte Aufgaben Ihres Knotens gezählt und vermittelt ihm daher jede Art von Aufgabe.',
  'earnings.standing.probationUnknownRegistered':
    'Probezeit: noch nicht gemeldet. Ihr Knoten ist registriert; er liest die Probezeit zusammen mit Ihren Einnahmen aus dem Verzeichnis, und „Jetzt abgleichen“ liest sie sofort.',
  'earnings.standing.probationUnknown':
    'Probezeit: noch nicht gemeldet. Das Verzeichnis meldet sie, sobald Ihr Knoten registriert ist.',
  'earnings.standing.directoryCountAt':
    'Nach der Zählung des Verzeichnisses hatte Ihr Knoten {count} Aufgaben erledigt, als er zuletzt nachfragte ({time}). Das Verzeichnis zählt die Aufgaben, die Ihr Knoten mit seinen Lebenszeichen meldet; seine Zählung liegt daher hinter der eigenen Zählung dieses Rechners zurück.',
  'earnings.standing.directoryCount':
    'Nach der Zählung des Verzeichnisses hat Ihr Knoten {count} Aufgaben erledigt. Das Verzeichnis zählt die Aufgaben, die Ihr Knoten mit seinen Lebenszeichen meldet; seine Zählung liegt daher hinter der eigenen Zählung dieses Rechners zurück.',

  'earnings.wallet.title': 'Betreiber-Wallet',
  'earnings.wallet.waiting':
    'Das Verzeichnis zeigt Ihre Betreiber-Wallet noch nicht an; das geschieht, sobald es diesen Knoten Ihrer Betreiberidentität zugeordnet hat.',
  'earnings.wallet.boundNotRead':
    'Das Verzeichnis hat diesen Knoten als Ihren bestätigt. Ihre Betreiber-Wallet erscheint hier, sobald Ihr Knoten seine Einnahmen aus dem Verzeichnis gelesen hat; „Jetzt abgleichen“ liest sie sofort.',
  'earnings.wallet.boundReadBefore':
    'Das Verzeichnis hat diesen Knoten als Ihren bestätigt. Als Ihr Knoten zuletzt seine Einnahmen las ({time}), enthielt die Antwort Ihre Betreiber-Wallet noch nicht; sie erscheint nach dem nächsten Abgleich, und „Jetzt abgleichen“ liest sofort.',
  'earnings.wallet.none':
    'Dieser Computer hat noch keine Betreiberidentität. Erstellen oder importieren Sie eine in den <link>Einstellungen unter „Ihre Betreiberidentität“</link>.',
  'earnings.wallet.creditsTitle': '{amount} Credits',
  'earnings.wallet.credits': '{amount} Credits',
  'earnings.wallet.balance': 'Guthaben all Ihrer Computer',
  'earnings.wallet.earned': 'Verdient',
  'earnings.wallet.spent': 'Ausgegeben',
  'earnings.wallet.computers': 'Rechner',
  'earnings.wallet.transactions': 'Buchungen',
  'earnings.wallet.fingerprint': 'Fingerabdruck des Betreibers',
  'earnings.wallet.addsUp':
    'Die Summen des Verzeichnisses gehen auf: Das Guthaben ist das Verdiente abzüglich des Ausgegebenen.',
  'earnings.wallet.doesNotAddUp':
    'Die Summen des Verzeichnisses gehen nicht auf: Das Guthaben ist nicht das Verdiente abzüglich des Ausgegebenen.',
  'earnings.wallet.asOf': 'Stand: <time>{at}</time>, wie das Guthaben oben.',

  'earnings.reconciliation.differenceNote':
    '„Differenz“ ist, was Ihr Knoten gefordert hat und nicht bezahlt bekommt: seine Forderung abzüglich dessen, was das Verzeichnis gutgeschrieben hat und was noch auf eine Antwort wartet (abgelehnte oder verfallene Quittungen, unter dem Tag erklärt). „Verzeichnis“ ist, was die Buchungsliste des Verzeichnisses für die Aufgaben dieses Tages zeigte. Diese Liste enthält nur ihre 20 neuesten Einträge; ein Tag bekommt dort daher erst einen Wert, wenn er vorbei ist und Ihr Knoten jeden seiner Einträge gesehen hat. Die übrigen Tage, auch heute, bleiben leer. „Geprüft“ ist, was das signierte Protokoll des Verzeichnisses für die Aufgaben des Tages als gutgeschrieben ausweist.',

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
    'Alles, was das Verzeichnis dem Guthaben Ihres Knotens hinzugefügt hat: die Credits für seine Aufgaben und Zuteilungen wie das Testguthaben für einen neuen Knoten. Ausgaben werden nicht abgezogen.',
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

  'earnings.reconciliation.title': 'Forderungen und Gutschriften, Tag für Tag',
  'earnings.reconciliation.claimed': 'Gefordert',
  'earnings.reconciliation.verified': 'Geprüft',
  'earnings.reconciliation.verifiedTitle':
    'Gutschriften, die das signierte Protokoll des Verzeichnisses für den Tag ausweist, und wie viele Aufgaben des Tages davon abweichen',
  'earnings.reconciliation.waiting': 'Wartend',
  'earnings.reconciliation.difference': 'Differenz',
  'earnings.reconciliation.directory': 'Verzeichnis',
  'earnings.reconciliation.directoryTitle':
    'Credits für Aufgaben in der Buchungsliste des Verzeichnisses, für einen Tag, den sie vollständig zeigte',
  'earnings.reconciliation.empty': 'In den letzten {days} Tagen wurden keine Credits gefordert.',
  'earnings.reconciliation.differing': '{count, plural, one {# Aufgabe weicht ab} other {# Aufgaben weichen ab}}',
  'earnings.reconciliation.notPaid': 'Was am {day} nicht bezahlt wurde',
  'earnings.reconciliation.rejected': '{count} abgelehnt ({amount} Credits):',
  'earnings.reconciliation.whatToDo': 'Was zu tun ist: {advice}',
  'earnings.reconciliation.expired':
    '<head>Verfallen ({amount} Credits):</head> Quittungen, die das Verzeichnis nicht angenommen hat, bevor sie verfielen.',

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
  'earnings.spent.earned':
    'Ihr Knoten hat in den letzten {days, plural, one {# Tag} other {# Tagen}} {amount} Credits verdient.',
  'earnings.spent.spent':
    'Ihre Apps haben {amount} Credits für {tasks, plural, one {# Aufgabe} other {# Aufgaben}} ausgegeben, die sie an das Netzwerk gesendet haben.',
  'earnings.spent.none': 'Ihre Apps haben in diesen Tagen keine Aufgaben an das Netzwerk gesendet.',
  'earnings.spent.netLine': 'Saldo: {amount} Credits.',
  'earnings.spent.ownFree': 'Aufgaben, die Ihre eigenen Rechner beantwortet haben, kosten nichts.',
  'earnings.spent.perDay': 'Pro Tag',
  'earnings.spent.perMachine': 'Pro Rechner',
  'earnings.spent.note':
    'Ausgegeben ist, was das Verzeichnis berechnet hat, sobald seine Buchungen es zeigen. Bis dahin ist es das, was die Aufgabe voraussichtlich kostet.',

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
  'earnings.transactions.taskServed': 'Aufgabe erledigt',
  'earnings.transactions.grant': 'Testguthaben',
  'earnings.transactions.expired': 'Verfallen: 90 Tage lang keine Credits verdient',
  'earnings.transactions.spent': 'Für eine Aufgabe ausgegeben',

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
  'earnings.ledger.ms': '{ms} ms',
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
} as const;
