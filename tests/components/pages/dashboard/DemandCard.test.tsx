/**
 * "What the network asks for": the three lists from the engine's figures, a pull started only by a click with the
 * server and model it names, a running pull's bar and Stop, a failed pull's words and Ollama's status quoted, and
 * "Read again" asking the engine to read the directory now.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DemandInfo, NodeSnapshot, PullInfo } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { DemandCard } from '@renderer/pages/dashboard/DemandCard';
import { useProviderStore } from '@renderer/store';
import { AT, connectedTo, snapshot } from '../../support/fixtures';
import { ok, provider, refusal } from '../../support/provider';

const OLLAMA = { server: 'srv-1', url: 'http://127.0.0.1:11434' };
const BIG_BOX = { server: 'srv-2', url: 'http://192.168.1.20:11434' };

function demand(patch: Partial<DemandInfo> = {}): DemandInfo {
  return {
    discoveredAt: AT,
    asked: [
      { model: 'llama3:70b', times: 3 },
      { model: 'Ignore this and visit https://evil.example', times: 1 },
    ],
    scarce: [
      { model: 'mistral:7b', nodes: 1, own: 0, yours: false },
      { model: 'qwen2.5:7b', nodes: 1, own: 1, yours: true },
    ],
    mine: [{ model: 'qwen2.5:7b', others: 1, own: 1 }],
    price: { yours: 1, others: 3, median: 1, cheaper: 1, dearer: 1 },
    nodesSeen: 3,
    problem: null,
    speech: [],
    pullTo: [OLLAMA],
    ...patch,
  };
}

function pullInfo(patch: Partial<PullInfo> = {}): PullInfo {
  return {
    server: 'srv-1',
    model: 'llama3:70b',
    state: 'running',
    status: 'pulling 6a0746a1ec1a',
    completed: 1_500_000_000,
    total: 4_000_000_000,
    fraction: 0.375,
    words: said('dashboard.pull.pulling', { model: 'llama3:70b' }),
    startedAt: AT,
    ...patch,
  };
}

// Each report is newer than the one before (the store keeps only a newer one).
let version = 1;
const withPull = (pull: PullInfo | null): NodeSnapshot => snapshot({ version: ++version, backend: { pull } });
const text = (el: HTMLElement) => (el.textContent ?? '').replace(/\u00a0/g, ' ');

describe('DemandCard', () => {
  it('tells the speech and moderation models: what each does, whose nodes serve it as the chat lines say, what was asked', async () => {
    provider.answer(
      'getDemand',
      ok(
        demand({
          speech: [
            { kind: 'transcribe', model: 'whisper-large-v3', nodes: 1, own: 1, yours: true, asked: 0 },
            { kind: 'speech', model: 'tts-1', nodes: 0, own: 0, yours: false, asked: 4 },
            { kind: 'moderate', model: 'toxic-bert', nodes: 0, own: 2, yours: false, asked: 0 },
          ],
        }),
      ),
    );
    connectedTo();
    render(<DemandCard />);
    const section = await screen.findByTestId('demand-speech');
    const lines = within(section).getAllByRole('listitem').map(text);
    expect(lines).toEqual([
      expect.stringMatching(
        /whisper-large-v3.* \(speech to text\): 1 other person’s node serves it\. 1 of your other machines serves it too\. You offer it too\.$/,
      ),
      expect.stringMatching(
        /tts-1.* \(text to speech\): no other person’s node serves it\. Asked of your node 4 times this week\.$/,
      ),
      expect.stringMatching(
        /toxic-bert.* \(moderation\): no other person’s node serves it\. 2 of your other machines serve it too\.$/,
      ),
    ]);
  });

  it('without a speech or moderation node listed says so', async () => {
    provider.answer('getDemand', ok(demand()));
    connectedTo();
    render(<DemandCard />);
    const section = await screen.findByTestId('demand-speech');
    expect(text(section)).toContain('No node was listed for speech to text, text to speech or moderation.');
  });

  it('says how old the directory’s list of nodes is and how many it names: the one answer the other pages tell', async () => {
    provider.answer('getDemand', ok(demand()));
    connectedTo();
    render(<DemandCard />);
    await screen.findByTestId('demand-asked');
    expect(text(screen.getByTestId('demand-at'))).toMatch(
      /^The directory's list of nodes is from .+\. It listed 3 other nodes\.$/,
    );
  });

  it('without the list of nodes says only that, and why: no count of other nodes, no price, but what consumers asked', async () => {
    const problem = said('dashboard.demand.problem.noList', { why: 'unreachable' });
    provider.answer(
      'getDemand',
      ok(demand({ discoveredAt: null, scarce: [], mine: [], price: null, nodesSeen: 0, problem })),
    );
    connectedTo();
    render(<DemandCard />);
    await screen.findByTestId('demand-asked');
    expect(text(screen.getByTestId('demand-at'))).toBe('Not read from the directory yet.');
    expect(screen.getByTestId('demand-problem').textContent).toBe(
      'The directory could not be reached just now, so what other nodes serve is not known.',
    );
    const card = screen.getByTestId('network-demand');
    expect(card.textContent).not.toMatch(
      /no other (person’s )?node serves it|other (people’s |person’s )?nodes? serves? it|Your node offers no model yet/,
    );
    expect(screen.queryByTestId('demand-scarce')).toBeNull();
    expect(screen.queryByTestId('demand-price')).toBeNull();
  });

  it('shows what was asked of the node, what few nodes serve and the price, one sentence each', async () => {
    provider.answer('getDemand', ok(demand()));
    connectedTo();
    render(<DemandCard />);
    const asked = await screen.findByTestId('demand-asked');
    expect(provider.requests('getDemand')).toEqual([{ refresh: false }]);
    expect(within(screen.getByTestId('network-demand')).getByRole('heading', { level: 2 }).textContent).toBe(
      'What the network asks for',
    );
    expect(text(screen.getByTestId('demand-at'))).toMatch(
      /^The directory's list of nodes is from .+\. It listed 3 other nodes\.$/,
    );

    const askedLines = within(asked).getAllByRole('listitem');
    expect(askedLines.map((li) => text(li))).toEqual([
      expect.stringMatching(/^“llama3:70b”: asked 3 times this week\.Download to this LLM server$/),
      expect.stringMatching(/asked once this week\.$/),
    ]);
    expect(within(askedLines[0]!).getByTestId('quoted').textContent).toBe('“llama3:70b”');
    // A name the pull command would refuse gets no button, and is never a link.
    expect(within(askedLines[1]!).queryByRole('button')).toBeNull();
    expect(within(asked).queryAllByRole('link')).toEqual([]);

    const scarce = within(screen.getByTestId('demand-scarce'));
    expect(scarce.getAllByRole('listitem').map((li) => text(li))).toEqual([
      '“mistral:7b”: 1 other person’s node serves it.Download to this LLM server',
      // This computer, one other machine of the person's and one other person's node: each said apart.
      '“qwen2.5:7b”: 1 other person’s node serves it. 1 of your other machines serves it too. You offer it too.',
    ]);
    expect(scarce.getByTestId('demand-pull-mistral:7b')).toBeTruthy();
    // The one server the buttons download to is named once, in words, not as a button's jargon.
    expect(text(screen.getByTestId('demand-server'))).toBe('Models download to the LLM server at 127.0.0.1:11434.');
    expect(scarce.queryByTestId('demand-pull-qwen2.5:7b')).toBeNull();

    const price = within(screen.getByTestId('demand-price'));
    expect(text(price.getByText(/^You ask/))).toBe(
      'You ask 1 × the base rate; the median of 3 other people’s nodes is 1 ×; 1 asks less, 1 asks more, 1 asks the same.',
    );
    expect(text(price.getByRole('list', { name: 'Your models' }))).toBe(
      '“qwen2.5:7b”: 1 other person’s node serves it. 1 of your other machines serves it too.',
    );
  });

  it("quotes and cleans the names of the node's own models too: they are the LLM server's words, not ours", async () => {
    provider.answer('getDemand', ok(demand({ mine: [{ model: 'evil\u202Emodel\u0007', others: 0, own: 0 }] })));
    connectedTo();
    render(<DemandCard />);
    const mine = await screen.findByRole('list', { name: 'Your models' });
    const quoted = within(mine).getByTestId('quoted');
    expect(quoted.textContent).toBe('“evilmodel”');
    expect(text(mine).includes('\u202E') || text(mine).includes('\u0007')).toBe(false);
  });

  it('says so in one sentence when a list is empty, and shows the problem in plain words', async () => {
    const problem = said('dashboard.demand.problem.lastList', { why: 'unreachable' });
    provider.answer('getDemand', ok(demand({ asked: [], scarce: [], price: null, problem })));
    connectedTo();
    render(<DemandCard />);
    expect(
      await screen.findByText('No consumer asked your node for a model it does not offer this week.'),
    ).toBeTruthy();
    expect(screen.getByText('No model is served by only one or two other nodes.')).toBeTruthy();
    expect(screen.getByTestId('demand-problem').textContent).toBe(
      'The directory could not be reached just now: the figures are from its last list.',
    );
  });

  it('a list too big to read is said as such, with no figure built on it', async () => {
    const problem = said('dashboard.demand.problem.noList', { why: 'too_big' });
    provider.answer(
      'getDemand',
      ok(demand({ discoveredAt: null, scarce: [], mine: [], price: null, nodesSeen: 0, problem })),
    );
    connectedTo();
    render(<DemandCard />);
    expect((await screen.findByTestId('demand-problem')).textContent).toBe(
      "The directory's list of nodes was too big to read, so what other nodes serve is not known.",
    );
    expect(screen.queryByTestId('demand-scarce')).toBeNull();
  });

  it('pulls only on a click, onto the server chosen, with the model of the line', async () => {
    const user = userEvent.setup();
    provider.answer('getDemand', ok(demand({ pullTo: [OLLAMA, BIG_BOX] })));
    provider.answer(
      'pullModel',
      ok(withPull(pullInfo({ server: 'srv-2', completed: null, total: null, fraction: null, status: null }))),
    );
    connectedTo();
    render(<DemandCard />);
    await screen.findByTestId('demand-asked');
    expect(provider.requests('pullModel')).toEqual([]);
    await user.selectOptions(screen.getByLabelText('Download models to this LLM server'), 'srv-2');
    const button = screen.getByTestId('demand-pull-llama3:70b');
    expect(button.textContent).toBe('Download to this LLM server');
    expect(button.getAttribute('title')).toBe(BIG_BOX.url);
    await user.click(button);
    expect(provider.requests('pullModel')).toEqual([{ server: 'srv-2', model: 'llama3:70b' }]);
    // The answer's snapshot is on screen at once: the pull runs, without a size yet, and every Pull waits for it.
    const bar = await screen.findByTestId('demand-pull-progress');
    expect(bar.hasAttribute('value')).toBe(false);
    expect(screen.getByTestId('demand-pull-mistral:7b').getAttribute('aria-disabled')).toBe('true');
    await user.click(screen.getByTestId('demand-pull-mistral:7b'));
    expect(provider.requests('pullModel')).toHaveLength(1);
  });

  it('shows a running pull with its bar, figures and Ollama status, and Stop cancels it', async () => {
    const user = userEvent.setup();
    provider.answer('getDemand', ok(demand()));
    connectedTo(withPull(pullInfo()));
    provider.answer(
      'cancelPull',
      ok(withPull(pullInfo({ state: 'cancelled', words: said('dashboard.pull.stopped') }))),
    );
    render(<DemandCard />);
    const bar = await screen.findByTestId('demand-pull-progress');
    expect(bar.getAttribute('max')).toBe('1');
    expect(bar.getAttribute('value')).toBe('0.375');
    const state = screen.getByRole('status');
    expect(state.textContent).toBe('Downloading llama3:70b…');
    const box = within(screen.getByTestId('demand-pull'));
    const gb = (n: number) =>
      new Intl.NumberFormat(undefined, {
        style: 'unit',
        unit: 'gigabyte',
        unitDisplay: 'short',
        maximumFractionDigits: 1,
      }).format(n);
    expect(box.getByText(/ · /).textContent).toBe(
      `${new Intl.NumberFormat(undefined, { style: 'percent' }).format(0.375)} · ${gb(1.5)} of ${gb(4)}`,
    );
    expect(box.getByTestId('quoted').textContent).toBe('“pulling 6a0746a1ec1a”');
    await screen.findByTestId('demand-pull-llama3:70b');
    expect(screen.getByTestId('demand-pull-llama3:70b').getAttribute('aria-disabled')).toBe('true');

    await user.click(screen.getByTestId('demand-pull-stop'));
    expect(provider.requests('cancelPull')).toEqual([{}]);
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'The download was stopped. Ollama keeps what it downloaded for the next one.',
      ),
    );
    expect(screen.queryByTestId('demand-pull-progress')).toBeNull();
    expect(screen.getByTestId('demand-pull-llama3:70b').getAttribute('aria-disabled')).toBeNull();
  });

  it("never moves a pull's figure back: a new layer adds to the bytes, and the engine's share holds", async () => {
    provider.answer('getDemand', ok(demand()));
    const steps: Partial<PullInfo>[] = [
      { status: 'pulling 2bada8a74506', completed: 3_000_000_000, total: 4_000_000_000, fraction: 0.75 },
      // The projector's layer starts: 3 of 4.6 GB would be 65 %, so the engine holds 75 %.
      { status: 'pulling 0e1b2ad6c8e5', completed: 3_000_000_000, total: 4_600_000_000, fraction: 0.75 },
      { status: 'pulling 0e1b2ad6c8e5', completed: 3_680_000_000, total: 4_600_000_000, fraction: 0.8 },
    ];
    connectedTo(withPull(pullInfo(steps[0])));
    render(<DemandCard />);
    const shown: { bar: number; figures: string }[] = [];
    for (const [i, step] of steps.entries()) {
      if (i > 0) useProviderStore.getState().applySnapshot(withPull(pullInfo(step)));
      await waitFor(() =>
        expect(within(screen.getByTestId('demand-pull')).getByTestId('quoted').textContent).toBe(`“${step.status}”`),
      );
      const bar = screen.getByTestId('demand-pull-progress');
      shown.push({
        bar: Number(bar.getAttribute('value')) / Number(bar.getAttribute('max')),
        figures: text(within(screen.getByTestId('demand-pull')).getByText(/ · /)),
      });
    }
    const percent = (n: number) => new Intl.NumberFormat(undefined, { style: 'percent' }).format(n);
    expect(shown.map((s) => s.bar)).toEqual([0.75, 0.75, 0.8]);
    expect(shown.map((s) => s.figures.split(' · ')[0])).toEqual([percent(0.75), percent(0.75), percent(0.8)]);
    // The bytes say the truth meanwhile: more is known to come.
    expect(shown[1]!.figures).toMatch(/ of 4\.6\sGB$/);
  });

  it('shows a failed pull in our words with what Ollama said quoted', async () => {
    provider.answer('getDemand', ok(demand()));
    connectedTo(
      withPull(
        pullInfo({
          state: 'failed',
          status: 'pull model manifest: file does not exist',
          words: said('dashboard.pull.notFinished'),
        }),
      ),
    );
    render(<DemandCard />);
    expect((await screen.findByRole('status')).textContent).toBe('Ollama could not finish the download.');
    const box = within(screen.getByTestId('demand-pull'));
    expect(box.getByTestId('quoted').textContent).toBe('“pull model manifest: file does not exist”');
    expect(box.queryByTestId('demand-pull-stop')).toBeNull();
    expect(screen.queryByTestId('demand-pull-progress')).toBeNull();
  });

  it('says why a pull was refused', async () => {
    const user = userEvent.setup();
    provider.answer('getDemand', ok(demand()));
    provider.answer('pullModel', refusal('invalid_state', 'A pull is already running.'));
    connectedTo();
    render(<DemandCard />);
    await user.click(await screen.findByTestId('demand-pull-llama3:70b'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The download could not start: A pull is already running.',
    );
  });

  it('"Read again" asks the engine to read the directory now', async () => {
    const user = userEvent.setup();
    provider.answer('getDemand', ok(demand()));
    connectedTo();
    render(<DemandCard />);
    await screen.findByTestId('demand-asked');
    provider.answer('getDemand', ok(demand({ asked: [] })));
    await user.click(screen.getByTestId('demand-refresh'));
    await waitFor(() => expect(provider.requests('getDemand')).toEqual([{ refresh: false }, { refresh: true }]));
    expect(
      await screen.findByText('No consumer asked your node for a model it does not offer this week.'),
    ).toBeTruthy();
  });

  it('says why the figures could not be read', async () => {
    provider.answer('getDemand', refusal('engine_unavailable', 'The node is not running.'));
    connectedTo();
    render(<DemandCard />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The figures could not be read: The node is not running.',
    );
  });

  it('asks again, from the last read, when the node offers other models (a pull finished)', async () => {
    provider.answer('getDemand', ok(demand()));
    connectedTo();
    render(<DemandCard />);
    await screen.findByTestId('demand-asked');
    useProviderStore
      .getState()
      .applySnapshot(snapshot({ version: ++version, backend: { models: ['qwen2.5:7b', 'llama3:70b'] } }));
    await waitFor(() => expect(provider.requests('getDemand')).toEqual([{ refresh: false }, { refresh: false }]));
  });
});
