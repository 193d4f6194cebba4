/**
 * The setup wizard's identity step (step 6, before "Start"): create an operator identity with a name, import one from
 * another computer's file (a wrong passphrase said at its field), or skip for now; the fingerprint is shown once
 * there is an identity, and Next goes on to the start step.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OperatorInfo } from '@shared/contract';
import { SetupWizard } from '@renderer/pages/setup/SetupWizard';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { activeOperator, connectedTo, operator, settings, snapshot } from '../../support/fixtures';
import { later, ok, provider, refusal } from '../../support/provider';

const EXPORT = '{"kind":"iicp-operator-export","v":1,"sealed":"…"}';

async function openStep(info: OperatorInfo = operator()) {
  provider.answer('getSettings', ok(settings()));
  connectedTo(snapshot({ operator: info }));
  useWizard.setState({ step: 6 });
  render(<SetupWizard />);
  await screen.findByRole('heading', { name: 'Your operator identity' });
  return within(screen.getByRole('region', { name: 'Your operator identity' }));
}

const next = () => screen.getByRole('button', { name: 'Next' });

beforeEach(() => {
  useWizard.getState().reset();
});

describe('StepIdentity', () => {
  it('sits before the start step, and waits for a choice', async () => {
    const step = await openStep();
    const items = within(screen.getByTestId('wizard-stepper')).getAllByRole('listitem');
    expect(items.map((i) => i.textContent?.replace(/\s*\(step.*$/, '').replace(/^\d/, ''))).toEqual([
      'Find your LLM server',
      'Choose models',
      'Network',
      'How much to share',
      'Start with your computer',
      'Operator identity',
      'Start',
    ]);
    expect(items[5]!.getAttribute('aria-current')).toBe('step');
    step.getByText('Step 6 of 7');
    step.getByRole('radio', { name: 'Create a new identity' });
    step.getByRole('radio', { name: 'Import the identity from another computer' });
    step.getByRole('radio', { name: 'Skip for now' });
    expect(next().getAttribute('aria-disabled')).toBe('true');
    screen.getByText('Choose one of the three first.');
  });

  it('creates an identity with the name typed, shows its fingerprint, then goes on', async () => {
    const user = userEvent.setup();
    provider.answer('createOperator', (request) =>
      ok(activeOperator({ displayName: request.displayName, directory: 'unknown' })),
    );
    const step = await openStep();
    await user.click(step.getByRole('radio', { name: 'Create a new identity' }));
    expect(next().getAttribute('aria-disabled')).toBe('true');
    const form = within(step.getByRole('form', { name: 'Create your operator identity' }));
    await user.click(form.getByRole('button', { name: 'Create' }));
    form.getByRole('textbox', { name: 'Operator name', description: /^Enter a name\./ });
    await user.type(form.getByRole('textbox', { name: 'Operator name' }), 'Ada at home');
    // The name is kept with the wizard's answers.
    expect(useWizard.getState().identityName).toBe('Ada at home');
    await user.click(form.getByRole('button', { name: 'Create' }));

    const ready = await step.findByTestId('wizard-identity-ready');
    expect(ready.textContent).toContain('Your operator identity is ready.');
    expect(within(ready).getByTestId('wizard-identity-fingerprint').textContent).toBe('3f2a9c1e7b21');
    expect(provider.requests('createOperator')).toEqual([{ displayName: 'Ada at home' }]);
    expect(next().hasAttribute('aria-disabled')).toBe(false);
    await user.click(next());
    await screen.findByRole('heading', { name: 'Start your node' });
  });

  it('imports: a wrong passphrase is said at its field, the right one shows the fingerprint', async () => {
    const user = userEvent.setup();
    provider.answer('importOperator', (request) =>
      request.passphrase === 'right horse battery'
        ? ok(activeOperator({ fingerprint: '9d8c7b6a5f4e' }))
        : refusal('invalid_request', 'The passphrase does not open this file.', [
            { path: 'passphrase', code: 'wrong_passphrase', message: 'wrong passphrase' },
          ]),
    );
    const step = await openStep();
    await user.click(step.getByRole('radio', { name: 'Import the identity from another computer' }));
    const form = within(step.getByRole('form', { name: 'Import an operator identity' }));
    await user.upload(
      form.getByLabelText('Identity file'),
      new File([EXPORT], 'operator.json', { type: 'application/json' }),
    );
    await form.findByText('Chosen: operator.json');
    const passphrase = form.getByLabelText('Passphrase');
    await user.type(passphrase, 'wrong horse battery');
    await user.click(form.getByRole('button', { name: 'Import' }));
    await form.findByText('This passphrase does not open the file. Type the passphrase it was exported with.');
    expect(passphrase.getAttribute('aria-invalid')).toBe('true');
    expect(step.queryByTestId('wizard-identity-ready')).toBeNull();
    expect(next().getAttribute('aria-disabled')).toBe('true');

    await user.clear(passphrase);
    expect(passphrase.hasAttribute('aria-invalid')).toBe(false);
    await user.type(passphrase, 'right horse battery');
    await user.click(form.getByRole('button', { name: 'Import' }));
    const ready = await step.findByTestId('wizard-identity-ready');
    expect(ready.textContent).toContain('Your operator identity was imported.');
    expect(within(ready).getByTestId('wizard-identity-fingerprint').textContent).toBe('9d8c7b6a5f4e');
    expect(provider.requests('importOperator')).toEqual([
      { file: EXPORT, passphrase: 'wrong horse battery', replace: false },
      { file: EXPORT, passphrase: 'right horse battery', replace: false },
    ]);
  });

  it("says the identity was imported even when the snapshot that carries it comes before the import's answer", async () => {
    const user = userEvent.setup();
    const answer = later<ReturnType<typeof ok<OperatorInfo>>>();
    provider.answer('importOperator', () => answer.promise);
    const step = await openStep();
    await user.click(step.getByRole('radio', { name: 'Import the identity from another computer' }));
    const form = within(step.getByRole('form', { name: 'Import an operator identity' }));
    await user.upload(
      form.getByLabelText('Identity file'),
      new File([EXPORT], 'operator.json', { type: 'application/json' }),
    );
    await form.findByText('Chosen: operator.json');
    await user.type(form.getByLabelText('Passphrase'), 'right horse battery');
    await user.click(form.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(provider.requests('importOperator')).toHaveLength(1));
    // The engine published its new snapshot while its answer to the command was still on the way.
    act(() => connectedTo(snapshot({ operator: activeOperator({ fingerprint: '9d8c7b6a5f4e' }) })));
    const ready = await step.findByTestId('wizard-identity-ready');
    expect(ready.textContent).toContain('Your operator identity was imported.');
    act(() => answer.resolve(ok(activeOperator({ fingerprint: '9d8c7b6a5f4e' }))));
    await waitFor(() =>
      expect(step.getByTestId('wizard-identity-ready').textContent).toContain('Your operator identity was imported.'),
    );
  });

  it('skips for now: Next goes on without making anything', async () => {
    const user = userEvent.setup();
    const step = await openStep();
    await user.click(step.getByRole('radio', { name: 'Skip for now' }));
    step.getByText('Without one, the directory keeps this node’s credits apart from your other computers.');
    await user.click(next());
    await screen.findByRole('heading', { name: 'Start your node' });
    expect(provider.commands().filter((c) => c.endsWith('Operator'))).toEqual([]);
    // Back again: the choice was kept.
    await user.click(screen.getByRole('button', { name: 'Back' }));
    await screen.findByRole('heading', { name: 'Your operator identity' });
    expect((screen.getByRole('radio', { name: 'Skip for now' }) as HTMLInputElement).checked).toBe(true);
  });

  it('shows the identity this computer already has, and lets the person go on', async () => {
    const step = await openStep(activeOperator());
    const ready = step.getByTestId('wizard-identity-ready');
    expect(ready.textContent).toContain('This computer already has an operator identity.');
    expect(within(ready).getByTestId('wizard-identity-fingerprint').textContent).toBe('3f2a9c1e7b21');
    expect(step.queryByRole('radio')).toBeNull();
    expect(next().hasAttribute('aria-disabled')).toBe(false);
  });
});
