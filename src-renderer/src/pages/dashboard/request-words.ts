import type { RequestDelivery, RequestOutcome } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import type { Tone } from '../../format';
import { NAV_ROUTES, routeHref, type RouteId } from '../../routes';

export const OUTCOME_WORDS: Record<RequestOutcome, { label: MessageId; tone: Tone }> = {
  served: { label: 'dashboard.requests.outcome.served', tone: 'ok' },
  refused: { label: 'dashboard.requests.outcome.refused', tone: 'warn' },
  failed: { label: 'dashboard.requests.outcome.failed', tone: 'bad' },
};

/** How an answer went, where it is worth a word: the row's short marker, and its tooltip. */
export const DELIVERY_WORDS: Record<RequestDelivery, { label: MessageId; title: MessageId }> = {
  streamed: { label: 'dashboard.requests.delivery.streamed', title: 'dashboard.requests.delivery.streamedTitle' },
  relayed: { label: 'dashboard.requests.delivery.relayed', title: 'dashboard.requests.delivery.relayedTitle' },
};

const PAGES: ReadonlySet<string> = new Set<string>(NAV_ROUTES.map((r) => r.id));

/** The link of an engine action (`{ route: 'settings' }`), or null for a page this app does not have. */
export function actionHref(route: string): string | null {
  return PAGES.has(route) ? routeHref(route as RouteId) : null;
}

/** A sentence continued after a colon: its first letter lowered, unless it starts an abbreviation ("LLM"). */
export function continued(words: string): string {
  return /^[A-Z][a-z]/.test(words) ? words.charAt(0).toLowerCase() + words.slice(1) : words;
}
