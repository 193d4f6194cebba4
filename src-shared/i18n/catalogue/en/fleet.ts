/** The English words of fleet: every id starts with "fleet.". */
export const messages = {
  // A machine's state in a word: the page, the tray, the notices and `--fleet` say the same.
  'fleet.state.online': 'Online',
  'fleet.state.down': 'Down',
  'fleet.state.asleep': 'Asleep as planned',
  'fleet.state.paused': 'Paused',
  'fleet.state.stopped': 'Stopped by its owner',
  'fleet.state.unknown': 'Not heard yet',

  // The engine's sentence on a machine's state.
  'fleet.words.selfPaused': 'This computer: switched off.',
  'fleet.words.selfOutside': 'This computer: running, outside its availability windows.',
  'fleet.words.selfRunning': 'This computer: running.',
  'fleet.words.settling': 'Answering again; it is told back once it has answered for {duration}.',
  'fleet.words.outside': 'Running, outside its availability windows.',
  'fleet.words.answers': 'Running: it answers.',
  'fleet.words.heartbeats': 'Running: the directory hears its heartbeats.',
  'fleet.words.down': 'Not heard, though its availability windows say it should be on.',
  'fleet.words.downNoWindows': 'Not heard, though it has no availability windows and so should always be on.',
  'fleet.words.asleep': 'Not heard, outside its availability windows: as planned.',
  'fleet.words.paused': 'Switched off by its owner.',
  'fleet.words.stopped': 'Its node was quit on that computer: as planned.',
  'fleet.words.unknown': 'Not heard yet, and its schedule is not known: nothing is said about it until it is.',
  'fleet.duration.seconds': '{count, plural, one {# second} other {# seconds}}',
  'fleet.duration.minutes': '{count, plural, one {# minute} other {# minutes}}',

  // The two counts of a machine's tasks: every page says which one it shows.
  'fleet.count.directory': '{count, plural, one {# task completed} other {# tasks completed}} by the directory’s count',
  'fleet.count.own': '{count, plural, one {# task} other {# tasks}} by this machine’s own count',

  // The tray and the Dashboard.
  'fleet.notice.downTitle': '“{name}” is down',
  'fleet.notice.someDownTitle': 'One of your machines is down',
  'fleet.notice.downBody':
    'It stopped answering at a time it is meant to be on. The Machines page shows what is known of it.',
  'fleet.notice.backTitle': '“{name}” is back',
  'fleet.notice.someBackTitle': 'One of your machines is back',
  'fleet.notice.backBody': 'It answers again.',
  'fleet.notice.backSince': 'It has answered for {duration} now.',
  'fleet.notice.backDowns':
    'It went down {count, plural, one {# time} other {# times}} in {span}. It has answered for {duration} now.',
  'fleet.problem.directoryStatus': 'The directory did not answer about it (HTTP {status}).',
  'fleet.problem.directoryUnreadable': 'The directory answered about it in a form that cannot be read.',
  'fleet.problem.directoryUnreachable': 'The directory cannot be reached.',
  'fleet.problem.notListed': 'The directory does not list it (never registered, or removed).',
  'fleet.problem.noAddress': 'Its address is not known, so it cannot be asked itself.',
  'fleet.problem.relayOnly': 'It is reached through a relay, which passes tasks only: the directory is all there is.',
  'fleet.problem.notSealed':
    'What it answered is not an answer to this computer’s question, sealed with your operator identity.',
  'fleet.problem.noAnswer': 'It does not answer.',
  'fleet.problem.olderVersion':
    'It does not answer your machines’ questions: it may run an older version of IICP Provider, or the address now leads elsewhere.',
  'fleet.problem.machineStatus': 'It answered HTTP {status}.',
  'fleet.problem.olderStatus': 'It answered with an older status than one it gave before.',
  'fleet.summary.line': 'Your machines: {online} of {total} online',
  'fleet.summary.downSince': '“{name}” is down since {since}',

  // The page.
  'fleet.page.title': 'Your machines',
  'fleet.page.subtitle':
    'Every computer that runs a node under your operator identity, as this computer knows them: which serve, which sleep as planned, and which are down.',
  'fleet.page.failed': 'Your machines could not be read: {error}',
  'fleet.page.reading': 'Reading your machines…',
  'fleet.page.stale': 'What is shown may be out of date: {error}',

  'fleet.none.title': 'No operator identity',
  'fleet.none.body': 'This computer has no operator identity, so it has no other machines to list.',
  'fleet.none.how':
    '{purpose} Create one in Settings, under “Your operator identity”, or import there the one you use on another computer; your machines then show here.',
  'fleet.none.open': 'Open Settings to make or import one',

  'fleet.card.title': 'Machines under your operator identity',
  'fleet.card.online': '{online} of {total} online.',
  'fleet.card.empty': 'No machine is known here yet.',
  'fleet.card.list': 'Your machines',
  'fleet.card.note':
    'A machine is down when it is not heard while its own schedule says it should be on; outside its schedule it is asleep as planned. This computer looks again every {span}.',
  'fleet.wallet.counts':
    'The directory counts {count, plural, one {# machine} other {# machines}} under your operator identity.',
  'fleet.wallet.known': '{known, plural, one {# of them is known here.} other {# of them are known here.}}',
  'fleet.wallet.how':
    'A machine is added here once it registers, or when you import the identity file exported after it joined.',

  'fleet.machine.thisComputer': 'This computer',
  'fleet.machine.unnamed': 'Unnamed machine',
  'fleet.machine.rename': 'Rename this computer',
  'fleet.machine.forget': 'Forget…',
  'fleet.machine.forgetName': 'Forget {name}',
  'fleet.machine.renamed': 'The new name is saved. Your other machines learn it the next time they look.',
  'fleet.machine.down': '<b>Down</b>',
  'fleet.machine.downSince': '<b>Down</b> since <time>{since}</time>',

  'fleet.fact.models': 'Models',
  'fleet.fact.slots': 'Slots',
  'fleet.fact.reputation': 'Reputation',
  'fleet.fact.today': 'Today',
  'fleet.fact.lastSeen': 'Last seen',
  'fleet.fact.availability': 'Availability now',
  'fleet.fact.ownerFirst': 'Owner first',
  'fleet.fact.never': 'Never',
  'fleet.fact.notKnown': 'Not known',
  'fleet.fact.schedule': 'Its window now: {describe} ({zone})',

  'fleet.models.none': 'None listed',
  'fleet.models.more': '+{count} more',
  'fleet.slots.busy': '{busy} busy',
  'fleet.slots.busyOf': '{busy} of {total} busy',
  'fleet.slots.paused': 'None: paused',
  'fleet.slots.outside': 'None: outside its availability windows',
  'fleet.reputation.notRead': 'Not read from the directory yet',
  'fleet.reputation.value': '{score} · {tasks}',
  'fleet.today.tasksCredits': '{tasks} · {credits} {count, plural, one {credit} other {credits}}',
  'fleet.ownerFirst.serving': 'Serving',
  'fleet.ownerFirst.yielding': 'Giving the GPU to its owner',
  'fleet.ownerFirst.cooling': 'Waiting after its owner’s use',
  'fleet.ownerFirst.paused': 'Not serving: paused',
  'fleet.ownerFirst.outside': 'Not serving: outside its availability windows',

  'fleet.window.switchedOff': 'Switched off',
  'fleet.window.on': 'Inside its availability windows',
  'fleet.window.onUntil': 'Inside its availability windows until {until}',
  'fleet.window.off': 'Outside its availability windows',
  'fleet.window.offUntil': 'Outside its availability windows until {until}',

  'fleet.source.directory': 'Directory',
  'fleet.source.machine': 'The machine itself',
  'fleet.source.read': '{label}: read <time></time>',
  'fleet.source.notRead': '{label}: not read yet',
  'fleet.source.problem': '{label}: {problem}',

  'fleet.rename.form': 'Rename this computer',
  'fleet.rename.label': 'Name of this computer',
  'fleet.rename.save': 'Save',
  'fleet.rename.saving': 'Saving…',
  'fleet.rename.hint':
    'How your other machines list this one. At most {max} characters, and not the name of another of your machines.',
  'fleet.rename.refused': 'The name was not saved: {message}',

  'fleet.forget.title': 'Forget this machine?',
  'fleet.forget.confirm': 'Yes, forget it',
  'fleet.forget.busy': 'Forgetting…',
  'fleet.forget.failed': 'The machine was not forgotten: {message}',
  'fleet.forget.leaves':
    '<name></name> leaves this computer’s list, and this computer stops telling you when it is down.',
  'fleet.forget.nothing':
    'Nothing changes on the machine itself. It comes back to the list if this computer meets it again, in the directory’s answers or in another of your machines’ lists.',

  'fleet.notify.title': 'Notifications',
  'fleet.notify.when':
    'When one of your machines stops inside its availability window, this computer shows a desktop notification and its tray lists the machines that are down; a machine asleep outside its window raises nothing.',
  'fleet.notify.switch': 'The desktop notification can be switched off in <link>Settings</link>, under Notifications.',
  'fleet.notify.webhook': 'Webhook',
  'fleet.notify.tells': 'What this computer tells the others',
  'fleet.notify.share': 'Tell my other machines when this one gives the GPU to me (owner-first)',
  'fleet.notify.shareHint': 'They then show why this computer is not serving, instead of guessing.',

  'fleet.webhook.set': 'A webhook is set; its address is kept as a secret and not shown again.',
  'fleet.webhook.none': 'No webhook is set.',
  'fleet.webhook.pending': '{count, plural, one {# message waits} other {# messages wait}} to be delivered.',
  'fleet.webhook.enter': 'Enter the address, for example https://ntfy.sh/your-topic.',
  'fleet.webhook.tooLong': 'The address is too long: use at most 512 characters.',
  'fleet.webhook.notHttp': 'The address must be an http:// or https:// address.',
  'fleet.webhook.credentials': 'The address must not carry a user name or password.',
  'fleet.webhook.form': 'Webhook',
  'fleet.webhook.last': 'Last delivery, <time></time>:',
  'fleet.webhook.delivered': 'Delivered',
  'fleet.webhook.failed': 'Failed',
  'fleet.webhook.label': 'Webhook address',
  'fleet.webhook.labelNew': 'New webhook address',
  'fleet.webhook.hint':
    'Optional. Each alert is also sent to this address as a short plain-text POST, as ntfy expects. A token belongs in the path, never a user name or password.',
  'fleet.webhook.save': 'Save',
  'fleet.webhook.saving': 'Saving…',
  'fleet.webhook.remove': 'Remove the webhook',
  'fleet.webhook.removing': 'Removing…',
  'fleet.webhook.notRemoved': 'The webhook was not removed: {message}',
  'fleet.webhook.notSaved': 'The address was not saved: {message}',
  'fleet.webhook.removed': 'Removed. Alerts go to no webhook any more.',
  'fleet.webhook.saved': 'Saved. Alerts about your machines go to this address from now on.',

  // Names and the operator identity's forms (Settings, the wizard, Machines).
  'fleet.name.empty': 'Enter a name.',
  'fleet.name.tooLong': 'Use at most {max} characters.',
  'fleet.name.needsLetter': 'Use at least one letter or digit.',
  'fleet.name.control': 'Remove line breaks and other control characters.',
  'fleet.name.taken': 'Another of your machines already has this name. Choose another one.',
  'fleet.identity.purpose':
    'One operator identity serves all your computers: the directory pools their credits in one operator wallet and shows your display name for them.',
  'fleet.identity.otherComputers': 'To use it on another computer, export it here and import the file there.',
  'fleet.identity.wrongPassphrase': 'This passphrase does not open the file. Type the passphrase it was exported with.',
  'fleet.identity.invalidFile': 'This is not an operator identity file. Choose the file you exported from the app.',
  'fleet.identity.passphraseShort': 'Use at least {min} characters.',
  'fleet.identity.passphraseDiffer': 'The two passphrases are not the same. Type it again.',
  'fleet.identity.fileEmpty': 'This file is empty. Choose the file you exported from the app.',
  'fleet.identity.fileTooLarge': 'This file is too large to be an operator identity file.',
  'fleet.identity.computers': '{count, plural, one {# computer} other {# computers}}',
  // The operator identity at the directory: the Settings card, the directory link's message and the log.
  'fleet.operator.nameTaken':
    "Another operator already uses your operator display name at the IICP directory, so it refused this node's registration. Choose another display name under Your operator identity in Settings; the node then registers again by itself.",
  'fleet.operator.nameTakenRotated':
    "The IICP directory refused this node's registration: it still gives your operator display name to your previous key, which it does not know was replaced. Choose another display name under Your operator identity in Settings; the node then registers again by itself.",
  'fleet.operator.revoked':
    "The IICP directory says your operator identity was rotated or revoked there, so it refuses this node's registration with it. Make a new identity, or import your current one from another computer, under Your operator identity in Settings.",
  'fleet.operator.unverified':
    "The IICP directory registered this node but did not confirm your operator identity, so the node does not count toward your operator wallet. Check that this computer's date and time are right; the node tries again when it next registers.",
  'fleet.operator.unreadable':
    'Your operator identity stored on this computer cannot be read, so this node registers without it. Import it again from an export file, or make a new one, under Your operator identity in Settings.',
  'fleet.operator.state.unknown': 'Not confirmed by the directory yet',
  'fleet.operator.state.bound': 'Confirmed by the directory',
  'fleet.operator.state.unverified': 'Not confirmed by the directory',
  'fleet.operator.state.nameTaken': 'Operator name taken at the directory',
  'fleet.operator.state.revoked': 'Rotated or revoked at the directory',
  'fleet.operator.rotation.unreachable':
    'The IICP directory could not be reached to move your operator identity to a new key, so the current key stays. Try again when the directory is reachable.',
  'fleet.operator.rotation.inactive':
    'The IICP directory no longer accepts this operator key: it was already replaced or revoked there, so it cannot be moved to a new key. Import your current identity from the computer that replaced it, or make a new one, under Your operator identity in Settings.',
  'fleet.operator.rotation.clock':
    "The IICP directory refused the new key because this computer's clock is more than five minutes off; the current key stays. Set the date and time right, then try again.",
  'fleet.operator.rotation.busy':
    'The IICP directory is limiting requests to change keys right now; the current key stays. Try again in a few minutes.',
  'fleet.operator.rotation.refused':
    'The IICP directory refused to move your operator identity to a new key, so the current key stays. Try again later.',
  'fleet.operator.rotation.unreadable':
    'The IICP directory gave an answer the app cannot read while moving your operator identity to a new key, so the current key stays.',
  'fleet.webhook.words.delivered': 'Delivered.',
  'fleet.webhook.words.badAddress': 'The webhook address is not an http:// or https:// address.',
  'fleet.webhook.words.redirect':
    'The webhook answered with a redirect (HTTP {status}), which is not followed: check the address.',
  'fleet.webhook.words.refusedRights':
    'The webhook refused it (HTTP {status}): check the address and its access rights.',
  'fleet.webhook.words.refused': 'The webhook refused it (HTTP {status}): check the address.',
  'fleet.webhook.words.placeThisComputer':
    'The webhook address points back at this computer: the node does not call it.',
  'fleet.webhook.words.placePrivate': 'The webhook address points into a private network: the node does not call it.',
  'fleet.webhook.words.placeNotPublic':
    'The webhook address points to an address that is not on the internet: the node does not call it.',
  'fleet.webhook.words.seconds': '{count} s',
  'fleet.webhook.words.minutes': '{count} min',
  'fleet.webhook.words.retryWait': 'The webhook asked to wait (HTTP 429); trying again in {delay}.',
  'fleet.webhook.words.retryStatus': 'The webhook answered HTTP {status}; trying again in {delay}.',
  'fleet.webhook.words.retryNetwork': 'The webhook could not be reached; trying again in {delay}.',
  'fleet.webhook.words.retryTimeout': 'The webhook did not answer within {timeout}; trying again in {delay}.',
  'fleet.webhook.words.gaveUpWait':
    'Gave up after {count, plural, one {# try} other {# tries}}: the webhook asked to wait (HTTP 429).',
  'fleet.webhook.words.gaveUpStatus':
    'Gave up after {count, plural, one {# try} other {# tries}}: the webhook answered HTTP {status}.',
  'fleet.webhook.words.gaveUpNetwork':
    'Gave up after {count, plural, one {# try} other {# tries}}: the webhook could not be reached.',
  'fleet.webhook.words.gaveUpTimeout':
    'Gave up after {count, plural, one {# try} other {# tries}}: the webhook did not answer.',
} as const;
