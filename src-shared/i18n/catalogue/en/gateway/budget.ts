/** The English words of gateway: what the apps may spend (the budget card and its limits). */
export const messages = {
  'gateway.budget.perRequest':
    'The most you allow per request is below what the cheapest answer is expected to cost: requests to other people’s machines are refused. Your own machines still answer.',
  'gateway.budget.balanceUnread':
    'The balance has not been read from the directory yet: requests to other people’s machines wait until it is. Your own machines still answer.',
  'gateway.budget.balanceEmpty':
    'The balance is empty, so requests to other people’s machines are refused. Your node earns credits for each task it serves for the network, and the directory adds grants such as the evaluation credits of a new node. Your own machines still answer.',
  'gateway.budget.balanceShort':
    'The balance cannot cover what a paid request could cost: requests to other people’s machines are refused. Your own machines still answer.',
  'gateway.budget.daysZone': 'Today and this month are counted from midnight, {zone} time: your node’s days.',
  'gateway.budget.day':
    'Today’s limit is reached: requests to other people’s machines are refused until midnight, {zone} time. Your own machines still answer.',
  'gateway.budget.month':
    'This month’s limit is reached: requests to other people’s machines are refused until the month ends. Your own machines still answer.',
  'gateway.budget.kept':
    'The balance is at the amount you keep: requests to other people’s machines are refused. Your own machines still answer.',
  'gateway.budget.fine':
    'Requests are paid from this node’s credits within these limits. Your own machines answer for free.',
  'gateway.budget.title': 'Today’s spend and budget',
  'gateway.budget.spentToday': 'Spent today',
  'gateway.budget.thisMonth': 'This month',
  'gateway.budget.mostPerRequest': 'Most per request',
  'gateway.budget.noCeiling': 'No ceiling',
  'gateway.budget.keepInBalance': 'Keep in the balance',
  'gateway.budget.keepNothing': 'Nothing: spend down to zero',
  'gateway.budget.balance': 'Balance',
  'gateway.budget.balanceNotRead': 'Not read from the directory yet',
  'gateway.budget.onItsWay': 'On its way',
  'gateway.budget.held': '{amount} held for requests being answered',
  'gateway.budget.paidBy': 'Paid by',
  'gateway.budget.paidByNode': 'This computer’s node <code>{id}</code>',
  'gateway.budget.noNodeYet': 'No node yet: this computer registers one when it first starts.',
  'gateway.budget.limitsNote':
    'Limits hold what each request would cost at the longest answer it may get, then count what the directory charged. The most a node may claim is held against the balance only. A node that charges more than expected is never asked again, so a limit can be passed by at most one request per dishonest node.',
} as const;
