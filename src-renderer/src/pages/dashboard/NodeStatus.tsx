import type { NodeSnapshot } from '@shared/contract';
import { useStatusWords } from '../../hooks/useStatusWords';
import { AvailabilitySwitch } from './AvailabilitySwitch';
import { NextStep } from './NextStep';
import { StatusBadge } from '../../components/ui/StatusBadge';
import card from '../../components/ui/Card.module.css';
import styles from './NodeStatus.module.css';

/**
 * The first thing on the dashboard: one sentence that says whether this computer serves the network, and if
 * not, the most important reason and what to do about it (status-sentence.ts); the Available switch beside it.
 */
export function NodeStatus({ snapshot }: { snapshot: NodeSnapshot | null }) {
  const words = useStatusWords();
  return (
    <section className={card.statusCard} aria-label="Node status" data-testid="node-status" data-kind={words.kind} data-tone={words.tone}>
      <div className={styles.main} role="status">
        <p className={styles.sentence}>
          <StatusBadge tone={words.tone} size="large" align="baseline">
            <span data-testid="node-state">{words.sentence}</span>
          </StatusBadge>
        </p>
        {words.detail ? (
          <p className={styles.detail} data-testid="status-detail">
            {words.detail}
          </p>
        ) : null}
        {words.action ? <NextStep action={words.action} /> : null}
      </div>
      {snapshot ? <AvailabilitySwitch snapshot={snapshot} /> : null}
    </section>
  );
}
