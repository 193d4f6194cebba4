/** Die deutschen Wörter von network/status: dieselben ids wie en/network/status.ts, keine fehlt. */
import type { messages as en } from '../../en/network/status';

export const messages: Record<keyof typeof en, string> = {
  'network.status.unknown': 'Noch nicht geprüft',
  'network.status.checking': 'Wird geprüft …',
  'network.status.public': 'Aus dem Internet erreichbar',
  'network.status.mapped': 'Nur über die Portweiterleitung des Routers erreichbar',
  'network.status.tunnel': 'Über einen Tunnel erreichbar',
  'network.status.relayed': 'Über ein Relay erreichbar',
  'network.status.notReachable': 'Aus dem Internet nicht erreichbar',
  'network.verification.confirmed': 'Vom Verzeichnis bestätigt: Es meldet, diesen Knoten zu erreichen',
  'network.verification.pending':
    'Noch nicht als erreichbar bestätigt: Nur die eigene Beobachtung des Verzeichnisses zählt, und es hat noch keine gemeldet',
  'network.eyebrow.looking': 'Suche nach einem Zugang aus dem Internet',
  'network.eyebrow.expects': 'Ihr Knoten ist voraussichtlich',
  'network.eyebrow.is': 'Ihr Knoten ist',
  'network.method.publicUrl': 'Ihre öffentliche URL',
  'network.method.publicIpv4': 'Öffentliche IPv4-Adresse auf diesem Computer',
  'network.method.upnp': 'Portweiterleitung per UPnP auf Ihrem Router',
  'network.method.natpmp': 'Portweiterleitung per NAT-PMP auf Ihrem Router',
  'network.method.ipv6': 'Globale IPv6-Adresse',
  'network.method.tunnel': 'Ein Tunnel, den Sie betreiben (ngrok, Tailscale Funnel, …)',
  'network.method.quickTunnel': 'Cloudflare-Schnelltunnel',
  'network.method.relay': 'Ein Relay-Knoten',
  'network.steps.title': 'Wie der Knoten geprüft hat',
  'network.steps.none': 'Es wurden noch keine Prüfungen ausgeführt.',
  'network.steps.show':
    '{count, plural, one {Den ausgeführten Schritt} other {Die # ausgeführten Schritte}} anzeigen, älteste zuerst',
  'network.nat.title': 'Zwischen Ihrem Router und dem Internet liegt ein weiteres Netz',
  'network.page.title': 'Netzwerk',
  'network.page.subtitle': 'Ob Computer im Internet den Aufgaben-Port Ihres Knotens erreichen können, und wie.',
  'network.statusCard.title': 'Erreichbarkeit',
  'network.statusCard.asOf': '(Stand: {at})',
  'network.recheck.again': 'Erneut prüfen',
  'network.recheck.failed': 'Die Prüfung konnte nicht starten: {message}',
  'network.checks.notSaved': 'Nicht gespeichert: {message}',
  'network.natWarning.cgnat':
    'Die eigene Internetadresse Ihres Routers ({address}) ist eine Carrier-Grade-NAT-Adresse: Ihr Internetanbieter teilt eine öffentliche Adresse unter vielen Kunden auf, daher ist ein an Ihrem Router geöffneter Port aus dem Internet nicht erreichbar. Bitten Sie Ihren Anbieter um eine öffentliche IPv4-Adresse, nutzen Sie IPv6 oder tragen Sie eine öffentliche URL ein, etwa die eines Tunnels.',
  'network.natWarning.doubleNat':
    'Die eigene Internetadresse Ihres Routers ({address}) ist eine private Adresse: Vor ihm sitzt ein zweiter Router (oder das NAT Ihres Anbieters), daher ist ein an Ihrem Router geöffneter Port aus dem Internet nicht erreichbar. Öffnen Sie den Port auch am äußeren Router, schalten Sie den inneren in den Bridge-Modus oder tragen Sie eine öffentliche URL ein, etwa die eines Tunnels.',
};
