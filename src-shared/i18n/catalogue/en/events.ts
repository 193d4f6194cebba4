/** The English words of events: each event's sentence (Logs, the Dashboard) and its kind (the Logs filter). */
export const messages = {
  'events.setting.displayName': 'display name',
  'events.setting.region': 'region',
  'events.setting.directoryUrl': 'directory address',
  'events.setting.taskPort': 'task port',
  'events.setting.publicEndpoint': 'public address',
  'events.setting.portMapping': 'router port mapping',
  'events.setting.quickTunnel': 'quick tunnel',
  'events.setting.relayFallback': 'relay',
  'events.setting.relayPlaintext': 'unencrypted tasks through a relay',
  'events.setting.trustedProxies': 'trusted reverse proxies',
  'events.setting.maxConcurrent': 'tasks at once',
  'events.setting.backendUrl': 'local LLM server',
  'events.setting.moreBackends': 'more LLM servers',
  'events.setting.defaultModel': 'default model',
  'events.setting.excludedModels': 'models kept private',
  'events.setting.maxTokens': 'largest answer',
  'events.setting.offerCompletion': 'plain text completion',
  'events.setting.tokensPerMin': 'tokens per minute',
  'events.setting.onlyOnMains': 'only on mains power',
  'events.setting.idleMinutes': 'only when idle',
  'events.setting.creditCostMultiplier': 'price',
  'events.setting.pricingModel': 'pricing model',
  'events.setting.theme': 'theme',
  'events.setting.language': 'language',
  'events.setting.gateway': 'gateway',
  'events.setting.notifications': 'notifications',
  'events.setting.ownerFirst': 'owner first',
  'events.setting.energy': 'energy',
  'events.setting.checkForUpdates': 'check for updates',
  'events.node.removed': 'The node was removed from the network and no longer takes tasks.',
  'events.node.pausedByYouUntil': 'You paused the node until {until}.',
  'events.node.switchedOff': 'You switched Available off: the node takes no new tasks.',
  'events.node.pausedUntil': 'The node is paused until {until}.',
  'events.node.off': 'The node is switched off and takes no new tasks.',
  'events.node.pauseOver': 'The pause is over: the node takes tasks again.',
  'events.node.switchedOn': 'You switched Available on: the node takes tasks again.',
  'events.node.on': 'The node takes tasks again.',
  'events.node.problemBackend': 'The local LLM server is not answering; the node takes no tasks until it is back.',
  'events.node.problemStore': 'The task ledger cannot be written{why}; served tasks are kept in memory until it can.',
  'events.node.problem': 'Something needs your attention; the Dashboard says what.',
  'events.node.clearedBackend': 'The local LLM server answers again.',
  'events.node.clearedStore': 'The task ledger can be written again.',
  'events.node.cleared': 'A problem cleared up.',
  'events.node.windowsSkipped':
    'Your availability schedule has {count, plural, one {# time window that is not valid; it is ignored} other {# time windows that are not valid; they are ignored}}.',
  'events.node.unknownZone': "This computer does not know your schedule's time zone {zone}; it uses {instead} instead.",
  'events.node.scheduleInvalid': 'Part of your availability schedule was not valid and is ignored.',
  'events.node.scheduleAlways': 'Your availability schedule changed: the node is offered at all times.',
  'events.node.scheduleChanged': 'Your availability schedule changed.',
  'events.node.scheduleWindows':
    'Your availability schedule changed: {count, plural, one {# time window} other {# time windows}}.',
  'events.node.scheduleWindowsZone':
    'Your availability schedule changed: {count, plural, one {# time window} other {# time windows}}, {zone} time.',
  'events.node.startedHeadlessVersion': 'The node started without a window (headless), app version {version}.',
  'events.node.startedVersion': 'The node started, app version {version}.',
  'events.node.startedHeadless': 'The node started without a window (headless).',
  'events.node.started': 'The node started.',
  'events.node.restarted': 'The node was restarted after it stopped unexpectedly.',
  'events.node.stopped': 'The node stopped.',
  'events.node.notPrivate':
    "The data folder could not be made private to you, so other people using this computer may be able to read the node's files.",
  'events.node.settingsResetList': 'Some saved settings were not valid and went back to their defaults: {list}.',
  'events.node.settingsReset': 'Some saved settings were not valid and went back to their defaults.',
  'events.node.settingsChangedList': 'Settings changed: {list}.',
  'events.node.settingsChanged': 'Settings changed.',
  'events.node.setupDoneLogin': 'Setup finished; the app starts when you log in.',
  'events.node.setupDone': 'Setup finished.',
  'events.node.loginOn': 'The app now starts when you log in.',
  'events.node.loginOff': 'The app no longer starts when you log in.',
  'events.node.servingPort': 'The node takes tasks on port {port}.',
  'events.node.serving': 'The node takes tasks.',
  'events.label.engineStart': 'Node started',
  'events.label.engineRestarted': 'Node restarted',
  'events.label.engineStop': 'Node stopped',
  'events.label.dataFolderNotPrivate': 'Data folder not private',
  'events.label.settingsInvalid': 'Settings reset',
  'events.label.settingsChanged': 'Settings changed',
  'events.label.setupCompleted': 'Setup finished',
  'events.label.startAtLogin': 'Start at login',
  'events.label.problem': 'Problem',
  'events.label.problemCleared': 'Problem cleared',
  'events.label.availabilityOn': 'Available switched on',
  'events.label.availabilityOff': 'Available switched off',
  'events.label.scheduleChanged': 'Schedule changed',
  'events.label.scheduleInvalid': 'Schedule not valid',
  'events.label.serveStart': 'Taking tasks',
  'events.duration.aboutMinute': 'about a minute',
  'events.fallback.event': 'Event',
  'events.directory.registerUnreachable': 'Could not reach the IICP directory to register{why}; the node tries again.',
  'events.directory.registerAgainUnreachable':
    'Could not reach the IICP directory to register again{why}; the node tries again.',
  'events.directory.registerSlowDownIn':
    'The IICP directory asked the node to slow down; it tries to register in {wait}.',
  'events.directory.registerAgainSlowDownIn':
    'The IICP directory asked the node to slow down; it tries to register again in {wait}.',
  'events.directory.registerSlowDown':
    'The IICP directory asked the node to slow down; it tries to register a little later.',
  'events.directory.registerAgainSlowDown':
    'The IICP directory asked the node to slow down; it tries to register again a little later.',
  'events.directory.registerServer':
    'The IICP directory had a problem of its own and could not take the registration; the node tries again.',
  'events.directory.ownership':
    'The IICP directory asked for proof that this computer owns the node, because the saved sign-in was not accepted.',
  'events.directory.liveness':
    'The IICP directory could not reach this node from the internet, so it did not take the registration. Check the port forwarding or the public address.',
  'events.directory.privateAddress':
    'The IICP directory refused the address: it is private or local, so the internet cannot reach it.',
  'events.directory.registerForgot':
    "The IICP directory did not accept the node's sign-in; the node tries to register with a fresh one.",
  'events.directory.registerAgainForgot':
    "The IICP directory did not accept the node's sign-in; the node tries to register again with a fresh one.",
  'events.directory.noToken':
    'The IICP directory accepted the registration but sent no sign-in token; the node tries again.',
  'events.directory.signInNotSavedRetry': 'The node could not save its new directory sign-in{why}; it tries again.',
  'events.directory.folderFull': 'the data folder is read-only or full',
  'events.directory.nameTaken':
    'The IICP directory refused the registration: another operator already uses your operator display name. Choose another one under Your operator identity in Settings.',
  'events.directory.operatorRevoked':
    'The IICP directory refused the registration: your operator identity was rotated or revoked there. Make a new one or import your current one under Your operator identity in Settings.',
  'events.directory.refused': 'The IICP directory refused the registration; the Dashboard says why.',
  'events.directory.membershipRefused':
    "This directory admits members only and did not accept the node's membership; enter a new one in Settings.",
  'events.directory.membershipMissing':
    'This directory admits members only, and the node has no membership yet; enter one in Settings.',
  'events.directory.tokenForgotten': "The IICP directory no longer knew this node's token, so it signed in again.",
  'events.directory.nodeForgotten': 'The IICP directory no longer knew this node, so it registered again.',
  'events.directory.heartbeatUnreachable':
    'Could not reach the IICP directory{why}; the node keeps serving and tries again.',
  'events.directory.heartbeatSlowDownIn':
    'The IICP directory asked the node to slow down; it checks in again in {wait}.',
  'events.directory.heartbeatSlowDown':
    'The IICP directory asked the node to slow down; it checks in again a little later.',
  'events.directory.heartbeatServer':
    'The IICP directory had a problem of its own when the node checked in; the node keeps serving and tries again.',
  'events.directory.heartbeatLiveness':
    'The IICP directory could not reach this node from the internet when it checked in.',
  'events.directory.heartbeatRefused': "The IICP directory refused the node's check-in; the node tries again.",
  'events.directory.deregisterUnreachable':
    'Could not reach the IICP directory to remove this node{why}; the node is still registered.',
  'events.directory.deregisterForgot':
    "The IICP directory did not take the removal with the node's current sign-in; the node signs in again and retries.",
  'events.directory.deregisterFailed': 'The IICP directory did not remove this node; it is still registered.',
  'events.directory.registeredModels':
    'Registered with the IICP directory, offering {count, plural, one {# model} other {# models}}.',
  'events.directory.registered': 'Registered with the IICP directory.',
  'events.directory.registeredAgainModels':
    'Registered again with the IICP directory, offering {count, plural, one {# model} other {# models}}.',
  'events.directory.registeredAgain': 'Registered again with the IICP directory.',
  'events.directory.checkedIn': 'The node checked in with the IICP directory.',
  'events.directory.tokenRefused':
    'The IICP directory keeps refusing the sign-in it has just issued; the node tries again after a pause.',
  'events.directory.removed': 'This node was removed from the IICP directory.',
  'events.directory.signInNotSaved': 'The node could not save its directory sign-in{why}.',
  'events.directory.turnFailed':
    'Talking to the IICP directory failed because of an error in this app; the node tries again.',
  'events.directory.loopCrashed':
    'The link to the IICP directory stopped because of an error in this app; restart the app to bring it back.',
  'events.label.registerOk': 'Registered',
  'events.label.registerFail': 'Registration failed',
  'events.label.reregisterOk': 'Registered again',
  'events.label.reregisterFail': 'Registering again failed',
  'events.label.heartbeatOk': 'Checked in',
  'events.label.heartbeatFail': 'Check-in failed',
  'events.label.tokenRefused': 'Sign-in refused',
  'events.label.deregisterOk': 'Removed from the directory',
  'events.label.deregisterFail': 'Removal failed',
  'events.label.secretsNotSaved': 'Sign-in not saved',
  'events.label.directoryTurnFailed': 'Directory error',
  'events.label.directoryLoopCrashed': 'Directory link stopped',
  'events.operator.createdPrint':
    'You made your operator identity (fingerprint {fingerprint}). Every node that uses it counts as yours at the IICP directory.',
  'events.operator.created':
    'You made your operator identity. Every node that uses it counts as yours at the IICP directory.',
  'events.operator.renamedPrint':
    'You changed your operator display name (fingerprint {fingerprint}); the node tells the IICP directory when it next registers.',
  'events.operator.renamed':
    'You changed your operator display name; the node tells the IICP directory when it next registers.',
  'events.operator.exportedPrint':
    'You saved your operator identity to a file sealed with your passphrase (fingerprint {fingerprint}). Keep the file and the passphrase apart.',
  'events.operator.exported':
    'You saved your operator identity to a file sealed with your passphrase. Keep the file and the passphrase apart.',
  'events.operator.importedReplacedPrint':
    'You imported an operator identity from a file (fingerprint {fingerprint}); it replaced the one this computer had.',
  'events.operator.importedReplaced':
    'You imported an operator identity from a file; it replaced the one this computer had.',
  'events.operator.importedPrint':
    "You imported your operator identity from a file (fingerprint {fingerprint}); this computer's nodes now count as yours.",
  'events.operator.imported':
    "You imported your operator identity from a file; this computer's nodes now count as yours.",
  'events.operator.rotatedPrint':
    'You gave your operator identity a new key (fingerprint {fingerprint}); the old key was deleted and signs nothing any more.',
  'events.operator.rotated':
    'You gave your operator identity a new key; the old key was deleted and signs nothing any more.',
  'events.operator.boundPrint':
    'The IICP directory confirmed this node as yours (fingerprint {fingerprint}): it counts toward your operator wallet.',
  'events.operator.bound': 'The IICP directory confirmed this node as yours: it counts toward your operator wallet.',
  'events.operator.unverified':
    "The IICP directory registered this node but did not confirm your operator identity. Check this computer's date and time.",
  'events.label.operatorCreated': 'Operator identity made',
  'events.label.operatorRenamed': 'Operator name changed',
  'events.label.operatorExported': 'Operator identity exported',
  'events.label.operatorImported': 'Operator identity imported',
  'events.label.operatorRotated': 'Operator key replaced',
  'events.label.operatorBound': 'Operator confirmed',
  'events.label.operatorUnverified': 'Operator not confirmed',
  'events.gateway.listeningPort':
    'The gateway for apps on this computer listens on port {port}, on this computer only.',
  'events.gateway.listening': 'The gateway for apps on this computer listens, on this computer only.',
  'events.gateway.stopped': 'The gateway for apps on this computer stopped.',
  'events.gateway.portInUsePort': 'The gateway could not listen on port {port}: another program uses that port.',
  'events.gateway.portInUse': 'The gateway could not listen: another program uses that port.',
  'events.gateway.listenFailedPort': 'The gateway could not listen on port {port}.',
  'events.gateway.listenFailed': 'The gateway could not listen.',
  'events.gateway.startFailed': 'The gateway for apps on this computer could not start.',
  'events.gateway.keyMade': 'You made an app key for the gateway.',
  'events.gateway.keyRevoked': 'You revoked an app key: apps using it can no longer use the gateway.',
  'events.gateway.keyLimits': 'You changed the daily limit or the requests per minute of an app key.',
  'events.gateway.bookFailed': 'A request through the gateway could not be written to the books on this computer.',
  'events.label.gatewayListening': 'Gateway on',
  'events.label.gatewayStopped': 'Gateway off',
  'events.label.gatewayListenFailed': 'Gateway could not start',
  'events.label.gatewayStartFailed': 'Gateway failed',
  'events.label.gatewayKeyMade': 'App key made',
  'events.label.gatewayKeyRevoked': 'App key revoked',
  'events.label.gatewayKeyLimits': 'App limits changed',
  'events.label.gatewayBookFailed': 'Spending not booked',
  'events.fleet.downNamed': 'One of your machines (“{name}”) stopped answering inside its availability window.',
  'events.fleet.downNode': 'One of your machines (node {node}) stopped answering inside its availability window.',
  'events.fleet.down': 'One of your machines stopped answering inside its availability window.',
  'events.fleet.backNamed': 'One of your machines (“{name}”) answers again.',
  'events.fleet.backNode': 'One of your machines (node {node}) answers again.',
  'events.fleet.back': 'One of your machines answers again.',
  'events.fleet.metNamed': 'This computer met another of your machines (“{name}”); the Machines page lists it.',
  'events.fleet.metNode': 'This computer met another of your machines (node {node}); the Machines page lists it.',
  'events.fleet.met': 'This computer met another of your machines; the Machines page lists it.',
  'events.fleet.forgottenNamed':
    "You took one of your machines (“{name}”) off this computer's list; it comes back if it is met again.",
  'events.fleet.forgottenNode':
    "You took one of your machines (node {node}) off this computer's list; it comes back if it is met again.",
  'events.fleet.forgotten': "You took one of your machines off this computer's list; it comes back if it is met again.",
  'events.fleet.addedNamed':
    'You put another computer (“{name}”) on your list of machines; the gateway asks it first, for free.',
  'events.fleet.addedNode':
    'You put another computer (node {node}) on your list of machines; the gateway asks it first, for free.',
  'events.fleet.added': 'You put another computer on your list of machines; the gateway asks it first, for free.',
  'events.fleet.takenIn':
    'The computers an earlier version listed on the "Use the network" page are now on your list of machines.',
  'events.fleet.listFull':
    'Your list of machines is full: {count, plural, one {# computer} other {# computers}} from the "Use the network" page wait until you forget a machine you no longer use.',
  'events.fleet.lookFailed': 'Your other machines could not be looked at this time{why}; the next look tries again.',
  'events.fleet.saveFailed': 'What this computer knows of your other machines could not be saved{why}.',
  'events.fleet.webhookFailed': 'An alert could not be delivered to your webhook; it is tried again after a pause.',
  'events.fleet.webhookGaveUp':
    'An alert could not be delivered to your webhook and was dropped; the Machines page shows the last try.',
  'events.fleet.webhookDropped': 'Alerts waited too long for your webhook, and the oldest were dropped.',
  'events.label.fleetMachineDown': 'Machine down',
  'events.label.fleetMachineBack': 'Machine back',
  'events.label.fleetMachineMet': 'Machine met',
  'events.label.fleetMachineForgotten': 'Machine forgotten',
  'events.label.fleetMachineAdded': 'Machine added',
  'events.label.fleetMachinesTakenIn': 'Machines taken in',
  'events.label.fleetLookFailed': 'Machines not looked at',
  'events.label.fleetSaveFailed': 'Machines not saved',
  'events.label.fleetWebhookFailed': 'Webhook not reached',
  'events.label.fleetWebhookGaveUp': 'Webhook alert dropped',
  'events.label.fleetWebhookDropped': 'Webhook alerts dropped',
  'events.owner.endedTimeUp': 'Sharing anyway ended at the time you chose; your own use of the GPU comes first again.',
  'events.owner.endedStopped': 'You stopped sharing anyway; your own use of the GPU comes first again.',
  'events.owner.endedExpired':
    'Sharing anyway ended while the node was not running; your own use of the GPU comes first again.',
  'events.owner.ended': 'Sharing anyway ended; your own use of the GPU comes first again.',
  'events.owner.yieldCause': 'The node stopped taking tasks {cause}.',
  'events.owner.yield': 'The node stopped taking tasks because you need the GPU.',
  'events.owner.doneAt': 'Your own use of the GPU ended; the node takes tasks again at {at}.',
  'events.owner.done': 'Your own use of the GPU ended; the node takes tasks again after the wait you set.',
  'events.owner.resumed': 'The node takes tasks again after your own use of the GPU.',
  'events.owner.noneCut': 'No task was still running when the grace time ended.',
  'events.owner.cut':
    'Stopped {count, plural, one {# task} other {# tasks}} still running at the end of the grace time; no credits were claimed for them.',
  'events.owner.memory': 'The node asked the LLM server to free the GPU memory.',
  'events.owner.anywayNotSaved': 'Sharing anyway could not be saved, so it ends if the node restarts.',
  'events.owner.anywayRestored': 'Sharing anyway goes on after the restart, until {until}.',
  'events.owner.anywayBusy':
    'You chose to share the GPU anyway until {until}; the node takes tasks although you use the GPU.',
  'events.owner.anyway': 'You chose to share the GPU anyway until {until}.',
  'events.owner.watchOff': 'Watching for your own use of the GPU stopped working and is off until the app restarts.',
  'events.label.ownerYield': 'Gave the GPU back to you',
  'events.label.ownerDone': 'Your own use ended',
  'events.label.ownerResumed': 'Taking tasks again',
  'events.label.ownerTasksCut': 'Tasks stopped for you',
  'events.label.ownerMemory': 'GPU memory freed',
  'events.label.ownerShareAnyway': 'Share anyway',
  'events.label.ownerWatchOff': 'GPU watching off',
  'events.earnings.perToken': 'per token',
  'events.earnings.perRequest': 'per request',
  'events.earnings.flat': 'as a flat rate',
  'events.earnings.syncNotRegistered':
    'Could not fetch your earnings: the node is not registered with the directory yet.',
  'events.earnings.syncFailed':
    'Could not fetch your earnings from the directory{why}; it tries again in a few minutes.',
  'events.earnings.syncNotSaved': 'The earnings fetched from the directory could not be saved on this computer{why}.',
  'events.earnings.verifiedDiffer':
    'Checked your awards against the directory’s signed record: {count, plural, one {# award} other {# awards}} verified, and some tasks differ.',
  'events.earnings.verified':
    'Checked your awards against the directory’s signed record: {count, plural, one {# award} other {# awards}} verified.',
  'events.earnings.verifyFailed':
    'Could not check your awards against the directory’s signed record{why}; it tries again later.',
  'events.earnings.keyAccepted':
    'You trusted the directory’s new signing key; the whole signed record is checked again with it.',
  'events.earnings.ledgerWriteFailed':
    'Served tasks could not be written to the ledger{why}; they are kept in memory until it works again.',
  'events.earnings.ledgerHelperFailed':
    'The helper that writes served tasks to the ledger could not write{why}, so the node wrote them itself; nothing was lost.',
  'events.earnings.rateYours': 'your price',
  'events.earnings.rateBase': 'your price, the base rate',
  'events.earnings.rateTimes': 'your price, {times} × the base rate',
  'events.earnings.priceAcceptedHow': 'The directory accepted {rate}, charged {how}.',
  'events.earnings.priceAccepted': 'The directory accepted {rate}.',
  'events.earnings.creditedTasks':
    'The directory credited you for {tasks, plural, one {# served task} other {# served tasks}}.',
  'events.earnings.creditedTask': 'The directory credited you for a served task.',
  'events.earnings.awardedTasks':
    'The directory credited you {credits} {amount, plural, one {credit} other {credits}} for {tasks, plural, one {# served task} other {# served tasks}}.',
  'events.earnings.awardedTask':
    'The directory credited you {credits} {amount, plural, one {credit} other {credits}} for a served task.',
  'events.earnings.outboxFailed':
    'Credit claims could not be sent because of a problem on this computer{why}; the node tries again.',
  'events.earnings.expired': 'A credit claim expired before the directory accepted it, so that task earns nothing.',
  'events.earnings.withoutQueryingNode':
    'The directory does not know the node that asked for a task, so the credit claim was sent again without naming it.',
  'events.earnings.hourlyCapAt':
    "The directory's limit of {limit} credits per hour was reached; {claims, plural, one {the credit claim is} other {# credit claims are}} sent again at {at}.",
  'events.earnings.hourlyCap':
    "The directory's limit of {limit} credits per hour was reached; {claims, plural, one {the credit claim is} other {# credit claims are}} sent again next hour.",
  'events.earnings.replayed': 'The directory already had this credit claim: an earlier attempt got through.',
  'events.earnings.rejected':
    'The directory rejected a credit claim, so that task earns nothing; the Earnings page says why.',
  'events.earnings.refusedByLedger':
    'A second credit claim for the same task was refused by the ledger and is not sent.',
  'events.earnings.usageBounded':
    'Your LLM server counted {server} tokens for one answer, more than it could have used; the node claimed {claimed}.',
  'events.earnings.usageUnreadable':
    "Your LLM server's token count for one answer could not be read; the node claimed its own count, {claimed}.",
  'events.label.earningsSyncFailed': 'Earnings not fetched',
  'events.label.earningsSyncNotSaved': 'Earnings not saved',
  'events.label.verifyDone': 'Earnings checked',
  'events.label.verifyFailed': 'Earnings not checked',
  'events.label.verifyProblem': 'Earnings do not match',
  'events.label.verifyKeyAccepted': 'Directory key trusted',
  'events.label.ledgerWriteFailed': 'Ledger not written',
  'events.label.ledgerHelperFailed': 'Ledger helper failed',
  'events.label.pricingAccepted': 'Price accepted',
  'events.label.receiptAwarded': 'Credits received',
  'events.label.receiptOutboxFailed': 'Claims not sent',
  'events.label.receiptExpired': 'Claim expired',
  'events.label.receiptWithoutQueryingNode': 'Claim sent without the asking node',
  'events.label.receiptHourlyCap': 'Hourly credit limit',
  'events.label.receiptReplayed': 'Claim already accepted',
  'events.label.receiptRejected': 'Claim rejected',
  'events.label.receiptRefusedByLedger': 'Duplicate claim',
  'events.label.usageClaimBounded': 'Token count not believed',
  'events.label.receiptNotSaved': 'Claim not saved',
  'events.retired.receiptNotSaved': 'A credit claim could not be saved on this computer{why}.',
  'events.fallback.detailsSayMore': '{kind}; the details say more.',
  'events.fallback.kind': '{kind}.',
  'events.fallback.error': '{kind}: something went wrong.',
  'events.fallback.warn': '{kind}: something needs attention.',
  'events.network.method.publicUrl': 'the public address you set',
  'events.network.method.publicIpv4': "this computer's own public address",
  'events.network.method.router': 'a port your router opened',
  'events.network.method.ipv6': 'IPv6',
  'events.network.method.tunnel': 'your tunnel',
  'events.network.method.quickTunnel': 'a Cloudflare quick tunnel',
  'events.network.method.relay': 'a relay',
  'events.network.forDuration': 'for {duration}',
  'events.network.forAWhile': 'for a while',
  'events.network.checkOkVia': 'Check my node: the node is reachable from the internet through {via}.',
  'events.network.checkOk': 'Check my node: the node is reachable from the internet.',
  'events.network.checkPartialVia':
    'Check my node: the node is partly reachable through {via}; the Network page shows what did not work.',
  'events.network.checkPartial':
    'Check my node: the node is partly reachable; the Network page shows what did not work.',
  'events.network.checkFailedVia': 'Check my node: the node could not be reached from the internet through {via}.',
  'events.network.checkFailed': 'Check my node: the node could not be reached from the internet.',
  'events.network.noWayIn': 'No way in from the internet was found; for now the node serves only this computer.',
  'events.network.foundVia': 'Found a way in from the internet: {via}.',
  'events.network.found': 'Found a way in from the internet.',
  'events.network.lookFailed':
    'Looking for a way in from the internet failed because of an error in this app; the node tries again later.',
  'events.network.probeReachable': 'The directory reached your node from the internet just now.',
  'events.network.probeUnreachable': 'The directory could not reach your node from the internet just now.',
  'events.network.probeNotPossible': 'The directory cannot dial this kind of address; the task check shows the way in.',
  'events.network.probeNotAsked': 'The directory could not be asked to dial your node just now.',
  'events.network.mappedVia': 'Your router opened a port for this node ({protocol}).',
  'events.network.mapped': 'Your router opened a port for this node.',
  'events.network.addressChanged':
    "Your router's public address changed; the node tells the directory its new address.",
  'events.network.mappingLost': 'Your router stopped keeping the port open for this node; the node asks it again.',
  'events.network.renewFailed':
    'Your router did not renew the port it opened for this node{why}; the node tries again shortly.',
  'events.network.mappingRestored': 'Your router opened the port for this node again.',
  'events.network.unmapped': 'The port your router opened for this node was closed.',
  'events.network.pinholeOff':
    "The router's answers to the IPv6 firewall helper kept failing, so the helper is switched off {time}; the node keeps serving without it.",
  'events.network.mappingOff':
    "The router's answers to the port-mapping search kept failing, so port mapping is switched off {time}; the node keeps serving without it.",
  'events.network.tunnelStartingAttempt': 'Starting a Cloudflare quick tunnel (attempt {attempt}).',
  'events.network.tunnelStarting': 'Starting a Cloudflare quick tunnel.',
  'events.network.tunnelUp': 'A Cloudflare quick tunnel now leads to this node.',
  'events.network.tunnelRateLimited':
    'Cloudflare asked this network to slow down creating quick tunnels; the node waits before the next one.',
  'events.network.tunnelCheckFailedWhy': 'The quick tunnel did not answer its check: {why}',
  'events.network.tunnelCheckFailed': 'The quick tunnel did not answer its check.',
  'events.network.tunnelDown': 'The quick tunnel stopped working{why}; the node builds a new one.',
  'events.network.tunnelFailed': 'A Cloudflare quick tunnel could not be created; the node tries again.',
  'events.network.tunnelDeadIn': 'Several quick tunnel attempts in a row failed; the next try is in {wait}.',
  'events.network.tunnelDead': 'Several quick tunnel attempts in a row failed; the next try is later.',
  'events.network.tunnelOffHow':
    'The quick tunnel is switched off {time}: cloudflared printed far more than a tunnel needs ({how}). The node keeps serving without it.',
  'events.network.tunnelOff':
    'The quick tunnel is switched off {time}: cloudflared printed far more than a tunnel needs. The node keeps serving without it.',
  'events.network.aMoment': 'a moment',
  'events.network.waitCooldown':
    'Waiting {when} before the next quick tunnel: Cloudflare asked this network to slow down.',
  'events.network.waitLease': 'Waiting {when}: another program on this computer is creating a quick tunnel.',
  'events.network.waitLimits': "Waiting {when} before the next quick tunnel, to stay within Cloudflare's limits.",
  'events.network.tunnelStopped': 'The quick tunnel was stopped.',
  'events.network.notOursThisComputer':
    'A tunnel address named by another program on this computer was not used: it points back at this computer.',
  'events.network.notOursPrivate':
    'A tunnel address named by another program on this computer was not used: it points into a private network.',
  'events.network.notOursNotPublic':
    'A tunnel address named by another program on this computer was not used: it points to an address that is not on the internet.',
  'events.network.notOurs':
    'A tunnel address named by another program on this computer was not used: a request sent through it did not reach this node.',
  'events.network.relayBound': 'Connected to a relay: consumers reach this node through it.',
  'events.network.relayBindFailed': 'A relay could not take this node{why}; the node tries another one.',
  'events.network.relayLost': 'The connection to the relay was lost{why}; the node looks for another relay.',
  'events.network.plaintextRefused':
    'An unencrypted task came through the relay and was refused, as your settings ask.',
  'events.network.resultFailed': 'An answer could not be sent back through the relay{why}.',
  'events.label.reachability': 'Way in found',
  'events.label.reachabilityFailed': 'Looking for a way in failed',
  'events.label.nodeCheck': 'Check my node',
  'events.label.directoryProbe': 'The directory dialled in',
  'events.label.natMapped': 'Router port opened',
  'events.label.natAddressChanged': "Router's address changed",
  'events.label.natMappingLost': 'Router port lost',
  'events.label.natRenewFailed': 'Router port not renewed',
  'events.label.natMappingRestored': 'Router port reopened',
  'events.label.natUnmapped': 'Router port closed',
  'events.label.pinholeHelperOff': 'IPv6 firewall helper paused',
  'events.label.portMappingHelperOff': 'Router port mapping paused',
  'events.label.quickTunnelStarting': 'Quick tunnel starting',
  'events.label.quickTunnelUp': 'Quick tunnel up',
  'events.label.quickTunnelRateLimited': 'Quick tunnels slowed down',
  'events.label.quickTunnelHealthFailed': 'Quick tunnel not answering',
  'events.label.quickTunnelDown': 'Quick tunnel down',
  'events.label.quickTunnelFailed': 'Quick tunnel failed',
  'events.label.quickTunnelDead': 'Quick tunnel gave up for now',
  'events.label.quickTunnelOff': 'Quick tunnel switched off',
  'events.label.quickTunnelWaiting': 'Quick tunnel waiting',
  'events.label.quickTunnelStopped': 'Quick tunnel stopped',
  'events.label.tunnelNotOurs': 'Tunnel address not used',
  'events.label.relayBound': 'Relay connected',
  'events.label.relayBindFailed': 'Relay refused',
  'events.label.relayLost': 'Relay lost',
  'events.label.relayPlaintextRefused': 'Unencrypted task refused',
  'events.label.relayResultFailed': 'Answer not sent back',
  'events.network.probeNotOffered': 'This directory does not offer an instant check; the task check shows the way in.',
} as const;
