/**
 * The Pricing page's sentences, for the states a node's price goes through. Numbers are written as an English
 * (en-US) system formats them, which is what the test machines run with.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { speakWith } from '@shared/i18n/current';
import { createSay, english } from '@shared/i18n/say';
import { pageLanguage } from '@renderer/i18n/page-language';
import type { PricingInfo } from '@shared/contract';
import { receiptAmount } from '@engine/pricing/tier';
import { parseMultiplier, receiptFor } from '@renderer/pages/pricing/pricing-logic';
import { explanation } from '@renderer/pages/pricing/pricing-explanation';
import {
  credits,
  historyRows,
  previewFor,
  priceHint,
  pricingSummary,
  sizeWords,
} from '@renderer/pages/pricing/pricing-words';

const WEIGHTS = { sub_1b: 0.05, '7b': 1, '13b': 2, '30b': 6.5, '70b': 32, '100b_plus': 75 };
const SCHEDULE = {
  formula: 'ceil(output_tokens / tokens_per_credit) × tier_weight × node_multiplier',
  tokensPerCredit: 1000,
  tierWeights: WEIGHTS,
  asOf: '2026-11-21T10:00:00.000Z',
};

/** A registered 7B node at the base rate, confirmed by the directory; each case changes what it is about. */
function info(
  over: Partial<PricingInfo> & { tierName?: keyof typeof WEIGHTS; model?: string | null } = {},
): PricingInfo {
  const { tierName = '7b', model = 'qwen2.5:7b', ...rest } = over;
  const weight = WEIGHTS[tierName];
  const declared = rest.declared ?? { multiplier: 1, model: 'per_token' as const };
  const ceiling = rest.ceiling ?? Math.min(declared.multiplier, Math.floor(weight * 3 * 1e4) / 1e4);
  const held = rest.directoryMultiplier === undefined ? ceiling : rest.directoryMultiplier;
  return {
    declared,
    tier: { name: tierName, weight, model },
    ceiling,
    directoryMultiplier: held,
    capped: ceiling < declared.multiplier,
    directory: {
      listed: true,
      asOf: '2026-11-21T10:00:00.000Z',
      multiplier: held,
      attested: true,
      observedReachable: true,
      routeEvidence: null,
      recoveryState: null,
      reputationTier: null,
    },
    pricePer1000: weight * (held ?? ceiling),
    declarationAccepted: true,
    schedule: SCHEDULE,
    history: [],
    speechRates: [],
    ...rest,
  };
}

const REGISTERED = { registered: true };
/** The words keep "2.5 ×" and "1 credit" on one line with a no-break space; compared here as plain spaces. */
const plain = (s: string | null): string | null => (s === null ? null : s.replace(/\u00a0/g, ' '));
const summary = (p: PricingInfo, node = REGISTERED) => {
  const s = pricingSummary(p, node);
  return { ...s, lead: plain(s.lead), label: plain(s.status.label), kind: s.status.kind };
};

describe('credits and sizes in words', () => {
  it.each([
    [1, '1 credit'],
    [0.15, '0.15 credits'],
    [2.5, '2.5 credits'],
    [0.001, '0.001 credits'],
    [0, '0 credits'],
  ])('%s → "%s"', (n, words) => {
    expect(plain(credits(n))).toBe(words);
  });

  it('names each of the directory’s size buckets by its parameter range, never as a tier name', () => {
    expect(sizeWords('sub_1b')).toBe('under 1 billion parameters');
    expect(sizeWords('7b')).toBe('up to 10 billion parameters');
    expect(sizeWords('70b')).toBe('50 to 85 billion parameters');
    expect(sizeWords('100b_plus')).toBe('85 billion parameters or more');
  });
});

describe('what a task of 1000 tokens earns now, and why', () => {
  it('the default price: 1 credit, the base rate, confirmed', () => {
    const s = summary(info());
    expect(s.earns).toBe(1);
    expect(s.lead).toBe('A task of 1,000 tokens earns you 1 credit, the network’s base rate.');
    expect(s).toMatchObject({ kind: 'confirmed', label: 'Confirmed by the directory', billingNote: null });
    expect(s.status.tone).toBe('ok');
    expect(s.modelSize).toBe('up to 10 billion parameters (qwen2.5:7b)');
  });

  it('2.5 × declared for a 3B model: still 1 credit, because receipts count tokens, not the price above 1 ×', () => {
    const s = summary(info({ declared: { multiplier: 2.5, model: 'per_token' }, model: 'qwen2.5:3b' }));
    expect(s.earns).toBe(1);
    expect(s.lead).toBe(
      'A task of 1,000 tokens earns you 1 credit. You asked for 2.5 × the base rate, but receipts are counted per 1,000 tokens used, so asking more than 1 × does not raise what a task pays today.',
    );
    expect(s.kind).toBe('confirmed');
    expect(s.modelSize).toBe('up to 10 billion parameters (qwen2.5:3b)');
    expect(plain(s.yourPrice)).toBe('2.5 × the base rate');
  });

  it('2.5 × saved while the directory still holds 1 ×: the receipt follows the directory, and the status waits', () => {
    const s = summary(
      info({
        declared: { multiplier: 2.5, model: 'per_token' },
        model: 'qwen2.5:3b',
        directoryMultiplier: 1,
        declarationAccepted: false,
      }),
    );
    expect(s.earns).toBe(1);
    expect(s.lead).toBe(
      'A task of 1,000 tokens earns you 1 credit, at the 1 × the directory still holds for your node. Your 2.5 × will pay the same once the directory holds it.',
    );
    expect(s).toMatchObject({ kind: 'waiting', label: 'Waiting for the directory to confirm' });
  });

  it('a 0.5B model: 0.15 credits, lowered for its size, with the model named', () => {
    const s = summary(info({ tierName: 'sub_1b', model: 'qwen2.5:0.5b' }));
    expect(s.earns).toBe(0.15);
    expect(s.lead).toBe(
      'A task of 1,000 tokens earns you 0.15 credits. Your largest model, qwen2.5:0.5b, has under 1 billion parameters, and for that size the directory allows at most 0.15 × the base rate (you asked for 1 ×).',
    );
    expect(s).toMatchObject({
      kind: 'lowered',
      label: 'The directory lowered it to 0.15 × because of your model size',
    });
    expect(s.modelSize).toBe('under 1 billion parameters (qwen2.5:0.5b)');
    expect(plain(s.sizeLimit)).toBe('0.15 × the base rate');
  });

  it('a 70B model at the base rate: still 1 credit; the size allows a higher price that would not pay more', () => {
    const s = summary(info({ tierName: '70b', model: 'llama3.3:70b' }));
    expect(s.earns).toBe(1);
    expect(s.lead).toBe(
      'A task of 1,000 tokens earns you 1 credit, the network’s base rate. Your model size would let you ask up to 96 ×, but receipts are counted per 1,000 tokens used, so asking more than 1 × does not raise what a task pays today.',
    );
    expect(s.kind).toBe('confirmed');
    expect(s.modelSize).toBe('50 to 85 billion parameters (llama3.3:70b)');
  });

  it('above the size limit of a 7B model: the lead says what the directory keeps, the status says it was lowered', () => {
    const s = summary(info({ declared: { multiplier: 5, model: 'per_token' } }));
    expect(s.lead).toBe(
      'A task of 1,000 tokens earns you 1 credit. You asked for 5 × the base rate (the directory keeps at most 3 × for your model size), but receipts are counted per 1,000 tokens used, so asking more than 1 × does not raise what a task pays today.',
    );
    expect(s).toMatchObject({ kind: 'lowered', label: 'The directory lowered it to 3 × because of your model size' });
  });

  it('below the base rate by choice: the price asked for is what a block of 1000 tokens earns', () => {
    const s = summary(info({ declared: { multiplier: 0.5, model: 'per_token' } }));
    expect(s.earns).toBe(0.5);
    expect(s.lead).toBe('A task of 1,000 tokens earns you 0.5 credits, because you asked for 0.5 × the base rate.');
  });

  it('a price of 0: only the directory’s smallest amount', () => {
    const s = summary(info({ declared: { multiplier: 0, model: 'per_token' } }));
    expect(s.earns).toBe(0.001);
    expect(s.lead).toBe(
      'A task of 1,000 tokens earns you 0.001 credits. You set your price to 0, so your node claims only the smallest amount the directory counts, 0.001 credits for each started 1,000 tokens.',
    );
    expect(s.yourPrice).toBe('free (0 × the base rate)');
  });

  it('not registered yet, nothing known from the directory: the lead speaks of the future, one status says why', () => {
    const p = info({ directoryMultiplier: null, directory: null, declarationAccepted: false, schedule: null });
    const s = summary(p, { registered: false });
    expect(s.lead).toBe(
      'Once your node is registered, a task of 1,000 tokens will earn you 1 credit, the network’s base rate.',
    );
    expect(s).toMatchObject({
      kind: 'unregistered',
      label: 'Not registered yet — your price is sent when your node registers',
    });
    const e = explanation(p);
    expect(e.schedule).toBeNull();
    expect(e.noSchedule).toBe(
      'The directory has not sent its schedule of costs yet. Your node reads it when it syncs your earnings, once it is registered.',
    );
    expect(plain(e.receipt[0]!)).toContain('that is 1 ×, the price your node declares.');
  });

  it('registered, the declaration sent, the directory’s list not read yet: waiting, with the declared price', () => {
    const s = summary(info({ directoryMultiplier: null, directory: null, declarationAccepted: false }));
    expect(s).toMatchObject({ kind: 'waiting', earns: 1 });
    expect(s.lead).toBe('A task of 1,000 tokens earns you 1 credit, the network’s base rate.');
  });

  it('accepted, but the directory holds another multiplier: receipts follow the directory, the status says so', () => {
    const s = summary(info({ declared: { multiplier: 0.5, model: 'per_token' }, directoryMultiplier: 1 }));
    expect(s.earns).toBe(1);
    expect(s.lead).toBe(
      'A task of 1,000 tokens earns you 1 credit, at the 1 × the directory still holds for your node. Once it holds your 0.5 ×, a task will earn 0.5 credits.',
    );
    expect(s).toMatchObject({ kind: 'differs', label: 'The directory still holds 1 ×, not your 0.5 ×' });
    expect(s.status.tone).toBe('warn');
  });

  it.each([
    [
      'per_request',
      'You chose “per request” billing. Receipts count tokens whatever the billing, so a task still earns by the tokens it uses.',
    ],
    [
      'flat',
      'You chose “flat” billing. Receipts count tokens whatever the billing, so a task still earns by the tokens it uses.',
    ],
  ] as const)('%s billing: the same earnings, and a note that receipts count tokens', (model, note) => {
    const s = summary(info({ declared: { multiplier: 1, model } }));
    expect(s.earns).toBe(1);
    expect(s.lead).toBe('A task of 1,000 tokens earns you 1 credit, the network’s base rate.');
    expect(s.billingNote).toBe(note);
  });

  it('a model list without sizes counts as up to 10 billion parameters, and says so', () => {
    expect(summary(info({ model: null })).modelSize).toBe(
      'up to 10 billion parameters (none of your model names gives a size)',
    );
  });
});

describe('how it is worked out', () => {
  it('at 2.5 ×: the per-receipt rule with examples, the size limit, and the directory’s schedule in sentences', () => {
    const e = explanation(info({ declared: { multiplier: 2.5, model: 'per_token' }, model: 'qwen2.5:3b' }));
    expect(e.receipt.map(plain)).toEqual([
      'After each task your node sends the directory a receipt. It claims 1 credit for every 1,000 tokens the task used, but never more than 2.5 credits for each started 1,000 tokens: that is 2.5 ×, the price the directory holds for your node.',
      'At 2.5 × that limit is never reached, so a task earns exactly its tokens divided by 1,000.',
      'For example, a task of 1,500 tokens claims 1.5 credits, and one of 300 tokens claims 0.3 credits.',
      'The directory refuses a receipt that claims more than that limit plus 10 %, so your node’s claims always stay within it.',
    ]);
    expect(e.formula).toBe('credits = min(tokens ÷ 1000, ceil(tokens ÷ 1000) × 2.5)');
    expect(plain(e.size)).toBe(
      'The directory reads each model’s size from its name (such as “3b” or “70b”), and your largest model decides; a name without a size counts as up to 10 billion parameters. Yours is qwen2.5:3b, up to 10 billion parameters: for that size the directory keeps at most 3 × the base rate, and a higher price is lowered to that.',
    );
    expect(plain(e.schedule!.text)).toContain(
      'The weight for your model size is 1, so at 2.5 × a task of 1,000 tokens is priced at 2.5 credits.',
    );
    expect(e.schedule!.rows.map((r) => [r.tier, r.cost, r.mine])).toEqual([
      ['sub_1b', 0.0075, false], // 0.05 × min(2.5, 3 × 0.05)
      ['7b', 2.5, true],
      ['13b', 5, false],
      ['30b', 16.25, false],
      ['70b', 80, false],
      ['100b_plus', 187.5, false],
    ]);
    expect(e.listing).toBeNull();
  });

  it('a 0.5B model: the limit counts, and the examples show it', () => {
    const e = explanation(info({ tierName: 'sub_1b', model: 'qwen2.5:0.5b' }));
    expect(e.receipt.slice(1).map(plain)).toEqual([
      'At 0.15 × the limit counts: each started 1,000 tokens earn at most 0.15 credits, however many tokens they hold.',
      'For example, a task of 1,500 tokens claims 0.3 credits, and one of 300 tokens claims 0.15 credits.',
      expect.any(String),
    ]);
  });

  it('a node the directory does not list (it offers no work now) says so', () => {
    const p = info();
    const e = explanation({ ...p, directory: { ...p.directory!, listed: false, multiplier: null } });
    expect(e.listing).toBe(
      'The directory’s public list does not show your node right now: it lists a node only while the node offers work.',
    );
  });
});

describe('a new price, previewed before it is saved', () => {
  const preview = (typed: number, p: PricingInfo) => {
    const v = previewFor(typed, p);
    return { ...v, text: plain(v.text) };
  };

  it('2 × for a 7B model: the same 1 credit, and why', () => {
    expect(preview(2, info())).toEqual({
      text: 'At 2 × a task of 1,000 tokens would earn 1 credit — the same as now: receipts are counted per 1,000 tokens used, so a price above 1 × does not raise what a task pays. Consumers who compare prices may prefer cheaper nodes.',
      warn: false,
      exceeded: false,
    });
  });

  it('above the size limit: what the node would declare instead', () => {
    expect(preview(5, info())).toEqual({
      text: 'At 5 × your price is above the most the directory keeps for your model size, 3 ×, so your node declares 3 ×. A task of 1,000 tokens would earn 1 credit — the same as now.',
      warn: true,
      exceeded: true,
    });
  });

  it('lower than now: the new amount next to the current one', () => {
    expect(preview(0.1, info({ tierName: 'sub_1b', model: 'qwen2.5:0.5b' })).text).toBe(
      'At 0.1 × a task of 1,000 tokens would earn 0.1 credits (now 0.15 credits).',
    );
    expect(preview(0.5, info()).text).toBe('At 0.5 × a task of 1,000 tokens would earn 0.5 credits (now 1 credit).');
  });

  it('0: works for free, with a warning', () => {
    expect(preview(0, info())).toEqual({
      text: 'At 0 × your node works for free: a task of 1,000 tokens would earn only 0.001 credits, the smallest amount the directory counts (now 1 credit).',
      warn: true,
      exceeded: false,
    });
  });
});

describe('the price field', () => {
  it.each([
    ['1', 1],
    [' 2.5 ', 2.5],
    ['1,5', 1.5],
    ['0', 0],
    ['1000', 1000],
    ['0.001', 0.001],
    ['1.2340', 1.234],
  ])('"%s" is %s', (text, value) => {
    expect(parseMultiplier(text)).toEqual({ value });
  });

  it.each([
    ['', 'Enter your price, for example 1 for the network’s base rate.'],
    ['-3', 'A price cannot be below 0. Use 0 to work for free, or 1 for the base rate.'],
    ['abc', 'Enter a plain number such as 1, 1.5 or 0.25.'],
    ['1e3', 'Enter a plain number such as 1, 1.5 or 0.25.'],
    ['1001', 'That is more than the directory accepts: the highest price is 1,000 times the base rate.'],
    ['0.0005', 'A price this small is not possible: use 0 to work for free, or at least 0.001.'],
    ['1.23456', 'Use at most 4 digits after the point, for example 1.2345.'],
  ])('"%s" is refused in words: %s', (text, error) => {
    expect(parseMultiplier(text)).toEqual({ error });
  });
});

describe('the page’s receipt arithmetic is the engine’s', () => {
  it('claims exactly what the engine’s receipts claim, for any tokens and price', () => {
    for (const tokens of [1, 15, 29, 300, 999, 1000, 1001, 1500, 2500, 123_456]) {
      for (const m of [0, 0.001, 0.0013, 0.05, 0.15, 0.5, 1, 1.5, 2.5, 3, 96, 1000]) {
        expect(receiptFor(tokens, m), `${tokens} tokens at ${m}`).toBe(receiptAmount(tokens, m));
      }
    }
  });
});

describe('the schedule in words, its formula only for the curious', () => {
  it('each row shows the price for its size, and one row is worked out in words (0.05 giving 0.0075 explained)', () => {
    const e = explanation(info());
    const small = e.schedule!.rows.find((r) => r.tier === 'sub_1b')!;
    expect([small.weight, small.price, small.cost]).toEqual([0.05, 0.15, 0.05 * 0.15]);
    expect(plain(e.schedule!.rowsNote)).toBe(
      'Each row is the size’s weight times your price for that size: your 1 ×, lowered to the most the directory keeps for a model of that size. ' +
        'For under 1 billion parameters: weight 0.05 × price 0.15 (your 1 ×, lowered for that size) = 0.0075 credits for 1,000 tokens.',
    );
  });

  it('a schedule without a formula has none to show (never an empty quotation)', () => {
    expect(explanation(info({ schedule: { ...SCHEDULE, formula: '' } })).schedule!.formula).toBeNull();
    expect(explanation(info({ schedule: { ...SCHEDULE, formula: '   ' } })).schedule!.formula).toBeNull();
    expect(explanation(info()).schedule!.formula).toBe(SCHEDULE.formula);
  });
});

describe('price history: who set each price', () => {
  const row = (at: string, multiplier: number, source: 'settings' | 'directory') => ({
    at,
    multiplier,
    model: 'per_token' as const,
    source,
  });

  it('the default price the node started with is not "You set it"; a price saved later is', () => {
    const rows = historyRows([
      row('2026-11-20T08:00:00.000Z', 1, 'settings'),
      row('2026-11-20T08:00:05.000Z', 1, 'directory'),
      row('2026-11-21T09:00:00.000Z', 1.5, 'settings'),
    ]);
    expect(rows.map((r) => [r.multiplier, r.sourceWords])).toEqual([
      [1.5, 'You set it'],
      [1, 'The directory recorded it'],
      [1, 'The default price your node started with'],
    ]);
  });

  it('a first price that is not the default was chosen (in the wizard or by a flag): "You set it"', () => {
    expect(historyRows([row('2026-11-20T08:00:00.000Z', 0.5, 'settings')])[0]!.sourceWords).toBe('You set it');
  });

  it('back to 1 × later is the person’s choice', () => {
    const rows = historyRows([
      row('2026-11-20T08:00:00.000Z', 2, 'settings'),
      row('2026-11-21T08:00:00.000Z', 1, 'settings'),
    ]);
    expect(rows.map((r) => r.sourceWords)).toEqual(['You set it', 'You set it']);
  });
});

describe('the decimals a price may have, in the person’s locale’s terms', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    speakWith(() => english);
  });
  /** The page's words follow the browser's language, as main.tsx sets them. */
  const browserIn = (tag: string) => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue(tag);
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue([tag]);
    speakWith(() => createSay(pageLanguage().language, pageLanguage().locale));
  };

  it('names the comma where the locale writes one, and still takes either mark', () => {
    // A French browser: the app speaks English to it, with French figures.
    browserIn('fr-FR');
    expect(parseMultiplier('1,23456')).toEqual({ error: 'Use at most 4 digits after the comma, for example 1,2345.' });
    expect(parseMultiplier('1.5')).toEqual({ value: 1.5 });
    expect(parseMultiplier('0,5')).toEqual({ value: 0.5 });
    expect(priceHint(null)).toContain('with up to 4 digits after the comma.');
  });

  it('says “Nachkommastellen” in German', () => {
    browserIn('de-DE');
    expect(parseMultiplier('1,23456')).toEqual({
      error: 'Verwenden Sie höchstens 4 Nachkommastellen, zum Beispiel 1,2345.',
    });
    expect(priceHint(null)).toContain('mit bis zu 4 Nachkommastellen.');
    expect(priceHint(null)).not.toContain('point');
  });
});

describe('the Pricing page’s sentences on a German page', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    speakWith(() => english);
  });

  it('says the lead, the explanation, the preview and the history in German, with German figures', () => {
    // A German browser, as main.tsx sets the page's words from it.
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    speakWith(() => createSay(pageLanguage().language, pageLanguage().locale));
    const p = info({
      declared: { multiplier: 2.5, model: 'per_request' },
      directoryMultiplier: 1,
      ceiling: 1,
      capped: true,
      tierName: '13b',
      model: 'llama:13b',
    });
    const s = pricingSummary(p, REGISTERED);
    expect(plain(s.lead)).toMatch(
      /^Eine Aufgabe mit 1\.000 Tokens bringt Ihnen 1 Credit ein\. Sie haben 2,5 × Grundtarif verlangt/,
    );
    expect(s.billingNote).toMatch(/^Sie haben die Abrechnung „pro Anfrage“ gewählt\./);
    expect(s.size).toBe('10 bis 20 Milliarden Parameter');
    expect(sizeWords('100b_plus')).toBe('85 Milliarden Parameter oder mehr');
    expect(plain(credits(0.15))).toBe('0,15 Credits');
    const e = explanation(p);
    expect(e.receipt[0]).toMatch(/^Nach jeder Aufgabe schickt Ihr Knoten dem Verzeichnis eine Quittung\./);
    expect(e.size).toContain('Ihres ist llama:13b, 10 bis 20 Milliarden Parameter');
    expect(e.schedule?.rowsNote).toMatch(/^Jede Zeile ist das Gewicht der Größe/);
    expect(plain(previewFor(0.5, p).text)).toBe(
      'Bei 0,5 × brächte eine Aufgabe mit 1.000 Tokens 0,5 Credits ein (jetzt 1 Credit).',
    );
    expect(
      historyRows([{ at: '2026-11-20T08:00:00.000Z', multiplier: 2, model: 'per_token', source: 'directory' }])[0]!
        .sourceWords,
    ).toBe('Vom Verzeichnis erfasst');
    for (const text of [s.lead, s.billingNote, ...e.receipt, e.size, e.schedule?.text])
      expect(text).not.toMatch(/\b(task|the directory|your node|credits?)\b/);
  });
});
