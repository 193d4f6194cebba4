/** Die deutschen Wörter von dashboard: dieselben ids wie en/dashboard.ts, keine fehlt. */
import type { messages as en } from '../en/dashboard';

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
    'Diese Woche hat niemand bei Ihrem Knoten ein Modell angefragt, das er nicht anbietet.',
  'dashboard.demand.asked.times': 'diese Woche {count, plural, one {einmal} other {#-mal}} angefragt.',
  'dashboard.demand.scarce.title': 'Von wenigen Knoten angeboten',
  'dashboard.demand.scarce.none': 'Kein Modell wird nur von einem oder zwei anderen Knoten angeboten.',
  'dashboard.demand.scarce.yours': 'Sie bieten es ebenfalls an.',
  'dashboard.demand.scarce.askedToo': 'Es wurde auch bei Ihrem Knoten angefragt (siehe oben).',
  'dashboard.demand.others':
    '{count, plural, =0 {kein anderer Knoten bietet} one {# anderer Knoten bietet} other {# andere Knoten bieten}} es an.',
  'dashboard.demand.line': '<model></model>: <words></words>',
  'dashboard.demand.price.title': 'Ihr Preis',
  'dashboard.demand.price.none': 'Noch kein Preis anderer Knoten gelesen.',
  'dashboard.demand.price.alone':
    'Ihr Faktor auf den Grundpreis: {yours}; kein anderer Knoten für Chat wurde gelistet.',
  'dashboard.demand.price.among':
    'Ihr Faktor auf den Grundpreis: {yours}; der Median von {others, plural, one {# anderen Knoten} other {# anderen Knoten}} liegt bei {median}; {cheaper, plural, one {# verlangt weniger} other {# verlangen weniger}}, {dearer, plural, one {# verlangt mehr} other {# verlangen mehr}}{same, plural, =0 {} one {, # verlangt gleich viel} other {, # verlangen gleich viel}}.',
  'dashboard.demand.mine.label': 'Ihre Modelle',
  'dashboard.demand.mine.none': 'Ihr Knoten bietet noch kein Modell an.',
  'dashboard.demand.pull.serverLabel': 'Modelle laden auf',
  'dashboard.demand.pull.to': 'Auf {host} laden',
  'dashboard.demand.pull.starting': 'Wird gestartet …',
  'dashboard.demand.pull.stop': 'Anhalten',
  'dashboard.demand.pull.stopping': 'Wird angehalten …',
  'dashboard.demand.pull.figures': '{percent} · {done} von {total}',
  'dashboard.demand.pull.soFar': 'bisher {done}',
  'dashboard.demand.pull.ollamaSays': 'Ollama meldet <status></status>',
  'dashboard.demand.pull.ollamaSaid': 'Ollama meldete <status></status>',
  'dashboard.demand.pull.couldNotStart': 'Das Laden konnte nicht beginnen: {why}',
  'dashboard.demand.pull.couldNotStop': 'Das Laden konnte nicht angehalten werden: {why}',

  'dashboard.title': 'Dashboard',
  'dashboard.status.label': 'Status des Knotens',
  'dashboard.status.shareAnywayUntil': 'Sie teilen die GPU trotzdem bis {until}.',
  'dashboard.status.shareAnywayNote': 'Bis dahin pausiert Ihre eigene Nutzung der GPU den Knoten nicht.',
  'dashboard.status.stopShareAnyway': 'Trotzdem-Teilen beenden',
  'dashboard.status.stopping': 'Wird beendet …',
  'dashboard.switch.label': 'Verfügbar',
  'dashboard.switch.busy': 'Wird umgeschaltet …',
  'dashboard.switch.notRunning': 'Der Schalter funktioniert, sobald der Knoten läuft.',
  'dashboard.switch.notConnected': 'Der Schalter funktioniert wieder, sobald die Verbindung steht.',
  'dashboard.switch.on': 'Ihr Knoten nimmt Arbeit aus dem Netzwerk an, wann immer er kann.',
  'dashboard.switch.pausedUntil': 'Er schaltet sich am Ende der Pause von selbst wieder ein.',
  'dashboard.switch.off': 'Ihr Knoten nimmt keine neue Arbeit an, bis Sie ihn wieder einschalten.',
  'dashboard.switch.pauseHour': '1 Stunde pausieren',
  'dashboard.capacity.busy': '{active} von {open, plural, one {# Platz} other {# Plätzen}} belegt',
  'dashboard.capacity.finishing':
    '{active, plural, one {# Aufgabe wird} other {# Aufgaben werden}} noch beendet, keine neuen',
  'dashboard.capacity.closed': 'Nimmt gerade keine Aufgaben an',
  'dashboard.capacity.upTo':
    'Bis zu {max, plural, one {# Aufgabe} other {# Aufgaben}} gleichzeitig, solange verfügbar.',
  'dashboard.capacity.fewer': 'Weniger Plätze als sonst: {max} bei voller Verfügbarkeit.',
  'dashboard.credits.label': 'Credits heute',
  'dashboard.credits.unknown': 'Nicht bekannt',
  'dashboard.credits.title': 'Heute gutgeschriebene Credits: {amount}. Einzelheiten auf der Seite Einnahmen.',
  'dashboard.credits.pending': '+ {amount} ausstehend',
  'dashboard.credits.rejected': '{count, plural, one {# Quittung} other {# Quittungen}} abgelehnt',
  'dashboard.meta.updated':
    'Aktualisiert <time></time> · {host, select, headless {Headless-Host} other {Desktop-App}}, Version {version}',
  'dashboard.events.title': 'Letzte Ereignisse',
  'dashboard.events.none': 'Bisher ist nichts geschehen.',
  'dashboard.events.fullLog': 'Ganzes Protokoll ansehen',
  'dashboard.models.label': 'Modelle',
  'dashboard.models.more': 'und {count} weitere',
  'dashboard.stale.note':
    'Das sind die letzten Zahlen, die vom Knoten kamen, um <time></time>{ago}. Sie können sich seitdem geändert haben.',
  'dashboard.stale.ago': ', {ago}',
  'dashboard.fleet.label': 'Ihre Rechner',
  'dashboard.fleet.downSince': '„<name></name>“ ist ausgefallen seit <time></time>',
  'dashboard.notices.title': 'Hinweise',
  'dashboard.notices.none': 'Nichts Neues braucht Ihre Aufmerksamkeit.',
  'dashboard.notices.more': '{count, plural, one {# weiteren Hinweis} other {# weitere Hinweise}} anzeigen',
  'dashboard.notices.resolved':
    '{count, plural, one {# früherer Hinweis ist} other {# frühere Hinweise sind}} erledigt.',
  'dashboard.notices.hide': 'Ausblenden',
  'dashboard.notices.show': 'Anzeigen',
  'dashboard.notices.openNetwork': 'Seite Netzwerk öffnen',
  'dashboard.notices.openEarnings': 'Seite Einnahmen öffnen',
  'dashboard.notices.openFleet': 'Seite Rechner öffnen',
  'dashboard.notices.dismiss': 'Verwerfen',
  'dashboard.notices.dismissing': 'Wird verworfen …',
  'dashboard.notices.dismissLabel': 'Hinweis verwerfen: {title}',

  'dashboard.why.title': 'Warum bekomme ich keine Aufgaben?',
  'dashboard.why.note':
    'Prüft der Reihe nach, wovon abhängt, ob Aufgaben Ihren Knoten erreichen: das Verzeichnis, der Zugang aus dem Internet, ob Nutzer ihn finden, sein Preis, sein Ansehen und die abgewiesenen Aufgaben.',
  'dashboard.why.idle':
    'Seit {since} ist keine Aufgabe gekommen, obwohl Ihr Knoten registriert ist, seine Lebenszeichen angenommen werden und sein LLM-Server antwortet. Die Prüfungen unten sagen, warum – nach den Antworten des Verzeichnisses selbst.',
  'dashboard.why.check': 'Prüfen',
  'dashboard.why.failed': 'Die Prüfung konnte nicht laufen',
  'dashboard.why.holdingBack': 'Das bremst Ihren Knoten: {words}',
  'dashboard.why.someUnknown': 'Nichts gefunden, was Ihren Knoten bremst – einige Prüfungen waren aber nicht möglich.',
  'dashboard.why.allFine':
    'Nichts bremst Ihren Knoten: Alle Prüfungen sind bestanden. Aufgaben kommen, sobald Nutzer nach dem fragen, was Ihr Knoten anbietet.',
  'dashboard.why.at': '({time})',
  'dashboard.why.check.registered': 'Beim Verzeichnis registriert',
  'dashboard.why.check.reachable': 'Aus dem Internet erreichbar',
  'dashboard.why.check.discoverable': 'Von Nutzern gefunden',
  'dashboard.why.check.price': 'Preis',
  'dashboard.why.check.standing': 'Ansehen',
  'dashboard.why.check.demand': 'Von Nutzern nachgefragt',
  'dashboard.why.check.refusals': 'Abgewiesene Aufgaben',
  'dashboard.why.outcome.ok': 'In Ordnung',
  'dashboard.why.outcome.problem': 'Bremst',
  'dashboard.why.outcome.unknown': 'Nicht bekannt',
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
  'dashboard.requests.col.time': 'Zeit',
  'dashboard.requests.col.outcome': 'Ergebnis',
  'dashboard.requests.col.reason': 'Grund',
  'dashboard.requests.col.model': 'Modell',
  'dashboard.requests.col.tokens': 'Tokens',
  'dashboard.requests.col.tokensPerSecond': 'Tok./Sek.',
  'dashboard.requests.col.tokensPerSecondTitle': 'Tokens pro Sekunde',
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

  'dashboard.facts.lastKnown': 'Zuletzt bekannt: {label}',
  'dashboard.facts.directory.title': 'Netzwerk-Verzeichnis',
  'dashboard.facts.heartbeat': 'Letztes Lebenszeichen',
  'dashboard.facts.heartbeatNotYet': 'noch keines',
  'dashboard.facts.nodeId': 'Knoten-ID',
  'dashboard.facts.nodeIdLater': 'Wird beim ersten Start des Knotens erzeugt',
  'dashboard.facts.directory': 'Verzeichnis',
  'dashboard.facts.reach.title': 'Erreichbarkeit',
  'dashboard.facts.reach.address': 'Öffentliche Adresse',
  'dashboard.facts.reach.whatToDo': 'Was zu tun ist: siehe Seite Netzwerk',
  'dashboard.facts.reach.details': 'Einzelheiten auf der Seite Netzwerk',
  'dashboard.facts.reach.notConfirmed': '{label} (noch nicht bestätigt)',
  'dashboard.facts.backend.title': 'Lokaler LLM-Server',
  'dashboard.facts.backend.startAgain':
    'Starten Sie {server, select, none {Ihren LLM-Server} other {{server}}} neu; der Knoten bemerkt es binnen Sekunden und nimmt dann von selbst wieder Aufgaben an.',
  'dashboard.facts.backend.checkNow': 'Jetzt prüfen',
  'dashboard.facts.backend.server': 'Server',
  'dashboard.facts.backend.address': 'Adresse',
  'dashboard.facts.backend.models': 'Modelle ({count})',
  'dashboard.facts.backend.choose': 'Lokalen LLM-Server in den Einstellungen wählen',
  'dashboard.facts.workload.title': 'Auslastung',
  'dashboard.facts.workload.tasksToday': 'Heute erledigte Aufgaben',
  'dashboard.listed.noWork': 'Im Verzeichnis gelistet, derzeit als nicht arbeitend markiert.',
  'dashboard.listed.yielding':
    'Im Verzeichnis als nicht verfügbar gelistet, nicht als fehlerhaft: Ihr Ansehen bleibt erhalten, während Sie die GPU nutzen.',
  'dashboard.listed.backendDown':
    'Im Verzeichnis gelistet, aber Aufgaben werden abgewiesen, bis Ihr LLM-Server antwortet.',
  'dashboard.listed.lastHeard': 'Im Verzeichnis gelistet, zuletzt gehört.',
  'dashboard.listed.serving': 'Registriert und erreichbar: Das Verzeichnis kann Nutzer an Ihren Knoten vermitteln.',
  'dashboard.listed.listed': 'Im Verzeichnis gelistet.',
  'dashboard.listed.unconfirmed':
    'Registriert, aber das Verzeichnis hat noch nicht bestätigt, dass es Ihren Knoten erreicht.',
  'dashboard.listed.blocked':
    'Im Verzeichnis gelistet, aber Nutzer kommen nicht zu Ihrem Knoten durch – siehe Netzwerk.',
  'dashboard.listed.looking': 'Im Verzeichnis gelistet; der Zugang aus dem Internet wird noch geprüft.',

  // Why the task port answered as it did, one line per wire code (and cause).
  'dashboard.reason.ok': 'Bedient',
  'dashboard.reason.replayed':
    'Wiederholung einer bereits beantworteten Aufgabe: Dieselbe Antwort wurde erneut gesendet, nichts lief zweimal',
  'dashboard.reason.nodeStarting': 'Kam an, während der Knoten startete',
  'dashboard.reason.e023': 'Eine Website hat mehr als 120 Aufgaben pro Minute gesendet; die übrigen wurden gebremst',
  'dashboard.reason.backendUnavailable': 'Ihr LLM-Server antwortete nicht',
  'dashboard.reason.e024': 'Ihr LLM-Server lud gerade ein Modell oder startete neu',
  'dashboard.reason.e024OwnerPriority': 'Abgewiesen, während Sie die GPU selbst nutzten',
  'dashboard.reason.providerPreempted': 'Mittendrin abgebrochen, weil der Besitzer des Computers die GPU brauchte',
  'dashboard.reason.unsupportedIntent': 'Wollte eine Art von Aufgabe gestreamt haben, die nie gestreamt wird',
  'dashboard.reason.payloadTooLarge': 'Größer, als dieser Knoten annimmt',
  'dashboard.reason.e021': 'Alle Plätze waren belegt',
  'dashboard.reason.e021Full': 'Alle Plätze waren belegt',
  'dashboard.reason.e021Schedule': 'Alle Plätze, die Ihr Verfügbarkeitsplan zu dieser Zeit anbietet, waren belegt',
  'dashboard.reason.e021Closed': 'Kam an, während der Knoten pausiert war oder außerhalb Ihrer Verfügbarkeitszeiten',
  'dashboard.reason.e021FairShare':
    'Abgebrochen, weil sie länger als ihr fairer Anteil an Plätzen lief, während andere Nutzer warteten',
  'dashboard.reason.e021SourceShare':
    'Dieser Nutzer belegte schon seinen Anteil an Ihren Plätzen; die übrigen blieben für andere Nutzer frei',
  'dashboard.reason.e021BusyReadingOtherRequests': 'Der Knoten las gerade andere große Anfragen',
  'dashboard.reason.busy': 'Der Knoten verarbeitete gerade andere große Anfragen',
  'dashboard.reason.requestTimeout': 'Die Anfrage kam zu langsam an',
  'dashboard.reason.invalidJson': 'Die Anfrage war nicht lesbar (kein gültiges JSON)',
  'dashboard.reason.validationError': 'Die Anfrage war keine gültige Aufgabe',
  'dashboard.reason.validationErrorBackend':
    'Ihr LLM-Server hat sie abgelehnt (zum Beispiel ein Prompt, der länger ist als der Kontext des Modells)',
  'dashboard.reason.toolExecutionDenied':
    'Wollte ein Werkzeug auf diesem Computer ausführen lassen, was der Knoten nie tut',
  'dashboard.reason.intentNotAdvertised': 'Fragte nach einer Art von Aufgabe, die Sie nicht anbieten',
  'dashboard.reason.e029': 'Fragte nach einem Modell, das Sie nicht anbieten',
  'dashboard.reason.cx02': 'Ihre Verschlüsselung ließ sich nicht öffnen',
  'dashboard.reason.cx03': 'Wollte eine verschlüsselte Antwort, ohne die eigene Anfrage zu verschlüsseln',
  'dashboard.reason.e011': 'Wiederholung einer schon gesehenen Aufgabe (ihr Einmalcode wurde bereits verwendet)',
  'dashboard.reason.e010': 'Eine Aufgabennummer, die schon für eine andere Aufgabe verwendet wurde',
  'dashboard.reason.taskTimeout': 'Ihr LLM-Server hat nicht rechtzeitig geantwortet',
  'dashboard.reason.backendError': 'Ihr LLM-Server ist gescheitert',
  'dashboard.reason.backendErrorUnreachable': 'Ihr LLM-Server war nicht erreichbar',
  'dashboard.reason.backendErrorBadResponse': 'Ihr LLM-Server hat eine unbrauchbare Antwort gesendet',
  'dashboard.reason.encryptionFailed': 'Die Antwort ließ sich nicht verschlüsseln',
  'dashboard.reason.internalError': 'Im Knoten ist etwas schiefgegangen',

  // The model pull: our sentence for how it goes.
  'dashboard.pull.pulling': '„{model}“ wird geladen …',
  'dashboard.pull.silent': 'Ollama hat 5 Minuten lang nichts gesendet, daher wurde das Laden abgebrochen.',
  'dashboard.pull.unreachable': 'Ollama war nicht erreichbar, um das Modell zu laden.',
  'dashboard.pull.stopped':
    'Das Laden wurde abgebrochen. Ollama behält, was schon heruntergeladen ist, für das nächste Mal.',
  'dashboard.pull.tooMuch':
    'Ollama hat weit mehr gesendet, als ein Ladevorgang meldet, daher wurde das Laden abgebrochen.',
  'dashboard.pull.lineTooLong':
    'Ollama hat eine Zeile gesendet, die zu lang zum Lesen war, daher wurde das Laden abgebrochen.',
  'dashboard.pull.refusedHttp': 'Ollama hat das Laden abgelehnt (HTTP {status}).',
  'dashboard.pull.endedUnsure': 'Ollama hat das Laden beendet, ohne zu melden, dass es gelungen ist.',
  'dashboard.pull.broke': 'Die Verbindung zu Ollama ist während des Ladens abgebrochen.',
  'dashboard.pull.notFinished': 'Ollama konnte das Laden nicht abschließen.',
  'dashboard.pull.refused': 'Ollama hat das Laden abgelehnt.',
  'dashboard.pull.done': '„{model}“ ist jetzt auf dem Server; der Knoten bietet es beim nächsten Nachsehen an.',

  // Was die Person zu den heutigen Antworten tun kann.
  'dashboard.advice.capacityMost':
    '{count} abgewiesen, weil {slots, plural, one {Ihr einziger Platz belegt war} other {alle # Plätze belegt waren}}; mehr nimmt ein Knoten nicht gleichzeitig an.',
  'dashboard.advice.capacityFixed':
    '{count} abgewiesen, weil {slots, plural, one {Ihr einziger Platz belegt war} other {alle # Plätze belegt waren}} – erhöhen Sie „Aufgaben gleichzeitig“ dort, wo der Knoten gestartet wird (für diesen Lauf ist der Wert fest).',
  'dashboard.advice.capacity':
    '{count} abgewiesen, weil {slots, plural, one {Ihr einziger Platz belegt war} other {alle # Plätze belegt waren}} – erhöhen Sie „Aufgaben gleichzeitig“ in den Einstellungen.',
  'dashboard.advice.capacitySchedule':
    '{count} abgewiesen, weil Ihr Verfügbarkeitsplan zu dieser Zeit nur einen Teil Ihrer Plätze anbot.',
  'dashboard.advice.closed':
    '{count} kamen an, während der Knoten pausiert war oder außerhalb Ihrer Verfügbarkeitszeiten.',
  'dashboard.advice.mostAskedFor': ' Am häufigsten angefragt ({shown} von {names} Namen):',
  'dashboard.advice.modelsAskedFor': ' Angefragte Modelle:',
  'dashboard.advice.keptAll': '{kept, plural, one {dieses Modell} other {diese Modelle}}',
  'dashboard.advice.keptSome': '{kept, plural, one {eines dieser Modelle} other {# dieser Modelle}}',
  'dashboard.advice.unknownModelKept':
    '{count} fragten nach einem Modell, das Sie nicht anbieten – {which} halten Sie in den Einstellungen privat.{asked}',
  'dashboard.advice.unknownModel': '{count} fragten nach einem Modell, das Sie nicht anbieten.{asked}',
  'dashboard.advice.backendDown': '{count} kamen an, während Ihr LLM-Server nicht antwortete.',
  'dashboard.advice.ownerUse': '{count} kamen an, während Sie die GPU selbst nutzten, und gingen an andere Knoten.',
  'dashboard.advice.backendLoading': '{count} kamen an, während Ihr LLM-Server ein Modell lud oder neu startete.',
  'dashboard.advice.timeouts':
    '{count} scheiterten, weil Ihr LLM-Server nicht in der Zeit antwortete, die der Nutzer ließ.',
  'dashboard.advice.backendFailed': '{count} scheiterten, weil Ihr LLM-Server versagte oder nicht erreichbar war.',
  'dashboard.advice.refusedByServer':
    '{count, plural, one {# wurde} other {# wurden}} von Ihrem LLM-Server selbst abgelehnt (zum Beispiel Prompts, die länger sind als der Kontext des Modells).',
  'dashboard.advice.tooLarge':
    '{count, plural, one {# war} other {# waren}} größer, als dieser Knoten annimmt (8 MB für Chat, 4 MB für andere Aufgaben).',
  'dashboard.advice.rateLimited':
    '{count} kamen von Websites, die mehr als 120 Aufgaben pro Minute senden, und {count, plural, one {wurde} other {wurden}} gebremst.',
  'dashboard.advice.repeats':
    '{count, plural, one {# war die Wiederholung einer schon gesehenen Aufgabe (ein Nutzer hat dieselbe Aufgabe erneut gesendet); sie lief nicht zweimal.} other {# waren Wiederholungen schon gesehener Aufgaben (ein Nutzer hat dieselbe Aufgabe erneut gesendet); keine lief zweimal.}}',
  'dashboard.advice.otherKind': '{count} fragten nach einer Art von Aufgabe, die Sie nicht anbieten.',
  'dashboard.whyCheck.open.network': 'Netzwerk öffnen',
  'dashboard.whyCheck.open.settings': 'Einstellungen öffnen',
  'dashboard.whyCheck.open.pricing': 'Preise öffnen',
  'dashboard.whyCheck.open.availability': 'Verfügbarkeit öffnen',
  'dashboard.whyCheck.searchTooBig': 'Die Suchantwort des Verzeichnisses war zu groß zum Lesen.',
  'dashboard.whyCheck.searchUnreadable': 'Die Suchantwort des Verzeichnisses ließ sich nicht lesen.',
  'dashboard.whyCheck.unreachableTimeout':
    'Das Verzeichnis ließ sich nicht fragen (keine Antwort innerhalb {seconds, plural, one {einer Sekunde} other {von # Sekunden}}).',
  'dashboard.whyCheck.unreachableBecause': 'Das Verzeichnis ließ sich nicht fragen ({why}).',
  'dashboard.whyCheck.unreachable': 'Das Verzeichnis ließ sich nicht fragen (es war nicht erreichbar).',
  'dashboard.whyCheck.membershipRefused':
    'Das Verzeichnis ist ein geschlossenes Netzwerk und hat die Mitgliedschaft dieses Knotens nicht angenommen.',
  'dashboard.whyCheck.httpStatus': 'Das Verzeichnis konnte nicht antworten (es meldete HTTP {status}).',
  'dashboard.whyCheck.link.registered': 'Beim Verzeichnis registriert.',
  'dashboard.whyCheck.link.connecting': 'Noch nicht registriert: Der Knoten registriert sich gerade beim Verzeichnis.',
  'dashboard.whyCheck.link.notConfigured': 'Nicht beim Verzeichnis registriert.',
  'dashboard.whyCheck.link.unreachable':
    'Das Verzeichnis ist nicht erreichbar, daher ist der Knoten dort gerade nicht registriert.',
  'dashboard.whyCheck.link.rejected': 'Das Verzeichnis hat die Registrierung des Knotens abgelehnt.',
  'dashboard.whyCheck.link.restricted':
    'Das Verzeichnis ist ein geschlossenes Netzwerk und braucht eine Mitgliedschaft für diesen Knoten.',
  'dashboard.whyCheck.linkSays': '{words}',
  'dashboard.whyCheck.notRegisteredBecause': 'Nicht beim Verzeichnis registriert – {why}',
  'dashboard.whyCheck.reach.notRegistered':
    'Nicht registriert, daher hat das Verzeichnis nicht versucht, Ihren Knoten zu erreichen.',
  'dashboard.whyCheck.reach.notListed':
    'Das Verzeichnis zeigt Ihren Knoten gerade nicht als verfügbar, daher weiß es nichts darüber, ob er erreichbar ist.',
  'dashboard.whyCheck.reach.ok': 'Das Verzeichnis hat Ihren Knoten aus dem Internet erreicht.',
  'dashboard.whyCheck.reach.failed':
    'Das Verzeichnis hat versucht, Ihren Knoten aus dem Internet zu erreichen, und konnte es nicht, daher schickt es keine Nutzer dorthin.',
  'dashboard.whyCheck.reach.notYet':
    'Das Verzeichnis hat noch nicht versucht, Ihren Knoten zu erreichen; es prüft alle paar Minuten.',
  'dashboard.whyCheck.intentTasks': '{name}-Aufgaben',
  'dashboard.whyCheck.sameTasks': 'dieselben Aufgaben',
  'dashboard.whyCheck.find.noModels':
    'Ihr Knoten bietet noch keine Modelle an, daher gibt es nichts, wonach Nutzer suchen könnten.',
  'dashboard.whyCheck.find.noSearch':
    'Das Verzeichnis hat die Suche, die Nutzer nach {what} stellen, nicht beantwortet (es meldete HTTP 404), daher ist nicht bekannt, ob sie Ihren Knoten finden.',
  'dashboard.whyCheck.find.found':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten (Platz {place} von {listed} gelisteten).',
  'dashboard.whyCheck.find.notRegistered':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten nicht: Er ist nicht registriert.',
  'dashboard.whyCheck.find.silent':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten nicht: Das Verzeichnis hat seit mehr als {seconds} Sekunden nichts von ihm gehört.',
  'dashboard.whyCheck.find.notAvailable':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten nicht: Das Verzeichnis führt ihn als nicht verfügbar (ausgeschaltet, außerhalb Ihrer Zeiten oder sein LLM-Server nicht bereit).',
  'dashboard.whyCheck.find.draining':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten nicht: Ihr LLM-Server meldet, dass er ausläuft.',
  'dashboard.whyCheck.find.outranked':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten nicht unter den ersten {limit}: So viele andere Knoten stehen gerade vor ihm.',
  'dashboard.whyCheck.find.notNow': 'Nutzer, die nach {what} suchen, finden Ihren Knoten gerade nicht.',
  'dashboard.whyCheck.price.others':
    '{others, plural, one {der andere Knoten, der {what} anbietet, verlangt {typical, number, ::.#### group-off}×} other {die # anderen Knoten, die {what} anbieten, verlangen im Median {typical, number, ::.#### group-off}×}}',
  'dashboard.whyCheck.price.dearer':
    'Sie verlangen das {inForce, number, ::.#### group-off}-Fache des Grundpreises, doch {compared}: Nutzer mit einer Preisgrenze übergehen teurere Knoten. {status}.',
  'dashboard.whyCheck.price.fine':
    'Sie verlangen das {inForce, number, ::.#### group-off}-Fache des Grundpreises; {compared}. {status}.',
  'dashboard.whyCheck.price.aboveBase':
    'Sie verlangen das {inForce, number, ::.#### group-off}-Fache des Grundpreises im Netzwerk: Nutzer mit einer Preisgrenze übergehen teurere Knoten. {status}.',
  'dashboard.whyCheck.price.base':
    'Sie verlangen das {inForce, number, ::.#### group-off}-Fache des Grundpreises im Netzwerk. {status}.',
  'dashboard.whyCheck.standing.notReported': 'Das Verzeichnis hat das Ansehen Ihres Knotens noch nicht gemeldet.',
  'dashboard.whyCheck.standing.notRegistered':
    'Nicht registriert, daher hat das Verzeichnis kein Ansehen für Ihren Knoten.',
  'dashboard.whyCheck.standing.probation':
    'Ihr Knoten ist neu: Bis er {tasks} Aufgaben erledigt hat, schickt ihm das Verzeichnis keine Nutzer, die interaktive Antworten verlangen – und das verlangt Chat in den IICP-SDKs standardmäßig. Das endet von selbst, während er Aufgaben bedient.',
  'dashboard.whyCheck.standing.probationDone':
    'Ihr Knoten ist neu: Bis er {tasks} Aufgaben erledigt hat (bisher {completed, number, ::group-off}), schickt ihm das Verzeichnis keine Nutzer, die interaktive Antworten verlangen – und das verlangt Chat in den IICP-SDKs standardmäßig. Das endet von selbst, während er Aufgaben bedient.',
  'dashboard.whyCheck.standing.low':
    'Ihr Ansehen ist {score, number, ::.00}, unter den {start, number, ::.00}, mit denen jeder Knoten beginnt: Fehlgeschlagene Aufgaben haben es gesenkt, und Nutzer bevorzugen Knoten mit mehr. Es erholt sich, wenn Aufgaben gelingen.',
  'dashboard.whyCheck.standing.fine':
    '{scored, select, yes {Ansehen {score, number, ::.00}} other {Ansehen noch nicht gemeldet}}{past, select, probation {, Probezeit vorbei} completed { nach {completed, number, ::group-off} erledigten Aufgaben} other {}}.',
  'dashboard.whyCheck.demand.noModels': 'Ihr Knoten bietet noch keine Modelle an.',
  'dashboard.whyCheck.demand.unread':
    'Die Suche des Verzeichnisses ließ sich nicht lesen, daher ist nicht bekannt, ob Nutzer nach Ihren Modellen fragen.',
  'dashboard.whyCheck.demand.alone':
    'Kein anderer Knoten im Verzeichnis bedient Ihre Modelle, daher gibt es keinen Vergleich; „Was das Netzwerk nachfragt“ im Dashboard zeigt, nach welchen Modellen Nutzer fragen.',
  'dashboard.whyCheck.demand.idle':
    '{same, plural, one {Der andere Knoten, der Ihre Modelle bedient, ist} other {Die # anderen Knoten, die Ihre Modelle bedienen, sind}} ebenfalls untätig: Nutzer fragen gerade nicht nach diesen Modellen.',
  'dashboard.whyCheck.demand.busy':
    '{same, plural, one {Der andere Knoten, der Ihre Modelle bedient} other {Die # anderen Knoten, die Ihre Modelle bedienen}}: {busy, plural, one {# ist} other {# sind}} gerade beschäftigt, also fragen Nutzer nach diesen Modellen.',
  'dashboard.whyCheck.refusals.unfixable':
    '{away, number, ::group-off} heute abgewiesen oder fehlgeschlagen, keine aus einem Grund, den Sie ändern können.',
  'dashboard.whyCheck.refusals.none': 'Heute wurde keine Aufgabe abgewiesen.',
  'dashboard.whyCheck.holdingBack': 'Das bremst Ihren Knoten: {words}',
} as const;
