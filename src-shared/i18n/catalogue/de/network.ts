/** Die deutschen Wörter von network: dieselben ids wie en/network.ts, keine fehlt. */
import type { messages as en } from '../en/network';

export const messages: Record<keyof typeof en, string> = {
  'network.status.unknown': 'Noch nicht geprüft',
  'network.status.checking': 'Wird geprüft …',
  'network.status.public': 'Aus dem Internet erreichbar',
  'network.status.mapped': 'Nur über die Portweiterleitung des Routers erreichbar',
  'network.status.tunnel': 'Über einen Tunnel erreichbar',
  'network.status.relayed': 'Über ein Relay erreichbar',
  'network.status.notReachable': 'Aus dem Internet nicht erreichbar',
  'network.verification.confirmed': 'Vom Verzeichnis bestätigt: Es meldet, diesen Knoten zu erreichen',
  'network.verification.pending':
    'Noch nicht als erreichbar bestätigt: Nur die eigene Beobachtung des Verzeichnisses zählt, und es hat noch keine gemeldet',
  'network.eyebrow.looking': 'Suche nach einem Zugang aus dem Internet',
  'network.eyebrow.expects': 'Ihr Knoten erwartet, dies zu sein',
  'network.eyebrow.is': 'Ihr Knoten ist',
  'network.method.publicUrl': 'Ihre öffentliche URL',
  'network.method.publicIpv4': 'Öffentliche IPv4-Adresse auf diesem Computer',
  'network.method.upnp': 'Portweiterleitung per UPnP auf Ihrem Router',
  'network.method.natpmp': 'Portweiterleitung per NAT-PMP auf Ihrem Router',
  'network.method.ipv6': 'Globale IPv6-Adresse',
  'network.method.tunnel': 'Ein Tunnel, den Sie betreiben (ngrok, Tailscale Funnel, …)',
  'network.method.quickTunnel': 'Cloudflare-Schnelltunnel',
  'network.method.relay': 'Ein Relay-Knoten',
  'network.mapping.idle': 'Nicht gestartet',
  'network.mapping.probing': 'Router wird gesucht',
  'network.mapping.installing': 'Router wird gebeten, den Port zu öffnen',
  'network.mapping.mapped': 'Port am Router geöffnet',
  'network.mapping.renewing': 'Laufzeit wird verlängert',
  'network.mapping.retrying': 'Fehlgeschlagen, neuer Versuch',
  'network.mapping.revoked': 'Der Router hat die Portweiterleitung verworfen',
  'network.mapping.failed': 'Der Router hat den Port nicht geöffnet',
  'network.mapping.stopping': 'Port wird geschlossen',
  'network.mapping.stopped': 'Geschlossen',
  'network.portMapping.auto': 'Automatisch (UPnP, dann NAT-PMP)',
  'network.portMapping.upnp': 'Nur UPnP',
  'network.portMapping.natpmp': 'Nur NAT-PMP',
  'network.portMapping.off': 'Aus',
  'network.transport.direct': 'Nutzer verbinden sich direkt mit der Adresse des Knotens',
  'network.transport.upnpMapped': 'Nutzer verbinden sich über einen Port, den Ihr Router für den Knoten geöffnet hat',
  'network.transport.holePunch': 'Nutzer verbinden sich über eine in Ihren Router gestanzte Lücke',
  'network.transport.relay': 'Nutzer erreichen den Knoten über ein Relay',
  'network.transport.tunnel': 'Nutzer erreichen den Knoten über einen Tunnel',
  'network.transport.unknown': 'wie Nutzer sich verbinden, ist nicht bekannt',
  'network.exposure.outboundOnly': 'der Knoten baut nur ausgehende Verbindungen auf',
  'network.exposure.ipv4Public': 'unter einer öffentlichen IPv4-Adresse',
  'network.exposure.cgnat': 'die geteilte Adresse Ihres Anbieters blockiert eingehende Verbindungen',
  'network.exposure.ipv6Firewall': 'unter einer öffentlichen IPv6-Adresse, sofern die Firewall sie durchlässt',
  'network.exposure.ipv6Pinhole': 'unter einer öffentlichen IPv6-Adresse, die der Router für den Knoten geöffnet hat',
  'network.exposure.relay': 'nur über ein Relay',
  'network.exposure.tunnel': 'nur über einen Tunnel',
  'network.exposure.dualStack': 'unter öffentlichen IPv4- und IPv6-Adressen',
  'network.advertised.nothing': 'Dem Verzeichnis wurde noch nichts mitgeteilt.',
  'network.advertised.unknownValues':
    'Dem Verzeichnis wurde mitgeteilt, wie Nutzer sich verbinden, mit Werten, für die diese Version keine Worte hat (siehe die gesendeten Werte).',
  'network.advertised.both': 'Dem Verzeichnis mitgeteilt: {how}, {where}.',
  'network.advertised.one': 'Dem Verzeichnis mitgeteilt: {what}.',
  'network.streaming.relay':
    'Über das Relay kommen Antworten am Stück an; Apps, die streamen, warten auf die ganze Antwort.',
  'network.streaming.tunnel':
    'Über einen Tunnel kommen Antworten am Stück an; Apps, die streamen, warten auf die ganze Antwort.',
  'network.guidance.yourPublicIp': 'Ihre öffentliche IP',
  'network.guidance.title': 'Was zu tun ist',
  'network.guidance.badUrl':
    'Die Adresse <url></url> führt aus dem Internet nicht zu diesem Knoten. Prüfen Sie, ob sie stimmt und {hasPort, select, yes {Port {port}} other {den Task-Port}} auf diesem Computer erreicht, oder nutzen Sie eine dieser Möglichkeiten:',
  'network.guidance.nobody':
    'Noch kann niemand im Internet Aufgaben an Ihren Knoten senden, daher bedient er nur diesen Computer. Jede dieser Möglichkeiten behebt das:',
  'network.guidance.doubleNat':
    'Wegen des Netzes vor Ihrem Router (siehe oben) reicht es nicht, nur am Router einen Port zu öffnen. Ein Tunnel funktioniert überall.',
  'network.guidance.forwardAt':
    '<strong>Leiten Sie den Port an Ihrem Router weiter.</strong> Richten Sie in den Einstellungen Ihres Routers eine Portweiterleitung für {hasPort, select, yes {TCP-Port {port}} other {den Task-Port}} an diesen Computer unter <address></address>{hasPort, select, yes {, Port {port}} other {}} ein. Tragen Sie dann <example></example> unten als öffentliche URL ein.',
  'network.guidance.forwardUnknown':
    '<strong>Leiten Sie den Port an Ihrem Router weiter.</strong> Richten Sie in den Einstellungen Ihres Routers eine Portweiterleitung für {hasPort, select, yes {TCP-Port {port}} other {den Task-Port}} an diesen Computer ein{hasPort, select, yes {, Port {port}} other {}}. Die LAN-Adresse dieses Computers ist unbekannt: Sehen Sie in den Netzwerkeinstellungen Ihres Systems nach (sie beginnt meist mit 192.168. oder 10.). Tragen Sie dann <example></example> unten als öffentliche URL ein.',
  'network.guidance.askRouterFixed':
    '<strong>Lassen Sie den Knoten Ihren Router fragen.</strong> Die Portweiterleitung am Router ist für diesen Lauf über die Befehlszeile oder Umgebung des Hosts ausgeschaltet. Wenn Ihr Router UPnP oder NAT-PMP unterstützt, starten Sie den Host stattdessen mit <code>--port-mapping auto</code> (oder <code>IICP_PORT_MAPPING=auto</code>).',
  'network.guidance.askRouterOff':
    '<strong>Lassen Sie den Knoten Ihren Router fragen.</strong> Die Portweiterleitung am Router ist unten ausgeschaltet. Stellen Sie sie auf Automatisch, wenn Ihr Router UPnP oder NAT-PMP unterstützt.',
  'network.guidance.askRouter':
    '<strong>Lassen Sie den Knoten Ihren Router fragen.</strong> Schalten Sie UPnP oder NAT-PMP in den Einstellungen Ihres Routers ein und drücken Sie dann „Erneut prüfen“.',
  'network.guidance.tunnel':
    '<strong>Nutzen Sie einen Tunnel.</strong> Betreiben Sie einen Tunnel (zum Beispiel cloudflared oder ngrok) zu {hasPort, select, yes {Port {port}} other {den Task-Port}} auf diesem Computer und fügen Sie die https-Adresse, die er Ihnen gibt, unten als öffentliche URL ein.',
  'network.relay.idle': 'Nicht gestartet',
  'network.relay.electing': 'Relay wird gewählt',
  'network.relay.binding': 'Verbindung zum Relay wird aufgebaut',
  'network.relay.bound': 'Verbunden: Aufgaben kommen darüber an',
  'network.relay.reconnecting': 'Verloren: Ein anderes Relay wird gesucht',
  'network.relay.noRelay': 'Kein Relay verfügbar',
  'network.relay.stopped': 'Relay verlassen',
  'network.relay.title': 'Relay',
  'network.relay.relay': 'Relay',
  'network.relay.none': 'Keines',
  'network.relay.node': 'Relay-Knoten',
  'network.relay.standing': 'Sein Ansehen',
  'network.relay.unknown': 'Unbekannt',
  'network.relay.standingWords':
    '{probation, select, yes {Neu im Netzwerk (auf Probe)} other {Etabliert}}{hasScore, select, yes {, Reputation {score}} other {}}',
  'network.relay.since': 'Verbunden seit',
  'network.relay.notConnected': 'Nicht verbunden',
  'network.relay.carried': 'Beförderte Aufgaben',
  'network.relay.refused': '({count, number} unverschlüsselte abgelehnt)',
  'network.relay.next': 'Nächster Versuch',
  'network.relay.note':
    'Das Relay leitet Aufgaben über eine Verbindung an diesen Computer weiter, die der Knoten selbst geöffnet hat, sodass kein Port geöffnet werden muss. Ende-zu-Ende-verschlüsselte Aufgaben (IICP-CX) bleiben für es unlesbar; unverschlüsselte werden abgelehnt, sofern Sie sie unten nicht erlauben.',
  'network.address.unknown': 'Unbekannt',
  'network.address.title': 'Adressen',
  'network.address.public': 'Öffentliche Adresse',
  'network.address.noneYet': 'Noch keine',
  'network.address.how': 'Wie',
  'network.address.stillLooking': 'Wird noch gesucht',
  'network.address.noWayIn': 'Kein Zugang gefunden',
  'network.address.taskPort': 'Task-Port',
  'network.address.notListening': 'Empfängt nicht',
  'network.address.lan': 'Dieser Computer (LAN)',
  'network.address.router': 'Öffentliche Adresse des Routers',
  'network.address.curious': 'Für Neugierige: die Werte, wie gesendet',
  'network.address.notSet': 'nicht gesetzt',
  'network.mappingCard.title': 'Portweiterleitung am Router',
  'network.mappingCard.protocol': 'Protokoll',
  'network.mappingCard.routerAddress': 'Adresse des Routers',
  'network.mappingCard.noneHeld': 'Keine vorhanden',
  'network.mappingCard.forwardsTo': 'Leitet weiter an',
  'network.mappingCard.thisPort': 'Diesen Computer, Port {port}',
  'network.mappingCard.leaseLeft': 'Verbleibende Laufzeit',
  'network.mappingCard.lastRenewal': 'Letzte Erneuerung',
  'network.mappingCard.notYet': 'Noch nicht',
  'network.mappingCard.next': 'Nächster Versuch',
  'network.mappingCard.nonePlanned': 'Keiner geplant',
  'network.mappingCard.failures': 'Fehlschläge in Folge',
  'network.mappingCard.none': 'Keine',
  'network.mappingCard.lastError': 'Letzter Fehler',
  'network.tunnel.env': 'Eine für diesen Computer gesetzte Tunnel-URL (IICP_TUNNEL_URL)',
  'network.tunnel.ngrok': 'Ein ngrok-Tunnel, der auf diesem Computer läuft',
  'network.tunnel.tailscale': 'Tailscale Funnel',
  'network.tunnel.cloudflared': 'Ein von der App gestarteter Cloudflare-Schnelltunnel',
  'network.tunnel.title': 'Tunnel',
  'network.tunnel.kind': 'Art',
  'network.tunnel.url': 'Öffentliche URL',
  'network.tunnel.state': 'Zustand',
  'network.pinhole.title': 'IPv6-Freigabe',
  'network.pinhole.address': 'Adresse',
  'network.pinhole.lease': 'Laufzeit',
  'network.pinhole.left': 'Noch {left} von {total} Minuten',
  'network.steps.title': 'Wie der Knoten geprüft hat',
  'network.steps.none': 'Es wurden noch keine Prüfungen ausgeführt.',
  'network.steps.show':
    '{count, plural, one {Den ausgeführten Schritt} other {Die # ausgeführten Schritte}} zeigen, älteste zuerst',
  'network.fallback.title': 'Wenn es keinen direkten Zugang gibt',
  'network.fallback.relay': 'Über ein Relay bedienen, wenn nichts anderes funktioniert',
  'network.fallback.relayHint':
    'Für Anschlüsse hinter Carrier-Grade-NAT oder einem Router ohne UPnP. Verschlüsselte Aufgaben bleiben für das Relay unlesbar; Antworten dauern etwas länger.',
  'network.fallback.plaintext': 'Auch unverschlüsselte Aufgaben über ein Relay annehmen',
  'network.fallback.plaintextHint':
    'Das Relay könnte sie lesen. Offizielle Nutzer verschlüsseln standardmäßig, daher kostet es wenig, dies ausgeschaltet zu lassen.',
  'network.fallback.quickTunnel': 'Vor einem Relay einen Cloudflare-Schnelltunnel (cloudflared) nutzen',
  'network.fallback.quickTunnelHint':
    'Dafür muss cloudflared installiert sein; die App lädt es nie herunter. Cloudflare trägt den Verkehr, und die Adresse ändert sich bei jedem Start.',
  'network.lease.noExpiry': 'Unbefristet (der Router hat keine Frist gesetzt)',
  'network.lease.none': 'Keine Freigabe vorhanden',
  'network.lease.ofTotal': 'von {total}',
  'network.manual.title': 'Die Adresse selbst festlegen',
  'network.manual.correctIt': 'Bitte korrigieren Sie das markierte Feld. Es wurde nichts gespeichert.',
  'network.manual.urlLabel': 'Öffentliche URL des Task-Ports',
  'network.manual.urlHint':
    'Für einen Tunnel, oder http://{ip}:{port}, nachdem Sie den Port von Hand weitergeleitet haben. Das Verzeichnis prüft sie, wenn sich der Knoten registriert. Leer lassen, damit der Knoten selbst eine Adresse findet.',
  'network.manual.mappingHint':
    'Lässt den Knoten Ihren Router bitten, den Task-Port selbst zu öffnen und offen zu halten, solange der Knoten läuft. Wählen Sie Aus, wenn der Router nicht verändert werden darf.',
  'network.manual.saved': 'Gespeichert. Der Knoten prüft seine Erreichbarkeit erneut.',
  'network.nat.title': 'Zwischen Ihrem Router und dem Internet liegt ein weiteres Netz',
  'network.page.title': 'Netzwerk',
  'network.page.subtitle': 'Ob Computer im Internet den Task-Port Ihres Knotens erreichen können, und wie.',
  'network.statusCard.title': 'Erreichbarkeit',
  'network.statusCard.asOf': '(Stand: {at})',
  'network.recheck.again': 'Erneut prüfen',
  'network.recheck.failed': 'Die Prüfung konnte nicht starten: {message}',
  'network.watch.windowsCounters': 'den GPU-Leistungsindikatoren von Windows',
  'network.watch.gpuWith': 'Die App liest Ihre GPU mit {tool} aus und sieht so andere Programme auf der GPU.',
  'network.watch.gpu': 'Die App liest Ihre GPU aus und sieht so andere Programme auf der GPU.',
  'network.watch.noGpu':
    'Dieser Computer hat kein GPU-Werkzeug, das die App auslesen kann (nvidia-smi, rocm-smi), daher sieht sie keine anderen Programme auf der GPU.',
  'network.watch.programs': 'Die App kann sehen, welche Programme laufen.',
  'network.watch.noPrograms':
    'Dieser Computer lässt die App nicht sehen, welche Programme laufen, daher kann Ihre Programmliste den Knoten nicht pausieren.',
  'network.watch.fullscreen': 'Die App erkennt, wenn eine App den Bildschirm füllt.',
  'network.watch.noFullscreen': 'Dieser Computer teilt der App nicht mit, wenn eine App den Bildschirm füllt.',
  'network.watch.busy': 'Auslastung',
  'network.watch.memory': 'Speicher',
  'network.watch.memoryOf': '{used} GB von {total} GB belegt',
  'network.watch.memoryUsed': '{used} GB belegt',
  'network.watch.power': 'Leistung',
  'network.watch.temperature': 'Temperatur',
  'network.checks.notSaved': 'Nicht gespeichert: {message}',
  'network.probe.reachable': 'Erreicht',
  'network.probe.unreachable': 'Nicht erreicht',
  'network.probe.notPossible': 'Kann nicht anwählen',
  'network.probe.unavailable': 'Nicht geprüft',
  'network.probe.dialled': 'Das Verzeichnis hat angewählt:',
  'network.probe.took': 'Das dauerte {ms} ms.',
  'network.probe.said': 'Das Verzeichnis meldete <code></code>.',
  'network.probe.askedAt': '(gefragt um {at})',
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
  'network.probe.notOffered': 'Nicht angeboten',
  'network.probe.words.notUrl': 'Die Adresse ist keine URL, die das Verzeichnis anwählen könnte.',
  'network.probe.words.httpsOnly':
    'Die Sofortprüfung des Verzeichnisses wählt nur einfaches HTTP an, diese Adresse nutzt aber HTTPS (einen Tunnel oder einen Proxy); ob der Zugang funktioniert, zeigt deshalb die Aufgabe oben.',
  'network.probe.words.lowPort':
    'Die Sofortprüfung des Verzeichnisses wählt nur Ports ab {min} an, diese Adresse nutzt Port {port}.',
  'network.probe.words.ipv6':
    'Das Verzeichnis kann keine IPv6-Adressen anwählen; ob der Zugang über IPv6 funktioniert, zeigt deshalb die Aufgabe oben.',
  'network.probe.words.noAddress': 'Es gibt noch keine öffentliche Adresse, die das Verzeichnis anwählen könnte.',
  'network.probe.words.notAsked': 'Das Verzeichnis konnte gerade nicht gefragt werden.',
  'network.probe.words.tooOften':
    'Das Verzeichnis wurde von dieser Adresse aus zu oft gefragt; in einer Minute kann die Prüfung erneut angefordert werden.',
  'network.probe.words.notOffered': 'Dieses Verzeichnis bietet keine Sofortprüfung an.',
  'network.probe.words.privateAddress': 'Das Verzeichnis wählt keine privaten Adressen an, und diese Adresse ist eine.',
  'network.probe.words.unresolvable': 'Das Verzeichnis konnte diesen Hostnamen im DNS nicht finden.',
  'network.probe.words.couldNotCheck': 'Das Verzeichnis konnte die Adresse gerade nicht prüfen.',
  'network.probe.words.reached': 'Das Verzeichnis hat Ihren Knoten soeben erreicht.',
  'network.probe.words.unreadable': 'Die Antwort des Verzeichnisses war nicht lesbar.',
  'network.probe.words.timeout':
    'Das Verzeichnis konnte Ihren Knoten nicht erreichen: Innerhalb von 5 Sekunden kam keine Antwort.',
  'network.probe.words.refused':
    'Das Verzeichnis konnte Ihren Knoten nicht erreichen: Die Verbindung wurde abgelehnt oder kam nicht durch.',
  'network.probe.words.httpStatus':
    'Das Verzeichnis hat die Adresse erreicht, bekam aber HTTP {status} statt der Zustandsmeldung Ihres Knotens.',
  'network.probe.words.unreached': 'Das Verzeichnis konnte Ihren Knoten nicht erreichen.',
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
  'network.natWarning.cgnat':
    'Die eigene Internetadresse Ihres Routers ({address}) ist eine Carrier-Grade-NAT-Adresse: Ihr Internetanbieter teilt eine öffentliche Adresse unter vielen Kunden auf, daher ist ein an Ihrem Router geöffneter Port aus dem Internet nicht erreichbar. Bitten Sie Ihren Anbieter um eine öffentliche IPv4-Adresse, nutzen Sie IPv6 oder tragen Sie eine öffentliche URL ein, etwa die eines Tunnels.',
  'network.natWarning.doubleNat':
    'Die eigene Internetadresse Ihres Routers ({address}) ist eine private Adresse: Vor ihm sitzt ein zweiter Router (oder das NAT Ihres Anbieters), daher ist ein an Ihrem Router geöffneter Port aus dem Internet nicht erreichbar. Öffnen Sie den Port auch am äußeren Router, schalten Sie den inneren in den Bridge-Modus oder tragen Sie eine öffentliche URL ein, etwa die eines Tunnels.',
  'network.message.checking': 'Zugang aus dem Internet wird gesucht…',
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
  'network.health.tooLarge':
    'die Adresse antwortete mit HTTP {status} und mehr als {kib} KiB, weit mehr als eine Zustandsmeldung umfasst, daher wurde die Antwort nicht gelesen',
  'network.health.tunnelUnconnected':
    'Cloudflare meldete, dass der Tunnel keine Verbindung zu diesem Computer hat (HTTP 530)',
  'network.health.tunnelUnreached': 'Cloudflare konnte den Knoten über den Tunnel nicht erreichen (HTTP {status})',
  'network.health.status': 'die Adresse antwortete mit HTTP {status}',
  'network.health.timeout': 'keine Antwort innerhalb von {seconds, number} s',
  'network.health.stopped': 'abgebrochen',
  'network.health.failed': 'die Anfrage ist fehlgeschlagen',
  'network.health.failedWith': 'die Anfrage ist fehlgeschlagen ({code})',
  'network.health.place.thisComputer': 'ihre Adresse führt zurück zu diesem Computer',
  'network.health.place.private': 'ihre Adresse führt in ein privates Netzwerk',
  'network.health.place.notPublic': 'ihre Adresse führt zu einer Adresse, die nicht im Internet liegt',
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
  // Die eigenen Sätze der Verbindung zum Verzeichnis.
  'network.link.notRunning': 'Der Knoten läuft nicht.',
  'network.link.removed':
    'Aus dem Netzwerk entfernt. Schalten Sie „Verfügbar“ ein, um als neuer Knoten wieder beizutreten.',
  'network.link.notRegistered': 'Nicht registriert: {why}',
  'network.link.notRegisteredYet': 'Noch nicht registriert: {why}',
  'network.link.why.lookingForWayIn': 'es wird ein Zugang aus dem Internet gesucht.',
  'network.link.why.noPublicAddress': 'dieser Knoten hat noch keine öffentliche Adresse (siehe die Seite „Netzwerk“).',
  'network.link.why.noLlmServer': 'wählen Sie zuerst einen lokalen LLM-Server.',
  'network.link.why.noModels': 'der lokale LLM-Server bietet gerade keine Modelle an.',
  'network.link.registering': 'Registrierung beim IICP-Verzeichnis …',
  'network.link.unreachableRetrying': 'Das IICP-Verzeichnis ist nicht erreichbar; der Knoten versucht es erneut.',
  'network.link.unreachableServing':
    'Das IICP-Verzeichnis ist nicht erreichbar; der Knoten arbeitet weiter und versucht es erneut.',
  'network.link.noToken': 'Das Verzeichnis hat die Registrierung angenommen, aber keinen Token geschickt.',
  'network.link.cannotSave':
    'Der Knoten kann seine neuen Zugangsdaten für das Verzeichnis nicht speichern (der Datenordner ist schreibgeschützt oder voll). Schaffen Sie Platz oder beheben Sie das Problem mit dem Ordner; der Knoten versucht es weiter.',
  'network.link.freshTokenRefused':
    'Das Verzeichnis lehnt den Knoten-Token ab, den es gerade ausgestellt hat; der Knoten versucht es nach einer Pause erneut.',
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
    'Das Verzeichnis hat einen Nachweis verlangt, dass dieser Computer den Knoten besitzt (der gespeicherte Token wurde nicht angenommen).',
  'network.link.failure.rateLimited':
    'Das Verzeichnis drosselt die Anfragen dieses Computers; der Knoten versucht es von selbst erneut.',
  'network.link.failure.refusedRegistration': 'Das Verzeichnis hat die Registrierung abgelehnt.',
  'network.link.failure.refusedParts':
    'Das Verzeichnis hat die Registrierung abgelehnt. Es hat ein Problem gefunden mit {parts}.',
  'network.link.failure.partsAndOthers': '{named} und weiteren Angaben',
  'network.link.failure.partsOnly': 'einigen Angaben',
  'network.link.failure.list': '{first}, {rest}',
  'network.link.failure.serverProblem':
    'Das Verzeichnis hat gerade ein Problem; der Knoten versucht es von selbst erneut.',
  'network.link.failure.tokenRefused':
    'Das Verzeichnis hat den Knoten-Token nicht angenommen; der Knoten registriert sich von selbst neu.',
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
  'network.link.field.operatorIdentity': 'der Identität des Betreibers',
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
