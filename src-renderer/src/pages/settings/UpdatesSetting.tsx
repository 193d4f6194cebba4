import { useState } from 'react';
import type { Result, Settings, UpdateStatus } from '@shared/contract';
import { getApi } from '../../api';
import type { SettingsState } from '../../hooks/useSettings';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { checkTime, lastCheckWords, nextCheckWords, updateStateWords } from '../../words/update-words';
import { Card } from '../../components/ui/Card';
import { CommandButton } from '../../components/ui/CommandButton';
import { Fact } from '../../components/ui/Fact';
import { SwitchField } from '../../components/ui/SwitchField';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import button from '../../components/ui/Button.module.css';
import styles from './UpdatesSetting.module.css';

/** States in which a new version is on its way or waits: looking again would change nothing. */
const NO_CHECK: ReadonlySet<UpdateStatus['state']> = new Set([
  'downloading',
  'downloaded',
  'waiting_for_tasks',
  'installing',
]);

/**
 * The app's own updates: the version that runs, when the app last looked, where an update stands, the switch for
 * automatic checks, "Check now", and — once a new version is downloaded — the person's consent to install it. A host
 * that does not update itself (the headless host, a development build) shows why instead of the controls.
 */
export function UpdatesSetting({ state, replace }: { state: SettingsState; replace(settings: Settings): void }) {
  const t = useT();
  const fromSnapshot = useProviderStore((s) => s.snapshot?.update ?? null);
  const snapshotVersion = useProviderStore((s) => s.snapshot?.version ?? 0);
  const running = useProviderStore((s) => s.snapshot?.capacity.activeJobs ?? 0);
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  // A command's answer is shown until the next snapshot, which carries the same status or a newer one.
  const [answer, setAnswer] = useState<{ status: UpdateStatus; at: number } | null>(null);
  const update = answer && answer.at === snapshotVersion ? answer.status : fromSnapshot;

  if (!update) {
    return (
      <Card title={t('settings.updates.title')}>
        <p className={common.muted}>{t('settings.updates.loading')}</p>
      </Card>
    );
  }

  const show = (result: Result<UpdateStatus>) => {
    if (result.ok) setAnswer({ status: result.value, at: snapshotVersion });
    return result;
  };
  const autoCheck = state.status === 'ready' ? state.settings.checkForUpdates : update.autoCheck;
  const next = nextCheckWords(update, (iso) => checkTime(iso));

  return (
    <Card title={t('settings.updates.title')}>
      <div data-testid="updates" data-state={update.state} data-supported={update.supported}>
        <dl className={fact.facts}>
          <Fact label={t('settings.updates.version')}>
            <span data-testid="update-version">{update.currentVersion}</span>
          </Fact>
        </dl>
        {!update.supported ? (
          <p className={`${common.muted} ${styles.reason}`} data-testid="update-reason">
            {update.reason ? t.said(update.reason) : null}
          </p>
        ) : (
          <>
            <p
              className={update.state === 'error' ? `${styles.state} ${common.resultBad}` : styles.state}
              role="status"
              data-testid="update-state"
            >
              {updateStateWords(update, running)}
            </p>
            <p className={common.muted} data-testid="update-last-check">
              {lastCheckWords(update.lastCheckAt, (iso) => checkTime(iso))}
              {next ? ` · ${next}` : ''}
            </p>
            <div className={styles.actions}>
              {update.state === 'downloaded' ? (
                <CommandButton
                  label={t('settings.updates.install')}
                  busyLabel={t('settings.updates.installBusy')}
                  className={button.primary}
                  testId="update-install"
                  run={() => getApi().installUpdate({}).then(show)}
                />
              ) : null}
              {!NO_CHECK.has(update.state) ? (
                <CommandButton
                  label={t('settings.updates.check')}
                  busyLabel={t('settings.updates.checkBusy')}
                  testId="update-check"
                  run={() => getApi().checkForUpdates({}).then(show)}
                />
              ) : null}
            </div>
            {update.state === 'downloaded' ? (
              <p className={common.muted}>
                {t('settings.updates.installNote', { version: update.available?.version ?? '' })}
              </p>
            ) : null}
            <SwitchField
              label={t('settings.updates.auto')}
              plainLabel
              className={styles.autoCheck}
              on={autoCheck}
              unavailable={!connected || state.status !== 'ready'}
              hint={t('settings.updates.autoHint')}
              busyLabel={t('settings.updates.saving')}
              testId="update-auto-check"
              toggle={async () => {
                const saved = await getApi().updateSettings({ checkForUpdates: !autoCheck });
                if (!saved.ok) return saved;
                replace(saved.value);
                return getApi().getSnapshot({});
              }}
              failure={(message) => t('settings.updates.notSaved', { why: message })}
            />
          </>
        )}
      </div>
    </Card>
  );
}
