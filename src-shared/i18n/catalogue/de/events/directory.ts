/** Die deutschen Wörter von events/directory: dieselben ids wie en/events/directory.ts, keine fehlt. */
import type { messages as en } from '../../en/events/directory';

export const messages: Record<keyof typeof en, string> = {
  'events.directory.registerUnreachable':
    'Das IICP-Verzeichnis war für die Registrierung nicht erreichbar{why}; der Knoten versucht es erneut.',
  'events.directory.registerAgainUnreachable':
    'Das IICP-Verzeichnis war für die erneute Registrierung nicht erreichbar{why}; der Knoten versucht es erneut.',
  'events.directory.registerSlowDownIn':
    'Das IICP-Verzeichnis hat den Knoten gebeten, seltener anzufragen; er versucht die Registrierung in {wait}.',
  'events.directory.registerAgainSlowDownIn':
    'Das IICP-Verzeichnis hat den Knoten gebeten, seltener anzufragen; er versucht die erneute Registrierung in {wait}.',
  'events.directory.registerSlowDown':
    'Das IICP-Verzeichnis hat den Knoten gebeten, seltener anzufragen; er versucht die Registrierung etwas später.',
  'events.directory.registerAgainSlowDown':
    'Das IICP-Verzeichnis hat den Knoten gebeten, seltener anzufragen; er versucht die erneute Registrierung etwas später.',
  'events.directory.registerServer':
    'Das IICP-Verzeichnis hatte selbst ein Problem und konnte die Registrierung nicht annehmen; der Knoten versucht es erneut.',
  'events.directory.ownership':
    'Das IICP-Verzeichnis hat einen Nachweis verlangt, dass der Knoten zu diesem Computer gehört, weil die gespeicherte Anmeldung nicht akzeptiert wurde.',
  'events.directory.liveness':
    'Das IICP-Verzeichnis konnte diesen Knoten aus dem Internet nicht erreichen und hat die Registrierung deshalb nicht angenommen. Prüfen Sie die Portweiterleitung oder die öffentliche Adresse.',
  'events.directory.privateAddress':
    'Das IICP-Verzeichnis hat die Adresse abgelehnt: Sie ist privat oder lokal, daher ist sie aus dem Internet nicht erreichbar.',
  'events.directory.registerForgot':
    'Das IICP-Verzeichnis hat die Anmeldedaten des Knotens nicht akzeptiert; der Knoten versucht die Registrierung mit neuen.',
  'events.directory.registerAgainForgot':
    'Das IICP-Verzeichnis hat die Anmeldedaten des Knotens nicht akzeptiert; der Knoten versucht die erneute Registrierung mit neuen.',
  'events.directory.noToken':
    'Das IICP-Verzeichnis hat die Registrierung angenommen, aber kein Anmelde-Token geschickt; der Knoten versucht es erneut.',
  'events.directory.signInNotSavedRetry':
    'Der Knoten konnte seine neuen Anmeldedaten für das Verzeichnis nicht speichern{why}; er versucht es erneut.',
  'events.directory.folderFull': 'der Datenordner ist schreibgeschützt oder voll',
  'events.directory.nameTaken':
    'Das IICP-Verzeichnis hat die Registrierung abgelehnt: Ein anderer Betreiber verwendet Ihren Anzeigenamen als Betreiber bereits. Wählen Sie unter „Ihre Betreiberidentität“ in den Einstellungen einen anderen.',
  'events.directory.operatorRevoked':
    'Das IICP-Verzeichnis hat die Registrierung abgelehnt: Ihre Betreiberidentität wurde dort ersetzt oder widerrufen. Erstellen Sie unter „Ihre Betreiberidentität“ in den Einstellungen eine neue oder importieren Sie Ihre aktuelle.',
  'events.directory.refused': 'Das IICP-Verzeichnis hat die Registrierung abgelehnt; das Dashboard nennt den Grund.',
  'events.directory.membershipRefused':
    'Dieses Verzeichnis lässt nur Mitglieder zu und hat die Mitgliedschaft des Knotens nicht akzeptiert; geben Sie in den Einstellungen eine neue ein.',
  'events.directory.membershipMissing':
    'Dieses Verzeichnis lässt nur Mitglieder zu, und der Knoten hat noch keine Mitgliedschaft; geben Sie eine in den Einstellungen ein.',
  'events.directory.tokenForgotten':
    'Das IICP-Verzeichnis kannte das Token dieses Knotens nicht mehr, daher hat er sich neu angemeldet.',
  'events.directory.nodeForgotten':
    'Das IICP-Verzeichnis kannte diesen Knoten nicht mehr, daher hat er sich erneut registriert.',
  'events.directory.heartbeatUnreachable':
    'Das IICP-Verzeichnis war nicht erreichbar{why}; der Knoten bedient weiter und versucht es erneut.',
  'events.directory.heartbeatSlowDownIn':
    'Das IICP-Verzeichnis hat den Knoten gebeten, seltener anzufragen; er meldet sich in {wait} wieder.',
  'events.directory.heartbeatSlowDown':
    'Das IICP-Verzeichnis hat den Knoten gebeten, seltener anzufragen; er meldet sich etwas später wieder.',
  'events.directory.heartbeatServer':
    'Das IICP-Verzeichnis hatte selbst ein Problem, als sich der Knoten meldete; der Knoten bedient weiter und versucht es erneut.',
  'events.directory.heartbeatLiveness':
    'Das IICP-Verzeichnis konnte diesen Knoten beim Lebenszeichen nicht aus dem Internet erreichen.',
  'events.directory.heartbeatRefused':
    'Das IICP-Verzeichnis hat das Lebenszeichen des Knotens abgelehnt; der Knoten versucht es erneut.',
  'events.directory.deregisterUnreachable':
    'Das IICP-Verzeichnis war zum Entfernen dieses Knotens nicht erreichbar{why}; der Knoten ist weiterhin registriert.',
  'events.directory.deregisterForgot':
    'Das IICP-Verzeichnis hat das Entfernen mit den aktuellen Anmeldedaten des Knotens nicht angenommen; der Knoten meldet sich neu an und versucht es erneut.',
  'events.directory.deregisterFailed':
    'Das IICP-Verzeichnis hat diesen Knoten nicht entfernt; er ist weiterhin registriert.',
  'events.directory.registeredModels':
    'Beim IICP-Verzeichnis registriert, mit {count, plural, one {# Modell} other {# Modellen}} im Angebot.',
  'events.directory.registered': 'Beim IICP-Verzeichnis registriert.',
  'events.directory.registeredAgainModels':
    'Erneut beim IICP-Verzeichnis registriert, mit {count, plural, one {# Modell} other {# Modellen}} im Angebot.',
  'events.directory.registeredAgain': 'Erneut beim IICP-Verzeichnis registriert.',
  'events.directory.checkedIn': 'Der Knoten hat dem IICP-Verzeichnis ein Lebenszeichen gesendet.',
  'events.directory.tokenRefused':
    'Das IICP-Verzeichnis lehnt die Anmeldedaten, die es gerade ausgestellt hat, immer wieder ab; der Knoten versucht es nach einer Pause erneut.',
  'events.directory.removed': 'Dieser Knoten wurde aus dem IICP-Verzeichnis entfernt.',
  'events.directory.signInNotSaved': 'Der Knoten konnte seine Anmeldedaten für das Verzeichnis nicht speichern{why}.',
  'events.directory.turnFailed':
    'Die Verbindung zum IICP-Verzeichnis ist an einem Fehler dieser App gescheitert; der Knoten versucht es erneut.',
  'events.directory.loopCrashed':
    'Die Verbindung zum IICP-Verzeichnis ist wegen eines Fehlers dieser App abgebrochen; starten Sie die App neu, um sie wiederherzustellen.',
  'events.operator.createdPrint':
    'Sie haben Ihre Betreiberidentität erstellt (Fingerabdruck {fingerprint}). Jeder Knoten, der sie verwendet, zählt beim IICP-Verzeichnis als Ihrer.',
  'events.operator.created':
    'Sie haben Ihre Betreiberidentität erstellt. Jeder Knoten, der sie verwendet, zählt beim IICP-Verzeichnis als Ihrer.',
  'events.operator.renamedPrint':
    'Sie haben Ihren Anzeigenamen als Betreiber geändert (Fingerabdruck {fingerprint}); der Knoten teilt ihn dem IICP-Verzeichnis bei der nächsten Registrierung mit.',
  'events.operator.renamed':
    'Sie haben Ihren Anzeigenamen als Betreiber geändert; der Knoten teilt ihn dem IICP-Verzeichnis bei der nächsten Registrierung mit.',
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
    'Das IICP-Verzeichnis hat diesen Knoten registriert, Ihre Betreiberidentität aber nicht bestätigt. Prüfen Sie Datum und Uhrzeit dieses Computers.',
};
