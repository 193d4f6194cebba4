import { useState } from 'react';
import type { LlmServerInfo, Settings } from '@shared/contract';
import { getApi } from '../../api';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import { BACKEND_WORDS, flavourLabel, formatCount } from '../../format';
import { AddServerForm } from '../../components/AddServerForm';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { Pill } from '../../components/ui/Pill';
import { Quoted } from '../../components/ui/Quoted';
import { StatusBadge } from '../../components/ui/StatusBadge';
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

const tasksRunning = (n: number): string => `${formatCount(n)} ${n === 1 ? 'task' : 'tasks'} running`;

/**
 * "LLM servers": every server behind the node with what it does now (the engine's view, from the snapshot), a Remove
 * button for the added ones, and the shared form that adds one more. The stored settings the engine answers with are
 * handed to `replace`, so the rest of the page stays current.
 */
export function LlmServers({ replace }: { replace(settings: Settings): void }) {
  const servers = useProviderStore((s) => s.snapshot?.backend.servers);
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
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
      <AddServerForm
        title="Add a server"
        hint="Another program on this computer, or a computer on your local network."
        submitLabel="Add"
        busyLabel="Adding…"
        unavailable={!connected}
        send={async (request) => {
          const result = await getApi().addServer(request);
          if (!result.ok) return { ok: false, message: result.error.message, needsConfirmation: result.error.code === 'needs_confirmation' };
          replace(result.value);
          setSaid(`Added ${request.url}. The node looks at it now; it shows in the list in a moment.`);
          return { ok: true };
        }}
        onStart={() => setSaid(null)}
        className={styles.add}
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
