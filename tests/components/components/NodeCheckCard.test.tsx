/**
 * "Check my node" shows the directory's instant dial as soon as the snapshot carries it, before the task check's
 * report: the verdict, our sentence, how long the dial took, the directory's own code as quoted data, and the time.
 */
import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { said } from '@shared/i18n/said';
import type { DirectoryProbe, NodeSnapshot } from '@shared/contract';
import { NodeCheckCard } from '@renderer/components/NodeCheckCard';
import { useProviderStore } from '@renderer/store';
import { AT, connectedTo, snapshot } from '../support/fixtures';

afterEach(() => useProviderStore.getState().setLanguage('system'));

function withProbe(probe: DirectoryProbe | null, running = false): NodeSnapshot {
  const base = snapshot();
  return { ...base, reachability: { ...base.reachability, check: { running, last: null, probe } } };
}

const text = (el: HTMLElement) => (el.textContent ?? '').replace(/\u00a0/g, ' ');

describe('NodeCheckCard', () => {
  it('shows the directory reaching the node while the task check still runs', () => {
    const snap = withProbe(
      { at: AT, outcome: 'reachable', latencyMs: 1234, words: said('network.probe.words.reached') },
      true,
    );
    connectedTo(snap);
    render(<NodeCheckCard snapshot={snap} />);
    const line = screen.getByTestId('directory-probe');
    expect(line.getAttribute('data-outcome')).toBe('reachable');
    expect(text(line)).toMatch(
      /^The directory’s instant check: Reached The directory reached your node just now\. It took 1,234 ms\. \(asked at .+\)$/,
    );
    expect(screen.queryByTestId('node-check-report')).toBeNull();
  });

  it('an unreachable answer: our words, with the directory’s own code quoted', () => {
    const snap = withProbe({
      at: AT,
      outcome: 'unreachable',
      latencyMs: null,
      words: said('network.probe.words.refused'),
      quoted: 'connection_refused',
    });
    connectedTo(snap);
    render(<NodeCheckCard snapshot={snap} />);
    const line = screen.getByTestId('directory-probe');
    expect(line.getAttribute('data-outcome')).toBe('unreachable');
    expect(within(line).getByTestId('quoted').textContent).toBe('“connection_refused”');
    expect(text(line)).not.toContain('It took');
  });

  it('a directory that does not dial is never said to have dialled in, in English or German', () => {
    const snap = withProbe({
      at: AT,
      outcome: 'not_offered',
      latencyMs: null,
      words: said('network.probe.words.notOffered'),
    });
    connectedTo(snap);
    const { unmount } = render(<NodeCheckCard snapshot={snap} />);
    expect(text(screen.getByTestId('directory-probe'))).toMatch(
      /^The directory’s instant check: Not offered This directory does not offer an instant check\. \(asked at .+\)$/,
    );
    unmount();
    useProviderStore.getState().setLanguage('de');
    render(<NodeCheckCard snapshot={snap} />);
    expect(text(screen.getByTestId('directory-probe'))).toMatch(
      /^Die Sofortprüfung des Verzeichnisses: Nicht angeboten Dieses Verzeichnis bietet keine Sofortprüfung an\. /,
    );
  });

  it('the directory’s own words never reach the page: only a plain code is quoted', () => {
    const words = 'The directory could not reach your node.';
    for (const quoted of ['call +1 555 0100 to fix your node', 'connection\u200b_refused', 'IICP-E049\u202e']) {
      const snap = withProbe({
        at: AT,
        outcome: 'unreachable',
        latencyMs: null,
        words: said('network.probe.words.unreached'),
        quoted,
      });
      connectedTo(snap);
      const { unmount } = render(<NodeCheckCard snapshot={snap} />);
      const line = screen.getByTestId('directory-probe');
      expect(text(line)).not.toMatch(/555|call|connection|IICP/);
      expect(within(line).queryByTestId('quoted')).toBeNull();
      expect(text(line)).toContain(words);
      unmount();
    }
  });

  it('says the directory’s dial in German when the page speaks German', () => {
    useProviderStore.getState().setLanguage('de');
    const snap = withProbe({
      at: AT,
      outcome: 'unreachable',
      latencyMs: null,
      words: said('network.probe.words.timeout'),
      quoted: 'timeout',
    });
    connectedTo(snap);
    render(<NodeCheckCard snapshot={snap} />);
    const line = text(screen.getByTestId('directory-probe'));
    expect(line).toContain(
      'Das Verzeichnis konnte Ihren Knoten nicht erreichen: Innerhalb von 5 Sekunden kam keine Antwort.',
    );
    expect(line).not.toContain('could not reach');
  });

  it('no answer yet: nothing about the directory’s dial', () => {
    const snap = withProbe(null);
    connectedTo(snap);
    render(<NodeCheckCard snapshot={snap} />);
    expect(screen.queryByTestId('directory-probe')).toBeNull();
  });
});
