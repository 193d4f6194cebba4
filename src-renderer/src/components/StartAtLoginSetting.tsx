import { useId, useState } from 'react';
import { getApi } from '../api';
import { useProviderStore } from '../store';

/**
 * Start at login, off unless the person chose it. It shows the choice the engine recorded (never a guess): a
 * click sends the command and the switch moves with the snapshot in the answer. A headless host has no login
 * to start with, so there it is shown switched off and disabled, with what to do instead.
 */
export function StartAtLoginSetting() {
  const labelId = useId();
  const hintId = useId();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const choice = useProviderStore((s) => s.snapshot?.setup?.startAtLogin ?? null);
  const known = useProviderStore((s) => s.snapshot !== null);
  const headless = useProviderStore((s) => (s.appInfo?.host ?? s.snapshot?.host) === 'headless');
  const applySnapshot = useProviderStore((s) => s.applySnapshot);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const on = !headless && choice === true;
  const inert = busy || headless || !connected || !known;

  const toggle = async () => {
    if (inert) return;
    setBusy(true);
    setError(null);
    const result = await getApi().setStartAtLogin({ enabled: !on });
    if (result.ok) applySnapshot(result.value);
    else setError(`The choice could not be saved: ${result.error.message}`);
    setBusy(false);
  };

  let hint: string;
  if (headless) {
    hint =
      'Not available in headless mode: there is no desktop login to start with. To have the node start with the computer, run the headless host as a service (for example with systemd).';
  } else if (choice === true) hint = 'On: when you log in, the app starts hidden in the tray, so your node is available without opening its window.';
  else if (choice === false) hint = 'Off, as you chose. The app starts only when you open it.';
  else hint = 'Off: you have not chosen yet. The app starts only when you open it; updates never switch this on.';

  return (
    <div className="switch-field start-at-login">
      <div className="switch-row">
        <span id={labelId} className="switch-label switch-label-plain">
          Start IICP Provider when I log in
        </span>
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={on}
          aria-labelledby={labelId}
          aria-describedby={hintId}
          aria-disabled={inert || undefined}
          aria-busy={busy || undefined}
          data-testid="start-at-login-setting"
          data-choice={headless ? 'unavailable' : choice === null ? 'unset' : choice ? 'on' : 'off'}
          onClick={() => void toggle()}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span className="switch-state" aria-hidden="true">
            {busy ? 'Saving…' : on ? 'On' : 'Off'}
          </span>
        </button>
      </div>
      <p id={hintId} className="switch-hint">
        {hint}
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
