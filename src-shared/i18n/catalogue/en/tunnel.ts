/** The English words of tunnel: sentences the engine makes for a person, said by each screen in its language. */
export const messages = {
  // Durations the quick tunnel waits, in the locale's figures.
  'tunnel.time.seconds': '{seconds, number} s',
  'tunnel.time.minutes': '{minutes, number} min',

  // The quick tunnel's state on the Network page.
  'tunnel.state.idle': 'Not started',
  'tunnel.state.waiting': 'Waiting before creating a tunnel (Cloudflare limits how often)',
  'tunnel.state.starting': 'Starting cloudflared',
  'tunnel.state.verifying': 'Checking the new address answers',
  'tunnel.state.up': 'Working',
  'tunnel.state.recovering': 'Not answering: rebuilding the tunnel',
  'tunnel.state.coolingDown': 'Cloudflare asked to wait (rate limited)',
  'tunnel.state.dead': 'Failed several times: trying again later',
  'tunnel.state.off': 'Switched off: cloudflared printed far more than a tunnel needs',
  'tunnel.state.stopped': 'Stopped',
  'tunnel.state.inUse': 'In use ({detail})',
  'tunnel.state.offFor':
    'Switched off for {minutes, plural, one {# more minute} other {# more minutes}}: cloudflared printed far more than a tunnel needs',

  // Which tunnel the person runs, in a few words.
  'tunnel.detail.env': 'from {name}',
  'tunnel.detail.ngrokPort': 'ngrok tunnel “{name}” to port {port}',
  'tunnel.detail.ngrokElsewhere': 'ngrok tunnel “{name}” to {to}',
  'tunnel.detail.tailscale': 'Tailscale Funnel on {host} to port {port}',

  // A tunnel another program named, checked before it is used.
  'tunnel.existing.checking': 'Checking that {url} leads to this node: a request with a one-time code goes through it.',
  'tunnel.existing.reached': 'A request sent through {url} reached this node.',
  'tunnel.existing.refused': '{url} is not used: {reason}.',
  'tunnel.existing.notReached': '{url} is not used: a request sent through it did not reach this node ({reason}).',
  'tunnel.existing.envNotHttps':
    '{name} is set but is not an https:// address, so it is ignored (browsers and the network need https).',
  'tunnel.existing.envNamed': '{name} names the tunnel address {url}.',

  // What a request with a one-time code found at an address.
  'tunnel.reach.notThisNode': 'something answered there, but not this node',
  'tunnel.reach.wrongProof': 'something answered there with a proof this node did not make',

  // The ngrok agent on this computer.
  'tunnel.ngrok.notAgent': 'Something answered at {where} but not like an ngrok agent (HTTP {status}).',
  'tunnel.ngrok.unreadable': 'The ngrok agent at {where} sent an answer that could not be read.',
  'tunnel.ngrok.noList': 'The ngrok agent at {where} sent an answer without a list of tunnels.',
  'tunnel.ngrok.noTunnel': 'An ngrok agent is running but has no tunnel open.',
  'tunnel.ngrok.noHttps':
    'An ngrok agent is running but none of its tunnels is an https:// address, which browsers and the network need.',
  'tunnel.ngrok.ours': "An ngrok tunnel forwards {url} to this computer's task port {port}.",
  'tunnel.ngrok.elsewhere':
    "An ngrok tunnel {url} forwards to {to}, not to this computer's task port {port}; it is used only because no other tunnel exists, and works only if that address passes requests on to port {port}.",
  'tunnel.ngrok.unstatedTarget': 'an address ngrok did not state',
  'tunnel.ngrok.tooLarge':
    "Something answered at {where} with more than {mib, number} MiB, far more than an ngrok agent's list of tunnels, so it is not used.",
  'tunnel.ngrok.timeout': 'Nothing answered at {where} within {wait}, so no ngrok agent is assumed.',
  'tunnel.ngrok.notRunning': 'No ngrok agent is running on this computer (nothing listens at {where}).',
  'tunnel.ngrok.unreachable': 'No ngrok agent could be reached at {where}.',
  'tunnel.ngrok.unreachableCode': 'No ngrok agent could be reached at {where} ({code}).',

  // Tailscale Funnel on this computer.
  'tunnel.tailscale.statusUnreadable': 'Tailscale reported its status in a form that could not be read.',
  'tunnel.tailscale.notConnected': 'Tailscale is installed but not connected (its state is “{state}”).',
  'tunnel.tailscale.notConnectedUnknown': 'Tailscale is installed but not connected (its state is unknown).',
  'tunnel.tailscale.noDnsName':
    'Tailscale is connected but this computer has no Tailscale DNS name (MagicDNS is off), so Funnel cannot be used.',
  'tunnel.tailscale.serveUnreadable': 'Tailscale reported what it serves in a form that could not be read.',
  'tunnel.tailscale.funnel':
    "Tailscale Funnel publishes {url} to the internet and forwards it to this computer's task port {port}.",
  'tunnel.tailscale.tailnetOnly':
    'Tailscale serves {url} to port {port} for your own devices only (Funnel is off), which the network cannot reach.',
  'tunnel.tailscale.nothing': "Tailscale is connected but publishes nothing to this computer's task port {port}.",
  'tunnel.tailscale.missing': 'Tailscale is not installed on this computer (no tailscale program found).',
  'tunnel.tailscale.timeout':
    'Tailscale did not {what, select, status {report its status} other {report what it serves}} in time ({detail}).',
  'tunnel.tailscale.timeoutAfter':
    'Tailscale did not {what, select, status {report its status} other {report what it serves}} in time (no answer within {wait}).',
  'tunnel.tailscale.serviceDown': 'Tailscale is installed but its background service is not running.',
  'tunnel.tailscale.failed':
    'Tailscale could not {what, select, status {report its status} other {report what it serves}} (“{detail}”).',

  // cloudflared, the program behind a quick tunnel.
  'tunnel.cloudflared.rateLimited':
    'Cloudflare refused to create another quick tunnel for now (too many requests from this network).',
  'tunnel.cloudflared.floodedStart':
    'cloudflared printed far more than a tunnel needs (over {mib, number} MiB before its address)',
  'tunnel.cloudflared.floodedMinute':
    'cloudflared printed far more than a tunnel needs (over {mib, number} MiB in a minute)',
  'tunnel.cloudflared.notStarted': 'cloudflared could not be started ({code}).',
  'tunnel.cloudflared.exitedCode': 'cloudflared stopped with exit code {code} before it printed a tunnel address.',
  'tunnel.cloudflared.exited': 'cloudflared stopped before it printed a tunnel address.',
  'tunnel.cloudflared.noAddress': 'cloudflared printed no tunnel address within {seconds, number} s.',
  'tunnel.cloudflared.stopped': 'cloudflared stopped',
  'tunnel.cloudflared.stoppedUnexpectedly': 'cloudflared stopped unexpectedly',
  'tunnel.cloudflared.installHint':
    'cloudflared is not installed. It gives this computer a public address without router changes or an account: on macOS run "{mac}", on Windows "{windows}", on Linux see {linux}.',

  // The quick tunnel's life.
  'tunnel.quick.starting': 'Starting a Cloudflare quick tunnel (cloudflared) to this computer.',
  'tunnel.quick.answersAt': 'The quick tunnel answers at {url}.',
  'tunnel.quick.notUp': 'The quick tunnel did not come up.',
  'tunnel.quick.notUpBecause': 'The quick tunnel did not come up: {reason}',
  'tunnel.quick.offFor':
    'The quick tunnel is switched off for {minutes, plural, one {# more minute} other {# more minutes}}: {why}. The node goes on without it.',
  'tunnel.quick.offWhy': '{why}.',
  'tunnel.quick.stopped': 'Stopped the quick tunnel.',
  'tunnel.quick.stoppedNothing': 'Stopped; no quick tunnel was running.',
  'tunnel.quick.limitsUnwritable':
    'The folder for the tunnel limits ({folder}) cannot be written ({code}), so no quick tunnel is created.',
  'tunnel.quick.startingPort': 'Starting cloudflared for a quick tunnel to port {port}.',
  'tunnel.quick.opened': 'cloudflared opened {url}; checking that it reaches this node from the internet.',
  'tunnel.quick.notVerified': 'The new address {url} did not reach this node within {wait} ({reason}).',
  'tunnel.quick.noAnswerYet': 'no answer yet',
  'tunnel.quick.up': 'The quick tunnel {url} reaches this node.',
  'tunnel.quick.answersAgain': 'The quick tunnel {url} answers again.',
  'tunnel.quick.healthFailed':
    'The quick tunnel {url} did not answer its health check: {reason} ({count, number} in a row).',
  'tunnel.quick.lost':
    'The quick tunnel {url} stopped working ({reason}); the node is reported unavailable while a new tunnel is built.',
  'tunnel.quick.lostNoUrl':
    'The quick tunnel stopped working ({reason}); the node is reported unavailable while a new tunnel is built.',
  'tunnel.quick.switchedOff': '{why}, so the quick tunnel is switched off for {wait}; the node goes on without it.',
  'tunnel.quick.dead':
    '{count, plural, one {# attempt} other {# attempts}} in a row gave no working quick tunnel; trying again in {wait}.',
  'tunnel.quick.coolingDown':
    'Cloudflare asked this network to slow down creating quick tunnels; the next one is tried in {wait}.',
  'tunnel.quick.spacing':
    "A quick tunnel was created on this computer moments ago; the next may be created in {wait}, to stay within Cloudflare's limits.",
  'tunnel.quick.otherProgram': 'Another program on this computer is creating a quick tunnel; trying again in {wait}.',

  // The rungs after the router, as the ladder walks them.
  'tunnel.fallback.pinholeOpened':
    'The router opened its IPv6 firewall for port {port} (a pinhole), so the internet can reach {address} directly.',
  'tunnel.fallback.firewallOpen':
    "The router's IPv6 firewall lets connections in, so the internet can reach {address} directly.",
  'tunnel.fallback.quickSuspended': 'Availability is off: the quick tunnel starts when it is switched on.',
  'tunnel.fallback.quickAllowable':
    'cloudflared is installed; a quick tunnel could be used if you allow it on the Network page.',
  'tunnel.fallback.relaySuspended': 'Availability is off: a relay is looked for when it is switched on.',
  'tunnel.fallback.relayOff': 'Serving through a relay is switched off in the settings.',
  'tunnel.fallback.bareIpv6':
    "Using the global IPv6 address {address}; incoming connections depend on the router's IPv6 firewall, which could not be opened from here.",
  'tunnel.fallback.relayLooking':
    'Looking for a relay node to carry tasks to this computer over its own outgoing connection.',
  'tunnel.fallback.relayNone': '{reason} Looking again later.',
  'tunnel.fallback.noRelay': 'No relay could be used right now.',
  'tunnel.reason.stopped': 'the quick tunnel was stopped',
  'tunnel.reason.newAnswers': 'a new quick tunnel answers its health check',
  'tunnel.reason.stoppedWorking': 'the quick tunnel stopped working: {reason}',
  'tunnel.reason.newRelay': 'a new relay carries the tasks',
  'tunnel.reason.relayLost': 'the relay was lost ({reason})',
} as const;
