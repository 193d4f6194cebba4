/** The English words of network: the directory link's messages and the regions. */
export const messages = {
  'network.message.checking': 'Looking for a way in from the internet…',
  'network.message.noWayIn':
    'No way in from the internet was found. Forward TCP port {port} on your router to this computer, or set a public URL (for example a tunnel). The node serves locally meanwhile.',
  'network.message.noWayInAt':
    'No way in from the internet was found. Forward TCP port {port} on your router to this computer ({address}), or set a public URL (for example a tunnel). The node serves locally meanwhile.',
  'network.message.privatePublicUrl':
    'The public URL {url} is a private or local address, so the internet cannot reach it. {then}',
  'network.message.offRelay':
    'Availability is off, so the node left its relay; it looks for one again when you switch Available on.',
  'network.message.offMapping':
    'Availability is off, so the port mapping was removed from the router; it is added again when you switch Available on.',
  'network.message.relayLost':
    'The relay carrying tasks to this node was lost. The node is looking for another one and tells the directory it is unavailable meanwhile.',
  'network.message.tunnelLost':
    'The tunnel stopped answering. The node is rebuilding it and tells the directory it is unavailable meanwhile.',
  'network.message.pinholeLost':
    'The router no longer holds the IPv6 firewall opening for this node; the node keeps asking for it again.',
  'network.message.mappingLost':
    'The router stopped confirming the port mapping (it may have restarted). The node keeps asking for port {port} again.',
  'network.message.mappedUnreached':
    "The router mapped the port, but the directory could not reach this node at {url}. A firewall, or a second router or your provider's NAT in front of this one, may be blocking incoming connections.",
  'network.message.unreached':
    'The directory could not reach this node at {url}. Forward TCP port {port} on your router to this computer, or check the public URL.',
  'network.message.unreachedAt':
    'The directory could not reach this node at {url}. Forward TCP port {port} on your router to this computer ({address}), or check the public URL.',
  'network.message.verified': 'The directory reached this node at its public address.',
  'network.message.reportedUnreached':
    'Registered, but the directory reports that it could not reach this node at {url}. Check the port forwarding, the firewall or the public URL.',
  'network.message.registered':
    'Registered, not yet confirmed reachable: the directory has not reported reaching this address yet.',
  'network.message.outOfTouch':
    'The directory already has this address from the registration; it can confirm reaching it once it answers again.',
  'network.message.notRegistered':
    'Not confirmed yet: the directory is told about this address when the node registers.',
  // The directory link's own sentences (the Dashboard's directory line, the Network page, the checks).
  'network.link.notRunning': 'The node is not running.',
  'network.link.removed': 'Removed from the network. Switch Available on to join again as a new node.',
  'network.link.notRegistered': 'Not registered: {why}',
  'network.link.notRegisteredYet': 'Not registered yet: {why}',
  'network.link.why.lookingForWayIn': 'looking for a way in from the internet.',
  'network.link.why.noPublicAddress': 'this node has no public address yet (see the Network page).',
  'network.link.why.noLlmServer': 'choose a local LLM server first.',
  'network.link.why.setupNotDone': 'the node joins the network when you start it at the end of the setup.',
  'network.link.why.lookingAtServers': 'the node first asks each of its LLM servers for its models.',
  'network.link.why.noModels': 'the local LLM server offers no models right now.',
  'network.link.registering': 'Registering with the IICP directory…',
  'network.link.unreachableRetrying': 'The IICP directory cannot be reached; retrying.',
  'network.link.unreachableServing': 'The IICP directory cannot be reached; the node keeps serving and retries.',
  'network.link.noToken': 'The directory accepted the registration but sent no token.',
  'network.link.cannotSave':
    'The node cannot save its new directory credentials (the data folder is read-only or full). Free space or fix the folder; the node keeps retrying.',
  'network.link.freshTokenRefused':
    'The directory refuses the node token it has just issued; the node retries after a pause.',
  'network.link.removedFromDirectory': 'This node was removed from the directory.',
  'network.link.restricted.refused':
    "This directory is a restricted trust domain and did not accept the node's membership (it may have expired, been revoked, or been issued for another node ID). Ask the domain's operator for a new one for node {nodeId} and enter it in Settings.",
  'network.link.restricted.membersOnly':
    "This directory is a restricted trust domain: only members may join. Ask the domain's operator for a membership for node {nodeId} and enter it in Settings.",
  'network.link.failure.tooLarge': "The directory's answer could not be read (it was too large); retrying.",
  'network.link.failure.badResponse': "The directory's answer could not be read; retrying.",
  'network.link.failure.liveness':
    'The directory could not reach this node from the internet. Check the port forwarding or the public URL.',
  'network.link.failure.privateAddress':
    'The directory refused the address: it is not reachable from the internet (a private or local address).',
  'network.link.failure.proofAsked':
    'The directory asked for proof that this computer owns the node (the saved token was not accepted).',
  'network.link.failure.rateLimited': 'The directory is rate-limiting this computer; the node will retry by itself.',
  'network.link.failure.refusedRegistration': 'The directory refused the registration.',
  'network.link.failure.refusedParts': 'The directory refused the registration. It found a problem with {parts}.',
  'network.link.failure.partsAndOthers': '{named} and other parts of it',
  'network.link.failure.partsOnly': 'parts of it',
  'network.link.failure.list': '{first}, {rest}',
  'network.link.failure.serverProblem': 'The directory has a problem right now; the node will retry by itself.',
  'network.link.failure.tokenRefused': 'The directory did not accept the node token; the node re-registers by itself.',
  'network.link.failure.unknownNode': 'The directory does not know this node (or the directory address is wrong).',
  'network.link.failure.refused': 'The directory refused the request.',
  'network.link.field.endpoint': 'the public address',
  'network.link.field.region': 'the region',
  'network.link.field.models': 'the models',
  'network.link.field.price': 'the price',
  'network.link.field.pricingModel': 'the pricing model',
  'network.link.field.displayName': 'the display name',
  'network.link.field.operatorDisplayName': 'the operator display name',
  'network.link.field.operatorIdentity': 'the operator identity',
  'network.link.field.maxTokens': 'the largest answer',
  'network.link.field.maxConcurrent': 'tasks at once',
  'network.regions.noneNamed': 'No node on this directory names a region yet.',
  'network.regions.membersOnly': 'This directory shows its nodes only to members, so it suggests no regions.',
  'network.regions.notListed': 'The directory did not list its nodes just now, so it suggests no regions.',
  'network.regions.unreadable': 'The directory’s list of nodes could not be read, so it suggests no regions.',
  'network.regions.unreachable': 'The directory could not be reached, so it suggests no regions.',
} as const;
