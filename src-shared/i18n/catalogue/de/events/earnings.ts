/** Die deutschen Wörter von events/earnings: dieselben ids wie en/events/earnings.ts, keine fehlt. */
import type { messages as en } from '../../en/events/earnings';

export const messages: Record<keyof typeof en, string> = {
  'events.earnings.perToken': 'pro Token',
  'events.earnings.perRequest': 'pro Anfrage',
  'events.earnings.flat': 'als Pauschale',
  'events.earnings.syncNotRegistered':
    'Ihre Einnahmen konnten nicht abgerufen werden: Der Knoten ist noch nicht beim Verzeichnis registriert.',
  'events.earnings.syncFailed':
    'Ihre Einnahmen konnten nicht vom Verzeichnis abgerufen werden{why}; in einigen Minuten wird es erneut versucht.',
  'events.earnings.syncNotSaved':
    'Die vom Verzeichnis abgerufenen Einnahmen konnten auf diesem Computer nicht gespeichert werden{why}.',
  'events.earnings.verifiedDiffer':
    'Ihre Gutschriften wurden mit dem signierten Nachweis des Verzeichnisses abgeglichen: {count, plural, one {# Gutschrift} other {# Gutschriften}} bestätigt, einige Aufgaben weichen ab.',
  'events.earnings.verified':
    'Ihre Gutschriften wurden mit dem signierten Nachweis des Verzeichnisses abgeglichen: {count, plural, one {# Gutschrift} other {# Gutschriften}} bestätigt.',
  'events.earnings.verifyFailed':
    'Ihre Gutschriften konnten nicht mit dem signierten Nachweis des Verzeichnisses abgeglichen werden{why}; später wird es erneut versucht.',
  'events.earnings.keyAccepted':
    'Sie haben dem neuen Signaturschlüssel des Verzeichnisses vertraut; der ganze signierte Nachweis wird damit erneut geprüft.',
  'events.earnings.ledgerWriteFailed':
    'Bediente Aufgaben konnten nicht in die Buchungen geschrieben werden{why}; sie bleiben im Speicher, bis es wieder geht.',
  'events.earnings.ledgerHelperFailed':
    'Der Helfer, der bediente Aufgaben in die Buchungen schreibt, konnte nicht schreiben{why}; der Knoten hat sie selbst geschrieben, nichts ging verloren.',
  'events.earnings.rateYours': 'Ihren Preis',
  'events.earnings.rateBase': 'Ihren Preis (den Grundtarif)',
  'events.earnings.rateTimes': 'Ihren Preis ({times} × den Grundtarif)',
  'events.earnings.priceAcceptedHow': 'Das Verzeichnis hat {rate} akzeptiert, berechnet {how}.',
  'events.earnings.priceAccepted': 'Das Verzeichnis hat {rate} akzeptiert.',
  'events.earnings.creditedTasks':
    'Das Verzeichnis hat Ihnen {tasks, plural, one {# bediente Aufgabe} other {# bediente Aufgaben}} gutgeschrieben.',
  'events.earnings.creditedTask': 'Das Verzeichnis hat Ihnen eine bediente Aufgabe gutgeschrieben.',
  'events.earnings.awardedTasks':
    'Das Verzeichnis hat Ihnen {credits} {amount, plural, one {Credit} other {Credits}} für {tasks, plural, one {# bediente Aufgabe} other {# bediente Aufgaben}} gutgeschrieben.',
  'events.earnings.awardedTask':
    'Das Verzeichnis hat Ihnen {credits} {amount, plural, one {Credit} other {Credits}} für eine bediente Aufgabe gutgeschrieben.',
  'events.earnings.outboxFailed':
    'Ansprüche auf Credits konnten wegen eines Problems auf diesem Computer nicht gesendet werden{why}; der Knoten versucht es erneut.',
  'events.earnings.expired':
    'Ein Anspruch auf Credits ist abgelaufen, bevor das Verzeichnis ihn angenommen hat; diese Aufgabe bringt daher nichts ein.',
  'events.earnings.withoutQueryingNode':
    'Das Verzeichnis kennt den Knoten nicht, der die Aufgabe angefragt hat; der Anspruch auf Credits wurde daher ohne ihn erneut gesendet.',
  'events.earnings.hourlyCapAt':
    'Das Limit des Verzeichnisses von {limit} Credits pro Stunde ist erreicht; {claims, plural, one {der Anspruch auf Credits wird} other {# Ansprüche auf Credits werden}} um {at} erneut gesendet.',
  'events.earnings.hourlyCap':
    'Das Limit des Verzeichnisses von {limit} Credits pro Stunde ist erreicht; {claims, plural, one {der Anspruch auf Credits wird} other {# Ansprüche auf Credits werden}} in der nächsten Stunde erneut gesendet.',
  'events.earnings.replayed':
    'Das Verzeichnis hatte diesen Anspruch auf Credits schon: Ein früherer Versuch ist durchgekommen.',
  'events.earnings.rejected':
    'Das Verzeichnis hat einen Anspruch auf Credits abgelehnt; diese Aufgabe bringt daher nichts ein. Die Seite „Einnahmen“ nennt den Grund.',
  'events.earnings.refusedByLedger':
    'Ein zweiter Anspruch auf Credits für dieselbe Aufgabe wurde von den Buchungen abgelehnt und wird nicht gesendet.',
  'events.earnings.usageBounded':
    'Ihr LLM-Server hat für eine Antwort {server} Tokens gezählt, mehr als sie verbrauchen konnte; der Knoten hat {claimed} gefordert.',
  'events.earnings.usageUnreadable':
    'Die Tokenzahl Ihres LLM-Servers für eine Antwort war nicht lesbar; der Knoten hat seine eigene Zählung gefordert, {claimed}.',
};
