/** The English words of network: the check of each way in, rung by rung. */
export const messages = {
  'network.check.step.health': 'Health check from outside',
  'network.check.step.task': 'A real encrypted task',
  'network.check.step.loopback': 'About this check',
  'network.check.step.directory': "The directory's own observation",
  'network.check.works': 'Works',
  'network.check.doesNotWork': 'Does not work',
  'network.check.notKnown': 'Not known',
  'network.check.title': 'Check my node',
  'network.check.intro':
    "Sends a small encrypted task to your node's public address, the way a consumer would, and asks the directory what it saw.",
  'network.check.couldNotStart': 'The check could not start',
  'network.check.notReachable': 'Not reachable',
  'network.check.partly': 'Partly',
  'network.rung.none': 'Not reachable from the internet: the node serves only this computer until a way in is found.',
  'network.rung.publicUrl':
    'Reachable at the public URL you set; whatever is behind it (a forwarded port, a proxy, a tunnel) must lead to this computer.',
  'network.rung.publicIpv4':
    'Reachable directly: this computer has its own public address, so consumers connect straight to it.',
  'network.rung.mapped':
    'Reachable directly through a port your router opened for this node; it is closed again when the node stops or you switch Available off.',
  'network.rung.ipv6Opened':
    'Reachable over IPv6: your router opened its firewall for this node. Consumers without IPv6 cannot reach it this way.',
  'network.rung.ipv6Unconfirmed':
    "Reachable over IPv6 only if your router's IPv6 firewall lets connections in, which nobody could confirm from here; consumers without IPv6 cannot reach it.",
  'network.rung.tunnel':
    'Reachable through the tunnel you already run; it forwards connections from the internet to this computer.',
  'network.rung.quickTunnel':
    'Reachable through a Cloudflare quick tunnel. Its address changes whenever it restarts, and Cloudflare carries the traffic; encrypted tasks stay unreadable to it.',
  'network.rung.relay':
    'Reachable through a relay. Tasks are end-to-end encrypted, so the relay cannot read them; answers take a little longer.',
  'network.check.path.publicUrl': 'your public URL',
  'network.check.path.publicIpv4': "this computer's public address",
  'network.check.path.mapping': "the router's port mapping",
  'network.check.path.ipv6': 'the IPv6 address',
  'network.check.path.tunnel': 'the tunnel',
  'network.check.path.quickTunnel': 'the quick tunnel',
  'network.check.path.relay': 'the relay',
  'network.check.item.noAddress': 'There is no public address to check: the node has no way in from the internet yet.',
  'network.check.item.loopback':
    "Many routers cannot connect from inside the home to their own public address, so a failure from here does not prove the internet cannot get in; the directory's observation below is what counts.",
  'network.check.item.healthOk': 'The node answered its health check through {path} in {ms} ms.',
  'network.check.item.healthFailed': 'The health check could not get through {path}: {why}.',
  'network.check.item.noModel': 'No model is offered right now, so no test task was sent.',
  'network.check.item.tooLarge':
    'The answer to the test task through {path} was larger than {kib} KiB, far more than a one-word reply, so it was not read.',
  'network.check.item.taskOkMs':
    'An encrypted test task went through {path} and came back answered by your model in {ms} ms.',
  'network.check.item.taskOkSeconds':
    'An encrypted test task went through {path} and came back answered by your model in {seconds, number, ::.0} s.',
  'network.check.item.taskBusy':
    'A test task reached the node through {path}; every slot was busy, so it was turned away politely (429).',
  'network.check.item.taskUnserved':
    'A test task reached the node through {path}, but the node could not serve it now (the LLM server may be down or the node paused).',
  'network.check.item.taskUnopened': 'The answer through {path} could not be opened; something on the way changed it.',
  'network.check.item.taskHttpCode': 'A test task through {path} got HTTP {status}, with the error code:',
  'network.check.item.taskHttp': 'A test task through {path} got HTTP {status}.',
  'network.check.item.taskFailed': 'A test task could not get through {path}: {why}.',
  'network.check.item.directoryNotAsked': 'The directory could not be asked what it observed.',
  'network.check.item.directoryNotListed':
    'The directory does not list this node right now (it is not registered, or not available).',
  'network.check.item.reached': 'The directory reports that it reached this node.',
  'network.check.item.reachedEvidence': 'The directory reports that it reached this node (evidence: {evidence}).',
  'network.check.item.reachedQuoted': 'The directory reports that it reached this node. The evidence it gives:',
  'network.check.item.unreached': 'The directory reports that it could not reach this node.',
  'network.check.item.unreachedEvidence':
    'The directory reports that it could not reach this node (evidence: {evidence}).',
  'network.check.item.unreachedQuoted':
    'The directory reports that it could not reach this node. The evidence it gives:',
  'network.check.item.unreachedAt': 'The directory reports that it could not reach this node at {url}.',
  'network.check.item.unreachedAtEvidence':
    'The directory reports that it could not reach this node at {url} (evidence: {evidence}).',
  'network.check.item.unreachedAtQuoted':
    'The directory reports that it could not reach this node at {url}. The evidence it gives:',
  'network.check.item.notProbed':
    'The directory lists the node but has not probed it yet; it checks every few minutes.',
  'network.check.evidence.ipv4': 'the directory connected over IPv4',
  'network.check.evidence.ipv6': 'the directory connected over IPv6',
  'network.check.evidence.outsideIpv6': 'an outside probe connected over IPv6',
  'network.check.evidence.connected': 'the directory connected',
  'network.check.evidence.selfAttested': 'only the node says so',
  'network.check.evidence.none': 'none yet',
  'network.check.clause.reached': 'the directory reports that it reached the node',
  'network.check.clause.notReached': 'the directory reports that it could not reach the node',
  'network.check.clause.notListed': 'the directory does not list the node right now',
  'network.check.clause.notProbed': 'the directory has not confirmed it yet',
  'network.check.clause.notAsked': 'the directory could not be asked what it observed',
  'network.check.summary.noAddress': 'Not reachable from the internet: there is no public address yet.',
  'network.check.summary.works':
    'Your node works through {path}: a test task was answered and the directory reached it.',
  'network.check.summary.worksUnconfirmed': 'Your node works through {path}; {directory}.',
  'network.check.summary.taskNoHealth':
    'A test task works through {path} and {directory}, but the health check did not get through.',
  'network.check.summary.taskOnly': 'A test task works through {path}, but {directory}.',
  'network.check.summary.healthTaskFailed':
    'Your node answered its health check through {path}, but the test task failed; {directory}.',
  'network.check.summary.healthNoTask':
    'Your node answered its health check through {path}, and no test task was sent; {directory}.',
  'network.check.summary.directoryOnly':
    'The directory reaches your node through {path}; a check from this computer could not (routers often cannot loop back).',
  'network.check.summary.nothing':
    'A check from this computer could not reach your node through {path}, and {directory}. See each step below.',
  'network.check.why.failed': 'it failed',
} as const;
