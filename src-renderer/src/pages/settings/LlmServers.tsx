import { useId, useState, type FormEvent } from 'react';
import type { LlmServerInfo, Settings } from '@shared/contract';
import { getApi } from '../../api';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import { BACKEND_WORDS, flavourLabel, formatCount } from '../../format';
import { parseServerAddress } from '../../lib/addresses';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { Pill } from '../../components/ui/Pill';
import { Quoted } from '../../components/ui/Quoted';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { SubmitRow } from '../../components/ui/SubmitRow';
import { TextField } from '../../components/ui/TextField';
import { Token } from '../../components/ui/Token';
import { UnreadableModels } from './UnreadableModels';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import disclosure from '../../components/ui/Disclosure.module.css';
import fact from '../../components/ui/Fact.module.css';
import field from '../../components/ui/FieldShell.module.css';
import styles from './LlmServers.module.css';

/** The first server, chosen in setup (or with "Local LLM server" above); only the others can be removed here. */
const MAIN = 'main';
/** Model names shown before "and N more": a server with dozens of models must not push the page down. */
const VISIBLE_MODELS = 6;
/** The contract's limits on what the form sends. */
const MAX_URL_LENGTH = 2048;
const MAX_KEY_LENGTH = 512;

const tasksRunning = (n: number): string => `${formatCount(n)} ${n === 1 ? 'task' : 'tasks'} running`;

/**
 * "LLM servers": every server behind the node with what it does now (the engine's view, from the snapshot), a Remove
 * button for the added ones, and a small form that adds one more. The stored settings the engine answers with are
 * handed to `replace`, so the rest of the page stays current.
 */
export function LlmServers({ replace }: { replace(settings: Settings): void }) {
  const servers = useProviderStore((s) => s.snapshot?.backend.servers);
  const [said, setSaid] = useState<string | null>(null);

  return (
    <Card title="LLM servers" testId="llm-servers">
      <p>The node offers the models of all your servers together and sends each task to a server that has its model.</p>
      {servers === undefined ? (
        <p className={common.empty}>The list shows once the node has started.</p>
      ) : servers.length === 0 ? (
        <p className={common.empty}>No LLM server yet. Add one below, or run setup again.</p>
      ) : (
        <ul className={`${common.bareList} ${styles.list}`} aria-label="Your LLM servers">
          {servers.map((server) => (
            <ServerRow
              key={server.id}
              server={server}
              onRemoved={(settings) => {
                replace(settings);
                setSaid(`The server at ${server.url} is no longer used.`);
              }}
            />
          ))}
        </ul>
      )}
      <AddServer
        onAdded={(settings, url) => {
          replace(settings);
          setSaid(`Added ${url}. The node looks at it now; it shows in the list in a moment.`);
        }}
        onStart={() => setSaid(null)}
      />
      <p className={`${common.result} ${common.resultOk}`} role="status" data-testid="llm-servers-status">
        {said}
      </p>
    </Card>
  );
}

function ServerRow({ server, onRemoved }: { server: LlmServerInfo; onRemoved(settings: Settings): void }) {
  const words = BACKEND_WORDS[server.status];
  const flavour = flavourLabel(server.flavour);
  const main = server.id === MAIN;
  return (
    <li className={styles.server} data-testid={`llm-server-${server.id}`} data-status={server.status}>
      <div className={styles.head}>
        <Token value={server.url} className={styles.url} />
        {flavour ? <Pill tone="kind">{flavour}</Pill> : null}
        {main ? <Pill>Chosen in setup</Pill> : null}
        <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
      </div>
      {server.message ? <p className={styles.message}>{server.message}</p> : null}
      <dl className={fact.plain}>
        <Fact label={`Models (${formatCount(server.models.length)})`}>
          <ServerModels models={server.models} />
        </Fact>
        <UnreadableModels models={server.unreadable} />
        <Fact label="Tasks">{tasksRunning(server.busy)}</Fact>
        <Fact label="Where">{server.onThisComputer ? 'Runs on this computer' : 'On another computer (its GPU is not freed for you)'}</Fact>
        {server.hasKey ? <Fact label="API key">Stored</Fact> : null}
      </dl>
      {main ? null : <RemoveServer server={server} onRemoved={onRemoved} />}
    </li>
  );
}

/** The models a server offers now, each quoted (a server names them, not the node); long lists fold away. */
function ServerModels({ models }: { models: string[] }) {
  if (models.length === 0) return <span className={common.muted}>None right now</span>;
  const item = (m: string) => (
    <li key={m}>
      <Quoted text={m} max={80} line />
    </li>
  );
  const rest = models.slice(VISIBLE_MODELS);
  return (
    <>
      <ul className={`${common.bareList} ${styles.models}`} aria-label="Models">
        {models.slice(0, VISIBLE_MODELS).map(item)}
      </ul>
      {rest.length > 0 ? (
        <details className={disclosure.more}>
          <summary>and {formatCount(rest.length)} more</summary>
          <ul className={`${common.bareList} ${styles.models}`} aria-label="More models">
            {rest.map(item)}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function RemoveServer({ server, onRemoved }: { server: LlmServerInfo; onRemoved(settings: Settings): void }) {
  const { step, blocked, run } = useCommand<Settings, never>(
    (api) => api.removeServer({ id: server.id }),
    (settings) => {
      onRemoved(settings);
      return { kind: 'idle' };
    },
  );
  return (
    <div className={styles.remove}>
      <button
        type="button"
        className={button.small}
        data-testid={`llm-server-remove-${server.id}`}
        aria-label={`Remove the server at ${server.url}`}
        aria-disabled={blocked || undefined}
        onClick={() => void run()}
      >
        {step.kind === 'busy' ? 'Removing…' : 'Remove'}
      </button>
      {step.kind === 'failed' ? (
        <p className={field.error} role="alert">
          {step.message}
        </p>
      ) : null}
    </div>
  );
}

/**
 * "Add a server": its address and, when it asks for one, an API key; the engine says why it refuses one. A link-local
 * address (where a cloud provider's metadata service answers) is refused until the person confirms it: the engine's
 * words, then "Use it anyway", which sends the same address again with the confirmation.
 */
function AddServer({ onAdded, onStart }: { onAdded(settings: Settings, url: string): void; onStart(): void }) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const headingId = useId();
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  const [problems, setProblems] = useState<{ url?: string; key?: string }>({});
  const [refused, setRefused] = useState<string | null>(null);
  /** The address the engine asked the person to confirm, with the key typed for it. */
  const [confirming, setConfirming] = useState<{ url: string; apiKey: string | null } | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (request: { url: string; apiKey: string | null; confirmLinkLocal?: true }) => {
    onStart();
    setRefused(null);
    setBusy(true);
    const result = await getApi().addServer(request);
    setBusy(false);
    if (!result.ok) {
      setRefused(result.error.message);
      setConfirming(result.error.code === 'needs_confirmation' && !request.confirmLinkLocal ? { url: request.url, apiKey: request.apiKey } : null);
      return;
    }
    setUrl('');
    setKey('');
    setConfirming(null);
    onAdded(result.value, request.url);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !connected) return;
    setRefused(null);
    setConfirming(null);
    const parsed = parseServerAddress(url);
    const apiKey = key.trim();
    const found = {
      url: 'error' in parsed ? parsed.error : parsed.url.length > MAX_URL_LENGTH ? `This address is too long (at most ${formatCount(2048)} characters).` : undefined,
      key: apiKey.length > MAX_KEY_LENGTH ? 'An API key can be at most 512 characters long.' : undefined,
    };
    setProblems(found);
    if (found.url || found.key || 'error' in parsed) return;
    await send({ url: parsed.url, apiKey: apiKey || null });
  };

  const confirm = () => {
    if (busy || !connected || !confirming) return;
    void send({ ...confirming, confirmLinkLocal: true });
  };

  const edited = () => {
    setRefused(null);
    setConfirming(null);
  };

  return (
    <form className={styles.add} noValidate onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
      <h3 id={headingId} className={common.subheading}>
        Add a server
      </h3>
      <p className={field.hint}>Another program on this computer, or a computer on your local network.</p>
      <div className={styles.addRow}>
        <TextField
          label="Server address"
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
          className={styles.addUrl}
        />
        <TextField
          label="API key (optional)"
          type="password"
          value={key}
          onChange={(v) => {
            setKey(v);
            setProblems((p) => ({ ...p, key: undefined }));
            edited();
          }}
          error={problems.key}
          testId="add-server-key"
          className={styles.addKey}
        />
      </div>
      <SubmitRow label="Add" busyLabel="Adding…" busy={busy} unavailable={!connected} testId="add-server-submit" />
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
          aria-label={`Use ${confirming.url} anyway`}
          aria-disabled={busy || !connected || undefined}
          onClick={confirm}
        >
          Use it anyway
        </button>
      ) : null}
    </form>
  );
}
