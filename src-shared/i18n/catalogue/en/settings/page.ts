/** The English words of settings: the page's sections and its small cards. */
export const messages = {
  'settings.language.title': 'Language',
  'settings.language.system': 'System language',
  'settings.language.notSaved': 'The language could not be saved: {why}',
  'settings.page.title': 'Settings',
  'settings.page.subtitle': 'Each card is saved on its own.',
  'settings.sections.node': 'Node settings',
  'settings.sections.servers': 'LLM servers',
  'settings.sections.ownUse': 'Your own use comes first',
  'settings.sections.identity': 'Your operator identity',
  'settings.sections.membership': 'Trust-domain membership',
  'settings.sections.appearance': 'Appearance',
  'settings.sections.login': 'Start at login',
  'settings.sections.notifications': 'Notifications',
  'settings.sections.updates': 'Updates',
  'settings.sections.setup': 'Setup',
  'settings.sections.about': 'About this app',
  'settings.sections.danger': 'Danger zone',
  'settings.setup.intro': 'The setup wizard walks you through connecting your LLM server and joining the network.',
  'settings.setup.again': 'Run setup again',
  'settings.index.label': 'Settings on this page',
  'settings.index.unsaved': 'Unsaved changes',
  'settings.login.label': 'Start IICP Provider when I log in',
  'settings.login.headless':
    'Not available in headless mode: there is no desktop login to start with. To have the node start with the computer, run the headless host as a service (for example with systemd).',
  'settings.login.on':
    'On: when you log in, the app starts hidden in the tray, so your node is available without opening its window.',
  'settings.login.off': 'Off, as you chose. The app starts only when you open it.',
  'settings.login.unset':
    'Off: you have not chosen yet. The app starts only when you open it; updates never switch this on.',
  'settings.login.busy': 'Saving…',
  'settings.login.failed': 'The choice could not be saved: {why}',
  'settings.about.loading': 'Loading…',
  'settings.about.dataDir': 'Your data lives in <path></path>',
  'settings.about.version': 'Version',
  'settings.about.runningAs': 'Running as',
  'settings.about.headless': 'Headless host (no window)',
  'settings.about.desktop': 'Desktop app',
  'settings.about.platform': 'Platform',
  'settings.about.limitations': 'Limitations',
  'settings.about.noLimitations': 'None: this host can observe everything the app uses.',
  'settings.problems.title':
    '{count, plural, one {One thing needs} other {# things need}} fixing before your changes can be saved:',
  'settings.watch.notYet': 'What this computer lets the app watch is shown once the node runs.',
  'settings.watch.lastGpu': 'Last GPU reading',
  'settings.theme.title': 'Theme',
  'settings.theme.system': 'Same as my system',
  'settings.theme.light': 'Light',
  'settings.theme.dark': 'Dark',
  'settings.theme.notSaved': 'The theme could not be saved: {why}',
  'settings.leftOut.title': 'Left out ({count, number})',
  'settings.leftOut.intro':
    'The server lists {count, plural, one {this model, but the node does not offer it} other {these models, but the node does not offer them}}.',
  'settings.leftOut.list': 'Models left out',
  'settings.leftOut.more': '{count, plural, one {One more model is left out.} other {# more models are left out.}}',
  'settings.leftOut.tooLarge': '<model></model>: the server’s description of it is too large to read.',
  'settings.leftOut.notUnderstood':
    '<model></model>: the server’s description of it is not in a form the node can read.',
  'settings.leftOut.nameEmpty': '<model></model>: it has no name.',
  'settings.leftOut.nameTooLong': '<model></model>: its name is longer than {max, number} characters.',
  'settings.leftOut.nameControl':
    '<model></model>: its name contains control characters, such as those that colour text in a terminal.',
  'settings.leftOut.nameInvisible':
    '<model></model>: its name contains invisible characters, such as those that reverse the direction of text.',
  'settings.leftOut.nameMarkup': '<model></model>: its name contains characters that web pages read as markup.',
  'settings.leftOut.nameSpacing':
    '<model></model>: its name has a space at its start or end, two spaces in a row, or a space of another kind.',
  'settings.leftOut.context':
    '<model></model>: the server reports a context length that is not a whole number from 1 to {max, number} tokens.',
  'settings.leftOut.size':
    '<model></model>: the server reports a parameter count that is not a whole number from 1 to {max, number}.',
  'settings.leftOut.tooMany':
    '<model></model>: the node advertises at most {max, number} models, shared fairly among its servers, and this one is past this server’s share.',
  'settings.notify.title': 'Notifications',
  'settings.notify.headless':
    'Running headless: there are no desktop notifications, so the Dashboard lists them instead. These choices apply when the desktop app runs with this data folder.',
  'settings.notify.desktop':
    'The app tells you with a desktop notification; a click on it opens the page that says more. The Dashboard lists the recent ones too.',
  'settings.notify.offline.label': 'Your node lost contact with the IICP directory, or has it again',
  'settings.notify.offline.hint': 'When the IICP directory cannot be reached for a minute, and when it can again.',
  'settings.notify.backend.label': 'Your LLM server stopped, or is back',
  'settings.notify.backend.hint': 'When the server has not answered for a minute, and when it answers again.',
  'settings.notify.reachability.label': 'Not reachable from the internet any more, or again',
  'settings.notify.reachability.hint':
    'When consumers lose the way in to your node for a minute, and when they have one again.',
  'settings.notify.earnings.label': 'Earnings rejected',
  'settings.notify.earnings.hint': 'When the IICP directory refuses the credits for tasks your node served.',
  'settings.notify.fleet.label': 'One of my machines stops inside its availability window',
  'settings.notify.fleet.hint':
    'When another computer under your operator identity is not heard while its schedule says it should be on, and when it is back. Asleep outside its window is as planned and says nothing.',
  'settings.about.headlessConditions':
    'Running headless: power source and idle time cannot be observed, so conditions based on them are unavailable.',
  'settings.about.headlessTray': 'Running headless: there is no tray icon; switch availability on the Dashboard page.',
} as const;
