/**
 * The one form that sends a name: a machine's new name (kept in the field, the form closes) and a new app key's name
 * (the field empties for the next key). Both check the contract's rule before sending, show the engine's refusal of
 * the name at the field and any other refusal under the form in the user's own words.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Result } from '@shared/contract';
import { NameForm } from '@renderer/components/ui/NameForm';
import { connectedTo } from '../../support/fixtures';
import { ok, refusal } from '../../support/provider';

type Sent = { name: string };

/** A name form as one of its users sets it up; `answer` is what the engine says to each name sent. */
function nameForm(user: 'machine' | 'key', answer: (name: string) => Result<Sent>) {
  connectedTo();
  const sent: string[] = [];
  const onDone = vi.fn();
  const send = (_api: unknown, name: string) => {
    sent.push(name);
    return Promise.resolve(answer(name));
  };
  const check = (value: string) => (value.trim() === '' ? 'Enter a name.' : null);
  render(
    user === 'machine' ? (
      <NameForm<Sent>
        formLabel="Rename this computer"
        label="Name"
        submitLabel="Save name"
        busyLabel="Saving…"
        initial="Kitchen PC"
        check={check}
        field="name"
        send={send}
        onDone={onDone}
        testId="rename"
      />
    ) : (
      <NameForm<Sent>
        formLabel="Make an app key"
        label="Name of the new key"
        submitLabel="Make a key"
        busyLabel="Making a key…"
        check={check}
        field="name"
        send={send}
        refused={(message) => `No key was made: ${message}`}
        clearOnDone
        onDone={onDone}
        testId="make-key"
      />
    ),
  );
  const field = screen.getByRole('textbox') as HTMLInputElement;
  return { sent, onDone, field };
}

describe('NameForm', () => {
  it('a machine’s name: sends the trimmed name and keeps it in the field', async () => {
    const user = userEvent.setup();
    const { sent, onDone, field } = nameForm('machine', (name) => ok({ name }));
    expect(field.value).toBe('Kitchen PC');
    await user.clear(field);
    await user.type(field, '  Study PC ');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith({ name: 'Study PC' }));
    expect(sent).toEqual(['Study PC']);
    expect(field.value).toBe('  Study PC ');
  });

  it('an app key’s name: empties the field once the key is made, ready for the next', async () => {
    const user = userEvent.setup();
    const { sent, onDone, field } = nameForm('key', (name) => ok({ name }));
    await user.type(field, 'laptop script');
    await user.click(screen.getByRole('button', { name: 'Make a key' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith({ name: 'laptop script' }));
    expect(sent).toEqual(['laptop script']);
    expect(field.value).toBe('');
  });

  it.each(['machine', 'key'] as const)(
    '%s: sends nothing while the rule refuses the name, and says why at the field',
    async (who) => {
      const user = userEvent.setup();
      const { sent, field } = nameForm(who, (name) => ok({ name }));
      await user.clear(field);
      await user.click(screen.getByRole('button', { name: who === 'machine' ? 'Save name' : 'Make a key' }));
      screen.getByRole('textbox', { description: 'Enter a name.' });
      expect(sent).toEqual([]);
    },
  );

  it('an app key’s name refused at the field stays typed, with the engine’s words at the field', async () => {
    const user = userEvent.setup();
    const { field, onDone } = nameForm('key', () =>
      refusal('invalid_request', 'The name is not allowed.', [
        { path: 'name', code: 'too_big', message: 'is too long' },
      ]),
    );
    await user.type(field, 'a name');
    await user.click(screen.getByRole('button', { name: 'Make a key' }));
    await screen.findByRole('textbox', { description: /long/i });
    expect(field.value).toBe('a name');
    expect(screen.queryByText(/^No key was made/)).toBeNull();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('an app key refused for another reason says so under the form in its own words', async () => {
    const user = userEvent.setup();
    const { field } = nameForm('key', () => refusal('store_error', 'The database is full.'));
    await user.type(field, 'a name');
    await user.click(screen.getByRole('button', { name: 'Make a key' }));
    await screen.findByText('No key was made: The database is full.');
    expect(field.value).toBe('a name');
  });
});
