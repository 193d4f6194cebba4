/**
 * The setup wizard's working state. It lives outside the page so a person who looks at another page
 * halfway through finds their answers again; it is cleared when the node is started from the wizard and
 * when "Run setup again" is chosen. API keys typed here stay in this tab's memory only, until the chosen
 * server's key is handed to the host (which keeps it in its secret store).
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import {
  MAX_MORE_BACKENDS,
  type ContractErrorBody,
  type DetectedBackend,
  type DetectedModel,
  type DetectionResult,
  type DirectoryCheck,
  type Settings,
} from '@shared/contract';
import { getApi } from '../../api';
import {
  describeError,
  initialModelChoice,
  pickDefault,
  storedExtraRoots,
  type ModelChoice,
  type StepNumber,
} from './wizard-logic';
import { serverRoot } from '../../lib/addresses';
import { onSetupAgain } from '../../lib/setup-again';
import type { Typed } from './typed-settings';

export type { TypedSetting } from './typed-settings';

/** The host accepts at most this many added addresses and keys per search. */
const MAX_ADDED = 8;

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

/** Bumped per search (and by reset), so an answer to an older search is dropped. */
let searchId = 0;
/** The same for directory checks. */
let directoryCheckId = 0;

export type DirectoryCheckState =
  | { status: 'idle' }
  | { status: 'running'; url: string }
  | { status: 'done'; url: string; result: DirectoryCheck }
  | { status: 'failed'; url: string; error: ContractErrorBody };

const INITIAL = {
  step: 1 as StepNumber,
  settings: null,
  settingsError: null,
  detection: { status: 'idle' as DetectionStatus, result: null, error: null },
  addedUrls: [],
  confirmedUrls: [],
  apiKeys: {},
  selectedUrl: null,
  alsoUse: [],
  justAdded: null,
  modelChoice: null,
  typed: {},
  directoryCheck: { status: 'idle' } as DirectoryCheckState,
  startAtLogin: null,
  identityChoice: null,
  identityName: '',
  gatewayOn: null,
} satisfies Partial<WizardState>;

export const usableServer = (c: DetectedBackend | undefined | null): c is DetectedBackend => !!c && c.found;

/** The candidate the person picked, if the last search still found it. */
export function selectedServer(s: Pick<WizardState, 'detection' | 'selectedUrl'>): DetectedBackend | null {
  if (!s.selectedUrl) return null;
  const hit = s.detection.result?.candidates.find((c) => c.url === s.selectedUrl);
  return usableServer(hit) ? hit : null;
}

/** Whether the person may tick a found server to "also use": it must answer, and not be waiting for its API key. */
export const usableAsExtra = (c: DetectedBackend): boolean => c.found && !c.needsApiKey;

/**
 * The servers to add besides the main one when the node is started: those ticked that the last search still found
 * usable, less the main one and those the node already uses; in the order found.
 */
export function extraServers(
  s: Pick<WizardState, 'detection' | 'selectedUrl' | 'alsoUse' | 'settings'>,
): DetectedBackend[] {
  const stored = storedExtraRoots(s.settings);
  return (s.detection.result?.candidates ?? []).filter(
    (c) => s.alsoUse.includes(c.url) && c.url !== s.selectedUrl && usableAsExtra(c) && !stored.includes(c.url),
  );
}

/**
 * The servers whose models the node will offer once started: the main one first, then each other one it will use
 * (ticked in step 1, or used already) that the last search found with its models; in the order found. Step 2 lists
 * their models and step 7 counts them, so both say what the node registers.
 */
export function modelServers(
  s: Pick<WizardState, 'detection' | 'selectedUrl' | 'alsoUse' | 'settings'>,
): DetectedBackend[] {
  const main = selectedServer(s);
  if (!main) return [];
  const stored = storedExtraRoots(s.settings);
  const others = (s.detection.result?.candidates ?? []).filter(
    (c) => c.url !== main.url && usableAsExtra(c) && (stored.includes(c.url) || s.alsoUse.includes(c.url)),
  );
  return [main, ...others];
}

/**
 * Every model of these servers, once per name: the node offers and keeps private a model by its name, whichever server
 * lists it.
 */
export function modelsOf(servers: readonly DetectedBackend[]): DetectedModel[] {
  const seen = new Set<string>();
  return servers.flatMap((c) => c.models).filter((m) => (seen.has(m.name) ? false : (seen.add(m.name), true)));
}

/** How many more servers may be ticked: a node uses at most 8 in all (the main one and 7 more). */
export function extraRoom(s: Pick<WizardState, 'detection' | 'selectedUrl' | 'alsoUse' | 'settings'>): number {
  const stored = storedExtraRoots(s.settings).filter((url) => url !== s.selectedUrl);
  return Math.max(0, MAX_MORE_BACKENDS - stored.length - extraServers(s).length);
}

/**
 * After a search: keep the person's pick if still there, else the address just added, the configured server, or the
 * only one.
 */
function chooseSelection(state: WizardState, result: DetectionResult): string | null {
  const found = (url: string | null | undefined) =>
    url ? (result.candidates.find((c) => c.url === url && c.found)?.url ?? null) : null;
  const configured = state.settings?.backendUrl ? serverRoot(state.settings.backendUrl) : null;
  const withModels = result.candidates.filter((c) => c.found && c.models.length > 0);
  return (
    found(state.justAdded) ??
    found(state.selectedUrl) ??
    found(configured) ??
    (withModels.length === 1 ? withModels[0]!.url : null)
  );
}

export const useWizard = create<WizardState>()((set, get) => ({
  ...INITIAL,

  goTo: (step) => set({ step }),

  loadSettings: async () => {
    const result = await getApi().getSettings({});
    if (result.ok) set({ settings: result.value, settingsError: null });
    else set({ settingsError: describeError(result.error).summary });
  },

  setSettings: (settings) => set({ settings }),

  detect: async () => {
    const id = ++searchId;
    set((s) => ({ detection: { ...s.detection, status: 'running', error: null } }));
    // The configured server is preselected when found, so its address should be known by the answer.
    if (!get().settings) await get().loadSettings();
    if (id !== searchId) return;
    const { addedUrls, apiKeys, confirmedUrls } = get();
    const keys = Object.entries(apiKeys)
      .slice(-MAX_ADDED)
      .map(([url, apiKey]) => ({ url, apiKey }));
    const confirmed = confirmedUrls.filter((url) => addedUrls.includes(url)).slice(-MAX_ADDED);
    const result = await getApi().detectBackends({
      extraUrls: addedUrls.slice(-MAX_ADDED),
      apiKeys: keys,
      ...(confirmed.length > 0 ? { confirmedUrls: confirmed } : {}),
    });
    if (id !== searchId) return;
    if (!result.ok) {
      set((s) => ({ detection: { ...s.detection, status: 'error', error: describeError(result.error).summary } }));
      return;
    }
    set((s) => ({
      detection: { status: 'done', result: result.value, error: null },
      selectedUrl: chooseSelection(s, result.value),
      justAdded: null,
    }));
  },

  addServer: async (url, apiKey) => {
    const root = serverRoot(url);
    set((s) => {
      const apiKeys = { ...s.apiKeys };
      if (apiKey) apiKeys[root] = apiKey;
      return {
        addedUrls: [...s.addedUrls.filter((u) => u !== root), root].slice(-MAX_ADDED),
        apiKeys,
        justAdded: root,
      };
    });
    await get().detect();
  },

  confirmServer: async (url) => {
    set((s) => ({
      confirmedUrls: [...s.confirmedUrls.filter((u) => u !== url), url].slice(-MAX_ADDED),
      justAdded: url,
    }));
    await get().detect();
  },

  retryWithKey: async (url, apiKey) => {
    set((s) => ({ apiKeys: { ...s.apiKeys, [url]: apiKey } }));
    await get().detect();
  },

  removeAdded: (url) =>
    set((s) => {
      const apiKeys = { ...s.apiKeys };
      delete apiKeys[url];
      const result = s.detection.result;
      const candidates = result?.candidates.filter((c) => !(c.source === 'added' && c.url === url && !c.found)) ?? [];
      return {
        addedUrls: s.addedUrls.filter((u) => u !== url),
        confirmedUrls: s.confirmedUrls.filter((u) => u !== url),
        apiKeys,
        alsoUse: s.alsoUse.filter((u) => u !== url),
        detection: result ? { ...s.detection, result: { ...result, candidates } } : s.detection,
      };
    }),

  select: (url) =>
    set((s) => ({
      selectedUrl: url,
      alsoUse: s.alsoUse.includes(url) ? s.alsoUse.filter((u) => u !== url) : s.alsoUse,
    })),

  setAlsoUse: (url, on) =>
    set((s) => {
      if (on === s.alsoUse.includes(url) || (on && url === s.selectedUrl)) return s;
      return { alsoUse: on ? [...s.alsoUse, url] : s.alsoUse.filter((u) => u !== url) };
    }),

  prepareModels: () => {
    const s = get();
    const server = selectedServer(s);
    if (!server) return;
    const models = modelsOf(modelServers(s));
    if (s.modelChoice?.url === server.url) {
      // Same server, perhaps searched again or with other servers ticked: keep the choices, but make sure the default
      // is still a listed chat model.
      const c = s.modelChoice;
      const listed = c.defaultModel === null || models.some((m) => m.name === c.defaultModel && m.kind === 'chat');
      if (!listed) set({ modelChoice: { ...c, defaultModel: pickDefault(models, c.excluded) } });
      return;
    }
    set({ modelChoice: initialModelChoice(server, models, s.settings) });
  },

  setModelChoice: (modelChoice) => set((s) => (s.modelChoice?.url === modelChoice.url ? { modelChoice } : s)),

  setTyped: (changes) => set((s) => ({ typed: { ...s.typed, ...changes } })),

  checkDirectory: async (url) => {
    const id = ++directoryCheckId;
    set({ directoryCheck: { status: 'running', url } });
    const result = await getApi().checkDirectory({ url });
    if (id !== directoryCheckId) return;
    set({
      directoryCheck: result.ok
        ? { status: 'done', url, result: result.value }
        : { status: 'failed', url, error: result.error },
    });
  },
  setStartAtLogin: (startAtLogin) => set({ startAtLogin }),
  setIdentity: ({ choice, name }) =>
    set((s) => ({ identityChoice: choice ?? s.identityChoice, identityName: name ?? s.identityName })),
  setGatewayOn: (gatewayOn) => set({ gatewayOn }),

  reset: () => {
    searchId += 1;
    directoryCheckId += 1;
    set({ ...INITIAL });
  },
}));

// "Run setup again" in Settings starts the wizard over before it shows.
onSetupAgain(() => useWizard.getState().reset());

/** Several parts of the wizard's state at once, by name; the component renders again when one of them changes. */
export function useWizardParts<K extends keyof WizardState>(...keys: K[]): Pick<WizardState, K> {
  return useWizard(useShallow((s) => Object.fromEntries(keys.map((k) => [k, s[k]])) as Pick<WizardState, K>));
}
