/** Die deutschen Wörter von dashboard/why: dieselben ids wie en/dashboard/why.ts, keine fehlt. */
import type { messages as en } from '../../en/dashboard/why';

export const messages: Record<keyof typeof en, string> = {
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

  'dashboard.facts.lastKnown': 'Zuletzt bekannt: {label}',
  'dashboard.facts.directory.title': 'Netzwerkverzeichnis',
  'dashboard.facts.heartbeat': 'Letztes Lebenszeichen',
  'dashboard.facts.heartbeatNotYet': 'noch keines',
  'dashboard.facts.nodeId': 'Knoten-ID',
  'dashboard.facts.nodeIdLater': 'Wird beim ersten Start des Knotens erzeugt',
  'dashboard.facts.directory': 'Verzeichnis',
  'dashboard.facts.reach.title': 'Erreichbarkeit',
  'dashboard.facts.reach.address': 'Öffentliche Adresse',
  'dashboard.facts.reach.whatToDo': 'Was zu tun ist: siehe Seite „Netzwerk“',
  'dashboard.facts.reach.details': 'Einzelheiten auf der Seite „Netzwerk“',
  'dashboard.facts.reach.notConfirmed': '{label} (noch nicht bestätigt)',
  'dashboard.facts.backend.title': 'Lokaler LLM-Server',
  'dashboard.facts.backend.startAgain':
    'Starten Sie {server, select, none {Ihren LLM-Server} other {{server}}} neu; der Knoten bemerkt es binnen Sekunden und nimmt dann von selbst wieder Aufgaben an.',
  'dashboard.facts.backend.checkNow': 'Jetzt prüfen',
  'dashboard.facts.backend.server': 'Server',
  'dashboard.facts.backend.address': 'Adresse',
  'dashboard.facts.backend.titleMany': 'Lokale LLM-Server',
  'dashboard.facts.backend.kindUnknown': 'Noch nicht bekannt',
  'dashboard.facts.backend.noModels': 'Derzeit keines angeboten',
  'dashboard.facts.backend.models': 'Modelle ({count})',
  'dashboard.facts.backend.choose': 'Lokalen LLM-Server in den Einstellungen wählen',
  'dashboard.facts.workload.title': 'Auslastung',
  'dashboard.facts.workload.tasksToday': 'Heute erledigte Aufgaben',
  'dashboard.facts.workload.tasksTodayZone': 'Heute erledigte Aufgaben ({zone})',
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
  'dashboard.reason.e021Closed':
    'Kam an, während der Knoten pausiert war oder außerhalb der Zeitfenster Ihrer Verfügbarkeit',
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
  'dashboard.pull.pulling': '„{model}“ wird heruntergeladen …',
  'dashboard.pull.silent': 'Ollama hat 5 Minuten lang nichts gesendet, daher wurde das Herunterladen abgebrochen.',
  'dashboard.pull.unreachable': 'Ollama war nicht erreichbar, um das Modell herunterzuladen.',
  'dashboard.pull.stopped':
    'Das Herunterladen wurde abgebrochen. Ollama behält, was schon heruntergeladen ist, für das nächste Mal.',
  'dashboard.pull.tooMuch':
    'Ollama hat weit mehr gesendet, als ein Herunterladen meldet, daher wurde das Herunterladen abgebrochen.',
  'dashboard.pull.lineTooLong':
    'Ollama hat eine Zeile gesendet, die zu lang zum Lesen war, daher wurde das Herunterladen abgebrochen.',
  'dashboard.pull.refusedHttp': 'Ollama hat das Herunterladen abgelehnt (HTTP {status}).',
  'dashboard.pull.endedUnsure': 'Ollama hat das Herunterladen beendet, ohne zu melden, dass es gelungen ist.',
  'dashboard.pull.broke': 'Die Verbindung zu Ollama ist während des Herunterladens abgebrochen.',
  'dashboard.pull.notFinished': 'Ollama konnte das Herunterladen nicht abschließen.',
  'dashboard.pull.refused': 'Ollama hat das Herunterladen abgelehnt.',
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
    '{count} kamen an, während der Knoten pausiert war oder außerhalb der Zeitfenster Ihrer Verfügbarkeit.',
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
};
