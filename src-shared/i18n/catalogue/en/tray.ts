/** The English words of tray: the tray icon's menu and tooltip. */
export const messages = {
  'tray.status.busy': '{status} · {active} of {slots, plural, one {# slot} other {# slots}} busy',
  'tray.today.tasks': 'Today: {count} {tasks, plural, one {task} other {tasks}}',
  'tray.today.credits':
    'Today: {count} {tasks, plural, one {task} other {tasks}} · {credits} {amount, plural, one {credit} other {credits}}',
  'tray.restart': 'Restart the node',
  'tray.shareAnyway': 'Share anyway for 1 hour',
  'tray.sharingUntil': 'Sharing anyway until {until}',
  'tray.stopSharing': 'Stop sharing anyway',
  'tray.available': 'Available',
  'tray.pause': 'Pause',
  'tray.pause.hour': 'For 1 hour',
  'tray.pause.tomorrow': 'Until tomorrow ({time})',
  'tray.open': 'Open IICP Provider',
  'tray.quit': 'Quit',
  'tray.tooltip': 'IICP Provider · {status}',
} as const;
