import { isSaid, type Said } from '@shared/i18n/said';
import { useT } from '../../i18n/useT';
import { actionHref } from './request-words';

/** Where the engine says the person can fix something, as a link to that page (nothing for a page the app lacks). */
export function ActionLink({
  action,
  className,
}: {
  action: { label: string | Said; route: string } | null;
  className?: string;
}) {
  const t = useT();
  const href = action ? actionHref(action.route) : null;
  if (!action || !href) return null;
  return (
    <a className={className} href={href}>
      {isSaid(action.label) ? t.said(action.label) : action.label}
    </a>
  );
}
