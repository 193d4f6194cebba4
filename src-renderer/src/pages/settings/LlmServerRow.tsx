import { useEffect, useId, useRef, useState } from 'react';
import type { LlmServerInfo, Settings } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
import { useT } from '../../i18n/useT';
import { BACKEND_WORDS, flavourLabel } from '../../format';
import { Fact } from '../../components/ui/Fact';
import { Pill } from '../../components/ui/Pill';
import { Quoted } from '../../components/ui/Quoted';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { Token } from '../../components/ui/Token';
import { KIND_WORDS } from '../../components/models/model-choice';
import { LeftOutModels } from './LeftOutModels';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import disclosure from '../../components/ui/Disclosure.module.css';
import fact from '../../components/ui/Fact.module.css';
import field from '../../components/ui/FieldShell.module.css';
import formActions from '../../components/ui/FormActions.module.css';
import styles from './LlmServers.module.css';

/** The first server, chosen in setup (or with "Local LLM server" above); only the others can be removed here. */
const MAIN = 'main';
/** Model names shown before "and N more": a server with dozens of models must not push the page down. */
const VISIBLE_MODELS = 6;

/** One server behind the node: its address, kind, status, models, tasks and where it runs; Remove for an added one. */
export function ServerRow({ server, onRemoved }: { server: LlmServerInfo; onRemoved(settings: Settings): void }) {
  const t = useT();
  const words = BACKEND_WORDS[server.status];
  const flavour = flavourLabel(server.flavour);
  const main = server.id === MAIN;
  return (
    <li className={styles.server} data-testid={`llm-server-${server.id}`} data-status={server.status}>
      <div className={styles.head}>
        <Token value={server.url} className={styles.url} />
        {flavour ? <Pill tone="kind">{flavour}</Pill> : null}
        {main ? <Pill>{t('settings.servers.chosenInSetup')}</Pill> : null}
        <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
      </div>
      {server.message ? <p className={styles.message}>{t.said(server.message)}</p> : null}
      <dl className={fact.plain}>
        <Fact label={t('settings.servers.models', { count: server.models.length })}>
          <ServerModels models={server.models} />
        </Fact>
        {server.serves.length > 0 ? (
          <Fact label={t('settings.servers.serves')}>
            <ul className={`${common.bareList} ${styles.serves}`} aria-label={t('settings.servers.serves')}>
              {server.serves.map((kind) => (
                <li key={kind}>
                  <Pill tone="kind">{t(KIND_WORDS[kind])}</Pill>
                </li>
              ))}
            </ul>
          </Fact>
        ) : null}
        <LeftOutModels models={server.leftOut} count={server.leftOutCount} />
        <Fact label={t('settings.servers.tasks')}>{t('settings.servers.tasksRunning', { count: server.busy })}</Fact>
        <Fact label={t('settings.servers.where')}>
          {server.onThisComputer ? t('settings.servers.here') : t('settings.servers.elsewhere')}
        </Fact>
        {server.hasKey ? <Fact label={t('settings.servers.apiKey')}>{t('settings.servers.keyStored')}</Fact> : null}
      </dl>
      {main ? null : <RemoveServer server={server} onRemoved={onRemoved} />}
    </li>
  );
}

/** The models a server offers now, each quoted (a server names them, not the node); long lists fold away. */
function ServerModels({ models }: { models: string[] }) {
  const t = useT();
  if (models.length === 0) return <span className={common.muted}>{t('settings.servers.noModels')}</span>;
  const item = (m: string) => (
    <li key={m}>
      <Quoted text={m} max={80} line />
    </li>
  );
  const rest = models.slice(VISIBLE_MODELS);
  return (
    <>
      <ul className={`${common.bareList} ${styles.models}`} aria-label={t('settings.servers.modelsList')}>
        {models.slice(0, VISIBLE_MODELS).map(item)}
      </ul>
      {rest.length > 0 ? (
        <details className={disclosure.more}>
          <summary>{t('settings.servers.moreModels', { count: rest.length })}</summary>
          <ul className={`${common.bareList} ${styles.models}`} aria-label={t('settings.servers.moreModelsList')}>
            {rest.map(item)}
          </ul>
        </details>
      ) : null}
    </>
  );
}

/**
 * Remove, in two steps: the first click asks (what stops, and that the server can be added again), the second
 * removes. Focus moves into the question and back to Remove when it is put away (Escape or "Keep it").
 */
function RemoveServer({ server, onRemoved }: { server: LlmServerInfo; onRemoved(settings: Settings): void }) {
  const t = useT();
  const questionId = useId();
  const [asking, setAsking] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  const open = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const { step, blocked, run } = useCommand<Settings, never>(
    (api) => api.removeServer({ id: server.id }),
    (settings) => {
      onRemoved(settings);
      return { kind: 'idle' };
    },
  );

  useEffect(() => {
    if (asking) question.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      open.current?.focus();
    }
  }, [asking]);

  const keep = () => {
    if (step.kind === 'busy') return;
    returnFocus.current = true;
    setAsking(false);
  };

  return (
    <div className={styles.remove}>
      {asking ? (
        <div
          className={styles.confirm}
          role="group"
          aria-labelledby={questionId}
          data-testid={`llm-server-confirm-${server.id}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') keep();
          }}
        >
          <p id={questionId} ref={question} tabIndex={-1}>
            {t('settings.servers.remove.question', { url: server.url })}
          </p>
          <div className={formActions.actions}>
            <button
              type="button"
              className={button.dangerOutline}
              data-testid={`llm-server-remove-confirm-${server.id}`}
              aria-disabled={blocked || undefined}
              onClick={() => void run()}
            >
              {step.kind === 'busy' ? t('settings.servers.remove.busy') : t('settings.servers.remove.yes')}
            </button>
            <button
              type="button"
              className={button.small}
              aria-disabled={step.kind === 'busy' || undefined}
              onClick={keep}
            >
              {t('settings.servers.remove.keep')}
            </button>
          </div>
        </div>
      ) : (
        <button
          ref={open}
          type="button"
          className={button.small}
          data-testid={`llm-server-remove-${server.id}`}
          aria-label={t('settings.servers.remove.label', { url: server.url })}
          onClick={() => setAsking(true)}
        >
          {t('settings.servers.remove.button')}
        </button>
      )}
      {step.kind === 'failed' ? (
        <p className={field.error} role="alert">
          {step.message}
        </p>
      ) : null}
    </div>
  );
}
