/** The English words of settings: updates and removing the node. */
export const messages = {
  'settings.updates.title': 'Updates',
  'settings.updates.loading': 'Loading…',
  'settings.updates.version': 'Version',
  'settings.updates.install': 'Install when idle',
  'settings.updates.installBusy': 'Asking…',
  'settings.updates.check': 'Check now',
  'settings.updates.checkBusy': 'Looking…',
  'settings.updates.installNote':
    'Installing waits until no task is running, then the app closes, installs version {version} and starts again. If you do not install it now, it is installed the next time you quit the app.',
  'settings.updates.auto': 'Look for updates automatically',
  'settings.updates.autoHint':
    'At start and every 6 hours the app asks GitHub for a new version and downloads it in the background. It never installs without your consent, and never while a task runs.',
  'settings.updates.saving': 'Saving…',
  'settings.updates.notSaved': 'The choice could not be saved: {why}',
  'settings.updates.neverLooked': 'The app has not looked for updates yet.',
  'settings.updates.upToDate': 'Up to date: {version} is the latest version.',
  'settings.updates.checking': 'Looking for updates…',
  'settings.updates.downloading':
    'Downloading version {known, select, yes {{version}} other {the new version}}: {percent}',
  'settings.updates.downloaded':
    '{known, select, yes {Version {version}} other {The new version}} is ready to install.',
  'settings.updates.waiting':
    'Waiting for {count, plural, one {1 running task} other {# running tasks}} to finish, then {known, select, yes {{version}} other {the new version}} is installed and the app restarts.',
  'settings.updates.installing':
    'Installing {known, select, yes {{version}} other {the new version}}: the app restarts in a moment.',
  'settings.updates.failed': 'Something went wrong with the update.',
  'settings.updates.notChecked': 'Not checked yet',
  'settings.updates.lastChecked': 'Last checked {time}',
  'settings.updates.nextCheck': 'Next check {time}',
  'settings.removeNode.intro':
    'Removing your node deletes its listing at the IICP directory, <b>together with the reputation and task history it has built up there</b>. This cannot be undone: if the node joins again later, it starts from nothing.',
  'settings.removeNode.note':
    'Quitting the app or switching availability off never does this; use those to take a break. Removing keeps your settings and logs on this computer.',
  'settings.removeNode.open': 'Remove this node from the network…',
  'settings.removeNode.question': 'Remove this node from the network?',
  'settings.removeNode.consequence':
    'Its reputation and history at the directory will be deleted for good. Your node stops being listed for consumers.',
  'settings.removeNode.busy': 'Removing…',
  'settings.removeNode.yes': 'Yes, remove it and delete its reputation',
  'settings.removeNode.cancel': 'Cancel',
  'settings.removeNode.failed': 'The node could not be removed: {why}',
  'settings.updates.why.development':
    'This is a development build, which does not update itself: download the new version and build it again.',
  'settings.updates.why.notUpdatable':
    'This copy of the app cannot update itself (for example a package installed by your system): install new versions the way you installed this one.',
  'settings.updates.why.unsignedMac':
    'This build is not signed with an Apple Developer ID, and macOS installs updates only for signed apps: download new versions from the releases page.',
  'settings.updates.why.systemPackage':
    'This copy was installed as a system package (.deb): update it with your package manager or the new .deb from the releases page.',
  'settings.updates.why.elsewhere': 'Updates are handled by the app that runs this node.',
  'settings.updates.why.headless':
    'This node runs headless, which does not update itself: update it the way you installed it (git pull and npm ci, or your package manager).',
  'settings.updates.latest': 'You have the latest version.',
  'settings.updates.error.signature':
    'The downloaded update did not pass its signature check, so it was not installed.',
  'settings.updates.error.offline': 'The update server could not be reached. Is this computer online?',
  'settings.updates.error.disk': 'There is not enough free disk space to download the update.',
  'settings.updates.error.permission': 'The app is not allowed to write the update to disk.',
  'settings.updates.error.notPublished': 'No release for this system was found where updates are published.',
  'settings.updates.error.server':
    'GitHub, where updates are published, did not answer properly (HTTP {status}). Try again later.',
  'settings.updates.error.check': 'Looking for updates failed.',
  'settings.updates.error.download': 'The update could not be downloaded.',
  'settings.updates.error.install': 'The update could not be installed.',
} as const;
