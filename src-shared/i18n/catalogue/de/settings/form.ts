/** Die deutschen Wörter von settings/form: dieselben ids wie en/settings/form.ts, keine fehlt. */
import type { messages as en } from '../../en/settings/form';

export const messages: Record<keyof typeof en, string> = {
  'settings.field.displayName': 'Anzeigename',
  'settings.field.region': 'Region',
  'settings.field.backendUrl': 'Lokaler LLM-Server',
  'settings.field.excludedModels': 'Angebotene Modelle',
  'settings.field.defaultModel': 'Standard-Chat-Modell',
  'settings.field.directoryUrl': 'Verzeichnis-URL',
  'settings.field.taskPort': 'Aufgaben-Port',
  'settings.field.publicEndpoint': 'Öffentliche Adresse',
  'settings.field.trustedProxies': 'Vertrauenswürdige Reverse-Proxys',
  'settings.field.maxConcurrent': 'Gleichzeitige Aufgaben',
  'settings.field.maxTokens': 'Längste Antwort (Tokens)',
  'settings.field.offerCompletion': 'Auch reine Textvervollständigung anbieten',
  'settings.field.tokensPerMin': 'Tokens pro Minute',
  'settings.problem.regionRule':
    'Eine Region beginnt mit einem Buchstaben und enthält nur Buchstaben, Ziffern, - und _.',
  'settings.problem.longAddress': 'Diese Adresse ist zu lang (höchstens {max, number} Zeichen).',
  'settings.problem.modelName': 'Ein Modellname darf höchstens 255 Zeichen lang sein.',
  'settings.problem.nameEmpty': 'Geben Sie einen Namen für Ihren Knoten ein.',
  'settings.problem.nameLong': 'Ein Name darf höchstens {max, number} Zeichen lang sein.',
  'settings.problem.nameOther': 'Geben Sie einen Namen mit höchstens {max, number} Zeichen ein.',
  'settings.problem.regionEmpty': 'Geben Sie eine Region ein, zum Beispiel eu-west.',
  'settings.problem.regionLong': 'Eine Region darf höchstens 64 Zeichen lang sein.',
  'settings.problem.backendUrl':
    'Geben Sie die Adresse des Servers ein, etwa http://127.0.0.1:11434, oder lassen Sie das Feld leer.',
  'settings.problem.tooManyPrivate': 'Höchstens 256 Modelle können privat bleiben.',
  'settings.problem.defaultModel': 'Wählen Sie eines der angebotenen Chat-Modelle oder „Keine Vorgabe“.',
  'settings.problem.directoryUrl': 'Geben Sie die Adresse des Verzeichnisses ein, beginnend mit https:// oder http://.',
  'settings.problem.taskPort': 'Verwenden Sie einen Port zwischen 1024 und 65535.',
  'settings.problem.publicEndpoint':
    'Geben Sie eine vollständige Adresse ein, beginnend mit https:// oder http://, oder lassen Sie das Feld leer.',
  'settings.problem.tooManyProxies': 'Höchstens 32 Proxys können als vertrauenswürdig gelten.',
  'settings.problem.proxyItem': 'Jeder Eintrag ist eine IP-Adresse wie 192.0.2.10 oder ein Bereich wie 192.0.2.0/24.',
  'settings.problem.proxies':
    'Geben Sie IP-Adressen oder Bereiche durch Kommas getrennt ein, oder lassen Sie das Feld leer.',
  'settings.problem.maxConcurrent': 'Geben Sie für gleichzeitige Aufgaben eine ganze Zahl von 1 bis 64 ein.',
  'settings.problem.maxTokens': 'Geben Sie für die längste Antwort eine ganze Zahl von 1 bis {max, number} ein.',
  'settings.problem.offerCompletion': 'Wählen Sie, ob reine Textvervollständigung angeboten wird.',
  'settings.problem.tokensPerMin': 'Geben Sie für Tokens pro Minute eine ganze Zahl von 1 bis {max, number} ein.',
  'settings.problem.otherSetting':
    'Der Knoten hat eine der übrigen Einstellungen nicht angenommen. Laden Sie die Seite neu und versuchen Sie es noch einmal.',
  'settings.form.label': 'Knoteneinstellungen',
  'settings.form.yourNode': 'Ihr Knoten',
  'settings.form.nameHint': 'So heißt Ihr Knoten im Netzwerk. Höchstens {max, number} Zeichen.',
  'settings.form.models': 'Modelle',
  'settings.form.backendHint':
    'Die Adresse von Ollama, LM Studio, vLLM oder llama.cpp auf diesem Computer, ohne /v1. Leer lassen, um keine Modelle anzubieten.',
  'settings.form.network': 'Netzwerk',
  'settings.form.directoryHint': 'Das IICP-Verzeichnis, bei dem sich Ihr Knoten registriert.',
  'settings.form.portHint': 'Der Port, mit dem sich Nutzer verbinden, 1024–65535.',
  'settings.form.publicHint':
    'Optional. Die öffentliche URL Ihres Aufgaben-Ports, zum Beispiel ein Tunnel. Leer lassen, damit der Knoten selbst nach einer Adresse sucht; die Seite „Netzwerk“ zeigt, was er gefunden hat.',
  'settings.form.proxiesHint':
    'Optional. Nur wenn ein Reverse-Proxy oder Tunnel auf Ihrer Seite Nutzer an den Aufgaben-Port weiterreicht: seine IP-Adresse oder sein Bereich, etwa 127.0.0.1 oder 10.0.0.0/8, durch Kommas getrennt. Der Knoten unterscheidet Nutzer dann an der Adresse, die dieser Proxy meldet. Sonst leer lassen – dann kann sich niemand als viele Nutzer ausgeben.',
  'settings.form.limits': 'Grenzen',
  'settings.form.concurrentHint': 'Wie viele Aufgaben Ihr Knoten gleichzeitig bearbeitet, 1–64.',
  'settings.form.tokensHint':
    'Die Höchstzahl an Tokens, die eine Aufgabe anfordern darf; wird dem Verzeichnis gemeldet. 1–{max, number}.',
  'settings.form.completionHint':
    'Chat-Modelle beantworten auch Vervollständigungsaufgaben (ein Prompt, als Text fortgesetzt), die Ihr Server unterstützt. Schalten Sie es aus, um nur Chat anzubieten.',
  'settings.form.throughputHint': 'Der Durchsatz, den Sie dem Verzeichnis melden, in Tokens pro Minute.',
  'settings.form.save': 'Änderungen speichern',
};
