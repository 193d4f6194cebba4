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
} as const;
