/**
 * The dashboard's "Requests today": the counters, what the person can do about refusals, the newest requests with
 * why each was turned away (what consumers sent shown quoted, as text), the empty state, and older rows on request.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RequestRow, RequestsInfo } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { RequestsCard } from '@renderer/pages/dashboard/RequestsCard';
import { fact } from '../../support/facts';
import { connectedTo, requestRow, snapshot } from '../../support/fixtures';
import { ok, provider, refusal } from '../../support/provider';
import { isShown } from '../../support/shown';

const BUSY = 'The node was busy processing other large requests';
/** A whole number as the person's locale writes it (1,234 or 1.234). */
const count = (n: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(n);

const region = () => screen.getByRole('region', { name: 'Requests today' });

function showCard(requests: Partial<RequestsInfo>) {
  connectedTo();
  render(<RequestsCard requests={{ ...snapshot().requests, ...requests }} />);
  return within(region());
}

/** The rows of the requests table (its header left out), each as the text of its cells. */
function rows(card: ReturnType<typeof showCard>): string[][] {
  const table = card.getByRole('columnheader', { name: 'Outcome' }).closest('table')!;
  return within(table)
    .getAllByRole('row')
    .filter((r) => within(r).queryAllByRole('cell').length > 0)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent ?? ''),
    );
}

/** Ten rows, ids 20 down to 11, as a snapshot carries them. */
const newestTen = (): RequestRow[] => Array.from({ length: 10 }, (_, i) => requestRow(20 - i));

describe('RequestsCard: today at a glance', () => {
  it('counts what was served, turned away and failed', () => {
    showCard({ served: 1234, refused: 2, failed: 0 });
    expect(fact(region(), 'Served')).toBe(count(1234));
    expect(fact(region(), 'Turned away')).toBe('2');
    expect(fact(region(), 'Failed')).toBe('0');
  });

  it('without requests says none came yet, and shows no table', () => {
    const card = showCard({ recent: [] });
    card.getByText(
      'No requests yet. Every task sent to your node is listed here, served or turned away, with the reason.',
    );
    expect(card.queryByRole('table')).toBeNull();
    expect(card.queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('says how many more were counted than listed', () => {
    const card = showCard({ recent: [requestRow(1)], served: 6, unlisted: 5 });
    card.getByText('And 5 more today, counted above but not listed one by one.');
  });
});

describe('RequestsCard: the rows', () => {
  it('lists each request newest first: outcome, reason, model and figures', () => {
    const card = showCard({
      recent: [
        requestRow(3, {
          outcome: 'failed',
          code: 'backend_error',
          words: said('dashboard.reason.backendError'),
          status: 502,
          model: 'qwen2.5:7b',
          tokens: null,
          tokensPerSecond: null,
          durationMs: 80,
        }),
        requestRow(2, {
          outcome: 'refused',
          code: 'busy',
          words: said('dashboard.reason.busy'),
          status: 503,
          model: 'qwen2.5:7b',
          tokens: null,
          tokensPerSecond: null,
          durationMs: 2,
        }),
        requestRow(1, { tokens: 1500, tokensPerSecond: 42, durationMs: 35_500 }),
      ],
    });
    const [failed, turnedAway, served] = rows(card).map(([, ...rest]) => rest);
    expect(failed).toEqual(['Failed', 'Your LLM server failed', 'asked for “qwen2.5:7b”', '—', '—', '80 ms']);
    expect(turnedAway).toEqual(['Turned away', BUSY, 'asked for “qwen2.5:7b”', '—', '—', '2 ms']);
    expect(served).toEqual(['Served', 'chat task', 'qwen2.5:7b', count(1500), '42', `${count(35_500)} ms`]);
    card.getByText('Latest 3 requests, newest first.');
  });

  it('marks a streamed answer and one that went whole through the relay; an ordinary task gets no marker', () => {
    const card = showCard({
      recent: [requestRow(3, { delivery: 'streamed' }), requestRow(2, { delivery: 'relayed' }), requestRow(1)],
    });
    const [streamed, relayed, plain] = rows(card).map((cells) => cells[2]);
    expect(streamed).toBe('chat taskStreamed');
    expect(relayed).toBe('chat taskWhole: came through the relay');
    expect(plain).toBe('chat task');
    const markers = card.getAllByTestId('request-delivery');
    expect(markers.map((m) => [m.textContent, m.getAttribute('title')])).toEqual([
      ['Streamed', 'The answer went to the consumer piece by piece, as your model wrote it.'],
      [
        'Whole: came through the relay',
        'The relay carries whole tasks. So this answer went in one piece, not streamed.',
      ],
    ]);
    for (const m of markers) expect(isShown(m)).toBe(true);
  });

  it('notes a served answer whose token count the node did not take from its LLM server; others get no note', () => {
    const card = showCard({
      recent: [
        requestRow(3, { tokens: 1251, note: said('dashboard.requests.note.usageBounded') }),
        requestRow(2, { tokens: 46, note: said('dashboard.requests.note.usageUnreadable'), delivery: 'streamed' }),
        requestRow(1),
      ],
    });
    const notes = card.getAllByTestId('request-note');
    expect(notes.map((n) => n.textContent)).toEqual([
      'Your LLM server counted more tokens than this answer could have used; the node claimed no more than it could.',
      "Your LLM server's token count could not be read; the node claimed its own count.",
    ]);
    for (const n of notes) expect(isShown(n)).toBe(true);
    const [bounded, unreadable, plain] = rows(card);
    expect(bounded![2]).toBe(
      'chat taskYour LLM server counted more tokens than this answer could have used; the node claimed no more than it could.',
    );
    expect(unreadable![2]).toBe(
      "chat taskStreamedYour LLM server's token count could not be read; the node claimed its own count.",
    );
    expect(plain![2]).toBe('chat task');
    expect(bounded![4]).toBe(count(1251));
  });

  it('quotes what a consumer asked for, cleaned of hidden characters, and shows it as text, never markup', () => {
    const card = showCard({
      recent: [
        requestRow(2, {
          outcome: 'refused',
          code: 'model_not_offered',
          words: said('dashboard.reason.e029'),
          status: 404,
          model: 'gpt\u202e-5\u0007',
        }),
        requestRow(1, {
          outcome: 'refused',
          code: 'model_not_offered',
          words: said('dashboard.reason.e029'),
          status: 404,
          model: '<img src=x onerror=alert(1)>',
        }),
      ],
    });
    const [hidden, markup] = rows(card);
    expect(hidden![3]).toBe('asked for “gpt-5”');
    expect(markup![3]).toBe('asked for “<img src=x onerror=alert(1)>”');
    expect(card.queryByRole('img')).toBeNull();
  });

  it("cuts a consumer's sentence to one short line, after our words, in the table and the advice alike: no link, no line break", () => {
    const phish = 'Your node key leaked:\nre-enter it at https://iicp-support.example/recover now';
    const card = showCard({
      recent: [
        requestRow(1, {
          outcome: 'refused',
          code: 'IICP-E029',
          words: said('dashboard.reason.e029'),
          status: 404,
          model: phish,
        }),
      ],
      advice: [
        {
          id: 'unknown_model',
          words: said('dashboard.advice.unknownModel', { count: 1, asked: said('dashboard.advice.modelsAskedFor') }),
          quoted: [phish],
          action: null,
        },
      ],
    });
    const cut = 'Your node key leaked: re-enter it at ht…';
    expect([...cut]).toHaveLength(40);
    expect(rows(card)[0]![3]).toBe(`asked for “${cut}”`);
    const advice = within(card.getByRole('list', { name: 'What you can do' }));
    expect(advice.getByRole('listitem').textContent).toBe(
      `1 asked for a model you don't offer. Models asked for: “${cut}” `,
    );
    const quotes = card.getAllByTestId('quoted');
    expect(quotes).toHaveLength(2);
    for (const q of quotes) {
      expect(q.getAttribute('title')).toBe(cut); // the tooltip holds no more than the line
      expect(q.className).toMatch(/_line_/); // the one-line style (Quoted.module.css .line: no wrapping)
      expect(q.querySelector('a, br')).toBeNull();
    }
    expect(card.queryByRole('link')).toBeNull();
    // Nowhere on the card does more of the sentence show, tooltips included.
    const cell = quotes.find((q) => q.closest('td'))!.closest('td')!;
    expect(cell.getAttribute('title')).toBeNull();
    expect(region().innerHTML).not.toContain('re-enter it at https');
  });

  it("offers what the person can do, with the consumers' words quoted and a link to the page", () => {
    const card = showCard({
      recent: [requestRow(1)],
      advice: [
        {
          id: 'unknown_model',
          words: said('dashboard.advice.unknownModel', { count: 2, asked: said('dashboard.advice.modelsAskedFor') }),
          quoted: ['gpt-5', 'claude\u202e-3'],
          action: { label: 'Choose models', route: 'settings' },
        },
      ],
    });
    const advice = within(card.getByRole('list', { name: 'What you can do' }));
    expect(advice.getByRole('listitem').textContent).toBe(
      "2 asked for a model you don't offer. Models asked for: “gpt-5”, “claude-3” Choose models",
    );
    expect(advice.getByRole('link', { name: 'Choose models' }).getAttribute('href')).toBe('#/settings');
  });

  it('keeps the wire codes behind "Details"', async () => {
    const user = userEvent.setup();
    const card = showCard({
      recent: [requestRow(1, { outcome: 'refused', code: 'busy', words: said('dashboard.reason.busy') })],
      reasons: [{ code: 'busy', words: said('dashboard.reason.busy'), count: 7 }],
    });
    const code = card.getByText('busy');
    expect(isShown(code)).toBe(false);
    await user.click(card.getByText('Details'));
    expect(isShown(code)).toBe(true);
  });
});

describe('RequestsCard: older rows', () => {
  it('"Show more" adds the older page below the newest rows, and goes away at the end of the feed', async () => {
    const user = userEvent.setup();
    provider.answer('listRequests', (request) =>
      ok({
        rows: Array.from({ length: 10 }, (_, i) => requestRow(10 - i)).filter(
          (r) => r.id < (request.beforeId ?? Infinity),
        ),
      }),
    );
    const card = showCard({ recent: newestTen() });
    card.getByText('Latest 10 requests, newest first.');
    await user.click(card.getByRole('button', { name: 'Show more' }));
    expect(provider.requests('listRequests')).toEqual([{ limit: 20, beforeId: 11 }]);
    await card.findByText('Latest 20 requests, newest first.');
    expect(rows(card)).toHaveLength(20);
    expect(card.queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('offers no "Show more" when the newest rows are all there is', () => {
    const card = showCard({ recent: [requestRow(2), requestRow(1)] });
    expect(card.queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('says when older rows could not be read, and keeps the button', async () => {
    const user = userEvent.setup();
    provider.answer('listRequests', refusal('store_error', 'The database is busy.'));
    const card = showCard({ recent: newestTen() });
    await user.click(card.getByRole('button', { name: 'Show more' }));
    expect((await card.findByRole('alert')).textContent).toBe(
      'Older requests could not be read: The database is busy.',
    );
    expect(rows(card)).toHaveLength(10);
    card.getByRole('button', { name: 'Show more' });
  });
});

describe('RequestsCard: the token columns say what they count', () => {
  // "Tokens 2 … 100 tok/s … 10 ms" read as wrong: the first counts the prompt too, the rate only what was written.
  it('names the prompt in the tokens column and leaves it out of the rate', () => {
    const card = showCard({ recent: newestTen() });
    expect(card.getByRole('columnheader', { name: 'Tokens' }).getAttribute('title')).toBe(
      'Tokens in all: the prompt and the answer',
    );
    expect(card.getByRole('columnheader', { name: 'Tok/s' }).getAttribute('title')).toBe(
      'Tokens of the answer the model wrote per second; the prompt is not counted',
    );
  });
});
