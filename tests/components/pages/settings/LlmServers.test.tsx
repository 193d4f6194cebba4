/**
 * "LLM servers" on the Settings page: every server behind the node with its address, kind, status, models, what they
 * serve, tasks and where it runs (the one chosen in setup first), Remove for the added ones only and only once
 * asked, and "Add a server", which looks at an address as the setup wizard does before adding it, says what is wrong
 * with "Use it anyway", says why the engine refused one, and is emptied once one is added.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { DetectedBackend, LlmServerInfo } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { LlmServers } from '@renderer/pages/settings/LlmServers';
import { fact } from '../../support/facts';
import { connectedTo, DETECTED_OLLAMA, settings, snapshot } from '../../support/fixtures';
import { ok, provider, refusal } from '../../support/provider';

const MAIN: LlmServerInfo = {
  id: 'main',
  url: 'http://127.0.0.1:11434',
  flavour: 'ollama',
  status: 'healthy',
  models: ['qwen2.5:7b', 'llama3:8b'],
  serves: ['chat'],
  leftOut: [],
  leftOutCount: 0,
  loaded: 1,
  busy: 1,
  message: null,
  hasKey: false,
  onThisComputer: true,
};

const ADDED: LlmServerInfo = {
  id: 'b7k2',
  url: 'http://192.168.1.20:8000',
  flavour: 'vllm',
  status: 'unreachable',
  models: [],
  serves: [],
  leftOut: [],
  leftOutCount: 0,
  loaded: null,
  busy: 0,
  message: said('engine.backend.unreachable'),
  hasKey: true,
  onThisComputer: false,
};

const STORED = settings({ backendUrl: MAIN.url, moreBackends: [{ id: ADDED.id, url: ADDED.url }] });

/** The wizard's look at `url` answering as `patch` says (by default: Ollama with one chat model). */
function looked(url: string, patch: Partial<DetectedBackend> = {}) {
  provider.answer(
    'detectBackends',
    ok({ candidates: [{ ...DETECTED_OLLAMA, url, source: 'added' as const, ...patch }], elapsedMs: 40 }),
  );
}

function open() {
  const replace = vi.fn();
  connectedTo(snapshot({ backend: { servers: [MAIN, ADDED] } }));
  render(<LlmServers replace={replace} />);
  return { card: within(screen.getByTestId('llm-servers')), replace };
}

describe('LlmServers', () => {
  it('lists each server: the one chosen in setup first, with its status, models, tasks and where it runs', () => {
    const { card } = open();
    screen.getByRole('region', { name: 'LLM servers' });
    card.getByText(
      'The node offers the models of all your servers together and sends each task to a server that has its model.',
    );
    const rows = within(card.getByRole('list', { name: 'Your LLM servers' })).getAllByTestId(/^llm-server-[a-z0-9]+$/);
    expect(rows.map((r) => r.dataset.testid)).toEqual(['llm-server-main', 'llm-server-b7k2']);

    const main = card.getByTestId('llm-server-main');
    expect(main.dataset.status).toBe('healthy');
    expect(within(main).getByText('http://127.0.0.1:11434').tagName).toBe('CODE');
    within(main).getByText('Ollama');
    within(main).getByText('Chosen in setup');
    within(main).getByText('Running');
    expect(fact(main, 'Models (2)')).toBe('“qwen2.5:7b”“llama3:8b”');
    expect(
      within(main)
        .getAllByTestId('quoted')
        .map((q) => q.textContent),
    ).toEqual(['“qwen2.5:7b”', '“llama3:8b”']);
    expect(fact(main, 'Serves')).toBe('chat');
    expect(fact(main, 'Tasks')).toBe('1 task running');
    expect(fact(main, 'Where')).toBe('Runs on this computer');
    expect(fact(main, 'API key')).toBe('');
    expect(within(main).queryByText(/^Left out/)).toBeNull();

    const added = card.getByTestId('llm-server-b7k2');
    expect(added.dataset.status).toBe('unreachable');
    expect(within(added).getByText('http://192.168.1.20:8000').tagName).toBe('CODE');
    within(added).getByText('vLLM');
    within(added).getByText('Not responding');
    expect(within(added).queryByText('Chosen in setup')).toBeNull();
    within(added).getByText('The local LLM server is not responding.');
    expect(fact(added, 'Models (0)')).toBe('None right now');
    expect(within(added).queryByText('Serves')).toBeNull();
    expect(fact(added, 'Tasks')).toBe('0 tasks running');
    expect(fact(added, 'Where')).toBe('On another computer (its GPU is not freed for you)');
    expect(fact(added, 'API key')).toBe('Stored');
  });

  it('tells a speech server from an LLM server by what its models do, one server serving several kinds', () => {
    const whisper: LlmServerInfo = {
      ...ADDED,
      id: 'w1',
      url: 'http://127.0.0.1:8081',
      flavour: 'whispercpp',
      status: 'healthy',
      message: null,
      models: ['whisper.cpp'],
      serves: ['transcribe'],
    };
    const localAi: LlmServerInfo = {
      ...whisper,
      id: 'l1',
      url: 'http://127.0.0.1:8080',
      flavour: 'localai',
      models: ['llama-3', 'whisper-1', 'tts-1'],
      serves: ['chat', 'transcribe', 'speech'],
    };
    connectedTo(snapshot({ backend: { servers: [MAIN, whisper, localAi] } }));
    render(<LlmServers replace={vi.fn()} />);
    const serves = (id: string) =>
      within(within(screen.getByTestId(`llm-server-${id}`)).getByRole('list', { name: 'Serves' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent);
    expect(serves('w1')).toEqual(['transcription']);
    expect(serves('l1')).toEqual(['chat', 'transcription', 'speech']);
    expect(serves('main')).toEqual(['chat']);
  });

  it('names the models a server lists but the node left out, quoted and cleaned, each with why, while the rest serve', () => {
    const box: LlmServerInfo = {
      ...ADDED,
      status: 'healthy',
      message: null,
      models: ['mistral:7b'],
      leftOut: [
        { name: 'huge-license:latest', why: 'too_large' },
        { name: 'odd\u202Emodel:1b\u0007', why: 'not_understood' },
        { name: 'esc red', why: 'name_control' },
        { name: 'evilgnp.exe', why: 'name_invisible' },
        { name: '<img src=x onerror=alert(1)>', why: 'name_markup' },
        { name: 'huge-context:7b', why: 'context' },
        { name: 'flood-0125', why: 'too_many' },
      ],
      leftOutCount: 2888,
    };
    connectedTo(snapshot({ backend: { servers: [MAIN, box] } }));
    render(<LlmServers replace={vi.fn()} />);
    const row = screen.getByTestId('llm-server-b7k2');
    expect(row.dataset.status).toBe('healthy');
    expect(fact(row, 'Models (1)')).toBe('“mistral:7b”');
    within(row).getByText('The server lists these models, but the node does not offer them.');
    const left = within(row).getByRole('list', { name: 'Models left out' });
    expect(
      within(left)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      '“huge-license:latest”: the server’s description of it is too large to read.',
      '“oddmodel:1b”: the server’s description of it is not in a form the node can read.',
      '“esc red”: its name contains control characters, such as those that colour text in a terminal.',
      '“evilgnp.exe”: its name contains invisible characters, such as those that reverse the direction of text.',
      '“<img src=x onerror=alert(1)>”: its name contains characters that web pages read as markup.',
      '“huge-context:7b”: the server reports a context length that is not a whole number from 1 to 134,217,728 tokens.',
      '“flood-0125”: the node advertises at most 128 models, shared fairly among its servers, and this one is past this server’s share.',
    ]);
    // The names are the server's words, never ours: each in a quotation of its own, as text, never an element.
    expect(
      within(left)
        .getAllByTestId('quoted')
        .map((q) => q.textContent),
    ).toEqual([
      '“huge-license:latest”',
      '“oddmodel:1b”',
      '“esc red”',
      '“evilgnp.exe”',
      '“<img src=x onerror=alert(1)>”',
      '“huge-context:7b”',
      '“flood-0125”',
    ]);
    expect(left.querySelector('img')).toBeNull();
    // All of them are counted, the first ones named.
    expect(within(row).getByText('Left out (2,888)').tagName).toBe('DT');
    within(row).getByText('2,881 more models are left out.');
  });

  it('asks before it removes an added server, and removes it by its id only once confirmed', async () => {
    const user = userEvent.setup();
    provider.answer('removeServer', ok({ ...STORED, moreBackends: [] }));
    const { card, replace } = open();
    expect(card.queryByTestId('llm-server-remove-main')).toBeNull();
    expect(within(card.getByTestId('llm-server-main')).queryByRole('button')).toBeNull();

    await user.click(card.getByRole('button', { name: 'Remove the server at http://192.168.1.20:8000' }));
    expect(provider.requests('removeServer')).toEqual([]);
    const question = card.getByRole('group', {
      name: 'Stop using the server at http://192.168.1.20:8000? The node stops offering its models. You can add it again later.',
    });
    expect(question.contains(document.activeElement)).toBe(true);

    await user.click(within(question).getByRole('button', { name: 'Remove it' }));
    expect(provider.requests('removeServer')).toEqual([{ id: 'b7k2' }]);
    expect((await card.findByRole('status')).textContent).toBe(
      'The server at http://192.168.1.20:8000 is no longer used.',
    );
    expect(replace).toHaveBeenCalledWith({ ...STORED, moreBackends: [] });
  });

  it('keeps the server when the question is put away with "Keep it" or Escape, focus back on Remove', async () => {
    const user = userEvent.setup();
    const { card } = open();
    const remove = card.getByRole('button', { name: 'Remove the server at http://192.168.1.20:8000' });
    await user.click(remove);
    await user.click(card.getByRole('button', { name: 'Keep it' }));
    expect(card.queryByTestId('llm-server-confirm-b7k2')).toBeNull();
    expect(document.activeElement).toBe(card.getByTestId('llm-server-remove-b7k2'));

    await user.click(card.getByTestId('llm-server-remove-b7k2'));
    await user.keyboard('{Escape}');
    expect(card.queryByTestId('llm-server-confirm-b7k2')).toBeNull();
    expect(document.activeElement).toBe(card.getByTestId('llm-server-remove-b7k2'));
    expect(provider.requests('removeServer')).toEqual([]);
  });

  it('says why a removal failed beside its button', async () => {
    const user = userEvent.setup();
    provider.answer('removeServer', refusal('store_error', 'The settings could not be saved.'));
    const { card, replace } = open();
    await user.click(card.getByTestId('llm-server-remove-b7k2'));
    await user.click(card.getByTestId('llm-server-remove-confirm-b7k2'));
    expect((await within(card.getByTestId('llm-server-b7k2')).findByRole('alert')).textContent).toBe(
      'The settings could not be saved.',
    );
    expect(replace).not.toHaveBeenCalled();
  });

  it('shows the engine’s refusal of an address and keeps what was typed', async () => {
    const user = userEvent.setup();
    const WHY = 'Only a server on this computer or your local network can be added.';
    looked('http://203.0.113.9:11434');
    provider.answer(
      'addServer',
      refusal('invalid_request', WHY, [{ path: 'url', message: 'must be on this computer or your local network' }]),
    );
    const { card, replace } = open();
    await user.type(card.getByTestId('add-server-url'), 'http://203.0.113.9:11434');
    await user.type(card.getByTestId('add-server-key'), 'sk-secret');
    await user.click(card.getByTestId('add-server-submit'));

    const error = await card.findByTestId('add-server-error');
    expect(provider.requests('detectBackends')).toEqual([
      { extraUrls: ['http://203.0.113.9:11434'], apiKeys: [{ url: 'http://203.0.113.9:11434', apiKey: 'sk-secret' }] },
    ]);
    expect(provider.requests('addServer')).toEqual([{ url: 'http://203.0.113.9:11434', apiKey: 'sk-secret' }]);
    expect(error.textContent).toBe(WHY);
    expect(error.getAttribute('role')).toBe('alert');
    expect(card.queryByRole('button', { name: /anyway/ })).toBeNull();
    expect((card.getByTestId('add-server-url') as HTMLInputElement).value).toBe('http://203.0.113.9:11434');
    expect(replace).not.toHaveBeenCalled();
  });

  it('adds a server that answers with models: the key field is a password field, the form is emptied and the result said', async () => {
    const user = userEvent.setup();
    const added = { ...STORED, moreBackends: [...STORED.moreBackends, { id: 'c9d3', url: 'http://127.0.0.1:1234' }] };
    looked('http://127.0.0.1:1234', { flavour: 'lmstudio' });
    provider.answer('addServer', ok(added));
    const { card, replace } = open();
    const key = card.getByLabelText('API key (optional)') as HTMLInputElement;
    expect(key.type).toBe('password');
    expect(key.autocomplete).toBe('off');

    await user.type(card.getByLabelText('Server address'), '127.0.0.1:1234/v1');
    await user.click(card.getByRole('button', { name: 'Add' }));
    expect((await card.findByRole('status')).textContent).toBe(
      'Added http://127.0.0.1:1234. The node looks at it now; it shows in the list in a moment.',
    );
    expect(provider.requests('detectBackends')).toEqual([{ extraUrls: ['http://127.0.0.1:1234'], apiKeys: [] }]);
    expect(provider.requests('addServer')).toEqual([{ url: 'http://127.0.0.1:1234', apiKey: null }]);
    expect((card.getByTestId('add-server-url') as HTMLInputElement).value).toBe('');
    expect(card.queryByTestId('add-server-error')).toBeNull();
    expect(replace).toHaveBeenCalledWith(added);
  });

  it.each<[string, Partial<DetectedBackend>, string]>([
    [
      'nothing answers there',
      {
        found: false,
        flavour: null,
        models: [],
        problem: { id: 'setup.problem.nothing', values: { url: 'http://192.168.1.77:11434' } },
      },
      'No LLM server answered at http://192.168.1.77:11434. Check that it runs and that the address is right.',
    ],
    [
      'it asks for a key',
      { needsApiKey: true, models: [] },
      'The server at http://192.168.1.77:11434 asks for an API key. Enter its key above and add it again.',
    ],
    [
      'it lists no models',
      { models: [] },
      'The server at http://192.168.1.77:11434 answers, but it lists no models, so the node would offer nothing from it.',
    ],
  ])('does not add a server when %s: it says so, and "Use it anyway" adds it all the same', async (_, patch, words) => {
    const user = userEvent.setup();
    const URL = 'http://192.168.1.77:11434';
    const added = { ...STORED, moreBackends: [...STORED.moreBackends, { id: 'd4e5', url: URL }] };
    looked(URL, patch);
    provider.answer('addServer', ok(added));
    const { card, replace } = open();
    await user.type(card.getByTestId('add-server-url'), URL);
    await user.click(card.getByTestId('add-server-submit'));

    expect((await card.findByTestId('add-server-error')).textContent).toBe(words);
    expect(provider.requests('addServer')).toEqual([]);
    expect(replace).not.toHaveBeenCalled();
    await user.click(card.getByRole('button', { name: `Use ${URL} anyway` }));
    expect((await card.findByRole('status')).textContent).toBe(
      `Added ${URL}. The node looks at it now; it shows in the list in a moment.`,
    );
    expect(provider.requests('addServer')).toEqual([{ url: URL, apiKey: null, confirmLinkLocal: true }]);
    expect(provider.requests('detectBackends')).toHaveLength(1);
    expect(replace).toHaveBeenCalledWith(added);
  });

  it('says at the field what is wrong with an address before asking the engine', async () => {
    const user = userEvent.setup();
    const { card } = open();
    await user.click(card.getByTestId('add-server-submit'));
    card.getByRole('textbox', {
      name: 'Server address',
      description: 'Enter the address of the server, for example http://192.168.1.20:11434.',
    });
    expect(provider.requests('detectBackends')).toEqual([]);
    expect(provider.requests('addServer')).toEqual([]);
  });

  it('asks before it adds a link-local address: the look does not call it, then "Use it anyway" sends it confirmed', async () => {
    const user = userEvent.setup();
    const METADATA = 'http://169.254.169.254';
    const WHY =
      "http://169.254.169.254 is a link-local address, like a cloud provider's metadata service. The node does not call it unless you confirm it.";
    const added = { ...STORED, moreBackends: [...STORED.moreBackends, { id: 'm3t4', url: METADATA }] };
    looked(METADATA, {
      found: false,
      flavour: null,
      models: [],
      needsConfirmation: true,
      problem: { id: 'setup.problem.linkLocal', values: { byName: 'no' } },
    });
    provider.answer('addServer', (request) =>
      request.confirmLinkLocal ? ok(added) : refusal('needs_confirmation', 'Link-local.'),
    );
    const { card, replace } = open();
    await user.type(card.getByTestId('add-server-url'), METADATA);
    await user.type(card.getByTestId('add-server-key'), 'sk-meta');
    await user.click(card.getByTestId('add-server-submit'));

    expect((await card.findByRole('alert')).textContent).toBe(WHY);
    expect(provider.requests('addServer')).toEqual([]);
    expect(replace).not.toHaveBeenCalled();
    await user.click(card.getByRole('button', { name: `Use ${METADATA} anyway` }));
    expect((await card.findByRole('status')).textContent).toBe(
      `Added ${METADATA}. The node looks at it now; it shows in the list in a moment.`,
    );
    expect(provider.requests('addServer')).toEqual([{ url: METADATA, apiKey: 'sk-meta', confirmLinkLocal: true }]);
    expect(replace).toHaveBeenCalledWith(added);
    expect(card.queryByRole('button', { name: /anyway/ })).toBeNull();
    expect(card.queryByTestId('add-server-error')).toBeNull();
  });

  it('offers "Use it anyway" for the engine’s own request to confirm only, and forgets it once the address is changed', async () => {
    const user = userEvent.setup();
    provider.answer('detectBackends', (request) =>
      ok({ candidates: [{ ...DETECTED_OLLAMA, url: request.extraUrls[0]!, source: 'added' as const }], elapsedMs: 40 }),
    );
    provider.answer('addServer', (request) =>
      request.url.includes('10.0.0.')
        ? refusal('needs_confirmation', 'Confirm it.')
        : refusal('invalid_request', 'Only a server on this computer or your local network can be used.'),
    );
    const { card } = open();
    await user.type(card.getByTestId('add-server-url'), 'http://8.8.8.8:11434');
    await user.click(card.getByTestId('add-server-submit'));
    await card.findByRole('alert');
    expect(card.queryByRole('button', { name: /anyway/ })).toBeNull();

    await user.clear(card.getByTestId('add-server-url'));
    await user.type(card.getByTestId('add-server-url'), 'http://10.0.0.2:11434');
    await user.click(card.getByTestId('add-server-submit'));
    await card.findByRole('button', { name: 'Use http://10.0.0.2:11434 anyway' });
    await user.type(card.getByTestId('add-server-url'), '5');
    expect(card.queryByRole('button', { name: /anyway/ })).toBeNull();
    expect(provider.requests('addServer').every((r) => !r.confirmLinkLocal)).toBe(true);
  });
});
