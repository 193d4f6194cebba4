/** The English words of earnings: the books, by model and by transaction, the advice and what was spent. */
export const messages = {
  'earnings.books.title': 'Balance in the directory',
  'earnings.books.syncNow': 'Sync now',
  'earnings.books.syncing': 'Syncing…',
  'earnings.books.upToDate': 'Up to date.',
  'earnings.books.syncFailed': 'The sync could not start: {message}',
  'earnings.books.notKnown': 'Not known yet',
  'earnings.books.notSynced': 'Not synced yet',
  'earnings.books.balance': 'Balance',
  'earnings.books.credited': 'Credited in all',
  'earnings.books.creditedTip': 'What “Credited in all” means',
  'earnings.books.creditedHelp':
    'Everything the directory has added to your node’s balance: the credits awarded for its tasks, and grants such as the evaluation credits a new node gets. Spending is not taken off.',
  'earnings.books.asOf':
    '<muted>As of </muted><time>{at}</time> <muted>(<ago></ago>), when your node last read them from the directory.</muted>',
  'earnings.books.soon': 'The node asks the directory for these shortly after registering, and then every few minutes.',
  'earnings.books.notRegistered':
    'The directory keeps your balance once your node is registered; the Dashboard shows how that stands.',
  'earnings.books.behind':
    'Awards your node received after that are not in these figures yet; it reads them again within a minute or two.',
  'earnings.books.syncErrorLead': 'The last sync failed:',
  'earnings.books.lastValues': 'The values above are the last ones the directory gave, at the time shown.',
  'earnings.books.noValues': 'No values have been read from the directory yet.',
  'earnings.books.outbox':
    '{count, plural, one {# receipt is waiting to be accepted by the directory; its credits are not in this balance yet.} other {# receipts are waiting to be accepted by the directory; their credits are not in this balance yet.}}',

  'earnings.models.title': 'By model',
  'earnings.models.model': 'Model',
  'earnings.models.tokensPerJoule': 'Tokens per joule',
  'earnings.models.share': 'Share',
  'earnings.models.empty': 'No model served a task in the last {days} days.',
  'earnings.models.shareAwarded': 'Share of the credits awarded in the period.',
  'earnings.models.shareTasks': 'Share of the tasks served in the period (nothing awarded yet).',
  'earnings.models.energy': '{tokens} tokens for {energy}',
  'earnings.models.noPower': 'No power was measured for this model.',
  'earnings.units.audio': '{minutes} min of audio',
  'earnings.units.characters': '{count, plural, one {{shown} character} other {{shown} characters}}',
  'earnings.units.items': '{count, plural, one {{shown} text} other {{shown} texts}}',

  'earnings.transactions.title': 'Directory transactions',
  'earnings.transactions.time': 'Time',
  'earnings.transactions.what': 'What',
  'earnings.transactions.credits': 'Credits',
  'earnings.transactions.none': 'The directory lists no transactions for your node yet.',
  'earnings.transactions.notSynced':
    'Not synced yet: the directory lists them once your node is registered and has synced.',
  'earnings.transactions.caption': "The directory's newest entries for your node, up to 20.",
  'earnings.transactions.captionAt': "The directory's newest entries for your node, up to 20, as read at {time}.",
  'earnings.transactions.debit': 'Debit',
  'earnings.transactions.credit': 'Credit',
  'earnings.transactions.task': 'task',

  'earnings.advice.ceiling':
    'The directory holds a lower price for this node than the receipt claimed. The node claims with the price the directory holds once it has read it; check Pricing if this repeats.',
  'earnings.advice.signingKey':
    'The directory holds a different signing key for this node. Remove the node and join again (Settings) to give it a fresh key.',
  'earnings.advice.tooLate':
    'The receipt reached the directory too late (it was unreachable for long, or this computer’s clock is off). Keep the node online and check the clock.',
  'earnings.advice.unknownConsumer':
    'The consumer’s node is unknown to the directory; the node now claims such tasks without naming it.',
  'earnings.advice.rateLimit':
    'More than {credits} credits in one hour: such receipts are posted again in the next hour while they are valid.',
  'earnings.advice.format': 'The directory did not accept the receipt’s format: update the app.',

  'earnings.spent.title': 'Earned and spent',
  'earnings.spent.net': 'Net',
  'earnings.spent.machine': 'Machine',
  'earnings.spent.tasksSent': 'Tasks sent',
  'earnings.spent.thisComputer': 'This computer',
  'earnings.spent.yourMachine': 'Your machine {id}',
  'earnings.spent.node': 'Node {id}',
  'earnings.spent.nodeOf': 'A node of <name></name>',
  'earnings.spent.othersNodes': 'Other people’s nodes',
  'earnings.spent.earned': 'Your node earned {amount} credits in the last {days, plural, one {# day} other {# days}}.',
  'earnings.spent.spent':
    'Your apps spent {amount} credits on {tasks, plural, one {# paid task} other {# paid tasks}} they sent to the network.',
  'earnings.spent.freeTasks':
    'Your own machines answered {count, plural, one {# more task} other {# more tasks}} for free.',
  'earnings.spent.onlyFree':
    'Your apps spent nothing: your own machines answered {count, plural, one {their # task} other {their # tasks}} for free.',
  'earnings.spent.none': 'Your apps sent no tasks to the network in these days.',
  'earnings.spent.netLine': 'Net: {amount} credits.',
  'earnings.spent.ownFree': 'Tasks your own machines answered cost nothing.',
  'earnings.spent.perDay': 'Per day',
  'earnings.spent.perMachine': 'Per machine',
  'earnings.spent.note':
    'Spent is what the directory charged, once its books show it. Until then it is what the task was expected to cost.',
  'earnings.transactions.taskServed': 'Task served',
  'earnings.transactions.grant': 'Evaluation grant',
  'earnings.transactions.expired': 'Expired: no credits earned in 90 days',
  'earnings.transactions.spent': 'Spent on a task',
} as const;
