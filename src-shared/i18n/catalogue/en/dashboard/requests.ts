/** The English words of dashboard: the recent requests card. */
export const messages = {
  'dashboard.requests.outcome.served': 'Served',
  'dashboard.requests.outcome.refused': 'Turned away',
  'dashboard.requests.outcome.failed': 'Failed',
  'dashboard.requests.delivery.streamed': 'Streamed',
  'dashboard.requests.delivery.streamedTitle':
    'The answer went to the consumer piece by piece, as your model wrote it.',
  'dashboard.requests.delivery.relayed': 'Whole: came through the relay',
  'dashboard.requests.delivery.relayedTitle':
    'The relay carries whole tasks. So this answer went in one piece, not streamed.',
  'dashboard.requests.note.usageBounded':
    'Your LLM server counted more tokens than this answer could have used; the node claimed no more than it could.',
  'dashboard.requests.note.usageUnreadable':
    "Your LLM server's token count could not be read; the node claimed its own count.",

  'dashboard.requests.title': 'Requests today',
  'dashboard.requests.titleZone': 'Requests today ({zone})',
  'dashboard.requests.col.time': 'Time',
  'dashboard.requests.col.outcome': 'Outcome',
  'dashboard.requests.col.reason': 'Reason',
  'dashboard.requests.col.model': 'Model',
  'dashboard.requests.col.tokens': 'Tokens',
  'dashboard.requests.col.tokensPerSecond': 'Tok/s',
  'dashboard.requests.col.tokensTitle': 'Tokens in all: the prompt and the answer',
  'dashboard.requests.col.tokensPerSecondTitle':
    'Tokens of the answer the model wrote per second; the prompt is not counted',
  'dashboard.requests.col.took': 'Took',
  'dashboard.requests.col.code': 'Code',
  'dashboard.requests.col.today': 'Today',
  'dashboard.requests.task': '{intent} task',
  'dashboard.requests.taskAny': 'Task',
  'dashboard.requests.askedFor': 'asked for',
  'dashboard.requests.ms': '{ms} ms',
  'dashboard.requests.advice': 'What you can do',
  'dashboard.requests.empty':
    'No requests yet. Every task sent to your node is listed here, served or turned away, with the reason.',
  'dashboard.requests.latest': 'Latest {count, plural, one {request} other {# requests}}, newest first.',
  'dashboard.requests.unlisted': 'And {count} more today, counted above but not listed one by one.',
  'dashboard.requests.more': 'Show more',
  'dashboard.requests.olderFailed': 'Older requests could not be read: {why}',
  'dashboard.requests.details': 'Details',
} as const;
