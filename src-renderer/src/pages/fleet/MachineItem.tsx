import { useId, useState, type ReactNode } from 'react';
import type { FleetInfo, FleetMachine, FleetSource } from '@shared/contract';
import { useNow } from '../../hooks/useNow';
import { formatFullTimestamp } from '../../format';
import { Fact } from '../../components/ui/Fact';
import { Pill } from '../../components/ui/Pill';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { ForgetMachine } from './ForgetMachine';
import { RenameForm } from './RenameForm';
import { OWNER_FIRST_WORDS, clockWords, machineName, modelsShown, reputationWords, slotsWords, stateBadge, todayWords, windowWords } from '../../words/fleet-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './MachineItem.module.css';

type Panel = 'none' | 'rename' | 'forget';

/** The models it serves: a few names, each kept apart from the sentence's direction, then "+N more". */
function Models({ models }: { models: readonly string[] }) {
  const { shown, more } = modelsShown(models);
  if (shown.length === 0) return <span className={common.muted}>None listed</span>;
  return (
    <span title={models.join(', ')}>
      {shown.map((m, i) => (
        <span key={`${i}:${m}`}>
          {i > 0 ? ', ' : null}
          <bdi className={styles.model}>{m}</bdi>
        </span>
      ))}
      {more > 0 ? <span className={common.muted}> +{more} more</span> : null}
    </span>
  );
}

/** One source of the figures: read how long ago, or why the last try failed. */
function Source({ label, source }: { label: string; source: FleetSource }) {
  let what: ReactNode;
  if (source.problem) what = source.problem;
  else if (source.at)
    what = (
      <>
        read <RelativeTime iso={source.at} />
      </>
    );
  else what = 'not read yet';
  return (
    <span data-source={label}>
      {label}: {what}
    </span>
  );
}

/** Where the figures come from and how old they are. */
function Sources({ machine }: { machine: FleetMachine }) {
  return (
    <p className={styles.sources} data-testid="machine-sources">
      <Source label="Directory" source={machine.sources.directory} />
      {' · '}
      <Source label="The machine itself" source={machine.sources.machine} />
    </p>
  );
}

/** A machine down inside its window: said first, in the alert's colour, with since when (the engine's sentence says why). */
function DownLine({ since }: { since: string | null }) {
  const now = useNow();
  return (
    <p className={styles.alert} data-testid="machine-alert">
      <strong>Down</strong>
      {since ? (
        <>
          {' since '}
          <time dateTime={since} title={formatFullTimestamp(since)}>
            {clockWords(since, now)}
          </time>
        </>
      ) : null}
    </p>
  );
}

function Facts({ machine }: { machine: FleetMachine }) {
  const now = useNow();
  const { window } = machine;
  return (
    <dl className={styles.facts}>
      <Fact label="Models">
        <Models models={machine.models} />
      </Fact>
      <Fact label="Slots">{slotsWords(machine.slots)}</Fact>
      <Fact label="Reputation">{reputationWords(machine.reputation)}</Fact>
      <Fact label="Today">{todayWords(machine.today)}</Fact>
      <Fact label="Last seen">{machine.lastSeen ? <RelativeTime iso={machine.lastSeen} /> : <span className={common.muted}>Never</span>}</Fact>
      <Fact label="Availability now">
        <span title={window?.describe ? `Its schedule: ${window.describe} (${window.timeZone})` : undefined}>{windowWords(window, now)}</span>
      </Fact>
      {machine.ownerFirst ? <Fact label="Owner first">{OWNER_FIRST_WORDS[machine.ownerFirst]}</Fact> : null}
    </dl>
  );
}

/**
 * One machine: its name (as text, whoever wrote it), "This computer" for this one, its state in a word, the engine's
 * sentence, its figures and where they come from; "Rename" for this computer, "Forget" for the others.
 */
export function MachineItem({ machine, take }: { machine: FleetMachine; take(info: FleetInfo): void }) {
  const headingId = useId();
  const [panel, setPanel] = useState<Panel>('none');
  const [said, setSaid] = useState<string | null>(null);
  const state = stateBadge(machine.state);
  const name = machineName(machine.name);
  const down = machine.state === 'down';
  const close = () => setPanel('none');
  /** Opens or closes a panel; what the last one said goes, so an old "saved" never sits beside a new attempt. */
  const toggle = (which: Exclude<Panel, 'none'>) => {
    setSaid(null);
    setPanel(panel === which ? 'none' : which);
  };

  return (
    <li className={down ? `${styles.item} ${styles.down}` : styles.item} aria-labelledby={headingId} data-testid="machine" data-node-id={machine.nodeId} data-state={machine.state}>
      <div className={styles.head}>
        <h3 id={headingId} className={styles.name} translate="no">
          <bdi>{name}</bdi>
        </h3>
        {machine.self ? <Pill tone="kind">This computer</Pill> : null}
        <span data-testid="machine-state">
          <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
        </span>
        <span className={styles.actions}>
          {machine.self ? (
            <button type="button" className={button.small} aria-expanded={panel === 'rename'} onClick={() => toggle('rename')}>
              Rename this computer
            </button>
          ) : (
            <button type="button" className={button.small} aria-label={`Forget ${name}`} aria-expanded={panel === 'forget'} onClick={() => toggle('forget')}>
              Forget…
            </button>
          )}
        </span>
      </div>
      {down ? <DownLine since={machine.alertSince} /> : null}
      <p className={styles.words} data-testid="machine-words">
        {machine.words}
      </p>
      <Facts machine={machine} />
      <Sources machine={machine} />
      {panel === 'rename' ? (
        <RenameForm
          initial={machine.name}
          onCancel={close}
          onDone={(next) => {
            close();
            setSaid('The new name is saved. Your other machines learn it the next time they look.');
            take(next);
          }}
        />
      ) : null}
      {panel === 'forget' ? <ForgetMachine machine={machine} name={name} onCancel={close} onDone={take} /> : null}
      <p className={said ? `${common.result} ${common.resultOk}` : common.visuallyHidden} role="status" data-testid="machine-status">
        {said}
      </p>
    </li>
  );
}
