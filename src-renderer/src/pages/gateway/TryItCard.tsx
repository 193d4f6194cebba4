import { useId, useState, type FormEvent } from 'react';
import type { ContractErrorBody, GatewayInfo, GatewayTryAnswer } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { useCommand } from '../../hooks/useCommand';
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
import { sayNow } from '@shared/i18n/current';
import { useT } from '../../i18n/useT';

/** The chat models the network offers now, once each, in the directory's order. */
export function chatModels(info: GatewayInfo | null): string[] {
  const models = (info?.offer?.models ?? []).filter((m) => intentShortName(m.intent) === 'chat').map((m) => m.model);
  return [...new Set(models)];
}

/** A refusal in plain words: the engine's own sentence when it says why the gateway could not answer. */
function failureWords(error: ContractErrorBody): string {
  const say = sayNow();
  if (error.code === 'invalid_state') return error.message;
  if (error.code === 'invalid_request') return say('gateway.try.invalid', { max: formatCount(MAX_PROMPT) });
  return say('gateway.try.notSent', { message: error.message });
}

/** Why "Send" cannot be used now, or null. */
function blockedWhy(info: GatewayInfo | null, models: readonly string[]): string | null {
  const say = sayNow();
  if (!info) return say('gateway.try.reading');
  if (!info.enabled) return say('gateway.try.turnOn');
  if (!info.baseUrl) return say('gateway.try.notListening');
  if (models.length === 0) return say('gateway.try.noModel');
  return null;
}

/** The answer: quoted (another machine wrote it), with the machine, whose it is, what it cost and how long it took. */
function Answer({ answer }: { answer: GatewayTryAnswer }) {
  const t = useT();
  return (
    <div className={styles.answer} data-testid="gateway-try-answer">
      <h3 className={common.subheading}>{t('gateway.try.answer')}</h3>
      <p className={styles.text}>
        <Quoted text={answer.text} max={MAX_PROMPT * 2} />
      </p>
      <dl className={fact.inline}>
        <Fact label={t('gateway.try.model')}>{answer.model ? <Quoted text={answer.model} max={80} line /> : '—'}</Fact>
        <Fact label={t('gateway.try.machine')}>
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
        <Fact label={t('gateway.try.whose')}>{routeWords(answer)}</Fact>
        <Fact label={t('gateway.try.credits')}>
          <span data-testid="gateway-try-credits">
            {costWords({ own: answer.own, credits: answer.credits, charged: null })}
          </span>
        </Fact>
        <Fact label={t('gateway.try.took')}>{latencyWords(answer.latencyMs)}</Fact>
      </dl>
    </div>
  );
}

/** "Try it": one question to a model the network offers, sent through the gateway itself, and its answer. */
export function TryItCard({ info }: { info: GatewayInfo | null }) {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const promptId = useId();
  const hintId = useId();
  const errorId = useId();
  const models = chatModels(info);
  const [picked, setPicked] = useState<string | null>(null);
  const model = picked !== null && models.includes(picked) ? picked : (models[0] ?? '');
  const [prompt, setPrompt] = useState('');
  const [typo, setTypo] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [answer, setAnswer] = useState<GatewayTryAnswer | null>(null);
  const command = useCommand(
    (api, question: string) => api.tryGateway({ model, prompt: question }),
    (value) => {
      setAnswer(value);
      return { kind: 'idle' };
    },
    (error) => setFailed(failureWords(error)),
  );
  const busy = command.step.kind === 'busy';
  const why = connected ? blockedWhy(info, models) : t('gateway.try.notConnected');
  const blocked = busy || why !== null;

  const send = (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    const question = prompt.trim();
    if (question === '') {
      setTypo(t('gateway.try.writeFirst'));
      return;
    }
    setFailed(null);
    setAnswer(null);
    void command.run(question);
  };

  return (
    <Card title={t('gateway.try.title')} testId="gateway-try">
      <form className={styles.form} noValidate onSubmit={send} aria-label={t('gateway.try.formLabel')}>
        <SelectField
          label={t('gateway.try.model')}
          value={model}
          options={
            models.length > 0
              ? models.map((m) => ({ value: m, label: cleanForeignText(m, 80) }))
              : [{ value: '', label: t('gateway.try.noModelOption') }]
          }
          onChange={setPicked}
          disabled={models.length === 0}
          testId="gateway-try-model"
        />
        <div className={field.field}>
          <label htmlFor={promptId}>{t('gateway.try.question')}</label>
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
            {t('gateway.try.hint')}
          </p>
        </div>
        <div className={styles.actions}>
          <button
            type="submit"
            className={button.primary}
            aria-disabled={blocked || undefined}
            data-testid="gateway-try-send"
          >
            {busy ? t('gateway.try.waiting') : t('gateway.try.send')}
          </button>
          {why && !busy ? <span className={common.muted}>{why}</span> : null}
        </div>
        <ErrorLine error={failed} />
      </form>
      {answer ? <Answer answer={answer} /> : null}
    </Card>
  );
}
