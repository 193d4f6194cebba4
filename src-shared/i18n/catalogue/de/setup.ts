/** Die deutschen Wörter von setup: dieselben ids wie en/setup.ts, keine fehlt. */
import type { messages as en } from '../en/setup';

export const messages: Record<keyof typeof en, string> = {
  'setup.models.chooseServerFirst': 'Wählen Sie zuerst in Schritt 1 einen Server.',
  'setup.models.noServerYet': 'Wählen Sie zuerst in Schritt 1 Ihren LLM-Server; seine Modelle erscheinen dann hier.',
  'setup.models.offerOne': 'Bieten Sie mindestens ein Modell an: Ohne Modell hat Ihr Knoten nichts zu bedienen.',
  'setup.models.introOne':
    'Ihr Knoten bietet dem Netzwerk die angehakten Modelle von {server} unter <code>{url}</code> an. Modelle ohne Haken bleiben privat.',
  'setup.models.introSeveral':
    'Ihr Knoten bietet dem Netzwerk die angehakten Modelle Ihrer {count} Server an, nach Server geordnet. Modelle ohne Haken bleiben privat.',
  'setup.models.serverTitle':
    '{server} unter <code>{url}</code> ({count, plural, =0 {keine Modelle} one {# Modell} other {# Modelle}})',
  'setup.steps.detect.label': 'LLM-Server finden',
  'setup.steps.detect.title': 'Ihren LLM-Server finden',
  'setup.steps.models.label': 'Modelle wählen',
  'setup.steps.models.title': 'Die angebotenen Modelle wählen',
  'setup.steps.network.label': 'Netzwerk',
  'setup.steps.network.title': 'Netzwerk und Verzeichnis',
  'setup.steps.share.label': 'Wie viel teilen',
  'setup.steps.share.title': 'Wie viel Sie teilen',
  'setup.steps.login.label': 'Mit dem Computer starten',
  'setup.steps.login.title': 'Mit dem Computer starten',
  'setup.steps.identity.label': 'Betreiber\u00adidentität',
  'setup.steps.identity.title': 'Ihre Betreiberidentität',
  'setup.steps.start.label': 'Start',
  'setup.steps.start.title': 'Ihren Knoten starten',
  'setup.error.invalidRequest': 'Der Knoten hat einen Wert nicht angenommen',
  'setup.error.unknownCommand':
    'Das Programm, das den Knoten ausführt, kennt diesen Schritt nicht; es ist vielleicht älter als diese Seite',
  'setup.error.invalidState': 'Der Knoten kann das gerade nicht tun',
  'setup.error.engineUnavailable': 'Der Knoten ist gerade nicht erreichbar',
  'setup.error.storeError': 'Der Knoten konnte das nicht speichern',
  'setup.error.needsConfirmation': 'Der Knoten braucht zuerst Ihre Bestätigung',
  'setup.error.unauthorized': 'Diese Seite darf nicht mehr mit dem Knoten sprechen',
  'setup.error.internal': 'Im Knoten ist etwas schiefgegangen',
  'setup.error.other': 'Etwas ist schiefgegangen',
  'setup.error.withMessage': '{words}: {message}',
  'setup.error.alone': '{words}.',
  'setup.error.field': '{label}: {problem}',
  'setup.field.serverAddress': 'Serveradresse',
  'setup.field.apiKey': 'API-Schlüssel',
  'setup.field.defaultModel': 'Standardmodell',
  'setup.field.excludedModels': 'Private Modelle',
  'setup.field.publicUrl': 'Öffentliche URL',
  'setup.field.directoryUrl': 'Adresse des Verzeichnisses',
  'setup.field.maxConcurrent': 'Aufgaben gleichzeitig',
  'setup.field.startAtLogin': 'Bei der Anmeldung starten',
  'setup.field.addedServer': 'Hinzugefügte Serveradresse',
  'setup.typed.correctPublicUrl': 'Korrigieren Sie zuerst die öffentliche URL in Schritt {step}.',
  'setup.typed.correctDirectory': 'Korrigieren Sie zuerst die Adresse des Verzeichnisses in Schritt {step}.',
  'setup.typed.correctMaxConcurrent': 'Korrigieren Sie zuerst die Zahl der gleichzeitigen Aufgaben in Schritt {step}.',
  'setup.network.mappingOff':
    'Die Portweiterleitung ist aus, daher bittet der Knoten Ihren Router nicht, den Port zu öffnen; Sie können sie später auf der Seite „Netzwerk“ einschalten.',
  'setup.network.mappingOffFixed':
    'Die Portweiterleitung ist für diesen Lauf über die Befehlszeile oder die Umgebung ausgeschaltet, daher bittet der Knoten Ihren Router nicht, den Port zu öffnen.',
  'setup.network.mappingOn':
    'Wenn Ihr Router es erlaubt ({auto, select, yes {UPnP oder NAT-PMP} other {{protocol}}}), bittet der Knoten ihn selbst, den Port zu öffnen; die Seite „Netzwerk“ zeigt, wie das ausging, und dort können Sie es ausschalten.',
  'setup.network.mappingOnFixed':
    'Wenn Ihr Router es erlaubt ({auto, select, yes {UPnP oder NAT-PMP} other {{protocol}}}), bittet der Knoten ihn selbst, den Port zu öffnen; die Seite „Netzwerk“ zeigt, wie das ausging.',
  'setup.network.savedAtStart': 'Gespeichert wird das, sobald Sie Ihren Knoten starten.',
  'setup.network.hintRelayOn':
    'Lassen Sie das Feld leer, wenn Sie keine haben: Ihr Knoten sucht dann selbst einen Zugang, und wenn nichts anderes klappt, wird er über ein Relay erreicht (standardmäßig an), sodass er sich trotzdem im Netzwerk registrieren kann. Gespeichert wird das, sobald Sie Ihren Knoten starten.',
  'setup.network.hintRelayOff':
    'Lassen Sie das Feld leer, wenn Sie keine haben. Der Weg über ein Relay ist auf der Seite „Netzwerk“ ausgeschaltet: Öffnet Ihr Router den Port nicht, bedient Ihr Knoten dann nur lokal und registriert sich nicht beim Verzeichnis. Gespeichert wird das, sobald Sie Ihren Knoten starten.',
  'setup.network.hintRelayOffFixed':
    'Lassen Sie das Feld leer, wenn Sie keine haben. Der Weg über ein Relay ist für diesen Lauf über die Befehlszeile oder die Umgebung ausgeschaltet: Öffnet Ihr Router den Port nicht, bedient Ihr Knoten dann nur lokal und registriert sich nicht beim Verzeichnis. Gespeichert wird das, sobald Sie Ihren Knoten starten.',
  'setup.network.typedEndpoint':
    'Ihr Knoten verwendet die eingegebene öffentliche URL {url}, sobald Sie ihn starten. Das Verzeichnis prüft dann, ob es Ihren Knoten dort erreicht.',
  'setup.network.fixedEndpoint':
    'Ihr Knoten verwendet die öffentliche URL {url}, für diesen Lauf über die Befehlszeile oder die Umgebung festgelegt. Das Verzeichnis prüft, ob es Ihren Knoten dort erreicht.',
  'setup.network.noAddressRelay':
    'Keine: Ihr Knoten sucht selbst einen Zugang, über ein Relay, wenn nichts anderes klappt',
  'setup.network.noAddressLocal': 'Keine: nur lokal, nicht im Netzwerk registriert',
  'setup.wizard.title': 'Ihren Knoten einrichten',
  'setup.wizard.subtitle': 'Sieben kurze Schritte. Alles lässt sich später in den Einstellungen ändern.',
  'setup.wizard.settingsNotLoaded': 'Ihre Einstellungen konnten nicht geladen werden. {error}',
  'setup.stepper.label': 'Schritte der Einrichtung',
  'setup.stepper.state':
    '{state, select, done {(Schritt {n}, erledigt)} current {(Schritt {n}, aktuell)} other {(Schritt {n})}}',
  'setup.nav.back': 'Zurück',
  'setup.nav.next': 'Weiter',
  'setup.nav.saving': 'Wird gespeichert …',
  'setup.step.ofSteps': 'Schritt {n} von {last}',
  'setup.loadingSettings': 'Ihre Einstellungen werden geladen …',
  'setup.login.label': 'IICP Provider starten, wenn ich mich an diesem Computer anmelde',
  'setup.login.hint':
    'Die App startet dann unsichtbar im Infobereich (das kleine Symbol neben der Uhr), sodass Ihr Knoten bereitsteht, ohne dass Sie ihr Fenster öffnen. Aus, solange Sie es nicht anhaken; ändern können Sie es, indem Sie die Einrichtung in den Einstellungen erneut starten.',
  'setup.login.headless':
    'Das gilt hier nicht: Dieser Knoten läuft ohne Oberfläche, ohne Fenster und ohne Infobereich.',
  'setup.login.serviceWindows':
    'Den Knoten ohne Oberfläche als Dienst einrichten geht nur unter Linux und macOS. Unter Windows kann stattdessen die Desktop-App bei der Anmeldung starten.',
  'setup.login.service':
    'Damit Ihr Knoten nach einem Neustart weiterläuft, richten Sie ihn als Dienst Ihres eigenen Kontos ein: Beenden Sie diesen Lauf und starten Sie ihn einmal mit <code>npm run headless -- --install-service</code>, gefolgt von den Optionen, die Sie jetzt verwenden. Danach startet er von selbst, wenn Sie sich anmelden{manager, select, none {} other { ({manager})}}, und kommt nach einem Absturz wieder.',
  'setup.login.linger':
    'Führen Sie unter Linux außerdem einmal <code>loginctl enable-linger $USER</code> aus, damit er nach dem Abmelden weiterläuft und beim Hochfahren ohne Anmeldung startet.',
  'setup.share.intro':
    'Wie viele Aufgaben Ihr Knoten gleichzeitig bearbeitet. Mehr gleichzeitige Aufgaben bedienen mehr Menschen, teilen sich aber Arbeitsspeicher und Grafikkarte Ihres Computers; fangen Sie niedrig an und erhöhen Sie, wenn Ihr Computer mithält.',
  'setup.share.hint': '{min} bis {max}. Ein neuer Knoten beginnt mit {start}.',
  'setup.share.whenTitle': 'Wann und zu welchem Preis',
  'setup.share.terms':
    '{windows, plural, =0 {Ihr Knoten arbeitet, wann immer er eingeschaltet ist.} one {Ihr Zeitfenster gilt: Ihr Knoten arbeitet darin.} other {Ihre # Zeitfenster gelten: Ihr Knoten arbeitet darin.}} Er verlangt {times} den Grundtarif des Netzwerks. Die Zeiten ändern Sie auf der Seite <hours>Verfügbarkeit</hours>, den Preis auf der Seite <price>Preise</price>, jetzt oder später.',
  'setup.gateway.label':
    'Apps auf diesem Computer das IICP-Netzwerk nutzen lassen (ein lokales Gateway, standardmäßig aus)',
  'setup.gateway.hint':
    'Apps wie Open WebUI oder Continue können dann die Modelle des Netzwerks nutzen, bezahlt mit den Credits Ihres Knotens. Die App-Schlüssel und Ausgabenlimits finden Sie auf der Seite „Netzwerk nutzen“.',
  'setup.directory.notChecked': 'Nicht geprüft',
  'setup.directory.notCheckedYet': 'Das Verzeichnis wurde noch nicht geprüft.',
  'setup.directory.checking': 'Wird geprüft …',
  'setup.directory.asking': 'Das Verzeichnis wird gefragt, ob es antwortet …',
  'setup.directory.checkFailed': 'Die Prüfung selbst hat nicht funktioniert. {error}',
  'setup.directory.answers': 'Antwortet',
  'setup.directory.doesNotAnswer': 'Antwortet nicht',
  'setup.directory.downOutcome':
    'Sie können trotzdem starten: Der Knoten bedient dann lokal, versucht weiter, das Verzeichnis zu erreichen, und registriert sich von selbst, sobald es antwortet.',
  'setup.directory.title': 'Das Verzeichnis des Netzwerks',
  'setup.directory.intro':
    'Ihr Knoten registriert sich beim Verzeichnis, das Nutzern von ihm erzählt. Es wird hier geprüft, bevor Sie starten.',
  'setup.directory.stale': 'Das war die zuvor geprüfte Adresse; prüfen Sie erneut, um die unten eingegebene zu prüfen.',
  'setup.directory.checkAgain': 'Erneut prüfen',
  'setup.directory.details': 'Details',
  'setup.directory.asked':
    'Gefragt: <code>{url}</code>{detail, select, none {} other { – {detail}}}{ms, select, none {} other {, {ms} ms}}.',
  'setup.directory.other': 'Ein anderes Verzeichnis verwenden',
  'setup.directory.otherHint':
    'Nur für ein eigenes Verzeichnis oder das Ihrer Organisation. Gespeichert wird das, sobald Sie Ihren Knoten starten.',
  'setup.network.intro':
    'Damit Ihr Knoten Aufgaben aus dem Internet bekommt, muss das Netzwerk seinen Aufgaben-Port erreichen können.',
  'setup.network.waitingStatus': 'Warten auf den Zustand des Knotens …',
  'setup.network.taskPort': 'Aufgaben-Port',
  'setup.network.publicAddress': 'Öffentliche Adresse',
  'setup.network.how': 'Wie',
  'setup.network.thisComputer': 'Dieser Computer',
  'setup.network.whatToDo': 'Was Sie tun können',
  'setup.network.yourPublicIp': "'<'Ihre öffentliche IP'>'",
  'setup.network.forward':
    'Richten Sie an Ihrem Router eine Portweiterleitung für {port, select, none {Ihren Aufgaben-Port} other {TCP-Port {port}}} zu diesem Computer ein{lan, select, none {} other { (<code>{lan}</code>)}} und geben Sie dann unten <code>{address}</code> ein, oder',
  'setup.network.tunnel':
    'starten Sie einen Tunnel zu {port, select, none {diesem Port} other {Port {port}}} auf diesem Computer und geben Sie die HTTPS-Adresse ein, die er Ihnen nennt.',
  'setup.network.publicUrlLabel': 'Öffentliche URL (optional)',
  'setup.network.dialRun': 'Die Sofortprüfung des Verzeichnisses starten',
  'setup.network.dialFailed': 'Das Verzeichnis konnte nicht gefragt werden',
  'setup.network.dialWaiting': 'Das Verzeichnis wird gebeten, Ihre öffentliche Adresse anzuwählen …',
  'setup.identity.create': 'Eine neue Identität erstellen',
  'setup.identity.createHint': 'Für den ersten Computer, auf dem Sie einen Knoten betreiben.',
  'setup.identity.import': 'Die Identität von einem anderen Computer importieren',
  'setup.identity.importHint': 'Exportieren Sie sie dort zuerst, in den Einstellungen unter „Ihre Betreiberidentität“.',
  'setup.identity.skip': 'Vorerst überspringen',
  'setup.identity.skipHint':
    'Sie können später in den Einstellungen unter „Ihre Betreiberidentität“ eine erstellen oder importieren.',
  'setup.identity.blockedNone': 'Wählen Sie zuerst eine der drei Möglichkeiten.',
  'setup.identity.blockedCreate': 'Erstellen Sie zuerst die Identität oder wählen Sie „Vorerst überspringen“.',
  'setup.identity.blockedImport': 'Importieren Sie zuerst die Identität oder wählen Sie „Vorerst überspringen“.',
  'setup.identity.formLabel': 'Ihre Betreiberidentität erstellen',
  'setup.identity.submit': 'Erstellen',
  'setup.identity.creating': 'Wird erstellt …',
  'setup.identity.nameHint': 'Der Name, den das Verzeichnis für alle Ihre Computer zeigt. Höchstens {max} Zeichen.',
  'setup.identity.skipped':
    'Ohne Identität führt das Verzeichnis die Credits dieses Knotens getrennt von Ihren anderen Computern.',
  'setup.identity.question': 'Was möchten Sie tun?',
  'setup.identity.readyCreated': 'Ihre Betreiberidentität ist bereit.',
  'setup.identity.readyImported': 'Ihre Betreiberidentität wurde importiert.',
  'setup.identity.readyFound': 'Dieser Computer hat bereits eine Betreiberidentität.',
  'setup.identity.fingerprint': 'Fingerabdruck',
  'setup.identity.operatorName': 'Betreibername',
  'setup.identity.elsewhere':
    'Um sie auf einem anderen Computer zu verwenden, exportieren Sie sie in den Einstellungen unter „Ihre Betreiberidentität“ und importieren die Datei dort.',
  'setup.start.chooseModelsFirst': 'Wählen Sie zuerst in Schritt 2 die Modelle.',
  'setup.start.offerOne': 'Bieten Sie in Schritt 2 mindestens ein Modell an.',
  'setup.start.chooseFixedServer': 'Wählen Sie zuerst in Schritt 1 den Server, den das ausführende Programm vorgibt.',
  'setup.start.failedTyped': 'Ihre Angaben wurden nicht gespeichert.',
  'setup.start.failedServer': 'Ihr Server und Ihre Modelle wurden nicht gespeichert.',
  'setup.start.failedGateway': 'Ihre Wahl zum lokalen Gateway wurde nicht gespeichert.',
  'setup.start.failedComplete': 'Die Einrichtung konnte nicht abgeschlossen werden.',
  'setup.start.failedResume':
    'Ihre Angaben sind gespeichert, aber der Knoten ließ sich nicht einschalten. Verwenden Sie den Schalter „Verfügbar“ im Dashboard.',
  'setup.start.change': 'Ändern',
  'setup.start.changeRow': '{label} ändern',
  'setup.start.busyStarting': 'Ihr Knoten wird eingeschaltet …',
  'setup.start.busyAdding': 'Ihre weiteren Server werden hinzugefügt …',
  'setup.start.busySaving': 'Ihre Angaben werden gespeichert …',
  'setup.start.openDashboard': 'Dashboard öffnen',
  'setup.start.startButton': 'Meinen Knoten starten',
  'setup.start.llmServer': 'LLM-Server',
  'setup.start.serverAt': '{server} unter <code>{url}</code>',
  'setup.start.otherServers': 'Weitere Server',
  'setup.start.modelCount': '({count, plural, =0 {keine Modelle} one {{count} Modell} other {{count} Modelle}})',
  'setup.start.usedAlready': '(bereits verwendet)',
  'setup.start.modelsOffered': 'Angebotene Modelle',
  'setup.start.none': 'keine',
  'setup.start.offeredOf': '({offered} von {count, plural, one {# Modell} other {# Modellen}})',
  'setup.start.defaultModel': 'Standard-Chat-Modell',
  'setup.start.noPreference': 'Keine Vorgabe (das erste Chat-Modell des Servers)',
  'setup.start.directory': 'Verzeichnis',
  'setup.start.directoryNotChecked': 'Für diese Adresse nicht geprüft.',
  'setup.start.loginOn': 'An',
  'setup.start.loginOff': 'Aus',
  'setup.start.loginHeadless': 'Gilt nicht (ohne Oberfläche)',
  'setup.start.fingerprint': 'Fingerabdruck <code>{fingerprint}</code>',
  'setup.start.noIdentity': 'Vorerst keine',
  'setup.start.directoryDown': 'Das Verzeichnis hat bei der Prüfung nicht geantwortet.',
  'setup.start.explain':
    '„Meinen Knoten starten“ speichert diese Angaben und schaltet Ihren Knoten ein. Sie können jede davon später in den Einstellungen ändern.',
  'setup.start.startedWithRefusals':
    'Ihr Knoten ist eingeschaltet. {count, plural, one {Den Server, der nicht hinzugefügt wurde,} other {Die Server, die nicht hinzugefügt wurden,}} können Sie später in den Einstellungen hinzufügen.',
  'setup.start.refused': '{server} unter <code>{url}</code> wurde nicht als weiterer Server hinzugefügt:',
  'setup.detect.fixedNotAnswering':
    'Der vom ausführenden Programm vorgegebene Server antwortet noch nicht. Starten Sie ihn und wählen Sie dann „Erneut suchen“.',
  'setup.detect.chooseFixed': 'Wählen Sie den vom ausführenden Programm vorgegebenen Server, um fortzufahren.',
  'setup.detect.chooseOne': 'Wählen Sie einen Server, um fortzufahren.',
  'setup.detect.chosenMissing':
    'Der gewählte Server hat bei dieser Suche nicht geantwortet. Suchen Sie erneut, um ihn zu verwenden.',
  'setup.detect.startOrAdd': 'Starten Sie einen Server oder fügen Sie einen hinzu, um fortzufahren.',
  'setup.detect.needsKey': '{server} braucht zuerst seinen API-Schlüssel.',
  'setup.detect.noModelsYet': '{server} bietet noch keine Modelle an.',
  'setup.detect.searching': 'Suche läuft …',
  'setup.detect.intro':
    'Ihr Knoten gibt Aufgaben aus dem Netzwerk an LLM-Server auf diesem Computer oder in Ihrem lokalen Netz weiter. Wählen Sie den Hauptserver. Weitere gefundene Server können Sie mitverwenden.',
  'setup.detect.connecting': 'Verbindung zum Knoten wird hergestellt …',
  'setup.detect.looking': 'Lokale LLM-Server werden gesucht … (etwa 3 s)',
  'setup.detect.searchFailed': 'Die Suche hat nicht funktioniert. {error}',
  'setup.detect.found':
    '{count, plural, =0 {Auf den üblichen Ports antwortet kein LLM-Server.} one {{count} Server gefunden.} other {{count} Server gefunden.}}',
  'setup.detect.lookAgain': 'Erneut suchen',
  'setup.detect.fixed':
    'Der LLM-Server ist für diesen Lauf über die Befehlszeile oder die Umgebung festgelegt: <code>{url}</code>. Um einen anderen zu verwenden, ändern Sie es dort.',
  'setup.detect.foundLabel': 'Gefundene LLM-Server',
  'setup.detect.troubledLabel': 'Adressen, die nicht funktioniert haben',
  'setup.detect.useAnywayLabel': '{url} trotzdem verwenden',
  'setup.detect.useAnyway': 'Trotzdem verwenden',
  'setup.detect.removeLabel': '{url} entfernen',
  'setup.detect.remove': 'Entfernen',
  'setup.detect.quiet': 'Ebenfalls geprüft, dort antwortet nichts: {list}.',
  'setup.detect.version': 'Version {version}',
  'setup.detect.needsKeyPill': 'braucht einen API-Schlüssel',
  'setup.detect.models': '{count, plural, =0 {keine Modelle} one {{count} Modell} other {{count} Modelle}}',
  'setup.detect.alsoUseTitle': 'Weitere Server mitverwenden',
  'setup.detect.alsoUseHint':
    'Ihr Knoten bietet die Modelle aller Server an, die Sie verwenden, und schickt jede Aufgabe an einen, der ihr Modell hat.',
  'setup.detect.usedAlready': 'Ihr Knoten verwendet ihn bereits.',
  'setup.detect.keyFirst': 'Geben Sie zuerst oben auf seiner Karte seinen API-Schlüssel ein.',
  'setup.detect.full': 'Ein Knoten verwendet höchstens {max} Server.',
  'setup.detect.alsoUse': '{server} mitverwenden',
  'setup.detect.keyMissing':
    'Geben Sie den API-Schlüssel ein, der in den Servereinstellungen von {server} festgelegt ist.',
  'setup.detect.keyLabel': 'API-Schlüssel für {server}',
  'setup.detect.addTitle': 'Eine Serveradresse hinzufügen',
  'setup.detect.addHint':
    'Für einen Server an anderer Stelle in Ihrem lokalen Netz oder auf einem Port, den die Suche nicht ausprobiert.',
  'setup.detect.addSubmit': 'Hinzufügen und prüfen',
  'setup.detect.adding': 'Wird hinzugefügt …',
  'setup.detect.emptyStart': '<b>Starten Sie einen</b> und wählen Sie dann „Erneut suchen“:',
  'setup.detect.emptyOllama':
    '<b>Ollama:</b> von ollama.com installieren, dann läuft es von selbst (oder <code>ollama serve</code> ausführen).',
  'setup.detect.emptyLmStudio': '<b>LM Studio:</b> Reiter „Developer“ → „Start server“ (Port 1234).',
  'setup.detect.emptyLlamaCpp': '<b>llama.cpp:</b> <code>{command}</code>',
  'setup.detect.emptyVllm': '<b>vLLM:</b> <code>{command}</code> (Port 8000)',
  'setup.problem.theServer': 'Der Server',
  'setup.problem.urlNotUrl': 'Diese Adresse lässt sich nicht verwenden: Sie ist keine gültige vollständige URL.',
  'setup.problem.urlScheme': 'Diese Adresse lässt sich nicht verwenden: Die URL muss mit http oder https beginnen.',
  'setup.problem.urlCredentials':
    'Diese Adresse lässt sich nicht verwenden: Die URL darf keinen Benutzernamen und kein Passwort enthalten.',
  'setup.problem.urlQuery':
    'Diese Adresse lässt sich nicht verwenden: Die URL darf weder Abfrage (?) noch Fragment (#) enthalten.',
  'setup.problem.notLocal': 'Nur Server auf diesem Computer oder in Ihrem lokalen Netz lassen sich verwenden.',
  'setup.problem.linkLocal':
    '{byName, select, yes {Dieser Name führt zu einer verbindungslokalen Adresse} other {Das ist eine verbindungslokale Adresse}}, wie beim Metadatendienst eines Cloud-Anbieters. Der Knoten ruft sie nur auf, wenn Sie es bestätigen.',
  'setup.problem.failed': 'Die Prüfung dieses Servers ist unerwartet fehlgeschlagen.',
  'setup.problem.stuck':
    'Unter {url} hat etwas die Verbindung angenommen, aber nicht rechtzeitig geantwortet. Hängt der Server oder startet er noch?',
  'setup.problem.nothing': 'Unter {url} antwortet nichts.',
  'setup.problem.keyRefused': '{server} hat den API-Schlüssel abgelehnt.',
  'setup.problem.keyNeeded':
    '{server} braucht einen API-Schlüssel: Geben Sie den ein, der in seinen Servereinstellungen festgelegt ist.',
  'setup.problem.loading':
    'Ihr LLM-Server{server, select, none {} other { ({server})}} lädt gerade ein Modell. Er ist gleich bereit; prüfen Sie dann erneut.',
  'setup.problem.slow': '{server} hat nicht rechtzeitig geantwortet. Ist er ausgelastet oder startet er noch?',
  'setup.problem.unknownServer': 'Unter {url} antwortet etwas, aber es ist kein LLM-Server, den diese App kennt.',
  'setup.problem.notUnderstood': '{server} hat eine Antwort gegeben, die diese App nicht versteht.',
  'setup.problem.ollamaEmpty':
    'Ollama läuft, hat aber noch keine Modelle. Installieren Sie eines, zum Beispiel mit `ollama pull llama3.2`.',
  'setup.problem.noModels':
    '{server} läuft, bietet aber keine Modelle an. Laden Sie zuerst eines herunter oder laden Sie es in den Speicher.',
  'setup.problem.lmStudioIdle': 'In LM Studio ist noch kein Modell geladen; Aufgaben warten, bis es eines lädt.',
  'setup.dirCheck.answered': 'Das Verzeichnis hat in {ms} ms geantwortet.',
  'setup.dirCheck.notLikeDirectory':
    'Unter dieser Adresse antwortet etwas, aber nicht so, wie ein IICP-Verzeichnis antwortet. Prüfen Sie die Adresse.',
  'setup.dirCheck.redirect':
    'Diese Adresse leitet die App an eine andere weiter. Geben Sie stattdessen die endgültige Adresse des Verzeichnisses ein.',
  'setup.dirCheck.notDirectory':
    'Unter dieser Adresse antwortet etwas, aber es ist kein IICP-Verzeichnis. Prüfen Sie die Adresse (sie endet meist auf /api).',
  'setup.dirCheck.busy':
    'Das Verzeichnis ist gerade ausgelastet und bittet um Geduld. Versuchen Sie es in einer Minute erneut.',
  'setup.dirCheck.serverError':
    'Das Verzeichnis hat mit einem eigenen Fehler geantwortet; es ist vielleicht kurz nicht erreichbar. Versuchen Sie es später erneut.',
  'setup.dirCheck.refused': 'Das Verzeichnis hat die Anfrage nicht angenommen. Prüfen Sie die Adresse.',
  'setup.dirCheck.timeout':
    'Das Verzeichnis hat nicht innerhalb von {seconds, plural, one {{seconds} Sekunde} other {{seconds} Sekunden}} geantwortet.',
  'setup.dirCheck.nothing':
    'Unter dieser Adresse antwortet nichts. Prüfen Sie die Adresse oder versuchen Sie es später erneut.',
  'setup.dirCheck.dropped': 'Das Verzeichnis hat die Verbindung abgebrochen. Versuchen Sie es gleich noch einmal.',
  'setup.dirCheck.notFound': 'Diese Adresse wurde nicht gefunden. Prüfen Sie sie und ob dieser Computer online ist.',
  'setup.dirCheck.noRoute': 'Dieser Computer hat keinen Weg zum Verzeichnis. Prüfen Sie, ob er online ist.',
  'setup.dirCheck.unreachable':
    'Das Verzeichnis war nicht erreichbar. Prüfen Sie die Adresse und ob dieser Computer online ist.',
} as const;
