import { useId, useState, type FormEvent } from 'react';
import { useT } from '../i18n/useT';
import { parseServerAddress } from '../lib/addresses';
import { SubmitRow } from './ui/SubmitRow';
import { TextField } from './ui/TextField';
import button from './ui/Button.module.css';
import common from './ui/common.module.css';
import field from './ui/FieldShell.module.css';
import styles from './AddServerForm.module.css';

/** The contract's limits on what the form sends. */
const MAX_URL_LENGTH = 2048;
const MAX_KEY_LENGTH = 512;

/**
 * What the form sends: the checked address, the key if one was typed, and `anyway` once the person chose "Use it
 * anyway" after being told what is wrong with the address (a link-local one, or one the look found no server at).
 */
export interface AddServerRequest {
  url: string;
  apiKey: string | null;
  anyway?: true;
}

/** How a send went: taken (the fields empty), or refused with why, perhaps offering "Use it anyway". */
export type AddServerAnswer = { ok: true } | { ok: false; message: string; needsConfirmation: boolean };

interface Props {
  /** The heading, which also names the form for screen readers. */
  title: string;
  hint: string;
  submitLabel: string;
  busyLabel: string;
  /** The form cannot be sent now (no engine, or a search is under way). */
  unavailable: boolean;
  send(request: AddServerRequest): Promise<AddServerAnswer>;
  /** Told as each try starts, so what the page said about the last one can go. */
  onStart?: () => void;
  className?: string;
}

/**
 * "Add a server", in Settings and in the setup wizard: an address and, when the server asks for one, an API key,
 * checked as the host checks them before anything is sent. A refusal is said under the button. When the answer
 * offers it (a link-local address, where a cloud provider's metadata service answers; a server that did not pass
 * Settings' look), "Use it anyway" sends the same address again with `anyway`.
 */
export function AddServerForm({ title, hint, submitLabel, busyLabel, unavailable, send, onStart, className }: Props) {
  const t = useT();
  const headingId = useId();
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  const [problems, setProblems] = useState<{ url?: string; key?: string }>({});
  const [refused, setRefused] = useState<string | null>(null);
  /** The address the engine asked the person to confirm, with the key typed for it. */
  const [confirming, setConfirming] = useState<AddServerRequest | null>(null);
  const [busy, setBusy] = useState(false);

  const trySend = async (request: AddServerRequest) => {
    onStart?.();
    setRefused(null);
    setBusy(true);
    const answer = await send(request);
    setBusy(false);
    if (!answer.ok) {
      setRefused(answer.message);
      setConfirming(answer.needsConfirmation && !request.anyway ? { url: request.url, apiKey: request.apiKey } : null);
      return;
    }
    setUrl('');
    setKey('');
    setConfirming(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || unavailable) return;
    setRefused(null);
    setConfirming(null);
    const parsed = parseServerAddress(url);
    const apiKey = key.trim();
    const found = {
      url:
        'error' in parsed
          ? parsed.error
          : parsed.url.length > MAX_URL_LENGTH
            ? t('settings.addServer.urlTooLong', { max: MAX_URL_LENGTH })
            : undefined,
      key: apiKey.length > MAX_KEY_LENGTH ? t('settings.addServer.keyTooLong', { max: MAX_KEY_LENGTH }) : undefined,
    };
    setProblems(found);
    if (found.url || found.key || 'error' in parsed) return;
    await trySend({ url: parsed.url, apiKey: apiKey || null });
  };

  const confirm = () => {
    if (busy || unavailable || !confirming) return;
    void trySend({ ...confirming, anyway: true });
  };

  const edited = () => {
    setRefused(null);
    setConfirming(null);
  };

  return (
    <form
      className={[styles.form, className].filter(Boolean).join(' ')}
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-labelledby={headingId}
    >
      <h3 id={headingId} className={common.subheading}>
        {title}
      </h3>
      <p className={field.hint}>{hint}</p>
      <div className={styles.row}>
        <TextField
          label={t('settings.addServer.address')}
          type="url"
          value={url}
          onChange={(v) => {
            setUrl(v);
            setProblems((p) => ({ ...p, url: undefined }));
            edited();
          }}
          error={problems.url}
          placeholder="http://192.168.1.20:11434"
          testId="add-server-url"
          className={styles.url}
        />
        <TextField
          label={t('settings.addServer.key')}
          type="password"
          value={key}
          onChange={(v) => {
            setKey(v);
            setProblems((p) => ({ ...p, key: undefined }));
            edited();
          }}
          error={problems.key}
          testId="add-server-key"
          className={styles.key}
        />
      </div>
      <SubmitRow
        label={submitLabel}
        busyLabel={busyLabel}
        busy={busy}
        unavailable={unavailable}
        testId="add-server-submit"
      />
      {refused ? (
        <p className={field.error} role="alert" data-testid="add-server-error">
          {refused}
        </p>
      ) : null}
      {confirming ? (
        <button
          type="button"
          className={button.small}
          data-testid="add-server-confirm"
          aria-label={t('settings.addServer.anywayLabel', { url: confirming.url })}
          aria-disabled={busy || unavailable || undefined}
          onClick={confirm}
        >
          {t('settings.addServer.anyway')}
        </button>
      ) : null}
    </form>
  );
}
