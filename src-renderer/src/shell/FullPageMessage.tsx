import { useEffect, type ReactNode } from 'react';
import { Logo } from './Logo';

/** Replaces the whole app when nothing useful can be shown (no access, incompatible host). */
export function FullPageMessage({ title, children }: { title: string; children: ReactNode }) {
  // The tab's title says it too: the status sentence it carried ("Connecting…") is no longer true.
  useEffect(() => {
    document.title = `${title} · IICP Provider`;
  }, [title]);
  return (
    <main className="full-page" id="main">
      <div className="full-page-box" role="alert">
        <Logo size={40} />
        <h1 className="full-page-title">{title}</h1>
        {children}
      </div>
    </main>
  );
}
