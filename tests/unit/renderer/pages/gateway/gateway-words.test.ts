/**
 * The "Use the network" page's checks of what is typed (limits, node IDs, origins: each against the contract's own
 * rule) and its words for a request's outcome and cost. Numbers as an English (en-US) system writes them.
 */
import { describe, expect, it } from 'vitest';
import { GatewaySettingsSchema } from '@shared/contract';
import { budgetSentence, limitReachedWords } from '@renderer/pages/gateway/budget-words';
import {
  costWords,
  headerWords,
  flagWords,
  plannedWords,
  planWords,
  limitText,
  nodeIdProblem,
  originProblem,
  outcomeWords,
  parseLimit,
  pasteLines,
  spentOf,
} from '@renderer/pages/gateway/gateway-words';

describe('parseLimit', () => {
  it('reads empty as no limit, and plain numbers with up to 4 decimals', () => {
    expect(parseLimit('')).toEqual({ value: null });
    expect(parseLimit('  ')).toEqual({ value: null });
    expect(parseLimit('5')).toEqual({ value: 5 });
    expect(parseLimit('0.0125')).toEqual({ value: 0.0125 });
    expect(parseLimit('1.50000')).toEqual({ value: 1.5 });
    expect(parseLimit('0,25', 'de-DE')).toEqual({ value: 0.25 });
    expect(parseLimit('1000000')).toEqual({ value: 1_000_000 });
  });

  it('refuses more than 4 decimals, negatives, words and more than the contract allows', () => {
    expect(parseLimit('0.12345')).toEqual({ error: 'Use at most 4 decimal places, for example 0.0125.' });
    expect(parseLimit('-1')).toEqual({ error: 'A limit cannot be below 0. Leave the box empty for no limit.' });
    expect(parseLimit('five')).toEqual({
      error: 'Enter a plain number such as 5 or 0.25, or leave the box empty for no limit.',
    });
    expect(parseLimit('1,000')).toHaveProperty('error');
    expect(parseLimit('1000001')).toEqual({ error: 'A limit can be at most 1,000,000 credits.' });
  });

  it('accepts only what the contract accepts', () => {
    for (const text of ['0', '0.0001', '3.1415', '49.9999', '1000000']) {
      const parsed = parseLimit(text);
      expect('value' in parsed && GatewaySettingsSchema.shape.dailyCap.safeParse(parsed.value).success).toBe(true);
    }
  });

  it('writes a stored limit back the person’s way', () => {
    expect(limitText(null)).toBe('');
    expect(limitText(0.25, 'de-DE')).toBe('0,25');
    expect(limitText(5, 'en-US')).toBe('5');
  });
});

describe('node IDs and origins', () => {
  it('takes a node ID as the contract does, once', () => {
    expect(nodeIdProblem(' b7e4c2a9-5d31-4f8e-9a60-2c1d0e7f3b84 ', [])).toBeNull();
    expect(nodeIdProblem('', [])).toBe('Paste the node ID of your other computer first.');
    expect(nodeIdProblem('has space', [])).toMatch(/^That is not a node ID\./);
    expect(nodeIdProblem('x'.repeat(37), [])).toMatch(/^That is not a node ID\./);
    expect(nodeIdProblem('node-2', ['node-2'])).toBe('That computer is already in the list.');
    expect(nodeIdProblem('node-9', ['a', 'b'], 2)).toBe('At most 2 computers can be listed.');
  });

  it('takes an origin only: scheme, host and port', () => {
    expect(originProblem('http://localhost:3000', [])).toBeNull();
    expect(originProblem('https://[::1]:8080', [])).toBeNull();
    expect(originProblem('http://localhost:3000/', [])).toMatch(/^Enter an origin only/);
    expect(originProblem('localhost:3000', [])).toMatch(/^Enter an origin only/);
    expect(originProblem('http://localhost:3000', ['http://localhost:3000'])).toBe('That origin is already allowed.');
  });
});

describe('words', () => {
  it('says a spend against its limit', () => {
    expect(spentOf(0.12, 5)).toBe('0.12 of 5 credits');
    expect(spentOf(1, 1)).toBe('1 of 1 credit');
    expect(spentOf(0.5, null)).toBe('0.5 credits (no limit)');
  });

  it('says how a request ended, by its code', () => {
    expect(outcomeWords({ outcome: 'answered', code: 'ok', attempts: 1 }).label).toBe('Answered');
    expect(outcomeWords({ outcome: 'answered', code: 'ok', attempts: 3 }).label).toBe('Answered after 3 tries');
    // The badge's word is short; what the code says is the detail beside it.
    expect(outcomeWords({ outcome: 'refused', code: 'insufficient_quota', attempts: 0 })).toEqual({
      label: 'Refused',
      tone: 'warn',
      detail: 'It would pass a spending limit.',
    });
    expect(outcomeWords({ outcome: 'failed', code: 'all_nodes_failed', attempts: 3 })).toEqual({
      label: 'Failed',
      tone: 'bad',
      detail: 'Every machine tried failed.',
    });
    expect(outcomeWords({ outcome: 'failed', code: 'something_new', attempts: 1 })).toEqual({
      label: 'Failed',
      tone: 'bad',
      detail: null,
    });
  });

  it('says a request’s cost: free on one’s own machines, the directory’s figure once read', () => {
    expect(costWords({ own: true, credits: 0, charged: null })).toBe('Free');
    expect(costWords({ own: false, credits: 0.02, charged: null })).toBe('0.02 credits');
    expect(costWords({ own: false, credits: 0.02, charged: 0.025 })).toBe('0.025 credits');
    expect(costWords({ own: null, credits: null, charged: null })).toBe('—');
    expect(costWords({ own: false, credits: 0.02, charged: null, notCharged: true })).toBe(
      'Not charged by the directory',
    );
  });

  it('before the debit: expected, what the limits hold and worst case; after: expected against charged; the flag', () => {
    // A bound cut to the day's room: the limits hold 0.95, the request is expected to cost 0.027.
    const row = { own: false, charged: null, planned: 0.027, expected: 0.95, worstCase: 1.1001, notCharged: false };
    expect(planWords(row)).toBe(
      'Expected 0.027 credits; the limits hold up to 0.95 credits; never more than 1.1 credits; not charged yet',
    );
    expect(planWords({ ...row, notCharged: true, worstCase: null })).toBe(
      'Expected 0.027 credits; the limits hold up to 0.95 credits',
    );
    expect(planWords({ ...row, charged: 0.03 })).toBe('Expected 0.027 credits; charged 0.03 credits');
    // A row from before the plan was kept: its held figure stands as the plan, as it did.
    expect(planWords({ ...row, planned: null, expected: 0.025 })).toBe(
      'Expected 0.025 credits; the limits hold up to 0.025 credits; never more than 1.1 credits; not charged yet',
    );
    const paid = { own: false, route: 'paid' as const, credits: 0.02, nodeId: 'n' };
    expect(plannedWords({ ...paid, planned: 0.027, expected: 0.95 })).toBe('0.027 credits');
    expect(plannedWords({ ...paid, planned: null, expected: 0.95 })).toBe('0.95 credits');
    expect(planWords({ ...row, own: true })).toBeNull();
    expect(flagWords('overcharged')).toMatch(/charged more than expected.*no longer asked/);
    expect(flagWords('overclaimed')).toMatch(/claimed more tokens than this request could use/);
    expect(limitReachedWords({ limitReached: 'day', balance: 3 })).toBe('Limit reached: today’s limit');
    expect(limitReachedWords({ limitReached: null, balance: 3 })).toBeNull();
  });

  it('writes the two lines an app needs', () => {
    expect(pasteLines('http://127.0.0.1:9483/v1', 'k')).toBe(
      'OPENAI_BASE_URL=http://127.0.0.1:9483/v1\nOPENAI_API_KEY=k',
    );
  });
});

describe('the balance that leaves no room, in the header and the budget card', () => {
  const budget = {
    spentToday: 0,
    dailyCap: null,
    spentThisMonth: 0,
    monthlyCap: null,
    perRequestMax: null,
    keepBalance: null,
    held: 0,
    limitReached: 'balance' as const,
    timeZone: 'Europe/Berlin',
  };
  const header = { kind: 'balance_empty' as const, limit: null };

  it('says a balance not read yet is not read yet in both places, never that it is too low', () => {
    const unread = { ...budget, balance: null };
    expect(headerWords(header, unread)?.badge).toBe('Balance not read yet');
    expect(headerWords(header, unread)?.sentence).toMatch(/^The balance has not been read from the directory yet/);
    expect(budgetSentence(unread)).toMatch(/^The balance has not been read from the directory yet/);
    expect(limitReachedWords(unread)).toBe('The balance is not read yet');
  });

  it('tells an empty balance from a low one, as the card does', () => {
    expect(headerWords(header, { ...budget, balance: 0 })?.badge).toBe('Balance empty');
    expect(budgetSentence({ ...budget, balance: 0 })).toMatch(/^The balance is empty/);
    expect(headerWords(header, { ...budget, balance: 0.001 })?.badge).toBe('Balance too low');
    expect(budgetSentence({ ...budget, balance: 0.001 })).toMatch(/^The balance cannot cover/);
    expect(headerWords(header, { ...budget, balance: 2, keepBalance: 2 })?.badge).toBe('Balance too low');
    expect(budgetSentence({ ...budget, balance: 2, keepBalance: 2 })).toMatch(/^The balance is at the amount you keep/);
  });
});
