/** The English words of events: the gateway's, the fleet's and the owner's events. */
export const messages = {
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
} as const;
