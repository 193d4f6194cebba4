/**
 * The Dashboard's directory line for a person whose browser speaks German: the link's own sentence (made by the engine
 * as a sentence by id) is said in German, beside its badge and without repeating it, and no English is left.
 */
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import { speakWith } from '@shared/i18n/current';
import { NodeFacts } from '@renderer/pages/dashboard/NodeFacts';
import { currentSay } from '@renderer/i18n/useT';
import { connectedTo, snapshot, type SnapshotPatch } from '../../support/fixtures';
import { inLocale } from '../../support/locale';

inLocale('de-DE');

beforeEach(() => {
  speakWith(currentSay);
});

afterEach(() => {
  speakWith(() => english);
});

function directoryLine(patch: SnapshotPatch): string {
  const snap = snapshot(patch);
  connectedTo(snap);
  render(<NodeFacts snapshot={snap} />);
  return (screen.getByTestId('directory-link').textContent ?? '').replace(/\u00a0/g, ' ');
}

describe('the Dashboard directory line in German', () => {
  it('a node not registered for want of a public address says so in German, its reason alone beside the badge', () => {
    const line = directoryLine({
      directory: {
        link: 'not_configured',
        message: said('network.link.notRegistered', { why: said('network.link.why.noPublicAddress') }),
      },
      reachability: { status: 'not_reachable' },
    });
    expect(line).toContain('Nicht registriert');
    expect(line).toContain('Dieser Knoten hat noch keine öffentliche Adresse (siehe die Seite „Netzwerk“).');
    expect(line).not.toContain('Nicht registriert: ');
    for (const en of ['Not registered', 'public address', 'Network page']) expect(line).not.toContain(en);
  });

  it('a refused registration names the parts the directory found wrong in German', () => {
    const line = directoryLine({
      directory: {
        link: 'rejected',
        message: said('network.link.failure.refusedParts', {
          parts: said('network.link.failure.list', {
            first: said('network.link.field.region'),
            rest: said('network.link.field.price'),
          }),
        }),
      },
    });
    expect(line).toContain(
      'Das Verzeichnis hat die Registrierung abgelehnt. Es hat ein Problem mit der Region, dem Preis gefunden.',
    );
    for (const en of ['The directory', 'refused', 'the region', 'the price']) expect(line).not.toContain(en);
  });
});
