/** Die deutschen Wörter von network/link: dieselben ids wie en/network/link.ts, keine fehlt. */
import type { messages as en } from '../../en/network/link';

export const messages: Record<keyof typeof en, string> = {
  'network.message.checking': 'Zugang aus dem Internet wird gesucht …',
  'network.message.noWayIn':
    'Es wurde kein Zugang aus dem Internet gefunden. Richten Sie an Ihrem Router eine Portweiterleitung für TCP-Port {port} auf diesen Computer ein oder tragen Sie eine öffentliche URL ein (zum Beispiel die eines Tunnels). Bis dahin arbeitet der Knoten nur lokal.',
  'network.message.noWayInAt':
    'Es wurde kein Zugang aus dem Internet gefunden. Richten Sie an Ihrem Router eine Portweiterleitung für TCP-Port {port} auf diesen Computer ({address}) ein oder tragen Sie eine öffentliche URL ein (zum Beispiel die eines Tunnels). Bis dahin arbeitet der Knoten nur lokal.',
  'network.message.privatePublicUrl':
    'Die öffentliche URL {url} ist eine private oder lokale Adresse, daher kann das Internet sie nicht erreichen. {then}',
  'network.message.offRelay':
    'Die Verfügbarkeit ist ausgeschaltet, daher hat der Knoten sein Relay verlassen; er sucht wieder eines, sobald Sie „Verfügbar“ einschalten.',
  'network.message.offMapping':
    'Die Verfügbarkeit ist ausgeschaltet, daher wurde die Portweiterleitung am Router entfernt; sie wird wieder eingerichtet, sobald Sie „Verfügbar“ einschalten.',
  'network.message.relayLost':
    'Das Relay, das Aufgaben an diesen Knoten weiterleitet, ist weggefallen. Der Knoten sucht ein anderes und meldet sich beim Verzeichnis so lange als nicht verfügbar.',
  'network.message.tunnelLost':
    'Der Tunnel antwortet nicht mehr. Der Knoten baut ihn neu auf und meldet sich beim Verzeichnis so lange als nicht verfügbar.',
  'network.message.pinholeLost':
    'Der Router hält die IPv6-Freigabe für diesen Knoten nicht mehr; der Knoten fragt immer wieder danach.',
  'network.message.mappingLost':
    'Der Router bestätigt die Portweiterleitung nicht mehr (vielleicht wurde er neu gestartet). Der Knoten fragt immer wieder nach Port {port}.',
  'network.message.mappedUnreached':
    'Der Router hat den Port weitergeleitet, aber das Verzeichnis konnte diesen Knoten unter {url} nicht erreichen. Möglicherweise blockiert eine Firewall, ein zweiter Router oder das NAT Ihres Anbieters davor eingehende Verbindungen.',
  'network.message.unreached':
    'Das Verzeichnis konnte diesen Knoten unter {url} nicht erreichen. Richten Sie an Ihrem Router eine Portweiterleitung für TCP-Port {port} auf diesen Computer ein oder prüfen Sie die öffentliche URL.',
  'network.message.unreachedAt':
    'Das Verzeichnis konnte diesen Knoten unter {url} nicht erreichen. Richten Sie an Ihrem Router eine Portweiterleitung für TCP-Port {port} auf diesen Computer ({address}) ein oder prüfen Sie die öffentliche URL.',
  'network.message.verified': 'Das Verzeichnis hat diesen Knoten unter seiner öffentlichen Adresse erreicht.',
  'network.message.reportedUnreached':
    'Registriert, aber das Verzeichnis meldet, dass es diesen Knoten unter {url} nicht erreichen konnte. Prüfen Sie die Portweiterleitung, die Firewall oder die öffentliche URL.',
  'network.message.registered':
    'Registriert, aber noch nicht als erreichbar bestätigt: Das Verzeichnis hat noch nicht gemeldet, diese Adresse erreicht zu haben.',
  'network.message.outOfTouch':
    'Das Verzeichnis kennt diese Adresse bereits aus der Registrierung; es kann die Erreichbarkeit bestätigen, sobald es wieder antwortet.',
  'network.message.notRegistered':
    'Noch nicht bestätigt: Das Verzeichnis erfährt diese Adresse, wenn sich der Knoten registriert.',
  // Die eigenen Sätze der Verbindung zum Verzeichnis.
  'network.link.notRunning': 'Der Knoten läuft nicht.',
  'network.link.removed':
    'Aus dem Netzwerk entfernt. Schalten Sie „Verfügbar“ ein, um als neuer Knoten wieder beizutreten.',
  'network.link.notRegistered': 'Nicht registriert: {why}',
  'network.link.notRegisteredYet': 'Noch nicht registriert: {why}',
  'network.link.why.lookingForWayIn': 'es wird ein Zugang aus dem Internet gesucht.',
  'network.link.why.noPublicAddress': 'dieser Knoten hat noch keine öffentliche Adresse (siehe die Seite „Netzwerk“).',
  'network.link.why.noLlmServer': 'wählen Sie zuerst einen lokalen LLM-Server.',
  'network.link.why.setupNotDone': 'der Knoten tritt dem Netzwerk bei, wenn Sie ihn am Ende der Einrichtung starten.',
  'network.link.why.lookingAtServers': 'der Knoten fragt zuerst jeden seiner LLM-Server nach dessen Modellen.',
  'network.link.why.noModels': 'der lokale LLM-Server bietet gerade keine Modelle an.',
  'network.link.registering': 'Registrierung beim IICP-Verzeichnis …',
  'network.link.unreachableRetrying': 'Das IICP-Verzeichnis ist nicht erreichbar; der Knoten versucht es erneut.',
  'network.link.unreachableServing':
    'Das IICP-Verzeichnis ist nicht erreichbar; der Knoten arbeitet weiter und versucht es erneut.',
  'network.link.noToken': 'Das Verzeichnis hat die Registrierung angenommen, aber kein Token geschickt.',
  'network.link.cannotSave':
    'Der Knoten kann seine neuen Zugangsdaten für das Verzeichnis nicht speichern (der Datenordner ist schreibgeschützt oder voll). Schaffen Sie Platz oder beheben Sie das Problem mit dem Ordner; der Knoten versucht es weiter.',
  'network.link.freshTokenRefused':
    'Das Verzeichnis lehnt das Knoten-Token ab, den es gerade ausgestellt hat; der Knoten versucht es nach einer Pause erneut.',
  'network.link.removedFromDirectory': 'Dieser Knoten wurde aus dem Verzeichnis entfernt.',
  'network.link.restricted.refused':
    'Dieses Verzeichnis ist eine geschlossene Vertrauensdomäne und hat die Mitgliedschaft des Knotens nicht angenommen (sie ist vielleicht abgelaufen, widerrufen oder für eine andere Knoten-ID ausgestellt). Bitten Sie den Betreiber der Domäne um eine neue für den Knoten {nodeId} und tragen Sie sie in den Einstellungen ein.',
  'network.link.restricted.membersOnly':
    'Dieses Verzeichnis ist eine geschlossene Vertrauensdomäne: Nur Mitglieder können beitreten. Bitten Sie den Betreiber der Domäne um eine Mitgliedschaft für den Knoten {nodeId} und tragen Sie sie in den Einstellungen ein.',
  'network.link.failure.tooLarge':
    'Die Antwort des Verzeichnisses ließ sich nicht lesen (sie war zu groß); der Knoten versucht es erneut.',
  'network.link.failure.badResponse':
    'Die Antwort des Verzeichnisses ließ sich nicht lesen; der Knoten versucht es erneut.',
  'network.link.failure.liveness':
    'Das Verzeichnis konnte diesen Knoten aus dem Internet nicht erreichen. Prüfen Sie die Portweiterleitung oder die öffentliche URL.',
  'network.link.failure.privateAddress':
    'Das Verzeichnis hat die Adresse abgelehnt: Sie ist aus dem Internet nicht erreichbar (eine private oder lokale Adresse).',
  'network.link.failure.proofAsked':
    'Das Verzeichnis hat einen Nachweis verlangt, dass dieser Computer den Knoten besitzt (das gespeicherte Token wurde nicht angenommen).',
  'network.link.failure.rateLimited':
    'Das Verzeichnis drosselt die Anfragen dieses Computers; der Knoten versucht es von selbst erneut.',
  'network.link.failure.refusedRegistration': 'Das Verzeichnis hat die Registrierung abgelehnt.',
  'network.link.failure.refusedParts':
    'Das Verzeichnis hat die Registrierung abgelehnt. Es hat ein Problem mit {parts} gefunden.',
  'network.link.failure.partsAndOthers': '{named} und weiteren Angaben',
  'network.link.failure.partsOnly': 'einigen Angaben',
  'network.link.failure.list': '{first}, {rest}',
  'network.link.failure.serverProblem':
    'Das Verzeichnis hat gerade ein Problem; der Knoten versucht es von selbst erneut.',
  'network.link.failure.tokenRefused':
    'Das Verzeichnis hat das Knoten-Token nicht angenommen; der Knoten registriert sich von selbst neu.',
  'network.link.failure.unknownNode':
    'Das Verzeichnis kennt diesen Knoten nicht (oder die Adresse des Verzeichnisses ist falsch).',
  'network.link.failure.refused': 'Das Verzeichnis hat die Anfrage abgelehnt.',
  'network.link.field.endpoint': 'der öffentlichen Adresse',
  'network.link.field.region': 'der Region',
  'network.link.field.models': 'den Modellen',
  'network.link.field.price': 'dem Preis',
  'network.link.field.pricingModel': 'dem Modell der Preisberechnung',
  'network.link.field.displayName': 'dem Anzeigenamen',
  'network.link.field.operatorDisplayName': 'dem Anzeigenamen des Betreibers',
  'network.link.field.operatorIdentity': 'der Betreiberidentität',
  'network.link.field.maxTokens': 'der längsten Antwort',
  'network.link.field.maxConcurrent': 'den gleichzeitigen Aufgaben',
  'network.regions.noneNamed': 'Noch kein Knoten in diesem Verzeichnis nennt eine Region.',
  'network.regions.membersOnly':
    'Dieses Verzeichnis zeigt seine Knoten nur Mitgliedern und schlägt daher keine Regionen vor.',
  'network.regions.notListed':
    'Das Verzeichnis hat seine Knoten eben nicht aufgelistet und schlägt daher keine Regionen vor.',
  'network.regions.unreadable':
    'Die Knotenliste des Verzeichnisses war nicht lesbar; daher schlägt es keine Regionen vor.',
  'network.regions.unreachable': 'Das Verzeichnis war nicht erreichbar und schlägt daher keine Regionen vor.',
};
