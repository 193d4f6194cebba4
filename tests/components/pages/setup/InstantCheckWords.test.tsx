/**
 * Step 3's button and the answer under it name one check with one word: the button runs what the answer is headed,
 * "The directory's instant check" (German "Die Sofortprüfung des Verzeichnisses"), in both languages.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DirectoryProbe } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { SetupWizard } from '@renderer/pages/setup/SetupWizard';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { AT, connectedTo, settings, snapshot } from '../../support/fixtures';
import { inLocale } from '../../support/locale';
import { ok, provider } from '../../support/provider';

const probe: DirectoryProbe = {
  at: AT,
  outcome: 'reachable',
  latencyMs: 40,
  words: said('network.probe.words.reached'),
};

async function openStep() {
  const snap = snapshot({ reachability: { check: { running: false, last: null, probe } } });
  provider.answer('getSettings', ok(settings({ directoryUrl: 'https://iicp.network/api' })));
  provider.answer('checkDirectory', () =>
    ok({ url: '', ok: true, words: said('setup.dirCheck.answered', { ms: 80 }), ms: 80, details: 'HTTP 200', at: AT }),
  );
  provider.answer('probeNode', ok(snap));
  connectedTo(snap);
  useWizard.getState().reset();
  useWizard.setState({ step: 3 });
  render(<SetupWizard />);
  return screen.findByTestId('wizard-directory-dial');
}

/** The check a heading names: "The directory's instant check:" is "directory's instant check". */
const term = (heading: string) =>
  heading
    .replace(/^(The|Die)\s+/, '')
    .replace(/:\s*$/, '')
    .toLowerCase();

function sameCheck(dial: HTMLElement, heading: string, button: string) {
  expect(within(dial).getByTestId('directory-probe').textContent).toMatch(new RegExp(`^${heading}`));
  const run = within(dial).getByTestId('directory-probe-run');
  expect(run.textContent).toBe(button);
  expect(run.textContent!.toLowerCase()).toContain(term(heading));
}

describe('step 3 names the instant check with one word (en-US)', () => {
  inLocale('en-US');
  it('runs "the directory’s instant check" from a button that says so', async () => {
    sameCheck(await openStep(), 'The directory’s instant check:', 'Run the directory’s instant check');
  });
});

describe('step 3 names the instant check with one word (de-DE)', () => {
  inLocale('de-DE');
  it('startet „die Sofortprüfung des Verzeichnisses“ mit einem Knopf, der sie so nennt', async () => {
    sameCheck(
      await openStep(),
      'Die Sofortprüfung des Verzeichnisses:',
      'Die Sofortprüfung des Verzeichnisses starten',
    );
  });
});
