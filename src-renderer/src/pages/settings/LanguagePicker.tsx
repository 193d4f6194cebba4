import { useId, useState } from 'react';
import type { Settings } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { ErrorLine } from '../../components/ui/ErrorLine';
import styles from './ThemePicker.module.css';

type Choice = Settings['language'];

/**
 * The language of the app: the system's, or one chosen. Each language is named in itself ("Deutsch", not "German"),
 * so a person who cannot read the page's language now still finds their own. Like the theme, the page changes at once
 * and the choice is saved in the background; it reverts if the host refuses it.
 */
export function LanguagePicker() {
  const t = useT();
  const name = useId();
  const language = useProviderStore((s) => s.language);
  const setLanguage = useProviderStore((s) => s.setLanguage);
  const [error, setError] = useState<string | null>(null);

  const choose = async (next: Choice) => {
    const previous = language;
    setLanguage(next);
    setError(null);
    const result = await getApi().updateSettings({ language: next });
    if (!result.ok) {
      setLanguage(previous);
      setError(t('settings.language.notSaved', { why: result.error.message }));
    }
  };

  const options: { value: Choice; label: string; lang?: string }[] = [
    { value: 'system', label: t('settings.language.system') },
    // A language's own name reads the same in every language, so it is a name, not a catalogue word.
    { value: 'en', label: 'English', lang: 'en' },
    { value: 'de', label: 'Deutsch', lang: 'de' },
  ];

  return (
    <fieldset className={styles.group} data-testid="language-picker">
      <legend>{t('settings.language.title')}</legend>
      {options.map((o) => (
        <label key={o.value} className={styles.radio}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={language === o.value}
            onChange={() => void choose(o.value)}
          />
          <span lang={o.lang}>{o.label}</span>
        </label>
      ))}
      <ErrorLine error={error} />
    </fieldset>
  );
}
