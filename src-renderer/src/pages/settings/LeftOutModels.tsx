import { ADVERTISED_MODELS_MAX, CONTEXT_TOKENS_MAX, PARAMETER_COUNT_MAX, type LeftOutModel } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { MODEL_NAME_MAX } from '@shared/text/model-name-rule';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { Fact } from '../../components/ui/Fact';
import { Quoted } from '../../components/ui/Quoted';
import common from '../../components/ui/common.module.css';
import styles from './LeftOutModels.module.css';

/** Why one model is left out, after its quoted name, and the limit the sentence names. */
const WHY: Record<LeftOutModel['why'], { id: MessageId; max?: number }> = {
  too_large: { id: 'settings.leftOut.tooLarge' },
  not_understood: { id: 'settings.leftOut.notUnderstood' },
  name_empty: { id: 'settings.leftOut.nameEmpty' },
  name_too_long: { id: 'settings.leftOut.nameTooLong', max: MODEL_NAME_MAX },
  name_control: { id: 'settings.leftOut.nameControl' },
  name_invisible: { id: 'settings.leftOut.nameInvisible' },
  name_markup: { id: 'settings.leftOut.nameMarkup' },
  name_spacing: { id: 'settings.leftOut.nameSpacing' },
  context: { id: 'settings.leftOut.context', max: CONTEXT_TOKENS_MAX },
  size: { id: 'settings.leftOut.size', max: PARAMETER_COUNT_MAX },
  too_many: { id: 'settings.leftOut.tooMany', max: ADVERTISED_MODELS_MAX },
};

/**
 * "Left out": the models a server lists that the node does not offer while the server's other models serve, because
 * what they are could not be read, their name or numbers fail the node's rules, or they are past the server's share.
 * Each name is the server's own words, quoted; the reason is ours. `count` is how many are left out in all, of which
 * `models` are the first.
 */
export function LeftOutModels({ models, count }: { models: readonly LeftOutModel[]; count: number }) {
  const t = useT();
  if (models.length === 0) return null;
  const more = count - models.length;
  return (
    <Fact label={t('settings.leftOut.title', { count })}>
      <p className={common.note}>{t('settings.leftOut.intro', { count })}</p>
      <ul className={`${common.bareList} ${styles.list}`} aria-label={t('settings.leftOut.list')}>
        {models.map((m) => {
          const why = WHY[m.why];
          return (
            <li key={`${m.name}\u0000${m.why}`}>
              <Words
                id={why.id}
                values={why.max === undefined ? {} : { max: why.max }}
                tags={{ model: () => <Quoted text={m.name} max={80} line /> }}
              />
            </li>
          );
        })}
      </ul>
      {more > 0 ? <p className={common.note}>{t('settings.leftOut.more', { count: more })}</p> : null}
    </Fact>
  );
}
