import type { GatewayBudget, GatewayInfo, Settings } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { shortenId } from '../../format';
import { browserTimeZone } from '../../lib/zone-time';
import type { useSettings } from '../../hooks/useSettings';
import { useSettingsForm } from '../../hooks/useSettingsForm';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { FormActions } from '../../components/ui/FormActions';
import { SettingsLoader, type LoadedSettings } from '../../components/SettingsLoader';
import { TextField } from '../../components/ui/TextField';
import { budgetSentence, limitReachedWords } from './budget-words';
import { credits, spendTone, spentOf } from './gateway-words';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { LIMIT_PROBLEMS, readLimits, toLimitValues, type LimitField, type LimitValues } from './budget-form';
import bar from '../../components/ui/Bar.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import formSection from '../../components/ui/FormSection.module.css';
import styles from './BudgetCard.module.css';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

const TONE_FILL = { ok: bar.ok, warn: styles.warn, bad: styles.bad, neutral: undefined } as const;

/**
 * A spend against its limit, in words and as a bar when there is a limit; a limit that leaves no room shows full and
 * red.
 */
function Spend({
  spent,
  cap,
  testId,
  reached = false,
}: {
  spent: number;
  cap: number | null;
  testId: string;
  reached?: boolean;
}) {
  const share = cap === null ? null : cap === 0 || reached ? 1 : Math.min(1, spent / cap);
  return (
    <span className={styles.spend}>
      <span data-testid={testId}>{spentOf(spent, cap)}</span>
      {share === null ? null : (
        <span className={`${bar.track} ${styles.bar}`} aria-hidden="true">
          <span
            className={[bar.fill, TONE_FILL[reached ? 'bad' : spendTone(spent, cap)]].filter(Boolean).join(' ')}
            style={{ width: `${share * 100}%` }}
          />
        </span>
      )}
    </span>
  );
}

/** Today's and this month's spend against their limits, the other limits, the balance, and who pays. */
function BudgetFacts({ budget, payingNode }: { budget: GatewayBudget; payingNode: string | null }) {
  const t = useT();
  const reached = limitReachedWords(budget);
  return (
    <>
      {reached && (
        <p data-testid="gateway-limit-reached">
          <StatusBadge tone="bad">{reached}</StatusBadge>
        </p>
      )}
      <dl className={fact.plain} data-testid="gateway-budget">
        <Fact label={t('gateway.budget.spentToday')}>
          <Spend
            spent={budget.spentToday}
            cap={budget.dailyCap}
            testId="gateway-spent-today"
            reached={budget.limitReached === 'day'}
          />
        </Fact>
        <Fact label={t('gateway.budget.thisMonth')}>
          <Spend
            spent={budget.spentThisMonth}
            cap={budget.monthlyCap}
            testId="gateway-spent-month"
            reached={budget.limitReached === 'month'}
          />
        </Fact>
        <Fact label={t('gateway.budget.mostPerRequest')}>
          {budget.perRequestMax === null ? t('gateway.budget.noCeiling') : credits(budget.perRequestMax)}
        </Fact>
        <Fact label={t('gateway.budget.keepInBalance')}>
          {budget.keepBalance === null ? t('gateway.budget.keepNothing') : credits(budget.keepBalance)}
        </Fact>
        <Fact label={t('gateway.budget.balance')}>
          <span data-testid="gateway-balance">
            {budget.balance === null ? t('gateway.budget.balanceNotRead') : credits(budget.balance)}
          </span>
        </Fact>
        {budget.held > 0 ? (
          <Fact label={t('gateway.budget.onItsWay')}>{t('gateway.budget.held', { amount: credits(budget.held) })}</Fact>
        ) : null}
        <Fact label={t('gateway.budget.paidBy')}>
          {payingNode ? (
            <span>
              <Words
                id="gateway.budget.paidByNode"
                values={{ id: shortenId(payingNode) }}
                tags={{ code: (c) => <code title={payingNode}>{c}</code> }}
              />
            </span>
          ) : (
            <span className={common.muted}>{t('gateway.budget.noNodeYet')}</span>
          )}
        </Fact>
      </dl>
      <p data-testid="gateway-budget-sentence">{budgetSentence(budget)}</p>
      {/* Today is the node's day: a browser in another zone would otherwise read its own midnight (ADR 0022). */}
      {budget.timeZone !== browserTimeZone() ? (
        <p className={common.note} data-testid="gateway-budget-days">
          {t('gateway.budget.daysZone', { zone: budget.timeZone })}
        </p>
      ) : null}
      <p className={common.note}>{t('gateway.budget.limitsNote')}</p>
    </>
  );
}

const LABELS = {
  dailyCap: { label: 'gateway.limits.daily', hint: 'gateway.limits.dailyHint' },
  monthlyCap: { label: 'gateway.limits.monthly', hint: 'gateway.limits.monthlyHint' },
  perRequestMax: { label: 'gateway.limits.perRequest', hint: 'gateway.limits.perRequestHint' },
  keepBalance: { label: 'gateway.limits.keep', hint: 'gateway.limits.keepHint' },
} as const satisfies Record<LimitField, { label: MessageId; hint: MessageId }>;

/** The hints of the limits counted by the calendar, naming the node's zone for a browser that reads another. */
const ZONE_HINTS: Partial<Record<LimitField, MessageId>> = {
  dailyCap: 'gateway.limits.dailyHintZone',
  monthlyCap: 'gateway.limits.monthlyHintZone',
};

// Keyed on the limits only: a save of another gateway setting must not wipe what is typed here.
const formKey = (s: Settings) =>
  JSON.stringify([s.gateway.dailyCap, s.gateway.monthlyCap, s.gateway.perRequestMax, s.gateway.keepBalance]);

/**
 * The four limits, saved together with their own button as part of the gateway's settings. `timeZone` is the node's,
 * whose days and months the limits count, once the gateway's figures are read.
 */
function LimitsForm({ saved, onSaved, showSaved, timeZone }: LoadedSettings & { timeZone: string | null }) {
  const t = useT();
  // "This computer's clock" is the node's only while the browser reads the node's zone (ADR 0022, 0044).
  const otherZone = timeZone !== null && timeZone !== browserTimeZone() ? timeZone : null;
  const hint = (f: LimitField) => {
    const zoned = ZONE_HINTS[f];
    return otherZone && zoned ? t(zoned, { zone: otherZone }) : t(LABELS[f].hint);
  };
  // The host may fix the gateway's switch for a run (`--gateway`), never its limits.
  const form = useSettingsForm<LimitValues>({
    saved: toLimitValues(saved.gateway),
    fixed: new Set(),
    read: (values) => readLimits(values, saved),
    showSaved,
    onSaved,
    problems: LIMIT_PROBLEMS,
  });
  const input = (f: LimitField) => (
    <TextField
      key={f}
      label={t(LABELS[f].label)}
      inputMode="decimal"
      hint={hint(f)}
      testId={`gateway-${f}`}
      {...form.field(f)}
    />
  );
  return (
    <form
      className={formSection.form}
      noValidate
      onSubmit={(e) => void form.submit(e)}
      aria-label={t('gateway.limits.title')}
      data-testid="gateway-limits"
    >
      <div className={styles.fields}>
        {input('dailyCap')}
        {input('monthlyCap')}
        {input('perRequestMax')}
        {input('keepBalance')}
      </div>
      <FormActions
        form={form}
        saveLabel={t('gateway.limits.save')}
        undoLabel={t('gateway.limits.undo')}
        savedText={t('gateway.limits.saved')}
        saveTestId="gateway-limits-save"
        statusTestId="gateway-limits-status"
      />
    </form>
  );
}

/** "Today's spend and budget": where the spend stands against each limit (once read), and the limits to change. */
export function BudgetCard({
  info,
  unreadable,
  settings,
}: {
  info: GatewayInfo | null;
  unreadable: boolean;
  settings: ReturnType<typeof useSettings>;
}) {
  const t = useT();
  return (
    <Card title={t('gateway.budget.title')} testId="gateway-budget-card">
      {info ? (
        <BudgetFacts budget={info.budget} payingNode={info.payingNode} />
      ) : unreadable ? null : (
        <p className={common.muted}>{t('gateway.reading')}</p>
      )}
      <h3 className={common.subheading}>{t('gateway.limits.title')}</h3>
      <p className={common.muted}>{t('gateway.limits.ownFree')}</p>
      <SettingsLoader {...settings}>
        {(loaded) => <LimitsForm key={formKey(loaded.saved)} {...loaded} timeZone={info?.budget.timeZone ?? null} />}
      </SettingsLoader>
    </Card>
  );
}
