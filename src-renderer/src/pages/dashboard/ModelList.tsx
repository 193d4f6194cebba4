import disclosure from '../../components/ui/Disclosure.module.css';
import common from '../../components/ui/common.module.css';
import styles from './ModelList.module.css';
import { formatCount } from '../../format';
import { useT } from '../../i18n/useT';

/** Shown before "and N more"; a server with dozens of models must not push the dashboard down. */
const VISIBLE = 6;

/** The models a server offers, as small chips; long lists fold away behind a disclosure. */
export function ModelList({ models }: { models: string[] }) {
  const t = useT();
  const shown = models.slice(0, VISIBLE);
  const rest = models.slice(VISIBLE);
  return (
    <div>
      <ul className={`${common.bareList} ${styles.chips}`} aria-label={t('dashboard.models.label')}>
        {shown.map((m) => (
          <li key={m} className={styles.chip} title={m}>
            {m}
          </li>
        ))}
      </ul>
      {rest.length > 0 ? (
        <details className={disclosure.more}>
          <summary>{t('dashboard.models.more', { count: formatCount(rest.length) })}</summary>
          <ul className={`${common.bareList} ${styles.chips}`}>
            {rest.map((m) => (
              <li key={m} className={styles.chip} title={m}>
                {m}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
