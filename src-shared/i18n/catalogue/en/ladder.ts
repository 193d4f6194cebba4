/** The English words of ladder: sentences the engine makes for a person, said by each screen in its language. */
export const messages = {
  // Why the ladder looks again (a reason inside "Looking for a way in…").
  'ladder.reason.start': 'start',
  'ladder.reason.asked': 'asked from the Network page',
  'ladder.reason.nonPublic': 'the router reports a non-public address',
  'ladder.reason.woke': 'woke from sleep',
  'ladder.reason.settings': 'settings changed',
  'ladder.reason.switchedOn': 'availability switched on',
  'ladder.reason.periodic': 'periodic check',
  'ladder.reason.addressLeft': 'the address left this computer',
  'ladder.look.because': 'Looking for a way in from the internet ({reason}).',
  'ladder.look.failed': 'Detection failed unexpectedly: “{detail}”.',
  'ladder.look.advertising': 'Advertising {url}.',
  'ladder.look.noTaskServer': 'The task server is not listening; nothing to offer.',
  'ladder.look.nothing': 'No way in from the internet was found.',
  'ladder.look.lost': 'Not reachable for now: {reason}.',
  'ladder.look.quoted': '“{text}”',
  'ladder.suspend.mapping': 'Availability switched off: removed the port mapping from the router.',
  'ladder.suspend.relay': 'Availability switched off: left the relay.',
  'ladder.suspend.quickTunnel': 'Availability switched off: closed the quick tunnel.',
  'ladder.suspend.pinhole': "Availability switched off: closed the opening in the router's IPv6 firewall.",
  // The first two rungs.
  'ladder.publicUrl.using': 'Using the public URL from Settings.',
  'ladder.publicUrl.usingTunnel': 'Using the public URL from Settings (a tunnel).',
  'ladder.publicUrl.private':
    'The public URL {url} points to a private or local address, which the internet cannot reach; ignoring it.',
  'ladder.ipv4.found': 'This computer has the public IPv4 address {address}.',
  'ladder.ipv4.none': 'No public IPv4 address on this computer.',
  'ladder.ipv4.noneLan': 'No public IPv4 address on this computer (its LAN address is {address}).',
  // The router rung.
  'ladder.mapping.off': 'Port mapping is switched off in the settings.',
  'ladder.mapping.suspended': 'Availability is off: the router is asked for a port mapping when it is switched on.',
  'ladder.mapping.resting':
    "Port mapping is switched off for {minutes, plural, one {# more minute} other {# more minutes}}: the router's answers kept failing. The node goes on without it.",
  'ladder.mapping.behindNat': 'The router answers {protocol} and reports the public address {address}.',
  'ladder.mapping.noAnswer': 'No {protocol} answer from the router (“{detail}”).',
  'ladder.mapping.doubleNat': 'The router is itself behind another NAT, so a mapping on it would not help.',
  'ladder.mapping.switchedOff':
    'Switched port mapping off for {minutes, plural, one {# minute} other {# minutes}} after {failures, plural, one {# failed check} other {# failed checks}} in a row; the node keeps serving without it.',
  'ladder.mapping.removed': 'Removed the mapping of public port {port}.',
  'ladder.mapping.notRemoved':
    'Could not remove the mapping of public port {port} (“{detail}”); the router will drop it when the lease runs out.',
  'ladder.mapping.reports': 'The {protocol} router reports public address {address}.',
  'ladder.mapping.noRouter': 'No {protocol} router answered: “{detail}”.',
  'ladder.mapping.wouldNotOpen': 'The router would not open port {port}: “{detail}”.',
  'ladder.mapping.refusedAny': 'The router refused public port {port}; asking for any free public port instead.',
  'ladder.mapping.refusedTry': 'The router refused public port {port}; asking for public port {alt} instead.',
  'ladder.mapping.refusedAgain': 'The router refused that one too; asking for public port {alt} instead.',
  'ladder.mapping.installed': 'Public {address} now forwards to local port {port} (lease {seconds} s).',
  'ladder.mapping.moved': 'Renewed, but the public address moved from {from} to {to}.',
  'ladder.mapping.renewed': 'Renewed public {address} (lease {seconds} s).',
  'ladder.mapping.renewFailed': 'Renewal failed ({count} in a row): “{detail}”.',
  'ladder.mapping.gone':
    'Treating the mapping as gone: {count} renewals failed in a row (last: “{detail}”). Will try to map port {port} again in {seconds} s.',
  'ladder.mapping.remapFailed': 'Re-mapping port {port} failed (“{detail}”); next try in {seconds} s.',
  'ladder.task.stoppedEarly': 'Stopped before anything was asked of the router.',
  // A router's failure as the page shows it; the router's or library's own words quoted.
  'ladder.error.unavailable': 'No router answered: “{detail}”',
  'ladder.error.timeout': 'The router did not answer in time: “{detail}”',
  'ladder.error.transport': 'The exchange with the router broke: “{detail}”',
  'ladder.error.refused': 'The router refused: “{detail}”',
  // The IPv6 pinhole.
  'ladder.pinhole.state.idle': 'Not started',
  'ladder.pinhole.state.discovering': 'Looking for the router',
  'ladder.pinhole.state.opening': 'Asking the router to open its IPv6 firewall',
  'ladder.pinhole.state.open': 'Open: the router lets connections through',
  'ladder.pinhole.state.renewing': 'Renewing the lease',
  'ladder.pinhole.state.retrying': 'Renewal failed, trying again',
  'ladder.pinhole.state.notNeeded': "The router's IPv6 firewall is off: nothing to open",
  'ladder.pinhole.state.refused': 'The router refused to open its firewall',
  'ladder.pinhole.state.failed': 'No router offers IPv6 firewall openings',
  'ladder.pinhole.state.lost': 'The router lost the opening: asking again',
  'ladder.pinhole.state.stopping': 'Closing',
  'ladder.pinhole.state.stopped': 'Closed',
  'ladder.pinhole.state.resting':
    "Switched off for {minutes, plural, one {# more minute} other {# more minutes}}: the router's answers kept failing",
  'ladder.pinhole.resting':
    "The IPv6 firewall helper is switched off for {minutes, plural, one {# more minute} other {# more minutes}}: the router's answers kept failing. The node goes on without it.",
  'ladder.pinhole.switchedOff':
    'Switched the IPv6 firewall helper off for {minutes, plural, one {# minute} other {# minutes}} after {failures, plural, one {# failed attempt} other {# failed attempts}} in a row; the node keeps serving without it.',
  'ladder.pinhole.closed': 'Closed the pinhole (ID {id}) for port {port}.',
  'ladder.pinhole.alreadyGone': 'The router no longer had the pinhole (ID {id}); nothing left to close.',
  'ladder.pinhole.notClosed':
    'Could not close the pinhole (ID {id}): “{detail}”. The router drops it when its lease runs out (at most {seconds} s).',
  'ladder.pinhole.found': "Found the router's IPv6 firewall service at {url}.",
  'ladder.pinhole.foundNamed': "Found the router's IPv6 firewall service at {url} (“{device}”).",
  'ladder.pinhole.firewallOff':
    "The router's IPv6 firewall is switched off, so incoming IPv6 connections already reach {address}; there is no pinhole to open.",
  'ladder.pinhole.notAllowed':
    "The router's IPv6 firewall is on but does not let devices open pinholes. Allow it in the router's settings. On a FRITZ!Box: Internet > Permit Access > Port Sharing, edit this computer and allow it to open ports by itself (self-service port sharing).",
  'ladder.pinhole.serviceRefused': '{url} refused: “{detail}”.',
  'ladder.pinhole.wouldNotOpen': 'The router would not open port {port} for {address}: “{detail}”',
  'ladder.pinhole.couldNotOpen': 'Could not open an IPv6 pinhole: “{detail}”.',
  'ladder.pinhole.opened':
    'The router opened its IPv6 firewall for [{address}]:{port} (pinhole ID {id}, lease {seconds} s).',
  'ladder.pinhole.wouldNotRenew':
    'The router would not renew pinhole ID {id} (“{detail}”); asking it to open the pinhole again.',
  'ladder.pinhole.renewed': 'Renewed the pinhole (ID {id}) for {seconds} s.',
  'ladder.pinhole.extended': 'The router still had the pinhole and extended it (ID {id}).',
  'ladder.pinhole.renewFailed': 'Renewing the pinhole failed ({count} in a row): “{detail}”.',
  'ladder.pinhole.gone':
    'Treating the pinhole as gone: {count} renewals failed in a row (last: “{detail}”). Will try to open it again in {seconds} s.',
  'ladder.pinhole.reopenFailed': 'Opening the pinhole again failed (“{detail}”); next try in {seconds} s.',
} as const;
