import { useId, useState, type KeyboardEvent } from 'react';
import type { AvailabilityInfo, Settings } from '@shared/contract';
import { formatSpan } from '../../format';
import { getApi } from '../../api';
import { useSettings } from '../../hooks/useSettings';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { SettingsLoader, type LoadedSettings } from '../../components/SettingsLoader';
import callout from '../../components/ui/Callout.module.css';
import check from '../../components/ui/Check.module.css';
import fieldStyles from '../../components/ui/FieldShell.module.css';
import formActions from '../../components/ui/FormActions.module.css';
import common from '../../components/ui/common.module.css';
import styles from './ConditionsCard.module.css';
import { useT } from '../../i18n/useT';
import type { Say } from '@shared/i18n/say';

const IDLE_MIN = 1;
const IDLE_MAX = 240;
const IDLE_DEFAULT = 10;

type Field = 'onlyOnMains' | 'idleMinutes';
type Step =
  { kind: 'idle' } | { kind: 'saving'; field: Field } | { kind: 'saved' } | { kind: 'failed'; message: string };

function parseMinutes(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= IDLE_MIN && n <= IDLE_MAX ? n : null;
}

/** What the computer reports now, when it can. */
function currentState(t: Say, c: AvailabilityInfo['conditions']): { power: string | null; idle: string | null } {
  const power =
    c.onBattery === null
      ? t('availability.conditions.powerUnknown')
      : c.onBattery
        ? t('availability.conditions.onBattery')
        : t('availability.conditions.onMains');
  let idle: string | null = null;
  if (c.idleSeconds !== null) {
    idle =
      c.idleSeconds < 60
        ? t('availability.conditions.inUse')
        : t('availability.conditions.idleFor', { span: formatSpan(Math.floor(c.idleSeconds / 60) * 60) });
  }
  return { power, idle };
}

interface FormProps extends LoadedSettings {
  conditions: AvailabilityInfo['conditions'] | null;
  supported: boolean;
  headless: boolean;
  fixed: readonly (keyof Settings)[];
}

function ConditionsForm({ saved, conditions, supported, headless, fixed, onSaved, showSaved }: FormProps) {
  const t = useT();
  const mainsHint = useId();
  const idleHint = useId();
  const idleBox = useId();
  const idleField = useId();
  const idleError = useId();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [minutes, setMinutes] = useState(String(saved.idleMinutes ?? IDLE_DEFAULT));
  const [minutesError, setMinutesError] = useState<string | null>(null);
  const [step, setStep] = useState<Step>(showSaved ? { kind: 'saved' } : { kind: 'idle' });
  // A ticked box shows at once, like any checkbox, and goes back if the host refuses the change.
  const [shown, setShown] = useState<{ mains?: boolean; idle?: boolean }>({});
  const mainsOn = shown.mains ?? saved.onlyOnMains;
  const idleOn = shown.idle ?? saved.idleMinutes !== null;

  const mainsLocked = !supported || fixed.includes('onlyOnMains');
  const idleLocked = !supported || fixed.includes('idleMinutes');
  const busy = step.kind === 'saving' || !connected;
  const now = conditions && supported ? currentState(t, conditions) : null;

  const store = async (field: Field, patch: Partial<Settings>, show: { mains?: boolean; idle?: boolean } = {}) => {
    if (busy) return;
    setShown(show);
    setStep({ kind: 'saving', field });
    const result = await getApi().updateSettings(patch);
    if (result.ok) {
      setStep({ kind: 'saved' });
      onSaved(result.value);
    } else {
      setShown({});
      const issue = result.error.issues?.find((i) => i.path === field);
      setStep({
        kind: 'failed',
        message: t('availability.conditions.notSaved', { message: issue?.message ?? result.error.message }),
      });
    }
  };

  const commitMinutes = (enable: boolean) => {
    const value = parseMinutes(minutes);
    if (value === null) {
      setMinutesError(t('availability.conditions.minutesRange', { min: IDLE_MIN, max: IDLE_MAX }));
      return;
    }
    setMinutesError(null);
    if (enable && value !== saved.idleMinutes) void store('idleMinutes', { idleMinutes: value }, { idle: true });
  };

  const onMinutesKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commitMinutes(saved.idleMinutes !== null);
    }
  };

  return (
    <div className={styles.conditions}>
      {!supported ? (
        <p className={`${callout.warn} ${callout.compact}`} data-testid="conditions-unsupported">
          {headless ? t('availability.conditions.headless') : t('availability.conditions.unsupported')}
        </p>
      ) : null}

      <div className={check.item}>
        <label className={mainsLocked ? `${check.check} ${check.disabled}` : check.check}>
          <input
            type="checkbox"
            data-testid="condition-mains"
            checked={mainsOn}
            disabled={mainsLocked}
            aria-describedby={mainsHint}
            onChange={(e) => void store('onlyOnMains', { onlyOnMains: e.target.checked }, { mains: e.target.checked })}
          />
          <span>{t('availability.conditions.mains')}</span>
        </label>
        <p id={mainsHint} className={check.hint}>
          {t('availability.conditions.mainsHint')}
          {fixed.includes('onlyOnMains') ? ` ${t('availability.conditions.fixed')}` : ''}
          {now?.power ? <span className={styles.now}> {now.power}</span> : null}
        </p>
      </div>

      <div className={check.item}>
        <div
          className={idleLocked ? `${check.check} ${check.disabled} ${styles.idle}` : `${check.check} ${styles.idle}`}
        >
          <input
            id={idleBox}
            type="checkbox"
            data-testid="condition-idle"
            checked={idleOn}
            disabled={idleLocked}
            aria-describedby={idleHint}
            onChange={(e) => {
              if (e.target.checked) commitMinutes(true);
              else void store('idleMinutes', { idleMinutes: null }, { idle: false });
            }}
          />
          <label htmlFor={idleBox}>{t('availability.conditions.idle')}</label>
          <input
            id={idleField}
            className={styles.minutes}
            type="number"
            inputMode="numeric"
            min={IDLE_MIN}
            max={IDLE_MAX}
            value={minutes}
            data-testid="condition-idle-minutes"
            aria-label={t('availability.conditions.minutesLabel')}
            aria-invalid={minutesError ? true : undefined}
            aria-describedby={[minutesError ? idleError : null, idleHint].filter(Boolean).join(' ')}
            disabled={idleLocked}
            onChange={(e) => {
              setMinutes(e.target.value);
              setMinutesError(null);
            }}
            onBlur={() => commitMinutes(saved.idleMinutes !== null)}
            onKeyDown={onMinutesKey}
          />
          <span aria-hidden="true">{t('availability.conditions.minutes')}</span>
        </div>
        {minutesError ? (
          <p id={idleError} className={`${fieldStyles.error} ${styles.hintError}`}>
            {minutesError}
          </p>
        ) : null}
        <p id={idleHint} className={check.hint}>
          {t('availability.conditions.idleHint', { min: IDLE_MIN, max: IDLE_MAX })}
          {fixed.includes('idleMinutes') ? ` ${t('availability.conditions.fixed')}` : ''}
          {now?.idle ? <span className={styles.now}> {now.idle}</span> : null}
        </p>
      </div>

      <p className={formActions.status} role="status" data-testid="conditions-status">
        {step.kind === 'saving' ? (
          <span className={common.muted}>{t('availability.saving')}</span>
        ) : step.kind === 'saved' ? (
          t('availability.conditions.saved')
        ) : null}
      </p>
      <ErrorLine error={step.kind === 'failed' ? step.message : null} />
    </div>
  );
}

/** Optional conditions on top of the schedule: mains power, and the computer being idle. Saved at once. */
export function ConditionsCard({ availability }: { availability: AvailabilityInfo | null }) {
  const t = useT();
  const settings = useSettings();
  const appInfo = useProviderStore((s) => s.appInfo);
  const host = useProviderStore((s) => s.appInfo?.host ?? s.snapshot?.host ?? null);
  const conditions = availability?.conditions ?? null;
  const supported = conditions ? conditions.supported : host !== 'headless';

  return (
    <Card title={t('availability.conditions.title')}>
      <p>{t('availability.conditions.intro')}</p>
      <SettingsLoader {...settings}>
        {(loaded) => (
          <ConditionsForm
            key={`${loaded.saved.onlyOnMains}-${loaded.saved.idleMinutes}`}
            {...loaded}
            conditions={conditions}
            supported={supported}
            headless={host === 'headless'}
            fixed={appInfo?.fixedSettings ?? []}
          />
        )}
      </SettingsLoader>
    </Card>
  );
}
