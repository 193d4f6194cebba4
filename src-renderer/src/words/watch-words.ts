/** The owner-first watcher and the electricity price in plain words: what this computer lets the app see, the last GPU reading, the currencies. No React. */
import type { OwnerInfo } from '@shared/contract';
import { formatNumber, formatPercent } from '../locale';

/** The GPU tools by what a person calls them. */
const TOOL_NAMES: Record<string, string> = { 'windows-counters': "Windows' GPU performance counters" };

/** One sentence per fact: what this computer lets the app watch. */
export function watchSentences(owner: OwnerInfo): { key: 'gpu' | 'programs' | 'fullscreen'; ok: boolean; text: string }[] {
  const { gpu, programs, fullscreen } = owner.supported;
  return [
    {
      key: 'gpu',
      ok: gpu,
      text: gpu
        ? `The app reads your GPU${owner.gpuTool ? ` with ${TOOL_NAMES[owner.gpuTool] ?? owner.gpuTool}` : ''}, so it sees other programs on the GPU.`
        : 'This computer has no GPU tool the app can read (nvidia-smi, rocm-smi), so it cannot see other programs on the GPU.',
    },
    {
      key: 'programs',
      ok: programs,
      text: programs ? 'The app can see which programs are running.' : 'This computer does not let the app see which programs are running, so your list of programs cannot pause the node.',
    },
    {
      key: 'fullscreen',
      ok: fullscreen,
      text: fullscreen ? 'The app can tell when an app fills the screen.' : 'This computer does not tell the app when an app fills the screen.',
    },
  ];
}

type Gpu = NonNullable<OwnerInfo['gpu']>;

const gb = (mib: number) => formatNumber(mib / 1024, 1);

/** The last GPU reading, figure by figure, in the person's locale; figures the GPU did not give are left out. */
export function gpuFigures(gpu: Gpu): { label: string; value: string }[] {
  const figures: { label: string; value: string }[] = [];
  if (gpu.utilizationPct !== null) figures.push({ label: 'Busy', value: formatPercent(gpu.utilizationPct / 100) });
  if (gpu.memoryUsedMiB !== null && gpu.memoryTotalMiB !== null) figures.push({ label: 'Memory', value: `${gb(gpu.memoryUsedMiB)} GB of ${gb(gpu.memoryTotalMiB)} GB in use` });
  else if (gpu.memoryUsedMiB !== null) figures.push({ label: 'Memory', value: `${gb(gpu.memoryUsedMiB)} GB in use` });
  if (gpu.powerW !== null) figures.push({ label: 'Power', value: `${formatNumber(gpu.powerW, 0)} W` });
  if (gpu.temperatureC !== null) figures.push({ label: 'Temperature', value: `${formatNumber(gpu.temperatureC, 0)} °C` });
  return figures;
}

/** The currencies offered first: the common ones. */
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'INR', 'CNY', 'BRL'] as const;

const EUROZONE = ['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK'];
const BY_REGION: Record<string, string> = {
  ...Object.fromEntries(EUROZONE.map((r) => [r, 'EUR'])),
  US: 'USD',
  GB: 'GBP',
  CH: 'CHF',
  LI: 'CHF',
  JP: 'JPY',
  CA: 'CAD',
  AU: 'AUD',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  PL: 'PLN',
  CZ: 'CZK',
  IN: 'INR',
  CN: 'CNY',
  BR: 'BRL',
};

/** The currency of the locale's region ("de-AT" → EUR, "en" → USD), or null when the region has none of the common ones. */
export function currencyForLocale(language: string | undefined): string | null {
  if (!language) return null;
  try {
    const region = new Intl.Locale(language).maximize().region;
    return (region && BY_REGION[region]) ?? null;
  } catch {
    return null;
  }
}

/** The choices of the currency select: the common ones, and the saved one if it is another; named in English, like the rest of the app. */
export function currencyOptions(saved: string): { value: string; label: string }[] {
  const codes = (CURRENCIES as readonly string[]).includes(saved) ? [...CURRENCIES] : [saved, ...CURRENCIES];
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(['en'], { type: 'currency' });
  } catch {
    names = null;
  }
  return codes.map((code) => {
    const name = names?.of(code);
    return { value: code, label: name && name !== code ? `${code} (${name})` : code };
  });
}
