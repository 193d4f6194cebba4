import { useState } from 'react';
import type { Settings } from '../../../../src-preload/contract';
import type { SettingsState } from '../../hooks/useSettings';
import { Card } from '../Card';
import { ManualSetupForm } from './ManualSetupForm';

// Keyed on the form's own fields: a reconnect that brings back the same values must not wipe edits.
const formKey = (s: Settings) => JSON.stringify([s.publicEndpoint, s.portMapping]);

interface Props {
  state: SettingsState;
  connected: boolean;
  reload(): void;
  replace(settings: Settings): void;
}

/** The manual fallback, loaded from the stored settings (with the usual loading and error states). */
export function ManualSetupCard({ state, connected, reload, replace }: Props) {
  const [justSaved, setJustSaved] = useState(false);
  return (
    <Card title="Set the address yourself">
      {state.status === 'ready' ? (
        <ManualSetupForm
          key={formKey(state.settings)}
          saved={state.settings}
          showSaved={justSaved}
          onSaved={(settings) => {
            setJustSaved(true);
            replace(settings);
          }}
        />
      ) : state.status === 'error' ? (
        <div role="alert">
          <p>The settings could not be loaded: {state.message}</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setJustSaved(false);
              reload();
            }}
          >
            Try again
          </button>
        </div>
      ) : (
        <p className="muted" role="status">
          {connected ? 'Loading settings…' : 'Connecting to the node…'}
        </p>
      )}
    </Card>
  );
}
