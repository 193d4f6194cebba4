/** Die deutschen Wörter von pricing: dieselben ids wie en/pricing.ts, keine fehlt. */
import type { messages as en } from '../en/pricing';

export const messages: Record<keyof typeof en, string> = {
  'pricing.price.empty': 'Geben Sie Ihren Preis ein, zum Beispiel 1 für den Grundtarif des Netzwerks.',
  'pricing.price.negative':
    'Ein Preis kann nicht unter 0 liegen. Geben Sie 0 ein, um kostenlos zu arbeiten, oder 1 für den Grundtarif.',
  'pricing.price.notNumber': 'Geben Sie eine einfache Zahl ein, etwa 1, {a} oder {b}.',
  'pricing.price.tooHigh':
    'Das ist mehr, als das Verzeichnis annimmt: Der höchste Preis ist das {max}-Fache des Grundtarifs.',
  'pricing.price.tooSmall':
    'Ein so kleiner Preis ist nicht möglich: Geben Sie 0 ein, um kostenlos zu arbeiten, oder mindestens {min}.',
  'pricing.price.tooManyDecimals':
    'Verwenden Sie höchstens 4 Nachkommastellen{separator, select, comma {} other {}}, zum Beispiel {example}.',
  'pricing.hint.price':
    '1 ist der Grundtarif des Netzwerks und die Voreinstellung. Eine Aufgabe mit {tokens} Tokens bringt {earnsBase} bei {base}, {earnsBelow} bei {below} und auch bei {above} nur {earnsAbove}: Eine Quittung fordert nie mehr, als Tokens verbraucht wurden; ein höherer Preis wirkt auf Nutzer also nur teurer. Mit 0 arbeiten Sie kostenlos; sonst ist jede Zahl von {min} bis {max} möglich, mit bis zu 4 Nachkommastellen{separator, select, comma {} other {}}.',
  'pricing.page.title': 'Preise',
  'pricing.page.subtitle': 'Was eine Aufgabe Ihrem Knoten einbringt und welchen Preis er für seine Arbeit verlangt.',
  'pricing.form.title': 'Preis ändern',
  'pricing.form.label': 'Ihr Preis',
  'pricing.form.price': 'Ihr Preis, als Vielfaches des Grundtarifs',
  'pricing.form.previewWaiting':
    'Was ein neuer Preis einbrächte, erscheint, sobald Ihr Knoten die Größe seiner Modelle ermittelt hat.',
  'pricing.form.invalid': 'Nichts wurde gespeichert: Bitte korrigieren Sie zuerst Ihren Preis.',
  'pricing.form.marked': 'Nichts wurde gespeichert: Bitte korrigieren Sie das markierte Feld.',
  'pricing.form.advanced': 'Erweitert',
  'pricing.form.billing': 'Abrechnung',
  'pricing.form.billingDefault': '{billing} (Voreinstellung)',
  'pricing.form.billingHint':
    'Wie Ihr Knoten dem Verzeichnis die Abrechnung seiner Arbeit angibt. Das Netzwerk definiert nur „pro Token“; das Verzeichnis nimmt auch die anderen an, aber Quittungen zählen in jedem Fall Tokens. Ändern Sie sie nur, wenn Sie sicher eine andere brauchen.',
  'pricing.form.save': 'Preis speichern',
  'pricing.form.saved':
    'Gespeichert. Ihr Knoten meldet den neuen Preis dem Verzeichnis bei seiner nächsten Rückmeldung oder wenn er sich registriert.',
  'pricing.history.title': 'Preisverlauf',
  'pricing.history.since': 'Seit',
  'pricing.history.price': 'Preis',
  'pricing.history.billing': 'Abrechnung',
  'pricing.history.source': 'Herkunft',
  'pricing.history.reading': 'Wird gelesen …',
  'pricing.history.empty':
    'Noch kein Preis erfasst. Jede Änderung, die Sie speichern, und jeder Preis, den das Verzeichnis bestätigt, wird hier festgehalten.',
  'pricing.charge.title': 'Was eine Aufgabe einbringt',
  'pricing.charge.loadFailed': 'Ihr Preis konnte nicht gelesen werden: {error}',
  'pricing.charge.reading': 'Ihr Preis wird gelesen …',
  'pricing.charge.connecting': 'Verbindung zum Knoten wird hergestellt …',
  'pricing.charge.modelSize': 'Modellgröße',
  'pricing.charge.yourPrice': 'Ihr Preis',
  'pricing.charge.sizeLimit': 'Höchstwert des Verzeichnisses für diese Größe',
  'pricing.how.title': 'Wie wird das berechnet?',
  'pricing.how.receiptPart': 'Was eine Quittung fordert',
  'pricing.how.formula': 'Für Neugierige: dieselbe Regel als Formel',
  'pricing.how.sizePart': 'Die Größe Ihres Modells',
  'pricing.how.schedulePart': 'Die Kostentabelle des Verzeichnisses',
  'pricing.how.tableCaption': 'Was eine Aufgabe mit {tokens} Tokens je nach Modellgröße zu Ihrem Preis kostet',
  'pricing.how.colSize': 'Modellgröße',
  'pricing.how.colWeight': 'Größengewicht',
  'pricing.how.colPrice': 'Ihr Preis für diese Größe',
  'pricing.how.colCost': 'Kosten für {tokens} Tokens',
  'pricing.how.yourModels': 'Ihre Modelle',
  'pricing.how.sentAt': 'Das Verzeichnis hat diese Tabelle <time>{at}</time> geschickt.',
  'pricing.how.directoryFormula': 'Für Neugierige: die Formel des Verzeichnisses, wie es sie schreibt',
  'pricing.status.unregistered': 'Noch nicht registriert – Ihr Preis wird gesendet, sobald sich Ihr Knoten registriert',
  'pricing.status.waiting': 'Wartet auf die Bestätigung des Verzeichnisses',
  'pricing.status.differs':
    'Das Verzeichnis führt noch {held, number, ::.#### group-off} ×, nicht Ihren Preis von {yours, number, ::.#### group-off} ×',
  'pricing.status.lowered':
    'Das Verzeichnis hat ihn wegen der Größe Ihres Modells auf {ceiling, number, ::.#### group-off} × gesenkt',
  'pricing.status.confirmed': 'Vom Verzeichnis bestätigt',
  'pricing.words.credits': '{one, select, yes {{amount}\u00a0Credit} other {{amount}\u00a0Credits}}',
  'pricing.words.size.under1b': 'unter 1 Milliarde Parameter',
  'pricing.words.size.upTo10b': 'bis 10 Milliarden Parameter',
  'pricing.words.size.from10b': '10 bis 20 Milliarden Parameter',
  'pricing.words.size.from20b': '20 bis 50 Milliarden Parameter',
  'pricing.words.size.from50b': '50 bis 85 Milliarden Parameter',
  'pricing.words.size.over85b': '85 Milliarden Parameter oder mehr',
  'pricing.words.billing.perToken': 'pro Token',
  'pricing.words.billing.perRequest': 'pro Anfrage',
  'pricing.words.billing.flat': 'pauschal',
  'pricing.words.task': 'Eine Aufgabe mit {tokens} Tokens bringt Ihnen {credits} ein',
  'pricing.words.taskFuture':
    'Sobald Ihr Knoten registriert ist, bringt Ihnen eine Aufgabe mit {tokens} Tokens {credits} ein',
  'pricing.words.noRaise':
    'Quittungen werden je {tokens} verbrauchte Tokens gezählt, ein Preis über {one} erhöht also nicht, was eine Aufgabe heute einbringt',
  'pricing.words.lead.heldSame':
    '{task}, zum Preis von {held}, den das Verzeichnis noch für Ihren Knoten führt. Ihr Preis von {ceiling} bringt gleich viel ein, sobald das Verzeichnis ihn führt.',
  'pricing.words.lead.heldNext':
    '{task}, zum Preis von {held}, den das Verzeichnis noch für Ihren Knoten führt. Sobald es Ihren Preis von {ceiling} führt, bringt eine Aufgabe {next} ein.',
  'pricing.words.lead.zero':
    '{task}. Sie haben Ihren Preis auf 0 gesetzt, daher fordert Ihr Knoten nur den kleinsten Betrag, den das Verzeichnis zählt: {least} je angefangene {tokens} Tokens.',
  'pricing.words.lead.cappedModel':
    '{task}. Ihr größtes Modell, {model}, hat {size}, und für diese Größe erlaubt das Verzeichnis höchstens {cap} Grundtarif (Sie haben {declared} verlangt).',
  'pricing.words.lead.capped':
    '{task}. Ihr größtes Modell hat {size}, und für diese Größe erlaubt das Verzeichnis höchstens {cap} Grundtarif (Sie haben {declared} verlangt).',
  'pricing.words.lead.below': '{task}, weil Sie {price} Grundtarif verlangt haben.',
  'pricing.words.lead.asked': '{task}. Sie haben {declared} Grundtarif verlangt, aber {noRaise}.',
  'pricing.words.lead.askedKept':
    '{task}. Sie haben {declared} Grundtarif verlangt (das Verzeichnis führt für Ihre Modellgröße höchstens {ceiling}), aber {noRaise}.',
  'pricing.words.lead.sizeAllows':
    '{task}, zum Grundtarif des Netzwerks. Ihre Modellgröße würde bis zu {cap} erlauben, aber {noRaise}.',
  'pricing.words.lead.base': '{task}, zum Grundtarif des Netzwerks.',
  'pricing.words.noSizeName': 'keiner Ihrer Modellnamen nennt eine Größe',
  'pricing.words.billingNote':
    'Sie haben die Abrechnung „{billing}“ gewählt. Quittungen zählen Tokens, wie auch immer abgerechnet wird; was eine Aufgabe einbringt, richtet sich also weiterhin nach ihren Tokens.',
  'pricing.words.modelSize': '{size} ({from})',
  'pricing.words.free': 'kostenlos (0 × Grundtarif)',
  'pricing.words.timesBase': '{price} Grundtarif',
  'pricing.words.whoseHeld': 'der Preis, den das Verzeichnis für Ihren Knoten führt',
  'pricing.words.whoseDeclared': 'der Preis, den Ihr Knoten angibt',
  'pricing.words.limitNeverReached':
    'Bei {price} wird diese Grenze nie erreicht, eine Aufgabe bringt also genau ihre Tokens geteilt durch {tokens} ein.',
  'pricing.words.limitCounts':
    'Bei {price} greift die Grenze: Je angefangene {tokens} Tokens gibt es höchstens {credits}, gleich wie viele Tokens es sind.',
  'pricing.words.receipt':
    'Nach jeder Aufgabe schickt Ihr Knoten dem Verzeichnis eine Quittung. Sie fordert 1 Credit je {tokens} verbrauchte Tokens, aber nie mehr als {credits} je angefangene {tokens} Tokens: Das ist {price}, {whose}{zero, select, yes {, beim kleinsten Betrag, den das Verzeichnis zählt} other {}}.',
  'pricing.words.receiptExample':
    'Eine Aufgabe mit {long} Tokens fordert zum Beispiel {longCredits}, eine mit {short} Tokens {shortCredits}.',
  'pricing.words.receiptRefused':
    'Das Verzeichnis lehnt eine Quittung ab, die mehr als diese Grenze plus 10 % fordert; die Forderungen Ihres Knotens bleiben daher immer darunter.',
  'pricing.words.formula': 'Credits = min(Tokens ÷ {block}, ceil(Tokens ÷ {block}) × {price})',
  'pricing.words.sizeModel':
    'Das Verzeichnis liest die Größe jedes Modells aus seinem Namen (etwa „3b“ oder „70b“), und Ihr größtes Modell entscheidet; ein Name ohne Größe zählt als {fallback}. Ihres ist {model}, {size}: Für diese Größe führt das Verzeichnis höchstens {cap} Grundtarif, ein höherer Preis wird darauf gesenkt.',
  'pricing.words.sizeNoModel':
    'Das Verzeichnis liest die Größe jedes Modells aus seinem Namen (etwa „3b“ oder „70b“), und Ihr größtes Modell entscheidet; ein Name ohne Größe zählt als {fallback}. Keiner Ihrer Modellnamen nennt eine Größe, Ihre zählen also als {size}: Für diese Größe führt das Verzeichnis höchstens {cap} Grundtarif, ein höherer Preis wird darauf gesenkt.',
  'pricing.words.listing':
    'Die öffentliche Liste des Verzeichnisses zeigt Ihren Knoten gerade nicht: Sie führt einen Knoten nur, solange er Arbeit anbietet.',
  'pricing.words.schedule':
    'Das Verzeichnis veröffentlicht auch, was eine an einen Knoten geleitete Aufgabe kostet: je angefangene {perCredit} Ausgabe-Tokens das Gewicht der Modellgröße des Knotens mal sein Preis. Das Gewicht Ihrer Modellgröße ist {weight}, bei {price} kostet eine Aufgabe mit {tokens} Tokens also {credits}. Das ist die Kostentabelle des Verzeichnisses, nicht das, was Ihr Knoten bekommt: Ihr Knoten bekommt, was seine Quittungen fordern, wie oben beschrieben.',
  'pricing.words.noSchedule':
    'Das Verzeichnis hat seine Kostentabelle noch nicht geschickt. Ihr Knoten liest sie, wenn er Ihre Einnahmen abgleicht, sobald er registriert ist.',
  'pricing.words.rowsNote':
    'Jede Zeile ist das Gewicht der Größe mal Ihr Preis für diese Größe: Ihr Preis von {declared}, gesenkt auf das Höchste, was das Verzeichnis für ein Modell dieser Größe führt.',
  'pricing.words.rowsNoteExample':
    'Jede Zeile ist das Gewicht der Größe mal Ihr Preis für diese Größe: Ihr Preis von {declared}, gesenkt auf das Höchste, was das Verzeichnis für ein Modell dieser Größe führt. Für {size}: Gewicht {weight} × Preis {price}{lowered, select, yes { (Ihr Preis von {declared}, für diese Größe gesenkt)} other {}} = {credits} für {tokens} Tokens.',
  'pricing.words.preview.free':
    'Bei 0 × arbeitet Ihr Knoten kostenlos: Eine Aufgabe mit {tokens} Tokens brächte nur {next} ein, den kleinsten Betrag, den das Verzeichnis zählt{same, select, yes {} other { (jetzt {now})}}.',
  'pricing.words.preview.over':
    'Bei {typed} liegt Ihr Preis über dem Höchsten, was das Verzeichnis für Ihre Modellgröße führt, {cap}; Ihr Knoten gibt daher {kept} an. Eine Aufgabe mit {tokens} Tokens brächte {next} ein{same, select, yes { – so viel wie jetzt} other { (jetzt {now})}}.',
  'pricing.words.preview.aboveBase':
    'Bei {typed} brächte eine Aufgabe mit {tokens} Tokens {next} ein{same, select, yes { – so viel wie jetzt} other { (jetzt {now})}}: Quittungen werden je {tokens} verbrauchte Tokens gezählt, ein Preis über {one} erhöht also nicht, was eine Aufgabe einbringt. Nutzer, die Preise vergleichen, ziehen womöglich günstigere Knoten vor.',
  'pricing.words.preview.plain':
    'Bei {typed} brächte eine Aufgabe mit {tokens} Tokens {next} ein{same, select, yes { – so viel wie jetzt} other { (jetzt {now})}}.',
  'pricing.words.history.directory': 'Vom Verzeichnis erfasst',
  'pricing.words.history.started': 'Der voreingestellte Preis, mit dem Ihr Knoten begann',
  'pricing.words.history.you': 'Von Ihnen festgelegt',
  'pricing.speech.title': 'Sprachaufgaben',
  'pricing.speech.perMinute':
    'Transkription: etwa {credits} Credits pro Minute Audio. Bezahlt wird der Text, daher wird Sprache mit etwa {words} Wörtern (~{bytes} Bytes Text) pro Minute angenommen.',
  'pricing.speech.perCharacters':
    '{intent, select, moderate {Moderation} other {Sprachausgabe}}: etwa {credits} Credits pro {per} Zeichen.',
} as const;
