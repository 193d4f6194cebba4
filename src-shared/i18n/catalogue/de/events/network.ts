/** Die deutschen Wörter von events/network: dieselben ids wie en/events/network.ts, keine fehlt. */
import type { messages as en } from '../../en/events/network';

export const messages: Record<keyof typeof en, string> = {
  'events.network.method.publicUrl': 'die von Ihnen eingetragene öffentliche Adresse',
  'events.network.method.publicIpv4': 'die eigene öffentliche Adresse dieses Computers',
  'events.network.method.router': 'ein Port, den Ihr Router geöffnet hat',
  'events.network.method.ipv6': 'IPv6-Freigabe',
  'events.network.method.tunnel': 'Ihr Tunnel',
  'events.network.method.quickTunnel': 'ein Cloudflare-Schnelltunnel',
  'events.network.method.relay': 'ein Relay',
  'events.network.forDuration': 'für {duration}',
  'events.network.forAWhile': 'für eine Weile',
  'events.network.checkOkVia': 'Knoten prüfen: Der Knoten ist aus dem Internet erreichbar, über {via}.',
  'events.network.checkOk': 'Knoten prüfen: Der Knoten ist aus dem Internet erreichbar.',
  'events.network.checkPartialVia':
    'Knoten prüfen: Der Knoten ist teilweise erreichbar, über {via}; die Seite „Netzwerk“ zeigt, was nicht funktioniert hat.',
  'events.network.checkPartial':
    'Knoten prüfen: Der Knoten ist teilweise erreichbar; die Seite „Netzwerk“ zeigt, was nicht funktioniert hat.',
  'events.network.checkFailedVia': 'Knoten prüfen: Der Knoten war aus dem Internet nicht erreichbar, über {via}.',
  'events.network.checkFailed': 'Knoten prüfen: Der Knoten war aus dem Internet nicht erreichbar.',
  'events.network.noWayIn':
    'Es wurde kein Zugang aus dem Internet gefunden; vorerst bedient der Knoten nur diesen Computer.',
  'events.network.foundVia': 'Zugang aus dem Internet gefunden: {via}.',
  'events.network.found': 'Zugang aus dem Internet gefunden.',
  'events.network.lookFailed':
    'Die Suche nach einem Zugang aus dem Internet ist an einem Fehler dieser App gescheitert; der Knoten versucht es später erneut.',
  'events.network.probeReachable': 'Das Verzeichnis hat Ihren Knoten eben aus dem Internet erreicht.',
  'events.network.probeUnreachable': 'Das Verzeichnis konnte Ihren Knoten eben nicht aus dem Internet erreichen.',
  'events.network.probeNotPossible':
    'Das Verzeichnis kann diese Art von Adresse nicht anwählen; die Prüfung mit einer Aufgabe zeigt den Zugang.',
  'events.network.probeNotAsked': 'Das Verzeichnis konnte eben nicht gebeten werden, Ihren Knoten anzuwählen.',
  'events.network.mappedVia': 'Ihr Router hat einen Port für diesen Knoten geöffnet ({protocol}).',
  'events.network.mapped': 'Ihr Router hat einen Port für diesen Knoten geöffnet.',
  'events.network.addressChanged':
    'Die öffentliche Adresse Ihres Routers hat sich geändert; der Knoten teilt dem Verzeichnis seine neue Adresse mit.',
  'events.network.mappingLost':
    'Ihr Router hält den Port für diesen Knoten nicht mehr offen; der Knoten fragt erneut an.',
  'events.network.renewFailed':
    'Ihr Router hat den für diesen Knoten geöffneten Port nicht verlängert{why}; der Knoten versucht es gleich erneut.',
  'events.network.mappingRestored': 'Ihr Router hat den Port für diesen Knoten wieder geöffnet.',
  'events.network.unmapped': 'Der Port, den Ihr Router für diesen Knoten geöffnet hatte, wurde geschlossen.',
  'events.network.pinholeOff':
    'Die Antworten des Routers an den Helfer für die IPv6-Freigabe schlugen immer wieder fehl; der Helfer ist daher {time} ausgeschaltet. Der Knoten bedient ohne ihn weiter.',
  'events.network.mappingOff':
    'Die Antworten des Routers bei der Suche nach einer Portweiterleitung schlugen immer wieder fehl; die Portweiterleitung ist daher {time} ausgeschaltet. Der Knoten bedient ohne sie weiter.',
  'events.network.tunnelStartingAttempt': 'Ein Cloudflare-Schnelltunnel wird gestartet (Versuch {attempt}).',
  'events.network.tunnelStarting': 'Ein Cloudflare-Schnelltunnel wird gestartet.',
  'events.network.tunnelUp': 'Ein Cloudflare-Schnelltunnel führt jetzt zu diesem Knoten.',
  'events.network.tunnelRateLimited':
    'Cloudflare hat dieses Netzwerk gebeten, seltener Schnelltunnel zu erstellen; der Knoten wartet vor dem nächsten.',
  'events.network.tunnelCheckFailedWhy': 'Der Schnelltunnel hat auf seine Prüfung nicht geantwortet: {why}',
  'events.network.tunnelCheckFailed': 'Der Schnelltunnel hat auf seine Prüfung nicht geantwortet.',
  'events.network.tunnelDown': 'Der Schnelltunnel funktioniert nicht mehr{why}; der Knoten baut einen neuen auf.',
  'events.network.tunnelFailed':
    'Ein Cloudflare-Schnelltunnel konnte nicht erstellt werden; der Knoten versucht es erneut.',
  'events.network.tunnelDeadIn':
    'Mehrere Versuche für einen Schnelltunnel sind nacheinander gescheitert; der nächste folgt in {wait}.',
  'events.network.tunnelDead':
    'Mehrere Versuche für einen Schnelltunnel sind nacheinander gescheitert; der nächste folgt später.',
  'events.network.tunnelOffHow':
    'Der Schnelltunnel ist {time} ausgeschaltet: cloudflared hat weit mehr ausgegeben, als ein Tunnel braucht ({how}). Der Knoten bedient ohne ihn weiter.',
  'events.network.tunnelOff':
    'Der Schnelltunnel ist {time} ausgeschaltet: cloudflared hat weit mehr ausgegeben, als ein Tunnel braucht. Der Knoten bedient ohne ihn weiter.',
  'events.network.aMoment': 'einen Moment',
  'events.network.waitCooldown':
    'Wartet {when} bis zum nächsten Schnelltunnel: Cloudflare hat dieses Netzwerk gebeten, es langsamer angehen zu lassen.',
  'events.network.waitLease':
    'Wartet {when}: Ein anderes Programm auf diesem Computer erstellt gerade einen Schnelltunnel.',
  'events.network.waitLimits':
    'Wartet {when} bis zum nächsten Schnelltunnel, um die Grenzen von Cloudflare einzuhalten.',
  'events.network.tunnelStopped': 'Der Schnelltunnel wurde beendet.',
  'events.network.notOursThisComputer':
    'Eine Tunneladresse, die ein anderes Programm auf diesem Computer genannt hat, wurde nicht verwendet: Sie zeigt zurück auf diesen Computer.',
  'events.network.notOursPrivate':
    'Eine Tunneladresse, die ein anderes Programm auf diesem Computer genannt hat, wurde nicht verwendet: Sie zeigt in ein privates Netzwerk.',
  'events.network.notOursNotPublic':
    'Eine Tunneladresse, die ein anderes Programm auf diesem Computer genannt hat, wurde nicht verwendet: Sie zeigt auf eine Adresse außerhalb des Internets.',
  'events.network.notOurs':
    'Eine Tunneladresse, die ein anderes Programm auf diesem Computer genannt hat, wurde nicht verwendet: Eine Anfrage darüber hat diesen Knoten nicht erreicht.',
  'events.network.relayBound': 'Mit einem Relay verbunden: Nutzer erreichen diesen Knoten darüber.',
  'events.network.relayBindFailed':
    'Ein Relay konnte diesen Knoten nicht aufnehmen{why}; der Knoten versucht ein anderes.',
  'events.network.relayLost': 'Die Verbindung zum Relay ist abgerissen{why}; der Knoten sucht ein anderes Relay.',
  'events.network.plaintextRefused':
    'Eine unverschlüsselte Aufgabe kam über das Relay und wurde abgelehnt, wie es Ihre Einstellungen verlangen.',
  'events.network.resultFailed': 'Eine Antwort konnte nicht über das Relay zurückgesendet werden{why}.',
  'events.network.probeNotOffered':
    'Dieses Verzeichnis bietet keine Sofortprüfung an; die Prüfung mit einer Aufgabe zeigt den Zugang.',
};
