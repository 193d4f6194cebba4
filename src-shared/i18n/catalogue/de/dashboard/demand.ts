/** Die deutschen Wörter von dashboard/demand: dieselben ids wie en/dashboard/demand.ts, keine fehlt. */
import type { messages as en } from '../../en/dashboard/demand';

export const messages: Record<keyof typeof en, string> = {
  'dashboard.discovered.at': 'Die Knotenliste des Verzeichnisses ist von {time}.',

  'dashboard.demand.title': 'Was das Netzwerk nachfragt',
  'dashboard.demand.reading': 'Die Nachfrage im Netzwerk wird gelesen …',
  'dashboard.demand.notRead': 'Noch nicht aus dem Verzeichnis gelesen.',
  'dashboard.demand.readingAgain': 'Wird gelesen …',
  'dashboard.demand.readAgain': 'Neu lesen',
  'dashboard.demand.note':
    'Ihr Knoten liest die Knotenliste des Verzeichnisses höchstens alle 10 Sekunden – dieselbe Liste, die jede Seite zeigt. „Neu lesen“ liest sie sofort.',
  'dashboard.demand.error': 'Die Zahlen konnten nicht gelesen werden: {why}',
  'dashboard.demand.listed': 'Sie nennt {count, plural, one {# weiteren Knoten} other {# weitere Knoten}}.',
  'dashboard.demand.problem.noList':
    '{why, select, too_big {Die Knotenliste des Verzeichnisses war zu groß zum Lesen} refused {Das Verzeichnis hat seine Knotenliste gerade verweigert} unreachable {Das Verzeichnis war gerade nicht erreichbar} unreadable {Die Knotenliste des Verzeichnisses ließ sich nicht lesen} other {Das Verzeichnis hat seine Knotenliste noch nicht geliefert}}. Was andere Knoten anbieten, ist daher nicht bekannt.',
  'dashboard.demand.problem.lastList':
    '{why, select, too_big {Die neueste Knotenliste des Verzeichnisses war zu groß zum Lesen} refused {Das Verzeichnis hat seine Knotenliste gerade verweigert} unreachable {Das Verzeichnis war gerade nicht erreichbar} other {Die neueste Knotenliste des Verzeichnisses ließ sich nicht lesen}}. Die Zahlen stammen aus der vorigen Liste.',
  'dashboard.demand.asked.title': 'Bei Ihrem Knoten angefragt',
  'dashboard.demand.asked.none':
    'Diese Woche hat kein Nutzer bei Ihrem Knoten ein Modell angefragt, das er nicht anbietet.',
  'dashboard.demand.asked.times': 'diese Woche {count, plural, one {einmal} other {#-mal}} angefragt.',
  'dashboard.demand.scarce.title': 'Von wenigen Knoten angeboten',
  'dashboard.demand.scarce.none': 'Kein Modell wird nur von einem oder zwei anderen Knoten angeboten.',
  'dashboard.demand.scarce.yours': 'Sie bieten es ebenfalls an.',
  'dashboard.demand.scarce.askedToo': 'Es wurde auch bei Ihrem Knoten angefragt (siehe oben).',
  'dashboard.demand.others':
    '{count, plural, =0 {kein Knoten einer anderen Person bietet} one {# Knoten einer anderen Person bietet} other {# Knoten anderer Personen bieten}} es an.',
  'dashboard.demand.ownToo':
    '{count, plural, one {# Ihrer anderen Rechner bietet es ebenfalls an.} other {# Ihrer anderen Rechner bieten es ebenfalls an.}}',
  'dashboard.demand.line': '<model></model>: <words></words>',
  'dashboard.demand.speech.title': 'Sprache und Moderation',
  'dashboard.demand.speech.none': 'Für Sprache zu Text, Text zu Sprache oder Moderation wurde kein Knoten gelistet.',
  'dashboard.demand.speech.line':
    '<model></model> ({kind, select, transcribe {Sprache zu Text} speech {Text zu Sprache} other {Moderation}}): <words></words>',
  'dashboard.demand.speech.asked':
    '{count, plural, one {Diese Woche einmal bei Ihrem Knoten angefragt.} other {Diese Woche #-mal bei Ihrem Knoten angefragt.}}',
  'dashboard.demand.price.title': 'Ihr Preis',
  'dashboard.demand.price.none': 'Noch kein Preis anderer Knoten gelesen.',
  'dashboard.demand.price.alone':
    'Ihr Faktor auf den Grundtarif: {yours}; kein Knoten einer anderen Person für Chat wurde gelistet.',
  'dashboard.demand.price.among':
    'Ihr Faktor auf den Grundtarif: {yours}; der Median von {others, plural, one {# Knoten einer anderen Person} other {# Knoten anderer Personen}} liegt bei {median}; {cheaper, plural, one {# verlangt weniger} other {# verlangen weniger}}, {dearer, plural, one {# verlangt mehr} other {# verlangen mehr}}{same, plural, =0 {} one {, # verlangt gleich viel} other {, # verlangen gleich viel}}.',
  'dashboard.demand.mine.label': 'Ihre Modelle',
  'dashboard.demand.mine.none': 'Ihr Knoten bietet noch kein Modell an.',
  'dashboard.demand.pull.serverLabel': 'Modelle auf diesen LLM-Server herunterladen',
  'dashboard.demand.pull.to': 'Auf diesen LLM-Server herunterladen',
  'dashboard.demand.pull.oneServer': 'Modelle werden auf den LLM-Server unter {host} heruntergeladen.',
  'dashboard.demand.pull.progress': 'Herunterladen auf den LLM-Server {host}',
  'dashboard.demand.pull.starting': 'Wird gestartet …',
  'dashboard.demand.pull.stop': 'Anhalten',
  'dashboard.demand.pull.stopping': 'Wird angehalten …',
  'dashboard.demand.pull.figures': '{percent} · {done} von {total}',
  'dashboard.demand.pull.soFar': 'bisher {done}',
  'dashboard.demand.pull.ollamaSays': 'Ollama meldet <status></status>',
  'dashboard.demand.pull.ollamaSaid': 'Ollama meldete <status></status>',
  'dashboard.demand.pull.couldNotStart': 'Das Herunterladen konnte nicht beginnen: {why}',
  'dashboard.demand.pull.couldNotStop': 'Das Herunterladen konnte nicht angehalten werden: {why}',
};
