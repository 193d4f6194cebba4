/** The English words of earnings: every id starts with "earnings.". */
export const messages = {
  'earnings.page.title': 'Earnings',
  'earnings.page.subtitle': 'The credits your node earns for the tasks it serves, and where each claim stands.',

  'earnings.range.legend': 'Period',
  'earnings.range.days': '{days} days',

  'earnings.totals.title': 'Last {days} days',
  'earnings.totals.served': '{tasks, plural, one {# task} other {# tasks}} served',
  'earnings.totals.failed': ', {count} failed',
  'earnings.totals.tokens': '{tokens, plural, one {# token} other {# tokens}}',
  'earnings.totals.today': 'today so far: {tasks, plural, one {# task} other {# tasks}}, {awarded} awarded',
  'earnings.totals.todayPending': ', {pending} pending',
  'earnings.totals.awarded': 'Awarded',
  'earnings.totals.pending': 'Pending',
  'earnings.totals.pendingTip': '{claimed} Credits show here between the task and the directory’s answer.',
  'earnings.totals.rejected': 'Rejected',
  'earnings.totals.expired': 'Expired',
  'earnings.totals.tipLabel': 'What "{label}" means',
  'earnings.totals.credits': 'credits',
  'earnings.totals.receipts': '{count, plural, one {receipt} other {receipts}}',
  'earnings.totals.onTheWay': '{count, plural, one {# receipt} other {# receipts}} on the way now',
  'earnings.totals.rejectReasons': 'Why the directory rejected receipts',
  'earnings.totals.noReason': 'No reason given',
  'earnings.totals.loadFailed': 'Your earnings could not be read: {error}',
  'earnings.totals.reading': 'Reading your earnings…',
  'earnings.totals.lastRead': 'Showing the last numbers read: {error}',
  'earnings.totals.creditMeaning':
    'A receipt claims 1 credit for every {tokens} tokens a task used — the prompt and the answer together; a price below the base rate, or a very small model, claims less (see Pricing).',

  'earnings.chart.title': 'Credits per day',
  'earnings.chart.legend': 'Legend',
  'earnings.chart.awarded': 'Awarded',
  'earnings.chart.pending': 'Pending',
  'earnings.chart.daysUtc': 'Days are your node’s days: they run from midnight to midnight in UTC.',
  'earnings.chart.daysZone': 'Days are your node’s days: they run from midnight to midnight in {zone} time ({offset}).',
  'earnings.chart.summary':
    'Credits per day over the last {days} days, awarded and pending stacked: {total} in all. The numbers are in the table below the chart.',
  'earnings.chart.summaryBest':
    'Credits per day over the last {days} days, awarded and pending stacked: {total} in all, most on {best}. The numbers are in the table below the chart.',
  'earnings.chart.loading': 'Loading.',
  'earnings.chart.noCredits': 'Tasks served, but no credits claimed in these days.',
  'earnings.chart.noTasks': 'No tasks in these days yet.',
  'earnings.chart.showNumbers': 'Show the numbers ({days, plural, one {# day} other {# days}} with tasks)',
  'earnings.chart.today': '{today} ({day})',
  'earnings.chart.day': 'Day',
  'earnings.chart.tasks': 'Tasks',
  'earnings.chart.tokens': 'Tokens',
  'earnings.chart.barAwarded': '{amount} credits awarded',
  'earnings.chart.barPending': '{amount} pending',
  'earnings.chart.barTasks': '{tasks, plural, one {# task} other {# tasks}}',
  'earnings.chart.bar': '{day}: {parts}',

  'earnings.standing.title': 'Standing in the network',
  'earnings.standing.score': 'Reputation score',
  'earnings.standing.scoreTip': 'What the reputation score means',
  'earnings.standing.scoreHelp':
    'The directory scores every node from 0 to 1. A new node starts at {start}; tasks served well and quickly raise it (at most {rise} an hour), failures lower it. Consumers prefer nodes with a higher score.',
  'earnings.standing.notReported': 'Not reported yet',
  'earnings.standing.ofOne': 'of 1',
  'earnings.standing.onProbation': 'On probation',
  'earnings.standing.probationText':
    'New nodes stay on probation until the directory has counted {count} completed tasks. Until then, consumers who ask for fast, interactive answers are not sent to your node; everything else works as usual.',
  'earnings.standing.pastProbation': 'Past probation',
  'earnings.standing.pastProbationText':
    'The directory has counted at least {count} completed tasks of your node, so it routes every kind of task to it.',
  'earnings.standing.probationUnknownRegistered':
    'Probation: not reported yet. Your node is registered; it reads probation from the directory with your earnings, and "Sync now" reads it at once.',
  'earnings.standing.probationUnknown':
    'Probation: not reported yet. The directory tells it once your node is registered.',
  'earnings.standing.directoryCountAt':
    'The directory’s count of your node’s completed tasks was {count} when your node last asked, at {time}. The directory counts the tasks your node reports with its heartbeats, so its count runs behind this machine’s own count.',
  'earnings.standing.directoryCount':
    'The directory’s count of your node’s completed tasks is {count}. The directory counts the tasks your node reports with its heartbeats, so its count runs behind this machine’s own count.',

  'earnings.wallet.title': 'Operator wallet',
  'earnings.wallet.waiting':
    'The directory has not shown your operator wallet yet; it does once it has bound this node to your operator identity.',
  'earnings.wallet.boundNotRead':
    'The directory has confirmed this node as yours. Your operator wallet shows here once your node has read its earnings from the directory; "Sync now" reads them at once.',
  'earnings.wallet.boundReadBefore':
    'The directory has confirmed this node as yours. Its answer when your node last read its earnings, at {time}, did not show your operator wallet yet; it shows here after the next read, and "Sync now" reads at once.',
  'earnings.wallet.none':
    'This computer has no operator identity yet. Make or import one in <link>Settings, under “Your operator identity”</link>.',
  'earnings.wallet.creditsTitle': '{amount} credits',
  'earnings.wallet.credits': '{amount} credits',
  'earnings.wallet.balance': 'Balance of all your computers',
  'earnings.wallet.earned': 'Earned',
  'earnings.wallet.spent': 'Spent',
  'earnings.wallet.computers': 'Computers',
  'earnings.wallet.transactions': 'Transactions',
  'earnings.wallet.fingerprint': 'Operator fingerprint',
  'earnings.wallet.addsUp': 'The directory’s sums add up: the balance is what was earned less what was spent.',
  'earnings.wallet.doesNotAddUp':
    'The directory’s sums do not add up: the balance is not what was earned less what was spent.',
  'earnings.wallet.asOf': 'As of <time>{at}</time>, with the balance above.',

  'earnings.reconciliation.differenceNote':
    'Difference is what your node claimed and will not be paid: what it claimed, less what the directory awarded and what still waits for an answer (rejected or expired receipts, explained under the day). “Directory” is what the directory’s own list of transactions showed for tasks that day. That list holds only its 20 newest entries, so a day gets a figure there only once it is over and your node has seen every entry of it; the other days, today among them, stay blank. “Verified” is what the directory’s signed record shows as awarded for the day’s tasks.',

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

  'earnings.reconciliation.title': 'Claims and awards, day by day',
  'earnings.reconciliation.claimed': 'Claimed',
  'earnings.reconciliation.verified': 'Verified',
  'earnings.reconciliation.verifiedTitle':
    'Awards the directory’s signed record shows for the day, and how many of the day’s tasks differ from it',
  'earnings.reconciliation.waiting': 'Waiting',
  'earnings.reconciliation.difference': 'Difference',
  'earnings.reconciliation.directory': 'Directory',
  'earnings.reconciliation.directoryTitle':
    'Task credits in the directory’s own list of transactions, for a day it showed whole',
  'earnings.reconciliation.empty': 'No credits were claimed in the last {days} days.',
  'earnings.reconciliation.differing': '{count, plural, one {# task differs} other {# tasks differ}}',
  'earnings.reconciliation.notPaid': 'What was not paid on {day}',
  'earnings.reconciliation.rejected': '{count} rejected ({amount} credits):',
  'earnings.reconciliation.whatToDo': 'What to do: {advice}',
  'earnings.reconciliation.expired':
    '<head>Expired ({amount} credits):</head> receipts the directory did not accept before they expired.',

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
  'earnings.spent.earned': 'Your node earned {amount} credits in the last {days, plural, one {# day} other {# days}}.',
  'earnings.spent.spent':
    'Your apps spent {amount} credits on {tasks, plural, one {# task} other {# tasks}} they sent to the network.',
  'earnings.spent.none': 'Your apps sent no tasks to the network in these days.',
  'earnings.spent.netLine': 'Net: {amount} credits.',
  'earnings.spent.ownFree': 'Tasks your own machines answered cost nothing.',
  'earnings.spent.perDay': 'Per day',
  'earnings.spent.perMachine': 'Per machine',
  'earnings.spent.note':
    'Spent is what the directory charged, once its books show it. Until then it is what the task was expected to cost.',

  'earnings.receipt.noneLabel': 'Served, no claim',
  'earnings.receipt.none':
    'Your node answered the task but claimed no credits for it: the answer carried no token count, or the node had no key from the directory yet (it was not registered).',
  'earnings.receipt.claimedLabel': 'Claimed',
  'earnings.receipt.claimed':
    'Your node wrote a receipt for the task and is sending it to the directory, retrying until the receipt expires. Counted as pending until the directory answers.',
  'earnings.receipt.awardedLabel': 'Awarded',
  'earnings.receipt.awarded': 'The directory accepted the receipt and added the credits to your balance.',
  'earnings.receipt.rejectedLabel': 'Rejected',
  'earnings.receipt.rejected':
    'The directory refused the receipt and said why (for example a claim above your price ceiling, or a receipt it had already seen). It brings no credits.',
  'earnings.receipt.expiredLabel': 'Expired',
  'earnings.receipt.expired':
    'The directory could not be reached, or did not accept the receipt, before the receipt ran out of time. It brings no credits.',
  'earnings.receipt.served':
    'Your node answered a task from the network. Every task served is kept in the job history, with or without a claim.',
  'earnings.receipt.failedLabel': 'Failed',
  'earnings.receipt.failed': 'The task failed on your LLM server, so there was nothing to claim credits for.',
  'earnings.transactions.taskServed': 'Task served',
  'earnings.transactions.grant': 'Evaluation grant',
  'earnings.transactions.expired': 'Expired: no credits earned in 90 days',
  'earnings.transactions.spent': 'Spent on a task',

  'earnings.ledger.title': 'Job history',
  'earnings.ledger.allStates': 'All states',
  'earnings.ledger.allModels': 'All models',
  'earnings.ledger.claimedPending': 'Claimed (pending)',
  'earnings.ledger.servedLabel': 'Served:',
  'earnings.ledger.stateLabel': '{state}:',
  'earnings.ledger.corrupt': 'The receipt stored for this task could not be read.',
  'earnings.ledger.code': 'The directory gave the code <code></code>.',
  'earnings.ledger.signedRecord': 'Signed record: {check}',
  'earnings.ledger.awardedTitle': '{amount} credits awarded',
  'earnings.ledger.claimedWaiting': '{amount} credits claimed, waiting for the directory',
  'earnings.ledger.claimedLost': '{amount} credits claimed, not awarded',
  'earnings.ledger.took': 'Took',
  'earnings.ledger.state': 'State',
  'earnings.ledger.statesTip': 'What the states mean',
  'earnings.ledger.noModel': 'no model',
  'earnings.ledger.task': 'task {id}',
  'earnings.ledger.loadFailed': 'The job history could not be read: {error}',
  'earnings.ledger.reading': 'Reading the job history…',
  'earnings.ledger.noMatch': 'No task matches the filter.',
  'earnings.ledger.empty': 'No tasks yet. Every task your node serves is listed here, with what it earned.',
  'earnings.ledger.shown': '{count, plural, one {# task} other {# tasks}} shown, newest first.',
  'earnings.ledger.shownFiltered':
    '{count, plural, one {# task} other {# tasks}} shown, newest first, matching the filter.',
  'earnings.ledger.older': 'Show older tasks',
  'earnings.ledger.noOlderMatch': 'No older task matches the filter.',
  'earnings.ledger.first': 'This is the first task your node served.',

  'earnings.export.separator': 'Columns separated by',
  'earnings.export.commas': 'Commas (,)',
  'earnings.export.semicolons': 'Semicolons (;)',
  'earnings.export.commasHint': 'For spreadsheets that write one and a half as 1.5.',
  'earnings.export.semicolonsHint': 'For spreadsheets that write one and a half as 1,5.',
  'earnings.export.busy': 'Exporting…',
  'earnings.export.these': 'Export these as CSV',
  'earnings.export.all': 'Export as CSV',
  'earnings.export.done': '{count, plural, one {# task} other {# tasks}} exported as <file></file>.',
  'earnings.export.empty': 'No task matches the filter: nothing to export.',
  'earnings.export.failed': 'The export failed: {message}',
  'earnings.export.copy': 'If no file was saved, select the text and copy it:',

  'earnings.trust.failed': 'The new key could not be trusted: {message}',
  'earnings.trust.open': 'Trust the new key',
  'earnings.trust.title': 'Trust the directory’s new key?',
  'earnings.trust.yes': 'Yes, trust the new key',
  'earnings.trust.busy': 'Trusting…',
  'earnings.trust.only':
    'Do this only if the directory’s operators announced a new key, ideally with this fingerprint: <code></code>.',
  'earnings.trust.then':
    'Awards signed with the new key then count as verified, and the key this node trusted until now (<code></code>) no longer does.',
  'earnings.differences.task': 'Task',
  'earnings.differences.time': 'Time',
  'earnings.differences.claimed': 'Claimed',
  'earnings.differences.signed': 'Signed award',
  'earnings.differences.what': 'What differs',
  'earnings.differences.notClaimed': 'not claimed',
  'earnings.differences.none': 'none',
  'earnings.differences.failed': 'The differing tasks could not be read: {error}',
  'earnings.differences.title': 'Tasks that differ',
  'earnings.differences.loading': 'Reading the tasks that differ…',
  'earnings.differences.empty': 'No task differs from the signed record.',
  'earnings.differences.shown':
    '{shown} of {total, plural, one {{totalCount} task} other {{totalCount} tasks}} shown, newest first.',
  'earnings.differences.more': 'Show {count} more',
  'earnings.verify.starting': 'Starting the check…',
  'earnings.verify.progress':
    'Checking again: {events, plural, one {{eventCount} event} other {{eventCount} events}} read so far.',
  'earnings.verify.title': 'Verified against the directory’s signed record',
  'earnings.verify.checkedAt': 'Checked at <time>{at}</time>.',
  'earnings.verify.lastFailed': 'The last check could not finish: {error}.',
  'earnings.verify.lastFailedNoAnswer': 'The last check could not finish: the directory did not answer.',
  'earnings.verify.recordProblems': 'The directory’s signed record has problems',
  'earnings.verify.couldNotStart': 'The check could not start: {error}',
  'earnings.verify.reading': 'Reading the record…',
  'earnings.verify.now': 'Verify now',
  'earnings.verify.readInAll':
    '{events, plural, one {{eventCount} event} other {{eventCount} events}} of the record read in all.',
  'earnings.verify.key': 'Directory key <code>{fingerprint}</code>, trusted since {since}.',
  'earnings.ledger.ms': '{ms} ms',
  'earnings.awardNote.unattributed': 'Awarded for a request that named no node of the network as the one asking.',
  'earnings.awardNote.crossOperator': 'Awarded for a request from a node of another verified operator.',
  'earnings.awardNote.unverifiedOperator': 'Awarded for a request from another node whose operator is not verified.',
  'earnings.awardNote.filedAs': 'Awarded; the directory filed it as “{value}”.',
  'earnings.awardNote.excluded':
    'Not paid: the request came from this node or another of your own machines, and the directory does not pay for those.',
  'earnings.verifyWords.label.verified': 'Verified',
  'earnings.verifyWords.why.verified': 'The directory’s signed record shows this award with a valid signature.',
  'earnings.verifyWords.label.notAwardedYet': 'Not awarded yet',
  'earnings.verifyWords.why.notAwardedYet': 'The directory has not answered this claim yet.',
  'earnings.verifyWords.label.awardedLess': 'Awarded less',
  'earnings.verifyWords.why.awardedLess': 'The signed record pays less than the node claimed.',
  'earnings.verifyWords.label.awardedMore': 'Awarded more',
  'earnings.verifyWords.why.awardedMore': 'The signed record pays more than the node claimed.',
  'earnings.verifyWords.label.notInLog': 'Not in the signed record',
  'earnings.verifyWords.why.notInLog':
    'The directory said it awarded this task, but its signed record has no such award.',
  'earnings.verifyWords.label.signatureInvalid': 'Signature invalid',
  'earnings.verifyWords.why.signatureInvalid':
    'The award is in the record, but its signature does not match the directory’s key.',
  'earnings.verifyWords.label.chainBroken': 'Chain broken',
  'earnings.verifyWords.why.chainBroken':
    'The award does not link to the event before it, so the record was changed around it.',
  'earnings.verifyWords.label.keyChanged': 'Key changed',
  'earnings.verifyWords.why.keyChanged': 'The award is signed with a new directory key that you have not accepted yet.',
  'earnings.verifyWords.label.otherNode': 'Credited to another node',
  'earnings.verifyWords.why.otherNode': 'The signed award for this node’s task names another node.',
  'earnings.verifyWords.label.neverClaimed': 'Never claimed',
  'earnings.verifyWords.why.neverClaimed': 'The signed record shows an award to this node for a task it never served.',
  'earnings.verifyWords.label.paidTwice': 'Paid twice by the directory',
  'earnings.verifyWords.why.paidTwice': 'The signed record pays this task a second time; only its first award counts.',
  'earnings.verifyWords.label.repeatedSeq': 'Repeated sequence number',
  'earnings.verifyWords.why.repeatedSeq':
    'The signed record lists this award under a sequence number it had already used, so it is not counted.',
  'earnings.verifyWords.credits': '{value, plural, one {{amount} credit} other {{amount} credits}}',
  'earnings.verifyWords.off':
    'Awards can be checked against the directory’s signed record once the node is registered.',
  'earnings.verifyWords.never': 'Awards have not been checked against the directory’s signed record yet.',
  'earnings.verifyWords.reading':
    'Checking the directory’s signed record: {count, plural, one {{shown} event} other {{shown} events}} so far.',
  'earnings.verifyWords.failed': 'The directory’s signed record could not be checked: {error}.',
  'earnings.verifyWords.failedNoAnswer': 'The directory’s signed record could not be checked: it did not answer.',
  'earnings.verifyWords.partialAllMatch':
    '{checked} of {total, plural, one {{totalShown} award} other {{totalShown} awards}} checked against the directory’s signed record: {credits}, all match.',
  'earnings.verifyWords.partialDiffer':
    '{checked} of {total, plural, one {{totalShown} award} other {{totalShown} awards}} checked against the directory’s signed record: {verified, plural, one {{verifiedShown} award} other {{verifiedShown} awards}} verified ({credits}); {differing, plural, one {{differingShown} task differs} other {{differingShown} tasks differ}}.',
  'earnings.verifyWords.partialProblems':
    '{checked} of {total, plural, one {{totalShown} award} other {{totalShown} awards}} checked against the directory’s signed record: {verified, plural, one {{verifiedShown} award} other {{verifiedShown} awards}} verified ({credits}); the record itself has problems.',
  'earnings.verifyWords.allMatch':
    'Verified against the directory’s signed record: {verified, plural, one {{verifiedShown} award} other {{verifiedShown} awards}}, {credits} — all match.',
  'earnings.verifyWords.differ':
    'Verified against the directory’s signed record: {verified, plural, one {{verifiedShown} award} other {{verifiedShown} awards}}, {credits}; {differing, plural, one {{differingShown} task differs} other {{differingShown} tasks differ}}.',
  'earnings.verifyWords.problems':
    'Verified against the directory’s signed record: {verified, plural, one {{verifiedShown} award} other {{verifiedShown} awards}}, {credits}; the record itself has problems.',
  'earnings.verifyWords.unchecked':
    '{count, plural, one {{shown} newer award is} other {{shown} newer awards are}} not checked yet ({credits}); the next check includes them.',
  'earnings.verifyWords.difference': '{count, plural, one {{shown} task} other {{shown} tasks}}: {kind} ({credits}).',
  'earnings.verifyWords.waiting':
    '{count, plural, one {{shown} claim is} other {{shown} claims are}} not awarded yet ({credits}).',
  'earnings.verifyWords.stoppedNoProgress':
    'The directory’s log did not end: this check stopped after {pages, plural, one {{shown} page} other {{shown} pages}}, as page after page held none of this node’s awards; the next check goes on from there.',
  'earnings.verifyWords.stoppedLimit':
    'This check read as much of the directory’s log as one check may ({pages, plural, one {{shown} page} other {{shown} pages}}); the next check goes on from there.',
  'earnings.verifyWords.keyChanged':
    'The directory now signs with a different key ({newKey}) than the one this node trusted ({oldKey}); awards signed with it are not counted until you accept it.',
  'earnings.verifyWords.rewritten':
    'The directory’s signed record changed after this node verified it: events it had already checked are now different.',
  'earnings.verifyWords.chainBroken':
    'The signed record’s chain is broken in {count, plural, one {{shown} place} other {{shown} places}}: events were removed, reordered or changed.',
  'earnings.verifyWords.badSignatures':
    '{count, plural, one {{shown} event has} other {{shown} events have}} an invalid signature in the directory’s record.',
  'earnings.verifyWords.noticeTitle': 'Your earnings do not match the directory’s signed record',
} as const;
