import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { Fact } from '../../components/ui/Fact';
import { Token } from '../../components/ui/Token';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';

/** Where the data lives and what this host cannot do, so nobody has to guess. */
export function AboutApp() {
  const t = useT();
  const info = useProviderStore((s) => s.appInfo);
  if (!info) return <p className={common.muted}>{t('settings.about.loading')}</p>;
  return (
    <>
      <p>
        <Words id="settings.about.dataDir" tags={{ path: () => <Token value={info.dataDir} /> }} />
      </p>
      <dl className={fact.facts}>
        <Fact label={t('settings.about.version')}>{info.appVersion}</Fact>
        <Fact label={t('settings.about.runningAs')}>
          {t(info.host === 'headless' ? 'settings.about.headless' : 'settings.about.desktop')}
        </Fact>
        <Fact label={t('settings.about.platform')}>{info.platform}</Fact>
      </dl>
      <h3 className={common.subheading}>{t('settings.about.limitations')}</h3>
      {info.limitations.length === 0 ? (
        <p className={common.muted}>{t('settings.about.noLimitations')}</p>
      ) : (
        <ul className={common.plainList}>
          {info.limitations.map((l) => (
            <li key={l.id}>{t.said(l)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
