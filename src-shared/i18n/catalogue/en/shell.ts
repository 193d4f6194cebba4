/** The English words of shell: every id starts with "shell.". */
export const messages = {
  'shell.nav.label': 'Main',
  'shell.nav.dashboard': 'Dashboard',
  'shell.nav.availability': 'Availability',
  'shell.nav.pricing': 'Pricing',
  'shell.nav.earnings': 'Earnings',
  'shell.nav.fleet': 'Machines',
  'shell.nav.gateway': 'Use the network',
  'shell.nav.network': 'Network',
  'shell.nav.logs': 'Logs',
  'shell.nav.settings': 'Settings',
  'shell.nav.setup': 'Setup wizard',
  'shell.nav.version': 'Version {version}',
  'shell.skip': 'Skip to content',
  'shell.tabTitle': '{title} · IICP Provider',
  'shell.access.title': 'Access token missing or wrong',
  'shell.access.open': 'Open the link printed by <code>npm run headless</code> in the terminal where your node runs.',
  'shell.access.link':
    'That link ends in <code>#token=…</code>. Unless the node was started with a fixed token, the link changes every time the node starts, so an old link or bookmark stops working.',
  'shell.connection.closed': 'Disconnected.',
  'shell.connection.reconnecting': 'Reconnecting…',
  'shell.connection.last': 'The values below are the last ones received.',
  'shell.connection.lastAt': 'The values below are the last ones received, at {at}.',
  'shell.connection.retry': 'Retry now',
  'shell.incompatible.title': 'This page does not match the running node',
  'shell.incompatible.versions':
    "This page speaks version {page} of the app's interface, but the node speaks version {node}. They come from different releases of IICP Provider.",
  'shell.incompatible.reload':
    'Reload the page to fetch the one that belongs to the running node. If this message stays, reinstall or rebuild the app so both parts are from the same release.',
} as const;
