import { useState, type FormEvent } from 'react';
import type { OperatorInfo } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import { fileProblem, issueAt, otherProblem } from '../../words/identity-words';
import { ConfirmPanel } from '../ui/ConfirmPanel';
import { ErrorLine } from '../ui/ErrorLine';
import { SubmitRow } from '../ui/SubmitRow';
import { FieldShell } from '../ui/FieldShell';
import { TextField } from '../ui/TextField';
import common from '../ui/common.module.css';
import styles from './OperatorImportForm.module.css';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

interface Props {
  /** An identity exists on this computer: importing replaces it, after a confirmation. */
  replacing: boolean;
  /** The fingerprint of the identity it would replace, for the confirmation. */
  current?: string | null;
  onDone(info: OperatorInfo): void;
  onCancel?: () => void;
  testId: string;
}

type Picked = { name: string; text: string } | null;

/**
 * An exported identity taken onto this computer: the file (read here as text, never uploaded anywhere else) and the
 * passphrase it was sealed with. A wrong passphrase is said at the passphrase field, a file that is not an export at
 * the file field; replacing an identity that exists asks first.
 */
export function OperatorImportForm({ replacing, current = null, onDone, onCancel, testId }: Props) {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [picked, setPicked] = useState<Picked>(null);
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<{ file?: string | null; passphrase?: string | null }>({});
  const [failed, setFailed] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const command = useCommand(
    (api, file: string) => api.importOperator({ file, passphrase, replace: replacing }),
    (info) => {
      setConfirming(false);
      setPassphrase('');
      onDone(info);
      return { kind: 'idle' };
    },
    (error) => {
      setConfirming(false);
      setErrors({ file: issueAt(error, 'file'), passphrase: issueAt(error, 'passphrase') });
      setFailed(otherProblem(error, ['file', 'passphrase']));
    },
  );
  const busy = command.step.kind === 'busy';

  const choose = async (file: File | undefined) => {
    setErrors((e) => ({ ...e, file: null }));
    if (!file) {
      setPicked(null);
      return;
    }
    try {
      setPicked({ name: file.name, text: await file.text() });
    } catch {
      setPicked(null);
      setErrors((e) => ({ ...e, file: t('components.import.unreadable') }));
    }
  };

  const check = (): boolean => {
    const file = picked ? fileProblem(picked.text) : t('components.import.chooseFile');
    const pass = passphrase === '' ? t('components.import.typePassphrase') : null;
    setErrors({ file, passphrase: pass });
    return !file && !pass;
  };

  const send = () => {
    if (command.blocked || !picked) return;
    setFailed(null);
    void command.run(picked.text);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !check()) return;
    if (replacing && !confirming) {
      setConfirming(true);
      return;
    }
    send();
  };

  return (
    <form
      className={styles.form}
      noValidate
      onSubmit={submit}
      aria-label={t('components.import.label')}
      data-testid={testId}
    >
      <FieldShell
        label={t('components.import.file')}
        className={styles.field}
        error={errors.file}
        hint={picked ? t('components.import.chosen', { name: picked.name }) : t('components.import.fileHint')}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="file"
            className={styles.file}
            data-testid={`${testId}-file`}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        )}
      </FieldShell>
      <TextField
        label={t('components.import.passphrase')}
        type="password"
        value={passphrase}
        onChange={(v) => {
          setPassphrase(v);
          setErrors((e) => ({ ...e, passphrase: null }));
        }}
        error={errors.passphrase ?? undefined}
        testId={`${testId}-passphrase`}
        className={styles.field}
      />
      {confirming ? (
        <ConfirmPanel
          title={t('components.import.replaceTitle')}
          confirmLabel={t('components.import.replaceYes')}
          busyLabel={t('components.import.importing')}
          cancelLabel={t('components.import.keep')}
          kind="danger"
          warn
          busy={busy}
          unavailable={!connected}
          onConfirm={() => void send()}
          onCancel={() => setConfirming(false)}
          confirmTestId={`${testId}-confirm`}
        >
          <p>
            {current ? (
              <Words
                id="components.import.replaceWhatOf"
                values={{ current }}
                tags={{ code: (c) => <code>{c}</code> }}
              />
            ) : (
              t('components.import.replaceWhat')
            )}
          </p>
        </ConfirmPanel>
      ) : (
        <SubmitRow
          label={t('components.import.submit')}
          busyLabel={t('components.import.importing')}
          busy={busy}
          unavailable={!connected}
          onCancel={onCancel}
          testId={`${testId}-submit`}
        />
      )}
      <ErrorLine error={failed} />
      <p className={common.note}>{t('components.import.note')}</p>
    </form>
  );
}
