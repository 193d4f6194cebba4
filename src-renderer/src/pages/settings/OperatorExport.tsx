import { useState, type FormEvent } from 'react';
import { OPERATOR_PASSPHRASE_MIN } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
import { saveTextFile } from '../../save-file';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { issueAt, otherProblem, passphraseProblems } from '../../words/identity-words';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { SubmitRow } from '../../components/ui/SubmitRow';
import { TextField } from '../../components/ui/TextField';
import styles from './OperatorExport.module.css';

/**
 * The identity as a file sealed with a passphrase typed twice, saved where the person chooses; the engine seals it
 * and names it. The passphrases stay in this form's memory only and are cleared once the file is made.
 */
export function OperatorExport({ onSaved, onCancel }: { onSaved(filename: string): void; onCancel(): void }) {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [errors, setErrors] = useState<{ first?: string | null; second?: string | null }>({});
  const [failed, setFailed] = useState<string | null>(null);
  const { step, blocked, run } = useCommand(
    (api) => api.exportOperator({ passphrase: first }),
    (file) => {
      saveTextFile(file.filename, file.text, 'application/json');
      setFirst('');
      setSecond('');
      onSaved(file.filename);
      return { kind: 'idle' };
    },
    (error) => {
      setErrors({ first: issueAt(error, 'passphrase') });
      setFailed(otherProblem(error, ['passphrase']));
    },
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    const problems = passphraseProblems(first, second);
    setErrors(problems);
    if (problems.first || problems.second) return;
    setFailed(null);
    void run();
  };

  return (
    <form
      className={styles.form}
      noValidate
      onSubmit={submit}
      aria-label={t('settings.export.form')}
      data-testid="operator-export"
    >
      <p>{t('settings.export.intro')}</p>
      <TextField
        label={t('settings.export.passphrase')}
        type="password"
        value={first}
        onChange={(v) => {
          setFirst(v);
          setErrors({});
        }}
        error={errors.first ?? undefined}
        hint={t('settings.export.passphraseHint', { min: OPERATOR_PASSPHRASE_MIN })}
        testId="operator-export-passphrase"
        className={styles.field}
      />
      <TextField
        label={t('settings.export.again')}
        type="password"
        value={second}
        onChange={(v) => {
          setSecond(v);
          setErrors((e) => ({ ...e, second: null }));
        }}
        error={errors.second ?? undefined}
        testId="operator-export-passphrase-again"
        className={styles.field}
      />
      <SubmitRow
        label={t('settings.export.submit')}
        busyLabel={t('settings.export.busy')}
        busy={step.kind === 'busy'}
        unavailable={!connected}
        onCancel={onCancel}
        testId="operator-export-submit"
      />
      <ErrorLine error={failed} />
    </form>
  );
}
