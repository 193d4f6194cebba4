import { useState, type FormEvent } from 'react';
import type { FleetInfo } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
import { useNow } from '../../hooks/useNow';
import { formatFullTimestamp } from '../../format';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { TextField } from '../../components/ui/TextField';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { clockWords, pendingWords, webhookProblem } from '../../words/fleet-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './WebhookForm.module.css';

type Webhook = FleetInfo['webhook'];

/** Whether a webhook is set (never its address), what waits to be sent, and how the last delivery went. */
function WebhookState({ webhook }: { webhook: Webhook }) {
  const t = useT();
  const now = useNow();
  const pending = pendingWords(webhook.pending);
  const { last } = webhook;
  return (
    <div className={styles.state} data-testid="fleet-webhook-state">
      <p data-testid="fleet-webhook-set">{webhook.set ? t('fleet.webhook.set') : t('fleet.webhook.none')}</p>
      {pending ? <p data-testid="fleet-webhook-pending">{pending}</p> : null}
      {last ? (
        <p className={styles.last} data-testid="fleet-webhook-last">
          <span>
            <Words
              id="fleet.webhook.last"
              tags={{
                time: () => (
                  <time dateTime={last.at} title={formatFullTimestamp(last.at)}>
                    {clockWords(last.at, now)}
                  </time>
                ),
              }}
            />
          </span>{' '}
          <StatusBadge tone={last.ok ? 'ok' : 'bad'} align="baseline">
            {last.ok ? t('fleet.webhook.delivered') : t('fleet.webhook.failed')}
          </StatusBadge>
          {/* A delivery's words only add to the badge when it failed (a success's are "Delivered." again). */}
          {last.ok ? null : (
            <>
              {' '}
              <span>{t.said(last.words)}</span>
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
  const t = useT();
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  // Which of the two buttons is under way, for its busy words.
  const [doing, setDoing] = useState<'save' | 'remove'>('save');
  const command = useCommand(
    (api, webhookUrl: string | null) => api.updateFleet({ webhookUrl }),
    (info, webhookUrl) => {
      take(info);
      if (webhookUrl === null) setSaid(t('fleet.webhook.removed'));
      else {
        setAddress('');
        setSaid(t('fleet.webhook.saved'));
      }
      return { kind: 'idle' };
    },
    ({ message }, webhookUrl) =>
      setFailed(
        webhookUrl === null ? t('fleet.webhook.notRemoved', { message }) : t('fleet.webhook.notSaved', { message }),
      ),
  );
  const busy = command.step.kind === 'busy' ? doing : null;
  const blocked = command.blocked;

  const send = (webhookUrl: string | null) => {
    if (blocked) return;
    setDoing(webhookUrl === null ? 'remove' : 'save');
    setFailed(null);
    setSaid(null);
    void command.run(webhookUrl);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    const problem = webhookProblem(address);
    setError(problem);
    if (!problem) send(address.trim());
  };

  return (
    <form
      className={styles.form}
      noValidate
      onSubmit={submit}
      aria-label={t('fleet.webhook.form')}
      data-testid="fleet-webhook"
    >
      <WebhookState webhook={webhook} />
      <TextField
        label={webhook.set ? t('fleet.webhook.labelNew') : t('fleet.webhook.label')}
        type="url"
        value={address}
        onChange={(v) => {
          setAddress(v);
          setError(null);
        }}
        error={error ?? undefined}
        placeholder="https://ntfy.sh/your-topic"
        hint={t('fleet.webhook.hint')}
        testId="fleet-webhook-url"
      />
      <div className={styles.actions}>
        <button
          type="submit"
          className={button.primary}
          aria-disabled={blocked || undefined}
          data-testid="fleet-webhook-save"
        >
          {busy === 'save' ? t('fleet.webhook.saving') : t('fleet.webhook.save')}
        </button>
        {webhook.set ? (
          <button
            type="button"
            className={button.dangerOutline}
            aria-disabled={blocked || undefined}
            data-testid="fleet-webhook-remove"
            onClick={() => send(null)}
          >
            {busy === 'remove' ? t('fleet.webhook.removing') : t('fleet.webhook.remove')}
          </button>
        ) : null}
      </div>
      <ErrorLine error={failed} />
      <p
        className={said ? `${common.result} ${common.resultOk}` : common.visuallyHidden}
        role="status"
        data-testid="fleet-webhook-status"
      >
        {said}
      </p>
    </form>
  );
}
