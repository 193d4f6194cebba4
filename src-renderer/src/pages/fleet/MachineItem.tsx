import { windowLine } from '../../lib/schedule-words';
import { useId, useRef, useState, type ReactNode } from 'react';
import type { FleetInfo, FleetMachine, FleetSource } from '@shared/contract';
import { useNow } from '../../hooks/useNow';
import { formatFullTimestamp } from '../../format';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { Fact } from '../../components/ui/Fact';
import { Pill } from '../../components/ui/Pill';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { ForgetMachine } from './ForgetMachine';
import { RenameForm } from './RenameForm';
import {
  clockWords,
  machineName,
  modelsShown,
  ownerFirstWords,
  reputationWords,
  slotsWords,
  stateBadge,
  todayWords,
  windowWords,
} from '../../words/fleet-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './MachineItem.module.css';

type Panel = 'none' | 'rename' | 'forget';

/** The models it serves: a few names, each kept apart from the sentence's direction, then "+N more". */
function Models({ models }: { models: readonly string[] }) {
  const t = useT();
  const { shown, more } = modelsShown(models);
  if (shown.length === 0) return <span className={common.muted}>{t('fleet.models.none')}</span>;
  return (
    <span title={models.join(', ')}>
      {shown.map((m, i) => (
        <span key={`${i}:${m}`}>
          {i > 0 ? ', ' : null}
          <bdi className={styles.model}>{m}</bdi>
        </span>
      ))}
      {more > 0 ? <span className={common.muted}> {t('fleet.models.more', { count: more })}</span> : null}
    </span>
  );
}

/** One source of the figures: read how long ago, or why the last try failed. */
function Source({ label, source }: { label: string; source: FleetSource }) {
  const t = useT();
  let what: ReactNode;
  if (source.problem) what = t('fleet.source.problem', { label, problem: t.said(source.problem) });
  else if (source.at) {
    const at = source.at;
    what = <Words id="fleet.source.read" values={{ label }} tags={{ time: () => <RelativeTime iso={at} /> }} />;
  } else what = t('fleet.source.notRead', { label });
  return <span data-source={label}>{what}</span>;
}

/** Where the figures come from and how old they are. */
function Sources({ machine }: { machine: FleetMachine }) {
  const t = useT();
  return (
    <p className={styles.sources} data-testid="machine-sources">
      <Source label={t('fleet.source.directory')} source={machine.sources.directory} />
      {' · '}
      <Source label={t('fleet.source.machine')} source={machine.sources.machine} />
    </p>
  );
}

/**
 * A machine down inside its window: said first, in the alert's colour, with since when (the engine's sentence says
 * why).
 */
function DownLine({ since }: { since: string | null }) {
  const now = useNow();
  const b = (c: ReactNode[]) => <strong>{c}</strong>;
  return (
    <p className={styles.alert} data-testid="machine-alert">
      {since ? (
        <Words
          id="fleet.machine.downSince"
          values={{ since: clockWords(since, now) }}
          tags={{
            b,
            time: (c) => (
              <time dateTime={since} title={formatFullTimestamp(since)}>
                {c}
              </time>
            ),
          }}
        />
      ) : (
        <Words id="fleet.machine.down" tags={{ b }} />
      )}
    </p>
  );
}

function Facts({ machine }: { machine: FleetMachine }) {
  const t = useT();
  const now = useNow();
  const { window } = machine;
  const ownerFirst = ownerFirstWords(machine);
  return (
    <dl className={styles.facts}>
      <Fact label={t('fleet.fact.models')}>
        <Models models={machine.models} />
      </Fact>
      <Fact label={t('fleet.fact.slots')}>{slotsWords(machine)}</Fact>
      <Fact label={t('fleet.fact.reputation')}>{reputationWords(machine.reputation)}</Fact>
      <Fact label={t('fleet.fact.today')}>{todayWords(machine.today)}</Fact>
      <Fact label={t('fleet.fact.lastSeen')}>
        {machine.lastSeen ? (
          <RelativeTime iso={machine.lastSeen} />
        ) : (
          <span className={common.muted}>{t('fleet.fact.never')}</span>
        )}
      </Fact>
      <Fact label={t('fleet.fact.availability')}>
        <span
          title={
            window?.inForce
              ? t('fleet.fact.schedule', { describe: windowLine(window.inForce), zone: window.timeZone })
              : undefined
          }
        >
          {windowWords(window, now)}
        </span>
      </Fact>
      {ownerFirst ? <Fact label={t('fleet.fact.ownerFirst')}>{ownerFirst}</Fact> : null}
    </dl>
  );
}

/**
 * One machine: its name (as text, whoever wrote it), "This computer" for this one, its state in a word, the engine's
 * sentence, its figures and where they come from; "Rename" for this computer, "Forget" for the others. A panel closed
 * without a change (Cancel, Escape) gives the focus back to the button that opened it.
 */
export function MachineItem({ machine, take }: { machine: FleetMachine; take(info: FleetInfo): void }) {
  const t = useT();
  const headingId = useId();
  const opener = useRef<HTMLButtonElement>(null);
  const [panel, setPanel] = useState<Panel>('none');
  const [said, setSaid] = useState<string | null>(null);
  const state = stateBadge(machine.state);
  const name = machineName(machine.name);
  const down = machine.state === 'down';
  const close = () => setPanel('none');
  const cancel = () => {
    close();
    opener.current?.focus();
  };
  /** Opens or closes a panel; what the last one said goes, so an old "saved" never sits beside a new attempt. */
  const toggle = (which: Exclude<Panel, 'none'>) => {
    setSaid(null);
    setPanel(panel === which ? 'none' : which);
  };

  return (
    <li
      className={down ? `${styles.item} ${styles.down}` : styles.item}
      aria-labelledby={headingId}
      data-testid="machine"
      data-node-id={machine.nodeId}
      data-state={machine.state}
    >
      <div className={styles.head}>
        <h3 id={headingId} className={styles.name} translate="no">
          <bdi>{name}</bdi>
        </h3>
        {machine.self ? <Pill tone="kind">{t('fleet.machine.thisComputer')}</Pill> : null}
        <span data-testid="machine-state">
          <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
        </span>
        <span className={styles.actions}>
          {machine.self ? (
            <button
              ref={opener}
              type="button"
              className={button.small}
              aria-expanded={panel === 'rename'}
              onClick={() => toggle('rename')}
            >
              {t('fleet.machine.rename')}
            </button>
          ) : (
            <button
              ref={opener}
              type="button"
              className={button.small}
              aria-label={t('fleet.machine.forgetName', { name })}
              aria-expanded={panel === 'forget'}
              onClick={() => toggle('forget')}
            >
              {t('fleet.machine.forget')}
            </button>
          )}
        </span>
      </div>
      {down ? <DownLine since={machine.alertSince} /> : null}
      <p className={styles.words} data-testid="machine-words">
        {t.said(machine.words)}
      </p>
      <Facts machine={machine} />
      <Sources machine={machine} />
      {panel === 'rename' ? (
        <RenameForm
          initial={machine.name}
          onCancel={cancel}
          onDone={(next) => {
            close();
            setSaid(t('fleet.machine.renamed'));
            take(next);
          }}
        />
      ) : null}
      {panel === 'forget' ? <ForgetMachine machine={machine} name={name} onCancel={cancel} onDone={take} /> : null}
      <p
        className={said ? `${common.result} ${common.resultOk}` : common.visuallyHidden}
        role="status"
        data-testid="machine-status"
      >
        {said}
      </p>
    </li>
  );
}
