/** Die deutschen Wörter von gateway: dieselben ids wie en/gateway.ts, keine fehlt. */
import type { messages as en } from '../en/gateway';

export const messages: Record<keyof typeof en, string> = {
  'gateway.copy.copy': 'Kopieren',
  'gateway.copy.copied': 'Kopiert',
  'gateway.copy.name.baseUrl': 'Basis-URL kopieren',
  'gateway.copy.name.lines': 'Die zwei Zeilen kopieren',
  'gateway.copy.name.key': 'App-Schlüssel kopieren',
  'gateway.copy.name.keyLines': 'Die zwei Zeilen mit dem App-Schlüssel kopieren',
  'gateway.copy.done.baseUrl': 'Die Basis-URL ist kopiert.',
  'gateway.copy.done.lines': 'Die zwei Zeilen sind kopiert.',
  'gateway.copy.done.key': 'Der App-Schlüssel ist kopiert.',
  'gateway.copy.done.keyLines': 'Die zwei Zeilen mit dem App-Schlüssel sind kopiert.',
  'gateway.copy.blocked': 'Das Kopieren wurde blockiert: Markieren Sie den Text und drücken Sie Strg+C (⌘C auf dem Mac).',
} as const;
