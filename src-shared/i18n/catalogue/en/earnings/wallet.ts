/** The English words of earnings: the wallet and its reconciliation. */
export const messages = {
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
  'earnings.wallet.credited': 'Credited in all',
  'earnings.wallet.spent': 'Spent',
  'earnings.wallet.computers': 'Computers',
  'earnings.wallet.transactions': 'Transactions',
  'earnings.wallet.fingerprint': 'Operator fingerprint',
  'earnings.wallet.addsUp': 'The directory’s sums add up: the balance is what was credited less what was spent.',
  'earnings.wallet.doesNotAddUp':
    'The directory’s sums do not add up: the balance is not what was credited less what was spent.',
  'earnings.wallet.asOf': 'As of <time>{at}</time>, with the balance above.',

  'earnings.reconciliation.differenceNote':
    'Difference is what your node claimed and will not be paid: what it claimed, less what the directory awarded and what still waits for an answer (rejected or expired receipts, explained under the day). “Directory” is what the directory’s own list of transactions showed for tasks that day. That list holds only its 20 newest entries, so a day gets a figure there only once it is over and your node has seen every entry of it; the other days, today among them, stay blank. “Verified” is what the directory’s signed record shows as awarded for the day’s tasks.',

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
} as const;
