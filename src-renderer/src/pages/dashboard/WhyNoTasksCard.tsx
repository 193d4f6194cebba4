import { useEffect, useState } from 'react';
import type { TaskCheck, TaskCheckId, TaskDiagnosis } from '@shared/contract';
import { getApi } from '../../api';
import { useCommand } from '../../hooks/useCommand';
import { formatAt, type Tone } from '../../format';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { CONSUMER_QUOTE, QuotedAfter } from '../../components/ui/Quoted';
import { CheckRun, CheckStep } from '../../components/CheckSteps';
import { ActionLink } from './ActionLink';
import { discoveredWords } from '../../words/discovery-words';
import { useT } from '../../i18n/useT';
import type { MessageId } from '@shared/i18n/catalogue';
import type { Say } from '@shared/i18n/say';
import common from '../../components/ui/common.module.css';
import nodeCheck from '../../components/NodeCheckCard.module.css';
import styles from './WhyNoTasksCard.module.css';

const CHECK_LABELS: Record<TaskCheckId, MessageId> = {
  registered: 'dashboard.why.check.registered',
  reachable: 'dashboard.why.check.reachable',
  discoverable: 'dashboard.why.check.discoverable',
  price: 'dashboard.why.check.price',
  standing: 'dashboard.why.check.standing',
  demand: 'dashboard.why.check.demand',
  refusals: 'dashboard.why.check.refusals',
};

const OUTCOME: Record<TaskCheck['outcome'], { label: MessageId; tone: Tone }> = {
  ok: { label: 'dashboard.why.outcome.ok', tone: 'ok' },
  problem: { label: 'dashboard.why.outcome.problem', tone: 'warn' },
  unknown: { label: 'dashboard.why.outcome.unknown', tone: 'neutral' },
};

function verdict(d: TaskDiagnosis, t: Say): string {
  const first = d.checks.find((c) => c.id === d.holdingBack);
  if (first) return t('dashboard.whyCheck.holdingBack', { words: first.words });
  if (d.checks.some((c) => c.outcome === 'unknown')) return t('dashboard.why.someUnknown');
  return t('dashboard.why.allFine');
}

/**
 * What consumers sent that the first problem is about (model names asked for), quoted after the verdict, one line each.
 */
const holdingQuoted = (d: TaskDiagnosis): string[] => d.checks.find((c) => c.id === d.holdingBack)?.quoted ?? [];

/**
 * "Why am I not getting tasks?": the engine checks, in order, registration, reachability as the directory saw it,
 * whether consumers find the node, its price, its standing and today's refusals; the first that holds the node back is
 * said first, in a sentence.
 */
export function WhyNoTasksCard() {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const running = useProviderStore((s) => s.snapshot?.state !== 'stopped' && s.snapshot !== null);
  const [result, setResult] = useState<TaskDiagnosis | null>(null);
  const command = useCommand(
    (api) => api.diagnoseTasks({}),
    (diagnosis) => {
      setResult(diagnosis);
      return { kind: 'idle' };
    },
  );
  const idle = useProviderStore((s) => s.snapshot?.requests.idle ?? null);
  const blocked = command.blocked || !running;

  const check = () => {
    if (!blocked) void command.run();
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
    <Card title={t('dashboard.why.title')} className={styles.card}>
      <p className={common.note}>{t('dashboard.why.note')}</p>
      {idle ? (
        <p className={styles.idle} data-testid="why-idle" role="status">
          {t('dashboard.why.idle', { since: formatAt(idle.since) })}
        </p>
      ) : null}
      <CheckRun
        label={t('dashboard.why.check')}
        testId="why-check"
        busy={command.step.kind === 'busy'}
        blocked={blocked}
        onRun={check}
        error={command.step.kind === 'failed' ? command.step.message : null}
        failedWords={t('dashboard.why.failed')}
        className={nodeCheck.actions}
      />
      {result ? (
        <div data-testid="why-report" data-holding-back={result.holdingBack ?? 'none'} role="status" aria-live="polite">
          <p className={styles.verdict} data-testid="why-verdict">
            {verdict(result, t)}
            <QuotedAfter items={holdingQuoted(result)} {...CONSUMER_QUOTE} />{' '}
            <span className={common.muted}>{t('dashboard.why.at', { time: formatAt(result.at) })}</span>
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
                label={t(CHECK_LABELS[c.id])}
                verdict={{ label: t(OUTCOME[c.outcome].label), tone: OUTCOME[c.outcome].tone }}
                classes={{ head: nodeCheck.itemHead, words: nodeCheck.words }}
              >
                {t.said(c.words)}
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
