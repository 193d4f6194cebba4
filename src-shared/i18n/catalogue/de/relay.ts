/** Die deutschen Wörter von relay: dieselben ids wie en/relay.ts, keine fehlt. */
import type { messages as en } from '../en/relay';

export const messages: Record<keyof typeof en, string> = {
  'relay.error.failed': 'fehlgeschlagen',
  'relay.error.detail': '„{detail}“',

  'relay.election.failedRecently': 'Relay {relay} ist kürzlich ausgefallen; zuerst werden die anderen versucht.',
  'relay.election.lowReputation':
    'Relay {relay} wurde übersprungen: Seine Reputation ({reputation, number, ::.00}) ist zu gering, um ihm zu vertrauen.',
  'relay.election.allOnProbation': 'Jedes gelistete Relay ist neu im Netzwerk (auf Probe); eines davon wird verwendet.',

  'relay.list.refused': 'das Verzeichnis antwortete mit HTTP {status}',
  'relay.list.refusedCode': 'das Verzeichnis antwortete mit HTTP {status} und dem Code „{code}“',
  'relay.list.tooBig': 'das Verzeichnis schickte eine Liste, die zu groß zum Lesen ist',
  'relay.list.notList': 'das Verzeichnis antwortete mit etwas, das keine Liste von Knoten ist',

  'relay.url.tooLong': 'seine Adresse ist zu lang',
  'relay.url.oddCharacters':
    'seine Adresse enthält eine Abfrage, ein Fragment, Zugangsdaten oder ungewöhnliche Zeichen',
  'relay.url.notUrl': 'seine Adresse ist keine URL',
  'relay.url.notHttp': 'es ist nicht über HTTP oder HTTPS erreichbar',
  'relay.url.credentials': 'seine Adresse enthält Zugangsdaten',
  'relay.url.path': 'seine Adresse hat einen Pfad',
  'relay.url.notPublic': 'seine Adresse ist nicht öffentlich (Loopback, privat oder verbindungslokal)',
  'relay.url.thisNode': 'seine Adresse ist dieser Knoten selbst',

  'relay.place.thisComputer': '{host} führt zurück auf diesen Computer',
  'relay.place.private': '{host} führt in ein privates Netz',
  'relay.place.notPublic': '{host} führt zu einer Adresse, die nicht im Internet liegt',

  'relay.ticket.notRegistered':
    'der Knoten ist noch nicht registriert, daher kann das Verzeichnis nicht für ihn bürgen',
  'relay.ticket.noTicket': 'das Verzeichnis antwortete ohne Ticket',
  'relay.ticket.notIssued': 'dieses Verzeichnis stellt keine Relay-Tickets aus',
  'relay.ticket.refused': 'das Verzeichnis verweigerte ein Ticket ({status})',
  'relay.ticket.unreachable': 'das Verzeichnis war für ein Ticket nicht erreichbar',

  'relay.refusal.ticketSeen':
    'es kannte dieses Ticket des Verzeichnisses schon (ein Ticket gilt für eine einzige Bindung)',
  'relay.refusal.olderSession': 'es hält noch eine ältere Sitzung für diesen Knoten (sie läuft innerhalb von 90 s ab)',
  'relay.refusal.atLimit': 'es ist gerade an seiner Grenze',
  'relay.refusal.needsTicket': 'es verlangt ein Ticket des Verzeichnisses, und {reason}',
  'relay.refusal.ticketRefused': 'es lehnte das Ticket des Verzeichnisses ab',
  'relay.refusal.status': 'es antwortete mit {status}',
  'relay.refusal.statusCode': 'es antwortete mit {status} „{code}“',
  'relay.refusal.unreachable': 'es war nicht erreichbar ({reason})',

  'relay.bind.listFailed': 'Das Verzeichnis konnte nicht nach Relays gefragt werden: {reason}.',
  'relay.bind.skipped': 'Relay {relay} wurde übersprungen: {reason}.',
  'relay.bind.allSkipped':
    'Kein Relay, das das Verzeichnis listet, ist nutzbar: {count, plural, one {das eine gelistete wurde wegen seiner Adresse} other {alle # gelisteten wurden wegen ihrer Adressen}} übersprungen ({reason}).',
  'relay.bind.noneListed': 'Das Verzeichnis listet gerade kein Relay für diese Art von Aufgabe.',
  'relay.bind.noneUsable': 'Gerade ist kein Relay nutzbar, das das Verzeichnis listet.',
  'relay.bind.asking': 'Relay {relay} unter {host} wird gebeten, Aufgaben für diesen Knoten zu übernehmen.',
  'relay.bind.notBound': 'Relay {relay} hat die Bindung nicht angenommen: {reason}.',
  'relay.bind.problem': 'Relay {relay}: {reason}.',
  'relay.bind.bound': 'An Relay {relay} unter {host} gebunden.',
  'relay.bind.boundOnProbation': 'An Relay {relay} unter {host} gebunden (neu im Netzwerk, auf Probe).',

  'relay.worker.unbound': 'Vom Relay gelöst.',
  'relay.worker.modelsChanged':
    'Das Angebot dieses Knotens hat sich geändert: Er bindet sich mit der neuen Modellliste erneut an das Relay.',
  'relay.worker.lostProblem': 'Das Relay ging verloren: {reason}.',
  'relay.worker.lost': 'Das Relay ging verloren: {reason}. Ein anderes wird gesucht.',
  'relay.lost.sessionEnded': 'das Relay hat die Sitzung beendet',
  'relay.lost.noAnswer': 'das Relay antwortet nicht mehr ({reason})',
  'relay.lost.emptyAnswers': 'es antwortet immer wieder sofort, ohne eine Aufgabe',
  'relay.lost.modelsRefused': 'es hat die neue Modellliste nicht angenommen',
};
