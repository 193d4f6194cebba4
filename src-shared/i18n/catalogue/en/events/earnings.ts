/** The English words of events: the earnings' events. */
export const messages = {
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
} as const;
