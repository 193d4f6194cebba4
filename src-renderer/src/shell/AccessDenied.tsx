import { FullPageMessage } from './FullPageMessage';
import common from '../components/ui/common.module.css';
import { useT } from '../i18n/useT';
import { Words } from '../i18n/Words';

/** Headless only: the page has no token or the host refused it; nothing is loaded until that is fixed. */
export function AccessDenied() {
  const t = useT();
  return (
    <FullPageMessage title={t('shell.access.title')}>
      <p>
        <Words id="shell.access.open" tags={{ code: (c) => <code>{c}</code> }} />
      </p>
      <p className={common.muted}>
        <Words id="shell.access.link" tags={{ code: (c) => <code>{c}</code> }} />
      </p>
    </FullPageMessage>
  );
}
