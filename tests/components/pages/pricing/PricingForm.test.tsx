/**
 * The price field's hint and the preview under it say the same thing: for each price the hint takes as an example,
 * typing it makes the preview name the same credits for a task of 1,000 tokens, for a node of each model size. A
 * price above 1 × earns no more, as the engine's receipts and the directory's ceiling have it.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PricingInfo } from '@shared/contract';
import { receiptAmount } from '@engine/pricing/tier';
import { PricingForm } from '@renderer/pages/pricing/PricingForm';
import { connectedTo, settings, snapshot } from '../../support/fixtures';

const WEIGHTS = { sub_1b: 0.05, '7b': 1, '13b': 2 } as const;

/** A registered node whose largest model has the size `tier`, at the base rate. */
function pricing(tier: keyof typeof WEIGHTS, model: string): PricingInfo {
  const weight = WEIGHTS[tier];
  const ceiling = Math.min(1, weight * 3);
  return {
    declared: { multiplier: 1, model: 'per_token' },
    tier: { name: tier, weight, model },
    ceiling,
    directoryMultiplier: ceiling,
    capped: ceiling < 1,
    directory: null,
    pricePer1000: weight * ceiling,
    declarationAccepted: true,
    schedule: null,
    history: [],
    speechRates: [],
  };
}

/** "1,000" or "0.15" as the page writes numbers (en-US here), back to a number. */
const number = (text: string): number => Number(text.replace(/,/g, ''));
const plain = (s: string): string => s.replace(/\u00a0/g, ' ');

/** The hint's examples: each "<credits> credit(s) at <price> ×" it names. */
function hintExamples(hint: string): { price: number; credits: number }[] {
  return [...plain(hint).matchAll(/([\d.,]+) credits? at ([\d.,]+) ×/g)].map((m) => ({
    credits: number(m[1]!),
    price: number(m[2]!),
  }));
}

describe('PricingForm: the hint and the preview agree', () => {
  it.each([
    ['7b', 'qwen2.5:7b'],
    ['sub_1b', 'qwen2.5:0.5b'],
    ['13b', 'llama2:13b'],
  ] as const)('for a %s model, every example in the hint earns what the preview says', async (tier, model) => {
    const user = userEvent.setup();
    connectedTo(snapshot());
    const info = pricing(tier, model);
    render(<PricingForm saved={settings()} showSaved={false} onSaved={() => {}} pricing={info} />);
    const field = screen.getByRole('textbox', { name: 'Your price, in times the base rate' });
    const hint = field
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    const examples = hintExamples(hint);
    // The base rate, one price below it and one above it.
    expect(examples.map((e) => e.price)).toEqual([1, 0.5, 1.5]);

    for (const { price, credits } of examples) {
      await user.clear(field);
      await user.type(field, String(price));
      const preview = plain(screen.getByTestId('pricing-preview').textContent ?? '');
      const earned = /would earn (?:only )?([\d.,]+) credits?/.exec(preview);
      expect(earned, preview).not.toBeNull();
      expect(number(earned![1]!), `${price} ×: "${preview}" against the hint`).toBe(credits);
      // And both are what the engine's receipt claims for 1,000 tokens at the price the directory keeps.
      expect(credits).toBe(receiptAmount(1000, Math.min(price, Math.floor(WEIGHTS[tier] * 3 * 1e4) / 1e4)));
    }
    // Above the base rate the hint says a task earns no more, as the preview does.
    const above = examples.find((e) => e.price > 1)!;
    expect(above.credits).toBe(examples.find((e) => e.price === 1)!.credits);
    expect(plain(hint)).not.toMatch(/half as much again/);
  });
});
