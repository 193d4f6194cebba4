/** Die deutschen Wörter von common: dieselben ids wie en/common.ts, keine fehlt. */
import type { messages as en } from '../en/common';

export const messages: Record<keyof typeof en, string> = {
  'common.appName': 'IICP Provider',
  'common.save': 'Speichern',
  'common.cancel': 'Abbrechen',
  'common.close': 'Schließen',
  'common.retry': 'Erneut versuchen',
  'common.loading': 'Wird geladen …',
};
