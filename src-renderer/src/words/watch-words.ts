/**
 * The owner-first watcher and the electricity price in plain words: what this computer lets the app see, the last GPU
 * reading, the currencies. No React.
 */
import type { OwnerInfo } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { formatNumber, formatPercent } from '../locale';

/** The GPU tools by what a person calls them. */
const TOOL_NAMES = { 'windows-counters': 'network.watch.windowsCounters' } as const;

/** One sentence per fact: what this computer lets the app watch. */
export function watchSentences(
  owner: OwnerInfo,
): { key: 'gpu' | 'programs' | 'fullscreen'; ok: boolean; text: string }[] {
  const say = sayNow();
  const { gpu, programs, fullscreen } = owner.supported;
  const tool = owner.gpuTool
    ? Object.hasOwn(TOOL_NAMES, owner.gpuTool)
      ? say(TOOL_NAMES[owner.gpuTool as keyof typeof TOOL_NAMES])
      : owner.gpuTool
    : null;
  return [
    {
      key: 'gpu',
      ok: gpu,
      text: gpu
        ? tool
          ? say('network.watch.gpuWith', { tool })
          : say('network.watch.gpu')
        : say('network.watch.noGpu'),
    },
    {
      key: 'programs',
      ok: programs,
      text: programs ? say('network.watch.programs') : say('network.watch.noPrograms'),
    },
    {
      key: 'fullscreen',
      ok: fullscreen,
      text: fullscreen ? say('network.watch.fullscreen') : say('network.watch.noFullscreen'),
    },
  ];
}

type Gpu = NonNullable<OwnerInfo['gpu']>;

const gb = (mib: number) => formatNumber(mib / 1024, 1);

/** The last GPU reading, figure by figure, in the person's locale; figures the GPU did not give are left out. */
export function gpuFigures(gpu: Gpu): { label: string; value: string }[] {
  const say = sayNow();
  const figures: { label: string; value: string }[] = [];
  if (gpu.utilizationPct !== null)
    figures.push({ label: say('network.watch.busy'), value: formatPercent(gpu.utilizationPct / 100) });
  if (gpu.memoryUsedMiB !== null && gpu.memoryTotalMiB !== null)
    figures.push({
      label: say('network.watch.memory'),
      value: say('network.watch.memoryOf', { used: gb(gpu.memoryUsedMiB), total: gb(gpu.memoryTotalMiB) }),
    });
  else if (gpu.memoryUsedMiB !== null)
    figures.push({
      label: say('network.watch.memory'),
      value: say('network.watch.memoryUsed', { used: gb(gpu.memoryUsedMiB) }),
    });
  if (gpu.powerW !== null)
    figures.push({ label: say('network.watch.power'), value: `${formatNumber(gpu.powerW, 0)} W` });
  if (gpu.temperatureC !== null)
    figures.push({ label: say('network.watch.temperature'), value: `${formatNumber(gpu.temperatureC, 0)} °C` });
  return figures;
}

/** The currencies offered first: the common ones. */
export const CURRENCIES = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'JPY',
  'CAD',
  'AUD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'INR',
  'CNY',
  'BRL',
] as const;

const EUROZONE = [
  'AT',
  'BE',
  'CY',
  'DE',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PT',
  'SI',
  'SK',
];
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

/**
 * The currency of the locale's region ("de-AT" → EUR, "en" → USD), or null when the region has none of the common ones.
 */
export function currencyForLocale(language: string | undefined): string | null {
  if (!language) return null;
  try {
    const region = new Intl.Locale(language).maximize().region;
    return (region && BY_REGION[region]) ?? null;
  } catch {
    return null;
  }
}

/**
 * The choices of the currency select: the common ones, and the saved one if it is another; named in the page's
 * language.
 */
export function currencyOptions(saved: string): { value: string; label: string }[] {
  const codes = (CURRENCIES as readonly string[]).includes(saved) ? [...CURRENCIES] : [saved, ...CURRENCIES];
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([sayNow().locale], { type: 'currency' });
  } catch {
    names = null;
  }
  return codes.map((code) => {
    const name = names?.of(code);
    return { value: code, label: name && name !== code ? `${code} (${name})` : code };
  });
}
