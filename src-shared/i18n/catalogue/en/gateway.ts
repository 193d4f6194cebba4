/** The English words of gateway: every id starts with "gateway.". */
export const messages = {
  'gateway.copy.copy': 'Copy',
  'gateway.copy.copied': 'Copied',
  'gateway.copy.name.baseUrl': 'Copy base URL',
  'gateway.copy.name.lines': 'Copy two lines',
  'gateway.copy.name.key': 'Copy key',
  'gateway.copy.name.keyLines': 'Copy two lines with the key',
  'gateway.copy.done.baseUrl': 'The base URL is copied.',
  'gateway.copy.done.lines': 'The two lines are copied.',
  'gateway.copy.done.key': 'The key is copied.',
  'gateway.copy.done.keyLines': 'The two lines with the key are copied.',
  'gateway.copy.blocked': 'Copying was blocked: select the text and press Ctrl+C (⌘C on a Mac).',
} as const;
