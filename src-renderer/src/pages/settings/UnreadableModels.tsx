import type { UnreadableModel } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { Fact } from '../../components/ui/Fact';
import { Quoted } from '../../components/ui/Quoted';
import common from '../../components/ui/common.module.css';
import styles from './UnreadableModels.module.css';

/** Why one model is left out, after its quoted name. */
const WHY: Record<UnreadableModel['why'], MessageId> = {
  too_large: 'settings.unreadable.tooLarge',
  not_understood: 'settings.unreadable.notUnderstood',
};

/**
 * "Left out": the models a server lists whose facts the node could not read, so it does not offer them while the
 * server's other models serve. Each name is the server's own words, quoted; the reason is ours.
 */
export function UnreadableModels({ models }: { models: readonly UnreadableModel[] }) {
  const t = useT();
  if (models.length === 0) return null;
  return (
    <Fact label={t('settings.unreadable.title', { count: models.length })}>
      <p className={common.note}>{t('settings.unreadable.intro', { count: models.length })}</p>
      <ul className={`${common.bareList} ${styles.list}`} aria-label={t('settings.unreadable.list')}>
        {models.map((m) => (
          <li key={m.name}>
            <Words id={WHY[m.why]} tags={{ model: () => <Quoted text={m.name} max={80} line /> }} />
          </li>
        ))}
      </ul>
    </Fact>
  );
}
