import { useState } from 'react';
import type { Result, Settings, UpdateStatus } from '@shared/contract';
import { getApi } from '../../api';
import type { SettingsState } from '../../hooks/useSettings';
import { useProviderStore } from '../../store';
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
const NO_CHECK: ReadonlySet<UpdateStatus['state']> = new Set(['downloading', 'downloaded', 'waiting_for_tasks', 'installing']);

/**
 * The app's own updates: the version that runs, when the app last looked, where an update stands, the switch for
 * automatic checks, "Check now", and — once a new version is downloaded — the person's consent to install it. A host
 * that does not update itself (the headless host, a development build) shows why instead of the controls.
 */
export function UpdatesSetting({ state, replace }: { state: SettingsState; replace(settings: Settings): void }) {
  const fromSnapshot = useProviderStore((s) => s.snapshot?.update ?? null);
  const snapshotVersion = useProviderStore((s) => s.snapshot?.version ?? 0);
  const running = useProviderStore((s) => s.snapshot?.capacity.activeJobs ?? 0);
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  // A command's answer is shown until the next snapshot, which carries the same status or a newer one.
  const [answer, setAnswer] = useState<{ status: UpdateStatus; at: number } | null>(null);
  const update = answer && answer.at === snapshotVersion ? answer.status : fromSnapshot;

  if (!update) {
    return (
      <Card title="Updates">
        <p className={common.muted}>Loading…</p>
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
    <Card title="Updates">
      <div data-testid="updates" data-state={update.state} data-supported={update.supported}>
        <dl className={fact.facts}>
          <Fact label="Version">
            <span data-testid="update-version">{update.currentVersion}</span>
          </Fact>
        </dl>
        {!update.supported ? (
          <p className={`${common.muted} ${styles.reason}`} data-testid="update-reason">
            {update.reason}
          </p>
        ) : (
          <>
            <p className={update.state === 'error' ? `${styles.state} ${common.resultBad}` : styles.state} role="status" data-testid="update-state">
              {updateStateWords(update, running)}
            </p>
            <p className={common.muted} data-testid="update-last-check">
              {lastCheckWords(update.lastCheckAt, (iso) => checkTime(iso))}
              {next ? ` · ${next}` : ''}
            </p>
            <div className={styles.actions}>
              {update.state === 'downloaded' ? (
                <CommandButton
                  label="Install when idle"
                  busyLabel="Asking…"
                  className={button.primary}
                  testId="update-install"
                  run={() => getApi().installUpdate({}).then(show)}
                />
              ) : null}
              {!NO_CHECK.has(update.state) ? (
                <CommandButton label="Check now" busyLabel="Looking…" testId="update-check" run={() => getApi().checkForUpdates({}).then(show)} />
              ) : null}
            </div>
            {update.state === 'downloaded' ? (
              <p className={common.muted}>
                Installing waits until no task is running, then the app closes, installs version {update.available?.version} and starts again.
                If you do not install it now, it is installed the next time you quit the app.
              </p>
            ) : null}
            <SwitchField
              label="Look for updates automatically"
              plainLabel
              className={styles.autoCheck}
              on={autoCheck}
              unavailable={!connected || state.status !== 'ready'}
              hint="At start and every 6 hours the app asks GitHub for a new version and downloads it in the background. It never installs without your consent, and never while a task runs."
              busyLabel="Saving…"
              testId="update-auto-check"
              toggle={async () => {
                const saved = await getApi().updateSettings({ checkForUpdates: !autoCheck });
                if (!saved.ok) return saved;
                replace(saved.value);
                return getApi().getSnapshot({});
              }}
              failure={(message) => `The choice could not be saved: ${message}`}
            />
          </>
        )}
      </div>
    </Card>
  );
}
