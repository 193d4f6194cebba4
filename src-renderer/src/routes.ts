/** Hash routes (`#/logs`); the token fragment is consumed before any of this runs (see api/token.ts). */
import type { MessageId } from '@shared/i18n/catalogue';

/** The pages in the menu, each with the catalogue's id of its name there. */
export const NAV_ROUTES = [
  { id: 'dashboard', label: 'shell.nav.dashboard' },
  { id: 'availability', label: 'shell.nav.availability' },
  { id: 'pricing', label: 'shell.nav.pricing' },
  { id: 'earnings', label: 'shell.nav.earnings' },
  { id: 'fleet', label: 'shell.nav.fleet' },
  { id: 'gateway', label: 'shell.nav.gateway' },
  { id: 'network', label: 'shell.nav.network' },
  { id: 'logs', label: 'shell.nav.logs' },
  { id: 'settings', label: 'shell.nav.settings' },
] as const satisfies readonly { id: string; label: MessageId }[];

export type RouteId = (typeof NAV_ROUTES)[number]['id'] | 'setup';

const ROUTE_IDS: ReadonlySet<string> = new Set<string>([...NAV_ROUTES.map((r) => r.id), 'setup']);

export function parseRoute(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return ROUTE_IDS.has(id) ? (id as RouteId) : 'dashboard';
}

export const routeHref = (id: RouteId): string => `#/${id}`;

export function navigate(id: RouteId): void {
  window.location.hash = `/${id}`;
}
