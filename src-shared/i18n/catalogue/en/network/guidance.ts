/** The English words of network: the guidance and the relay. */
export const messages = {
  'network.guidance.yourPublicIp': 'your public IP',
  'network.guidance.title': 'What to do',
  'network.guidance.badUrl':
    'The address <url></url> does not lead to this node from the internet. Check that it is right and that it reaches {hasPort, select, yes {port {port}} other {the task port}} on this computer, or use one of these:',
  'network.guidance.nobody':
    'Nobody on the internet can send tasks to your node yet, so it serves only this computer. Any one of these fixes it:',
  'network.guidance.doubleNat':
    'Because of the network in front of your router (see above), opening a port on your router alone is not enough. A tunnel works everywhere.',
  'network.guidance.forwardAt':
    "<strong>Forward the port on your router.</strong> In your router's settings, forward {hasPort, select, yes {TCP port {port}} other {the task port}} to this computer at <address></address>{hasPort, select, yes {, port {port}} other {}}. Then enter <example></example> as the public URL below.",
  'network.guidance.forwardUnknown':
    "<strong>Forward the port on your router.</strong> In your router's settings, forward {hasPort, select, yes {TCP port {port}} other {the task port}} to this computer{hasPort, select, yes {, port {port}} other {}}. This computer's LAN address is unknown: look it up in your system's network settings (it usually starts with 192.168. or 10.). Then enter <example></example> as the public URL below.",
  'network.guidance.askRouterFixed':
    "<strong>Let the node ask your router.</strong> Router port mapping is switched off for this run by the host's command line or environment. If your router supports UPnP or NAT-PMP, start the host with <code>--port-mapping auto</code> (or <code>IICP_PORT_MAPPING=auto</code>) instead.",
  'network.guidance.askRouterOff':
    '<strong>Let the node ask your router.</strong> Router port mapping is switched off below. Set it to Automatic if your router supports UPnP or NAT-PMP.',
  'network.guidance.askRouter':
    "<strong>Let the node ask your router.</strong> Switch on UPnP or NAT-PMP in your router's settings, then press Check again.",
  'network.guidance.tunnel':
    '<strong>Use a tunnel.</strong> Run a tunnel (for example cloudflared or ngrok) to {hasPort, select, yes {port {port}} other {the task port}} on this computer and paste the https address it gives you as the public URL below.',
  'network.relay.idle': 'Not started',
  'network.relay.electing': 'Choosing a relay',
  'network.relay.binding': 'Connecting to the relay',
  'network.relay.bound': 'Connected: tasks arrive through it',
  'network.relay.reconnecting': 'Lost: looking for another relay',
  'network.relay.noRelay': 'No relay available',
  'network.relay.stopped': 'Left the relay',
  'network.relay.title': 'Relay',
  'network.relay.relay': 'Relay',
  'network.relay.none': 'None',
  'network.relay.node': 'Relay node',
  'network.relay.standing': 'Its standing',
  'network.relay.unknown': 'Unknown',
  'network.relay.standingWords':
    '{probation, select, yes {New to the network (on probation)} other {Established}}{hasScore, select, yes {, reputation {score}} other {}}',
  'network.relay.since': 'Connected since',
  'network.relay.notConnected': 'Not connected',
  'network.relay.carried': 'Tasks carried',
  'network.relay.refused': '({count, number} unencrypted refused)',
  'network.relay.next': 'Next attempt',
  'network.relay.note':
    'The relay forwards tasks to this computer over a connection the node opened itself, so no port has to be opened. End-to-end encrypted (IICP-CX) tasks stay unreadable to it; unencrypted ones are refused unless you allow them below.',
} as const;
