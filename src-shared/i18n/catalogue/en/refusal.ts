/**
 * The English words of refusal: why the engine did not do what a command asked, said by each screen in its language.
 * The English is the wire's `message` too (logs, the CLI, other programs), so it stays as the engine always wrote it:
 * an error's own words (`{detail}`) follow the colon as they did, where the German puts them in quotation marks.
 */
export const messages = {
  // The command table itself.
  'refusal.dispatch.unknownCommand': 'No command named {name}.',
  'refusal.dispatch.invalidRequest': 'The request for {command} is not valid.',
  'refusal.dispatch.hostOnly': '{command} is answered by the app that runs the node, not here.',
  'refusal.dispatch.failed': '{command} failed unexpectedly.',

  // The node and its store.
  'refusal.node.notRunning': 'The node is not running.',
  'refusal.node.notRunningNow':
    'The node is {state, select, starting {starting} stopping {stopping} stopped {stopped} other {{state}}}; try again when it is running.',
  'refusal.node.cannotStart':
    'Cannot start while {state, select, starting {starting} online {online} paused {paused} degraded {degraded} stopping {stopping} other {{state}}}.',
  'refusal.node.eventsUnreadable': 'The event log could not be read: {detail}',
  'refusal.node.notWrittenThrough': 'The change was saved but could not be written through to the disk: {detail}',
  'refusal.store.ledgerUnreadable': 'The ledger could not be read: {detail}',
  'refusal.settings.fixed': 'Some settings are fixed for this run by the host.',
  'refusal.settings.fixedField': 'Fixed for this run by a command-line flag or environment variable; change it there.',
  'refusal.settings.notSaved': 'The settings could not be saved: {detail}',
  'refusal.setup.notSaved': 'The setup could not be saved: {detail}',
  'refusal.setup.noLoginStart': 'This host cannot start the app at login (headless: run it as a service instead).',
  'refusal.setup.choiceNotSaved': 'The choice could not be saved: {detail}',

  // The operator identity.
  'refusal.operator.changedWhileRotating':
    'Your operator identity was changed while its new key was being made. Look at it again, then try once more if you still want a new key.',
  'refusal.operator.passphraseShort': 'The passphrase is too short.',
  'refusal.operator.machinesNotSaved': 'The list of your machines could not be saved: {detail}',
  'refusal.operator.replaceOther':
    'This computer already has another operator identity (fingerprint {fingerprint}). Importing this file replaces it, and its key is then gone from this computer unless you exported it; confirm to replace it.',
  'refusal.operator.exists':
    'This computer already has an operator identity. Rename it, give it a new key, or import another one instead.',
  'refusal.operator.none': 'This computer has no operator identity yet. Make one or import one first.',
  'refusal.operator.notSaved': 'Your operator identity could not be saved: {detail}',
  'refusal.operator.badName': 'The display name cannot be used.',
  'refusal.operator.otherName': 'enter another name',
  'refusal.operator.fileUnreadable': 'This is not an IICP operator identity file that can be read: {why}.',
  'refusal.operator.fileNotExported': 'This is not an operator identity file exported by IICP Provider ({why}).',
  'refusal.operator.file.tooLarge': 'it is larger than an export file can be',
  'refusal.operator.file.notJson': 'it is not JSON',
  'refusal.operator.file.otherKind': 'it is some other kind of file',
  'refusal.operator.file.otherVersion': 'it was made by another version of IICP Provider',
  'refusal.operator.file.damaged': 'a part of it is missing or damaged',
  'refusal.operator.file.tooCostly': 'it asks for more memory or work to open than an export file ever needs',
  'refusal.operator.file.sealDamaged': 'its sealed part is damaged',
  'refusal.operator.file.changed': 'it was changed after it was exported',
  'refusal.operator.file.notIdentity': 'what it holds is not an operator identity',
  'refusal.operator.file.notOperatorKey': 'its key is not an operator key',
  'refusal.operator.file.otherFingerprint': 'its key does not match the fingerprint it names',
  'refusal.operator.wrongPassphrase': 'The passphrase does not open this operator identity file.',
  'refusal.operator.wrongPassphraseField':
    'This passphrase does not open the file. Enter the one chosen when it was exported.',

  // The person's machines.
  'refusal.machines.notNodeId': 'That is not a node ID.',
  'refusal.machines.thisComputer': 'This computer is always one of your machines.',
  'refusal.machines.noIdentity':
    'This computer has no operator identity yet. Make one or import one first: your machines are the computers that share it.',
  'refusal.machines.listFull':
    'Your list holds at most {count, plural, one {# machine} other {# machines}}. Forget one you no longer use first.',
  'refusal.machines.forgetSelf': 'This computer cannot be taken off its own list.',
  'refusal.machines.webhookNotSaved': 'The webhook address could not be saved: {detail}',
  'refusal.machines.nameTaken': 'Another of your machines already has this name.',
  'refusal.machines.nameTakenField': 'Another of your machines has this name; choose one that tells them apart.',

  // LLM servers.
  'refusal.servers.notLocal': 'Only a server on this computer or your local network can be used.',
  'refusal.servers.withHint': '{problem} {hint}',
  'refusal.servers.confirmElsewhere':
    'To use it, choose it in setup (Settings, Run setup again) or add it under LLM servers, where you can confirm it.',
  'refusal.servers.keyNotSaved': 'The API key could not be saved: {detail}',
  'refusal.servers.badAddress': 'This address cannot be used: {problem}.',
  'refusal.servers.url.notUrl': 'the backend URL is not a valid absolute URL',
  'refusal.servers.url.scheme': 'the backend URL must use http or https',
  'refusal.servers.url.credentials': 'the backend URL must not contain a user name or password',
  'refusal.servers.url.query': 'the backend URL must not contain a query string or fragment',
  'refusal.servers.alreadyListed': 'This server is already in the list.',
  'refusal.servers.alreadyListedField': 'already in the list',
  'refusal.servers.tooMany': 'A node can have at most {count, plural, one {# LLM server} other {# LLM servers}}.',
  'refusal.servers.noSuch': 'There is no such server in the list.',
  'refusal.servers.noSuchField': 'no such server',
  'refusal.pull.busy': 'A model is being downloaded already; wait for it or stop it first.',
  'refusal.pull.noServer': 'There is no such LLM server.',
  'refusal.pull.notOllama': 'Only an Ollama server can download a model with one click.',

  // The gateway ("Use the network").
  'refusal.gateway.keyLimit':
    'At most {count, plural, one {# app key} other {# app keys}} can exist at once; revoke one you no longer use first.',
  'refusal.gateway.noKey': 'There is no app key with this id; it may have been revoked already.',
  'refusal.gateway.noKeyForLimits': 'There is no app key with this id; it may have been revoked.',
  'refusal.gateway.off': 'The gateway is off; turn it on to try it.',
  'refusal.gateway.tooLong': 'The answer was too long to show here.',
  'refusal.gateway.notJson': 'The gateway sent an answer that is not JSON.',
  // The gateway's own words, as its answer gave them (English on the wire, like every error body).
  'refusal.gateway.answered': '{detail}',
  'refusal.gateway.unreachable': 'The gateway could not be reached from this app.',

  // Availability.
  'refusal.availability.scheduleNotSaved': 'The schedule could not be saved: {detail}',
  'refusal.availability.pauseOver': 'The end of a pause must be in the future.',
  'refusal.availability.pauseTooLong': 'A timed pause can last at most {days, plural, one {# day} other {# days}}.',
  'refusal.schedule.unknownZone': '"{zone}" is not a known time zone.',
  'refusal.schedule.timeFormat': 'Times must be HH:MM, for example 08:00.',
  'refusal.schedule.sameMinute': 'The window {window} starts and ends at the same minute.',
  'refusal.schedule.dayTwice': 'A day is listed twice.',
  'refusal.schedule.overlap':
    '{first} and {second} overlap at {at}. Windows may touch but not share a minute: end one at {end} or start the other later.',
  'refusal.availability.switchNotSaved': 'The switch could not be saved: {detail}',

  // Notices, earnings.
  'refusal.notices.notDismissed': 'The notice could not be dismissed: {detail}',
  'refusal.notices.none': 'There is no notice with this id; it may have gone already.',
  'refusal.earnings.noSuchKey':
    'The directory does not offer a key with this fingerprint now; check again and compare the fingerprint.',

  // The app around the node: its process, its updates.
  'refusal.host.noSeparateProcess': 'The node runs inside this program; there is no separate process to restart.',
  'refusal.updates.notSelf': 'This app does not update itself.',
  'refusal.updates.downloading':
    'The new version is still downloading ({percent} %). It can be installed once it is ready.',
  'refusal.updates.nothingDownloaded': 'There is no downloaded update to install. Look for updates first.',
  'refusal.engine.running': 'The node is running; there is nothing to restart.',
  'refusal.engine.shuttingDown': 'The node is shutting down.',
  'refusal.engine.starting': 'The node is already starting.',
  'refusal.engine.failed': 'The node has stopped and is not running; see the Dashboard (Restart now).',
  'refusal.engine.restarting': 'The node is restarting after a problem; try again in a moment.',
} as const;
