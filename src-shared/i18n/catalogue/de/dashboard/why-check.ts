/** Die deutschen Wörter von dashboard/why-check: dieselben ids wie en/dashboard/why-check.ts, keine fehlt. */
import type { messages as en } from '../../en/dashboard/why-check';

export const messages: Record<keyof typeof en, string> = {
  'dashboard.whyCheck.open.network': 'Netzwerk öffnen',
  'dashboard.whyCheck.open.settings': 'Einstellungen öffnen',
  'dashboard.whyCheck.open.pricing': 'Preise öffnen',
  'dashboard.whyCheck.open.availability': 'Verfügbarkeit öffnen',
  'dashboard.whyCheck.searchTooBig': 'Die Suchantwort des Verzeichnisses war zu groß zum Lesen.',
  'dashboard.whyCheck.searchUnreadable': 'Die Suchantwort des Verzeichnisses ließ sich nicht lesen.',
  'dashboard.whyCheck.unreachableTimeout':
    'Das Verzeichnis ließ sich nicht fragen (keine Antwort innerhalb {seconds, plural, one {einer Sekunde} other {von # Sekunden}}).',
  'dashboard.whyCheck.unreachableBecause': 'Das Verzeichnis ließ sich nicht fragen ({why}).',
  'dashboard.whyCheck.unreachable': 'Das Verzeichnis ließ sich nicht fragen (es war nicht erreichbar).',
  'dashboard.whyCheck.membershipRefused':
    'Das Verzeichnis ist ein geschlossenes Netzwerk und hat die Mitgliedschaft dieses Knotens nicht angenommen.',
  'dashboard.whyCheck.httpStatus': 'Das Verzeichnis konnte nicht antworten (es meldete HTTP {status}).',
  'dashboard.whyCheck.link.registered': 'Beim Verzeichnis registriert.',
  'dashboard.whyCheck.link.connecting': 'Noch nicht registriert: Der Knoten registriert sich gerade beim Verzeichnis.',
  'dashboard.whyCheck.link.notConfigured': 'Nicht beim Verzeichnis registriert.',
  'dashboard.whyCheck.link.unreachable':
    'Das Verzeichnis ist nicht erreichbar, daher ist der Knoten dort gerade nicht registriert.',
  'dashboard.whyCheck.link.rejected': 'Das Verzeichnis hat die Registrierung des Knotens abgelehnt.',
  'dashboard.whyCheck.link.restricted':
    'Das Verzeichnis ist ein geschlossenes Netzwerk und braucht eine Mitgliedschaft für diesen Knoten.',
  'dashboard.whyCheck.linkSays': '{words}',
  'dashboard.whyCheck.notRegisteredBecause': 'Nicht beim Verzeichnis registriert – {why}',
  'dashboard.whyCheck.reach.notRegistered':
    'Nicht registriert, daher hat das Verzeichnis nicht versucht, Ihren Knoten zu erreichen.',
  'dashboard.whyCheck.reach.notListed':
    'Das Verzeichnis zeigt Ihren Knoten gerade nicht als verfügbar, daher weiß es nichts darüber, ob er erreichbar ist.',
  'dashboard.whyCheck.reach.ok': 'Das Verzeichnis hat Ihren Knoten aus dem Internet erreicht.',
  'dashboard.whyCheck.reach.failed':
    'Das Verzeichnis hat versucht, Ihren Knoten aus dem Internet zu erreichen, und konnte es nicht, daher schickt es keine Nutzer dorthin.',
  'dashboard.whyCheck.reach.notYet':
    'Das Verzeichnis hat noch nicht versucht, Ihren Knoten zu erreichen; es prüft alle paar Minuten.',
  'dashboard.whyCheck.intentTasks': 'Aufgaben für „{name}“',
  'dashboard.whyCheck.intentTasks.chat': 'Chat-Aufgaben',
  'dashboard.whyCheck.intentTasks.completion': 'Textvervollständigungsaufgaben',
  'dashboard.whyCheck.intentTasks.embedding': 'Einbettungsaufgaben',
  'dashboard.whyCheck.intentTasks.transcribe': 'Transkriptionsaufgaben',
  'dashboard.whyCheck.intentTasks.speech': 'Sprachausgabeaufgaben',
  'dashboard.whyCheck.intentTasks.moderate': 'Moderationsaufgaben',
  'dashboard.whyCheck.sameTasks': 'dieselben Aufgaben',
  'dashboard.whyCheck.find.noModels':
    'Ihr Knoten bietet noch keine Modelle an, daher gibt es nichts, wonach Nutzer suchen könnten.',
  'dashboard.whyCheck.find.noSearch':
    'Das Verzeichnis hat die Suche, die Nutzer nach {what} stellen, nicht beantwortet (es meldete HTTP 404), daher ist nicht bekannt, ob sie Ihren Knoten finden.',
  'dashboard.whyCheck.find.found':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten (Platz {place} von {listed} gelisteten).',
  'dashboard.whyCheck.find.notRegistered':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten nicht: Er ist nicht registriert.',
  'dashboard.whyCheck.find.silent':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten nicht: Das Verzeichnis hat seit mehr als {seconds} Sekunden nichts von ihm gehört.',
  'dashboard.whyCheck.find.notAvailable':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten nicht: Das Verzeichnis führt ihn als nicht verfügbar (ausgeschaltet, außerhalb der Zeitfenster Ihrer Verfügbarkeit oder sein LLM-Server nicht bereit).',
  'dashboard.whyCheck.find.draining':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten nicht: Ihr LLM-Server meldet, dass er ausläuft.',
  'dashboard.whyCheck.find.outranked':
    'Nutzer, die nach {what} suchen, finden Ihren Knoten nicht unter den ersten {limit}: So viele andere Knoten stehen gerade vor ihm.',
  'dashboard.whyCheck.find.notNow': 'Nutzer, die nach {what} suchen, finden Ihren Knoten gerade nicht.',
  'dashboard.whyCheck.price.others':
    '{others, plural, one {der andere Knoten, der {what} anbietet, verlangt {typical, number, ::.#### group-off} ×} other {die # anderen Knoten, die {what} anbieten, verlangen im Median {typical, number, ::.#### group-off} ×}}',
  'dashboard.whyCheck.price.dearer':
    'Sie verlangen das {inForce, number, ::.#### group-off}-Fache des Grundtarifs, doch {compared}: Nutzer mit einer Preisgrenze übergehen teurere Knoten. {status}.',
  'dashboard.whyCheck.price.fine':
    'Sie verlangen das {inForce, number, ::.#### group-off}-Fache des Grundtarifs; {compared}. {status}.',
  'dashboard.whyCheck.price.aboveBase':
    'Sie verlangen das {inForce, number, ::.#### group-off}-Fache des Grundtarifs im Netzwerk: Nutzer mit einer Preisgrenze übergehen teurere Knoten. {status}.',
  'dashboard.whyCheck.price.base':
    'Sie verlangen das {inForce, number, ::.#### group-off}-Fache des Grundtarifs im Netzwerk. {status}.',
  'dashboard.whyCheck.standing.notReported': 'Das Verzeichnis hat das Ansehen Ihres Knotens noch nicht gemeldet.',
  'dashboard.whyCheck.standing.notRegistered':
    'Nicht registriert, daher hat das Verzeichnis kein Ansehen für Ihren Knoten.',
  'dashboard.whyCheck.standing.probation':
    'Ihr Knoten ist neu: Bis er {tasks} Aufgaben erledigt hat, schickt ihm das Verzeichnis keine Nutzer, die interaktive Antworten verlangen – und das verlangt Chat in den IICP-SDKs standardmäßig. Das endet von selbst, während er Aufgaben bedient.',
  'dashboard.whyCheck.standing.probationDone':
    'Ihr Knoten ist neu: Bis er {tasks} Aufgaben erledigt hat (bisher {completed, number, ::group-off}), schickt ihm das Verzeichnis keine Nutzer, die interaktive Antworten verlangen – und das verlangt Chat in den IICP-SDKs standardmäßig. Das endet von selbst, während er Aufgaben bedient.',
  'dashboard.whyCheck.standing.low':
    'Ihre Reputation ist {score, number, ::.00}, unter den {start, number, ::.00}, mit denen jeder Knoten beginnt: Fehlgeschlagene Aufgaben haben sie gesenkt, und Nutzer bevorzugen Knoten mit mehr. Es erholt sich, wenn Aufgaben gelingen.',
  'dashboard.whyCheck.standing.fine':
    '{scored, select, yes {Reputation {score, number, ::.00}} other {Reputation noch nicht gemeldet}}{past, select, probation {, Probezeit vorbei} completed { nach {completed, number, ::group-off} erledigten Aufgaben} other {}}.',
  'dashboard.whyCheck.demand.noModels': 'Ihr Knoten bietet noch keine Modelle an.',
  'dashboard.whyCheck.demand.unread':
    'Die Suche des Verzeichnisses ließ sich nicht lesen, daher ist nicht bekannt, ob Nutzer nach Ihren Modellen fragen.',
  'dashboard.whyCheck.demand.alone':
    'Kein anderer Knoten im Verzeichnis bedient Ihre Modelle, daher gibt es keinen Vergleich; „Was das Netzwerk nachfragt“ im Dashboard zeigt, nach welchen Modellen Nutzer fragen.',
  'dashboard.whyCheck.demand.idle':
    '{same, plural, one {Der andere Knoten, der Ihre Modelle bedient, ist} other {Die # anderen Knoten, die Ihre Modelle bedienen, sind}} ebenfalls untätig: Nutzer fragen gerade nicht nach diesen Modellen.',
  'dashboard.whyCheck.demand.busy':
    '{same, plural, one {Der andere Knoten, der Ihre Modelle bedient} other {Die # anderen Knoten, die Ihre Modelle bedienen}}: {busy, plural, one {# ist} other {# sind}} gerade beschäftigt, also fragen Nutzer nach diesen Modellen.',
  'dashboard.whyCheck.refusals.unfixable':
    '{away, number, ::group-off} heute abgewiesen oder fehlgeschlagen, keine aus einem Grund, den Sie ändern können.',
  'dashboard.whyCheck.refusals.none': 'Heute wurde keine Aufgabe abgewiesen.',
  'dashboard.whyCheck.holdingBack': 'Das bremst Ihren Knoten: {words}',
};
