/** Die deutschen Wörter von events: dieselben ids wie en/events.ts, keine fehlt. */
import type { messages as en } from '../en/events';

export const messages: Record<keyof typeof en, string> = {
  'events.setting.displayName': 'Anzeigename',
  'events.setting.region': 'Region',
  'events.setting.directoryUrl': 'Verzeichnisadresse',
  'events.setting.taskPort': 'Port für Aufgaben',
  'events.setting.publicEndpoint': 'öffentliche Adresse',
  'events.setting.portMapping': 'Portweiterleitung am Router',
  'events.setting.quickTunnel': 'Schnelltunnel',
  'events.setting.relayFallback': 'Relay',
  'events.setting.relayPlaintext': 'unverschlüsselte Aufgaben über ein Relay',
  'events.setting.trustedProxies': 'vertrauenswürdige Reverse-Proxys',
  'events.setting.maxConcurrent': 'gleichzeitige Aufgaben',
  'events.setting.backendUrl': 'lokaler LLM-Server',
  'events.setting.moreBackends': 'weitere LLM-Server',
  'events.setting.defaultModel': 'Standard-Modell',
  'events.setting.excludedModels': 'privat gehaltene Modelle',
  'events.setting.maxTokens': 'längste Antwort',
  'events.setting.offerCompletion': 'einfache Textvervollständigung',
  'events.setting.tokensPerMin': 'Tokens pro Minute',
  'events.setting.onlyOnMains': 'nur am Stromnetz',
  'events.setting.idleMinutes': 'nur im Leerlauf',
  'events.setting.creditCostMultiplier': 'Preis',
  'events.setting.pricingModel': 'Modell der Preisberechnung',
  'events.setting.theme': 'Erscheinungsbild',
  'events.setting.language': 'Sprache',
  'events.setting.gateway': 'Gateway für Apps',
  'events.setting.notifications': 'Benachrichtigungen',
  'events.setting.ownerFirst': 'Eigenbedarf zuerst',
  'events.setting.energy': 'Strompreis',
  'events.setting.checkForUpdates': 'Suche nach Updates',
  'events.node.removed': 'Der Knoten wurde aus dem Netzwerk entfernt und nimmt keine Aufgaben mehr an.',
  'events.node.pausedByYouUntil': 'Sie haben den Knoten bis {until} pausiert.',
  'events.node.switchedOff': 'Sie haben „Verfügbar“ ausgeschaltet: Der Knoten nimmt keine neuen Aufgaben an.',
  'events.node.pausedUntil': 'Der Knoten ist bis {until} pausiert.',
  'events.node.off': 'Der Knoten ist ausgeschaltet und nimmt keine neuen Aufgaben an.',
  'events.node.pauseOver': 'Die Pause ist vorbei: Der Knoten nimmt wieder Aufgaben an.',
  'events.node.switchedOn': 'Sie haben „Verfügbar“ eingeschaltet: Der Knoten nimmt wieder Aufgaben an.',
  'events.node.on': 'Der Knoten nimmt wieder Aufgaben an.',
  'events.node.problemBackend':
    'Der lokale LLM-Server antwortet nicht; der Knoten nimmt keine Aufgaben an, bis er wieder da ist.',
  'events.node.problemStore':
    'Die Buchungen der Aufgaben können nicht geschrieben werden{why}; bediente Aufgaben bleiben im Speicher, bis es wieder geht.',
  'events.node.problem': 'Etwas braucht Ihre Aufmerksamkeit; das Dashboard sagt, was.',
  'events.node.clearedBackend': 'Der lokale LLM-Server antwortet wieder.',
  'events.node.clearedStore': 'Die Buchungen der Aufgaben können wieder geschrieben werden.',
  'events.node.cleared': 'Ein Problem hat sich erledigt.',
  'events.node.windowsSkipped':
    'Ihr Zeitplan für die Verfügbarkeit hat {count, plural, one {# ungültiges Zeitfenster; es wird ignoriert} other {# ungültige Zeitfenster; sie werden ignoriert}}.',
  'events.node.unknownZone':
    'Dieser Computer kennt die Zeitzone {zone} Ihres Zeitplans nicht; er verwendet stattdessen {instead}.',
  'events.node.scheduleInvalid': 'Ein Teil Ihres Zeitplans für die Verfügbarkeit war ungültig und wird ignoriert.',
  'events.node.scheduleAlways':
    'Ihr Zeitplan für die Verfügbarkeit hat sich geändert: Der Knoten wird jederzeit angeboten.',
  'events.node.scheduleChanged': 'Ihr Zeitplan für die Verfügbarkeit hat sich geändert.',
  'events.node.scheduleWindows':
    'Ihr Zeitplan für die Verfügbarkeit hat sich geändert: {count, plural, one {# Zeitfenster} other {# Zeitfenster}}.',
  'events.node.scheduleWindowsZone':
    'Ihr Zeitplan für die Verfügbarkeit hat sich geändert: {count, plural, one {# Zeitfenster} other {# Zeitfenster}}, Zeitzone {zone}.',
  'events.node.startedHeadlessVersion': 'Der Knoten wurde ohne Fenster (headless) gestartet, App-Version {version}.',
  'events.node.startedVersion': 'Der Knoten wurde gestartet, App-Version {version}.',
  'events.node.startedHeadless': 'Der Knoten wurde ohne Fenster (headless) gestartet.',
  'events.node.started': 'Der Knoten wurde gestartet.',
  'events.node.restarted': 'Der Knoten wurde neu gestartet, nachdem er unerwartet beendet wurde.',
  'events.node.stopped': 'Der Knoten wurde beendet.',
  'events.node.notPrivate':
    'Der Datenordner konnte nicht nur für Sie lesbar gemacht werden; andere Personen an diesem Computer können die Dateien des Knotens womöglich lesen.',
  'events.node.settingsResetList': 'Einige gespeicherte Einstellungen waren ungültig und wurden zurückgesetzt: {list}.',
  'events.node.settingsReset': 'Einige gespeicherte Einstellungen waren ungültig und wurden zurückgesetzt.',
  'events.node.settingsChangedList': 'Einstellungen geändert: {list}.',
  'events.node.settingsChanged': 'Einstellungen geändert.',
  'events.node.setupDoneLogin': 'Einrichtung abgeschlossen; die App startet, wenn Sie sich anmelden.',
  'events.node.setupDone': 'Einrichtung abgeschlossen.',
  'events.node.loginOn': 'Die App startet jetzt, wenn Sie sich anmelden.',
  'events.node.loginOff': 'Die App startet nicht mehr, wenn Sie sich anmelden.',
  'events.node.servingPort': 'Der Knoten nimmt Aufgaben auf Port {port} an.',
  'events.node.serving': 'Der Knoten nimmt Aufgaben an.',
  'events.label.engineStart': 'Knoten gestartet',
  'events.label.engineRestarted': 'Knoten neu gestartet',
  'events.label.engineStop': 'Knoten beendet',
  'events.label.dataFolderNotPrivate': 'Datenordner nicht privat',
  'events.label.settingsInvalid': 'Einstellungen zurückgesetzt',
  'events.label.settingsChanged': 'Einstellungen geändert',
  'events.label.setupCompleted': 'Einrichtung abgeschlossen',
  'events.label.startAtLogin': 'Start bei der Anmeldung',
  'events.label.problem': 'Störung',
  'events.label.problemCleared': 'Problem behoben',
  'events.label.availabilityOn': '„Verfügbar“ eingeschaltet',
  'events.label.availabilityOff': '„Verfügbar“ ausgeschaltet',
  'events.label.scheduleChanged': 'Zeitplan geändert',
  'events.label.scheduleInvalid': 'Zeitplan ungültig',
  'events.label.serveStart': 'Nimmt Aufgaben an',
  'events.duration.aboutMinute': 'etwa einer Minute',
  'events.fallback.event': 'Ereignis',
  'events.directory.registerUnreachable':
    'Das IICP-Verzeichnis war für die Anmeldung nicht erreichbar{why}; der Knoten versucht es erneut.',
  'events.directory.registerAgainUnreachable':
    'Das IICP-Verzeichnis war für die erneute Anmeldung nicht erreichbar{why}; der Knoten versucht es erneut.',
  'events.directory.registerSlowDownIn':
    'Das IICP-Verzeichnis hat den Knoten gebeten, langsamer zu machen; er versucht die Anmeldung in {wait}.',
  'events.directory.registerAgainSlowDownIn':
    'Das IICP-Verzeichnis hat den Knoten gebeten, langsamer zu machen; er versucht die erneute Anmeldung in {wait}.',
  'events.directory.registerSlowDown':
    'Das IICP-Verzeichnis hat den Knoten gebeten, langsamer zu machen; er versucht die Anmeldung etwas später.',
  'events.directory.registerAgainSlowDown':
    'Das IICP-Verzeichnis hat den Knoten gebeten, langsamer zu machen; er versucht die erneute Anmeldung etwas später.',
  'events.directory.registerServer':
    'Das IICP-Verzeichnis hatte selbst ein Problem und konnte die Anmeldung nicht annehmen; der Knoten versucht es erneut.',
  'events.directory.ownership':
    'Das IICP-Verzeichnis hat einen Nachweis verlangt, dass der Knoten zu diesem Computer gehört, weil die gespeicherte Anmeldung nicht akzeptiert wurde.',
  'events.directory.liveness':
    'Das IICP-Verzeichnis konnte diesen Knoten aus dem Internet nicht erreichen und hat die Anmeldung deshalb nicht angenommen. Prüfen Sie die Portweiterleitung oder die öffentliche Adresse.',
  'events.directory.privateAddress':
    'Das IICP-Verzeichnis hat die Adresse abgelehnt: Sie ist privat oder lokal, daher ist sie aus dem Internet nicht erreichbar.',
  'events.directory.registerForgot':
    'Das IICP-Verzeichnis hat die Anmeldedaten des Knotens nicht akzeptiert; der Knoten versucht die Anmeldung mit neuen.',
  'events.directory.registerAgainForgot':
    'Das IICP-Verzeichnis hat die Anmeldedaten des Knotens nicht akzeptiert; der Knoten versucht die erneute Anmeldung mit neuen.',
  'events.directory.noToken':
    'Das IICP-Verzeichnis hat die Anmeldung angenommen, aber kein Anmelde-Token geschickt; der Knoten versucht es erneut.',
  'events.directory.signInNotSavedRetry':
    'Der Knoten konnte seine neuen Anmeldedaten für das Verzeichnis nicht speichern{why}; er versucht es erneut.',
  'events.directory.folderFull': 'der Datenordner ist schreibgeschützt oder voll',
  'events.directory.nameTaken':
    'Das IICP-Verzeichnis hat die Anmeldung abgelehnt: Ein anderer Betreiber verwendet Ihren Anzeigenamen als Betreiber bereits. Wählen Sie unter „Ihre Betreiberidentität“ in den Einstellungen einen anderen.',
  'events.directory.operatorRevoked':
    'Das IICP-Verzeichnis hat die Anmeldung abgelehnt: Ihre Betreiberidentität wurde dort ersetzt oder widerrufen. Erstellen Sie unter „Ihre Betreiberidentität“ in den Einstellungen eine neue oder importieren Sie Ihre aktuelle.',
  'events.directory.refused': 'Das IICP-Verzeichnis hat die Anmeldung abgelehnt; das Dashboard nennt den Grund.',
  'events.directory.membershipRefused':
    'Dieses Verzeichnis lässt nur Mitglieder zu und hat die Mitgliedschaft des Knotens nicht akzeptiert; geben Sie in den Einstellungen eine neue ein.',
  'events.directory.membershipMissing':
    'Dieses Verzeichnis lässt nur Mitglieder zu, und der Knoten hat noch keine Mitgliedschaft; geben Sie eine in den Einstellungen ein.',
  'events.directory.tokenForgotten':
    'Das IICP-Verzeichnis kannte das Token dieses Knotens nicht mehr, daher hat er sich neu angemeldet.',
  'events.directory.nodeForgotten':
    'Das IICP-Verzeichnis kannte diesen Knoten nicht mehr, daher hat er sich erneut angemeldet.',
  'events.directory.heartbeatUnreachable':
    'Das IICP-Verzeichnis war nicht erreichbar{why}; der Knoten bedient weiter und versucht es erneut.',
  'events.directory.heartbeatSlowDownIn':
    'Das IICP-Verzeichnis hat den Knoten gebeten, langsamer zu machen; er meldet sich in {wait} wieder.',
  'events.directory.heartbeatSlowDown':
    'Das IICP-Verzeichnis hat den Knoten gebeten, langsamer zu machen; er meldet sich etwas später wieder.',
  'events.directory.heartbeatServer':
    'Das IICP-Verzeichnis hatte selbst ein Problem, als sich der Knoten meldete; der Knoten bedient weiter und versucht es erneut.',
  'events.directory.heartbeatLiveness':
    'Das IICP-Verzeichnis konnte diesen Knoten beim Lebenszeichen nicht aus dem Internet erreichen.',
  'events.directory.heartbeatRefused':
    'Das IICP-Verzeichnis hat das Lebenszeichen des Knotens abgelehnt; der Knoten versucht es erneut.',
  'events.directory.deregisterUnreachable':
    'Das IICP-Verzeichnis war zum Entfernen dieses Knotens nicht erreichbar{why}; der Knoten ist weiterhin angemeldet.',
  'events.directory.deregisterForgot':
    'Das IICP-Verzeichnis hat das Entfernen mit den aktuellen Anmeldedaten des Knotens nicht angenommen; der Knoten meldet sich neu an und versucht es erneut.',
  'events.directory.deregisterFailed':
    'Das IICP-Verzeichnis hat diesen Knoten nicht entfernt; er ist weiterhin angemeldet.',
  'events.directory.registeredModels':
    'Beim IICP-Verzeichnis angemeldet, mit {count, plural, one {# Modell} other {# Modellen}} im Angebot.',
  'events.directory.registered': 'Beim IICP-Verzeichnis angemeldet.',
  'events.directory.registeredAgainModels':
    'Erneut beim IICP-Verzeichnis angemeldet, mit {count, plural, one {# Modell} other {# Modellen}} im Angebot.',
  'events.directory.registeredAgain': 'Erneut beim IICP-Verzeichnis angemeldet.',
  'events.directory.checkedIn': 'Der Knoten hat dem IICP-Verzeichnis ein Lebenszeichen gesendet.',
  'events.directory.tokenRefused':
    'Das IICP-Verzeichnis lehnt die Anmeldedaten, die es gerade ausgestellt hat, immer wieder ab; der Knoten versucht es nach einer Pause erneut.',
  'events.directory.removed': 'Dieser Knoten wurde aus dem IICP-Verzeichnis entfernt.',
  'events.directory.signInNotSaved': 'Der Knoten konnte seine Anmeldedaten für das Verzeichnis nicht speichern{why}.',
  'events.directory.turnFailed':
    'Die Verbindung zum IICP-Verzeichnis ist an einem Fehler dieser App gescheitert; der Knoten versucht es erneut.',
  'events.directory.loopCrashed':
    'Die Verbindung zum IICP-Verzeichnis ist wegen eines Fehlers dieser App abgebrochen; starten Sie die App neu, um sie wiederherzustellen.',
  'events.label.registerOk': 'Angemeldet',
  'events.label.registerFail': 'Anmeldung fehlgeschlagen',
  'events.label.reregisterOk': 'Erneut angemeldet',
  'events.label.reregisterFail': 'Erneute Anmeldung fehlgeschlagen',
  'events.label.heartbeatOk': 'Lebenszeichen gesendet',
  'events.label.heartbeatFail': 'Lebenszeichen fehlgeschlagen',
  'events.label.tokenRefused': 'Anmeldung abgelehnt',
  'events.label.deregisterOk': 'Aus dem Verzeichnis entfernt',
  'events.label.deregisterFail': 'Entfernen fehlgeschlagen',
  'events.label.secretsNotSaved': 'Anmeldedaten nicht gespeichert',
  'events.label.directoryTurnFailed': 'Fehler beim Verzeichnis',
  'events.label.directoryLoopCrashed': 'Verbindung zum Verzeichnis abgebrochen',
  'events.operator.createdPrint':
    'Sie haben Ihre Betreiberidentität erstellt (Fingerabdruck {fingerprint}). Jeder Knoten, der sie verwendet, zählt beim IICP-Verzeichnis als Ihrer.',
  'events.operator.created':
    'Sie haben Ihre Betreiberidentität erstellt. Jeder Knoten, der sie verwendet, zählt beim IICP-Verzeichnis als Ihrer.',
  'events.operator.renamedPrint':
    'Sie haben Ihren Anzeigenamen als Betreiber geändert (Fingerabdruck {fingerprint}); der Knoten teilt ihn dem IICP-Verzeichnis bei der nächsten Anmeldung mit.',
  'events.operator.renamed':
    'Sie haben Ihren Anzeigenamen als Betreiber geändert; der Knoten teilt ihn dem IICP-Verzeichnis bei der nächsten Anmeldung mit.',
  'events.operator.exportedPrint':
    'Sie haben Ihre Betreiberidentität in einer mit Ihrer Passphrase versiegelten Datei gespeichert (Fingerabdruck {fingerprint}). Bewahren Sie Datei und Passphrase getrennt auf.',
  'events.operator.exported':
    'Sie haben Ihre Betreiberidentität in einer mit Ihrer Passphrase versiegelten Datei gespeichert. Bewahren Sie Datei und Passphrase getrennt auf.',
  'events.operator.importedReplacedPrint':
    'Sie haben eine Betreiberidentität aus einer Datei importiert (Fingerabdruck {fingerprint}); sie ersetzt die bisherige dieses Computers.',
  'events.operator.importedReplaced':
    'Sie haben eine Betreiberidentität aus einer Datei importiert; sie ersetzt die bisherige dieses Computers.',
  'events.operator.importedPrint':
    'Sie haben Ihre Betreiberidentität aus einer Datei importiert (Fingerabdruck {fingerprint}); die Knoten dieses Computers zählen jetzt als Ihre.',
  'events.operator.imported':
    'Sie haben Ihre Betreiberidentität aus einer Datei importiert; die Knoten dieses Computers zählen jetzt als Ihre.',
  'events.operator.rotatedPrint':
    'Sie haben Ihrer Betreiberidentität einen neuen Schlüssel gegeben (Fingerabdruck {fingerprint}); der alte wurde gelöscht und unterschreibt nichts mehr.',
  'events.operator.rotated':
    'Sie haben Ihrer Betreiberidentität einen neuen Schlüssel gegeben; der alte wurde gelöscht und unterschreibt nichts mehr.',
  'events.operator.boundPrint':
    'Das IICP-Verzeichnis hat diesen Knoten als Ihren bestätigt (Fingerabdruck {fingerprint}): Er zählt für Ihre Betreiber-Wallet.',
  'events.operator.bound':
    'Das IICP-Verzeichnis hat diesen Knoten als Ihren bestätigt: Er zählt für Ihre Betreiber-Wallet.',
  'events.operator.unverified':
    'Das IICP-Verzeichnis hat diesen Knoten angemeldet, Ihre Betreiberidentität aber nicht bestätigt. Prüfen Sie Datum und Uhrzeit dieses Computers.',
  'events.label.operatorCreated': 'Betreiberidentität erstellt',
  'events.label.operatorRenamed': 'Betreibername geändert',
  'events.label.operatorExported': 'Betreiberidentität exportiert',
  'events.label.operatorImported': 'Betreiberidentität importiert',
  'events.label.operatorRotated': 'Betreiberschlüssel ersetzt',
  'events.label.operatorBound': 'Betreiber bestätigt',
  'events.label.operatorUnverified': 'Betreiber nicht bestätigt',
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
  'events.label.gatewayListening': 'Gateway an',
  'events.label.gatewayStopped': 'Gateway aus',
  'events.label.gatewayListenFailed': 'Gateway konnte nicht starten',
  'events.label.gatewayStartFailed': 'Gateway-Fehler',
  'events.label.gatewayKeyMade': 'App-Schlüssel erstellt',
  'events.label.gatewayKeyRevoked': 'App-Schlüssel widerrufen',
  'events.label.gatewayKeyLimits': 'App-Limits geändert',
  'events.label.gatewayBookFailed': 'Ausgaben nicht gebucht',
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
  'events.label.fleetMachineDown': 'Rechner ausgefallen',
  'events.label.fleetMachineBack': 'Rechner wieder da',
  'events.label.fleetMachineMet': 'Rechner gefunden',
  'events.label.fleetMachineForgotten': 'Rechner entfernt',
  'events.label.fleetMachineAdded': 'Rechner hinzugefügt',
  'events.label.fleetMachinesTakenIn': 'Rechner übernommen',
  'events.label.fleetLookFailed': 'Rechner nicht abgefragt',
  'events.label.fleetSaveFailed': 'Rechner nicht gespeichert',
  'events.label.fleetWebhookFailed': 'Webhook nicht erreicht',
  'events.label.fleetWebhookGaveUp': 'Webhook-Warnung verworfen',
  'events.label.fleetWebhookDropped': 'Webhook-Warnungen verworfen',
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
  'events.label.ownerYield': 'GPU an Sie zurückgegeben',
  'events.label.ownerDone': 'Eigene Nutzung beendet',
  'events.label.ownerResumed': 'Nimmt wieder Aufgaben an',
  'events.label.ownerTasksCut': 'Aufgaben für Sie abgebrochen',
  'events.label.ownerMemory': 'GPU-Speicher freigegeben',
  'events.label.ownerShareAnyway': 'Trotzdem teilen',
  'events.label.ownerWatchOff': 'GPU-Erkennung aus',
  'events.earnings.perToken': 'pro Token',
  'events.earnings.perRequest': 'pro Anfrage',
  'events.earnings.flat': 'als Pauschale',
  'events.earnings.syncNotRegistered':
    'Ihre Einnahmen konnten nicht abgerufen werden: Der Knoten ist noch nicht beim Verzeichnis angemeldet.',
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
  'events.earnings.rateBase': 'Ihren Preis, den Grundtarif',
  'events.earnings.rateTimes': 'Ihren Preis, {times} × den Grundtarif',
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
  'events.label.earningsSyncFailed': 'Einnahmen nicht abgerufen',
  'events.label.earningsSyncNotSaved': 'Einnahmen nicht gespeichert',
  'events.label.verifyDone': 'Einnahmen geprüft',
  'events.label.verifyFailed': 'Einnahmen nicht geprüft',
  'events.label.verifyProblem': 'Einnahmen stimmen nicht überein',
  'events.label.verifyKeyAccepted': 'Schlüssel des Verzeichnisses vertraut',
  'events.label.ledgerWriteFailed': 'Buchungen nicht geschrieben',
  'events.label.ledgerHelperFailed': 'Helfer für Buchungen fehlgeschlagen',
  'events.label.pricingAccepted': 'Preis akzeptiert',
  'events.label.receiptAwarded': 'Credits erhalten',
  'events.label.receiptOutboxFailed': 'Ansprüche nicht gesendet',
  'events.label.receiptExpired': 'Anspruch abgelaufen',
  'events.label.receiptWithoutQueryingNode': 'Anspruch ohne anfragenden Knoten gesendet',
  'events.label.receiptHourlyCap': 'Stündliches Credit-Limit',
  'events.label.receiptReplayed': 'Anspruch schon angenommen',
  'events.label.receiptRejected': 'Anspruch abgelehnt',
  'events.label.receiptRefusedByLedger': 'Doppelter Anspruch',
  'events.label.usageClaimBounded': 'Tokenzahl nicht übernommen',
  'events.label.receiptNotSaved': 'Anspruch nicht gespeichert',
  'events.retired.receiptNotSaved':
    'Ein Anspruch auf Credits konnte auf diesem Computer nicht gespeichert werden{why}.',
  'events.fallback.detailsSayMore': '{kind}; die Details sagen mehr.',
  'events.fallback.kind': '{kind}.',
  'events.fallback.error': '{kind}: Etwas ist schiefgelaufen.',
  'events.fallback.warn': '{kind}: Etwas braucht Aufmerksamkeit.',
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
    'Cloudflare hat dieses Netzwerk gebeten, seltener Schnelltunnel anzulegen; der Knoten wartet vor dem nächsten.',
  'events.network.tunnelCheckFailedWhy': 'Der Schnelltunnel hat auf seine Prüfung nicht geantwortet: {why}',
  'events.network.tunnelCheckFailed': 'Der Schnelltunnel hat auf seine Prüfung nicht geantwortet.',
  'events.network.tunnelDown': 'Der Schnelltunnel funktioniert nicht mehr{why}; der Knoten baut einen neuen auf.',
  'events.network.tunnelFailed':
    'Ein Cloudflare-Schnelltunnel konnte nicht angelegt werden; der Knoten versucht es erneut.',
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
    'Wartet {when}: Ein anderes Programm auf diesem Computer legt gerade einen Schnelltunnel an.',
  'events.network.waitLimits':
    'Wartet {when} bis zum nächsten Schnelltunnel, um die Grenzen von Cloudflare einzuhalten.',
  'events.network.tunnelStopped': 'Der Schnelltunnel wurde beendet.',
  'events.network.notOursThisComputer':
    'Eine Tunnel-Adresse, die ein anderes Programm auf diesem Computer genannt hat, wurde nicht verwendet: Sie zeigt zurück auf diesen Computer.',
  'events.network.notOursPrivate':
    'Eine Tunnel-Adresse, die ein anderes Programm auf diesem Computer genannt hat, wurde nicht verwendet: Sie zeigt in ein privates Netzwerk.',
  'events.network.notOursNotPublic':
    'Eine Tunnel-Adresse, die ein anderes Programm auf diesem Computer genannt hat, wurde nicht verwendet: Sie zeigt auf eine Adresse außerhalb des Internets.',
  'events.network.notOurs':
    'Eine Tunnel-Adresse, die ein anderes Programm auf diesem Computer genannt hat, wurde nicht verwendet: Eine Anfrage darüber hat diesen Knoten nicht erreicht.',
  'events.network.relayBound': 'Mit einem Relay verbunden: Nutzer erreichen diesen Knoten darüber.',
  'events.network.relayBindFailed':
    'Ein Relay konnte diesen Knoten nicht aufnehmen{why}; der Knoten versucht ein anderes.',
  'events.network.relayLost': 'Die Verbindung zum Relay ist abgerissen{why}; der Knoten sucht ein anderes Relay.',
  'events.network.plaintextRefused':
    'Eine unverschlüsselte Aufgabe kam über das Relay und wurde abgelehnt, wie es Ihre Einstellungen verlangen.',
  'events.network.resultFailed': 'Eine Antwort konnte nicht über das Relay zurückgesendet werden{why}.',
  'events.label.reachability': 'Zugang gefunden',
  'events.label.reachabilityFailed': 'Suche nach einem Zugang fehlgeschlagen',
  'events.label.nodeCheck': 'Knoten prüfen',
  'events.label.directoryProbe': 'Das Verzeichnis hat angewählt',
  'events.label.natMapped': 'Router-Port geöffnet',
  'events.label.natAddressChanged': 'Adresse des Routers geändert',
  'events.label.natMappingLost': 'Router-Port verloren',
  'events.label.natRenewFailed': 'Router-Port nicht verlängert',
  'events.label.natMappingRestored': 'Router-Port wieder geöffnet',
  'events.label.natUnmapped': 'Router-Port geschlossen',
  'events.label.pinholeHelperOff': 'Helfer für die IPv6-Freigabe pausiert',
  'events.label.portMappingHelperOff': 'Portweiterleitung pausiert',
  'events.label.quickTunnelStarting': 'Schnelltunnel startet',
  'events.label.quickTunnelUp': 'Schnelltunnel bereit',
  'events.label.quickTunnelRateLimited': 'Schnelltunnel gebremst',
  'events.label.quickTunnelHealthFailed': 'Schnelltunnel antwortet nicht',
  'events.label.quickTunnelDown': 'Schnelltunnel ausgefallen',
  'events.label.quickTunnelFailed': 'Schnelltunnel fehlgeschlagen',
  'events.label.quickTunnelDead': 'Schnelltunnel vorerst aufgegeben',
  'events.label.quickTunnelOff': 'Schnelltunnel ausgeschaltet',
  'events.label.quickTunnelWaiting': 'Schnelltunnel wartet',
  'events.label.quickTunnelStopped': 'Schnelltunnel beendet',
  'events.label.tunnelNotOurs': 'Tunnel-Adresse nicht verwendet',
  'events.label.relayBound': 'Relay verbunden',
  'events.label.relayBindFailed': 'Relay hat abgelehnt',
  'events.label.relayLost': 'Relay verloren',
  'events.label.relayPlaintextRefused': 'Unverschlüsselte Aufgabe abgelehnt',
  'events.label.relayResultFailed': 'Antwort nicht zurückgesendet',
  'events.network.probeNotOffered':
    'Dieses Verzeichnis bietet keine Sofortprüfung an; die Prüfung mit einer Aufgabe zeigt den Zugang.',
};
