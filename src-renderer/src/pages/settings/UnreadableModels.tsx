import type { UnreadableModel } from '@shared/contract';
import { formatCount } from '../../format';
import { Fact } from '../../components/ui/Fact';
import { Quoted } from '../../components/ui/Quoted';
import common from '../../components/ui/common.module.css';
import styles from './UnreadableModels.module.css';

/** Why one model is left out, after its quoted name. */
const WHY: Record<UnreadableModel['why'], string> = {
  too_large: 'the server’s description of it is too large to read.',
  not_understood: 'the server’s description of it is not in a form the node can read.',
};

/**
 * "Left out": the models a server lists whose facts the node could not read, so it does not offer them while the
 * server's other models serve. Each name is the server's own words, quoted; the reason is ours.
 */
export function UnreadableModels({ models }: { models: readonly UnreadableModel[] }) {
  if (models.length === 0) return null;
  return (
    <Fact label={`Left out (${formatCount(models.length)})`}>
      <p className={common.note}>The server lists {models.length === 1 ? 'this model' : 'these models'}, but the node could not read what {models.length === 1 ? 'it is' : 'they are'}, so it does not offer {models.length === 1 ? 'it' : 'them'}.</p>
      <ul className={`${common.bareList} ${styles.list}`} aria-label="Models left out">
        {models.map((m) => (
          <li key={m.name}>
            <Quoted text={m.name} max={80} line />: {WHY[m.why]}
          </li>
        ))}
      </ul>
    </Fact>
  );
}
