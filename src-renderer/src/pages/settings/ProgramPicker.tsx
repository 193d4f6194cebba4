import { useId, useState } from 'react';
import { useCommand } from '../../hooks/useCommand';
import { useT } from '../../i18n/useT';
import { isOwnProgram, programNameProblem } from './owner-first-form';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { FixedNote } from '../../components/ui/FixedNote';
import { Quoted } from '../../components/ui/Quoted';
import button from '../../components/ui/Button.module.css';
import check from '../../components/ui/Check.module.css';
import common from '../../components/ui/common.module.css';
import field from '../../components/ui/FieldShell.module.css';
import styles from './ProgramPicker.module.css';

interface Props {
  /** The list's id, for focus from elsewhere. */
  id: string;
  picked: readonly string[];
  onChange(names: string[]): void;
  error: string | undefined;
  fixed: boolean;
}

const without = (names: readonly string[], name: string) => names.filter((n) => n !== name);

/**
 * "Pause while these programs run": the names picked, each with a remove button; the programs running now, to tick
 * (this app and its LLM server left out: pausing while they run would pause for good); and a name typed in.
 */
export function ProgramPicker({ id, picked, onChange, error, fixed }: Props) {
  const t = useT();
  const legendId = useId();
  const hintId = useId();
  const errorId = useId();
  const fixedId = useId();
  const describedBy = [error ? errorId : null, fixed ? fixedId : null, hintId].filter(Boolean).join(' ');
  const toggle = (name: string, on: boolean) => onChange(on ? [...without(picked, name), name] : without(picked, name));

  return (
    <fieldset
      className={styles.group}
      id={id}
      tabIndex={-1}
      aria-describedby={describedBy}
      aria-invalid={error ? true : undefined}
    >
      <legend id={legendId} className={styles.legend}>
        {t('settings.programs.legend')}
      </legend>
      <p id={hintId} className={field.hint}>
        {t('settings.programs.hint')}
      </p>
      {picked.length > 0 ? (
        <ul className={styles.picked} aria-labelledby={legendId} data-testid="owner-program-list">
          {picked.map((name) => (
            <li key={name} className={styles.pickedRow} data-program={name}>
              <Quoted text={name} className={styles.name} />
              {fixed ? null : (
                <button
                  type="button"
                  className={`${button.quiet} ${button.small}`}
                  aria-label={t('settings.programs.removeLabel', { name })}
                  onClick={() => toggle(name, false)}
                >
                  {t('settings.programs.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className={common.muted} data-testid="owner-program-list" data-empty="">
          {t('settings.programs.none')}
        </p>
      )}
      {error ? (
        <p id={errorId} className={field.error}>
          {error}
        </p>
      ) : null}
      {fixed ? <FixedNote id={fixedId} /> : <ProgramChoice picked={picked} toggle={toggle} />}
    </fieldset>
  );
}

/** The running programs to tick, and a name to type in. */
function ProgramChoice({ picked, toggle }: { picked: readonly string[]; toggle(name: string, on: boolean): void }) {
  const t = useT();
  const listing = useCommand(
    (api) => api.listRunningPrograms({}),
    (v): { kind: 'listed'; names: string[]; supported: boolean } => ({
      kind: 'listed',
      names: v.names,
      supported: v.supported,
    }),
  );
  const { step } = listing;
  return (
    <div className={styles.choice}>
      <div className={styles.row}>
        <button
          type="button"
          className={button.button}
          data-testid="owner-programs-pick"
          aria-disabled={listing.blocked || undefined}
          onClick={() => void listing.run()}
        >
          {t(step.kind === 'busy' ? 'settings.programs.looking' : 'settings.programs.choose')}
        </button>
      </div>
      <ErrorLine error={step.kind === 'failed' ? t('settings.programs.listFailed', { why: step.message }) : null} />
      {step.kind !== 'listed' ? null : step.supported ? (
        <RunningList names={step.names} picked={picked} toggle={toggle} />
      ) : (
        <p className={common.muted} role="status">
          {t('settings.programs.unsupported')}
        </p>
      )}
      <AddByName picked={picked} add={(name) => toggle(name, true)} />
    </div>
  );
}

/** The programs running now, filtered by what is typed, each a check box. */
function RunningList({
  names,
  picked,
  toggle,
}: {
  names: readonly string[];
  picked: readonly string[];
  toggle(name: string, on: boolean): void;
}) {
  const t = useT();
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const shown = [...new Set(names)].filter((n) => !isOwnProgram(n)).sort((a, b) => a.localeCompare(b));
  const hidden = names.some(isOwnProgram);
  const matching = shown.filter((n) => n.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <div className={styles.running}>
      <div className={field.field}>
        <label htmlFor={filterId}>{t('settings.programs.find')}</label>
        <input
          id={filterId}
          type="search"
          value={filter}
          autoComplete="off"
          spellCheck={false}
          data-testid="owner-programs-filter"
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {matching.length > 0 ? (
        <ul
          className={styles.runningList}
          aria-label={t('settings.programs.running')}
          data-testid="owner-running-programs"
        >
          {matching.map((name) => (
            <li key={name}>
              <label className={check.check}>
                <input
                  type="checkbox"
                  checked={picked.includes(name)}
                  onChange={(e) => toggle(name, e.target.checked)}
                />
                <Quoted text={name} className={styles.name} />
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p className={common.muted} role="status">
          {t(shown.length === 0 ? 'settings.programs.noneRunning' : 'settings.programs.noMatch')}
        </p>
      )}
      {hidden ? <p className={common.note}>{t('settings.programs.leftOut')}</p> : null}
    </div>
  );
}

/** A program's name typed in, added with the button or Enter. */
function AddByName({ picked, add }: { picked: readonly string[]; add(name: string): void }) {
  const t = useT();
  const inputId = useId();
  const errorId = useId();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    const trimmed = name.trim();
    const found = programNameProblem(trimmed, picked);
    setProblem(found);
    if (found) return;
    add(trimmed);
    setName('');
  };
  return (
    <div className={field.field}>
      <label htmlFor={inputId}>{t('settings.programs.typeName')}</label>
      <div className={styles.row}>
        <input
          id={inputId}
          className={styles.nameInput}
          value={name}
          autoComplete="off"
          spellCheck={false}
          placeholder="steam.exe"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? errorId : undefined}
          data-testid="owner-program-name"
          onChange={(e) => {
            setName(e.target.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            submit();
          }}
        />
        <button type="button" className={button.button} data-testid="owner-program-add" onClick={submit}>
          {t('settings.programs.add')}
        </button>
      </div>
      {problem ? (
        <p id={errorId} className={field.error} role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
