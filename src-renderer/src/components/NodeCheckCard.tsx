import type { NodeCheckItem, NodeSnapshot } from '@shared/contract';
import { useCommand } from '../hooks/useCommand';
import { formatAt } from '../format';
import { useProviderStore } from '../store';
import { CheckRun, CheckStep } from './CheckSteps';
import { DirectoryProbeLine } from './DirectoryProbeLine';
import { Card } from './ui/Card';
import { Quoted } from './ui/Quoted';
import { StatusBadge } from './ui/StatusBadge';
import common from './ui/common.module.css';
import styles from './NodeCheckCard.module.css';
import type { MessageId } from '@shared/i18n/catalogue';
import { useT } from '../i18n/useT';

const STEP_LABELS: Record<NodeCheckItem['id'], MessageId> = {
  health: 'network.check.step.health',
  task: 'network.check.step.task',
  loopback: 'network.check.step.loopback',
  directory: 'network.check.step.directory',
};

const OUTCOME: Record<NodeCheckItem['outcome'], { label: MessageId; tone: 'ok' | 'bad' | 'neutral' }> = {
  ok: { label: 'network.check.works', tone: 'ok' },
  failed: { label: 'network.check.doesNotWork', tone: 'bad' },
  unknown: { label: 'network.check.notKnown', tone: 'neutral' },
};

/**
 * "Check my node" (Dashboard and Network): the engine calls the node's public endpoint as a consumer would and reads
 * what the directory observed; the report arrives with the snapshot, so both pages show the same result.
 */
export function NodeCheckCard({ snapshot }: { snapshot: NodeSnapshot }) {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const command = useCommand(
    (api) => api.checkNode({}),
    (next) => {
      useProviderStore.getState().applySnapshot(next);
      return { kind: 'idle' };
    },
  );
  const { running, last, probe } = snapshot.reachability.check;
  const blocked = running || !connected || snapshot.state === 'stopped';
  const error = command.step.kind === 'failed' ? command.step.message : null;

  const start = () => {
    if (!blocked) void command.run();
  };

  return (
    <Card title={t('network.check.title')} className={styles.card}>
      <p className={common.note}>{t('network.check.intro')}</p>
      <CheckRun
        label={t('network.check.title')}
        testId="node-check"
        busy={running}
        blocked={blocked}
        onRun={start}
        error={error}
        failedWords={t('network.check.couldNotStart')}
        className={styles.actions}
      />
      {probe ? <DirectoryProbeLine probe={probe} /> : null}
      {last ? (
        <div
          className={styles.report}
          data-testid="node-check-report"
          data-outcome={last.outcome}
          role="status"
          aria-live="polite"
        >
          <p className={styles.summary}>
            <StatusBadge tone={last.outcome === 'ok' ? 'ok' : last.outcome === 'failed' ? 'bad' : 'warn'}>
              {last.outcome === 'ok'
                ? t('network.check.works')
                : last.outcome === 'failed'
                  ? t('network.check.notReachable')
                  : t('network.check.partly')}
            </StatusBadge>{' '}
            {t.said(last.summary)} <span className={common.muted}>({formatAt(last.at)})</span>
          </p>
          <ul className={styles.items}>
            {last.items.map((item) => (
              <CheckStep
                key={item.id}
                testId={`node-check-${item.id}`}
                outcome={item.outcome}
                label={t(STEP_LABELS[item.id])}
                verdict={{ label: t(OUTCOME[item.outcome].label), tone: OUTCOME[item.outcome].tone }}
                classes={{ head: styles.itemHead, words: styles.words }}
              >
                {t.said(item.words)}
                {item.quoted ? (
                  <>
                    {' '}
                    <Quoted text={item.quoted} />
                  </>
                ) : null}
              </CheckStep>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
