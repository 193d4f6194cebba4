/** The English words of relay: sentences the engine makes for a person, said by each screen in its language. */
export const messages = {
  // A failure the network said nothing recognisable about: the error's own words, quoted.
  'relay.error.failed': 'failed',
  'relay.error.detail': '“{detail}”',

  // The election: which relays were passed over and why.
  'relay.election.failedRecently': 'Relay {relay} failed recently; trying others first.',
  'relay.election.lowReputation':
    'Relay {relay} was skipped: its reputation ({reputation, number, ::.00}) is too low to trust.',
  'relay.election.allOnProbation': 'Every relay listed is new to the network (on probation); using one of them.',

  // Why the directory gave no list of relays.
  'relay.list.refused': 'the directory answered HTTP {status}',
  'relay.list.refusedCode': 'the directory answered HTTP {status} with the code “{code}”',
  'relay.list.tooBig': 'the directory sent a list too large to read',
  'relay.list.notList': 'the directory answered with something that is not a list of nodes',

  // Why a relay's address is not one the node calls.
  'relay.url.tooLong': 'its address is too long',
  'relay.url.oddCharacters': 'its address carries a query, fragment, credentials or odd characters',
  'relay.url.notUrl': 'its address is not a URL',
  'relay.url.notHttp': 'it is not reached over http(s)',
  'relay.url.credentials': 'its address carries credentials',
  'relay.url.path': 'its address has a path',
  'relay.url.notPublic': 'its address is not public (loopback, private or link-local)',
  'relay.url.thisNode': 'its address is this node itself',

  // Where a relay's name leads when it may not be called.
  'relay.place.thisComputer': '{host} points back at this computer',
  'relay.place.private': '{host} points into a private network',
  'relay.place.notPublic': '{host} points to an address that is not on the internet',

  // Why there is no bind ticket from the directory.
  'relay.ticket.notRegistered': 'the node is not registered yet, so the directory cannot vouch for it',
  'relay.ticket.noTicket': 'the directory answered without a ticket',
  'relay.ticket.notIssued': 'this directory does not issue relay tickets',
  'relay.ticket.refused': 'the directory refused a ticket ({status})',
  'relay.ticket.unreachable': 'the directory could not be reached for a ticket',

  // Why a relay refused the bind.
  'relay.refusal.ticketSeen': 'it had seen that directory ticket before (a ticket is good for one bind)',
  'relay.refusal.olderSession': 'it still holds an older session for this node (it expires within 90 s)',
  'relay.refusal.atLimit': 'it is at its limit right now',
  'relay.refusal.needsTicket': 'it requires a directory ticket, and {reason}',
  'relay.refusal.ticketRefused': 'it refused the directory ticket',
  'relay.refusal.status': 'it answered {status}',
  'relay.refusal.statusCode': 'it answered {status} “{code}”',
  'relay.refusal.unreachable': 'it could not be reached ({reason})',

  // Finding a relay and binding to it.
  'relay.bind.listFailed': 'Could not ask the directory for relays: {reason}.',
  'relay.bind.skipped': 'Relay {relay} was skipped: {reason}.',
  'relay.bind.allSkipped':
    'No relay the directory lists can be used: {count, plural, one {the one listed was} other {all # listed were}} skipped for their address ({reason}).',
  'relay.bind.noneListed': 'The directory lists no relay for this kind of task right now.',
  'relay.bind.noneUsable': 'No relay the directory lists can be used right now.',
  'relay.bind.asking': 'Asking relay {relay} at {host} to carry tasks for this node.',
  'relay.bind.notBound': 'Relay {relay} did not bind: {reason}.',
  'relay.bind.problem': 'Relay {relay}: {reason}.',
  'relay.bind.bound': 'Bound to relay {relay} at {host}.',
  'relay.bind.boundOnProbation': 'Bound to relay {relay} at {host} (new to the network, on probation).',

  // Keeping the binding, and losing it.
  'relay.worker.unbound': 'Unbound from the relay.',
  'relay.worker.modelsChanged': 'What this node offers changed: binding to the relay again with the new model list.',
  'relay.worker.lostProblem': 'The relay was lost: {reason}.',
  'relay.worker.lost': 'Lost the relay: {reason}. Looking for another one.',
  'relay.lost.sessionEnded': 'the relay ended the session',
  'relay.lost.noAnswer': 'the relay stopped answering ({reason})',
  'relay.lost.emptyAnswers': 'it keeps answering at once without a task',
  'relay.lost.modelsRefused': 'it did not take the new model list',
} as const;
