/** The English words of common: the app's name and the words every room uses alike. */
export const messages = {
  'common.appName': 'IICP Provider',
  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.retry': 'Try again',
  'common.loading': 'Loading…',
} as const;
