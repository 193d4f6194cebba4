import { originProblem } from './gateway-words';
import { SavedList } from './SavedList';
import type { GatewaySettingsView } from './useGatewaySettings';
import disclosure from '../../components/ui/Disclosure.module.css';
import styles from './AdvancedSettings.module.css';
import { useT } from '../../i18n/useT';

/**
 * What few people need, folded away: the web pages allowed to call the gateway from a browser. Browsers are refused
 * unless a page's origin is listed, so a web site the person visits cannot spend their credits.
 */
export function AdvancedSettings({ settings }: { settings: GatewaySettingsView }) {
  const t = useT();
  const { stored } = settings;
  if (!stored) return null;
  return (
    <details
      className={`${disclosure.details} ${disclosure.strong}`}
      open={stored.allowedOrigins.length > 0 || undefined}
      data-testid="gateway-advanced"
    >
      <summary>{t('gateway.advanced.title')}</summary>
      <div className={styles.body}>
        <p>{t('gateway.advanced.why')}</p>
        <SavedList
          title={t('gateway.advanced.listTitle')}
          items={stored.allowedOrigins}
          empty={t('gateway.advanced.empty')}
          inputLabel={t('gateway.advanced.inputLabel')}
          hint={t('gateway.advanced.hint')}
          // not-shown: an example address, the same in every language
          placeholder="http://localhost:3000"
          addLabel={t('gateway.advanced.add')}
          problem={(text, items) => originProblem(text, items)}
          save={(allowedOrigins) => settings.save({ allowedOrigins })}
          connected={settings.connected}
          testId="gateway-origins"
        />
      </div>
    </details>
  );
}
