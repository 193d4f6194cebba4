/**
 * The Dashboard's LLM server card with two servers: each has its own line with its own address and its own models, so
 * no model is counted under the address of a server that does not run it.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LlmServerInfo } from '@shared/contract';
import { NodeFacts } from '@renderer/pages/dashboard/NodeFacts';
import { connectedTo, snapshot } from '../../support/fixtures';

function server(o: Pick<LlmServerInfo, 'id' | 'url' | 'flavour' | 'models'> & Partial<LlmServerInfo>): LlmServerInfo {
  return {
    status: 'healthy',
    serves: ['chat'],
    leftOut: [],
    leftOutCount: 0,
    loaded: null,
    busy: 0,
    message: null,
    hasKey: false,
    onThisComputer: true,
    ...o,
  };
}

const MAIN = server({
  id: 'main',
  url: 'http://127.0.0.1:11434',
  flavour: 'ollama',
  models: ['qwen2.5:7b', 'llama3:8b'],
});
const BOX = server({
  id: 'srv-2',
  url: 'http://192.168.1.20:1234',
  flavour: 'lmstudio',
  models: ['mistral:7b', 'phi3:mini'],
  onThisComputer: false,
});

const text = (e: HTMLElement) => (e.textContent ?? '').replace(/\u00a0/g, ' ');

describe('NodeFacts: the LLM server card', () => {
  it('with two servers, gives each its own line: its address, its kind and its own models', () => {
    const snap = snapshot({
      backend: {
        url: MAIN.url,
        flavour: 'ollama',
        models: [...MAIN.models, ...BOX.models],
        servers: [MAIN, BOX],
      },
    });
    connectedTo(snap);
    render(<NodeFacts snapshot={snap} />);
    expect(screen.getByRole('heading', { name: 'Local LLM servers' })).toBeTruthy();
    const lines = screen.getAllByTestId('backend-server');
    expect(lines.map((l) => l.getAttribute('data-server'))).toEqual(['main', 'srv-2']);
    const [first, second] = lines.map((l) => within(l));
    expect(text(lines[0]!)).toContain('127.0.0.1:11434');
    expect(text(lines[0]!)).toContain('Ollama');
    expect(first!.getByText('Models (2)')).toBeTruthy();
    expect(first!.getAllByRole('listitem').map(text)).toEqual(['qwen2.5:7b', 'llama3:8b']);
    expect(text(lines[1]!)).toContain('192.168.1.20:1234');
    expect(text(lines[1]!)).toContain('LM Studio');
    expect(second!.getByText('Models (2)')).toBeTruthy();
    expect(second!.getAllByRole('listitem').map(text)).toEqual(['mistral:7b', 'phi3:mini']);
    // No line counts all four models under one address.
    expect(screen.queryByText('Models (4)')).toBeNull();
  });

  it('with two servers, says which one does not serve, and that it offers nothing now', () => {
    const down = { ...BOX, status: 'unreachable' as const, models: [] };
    const snap = snapshot({ backend: { servers: [MAIN, down], models: MAIN.models } });
    connectedTo(snap);
    render(<NodeFacts snapshot={snap} />);
    const second = screen.getAllByTestId('backend-server')[1]!;
    expect(text(second)).toContain('Models (0)');
    expect(text(second)).toContain('None offered now');
    expect(second.querySelector('[data-tone]')).not.toBeNull();
  });
});
