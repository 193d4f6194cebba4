import { useState, type ReactNode } from 'react';
import type { Settings } from '@shared/contract';
import type { SettingsState } from '../hooks/useSettings';
import button from './ui/Button.module.css';
import common from './ui/common.module.css';
import { useT } from '../i18n/useT';

/** What a settings form gets once the stored settings are loaded. */
export interface LoadedSettings {
  saved: Settings;
  /** Start out saying "Saved." (the form is remounted with what the host just stored). */
  showSaved: boolean;
  onSaved(settings: Settings): void;
}

interface Props {
  state: SettingsState;
  connected: boolean;
  reload(): void;
  replace(settings: Settings): void;
  /** The form, keyed on the fields it shows so that new values remount it. */
  children(loaded: LoadedSettings): ReactNode;
}

/** A form over the stored settings, with the usual loading and error states (useSettings gives the props). */
export function SettingsLoader({ state, connected, reload, replace, children }: Props) {
  const t = useT();
  const [justSaved, setJustSaved] = useState(false);

  if (state.status === 'ready') {
    return children({
      saved: state.settings,
      showSaved: justSaved,
      onSaved: (settings) => {
        setJustSaved(true);
        replace(settings);
      },
    });
  }
  if (state.status === 'error') {
    return (
      <div role="alert">
        <p>{t('components.settings.loadFailed', { message: state.message })}</p>
        <button
          type="button"
          className={button.button}
          onClick={() => {
            setJustSaved(false);
            reload();
          }}
        >
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <p className={common.muted} role="status">
      {connected ? t('components.settings.loading') : t('components.connecting')}
    </p>
  );
}
