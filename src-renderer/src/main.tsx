// The style sheets in cascade order: the colours, base and shell first, then the shared primitives, then every
// page's and component's own module as it is imported (a page's rule thus wins over a primitive's on equal terms).
import './styles/app.css';
import './components/ui/common.module.css';
import './components/ui/PageHeader.module.css';
import './components/ui/Card.module.css';
import './components/ui/StatusBadge.module.css';
import './components/ui/Fact.module.css';
import './components/ui/Disclosure.module.css';
import './components/ui/SwitchField.module.css';
import './components/ui/Table.module.css';
import './components/ui/Bar.module.css';
import './components/ui/Button.module.css';
import './components/ui/FormSection.module.css';
import './components/ui/FieldShell.module.css';
import './components/ui/FixedNote.module.css';
import './components/ui/FormActions.module.css';
import './components/ui/Pill.module.css';
import './components/ui/Spinner.module.css';
import './components/ui/Check.module.css';
import './components/ui/Callout.module.css';
import './components/ui/Swatch.module.css';
import './components/ui/ErrorBox.module.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { openSetupOnFirstRun } from './first-run';
import { takeAccessToken, reloadOnNewToken } from './api/token';
import { useProviderStore } from './store';
import { startSync } from './sync';
import { paintTheme } from './theme';
import { speakWith } from '@shared/i18n/current';
import { currentSay, loadPageLanguage } from './i18n/useT';

// The token fragment must be gone before the hash router reads the location.
if (!window.provider) {
  takeAccessToken();
  reloadOnNewToken();
}
// Shared sentences (the status sentence, event sentences) speak the page's language.
speakWith(currentSay);
// Paint the remembered theme before React's first render, so a dark setup does not flash white.
paintTheme(useProviderStore.getState().theme);
openSetupOnFirstRun();
startSync();

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');
const root = createRoot(container);
// The page's words first (German is its own chunk), then the page; a language that fails to load is said in English.
void loadPageLanguage()
  .catch(() => undefined)
  .then(() =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
