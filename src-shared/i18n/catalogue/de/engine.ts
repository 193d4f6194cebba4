/** Die deutschen Wörter von engine: dieselben ids wie en/engine.ts, keine fehlt. */
import type { messages as en } from '../en/engine';

export const messages: Record<keyof typeof en, string> = {
  'engine.notice.text': '{text}',
  'engine.notice.offline.title': 'Verbindung zum IICP-Verzeichnis verloren',
  'engine.notice.offline.body':
    'Das IICP-Verzeichnis ist nicht erreichbar, daher finden Nutzer, die dort nach Knoten suchen, Ihren Knoten womöglich nicht. Aufgaben, die Ihren Knoten ohne das Verzeichnis erreichen, sind nicht betroffen. Ihr Knoten versucht es weiter.',
  'engine.notice.backOnline.title': 'Wieder mit dem IICP-Verzeichnis verbunden',
  'engine.notice.backOnline.body':
    'Das IICP-Verzeichnis antwortet Ihrem Knoten wieder; Nutzer, die dort nach Knoten suchen, können wieder zu ihm geleitet werden.',
  'engine.notice.backendStopped.title': 'LLM-Server gestoppt',
  'engine.notice.backendStopped.body':
    'Ihr LLM-Server antwortet nicht mehr, daher nimmt Ihr Knoten keine Aufgaben an. Er prüft jede Sekunde erneut und macht von selbst weiter, sobald der Server wieder da ist.',
  'engine.notice.backendBack.title': 'LLM-Server wieder da',
  'engine.notice.backendBack.body': 'Ihr LLM-Server antwortet wieder; Ihr Knoten nimmt wieder Aufgaben an.',
  'engine.notice.notReachable.title': 'Aus dem Internet nicht mehr erreichbar',
  'engine.notice.notReachable.body':
    'Nutzer können Ihren Knoten gerade nicht erreichen. Er sucht weiter nach einem Zugang; die Seite „Netzwerk“ zeigt, was er versucht hat.',
  'engine.notice.reachableAgain.title': 'Aus dem Internet wieder erreichbar',
  'engine.notice.reachableAgain.body': 'Nutzer können Ihren Knoten wieder erreichen.',
  'engine.notice.rejected.title': 'Einnahmen abgelehnt',
  'engine.notice.rejected.body':
    'Das IICP-Verzeichnis hat die Credits für {count, plural, one {eine Aufgabe} other {# Aufgaben}} abgelehnt. Die Seite „Einnahmen“ nennt den Grund und was zu tun ist.',
  'engine.notice.unverified.title':
    'Ihre Einnahmen stimmen nicht mit dem signierten Nachweis des Verzeichnisses überein',
  'engine.notice.unverified.body': '{problem} Die Seite „Einnahmen“ zeigt, welche Aufgaben abweichen.',
  'engine.notice.unverified.bodyAlone': 'Die Seite „Einnahmen“ zeigt, welche Aufgaben abweichen.',
  'engine.notice.machineDown.title': '„{machine}“ ist ausgefallen',
  'engine.notice.machineDown.someTitle': 'Einer Ihrer Rechner ist ausgefallen',
  'engine.notice.machineDown.body':
    'Er antwortet nicht mehr, obwohl sein Zeitfenster für die Verfügbarkeit gerade läuft. Die Seite „Rechner“ zeigt, was über ihn bekannt ist.',
  'engine.notice.machineBack.title': '„{machine}“ ist wieder da',
  'engine.notice.machineBack.someTitle': 'Einer Ihrer Rechner ist wieder da',
  'engine.notice.machineBack.body': 'Er antwortet wieder.',
  'engine.notice.machineBack.sinceSeconds':
    'Er antwortet seit {count, plural, one {einer Sekunde} other {# Sekunden}}.',
  'engine.notice.machineBack.sinceMinutes': 'Er antwortet seit {count, plural, one {einer Minute} other {# Minuten}}.',
  'engine.notice.machineBack.downsSeconds':
    'Er ist innerhalb von {count, plural, one {einer Sekunde} other {# Sekunden}} {downs}-mal ausgefallen. {since}',
  'engine.notice.machineBack.downsMinutes':
    'Er ist innerhalb von {count, plural, one {einer Minute} other {# Minuten}} {downs}-mal ausgefallen. {since}',
  'engine.backend.checking': 'Der lokale LLM-Server wird geprüft …',
  'engine.backend.notChosen': 'Noch kein lokaler LLM-Server gewählt.',
  'engine.backend.loading': 'Ihr LLM-Server lädt gerade ein Modell.',
  'engine.backend.unauthorized': 'Der lokale LLM-Server verlangt einen API-Schlüssel (oder einen anderen).',
  'engine.backend.unreachable': 'Der lokale LLM-Server antwortet nicht.',
  'engine.backend.badResponse': 'Der lokale LLM-Server hat eine Antwort gegeben, die diese App nicht versteht.',
  'engine.backend.noModels': 'Auf dem lokalen LLM-Server sind keine Modelle installiert.',
  'engine.backend.allLeftOut':
    'Der lokale LLM-Server nennt Modelle, doch der Knoten lässt jedes davon aus. Deshalb wird keines angeboten.',
  'engine.backend.slow': 'Der lokale LLM-Server antwortet zu langsam: Innerhalb von {seconds} s kam nichts zurück.',
  'engine.backend.partlyDown':
    '{down, plural, one {Einer Ihrer {all} LLM-Server bedient gerade nicht; die anderen schon.} other {# Ihrer {all} LLM-Server bedienen gerade nicht; die anderen schon.}}',
  'engine.backend.list.notChosen': 'Noch kein LLM-Server gewählt.',
  'engine.backend.list.notLooked': 'Ihr LLM-Server wurde noch nicht geprüft.',
  'engine.backend.list.loading':
    'Ihr LLM-Server lädt gerade ein Modell. Bis er bereit ist, kann seine Liste unvollständig sein.',
  'engine.backend.list.slow': 'Ihr LLM-Server antwortet gerade zu langsam, um ihn zu beschreiben.',
  'engine.backend.list.unreachable': 'Ihr LLM-Server hat eben nicht geantwortet.',
  'engine.backend.list.offeredLast': '{why} Die Liste zeigt, was er zuletzt angeboten hat.',
};
