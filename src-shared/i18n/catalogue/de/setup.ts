/** Die deutschen Wörter von setup: dieselben ids wie en/setup.ts, keine fehlt. */
import type { messages as en } from '../en/setup';

export const messages: Record<keyof typeof en, string> = {
  'setup.models.chooseServerFirst': 'Wählen Sie zuerst in Schritt 1 einen Server.',
  'setup.models.noServerYet': 'Wählen Sie zuerst in Schritt 1 Ihren LLM-Server; seine Modelle erscheinen dann hier.',
  'setup.models.offerOne': 'Bieten Sie mindestens ein Modell an: Ohne Modell hat Ihr Knoten nichts zu bedienen.',
  'setup.models.introOne': 'Ihr Knoten bietet dem Netzwerk die angehakten Modelle von {server} unter <code>{url}</code> an. Modelle ohne Haken bleiben privat.',
  'setup.models.introSeveral': 'Ihr Knoten bietet dem Netzwerk die angehakten Modelle Ihrer {count} Server an, nach Server geordnet. Modelle ohne Haken bleiben privat.',
  'setup.models.serverTitle': '{server} unter <code>{url}</code> ({count, plural, =0 {keine Modelle} one {# Modell} other {# Modelle}})',
} as const;
