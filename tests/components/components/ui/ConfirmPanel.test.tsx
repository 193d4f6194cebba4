/**
 * The "are you sure?" panel every serious step uses (trusting a new directory key, replacing the operator key,
 * importing over an identity): its question takes focus, Escape and Cancel close it unless the step is under way,
 * and the step cannot be started twice or without the engine.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmPanel } from '@renderer/components/ui/ConfirmPanel';

function panel(over: Partial<Parameters<typeof ConfirmPanel>[0]> = {}) {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  render(
    <ConfirmPanel
      title="Replace the key?"
      confirmLabel="Yes, replace it"
      busyLabel="Replacing…"
      busy={false}
      onConfirm={onConfirm}
      onCancel={onCancel}
      {...over}
    >
      <p>What it means.</p>
    </ConfirmPanel>,
  );
  return { onConfirm, onCancel, group: screen.getByRole('group', { name: 'Replace the key?' }) };
}

describe('ConfirmPanel', () => {
  it('puts focus on its question, confirms once on the button, and cancels with the button or Escape', async () => {
    const user = userEvent.setup();
    const { onConfirm, onCancel, group } = panel();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Replace the key?' }));
    expect(group.textContent).toContain('What it means.');
    await user.click(screen.getByRole('button', { name: 'Yes, replace it' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(2);
  });

  it('while the step is under way: says so, and neither confirms again nor cancels', async () => {
    const user = userEvent.setup();
    const { onConfirm, onCancel } = panel({ busy: true, cancelLabel: 'Keep it' });
    const confirm = screen.getByRole('button', { name: 'Replacing…' });
    expect(confirm.getAttribute('aria-disabled')).toBe('true');
    await user.click(confirm);
    await user.click(screen.getByRole('button', { name: 'Keep it' }));
    await user.keyboard('{Escape}');
    expect(onConfirm).not.toHaveBeenCalled();
    expect(onCancel).not.toHaveBeenCalled();
  });

  it('without the engine the step cannot be taken, and an error is shown beside the buttons', async () => {
    const user = userEvent.setup();
    const { onConfirm } = panel({ unavailable: true, error: 'The directory could not be reached.' });
    await user.click(screen.getByRole('button', { name: 'Yes, replace it' }));
    expect(onConfirm).not.toHaveBeenCalled();
    screen.getByText('The directory could not be reached.');
  });
});
