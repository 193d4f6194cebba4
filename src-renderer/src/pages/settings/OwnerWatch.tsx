import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { gpuFigures, watchSentences } from '../../words/watch-words';
import { Fact } from '../../components/ui/Fact';
import { Quoted } from '../../components/ui/Quoted';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './OwnerFirstSettings.module.css';

/** What this computer lets the app watch, one sentence per fact; why watching is off; and the last GPU reading. */
export function OwnerWatch() {
  const t = useT();
  const owner = useProviderStore((s) => s.snapshot?.availability.owner ?? null);
  if (!owner) {
    return (
      <p className={common.muted} data-testid="owner-watch">
        {t('settings.watch.notYet')}
      </p>
    );
  }
  const gpu = owner.gpu;
  return (
    <div className={styles.watch} data-testid="owner-watch">
      <ul className={common.plainList}>
        {watchSentences(owner).map((s) => (
          <li key={s.key} data-testid={`owner-supported-${s.key}`} data-supported={s.ok}>
            {s.text}
          </li>
        ))}
      </ul>
      {owner.problem ? (
        <p className={common.resultWarn} data-testid="owner-problem">
          {owner.problem}
        </p>
      ) : null}
      {gpu ? (
        <div data-testid="owner-gpu">
          <h3 className={common.subheading}>{t('settings.watch.lastGpu')}</h3>
          <dl className={fact.plain}>
            <Fact label="GPU">
              <Quoted text={gpu.name} />
            </Fact>
            {gpuFigures(gpu).map((f) => (
              <Fact key={f.label} label={f.label}>
                {f.value}
              </Fact>
            ))}
          </dl>
        </div>
      ) : null}
    </div>
  );
}
