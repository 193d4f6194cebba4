import type { GatewayBudget, GatewayInfo, Settings } from '@shared/contract';
import { shortenId } from '../../format';
import type { useSettings } from '../../hooks/useSettings';
import { useSettingsForm } from '../../hooks/useSettingsForm';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { FormActions } from '../../components/ui/FormActions';
import { SettingsLoader, type LoadedSettings } from '../../components/SettingsLoader';
import { TextField } from '../../components/ui/TextField';
import { LIMITS_NOTE, budgetSentence, credits, limitReachedWords, spendTone, spentOf } from './gateway-words';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { LIMIT_PROBLEMS, readLimits, toLimitValues, type LimitField, type LimitValues } from './budget-form';
import bar from '../../components/ui/Bar.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import formSection from '../../components/ui/FormSection.module.css';
import styles from './BudgetCard.module.css';

const TONE_FILL = { ok: bar.ok, warn: styles.warn, bad: styles.bad, neutral: undefined } as const;

/** A spend against its limit, in words and as a bar when there is a limit; a limit that leaves no room shows full and red. */
function Spend({ spent, cap, testId, reached = false }: { spent: number; cap: number | null; testId: string; reached?: boolean }) {
  const share = cap === null ? null : cap === 0 || reached ? 1 : Math.min(1, spent / cap);
  return (
    <span className={styles.spend}>
      <span data-testid={testId}>{spentOf(spent, cap)}</span>
      {share === null ? null : (
        <span className={`${bar.track} ${styles.bar}`} aria-hidden="true">
          <span className={[bar.fill, TONE_FILL[reached ? 'bad' : spendTone(spent, cap)]].filter(Boolean).join(' ')} style={{ width: `${share * 100}%` }} />
        </span>
      )}
    </span>
  );
}

/** Today's and this month's spend against their limits, the other limits, the balance, and who pays. */
function BudgetFacts({ budget, payingNode }: { budget: GatewayBudget; payingNode: string | null }) {
  const reached = limitReachedWords(budget.limitReached);
  return (
    <>
      {reached && (
        <p data-testid="gateway-limit-reached">
          <StatusBadge tone="bad">{reached}</StatusBadge>
        </p>
      )}
      <dl className={fact.plain} data-testid="gateway-budget">
        <Fact label="Spent today">
          <Spend spent={budget.spentToday} cap={budget.dailyCap} testId="gateway-spent-today" reached={budget.limitReached === 'day'} />
        </Fact>
        <Fact label="This month">
          <Spend spent={budget.spentThisMonth} cap={budget.monthlyCap} testId="gateway-spent-month" reached={budget.limitReached === 'month'} />
        </Fact>
        <Fact label="Most per request">{budget.perRequestMax === null ? 'No ceiling' : credits(budget.perRequestMax)}</Fact>
        <Fact label="Keep in the balance">{budget.keepBalance === null ? 'Nothing: spend down to zero' : credits(budget.keepBalance)}</Fact>
        <Fact label="Balance">
          <span data-testid="gateway-balance">{budget.balance === null ? 'Not read from the directory yet' : credits(budget.balance)}</span>
        </Fact>
        {budget.held > 0 ? <Fact label="On its way">{`${credits(budget.held)} held for requests being answered`}</Fact> : null}
        <Fact label="Paid by">
          {payingNode ? (
            <span>
              This computer’s node <code title={payingNode}>{shortenId(payingNode)}</code>
            </span>
          ) : (
            <span className={common.muted}>No node yet: this computer registers one when it first starts.</span>
          )}
        </Fact>
      </dl>
      <p data-testid="gateway-budget-sentence">{budgetSentence(budget)}</p>
      <p className={common.note}>{LIMITS_NOTE}</p>
    </>
  );
}

const LIMIT_HINT = 'In credits, with up to 4 digits after the point. Leave it empty for no limit.';
const LABELS: Record<LimitField, { label: string; hint: string }> = {
  dailyCap: { label: 'Daily limit', hint: `Counted per day on this computer’s clock. ${LIMIT_HINT}` },
  monthlyCap: { label: 'Monthly limit', hint: `Counted per calendar month. ${LIMIT_HINT}` },
  perRequestMax: { label: 'Most one request may cost', hint: `A request that could cost more is refused before it is sent. ${LIMIT_HINT}` },
  keepBalance: { label: 'Keep at least this balance', hint: `Spending stops before the balance falls below it. ${LIMIT_HINT}` },
};

// Keyed on the limits only: a save of another gateway setting must not wipe what is typed here.
const formKey = (s: Settings) => JSON.stringify([s.gateway.dailyCap, s.gateway.monthlyCap, s.gateway.perRequestMax, s.gateway.keepBalance]);

/** The four limits, saved together with their own button as part of the gateway's settings. */
function LimitsForm({ saved, onSaved, showSaved }: LoadedSettings) {
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
    <TextField key={f} label={`${LABELS[f].label} (credits)`} inputMode="decimal" hint={LABELS[f].hint} testId={`gateway-${f}`} {...form.field(f)} />
  );
  return (
    <form className={formSection.form} noValidate onSubmit={(e) => void form.submit(e)} aria-label="Spending limits" data-testid="gateway-limits">
      <div className={styles.fields}>
        {input('dailyCap')}
        {input('monthlyCap')}
        {input('perRequestMax')}
        {input('keepBalance')}
      </div>
      <FormActions form={form} saveLabel="Save limits" undoLabel="Undo limit changes" savedText="Saved. The new limits apply from the next request." saveTestId="gateway-limits-save" statusTestId="gateway-limits-status" />
    </form>
  );
}

/** "Today's spend and budget": where the spend stands against each limit (once read), and the limits to change. */
export function BudgetCard({ info, unreadable, settings }: { info: GatewayInfo | null; unreadable: boolean; settings: ReturnType<typeof useSettings> }) {
  return (
    <Card title="Today’s spend and budget" testId="gateway-budget-card">
      {info ? <BudgetFacts budget={info.budget} payingNode={info.payingNode} /> : unreadable ? null : <p className={common.muted}>Reading…</p>}
      <h3 className={common.subheading}>Spending limits</h3>
      <p className={common.muted}>Your own machines are free and count against no limit.</p>
      <SettingsLoader {...settings}>{(loaded) => <LimitsForm key={formKey(loaded.saved)} {...loaded} />}</SettingsLoader>
    </Card>
  );
}
