import { useEffect } from 'react';
import { useStatusWords } from '../hooks/useStatusWords';

/** The window's (or tab's) title carries the status sentence, so a glance at the task bar says it too. */
export function PageTitle() {
  const { sentence } = useStatusWords();
  useEffect(() => {
    document.title = `${sentence} · IICP Provider`;
  }, [sentence]);
  return null;
}
