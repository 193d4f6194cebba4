/** Die deutschen Wörter von ladder: dieselben ids wie en/ladder.ts, keine fehlt. */
import type { messages as en } from '../en/ladder';

export const messages: Record<keyof typeof en, string> = {
  'ladder.reason.start': 'Start',
  'ladder.reason.asked': 'auf der Seite „Netzwerk“ angefordert',
  'ladder.reason.nonPublic': 'der Router meldet eine nicht öffentliche Adresse',
  'ladder.reason.woke': 'aus dem Ruhezustand erwacht',
  'ladder.reason.settings': 'Einstellungen geändert',
  'ladder.reason.switchedOn': 'Verfügbarkeit eingeschaltet',
  'ladder.reason.periodic': 'regelmäßige Prüfung',
  'ladder.reason.addressLeft': 'die Adresse ist nicht mehr auf diesem Computer',
  'ladder.look.because': 'Suche nach einem Zugang aus dem Internet ({reason}).',
  'ladder.look.failed': 'Die Suche ist unerwartet gescheitert: „{detail}“.',
  'ladder.look.advertising': 'Die Adresse {url} wird dem Verzeichnis gemeldet.',
  'ladder.look.noTaskServer': 'Der Aufgaben-Server nimmt keine Verbindungen an. Es gibt nichts anzubieten.',
  'ladder.look.nothing': 'Es wurde kein Zugang aus dem Internet gefunden.',
  'ladder.look.lost': 'Vorerst nicht erreichbar: {reason}.',
  'ladder.look.quoted': '„{text}“',
  'ladder.suspend.mapping': 'Verfügbarkeit ausgeschaltet: Die Portweiterleitung am Router wurde entfernt.',
  'ladder.suspend.relay': 'Verfügbarkeit ausgeschaltet: Das Relay wurde verlassen.',
  'ladder.suspend.quickTunnel': 'Verfügbarkeit ausgeschaltet: Der Cloudflare-Schnelltunnel wurde geschlossen.',
  'ladder.suspend.pinhole':
    'Verfügbarkeit ausgeschaltet: Die Freigabe in der IPv6-Firewall des Routers wurde geschlossen.',
  'ladder.publicUrl.using': 'Die öffentliche URL aus den Einstellungen wird verwendet.',
  'ladder.publicUrl.usingTunnel': 'Die öffentliche URL aus den Einstellungen wird verwendet (ein Tunnel).',
  'ladder.publicUrl.private':
    'Die öffentliche URL {url} zeigt auf eine private oder lokale Adresse, die aus dem Internet nicht erreichbar ist. Sie wird übergangen.',
  'ladder.ipv4.found': 'Dieser Computer hat die öffentliche IPv4-Adresse {address}.',
  'ladder.ipv4.none': 'Dieser Computer hat keine öffentliche IPv4-Adresse.',
  'ladder.ipv4.noneLan': 'Dieser Computer hat keine öffentliche IPv4-Adresse (seine LAN-Adresse ist {address}).',
  'ladder.mapping.off': 'Die Portweiterleitung ist in den Einstellungen ausgeschaltet.',
  'ladder.mapping.suspended':
    'Die Verfügbarkeit ist aus: Der Router wird um eine Portweiterleitung gebeten, sobald sie eingeschaltet wird.',
  'ladder.mapping.resting':
    'Die Portweiterleitung ist noch {minutes, plural, one {# Minute} other {# Minuten}} ausgeschaltet, weil die Antworten des Routers immer wieder fehlschlugen. Der Knoten arbeitet ohne sie weiter.',
  'ladder.mapping.behindNat': 'Der Router antwortet auf {protocol} und meldet die öffentliche Adresse {address}.',
  'ladder.mapping.noAnswer': 'Keine Antwort des Routers auf {protocol} („{detail}“).',
  'ladder.mapping.doubleNat':
    'Der Router steht selbst hinter einem weiteren NAT. Eine Portweiterleitung an ihm würde nicht helfen.',
  'ladder.mapping.switchedOff':
    'Die Portweiterleitung wurde nach {failures, plural, one {# fehlgeschlagenen Prüfung} other {# fehlgeschlagenen Prüfungen}} in Folge für {minutes, plural, one {# Minute} other {# Minuten}} ausgeschaltet. Der Knoten arbeitet ohne sie weiter.',
  'ladder.mapping.removed': 'Die Weiterleitung des öffentlichen Ports {port} wurde entfernt.',
  'ladder.mapping.notRemoved':
    'Die Weiterleitung des öffentlichen Ports {port} ließ sich nicht entfernen („{detail}“). Der Router verwirft sie, wenn ihre Laufzeit endet.',
  'ladder.mapping.reports': 'Der {protocol}-Router meldet die öffentliche Adresse {address}.',
  'ladder.mapping.noRouter': 'Kein {protocol}-Router hat geantwortet: „{detail}“.',
  'ladder.mapping.wouldNotOpen': 'Der Router wollte Port {port} nicht öffnen: „{detail}“.',
  'ladder.mapping.refusedAny':
    'Der Router hat den öffentlichen Port {port} abgelehnt. Stattdessen wird nach einem beliebigen freien öffentlichen Port gefragt.',
  'ladder.mapping.refusedTry':
    'Der Router hat den öffentlichen Port {port} abgelehnt. Stattdessen wird nach dem öffentlichen Port {alt} gefragt.',
  'ladder.mapping.refusedAgain':
    'Der Router hat auch diesen Port abgelehnt. Stattdessen wird nach dem öffentlichen Port {alt} gefragt.',
  'ladder.mapping.installed':
    'Die öffentliche Adresse {address} leitet jetzt an den lokalen Port {port} weiter (Laufzeit {seconds} s).',
  'ladder.mapping.moved': 'Verlängert, aber die öffentliche Adresse hat sich von {from} auf {to} geändert.',
  'ladder.mapping.renewed': 'Die öffentliche Adresse {address} wurde verlängert (Laufzeit {seconds} s).',
  'ladder.mapping.renewFailed': 'Verlängern fehlgeschlagen ({count} in Folge): „{detail}“.',
  'ladder.mapping.gone':
    'Die Weiterleitung gilt als verloren: {count} Verlängerungen sind in Folge fehlgeschlagen (zuletzt: „{detail}“). In {seconds} s wird versucht, Port {port} erneut weiterzuleiten.',
  'ladder.mapping.remapFailed':
    'Port {port} ließ sich nicht erneut weiterleiten („{detail}“). Nächster Versuch in {seconds} s.',
  'ladder.task.stoppedEarly': 'Beendet, bevor der Router um etwas gebeten wurde.',
  'ladder.error.unavailable': 'Kein Router hat geantwortet: „{detail}“',
  'ladder.error.timeout': 'Der Router hat nicht rechtzeitig geantwortet: „{detail}“',
  'ladder.error.transport': 'Der Austausch mit dem Router brach ab: „{detail}“',
  'ladder.error.refused': 'Der Router hat abgelehnt: „{detail}“',
  'ladder.pinhole.state.idle': 'Nicht gestartet',
  'ladder.pinhole.state.discovering': 'Router wird gesucht',
  'ladder.pinhole.state.opening': 'Router wird gebeten, seine IPv6-Firewall zu öffnen',
  'ladder.pinhole.state.open': 'Offen: Der Router lässt Verbindungen durch',
  'ladder.pinhole.state.renewing': 'Laufzeit wird verlängert',
  'ladder.pinhole.state.retrying': 'Verlängern fehlgeschlagen, neuer Versuch',
  'ladder.pinhole.state.notNeeded': 'Die IPv6-Firewall des Routers ist aus: Es gibt nichts zu öffnen',
  'ladder.pinhole.state.refused': 'Der Router hat das Öffnen seiner Firewall abgelehnt',
  'ladder.pinhole.state.failed': 'Kein Router bietet Freigaben in der IPv6-Firewall an',
  'ladder.pinhole.state.lost': 'Der Router hat die Freigabe verloren: Sie wird neu angefragt',
  'ladder.pinhole.state.stopping': 'Wird geschlossen',
  'ladder.pinhole.state.stopped': 'Geschlossen',
  'ladder.pinhole.state.resting':
    'Noch {minutes, plural, one {# Minute} other {# Minuten}} ausgeschaltet: Die Antworten des Routers schlugen immer wieder fehl',
  'ladder.pinhole.resting':
    'Die Hilfe für die IPv6-Firewall ist noch {minutes, plural, one {# Minute} other {# Minuten}} ausgeschaltet, weil die Antworten des Routers immer wieder fehlschlugen. Der Knoten arbeitet ohne sie weiter.',
  'ladder.pinhole.switchedOff':
    'Die Hilfe für die IPv6-Firewall wurde nach {failures, plural, one {# fehlgeschlagenen Versuch} other {# fehlgeschlagenen Versuchen}} in Folge für {minutes, plural, one {# Minute} other {# Minuten}} ausgeschaltet. Der Knoten arbeitet ohne sie weiter.',
  'ladder.pinhole.closed': 'Die Freigabe (ID {id}) für Port {port} wurde geschlossen.',
  'ladder.pinhole.alreadyGone': 'Der Router hatte die Freigabe (ID {id}) nicht mehr. Es gibt nichts mehr zu schließen.',
  'ladder.pinhole.notClosed':
    'Die Freigabe (ID {id}) ließ sich nicht schließen: „{detail}“. Der Router verwirft sie, wenn ihre Laufzeit endet (spätestens nach {seconds} s).',
  'ladder.pinhole.found': 'Der Dienst für die IPv6-Firewall des Routers wurde unter {url} gefunden.',
  'ladder.pinhole.foundNamed': 'Der Dienst für die IPv6-Firewall des Routers wurde unter {url} gefunden („{device}“).',
  'ladder.pinhole.firewallOff':
    'Die IPv6-Firewall des Routers ist ausgeschaltet. Eingehende IPv6-Verbindungen erreichen {address} also schon. Es gibt keine Freigabe zu öffnen.',
  'ladder.pinhole.notAllowed':
    'Die IPv6-Firewall des Routers ist eingeschaltet, lässt Geräte aber keine Freigaben öffnen. Erlauben Sie es in den Einstellungen des Routers. Auf einer FRITZ!Box: Öffnen Sie Internet > Freigaben > Portfreigaben, bearbeiten Sie diesen Computer und schalten Sie „Selbstständige Portfreigaben für dieses Gerät erlauben“ ein.',
  'ladder.pinhole.serviceRefused': '{url} hat abgelehnt: „{detail}“.',
  'ladder.pinhole.wouldNotOpen': 'Der Router wollte Port {port} für {address} nicht öffnen: „{detail}“',
  'ladder.pinhole.couldNotOpen': 'Die Freigabe in der IPv6-Firewall ließ sich nicht öffnen: „{detail}“.',
  'ladder.pinhole.opened':
    'Der Router hat seine IPv6-Firewall für [{address}]:{port} geöffnet (Freigabe-ID {id}, Laufzeit {seconds} s).',
  'ladder.pinhole.wouldNotRenew':
    'Der Router wollte die Freigabe mit der ID {id} nicht verlängern („{detail}“). Er wird gebeten, sie neu zu öffnen.',
  'ladder.pinhole.renewed': 'Die Freigabe (ID {id}) wurde um {seconds} s verlängert.',
  'ladder.pinhole.extended': 'Der Router hatte die Freigabe noch und hat sie verlängert (ID {id}).',
  'ladder.pinhole.renewFailed': 'Verlängern der Freigabe fehlgeschlagen ({count} in Folge): „{detail}“.',
  'ladder.pinhole.gone':
    'Die Freigabe gilt als verloren: {count} Verlängerungen sind in Folge fehlgeschlagen (zuletzt: „{detail}“). In {seconds} s wird versucht, sie erneut zu öffnen.',
  'ladder.pinhole.reopenFailed':
    'Erneutes Öffnen der Freigabe fehlgeschlagen („{detail}“). Nächster Versuch in {seconds} s.',
};
