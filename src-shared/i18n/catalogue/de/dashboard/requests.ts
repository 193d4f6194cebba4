/** Die deutschen Wörter von dashboard/requests: dieselben ids wie en/dashboard/requests.ts, keine fehlt. */
import type { messages as en } from '../../en/dashboard/requests';

export const messages: Record<keyof typeof en, string> = {
  'dashboard.requests.outcome.served': 'Bedient',
  'dashboard.requests.outcome.refused': 'Abgewiesen',
  'dashboard.requests.outcome.failed': 'Fehlgeschlagen',
  'dashboard.requests.delivery.streamed': 'Gestreamt',
  'dashboard.requests.delivery.streamedTitle':
    'Die Antwort ging Stück für Stück an den Nutzer, so wie Ihr Modell sie schrieb.',
  'dashboard.requests.delivery.relayed': 'Am Stück: kam über das Relay',
  'dashboard.requests.delivery.relayedTitle':
    'Das Relay befördert nur ganze Aufgaben. Diese Antwort ging daher in einem Stück, nicht gestreamt.',
  'dashboard.requests.note.usageBounded':
    'Ihr LLM-Server hat mehr Tokens gezählt, als diese Antwort verbrauchen konnte; der Knoten hat nicht mehr gefordert, als möglich war.',
  'dashboard.requests.note.usageUnreadable':
    'Die Tokenzahl Ihres LLM-Servers war nicht lesbar; der Knoten hat seine eigene Zählung gefordert.',

  'dashboard.requests.title': 'Anfragen heute',
  'dashboard.requests.titleZone': 'Anfragen heute ({zone})',
  'dashboard.requests.col.time': 'Zeit',
  'dashboard.requests.col.outcome': 'Ergebnis',
  'dashboard.requests.col.reason': 'Grund',
  'dashboard.requests.col.model': 'Modell',
  'dashboard.requests.col.tokens': 'Tokens',
  'dashboard.requests.col.tokensPerSecond': 'Tok./Sek.',
  'dashboard.requests.col.tokensTitle': 'Tokens insgesamt: der Prompt und die Antwort',
  'dashboard.requests.col.tokensPerSecondTitle':
    'Tokens der Antwort, die das Modell pro Sekunde schrieb; der Prompt zählt nicht mit',
  'dashboard.requests.col.took': 'Dauer',
  'dashboard.requests.col.code': 'Kennung',
  'dashboard.requests.col.today': 'Heute',
  'dashboard.requests.task': 'Aufgabe: {intent}',
  'dashboard.requests.taskAny': 'Aufgabe',
  'dashboard.requests.askedFor': 'angefragt:',
  'dashboard.requests.ms': '{ms} ms',
  'dashboard.requests.advice': 'Was Sie tun können',
  'dashboard.requests.empty':
    'Noch keine Anfragen. Jede Aufgabe an Ihren Knoten steht hier, bedient oder abgewiesen, mit dem Grund.',
  'dashboard.requests.latest': '{count, plural, one {Letzte Anfrage} other {Letzte # Anfragen}}, neueste zuerst.',
  'dashboard.requests.unlisted': 'Dazu heute {count} weitere, oben mitgezählt, aber nicht einzeln aufgeführt.',
  'dashboard.requests.more': 'Mehr anzeigen',
  'dashboard.requests.olderFailed': 'Ältere Anfragen konnten nicht gelesen werden: {why}',
  'dashboard.requests.details': 'Details',
};
