import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { SwitchField } from '../../components/ui/SwitchField';
import switchField from '../../components/ui/SwitchField.module.css';

/**
 * Start at login, off unless the person chose it. It shows the choice the engine recorded (never a guess): a
 * click sends the command and the switch moves with the snapshot in the answer. A headless host has no login
 * to start with, so there it is shown switched off and disabled, with what to do instead.
 */
export function StartAtLoginSetting() {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const choice = useProviderStore((s) => s.snapshot?.setup?.startAtLogin ?? null);
  const known = useProviderStore((s) => s.snapshot !== null);
  const headless = useProviderStore((s) => (s.appInfo?.host ?? s.snapshot?.host) === 'headless');

  const on = !headless && choice === true;

  const hint = t(
    headless
      ? 'settings.login.headless'
      : choice === true
        ? 'settings.login.on'
        : choice === false
          ? 'settings.login.off'
          : 'settings.login.unset',
  );

  return (
    <SwitchField
      label={t('settings.login.label')}
      plainLabel
      className={switchField.wide}
      on={on}
      unavailable={headless || !connected || !known}
      hint={hint}
      busyLabel={t('settings.login.busy')}
      testId="start-at-login-setting"
      choice={headless ? 'unavailable' : choice === null ? 'unset' : choice ? 'on' : 'off'}
      toggle={() => getApi().setStartAtLogin({ enabled: !on })}
      failure={(message) => t('settings.login.failed', { why: message })}
    />
  );
}
