import { useId, useState, type ReactNode } from 'react';
import { PULL_MODEL_RULE, type DemandInfo } from '@shared/contract';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { CONSUMER_QUOTE, Quoted } from '../../components/ui/Quoted';
import { Spinner } from '../../components/ui/Spinner';
import { PullButton, PullState, ServerPicker } from './DemandPull';
import { askedWords, othersWords, priceWords, readWords, speechWords } from './demand-words';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { useDemand, usePullCommands, type PullCommands } from './useDemand';
import button from '../../components/ui/Button.module.css';
import callout from '../../components/ui/Callout.module.css';
import common from '../../components/ui/common.module.css';
import styles from './DemandCard.module.css';

type Server = DemandInfo['pullTo'][number];

/** What a model line needs to offer "Pull": where to, and whether a pull may start now. */
interface PullOffer {
  server: Server | undefined;
  blocked: boolean;
  commands: PullCommands;
  /** Models the node offers already: nothing to pull. */
  offered: ReadonlySet<string>;
}

/**
 * One model of a list: its name quoted (the directory's or a consumer's words), our sentence, and "Pull" if it can be.
 */
function ModelLine({
  model,
  words,
  offer,
  pullable,
}: {
  model: string;
  words: ReactNode;
  offer: PullOffer;
  pullable: boolean;
}) {
  const nameId = useId();
  const { server, blocked, commands, offered } = offer;
  // A name the pull command would refuse (a consumer may send anything) gets no button.
  const canPull = pullable && server !== undefined && !offered.has(model) && PULL_MODEL_RULE.test(model);
  return (
    <li className={styles.line} data-model={model}>
      <span className={styles.words}>
        <Words
          id="dashboard.demand.line"
          tags={{
            model: () => (
              <span id={nameId}>
                <Quoted text={model} {...CONSUMER_QUOTE} />
              </span>
            ),
            words: () => words,
          }}
        />
      </span>
      {canPull ? (
        <PullButton
          model={model}
          server={server}
          blocked={blocked}
          starting={commands.starting === model}
          describedBy={nameId}
          onPull={commands.pull}
        />
      ) : null}
    </li>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className={styles.section} aria-labelledby={headingId} data-testid={testId}>
      <h3 id={headingId} className={common.subheading}>
        {title}
      </h3>
      {children}
    </section>
  );
}

function Lists({ demand, offer }: { demand: DemandInfo; offer: PullOffer }) {
  const t = useT();
  const asked = new Set(demand.asked.map((a) => a.model));
  const price = priceWords(demand.price);
  return (
    <>
      <Section title={t('dashboard.demand.asked.title')} testId="demand-asked">
        {demand.asked.length === 0 ? (
          <p className={common.empty}>{t('dashboard.demand.asked.none')}</p>
        ) : (
          <ul className={styles.list}>
            {demand.asked.map((a) => (
              <ModelLine key={a.model} model={a.model} words={askedWords(a.times)} offer={offer} pullable />
            ))}
          </ul>
        )}
      </Section>
      {/* Without the directory's list nothing is said of other nodes: the problem above says why. */}
      {demand.discoveredAt === null ? null : (
        <>
          <Section title={t('dashboard.demand.scarce.title')} testId="demand-scarce">
            {demand.scarce.length === 0 ? (
              <p className={common.empty}>{t('dashboard.demand.scarce.none')}</p>
            ) : (
              <ul className={styles.list}>
                {demand.scarce.map((s) => (
                  <ModelLine
                    key={s.model}
                    model={s.model}
                    words={
                      <>
                        {othersWords(s.nodes, s.own)}
                        {s.yours
                          ? ` ${t('dashboard.demand.scarce.yours')}`
                          : asked.has(s.model)
                            ? ` ${t('dashboard.demand.scarce.askedToo')}`
                            : null}
                      </>
                    }
                    offer={offer}
                    // A model asked of the node has its button above: one per model.
                    pullable={!s.yours && !asked.has(s.model)}
                  />
                ))}
              </ul>
            )}
          </Section>
          <Section title={t('dashboard.demand.speech.title')} testId="demand-speech">
            {demand.speech.length === 0 ? (
              <p className={common.empty}>{t('dashboard.demand.speech.none')}</p>
            ) : (
              <ul className={styles.list}>
                {demand.speech.map((s) => (
                  <li key={`${s.kind} ${s.model}`} className={styles.line} data-model={s.model} data-kind={s.kind}>
                    <span className={styles.words}>
                      <Words
                        id="dashboard.demand.speech.line"
                        values={{ kind: s.kind }}
                        tags={{
                          model: () => <Quoted text={s.model} {...CONSUMER_QUOTE} />,
                          words: () => speechWords(s),
                        }}
                      />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title={t('dashboard.demand.price.title')} testId="demand-price">
            <p>{price ?? t('dashboard.demand.price.none')}</p>
            {demand.mine.length === 0 ? (
              <p className={common.empty}>{t('dashboard.demand.mine.none')}</p>
            ) : (
              <ul className={styles.list} aria-label={t('dashboard.demand.mine.label')}>
                {demand.mine.map((m) => (
                  <li key={m.model} className={styles.line} data-model={m.model}>
                    <span className={styles.words}>
                      <Words
                        id="dashboard.demand.line"
                        tags={{
                          model: () => <Quoted text={m.model} className={styles.mine} {...CONSUMER_QUOTE} />,
                          words: () => othersWords(m.others, m.own),
                        }}
                      />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </>
      )}
    </>
  );
}

/**
 * "What the network asks for": models consumers asked this node for that it does not offer, models few other nodes
 * serve, and the node's price among the others, read from the directory by the engine. A model missing from the node
 * can be pulled onto one of its Ollama servers, only on the person's click, one pull at a time.
 */
export function DemandCard() {
  const t = useT();
  const { demand, reading, error, connected, readAgain } = useDemand();
  const commands = usePullCommands();
  const pull = useProviderStore((s) => s.snapshot?.backend.pull ?? null);
  const models = useProviderStore((s) => s.snapshot?.backend.models);
  const [serverId, setServerId] = useState<string | null>(null);

  const pullTo = demand?.pullTo ?? [];
  const server = pullTo.find((s) => s.server === serverId) ?? pullTo[0];
  const offered = new Set([...(demand?.mine.map((m) => m.model) ?? []), ...(models ?? [])]);
  const blocked = !connected || commands.starting !== null || pull?.state === 'running';
  const offer: PullOffer = { server, blocked, commands, offered };

  return (
    <Card title={t('dashboard.demand.title')} testId="network-demand" className={styles.card}>
      <div className={styles.head}>
        <p className={styles.at} data-testid="demand-at">
          {demand
            ? readWords(demand).join(' ')
            : reading
              ? t('dashboard.demand.reading')
              : t('dashboard.demand.notRead')}
        </p>
        <button
          type="button"
          className={button.small}
          data-testid="demand-refresh"
          aria-disabled={reading || !connected || undefined}
          onClick={() => !reading && connected && readAgain()}
        >
          {reading && demand ? t('dashboard.demand.readingAgain') : t('dashboard.demand.readAgain')}
        </button>
        {reading ? <Spinner /> : null}
      </div>
      <p className={common.note}>{t('dashboard.demand.note')}</p>
      {error ? (
        <p className={`${common.result} ${common.resultBad}`} role="alert">
          {t('dashboard.demand.error', { why: error })}
        </p>
      ) : null}
      {demand?.problem ? (
        <p className={`${callout.warn} ${callout.compact}`} data-testid="demand-problem">
          {t.said(demand.problem)}
        </p>
      ) : null}
      {demand && server ? <ServerPicker servers={pullTo} value={server.server} onChange={setServerId} /> : null}
      {pull ? (
        <PullState
          pull={pull}
          server={pullTo.find((s) => s.server === pull.server)}
          stopping={commands.stopping}
          onStop={commands.stop}
        />
      ) : null}
      {commands.error ? (
        <p className={`${common.result} ${common.resultBad}`} role="alert">
          {commands.error}
        </p>
      ) : null}
      {demand ? <Lists demand={demand} offer={offer} /> : null}
    </Card>
  );
}
