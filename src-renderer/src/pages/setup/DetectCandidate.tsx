/**
 * One LLM server the search found, as a card to pick: its name, version, address and models, what went wrong, and the
 * API key it waits for (typed on the card, then the search runs again with it).
 */
import { useState, type FormEvent } from 'react';
import type { DetectedBackend } from '@shared/contract';
import { serverName } from '../../format';
import { useWizard } from './wizard-store';
import { TextField } from '../../components/ui/TextField';
import { Pill } from '../../components/ui/Pill';
import { useT } from '../../i18n/useT';
import wizard from './Wizard.module.css';
import common from '../../components/ui/common.module.css';
import button from '../../components/ui/Button.module.css';
import styles from './StepDetect.module.css';

interface CandidateProps {
  candidate: DetectedBackend;
  group: string;
  selected: boolean;
  /** Not choosable: the host fixed another server for this run. */
  locked?: boolean;
  onSelect(url: string): void;
}

export function CandidateCard({ candidate: c, group, selected, locked = false, onSelect }: CandidateProps) {
  const t = useT();
  const name = serverName(c.flavour);
  const models = c.models.length;
  const pick = () => {
    if (!locked) onSelect(c.url);
  };
  return (
    <div
      className={[wizard.box, styles.candidate, selected ? styles.selected : null, locked ? styles.locked : null]
        .filter(Boolean)
        .join(' ')}
      data-testid="detect-candidate"
      data-url={c.url}
      data-flavour={c.flavour ?? ''}
      data-selected={selected}
      data-locked={locked || undefined}
      onClick={pick}
    >
      <label className={styles.main}>
        <input
          type="radio"
          name={group}
          value={c.url}
          checked={selected}
          disabled={locked || undefined}
          onChange={pick}
        />
        <span className={styles.text}>
          <span className={styles.head}>
            <strong>{name}</strong>
            {c.version ? (
              <span className={common.muted}>{t('setup.detect.version', { version: c.version })}</span>
            ) : null}
            {c.needsApiKey ? <Pill tone="warn">{t('setup.detect.needsKeyPill')}</Pill> : null}
          </span>
          <code className={`${common.break} ${styles.url}`}>{c.url}</code>
        </span>
        <span className={styles.count}>{t('setup.detect.models', { count: models })}</span>
      </label>
      {c.problem ? <p className={styles.problem}>{t.said(c.problem)}</p> : null}
      {c.needsApiKey ? <CandidateKey url={c.url} name={name} /> : null}
    </div>
  );
}

function CandidateKey({ url, name }: { url: string; name: string }) {
  const t = useT();
  const retryWithKey = useWizard((s) => s.retryWithKey);
  const running = useWizard((s) => s.detection.status === 'running');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (running) return;
    if (!key.trim()) {
      setError(t('setup.detect.keyMissing', { server: name }));
      return;
    }
    void retryWithKey(url, key.trim());
  };

  return (
    <form className={styles.key} noValidate onSubmit={submit} onClick={(e) => e.stopPropagation()}>
      <TextField
        label={t('setup.detect.keyLabel', { server: name })}
        type="password"
        value={key}
        onChange={(v) => {
          setKey(v);
          setError(undefined);
        }}
        error={error}
        testId="candidate-apikey"
        className={styles.keyField}
      />
      <button type="submit" className={button.button} aria-disabled={running || undefined}>
        {t('common.retry')}
      </button>
    </form>
  );
}
