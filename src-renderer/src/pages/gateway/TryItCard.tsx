import { useId, useState, type FormEvent } from 'react';
import type { ContractErrorBody, GatewayInfo, GatewayTryAnswer } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { getApi } from '../../api';
import { formatCount, intentShortName, shortenId } from '../../format';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { Fact } from '../../components/ui/Fact';
import { Quoted } from '../../components/ui/Quoted';
import { SelectField } from '../../components/ui/SelectField';
import { costWords, latencyWords, MAX_PROMPT, routeWords } from './gateway-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import field from '../../components/ui/FieldShell.module.css';
import styles from './TryItCard.module.css';

/** The chat models the network offers now, once each, in the directory's order. */
export function chatModels(info: GatewayInfo | null): string[] {
  const models = (info?.offer?.models ?? []).filter((m) => intentShortName(m.intent) === 'chat').map((m) => m.model);
  return [...new Set(models)];
}

/** A refusal in plain words: the engine's own sentence when it says why the gateway could not answer. */
function failureWords(error: ContractErrorBody): string {
  if (error.code === 'invalid_state') return error.message;
  if (error.code === 'invalid_request') return `Choose a model and write a question of up to ${formatCount(MAX_PROMPT)} characters.`;
  return `The question could not be sent: ${error.message}`;
}

/** Why "Send" cannot be used now, or null. */
function blockedWhy(info: GatewayInfo | null, models: readonly string[]): string | null {
  if (!info) return 'Reading the gateway…';
  if (!info.enabled) return 'Turn the gateway on first: the question goes through it like any app’s.';
  if (!info.baseUrl) return 'The gateway is not listening yet.';
  if (models.length === 0) return 'No chat model is offered on the network now.';
  return null;
}

/** The answer: quoted (another machine wrote it), with the machine, whose it is, what it cost and how long it took. */
function Answer({ answer }: { answer: GatewayTryAnswer }) {
  return (
    <div className={styles.answer} data-testid="gateway-try-answer">
      <h3 className={common.subheading}>The answer</h3>
      <p className={styles.text}>
        <Quoted text={answer.text} max={MAX_PROMPT * 2} />
      </p>
      <dl className={fact.inline}>
        <Fact label="Model">{answer.model ? <Quoted text={answer.model} max={80} line /> : '—'}</Fact>
        <Fact label="Machine">
          {answer.machine ? (
            <span data-testid="gateway-try-machine" title={answer.nodeId ?? undefined}>
              <Quoted text={answer.machine} max={80} line />
            </span>
          ) : answer.nodeId ? (
            <code title={answer.nodeId}>{shortenId(answer.nodeId)}</code>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="Whose">{routeWords(answer)}</Fact>
        <Fact label="Credits">
          <span data-testid="gateway-try-credits">{costWords({ own: answer.own, credits: answer.credits, charged: null })}</span>
        </Fact>
        <Fact label="Took">{latencyWords(answer.latencyMs)}</Fact>
      </dl>
    </div>
  );
}

/** "Try it": one question to a model the network offers, sent through the gateway itself, and its answer. */
export function TryItCard({ info }: { info: GatewayInfo | null }) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const promptId = useId();
  const hintId = useId();
  const errorId = useId();
  const models = chatModels(info);
  const [picked, setPicked] = useState<string | null>(null);
  const model = picked !== null && models.includes(picked) ? picked : (models[0] ?? '');
  const [prompt, setPrompt] = useState('');
  const [typo, setTypo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [answer, setAnswer] = useState<GatewayTryAnswer | null>(null);
  const why = connected ? blockedWhy(info, models) : 'Not connected to the node.';
  const blocked = busy || why !== null;

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    const question = prompt.trim();
    if (question === '') {
      setTypo('Write a question first.');
      return;
    }
    setBusy(true);
    setFailed(null);
    setAnswer(null);
    const result = await getApi().tryGateway({ model, prompt: question });
    setBusy(false);
    if (result.ok) setAnswer(result.value);
    else setFailed(failureWords(result.error));
  };

  return (
    <Card title="Try it" testId="gateway-try">
      <form className={styles.form} noValidate onSubmit={(e) => void send(e)} aria-label="Try the gateway">
        <SelectField
          label="Model"
          value={model}
          options={models.length > 0 ? models.map((m) => ({ value: m, label: cleanForeignText(m, 80) })) : [{ value: '', label: 'No chat model offered now' }]}
          onChange={setPicked}
          disabled={models.length === 0}
          testId="gateway-try-model"
        />
        <div className={field.field}>
          <label htmlFor={promptId}>Your question</label>
          <textarea
            id={promptId}
            className={styles.prompt}
            rows={3}
            maxLength={MAX_PROMPT}
            value={prompt}
            aria-invalid={typo ? true : undefined}
            aria-describedby={typo ? `${errorId} ${hintId}` : hintId}
            data-testid="gateway-try-prompt"
            onChange={(e) => {
              setPrompt(e.target.value);
              setTypo(null);
            }}
          />
          {typo ? (
            <p id={errorId} className={field.error} role="alert">
              {typo}
            </p>
          ) : null}
          <p id={hintId} className={field.hint}>
            It goes through the gateway like any app’s question. Another person’s machine may answer it, and that costs credits.
          </p>
        </div>
        <div className={styles.actions}>
          <button type="submit" className={button.primary} aria-disabled={blocked || undefined} data-testid="gateway-try-send">
            {busy ? 'Waiting for the answer…' : 'Send'}
          </button>
          {why && !busy ? <span className={common.muted}>{why}</span> : null}
        </div>
        <ErrorLine error={failed} />
      </form>
      {answer ? <Answer answer={answer} /> : null}
    </Card>
  );
}
