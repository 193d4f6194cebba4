/** Die deutschen Wörter von pricing: dieselben ids wie en/pricing.ts, keine fehlt. */
import type { messages as en } from '../en/pricing';

export const messages: Record<keyof typeof en, string> = {
  'pricing.price.empty': 'Geben Sie Ihren Preis ein, zum Beispiel 1 für den Grundtarif des Netzwerks.',
  'pricing.price.negative': 'Ein Preis kann nicht unter 0 liegen. Geben Sie 0 ein, um kostenlos zu arbeiten, oder 1 für den Grundtarif.',
  'pricing.price.notNumber': 'Geben Sie eine einfache Zahl ein, etwa 1, {a} oder {b}.',
  'pricing.price.tooHigh': 'Das ist mehr, als das Verzeichnis annimmt: Der höchste Preis ist das {max}-Fache des Grundtarifs.',
  'pricing.price.tooSmall': 'Ein so kleiner Preis ist nicht möglich: Geben Sie 0 ein, um kostenlos zu arbeiten, oder mindestens {min}.',
  'pricing.price.tooManyDecimals':
    'Verwenden Sie höchstens 4 Nachkommastellen{separator, select, comma {} other {}}, zum Beispiel {example}.',
  'pricing.hint.price':
    '1 ist der Grundtarif des Netzwerks und die Voreinstellung. Eine Aufgabe mit {tokens} Tokens bringt {earnsBase} bei {base}, {earnsBelow} bei {below} und auch bei {above} nur {earnsAbove}: Eine Quittung fordert nie mehr, als Tokens verbraucht wurden, ein höherer Preis wirkt auf Nutzer also nur teurer. Mit 0 arbeiten Sie kostenlos; sonst ist jede Zahl von {min} bis {max} möglich, mit bis zu 4 Nachkommastellen{separator, select, comma {} other {}}.',
  'pricing.page.title': 'Preise',
  'pricing.page.subtitle': 'Was eine Aufgabe Ihrem Knoten einbringt und welchen Preis er für seine Arbeit verlangt.',
  'pricing.form.title': 'Preis ändern',
  'pricing.form.label': 'Ihr Preis',
  'pricing.form.price': 'Ihr Preis, als Vielfaches des Grundtarifs',
  'pricing.form.previewWaiting': 'Was ein neuer Preis einbrächte, erscheint, sobald Ihr Knoten die Größe seiner Modelle ermittelt hat.',
  'pricing.form.invalid': 'Nichts wurde gespeichert: Bitte korrigieren Sie zuerst Ihren Preis.',
  'pricing.form.marked': 'Nichts wurde gespeichert: Bitte korrigieren Sie das markierte Feld.',
  'pricing.form.advanced': 'Erweitert',
  'pricing.form.billing': 'Abrechnung',
  'pricing.form.billingDefault': '{billing} (Voreinstellung)',
  'pricing.form.billingHint':
    'Wie Ihr Knoten dem Verzeichnis mitteilt, dass seine Arbeit abgerechnet wird. Das Netzwerk definiert nur „pro Token“; das Verzeichnis nimmt auch die anderen an, aber Quittungen zählen in jedem Fall Tokens. Lassen Sie die Einstellung, sofern Sie nicht sicher eine andere brauchen.',
  'pricing.form.save': 'Preis speichern',
  'pricing.form.saved': 'Gespeichert. Ihr Knoten meldet den neuen Preis dem Verzeichnis bei seiner nächsten Rückmeldung oder wenn er sich registriert.',
  'pricing.history.title': 'Preisverlauf',
  'pricing.history.since': 'Seit',
  'pricing.history.price': 'Preis',
  'pricing.history.billing': 'Abrechnung',
  'pricing.history.source': 'Herkunft',
  'pricing.history.reading': 'Wird gelesen …',
  'pricing.history.empty': 'Noch kein Preis erfasst. Jede Änderung, die Sie speichern, und jeder Preis, den das Verzeichnis bestätigt, wird hier festgehalten.',
  'pricing.charge.title': 'Was eine Aufgabe einbringt',
  'pricing.charge.loadFailed': 'Ihr Preis konnte nicht gelesen werden: {error}',
  'pricing.charge.reading': 'Ihr Preis wird gelesen …',
  'pricing.charge.connecting': 'Verbindung zum Knoten wird hergestellt …',
  'pricing.charge.modelSize': 'Modellgröße',
  'pricing.charge.yourPrice': 'Ihr Preis',
  'pricing.charge.sizeLimit': 'Höchstens gespeichert für diese Größe',
} as const;
