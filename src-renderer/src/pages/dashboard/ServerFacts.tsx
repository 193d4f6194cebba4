import type { NodeSnapshot } from '@shared/contract';
import { BACKEND_WORDS, flavourLabel, formatCount } from '../../format';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { Token } from '../../components/ui/Token';
import { ModelList } from './ModelList';
import { useT } from '../../i18n/useT';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './ServerFacts.module.css';

type Backend = NodeSnapshot['backend'];

/**
 * What the LLM servers run. One server: its kind, its address and its models. Several: one line each with its own
 * address and its own models, since a model counted under the first server's address would be looked for there.
 */
export function ServerFacts({ backend }: { backend: Backend }) {
  const t = useT();
  if (backend.servers.length > 1) {
    return (
      <ul className={`${common.bareList} ${styles.servers}`} data-testid="backend-servers">
        {backend.servers.map((s) => {
          const flavour = flavourLabel(s.flavour);
          const words = BACKEND_WORDS[s.status];
          return (
            <li key={s.id} className={styles.server} data-testid="backend-server" data-server={s.id}>
              <dl className={fact.grid}>
                <Fact label={t('dashboard.facts.backend.address')}>
                  <Token value={s.url} />
                </Fact>
                <Fact label={t('dashboard.facts.backend.server')}>
                  {flavour ?? t('dashboard.facts.backend.kindUnknown')}{' '}
                  {s.status === 'healthy' ? null : <StatusBadge tone={words.tone}>{words.label}</StatusBadge>}
                </Fact>
                <Fact label={t('dashboard.facts.backend.models', { count: formatCount(s.models.length) })}>
                  {s.models.length > 0 ? (
                    <ModelList models={s.models} />
                  ) : (
                    <span className={common.muted}>{t('dashboard.facts.backend.noModels')}</span>
                  )}
                </Fact>
              </dl>
            </li>
          );
        })}
      </ul>
    );
  }
  const flavour = flavourLabel(backend.flavour);
  if (!backend.url && !flavour && backend.models.length === 0) return null;
  return (
    <dl className={fact.grid}>
      {flavour ? <Fact label={t('dashboard.facts.backend.server')}>{flavour}</Fact> : null}
      {backend.url ? (
        <Fact label={t('dashboard.facts.backend.address')}>
          <Token value={backend.url} />
        </Fact>
      ) : null}
      {backend.models.length > 0 ? (
        <Fact label={t('dashboard.facts.backend.models', { count: formatCount(backend.models.length) })}>
          <ModelList models={backend.models} />
        </Fact>
      ) : null}
    </dl>
  );
}
