/** Die deutschen Wörter von settings/page: dieselben ids wie en/settings/page.ts, keine fehlt. */
import type { messages as en } from '../../en/settings/page';

export const messages: Record<keyof typeof en, string> = {
  'settings.language.title': 'Sprache',
  'settings.language.system': 'Systemsprache',
  'settings.language.notSaved': 'Die Sprache konnte nicht gespeichert werden: {why}',
  'settings.page.title': 'Einstellungen',
  'settings.page.subtitle': 'Jede Karte wird für sich gespeichert.',
  'settings.sections.node': 'Knoteneinstellungen',
  'settings.sections.servers': 'LLM-Server',
  'settings.sections.ownUse': 'Eigenbedarf zuerst',
  'settings.sections.identity': 'Ihre Betreiberidentität',
  'settings.sections.membership': 'Mitgliedschaft in der Vertrauensdomäne',
  'settings.sections.appearance': 'Darstellung',
  'settings.sections.login': 'Beim Anmelden starten',
  'settings.sections.notifications': 'Benachrichtigungen',
  'settings.sections.updates': 'App-Updates',
  'settings.sections.setup': 'Einrichtung',
  'settings.sections.about': 'Über diese App',
  'settings.sections.danger': 'Gefahrenbereich',
  'settings.setup.intro':
    'Der Einrichtungsassistent führt Sie Schritt für Schritt durch die Verbindung mit Ihrem LLM-Server und den Beitritt zum Netzwerk.',
  'settings.setup.again': 'Einrichtung erneut ausführen',
  'settings.index.label': 'Einstellungen auf dieser Seite',
  'settings.index.unsaved': 'Ungespeicherte Änderungen',
  'settings.login.label': 'IICP Provider beim Anmelden starten',
  'settings.login.headless':
    'Ohne Oberfläche nicht verfügbar: Es gibt keine Desktop-Anmeldung, mit der die App starten könnte. Damit der Knoten mit dem Computer startet, führen Sie den Headless-Host als Dienst aus (zum Beispiel mit systemd).',
  'settings.login.on':
    'Ein: Wenn Sie sich anmelden, startet die App unsichtbar im Infobereich – Ihr Knoten ist verfügbar, ohne dass Sie das Fenster öffnen.',
  'settings.login.off': 'Aus, wie von Ihnen gewählt. Die App startet nur, wenn Sie sie öffnen.',
  'settings.login.unset':
    'Aus: Sie haben noch nichts gewählt. Die App startet nur, wenn Sie sie öffnen; Updates schalten das nie ein.',
  'settings.login.busy': 'Wird gespeichert …',
  'settings.login.failed': 'Die Auswahl konnte nicht gespeichert werden: {why}',
  'settings.about.loading': 'Wird geladen …',
  'settings.about.dataDir': 'Ihre Daten liegen in <path></path>',
  'settings.about.version': 'Version',
  'settings.about.runningAs': 'Läuft als',
  'settings.about.headless': 'Headless-Host (ohne Fenster)',
  'settings.about.desktop': 'Desktop-App',
  'settings.about.platform': 'Plattform',
  'settings.about.limitations': 'Einschränkungen',
  'settings.about.noLimitations': 'Keine: Dieser Host kann alles beobachten, was die App nutzt.',
  'settings.problems.title':
    '{count, plural, one {Eine Sache muss} other {# Dinge müssen}} korrigiert werden, bevor Ihre Änderungen gespeichert werden können:',
  'settings.watch.notYet': 'Was dieser Computer die App beobachten lässt, erscheint, sobald der Knoten läuft.',
  'settings.watch.lastGpu': 'Letzte GPU-Messung',
  'settings.theme.title': 'Farbschema',
  'settings.theme.system': 'Wie mein System',
  'settings.theme.light': 'Hell',
  'settings.theme.dark': 'Dunkel',
  'settings.theme.notSaved': 'Das Farbschema konnte nicht gespeichert werden: {why}',
  'settings.leftOut.title': 'Ausgelassen ({count, number})',
  'settings.leftOut.intro':
    'Der Server führt {count, plural, one {dieses Modell auf, doch der Knoten bietet es nicht an} other {diese Modelle auf, doch der Knoten bietet sie nicht an}}.',
  'settings.leftOut.list': 'Ausgelassene Modelle',
  'settings.leftOut.more':
    '{count, plural, one {Ein weiteres Modell ist ausgelassen.} other {# weitere Modelle sind ausgelassen.}}',
  'settings.leftOut.tooLarge': '<model></model>: Die Beschreibung des Servers dazu ist zu groß zum Lesen.',
  'settings.leftOut.notUnderstood':
    '<model></model>: Die Beschreibung des Servers dazu liegt nicht in einer Form vor, die der Knoten lesen kann.',
  'settings.leftOut.nameEmpty': '<model></model>: Es hat keinen Namen.',
  'settings.leftOut.nameTooLong': '<model></model>: Sein Name ist länger als {max, number} Zeichen.',
  'settings.leftOut.nameControl':
    '<model></model>: Sein Name enthält Steuerzeichen, etwa solche, die Text in einem Terminal einfärben.',
  'settings.leftOut.nameInvisible':
    '<model></model>: Sein Name enthält unsichtbare Zeichen, etwa solche, die die Schreibrichtung umkehren.',
  'settings.leftOut.nameMarkup': '<model></model>: Sein Name enthält Zeichen, die Webseiten als Auszeichnung lesen.',
  'settings.leftOut.nameSpacing':
    '<model></model>: Sein Name hat ein Leerzeichen am Anfang oder Ende, zwei Leerzeichen hintereinander oder ein Leerzeichen anderer Art.',
  'settings.leftOut.context':
    '<model></model>: Der Server meldet eine Kontextlänge, die keine ganze Zahl von 1 bis {max, number} Tokens ist.',
  'settings.leftOut.size':
    '<model></model>: Der Server meldet eine Parameterzahl, die keine ganze Zahl von 1 bis {max, number} ist.',
  'settings.leftOut.tooMany':
    '<model></model>: Der Knoten bietet höchstens {max, number} Modelle an, gerecht auf seine Server verteilt, und dieses liegt jenseits des Anteils dieses Servers.',
  'settings.notify.title': 'Benachrichtigungen',
  'settings.notify.headless':
    'Ohne Oberfläche gibt es keine Desktop-Benachrichtigungen, deshalb listet das Dashboard sie auf. Diese Auswahl gilt, wenn die Desktop-App mit diesem Datenordner läuft.',
  'settings.notify.desktop':
    'Die App meldet sich mit einer Desktop-Benachrichtigung; ein Klick darauf öffnet die Seite mit den Einzelheiten. Das Dashboard listet die letzten ebenfalls auf.',
  'settings.notify.offline.label': 'Ihr Knoten hat den Kontakt zum IICP-Verzeichnis verloren oder wieder hergestellt',
  'settings.notify.offline.hint':
    'Wenn das IICP-Verzeichnis eine Minute lang nicht erreichbar ist, und wenn es wieder erreichbar ist.',
  'settings.notify.backend.label': 'Ihr LLM-Server ist ausgefallen oder wieder da',
  'settings.notify.backend.hint':
    'Wenn der Server eine Minute lang nicht geantwortet hat, und wenn er wieder antwortet.',
  'settings.notify.reachability.label': 'Aus dem Internet nicht mehr erreichbar oder wieder erreichbar',
  'settings.notify.reachability.hint':
    'Wenn Nutzer eine Minute lang keinen Zugang zu Ihrem Knoten haben, und wenn sie wieder einen haben.',
  'settings.notify.earnings.label': 'Einnahmen abgelehnt',
  'settings.notify.earnings.hint':
    'Wenn das IICP-Verzeichnis die Credits für Aufgaben ablehnt, die Ihr Knoten erledigt hat.',
  'settings.notify.fleet.label': 'Einer meiner Rechner fällt aus, obwohl er laut Verfügbarkeit laufen sollte',
  'settings.notify.fleet.hint':
    'Wenn von einem anderen Rechner unter Ihrer Betreiberidentität kein Lebenszeichen kommt, obwohl er laut Zeitplan laufen sollte, und wenn er wieder da ist. Schläft er außerhalb seines Zeitfensters, ist das so geplant und löst nichts aus.',
  'settings.about.headlessConditions':
    'Ohne Oberfläche lassen sich Stromquelle und Leerlaufzeit nicht beobachten; Bedingungen, die davon abhängen, sind daher nicht verfügbar.',
  'settings.about.headlessTray':
    'Ohne Oberfläche gibt es kein Symbol im Infobereich; schalten Sie die Verfügbarkeit auf der Seite „Dashboard“ um.',
};
