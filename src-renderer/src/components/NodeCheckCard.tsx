import { useState } from 'react';
import type { NodeCheckItem, NodeSnapshot } from '@shared/contract';
import { getApi } from '../api';
import { formatAt } from '../format';
import { useProviderStore } from '../store';
import { CheckRun, CheckStep } from './CheckSteps';
import { DirectoryProbeLine } from './DirectoryProbeLine';
import { Card } from './ui/Card';
import { Quoted } from './ui/Quoted';
import { StatusBadge } from './ui/StatusBadge';
import common from './ui/common.module.css';
import styles from './NodeCheckCard.module.css';

const STEP_LABELS: Record<NodeCheckItem['id'], string> = {
  health: 'Health check from outside',
  task: 'A real encrypted task',
  loopback: 'About this check',
  directory: "The directory's own observation",
};

const OUTCOME: Record<NodeCheckItem['outcome'], { label: string; tone: 'ok' | 'bad' | 'neutral' }> = {
  ok: { label: 'Works', tone: 'ok' },
  failed: { label: 'Does not work', tone: 'bad' },
  unknown: { label: 'Not known', tone: 'neutral' },
};

/**
 * "Check my node" (Dashboard and Network): the engine calls the node's public endpoint as a consumer would and reads
 * what the directory observed; the report arrives with the snapshot, so both pages show the same result.
 */
export function NodeCheckCard({ snapshot }: { snapshot: NodeSnapshot }) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [error, setError] = useState<string | null>(null);
  const { running, last, probe } = snapshot.reachability.check;
  const blocked = running || !connected || snapshot.state === 'stopped';

  const start = async () => {
    if (blocked) return;
    setError(null);
    const r = await getApi().checkNode({});
    if (r.ok) useProviderStore.getState().applySnapshot(r.value);
    else setError(r.error.message);
  };

  return (
    <Card title="Check my node" className={styles.card}>
      <p className={common.note}>Sends a small encrypted task to your node's public address, the way a consumer would, and asks the directory what it saw.</p>
      <CheckRun
        label="Check my node"
        testId="node-check"
        busy={running}
        blocked={blocked}
        onRun={() => void start()}
        error={error}
        failedWords="The check could not start"
        className={styles.actions}
      />
      {probe ? <DirectoryProbeLine probe={probe} /> : null}
      {last ? (
        <div className={styles.report} data-testid="node-check-report" data-outcome={last.outcome} role="status" aria-live="polite">
          <p className={styles.summary}>
            <StatusBadge tone={last.outcome === 'ok' ? 'ok' : last.outcome === 'failed' ? 'bad' : 'warn'}>{last.outcome === 'ok' ? 'Works' : last.outcome === 'failed' ? 'Not reachable' : 'Partly'}</StatusBadge>{' '}
            {last.summary} <span className={common.muted}>({formatAt(last.at)})</span>
          </p>
          <ul className={styles.items}>
            {last.items.map((item) => (
              <CheckStep
                key={item.id}
                testId={`node-check-${item.id}`}
                outcome={item.outcome}
                label={STEP_LABELS[item.id]}
                verdict={OUTCOME[item.outcome]}
                classes={{ head: styles.itemHead, words: styles.words }}
              >
                {item.words}
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
