import { API_VERSION } from '../api/protocol';
import { FullPageMessage } from './FullPageMessage';
import common from '../components/ui/common.module.css';
import { useT } from '../i18n/useT';

export function IncompatibleHost({ hostApiVersion }: { hostApiVersion: number }) {
  const t = useT();
  return (
    <FullPageMessage title={t('shell.incompatible.title')}>
      <p>{t('shell.incompatible.versions', { page: String(API_VERSION), node: String(hostApiVersion) })}</p>
      <p className={common.muted}>{t('shell.incompatible.reload')}</p>
    </FullPageMessage>
  );
}
