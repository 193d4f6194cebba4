import { useEffect } from 'react';
import { useStatusWords } from '../hooks/useStatusWords';
import { useT } from '../i18n/useT';

/** The window's (or tab's) title carries the status sentence, so a glance at the task bar says it too. */
export function PageTitle() {
  const t = useT();
  const { sentence } = useStatusWords();
  const title = t('shell.tabTitle', { title: sentence });
  useEffect(() => {
    document.title = title;
  }, [title]);
  return null;
}
