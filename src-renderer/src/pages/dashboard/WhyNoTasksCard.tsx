import { useEffect, useState } from 'react';
import type { TaskCheck, TaskCheckId, TaskDiagnosis } from '@shared/contract';
import { getApi } from '../../api';
import { formatAt, type Tone } from '../../format';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { CONSUMER_QUOTE, QuotedAfter } from '../../components/ui/Quoted';
import { CheckRun, CheckStep } from '../../components/CheckSteps';
import { ActionLink } from './ActionLink';
import { discoveredWords } from '../../words/discovery-words';
import { continued } from './request-words';
import common from '../../components/ui/common.module.css';
import nodeCheck from '../../components/NodeCheckCard.module.css';
import styles from './WhyNoTasksCard.module.css';

const CHECK_LABELS: Record<TaskCheckId, string> = {
  registered: 'Registered with the directory',
  reachable: 'Reachable from the internet',
  discoverable: 'Found by consumers',
  price: 'Price',
  standing: 'Standing',
  demand: 'Asked for by consumers',
  refusals: 'Tasks turned away',
};

const OUTCOME: Record<TaskCheck['outcome'], { label: string; tone: Tone }> = {
  ok: { label: 'Fine', tone: 'ok' },
  problem: { label: 'Holds back', tone: 'warn' },
  unknown: { label: 'Not known', tone: 'neutral' },
};

function verdict(d: TaskDiagnosis): string {
  const first = d.checks.find((c) => c.id === d.holdingBack);
  if (first) return `What holds your node back: ${continued(first.words)}`;
  if (d.checks.some((c) => c.outcome === 'unknown')) return 'Nothing found that holds your node back, though some checks could not be made.';
  return 'Nothing holds your node back: every check passed. Tasks come as consumers ask for what your node offers.';
}

/** What consumers sent that the first problem is about (model names asked for), quoted after the verdict, one line each. */
const holdingQuoted = (d: TaskDiagnosis): string[] => d.checks.find((c) => c.id === d.holdingBack)?.quoted ?? [];

/**
 * "Why am I not getting tasks?": the engine checks, in order, registration, reachability as the directory saw it,
 * whether consumers find the node, its price, its standing and today's refusals; the first that holds the node back is
 * said first, in a sentence.
 */
export function WhyNoTasksCard() {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const running = useProviderStore((s) => s.snapshot?.state !== 'stopped' && s.snapshot !== null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TaskDiagnosis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const idle = useProviderStore((s) => s.snapshot?.requests.idle ?? null);
  const blocked = busy || !connected || !running;

  const check = async () => {
    if (blocked) return;
    setBusy(true);
    setError(null);
    const r = await getApi().diagnoseTasks({});
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.error.message);
  };

  // Healthy but idle: the directory is asked once per idle spell, so the reason is there without a click.
  const idleSince = idle?.since ?? null;
  useEffect(() => {
    if (idleSince === null || !connected) return;
    void getApi()
      .diagnoseTasks({})
      .then((r) => r.ok && setResult(r.value));
  }, [idleSince, connected]);

  return (
    <Card title="Why am I not getting tasks?" className={styles.card}>
      <p className={common.note}>Checks, in order, what decides whether tasks reach your node: the directory, the way in from the internet, whether consumers find it, its price, its standing and the tasks it turned away.</p>
      {idle ? (
        <p className={styles.idle} data-testid="why-idle" role="status">
          No task has come since {formatAt(idle.since)}, though your node is registered, its heartbeats are accepted and its LLM server answers. The checks below say why, from the directory’s own answers.
        </p>
      ) : null}
      <CheckRun
        label="Check"
        testId="why-check"
        busy={busy}
        blocked={blocked}
        onRun={() => void check()}
        error={error}
        failedWords="The check could not run"
        className={nodeCheck.actions}
      />
      {result ? (
        <div data-testid="why-report" data-holding-back={result.holdingBack ?? 'none'} role="status" aria-live="polite">
          <p className={styles.verdict} data-testid="why-verdict">
            {verdict(result)}
            <QuotedAfter items={holdingQuoted(result)} {...CONSUMER_QUOTE} />{' '}
            <span className={common.muted}>({formatAt(result.at)})</span>
          </p>
          {result.discoveredAt ? (
            <p className={common.muted} data-testid="why-discovered">
              {discoveredWords(result.discoveredAt)}
            </p>
          ) : null}
          <ul className={nodeCheck.items}>
            {result.checks.map((c) => (
              <CheckStep
                key={c.id}
                testId={`why-${c.id}`}
                outcome={c.outcome}
                label={CHECK_LABELS[c.id]}
                verdict={OUTCOME[c.outcome]}
                classes={{ head: nodeCheck.itemHead, words: nodeCheck.words }}
              >
                {c.words}
                <QuotedAfter items={c.quoted} {...CONSUMER_QUOTE} />{' '}
                <ActionLink action={c.action} className={styles.action} />
              </CheckStep>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
