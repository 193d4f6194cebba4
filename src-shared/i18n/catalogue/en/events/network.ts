/** The English words of events: the network's events. */
export const messages = {
  'events.network.method.publicUrl': 'the public address you set',
  'events.network.method.publicIpv4': "this computer's own public address",
  'events.network.method.router': 'a port your router opened',
  'events.network.method.ipv6': 'IPv6',
  'events.network.method.tunnel': 'your tunnel',
  'events.network.method.quickTunnel': 'a Cloudflare quick tunnel',
  'events.network.method.relay': 'a relay',
  'events.network.forDuration': 'for {duration}',
  'events.network.forAWhile': 'for a while',
  'events.network.checkOkVia': 'Check my node: the node is reachable from the internet through {via}.',
  'events.network.checkOk': 'Check my node: the node is reachable from the internet.',
  'events.network.checkPartialVia':
    'Check my node: the node is partly reachable through {via}; the Network page shows what did not work.',
  'events.network.checkPartial':
    'Check my node: the node is partly reachable; the Network page shows what did not work.',
  'events.network.checkFailedVia': 'Check my node: the node could not be reached from the internet through {via}.',
  'events.network.checkFailed': 'Check my node: the node could not be reached from the internet.',
  'events.network.noWayIn': 'No way in from the internet was found; for now the node serves only this computer.',
  'events.network.foundVia': 'Found a way in from the internet: {via}.',
  'events.network.found': 'Found a way in from the internet.',
  'events.network.lookFailed':
    'Looking for a way in from the internet failed because of an error in this app; the node tries again later.',
  'events.network.probeReachable': 'The directory reached your node from the internet just now.',
  'events.network.probeUnreachable': 'The directory could not reach your node from the internet just now.',
  'events.network.probeNotPossible': 'The directory cannot dial this kind of address; the task check shows the way in.',
  'events.network.probeNotAsked': 'The directory could not be asked to dial your node just now.',
  'events.network.mappedVia': 'Your router opened a port for this node ({protocol}).',
  'events.network.mapped': 'Your router opened a port for this node.',
  'events.network.addressChanged':
    "Your router's public address changed; the node tells the directory its new address.",
  'events.network.mappingLost': 'Your router stopped keeping the port open for this node; the node asks it again.',
  'events.network.renewFailed':
    'Your router did not renew the port it opened for this node{why}; the node tries again shortly.',
  'events.network.mappingRestored': 'Your router opened the port for this node again.',
  'events.network.unmapped': 'The port your router opened for this node was closed.',
  'events.network.pinholeOff':
    "The router's answers to the IPv6 firewall helper kept failing, so the helper is switched off {time}; the node keeps serving without it.",
  'events.network.mappingOff':
    "The router's answers to the port-mapping search kept failing, so port mapping is switched off {time}; the node keeps serving without it.",
  'events.network.tunnelStartingAttempt': 'Starting a Cloudflare quick tunnel (attempt {attempt}).',
  'events.network.tunnelStarting': 'Starting a Cloudflare quick tunnel.',
  'events.network.tunnelUp': 'A Cloudflare quick tunnel now leads to this node.',
  'events.network.tunnelRateLimited':
    'Cloudflare asked this network to slow down creating quick tunnels; the node waits before the next one.',
  'events.network.tunnelCheckFailedWhy': 'The quick tunnel did not answer its check: {why}',
  'events.network.tunnelCheckFailed': 'The quick tunnel did not answer its check.',
  'events.network.tunnelDown': 'The quick tunnel stopped working{why}; the node builds a new one.',
  'events.network.tunnelFailed': 'A Cloudflare quick tunnel could not be created; the node tries again.',
  'events.network.tunnelDeadIn': 'Several quick tunnel attempts in a row failed; the next try is in {wait}.',
  'events.network.tunnelDead': 'Several quick tunnel attempts in a row failed; the next try is later.',
  'events.network.tunnelOffHow':
    'The quick tunnel is switched off {time}: cloudflared printed far more than a tunnel needs ({how}). The node keeps serving without it.',
  'events.network.tunnelOff':
    'The quick tunnel is switched off {time}: cloudflared printed far more than a tunnel needs. The node keeps serving without it.',
  'events.network.aMoment': 'a moment',
  'events.network.waitCooldown':
    'Waiting {when} before the next quick tunnel: Cloudflare asked this network to slow down.',
  'events.network.waitLease': 'Waiting {when}: another program on this computer is creating a quick tunnel.',
  'events.network.waitLimits': "Waiting {when} before the next quick tunnel, to stay within Cloudflare's limits.",
  'events.network.tunnelStopped': 'The quick tunnel was stopped.',
  'events.network.notOursThisComputer':
    'A tunnel address named by another program on this computer was not used: it points back at this computer.',
  'events.network.notOursPrivate':
    'A tunnel address named by another program on this computer was not used: it points into a private network.',
  'events.network.notOursNotPublic':
    'A tunnel address named by another program on this computer was not used: it points to an address that is not on the internet.',
  'events.network.notOurs':
    'A tunnel address named by another program on this computer was not used: a request sent through it did not reach this node.',
  'events.network.relayBound': 'Connected to a relay: consumers reach this node through it.',
  'events.network.relayBindFailed': 'A relay could not take this node{why}; the node tries another one.',
  'events.network.relayLost': 'The connection to the relay was lost{why}; the node looks for another relay.',
  'events.network.plaintextRefused':
    'An unencrypted task came through the relay and was refused, as your settings ask.',
  'events.network.resultFailed': 'An answer could not be sent back through the relay{why}.',
  'events.network.probeNotOffered': 'This directory does not offer an instant check; the task check shows the way in.',
} as const;
