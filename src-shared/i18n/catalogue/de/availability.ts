/** Die deutschen Wörter von availability: dieselben ids wie en/availability.ts, keine fehlt. */
import type { messages as en } from '../en/availability';

export const messages: Record<keyof typeof en, string> = {
  'availability.page.title': 'Verfügbarkeit',
  'availability.page.subtitle': 'Wann Ihr Computer für das Netzwerk arbeitet und wie viel davon.',
  'availability.page.loadFailed': 'Der Zeitplan konnte nicht geladen werden: {message}',
  'availability.page.loading': 'Ihr Zeitplan wird geladen …',
  'availability.page.connecting': 'Verbindung zum Knoten wird hergestellt …',
  'availability.saving': 'Wird gespeichert …',
  'availability.share.closed': 'geschlossen',

  'availability.now.title': 'Gerade jetzt',
  'availability.now.taking': 'Nimmt bis zu {count, plural, one {# Aufgabe} other {# Aufgaben}} gleichzeitig an',
  'availability.now.paused': 'Pausiert',
  'availability.now.switchedOff': 'Ausgeschaltet',
  'availability.now.takingNone': 'Nimmt keine neuen Aufgaben an',
  'availability.now.pausedUntil': 'Pausiert bis {time}.',
  'availability.now.outsideUntil': 'Außerhalb der Zeitfenster Ihrer Verfügbarkeit bis {time}, {ahead}.',
  'availability.now.notServing': 'Der Knoten bearbeitet im Moment keine Aufgaben.',
  'availability.now.shareOfSlots': '{share} Ihrer Plätze',
  'availability.now.noWindows': 'Keine Zeitfenster: Ihr Zeitplan bietet Ihren Knoten rund um die Uhr an.',
  'availability.now.inWindow': 'In Ihrem Zeitfenster {window}: {share}.',
  'availability.now.outside': 'Außerhalb der Zeitfenster Ihrer Verfügbarkeit: {share}.',
  'availability.now.wouldNoWindows':
    'Ihr Zeitplan hat keine Zeitfenster und würde Ihren Knoten daher rund um die Uhr anbieten.',
  'availability.now.closedToo': 'Auch Ihr Zeitplan ist gerade geschlossen ({where}).',
  'availability.now.wouldOffer': 'Ihr Zeitplan würde jetzt {share} Ihrer Plätze anbieten ({where}).',
  'availability.now.whereWindow': 'Zeitfenster {window}',
  'availability.now.whereOutside': 'außerhalb der Zeitfenster Ihrer Verfügbarkeit',
  'availability.now.thatIs': 'Offen: {open} von Ihren {max} Plätzen.',
  'availability.now.changesAt': 'Nächste Änderung des Zeitplans: <when></when>.',
  'availability.now.when': '{time} ({ahead})',
  'availability.now.inDays': 'in {days, plural, one {einem Tag} other {# Tagen}}',
  'availability.now.slotsOpen': 'Jetzt offene Plätze',
  'availability.now.openOf': '{open} von {max}',
  'availability.now.running': 'Laufende Aufgaben',
  'availability.now.shareNow': 'Anteil laut Zeitplan',

  'availability.conditions.title': 'Bedingungen',
  'availability.conditions.intro':
    'Zusätzlich zum Zeitplan kann Ihr Knoten warten, bis der Computer an den Strom angeschlossen ist oder nicht benutzt wird.',
  'availability.conditions.headless':
    'Ohne Oberfläche nicht verfügbar: Stromversorgung und Leerlauf dieses Computers lassen sich nicht auslesen.',
  'availability.conditions.unsupported':
    'Auf diesem Computer nicht verfügbar: Stromversorgung und Leerlauf lassen sich nicht auslesen, daher gelten diese Bedingungen nicht.',
  'availability.conditions.powerUnknown': 'Stromquelle unbekannt.',
  'availability.conditions.onBattery': 'Läuft gerade auf Akku.',
  'availability.conditions.onMains': 'Läuft gerade am Netzstrom.',
  'availability.conditions.inUse': 'Wird gerade benutzt.',
  'availability.conditions.idleFor': 'Seit {span} im Leerlauf.',
  'availability.conditions.notSaved': 'Nicht gespeichert: {message}',
  'availability.conditions.minutesRange': 'Geben Sie eine ganze Zahl von Minuten zwischen {min} und {max} ein.',
  'availability.conditions.mains': 'Nur am Netzstrom',
  'availability.conditions.mainsHint': 'Solange der Computer auf Akku läuft, nimmt der Knoten keine neuen Aufgaben an.',
  'availability.conditions.fixed': 'Durch die Startart der App festgelegt; hier nicht änderbar.',
  'availability.conditions.idle': 'Nur nach einem Leerlauf des Computers von',
  'availability.conditions.minutesLabel': 'Minuten ohne Tastatur- oder Mauseingabe',
  'availability.conditions.minutes': 'Minuten',
  'availability.conditions.idleHint':
    'So lange keine Tastatur- oder Mauseingabe ({min}–{max} Minuten). Sobald Sie zurück sind, nimmt der Knoten keine neuen Aufgaben an; laufende werden fertig bearbeitet.',
  'availability.conditions.saved': 'Gespeichert.',

  'availability.outside.label': 'Außerhalb Ihrer Zeitfenster',
  'availability.outside.closedDefault': 'geschlossen (Standard)',
  'availability.outside.share': '{share} Ihrer Plätze',
  'availability.outside.shareReference': '{share} Ihrer Plätze (die Einstellung des Referenzknotens)',
  'availability.outside.all': '{share}: alle Ihre Plätze',
  'availability.outside.hint':
    'Der IICP-Referenzknoten bietet außerhalb seiner Zeitfenster {share} seiner Plätze an; diese App hält Ihren Knoten dort geschlossen, sofern Sie hier keinen Anteil wählen.',
  'availability.outside.appliesNow': 'Das gilt für jede Stunde, die in keinem Ihrer Zeitfenster liegt.',
  'availability.outside.appliesLater': 'Das gilt, sobald Sie mindestens ein Zeitfenster gemalt haben.',

  'availability.paint.legend': 'Malen mit',
  'availability.paint.closedNote':
    '„Geschlossen“ malt ein Zeitfenster ohne Plätze: Das ist nützlich, wenn „Außerhalb Ihrer Zeitfenster“ einen Anteil anbietet und einige Stunden trotzdem geschlossen bleiben sollen.',
  'availability.paint.eraseNote':
    '„Löschen“ nimmt Stunden aus Ihren Zeitfenstern heraus: Für sie gilt dann „Außerhalb Ihrer Zeitfenster“.',
  'availability.brush.all': 'alle Ihre Plätze',
  'availability.brush.threeQuarters': 'drei Viertel',
  'availability.brush.half': 'die Hälfte',
  'availability.brush.quarter': 'ein Viertel',
  'availability.brush.closedHint': 'ein Zeitfenster ohne Plätze',
  'availability.brush.eraseHint': 'in keinem Zeitfenster',
  'availability.brush.erase': 'Löschen',
  'availability.brush.closed': 'Geschlossen',

  'availability.legend.label': 'Legende',
  'availability.legend.alwaysOpen': 'immer offen: noch keine Zeitfenster',
  'availability.legend.closedWindow': 'Geschlossenes Zeitfenster',
  'availability.legend.partOfHour': 'Teil der Stunde',
  'availability.legend.notInWindow': 'In keinem Zeitfenster ({outside})',

  'availability.grid.label': 'Wöchentliche Verfügbarkeit, Zeitzone {zone}: eine Zeile pro Tag, eine Spalte pro Stunde.',
  'availability.grid.day': 'Tag',
  'availability.grid.hint':
    'Ziehen Sie über das Raster, um den gewählten Anteil zu malen; beginnen Sie auf einer Zelle, die ihn schon hat, wird er stattdessen gelöscht. Tastatur: Pfeiltasten bewegen, Leertaste oder Eingabetaste malt oder löscht eine Zelle, Umschalt+Pfeil malt beim Bewegen.',
  'availability.grid.partialHint':
    'Zellen, die ein Zeitfenster nur zum Teil abdeckt, sind teilweise gefüllt; malen Sie eine davon, gilt der Anteil für die ganze Stunde, und die übrigen Minuten behalten ihre genauen Zeiten.',
  'availability.grid.midnight': 'Mitternacht',
  'availability.grid.overnight': '{times} (bis in den nächsten Tag)',
  'availability.grid.cellOutside': '{when}: in keinem Zeitfenster',
  'availability.grid.cell': '{when}: {share}',
  'availability.grid.cellPartly': '{when}: teilweise, {parts}',
  'availability.grid.closedWindow': 'geschlossenes Zeitfenster',
  'availability.grid.everyDay': 'Jeden Tag',

  'availability.preview.title': 'Die nächsten 24 Stunden',
  'availability.preview.unsaved': 'Mit Ihren ungespeicherten Änderungen',
  'availability.preview.intro':
    'Was der Zeitplan ab jetzt anbietet, in der Zeitzone {zone}. Der Schalter „Verfügbar“ und die Bedingungen unten kommen hinzu.',
  'availability.preview.failed': 'Die Vorschau konnte nicht berechnet werden: {message}',
  'availability.preview.working': 'Die nächsten 24 Stunden werden berechnet …',
  'availability.preview.listLabel': 'Die nächsten 24 Stunden in Worten',
  'availability.preview.noWindows': 'keine Zeitfenster: rund um die Uhr offen',
  'availability.preview.now': 'Jetzt',
  'availability.preview.nowMark': 'jetzt',
  'availability.preview.slots': '{count, plural, one {# Platz} other {# Plätze}}',
  'availability.preview.capacity': '{count, plural, one {# Platz} other {# Plätze}} ({share})',
  'availability.preview.capacityOf': '{count} von {max} Plätzen ({share})',
  'availability.preview.stretch': '{when}: {count, plural, one {# Platz} other {# Plätze}}, {share}',
  'availability.preview.stretchClosed': '{when}: geschlossen',

  'availability.editor.title': 'Wochenplan',
  'availability.editor.unsaved': 'Ungespeicherte Änderungen',
  'availability.editor.introMax':
    'Malen Sie die Stunden, in denen Ihr Computer für das Netzwerk arbeitet, und wie viel davon: Der Anteil bezieht sich auf Ihre gleichzeitigen Aufgaben ({max} bei voller Verfügbarkeit). Alle Zeiten gelten in der Zeitzone {zone}.',
  'availability.editor.intro':
    'Malen Sie die Stunden, in denen Ihr Computer für das Netzwerk arbeitet, und wie viel davon: Der Anteil bezieht sich auf Ihre gleichzeitigen Aufgaben. Alle Zeiten gelten in der Zeitzone {zone}.',
  'availability.editor.formLabel': 'Einstellungen des Zeitplans',
  'availability.editor.notSaved': 'Der Zeitplan wurde nicht gespeichert: Ihr Knoten behält den bisherigen.',
  'availability.editor.marked': 'Die betroffenen Zeitfenster sind in der Liste oben markiert.',
  'availability.editor.save': 'Zeitplan speichern',
  'availability.editor.undo': 'Änderungen verwerfen',
  'availability.editor.saved': 'Gespeichert. Ihr Knoten folgt jetzt diesem Zeitplan.',
  'availability.editor.nothing': 'Nichts zu speichern.',
  'availability.editor.dirty': 'Sie haben ungespeicherte Änderungen.',

  'availability.windows.none': 'Noch keine Zeitfenster',
  'availability.windows.title': 'Ihre Zeitfenster ({count})',
  'availability.windows.noneHint':
    'Ohne Zeitfenster ist Ihr Knoten rund um die Uhr mit voller Kapazität verfügbar, sobald er eingeschaltet ist. Malen Sie Stunden in das Raster, um seine Arbeitszeit zu begrenzen.',
  'availability.windows.atOnce': '({count, plural, one {# Aufgabe} other {# Aufgaben}} gleichzeitig)',
  'availability.windows.removeLabel': 'Zeitfenster {window} entfernen',
  'availability.windows.remove': 'Entfernen',

  'availability.zone.label': 'Zeitzone',
  'availability.zone.hint':
    'Ihre Zeitfenster sind Uhrzeiten in dieser Zone (derzeit {offset}). Wählen Sie eine andere Zone, bleiben die Uhrzeiten gleich und gelten dann auf deren Uhr; die Sommerzeit wird von selbst berücksichtigt.',
  'availability.zone.unknown': 'diesem Browser unbekannt',
  'availability.zone.differs':
    'Dieser Browser ist auf {browser} ({offset}) eingestellt, nicht auf {zone}: Die Zeiten auf dieser Seite sind Zeiten in {zone}.',
  'availability.zone.use': '{zone} verwenden',

  'availability.issues.timeZone': 'Zeitzone: {message}',
  'availability.issues.outside': 'Außerhalb Ihrer Zeitfenster: {message}',
  'availability.store.tooMany': 'Der Zeitplan hat {count} Zeitfenster; höchstens {max} können gespeichert werden.',
  'availability.store.tooManyIssue':
    '{count} Zeitfenster sind mehr als die {max}, die ein Zeitplan fassen kann. Verwenden Sie weniger verschiedene Anteile oder malen Sie längere Abschnitte.',
};
