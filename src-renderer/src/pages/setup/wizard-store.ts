/**
 * The setup wizard's working state. It lives outside the page so a person who looks at another page
 * halfway through finds their answers again; it is cleared when the node is started from the wizard and
 * when "Run setup again" is chosen. API keys typed here stay in this tab's memory only, until the chosen
 * server's key is handed to the host (which keeps it in its secret store).
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { DetectionResult } from '@shared/contract';
import { getApi } from '../../api';
import { describeError, initialModelChoice, pickDefault, type StepNumber } from './wizard-logic';
import { serverRoot } from '../../lib/addresses';
import { onSetupAgain } from '../../lib/setup-again';
import type { DetectionStatus, DirectoryCheckState, WizardState } from './wizard-state';
import { modelServers, modelsOf, selectedServer } from './wizard-servers';

export type { TypedSetting } from './typed-settings';

/** The host accepts at most this many added addresses and keys per search. */
const MAX_ADDED = 8;

/** Bumped per search (and by reset), so an answer to an older search is dropped. */
let searchId = 0;
/** The same for directory checks. */
let directoryCheckId = 0;

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

/**
 * After a search: the address just added, else the person's pick, else the configured server or the only one. A pick
 * this search missed (a server slow to answer once) stays the pick: it is chosen again as soon as a search finds it,
 * and no other server takes its place meanwhile.
 */
function chooseSelection(state: WizardState, result: DetectionResult): string | null {
  const found = (url: string | null | undefined) =>
    url ? (result.candidates.find((c) => c.url === url && c.found)?.url ?? null) : null;
  const configured = state.settings?.backendUrl ? serverRoot(state.settings.backendUrl) : null;
  const withModels = result.candidates.filter((c) => c.found && c.models.length > 0);
  return (
    found(state.justAdded) ??
    state.selectedUrl ??
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
        // Removed by the person: no longer the choice a later search should bring back.
        selectedUrl: s.selectedUrl === url ? null : s.selectedUrl,
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
