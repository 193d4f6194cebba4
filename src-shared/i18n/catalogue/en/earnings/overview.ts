/** The English words of earnings: the page's range, totals, chart and standing. */
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
} as const;
