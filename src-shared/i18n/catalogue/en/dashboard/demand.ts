/** The English words of dashboard: what the network asks for and what the directory lists. */
export const messages = {
  'dashboard.discovered.at': "The directory's list of nodes is from {time}.",

  'dashboard.demand.title': 'What the network asks for',
  'dashboard.demand.reading': 'Reading what the network asks for…',
  'dashboard.demand.notRead': 'Not read from the directory yet.',
  'dashboard.demand.readingAgain': 'Reading…',
  'dashboard.demand.readAgain': 'Read again',
  'dashboard.demand.note':
    "Your node reads the directory's list of nodes at most every 10 seconds, the same list every page tells. “Read again” reads it now.",
  'dashboard.demand.error': 'The figures could not be read: {why}',
  'dashboard.demand.listed': 'It listed {count, plural, one {# other node} other {# other nodes}}.',
  'dashboard.demand.problem.noList':
    "{why, select, too_big {The directory's list of nodes was too big to read} refused {The directory refused to list its nodes just now} unreachable {The directory could not be reached just now} unreadable {The directory's list of nodes could not be read} other {The directory has not given its list of nodes yet}}, so what other nodes serve is not known.",
  'dashboard.demand.problem.lastList':
    "{why, select, too_big {The directory's newest list of nodes was too big to read} refused {The directory refused to list its nodes just now} unreachable {The directory could not be reached just now} other {The directory's newest list of nodes could not be read}}: the figures are from its last list.",
  'dashboard.demand.asked.title': 'Asked of your node',
  'dashboard.demand.asked.none': 'No consumer asked your node for a model it does not offer this week.',
  'dashboard.demand.asked.times': 'asked {count, plural, one {once} other {# times}} this week.',
  'dashboard.demand.scarce.title': 'Served by few nodes',
  'dashboard.demand.scarce.none': 'No model is served by only one or two other nodes.',
  'dashboard.demand.scarce.yours': 'You offer it too.',
  'dashboard.demand.scarce.askedToo': 'It was asked of your node too (above).',
  'dashboard.demand.others':
    '{count, plural, =0 {no other person’s node serves} one {# other person’s node serves} other {# other people’s nodes serve}} it.',
  'dashboard.demand.ownToo':
    '{count, plural, one {# of your other machines serves it too.} other {# of your other machines serve it too.}}',
  'dashboard.demand.line': '<model></model>: <words></words>',
  'dashboard.demand.speech.title': 'Speech and moderation',
  'dashboard.demand.speech.none': 'No node was listed for speech to text, text to speech or moderation.',
  'dashboard.demand.speech.line':
    '<model></model> ({kind, select, transcribe {speech to text} speech {text to speech} other {moderation}}): <words></words>',
  'dashboard.demand.speech.asked':
    '{count, plural, one {Asked of your node once this week.} other {Asked of your node # times this week.}}',
  'dashboard.demand.price.title': 'Your price',
  'dashboard.demand.price.none': 'No price of the other nodes was read yet.',
  'dashboard.demand.price.alone': 'You ask {yours} the base rate; no other person’s node serving chat was listed.',
  'dashboard.demand.price.among':
    'You ask {yours} the base rate; the median of {others, plural, one {# other person’s node} other {# other people’s nodes}} is {median}; {cheaper, plural, one {# asks less} other {# ask less}}, {dearer, plural, one {# asks more} other {# ask more}}{same, plural, =0 {} one {, # asks the same} other {, # ask the same}}.',
  'dashboard.demand.mine.label': 'Your models',
  'dashboard.demand.mine.none': 'Your node offers no model yet.',
  'dashboard.demand.pull.serverLabel': 'Download models to this LLM server',
  'dashboard.demand.pull.to': 'Download to this LLM server',
  'dashboard.demand.pull.oneServer': 'Models download to the LLM server at {host}.',
  'dashboard.demand.pull.progress': 'Download to the LLM server {host}',
  'dashboard.demand.pull.starting': 'Starting…',
  'dashboard.demand.pull.stop': 'Stop',
  'dashboard.demand.pull.stopping': 'Stopping…',
  'dashboard.demand.pull.figures': '{percent} · {done} of {total}',
  'dashboard.demand.pull.soFar': '{done} so far',
  'dashboard.demand.pull.ollamaSays': 'Ollama says <status></status>',
  'dashboard.demand.pull.ollamaSaid': 'Ollama said <status></status>',
  'dashboard.demand.pull.couldNotStart': 'The download could not start: {why}',
  'dashboard.demand.pull.couldNotStop': 'The download could not be stopped: {why}',
} as const;
