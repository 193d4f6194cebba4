import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { openSetupOnFirstRun } from './first-run';
import { takeAccessToken, reloadOnNewToken } from './api/token';
import { useProviderStore } from './store';
import { startSync } from './sync';
import { paintTheme } from './theme';

// The token fragment must be gone before the hash router reads the location.
if (!window.provider) {
  takeAccessToken();
  reloadOnNewToken();
}
// Paint the remembered theme before React's first render, so a dark setup does not flash white.
paintTheme(useProviderStore.getState().theme);
openSetupOnFirstRun();
startSync();

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
