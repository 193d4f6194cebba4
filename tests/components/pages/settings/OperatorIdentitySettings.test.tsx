/**
 * "Your operator identity" on the Settings page: made here with a name or imported from another computer's file;
 * once there, its facts, and rename, export (the passphrase twice), import (a wrong passphrase said at its field;
 * replacing asks first) and a new key (after the consequence is spelled out).
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OperatorInfo } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { createSay } from '@shared/i18n/say';
import { useProviderStore } from '@renderer/store';
import { OPERATOR_NAME_TAKEN } from '../../../support/operator-english';
import { OperatorIdentitySettings } from '@renderer/pages/settings/OperatorIdentitySettings';
import { fact } from '../../support/facts';
import { activeOperator, connectedTo, operator, snapshot } from '../../support/fixtures';
import { ok, provider, refusal } from '../../support/provider';

const saved = vi.hoisted(() => [] as { filename: string; text: string; type: string }[]);
vi.mock('@renderer/save-file', () => ({
  saveTextFile: (filename: string, text: string, type: string) => saved.push({ filename, text, type }),
}));

const EXPORT = '{"kind":"iicp-operator-export","v":1,"sealed":"…"}';
const exportFile = () => new File([EXPORT], 'operator-3f2a9c1e7b21.json', { type: 'application/json' });
const WRONG = refusal('invalid_request', 'The passphrase does not open this file.', [
  { path: 'passphrase', code: 'wrong_passphrase', message: 'wrong passphrase' },
]);

function open(info: OperatorInfo) {
  connectedTo(snapshot({ operator: info }));
  render(<OperatorIdentitySettings />);
  return within(screen.getByRole('region', { name: 'Your operator identity' }));
}

beforeEach(() => {
  saved.length = 0;
});

describe('OperatorIdentitySettings: no identity yet', () => {
  it('says what an identity is for, and creates one with the name typed', async () => {
    const user = userEvent.setup();
    provider.answer('createOperator', (request) =>
      ok(activeOperator({ displayName: request.displayName, directory: 'unknown' })),
    );
    const card = open(operator());
    card.getByText(
      /^One operator identity serves all your computers: the directory pools their credits in one operator wallet/,
    );
    const form = within(card.getByRole('form', { name: 'Create your operator identity' }));
    await user.type(form.getByRole('textbox', { name: 'Operator name' }), '  Ada at home ');
    await user.click(form.getByRole('button', { name: 'Create' }));

    expect(provider.requests('createOperator')).toEqual([{ displayName: 'Ada at home' }]);
    expect((await card.findByTestId('operator-status')).textContent).toBe(
      'Your operator identity is ready. Its fingerprint is 3f2a9c1e7b21.',
    );
    expect(fact(card.getByTestId('operator-active'), 'Fingerprint')).toBe('3f2a9c1e7b21');
    expect(fact(card.getByTestId('operator-active'), 'Operator name')).toBe('“Ada at home”');
    expect(fact(card.getByTestId('operator-active'), 'At the directory')).toBe('Not confirmed by the directory yet');
  });

  it('says at the field what is wrong with the name: the contract’s rule first, then the engine’s', async () => {
    const user = userEvent.setup();
    provider.answer(
      'createOperator',
      refusal('invalid_request', 'Invalid request.', [
        { path: 'displayName', code: 'custom', message: 'remove line breaks and other control characters' },
      ]),
    );
    const card = open(operator());
    const form = within(card.getByRole('form', { name: 'Create your operator identity' }));
    await user.click(form.getByRole('button', { name: 'Create' }));
    form.getByRole('textbox', { name: 'Operator name', description: /^Enter a name\./ });
    expect(provider.requests('createOperator')).toEqual([]);

    await user.type(form.getByRole('textbox', { name: 'Operator name' }), 'Ada');
    await user.click(form.getByRole('button', { name: 'Create' }));
    await form.findByRole('textbox', {
      name: 'Operator name',
      description: /^Remove line breaks and other control characters\./,
    });
  });

  it('says a wrong passphrase at the passphrase field, and imports with the right one', async () => {
    const user = userEvent.setup();
    provider.answer('importOperator', (request) =>
      request.passphrase === 'right horse battery' ? ok(activeOperator()) : WRONG,
    );
    const card = open(operator());
    const form = within(card.getByRole('form', { name: 'Import an operator identity' }));
    await user.upload(form.getByLabelText('Identity file'), exportFile());
    await form.findByText('Chosen: operator-3f2a9c1e7b21.json');
    await user.type(form.getByLabelText('Passphrase'), 'wrong horse battery');
    await user.click(form.getByRole('button', { name: 'Import' }));

    const passphrase = await form.findByLabelText('Passphrase', { selector: 'input[aria-invalid="true"]' });
    expect(passphrase.getAttribute('aria-describedby')).toBeTruthy();
    form.getByText('This passphrase does not open the file. Type the passphrase it was exported with.');
    expect(provider.requests('importOperator')).toEqual([
      { file: EXPORT, passphrase: 'wrong horse battery', replace: false },
    ]);

    await user.clear(passphrase);
    await user.type(passphrase, 'right horse battery');
    await user.click(form.getByRole('button', { name: 'Import' }));
    expect((await card.findByTestId('operator-status')).textContent).toBe(
      'Your operator identity was imported. Its fingerprint is 3f2a9c1e7b21.',
    );
  });

  it('says at the file field when the file is not an export', async () => {
    const user = userEvent.setup();
    provider.answer(
      'importOperator',
      refusal('invalid_request', 'Not an export.', [{ path: 'file', code: 'invalid_file', message: 'not an export' }]),
    );
    const card = open(operator());
    const form = within(card.getByRole('form', { name: 'Import an operator identity' }));
    await user.upload(form.getByLabelText('Identity file'), exportFile());
    await form.findByText('Chosen: operator-3f2a9c1e7b21.json');
    await user.type(form.getByLabelText('Passphrase'), 'whatever it is');
    await user.click(form.getByRole('button', { name: 'Import' }));
    await form.findByText('This is not an operator identity file. Choose the file you exported from the app.');
    expect(form.getByLabelText('Identity file').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('OperatorIdentitySettings: an identity in use', () => {
  it('shows its name, fingerprint, dates, how the key is kept and what the directory said', () => {
    const card = open(
      activeOperator({ directory: 'name_taken', problem: said('fleet.operator.nameTaken'), storedEncrypted: false }),
    );
    const facts = card.getByTestId('operator-active');
    expect(fact(facts, 'Operator name')).toBe('“Ada at home”');
    expect(fact(facts, 'Fingerprint')).toBe('3f2a9c1e7b21');
    expect(fact(facts, 'Key replaced')).toBe('Never');
    expect(fact(facts, 'Key kept')).toBe('In a file only your user account can read; it is not encrypted.');
    expect(fact(facts, 'At the directory')).toBe(`Operator name taken at the directory${OPERATOR_NAME_TAKEN}`);
  });

  it("says the directory's answer in German on a German page", () => {
    useProviderStore.setState({ language: 'de' });
    try {
      connectedTo(
        snapshot({ operator: activeOperator({ directory: 'name_taken', problem: said('fleet.operator.nameTaken') }) }),
      );
      render(<OperatorIdentitySettings />);
      const card = screen.getByTestId('operator-active');
      expect(card.textContent).toContain(createSay('de', 'de-DE').said(said('fleet.operator.nameTaken')));
      expect(card.textContent).not.toContain(OPERATOR_NAME_TAKEN);
    } finally {
      useProviderStore.setState({ language: 'en' });
    }
  });

  it('export: refuses two passphrases that differ or are short, then saves the engine’s file under its name', async () => {
    const user = userEvent.setup();
    provider.answer('exportOperator', ok({ filename: 'operator-3f2a9c1e7b21.json', text: EXPORT }));
    const card = open(activeOperator());
    await user.click(card.getByRole('button', { name: 'Export…' }));
    const form = within(card.getByRole('form', { name: 'Export your operator identity' }));
    await user.type(form.getByLabelText('Passphrase'), 'correct horse');
    await user.type(form.getByLabelText('Passphrase again'), 'correct hose');
    await user.click(form.getByRole('button', { name: 'Export to a file' }));
    expect(form.getByLabelText('Passphrase again').getAttribute('aria-invalid')).toBe('true');
    form.getByText('The two passphrases are not the same. Type it again.');
    expect(provider.requests('exportOperator')).toEqual([]);

    await user.clear(form.getByLabelText('Passphrase'));
    await user.type(form.getByLabelText('Passphrase'), 'short');
    await user.click(form.getByRole('button', { name: 'Export to a file' }));
    form.getByText('Use at least 8 characters.');
    expect(provider.requests('exportOperator')).toEqual([]);

    await user.clear(form.getByLabelText('Passphrase'));
    await user.type(form.getByLabelText('Passphrase'), 'correct horse');
    await user.clear(form.getByLabelText('Passphrase again'));
    await user.type(form.getByLabelText('Passphrase again'), 'correct horse');
    await user.click(form.getByRole('button', { name: 'Export to a file' }));
    expect((await card.findByTestId('operator-status')).textContent).toBe(
      'Your identity was saved as operator-3f2a9c1e7b21.json. Keep the passphrase apart from the file.',
    );
    expect(provider.requests('exportOperator')).toEqual([{ passphrase: 'correct horse' }]);
    expect(saved).toEqual([{ filename: 'operator-3f2a9c1e7b21.json', text: EXPORT, type: 'application/json' }]);
  });

  it('import: replacing the identity in use asks first, then sends replace', async () => {
    const user = userEvent.setup();
    provider.answer('importOperator', ok(activeOperator({ fingerprint: '9d8c7b6a5f4e' })));
    const card = open(activeOperator());
    await user.click(card.getByRole('button', { name: 'Import…' }));
    const form = within(card.getByRole('form', { name: 'Import an operator identity' }));
    await user.upload(form.getByLabelText('Identity file'), exportFile());
    await form.findByText('Chosen: operator-3f2a9c1e7b21.json');
    await user.type(form.getByLabelText('Passphrase'), 'right horse battery');
    await user.click(form.getByRole('button', { name: 'Import' }));
    const confirm = within(form.getByRole('group', { name: 'Replace your operator identity on this computer?' }));
    confirm.getByText('3f2a9c1e7b21');
    expect(provider.requests('importOperator')).toEqual([]);
    await user.click(confirm.getByRole('button', { name: 'Yes, replace it' }));
    expect((await card.findByTestId('operator-status')).textContent).toBe(
      'The imported identity is now in use. Its fingerprint is 9d8c7b6a5f4e.',
    );
    expect(provider.requests('importOperator')).toEqual([
      { file: EXPORT, passphrase: 'right horse battery', replace: true },
    ]);
  });

  it('rotate: says the directory moves the identity to the new key and refuses the old one, and makes one only when confirmed', async () => {
    const user = userEvent.setup();
    provider.answer(
      'rotateOperator',
      ok(activeOperator({ fingerprint: '0a1b2c3d4e5f', rotatedAt: '2025-05-13T08:00:00.000Z', directory: 'unknown' })),
    );
    const card = open(activeOperator());
    await user.click(card.getByRole('button', { name: 'Replace the key…' }));
    let panel = within(card.getByRole('group', { name: 'Replace the key of your operator identity?' }));
    panel.getByText(
      'The directory moves your identity, its name and your computers to the new key, and refuses the old key from then on.',
    );
    await user.click(panel.getByRole('button', { name: 'Cancel' }));
    expect(card.queryByRole('group', { name: 'Replace the key of your operator identity?' })).toBeNull();
    expect(provider.requests('rotateOperator')).toEqual([]);

    await user.click(card.getByRole('button', { name: 'Replace the key…' }));
    panel = within(card.getByRole('group', { name: 'Replace the key of your operator identity?' }));
    await user.click(panel.getByRole('button', { name: 'Yes, make a new key' }));
    expect((await card.findByTestId('operator-status')).textContent).toBe(
      'A new key is in use. Export it again for your other computers. Its fingerprint is 0a1b2c3d4e5f.',
    );
    expect(provider.requests('rotateOperator')).toEqual([{ confirm: true }]);
    expect(fact(card.getByTestId('operator-active'), 'Fingerprint')).toBe('0a1b2c3d4e5f');
  });

  it('rename: saves the new name and says the engine’s refusal at the field', async () => {
    const user = userEvent.setup();
    provider.answer('renameOperator', (request) => ok(activeOperator({ displayName: request.displayName })));
    const card = open(activeOperator());
    await user.click(card.getByRole('button', { name: 'Rename' }));
    const form = within(card.getByRole('form', { name: 'Rename your operator identity' }));
    const name = form.getByRole('textbox', { name: 'New display name' });
    expect((name as HTMLInputElement).value).toBe('Ada at home');
    await user.clear(name);
    await user.click(form.getByRole('button', { name: 'Save name' }));
    form.getByRole('textbox', { name: 'New display name', description: /^Enter a name\./ });
    await user.type(name, 'Ada’s rigs');
    await user.click(form.getByRole('button', { name: 'Save name' }));
    expect(provider.requests('renameOperator')).toEqual([{ displayName: 'Ada’s rigs' }]);
    expect(fact(await card.findByTestId('operator-active'), 'Operator name')).toBe('“Ada’s rigs”');
  });
});
