/** Die deutschen Wörter von tunnel: dieselben ids wie en/tunnel.ts, keine fehlt. */
import type { messages as en } from '../en/tunnel';

export const messages: Record<keyof typeof en, string> = {
  'tunnel.time.seconds': '{seconds, number} s',
  'tunnel.time.minutes': '{minutes, number} min',

  'tunnel.state.idle': 'Nicht gestartet',
  'tunnel.state.waiting': 'Wartet, bevor ein Tunnel erstellt wird (Cloudflare begrenzt, wie oft)',
  'tunnel.state.starting': 'cloudflared wird gestartet',
  'tunnel.state.verifying': 'Prüft, ob die neue Adresse antwortet',
  'tunnel.state.up': 'Funktioniert',
  'tunnel.state.recovering': 'Antwortet nicht: Der Tunnel wird neu aufgebaut',
  'tunnel.state.coolingDown': 'Cloudflare bittet um eine Pause (zu viele Anfragen)',
  'tunnel.state.dead': 'Mehrmals fehlgeschlagen: später neuer Versuch',
  'tunnel.state.off': 'Abgeschaltet: cloudflared hat weit mehr ausgegeben, als ein Tunnel braucht',
  'tunnel.state.stopped': 'Beendet',
  'tunnel.state.inUse': 'In Gebrauch ({detail})',
  'tunnel.state.offFor':
    'Noch {minutes, plural, one {# Minute} other {# Minuten}} abgeschaltet: cloudflared hat weit mehr ausgegeben, als ein Tunnel braucht',

  'tunnel.detail.env': 'aus {name}',
  'tunnel.detail.ngrokPort': 'ngrok-Tunnel „{name}“ zu Port {port}',
  'tunnel.detail.ngrokElsewhere': 'ngrok-Tunnel „{name}“ zu {to}',
  'tunnel.detail.tailscale': 'Tailscale Funnel auf {host} zu Port {port}',

  'tunnel.existing.checking':
    'Prüft, ob {url} zu diesem Knoten führt: Eine Anfrage mit einem Einmalcode geht hindurch.',
  'tunnel.existing.reached': 'Eine Anfrage über {url} hat diesen Knoten erreicht.',
  'tunnel.existing.refused': '{url} wird nicht genutzt: {reason}.',
  'tunnel.existing.notReached':
    '{url} wird nicht genutzt: Eine Anfrage darüber hat diesen Knoten nicht erreicht ({reason}).',
  'tunnel.existing.envNotHttps':
    '{name} ist gesetzt, aber keine https://-Adresse, daher wird es übergangen (Browser und das Netzwerk brauchen https).',
  'tunnel.existing.envNamed': '{name} nennt die Tunneladresse {url}.',

  'tunnel.reach.notThisNode': 'dort hat etwas geantwortet, aber nicht dieser Knoten',
  'tunnel.reach.wrongProof': 'dort hat etwas mit einem Nachweis geantwortet, den dieser Knoten nicht erstellt hat',

  'tunnel.ngrok.notAgent': 'Unter {where} hat etwas geantwortet, aber nicht wie ein ngrok-Agent (HTTP {status}).',
  'tunnel.ngrok.unreadable': 'Der ngrok-Agent unter {where} hat eine Antwort gesendet, die sich nicht lesen ließ.',
  'tunnel.ngrok.noList': 'Der ngrok-Agent unter {where} hat eine Antwort ohne Liste von Tunneln gesendet.',
  'tunnel.ngrok.noTunnel': 'Ein ngrok-Agent läuft, hat aber keinen Tunnel geöffnet.',
  'tunnel.ngrok.noHttps':
    'Ein ngrok-Agent läuft, aber keiner seiner Tunnel hat eine https://-Adresse, die Browser und das Netzwerk brauchen.',
  'tunnel.ngrok.ours': 'Ein ngrok-Tunnel leitet {url} an den Aufgaben-Port {port} dieses Computers weiter.',
  'tunnel.ngrok.elsewhere':
    'Ein ngrok-Tunnel {url} leitet an {to} weiter, nicht an den Aufgaben-Port {port} dieses Computers. Er wird nur genutzt, weil es keinen anderen Tunnel gibt, und funktioniert nur, wenn diese Adresse Anfragen an Port {port} weitergibt.',
  'tunnel.ngrok.unstatedTarget': 'eine Adresse, die ngrok nicht genannt hat',
  'tunnel.ngrok.tooLarge':
    'Unter {where} hat etwas mit mehr als {mib, number} MiB geantwortet, weit mehr als die Tunnelliste eines ngrok-Agenten, daher wird es nicht genutzt.',
  'tunnel.ngrok.timeout':
    'Unter {where} hat innerhalb von {wait} nichts geantwortet, daher wird kein ngrok-Agent angenommen.',
  'tunnel.ngrok.notRunning':
    'Auf diesem Computer läuft kein ngrok-Agent (unter {where} wartet nichts auf Verbindungen).',
  'tunnel.ngrok.unreachable': 'Unter {where} war kein ngrok-Agent erreichbar.',
  'tunnel.ngrok.unreachableCode': 'Unter {where} war kein ngrok-Agent erreichbar ({code}).',

  'tunnel.tailscale.statusUnreadable':
    'Tailscale hat seinen Zustand in einer Form gemeldet, die sich nicht lesen ließ.',
  'tunnel.tailscale.notConnected': 'Tailscale ist installiert, aber nicht verbunden (sein Zustand ist „{state}“).',
  'tunnel.tailscale.notConnectedUnknown':
    'Tailscale ist installiert, aber nicht verbunden (sein Zustand ist unbekannt).',
  'tunnel.tailscale.noDnsName':
    'Tailscale ist verbunden, aber dieser Computer hat keinen Tailscale-DNS-Namen (MagicDNS ist aus), daher lässt sich Funnel nicht nutzen.',
  'tunnel.tailscale.serveUnreadable':
    'Tailscale hat das, was es bereitstellt, in einer Form gemeldet, die sich nicht lesen ließ.',
  'tunnel.tailscale.funnel':
    'Tailscale Funnel macht {url} im Internet erreichbar und leitet es an den Aufgaben-Port {port} dieses Computers weiter.',
  'tunnel.tailscale.tailnetOnly':
    'Tailscale stellt {url} für Port {port} nur Ihren eigenen Geräten bereit (Funnel ist aus). Das Netzwerk erreicht es so nicht.',
  'tunnel.tailscale.nothing':
    'Tailscale ist verbunden, macht aber nichts für den Aufgaben-Port {port} dieses Computers erreichbar.',
  'tunnel.tailscale.missing': 'Tailscale ist auf diesem Computer nicht installiert (kein Programm tailscale gefunden).',
  'tunnel.tailscale.timeout':
    'Tailscale hat {what, select, status {seinen Zustand} other {das, was es bereitstellt,}} nicht rechtzeitig gemeldet ({detail}).',
  'tunnel.tailscale.timeoutAfter':
    'Tailscale hat {what, select, status {seinen Zustand} other {das, was es bereitstellt,}} nicht rechtzeitig gemeldet (keine Antwort innerhalb von {wait}).',
  'tunnel.tailscale.serviceDown': 'Tailscale ist installiert, aber sein Hintergrunddienst läuft nicht.',
  'tunnel.tailscale.failed':
    'Tailscale konnte {what, select, status {seinen Zustand} other {das, was es bereitstellt,}} nicht melden („{detail}“).',

  'tunnel.cloudflared.rateLimited':
    'Cloudflare lehnt vorerst ab, einen weiteren Schnelltunnel zu erstellen (zu viele Anfragen aus diesem Netzwerk).',
  'tunnel.cloudflared.floodedStart':
    'cloudflared hat weit mehr ausgegeben, als ein Tunnel braucht (über {mib, number} MiB vor seiner Adresse)',
  'tunnel.cloudflared.floodedMinute':
    'cloudflared hat weit mehr ausgegeben, als ein Tunnel braucht (über {mib, number} MiB in einer Minute)',
  'tunnel.cloudflared.notStarted': 'cloudflared ließ sich nicht starten ({code}).',
  'tunnel.cloudflared.exitedCode':
    'cloudflared wurde mit dem Exit-Code {code} beendet, bevor es eine Tunneladresse ausgab.',
  'tunnel.cloudflared.exited': 'cloudflared wurde beendet, bevor es eine Tunneladresse ausgab.',
  'tunnel.cloudflared.noAddress': 'cloudflared hat innerhalb von {seconds, number} s keine Tunneladresse ausgegeben.',
  'tunnel.cloudflared.stopped': 'cloudflared wurde beendet',
  'tunnel.cloudflared.stoppedUnexpectedly': 'cloudflared wurde unerwartet beendet',
  'tunnel.cloudflared.installHint':
    'cloudflared ist nicht installiert. Es gibt diesem Computer eine öffentliche Adresse, ohne Änderungen am Router und ohne Konto: Unter macOS führen Sie „{mac}“ aus, unter Windows „{windows}“, für Linux siehe {linux}.',

  'tunnel.quick.starting': 'Ein Cloudflare-Schnelltunnel (cloudflared) zu diesem Computer wird gestartet.',
  'tunnel.quick.answersAt': 'Der Schnelltunnel antwortet unter {url}.',
  'tunnel.quick.notUp': 'Der Schnelltunnel ist nicht zustande gekommen.',
  'tunnel.quick.notUpBecause': 'Der Schnelltunnel ist nicht zustande gekommen: {reason}',
  'tunnel.quick.offFor':
    'Der Schnelltunnel ist noch {minutes, plural, one {# Minute} other {# Minuten}} abgeschaltet: {why}. Der Knoten arbeitet ohne ihn weiter.',
  'tunnel.quick.offWhy': '{why}.',
  'tunnel.quick.stopped': 'Der Schnelltunnel wurde beendet.',
  'tunnel.quick.stoppedNothing': 'Beendet; es lief kein Schnelltunnel.',
  'tunnel.quick.limitsUnwritable':
    'In den Ordner für die Tunnelgrenzen ({folder}) lässt sich nicht schreiben ({code}), daher wird kein Schnelltunnel erstellt.',
  'tunnel.quick.startingPort': 'cloudflared wird für einen Schnelltunnel zu Port {port} gestartet.',
  'tunnel.quick.opened':
    'cloudflared hat {url} geöffnet; es wird geprüft, ob die Adresse diesen Knoten aus dem Internet erreicht.',
  'tunnel.quick.notVerified':
    'Die neue Adresse {url} hat diesen Knoten nicht innerhalb von {wait} erreicht ({reason}).',
  'tunnel.quick.noAnswerYet': 'noch keine Antwort',
  'tunnel.quick.up': 'Der Schnelltunnel {url} erreicht diesen Knoten.',
  'tunnel.quick.answersAgain': 'Der Schnelltunnel {url} antwortet wieder.',
  'tunnel.quick.healthFailed':
    'Der Schnelltunnel {url} hat auf die Zustandsprüfung nicht geantwortet: {reason} ({count, number}-mal in Folge).',
  'tunnel.quick.lost':
    'Der Schnelltunnel {url} funktioniert nicht mehr ({reason}). Der Knoten wird als nicht verfügbar gemeldet, bis ein neuer Tunnel steht.',
  'tunnel.quick.lostNoUrl':
    'Der Schnelltunnel funktioniert nicht mehr ({reason}). Der Knoten wird als nicht verfügbar gemeldet, bis ein neuer Tunnel steht.',
  'tunnel.quick.switchedOff':
    '{why}, daher ist der Schnelltunnel für {wait} abgeschaltet. Der Knoten arbeitet ohne ihn weiter.',
  'tunnel.quick.dead':
    '{count, plural, one {# Versuch} other {# Versuche}} in Folge ergaben keinen funktionierenden Schnelltunnel; neuer Versuch in {wait}.',
  'tunnel.quick.coolingDown':
    'Cloudflare hat dieses Netzwerk gebeten, seltener Schnelltunnel zu erstellen; der nächste wird in {wait} versucht.',
  'tunnel.quick.spacing':
    'Auf diesem Computer wurde gerade ein Schnelltunnel erstellt; der nächste darf in {wait} erstellt werden, um die Grenzen von Cloudflare einzuhalten.',
  'tunnel.quick.otherProgram':
    'Ein anderes Programm auf diesem Computer erstellt gerade einen Schnelltunnel; neuer Versuch in {wait}.',

  'tunnel.fallback.pinholeOpened':
    'Der Router hat seine IPv6-Firewall für Port {port} geöffnet (eine Freigabe), daher erreicht das Internet {address} direkt.',
  'tunnel.fallback.firewallOpen':
    'Die IPv6-Firewall des Routers lässt Verbindungen herein, daher erreicht das Internet {address} direkt.',
  'tunnel.fallback.quickSuspended':
    'Die Verfügbarkeit ist aus: Der Schnelltunnel startet, sobald sie eingeschaltet wird.',
  'tunnel.fallback.quickAllowable':
    'cloudflared ist installiert; ein Schnelltunnel ließe sich nutzen, wenn Sie ihn auf der Seite „Netzwerk“ erlauben.',
  'tunnel.fallback.relaySuspended': 'Die Verfügbarkeit ist aus: Ein Relay wird gesucht, sobald sie eingeschaltet wird.',
  'tunnel.fallback.relayOff': 'Das Bereitstellen über ein Relay ist in den Einstellungen ausgeschaltet.',
  'tunnel.fallback.bareIpv6':
    'Die globale IPv6-Adresse {address} wird genutzt. Ob Verbindungen hereinkommen, hängt von der IPv6-Firewall des Routers ab, die sich von hier aus nicht öffnen ließ.',
  'tunnel.fallback.relayLooking':
    'Sucht einen Relay-Knoten, der Aufgaben über seine eigene ausgehende Verbindung zu diesem Computer bringt.',
  'tunnel.fallback.relayNone': '{reason} Später wird erneut gesucht.',
  'tunnel.fallback.noRelay': 'Gerade ließ sich kein Relay nutzen.',
  'tunnel.reason.stopped': 'der Schnelltunnel wurde beendet',
  'tunnel.reason.newAnswers': 'ein neuer Schnelltunnel besteht seine Zustandsprüfung',
  'tunnel.reason.stoppedWorking': 'der Schnelltunnel funktioniert nicht mehr: {reason}',
  'tunnel.reason.newRelay': 'ein neues Relay überbringt die Aufgaben',
  'tunnel.reason.relayLost': 'das Relay ist verloren gegangen ({reason})',
};
