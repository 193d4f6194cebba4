/**
 * The shared pieces every page shows while the node is not there yet, in the person's language: with the browser in
 * German, the waiting words, a failure and its button are German, and no English sentence is left.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { WaitingForNode } from '@renderer/components/WaitingForNode';
import { LevelBadge } from '@renderer/components/ui/LevelBadge';
import { useProviderStore } from '@renderer/store';
import { inLocale } from '../support/locale';

describe('waiting for the node, for a person in Germany', () => {
  inLocale('de-DE');

  it('says in German that it connects, waits, or could not load, with a German button', () => {
    useProviderStore.setState({
      language: 'system',
      connection: { kind: 'connecting' },
      snapshot: null,
      snapshotError: null,
    });
    const { rerender, container } = render(<WaitingForNode />);
    expect(container.textContent).toBe('Verbindung zum Knoten wird hergestellt …');
    useProviderStore.setState({ connection: { kind: 'connected' } });
    rerender(<WaitingForNode />);
    expect(container.textContent).toBe('Warten auf die erste Statusmeldung des Knotens …');
    useProviderStore.setState({ snapshotError: 'timeout' });
    rerender(<WaitingForNode />);
    expect(container.textContent).toContain('Der Zustand des Knotens konnte nicht geladen werden: timeout');
    expect(screen.getByRole('button', { name: 'Erneut versuchen' })).toBeTruthy();
    expect(container.textContent).not.toMatch(/Try again|could not be loaded|Connecting/);
  });

  it('names an event’s level in German', () => {
    useProviderStore.setState({ language: 'system' });
    const { container } = render(
      <>
        <LevelBadge level="info" />
        <LevelBadge level="warn" />
        <LevelBadge level="error" />
      </>,
    );
    expect(container.textContent).toBe('HinweisWarnungFehler');
  });
});
