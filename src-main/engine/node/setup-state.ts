/**
 * The first-run wizard's end and the start-at-login choice: stored once per answer, logged, and handed to the shell,
 * which applies the choice once (updates never apply it again).
 */
import type { EventLevel, NodeSnapshot } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import type { EngineEventName } from '@shared/words/event-words';
import type { Store } from '../store';
import type { SettingsOverrides } from './options';

export interface SetupStateOptions {
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  /** The shell applies a start-at-login choice; absent where nothing can (headless). */
  onStartAtLoginChosen?: (enabled: boolean) => void;
}

/**
 * Whether the wizard is done, and the start-at-login choice. A node whose host named its LLM server (the headless
 * host's `--backend-url`) was set up by its flags: it serves without the wizard, so the dashboard opens on the node,
 * not on a wizard for a node already at work.
 */
export function setupState(store: Store | null, overrides: SettingsOverrides = {}): NodeSnapshot['setup'] {
  if (!store) return { completed: false, startAtLogin: null };
  const setUpByHost = overrides.backendUrl !== undefined;
  return {
    completed: setUpByHost || store.state.get('setupCompleted', false, (v): v is boolean => typeof v === 'boolean'),
    startAtLogin: store.state.get(
      'startAtLogin',
      null,
      (v): v is boolean | null => v === null || typeof v === 'boolean',
    ),
  };
}

/** Marks the first-run wizard done and records the start-at-login choice exactly once per answer. */
export function completeSetup(store: Store, startAtLogin: boolean, o: SetupStateOptions): void {
  try {
    store.db.transaction(() => {
      store.state.set('setupCompleted', true);
      store.state.set('startAtLogin', startAtLogin);
    })();
  } catch (err) {
    throw new ContractError(
      'store_error',
      said('refusal.setup.notSaved', { detail: err instanceof Error ? err.message : String(err) }),
    );
  }
  o.log('info', 'setup_completed', `start_at_login=${startAtLogin}`);
  o.onStartAtLoginChosen?.(startAtLogin);
}

/** A later change of the start-at-login choice (Settings). */
export function setStartAtLogin(store: Store, enabled: boolean, o: SetupStateOptions): void {
  // Recording "on" where nothing can apply it would be a promise the app cannot keep.
  if (enabled && !o.onStartAtLoginChosen) {
    throw new ContractError('invalid_state', said('refusal.setup.noLoginStart'));
  }
  try {
    store.state.set('startAtLogin', enabled);
  } catch (err) {
    throw new ContractError(
      'store_error',
      said('refusal.setup.choiceNotSaved', { detail: err instanceof Error ? err.message : String(err) }),
    );
  }
  o.log('info', 'start_at_login', `enabled=${enabled}`);
  o.onStartAtLoginChosen?.(enabled);
}
