/** Die deutschen Wörter von gateway/budget: dieselben ids wie en/gateway/budget.ts, keine fehlt. */
import type { messages as en } from '../../en/gateway/budget';

export const messages: Record<keyof typeof en, string> = {
  'gateway.budget.perRequest':
    'Ihr Höchstbetrag pro Anfrage liegt unter dem, was die günstigste Antwort voraussichtlich kostet: Anfragen an Rechner anderer Personen werden abgelehnt. Ihre eigenen Rechner antworten weiterhin.',
  'gateway.budget.balanceUnread':
    'Das Guthaben wurde noch nicht vom Verzeichnis gelesen: Anfragen an Rechner anderer Personen warten, bis es vorliegt. Ihre eigenen Rechner antworten weiterhin.',
  'gateway.budget.balanceEmpty':
    'Das Guthaben ist leer, daher werden Anfragen an Rechner anderer Personen abgelehnt. Ihr Knoten verdient Credits für jede Aufgabe, die er für das Netzwerk erledigt, und das Verzeichnis schreibt Zuteilungen gut, etwa die Testguthaben eines neuen Knotens. Ihre eigenen Rechner antworten weiterhin.',
  'gateway.budget.balanceShort':
    'Das Guthaben deckt nicht, was eine bezahlte Anfrage kosten könnte: Anfragen an Rechner anderer Personen werden abgelehnt. Ihre eigenen Rechner antworten weiterhin.',
  'gateway.budget.daysZone':
    'Heute und dieser Monat zählen ab Mitternacht in der Zeitzone {zone}: die Tage Ihres Knotens.',
  'gateway.budget.day':
    'Das Tageslimit ist erreicht: Anfragen an Rechner anderer Personen werden bis Mitternacht in der Zeitzone {zone} abgelehnt. Ihre eigenen Rechner antworten weiterhin.',
  'gateway.budget.month':
    'Das Monatslimit ist erreicht: Anfragen an Rechner anderer Personen werden bis Monatsende abgelehnt. Ihre eigenen Rechner antworten weiterhin.',
  'gateway.budget.kept':
    'Das Guthaben hat den Betrag erreicht, den Sie behalten möchten: Anfragen an Rechner anderer Personen werden abgelehnt. Ihre eigenen Rechner antworten weiterhin.',
  'gateway.budget.fine':
    'Anfragen werden innerhalb dieser Limits aus den Credits dieses Knotens bezahlt. Ihre eigenen Rechner antworten kostenlos.',
  'gateway.budget.title': 'Heutige Ausgaben und Budget',
  'gateway.budget.spentToday': 'Heute ausgegeben',
  'gateway.budget.thisMonth': 'Diesen Monat',
  'gateway.budget.mostPerRequest': 'Höchstens pro Anfrage',
  'gateway.budget.noCeiling': 'Keine Obergrenze',
  'gateway.budget.keepInBalance': 'Im Guthaben behalten',
  'gateway.budget.keepNothing': 'Nichts: bis auf null ausgeben',
  'gateway.budget.balance': 'Guthaben',
  'gateway.budget.balanceNotRead': 'Noch nicht vom Verzeichnis gelesen',
  'gateway.budget.onItsWay': 'Unterwegs',
  'gateway.budget.held': '{amount} für laufende Anfragen zurückgehalten',
  'gateway.budget.paidBy': 'Bezahlt von',
  'gateway.budget.paidByNode': 'Knoten dieses Computers <code>{id}</code>',
  'gateway.budget.noNodeYet': 'Noch kein Knoten: Dieser Computer registriert einen, sobald er zum ersten Mal startet.',
  'gateway.budget.limitsNote':
    'Die Limits halten zurück, was jede Anfrage mit der längsten Antwort kosten würde, die sie bekommen kann, und zählen danach, was das Verzeichnis abgerechnet hat. Der Höchstbetrag, den ein Knoten verlangen darf, wird nur vom Guthaben zurückgehalten. Ein Knoten, der mehr als erwartet abrechnet, wird nie wieder gefragt. Ein Limit kann daher höchstens um eine Anfrage je unehrlichem Knoten überschritten werden.',
};
