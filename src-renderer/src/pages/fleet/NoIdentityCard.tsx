import { routeHref } from '../../routes';
import { Card } from '../../components/ui/Card';
import { useT } from '../../i18n/useT';
import { identityPurpose } from '../../words/identity-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';

/** No operator identity on this computer: nothing ties it to other machines, and Settings is where one is made. */
export function NoIdentityCard() {
  const t = useT();
  return (
    <Card title={t('fleet.none.title')} testId="fleet-none">
      <p>{t('fleet.none.body')}</p>
      <p className={common.muted}>{t('fleet.none.how', { purpose: identityPurpose() })}</p>
      <div>
        <a className={button.button} href={routeHref('settings')} data-testid="fleet-to-settings">
          {t('fleet.none.open')}
        </a>
      </div>
    </Card>
  );
}
