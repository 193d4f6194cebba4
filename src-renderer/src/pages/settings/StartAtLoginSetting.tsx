import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { SwitchField } from '../../components/ui/SwitchField';
import switchField from '../../components/ui/SwitchField.module.css';

/**
 * Start at login, off unless the person chose it. It shows the choice the engine recorded (never a guess): a
 * click sends the command and the switch moves with the snapshot in the answer. A headless host has no login
 * to start with, so there it is shown switched off and disabled, with what to do instead.
 */
export function StartAtLoginSetting() {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const choice = useProviderStore((s) => s.snapshot?.setup?.startAtLogin ?? null);
  const known = useProviderStore((s) => s.snapshot !== null);
  const headless = useProviderStore((s) => (s.appInfo?.host ?? s.snapshot?.host) === 'headless');

  const on = !headless && choice === true;

  let hint: string;
  if (headless) {
    hint =
      'Not available in headless mode: there is no desktop login to start with. To have the node start with the computer, run the headless host as a service (for example with systemd).';
  } else if (choice === true) hint = 'On: when you log in, the app starts hidden in the tray, so your node is available without opening its window.';
  else if (choice === false) hint = 'Off, as you chose. The app starts only when you open it.';
  else hint = 'Off: you have not chosen yet. The app starts only when you open it; updates never switch this on.';

  return (
    <SwitchField
      label="Start IICP Provider when I log in"
      plainLabel
      className={switchField.wide}
      on={on}
      unavailable={headless || !connected || !known}
      hint={hint}
      busyLabel="Saving…"
      testId="start-at-login-setting"
      choice={headless ? 'unavailable' : choice === null ? 'unset' : choice ? 'on' : 'off'}
      toggle={() => getApi().setStartAtLogin({ enabled: !on })}
      failure={(message) => `The choice could not be saved: ${message}`}
    />
  );
}
