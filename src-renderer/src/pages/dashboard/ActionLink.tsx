import { actionHref } from './request-words';

/** Where the engine says the person can fix something, as a link to that page (nothing for a page the app lacks). */
export function ActionLink({ action, className }: { action: { label: string; route: string } | null; className?: string }) {
  const href = action ? actionHref(action.route) : null;
  if (!action || !href) return null;
  return (
    <a className={className} href={href}>
      {action.label}
    </a>
  );
}
