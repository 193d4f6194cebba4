/** The English words of dashboard: the check of why no tasks come. */
export const messages = {
  'dashboard.whyCheck.open.network': 'Open Network',
  'dashboard.whyCheck.open.settings': 'Open Settings',
  'dashboard.whyCheck.open.pricing': 'Open Pricing',
  'dashboard.whyCheck.open.availability': 'Open Availability',
  'dashboard.whyCheck.searchTooBig': 'The directory’s search answer was too large to read.',
  'dashboard.whyCheck.searchUnreadable': 'The directory’s search answer could not be read.',
  'dashboard.whyCheck.unreachableTimeout':
    'The directory could not be asked (no answer within {seconds, plural, one {# second} other {# seconds}}).',
  'dashboard.whyCheck.unreachableBecause': 'The directory could not be asked ({why}).',
  'dashboard.whyCheck.unreachable': 'The directory could not be asked (it could not be reached).',
  'dashboard.whyCheck.membershipRefused':
    'The directory is a closed network and did not accept this node’s membership.',
  'dashboard.whyCheck.httpStatus': 'The directory could not answer (it said HTTP {status}).',
  'dashboard.whyCheck.link.registered': 'Registered with the directory.',
  'dashboard.whyCheck.link.connecting': 'Not registered yet: the node is registering with the directory.',
  'dashboard.whyCheck.link.notConfigured': 'Not registered with the directory.',
  'dashboard.whyCheck.link.unreachable': 'The directory cannot be reached, so the node is not registered there now.',
  'dashboard.whyCheck.link.rejected': 'The directory refused to register the node.',
  'dashboard.whyCheck.link.restricted': 'The directory is a closed network and needs a membership for this node.',
  'dashboard.whyCheck.linkSays': '{words}',
  'dashboard.whyCheck.notRegisteredBecause': 'Not registered with the directory — {why}',
  'dashboard.whyCheck.reach.notRegistered': 'Not registered, so the directory has not tried to reach your node.',
  'dashboard.whyCheck.reach.notListed':
    'The directory does not show your node as available right now, so it has no word on reaching it.',
  'dashboard.whyCheck.reach.ok': 'The directory reached your node from the internet.',
  'dashboard.whyCheck.reach.failed':
    'The directory tried to reach your node from the internet and could not, so it does not send consumers there.',
  'dashboard.whyCheck.reach.notYet': 'The directory has not tried to reach your node yet; it looks every few minutes.',
  'dashboard.whyCheck.intentTasks': '“{name}” tasks',
  'dashboard.whyCheck.intentTasks.chat': 'chat tasks',
  'dashboard.whyCheck.intentTasks.completion': 'completion tasks',
  'dashboard.whyCheck.intentTasks.embedding': 'embedding tasks',
  'dashboard.whyCheck.intentTasks.transcribe': 'transcription tasks',
  'dashboard.whyCheck.intentTasks.speech': 'speech tasks',
  'dashboard.whyCheck.intentTasks.moderate': 'moderation tasks',
  'dashboard.whyCheck.sameTasks': 'the same tasks',
  'dashboard.whyCheck.find.noModels': 'Your node offers no models yet, so there is nothing consumers could look for.',
  'dashboard.whyCheck.find.noSearch':
    'The directory did not answer the search consumers make for {what} (it said HTTP 404), so whether they find your node is not known.',
  'dashboard.whyCheck.find.found': 'Consumers looking for {what} find your node (place {place} of {listed} listed).',
  'dashboard.whyCheck.find.notRegistered': 'Consumers looking for {what} do not find your node: it is not registered.',
  'dashboard.whyCheck.find.silent':
    'Consumers looking for {what} do not find your node: the directory has not heard from it for more than {seconds} seconds.',
  'dashboard.whyCheck.find.notAvailable':
    'Consumers looking for {what} do not find your node: the directory holds it as not available (switched off, outside your availability windows, or its LLM server not ready).',
  'dashboard.whyCheck.find.draining':
    'Consumers looking for {what} do not find your node: your LLM server reports that it is draining.',
  'dashboard.whyCheck.find.outranked':
    'Consumers looking for {what} do not find your node among the first {limit}: that many other nodes rank above it right now.',
  'dashboard.whyCheck.find.notNow': 'Consumers looking for {what} do not find your node right now.',
  'dashboard.whyCheck.price.others':
    '{others, plural, one {the other node offering {what} asks {typical, number, ::.#### group-off} ×} other {the other # nodes offering {what} ask a median of {typical, number, ::.#### group-off} ×}}',
  'dashboard.whyCheck.price.dearer':
    'You charge {inForce, number, ::.#### group-off} × the base rate, while {compared}: consumers who set a price limit pass over dearer nodes. {status}.',
  'dashboard.whyCheck.price.fine':
    'You charge {inForce, number, ::.#### group-off} × the base rate; {compared}. {status}.',
  'dashboard.whyCheck.price.aboveBase':
    'You charge {inForce, number, ::.#### group-off} × the network’s base rate: consumers who set a price limit pass over dearer nodes. {status}.',
  'dashboard.whyCheck.price.base':
    'You charge {inForce, number, ::.#### group-off} × the network’s base rate. {status}.',
  'dashboard.whyCheck.standing.notReported': 'The directory has not reported your node’s standing yet.',
  'dashboard.whyCheck.standing.notRegistered': 'Not registered, so the directory has no standing for your node.',
  'dashboard.whyCheck.standing.probation':
    'Your node is new: until it has completed {tasks} tasks, the directory sends it no consumer who asks for interactive answers, and that is what chat asks for by default in the IICP SDKs. This ends by itself as it serves tasks.',
  'dashboard.whyCheck.standing.probationDone':
    'Your node is new: until it has completed {tasks} tasks (it has {completed, number, ::group-off}), the directory sends it no consumer who asks for interactive answers, and that is what chat asks for by default in the IICP SDKs. This ends by itself as it serves tasks.',
  'dashboard.whyCheck.standing.low':
    'Your reputation is {score, number, ::.00}, below the {start, number, ::.00} every node starts with: failed tasks lowered it, and consumers prefer nodes with more. It recovers as tasks succeed.',
  'dashboard.whyCheck.standing.fine':
    '{scored, select, yes {Reputation {score, number, ::.00}} other {Reputation not reported yet}}{past, select, probation {, past probation} completed { after {completed, number, ::group-off} completed tasks} other {}}.',
  'dashboard.whyCheck.demand.noModels': 'Your node offers no models yet.',
  'dashboard.whyCheck.demand.unread':
    'The directory’s search could not be read, so whether consumers ask for your models is not known.',
  'dashboard.whyCheck.demand.alone':
    'No other node the directory lists serves your models, so there is nothing to compare with; “What the network asks for” on the Dashboard shows which models consumers ask for.',
  'dashboard.whyCheck.demand.idle':
    '{same, plural, one {The other node that serves your models is} other {The # other nodes that serve your models are}} idle too: consumers are not asking for these models right now.',
  'dashboard.whyCheck.demand.busy':
    '{same, plural, one {The other node that serves your models} other {The # other nodes that serve your models}}: {busy, plural, one {# is} other {# are}} busy now, so consumers are asking for these models.',
  'dashboard.whyCheck.refusals.unfixable':
    '{away, number, ::group-off} turned away or failed today, none for a reason you can change.',
  'dashboard.whyCheck.refusals.none': 'No task was turned away today.',
  'dashboard.whyCheck.holdingBack': 'What holds your node back: {words}',
} as const;
