import { useId, useState } from 'react';
import type { Settings } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import type { MessageId } from '@shared/i18n/catalogue';
import styles from './ThemePicker.module.css';
import { ErrorLine } from '../../components/ui/ErrorLine';

type Theme = Settings['theme'];
const OPTIONS: { value: Theme; label: MessageId }[] = [
  { value: 'system', label: 'settings.theme.system' },
  { value: 'light', label: 'settings.theme.light' },
  { value: 'dark', label: 'settings.theme.dark' },
];

/**
 * Appearance is a preference of this screen, not engine state, so it is shown at once and saved in the
 * background; it reverts if the host refuses it.
 */
export function ThemePicker() {
  const t = useT();
  const name = useId();
  const theme = useProviderStore((s) => s.theme);
  const setTheme = useProviderStore((s) => s.setTheme);
  const [error, setError] = useState<string | null>(null);

  const choose = async (next: Theme) => {
    const previous = theme;
    setTheme(next);
    setError(null);
    const result = await getApi().updateSettings({ theme: next });
    if (!result.ok) {
      setTheme(previous);
      setError(t('settings.theme.notSaved', { why: result.error.message }));
    }
  };

  return (
    <fieldset className={styles.group}>
      <legend>{t('settings.theme.title')}</legend>
      {OPTIONS.map((o) => (
        <label key={o.value} className={styles.radio}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={theme === o.value}
            onChange={() => void choose(o.value)}
          />
          {t(o.label)}
        </label>
      ))}
      <ErrorLine error={error} />
    </fieldset>
  );
}
