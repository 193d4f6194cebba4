/** Die deutschen Wörter von events/fleet: dieselben ids wie en/events/fleet.ts, keine fehlt. */
import type { messages as en } from '../../en/events/fleet';

export const messages: Record<keyof typeof en, string> = {
  'events.gateway.listeningPort':
    'Das Gateway für Apps auf diesem Computer wartet auf Port {port}, nur auf diesem Computer.',
  'events.gateway.listening': 'Das Gateway für Apps auf diesem Computer ist bereit, nur auf diesem Computer.',
  'events.gateway.stopped': 'Das Gateway für Apps auf diesem Computer wurde beendet.',
  'events.gateway.portInUsePort':
    'Das Gateway konnte Port {port} nicht öffnen: Ein anderes Programm verwendet diesen Port.',
  'events.gateway.portInUse':
    'Das Gateway konnte seinen Port nicht öffnen: Ein anderes Programm verwendet diesen Port.',
  'events.gateway.listenFailedPort': 'Das Gateway konnte Port {port} nicht öffnen.',
  'events.gateway.listenFailed': 'Das Gateway konnte seinen Port nicht öffnen.',
  'events.gateway.startFailed': 'Das Gateway für Apps auf diesem Computer konnte nicht starten.',
  'events.gateway.keyMade': 'Sie haben einen App-Schlüssel für das Gateway erstellt.',
  'events.gateway.keyRevoked':
    'Sie haben einen App-Schlüssel widerrufen: Apps, die ihn verwenden, können das Gateway nicht mehr nutzen.',
  'events.gateway.keyLimits': 'Sie haben das Tageslimit oder die Anfragen pro Minute eines App-Schlüssels geändert.',
  'events.gateway.bookFailed':
    'Eine Anfrage über das Gateway konnte nicht in die Buchungen dieses Computers geschrieben werden.',
  'events.fleet.downNamed':
    'Einer Ihrer Rechner („{name}“) antwortet nicht mehr, obwohl sein Zeitfenster für die Verfügbarkeit läuft.',
  'events.fleet.downNode':
    'Einer Ihrer Rechner (Knoten {node}) antwortet nicht mehr, obwohl sein Zeitfenster für die Verfügbarkeit läuft.',
  'events.fleet.down': 'Einer Ihrer Rechner antwortet nicht mehr, obwohl sein Zeitfenster für die Verfügbarkeit läuft.',
  'events.fleet.backNamed': 'Einer Ihrer Rechner („{name}“) antwortet wieder.',
  'events.fleet.backNode': 'Einer Ihrer Rechner (Knoten {node}) antwortet wieder.',
  'events.fleet.back': 'Einer Ihrer Rechner antwortet wieder.',
  'events.fleet.metNamed':
    'Dieser Computer hat einen weiteren Ihrer Rechner gefunden („{name}“); die Seite „Rechner“ führt ihn auf.',
  'events.fleet.metNode':
    'Dieser Computer hat einen weiteren Ihrer Rechner gefunden (Knoten {node}); die Seite „Rechner“ führt ihn auf.',
  'events.fleet.met': 'Dieser Computer hat einen weiteren Ihrer Rechner gefunden; die Seite „Rechner“ führt ihn auf.',
  'events.fleet.forgottenNamed':
    'Sie haben einen Ihrer Rechner („{name}“) von der Liste dieses Computers genommen; er kommt zurück, wenn er wieder gefunden wird.',
  'events.fleet.forgottenNode':
    'Sie haben einen Ihrer Rechner (Knoten {node}) von der Liste dieses Computers genommen; er kommt zurück, wenn er wieder gefunden wird.',
  'events.fleet.forgotten':
    'Sie haben einen Ihrer Rechner von der Liste dieses Computers genommen; er kommt zurück, wenn er wieder gefunden wird.',
  'events.fleet.addedNamed':
    'Sie haben einen weiteren Computer („{name}“) auf Ihre Liste der Rechner gesetzt; das Gateway fragt ihn zuerst, kostenlos.',
  'events.fleet.addedNode':
    'Sie haben einen weiteren Computer (Knoten {node}) auf Ihre Liste der Rechner gesetzt; das Gateway fragt ihn zuerst, kostenlos.',
  'events.fleet.added':
    'Sie haben einen weiteren Computer auf Ihre Liste der Rechner gesetzt; das Gateway fragt ihn zuerst, kostenlos.',
  'events.fleet.takenIn':
    'Die Computer, die eine frühere Version auf der Seite „Netzwerk nutzen“ geführt hat, stehen jetzt auf Ihrer Liste der Rechner.',
  'events.fleet.listFull':
    'Ihre Liste der Rechner ist voll: {count, plural, one {# Computer} other {# Computer}} von der Seite „Netzwerk nutzen“ warten, bis Sie einen Rechner entfernen, den Sie nicht mehr nutzen.',
  'events.fleet.lookFailed':
    'Ihre anderen Rechner konnten diesmal nicht abgefragt werden{why}; die nächste Abfrage versucht es erneut.',
  'events.fleet.saveFailed':
    'Was dieser Computer über Ihre anderen Rechner weiß, konnte nicht gespeichert werden{why}.',
  'events.fleet.webhookFailed':
    'Eine Warnung konnte nicht an Ihren Webhook zugestellt werden; nach einer Pause wird es erneut versucht.',
  'events.fleet.webhookGaveUp':
    'Eine Warnung konnte nicht an Ihren Webhook zugestellt werden und wurde verworfen; die Seite „Rechner“ zeigt den letzten Versuch.',
  'events.fleet.webhookDropped': 'Warnungen haben zu lange auf Ihren Webhook gewartet; die ältesten wurden verworfen.',
  'events.owner.endedTimeUp':
    'Das Trotzdem-Teilen endete zur gewählten Zeit; Ihr Eigenbedarf an der GPU geht wieder vor.',
  'events.owner.endedStopped': 'Sie haben das Trotzdem-Teilen beendet; Ihr Eigenbedarf an der GPU geht wieder vor.',
  'events.owner.endedExpired':
    'Das Trotzdem-Teilen endete, während der Knoten nicht lief; Ihr Eigenbedarf an der GPU geht wieder vor.',
  'events.owner.ended': 'Das Trotzdem-Teilen ist beendet; Ihr Eigenbedarf an der GPU geht wieder vor.',
  'events.owner.yieldCause': 'Der Knoten nimmt keine Aufgaben an, {cause}.',
  'events.owner.yield': 'Der Knoten nimmt keine Aufgaben an, weil Sie die GPU brauchen.',
  'events.owner.doneAt': 'Ihre eigene Nutzung der GPU ist vorbei; der Knoten nimmt ab {at} wieder Aufgaben an.',
  'events.owner.done':
    'Ihre eigene Nutzung der GPU ist vorbei; der Knoten nimmt nach der eingestellten Wartezeit wieder Aufgaben an.',
  'events.owner.resumed': 'Der Knoten nimmt nach Ihrer eigenen Nutzung der GPU wieder Aufgaben an.',
  'events.owner.noneCut': 'Als die Schonfrist endete, lief keine Aufgabe mehr.',
  'events.owner.cut':
    'Am Ende der Schonfrist {count, plural, one {wurde # noch laufende Aufgabe} other {wurden # noch laufende Aufgaben}} abgebrochen; dafür wurden keine Credits beansprucht.',
  'events.owner.memory': 'Der Knoten hat den LLM-Server gebeten, den GPU-Speicher freizugeben.',
  'events.owner.anywayNotSaved':
    'Das Trotzdem-Teilen konnte nicht gespeichert werden; es endet, wenn der Knoten neu startet.',
  'events.owner.anywayRestored': 'Das Trotzdem-Teilen geht nach dem Neustart weiter, bis {until}.',
  'events.owner.anywayBusy':
    'Sie teilen die GPU trotzdem bis {until}; der Knoten nimmt Aufgaben an, obwohl Sie die GPU nutzen.',
  'events.owner.anyway': 'Sie teilen die GPU trotzdem bis {until}.',
  'events.owner.watchOff':
    'Die Erkennung Ihrer eigenen GPU-Nutzung funktioniert nicht mehr und bleibt bis zum Neustart der App aus.',
};
