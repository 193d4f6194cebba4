import { useState, type FormEvent } from 'react';
import type { FleetInfo } from '@shared/contract';
import { getApi } from '../../api';
import { useNow } from '../../hooks/useNow';
import { formatFullTimestamp } from '../../format';
import { useProviderStore } from '../../store';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { TextField } from '../../components/ui/TextField';
import { WEBHOOK_NONE, WEBHOOK_SET, clockWords, pendingWords, webhookProblem } from '../../words/fleet-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './WebhookForm.module.css';

type Webhook = FleetInfo['webhook'];

/** Whether a webhook is set (never its address), what waits to be sent, and how the last delivery went. */
function WebhookState({ webhook }: { webhook: Webhook }) {
  const now = useNow();
  const pending = pendingWords(webhook.pending);
  const { last } = webhook;
  return (
    <div className={styles.state} data-testid="fleet-webhook-state">
      <p data-testid="fleet-webhook-set">{webhook.set ? WEBHOOK_SET : WEBHOOK_NONE}</p>
      {pending ? <p data-testid="fleet-webhook-pending">{pending}</p> : null}
      {last ? (
        <p className={styles.last} data-testid="fleet-webhook-last">
          <span>
            Last delivery,{' '}
            <time dateTime={last.at} title={formatFullTimestamp(last.at)}>
              {clockWords(last.at, now)}
            </time>
            :
          </span>{' '}
          <StatusBadge tone={last.ok ? 'ok' : 'bad'} align="baseline">
            {last.ok ? 'Delivered' : 'Failed'}
          </StatusBadge>
          {/* A delivery's words only add to the badge when it failed (a success's are "Delivered." again). */}
          {last.ok ? null : (
            <>
              {' '}
              <span>{last.words}</span>
            </>
          )}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The webhook: an address typed (checked by the contract's rule before it is sent) and saved, or the one set removed.
 * The engine keeps the address as a secret, so the field starts empty and empties again once saved.
 */
export function WebhookForm({ webhook, take }: { webhook: Webhook; take(info: FleetInfo): void }) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'remove' | null>(null);
  const blocked = busy !== null || !connected;

  const send = async (webhookUrl: string | null) => {
    setBusy(webhookUrl === null ? 'remove' : 'save');
    setFailed(null);
    setSaid(null);
    const result = await getApi().updateFleet({ webhookUrl });
    setBusy(null);
    if (!result.ok) {
      const what = webhookUrl === null ? 'The webhook was not removed' : 'The address was not saved';
      setFailed(`${what}: ${result.error.message}`);
      return;
    }
    take(result.value);
    if (webhookUrl === null) setSaid('Removed. Alerts go to no webhook any more.');
    else {
      setAddress('');
      setSaid('Saved. Alerts about your machines go to this address from now on.');
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    const problem = webhookProblem(address);
    setError(problem);
    if (!problem) void send(address.trim());
  };

  return (
    <form className={styles.form} noValidate onSubmit={submit} aria-label="Webhook" data-testid="fleet-webhook">
      <WebhookState webhook={webhook} />
      <TextField
        label={webhook.set ? 'New webhook address' : 'Webhook address'}
        type="url"
        value={address}
        onChange={(v) => {
          setAddress(v);
          setError(null);
        }}
        error={error ?? undefined}
        placeholder="https://ntfy.sh/your-topic"
        hint="Optional. Each alert is also sent to this address as a short plain-text POST, as ntfy expects. A token belongs in the path, never a user name or password."
        testId="fleet-webhook-url"
      />
      <div className={styles.actions}>
        <button type="submit" className={button.primary} aria-disabled={blocked || undefined} data-testid="fleet-webhook-save">
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        {webhook.set ? (
          <button type="button" className={button.dangerOutline} aria-disabled={blocked || undefined} data-testid="fleet-webhook-remove" onClick={() => !blocked && void send(null)}>
            {busy === 'remove' ? 'Removing…' : 'Remove the webhook'}
          </button>
        ) : null}
      </div>
      <ErrorLine error={failed} />
      <p className={said ? `${common.result} ${common.resultOk}` : common.visuallyHidden} role="status" data-testid="fleet-webhook-status">
        {said}
      </p>
    </form>
  );
}
