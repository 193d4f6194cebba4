/** Die deutschen Wörter von network/check: dieselben ids wie en/network/check.ts, keine fehlt. */
import type { messages as en } from '../../en/network/check';

export const messages: Record<keyof typeof en, string> = {
  'network.check.step.health': 'Zustandsprüfung von außen',
  'network.check.step.task': 'Eine echte verschlüsselte Aufgabe',
  'network.check.step.loopback': 'Zu dieser Prüfung',
  'network.check.step.directory': 'Die eigene Beobachtung des Verzeichnisses',
  'network.check.works': 'Funktioniert',
  'network.check.doesNotWork': 'Funktioniert nicht',
  'network.check.notKnown': 'Unbekannt',
  'network.check.title': 'Knoten prüfen',
  'network.check.intro':
    'Sendet eine kleine verschlüsselte Aufgabe an die öffentliche Adresse Ihres Knotens, wie es ein Nutzer täte, und fragt das Verzeichnis, was es gesehen hat.',
  'network.check.couldNotStart': 'Die Prüfung konnte nicht starten',
  'network.check.notReachable': 'Nicht erreichbar',
  'network.check.partly': 'Teilweise',
  'network.rung.none':
    'Aus dem Internet nicht erreichbar: Der Knoten bedient nur diesen Computer, bis ein Zugang gefunden ist.',
  'network.rung.publicUrl':
    'Erreichbar unter der öffentlichen URL, die Sie eingetragen haben; was dahinter liegt (ein weitergeleiteter Port, ein Proxy, ein Tunnel), muss zu diesem Computer führen.',
  'network.rung.publicIpv4':
    'Direkt erreichbar: Dieser Computer hat eine eigene öffentliche Adresse, Nutzer verbinden sich also unmittelbar mit ihm.',
  'network.rung.mapped':
    'Direkt erreichbar über einen Port, den Ihr Router für diesen Knoten geöffnet hat; er wird wieder geschlossen, sobald der Knoten stoppt oder Sie „Verfügbar“ ausschalten.',
  'network.rung.ipv6Opened':
    'Über IPv6 erreichbar: Ihr Router hat seine Firewall für diesen Knoten geöffnet. Nutzer ohne IPv6 erreichen ihn auf diesem Weg nicht.',
  'network.rung.ipv6Unconfirmed':
    'Über IPv6 nur erreichbar, wenn die IPv6-Firewall Ihres Routers Verbindungen hereinlässt, was sich von hier aus nicht bestätigen ließ; Nutzer ohne IPv6 erreichen ihn nicht.',
  'network.rung.tunnel':
    'Erreichbar über den Tunnel, den Sie bereits betreiben; er leitet Verbindungen aus dem Internet an diesen Computer weiter.',
  'network.rung.quickTunnel':
    'Erreichbar über einen Cloudflare-Schnelltunnel. Seine Adresse ändert sich bei jedem Neustart, und Cloudflare leitet den Verkehr; verschlüsselte Aufgaben kann Cloudflare nicht lesen.',
  'network.rung.relay':
    'Erreichbar über ein Relay. Aufgaben sind Ende-zu-Ende-verschlüsselt, das Relay kann sie also nicht lesen; Antworten dauern etwas länger.',
  'network.check.path.publicUrl': 'Ihre öffentliche URL',
  'network.check.path.publicIpv4': 'die öffentliche Adresse dieses Computers',
  'network.check.path.mapping': 'die Portweiterleitung des Routers',
  'network.check.path.ipv6': 'die IPv6-Adresse',
  'network.check.path.tunnel': 'den Tunnel',
  'network.check.path.quickTunnel': 'den Schnelltunnel',
  'network.check.path.relay': 'das Relay',
  'network.check.item.noAddress':
    'Es gibt keine öffentliche Adresse zum Prüfen: Der Knoten hat noch keinen Zugang aus dem Internet.',
  'network.check.item.loopback':
    'Viele Router können sich von innen nicht mit ihrer eigenen öffentlichen Adresse verbinden; ein Fehlschlag von hier aus beweist also nicht, dass das Internet nicht hereinkommt. Entscheidend ist, was das Verzeichnis unten beobachtet hat.',
  'network.check.item.healthOk': 'Der Knoten hat seine Zustandsprüfung über {path} in {ms} ms beantwortet.',
  'network.check.item.healthFailed': 'Die Zustandsprüfung kam über {path} nicht durch: {why}.',
  'network.check.item.noModel': 'Zurzeit wird kein Modell angeboten, daher wurde keine Testaufgabe gesendet.',
  'network.check.item.tooLarge':
    'Die Antwort auf die Testaufgabe über {path} war größer als {kib} KiB, weit mehr als eine Antwort aus einem Wort, und wurde daher nicht gelesen.',
  'network.check.item.taskOkMs':
    'Eine verschlüsselte Testaufgabe ging über {path} hin und kam in {ms} ms von Ihrem Modell beantwortet zurück.',
  'network.check.item.taskOkSeconds':
    'Eine verschlüsselte Testaufgabe ging über {path} hin und kam in {seconds, number, ::.0} s von Ihrem Modell beantwortet zurück.',
  'network.check.item.taskBusy':
    'Eine Testaufgabe hat den Knoten über {path} erreicht; alle Plätze waren belegt, daher wurde sie höflich abgewiesen (429).',
  'network.check.item.taskUnserved':
    'Eine Testaufgabe hat den Knoten über {path} erreicht, aber der Knoten konnte sie gerade nicht bearbeiten (vielleicht läuft der LLM-Server nicht oder der Knoten ist pausiert).',
  'network.check.item.taskUnopened':
    'Die Antwort über {path} ließ sich nicht öffnen; unterwegs wurde etwas daran verändert.',
  'network.check.item.taskHttpCode': 'Eine Testaufgabe über {path} bekam HTTP {status}, mit dem Fehlercode:',
  'network.check.item.taskHttp': 'Eine Testaufgabe über {path} bekam HTTP {status}.',
  'network.check.item.taskFailed': 'Eine Testaufgabe kam über {path} nicht durch: {why}.',
  'network.check.item.directoryNotAsked': 'Das Verzeichnis konnte nicht gefragt werden, was es beobachtet hat.',
  'network.check.item.directoryNotListed':
    'Das Verzeichnis führt diesen Knoten zurzeit nicht (er ist nicht registriert oder nicht verfügbar).',
  'network.check.item.reached': 'Das Verzeichnis meldet, dass es diesen Knoten erreicht hat.',
  'network.check.item.reachedEvidence':
    'Das Verzeichnis meldet, dass es diesen Knoten erreicht hat (Nachweis: {evidence}).',
  'network.check.item.reachedQuoted':
    'Das Verzeichnis meldet, dass es diesen Knoten erreicht hat. Als Nachweis gibt es an:',
  'network.check.item.unreached': 'Das Verzeichnis meldet, dass es diesen Knoten nicht erreichen konnte.',
  'network.check.item.unreachedEvidence':
    'Das Verzeichnis meldet, dass es diesen Knoten nicht erreichen konnte (Nachweis: {evidence}).',
  'network.check.item.unreachedQuoted':
    'Das Verzeichnis meldet, dass es diesen Knoten nicht erreichen konnte. Als Nachweis gibt es an:',
  'network.check.item.unreachedAt': 'Das Verzeichnis meldet, dass es diesen Knoten unter {url} nicht erreichen konnte.',
  'network.check.item.unreachedAtEvidence':
    'Das Verzeichnis meldet, dass es diesen Knoten unter {url} nicht erreichen konnte (Nachweis: {evidence}).',
  'network.check.item.unreachedAtQuoted':
    'Das Verzeichnis meldet, dass es diesen Knoten unter {url} nicht erreichen konnte. Als Nachweis gibt es an:',
  'network.check.item.notProbed':
    'Das Verzeichnis führt den Knoten, hat ihn aber noch nicht geprüft; es prüft alle paar Minuten.',
  'network.check.evidence.ipv4': 'das Verzeichnis hat sich über IPv4 verbunden',
  'network.check.evidence.ipv6': 'das Verzeichnis hat sich über IPv6 verbunden',
  'network.check.evidence.outsideIpv6': 'eine Prüfung von außen hat sich über IPv6 verbunden',
  'network.check.evidence.connected': 'das Verzeichnis hat sich verbunden',
  'network.check.evidence.selfAttested': 'nur die Angabe des Knotens selbst',
  'network.check.evidence.none': 'noch keiner',
  'network.check.clause.reached': 'das Verzeichnis meldet, dass es den Knoten erreicht hat',
  'network.check.clause.notReached': 'das Verzeichnis meldet, dass es den Knoten nicht erreichen konnte',
  'network.check.clause.notListed': 'das Verzeichnis führt den Knoten zurzeit nicht',
  'network.check.clause.notProbed': 'das Verzeichnis hat das noch nicht bestätigt',
  'network.check.clause.notAsked': 'das Verzeichnis konnte nicht gefragt werden, was es beobachtet hat',
  'network.check.summary.noAddress': 'Aus dem Internet nicht erreichbar: Es gibt noch keine öffentliche Adresse.',
  'network.check.summary.works':
    'Ihr Knoten funktioniert über {path}: Eine Testaufgabe wurde beantwortet, und das Verzeichnis hat ihn erreicht.',
  'network.check.summary.worksUnconfirmed': 'Ihr Knoten funktioniert über {path}; {directory}.',
  'network.check.summary.taskNoHealth':
    'Eine Testaufgabe funktioniert über {path}, und {directory}, aber die Zustandsprüfung kam nicht durch.',
  'network.check.summary.taskOnly': 'Eine Testaufgabe funktioniert über {path}, aber {directory}.',
  'network.check.summary.healthTaskFailed':
    'Ihr Knoten hat seine Zustandsprüfung über {path} beantwortet, aber die Testaufgabe ist fehlgeschlagen; {directory}.',
  'network.check.summary.healthNoTask':
    'Ihr Knoten hat seine Zustandsprüfung über {path} beantwortet, und es wurde keine Testaufgabe gesendet; {directory}.',
  'network.check.summary.directoryOnly':
    'Das Verzeichnis erreicht Ihren Knoten über {path}; eine Prüfung von diesem Computer aus gelang nicht (Router können oft keine Verbindung zu sich selbst zurückführen).',
  'network.check.summary.nothing':
    'Eine Prüfung von diesem Computer aus konnte Ihren Knoten über {path} nicht erreichen, und {directory}. Einzelheiten stehen in den Schritten unten.',
  'network.check.why.failed': 'es ist fehlgeschlagen',
};
