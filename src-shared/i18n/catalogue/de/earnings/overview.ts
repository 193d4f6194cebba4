/** Die deutschen Wörter von earnings/overview: dieselben ids wie en/earnings/overview.ts, keine fehlt. */
import type { messages as en } from '../../en/earnings/overview';

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
};
