/** The shape of the setup wizard's working state (kept by `wizard-store.ts`) and of its parts. */
import type { ContractErrorBody, DetectionResult, DirectoryCheck, Settings } from '@shared/contract';
import type { ModelChoice, StepNumber } from './wizard-logic';
import type { Typed } from './typed-settings';

export type DetectionStatus = 'idle' | 'running' | 'done' | 'error';

/** What the identity step is to do: make a new operator identity, take one from a file, or leave it for later. */
export type IdentityChoice = 'create' | 'import' | 'skip';

export interface WizardState {
  step: StepNumber;
  settings: Settings | null;
  settingsError: string | null;

  detection: { status: DetectionStatus; result: DetectionResult | null; error: string | null };
  /** Server addresses the person added, as roots; sent with every search. */
  addedUrls: string[];
  /**
   * Added addresses the person confirmed although they are link-local (where a cloud provider's metadata service
   * answers), as roots: sent with every search, and with the servers chosen when the node is started.
   */
  confirmedUrls: string[];
  /** API keys by server root, typed in this wizard. */
  apiKeys: Record<string, string>;
  selectedUrl: string | null;
  /** Other servers found, by root, ticked to "also use" besides the selected one (added when the node is started). */
  alsoUse: string[];
  /** The address added last, selected when the search finds it. */
  justAdded: string | null;
  modelChoice: ModelChoice | null;

  /**
   * Settings as typed in the steps; a field not there is untouched, so the stored value shows. Saved only by "Start
   * my node" (typed-settings.ts).
   */
  typed: Typed;
  /** The network step's check of the directory: the last answer, for the address it was asked about. */
  directoryCheck: DirectoryCheckState;
  startAtLogin: boolean | null;
  /** The identity step's choice (none made yet: null), and the display name typed there. */
  identityChoice: IdentityChoice | null;
  identityName: string;
  /** The last step's "let apps on this computer use the network" (not ticked or unticked yet: null). */
  gatewayOn: boolean | null;

  goTo(step: StepNumber): void;
  loadSettings(): Promise<void>;
  setSettings(settings: Settings): void;
  detect(): Promise<void>;
  addServer(url: string, apiKey: string | null): Promise<void>;
  /** "Use it anyway" for an added link-local address: confirmed, then searched again (and picked when found). */
  confirmServer(url: string): Promise<void>;
  retryWithKey(url: string, apiKey: string): Promise<void>;
  removeAdded(url: string): void;
  /** Makes `url` the main server (no longer one of those also used). */
  select(url: string): void;
  /** Ticks or unticks a found server to "also use". */
  setAlsoUse(url: string, on: boolean): void;
  /**
   * Makes sure the model choice belongs to the selected server (fresh defaults for a new one) and that its default is
   * a chat model of one of the servers the node will use.
   */
  prepareModels(): void;
  /** The model picker's new selection for the selected server. */
  setModelChoice(choice: ModelChoice): void;
  setTyped(changes: Typed): void;
  /** Asks whether the directory at `url` answers; an older check's answer is dropped. */
  checkDirectory(url: string): Promise<void>;
  setStartAtLogin(on: boolean): void;
  setIdentity(changes: { choice?: IdentityChoice; name?: string }): void;
  setGatewayOn(on: boolean): void;
  reset(): void;
}

export type DirectoryCheckState =
  | { status: 'idle' }
  | { status: 'running'; url: string }
  | { status: 'done'; url: string; result: DirectoryCheck }
  | { status: 'failed'; url: string; error: ContractErrorBody };
