/** Die deutschen Wörter von network/guidance: dieselben ids wie en/network/guidance.ts, keine fehlt. */
import type { messages as en } from '../../en/network/guidance';

export const messages: Record<keyof typeof en, string> = {
  'network.guidance.yourPublicIp': 'Ihre öffentliche IP',
  'network.guidance.title': 'Was zu tun ist',
  'network.guidance.badUrl':
    'Die Adresse <url></url> führt aus dem Internet nicht zu diesem Knoten. Prüfen Sie, ob sie stimmt und {hasPort, select, yes {Port {port}} other {den Aufgaben-Port}} auf diesem Computer erreicht, oder nutzen Sie eine dieser Möglichkeiten:',
  'network.guidance.nobody':
    'Noch kann niemand im Internet Aufgaben an Ihren Knoten senden, daher bedient er nur diesen Computer. Jede dieser Möglichkeiten behebt das:',
  'network.guidance.doubleNat':
    'Wegen des Netzes vor Ihrem Router (siehe oben) reicht es nicht, nur am Router einen Port zu öffnen. Ein Tunnel funktioniert überall.',
  'network.guidance.forwardAt':
    '<strong>Leiten Sie den Port an Ihrem Router weiter.</strong> Richten Sie in den Einstellungen Ihres Routers eine Portweiterleitung für {hasPort, select, yes {TCP-Port {port}} other {den Aufgaben-Port}} an diesen Computer unter <address></address>{hasPort, select, yes {, Port {port}} other {}} ein. Tragen Sie dann <example></example> unten als öffentliche URL ein.',
  'network.guidance.forwardUnknown':
    '<strong>Leiten Sie den Port an Ihrem Router weiter.</strong> Richten Sie in den Einstellungen Ihres Routers eine Portweiterleitung für {hasPort, select, yes {TCP-Port {port}} other {den Aufgaben-Port}} an diesen Computer ein{hasPort, select, yes {, Port {port}} other {}}. Die LAN-Adresse dieses Computers ist unbekannt: Sehen Sie in den Netzwerkeinstellungen Ihres Systems nach (sie beginnt meist mit 192.168. oder 10.). Tragen Sie dann <example></example> unten als öffentliche URL ein.',
  'network.guidance.askRouterFixed':
    '<strong>Lassen Sie den Knoten Ihren Router fragen.</strong> Die Portweiterleitung am Router ist für diesen Lauf über die Befehlszeile oder Umgebung des Hosts ausgeschaltet. Wenn Ihr Router UPnP oder NAT-PMP unterstützt, starten Sie den Host stattdessen mit <code>--port-mapping auto</code> (oder <code>IICP_PORT_MAPPING=auto</code>).',
  'network.guidance.askRouterOff':
    '<strong>Lassen Sie den Knoten Ihren Router fragen.</strong> Die Portweiterleitung am Router ist unten ausgeschaltet. Stellen Sie sie auf Automatisch, wenn Ihr Router UPnP oder NAT-PMP unterstützt.',
  'network.guidance.askRouter':
    '<strong>Lassen Sie den Knoten Ihren Router fragen.</strong> Schalten Sie UPnP oder NAT-PMP in den Einstellungen Ihres Routers ein und drücken Sie dann „Erneut prüfen“.',
  'network.guidance.tunnel':
    '<strong>Nutzen Sie einen Tunnel.</strong> Starten Sie einen Tunnel (zum Beispiel cloudflared oder ngrok) zu {hasPort, select, yes {Port {port}} other {den Aufgaben-Port}} auf diesem Computer und fügen Sie die HTTPS-Adresse, die er Ihnen gibt, unten als öffentliche URL ein.',
  'network.relay.idle': 'Nicht gestartet',
  'network.relay.electing': 'Relay wird gewählt',
  'network.relay.binding': 'Verbindung zum Relay wird aufgebaut',
  'network.relay.bound': 'Verbunden: Aufgaben kommen darüber an',
  'network.relay.reconnecting': 'Verloren: Ein anderes Relay wird gesucht',
  'network.relay.noRelay': 'Kein Relay verfügbar',
  'network.relay.stopped': 'Relay verlassen',
  'network.relay.title': 'Relay',
  'network.relay.relay': 'Relay',
  'network.relay.none': 'Keines',
  'network.relay.node': 'Relay-Knoten',
  'network.relay.standing': 'Sein Ansehen',
  'network.relay.unknown': 'Unbekannt',
  'network.relay.standingWords':
    '{probation, select, yes {Neu im Netzwerk (auf Probe)} other {Etabliert}}{hasScore, select, yes {, Reputation {score}} other {}}',
  'network.relay.since': 'Verbunden seit',
  'network.relay.notConnected': 'Nicht verbunden',
  'network.relay.carried': 'Beförderte Aufgaben',
  'network.relay.refused': '({count, number} unverschlüsselte abgelehnt)',
  'network.relay.next': 'Nächster Versuch',
  'network.relay.note':
    'Das Relay leitet Aufgaben über eine Verbindung an diesen Computer weiter, die der Knoten selbst geöffnet hat, sodass kein Port geöffnet werden muss. Ende-zu-Ende-verschlüsselte Aufgaben (IICP-CX) bleiben für das Relay unlesbar; unverschlüsselte werden abgelehnt, sofern Sie sie unten nicht erlauben.',
};
