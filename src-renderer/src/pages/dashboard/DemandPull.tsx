import type { DemandInfo, PullInfo } from '@shared/contract';
import { urlHost } from '../../format';
import { Quoted } from '../../components/ui/Quoted';
import { SelectField } from '../../components/ui/SelectField';
import { pullFigures } from './demand-words';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './DemandCard.module.css';

type Server = DemandInfo['pullTo'][number];

/**
 * Where "Download to this LLM server" puts a model: with one Ollama server, which one it is; with several, one small
 * select for the whole card.
 */
export function ServerPicker({
  servers,
  value,
  onChange,
}: {
  servers: readonly Server[];
  value: string;
  onChange(server: string): void;
}) {
  const t = useT();
  if (servers.length === 0) return null;
  if (servers.length === 1)
    return (
      <p className={common.note} data-testid="demand-server">
        {t('dashboard.demand.pull.oneServer', { host: urlHost(servers[0]!.url) })}
      </p>
    );
  const options = servers.map((s) => ({ value: s.server, label: urlHost(s.url) }));
  return (
    <SelectField
      label={t('dashboard.demand.pull.serverLabel')}
      value={value}
      options={options}
      onChange={onChange}
      testId="demand-server"
      className={styles.server}
    />
  );
}

interface PullButtonProps {
  model: string;
  server: Server;
  /** Another pull runs or is being asked for: only one at a time. */
  blocked: boolean;
  /** This model's pull is being asked for now. */
  starting: boolean;
  /** The id of the element that names the model, which describes the button. */
  describedBy: string;
  onPull(server: string, model: string): void;
}

/**
 * "Download to this LLM server" (the one the card names): starts the pull of one model on the person's click, never
 * otherwise.
 */
export function PullButton({ model, server, blocked, starting, describedBy, onPull }: PullButtonProps) {
  const t = useT();
  return (
    <button
      type="button"
      className={button.small}
      data-testid={`demand-pull-${model}`}
      aria-disabled={blocked || undefined}
      aria-describedby={describedBy}
      title={server.url}
      onClick={() => {
        if (!blocked) onPull(server.server, model);
      }}
    >
      {starting ? t('dashboard.demand.pull.starting') : t('dashboard.demand.pull.to')}
    </button>
  );
}

interface PullStateProps {
  pull: PullInfo;
  /** Where the pull goes, when it is one of the node's servers. */
  server: Server | undefined;
  stopping: boolean;
  onStop(): void;
}

/**
 * The pull under way, or how the last one ended: our sentence (said to screen readers as it changes), then while it
 * runs the bar, how far it is in the person's numbers, Ollama's own status quoted, and Stop.
 */
export function PullState({ pull, server, stopping, onStop }: PullStateProps) {
  const t = useT();
  const running = pull.state === 'running';
  const figures = running ? pullFigures(pull) : null;
  // The engine's share, which never goes back; the bytes in the figures may grow by a layer meanwhile.
  const fraction = pull.fraction;
  const where = server ? urlHost(server.url) : pull.server;
  return (
    <div className={styles.pull} data-testid="demand-pull" data-state={pull.state}>
      <p
        role="status"
        aria-live="polite"
        className={
          pull.state === 'failed'
            ? `${common.result} ${common.resultBad}`
            : pull.state === 'done'
              ? `${common.result} ${common.resultOk}`
              : undefined
        }
      >
        {t.said(pull.words)}
      </p>
      {running ? (
        <>
          <div className={styles.pullBar}>
            {fraction !== null ? (
              <progress
                data-testid="demand-pull-progress"
                aria-label={t('dashboard.demand.pull.progress', { host: where })}
                max={1}
                value={Math.min(Math.max(fraction, 0), 1)}
              />
            ) : (
              <progress
                data-testid="demand-pull-progress"
                aria-label={t('dashboard.demand.pull.progress', { host: where })}
              />
            )}
            {figures ? <span className={styles.figures}>{figures}</span> : null}
          </div>
          {pull.status ? (
            <p className={common.note}>
              <Words
                id="dashboard.demand.pull.ollamaSays"
                tags={{ status: () => <Quoted text={pull.status ?? ''} max={80} line /> }}
              />
            </p>
          ) : null}
          <button
            type="button"
            className={button.small}
            data-testid="demand-pull-stop"
            aria-disabled={stopping || undefined}
            onClick={() => !stopping && onStop()}
          >
            {stopping ? t('dashboard.demand.pull.stopping') : t('dashboard.demand.pull.stop')}
          </button>
        </>
      ) : pull.state === 'failed' && pull.status ? (
        <p className={common.note}>
          <Words
            id="dashboard.demand.pull.ollamaSaid"
            tags={{ status: () => <Quoted text={pull.status ?? ''} max={160} /> }}
          />
        </p>
      ) : null}
    </div>
  );
}
