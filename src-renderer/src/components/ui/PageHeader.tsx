import type { ReactNode } from 'react';
/**
 * The page's h1. It is focusable from script (tabIndex -1) so the shell can move focus to it after
 * navigation, which tells screen-reader users that the page changed.
 */
export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} className="page-title">
          {title}
        </h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {children ? <div className="page-actions">{children}</div> : null}
    </header>
  );
}
